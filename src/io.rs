//! Bytes in and out, never the store: importers and exporters of whole backlogs,
//! and the stakeholder report.

pub mod csv;
pub mod file;
pub mod json;
pub mod markdown;
pub mod notes;
pub mod report;

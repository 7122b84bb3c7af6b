//! Importers and exporters of whole backlogs.

pub mod file;
pub mod json;
pub mod notes;

//! Importers and exporters of whole backlogs.

pub mod json;

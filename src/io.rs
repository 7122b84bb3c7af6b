//! Bytes in and out, never the store: the import batch every parser produces
//! (and the store applies), the parsers, the exporters, and the stakeholder
//! report.

pub mod batch;
pub mod csv;
pub mod detect;
pub mod file;
pub mod github;
pub mod input;
pub mod jira_csv;
pub mod json;
pub mod mapping;
pub mod markdown;
pub mod native;
pub mod notes;
pub mod report;
pub mod spans;
pub mod taskwarrior;
pub mod text;

pub use batch::{Batch, Format, Note, Record};
pub use detect::{detect, read, Options, Read};

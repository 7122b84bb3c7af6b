//! Helpers shared by the integration tests.

#![allow(clippy::unwrap_used, dead_code)]

pub mod bin;
pub mod cli;
pub mod history;
pub mod tui;

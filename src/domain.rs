//! Pure types and rules of the backlog: no I/O, no SQL, no terminal.
//!
//! Time comes in as a parameter, so every rule here is exact in tests.

pub mod card;
pub mod dates;
pub mod edit;
pub mod field;
pub mod filter;
pub mod forecast;
pub mod graph;
pub mod item;
pub mod lane;
pub mod metrics;
pub mod parse;
pub mod plan;
pub mod policy;
pub mod provenance;
pub mod rank;
pub mod record;
pub mod refine;
pub mod roadmap;
pub mod score;
pub mod sort;
pub mod suggest;
pub mod text;
pub mod triage;

pub use card::{Card, Readiness};
pub use edit::Edit;
pub use item::{Criterion, Field, Item, StatusChange};
pub use lane::{Horizon, Lane, Severity, Status};
pub use policy::Policy;
pub use record::{Action, Decision, Theme, ThemeStatus};

/// A rule of the backlog was broken by the input. Every message is one sentence a
/// user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{0}")]
    Invalid(String),
}

impl DomainError {
    pub fn invalid(message: impl Into<String>) -> Self {
        DomainError::Invalid(message.into())
    }
}

/// Formats a number with one decimal, or more when one decimal would hide a
/// difference that matters (6.25 stays 6.25, 6.0 shows as 6.0).
pub fn fmt_num(x: f64) -> String {
    let one = format!("{x:.1}");
    if (one.parse::<f64>().unwrap_or(x) - x).abs() < 1e-9 {
        one
    } else {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').to_string()
    }
}

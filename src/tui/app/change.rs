//! One change to the backlog, as the TUI asks the store to make it.

use crate::domain::record::field_words;
use crate::domain::{Edit, Field, StatusChange, ThemeStatus};

/// One change to the backlog, as the store will make it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new item from the add form: its title and fields as text.
    Add {
        fields: Vec<(Field, Option<String>)>,
    },
    /// Fields set from text, as decisions record them.
    Fields {
        id: i64,
        fields: Vec<(Field, Option<String>)>,
    },
    Status {
        id: i64,
        change: StatusChange,
    },
    Block {
        id: i64,
        on: i64,
    },
    Unblock {
        id: i64,
        on: i64,
    },
    AddCriterion {
        id: i64,
        text: String,
    },
    /// Criterion number `index` (from 1) flips between done and not done.
    ToggleCriterion {
        id: i64,
        index: usize,
    },
    /// Finishes an item with its post-mortem (empty parts stay empty).
    Finish {
        id: i64,
        root_cause: Option<String>,
        prevention: Option<String>,
    },
    /// Pins a sprint plan's items to `now`.
    CommitPlan {
        ids: Vec<i64>,
    },
    /// A new roadmap theme.
    AddTheme {
        name: String,
        outcome: Option<String>,
    },
    /// What changed of a theme (`None`: kept).
    EditTheme {
        id: i64,
        name: Option<String>,
        outcome: Option<Option<String>>,
        status: Option<ThemeStatus>,
    },
    /// Policy keys set together, as `lanes policy set` does.
    Policy {
        pairs: Vec<(String, String)>,
    },
    /// Everything a refinement visit did to one item, as one action.
    Visit {
        id: i64,
        edits: Vec<Edit>,
        /// Each change in a few words.
        words: Vec<String>,
    },
}

impl Change {
    /// The item the change is about, when there is one already.
    pub fn target(&self) -> Option<i64> {
        match self {
            Change::Fields { id, .. }
            | Change::Status { id, .. }
            | Change::Block { id, .. }
            | Change::Unblock { id, .. }
            | Change::AddCriterion { id, .. }
            | Change::ToggleCriterion { id, .. }
            | Change::Finish { id, .. }
            | Change::Visit { id, .. } => Some(*id),
            Change::Add { .. }
            | Change::CommitPlan { .. }
            | Change::AddTheme { .. }
            | Change::EditTheme { .. }
            | Change::Policy { .. } => None,
        }
    }

    /// True when the change may touch any card (policy re-triages them all;
    /// themes and plans reach many): the whole backlog is read again after.
    pub fn reaches_all(&self) -> bool {
        matches!(
            self,
            Change::CommitPlan { .. }
                | Change::AddTheme { .. }
                | Change::EditTheme { .. }
                | Change::Policy { .. }
        )
    }

    /// True when it may finish or decline an item (what it blocks is read again).
    pub fn closes(&self) -> bool {
        self.edits()
            .is_some_and(|edits| edits.iter().any(|(_, e)| e.closes()))
    }

    /// The change as edits of items, for the store's one entry point; `None`
    /// for a change that is not one (adding an item, committing a plan).
    pub fn edits(&self) -> Option<Vec<(i64, Edit)>> {
        let one = |id: &i64, e: Edit| Some(vec![(*id, e)]);
        match self {
            Change::Fields { id, fields } => one(id, Edit::Set(fields.clone())),
            Change::Status { id, change } => one(id, Edit::Status(change.clone())),
            Change::Block { id, on } => one(id, Edit::Block(*on)),
            Change::Unblock { id, on } => one(id, Edit::Unblock(*on)),
            Change::AddCriterion { id, text } => one(id, Edit::AddCriterion(text.clone())),
            Change::ToggleCriterion { id, index } => one(id, Edit::ToggleCriterion(*index)),
            Change::Finish {
                id,
                root_cause,
                prevention,
            } => one(
                id,
                Edit::Finish {
                    root_cause: root_cause.clone(),
                    prevention: prevention.clone(),
                },
            ),
            Change::Visit { id, edits, .. } => {
                Some(edits.iter().map(|e| (*id, e.clone())).collect())
            }
            Change::Add { .. }
            | Change::CommitPlan { .. }
            | Change::AddTheme { .. }
            | Change::EditTheme { .. }
            | Change::Policy { .. } => None,
        }
    }

    pub fn description(id: i64, text: Option<String>) -> Change {
        Change::Fields {
            id,
            fields: vec![(Field::Description, text)],
        }
    }

    /// What the change does, in a few words for prompts.
    pub fn words(&self) -> String {
        match self {
            Change::Add { fields } => {
                let title = fields
                    .iter()
                    .find(|(f, _)| *f == Field::Title)
                    .and_then(|(_, v)| v.clone())
                    .unwrap_or_default();
                format!("add \"{title}\"")
            }
            Change::Fields { id, fields } => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|(f, v)| match f {
                        Field::Description => "description".to_string(),
                        Field::Pinned if v.as_deref() == Some("false") => "unpin".to_string(),
                        Field::Lane if v.is_none() => "lane Inbox".to_string(),
                        _ => format!(
                            "{} {}",
                            field_words(f.name(), true),
                            v.as_deref().unwrap_or("none")
                        ),
                    })
                    .collect();
                format!("#{id}: {}", parts.join(", "))
            }
            Change::Status { id, change } => format!(
                "{} #{id}",
                match change {
                    StatusChange::Advance => "advance",
                    StatusChange::Start => "start",
                    StatusChange::Done => "finish",
                    StatusChange::Decline { .. } => "decline",
                    StatusChange::Reopen => "reopen",
                }
            ),
            Change::Block { id, on } => format!("#{id} blocked by #{on}"),
            Change::Unblock { id, on } => format!("#{id} no longer blocked by #{on}"),
            Change::AddCriterion { id, text } => format!("#{id}: add criterion \"{text}\""),
            Change::ToggleCriterion { id, index } => format!("#{id}: toggle criterion {index}"),
            Change::Finish { id, .. } => format!("finish #{id}"),
            Change::CommitPlan { ids } => format!("commit the sprint plan ({} items)", ids.len()),
            Change::Visit { id, words, .. } => format!("#{id}: {}", words.join(", ")),
            Change::AddTheme { name, .. } => format!("add theme \"{name}\""),
            Change::EditTheme {
                id,
                name,
                outcome,
                status,
            } => {
                let mut parts = Vec::new();
                if let Some(n) = name {
                    parts.push(format!("name \"{n}\""));
                }
                if let Some(o) = outcome {
                    parts.push(
                        o.as_ref().map_or_else(
                            || "no outcome".to_string(),
                            |o| format!("outcome \"{o}\""),
                        ),
                    );
                }
                if let Some(s) = status {
                    parts.push(format!("status {}", s.as_str()));
                }
                format!("theme #{id}: {}", parts.join(", "))
            }
            Change::Policy { pairs } => {
                let parts: Vec<String> = pairs
                    .iter()
                    .map(|(k, v)| {
                        if v.is_empty() {
                            format!("{k} cleared")
                        } else {
                            format!("{k} {v}")
                        }
                    })
                    .collect();
                format!("policy {}", parts.join(", "))
            }
        }
    }
}

//! Prompts that change one thing about an item: a score, a blocker added or
//! removed, a criterion added or toggled, the item it duplicates.

use super::prompt::{refuse, PromptFor};
use super::reason::ask_reason;
use super::{Change, Effect, Mode, Model};
use crate::domain::parse::{parse_item_id, parse_scale};
use crate::domain::StatusChange;

pub(super) fn submit(model: &mut Model, text: String) -> Vec<Effect> {
    let Mode::Prompt(p) = &model.mode else {
        return Vec::new();
    };
    let next = match &p.purpose {
        PromptFor::Duplicate { id } => match item_id(&text) {
            Ok(other) => {
                let change = Change::Status {
                    id: *id,
                    change: StatusChange::Decline {
                        duplicate_of: Some(other),
                    },
                };
                ask_reason(model, change, true);
                return Vec::new();
            }
            Err(e) => return refuse(model, e),
        },
        PromptFor::Score { id, field, was } => match if text.is_empty() {
            Ok(None)
        } else {
            parse_scale(field.name(), &text)
        } {
            Ok(n) if n == *was => {
                let (id, name) = (*id, field.name());
                model.mode = Mode::Normal;
                model.say(match n {
                    Some(n) => format!("#{id} {name} stays {n}; nothing changed"),
                    None => format!("#{id} {name} stays empty; nothing changed"),
                });
                return Vec::new();
            }
            Ok(n) => Change::Fields {
                id: *id,
                fields: vec![(*field, n.map(|n| n.to_string()))],
            },
            Err(e) => return refuse(model, e.to_string()),
        },
        PromptFor::Blocker { id, add } => match item_id(&text) {
            Ok(on) if *add => Change::Block { id: *id, on },
            Ok(on) => Change::Unblock { id: *id, on },
            Err(e) => return refuse(model, e),
        },
        PromptFor::Criterion { id } => {
            if text.is_empty() {
                return refuse(model, "a criterion needs some text");
            }
            Change::AddCriterion { id: *id, text }
        }
        PromptFor::Toggle { id } => match text.parse::<usize>() {
            Ok(index) if index > 0 => Change::ToggleCriterion { id: *id, index },
            _ => {
                return refuse(
                    model,
                    format!("'{text}' is not a criterion number; criteria are numbered from 1"),
                )
            }
        },
        _ => return Vec::new(),
    };
    ask_reason(model, next, false);
    Vec::new()
}

/// An item id as typed in a prompt: `42` or `#42`.
fn item_id(text: &str) -> Result<i64, String> {
    parse_item_id(text).ok_or_else(|| format!("'{text}' is not an item id; type a number like 42"))
}

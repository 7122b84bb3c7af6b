//! A hot fix's post-mortem: the root cause, then the prevention, asked when it
//! is finished or opened again with `s`.

use super::reason::ask_reason;
use super::{start, Change, Effect, Mode, Model, PromptFor};
use crate::domain::Field;

/// A hot fix's post-mortem as it stands: each prompt starts from its part, and
/// only a part that was changed is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Postmortem {
    pub root_cause: Option<String>,
    pub prevention: Option<String>,
}

/// Enter on the root cause (then the prevention is asked) or on the prevention
/// (then the reason).
pub(super) fn submit(model: &mut Model, text: String) -> Vec<Effect> {
    let Mode::Prompt(p) = &model.mode else {
        return Vec::new();
    };
    let change = match &p.purpose {
        PromptFor::RootCause { id, finish, was } => {
            let (id, finish, was) = (*id, *finish, was.clone());
            start::ask_prevention(model, id, finish, (!text.is_empty()).then_some(text), was);
            return Vec::new();
        }
        PromptFor::Prevention {
            id,
            finish,
            root_cause,
            was,
        } => {
            let prevention = (!text.is_empty()).then_some(text);
            if *finish {
                Change::Finish {
                    id: *id,
                    root_cause: root_cause.clone(),
                    prevention,
                }
            } else {
                // Only what was changed: a part kept as it was is not written again.
                let mut fields = Vec::new();
                if *root_cause != was.root_cause {
                    fields.push((Field::RootCause, root_cause.clone()));
                }
                if prevention != was.prevention {
                    fields.push((Field::Prevention, prevention));
                }
                if fields.is_empty() {
                    model.mode = Mode::Normal;
                    model.say("post-mortem unchanged; nothing changed");
                    return Vec::new();
                }
                Change::Fields { id: *id, fields }
            }
        }
        _ => return Vec::new(),
    };
    ask_reason(model, change, false);
    Vec::new()
}

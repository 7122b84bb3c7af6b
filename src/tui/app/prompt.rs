//! The one-line prompt at the bottom of the screen: what it asks for, typing
//! into it, and handing its answer to the flow it belongs to.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::postmortem::Postmortem;
use super::{field_prompts, files, jump, postmortem, reason, Change, Effect, Mode, Model};
use crate::domain::item::SCALE;
use crate::domain::Field;
use crate::tui::input::Input;

/// A one-line question at the bottom of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub label: String,
    /// A fixed start of the answer (an estimation round's record, say): shown
    /// before what is typed and joined to it with `; `.
    pub fixed: String,
    pub input: Input,
    pub purpose: PromptFor,
    pub error: Option<String>,
    /// The reason typed for the change this prompt led to, when it came back
    /// here (refused, or `Esc` at the reason): asked again, it starts from it.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PromptFor {
    /// The last question before a change: why (required for a decline).
    Reason {
        change: Change,
        required: bool,
    },
    Score {
        id: i64,
        field: Field,
        /// The score as it stands: the prompt starts from it.
        was: Option<u8>,
    },
    Blocker {
        id: i64,
        add: bool,
    },
    Criterion {
        id: i64,
    },
    Toggle {
        id: i64,
    },
    Import,
    /// A hot fix's post-mortem, asked when it is finished: first the root cause…
    RootCause {
        id: i64,
        finish: bool,
        was: Postmortem,
    },
    /// …then the prevention.
    Prevention {
        id: i64,
        finish: bool,
        root_cause: Option<String>,
        was: Postmortem,
    },
    Duplicate {
        id: i64,
    },
    /// Where to write the meeting notes; `confirmed` is a path that exists
    /// and may now be written over (Enter again on it).
    Notes {
        confirmed: Option<String>,
    },
    /// The one reason for everything a refinement visit did to its item;
    /// then the meeting goes on to `leave`.
    Visit {
        leave: super::visit::Leave,
        required: bool,
    },
    /// Who takes part in estimation rounds (asked once per session).
    People,
    /// The id of an item to go to.
    Jump,
    /// The id of an item to link to theme `theme`.
    Link {
        theme: i64,
    },
}

pub(super) fn prompt(model: &mut Model, label: String, text: &str, purpose: PromptFor) {
    model.mode = Mode::Prompt(Prompt {
        label,
        fixed: String::new(),
        input: Input::new(text),
        purpose,
        error: None,
        reason: String::new(),
    });
}

pub fn prompt_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut model.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            if let PromptFor::Visit { .. } = p.purpose {
                super::visit::stay(model);
                return Vec::new();
            }
            if let PromptFor::People = p.purpose {
                return super::estimate::named(model, "");
            }
            let reason = matches!(p.purpose, PromptFor::Reason { .. });
            if reason {
                let typed = p.input.text().to_string();
                reason::keep(model, &typed);
            }
            if !(reason && reason::retry(model, None)) {
                model.mode = Mode::Normal;
                model.retry = None;
                model.say("cancelled; nothing changed");
            }
            Vec::new()
        }
        KeyCode::Enter => submit(model),
        _ => {
            p.input.handle(key);
            p.error = None;
            // A score that no longer number starts with is complete: no Enter needed.
            if let PromptFor::Score { .. } = p.purpose {
                let t = p.input.text();
                let complete = !t.is_empty()
                    && t.parse::<u8>().is_ok_and(|n| SCALE.contains(&n))
                    && !SCALE
                        .iter()
                        .any(|s| s.to_string().starts_with(t) && s.to_string() != t);
                if complete {
                    return submit(model);
                }
            }
            Vec::new()
        }
    }
}

/// Enter: the answer goes to the flow the prompt belongs to.
fn submit(model: &mut Model) -> Vec<Effect> {
    let Mode::Prompt(p) = &model.mode else {
        return Vec::new();
    };
    let text = p.input.text().trim().to_string();
    match &p.purpose {
        PromptFor::Reason { .. } => reason::submit(model, &text),
        PromptFor::RootCause { .. } | PromptFor::Prevention { .. } => {
            postmortem::submit(model, text)
        }
        PromptFor::Import | PromptFor::Notes { .. } => files::submit(model, text),
        PromptFor::Visit { .. } => super::visit::submit(model, &text),
        PromptFor::People => super::estimate::named(model, &text),
        PromptFor::Jump => jump::submit(model, &text),
        PromptFor::Link { theme } => {
            let theme = *theme;
            super::themes::submit_link(model, theme, &text)
        }
        PromptFor::Score { .. }
        | PromptFor::Blocker { .. }
        | PromptFor::Criterion { .. }
        | PromptFor::Toggle { .. }
        | PromptFor::Duplicate { .. } => field_prompts::submit(model, text),
    }
}

/// Shows `error` under the prompt being answered, which stays open.
pub(super) fn refuse(model: &mut Model, error: impl Into<String>) -> Vec<Effect> {
    if let Mode::Prompt(p) = &mut model.mode {
        p.error = Some(error.into());
    }
    Vec::new()
}

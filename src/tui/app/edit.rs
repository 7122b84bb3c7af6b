//! Changing items from the TUI: prompts, single-key pickers and forms that end in
//! a reason prompt, then one `Apply` effect that the store makes one action.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub use super::change::Change;
use super::{Effect, Mode, Model};
use crate::domain::item::parse_scale;
use crate::domain::item::SCALE;
use crate::domain::{Field, Horizon, Lane, StatusChange};
use crate::tui::form::Form;
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
    /// Where to write the meeting notes.
    Notes,
}

/// A hot fix's post-mortem as it stands: each prompt starts from its part, and
/// only a part that was changed is written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Postmortem {
    pub root_cause: Option<String>,
    pub prevention: Option<String>,
}

/// A choice made with one key, for item `id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub label: String,
    pub id: i64,
    pub options: Vec<(char, Choice)>,
}

/// What a picker's key chooses: typed values, so nothing is parsed back from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Move to a lane (`None`: the Inbox).
    Lane(Option<Lane>),
    /// Pin the horizon.
    Pin(Horizon),
    /// Hand the horizon back to triage.
    Unpin,
}

impl Choice {
    /// The word the picker shows beside the key.
    pub fn word(self) -> &'static str {
        match self {
            Choice::Lane(lane) => lane.map_or("inbox", Lane::as_str),
            Choice::Pin(h) => h.as_str(),
            Choice::Unpin => "unpin",
        }
    }
}

pub(super) fn prompt(model: &mut Model, label: String, text: &str, purpose: PromptFor) {
    model.mode = Mode::Prompt(Prompt {
        label,
        fixed: String::new(),
        input: Input::new(text),
        purpose,
        error: None,
    });
}

/// Asks why, then applies `change`.
pub fn ask_reason(model: &mut Model, change: Change, required: bool) {
    ask_reason_with(model, change, required, "");
}

/// Asks why; the reason starts with `fixed` (an estimation round's record, say),
/// and what is typed is added after a `; `.
pub fn ask_reason_with(model: &mut Model, change: Change, required: bool, fixed: &str) {
    // Keep the form or prompt that led here: Esc goes back to it, and so does a
    // change the store refuses, with its message.
    model.retry = match std::mem::take(&mut model.mode) {
        m @ (Mode::Form(_) | Mode::Prompt(_) | Mode::Estimate(_)) => Some(Box::new(m)),
        _ => None,
    };
    let esc = if model.retry.is_some() {
        "Esc goes back"
    } else {
        "Esc cancels"
    };
    let label = if required {
        format!("{} — reason (required; {esc}): ", change.words())
    } else {
        format!(
            "{} — reason (optional; Enter saves, {esc}): ",
            change.words()
        )
    };
    prompt(model, label, "", PromptFor::Reason { change, required });
    if let Mode::Prompt(p) = &mut model.mode {
        p.fixed = fixed.to_string();
    }
}

/// Goes back to the form or prompt a change came from, showing `error` there.
pub fn retry(model: &mut Model, error: Option<&str>) -> bool {
    let Some(mode) = model.retry.take() else {
        return false;
    };
    let mut mode = *mode;
    match &mut mode {
        Mode::Form(f) => f.error = error.map(str::to_string),
        Mode::Prompt(p) => p.error = error.map(str::to_string),
        Mode::Estimate(e) => e.error = error.map(str::to_string),
        _ => {}
    }
    model.mode = mode;
    true
}

pub fn start_add(model: &mut Model) {
    let lane = if model.view == super::View::Board {
        Lane::ALL.get(model.board.column.wrapping_sub(1)).copied()
    } else {
        None
    };
    model.mode = Mode::Form(Box::new(Form::add(lane)));
}

pub fn start_import(model: &mut Model) {
    prompt(
        model,
        "import file (lanes JSON, Jira CSV, GitHub or Taskwarrior JSON; ~ is home): ".into(),
        "",
        PromptFor::Import,
    );
}

pub fn prompt_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut model.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            let reason = matches!(p.purpose, PromptFor::Reason { .. });
            if !(reason && retry(model, None)) {
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

fn submit(model: &mut Model) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut model.mode else {
        return Vec::new();
    };
    let text = p.input.text().trim().to_string();
    let next = match &p.purpose {
        PromptFor::Reason { change, required } => {
            let text = match (p.fixed.as_str(), text.as_str()) {
                (fixed, "") => fixed.to_string(),
                ("", typed) => typed.to_string(),
                (fixed, typed) => format!("{fixed}; {typed}"),
            };
            if *required && text.is_empty() {
                p.error = Some("a reason is required".into());
                return Vec::new();
            }
            let change = change.clone();
            model.mode = Mode::Normal;
            return vec![Effect::Apply { change, why: text }];
        }
        PromptFor::RootCause { id, finish, was } => {
            let (id, finish, was) = (*id, *finish, was.clone());
            super::start::ask_prevention(
                model,
                id,
                finish,
                (!text.is_empty()).then_some(text),
                was,
            );
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
            Err(e) => {
                p.error = Some(e);
                return Vec::new();
            }
        },
        PromptFor::Notes => {
            if text.is_empty() {
                p.error = Some("type a file name for the notes".into());
                return Vec::new();
            }
            // A file that cannot be written brings the prompt back as typed.
            model.retry = Some(Box::new(std::mem::take(&mut model.mode)));
            let Some(m) = &model.meeting else {
                return Vec::new();
            };
            let notes = super::meeting::notes(m, model.today);
            return vec![Effect::WriteNotes {
                path: text,
                text: notes,
            }];
        }
        PromptFor::Import => {
            if text.is_empty() {
                p.error = Some("type the path of the file to import".into());
                return Vec::new();
            }
            // A file that cannot be imported brings the prompt back as typed.
            p.error = None;
            model.retry = Some(Box::new(std::mem::take(&mut model.mode)));
            return vec![Effect::Import(text)];
        }
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
            Err(e) => {
                p.error = Some(e.to_string());
                return Vec::new();
            }
        },
        PromptFor::Blocker { id, add } => match item_id(&text) {
            Ok(on) if *add => Change::Block { id: *id, on },
            Ok(on) => Change::Unblock { id: *id, on },
            Err(e) => {
                p.error = Some(e);
                return Vec::new();
            }
        },
        PromptFor::Criterion { id } => {
            if text.is_empty() {
                p.error = Some("a criterion needs some text".into());
                return Vec::new();
            }
            Change::AddCriterion { id: *id, text }
        }
        PromptFor::Toggle { id } => match text.parse::<usize>() {
            Ok(index) if index > 0 => Change::ToggleCriterion { id: *id, index },
            _ => {
                p.error = Some(format!(
                    "'{text}' is not a criterion number; criteria are numbered from 1"
                ));
                return Vec::new();
            }
        },
    };
    ask_reason(model, next, false);
    Vec::new()
}

pub fn pick_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Pick(pick) = &model.mode else {
        return Vec::new();
    };
    let chosen = match key.code {
        KeyCode::Char(c) => pick.options.iter().find(|(k, _)| *k == c).map(|(_, v)| *v),
        _ => None,
    };
    let Some(choice) = chosen else {
        model.mode = Mode::Normal;
        model.say("cancelled; nothing changed");
        return Vec::new();
    };
    let id = pick.id;
    let fields = match choice {
        Choice::Lane(lane) => vec![(Field::Lane, lane.map(|l| l.to_string()))],
        Choice::Unpin => vec![(Field::Pinned, Some("false".into()))],
        Choice::Pin(h) => vec![
            (Field::Horizon, Some(h.to_string())),
            (Field::Pinned, Some("true".into())),
        ],
    };
    let change = Change::Fields { id, fields };
    ask_reason(model, change, false);
    Vec::new()
}

pub fn form_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Form(form) = &mut model.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            model.mode = Mode::Normal;
            model.say("cancelled; nothing changed");
        }
        KeyCode::Tab | KeyCode::Down => form.focus_next(1),
        KeyCode::BackTab | KeyCode::Up => form.focus_next(-1),
        KeyCode::Enter => match form.submit(model.today, &model.data.themes) {
            Ok(None) => {
                model.mode = Mode::Normal;
                model.say("nothing changed");
            }
            Ok(Some(change)) => ask_reason(model, change, false),
            Err(_) => {}
        },
        _ => form.edit_key(key),
    }
    Vec::new()
}

/// Asks where to write the refinement meeting's notes.
pub fn start_notes(model: &mut Model) {
    let name = format!("refinement-{}.md", model.today);
    prompt(
        model,
        "write the meeting notes (Markdown) to: ".into(),
        &name,
        PromptFor::Notes,
    );
}

/// Asks why, then pins the proposed sprint's items to `now`.
pub fn start_commit(model: &mut Model) {
    let Some(plan) = &model.plan else {
        return;
    };
    if plan.plan.items.is_empty() {
        model.warn("the plan is empty: nothing to commit");
        return;
    }
    if plan.rows.iter().all(|r| r.committed) {
        model.say(format!(
            "the sprint plan is already committed: its {} items are pinned to now; nothing written",
            plan.rows.len()
        ));
        return;
    }
    let ids = plan.plan.items.clone();
    let planned = plan.plan.planned();
    let change = Change::CommitPlan { ids };
    ask_reason_with(
        model,
        change,
        false,
        &format!("committed to the sprint plan ({planned} points)"),
    );
}

/// An item id as typed in a prompt: `42` or `#42`.
fn item_id(text: &str) -> Result<i64, String> {
    text.trim_start_matches('#')
        .parse()
        .map_err(|_| format!("'{text}' is not an item id; type a number like 42"))
}

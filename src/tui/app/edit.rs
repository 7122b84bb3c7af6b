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
use crate::tui::keymap::Action;

/// A one-line question at the bottom of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub label: String,
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
    },
    /// …then the prevention.
    Prevention {
        id: i64,
        finish: bool,
        root_cause: Option<String>,
    },
    Duplicate {
        id: i64,
    },
    /// Where to write the meeting notes.
    Notes,
}

/// A choice made with one key.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub label: String,
    pub options: Vec<(char, &'static str)>,
    pub purpose: PickFor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    Move(i64),
    Pin(i64),
}

const MOVE_KEYS: [(char, &str); 5] = [
    ('h', "hotfix"),
    ('s', "stability"),
    ('f', "feature"),
    ('b', "bet"),
    ('i', "inbox"),
];
const PIN_KEYS: [(char, &str); 4] = [('n', "now"), ('x', "next"), ('l', "later"), ('u', "unpin")];

fn prompt(model: &mut Model, label: String, text: &str, purpose: PromptFor) {
    model.mode = Mode::Prompt(Prompt {
        label,
        input: Input::new(text),
        purpose,
        error: None,
    });
}

/// Asks why, then applies `change`.
pub fn ask_reason(model: &mut Model, change: Change, required: bool) {
    ask_reason_with(model, change, required, "");
}

/// Asks why, starting from `text` (an estimation round's record, say).
pub fn ask_reason_with(model: &mut Model, change: Change, required: bool, text: &str) {
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
    prompt(model, label, text, PromptFor::Reason { change, required });
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

/// Asks for a finished hot fix's post-mortem; `finish` also marks it done.
pub fn ask_postmortem(model: &mut Model, id: i64, finish: bool) {
    prompt(
        model,
        format!("#{id} post-mortem — root cause (Enter to skip): "),
        "",
        PromptFor::RootCause { id, finish },
    );
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

/// Starts the change `action` asks for on item `id`.
pub fn start(model: &mut Model, action: Action, id: i64) -> Vec<Effect> {
    let score = |field: Field| {
        let scale: Vec<String> = SCALE.iter().map(ToString::to_string).collect();
        (
            format!(
                "#{id} {} ({}, empty for none): ",
                field.name(),
                scale.join(" ")
            ),
            PromptFor::Score { id, field },
        )
    };
    let (label, purpose) = match action {
        Action::Edit => return vec![Effect::LoadForEdit(id)],
        Action::Describe => return vec![Effect::Describe(id)],
        Action::Move => {
            model.mode = Mode::Pick(Pick {
                label: format!("move #{id} to"),
                options: MOVE_KEYS.to_vec(),
                purpose: PickFor::Move(id),
            });
            return Vec::new();
        }
        Action::Pin => {
            model.mode = Mode::Pick(Pick {
                label: format!("pin #{id} to"),
                options: PIN_KEYS.to_vec(),
                purpose: PickFor::Pin(id),
            });
            return Vec::new();
        }
        Action::Advance if hotfix_postmortem(model, id).is_some() => {
            let finish = hotfix_postmortem(model, id) == Some(true);
            ask_postmortem(model, id, finish);
            return Vec::new();
        }
        Action::Duplicate => (
            format!("#{id} is a duplicate of item #"),
            PromptFor::Duplicate { id },
        ),
        Action::Advance => {
            ask_reason(
                model,
                Change::Status {
                    id,
                    change: StatusChange::Advance,
                },
                false,
            );
            return Vec::new();
        }
        Action::Decline => {
            ask_reason(
                model,
                Change::Status {
                    id,
                    change: StatusChange::Decline { duplicate_of: None },
                },
                true,
            );
            return Vec::new();
        }
        Action::Value => score(Field::Value),
        Action::Impact => score(Field::Impact),
        Action::Risk => score(Field::Risk),
        Action::Effort => score(Field::Effort),
        Action::Block => (
            format!("#{id} is blocked by item #"),
            PromptFor::Blocker { id, add: true },
        ),
        Action::Unblock => (
            format!("#{id} is no longer blocked by item #"),
            PromptFor::Blocker { id, add: false },
        ),
        Action::Criterion => (
            format!("#{id} new acceptance criterion: "),
            PromptFor::Criterion { id },
        ),
        Action::Toggle => (
            format!("#{id} toggle criterion number: "),
            PromptFor::Toggle { id },
        ),
        _ => return Vec::new(),
    };
    prompt(model, label, "", purpose);
    Vec::new()
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
            if *required && text.is_empty() {
                p.error = Some("a reason is required".into());
                return Vec::new();
            }
            let change = change.clone();
            model.mode = Mode::Normal;
            return vec![Effect::Apply { change, why: text }];
        }
        PromptFor::RootCause { id, finish } => {
            let (id, finish) = (*id, *finish);
            prompt(
                model,
                format!("#{id} post-mortem — prevention (Enter to skip): "),
                "",
                PromptFor::Prevention {
                    id,
                    finish,
                    root_cause: (!text.is_empty()).then_some(text),
                },
            );
            return Vec::new();
        }
        PromptFor::Prevention {
            id,
            finish,
            root_cause,
        } => {
            let prevention = (!text.is_empty()).then_some(text);
            if *finish {
                Change::Finish {
                    id: *id,
                    root_cause: root_cause.clone(),
                    prevention,
                }
            } else if root_cause.is_none() && prevention.is_none() {
                model.mode = Mode::Normal;
                model.say("no post-mortem given; nothing changed");
                return Vec::new();
            } else {
                Change::Fields {
                    id: *id,
                    fields: vec![
                        (Field::RootCause, root_cause.clone()),
                        (Field::Prevention, prevention),
                    ],
                }
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
            model.mode = Mode::Normal;
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
            // Kept to come back to, with the error, when the import fails.
            p.error = None;
            model.retry = Some(Box::new(std::mem::take(&mut model.mode)));
            return vec![Effect::Import(text)];
        }
        PromptFor::Score { id, field } if text.is_empty() => Change::Fields {
            id: *id,
            fields: vec![(*field, None)],
        },
        PromptFor::Score { id, field } => match parse_scale(field.name(), &text) {
            Ok(n) if !text.is_empty() => Change::Fields {
                id: *id,
                fields: vec![(*field, n.map(|n| n.to_string()))],
            },
            Ok(_) => Change::Fields {
                id: *id,
                fields: vec![(*field, None)],
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
    let change = match pick.purpose {
        PickFor::Move(id) => Change::Fields {
            id,
            fields: vec![(Field::Lane, (choice != "inbox").then(|| choice.to_string()))],
        },
        PickFor::Pin(id) => {
            if choice == "unpin" {
                Change::Fields {
                    id,
                    fields: vec![(Field::Pinned, Some("false".into()))],
                }
            } else {
                let h = Horizon::parse(choice).unwrap_or(Horizon::Later);
                Change::Fields {
                    id,
                    fields: vec![
                        (Field::Horizon, Some(h.to_string())),
                        (Field::Pinned, Some("true".into())),
                    ],
                }
            }
        }
    };
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

/// For a hot fix: `Some(true)` when advancing it finishes it (it is in `doing`),
/// `Some(false)` when it is done and still lacks its post-mortem, else `None`.
fn hotfix_postmortem(model: &Model, id: i64) -> Option<bool> {
    if let Some(d) = model.detail.as_ref().filter(|d| d.item.id == id) {
        let item = &d.item;
        if item.lane != Some(Lane::Hotfix) {
            return None;
        }
        return match item.status {
            crate::domain::Status::Doing => Some(true),
            _ if item.needs_postmortem() => Some(false),
            _ => None,
        };
    }
    let card = model.data.cards.iter().find(|c| c.id == id)?;
    (card.lane == Some(Lane::Hotfix) && card.status == crate::domain::Status::Doing).then_some(true)
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

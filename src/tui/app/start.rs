//! Starting a change on an item. A prompt or picker aimed at a field starts
//! from what the field holds now, read fresh from the store when the change
//! begins, so skipping (Enter) keeps it and only what was changed is written.

use super::prompt::{prompt, PromptFor};
use super::reason::ask_reason;
use super::{Change, Effect, Mode, Model, View};
use super::{Choice, Pick, Postmortem};
use crate::domain::item::SCALE;
use crate::domain::sort::SortBy;
use crate::domain::{Field, Horizon, Item, Lane, Status, StatusChange};
use crate::tui::form::Form;
use crate::tui::input::Input;
use crate::tui::keymap::Action;

const MOVE_KEYS: [(char, Choice); 5] = [
    ('h', Choice::Lane(Some(Lane::Hotfix))),
    ('s', Choice::Lane(Some(Lane::Stability))),
    ('f', Choice::Lane(Some(Lane::Feature))),
    ('b', Choice::Lane(Some(Lane::Bet))),
    ('i', Choice::Lane(None)),
];
const PIN_KEYS: [(char, Choice); 4] = [
    ('n', Choice::Pin(Horizon::Now)),
    ('x', Choice::Pin(Horizon::Next)),
    ('l', Choice::Pin(Horizon::Later)),
    ('u', Choice::Unpin),
];

/// The list's columns to sort by, with their keys (rank order is `O`).
const SORT_KEYS: [(char, SortBy); 8] = [
    ('s', SortBy::Score),
    ('v', SortBy::Severity),
    ('d', SortBy::Due),
    ('S', SortBy::Status),
    ('o', SortBy::Owner),
    ('l', SortBy::Lane),
    ('t', SortBy::Title),
    ('i', SortBy::Id),
];

/// `o` in the list: which column to sort by (the one sorted by already turns around).
pub fn sort_picker(model: &mut Model) {
    let now = model.list.sort;
    model.mode = Mode::Pick(Pick {
        label: if now == SortBy::Rank && !model.list.reverse {
            "sort by".to_string()
        } else {
            format!("sort by (now {}; again reverses)", now.name())
        },
        id: None,
        options: SORT_KEYS
            .iter()
            .map(|(k, by)| (*k, Choice::Sort(*by)))
            .collect(),
    });
}

/// Starts the change `action` asks for on item `id`. A change to fields the
/// item already holds reads the item first (`start_with` goes on from there).
pub fn start(model: &mut Model, action: Action, id: i64) -> Vec<Effect> {
    // In refinement the item is shown as its visit would leave it: prompts
    // start from that, with nothing to read.
    if model.view == View::Refine {
        let shown = model.detail.as_ref().filter(|d| d.item.id == id);
        if let (true, Some(item)) = (wants_item(action), shown.map(|d| d.item.clone())) {
            start_with(model, action, &item);
            return Vec::new();
        }
    }
    let (label, purpose) = match action {
        Action::Edit
        | Action::Move
        | Action::Pin
        | Action::Advance
        | Action::Value
        | Action::Impact
        | Action::Risk
        | Action::Effort
        | Action::Unblock
        | Action::Toggle
        | Action::ScoreCard => return vec![Effect::LoadItem { id, then: action }],
        Action::Describe => return vec![Effect::Describe(id)],
        Action::Duplicate => (
            format!("#{id} is a duplicate of item #"),
            PromptFor::Duplicate { id },
        ),
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
        Action::Block => (
            format!("#{id} is blocked by item #"),
            PromptFor::Blocker { id, add: true },
        ),
        Action::Criterion => (
            format!("#{id} new acceptance criterion: "),
            PromptFor::Criterion { id },
        ),
        _ => return Vec::new(),
    };
    prompt(model, label, "", purpose);
    Vec::new()
}

/// True when `action` starts from what the item holds.
fn wants_item(action: Action) -> bool {
    matches!(
        action,
        Action::Edit
            | Action::Move
            | Action::Pin
            | Action::Advance
            | Action::Value
            | Action::Impact
            | Action::Risk
            | Action::Effort
            | Action::Unblock
            | Action::Toggle
            | Action::ScoreCard
    )
}

/// Goes on with `action` on `item` as the store holds it now.
pub fn start_with(model: &mut Model, action: Action, item: &Item) {
    let id = item.id;
    match action {
        Action::Edit => model.mode = Mode::Form(Box::new(Form::edit(item, &model.data.themes))),
        Action::Move => {
            let now = item.lane.map_or("the Inbox", Lane::as_str);
            model.mode = Mode::Pick(Pick {
                label: format!("move #{id} (in {now}) to"),
                id: Some(id),
                options: MOVE_KEYS.to_vec(),
            });
        }
        Action::Pin => {
            let how = if item.pinned { "pinned" } else { "by triage" };
            model.mode = Mode::Pick(Pick {
                label: format!("pin #{id} ({}, {how}) to", item.horizon),
                id: Some(id),
                options: PIN_KEYS.to_vec(),
            });
        }
        Action::Advance => advance(model, item),
        Action::Value => score(model, item, Field::Value, item.value),
        Action::Impact => score(model, item, Field::Impact, item.impact),
        Action::Risk => score(model, item, Field::Risk, item.risk),
        Action::Effort => score(model, item, Field::Effort, item.effort),
        Action::Unblock => match item.blocked_by.as_slice() {
            [] => model.warn(format!("#{id} is not blocked by anything")),
            blockers => {
                let list: Vec<String> = blockers.iter().map(|b| format!("#{b}")).collect();
                prompt(
                    model,
                    format!(
                        "#{id} is no longer blocked by item # (blocked by {}): ",
                        list.join(", ")
                    ),
                    "",
                    PromptFor::Blocker { id, add: false },
                );
                // With one blocker there is one answer: offered, selected.
                if let ([one], Mode::Prompt(p)) = (blockers, &mut model.mode) {
                    p.input = Input::selected(&one.to_string());
                }
            }
        },
        Action::Estimate => super::estimate::start_estimate(model, item),
        Action::ScoreCard => super::card::open(model, item),
        Action::Toggle => match item.criteria.len() {
            0 => model.warn(format!("#{id} has no acceptance criteria yet: c adds one")),
            n => {
                prompt(
                    model,
                    format!("#{id} toggle criterion number (1–{n}): "),
                    "",
                    PromptFor::Toggle { id },
                );
                if let (1, Mode::Prompt(p)) = (n, &mut model.mode) {
                    p.input = Input::selected("1");
                }
            }
        },
        _ => {}
    }
}

/// A score prompt starting from the score as it stands, selected: typing
/// replaces it, Enter keeps it, Backspace empties it.
fn score(model: &mut Model, item: &Item, field: Field, was: Option<u8>) {
    let scale: Vec<String> = SCALE.iter().map(ToString::to_string).collect();
    let id = item.id;
    let (label, input) = match was {
        Some(n) => (
            format!(
                "#{id} {} ({}; Enter keeps {n}, Backspace empties): ",
                field.name(),
                scale.join(" ")
            ),
            Input::selected(&n.to_string()),
        ),
        None => (
            format!(
                "#{id} {} ({}, empty for none): ",
                field.name(),
                scale.join(" ")
            ),
            Input::default(),
        ),
    };
    prompt(model, label, "", PromptFor::Score { id, field, was });
    if let Mode::Prompt(p) = &mut model.mode {
        p.input = input;
    }
}

/// `s`: a hot fix finishing from `doing` is asked for its post-mortem, and a
/// finished one opens it again (to complete or correct); anything else
/// advances with a reason.
fn advance(model: &mut Model, item: &Item) {
    if item.lane == Some(Lane::Hotfix) {
        let finish = item.status == Status::Doing;
        if finish || item.status == Status::Done {
            ask_postmortem(model, item, finish);
            return;
        }
    }
    ask_reason(
        model,
        Change::Status {
            id: item.id,
            change: StatusChange::Advance,
        },
        false,
    );
}

/// Asks for a hot fix's post-mortem, starting from what it already says;
/// `finish` also marks it done.
fn ask_postmortem(model: &mut Model, item: &Item, finish: bool) {
    let was = Postmortem {
        root_cause: item.root_cause.clone(),
        prevention: item.prevention.clone(),
    };
    let id = item.id;
    let label = format!(
        "#{id} post-mortem — root cause ({}): ",
        enter_does(was.root_cause.as_ref())
    );
    let text = was.root_cause.clone().unwrap_or_default();
    prompt(
        model,
        label,
        &text,
        PromptFor::RootCause { id, finish, was },
    );
}

/// The second question of the post-mortem, starting from the prevention as
/// it stands.
pub(super) fn ask_prevention(
    model: &mut Model,
    id: i64,
    finish: bool,
    root_cause: Option<String>,
    was: Postmortem,
) {
    let label = format!(
        "#{id} post-mortem — prevention ({}): ",
        enter_does(was.prevention.as_ref())
    );
    let text = was.prevention.clone().unwrap_or_default();
    prompt(
        model,
        label,
        &text,
        PromptFor::Prevention {
            id,
            finish,
            root_cause,
            was,
        },
    );
}

fn enter_does(part: Option<&String>) -> &'static str {
    if part.is_some() {
        "Enter keeps it"
    } else {
        "Enter to skip"
    }
}

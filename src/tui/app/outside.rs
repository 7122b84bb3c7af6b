//! Changes made elsewhere (another shell, another TUI) while this one is open.
//! Before a key acts, and again before a change is written, the runner asks the
//! store whether anything was committed since the TUI last read it; the news
//! comes here. What changed is read again, and a change aimed at an item that
//! was changed elsewhere since it was shown is not applied: the status line
//! says what happened to it, and it is shown as it is now.

use ratatui::crossterm::event::KeyEvent;

use super::{Change, Effect, Mode, Model, Msg, PromptFor, View};
use crate::domain::record::CREATED;
use crate::domain::{Decision, Item};
use crate::store::Mark;
use crate::tui::keymap::{Action, Key};

/// What an input would act on, if the backlog changed under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Aim {
    /// Nothing that a change elsewhere could spoil (moving, typing a search).
    Nothing,
    /// These items, as shown.
    Items(Vec<i64>),
    /// Whatever was done last (undo, redo): any change elsewhere spoils it.
    Everything,
}

/// The news of changes made elsewhere, as the runner read it.
#[derive(Debug, Clone, PartialEq)]
pub struct News {
    /// Where the TUI's reading of the store stands now.
    pub mark: Mark,
    /// The items to read again (`None`: everything).
    pub touched: Option<Vec<i64>>,
    /// The first few decisions written elsewhere, and how many more there were.
    pub first: Vec<Decision>,
    pub more: usize,
    /// True when what the input aimed at was changed: it must not act.
    pub conflict: bool,
    /// The decisions about the items it aimed at, oldest first.
    pub hits: Vec<Decision>,
    /// What the input or change aimed at.
    pub aim: Aim,
}

/// What the input `msg` would act on; `None` for messages that are not
/// input from the person at the keyboard.
pub fn aim(model: &Model, msg: &Msg) -> Option<Aim> {
    match msg {
        Msg::Key(key) => Some(key_aim(model, key)),
        Msg::Click { .. } | Msg::Wheel { .. } => Some(Aim::Nothing),
        _ => None,
    }
}

fn key_aim(model: &Model, key: &KeyEvent) -> Aim {
    let one = |id: i64| Aim::Items(vec![id]);
    match &model.mode {
        Mode::Prompt(p) => match &p.purpose {
            PromptFor::Reason { change, .. } => change_aim(change),
            PromptFor::Score { id, .. }
            | PromptFor::Blocker { id, .. }
            | PromptFor::Criterion { id }
            | PromptFor::Toggle { id }
            | PromptFor::RootCause { id, .. }
            | PromptFor::Prevention { id, .. }
            | PromptFor::Duplicate { id } => one(*id),
            PromptFor::Import
            | PromptFor::Notes { .. }
            | PromptFor::People
            | PromptFor::Jump
            | PromptFor::Link { .. } => Aim::Nothing,
            PromptFor::Visit { .. } => model
                .meeting
                .as_ref()
                .map_or(Aim::Nothing, |m| one(m.visit.id)),
        },
        Mode::Pick(p) => p.id.map_or(Aim::Nothing, one),
        Mode::Form(f) => f.item_id().map_or(Aim::Nothing, one),
        Mode::Estimate(e) => one(e.id),
        Mode::Card(c) => one(c.id),
        Mode::Help | Mode::Search(_) | Mode::Filter(_) => Aim::Nothing,
        Mode::Normal => {
            let Some(action) =
                Key::from_event(key).and_then(|k| model.keymap.resolve(model.scope(), k))
            else {
                return Aim::Nothing;
            };
            normal_aim(model, action)
        }
    }
}

/// What a key in the normal mode would act on: only an action that starts a
/// change aims at something.
fn normal_aim(model: &Model, action: Action) -> Aim {
    use Action as A;
    match action {
        A::Undo | A::Redo => Aim::Everything,
        A::Commit if model.view == View::Plan => Aim::Items(
            model
                .plan
                .as_ref()
                .map_or_else(Vec::new, |p| p.plan.items.clone()),
        ),
        A::Edit
        | A::Describe
        | A::Move
        | A::Advance
        | A::Decline
        | A::Value
        | A::Impact
        | A::Risk
        | A::Effort
        | A::Pin
        | A::Block
        | A::Unblock
        | A::Criterion
        | A::Toggle
        | A::Duplicate
        | A::Estimate
        | A::ScoreCard
        | A::ToHotfix
        | A::ToStability
        | A::ToFeature
        | A::ToBet
        | A::ToInbox => model
            .target()
            .map_or(Aim::Nothing, |id| Aim::Items(vec![id])),
        _ => Aim::Nothing,
    }
}

/// What a change aims at.
pub fn change_aim(change: &Change) -> Aim {
    match change {
        Change::CommitPlan { ids } => Aim::Items(ids.clone()),
        other => other
            .target()
            .map_or(Aim::Nothing, |id| Aim::Items(vec![id])),
    }
}

/// What an effect that writes aims at.
pub fn effect_aim(effect: &Effect) -> Aim {
    match effect {
        Effect::Apply { change, .. } | Effect::Visit { change, .. } => change_aim(change),
        Effect::Undo | Effect::Redo => Aim::Everything,
        _ => Aim::Nothing,
    }
}

/// Takes in news of changes made elsewhere. `held` is a change that was on its
/// way to the store when the news came: it goes on only if nothing it aims at
/// was changed.
pub fn heard(model: &mut Model, news: News, held: Option<Effect>) -> Vec<Effect> {
    model.seen = news.mark;
    let hit = news.hits.iter().find_map(|d| d.item);
    if news.conflict {
        // A refinement visit held back stays pending, shown as it would be.
        super::visit::not_written(model);
    }
    let mut effects = super::reread(model, news.touched, hit);
    if news.conflict {
        model.mode = Mode::Normal;
        model.retry = None;
        // The key that brought the news must not act on what it no longer is,
        // and the next one only says the news was read.
        model.swallow = if held.is_none() { 2 } else { 1 };
        if news.aim == Aim::Everything {
            model.warn(format!(
                "changed elsewhere just now: {}; nothing undone or redone — it acts on the newest action, which may be that one (any key goes on)",
                in_words(&news.first, news.more)
            ));
        } else {
            model.warn(conflict_words(&news.hits));
            // An item that left the board is shown in its detail.
            if let Some(id) = hit.filter(|id| gone(&news.hits, *id)) {
                if matches!(model.view, View::Board | View::List) {
                    effects.push(Effect::LoadDetail(id));
                }
            }
        }
        return effects;
    }
    model.say(format!(
        "changed elsewhere: {}",
        in_words(&news.first, news.more)
    ));
    // The key that brought the news acts, but leaves the news on screen.
    model.keep_note = true;
    effects.extend(held);
    effects
}

/// True when the decisions leave item `id` no longer open: finished, declined
/// or removed.
fn gone(decisions: &[Decision], id: i64) -> bool {
    decisions
        .iter()
        .filter(|d| d.item == Some(id))
        .rfind(|d| d.field == "status" || d.field == CREATED)
        .is_some_and(|d| {
            d.field == CREATED && d.new.is_none()
                || matches!(d.new.as_deref(), Some("done" | "declined"))
        })
}

/// `#56 changed elsewhere by bob; nothing applied (any key goes on): status
/// todo → declined — "why"`: what matters first, as the status line may cut it.
fn conflict_words(hits: &[Decision]) -> String {
    let mut ids: Vec<i64> = hits.iter().filter_map(|d| d.item).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut who: Vec<&str> = hits.iter().map(|d| d.by.as_str()).collect();
    who.sort_unstable();
    who.dedup();
    let items: Vec<String> = ids.iter().map(|i| format!("#{i}")).collect();
    // The dates a status change stamps say nothing the status does not.
    let telling: Vec<Decision> = hits
        .iter()
        .filter(|d| !matches!(d.field.as_str(), "started" | "finished"))
        .cloned()
        .collect();
    let telling = if telling.is_empty() {
        hits.to_vec()
    } else {
        telling
    };
    let mut shown: Vec<Decision> = telling.iter().take(3).cloned().collect();
    if ids.len() == 1 {
        // One item, named already.
        for d in &mut shown {
            d.item = None;
        }
    }
    let why = hits
        .iter()
        .find(|d| !d.why.is_empty())
        .map(|d| format!(" — \"{}\"", crate::tui::views::clean(&d.why)))
        .unwrap_or_default();
    format!(
        "{} changed elsewhere by {}; nothing applied (any key goes on): {}{why}",
        items.join(", "),
        crate::tui::views::clean(&who.join(", ")),
        in_words(&shown, telling.len().saturating_sub(3))
    )
}

/// A few decisions in words: `#56 status todo → declined; created #57 "…"`,
/// and how many more.
pub fn in_words(decisions: &[Decision], more: usize) -> String {
    let short =
        |field: &str, text: Option<&str>| crate::tui::views::decision_value(field, text, 30);
    let words: Vec<String> = decisions
        .iter()
        .map(|d| {
            let item = d.item.map(|i| format!("#{i} ")).unwrap_or_default();
            if d.field == CREATED {
                let (verb, snap) = match &d.new {
                    Some(s) => ("created", s),
                    None => ("removed", d.old.as_ref().unwrap_or(&d.field)),
                };
                let title = Item::snapshot_title(snap).unwrap_or_default();
                return format!("{verb} {item}\"{}\"", short("title", Some(&title)));
            }
            if d.field == "description" {
                return format!("{item}description changed");
            }
            format!(
                "{item}{} {} → {}",
                d.field,
                short(&d.field, d.old.as_deref()),
                short(&d.field, d.new.as_deref())
            )
        })
        .collect();
    let text = words.join("; ");
    if more > 0 {
        format!("{text} and {more} more")
    } else {
        text
    }
}

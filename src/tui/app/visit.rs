//! The item on screen in refinement mode, visited. Every change made to it
//! joins one pending action: tried in the store at once (so what the store
//! would refuse — a cycle, an unknown id — is said before anyone is asked
//! why) and shown as it would be. The reason is asked once, when the item is
//! left (after the score card, or with space, backspace, q), and everything is
//! written as one action with it. `u` drops what is pending; once written,
//! `u` undoes the whole visit.

use super::prompt::{prompt, PromptFor};
use super::{card, meeting, Change, Effect, Mode, Model, View};
use crate::domain::record::field_words;
use crate::domain::{Edit, Field, Lane, StatusChange};
use crate::tui::data::Detail;
use crate::tui::keymap::Action;

/// What has been done to the item on screen and not yet written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Visit {
    /// The item (0 while nothing is pending).
    pub id: i64,
    /// The changes, in the order made: one action to be.
    pub edits: Vec<Edit>,
    /// Each change in a few words, for the prompt and the screen.
    pub words: Vec<String>,
    /// What starts the reason (an estimation round's estimates).
    pub records: Vec<String>,
    /// A decline is among the changes: the reason is required.
    pub required: bool,
    /// A change being tried in the store, not joined yet.
    pub trying: Option<Staged>,
    /// The visit is on its way to the store: what is read back meanwhile is
    /// what it wrote.
    pub writing: bool,
}

impl Visit {
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
}

/// A change on its way into the visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Staged {
    pub id: i64,
    pub edits: Vec<Edit>,
    pub record: String,
    pub required: bool,
    /// What comes once it has joined.
    pub then: Option<Leave>,
    /// The try has been asked of the store.
    pub sent: bool,
}

/// Where the meeting goes once the visit is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    /// Skips ahead or back in the queue.
    Step(isize),
    /// Ends the session with its summary.
    End,
    /// Does what this key asked for (another view, quit).
    Go(Action),
}

/// True while the item on screen has changes waiting for their reason.
pub fn pending(model: &Model) -> bool {
    model.meeting.as_ref().is_some_and(|m| !m.visit.is_empty())
}

/// The item on screen in refinement mode, when there is one.
fn visited(model: &Model) -> Option<i64> {
    if model.view != View::Refine {
        return None;
    }
    model.meeting.as_ref()?.current().map(|e| e.id)
}

/// A change to the item on screen in refinement mode joins its visit instead
/// of asking why: it is tried in the store first. Returns false for any other
/// change, which asks for its reason as usual.
pub fn join(model: &mut Model, change: &Change, required: bool, fixed: &str) -> bool {
    let (Some(id), Some(edits)) = (visited(model), change.edits()) else {
        return false;
    };
    if change.target() != Some(id) {
        return false;
    }
    let edits: Vec<Edit> = edits.into_iter().map(|(_, e)| e).collect();
    let staged = Staged {
        id,
        required: required || edits.iter().any(Edit::needs_reason),
        edits,
        record: fixed.to_string(),
        then: None,
        sent: false,
    };
    // The form or prompt that led here comes back if the store refuses.
    model.retry = match std::mem::take(&mut model.mode) {
        m @ (Mode::Form(_) | Mode::Prompt(_) | Mode::Estimate(_) | Mode::Card(_)) => {
            Some(Box::new(m))
        }
        _ => None,
    };
    if let Some(m) = model.meeting.as_mut() {
        m.visit.trying = Some(staged);
    }
    true
}

/// `1`–`4` and `0`: the item goes into a lane (or back to the Inbox) as part
/// of its visit; a lane with a score missing opens the score card.
pub fn join_lane(model: &mut Model, id: i64, lane: Option<Lane>) {
    let item = model
        .detail
        .as_ref()
        .filter(|d| d.item.id == id)
        .map(|d| d.item.clone());
    if item.as_ref().is_some_and(|i| i.lane == lane) {
        model.say(format!(
            "#{id} is in {} already",
            lane.map_or("the Inbox", Lane::as_str)
        ));
    } else {
        let change = Change::Fields {
            id,
            fields: vec![(Field::Lane, lane.map(|l| l.to_string()))],
        };
        super::reason::ask_reason(model, change, false);
    }
    if let (Some(_), Some(item)) = (lane, item) {
        if card::ScoreCard::wanted(&item) {
            card::open(model, &item);
        }
    }
}

/// Once the change being tried has joined, the visit's reason is asked and
/// the meeting goes on to `leave`.
pub fn then_leave(model: &mut Model, leave: Leave) {
    if let Some(s) = model.meeting.as_mut().and_then(|m| m.visit.trying.as_mut()) {
        s.then = Some(leave);
    }
}

/// The try the store is to make, when a change is waiting for one; `update`
/// asks after every message.
pub fn outgoing(model: &mut Model) -> Option<Effect> {
    let m = model.meeting.as_mut()?;
    let s = m.visit.trying.as_mut()?;
    if s.sent {
        return None;
    }
    s.sent = true;
    let mut edits = if m.visit.id == s.id {
        m.visit.edits.clone()
    } else {
        Vec::new()
    };
    edits.extend(s.edits.iter().cloned());
    Some(Effect::Try { id: s.id, edits })
}

/// The item on screen as its visit would leave it: the store tries what is
/// pending again (after a change here or elsewhere). `None` when nothing is.
pub fn show(model: &Model) -> Option<Effect> {
    let m = model.meeting.as_ref()?;
    if m.visit.is_empty()
        || m.visit.writing
        || m.visit.trying.is_some()
        || visited(model) != Some(m.visit.id)
    {
        return None;
    }
    Some(Effect::Try {
        id: m.visit.id,
        edits: m.visit.edits.clone(),
    })
}

/// The store's answer to a try: the item as it would be, or why not.
pub fn tried(model: &mut Model, id: i64, result: Result<Box<Detail>, String>) -> Vec<Effect> {
    let Some(m) = model.meeting.as_mut() else {
        return Vec::new();
    };
    let staged = m.visit.trying.take();
    match (result, staged) {
        (Ok(detail), Some(s)) => {
            if m.visit.id != s.id {
                m.visit = Visit {
                    id: s.id,
                    ..Visit::default()
                };
            }
            // A decline or a finish ends the visit: its reason is asked next.
            let closed = s.edits.iter().any(Edit::closes) && !detail.item.status.is_open();
            let v = &mut m.visit;
            v.edits.extend(s.edits);
            v.words = summary(&v.edits);
            if !s.record.is_empty() {
                v.records.push(s.record);
            }
            v.required |= s.required;
            let all = v.words.join(", ");
            let then = s.then.or(closed.then_some(Leave::Step(1)));
            model.retry = None;
            model.detail = Some(*detail);
            super::nav::settle(model);
            match then {
                Some(leave) => ask_reason(model, leave),
                None => model.say(format!("pending on #{id}: {all} (u drops it)")),
            }
            Vec::new()
        }
        (Ok(detail), None) => {
            model.detail = Some(*detail);
            super::nav::settle(model);
            Vec::new()
        }
        (Err(e), Some(_)) => {
            // Said at once, where the change was typed; the visit is as it was.
            super::reason::retry(model, Some(&e));
            model.warn(e);
            Vec::new()
        }
        (Err(e), None) => {
            m.visit = Visit::default();
            model.warn(format!(
                "the pending changes to #{id} can no longer be made ({e}); they were dropped, nothing was written"
            ));
            vec![Effect::LoadDetail(id)]
        }
    }
}

/// Asks the visit's one reason; Enter writes it all and goes on to `leave`,
/// Esc stays on the item with its changes pending.
pub fn ask_reason(model: &mut Model, leave: Leave) {
    let Some(m) = model.meeting.as_ref() else {
        return;
    };
    let v = &m.visit;
    // Short, so it fits beside what is typed at 80 columns; what is pending
    // is on screen above it.
    let label = format!(
        "#{} reason{} ({}; Esc stays): ",
        v.id,
        if leave == Leave::Go(Action::Quit) {
            ", then quit"
        } else {
            ""
        },
        if v.required { "required" } else { "optional" }
    );
    let (fixed, required) = (v.records.join("; "), v.required);
    prompt(model, label, "", PromptFor::Visit { leave, required });
    if let Mode::Prompt(p) = &mut model.mode {
        p.fixed = fixed;
    }
}

/// Enter on the visit's reason: everything pending goes to the store as one
/// action.
pub(super) fn submit(model: &mut Model, typed: &str) -> Vec<Effect> {
    let Mode::Prompt(p) = &model.mode else {
        return Vec::new();
    };
    let PromptFor::Visit { leave, required } = p.purpose else {
        return Vec::new();
    };
    let why = match (p.fixed.as_str(), typed) {
        (fixed, "") => fixed.to_string(),
        ("", typed) => typed.to_string(),
        (fixed, typed) => format!("{fixed}; {typed}"),
    };
    if required && why.is_empty() {
        return super::prompt::refuse(model, "a reason is required");
    }
    let Some(v) = model.meeting.as_mut().map(|m| &mut m.visit) else {
        return Vec::new();
    };
    v.writing = true;
    let change = Change::Visit {
        id: v.id,
        edits: v.edits.clone(),
        words: v.words.clone(),
    };
    model.mode = Mode::Normal;
    vec![Effect::Visit {
        change,
        why,
        then: leave,
    }]
}

/// The visit was not written after all (refused, or held back by a change made
/// elsewhere): it stays pending.
pub fn not_written(model: &mut Model) {
    if let Some(m) = model.meeting.as_mut() {
        m.visit.writing = false;
    }
}

/// Esc on the visit's reason: nothing is written, the changes stay pending.
pub(super) fn stay(model: &mut Model) {
    model.mode = Mode::Normal;
    if let Some(v) = model.meeting.as_ref().map(|m| &m.visit) {
        let (id, n) = (v.id, v.words.len());
        model.say(format!(
            "still on #{id}, {n} change{} pending and nothing written; u drops {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        ));
    }
}

/// The visit was written: on to where the meeting was going.
pub fn left(model: &mut Model, leave: Leave) -> Vec<Effect> {
    if let Some(m) = model.meeting.as_mut() {
        m.visit = Visit::default();
    }
    match leave {
        Leave::Step(delta) => meeting::step(model, delta),
        Leave::End => meeting::end(model),
        Leave::Go(action) => super::keys::act(model, action),
    }
}

/// What an action does first in refinement mode while changes are pending:
/// leaving the item asks their reason, `u` drops them, redo waits. `None`
/// when the action goes on as usual.
pub fn before(model: &mut Model, action: Action) -> Option<Vec<Effect>> {
    use Action as A;
    let m = model.meeting.as_ref()?;
    if model.view != View::Refine || m.visit.is_empty() {
        return None;
    }
    let (at, len) = (m.at as isize, m.queue.len() as isize);
    let leave = match action {
        A::Undo => return Some(drop(model)),
        A::Redo => {
            model.warn(format!(
                "#{} has changes pending: leave the item to write them, or u to drop them, before redoing",
                m.visit.id
            ));
            return Some(Vec::new());
        }
        A::Skip | A::Down | A::Right => Leave::Step(1),
        A::Previous | A::Up | A::Left => Leave::Step(-1),
        A::First => Leave::Step(-at),
        A::Last => Leave::Step(len - 1 - at),
        A::Back => Leave::End,
        A::Board
        | A::List
        | A::Refine
        | A::Plan
        | A::Roadmap
        | A::Dashboard
        | A::Themes
        | A::Rules
        | A::Quit => Leave::Go(action),
        _ => return None,
    };
    ask_reason(model, leave);
    Some(Vec::new())
}

/// `u` with changes pending: they are dropped, nothing was written.
fn drop(model: &mut Model) -> Vec<Effect> {
    let Some(m) = model.meeting.as_mut() else {
        return Vec::new();
    };
    let v = std::mem::take(&mut m.visit);
    model.say(format!(
        "dropped what was pending on #{}: {}; nothing had been written",
        v.id,
        v.words.join(", ")
    ));
    vec![Effect::LoadDetail(v.id)]
}

/// What a visit's edits come to, a few words each, in the order first made: a
/// field set twice is named once, with its last value (`lane stability`
/// after `lane feature`), and a pinned horizon is `pin next`.
pub fn summary(edits: &[Edit]) -> Vec<String> {
    enum Entry {
        Field(Field),
        Other(String),
    }
    let mut entries = Vec::new();
    let mut values: Vec<(Field, Option<String>)> = Vec::new();
    for e in edits {
        let Edit::Set(fields) = e else {
            entries.push(Entry::Other(words(e)));
            continue;
        };
        for (f, v) in fields {
            if let Some(slot) = values.iter_mut().find(|(g, _)| g == f) {
                slot.1.clone_from(v);
            } else {
                values.push((*f, v.clone()));
                entries.push(Entry::Field(*f));
            }
        }
    }
    let value = |f: Field| {
        values
            .iter()
            .find(|(g, _)| *g == f)
            .and_then(|(_, v)| v.clone())
    };
    let pinned = value(Field::Pinned).as_deref() == Some("true");
    entries
        .into_iter()
        .filter_map(|e| match e {
            Entry::Other(w) => Some(w),
            Entry::Field(Field::Pinned) if pinned && value(Field::Horizon).is_some() => None,
            Entry::Field(Field::Horizon) if pinned => Some(words(&Edit::Set(vec![
                (Field::Horizon, value(Field::Horizon)),
                (Field::Pinned, Some("true".into())),
            ]))),
            Entry::Field(f) => Some(words(&Edit::set(f, value(f)))),
        })
        .collect()
}

/// An edit in a few words: `lane feature`, `value 5`, `blocked by #3`.
pub fn words(edit: &Edit) -> String {
    match edit {
        Edit::Set(fields) => {
            if let [(Field::Horizon, Some(h)), (Field::Pinned, Some(p))] = fields.as_slice() {
                if p == "true" {
                    return format!("pin {h}");
                }
            }
            fields
                .iter()
                .map(|(f, v)| match (f, v.as_deref()) {
                    (Field::Lane, None) => "lane Inbox".to_string(),
                    (Field::Description, _) => "description".to_string(),
                    (Field::Pinned, Some("false")) => "unpin".to_string(),
                    (Field::Pinned, Some("true")) => "pin".to_string(),
                    (f, v) => format!("{} {}", field_words(f.name(), true), v.unwrap_or("none")),
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
        Edit::Status(c) => match c {
            StatusChange::Advance => "advance".into(),
            StatusChange::Start => "start".into(),
            StatusChange::Done => "finish".into(),
            StatusChange::Decline {
                duplicate_of: Some(d),
            } => format!("decline as a duplicate of #{d}"),
            StatusChange::Decline { duplicate_of: None } => "decline".into(),
            StatusChange::Reopen => "reopen".into(),
        },
        Edit::Block(on) => format!("blocked by #{on}"),
        Edit::Unblock(on) => format!("no longer blocked by #{on}"),
        Edit::AddCriterion(text) => format!("criterion \"{text}\""),
        Edit::ToggleCriterion(n) => format!("toggle criterion {n}"),
        Edit::Finish { .. } => "finish with its post-mortem".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_changed_twice_in_a_visit_is_named_once_with_its_last_value() {
        let set = |f: Field, v: &str| Edit::set(f, Some(v.into()));
        let edits = [
            set(Field::Lane, "feature"),
            Edit::Set(vec![
                (Field::Horizon, Some("next".into())),
                (Field::Pinned, Some("true".into())),
            ]),
            Edit::AddCriterion("refund works".into()),
            set(Field::Lane, "stability"),
            Edit::Set(vec![
                (Field::Value, Some("5".into())),
                (Field::Effort, Some("2".into())),
            ]),
            set(Field::Value, "8"),
        ];
        assert_eq!(
            summary(&edits),
            [
                "lane stability",
                "pin next",
                "criterion \"refund works\"",
                "value 8",
                "effort 2"
            ]
        );
        assert_eq!(
            summary(&[Edit::set(Field::Lane, None), set(Field::Pinned, "false")]),
            ["lane Inbox", "unpin"]
        );
    }
}

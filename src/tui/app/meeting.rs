//! Refinement mode: one item at a time from the queue, and the summary a
//! meeting leaves with. What is done to the item on screen is one pending
//! action (`visit.rs`), written with one reason when the item is left.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::visit::Visit;
use super::{Effect, Model, View};
use crate::domain::refine::{self, Entry, Facts};
use crate::domain::{Decision, Lane};
use crate::io::notes;
use crate::tui::keymap::Action;

/// A refinement session.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// The queue as it stood when the session began (it does not shift under
    /// the meeting as items get fixed).
    pub queue: Vec<Entry>,
    pub at: usize,
    pub seen: BTreeSet<i64>,
    /// The newest decision before the session: everything after is its work.
    pub since: i64,
    /// What is being done to the item on screen, not yet written.
    pub visit: Visit,
    /// Who takes part in estimation rounds: `None` until asked (once per
    /// session), empty when the room chose not to name anyone.
    pub people: Option<Vec<String>>,
    /// Filled when the session ends.
    pub summary: Option<Summary>,
}

/// What a session decided, as it stands when it ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The decisions that still stand, oldest first (changes undone during
    /// the session are left out).
    pub decisions: Vec<Decision>,
    pub titles: HashMap<i64, String>,
    /// Decisions of the session's changes that are undone at its end, left
    /// out (an undo or redo's own records are not counted: a visit undone
    /// and redone stands, with nothing undone).
    pub left_out: usize,
}

impl Summary {
    pub fn changed(&self) -> BTreeSet<i64> {
        self.decisions.iter().filter_map(|d| d.item).collect()
    }

    pub fn declined(&self) -> BTreeSet<i64> {
        self.decisions
            .iter()
            .filter(|d| d.field == "status" && d.new.as_deref() == Some("declined"))
            .filter_map(|d| d.item)
            .collect()
    }
}

impl Meeting {
    pub fn current(&self) -> Option<&Entry> {
        self.queue.get(self.at)
    }
}

/// `R`: the refinement queue, computed here, then its first item.
pub fn open_refine(model: &mut Model) -> Vec<Effect> {
    let Some(ready) = &model.ready.items else {
        model.ready.pending = Some(Action::Refine);
        return vec![Effect::LoadReadiness];
    };
    let mut facts: Vec<Facts> = model
        .data
        .cards
        .open()
        .iter()
        .filter_map(|c| {
            let r = ready.get(&c.id)?;
            Some(Facts {
                key: c.rank_key(),
                lane: c.lane,
                status: c.status,
                scored: r.scored,
                has_criteria: r.has_criteria,
                updated: r.updated,
                needs_postmortem: false,
            })
        })
        .collect();
    facts.extend(model.ready.owing.iter().cloned());
    let queue = refine::queue(&facts, model.data.policy.stale_days, model.now, model.today);
    let mut effects = begin(model, queue, 0);
    if model.meeting.is_some() {
        effects.push(Effect::LoadSince);
    }
    effects
}

/// A session over `queue`: show its first item.
pub fn begin(model: &mut Model, queue: Vec<Entry>, since: i64) -> Vec<Effect> {
    if queue.is_empty() {
        model.say("nothing needs refinement: every open item is triaged, scored and ready");
        return Vec::new();
    }
    let first = queue[0].id;
    // The names given in an earlier session of this run stand.
    let people = model.meeting.take().and_then(|m| m.people);
    model.meeting = Some(Meeting {
        queue,
        at: 0,
        seen: BTreeSet::from([first]),
        since,
        visit: Visit::default(),
        people,
        summary: None,
    });
    model.view = View::Refine;
    model.detail = None;
    vec![Effect::LoadDetail(first)]
}

/// Skips ahead or goes back in the queue.
pub fn step(model: &mut Model, delta: isize) -> Vec<Effect> {
    let Some(m) = model.meeting.as_mut() else {
        return Vec::new();
    };
    let at = m.at.saturating_add_signed(delta);
    if at >= m.queue.len() {
        model.say("that was the last item: q ends the session with its summary");
        return Vec::new();
    }
    m.at = at;
    let id = m.queue[at].id;
    m.seen.insert(id);
    model.detail_scroll = 0;
    vec![Effect::LoadDetail(id)]
}

/// Ends the session: the runner reads what it decided.
pub fn end(model: &mut Model) -> Vec<Effect> {
    match &model.meeting {
        Some(m) => vec![Effect::LoadSummary(m.since)],
        None => Vec::new(),
    }
}

pub fn summary(model: &mut Model, summary: Summary) {
    if let Some(m) = model.meeting.as_mut() {
        m.summary = Some(summary);
        model.view = View::Summary;
        model.detail_scroll = 0;
    }
}

/// The session as Markdown meeting notes.
pub fn notes(m: &Meeting, today: NaiveDate) -> String {
    let empty = HashMap::new();
    let (decisions, titles, left_out) = match &m.summary {
        Some(s) => (s.decisions.as_slice(), &s.titles, s.left_out),
        None => (&[][..], &empty, 0),
    };
    notes::write(&notes::Meeting {
        date: today,
        queued: m.queue.len(),
        seen: m.seen.len(),
        decisions,
        titles,
        left_out,
    })
}

/// `1`–`4`, `0`: accepts the item on screen into a lane (or back to the
/// Inbox), as part of the visit; a lane with a score missing opens the score
/// card on it.
pub fn to_lane(model: &mut Model, id: i64, lane: Option<Lane>) {
    super::visit::join_lane(model, id, lane);
}

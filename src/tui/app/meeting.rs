//! Refinement mode: one item at a time from the queue, estimation rounds, and
//! the summary a meeting leaves with.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::edit::{ask_reason_with, Change};
use super::{Effect, Mode, Model, View};
use crate::domain::item::{parse_scale, SCALE};
use crate::domain::record::value_text;
use crate::domain::refine::Entry;
use crate::domain::{Decision, Field, Lane};
use crate::tui::input::Input;

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
    /// Filled when the session ends.
    pub summary: Option<Summary>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Oldest first.
    pub decisions: Vec<Decision>,
    pub titles: HashMap<i64, String>,
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

/// An estimation round on one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimation {
    pub id: i64,
    /// Value, impact, risk and effort as they stood when the round began.
    pub was: [Option<u8>; 4],
    /// `None` until the field is chosen.
    pub field: Option<Field>,
    pub estimates: Vec<u8>,
    pub input: Input,
    pub revealed: bool,
    pub error: Option<String>,
}

impl Estimation {
    /// The chosen score as it stood when the round began.
    pub fn current(&self) -> Option<u8> {
        match self.field? {
            Field::Value => self.was[0],
            Field::Impact => self.was[1],
            Field::Risk => self.was[2],
            Field::Effort => self.was[3],
            _ => None,
        }
    }

    /// The middle estimate; with an even count, the scale value nearest the mean
    /// of the two middle ones, the lower on a tie (2, 3, 13, 20 → 8; 3, 5 → 3).
    pub fn median(&self) -> Option<u8> {
        let mut v = self.estimates.clone();
        v.sort_unstable();
        let n = v.len();
        if n % 2 == 1 {
            return v.get(n / 2).copied();
        }
        // Twice the true median, so the arithmetic stays in whole numbers.
        let twice = u32::from(*v.get((n / 2).checked_sub(1)?)?) + u32::from(*v.get(n / 2)?);
        SCALE
            .iter()
            .copied()
            .min_by_key(|s| (2 * u32::from(*s)).abs_diff(twice))
    }

    /// The highest estimate two or more steps of the scale above the lowest.
    pub fn wide(&self) -> bool {
        let step = |n: u8| SCALE.iter().position(|s| *s == n).unwrap_or(0);
        match (self.estimates.iter().min(), self.estimates.iter().max()) {
            (Some(lo), Some(hi)) => step(*hi) >= step(*lo) + 2,
            _ => false,
        }
    }

    /// `estimates 3,5,13 (median 5)`: what the decision's reason records.
    pub fn record(&self) -> String {
        let list: Vec<String> = self.estimates.iter().map(ToString::to_string).collect();
        format!(
            "estimates {} (median {})",
            list.join(","),
            self.median().map_or_else(String::new, |m| m.to_string())
        )
    }
}

/// A session over `queue`: show its first item.
pub fn begin(model: &mut Model, queue: Vec<Entry>, since: i64) -> Vec<Effect> {
    if queue.is_empty() {
        model.say("nothing needs refinement: every open item is triaged, scored and ready");
        return Vec::new();
    }
    let first = queue[0].id;
    model.meeting = Some(Meeting {
        queue,
        at: 0,
        seen: BTreeSet::from([first]),
        since,
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

/// Accepts the item on screen into a lane (or back to the Inbox).
pub fn to_lane(model: &mut Model, id: i64, lane: Option<Lane>) {
    ask_reason_with(
        model,
        Change::Fields {
            id,
            fields: vec![(Field::Lane, lane.map(|l| l.to_string()))],
        },
        false,
        "",
    );
}

pub fn start_estimate(model: &mut Model, item: &crate::domain::Item) {
    model.mode = Mode::Estimate(Box::new(Estimation {
        id: item.id,
        was: [item.value, item.impact, item.risk, item.effort],
        field: None,
        estimates: Vec::new(),
        input: Input::default(),
        revealed: false,
        error: None,
    }));
}

pub fn estimate_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Estimate(e) = &mut model.mode else {
        return Vec::new();
    };
    if key.code == KeyCode::Esc {
        model.mode = Mode::Normal;
        model.say("estimation round cancelled; nothing changed");
        return Vec::new();
    }
    let Some(field) = e.field else {
        e.field = match key.code {
            KeyCode::Char('v') => Some(Field::Value),
            KeyCode::Char('i') => Some(Field::Impact),
            KeyCode::Char('r') => Some(Field::Risk),
            KeyCode::Char('w') => Some(Field::Effort),
            _ => {
                e.error = Some("choose v value, i impact, r risk or w effort".into());
                None
            }
        };
        if e.field.is_some() {
            e.error = None;
        }
        return Vec::new();
    };
    if !e.revealed {
        match key.code {
            KeyCode::Enter if e.input.text().trim().is_empty() => {
                if e.estimates.is_empty() {
                    e.error = Some("type the first estimate, then Enter".into());
                } else {
                    e.revealed = true;
                    e.error = None;
                }
            }
            KeyCode::Enter => match parse_scale(field.name(), e.input.text().trim()) {
                Ok(Some(n)) => {
                    e.estimates.push(n);
                    e.input = Input::default();
                    e.error = None;
                }
                Ok(None) => {}
                // The estimate is hidden: the message must not repeat it.
                Err(_) => {
                    e.input = Input::default();
                    e.error = Some(format!(
                        "not a scale value; type it again: one of {}",
                        scale_words()
                    ));
                }
            },
            _ => {
                e.input.handle(key);
            }
        }
        return Vec::new();
    }
    // Revealed: take the median, or type the agreed value.
    let (value, why) = match key.code {
        KeyCode::Char('m') if e.input.text().is_empty() => (e.median(), e.record()),
        KeyCode::Enter => match parse_scale(field.name(), e.input.text().trim()) {
            Ok(Some(n)) => (Some(n), format!("{}, agreed {n}", e.record())),
            Ok(None) => {
                e.error = Some("type the agreed value, or m for the median".into());
                return Vec::new();
            }
            Err(err) => {
                e.error = Some(err.to_string());
                return Vec::new();
            }
        },
        _ => {
            e.input.handle(key);
            return Vec::new();
        }
    };
    let id = e.id;
    let change = Change::Fields {
        id,
        fields: vec![(field, value.map(|n| n.to_string()))],
    };
    ask_reason_with(model, change, false, &why);
    Vec::new()
}

/// `1 2 3 5 8 13 20`
fn scale_words() -> String {
    SCALE
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The session as Markdown meeting notes.
pub fn notes(m: &Meeting, today: NaiveDate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Refinement {today}\n");
    let Some(s) = &m.summary else {
        return out;
    };
    let changed = s.changed();
    let declined = s.declined();
    let _ = writeln!(
        out,
        "- Items in the queue: {}\n- Seen: {}\n- Changed: {}\n- Declined: {}\n- Decisions: {}\n",
        m.queue.len(),
        m.seen.len(),
        changed.len(),
        declined.len(),
        s.decisions.len()
    );
    let title = |id: i64| s.titles.get(&id).map_or("", String::as_str);
    if !declined.is_empty() {
        let _ = writeln!(out, "## Declined\n");
        for id in &declined {
            let why = s
                .decisions
                .iter()
                .find(|d| d.item == Some(*id) && d.field == "status")
                .map_or("", |d| d.why.as_str());
            let _ = writeln!(out, "- #{id} {}: {why}", title(*id));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Decisions\n");
    if s.decisions.is_empty() {
        let _ = writeln!(out, "None.");
    }
    let mut last = None;
    for d in &s.decisions {
        if d.item != last {
            if let Some(id) = d.item {
                let _ = writeln!(out, "\n### #{id} {}\n", title(id));
            }
            last = d.item;
        }
        let why = if d.why.is_empty() {
            String::new()
        } else {
            format!(" — {}", d.why)
        };
        let _ = writeln!(
            out,
            "- {}: {} → {}{why} ({})",
            d.field,
            value_text(&d.field, d.old.as_deref(), 200),
            value_text(&d.field, d.new.as_deref(), 200),
            d.by
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(estimates: &[u8]) -> Estimation {
        Estimation {
            id: 1,
            was: [None; 4],
            field: Some(Field::Effort),
            estimates: estimates.to_vec(),
            input: Input::default(),
            revealed: true,
            error: None,
        }
    }

    #[test]
    fn the_spread_is_wide_from_two_steps_of_the_scale() {
        assert!(!round(&[3, 5]).wide(), "one step");
        assert!(round(&[3, 8]).wide(), "two steps");
        assert!(round(&[3, 5, 13]).wide());
        assert!(!round(&[8]).wide());
    }

    #[test]
    fn the_median_is_a_scale_value_and_goes_into_the_reason() {
        assert_eq!(round(&[13, 3, 5]).median(), Some(5));
        assert_eq!(round(&[3, 5, 13]).record(), "estimates 3,5,13 (median 5)");
        assert_eq!(round(&[]).median(), None);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_scale_value_nearest_the_middle_the_lower_on_a_tie() {
        // (3 + 13) / 2 = 8, on the scale.
        assert_eq!(round(&[2, 3, 13, 20]).median(), Some(8));
        // 4 is as far from 3 as from 5: the lower.
        assert_eq!(round(&[3, 5]).median(), Some(3));
        // 10.5 is as far from 8 as from 13: the lower.
        assert_eq!(round(&[13, 8]).median(), Some(8));
        // 14 is nearer 13 than 20.
        assert_eq!(round(&[8, 20]).median(), Some(13));
        // 16.5 is 3.5 from both 13 and 20: the lower.
        assert_eq!(round(&[13, 20]).median(), Some(13));
        assert_eq!(round(&[1, 1]).median(), Some(1));
    }
}

//! Section 6: the refinement queue. Every open item that needs attention, and
//! every finished hot fix without a post-mortem, each with its reasons.

use chrono::{DateTime, NaiveDate, Utc};

use super::rank::{self, RankKey};
use super::{Horizon, Lane, Status};

/// Why an item is in the queue. The order is the order of importance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    Untriaged,
    Overdue,
    Unscored,
    NoCriteria,
    Stale,
    NoPostmortem,
}

impl Reason {
    /// The code scripts read.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Untriaged => "untriaged",
            Reason::Overdue => "overdue",
            Reason::Unscored => "unscored",
            Reason::NoCriteria => "no-criteria",
            Reason::Stale => "stale",
            Reason::NoPostmortem => "no-postmortem",
        }
    }

    /// The same, in words for people.
    pub fn words(self) -> &'static str {
        match self {
            Reason::Untriaged => "in the Inbox: choose a lane",
            Reason::Overdue => "past its due date",
            Reason::Unscored => "needs scoring",
            Reason::NoCriteria => "planned soon but has no acceptance criteria",
            Reason::Stale => "untouched for a long time",
            Reason::NoPostmortem => "finished hot fix without a post-mortem",
        }
    }
}

/// What the queue needs to know of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub key: RankKey,
    pub lane: Option<Lane>,
    pub status: Status,
    /// All four score inputs are set.
    pub scored: bool,
    pub has_criteria: bool,
    pub updated: DateTime<Utc>,
    /// A hot fix that is done without root cause and prevention.
    pub needs_postmortem: bool,
}

/// One entry of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    /// Most important first.
    pub reasons: Vec<Reason>,
}

/// Why `f` needs refinement; empty when it does not.
pub fn reasons(f: &Facts, stale_days: u32, now: DateTime<Utc>, today: NaiveDate) -> Vec<Reason> {
    let mut out = Vec::new();
    if f.status.is_open() {
        if f.lane.is_none() {
            out.push(Reason::Untriaged);
        }
        if f.key.due.is_some_and(|d| d < today) {
            out.push(Reason::Overdue);
        }
        if !f.scored {
            out.push(Reason::Unscored);
        }
        if matches!(f.key.horizon, Horizon::Now | Horizon::Next) && !f.has_criteria {
            out.push(Reason::NoCriteria);
        }
        if now.signed_duration_since(f.updated).num_days() >= i64::from(stale_days) {
            out.push(Reason::Stale);
        }
    } else if f.needs_postmortem {
        out.push(Reason::NoPostmortem);
    }
    out
}

/// The queue: Inbox items first, then by the most important reason, each group
/// in rank order.
pub fn queue(facts: &[Facts], stale_days: u32, now: DateTime<Utc>, today: NaiveDate) -> Vec<Entry> {
    let mut entries: Vec<(&Facts, Vec<Reason>)> = facts
        .iter()
        .map(|f| (f, reasons(f, stale_days, now, today)))
        .filter(|(_, r)| !r.is_empty())
        .collect();
    entries.sort_by(|(a, ra), (b, rb)| ra[0].cmp(&rb[0]).then(rank::compare(&a.key, &b.key)));
    entries
        .into_iter()
        .map(|(f, reasons)| Entry {
            id: f.key.id,
            reasons,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::parse_time;

    fn now() -> DateTime<Utc> {
        parse_time("2026-11-21T09:00:00Z").unwrap()
    }

    fn today() -> NaiveDate {
        now().date_naive()
    }

    /// A healthy item: scored, in a lane, `later`, touched today.
    fn item(id: i64) -> Facts {
        Facts {
            key: RankKey {
                horizon: Horizon::Later,
                severity: None,
                score: Some(1.0),
                due: None,
                id,
            },
            lane: Some(Lane::Feature),
            status: Status::Todo,
            scored: true,
            has_criteria: false,
            updated: now(),
            needs_postmortem: false,
        }
    }

    fn codes(f: &Facts) -> Vec<&'static str> {
        reasons(f, 30, now(), today())
            .into_iter()
            .map(Reason::code)
            .collect()
    }

    #[test]
    fn each_kind_of_item_gets_its_reason() {
        assert!(
            codes(&item(1)).is_empty(),
            "a later item needs no criteria yet"
        );
        let mut f = item(1);
        f.lane = None;
        assert_eq!(codes(&f), ["untriaged"]);
        let mut f = item(1);
        f.scored = false;
        f.key.score = None;
        assert_eq!(codes(&f), ["unscored"]);
        let mut f = item(1);
        f.key.horizon = Horizon::Next;
        assert_eq!(codes(&f), ["no-criteria"]);
        f.has_criteria = true;
        assert!(codes(&f).is_empty());
        let mut f = item(1);
        f.updated = parse_time("2026-10-22T09:00:00Z").unwrap();
        assert_eq!(codes(&f), ["stale"], "30 days untouched");
        f.updated = parse_time("2026-10-22T09:00:01Z").unwrap();
        assert!(codes(&f).is_empty(), "a second short of 30 days");
        let mut f = item(1);
        f.key.due = NaiveDate::from_ymd_opt(2026, 11, 20);
        assert_eq!(codes(&f), ["overdue"]);
        f.key.due = Some(today());
        assert!(codes(&f).is_empty(), "due today is not past due");
        let mut f = item(1);
        f.status = Status::Done;
        f.needs_postmortem = true;
        assert_eq!(codes(&f), ["no-postmortem"]);
        f.needs_postmortem = false;
        f.lane = None;
        assert!(codes(&f).is_empty(), "finished items need nothing else");
    }

    #[test]
    fn the_inbox_comes_first_then_by_reason_then_rank() {
        let mut inbox = item(5);
        inbox.lane = None;
        let mut unscored_high = item(2);
        unscored_high.scored = false;
        unscored_high.key.horizon = Horizon::Now;
        unscored_high.has_criteria = true;
        let mut unscored_low = item(1);
        unscored_low.scored = false;
        let mut overdue = item(3);
        overdue.key.due = NaiveDate::from_ymd_opt(2026, 11, 1);
        let mut pm = item(4);
        pm.status = Status::Done;
        pm.needs_postmortem = true;
        let q = queue(
            &[unscored_low, pm, overdue, inbox, unscored_high, item(9)],
            30,
            now(),
            today(),
        );
        let ids: Vec<i64> = q.iter().map(|e| e.id).collect();
        assert_eq!(ids, vec![5, 3, 2, 1, 4]);
    }
}

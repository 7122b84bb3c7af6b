//! What a board card or a list row shows of an item: the few fields every view needs,
//! small enough to hold 100,000 of them.

use chrono::{DateTime, NaiveDate, Utc};

use super::rank::RankKey;
use super::{Horizon, Lane, Severity, Status};

/// What refinement and planning need of an open item beyond its card.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    /// All four score inputs are set.
    pub scored: bool,
    pub has_criteria: bool,
    pub updated: DateTime<Utc>,
    /// Blockers that are still open.
    pub blockers: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: i64,
    pub title: String,
    pub lane: Option<Lane>,
    pub status: Status,
    pub horizon: Horizon,
    pub pinned: bool,
    pub score: Option<f64>,
    pub effort: Option<u8>,
    pub severity: Option<Severity>,
    pub due: Option<NaiveDate>,
    pub owner: Option<String>,
    pub theme: Option<i64>,
    /// True while any blocker is still open.
    pub blocked: bool,
}

impl Card {
    /// The card of `item`, whose score is `score`; `blocked` is left false.
    pub fn of(item: &super::Item, score: Option<f64>) -> Card {
        Card {
            id: item.id,
            title: item.title.clone(),
            lane: item.lane,
            status: item.status,
            horizon: item.horizon,
            pinned: item.pinned,
            score,
            effort: item.effort,
            severity: item.severity,
            due: item.due,
            owner: item.owner.clone(),
            theme: item.theme,
            blocked: false,
        }
    }

    /// The board column: 0 for the Inbox, then the lanes in their order.
    pub fn column(&self) -> usize {
        self.lane.map_or(0, |l| {
            1 + Lane::ALL.iter().position(|x| *x == l).unwrap_or(0)
        })
    }

    pub fn rank_key(&self) -> RankKey {
        RankKey {
            horizon: self.horizon,
            severity: self.severity,
            score: self.score,
            due: self.due,
            id: self.id,
        }
    }

    /// A hot fix past its SLA due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.due.is_some_and(|d| d < today) && self.status.is_open()
    }
}

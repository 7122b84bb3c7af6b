//! What the TUI holds of the backlog: cards in rank order, the policy, the themes,
//! and an item's detail when one is open. Loaded by the runner, read by views.

use std::collections::HashMap;

use crate::domain::{Card, Decision, Horizon, Item, Lane, Policy, Status, Theme};

/// Everything the board and list draw from.
#[derive(Debug, Clone, Default)]
pub struct Backlog {
    /// Open items, in rank order.
    pub cards: Vec<Card>,
    pub policy: Policy,
    pub themes: Vec<Theme>,
    /// True when the database holds nothing at all: the welcome screen.
    pub empty: bool,
}

/// One lane's share of the `now` horizon's effort against its capacity target.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    pub lane: Lane,
    pub effort: u32,
    /// Share of the `now` effort, in percent.
    pub share: f64,
    /// Target share, in percent.
    pub target: f64,
}

impl Balance {
    /// More than 5 points of share away from the target.
    pub fn off(&self) -> bool {
        (self.share - self.target).abs() > 5.0
    }
}

impl Backlog {
    /// Open items per column: the Inbox, then the four lanes.
    pub fn counts(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for c in &self.cards {
            counts[c.column()] += 1;
        }
        counts
    }

    /// The `now` horizon's effort per lane against the capacity targets.
    pub fn balance(&self) -> Vec<Balance> {
        let mut effort = [0u32; 4];
        for c in &self.cards {
            if let (Horizon::Now, Some(_), Some(e)) = (c.horizon, c.lane, c.effort) {
                effort[c.column() - 1] += u32::from(e);
            }
        }
        let total: u32 = effort.iter().sum();
        Lane::ALL
            .iter()
            .zip(effort)
            .map(|(lane, e)| Balance {
                lane: *lane,
                effort: e,
                share: if total == 0 {
                    0.0
                } else {
                    f64::from(e) * 100.0 / f64::from(total)
                },
                target: self.policy.capacity_share(*lane) * 100.0,
            })
            .collect()
    }

    pub fn theme_name(&self, id: i64) -> Option<&str> {
        self.themes
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.as_str())
    }

    /// Position of each card by id, for keeping the selection across reloads.
    pub fn positions(&self) -> HashMap<i64, usize> {
        self.cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect()
    }
}

/// An item as its detail screen shows it; built only when opened.
#[derive(Debug, Clone)]
pub struct Detail {
    pub item: Item,
    pub score: String,
    pub horizon: String,
    pub blocked: bool,
    /// Blockers with their title and status.
    pub blockers: Vec<(i64, String, Status)>,
    /// Items this one blocks.
    pub blocks: Vec<(i64, String)>,
    pub children: Vec<(i64, String)>,
    pub theme: Option<Theme>,
    /// Newest first.
    pub decisions: Vec<Decision>,
}

/// One planned item, as the plan view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub id: i64,
    pub title: String,
    pub lane: crate::domain::Lane,
    pub effort: u32,
    pub score: Option<f64>,
    pub severity: Option<crate::domain::Severity>,
    pub due: Option<chrono::NaiveDate>,
    pub status: Status,
    /// No acceptance criteria yet.
    pub unready: bool,
    /// Already pinned to `now`: committing changes nothing for it.
    pub committed: bool,
}

/// The proposed sprint.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanData {
    pub plan: crate::domain::plan::Plan,
    /// In plan order.
    pub rows: Vec<PlanRow>,
}

/// Themes × horizons.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapData {
    pub rows: Vec<crate::domain::roadmap::Row>,
    /// Titles of the strategic bets shown under their themes.
    pub titles: HashMap<i64, String>,
}

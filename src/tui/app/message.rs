//! The messages `update` takes and the effects it asks for.

use std::collections::{HashMap, HashSet};

use ratatui::crossterm::event::KeyEvent;

use super::change::Change;
use super::meeting::Summary;
use chrono::{DateTime, NaiveDate, Utc};

use super::outside::News;
use super::visit::Leave;
use crate::domain::refine::Facts;
use crate::domain::{Card, Edit, Item, Readiness};
use crate::store::Mark;
use crate::tui::data::{Backlog, DashboardData, Detail, RoadmapData};
use crate::tui::keymap::Action;

/// What happened: keys and mouse from the terminal, results from the store.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// A left click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel, one notch.
    Wheel {
        down: bool,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// The backlog, freshly read; `focus` is the item to select, when there is one.
    Loaded {
        backlog: Box<Backlog>,
        focus: Option<i64>,
        /// Where the reading stood just before the backlog was read.
        mark: Option<Mark>,
    },
    Detail(Box<Detail>),
    /// An item read fresh when a change to it begins: `then` goes on from
    /// what it holds now.
    Item {
        item: Box<Item>,
        then: Action,
    },
    /// The description came back from the editor changed.
    Described {
        id: i64,
        text: Option<String>,
    },
    SearchIndex(HashMap<i64, String>),
    /// The finished items' cards in rank order, with their search text.
    Finished(Box<(Vec<Card>, HashMap<i64, String>)>),
    Summary(Summary),
    /// The clock, read before each message from outside.
    Clock {
        now: DateTime<Utc>,
        today: NaiveDate,
    },
    /// Each open item's readiness, and the hot fixes owing a post-mortem.
    Readiness {
        open: HashMap<i64, Readiness>,
        owing: Vec<Facts>,
    },
    /// The newest decision before a refinement session began.
    Since(i64),
    /// The roadmap, read; `show` opens its view (else it is kept for the
    /// counts the themes screen shows).
    Roadmap {
        data: Box<RoadmapData>,
        show: bool,
    },
    Dashboard(Box<DashboardData>),
    /// A message that is not about the store (a file written, say).
    Said(String),
    /// The first frame is on screen: time to read what searching needs.
    Warm,
    Labelled(HashSet<i64>),
    /// The items from the source the filter asks for.
    Sourced(HashSet<i64>),
    /// A change was made; the message says what. `touched` are the items whose
    /// cards to read again (`None`: read the whole backlog again).
    Done {
        message: String,
        focus: Option<i64>,
        touched: Option<Vec<i64>>,
        /// Where the reading stands after the change, when nothing else was
        /// committed meanwhile.
        mark: Option<Mark>,
    },
    /// Changes were made elsewhere since the TUI last read the store. `held`
    /// is the change that was about to be written; it goes on only if what it
    /// aims at was not changed.
    Elsewhere {
        news: Box<News>,
        held: Option<Box<Effect>>,
    },
    /// Fresh cards for a few items (`None`: no longer open), with their search text.
    Cards {
        updates: Vec<Fresh>,
        focus: Option<i64>,
    },
    /// Something went wrong; the message says what, nothing changed.
    Failed(String),
    /// A refinement visit's changes, tried: the item as they would leave it,
    /// or why the store would refuse them.
    Tried {
        id: i64,
        result: Result<Box<Detail>, String>,
    },
    /// A refinement visit was written: the meeting goes on.
    Left(Leave),
}

/// What `update` asks the runner to do with the store or the terminal.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Reload {
        focus: Option<i64>,
    },
    /// Reads a few items' cards again.
    Refresh {
        ids: Vec<i64>,
        focus: Option<i64>,
    },
    LoadDetail(i64),
    /// Reads an item, then goes on with `then` (a form or prompt that starts
    /// from its values).
    LoadItem {
        id: i64,
        then: Action,
    },
    LoadSearchIndex,
    /// Reads the finished items' cards (a filter asks for them).
    LoadFinished,
    LoadLabel(String),
    /// Reads which items come from a source (`jira`, or `jira:SR-12`).
    LoadSource(String),
    Apply {
        change: Change,
        why: String,
    },
    Undo,
    Redo,
    /// Suspend the TUI and edit the description in `$EDITOR`.
    Describe(i64),
    Import(String),
    Demo,
    LoadReadiness,
    /// The newest decision's id, for a refinement session's summary.
    LoadSince,
    /// The decisions made after decision `since`.
    LoadSummary(i64),
    /// Reads the roadmap; `show` opens its view once it is read.
    LoadRoadmap {
        show: bool,
    },
    /// Computes the dashboard over a window of `weeks` complete weeks.
    LoadDashboard {
        weeks: u32,
    },
    /// Writes the meeting notes; an existing file only when `overwrite`.
    WriteNotes {
        path: String,
        text: String,
        overwrite: bool,
    },
    /// Tries a refinement visit's changes to item `id` without writing them,
    /// for the item as they would leave it (or why the store refuses them).
    Try {
        id: i64,
        edits: Vec<Edit>,
    },
    /// Writes a refinement visit as one action, then goes on to `then`.
    Visit {
        change: Change,
        why: String,
        then: Leave,
    },
}

impl Effect {
    /// What the status line says while the effect runs, for those that may
    /// take long enough to be seen (an undo of an import of 100k items takes
    /// seconds): the screen is drawn with it first.
    pub fn working(&self) -> Option<String> {
        Some(match self {
            Effect::Undo => "undoing the last action…".into(),
            Effect::Redo => "redoing the last undone action…".into(),
            Effect::Import(path) => format!("importing {path}…"),
            Effect::Demo => "loading the demo backlog…".into(),
            Effect::Apply {
                change: Change::CommitPlan { ids },
                ..
            } => format!("committing the sprint plan ({} items)…", ids.len()),
            _ => return None,
        })
    }
}

/// One item read again after a change.
#[derive(Debug, Clone)]
pub struct Fresh {
    pub id: i64,
    /// `None` when it is no longer open.
    pub card: Option<Card>,
    pub search_text: Option<String>,
    pub readiness: Option<Readiness>,
    /// Set when it is a finished hot fix owing its post-mortem.
    pub owing: Option<Facts>,
}

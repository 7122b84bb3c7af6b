//! Single-key pickers: move to a lane, pin or unpin the horizon, sort the
//! list, a theme's status.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::reason::ask_reason;
use super::{filter, themes, Change, Effect, Mode, Model};
use crate::domain::sort::SortBy;
use crate::domain::{Field, Horizon, Lane, ThemeStatus};

/// A choice made with one key, for item `id` (none: a choice about the view).
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub label: String,
    pub id: Option<i64>,
    pub options: Vec<(char, Choice)>,
}

/// What a picker's key chooses: typed values, so nothing is parsed back from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Move to a lane (`None`: the Inbox).
    Lane(Option<Lane>),
    /// Pin the horizon.
    Pin(Horizon),
    /// Hand the horizon back to triage.
    Unpin,
    /// Sort the list by a column (again: the other way).
    Sort(SortBy),
    /// A theme's new status.
    ThemeStatus { theme: i64, status: ThemeStatus },
}

impl Choice {
    /// The word the picker shows beside the key.
    pub fn word(self) -> &'static str {
        match self {
            Choice::Lane(lane) => lane.map_or("Inbox", Lane::as_str),
            Choice::Pin(h) => h.as_str(),
            Choice::Unpin => "unpin",
            Choice::Sort(by) => by.name(),
            Choice::ThemeStatus { status, .. } => status.as_str(),
        }
    }
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
    if let Choice::Sort(by) = choice {
        model.mode = Mode::Normal;
        filter::sort_by(model, by);
        return Vec::new();
    }
    if let Choice::ThemeStatus { theme, status } = choice {
        if let Some(change) = themes::status_change(model, theme, status) {
            ask_reason(model, change, false);
        }
        return Vec::new();
    }
    let Some(id) = pick.id else {
        return Vec::new();
    };
    let fields = match choice {
        Choice::Sort(_) | Choice::ThemeStatus { .. } => return Vec::new(),
        Choice::Lane(lane) => vec![(Field::Lane, lane.map(|l| l.to_string()))],
        Choice::Unpin => vec![(Field::Pinned, Some("false".into()))],
        Choice::Pin(h) => vec![
            (Field::Horizon, Some(h.to_string())),
            (Field::Pinned, Some("true".into())),
        ],
    };
    let change = Change::Fields { id, fields };
    ask_reason(model, change, false);
    Vec::new()
}

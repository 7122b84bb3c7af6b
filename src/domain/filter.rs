//! What a list shows: one meaning for every filter, kept here, which the
//! store's SQL and the TUI's in-memory filter both follow (a test compares
//! them on generated backlogs).

use super::{Horizon, Item, Lane, Severity, Status};

/// What `list` shows. Empty means: open items, every lane.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Lanes to include; `None` inside means the Inbox.
    pub lanes: Vec<Option<Lane>>,
    pub horizon: Option<Horizon>,
    pub status: Option<Status>,
    /// Severities to include (empty: any, or none).
    pub severities: Vec<Severity>,
    /// The owner's name, compared by [`same_name`].
    pub owner: Option<String>,
    pub theme: Option<i64>,
    /// A label, compared by [`same_name`].
    pub label: Option<String>,
    /// Text found, by [`fold`], in the title, description, labels, owner or source.
    pub search: Option<String>,
    /// Include finished items.
    pub all: bool,
    pub limit: Option<usize>,
}

/// Names (owners, labels) are the same when they differ only in the case of
/// ASCII letters: `Ana` is `ana`. This is SQLite's `NOCASE`, so an index serves it.
pub fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Text as search compares it: lower case, in every script (`CRÈME` finds `crème`).
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

impl Filter {
    /// True when `item` is one this filter lists (the limit aside).
    pub fn matches(&self, item: &Item) -> bool {
        let status = match self.status {
            Some(s) => item.status == s,
            None => self.all || item.is_open(),
        };
        let name = |wanted: &Option<String>, have: Option<&str>| {
            wanted
                .as_deref()
                .is_none_or(|w| have.is_some_and(|h| same_name(h, w)))
        };
        status
            && (self.lanes.is_empty() || self.lanes.contains(&item.lane))
            && self.horizon.is_none_or(|h| item.horizon == h)
            && (self.severities.is_empty()
                || item.severity.is_some_and(|s| self.severities.contains(&s)))
            && name(&self.owner, item.owner.as_deref())
            && self.theme.is_none_or(|t| item.theme == Some(t))
            && self
                .label
                .as_deref()
                .is_none_or(|l| item.labels.iter().any(|have| same_name(have, l)))
            && self.search.as_deref().is_none_or(|s| found(item, &fold(s)))
    }
}

/// True when `needle` (already folded) is in the item's searched text.
fn found(item: &Item, needle: &str) -> bool {
    let has = |t: &str| fold(t).contains(needle);
    has(&item.title)
        || item.description.as_deref().is_some_and(has)
        || item.owner.as_deref().is_some_and(has)
        || item.source.as_deref().is_some_and(has)
        || item.labels.iter().any(|l| has(l))
}

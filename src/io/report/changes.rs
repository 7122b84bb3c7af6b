//! "What changed and why": the decisions since a date about lanes, horizons,
//! statuses and policy, one change per item and field with its first and last
//! value, everyone who changed it and every reason given.
//!
//! The log is read twice, in order, folding per change instead of holding the
//! period: [`Tally`] learns which changes there are and which of them the
//! report lists, [`Pick`] gathers those.

use std::collections::{HashMap, HashSet};

use crate::domain::record::CREATED;
use crate::domain::{Decision, Policy};

/// Every decision about one field of one item (or one policy key) since the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `None` for a policy key.
    pub item: Option<i64>,
    pub field: String,
    /// The value before the first decision.
    pub from: Option<String>,
    /// The value after the last.
    pub to: Option<String>,
    /// Every value it took, `from` first, without repeats in a row.
    pub path: Vec<Option<String>>,
    /// The item was created in the same period: `from` is its first value.
    pub new: bool,
    /// When the last decision was made (RFC 3339).
    pub at: String,
    /// Who decided, in the order they first did.
    pub by: Vec<String>,
    /// Every reason given, in order, without repeats.
    pub why: Vec<String>,
    /// How many decisions.
    pub count: usize,
}

impl Change {
    /// An item declined, with its reason.
    pub fn is_decline(&self) -> bool {
        self.field == "status" && self.to.as_deref() == Some("declined")
    }
}

/// What the report says of the changes since its date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The first changes that decline nothing, in the order each last changed.
    pub listed: Vec<Change>,
    /// How many changes decline nothing, listed or not.
    pub count: usize,
    /// Every item declined, in the order each last changed.
    pub declined: Vec<Change>,
}

/// A change: an item's field, or a policy key (item `None`).
type Key = (Option<i64>, &'static str);

/// The change `d` belongs to, if it is one the report speaks of.
fn key(d: &Decision) -> Option<Key> {
    let field = match d.item {
        Some(_) => ["lane", "horizon", "status"]
            .into_iter()
            .find(|f| *f == d.field)?,
        None => Policy::keys().find(|k| *k == d.field)?,
    };
    Some((d.item, field))
}

/// The first pass over the decisions (oldest first): each change's last
/// decision, and whether it declined the item.
#[derive(Debug, Default)]
pub struct Tally {
    last: HashMap<Key, (i64, bool)>,
}

impl Tally {
    pub fn add(&mut self, d: &Decision) {
        if let Some(k) = key(d) {
            let declined = k.1 == "status" && d.new.as_deref() == Some("declined");
            self.last.insert(k, (d.id, declined));
        }
    }

    /// What the second pass gathers: the first `max` changes that decline
    /// nothing, in the order each last changed, and every decline.
    pub fn pick(self, max: usize) -> Pick {
        let mut order: Vec<(i64, bool, Key)> = self
            .last
            .into_iter()
            .map(|(k, (id, declined))| (id, declined, k))
            .collect();
        order.sort_unstable_by_key(|(id, ..)| *id);
        let mut pick = Pick::default();
        for (_, declined, k) in order {
            if declined || pick.count < max {
                pick.wanted.insert(k);
                pick.items.extend(k.0);
            }
            pick.count += usize::from(!declined);
        }
        pick
    }
}

/// The second pass over the same decisions: the changes [`Tally::pick`] chose,
/// in full.
#[derive(Debug, Default)]
pub struct Pick {
    wanted: HashSet<Key>,
    /// The items of `wanted`.
    items: HashSet<i64>,
    count: usize,
    /// Each change with its last decision's id.
    changes: HashMap<Key, (i64, Change)>,
    /// Items of `wanted` created in the period.
    created: HashSet<i64>,
}

impl Pick {
    pub fn add(&mut self, d: &Decision) {
        if d.field == CREATED && d.new.is_some() {
            self.created
                .extend(d.item.filter(|i| self.items.contains(i)));
        }
        let Some(k) = key(d).filter(|k| self.wanted.contains(k)) else {
            return;
        };
        let (last, c) = self.changes.entry(k).or_insert_with(|| {
            (
                0,
                Change {
                    item: d.item,
                    field: d.field.clone(),
                    from: d.old.clone(),
                    to: None,
                    path: vec![d.old.clone()],
                    new: false,
                    at: String::new(),
                    by: Vec::new(),
                    why: Vec::new(),
                    count: 0,
                },
            )
        });
        *last = d.id;
        if c.path.last() != Some(&d.new) {
            c.path.push(d.new.clone());
        }
        c.to.clone_from(&d.new);
        c.at.clone_from(&d.at);
        c.count += 1;
        if !c.by.contains(&d.by) {
            c.by.push(d.by.clone());
        }
        let why = d.why.trim();
        if !why.is_empty() && !c.why.iter().any(|w| w == why) {
            c.why.push(why.to_string());
        }
    }

    pub fn finish(self) -> Changes {
        let mut all: Vec<(i64, Change)> = self.changes.into_values().collect();
        all.sort_unstable_by_key(|(id, _)| *id);
        let mut out = Changes {
            count: self.count,
            ..Changes::default()
        };
        for (_, mut c) in all {
            c.new = c.item.is_some_and(|i| self.created.contains(&i));
            if c.is_decline() {
                out.declined.push(c);
            } else {
                out.listed.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(
        id: i64,
        item: Option<i64>,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
        by: &str,
        why: &str,
    ) -> Decision {
        Decision {
            id,
            action: id,
            at: format!("2026-11-{id:02}T10:00:00Z"),
            by: by.into(),
            item,
            field: field.into(),
            old: old.map(String::from),
            new: new.map(String::from),
            why: why.into(),
        }
    }

    /// Both passes over a log held in memory.
    fn fold(log: &[Decision], max: usize) -> Changes {
        let mut tally = Tally::default();
        for d in log {
            tally.add(d);
        }
        let mut pick = tally.pick(max);
        for d in log {
            pick.add(d);
        }
        pick.finish()
    }

    #[test]
    fn an_item_created_in_the_period_starts_new() {
        let log = [
            d(1, Some(4), "created", None, Some("{}"), "maya", ""),
            d(
                2,
                Some(4),
                "horizon",
                None,
                Some("now"),
                "maya",
                "severity S1 → now",
            ),
        ];
        let changes = fold(&log, 60);
        assert_eq!((changes.listed.len(), changes.count), (1, 1));
        assert!(changes.listed[0].new);
    }

    #[test]
    fn first_and_last_value_everyone_and_every_reason() {
        let log = [
            d(1, Some(4), "lane", None, Some("feature"), "maya", "triage"),
            d(2, Some(4), "title", Some("a"), Some("b"), "maya", "typo"),
            d(
                3,
                None,
                "weight.risk",
                Some("1.0"),
                Some("1.5"),
                "tomas",
                "two incidents",
            ),
            d(
                4,
                Some(4),
                "lane",
                Some("feature"),
                Some("bet"),
                "ana",
                "a new capability",
            ),
            d(
                5,
                Some(4),
                "lane",
                Some("bet"),
                Some("bet"),
                "maya",
                "triage",
            ),
            d(
                6,
                Some(9),
                "status",
                Some("todo"),
                Some("declined"),
                "jon",
                "duplicate of #4",
            ),
            d(7, None, "theme:2:name", Some("x"), Some("y"), "maya", ""),
        ];
        let changes = fold(&log, 60);
        assert_eq!(changes.count, 2);
        // In the order each last changed.
        let fields: Vec<&str> = changes.listed.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["weight.risk", "lane"]);
        let lane = &changes.listed[1];
        assert_eq!((lane.item, lane.field.as_str()), (Some(4), "lane"));
        assert_eq!(
            (lane.from.as_deref(), lane.to.as_deref()),
            (None, Some("bet"))
        );
        assert_eq!(lane.by, ["maya", "ana"]);
        assert_eq!(lane.why, ["triage", "a new capability"]);
        assert_eq!((lane.count, lane.at.as_str()), (3, "2026-11-05T10:00:00Z"));
        assert_eq!(
            lane.path,
            [None, Some("feature".into()), Some("bet".into())]
        );
        assert!(!lane.new);
        assert_eq!(changes.declined.len(), 1);
        let declined = &changes.declined[0];
        assert!(declined.is_decline());
        assert_eq!(
            (declined.item, declined.why.as_slice()),
            (Some(9), ["duplicate of #4".to_string()].as_slice())
        );
    }

    #[test]
    fn the_first_changes_are_listed_every_decline_and_the_rest_counted() {
        // Items 1..=5 change lane in turn, then item 1 again: its change last
        // changed after the others. Items 6 and 7 are declined, 6 then reopened.
        let mut log = Vec::new();
        for item in 1..=5 {
            log.push(d(
                item,
                Some(item),
                "lane",
                None,
                Some("feature"),
                "maya",
                "",
            ));
        }
        log.push(d(
            6,
            Some(1),
            "lane",
            Some("feature"),
            Some("bet"),
            "ana",
            "bigger",
        ));
        log.push(d(
            7,
            Some(6),
            "status",
            Some("todo"),
            Some("declined"),
            "jon",
            "no",
        ));
        log.push(d(
            8,
            Some(7),
            "status",
            Some("todo"),
            Some("declined"),
            "jon",
            "dup",
        ));
        log.push(d(
            9,
            Some(6),
            "status",
            Some("declined"),
            Some("todo"),
            "jon",
            "yes after all",
        ));
        let changes = fold(&log, 3);
        let listed: Vec<Option<i64>> = changes.listed.iter().map(|c| c.item).collect();
        assert_eq!(listed, [Some(2), Some(3), Some(4)]);
        // Items 5, 1 and 6 (reopened, so not a decline) are counted, not listed.
        assert_eq!(changes.count, 6);
        let declined: Vec<Option<i64>> = changes.declined.iter().map(|c| c.item).collect();
        assert_eq!(declined, [Some(7)]);
        // Every value of a listed change, though the pass that chose it kept none.
        let all = fold(&log, 60);
        let first = all.listed.iter().find(|c| c.item == Some(1)).unwrap();
        assert_eq!(
            first.path,
            [None, Some("feature".into()), Some("bet".into())]
        );
        assert_eq!((first.by.len(), first.count), (2, 2));
    }
}

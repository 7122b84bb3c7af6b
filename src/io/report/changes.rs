//! "What changed and why": the decisions since a date about lanes, horizons,
//! statuses and policy, one row per item and field with its first and last
//! value, everyone who changed it and every reason given.

use std::collections::HashMap;

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

fn relevant(d: &Decision) -> bool {
    match d.item {
        Some(_) => matches!(d.field.as_str(), "lane" | "horizon" | "status"),
        None => Policy::is_key(&d.field),
    }
}

/// Groups `decisions` (oldest first) by item and field, in the order each group
/// last changed.
pub fn group(decisions: &[Decision]) -> Vec<Change> {
    let created: std::collections::HashSet<i64> = decisions
        .iter()
        .filter(|d| d.field == crate::domain::record::CREATED && d.new.is_some())
        .filter_map(|d| d.item)
        .collect();
    let mut last: Vec<i64> = Vec::new();
    let mut out: Vec<Change> = Vec::new();
    let mut index: HashMap<(Option<i64>, &str), usize> = HashMap::new();
    for d in decisions.iter().filter(|d| relevant(d)) {
        let at = *index.entry((d.item, d.field.as_str())).or_insert_with(|| {
            out.push(Change {
                item: d.item,
                field: d.field.clone(),
                from: d.old.clone(),
                to: None,
                path: vec![d.old.clone()],
                new: d.item.is_some_and(|i| created.contains(&i)),
                at: String::new(),
                by: Vec::new(),
                why: Vec::new(),
                count: 0,
            });
            last.push(0);
            out.len() - 1
        });
        last[at] = d.id;
        let c = &mut out[at];
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
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by_key(|i| last[*i]);
    let mut slots: Vec<Option<Change>> = out.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
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
        let changes = group(&log);
        assert_eq!(changes.len(), 1);
        assert!(changes[0].new);
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
        let changes = group(&log);
        assert_eq!(changes.len(), 3);
        // In the order each last changed.
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["weight.risk", "lane", "status"]);
        let lane = &changes[1];
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
        assert!(!changes[0].is_decline());
        assert!(changes[2].is_decline());
    }
}

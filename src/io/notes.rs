//! A refinement meeting's notes as Markdown: what it looked at, what it
//! declined, and every change that still stands with its reason, in the words
//! people use ("root cause", the Inbox).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::domain::record::{field_words, value_text};
use crate::domain::Decision;

/// What the notes are made from.
pub struct Meeting<'a> {
    pub date: NaiveDate,
    /// Items in the queue when the session began.
    pub queued: usize,
    /// Items shown.
    pub seen: usize,
    /// The decisions that still stand, oldest first.
    pub decisions: &'a [Decision],
    pub titles: &'a HashMap<i64, String>,
    /// Decisions of the meeting's changes that are undone at its end, left out.
    pub left_out: usize,
}

impl Meeting<'_> {
    /// The items the meeting changed.
    pub fn changed(&self) -> BTreeSet<i64> {
        self.decisions.iter().filter_map(|d| d.item).collect()
    }

    /// The items the meeting declined.
    pub fn declined(&self) -> BTreeSet<i64> {
        self.decisions
            .iter()
            .filter(|d| d.field == "status" && d.new.as_deref() == Some("declined"))
            .filter_map(|d| d.item)
            .collect()
    }
}

/// Text from the backlog on one Markdown line: line breaks become spaces and
/// nothing can start markup of its own (an HTML tag, say).
fn inline(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('<', "&lt;")
}

/// The notes, as one Markdown document.
pub fn write(m: &Meeting<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Refinement {}\n", m.date);
    let changed = m.changed();
    let declined = m.declined();
    let _ = writeln!(
        out,
        "- Items in the queue: {}\n- Seen: {}\n- Changed: {}\n- Declined: {}\n- Decisions: {}",
        m.queued,
        m.seen,
        changed.len(),
        declined.len(),
        m.decisions.len()
    );
    if m.left_out > 0 {
        let _ = writeln!(
            out,
            "- Undone during the meeting, left out: {} decision{}",
            m.left_out,
            if m.left_out == 1 { "" } else { "s" }
        );
    }
    out.push('\n');
    let title = |id: i64| inline(m.titles.get(&id).map_or("", String::as_str));
    if !declined.is_empty() {
        let _ = writeln!(out, "## Declined\n");
        for id in &declined {
            let why = m
                .decisions
                .iter()
                .find(|d| d.item == Some(*id) && d.field == "status")
                .map_or(String::new(), |d| inline(&d.why));
            let _ = writeln!(out, "- #{id} {}: {why}", title(*id));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Decisions\n");
    if m.decisions.is_empty() {
        let _ = writeln!(out, "None.");
    }
    let mut last = None;
    for (n, d) in m.decisions.iter().enumerate() {
        if d.item != last {
            if let Some(id) = d.item {
                let gap = if n == 0 { "" } else { "\n" };
                let _ = writeln!(out, "{gap}### #{id} {}\n", title(id));
            }
            last = d.item;
        }
        let why = if d.why.is_empty() {
            String::new()
        } else {
            format!(" — {}", inline(&d.why))
        };
        let _ = writeln!(
            out,
            "- {}: {} → {}{why} ({})",
            field_words(&d.field, d.item.is_some()),
            inline(&value_text(&d.field, d.old.as_deref(), 200)),
            inline(&value_text(&d.field, d.new.as_deref(), 200)),
            inline(&d.by)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(
        item: i64,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
        why: &str,
    ) -> Decision {
        Decision {
            id: 1,
            action: 1,
            at: String::new(),
            by: "ana".into(),
            item: Some(item),
            field: field.into(),
            old: old.map(str::to_string),
            new: new.map(str::to_string),
            why: why.into(),
        }
    }

    #[test]
    fn notes_speak_of_the_inbox_and_fields_in_words() {
        let decisions = vec![
            decision(4, "lane", None, Some("feature"), "flaky under load"),
            decision(4, "root_cause", None, Some("a <b>bad</b>\ncache"), ""),
            decision(5, "status", Some("todo"), Some("declined"), "same as #4"),
        ];
        let titles = HashMap::from([(4, "Checkout fails".to_string()), (5, "Dup".to_string())]);
        let text = write(&Meeting {
            date: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            queued: 9,
            seen: 3,
            decisions: &decisions,
            titles: &titles,
            left_out: 2,
        });
        assert!(text.starts_with("# Refinement 2026-11-21\n"), "{text}");
        assert!(
            text.contains("- Changed: 2\n- Declined: 1\n- Decisions: 3\n"),
            "{text}"
        );
        assert!(text.contains("left out: 2 decisions"), "{text}");
        assert!(text.contains("- #5 Dup: same as #4"), "{text}");
        assert!(
            text.contains("- lane: Inbox → feature — flaky under load (ana)"),
            "{text}"
        );
        assert!(
            text.contains("- root cause: none → a &lt;b>bad&lt;/b> cache (ana)"),
            "{text}"
        );
        assert!(!text.contains("root_cause"), "{text}");
        assert!(
            text.contains("## Decisions\n\n### #4 Checkout fails\n\n- lane"),
            "{text}"
        );
        assert!(text.contains("(ana)\n\n### #5 Dup\n\n- status"), "{text}");
    }
}

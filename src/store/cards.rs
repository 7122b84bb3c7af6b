//! The read model the TUI holds in memory: one small card per open item, in rank
//! order (and per finished item, when asked for), and the text incremental
//! search looks through.

use std::collections::{HashMap, HashSet};

use super::rows::word;
use super::{Result, Store};

use crate::domain::dates::iso_date;
use crate::domain::filter::fold;
use crate::domain::{Card, Horizon, Lane, Severity, Status};

const CARD_COLUMNS: &str =
    "id, title, lane, status, horizon, pinned, score, effort, severity, due, owner, theme";

/// A card from a row selected with [`CARD_COLUMNS`]; `blocked` is left false.
fn card_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Card> {
    let word = |i: usize| word(r, i);
    Ok(Card {
        id: r.get(0)?,
        title: r.get(1)?,
        lane: word(2)?.and_then(|t| Lane::parse(t).ok()),
        status: word(3)?
            .and_then(|t| Status::parse(t).ok())
            .unwrap_or(Status::Todo),
        horizon: word(4)?
            .and_then(|t| Horizon::parse(t).ok())
            .unwrap_or(Horizon::Later),
        pinned: r.get(5)?,
        score: r.get(6)?,
        effort: r.get(7)?,
        severity: word(8)?.and_then(|t| Severity::parse(t).ok()),
        due: word(9)?.and_then(iso_date),
        owner: r.get(10)?,
        theme: r.get(11)?,
        blocked: false,
    })
}

impl Store {
    /// Every open item as a card, in rank order. Reading the table in one pass
    /// and sorting in memory is several times faster than following the rank
    /// index row by row when every open item is wanted.
    pub fn cards(&self) -> Result<Vec<Card>> {
        let blocked = self.blocked_ids()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CARD_COLUMNS} FROM items NOT INDEXED WHERE status IN ('todo', 'doing')"
        ))?;
        let mut rows = stmt.query([])?;
        let mut cards = Vec::new();
        while let Some(r) = rows.next()? {
            let mut card = card_from_row(r)?;
            card.blocked = blocked.contains(&card.id);
            cards.push(card);
        }
        cards.sort_unstable_by_key(sort_key);
        Ok(cards)
    }

    /// Every finished (done or declined) item as a card, in rank order, with
    /// its search text: what a filter for finished items shows.
    pub fn finished_cards(&self) -> Result<(Vec<Card>, HashMap<i64, String>)> {
        let blocked = self.blocked_ids()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CARD_COLUMNS} FROM items WHERE status IN ('done', 'declined')"
        ))?;
        let mut rows = stmt.query([])?;
        let mut cards = Vec::new();
        while let Some(r) = rows.next()? {
            let mut card = card_from_row(r)?;
            card.blocked = blocked.contains(&card.id);
            cards.push(card);
        }
        cards.sort_unstable_by_key(sort_key);
        let texts = self.texts_where("status IN ('done', 'declined')")?;
        Ok((cards, texts))
    }

    /// One item's card, open or finished; `None` when it is not there.
    pub fn card(&self, id: i64) -> Result<Option<Card>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CARD_COLUMNS}, EXISTS (SELECT 1 FROM dependencies d JOIN items b ON b.id = d.blocker \
             WHERE d.item = items.id AND b.status IN ('todo', 'doing')) \
             FROM items WHERE id = ?1"
        ))?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(r) => {
                let mut card = card_from_row(r)?;
                card.blocked = r.get(12)?;
                Ok(Some(card))
            }
            None => Ok(None),
        }
    }

    /// One item's search text (see [`Store::search_texts`]).
    pub fn search_text(&self, id: i64) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(description, '') || (SELECT coalesce(group_concat(char(10) || label, ''), '') \
             FROM labels WHERE item = ?1) || coalesce(char(10) || source, '') \
             FROM items WHERE id = ?1",
        )?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(r) => Ok(Some(fold(&r.get::<_, String>(0)?))),
            None => Ok(None),
        }
    }

    /// Ids of items with at least one open blocker (finished items among them
    /// too, when they have one).
    pub fn blocked_ids(&self) -> Result<HashSet<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT d.item FROM dependencies d JOIN items b ON b.id = d.blocker \
             WHERE b.status IN ('todo', 'doing')",
        )?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// For each open item with a description, labels or a source: that text, lower-cased,
    /// for incremental search (titles and owners are on the cards already).
    pub fn search_texts(&self) -> Result<HashMap<i64, String>> {
        self.texts_where("status IN ('todo', 'doing')")
    }

    /// The search text of the items `status` (an SQL condition on the status) takes.
    fn texts_where(&self, status: &str) -> Result<HashMap<i64, String>> {
        let mut out: HashMap<i64, String> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, description FROM items WHERE {status} AND description IS NOT NULL"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text: String = r.get(1)?;
            out.insert(r.get(0)?, fold(&text));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT l.item, l.label FROM labels l JOIN items i ON i.id = l.item WHERE i.{status}"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let label: String = r.get(1)?;
            let entry = out.entry(r.get(0)?).or_default();
            entry.push('\n');
            entry.push_str(&fold(&label));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, source FROM items WHERE {status} AND source IS NOT NULL"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let source: String = r.get(1)?;
            let entry = out.entry(r.get(0)?).or_default();
            entry.push('\n');
            entry.push_str(&source.to_lowercase());
        }
        Ok(out)
    }

    /// Ids of items from `source`, open or finished: `jira` is every item from
    /// that tracker (`jira:…`), `jira:SR-12` that one item; case is ignored,
    /// as the filter bar's `source:` means it.
    pub fn sourced(&self, source: &str) -> Result<HashSet<i64>> {
        let wanted = source.trim();
        let (sql, arg) = if wanted.contains(':') {
            (
                "SELECT id FROM items WHERE source = ?1 COLLATE NOCASE",
                wanted.to_string(),
            )
        } else {
            // `_` and `%` in a tracker's name are taken as themselves.
            let escaped = wanted
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            (
                "SELECT id FROM items WHERE source LIKE ?1 || ':%' ESCAPE '\\'",
                escaped,
            )
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let ids = stmt
            .query_map([arg], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Ids of items carrying `label` (exact, case-insensitive), open or finished.
    pub fn labelled(&self, label: &str) -> Result<HashSet<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT item FROM labels WHERE label = ?1 COLLATE NOCASE")?;
        let ids = stmt
            .query_map([label], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}

/// Section 4's order packed into plain integers, so sorting 100k cards compares
/// numbers only. Agrees with [`crate::domain::rank::compare`] (a test checks it).
fn sort_key(c: &Card) -> (Horizon, u8, bool, u64, bool, i32, i64) {
    let key = c.rank_key();
    // Scores are positive, so their bit patterns order like the numbers.
    let score = c.score.map_or(0, |s| u64::MAX - s.to_bits());
    let due = c.due.map_or(0, |d| chrono::Datelike::num_days_from_ce(&d));
    (
        c.horizon,
        key.urgency(),
        c.score.is_none(),
        score,
        c.due.is_none(),
        due,
        c.id,
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::rank;

    #[test]
    fn the_packed_sort_key_agrees_with_the_rank_order() {
        let mut cards = Vec::new();
        let dates = [
            None,
            NaiveDate::from_ymd_opt(2026, 11, 24),
            NaiveDate::from_ymd_opt(2025, 1, 2),
        ];
        let mut id = 0;
        for horizon in Horizon::ALL {
            for severity in [
                None,
                Some(Severity::S1),
                Some(Severity::S2),
                Some(Severity::S4),
            ] {
                for score in [None, Some(0.15), Some(6.0), Some(6.25), Some(40.0)] {
                    for due in dates {
                        id += 1;
                        cards.push(Card {
                            id: 1000 - id,
                            title: String::new(),
                            lane: None,
                            status: Status::Todo,
                            horizon: *horizon,
                            pinned: false,
                            score,
                            effort: None,
                            severity,
                            due,
                            owner: None,
                            theme: None,
                            blocked: false,
                        });
                    }
                }
            }
        }
        let mut by_key = cards.clone();
        by_key.sort_by_key(sort_key);
        cards.sort_by(|a, b| rank::compare(&a.rank_key(), &b.rank_key()));
        let ids = |v: &[Card]| v.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(&by_key), ids(&cards));
    }
}

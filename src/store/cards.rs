//! The read model the TUI holds in memory: one small card per open item, in rank
//! order, and the text incremental search looks through.

use std::collections::{HashMap, HashSet};

use super::query::RANK_ORDER;
use super::{Result, Store};
use crate::domain::{Card, Horizon, Lane, Severity, Status};

impl Store {
    /// Every open item as a card, in rank order (read straight off the rank index).
    pub fn cards(&self) -> Result<Vec<Card>> {
        let blocked = self.blocked_ids()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, title, lane, status, horizon, pinned, score, effort, severity, due, owner, theme \
             FROM items INDEXED BY items_rank_open WHERE status IN ('todo', 'doing') ORDER BY {RANK_ORDER}"
        ))?;
        let mut rows = stmt.query([])?;
        let mut cards = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            cards.push(Card {
                id,
                title: r.get(1)?,
                lane: text(2)?.and_then(|t| Lane::parse(&t).ok()),
                status: Status::parse(&r.get::<_, String>(3)?).unwrap_or(Status::Todo),
                horizon: Horizon::parse(&r.get::<_, String>(4)?).unwrap_or(Horizon::Later),
                pinned: r.get(5)?,
                score: r.get(6)?,
                effort: r.get(7)?,
                severity: text(8)?.and_then(|t| Severity::parse(&t).ok()),
                due: r.get(9)?,
                owner: text(10)?,
                theme: r.get(11)?,
                blocked: blocked.contains(&id),
            });
        }
        Ok(cards)
    }

    /// Ids of open items with at least one open blocker.
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

    /// For each open item with a description or labels: that text, lower-cased,
    /// for incremental search (titles and owners are on the cards already).
    pub fn search_texts(&self) -> Result<HashMap<i64, String>> {
        let mut out: HashMap<i64, String> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, description FROM items WHERE status IN ('todo', 'doing') AND description IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text: String = r.get(1)?;
            out.insert(r.get(0)?, text.to_lowercase());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.item, l.label FROM labels l JOIN items i ON i.id = l.item WHERE i.status IN ('todo', 'doing')",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let label: String = r.get(1)?;
            let entry = out.entry(r.get(0)?).or_default();
            entry.push('\n');
            entry.push_str(&label.to_lowercase());
        }
        Ok(out)
    }

    /// Ids of open items carrying `label` (exact, case-insensitive).
    pub fn labelled(&self, label: &str) -> Result<HashSet<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.item FROM labels l JOIN items i ON i.id = l.item \
             WHERE i.status IN ('todo', 'doing') AND l.label = ?1 COLLATE NOCASE",
        )?;
        let ids = stmt
            .query_map([label], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}

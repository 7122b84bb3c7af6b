//! Reading the backlog: filtered lists in rank order, decisions, relations.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};

use super::{rows, Result, Store, StoreError};
use crate::domain::filter::fold;
use crate::domain::{Decision, Item};

pub use crate::domain::filter::Filter;

/// The ORDER BY of section 4, served by the `items_rank_*` indexes.
pub(super) const RANK_ORDER: &str = "horizon_rank, urgency, score DESC, no_due, due, id";

impl Store {
    /// Items matching `filter`, in rank order.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Item>> {
        let (sql, args) = list_sql(filter);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut items: Vec<Item> = stmt
            .query_map(params_from_iter(args), rows::item_from_row)?
            .collect::<Result<_, _>>()?;
        rows::attach(&self.conn, &mut items)?;
        Ok(items)
    }

    /// Calls `f` with the items matching `filter`, in rank order, one at a
    /// time, their lists (labels, criteria, blockers) left empty.
    pub fn each_listed<E: From<StoreError>>(
        &self,
        filter: &Filter,
        mut f: impl FnMut(&Item) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (sql, args) = list_sql(filter);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params_from_iter(args))
            .map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            f(&rows::item_from_row(r).map_err(StoreError::from)?)?;
        }
        Ok(())
    }
}

/// The SQL of [`Store::list`] and its arguments.
fn list_sql(filter: &Filter) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let arg = |v: Value, args: &mut Vec<Value>| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(s) = filter.status {
        clauses.push(format!(
            "status = {}",
            arg(Value::Text(s.as_str().into()), &mut args)
        ));
    } else if !filter.all {
        clauses.push("status IN ('todo', 'doing')".into());
    }
    if !filter.lanes.is_empty() {
        let mut parts = Vec::new();
        for l in &filter.lanes {
            match l {
                Some(l) => parts.push(format!(
                    "lane = {}",
                    arg(Value::Text(l.as_str().into()), &mut args)
                )),
                None => parts.push("lane IS NULL".into()),
            }
        }
        clauses.push(format!("({})", parts.join(" OR ")));
    }
    if let Some(h) = filter.horizon {
        clauses.push(format!(
            "horizon = {}",
            arg(Value::Text(h.as_str().into()), &mut args)
        ));
    }
    if !filter.severities.is_empty() {
        let list: Vec<String> = filter
            .severities
            .iter()
            .map(|s| arg(Value::Text(s.as_str().into()), &mut args))
            .collect();
        clauses.push(format!("severity IN ({})", list.join(", ")));
    }
    // Names compare as `domain::filter::same_name` does: SQLite's NOCASE.
    if let Some(o) = &filter.owner {
        clauses.push(format!(
            "owner = {} COLLATE NOCASE",
            arg(Value::Text(o.clone()), &mut args)
        ));
    }
    if let Some(t) = filter.theme {
        clauses.push(format!("theme = {}", arg(Value::Integer(t), &mut args)));
    }
    if let Some(l) = &filter.label {
        clauses.push(format!(
            "id IN (SELECT item FROM labels WHERE label = {} COLLATE NOCASE)",
            arg(Value::Text(l.clone()), &mut args)
        ));
    }
    // Search folds case as `domain::filter::fold` does, in every script.
    if let Some(s) = &filter.search {
        let p = arg(Value::Text(fold(s)), &mut args);
        clauses.push(format!(
            "(instr(lanes_fold(title), {p}) OR instr(lanes_fold(description), {p}) \
                 OR instr(lanes_fold(owner), {p}) OR instr(lanes_fold(source), {p}) \
                 OR id IN (SELECT item FROM labels WHERE instr(lanes_fold(label), {p})))"
        ));
    }
    // The rank index holds open items in exactly this order; left to itself
    // the planner would read the status index and sort 100k rows instead.
    // Lists that take in finished items are rare enough to be sorted.
    let index = if filter.status.is_none() && !filter.all {
        " INDEXED BY items_rank_open"
    } else {
        ""
    };
    let mut sql = format!("SELECT {} FROM items{index}", rows::COLUMNS);
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    sql.push_str(" ORDER BY ");
    sql.push_str(RANK_ORDER);
    if let Some(n) = filter.limit {
        let _ = write!(sql, " LIMIT {n}");
    }
    (sql, args)
}

impl Store {
    /// Which of `items` are blocked: some blocker is neither done nor declined.
    pub fn blocked(&self, items: &[Item]) -> Result<HashSet<i64>> {
        let mut open = self
            .conn
            .prepare_cached("SELECT 1 FROM items WHERE id = ?1 AND status IN ('todo', 'doing')")?;
        let mut out = HashSet::new();
        for item in items {
            for b in &item.blocked_by {
                if open.exists([b])? {
                    out.insert(item.id);
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Ids of the items `id` blocks.
    pub fn blocks(&self, id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT item FROM dependencies WHERE blocker = ?1 ORDER BY item")?;
        let ids = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Ids of the items whose parent is `id`.
    pub fn children(&self, id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM items WHERE parent = ?1 ORDER BY id")?;
        let ids = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Decisions, newest first: about one item, or all of them.
    pub fn decisions(&self, item: Option<i64>, limit: Option<usize>) -> Result<Vec<Decision>> {
        let limit = limit.map_or(-1, |n| n as i64);
        let sql = if item.is_some() {
            "SELECT id, action, at, by, item, field, old, new, why FROM decisions WHERE item = ?1 ORDER BY id DESC LIMIT ?2"
        } else {
            "SELECT id, action, at, by, item, field, old, new, why FROM decisions WHERE ?1 IS NULL ORDER BY id DESC LIMIT ?2"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let out = stmt
            .query_map(rusqlite::params![item, limit], decision_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(out)
    }

    /// How many decisions there are in all.
    pub fn decision_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM decisions", [], |r| r.get(0))?)
    }

    /// The first item with exactly this title, if any.
    pub fn find_by_title(&self, title: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM items WHERE title = ?1 ORDER BY id LIMIT 1")?
            .query_row([title], |r| r.get(0))
            .optional()?)
    }
}

pub(super) fn decision_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Decision> {
    Ok(Decision {
        id: r.get(0)?,
        action: r.get(1)?,
        at: r.get(2)?,
        by: r.get(3)?,
        item: r.get(4)?,
        field: r.get(5)?,
        old: r.get(6)?,
        new: r.get(7)?,
        why: r.get(8)?,
    })
}

/// Reads a decision's row into `d`, reusing its strings: a long walk through the
/// log allocates nothing per row.
pub(super) fn fill_decision(r: &rusqlite::Row<'_>, d: &mut Decision) -> rusqlite::Result<()> {
    fn text(r: &rusqlite::Row<'_>, i: usize, s: &mut String) -> rusqlite::Result<()> {
        if let rusqlite::types::ValueRef::Text(t) = r.get_ref(i)? {
            if let Ok(t) = std::str::from_utf8(t) {
                s.clear();
                s.push_str(t);
                return Ok(());
            }
        }
        // Anything else is read as `decision_from_row` reads it, errors too.
        *s = r.get(i)?;
        Ok(())
    }
    fn maybe(r: &rusqlite::Row<'_>, i: usize, s: &mut Option<String>) -> rusqlite::Result<()> {
        match (r.get_ref(i)?, s.as_mut()) {
            (rusqlite::types::ValueRef::Null, _) => *s = None,
            (_, Some(s)) => text(r, i, s)?,
            (_, None) => *s = r.get(i)?,
        }
        Ok(())
    }
    d.id = r.get(0)?;
    d.action = r.get(1)?;
    text(r, 2, &mut d.at)?;
    text(r, 3, &mut d.by)?;
    d.item = r.get(4)?;
    text(r, 5, &mut d.field)?;
    maybe(r, 6, &mut d.old)?;
    maybe(r, 7, &mut d.new)?;
    text(r, 8, &mut d.why)?;
    Ok(())
}

impl Store {
    /// Titles of the given items, for lists that show a few of many.
    pub fn titles(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT title FROM items WHERE id = ?1")?;
        let mut out = HashMap::new();
        for &id in ids {
            // An item removed since (its creation undone) has no title to show.
            if let Some(title) = stmt.query_row([id], |r| r.get(0)).optional()? {
                out.insert(id, title);
            }
        }
        Ok(out)
    }
}

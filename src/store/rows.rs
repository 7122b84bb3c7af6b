//! Items in and out of rows: the columns, the mapping, and the lists that hang
//! off an item (labels, criteria, blockers).

use std::collections::HashMap;

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::{params, Connection, Row};

use super::{Result, StoreError};
use crate::domain::item::{fmt_time, parse_time};
use crate::domain::{Criterion, Horizon, Item, Lane, Severity, Status};

pub(super) const COLUMNS: &str = "id, title, description, lane, status, value, impact, risk, effort, \
     severity, horizon, pinned, due, owner, theme, parent, segment, metric, workaround, root_cause, \
     prevention, duplicate_of, created, updated, started, finished, source";

fn bad<E: std::error::Error + Send + Sync + 'static>(col: usize, e: E) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
}

/// A text column as `&str`, read without allocating: vocabularies are matched
/// from it as bytes.
pub(super) fn word<'a>(r: &'a Row<'_>, i: usize) -> rusqlite::Result<Option<&'a str>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Text(t) => Ok(std::str::from_utf8(t).ok()),
        _ => Ok(None),
    }
}

/// Reads an item from a row selected with [`COLUMNS`]; its lists are left empty.
pub(super) fn item_from_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
    let time = |i: usize| -> rusqlite::Result<Option<chrono::DateTime<chrono::Utc>>> {
        text(i)?
            .map(|t| parse_time(&t).map_err(|e| bad(i, e)))
            .transpose()
    };
    let scale = |i: usize| -> rusqlite::Result<Option<u8>> { r.get(i) };
    Ok(Item {
        id: r.get(0)?,
        title: r.get(1)?,
        description: text(2)?,
        lane: text(3)?
            .map(|t| Lane::parse(&t).map_err(|e| bad(3, e)))
            .transpose()?,
        status: Status::parse(&r.get::<_, String>(4)?).map_err(|e| bad(4, e))?,
        value: scale(5)?,
        impact: scale(6)?,
        risk: scale(7)?,
        effort: scale(8)?,
        severity: text(9)?
            .map(|t| Severity::parse(&t).map_err(|e| bad(9, e)))
            .transpose()?,
        horizon: Horizon::parse(&r.get::<_, String>(10)?).map_err(|e| bad(10, e))?,
        pinned: r.get(11)?,
        due: r.get(12)?,
        owner: text(13)?,
        theme: r.get(14)?,
        parent: r.get(15)?,
        labels: Vec::new(),
        segment: text(16)?,
        metric: text(17)?,
        criteria: Vec::new(),
        blocked_by: Vec::new(),
        workaround: text(18)?,
        root_cause: text(19)?,
        prevention: text(20)?,
        duplicate_of: r.get(21)?,
        created: time(22)?.unwrap_or_default(),
        updated: time(23)?.unwrap_or_default(),
        started: time(24)?,
        finished: time(25)?,
        source: text(26)?,
    })
}

/// Loads one item with its lists.
pub(super) fn load(conn: &Connection, id: i64) -> Result<Item> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM items WHERE id = ?1"))?;
    let mut item = match stmt.query_row([id], item_from_row) {
        Ok(item) => item,
        Err(rusqlite::Error::QueryReturnedNoRows) => return Err(StoreError::NoItem(id)),
        Err(e) => return Err(e.into()),
    };
    attach(conn, std::slice::from_mut(&mut item))?;
    Ok(item)
}

/// Loads the items `ids` with their lists, in that order; one that is not
/// there is an error.
pub(super) fn load_many(conn: &Connection, ids: &[i64]) -> Result<Vec<Item>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM items WHERE id IN (SELECT value FROM json_each(?1))"
    ))?;
    let mut found: HashMap<i64, Item> = stmt
        .query_map([serde_json::Value::from(ids).to_string()], item_from_row)?
        .map(|r| r.map(|item| (item.id, item)))
        .collect::<Result<_, _>>()?;
    let mut items = ids
        .iter()
        .map(|id| found.remove(id).ok_or(StoreError::NoItem(*id)))
        .collect::<Result<Vec<_>>>()?;
    attach(conn, &mut items)?;
    Ok(items)
}

/// Fills labels, criteria and blockers: per item for a few, by whole-table scan for many.
pub(super) fn attach(conn: &Connection, items: &mut [Item]) -> Result<()> {
    if items.len() <= 256 {
        let mut labels =
            conn.prepare_cached("SELECT label FROM labels WHERE item = ?1 ORDER BY label")?;
        let mut criteria = conn
            .prepare_cached("SELECT text, done FROM criteria WHERE item = ?1 ORDER BY position")?;
        let mut blockers = conn
            .prepare_cached("SELECT blocker FROM dependencies WHERE item = ?1 ORDER BY blocker")?;
        for item in items {
            item.labels = labels
                .query_map([item.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            item.criteria = criteria
                .query_map([item.id], |r| {
                    Ok(Criterion {
                        text: r.get(0)?,
                        done: r.get(1)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            item.blocked_by = blockers
                .query_map([item.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        return Ok(());
    }
    let index: HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();
    let mut stmt = conn.prepare_cached("SELECT item, label FROM labels ORDER BY item, label")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get(0)?) {
            items[i].labels.push(r.get(1)?);
        }
    }
    let mut stmt =
        conn.prepare_cached("SELECT item, text, done FROM criteria ORDER BY item, position")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get(0)?) {
            items[i].criteria.push(Criterion {
                text: r.get(1)?,
                done: r.get(2)?,
            });
        }
    }
    let mut stmt =
        conn.prepare_cached("SELECT item, blocker FROM dependencies ORDER BY item, blocker")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(&r.get(0)?) {
            items[i].blocked_by.push(r.get(1)?);
        }
    }
    Ok(())
}

/// Calls `f` with every item in id order, its lists filled, one item at a time:
/// the items and each of their lists are read side by side, all in item order,
/// so nothing is held but the item at hand.
pub(super) fn each<E: From<StoreError>>(
    conn: &Connection,
    mut f: impl FnMut(&Item) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut items = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM items ORDER BY id"))
        .map_err(StoreError::from)?;
    let mut labels = conn
        .prepare_cached("SELECT item, label FROM labels ORDER BY item, label")
        .map_err(StoreError::from)?;
    let mut criteria = conn
        .prepare_cached("SELECT item, text, done FROM criteria ORDER BY item, position")
        .map_err(StoreError::from)?;
    let mut blockers = conn
        .prepare_cached("SELECT item, blocker FROM dependencies ORDER BY item, blocker")
        .map_err(StoreError::from)?;
    let mut labels = Beside::new(labels.query([]).map_err(StoreError::from)?)?;
    let mut criteria = Beside::new(criteria.query([]).map_err(StoreError::from)?)?;
    let mut blockers = Beside::new(blockers.query([]).map_err(StoreError::from)?)?;
    let mut rows = items.query([]).map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        let mut item = item_from_row(r).map_err(StoreError::from)?;
        labels.take(item.id, |r| {
            item.labels.push(r.get(1)?);
            Ok(())
        })?;
        criteria.take(item.id, |r| {
            item.criteria.push(Criterion {
                text: r.get(1)?,
                done: r.get(2)?,
            });
            Ok(())
        })?;
        blockers.take(item.id, |r| {
            item.blocked_by.push(r.get(1)?);
            Ok(())
        })?;
        f(&item)?;
    }
    Ok(())
}

/// One of an item's lists, read beside the items: rows in item order, the item
/// first.
struct Beside<'s> {
    rows: rusqlite::Rows<'s>,
}

impl<'s> Beside<'s> {
    fn new(mut rows: rusqlite::Rows<'s>) -> Result<Beside<'s>> {
        rows.advance()?;
        Ok(Beside { rows })
    }

    /// Calls `f` with the rows of item `id`, passing over any of an earlier id.
    fn take(&mut self, id: i64, mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<()>) -> Result<()> {
        while let Some(r) = self.rows.get() {
            let item: i64 = r.get(0)?;
            if item > id {
                break;
            }
            if item == id {
                f(r)?;
            }
            self.rows.advance()?;
        }
        Ok(())
    }
}

/// Writes an item's row and, where they changed, its lists.
pub(super) fn save(
    conn: &Connection,
    old: Option<&Item>,
    item: &Item,
    score: Option<f64>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO items (id, title, description, lane, status, value, impact, risk, effort, score, \
         severity, horizon, pinned, due, owner, theme, parent, segment, metric, workaround, root_cause, \
         prevention, duplicate_of, created, updated, started, finished, source) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, \
         ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28) \
         ON CONFLICT (id) DO UPDATE SET title = ?2, description = ?3, lane = ?4, status = ?5, value = ?6, \
         impact = ?7, risk = ?8, effort = ?9, score = ?10, severity = ?11, horizon = ?12, pinned = ?13, \
         due = ?14, owner = ?15, theme = ?16, parent = ?17, segment = ?18, metric = ?19, workaround = ?20, \
         root_cause = ?21, prevention = ?22, duplicate_of = ?23, created = ?24, updated = ?25, \
         started = ?26, finished = ?27, source = ?28",
    )?;
    stmt.execute(params![
        item.id,
        item.title,
        item.description,
        item.lane.map(Lane::as_str),
        item.status.as_str(),
        item.value,
        item.impact,
        item.risk,
        item.effort,
        score,
        item.severity.map(Severity::as_str),
        item.horizon.as_str(),
        item.pinned,
        item.due,
        item.owner,
        item.theme,
        item.parent,
        item.segment,
        item.metric,
        item.workaround,
        item.root_cause,
        item.prevention,
        item.duplicate_of,
        fmt_time(item.created),
        fmt_time(item.updated),
        item.started.map(fmt_time),
        item.finished.map(fmt_time),
        item.source,
    ])?;
    let fresh = old.is_none();
    if fresh || old.is_some_and(|o| o.labels != item.labels) {
        if !fresh {
            conn.prepare_cached("DELETE FROM labels WHERE item = ?1")?
                .execute([item.id])?;
        }
        let mut ins =
            conn.prepare_cached("INSERT OR IGNORE INTO labels (item, label) VALUES (?1, ?2)")?;
        for l in &item.labels {
            ins.execute(params![item.id, l])?;
        }
    }
    if fresh || old.is_some_and(|o| o.criteria != item.criteria) {
        if !fresh {
            conn.prepare_cached("DELETE FROM criteria WHERE item = ?1")?
                .execute([item.id])?;
        }
        let mut ins = conn.prepare_cached(
            "INSERT INTO criteria (item, position, text, done) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, c) in item.criteria.iter().enumerate() {
            ins.execute(params![item.id, i as i64, c.text, c.done])?;
        }
    }
    if fresh || old.is_some_and(|o| o.blocked_by != item.blocked_by) {
        if !fresh {
            conn.prepare_cached("DELETE FROM dependencies WHERE item = ?1")?
                .execute([item.id])?;
        }
        let mut ins =
            conn.prepare_cached("INSERT INTO dependencies (item, blocker) VALUES (?1, ?2)")?;
        for b in &item.blocked_by {
            ins.execute(params![item.id, b])?;
        }
    }
    Ok(())
}

pub(super) fn exists(conn: &Connection, table: &str, id: i64) -> Result<bool> {
    let mut stmt = conn.prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?;
    Ok(stmt.exists([id])?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::domain::item::parse_time;
    use crate::domain::{Criterion, Item};
    use crate::store::{Ctx, Snapshot, Store};

    #[test]
    fn items_read_one_at_a_time_have_the_lists_the_whole_export_gives_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let now = parse_time("2026-11-21T09:00:00Z").unwrap();
        // Lists on some items and not others, the first and the last among them.
        let items: Vec<Item> = (1..=7)
            .map(|id| {
                let mut item = Item::new(&format!("item {id}"), now);
                item.id = id;
                if id % 3 == 1 {
                    item.labels = vec![format!("l{id}"), "a".into()];
                }
                if id % 2 == 0 {
                    item.criteria = (0..id)
                        .map(|n| Criterion {
                            text: format!("c{n}"),
                            done: n % 2 == 0,
                        })
                        .collect();
                }
                if id > 4 {
                    item.blocked_by = vec![id - 1, 1];
                }
                item
            })
            .collect();
        let ctx = Ctx {
            by: "test".into(),
            why: String::new(),
            now,
            today: now.date_naive(),
        };
        let doc = Snapshot {
            items,
            ..Snapshot::default()
        };
        store.import(&ctx, &doc).unwrap();
        let whole = store.export().unwrap().items;
        assert!(whole.iter().any(|i| !i.labels.is_empty()));
        let mut each = Vec::new();
        store
            .each_item(|i| -> crate::store::Result<()> {
                each.push(i.clone());
                Ok(())
            })
            .unwrap();
        assert_eq!(each, whole);
    }
}

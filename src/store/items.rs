//! Changes to items: add, edit, status, dependencies. Each is one transaction.

use rusqlite::Connection;

use super::record::{Kind, Recorder};
use super::{policy, rows, Ctx, Result, Store, StoreError};
use crate::domain::graph;
use crate::domain::{Item, Policy};

pub use crate::domain::StatusChange;

/// An item to add: built by the caller with [`Item::new`], id left at 0.
pub type NewItem = Item;

impl Store {
    /// One item with its lists.
    pub fn item(&self, id: i64) -> Result<Item> {
        rows::load(&self.conn, id)
    }

    /// Adds an item; returns it as stored, with its id and horizon.
    pub fn add_item(&mut self, ctx: &Ctx, mut item: NewItem) -> Result<Item> {
        let tx = self.write()?;
        let policy = policy::load(&tx)?;
        item.id = 0;
        item.created = ctx.now;
        item.updated = ctx.now;
        tidy(&mut item);
        item.settle(None, |s| policy.sla_days(s), ctx.now, ctx.today);
        check(&tx, None, &item)?;
        let mut rec = Recorder::new(&tx, ctx, Kind::Change);
        let item = rec.save_item(&policy, None, item)?;
        tx.commit()?;
        Ok(item)
    }

    /// Changes one item with `edit`, then settles, checks and records it.
    pub fn update_item(
        &mut self,
        ctx: &Ctx,
        id: i64,
        edit: impl FnOnce(&mut Item, &Policy) -> Result<()>,
    ) -> Result<Item> {
        let tx = self.write()?;
        let policy = policy::load(&tx)?;
        let mut rec = Recorder::new(&tx, ctx, Kind::Change);
        let item = change(&mut rec, &policy, id, edit)?;
        tx.commit()?;
        Ok(item)
    }

    /// Starts, finishes, declines or reopens an item.
    pub fn set_status(&mut self, ctx: &Ctx, id: i64, change: &StatusChange) -> Result<Item> {
        if let StatusChange::Decline {
            duplicate_of: Some(other),
        } = change
        {
            if *other != id && !rows::exists(&self.conn, "items", *other)? {
                return Err(StoreError::NoItem(*other));
            }
        }
        let why = ctx.why.clone();
        self.update_item(ctx, id, |item, _| Ok(item.change_status(change, &why)?))
    }

    /// Records that `id` is blocked by `on`.
    pub fn block(&mut self, ctx: &Ctx, id: i64, on: i64) -> Result<Item> {
        self.update_item(ctx, id, |item, _| {
            if item.blocked_by.contains(&on) {
                return Err(StoreError::invalid(format!(
                    "#{id} is already blocked by #{on}"
                )));
            }
            item.blocked_by.push(on);
            item.blocked_by.sort_unstable();
            Ok(())
        })
    }

    /// Removes the dependency of `id` on `on`.
    pub fn unblock(&mut self, ctx: &Ctx, id: i64, on: i64) -> Result<Item> {
        self.update_item(ctx, id, |item, _| {
            let before = item.blocked_by.len();
            item.blocked_by.retain(|b| *b != on);
            if item.blocked_by.len() == before {
                return Err(StoreError::invalid(format!(
                    "#{id} is not blocked by #{on}"
                )));
            }
            Ok(())
        })
    }
}

/// Loads, edits, settles, checks and saves one item inside an open action.
pub(super) fn change(
    rec: &mut Recorder<'_>,
    policy: &Policy,
    id: i64,
    edit: impl FnOnce(&mut Item, &Policy) -> Result<()>,
) -> Result<Item> {
    let conn = rec.conn();
    let old = rows::load(conn, id)?;
    let mut new = old.clone();
    edit(&mut new, policy)?;
    tidy(&mut new);
    let (now, today) = (rec.ctx().now, rec.ctx().today);
    new.settle(Some(&old), |s| policy.sla_days(s), now, today);
    check(conn, Some(&old), &new)?;
    rec.save_item(policy, Some(&old), new)
}

/// Trims the title and keeps labels and blockers sorted sets.
fn tidy(item: &mut Item) {
    item.title = item.title.trim().to_string();
    item.labels.sort();
    item.labels.dedup();
    item.blocked_by.sort_unstable();
    item.blocked_by.dedup();
}

/// Checks an item's own rules and every id it refers to.
pub(super) fn check(conn: &Connection, old: Option<&Item>, item: &Item) -> Result<()> {
    item.validate()?;
    if let Some(t) = item.theme {
        if !rows::exists(conn, "themes", t)? {
            return Err(StoreError::NoTheme(t));
        }
    }
    let refers = |other: Option<i64>, was: Option<i64>| other.filter(|o| Some(*o) != was);
    if let Some(p) = refers(item.parent, old.and_then(|o| o.parent)) {
        if !rows::exists(conn, "items", p)? {
            return Err(StoreError::NoItem(p));
        }
        // Walk up from the new parent; meeting the item means a loop.
        let mut up = Some(p);
        let mut seen = 0;
        while let Some(cur) = up {
            if cur == item.id || seen > 10_000 {
                return Err(StoreError::invalid(format!(
                    "#{p} cannot be the parent of #{}: #{p} is already under #{}",
                    item.id, item.id
                )));
            }
            up = conn
                .prepare_cached("SELECT parent FROM items WHERE id = ?1")?
                .query_row([cur], |r| r.get(0))?;
            seen += 1;
        }
    }
    if let Some(d) = refers(item.duplicate_of, old.and_then(|o| o.duplicate_of)) {
        if !rows::exists(conn, "items", d)? {
            return Err(StoreError::NoItem(d));
        }
    }
    let before: &[i64] = old.map_or(&[], |o| &o.blocked_by);
    for &b in item.blocked_by.iter().filter(|b| !before.contains(b)) {
        if b == item.id {
            return Err(StoreError::invalid(format!(
                "#{b} cannot be blocked by itself (cycle {})",
                graph::describe_cycle(&[b, b])
            )));
        }
        if !rows::exists(conn, "items", b)? {
            return Err(StoreError::NoItem(b));
        }
        if item.id != 0 {
            let mut stmt =
                conn.prepare_cached("SELECT blocker FROM dependencies WHERE item = ?1")?;
            let mut failure = None;
            let cycle = graph::cycle_through(item.id, b, |n| {
                match stmt
                    .query_map([n], |r| r.get(0))
                    .and_then(Iterator::collect)
                {
                    Ok(v) => v,
                    Err(e) => {
                        failure = Some(e);
                        Vec::new()
                    }
                }
            });
            if let Some(e) = failure {
                return Err(e.into());
            }
            if let Some(cycle) = cycle {
                return Err(StoreError::invalid(format!(
                    "#{} cannot be blocked by #{b}: that would close the cycle {}",
                    item.id,
                    graph::describe_cycle(&cycle)
                )));
            }
        }
    }
    Ok(())
}

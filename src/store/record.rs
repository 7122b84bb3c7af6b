//! The decision log as it is written: one action, many decisions, one transaction.

use rusqlite::{params, Connection, OptionalExtension};

use super::{batch, rows};
use super::{Ctx, Result};
use crate::domain::item::fmt_time;
use crate::domain::{score, triage, Field, Item, Policy};

/// What kind of action is being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Change,
    Undo(i64),
    Redo(i64),
    Import,
}

/// Writes the decisions of one action. The action row is created with the first
/// decision, so an action that changes nothing leaves no trace.
pub(super) struct Recorder<'c> {
    conn: &'c Connection,
    ctx: &'c Ctx,
    kind: Kind,
    action: Option<i64>,
    /// `ctx.now` as decisions store it.
    at: String,
    pub(super) count: usize,
}

impl<'c> Recorder<'c> {
    pub(super) fn new(conn: &'c Connection, ctx: &'c Ctx, kind: Kind) -> Self {
        Recorder {
            conn,
            ctx,
            kind,
            action: None,
            at: fmt_time(ctx.now),
            count: 0,
        }
    }

    pub(super) fn ctx(&self) -> &Ctx {
        self.ctx
    }

    pub(super) fn action_id(&mut self) -> Result<i64> {
        if let Some(id) = self.action {
            return Ok(id);
        }
        let (kind, target) = match self.kind {
            Kind::Change => ("change", None),
            Kind::Undo(t) => ("undo", Some(t)),
            Kind::Redo(t) => ("redo", Some(t)),
            Kind::Import => ("import", None),
        };
        if matches!(self.kind, Kind::Change | Kind::Import) {
            // A new change makes what was undone impossible to redo.
            self.conn
                .prepare_cached("UPDATE actions SET state = 'abandoned' WHERE state = 'undone'")?
                .execute([])?;
        }
        self.conn
            .prepare_cached("INSERT INTO actions (at, by, kind, target) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![self.at, self.ctx.by, kind, target])?;
        let id = self.conn.last_insert_rowid();
        self.action = Some(id);
        Ok(id)
    }

    /// Records one decision.
    pub(super) fn record(
        &mut self,
        item: Option<i64>,
        field: &str,
        old: Option<&str>,
        new: Option<&str>,
        why: &str,
    ) -> Result<()> {
        let action = self.action_id()?;
        self.conn
            .prepare_cached(
                "INSERT INTO decisions (action, at, by, item, field, old, new, why) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                action,
                self.at,
                self.ctx.by,
                item,
                field,
                old,
                new,
                why
            ])?;
        self.count += 1;
        Ok(())
    }

    /// Records the creation of each of `items` (id, snapshot, and a reason of
    /// its own or `None` for the action's), in batches: an import into an
    /// empty backlog records one for every item it holds.
    pub(super) fn record_created(
        &mut self,
        items: impl IntoIterator<Item = (i64, String, Option<String>)>,
    ) -> Result<()> {
        self.record_snapshots(items, true)
    }

    /// Records the removal of each of `items` (id and the snapshot it had), in
    /// batches: the undo of an import removes every item it created.
    pub(super) fn record_removed(
        &mut self,
        items: impl IntoIterator<Item = (i64, String)>,
    ) -> Result<()> {
        self.record_snapshots(items.into_iter().map(|(id, s)| (id, s, None)), false)
    }

    /// `created` decisions with the snapshot as the new value (a creation) or
    /// the old one (a removal).
    fn record_snapshots(
        &mut self,
        items: impl IntoIterator<Item = (i64, String, Option<String>)>,
        created: bool,
    ) -> Result<()> {
        let action = self.action_id()?;
        let (when, ctx) = (self.at.clone(), self.ctx);
        let (old, new) = if created { (6, 7) } else { (7, 6) };
        let mut rows = batch::Batched::new(
            self.conn,
            "INSERT INTO decisions (action, at, by, item, field, old, new, why) VALUES ",
            8,
            move |s, at, (item, snapshot, why): &(i64, String, Option<String>)| {
                s.raw_bind_parameter(at + 1, action)?;
                s.raw_bind_parameter(at + 2, &when)?;
                s.raw_bind_parameter(at + 3, &ctx.by)?;
                s.raw_bind_parameter(at + 4, item)?;
                s.raw_bind_parameter(at + 5, crate::domain::record::CREATED)?;
                s.raw_bind_parameter(at + old, rusqlite::types::Null)?;
                s.raw_bind_parameter(at + new, snapshot)?;
                s.raw_bind_parameter(at + 8, why.as_deref().unwrap_or(&ctx.why))
            },
        )?;
        for row in items {
            rows.push(row)?;
            self.count += 1;
        }
        rows.finish()
    }

    /// Writes `new` over `old` (or creates it), re-derives its horizon, and records
    /// a decision for every field that changed. `why` is the user's reason; a
    /// horizon moved by triage carries triage's reason instead.
    pub(super) fn save_item(
        &mut self,
        policy: &Policy,
        old: Option<&Item>,
        new: Item,
    ) -> Result<Item> {
        let why = self.ctx.why.clone();
        self.save_item_because(policy, old, new, &why)
    }

    /// [`Recorder::save_item`] with a reason of its own instead of the action's.
    pub(super) fn save_item_because(
        &mut self,
        policy: &Policy,
        old: Option<&Item>,
        mut new: Item,
        why: &str,
    ) -> Result<Item> {
        let (horizon, triage_why) = triage::derive(&new, policy);
        new.horizon = horizon;
        let why = why.to_string();
        match old {
            None => {
                if new.id == 0 {
                    new.id = next_item_id(self.conn)?;
                }
                self.record(
                    Some(new.id),
                    crate::domain::record::CREATED,
                    None,
                    Some(&new.snapshot()),
                    &why,
                )?;
                self.record(
                    Some(new.id),
                    Field::Horizon.name(),
                    None,
                    Some(new.horizon.as_str()),
                    &triage_why,
                )?;
            }
            Some(old) => {
                let changed: Vec<Field> = Field::ALL
                    .into_iter()
                    .filter(|f| f.get(old) != f.get(&new))
                    .collect();
                if changed.is_empty() {
                    return Ok(new);
                }
                new.updated = self.ctx.now;
                for f in changed {
                    let reason = if f == Field::Horizon && !new.pinned {
                        &triage_why
                    } else {
                        &why
                    };
                    self.record(
                        Some(new.id),
                        f.name(),
                        f.get(old).as_deref(),
                        f.get(&new).as_deref(),
                        reason,
                    )?;
                }
            }
        }
        rows::save(self.conn, old, &new, score::score(&new, policy))?;
        Ok(new)
    }
}

pub(super) fn next_item_id(conn: &Connection) -> Result<i64> {
    // Ids are never reused, even after an undone creation, so decisions stay unambiguous.
    let max_item: Option<i64> = conn.query_row("SELECT max(id) FROM items", [], |r| r.get(0))?;
    let max_logged: Option<i64> = conn
        .query_row("SELECT max(item) FROM decisions", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(max_item.unwrap_or(0).max(max_logged.unwrap_or(0)) + 1)
}

impl<'c> Recorder<'c> {
    pub(super) fn conn(&self) -> &'c Connection {
        self.conn
    }
}

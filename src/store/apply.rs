//! The one entry point for changes to items: a list of `(id, Edit)` applied as
//! one action, in one transaction, every decision carrying the action's reason.
//! The command line, the TUI and the importers all come through here; the
//! rules of each edit are the domain's (`Edit::apply`), the ids it refers to
//! are checked here as every saved item is (`items::check`).

use std::collections::HashMap;

use rusqlite::Connection;

use super::record::{Kind, Recorder};
use super::{busy_or, items, policy, Ctx, Result, Store, StoreError};
use crate::domain::{Edit, Item};

/// A reason stand-in while an action is only tried: the real one is asked
/// after, and a decline must not be refused for want of it.
const TRIED: &str = "(reason to come)";

impl Store {
    /// Applies `edits` as one action: all of them or none. Edits of the same
    /// item are applied to it in order and saved once, so each changed field
    /// gets one decision from its first value to its last. Returns each item
    /// changed, as stored, in the order first named.
    pub fn apply(&mut self, ctx: &Ctx, edits: &[(i64, Edit)]) -> Result<Vec<Item>> {
        let tx = self.write()?;
        let (items, _) = apply_in(&tx, ctx, edits)?;
        tx.commit()?;
        Ok(items)
    }

    /// Tries `edits` as [`Store::apply`] would, then reads what the backlog
    /// would hold with `read`, and rolls everything back: nothing is written.
    /// A change the store would refuse (a cycle, an unknown id) is refused
    /// here the same way, before anyone is asked why.
    pub fn try_apply<T>(
        &mut self,
        ctx: &Ctx,
        edits: &[(i64, Edit)],
        read: impl FnOnce(&Store, &[Item]) -> Result<T>,
    ) -> Result<T> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| busy_or(e, &self.path))?;
        let ctx = Ctx {
            why: if ctx.why.trim().is_empty() {
                TRIED.into()
            } else {
                ctx.why.clone()
            },
            ..ctx.clone()
        };
        let result = apply_in(&self.conn, &ctx, edits).and_then(|(items, _)| read(self, &items));
        let rolled_back = self.conn.execute_batch("ROLLBACK");
        let out = result?;
        rolled_back?;
        Ok(out)
    }
}

/// Applies `edits` inside an open transaction, as one recorded action.
/// Returns the items as saved, and how many of them changed.
pub(super) fn apply_in(
    conn: &Connection,
    ctx: &Ctx,
    edits: &[(i64, Edit)],
) -> Result<(Vec<Item>, usize)> {
    let policy = policy::load(conn)?;
    // Each item's edits, items in the order first named.
    let mut order: Vec<i64> = Vec::new();
    let mut by_item: HashMap<i64, Vec<&Edit>> = HashMap::new();
    for (id, e) in edits {
        by_item
            .entry(*id)
            .or_insert_with(|| {
                order.push(*id);
                Vec::new()
            })
            .push(e);
    }
    let mut rec = Recorder::new(conn, ctx, Kind::Change);
    let mut out = Vec::with_capacity(order.len());
    let mut changed = 0;
    for id in order {
        let before = rec.count;
        let item = items::change(&mut rec, &policy, id, |item, _| {
            for e in by_item.remove(&id).unwrap_or_default() {
                e.apply(item, &ctx.why).map_err(StoreError::from)?;
            }
            Ok(())
        })?;
        if rec.count > before {
            changed += 1;
        }
        out.push(item);
    }
    Ok((out, changed))
}

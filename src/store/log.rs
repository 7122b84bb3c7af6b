//! The decision log as it is read: the newest decision, and what came after
//! one (a refinement session's work).

use super::{Result, Store};
use crate::domain::Action;

impl Store {
    /// The newest decision's id (0 when there is none).
    pub fn last_decision(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM decisions", [], |r| {
                r.get(0)
            })?)
    }

    /// Decisions after decision `since`, oldest first.
    pub fn decisions_after(&self, since: i64) -> Result<Vec<crate::domain::Decision>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, action, at, by, item, field, old, new, why FROM decisions WHERE id > ?1 ORDER BY id",
        )?;
        let out = stmt
            .query_map([since], super::query::decision_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// The actions the decisions after decision `since` belong to.
    pub fn actions_after(&self, since: i64) -> Result<Vec<Action>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, by, kind, target, state, undone_by FROM actions \
             WHERE id IN (SELECT DISTINCT action FROM decisions WHERE id > ?1) ORDER BY id",
        )?;
        let out = stmt
            .query_map([since], |r| {
                Ok(Action {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    kind: r.get(3)?,
                    target: r.get(4)?,
                    state: r.get(5)?,
                    undone_by: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }
}

//! What a sprint plan reads, and committing it as one action.

use super::{Ctx, Result, Store};
use crate::domain::plan::Candidate;
use crate::domain::{Edit, Field};

impl Store {
    /// What a plan can take: open items with a lane (those without an effort
    /// are named when they are mandatory).
    pub fn plan_candidates(&self) -> Result<Vec<Candidate>> {
        let criteria = self.with_criteria()?;
        let mut blockers = self.open_blockers()?;
        let rows =
            self.narrow("NOT INDEXED WHERE status IN ('todo', 'doing') AND lane IS NOT NULL")?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(Candidate {
                    lane: r.lane?,
                    status: r.status,
                    effort: r.effort.map(u32::from),
                    open_blockers: blockers.remove(&r.key.id).unwrap_or_default(),
                    has_criteria: criteria.contains(&r.key.id),
                    key: r.key,
                })
            })
            .collect())
    }

    /// Pins every item of a committed plan to `now`: one action, recorded.
    /// Returns how many items changed.
    pub fn commit_plan(&mut self, ctx: &Ctx, ids: &[i64]) -> Result<usize> {
        let pin = Edit::Set(vec![
            (Field::Horizon, Some("now".into())),
            (Field::Pinned, Some("true".into())),
        ]);
        let edits: Vec<(i64, Edit)> = ids.iter().map(|id| (*id, pin.clone())).collect();
        let tx = self.write()?;
        let (_, changed) = super::apply::apply_in(&tx, ctx, &edits)?;
        tx.commit()?;
        Ok(changed)
    }
}

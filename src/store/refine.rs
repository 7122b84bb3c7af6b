//! What the refinement queue reads: every open item's facts, each one's
//! readiness for refinement and planning, and the finished hot fixes owing a
//! post-mortem.

use std::collections::{HashMap, HashSet};

use super::narrow::{facts, OWING};
use super::{Result, Store};
use crate::domain::item::parse_time;
use crate::domain::refine::Facts;
use crate::domain::Readiness;

impl Store {
    /// What the refinement queue looks at: every open item, and finished hot
    /// fixes without a post-mortem.
    pub fn refine_facts(&self) -> Result<Vec<Facts>> {
        let criteria = self.with_criteria()?;
        let rows = self.narrow(&format!(
            "NOT INDEXED WHERE status IN ('todo', 'doing') OR ({OWING})"
        ))?;
        rows.iter().map(|r| facts(r, &criteria)).collect()
    }

    /// What the TUI keeps beside its cards so refinement and planning need no
    /// reading: each open item's readiness, and the hot fixes owing a post-mortem.
    pub fn readiness(&self) -> Result<(HashMap<i64, Readiness>, Vec<Facts>)> {
        let criteria = self.with_criteria()?;
        let mut blockers = self.open_blockers()?;
        let mut open = HashMap::new();
        for r in self.narrow("NOT INDEXED WHERE status IN ('todo', 'doing')")? {
            open.insert(
                r.key.id,
                Readiness {
                    scored: r.scored,
                    has_criteria: criteria.contains(&r.key.id),
                    updated: parse_time(&r.updated)?,
                    blockers: blockers.remove(&r.key.id).unwrap_or_default(),
                },
            );
        }
        let owing = self
            .narrow(&format!("WHERE {OWING}"))?
            .into_iter()
            .map(|r| facts(&r, &criteria))
            .collect::<Result<_>>()?;
        Ok((open, owing))
    }

    /// One item's readiness when it is open, or its facts when it is a finished
    /// hot fix owing a post-mortem.
    pub fn readiness_of(&self, id: i64) -> Result<(Option<Readiness>, Option<Facts>)> {
        let Some(r) = self.narrow(&format!("WHERE id = {id}"))?.pop() else {
            return Ok((None, None));
        };
        let has_criteria: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM criteria WHERE item = ?1)",
            [id],
            |row| row.get(0),
        )?;
        if r.status.is_open() {
            let mut stmt = self.conn.prepare_cached(
                "SELECT d.blocker FROM dependencies d JOIN items b ON b.id = d.blocker \
                 WHERE d.item = ?1 AND b.status IN ('todo', 'doing') ORDER BY d.blocker",
            )?;
            let blockers = stmt
                .query_map([id], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            return Ok((
                Some(Readiness {
                    scored: r.scored,
                    has_criteria,
                    updated: parse_time(&r.updated)?,
                    blockers,
                }),
                None,
            ));
        }
        if r.needs_postmortem {
            let criteria = if has_criteria {
                HashSet::from([id])
            } else {
                HashSet::new()
            };
            return Ok((None, Some(facts(&r, &criteria)?)));
        }
        Ok((None, None))
    }
}

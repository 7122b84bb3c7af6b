//! What planning, refinement and the roadmap read, in a few narrow queries that
//! stay fast at 100,000 items; and committing a plan as one action.

use std::collections::{HashMap, HashSet};

use super::record::{Kind, Recorder};
use super::rows::word;
use super::{items, policy, Ctx, Result, Store};
use crate::domain::dates::iso_date;
use crate::domain::item::parse_time;
use crate::domain::plan::Candidate;
use crate::domain::rank::RankKey;
use crate::domain::refine::Facts;
use crate::domain::roadmap::Piece;
use crate::domain::{Horizon, Lane, Readiness, Severity, Status};

/// One row of the narrow item query every reader here shares. It reads the
/// table in one pass (`NOT INDEXED`): when most rows are wanted that is several
/// times faster than the status index's row-by-row lookups.
struct Row {
    key: RankKey,
    lane: Option<Lane>,
    status: Status,
    effort: Option<u8>,
    scored: bool,
    theme: Option<i64>,
    parent: Option<i64>,
    updated: String,
    needs_postmortem: bool,
}

/// A finished hot fix still owing its post-mortem, as SQL.
macro_rules! owing {
    () => {
        "lane = 'hotfix' AND status = 'done' \
         AND (trim(coalesce(root_cause, '')) = '' OR trim(coalesce(prevention, '')) = '')"
    };
}

const OWING: &str = owing!();

const SELECT: &str = concat!(
    "SELECT id, lane, status, horizon, severity, score, due, effort, \
     value IS NOT NULL AND impact IS NOT NULL AND risk IS NOT NULL AND effort IS NOT NULL, \
     theme, parent, updated, ",
    owing!(),
    " FROM items"
);

impl Store {
    /// `from` follows `FROM items`: `NOT INDEXED WHERE …` to scan, or a plain
    /// `WHERE …` for a few rows.
    fn narrow(&self, from: &str) -> Result<Vec<Row>> {
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT} {from}"))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(Row {
                key: RankKey {
                    id: r.get(0)?,
                    horizon: word(r, 3)?
                        .and_then(|t| Horizon::parse(t).ok())
                        .unwrap_or(Horizon::Later),
                    severity: word(r, 4)?.and_then(|t| Severity::parse(t).ok()),
                    score: r.get(5)?,
                    due: word(r, 6)?.and_then(iso_date),
                },
                lane: word(r, 1)?.and_then(|t| Lane::parse(t).ok()),
                status: word(r, 2)?
                    .and_then(|t| Status::parse(t).ok())
                    .unwrap_or(Status::Todo),
                effort: r.get(7)?,
                scored: r.get(8)?,
                theme: r.get(9)?,
                parent: r.get(10)?,
                updated: r.get(11)?,
                needs_postmortem: r.get::<_, Option<bool>>(12)?.unwrap_or(false),
            });
        }
        Ok(out)
    }

    /// Ids of items with at least one acceptance criterion.
    fn with_criteria(&self) -> Result<HashSet<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT item FROM criteria")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Open blockers of each item that has any.
    fn open_blockers(&self) -> Result<HashMap<i64, Vec<i64>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.item, d.blocker FROM dependencies d JOIN items b ON b.id = d.blocker \
             WHERE b.status IN ('todo', 'doing') ORDER BY d.item, d.blocker",
        )?;
        let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        Ok(out)
    }

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

    /// What the refinement queue looks at: every open item, and finished hot
    /// fixes without a post-mortem.
    pub fn refine_facts(&self) -> Result<Vec<Facts>> {
        let criteria = self.with_criteria()?;
        let rows = self.narrow(&format!(
            "NOT INDEXED WHERE status IN ('todo', 'doing') OR ({OWING})"
        ))?;
        rows.iter().map(|r| facts(r, &criteria)).collect()
    }

    /// Every item that is not declined, as the roadmap counts it.
    pub fn roadmap_pieces(&self) -> Result<Vec<Piece>> {
        let rows = self.narrow("NOT INDEXED WHERE status <> 'declined'")?;
        Ok(rows
            .into_iter()
            .map(|r| Piece {
                id: r.key.id,
                theme: r.theme,
                parent: r.parent,
                lane: r.lane,
                horizon: r.key.horizon,
                done: r.status == Status::Done,
                effort: r.effort.map_or(0, u32::from),
            })
            .collect())
    }

    /// Pins every item of a committed plan to `now`: one action, recorded.
    /// Returns how many items changed.
    pub fn commit_plan(&mut self, ctx: &Ctx, ids: &[i64]) -> Result<usize> {
        let tx = self.write()?;
        let policy = policy::load(&tx)?;
        let mut rec = Recorder::new(&tx, ctx, Kind::Change);
        let mut changed = 0;
        for &id in ids {
            let before = rec.count;
            items::change(&mut rec, &policy, id, |item, _| {
                item.horizon = Horizon::Now;
                item.pinned = true;
                Ok(())
            })?;
            if rec.count > before {
                changed += 1;
            }
        }
        tx.commit()?;
        Ok(changed)
    }
}

impl Store {
    /// Titles of the given items, for lists that show a few of many.
    pub fn titles(&self, ids: &[i64]) -> Result<HashMap<i64, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT title FROM items WHERE id = ?1")?;
        let mut out = HashMap::new();
        for &id in ids {
            let title: String = stmt.query_row([id], |r| r.get(0))?;
            out.insert(id, title);
        }
        Ok(out)
    }
}

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
}

fn facts(r: &Row, criteria: &HashSet<i64>) -> Result<Facts> {
    Ok(Facts {
        has_criteria: criteria.contains(&r.key.id),
        lane: r.lane,
        status: r.status,
        scored: r.scored,
        updated: parse_time(&r.updated)?,
        needs_postmortem: r.needs_postmortem,
        key: r.key,
    })
}

impl Store {
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

//! The narrow item query that planning, refinement and the roadmap share: a
//! few columns of every item in one pass, fast at 100,000 items.

use std::collections::{HashMap, HashSet};

use super::rows::word;
use super::{Result, Store};
use crate::domain::dates::iso_date;
use crate::domain::item::parse_time;
use crate::domain::rank::RankKey;
use crate::domain::refine::Facts;
use crate::domain::{Horizon, Lane, Severity, Status};

/// One row of the narrow item query every reader here shares. It reads the
/// table in one pass (`NOT INDEXED`): when most rows are wanted that is several
/// times faster than the status index's row-by-row lookups.
pub(super) struct Row {
    pub(super) key: RankKey,
    pub(super) lane: Option<Lane>,
    pub(super) status: Status,
    pub(super) effort: Option<u8>,
    pub(super) scored: bool,
    pub(super) theme: Option<i64>,
    pub(super) parent: Option<i64>,
    pub(super) updated: String,
    pub(super) needs_postmortem: bool,
}

/// A finished hot fix still owing its post-mortem, as SQL.
macro_rules! owing {
    () => {
        "lane = 'hotfix' AND status = 'done' \
         AND (trim(coalesce(root_cause, '')) = '' OR trim(coalesce(prevention, '')) = '')"
    };
}

pub(super) const OWING: &str = owing!();

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
    pub(super) fn narrow(&self, from: &str) -> Result<Vec<Row>> {
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
    pub(super) fn with_criteria(&self) -> Result<HashSet<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT item FROM criteria")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Open blockers of each item that has any.
    pub(super) fn open_blockers(&self) -> Result<HashMap<i64, Vec<i64>>> {
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
}

/// The refinement facts of one narrow row.
pub(super) fn facts(r: &Row, criteria: &HashSet<i64>) -> Result<Facts> {
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

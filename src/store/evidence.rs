//! What metrics, forecasts and the report read (DESIGN.md section 11): only the
//! items a window touches and the open items that matter, through indexes.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Row};

use super::rows::{self, word};
use super::{Result, Store, StoreError};
use crate::domain::dates::iso_date;
use crate::domain::item::{fmt_time, parse_time};
use crate::domain::metrics::{self, Fact, Input, Metrics, Selection, Window};
use crate::domain::{Decision, Horizon, Item, Lane, Severity, Status};

const FACT_COLUMNS: &str = "id, lane, status, value, impact, risk, effort, severity, due, \
     created, started, finished, \
     trim(coalesce(root_cause, '')) <> '' AND trim(coalesce(prevention, '')) <> ''";

fn fact_from_row(r: &Row<'_>) -> rusqlite::Result<Fact> {
    let time = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(word(r, i)?.and_then(|t| parse_time(t).ok()))
    };
    Ok(Fact {
        id: r.get(0)?,
        lane: word(r, 1)?.and_then(|t| Lane::parse(t).ok()),
        status: word(r, 2)?
            .and_then(|t| Status::parse(t).ok())
            .unwrap_or(Status::Todo),
        value: r.get(3)?,
        impact: r.get(4)?,
        risk: r.get(5)?,
        effort: r.get(6)?,
        severity: word(r, 7)?.and_then(|t| Severity::parse(t).ok()),
        due: word(r, 8)?.and_then(iso_date),
        created: time(9)?.unwrap_or_default(),
        started: time(10)?,
        finished: time(11)?,
        postmortem: r.get::<_, Option<bool>>(12)?.unwrap_or(false),
    })
}

/// What the metrics are computed from (see `domain::metrics::Input`).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub facts: Vec<Fact>,
    /// Items open at the window's start, per column: the Inbox, then the lanes.
    pub open_at_start: [usize; 5],
    /// When the first item of the backlog was created.
    pub began: Option<DateTime<Utc>>,
}

/// What a forecast counts down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remaining {
    Horizon(Horizon),
    /// Open items of the theme, and open milestones without a theme whose
    /// parent has it (they serve their bet's theme, as on the roadmap).
    Theme(i64),
    /// The item, when open, and its open milestones.
    Item(i64),
}

impl Store {
    /// Items finished or created since `from`, items in `doing`, and open items
    /// with a severity due before `today`; and the items open at `from`.
    pub fn evidence(&self, from: DateTime<Utc>, today: NaiveDate) -> Result<Evidence> {
        let from = fmt_time(from);
        let today = today.to_string();
        // The ids come from the indexes alone; the rows are then read once
        // each, in id order, however many of the four lists an item is in.
        // (Read list by list, rows wanted by several were read again, page by
        // page: twice the work at 100k items.)
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FACT_COLUMNS} FROM items WHERE id IN ( \
             SELECT id FROM items INDEXED BY items_finished WHERE finished >= ?1 \
             UNION ALL SELECT id FROM items INDEXED BY items_created WHERE created >= ?1 \
             UNION ALL SELECT id FROM items INDEXED BY items_status WHERE status = 'doing' \
             UNION ALL SELECT id FROM items INDEXED BY items_severity_due \
             WHERE severity IS NOT NULL AND status IN ('todo', 'doing') AND due < ?2) \
             ORDER BY id"
        ))?;
        let facts = stmt
            .query_map(params![from, today], fact_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Open at the start: created before it and not finished by then,
        // less the finished items whose finish is unknown (see migration 7).
        let mut open_at_start = [0usize; 5];
        for (sql, sign) in [
            (
                "SELECT lane, count(*) FROM items INDEXED BY items_created \
                 WHERE created < ?1 AND (finished IS NULL OR finished >= ?1) GROUP BY lane",
                1,
            ),
            (
                "SELECT lane, count(*) FROM items INDEXED BY items_finish_unknown \
                 WHERE finished IS NULL AND status IN ('done', 'declined') AND created < ?1 \
                 GROUP BY lane",
                -1,
            ),
        ] {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut counts = stmt.query([&from])?;
            while let Some(r) = counts.next()? {
                let col = word(r, 0)?
                    .and_then(|t| Lane::parse(t).ok())
                    .map_or(0, |l| l as usize + 1);
                open_at_start[col] =
                    open_at_start[col].saturating_add_signed(sign * r.get::<_, isize>(1)?);
            }
        }
        let began: Option<String> = self
            .conn
            .prepare_cached("SELECT min(created) FROM items")?
            .query_row([], |r| r.get(0))?;
        Ok(Evidence {
            facts,
            open_at_start,
            began: began.and_then(|t| crate::domain::item::parse_time(&t).ok()),
        })
    }

    /// Every metric of section 11 over `window`, for the selected lanes.
    pub fn metrics(&self, window: &Window, today: NaiveDate, lanes: &Selection) -> Result<Metrics> {
        let e = self.evidence(window.from, today)?;
        let input = Input {
            facts: &e.facts,
            open_at_start: e.open_at_start,
            lanes,
            began: e.began,
        };
        Ok(metrics::compute(&input, &self.policy()?, window, today))
    }

    /// How many open items a forecast has to count down.
    pub fn remaining(&self, what: &Remaining) -> Result<u64> {
        let (sql, arg): (&str, Box<dyn rusqlite::ToSql>) = match what {
            Remaining::Horizon(h) => (
                "SELECT count(*) FROM items INDEXED BY items_rank_open \
                 WHERE status IN ('todo', 'doing') AND horizon_rank = ?1",
                Box::new(Horizon::ALL.iter().position(|x| x == h).unwrap_or(2) as i64),
            ),
            Remaining::Theme(t) => (
                "SELECT count(*) FROM items WHERE status IN ('todo', 'doing') AND (theme = ?1 \
                 OR (theme IS NULL AND parent IN (SELECT id FROM items WHERE theme = ?1)))",
                Box::new(*t),
            ),
            Remaining::Item(id) => {
                if !rows::exists(&self.conn, "items", *id)? {
                    return Err(StoreError::NoItem(*id));
                }
                (
                    "SELECT count(*) FROM items WHERE status IN ('todo', 'doing') \
                     AND (id = ?1 OR parent = ?1)",
                    Box::new(*id),
                )
            }
        };
        let n: i64 = self.conn.query_row(sql, [arg], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// Effort of the open items of `horizon`, per lane (in `Lane::ALL` order).
    pub fn open_effort(&self, horizon: Horizon) -> Result<[u32; 4]> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT lane, sum(effort) FROM items INDEXED BY items_rank_open \
             WHERE status IN ('todo', 'doing') AND horizon_rank = ?1 AND lane IS NOT NULL \
             GROUP BY lane",
        )?;
        let rank = Horizon::ALL.iter().position(|x| *x == horizon).unwrap_or(2) as i64;
        let mut rows = stmt.query([rank])?;
        let mut out = [0; 4];
        while let Some(r) = rows.next()? {
            if let Some(l) = word(r, 0)?.and_then(|t| Lane::parse(t).ok()) {
                out[l as usize] = r.get::<_, Option<u32>>(1)?.unwrap_or(0);
            }
        }
        Ok(out)
    }

    /// How many items of `lane` are open.
    pub fn open_in_lane(&self, lane: Lane) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM items WHERE lane = ?1 AND status IN ('todo', 'doing')",
            [lane.as_str()],
            |r| r.get(0),
        )?;
        Ok(n.unsigned_abs())
    }

    /// Calls `f` with every decision made at or after `since`, oldest first,
    /// one at a time (the same `Decision` is filled again for each), so a long
    /// period need not be held in memory.
    pub fn each_decision_since(
        &self,
        since: DateTime<Utc>,
        mut f: impl FnMut(&Decision),
    ) -> Result<()> {
        // The first of them by the index on `at`, then the log in id order from
        // there: no sort of the whole period (`at` follows the id, except in
        // imported history, which the filter on `at` still leaves out).
        let since = fmt_time(since);
        let first: Option<i64> = self.conn.query_row(
            "SELECT min(id) FROM decisions INDEXED BY decisions_at WHERE at >= ?1",
            [&since],
            |r| r.get(0),
        )?;
        let Some(first) = first else {
            return Ok(());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, action, at, by, item, field, old, new, why FROM decisions \
             WHERE id >= ?1 AND at >= ?2 ORDER BY id",
        )?;
        let mut rows = stmt.query(params![first, since])?;
        let mut d = Decision::default();
        while let Some(r) = rows.next()? {
            super::query::fill_decision(r, &mut d)?;
            f(&d);
        }
        Ok(())
    }

    /// Calls `f` with the facts of the items finished at or after `since`.
    pub fn each_finished_since(
        &self,
        since: DateTime<Utc>,
        mut f: impl FnMut(&Fact),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FACT_COLUMNS} FROM items INDEXED BY items_finished WHERE finished >= ?1"
        ))?;
        let mut rows = stmt.query([fmt_time(since)])?;
        while let Some(r) = rows.next()? {
            f(&fact_from_row(r)?);
        }
        Ok(())
    }

    /// Items of `lane` finished (done or declined) at or after `since`, oldest first.
    pub fn finished_since(&self, lane: Lane, since: DateTime<Utc>) -> Result<Vec<Item>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM items INDEXED BY items_finished \
             WHERE finished >= ?1 AND lane = ?2 ORDER BY finished, id",
            rows::COLUMNS
        ))?;
        let mut items: Vec<Item> = stmt
            .query_map(params![fmt_time(since), lane.as_str()], rows::item_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        rows::attach(&self.conn, &mut items)?;
        Ok(items)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::metrics::open_at;
    use crate::domain::{Item, StatusChange};
    use crate::store::Ctx;

    fn ctx(at: &str) -> Ctx {
        let now = parse_time(at).unwrap();
        Ctx {
            by: "test".into(),
            why: String::new(),
            now,
            today: now.date_naive(),
        }
    }

    /// Forty items created, started and finished on a spread of days.
    fn backlog() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        for i in 0..40u32 {
            let day = |d: u32| {
                format!(
                    "2026-{:02}-{:02}T{:02}:00:00Z",
                    8 + d / 28,
                    1 + d % 28,
                    i % 24
                )
            };
            let c = ctx(&day(i * 2));
            let mut item = Item::new(&format!("item {i}"), c.now);
            item.lane = [
                None,
                Some(Lane::Hotfix),
                Some(Lane::Feature),
                Some(Lane::Bet),
            ][i as usize % 4];
            item.severity = (i % 5 == 0).then_some(Severity::S2);
            item.effort = Some(3);
            let id = store.add_item(&c, item).unwrap().id;
            if i % 3 != 0 {
                store
                    .set_status(&ctx(&day(i * 2 + 1)), id, &StatusChange::Start)
                    .unwrap();
            }
            if i % 3 == 1 {
                store
                    .set_status(&ctx(&day(i * 2 + 5)), id, &StatusChange::Done)
                    .unwrap();
            }
        }
        (dir, store)
    }

    /// Every item's facts, read with no window.
    fn all_facts(store: &Store) -> Vec<Fact> {
        let mut stmt = store
            .conn
            .prepare(&format!("SELECT {FACT_COLUMNS} FROM items"))
            .unwrap();
        stmt.query_map([], fact_from_row)
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn evidence_holds_what_the_window_needs_and_counts_what_was_open_at_its_start() {
        let (_dir, store) = backlog();
        let all = all_facts(&store);
        for weeks in [1, 2, 4, 8] {
            let now = parse_time("2026-10-20T12:00:00Z").unwrap();
            let w = Window::new(weeks, now).unwrap();
            let e = store.evidence(w.from, now.date_naive()).unwrap();
            assert_eq!(e.open_at_start, open_at(&all, w.from), "{weeks} weeks");
            // Every fact the metrics look at is there, and only once.
            let ids: Vec<i64> = e.facts.iter().map(|f| f.id).collect();
            let mut unique = ids.clone();
            unique.dedup();
            assert_eq!(ids, unique);
            for f in &all {
                let needed = f.finished.is_some_and(|t| t >= w.from)
                    || f.created >= w.from
                    || f.status == Status::Doing;
                assert_eq!(needed, ids.contains(&f.id) && needed, "#{}", f.id);
                if needed {
                    assert!(ids.contains(&f.id), "#{} is missing", f.id);
                }
            }
        }
    }

    #[test]
    fn a_finish_that_is_unknown_is_not_open_at_any_window_start() {
        let (_dir, store) = backlog();
        // Done items exported by a tracker without a resolution date.
        let unknown = store
            .conn
            .execute(
                "UPDATE items SET finished = NULL WHERE status = 'done' AND id % 2 = 0",
                [],
            )
            .unwrap();
        assert!(unknown > 0);
        let all = all_facts(&store);
        let now = parse_time("2026-10-20T12:00:00Z").unwrap();
        let w = Window::new(8, now).unwrap();
        let open_then = all
            .iter()
            .filter(|f| f.created < w.from)
            .filter(|f| f.status.is_open() || f.finished.is_some_and(|t| t >= w.from))
            .count();
        let e = store.evidence(w.from, now.date_naive()).unwrap();
        assert_eq!(e.open_at_start.iter().sum::<usize>(), open_then);
        assert_eq!(e.open_at_start, open_at(&all, w.from));
    }

    #[test]
    fn decisions_since_a_date_come_in_id_order_though_imported_history_is_out_of_time_order() {
        let (_dir, store) = backlog();
        // History imported after the fact: newer ids, older times.
        store
            .conn
            .execute_batch(
                "INSERT INTO actions (id, at, by) VALUES (9000, '2026-10-30T00:00:00Z', 'import');
                 INSERT INTO decisions (action, at, by, item, field, old, new, why) VALUES
                 (9000, '2026-08-03T00:00:00Z', 'old', 1, 'lane', NULL, 'bet', 'then'),
                 (9000, '2026-09-20T00:00:00Z', 'old', 2, 'status', 'todo', NULL, ''),
                 (9000, '2026-08-04T00:00:00Z', 'old', 2, 'status', NULL, 'todo', 'x');",
            )
            .unwrap();
        for since in [
            "2026-07-01T00:00:00Z",
            "2026-08-20T00:00:00Z",
            "2026-09-15T00:00:00Z",
            "2026-12-01T00:00:00Z",
        ] {
            let want: Vec<Decision> = store
                .conn
                .prepare(
                    "SELECT id, action, at, by, item, field, old, new, why FROM decisions \
                     WHERE at >= ?1 ORDER BY id",
                )
                .unwrap()
                .query_map([since], crate::store::query::decision_from_row)
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let mut got = Vec::new();
            store
                .each_decision_since(parse_time(since).unwrap(), |d| got.push(d.clone()))
                .unwrap();
            assert_eq!(got, want, "since {since}");
        }
    }

    #[test]
    fn remaining_counts_open_items_of_a_horizon_theme_or_bet() {
        let (_dir, mut store) = backlog();
        let c = ctx("2026-10-20T12:00:00Z");
        let theme = store.add_theme(&c, "Growth", None).unwrap().id;
        let mut bet = Item::new("bet", c.now);
        bet.lane = Some(Lane::Bet);
        bet.theme = Some(theme);
        let bet = store.add_item(&c, bet).unwrap().id;
        for i in 0..3 {
            let mut m = Item::new(&format!("milestone {i}"), c.now);
            m.parent = Some(bet);
            let id = store.add_item(&c, m).unwrap().id;
            if i == 0 {
                store.set_status(&c, id, &StatusChange::Done).unwrap();
            }
        }
        assert_eq!(store.remaining(&Remaining::Item(bet)).unwrap(), 3);
        assert_eq!(store.remaining(&Remaining::Theme(theme)).unwrap(), 3);
        let open_now = store
            .list(&crate::store::Filter {
                horizon: Some(Horizon::Now),
                ..Default::default()
            })
            .unwrap()
            .len() as u64;
        assert_eq!(
            store.remaining(&Remaining::Horizon(Horizon::Now)).unwrap(),
            open_now
        );
        assert!(matches!(
            store.remaining(&Remaining::Item(9999)),
            Err(StoreError::NoItem(9999))
        ));
    }
}

//! What other processes committed since a reader last looked: how the TUI
//! notices another shell's `lanes decline 56` without reading the backlog on a
//! timer. `PRAGMA data_version` says whether anything was committed elsewhere
//! (it costs no I/O), and the decisions written since tell which items.

use super::query::decision_from_row;
use super::{Result, Store};
use crate::domain::Decision;

/// Where a reader's view of the backlog stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    /// This connection's `PRAGMA data_version`: it moves when another
    /// connection commits, never for this one's own writes.
    pub version: i64,
    /// The newest decision when the mark was taken.
    pub decision: i64,
}

/// What was committed elsewhere since a mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Since {
    /// Where things stand now.
    pub mark: Mark,
    /// The decisions written since, oldest first; at most the limit asked for.
    pub decisions: Vec<Decision>,
    /// False when there were more than the limit, or none to say what
    /// changed (a commit that wrote no decision): read everything again.
    pub complete: bool,
}

impl Store {
    /// Where this connection's view of the backlog stands now.
    pub fn mark(&self) -> Result<Mark> {
        Ok(Mark {
            version: self.data_version()?,
            decision: self.last_decision()?,
        })
    }

    /// What other connections committed since `mark`, with up to `limit` of the
    /// decisions they wrote; `None` when nothing was.
    pub fn since(&self, mark: Mark, limit: usize) -> Result<Option<Since>> {
        let version = self.data_version()?;
        if version == mark.version {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, action, at, by, item, field, old, new, why FROM decisions \
             WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let mut decisions: Vec<Decision> = stmt
            .query_map(
                rusqlite::params![mark.decision, i64::try_from(limit + 1).unwrap_or(i64::MAX)],
                decision_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        let complete = !decisions.is_empty() && decisions.len() <= limit;
        decisions.truncate(limit);
        Ok(Some(Since {
            mark: Mark {
                version,
                decision: self.last_decision()?.max(mark.decision),
            },
            decisions,
            complete,
        }))
    }

    /// The decisions about item `id` after decision `after`, oldest first.
    pub fn item_decisions_after(&self, id: i64, after: i64) -> Result<Vec<Decision>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, action, at, by, item, field, old, new, why FROM decisions \
             WHERE item = ?1 AND id > ?2 ORDER BY id",
        )?;
        let out = stmt
            .query_map([id, after], decision_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Item;
    use crate::store::tests::ctx;

    #[test]
    fn a_commit_by_another_connection_is_seen_and_its_decisions_say_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut tui = Store::open(&path).unwrap();
        let mut other = Store::open(&path).unwrap();
        let c = ctx();
        let a = tui.add_item(&c, Item::new("first", c.now)).unwrap();
        let mark = tui.mark().unwrap();
        // Its own writes do not count as news.
        tui.add_item(&c, Item::new("second", c.now)).unwrap();
        assert_eq!(tui.since(mark, 10).unwrap(), None);
        let mark = tui.mark().unwrap();

        other
            .update_item(&c, a.id, |item, _| {
                item.owner = Some("ana".into());
                Ok(())
            })
            .unwrap();
        let since = tui.since(mark, 10).unwrap().expect("a change elsewhere");
        assert!(since.complete);
        assert_eq!(since.decisions.len(), 1);
        assert_eq!(since.decisions[0].item, Some(a.id));
        assert_eq!(since.decisions[0].field, "owner");
        assert_eq!(since.mark.decision, since.decisions[0].id);
        assert_eq!(tui.since(since.mark, 10).unwrap(), None, "seen once");
        assert_eq!(
            tui.item_decisions_after(a.id, mark.decision).unwrap(),
            since.decisions
        );

        // More than the limit: not complete, read everything again.
        for n in 0..3 {
            other
                .add_item(&c, Item::new(&format!("more {n}"), c.now))
                .unwrap();
        }
        let since = tui
            .since(since.mark, 2)
            .unwrap()
            .expect("changes elsewhere");
        assert!(!since.complete);
        assert_eq!(since.decisions.len(), 2);
    }
}

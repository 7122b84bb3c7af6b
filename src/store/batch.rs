//! Many new rows in few statements: the bulk path of an import into an empty
//! backlog.

use rusqlite::{Connection, Statement};

use super::Result;
use crate::domain::item::fmt_time;
use crate::domain::{Criterion, Horizon, Item, Lane, Severity};

/// Inserts new items, each with the horizon and score to store, and their
/// lists: the path of an import into an empty backlog, where every id is known
/// to be free. Rows go in batches (see [`Batched`]).
pub(super) fn insert_new<'a>(
    conn: &'a Connection,
    items: impl IntoIterator<Item = (&'a Item, Horizon, Option<f64>)>,
) -> Result<()> {
    let mut rows = NewItems::new(conn)?;
    for (item, horizon, score) in items {
        rows.insert(item, horizon, score)?;
    }
    rows.finish()
}

struct NewItems<'c> {
    items: Batched<'c, (&'c Item, Horizon, Option<f64>)>,
    labels: Batched<'c, (i64, &'c str)>,
    criteria: Batched<'c, (i64, usize, &'c Criterion)>,
    blockers: Batched<'c, (i64, i64)>,
}

impl<'c> NewItems<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        Ok(NewItems {
            items: Batched::new(
                conn,
                "INSERT INTO items (id, title, description, lane, status, value, impact, risk, effort, score, \
                 severity, horizon, pinned, due, owner, theme, parent, segment, metric, workaround, root_cause, \
                 prevention, duplicate_of, created, updated, started, finished, source) VALUES ",
                28,
                bind_item,
            )?,
            labels: Batched::new(
                conn,
                "INSERT OR IGNORE INTO labels (item, label) VALUES ",
                2,
                |s, at, &(item, label)| {
                    s.raw_bind_parameter(at + 1, item)?;
                    s.raw_bind_parameter(at + 2, label)
                },
            )?,
            criteria: Batched::new(
                conn,
                "INSERT INTO criteria (item, position, text, done) VALUES ",
                4,
                |s, at, &(item, position, c): &(i64, usize, &Criterion)| {
                    s.raw_bind_parameter(at + 1, item)?;
                    s.raw_bind_parameter(at + 2, position as i64)?;
                    s.raw_bind_parameter(at + 3, &c.text)?;
                    s.raw_bind_parameter(at + 4, c.done)
                },
            )?,
            blockers: Batched::new(
                conn,
                "INSERT INTO dependencies (item, blocker) VALUES ",
                2,
                |s, at, &(item, blocker)| {
                    s.raw_bind_parameter(at + 1, item)?;
                    s.raw_bind_parameter(at + 2, blocker)
                },
            )?,
        })
    }

    /// Inserts `item` with `horizon` (its derived one) and its lists; rows may
    /// wait for [`NewItems::finish`].
    fn insert(&mut self, item: &'c Item, horizon: Horizon, score: Option<f64>) -> Result<()> {
        self.items.push((item, horizon, score))?;
        for l in &item.labels {
            self.labels.push((item.id, l))?;
        }
        for (i, c) in item.criteria.iter().enumerate() {
            self.criteria.push((item.id, i, c))?;
        }
        for &b in &item.blocked_by {
            self.blockers.push((item.id, b))?;
        }
        Ok(())
    }

    /// Writes the rows still waiting.
    fn finish(self) -> Result<()> {
        self.items.finish()?;
        self.labels.finish()?;
        self.criteria.finish()?;
        self.blockers.finish()
    }
}

/// One `INSERT … VALUES (…), (…), …` run per [`Batched::ROWS`] rows. Each run
/// of a statement has a fixed cost (a reset, and for the `items` table the
/// temporary b-trees its `CHECK (… IN (…))` constraints are tested against are
/// opened and closed again), so one run per batch costs a fraction of one run
/// per row.
pub(super) struct Batched<'c, T> {
    conn: &'c Connection,
    head: &'static str,
    width: usize,
    full: Statement<'c>,
    pending: Vec<T>,
    bind: Binder<'c, T>,
}

/// Binds one row's values from a parameter offset.
type Binder<'c, T> = Box<dyn Fn(&mut Statement<'_>, usize, &T) -> rusqlite::Result<()> + 'c>;

impl<'c, T> Batched<'c, T> {
    const ROWS: usize = 64;

    pub(super) fn new(
        conn: &'c Connection,
        head: &'static str,
        width: usize,
        bind: impl Fn(&mut Statement<'_>, usize, &T) -> rusqlite::Result<()> + 'c,
    ) -> Result<Self> {
        Ok(Batched {
            conn,
            head,
            width,
            full: conn.prepare(&values_sql(head, width, Self::ROWS))?,
            pending: Vec::with_capacity(Self::ROWS),
            bind: Box::new(bind),
        })
    }

    pub(super) fn push(&mut self, row: T) -> Result<()> {
        self.pending.push(row);
        if self.pending.len() == Self::ROWS {
            Self::run(&mut self.full, self.width, &self.bind, &self.pending)?;
            self.pending.clear();
        }
        Ok(())
    }

    pub(super) fn finish(self) -> Result<()> {
        if !self.pending.is_empty() {
            let mut rest =
                self.conn
                    .prepare(&values_sql(self.head, self.width, self.pending.len()))?;
            Self::run(&mut rest, self.width, &self.bind, &self.pending)?;
        }
        Ok(())
    }

    fn run(stmt: &mut Statement<'_>, width: usize, bind: &Binder<'c, T>, rows: &[T]) -> Result<()> {
        for (k, row) in rows.iter().enumerate() {
            bind(stmt, k * width, row)?;
        }
        stmt.raw_execute()?;
        Ok(())
    }
}

/// Binds one item row at parameter offset `at`.
fn bind_item(
    s: &mut Statement<'_>,
    at: usize,
    &(item, horizon, score): &(&Item, Horizon, Option<f64>),
) -> rusqlite::Result<()> {
    let mut n = at;
    let mut bind = |v: &dyn rusqlite::ToSql| {
        n += 1;
        s.raw_bind_parameter(n, v)
    };
    bind(&item.id)?;
    bind(&item.title)?;
    bind(&item.description)?;
    bind(&item.lane.map(Lane::as_str))?;
    bind(&item.status.as_str())?;
    bind(&item.value)?;
    bind(&item.impact)?;
    bind(&item.risk)?;
    bind(&item.effort)?;
    bind(&score)?;
    bind(&item.severity.map(Severity::as_str))?;
    bind(&horizon.as_str())?;
    bind(&item.pinned)?;
    bind(&item.due)?;
    bind(&item.owner)?;
    bind(&item.theme)?;
    bind(&item.parent)?;
    bind(&item.segment)?;
    bind(&item.metric)?;
    bind(&item.workaround)?;
    bind(&item.root_cause)?;
    bind(&item.prevention)?;
    bind(&item.duplicate_of)?;
    bind(&fmt_time(item.created))?;
    bind(&fmt_time(item.updated))?;
    bind(&item.started.map(fmt_time))?;
    bind(&item.finished.map(fmt_time))?;
    bind(&item.source)
}

/// `head` followed by `rows` groups of `width` parameters.
fn values_sql(head: &str, width: usize, rows: usize) -> String {
    let one = format!("({})", vec!["?"; width].join(", "));
    format!("{head}{}", vec![one; rows].join(", "))
}

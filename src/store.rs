//! The only code that speaks SQL. One user action is one transaction that writes
//! the change and its decisions together.

mod apply;
mod batch;
mod bulk;
mod cards;
mod check;
mod evidence;
mod fresh;
mod header;
mod imports;
mod items;
mod log;
mod narrow;
mod plan;
mod policy;
mod query;
mod record;
mod refine;
mod roadmap;
mod rows;
mod schema;
mod themes;
mod undo;
mod watch;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::domain::DomainError;

pub use bulk::{ImportReport, ItemSource, Snapshot};
pub use check::ItemChecks;
pub use evidence::{Evidence, Remaining};
pub use imports::BatchReport;
pub use items::{NewItem, StatusChange};
pub use policy::Damage;
pub use query::Filter;
pub use schema::{beside, BESIDE, LATEST_VERSION};
pub use undo::UndoReport;
pub use watch::{Mark, Since};

/// Who acts, when, and why: what every decision of one action shares.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub by: String,
    pub why: String,
    pub now: DateTime<Utc>,
    /// Today's date where the user is, for due dates.
    pub today: NaiveDate,
}

/// One item moved by triage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub id: i64,
    pub from: crate::domain::Horizon,
    pub to: crate::domain::Horizon,
    pub why: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error("there is no item #{0}")]
    NoItem(i64),
    #[error("there is no theme #{0}")]
    NoTheme(i64),
    #[error("{} is not a lanes database; it was left untouched", .0.display())]
    NotLanes(PathBuf),
    #[error("{} is a directory, not a backlog file; give the path of a file (a new one is created if it does not exist)", .0.display())]
    IsDirectory(PathBuf),
    #[error("{} cannot be created: the folder {} does not exist; create it first, or give a path in a folder that exists", .0.display(), .0.parent().unwrap_or(.0).display())]
    NoFolder(PathBuf),
    #[error("cannot read {}: {why}", path.display())]
    Unreadable { path: PathBuf, why: String },
    #[error("{} is read-only for lanes: it needs to write the file and to create {}-wal and {}-shm beside it; nothing was changed", .0.display(), .0.display(), .0.display())]
    ReadOnly(PathBuf),
    #[error("{} is a damaged lanes database (its integrity check failed: {why}); it was left untouched — restore it from a backup or a `lanes export`", path.display())]
    Damaged { path: PathBuf, why: String },
    #[error("{} was written by a newer lanes (schema version {found}; this lanes knows up to {known}); upgrade lanes to open it", path.display())]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{} is being written by another process (another lanes, or a TUI saving a change) that held its write lock for over {} seconds; nothing was changed, try again when it is done", .0.display(), BUSY_TIMEOUT.as_secs())]
    Busy(PathBuf),
    #[error("the policy stored in this backlog is damaged: {key} holds '{value}' ({why}); repair it with `lanes policy set {key} VALUE` (see `lanes policy show`)")]
    DamagedPolicy {
        key: String,
        value: String,
        why: String,
    },
    #[error(
        "the policy stored in this backlog breaks its own rule: {0} (see `lanes policy show`)"
    )]
    BrokenPolicy(String),
    #[error("{0}")]
    Io(String),
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
}

/// An SQLite error as a sentence: damage found while reading or writing (the
/// check on opening looks at the header only) says what it means for the user.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => format!(
            "the backlog file is damaged (SQLite found: {e}); this command changed nothing — \
             restore the file from a backup or a `lanes export`, or save what is left with \
             `sqlite3 FILE .recover`"
        ),
        _ => format!("database error: {e}"),
    }
}

impl StoreError {
    /// True when the user's input was at fault (exit code 2), not the machine.
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            StoreError::Io(_)
                | StoreError::Sqlite(_)
                | StoreError::Busy(_)
                | StoreError::Unreadable { .. }
                | StoreError::NoFolder(_)
                | StoreError::ReadOnly(_)
                | StoreError::Damaged { .. }
                | StoreError::DamagedPolicy { .. }
                | StoreError::BrokenPolicy(_)
        )
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        StoreError::Invalid(DomainError::invalid(message))
    }
}

/// Written into every lanes database's header (`PRAGMA application_id`).
const APPLICATION_ID: i64 = 0x6C61_6E65; // "lane"

/// The default page cache (2 MiB) every open connection starts with.
const DEFAULT_CACHE: i64 = -2000;

/// How long a write waits for another process's write to finish.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// `e` as the error a person reads: a lock another writer kept past the busy
/// timeout is named as such.
fn busy_or(e: rusqlite::Error, path: &Path) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            StoreError::Busy(path.to_path_buf())
        }
        _ => StoreError::Sqlite(e),
    }
}

/// An open backlog.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the backlog at `path`, migrating an older one
    /// after copying it to `<path>.bak-v<N>`.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = schema::open(path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Runs `f` with a page cache of `size` (as `PRAGMA cache_size`: negative
    /// means KiB) for the bulk changes that touch most of the file, then goes
    /// back to the default.
    fn with_cache<T>(&mut self, size: i64, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "cache_size", size)?;
        let result = f(self);
        self.conn.pragma_update(None, "cache_size", DEFAULT_CACHE)?;
        result
    }

    /// Starts the one transaction of an action that writes. `BEGIN IMMEDIATE`
    /// takes the write lock before anything is read, so a second writer waits
    /// its turn (up to the busy timeout). A deferred transaction would read
    /// first, and SQLite refuses, without waiting, to upgrade a reader whose
    /// snapshot another writer has since moved past.
    fn write(&mut self) -> Result<Transaction<'_>> {
        let path = &self.path;
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(e, path))
    }

    /// Runs `f`, which only reads, in one read transaction: everything it reads
    /// comes from the same state of the file, however many queries that takes
    /// (a writer elsewhere waits for none of them), and SQLite takes its locks
    /// once instead of once per query.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
            .map_err(|e| E::from(busy_or(e, &self.path)))?;
        let out = f(self)?;
        tx.commit().map_err(|e| E::from(StoreError::from(e)))?;
        Ok(out)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for tests that act between its statements.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    /// True when the backlog holds no items, themes or decisions.
    pub fn is_empty(&self) -> Result<bool> {
        is_empty(&self.conn)
    }
}

/// Whether the backlog holds nothing: no item, theme or decision.
fn is_empty(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM themes) + (SELECT count(*) FROM decisions)",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::Ctx;

    /// Who acts in the store's unit tests, and when: bob, with no reason of
    /// his own, at a fixed time.
    pub(crate) fn ctx() -> Ctx {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        Ctx {
            by: "bob".into(),
            why: String::new(),
            now,
            today: now.date_naive(),
        }
    }
}

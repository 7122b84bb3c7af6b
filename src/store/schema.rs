//! Opening a database: refusing what is not ours, migrating what is older.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{Result, StoreError};

/// Written into every lanes database's header (`PRAGMA application_id`).
const APPLICATION_ID: i64 = 0x6C61_6E65; // "lane"

const MIGRATIONS: [&str; 4] = [
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_list_indexes.sql"),
    include_str!("../../migrations/0003_item_checks.sql"),
    include_str!("../../migrations/0005_source.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn open(path: &Path) -> Result<Connection> {
    let fresh = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
    if !fresh {
        check_ours(path)?;
    }
    let conn = Connection::open_with_flags(
        path,
        // A `Connection` is never shared between threads, so SQLite need not
        // lock it on every call (rusqlite's own default).
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::Io(format!("cannot open {}: {e}", path.display())))?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    if fresh {
        // Larger pages than SQLite's 4 KiB default: items are wide rows, and a
        // big import writes and sorts fewer pages (about a tenth faster at 100k).
        // Only a new file takes it; WAL fixes the size from here on.
        conn.pragma_update(None, "page_size", 8192)?;
    }
    set_wal(&conn)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > LATEST_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: LATEST_VERSION,
        });
    }
    if version > 0 && version < LATEST_VERSION {
        backup(&conn, path, version)?;
    }
    migrate(&conn, version)?;
    Ok(conn)
}

/// Puts the file in WAL mode. An import into an empty backlog writes in
/// rollback-journal mode and holds the file until it commits; switching to WAL
/// does not wait on the busy timeout by itself, so this waits as a write would.
fn set_wal(conn: &Connection) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < super::BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return Ok(other?),
        }
    }
}

/// Refuses, without writing a byte, a file that is not a lanes database.
///
/// One exception: a hot journal, left when a process dies while writing in
/// rollback-journal mode (an import into an empty backlog writes that way), can
/// only be rolled back by a writer, and a read-only look at the file fails
/// until it is. Rolling it back is the standard crash recovery that any writer
/// would perform: it puts the file back as last committed. It is done first,
/// then the file is looked at as usual.
fn check_ours(path: &Path) -> Result<()> {
    match look(path) {
        Err(Looked::HotJournal) => {
            let recovered = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
                .and_then(|c| c.pragma_query_value(None, "application_id", |r| r.get::<_, i64>(0)));
            if recovered.is_err() {
                return Err(StoreError::NotLanes(path.to_path_buf()));
            }
            look(path).map_err(|e| match e {
                Looked::HotJournal => StoreError::NotLanes(path.to_path_buf()),
                Looked::Refused(e) => e,
            })
        }
        Err(Looked::Refused(e)) => Err(e),
        Ok(()) => Ok(()),
    }
}

enum Looked {
    HotJournal,
    Refused(StoreError),
}

impl From<StoreError> for Looked {
    fn from(e: StoreError) -> Self {
        Looked::Refused(e)
    }
}

/// The read-only part of [`check_ours`].
fn look(path: &Path) -> Result<(), Looked> {
    let not_ours = || Looked::Refused(StoreError::NotLanes(path.to_path_buf()));
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| not_ours())?;
    // A commit in rollback-journal mode locks readers out for its duration.
    conn.busy_timeout(super::BUSY_TIMEOUT)
        .map_err(StoreError::from)?;
    let id: i64 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(id) => id,
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK =>
        {
            return Err(Looked::HotJournal)
        }
        Err(_) => return Err(not_ours()),
    };
    if id == APPLICATION_ID {
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(StoreError::from)?;
        if version > LATEST_VERSION {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
                known: LATEST_VERSION,
            }
            .into());
        }
        return Ok(());
    }
    // An empty SQLite file (no tables yet) may become a backlog.
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|_| not_ours())?;
    if tables == 0 {
        Ok(())
    } else {
        Err(not_ours())
    }
}

fn backup(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".bak-v{version}"));
    let target = std::path::PathBuf::from(name);
    if target.exists() {
        std::fs::remove_file(&target)
            .map_err(|e| StoreError::Io(format!("cannot replace {}: {e}", target.display())))?;
    }
    let target_text = target.to_str().ok_or_else(|| {
        StoreError::Io(format!(
            "cannot back up to {}: the path is not UTF-8",
            target.display()
        ))
    })?;
    conn.execute("VACUUM INTO ?1", [target_text]).map_err(|e| {
        StoreError::Io(format!(
            "cannot back up {} before migrating: {e}",
            path.display()
        ))
    })?;
    Ok(())
}

/// Brings the schema from version `from` to the latest, one transaction per
/// migration. Foreign keys are off meanwhile, so that a migration may rebuild a
/// table other tables refer to (dropping it would otherwise delete their rows),
/// and every reference is checked before each migration commits.
fn migrate(conn: &Connection, from: i64) -> Result<()> {
    if from == LATEST_VERSION {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = MIGRATIONS
        .iter()
        .enumerate()
        .skip(from as usize)
        .try_for_each(|(i, sql)| {
            let version = i as i64 + 1;
            let tx = conn.unchecked_transaction()?;
            tx.execute_batch(sql)?;
            let broken: Option<String> = tx
                .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
                .optional()?;
            if let Some(table) = broken {
                return Err(StoreError::Io(format!(
                    "migrating to schema version {version} would break a reference in table {table}, so the database was left at version {}",
                    version - 1
                )));
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
            Ok(())
        });
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrated
}

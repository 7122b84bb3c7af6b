//! Opening a database: refusing what is not ours, migrating what is older.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use super::{header, Result, StoreError};

use super::APPLICATION_ID;

const MIGRATIONS: [&str; 9] = [
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_list_indexes.sql"),
    include_str!("../../migrations/0003_item_checks.sql"),
    include_str!("../../migrations/0004_indexes.sql"),
    include_str!("../../migrations/0005_metrics.sql"),
    include_str!("../../migrations/0006_source.sql"),
    include_str!("../../migrations/0007_unknown_finish.sql"),
    include_str!("../../migrations/0008_theme_names_ignore_case.sql"),
    include_str!("../../migrations/0009_partial_indexes.sql"),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn open(path: &Path) -> Result<Connection> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if folder.is_some_and(|f| !f.exists()) && !path.exists() {
        return Err(StoreError::NoFolder(path.to_path_buf()));
    }
    let fresh = std::fs::metadata(path).map_or(true, |m| m.is_file() && m.len() == 0);
    if !fresh {
        check_ours(path)?;
    }
    let mut conn = Connection::open_with_flags(
        path,
        // A `Connection` is never shared between threads, so SQLite need not
        // lock it on every call (rusqlite's own default).
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| opening(path, &e))?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    add_functions(&conn)?;
    // Every transaction of this connection takes the write lock first (see
    // `Store::write`), so a second writer waits instead of failing.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    // SQLite opens a file it may not write read-only without a word; every
    // change would then fail halfway through a session.
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::ReadOnly(path.to_path_buf()));
    }
    if fresh {
        // Larger pages than SQLite's 4 KiB default: items are wide rows, and a
        // big import writes and sorts fewer pages (about a tenth faster at 100k).
        // Only a new file takes it; WAL fixes the size from here on.
        conn.pragma_update(None, "page_size", 8192)
            .map_err(|e| opening(path, &e))?;
    }
    set_wal(&conn).map_err(|e| match e {
        StoreError::Sqlite(e) => opening(path, &e),
        other => other,
    })?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| opening(path, &e))?;
    if version > LATEST_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
            known: LATEST_VERSION,
        });
    }
    migrate(&conn, path, version)?;
    Ok(conn)
}

/// `lanes_fold(text)`: the text as search compares it
/// ([`crate::domain::filter::fold`]), so the SQL filter means what the
/// in-memory one does in every script, not only in ASCII.
fn add_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "lanes_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Text(t) => {
                    Some(crate::domain::filter::fold(&String::from_utf8_lossy(t)))
                }
                _ => None,
            })
        },
    )?;
    Ok(())
}

/// An error met while opening `path`, said as what it means for the file.
fn opening(path: &Path, e: &rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => {
            StoreError::ReadOnly(path.to_path_buf())
        }
        Some(C::DatabaseCorrupt | C::NotADatabase) => StoreError::Damaged {
            path: path.to_path_buf(),
            why: e.to_string(),
        },
        Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy(path.to_path_buf()),
        _ => StoreError::Io(format!("cannot open {}: {e}", path.display())),
    }
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

/// Refuses, without writing a byte, a file that is not a lanes database, and
/// says what it is instead: a directory, unreadable, damaged, newer, or not ours.
///
/// The header is read as plain bytes first, so a refused file gets no `-wal`
/// or `-shm` beside it. Only a file that says it is a lanes database, or one
/// whose newest state may still be in a `-wal` beside it, is opened (read-only).
///
/// One exception to "without writing": a hot journal, left when a process dies
/// while writing in rollback-journal mode (an import into an empty backlog
/// writes that way), can only be rolled back by a writer, and a read-only look
/// at the file fails until it is. Rolling it back is the standard crash
/// recovery that any writer would perform: it puts the file back as last
/// committed. It is done first, then the file is looked at as usual.
fn check_ours(path: &Path) -> Result<()> {
    // Looked for before the header is read: while no `-wal` is beside it, the
    // file holds every committed page, and what its header says stands (a
    // writer in WAL mode writes into the file only at a checkpoint, from a
    // `-wal`). Looked for after, a checkpoint by another process could have
    // taken the `-wal` away between the two, leaving a header read before it
    // to be taken for the whole file.
    let wal = wal_beside(path);
    let head = header::read(path)?;
    if head.is_ours() {
        if head.user_version > LATEST_VERSION {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: head.user_version,
                known: LATEST_VERSION,
            });
        }
        // Opening for writing writes nothing; it tells a file lanes may not
        // change before SQLite creates anything beside it.
        if let Err(e) = std::fs::OpenOptions::new().write(true).open(path) {
            return Err(if e.kind() == std::io::ErrorKind::PermissionDenied {
                StoreError::ReadOnly(path.to_path_buf())
            } else {
                header::unreadable(path, &e)
            });
        }
        // Beside a journal the file may be midway through a write (a hot
        // journal's, to be rolled back below, or a live writer's): its
        // length is judged once no journal is there.
        if !journal_beside(path) {
            cut_off(path)?;
        }
    } else if !wal {
        // The file is all there is: an empty SQLite file may become a backlog.
        return if head.empty_schema {
            Ok(())
        } else {
            Err(StoreError::NotLanes(path.to_path_buf()))
        };
    }
    match look(path) {
        Err(Looked::HotJournal) => {
            let recovered = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
                .and_then(|c| c.pragma_query_value(None, "application_id", |r| r.get::<_, i64>(0)));
            if let Err(e) = recovered {
                return Err(opening(path, &e));
            }
            look(path).map_err(|e| match e {
                Looked::HotJournal => StoreError::NotLanes(path.to_path_buf()),
                Looked::Refused(e) => e,
            })?;
            cut_off(path)
        }
        Err(Looked::Refused(e)) => Err(e),
        Ok(()) => Ok(()),
    }
}

/// `(length, size its header gives)` when the file is shorter than its header
/// says: cut off. Another process may be checkpointing meanwhile (writing the
/// header before the pages it counts), which is never mistaken for damage: the
/// file counts as cut off only while no `-wal` is beside it, on two looks
/// apart in time.
fn cut_short(path: &Path) -> Result<Option<(u64, u64)>> {
    let look = || -> Result<Option<(u64, u64)>> {
        let size = header::read(path)?.size;
        let len = std::fs::metadata(path).map_or(0, |m| m.len());
        Ok(size.filter(|size| len < *size).map(|size| (len, size)))
    };
    if look()?.is_none() || wal_beside(path) {
        return Ok(None);
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
    match look()? {
        Some(cut) if !wal_beside(path) => Ok(Some(cut)),
        _ => Ok(None),
    }
}

/// Refuses the file as damaged when it is cut off (see [`cut_short`]).
fn cut_off(path: &Path) -> Result<()> {
    match cut_short(path)? {
        Some((len, size)) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            why: format!("the file ends at byte {len}, but its header says {size}"),
        }),
        None => Ok(()),
    }
}

/// True when a `-wal` file sits beside `path`: the newest pages may be there.
fn wal_beside(path: &Path) -> bool {
    beside(path, "-wal").exists()
}

/// True when a rollback journal sits beside `path`.
fn journal_beside(path: &Path) -> bool {
    beside(path, "-journal").exists()
}

/// The suffixes of the files SQLite keeps beside a database, after its name:
/// its write-ahead log, its shared-memory index, its rollback journal.
pub const BESIDE: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The file SQLite keeps beside the database at `path` under `suffix` (one of
/// [`BESIDE`]).
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
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
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Looked::Refused(opening(path, &e)))?;
    // A commit in rollback-journal mode locks readers out for its duration.
    conn.busy_timeout(super::BUSY_TIMEOUT)
        .map_err(StoreError::from)?;
    let seen = match Seen::read(&conn) {
        Ok(seen) => seen,
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK =>
        {
            return Err(Looked::HotJournal)
        }
        Err(e) => return Err(Looked::Refused(opening(path, &e))),
    };
    if seen.application_id == APPLICATION_ID {
        if seen.user_version > LATEST_VERSION {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: seen.user_version,
                known: LATEST_VERSION,
            }
            .into());
        }
        return Ok(());
    }
    // An empty SQLite file (no tables yet) may become a backlog.
    if seen.tables == 0 {
        Ok(())
    } else {
        Err(Looked::Refused(StoreError::NotLanes(path.to_path_buf())))
    }
}

/// What a look at an open file finds: whose it is, its version, and how much
/// schema it holds.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    application_id: i64,
    user_version: i64,
    tables: i64,
}

impl Seen {
    /// Reads all three in one statement, so from one state of the file. Read
    /// by a statement each, a creator's migrations could commit between them:
    /// no application id yet, then its tables, and a new backlog taken for
    /// another program's database.
    fn read(conn: &Connection) -> rusqlite::Result<Seen> {
        conn.query_row(
            "SELECT application_id, user_version, (SELECT count(*) FROM sqlite_master)
             FROM pragma_application_id, pragma_user_version",
            [],
            |r| {
                Ok(Seen {
                    application_id: r.get(0)?,
                    user_version: r.get(1)?,
                    tables: r.get(2)?,
                })
            },
        )
    }
}

/// Copies the database, as last committed, to `<path>.bak-v<version>`.
/// `VACUUM INTO` cannot run inside a transaction, so a connection of its own
/// reads the copy while the migrating one holds the write lock.
fn backup(path: &Path, version: i64) -> Result<()> {
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
    let reader = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| opening(path, &e))?;
    reader.busy_timeout(super::BUSY_TIMEOUT)?;
    reader
        .execute("VACUUM INTO ?1", [target_text])
        .map_err(|e| {
            StoreError::Io(format!(
                "cannot back up {} before migrating: {e}",
                path.display()
            ))
        })?;
    Ok(())
}

/// Brings the schema from version `from` to the latest in one transaction.
/// Foreign keys are off meanwhile, so that a migration may rebuild a table
/// other tables refer to (dropping it would otherwise delete their rows), and
/// every reference is checked after each migration, before the commit.
///
/// The transaction takes the write lock and reads the version again under it,
/// so two processes opening the same file at once never both migrate it: the
/// second finds the work done. No process ever sees a file half migrated
/// (one that did once backed up the half-migrated file a second time), and a
/// migration that fails leaves the file at the version it had. An older
/// backlog is first copied to `<path>.bak-v<N>`, by the process that migrates
/// it.
fn migrate(conn: &Connection, path: &Path, from: i64) -> Result<()> {
    if from == LATEST_VERSION {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = (|| {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
            .map_err(|e| super::busy_or(e, path))?;
        let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current >= LATEST_VERSION {
            return Ok(());
        }
        if current > 0 {
            backup(path, current)?;
        }
        let last = LATEST_VERSION;
        for version in current + 1..=last {
            tx.execute_batch(MIGRATIONS[version as usize - 1])?;
            let broken: Option<String> = tx
                .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
                .optional()?;
            if let Some(table) = broken {
                return Err(StoreError::Io(format!(
                    "migrating to schema version {version} would break a reference in table {table}, so the database was left at version {current}"
                )));
            }
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", last)?;
        tx.commit()?;
        Ok(())
    })();
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrated
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A look at a backlog that another process is creating, with the
    /// creator's migrations committed while the look reads, after its `k`-th
    /// step.
    fn look_while_migrating(k: u32) -> Seen {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let creator = Connection::open(&path).unwrap();
        creator.pragma_update(None, "journal_mode", "WAL").unwrap();
        let reader = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let creator = Mutex::new(Some((creator, path.clone())));
        let mut steps = 0;
        reader.progress_handler(
            1,
            Some(move || {
                steps += 1;
                if steps >= k {
                    if let Some((conn, path)) = creator.lock().unwrap().take() {
                        migrate(&conn, &path, 0).unwrap();
                    }
                }
                false
            }),
        );
        let seen = Seen::read(&reader).unwrap();
        reader.progress_handler(0, None::<fn() -> bool>);
        seen
    }

    #[test]
    fn a_look_at_a_backlog_being_created_sees_it_before_or_after_its_migrations_never_between() {
        let before = Seen {
            application_id: 0,
            user_version: 0,
            tables: 0,
        };
        for k in 1..=30 {
            let seen = look_while_migrating(k);
            assert!(
                seen == before
                    || (seen.application_id == APPLICATION_ID
                        && seen.user_version == LATEST_VERSION
                        && seen.tables > 0),
                "after step {k} the look saw {seen:?}"
            );
        }
    }
}

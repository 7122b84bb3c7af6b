//! Several writers on one backlog at once: each waits its turn for the write
//! lock, none is turned away, and nothing is lost.
//!
//! `LANES_STRESS=1` runs the full size (4 writers × 500 adds); CI runs a
//! smaller one of the same shape.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Output;
use std::sync::Mutex;
use std::thread;

use rusqlite::Connection;

fn run(db: &Path, args: &[&str]) -> Output {
    common::bin::command(db, args)
        .env("USER", "ana")
        .output()
        .unwrap()
}

/// One test at a time: each already runs several writers, and more at once
/// would only make them wait on each other past the busy timeout on a slow
/// machine, which is not what these tests are about.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How many adds each writer makes.
fn adds_per_writer() -> usize {
    if std::env::var_os("LANES_STRESS").is_some() {
        500
    } else {
        60
    }
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn check_whole(db: &Path) {
    let conn = Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
}

/// Each of `writers` threads runs `lanes add` `n` times; returns the failures'
/// stderr.
fn add_in_parallel(db: &Path, writers: usize, n: usize) -> Vec<String> {
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let db = db.to_path_buf();
            thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..n {
                    let out = run(&db, &["add", &format!("writer {w} item {i}")]);
                    if !out.status.success() {
                        failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                failures
            })
        })
        .collect();
    handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect()
}

#[test]
fn four_writers_adding_at_once_are_all_written_and_none_refused() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let n = adds_per_writer();
    let failures = add_in_parallel(&db, 4, n);
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..1]
    );
    assert_eq!(count(&db, "SELECT count(*) FROM items"), 4 * n as i64);
    // Every item is its own action with its decisions, ids unique and dense.
    assert_eq!(count(&db, "SELECT count(*) FROM actions"), 4 * n as i64);
    assert_eq!(count(&db, "SELECT max(id) FROM items"), 4 * n as i64);
    check_whole(&db);
}

#[test]
fn undo_loops_racing_adds_never_fail_and_every_undo_removes_one_item() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let n = adds_per_writer();
    let undoers: Vec<_> = (0..2)
        .map(|_| {
            let db = db.clone();
            thread::spawn(move || {
                let (mut undone, mut failures) = (0_i64, Vec::new());
                for _ in 0..n / 2 {
                    let out = run(&db, &["undo"]);
                    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                    match out.status.code() {
                        Some(0) => undone += 1,
                        // Nothing was left to undo at that moment.
                        Some(2) if stderr.contains("nothing to undo") => {}
                        _ => failures.push(stderr),
                    }
                }
                (undone, failures)
            })
        })
        .collect();
    let add_failures = add_in_parallel(&db, 4, n);
    let mut undone = 0;
    for h in undoers {
        let (u, failures) = h.join().unwrap();
        assert!(failures.is_empty(), "undo failed: {failures:?}");
        undone += u;
    }
    assert!(add_failures.is_empty(), "add failed: {add_failures:?}");
    assert!(undone > 0, "no undo ever found anything to undo");
    assert_eq!(
        count(&db, "SELECT count(*) FROM items"),
        4 * n as i64 - undone
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM actions WHERE kind = 'undo'"),
        undone
    );
    // No action was undone twice (an undone one is abandoned once a new
    // change makes redo impossible).
    assert_eq!(
        count(
            &db,
            "SELECT count(DISTINCT target) FROM actions WHERE kind = 'undo'"
        ),
        undone
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM actions WHERE state IN ('undone', 'abandoned')"
        ),
        undone
    );
    check_whole(&db);
}

#[test]
fn a_writer_kept_waiting_past_the_timeout_is_told_who_holds_the_lock_and_changes_nothing() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    assert!(run(&db, &["add", "first"]).status.success());
    let holder = Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = run(&db, &["add", "second"]);
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("is being written by another process")
            && stderr.contains("held its write lock for over 5 seconds")
            && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM items"), 1);
}

#[test]
fn two_processes_creating_a_new_backlog_at_once_both_succeed() {
    let _serial = one_at_a_time();
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let handles: Vec<_> = (0..3)
            .map(|i| {
                let db = db.clone();
                thread::spawn(move || run(&db, &["add", &format!("first {i}")]))
            })
            .collect();
        common::bin::all_succeeded(handles, &format!("round {round}"));
        assert_eq!(count(&db, "SELECT count(*) FROM items"), 3);
        check_whole(&db);
    }
}

/// Returns once another process holds the write lock on `db` after its
/// schema was made.
fn wait_for_the_write_lock(db: &Path) {
    let start = std::time::Instant::now();
    loop {
        assert!(
            start.elapsed().as_secs() < 120,
            "nothing took the write lock"
        );
        // Not before lanes has made the file: opening it would create it.
        if std::fs::metadata(db).is_ok_and(|m| m.len() > 0) {
            let conn = Connection::open(db).unwrap();
            conn.busy_timeout(std::time::Duration::ZERO).unwrap();
            // Past the migrations, whose lock is not the import's.
            let made = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'items'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .is_ok_and(|n| n == 1);
            match conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
                _ if !made => {}
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
                    return
                }
                _ => {}
            }
        }
        thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// A native document of `n` plain items.
fn document(n: usize) -> String {
    let items: Vec<String> = (1..=n)
        .map(|i| {
            format!(
                "{{\"id\": {i}, \"title\": \"imported {i}\", \"lane\": \"feature\", \"effort\": 3, \"labels\": [\"l{}\"], \"owner\": \"o{}\"}}",
                i % 7,
                i % 5
            )
        })
        .collect();
    format!("{{\"version\": 1, \"items\": [{}]}}", items.join(",\n"))
}

#[test]
fn adds_racing_an_import_into_an_empty_backlog_wait_for_it_and_leave_the_file_whole() {
    // The import into an empty backlog synced its pages on a file of its own
    // while it built its indexes; closing that file dropped the import's
    // write lock, and an add waiting its turn wrote into the file meanwhile:
    // adds were told the file was damaged, some were lost, and the file was
    // left damaged.
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let file = dir.path().join("doc.json");
    std::fs::write(&file, document(n)).unwrap();
    for round in 0..3 {
        let db = dir.path().join(format!("t{round}.db"));
        let import = {
            let (db, file) = (db.clone(), file.clone());
            thread::spawn(move || run(&db, &["import", file.to_str().unwrap()]))
        };
        // Adds all along the import's write, from while it holds the write
        // lock to after it commits.
        wait_for_the_write_lock(&db);
        let failures = add_in_parallel(&db, 2, 15);
        let import = import.join().unwrap();
        assert!(
            import.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&import.stderr)
        );
        assert!(failures.is_empty(), "round {round}: {failures:?}");
        check_whole(&db);
        let items = count(&db, "SELECT count(*) FROM items");
        let added = count(
            &db,
            "SELECT count(*) FROM items WHERE title LIKE 'writer %'",
        );
        assert_eq!(added, 30, "round {round}");
        assert_eq!(items, 30 + n as i64, "round {round}");
    }
}

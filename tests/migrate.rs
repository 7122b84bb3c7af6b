//! Opening older and foreign databases: migrate with a backup, refuse the rest.
#![allow(clippy::unwrap_used)]

mod common;

use lanes::store::{Filter, Store, StoreError, LATEST_VERSION};

fn fixture_v1(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(include_str!("fixtures/schema_v1.sql"))
        .unwrap();
}

#[test]
fn a_first_schema_backlog_is_backed_up_then_migrated_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("backlog.db");
    fixture_v1(&db);
    let before = std::fs::read(&db).unwrap();

    let store = Store::open(&db).unwrap();

    // The backup is the old file's content, at the old version.
    let backup = dir.path().join("backlog.db.bak-v1");
    let old = rusqlite::Connection::open(&backup).unwrap();
    let v: i64 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    let n: i64 = old
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    assert!(!before.is_empty());

    // Everything is still there, ranked by the new index.
    let items = store.list(&Filter::default()).unwrap();
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(items[1].labels, ["checkout", "web"]);
    assert_eq!(items[1].criteria.len(), 2);
    assert_eq!(items[1].blocked_by, [3]);
    assert_eq!(
        store.decisions(Some(1), None).unwrap()[0].why,
        "support escalation"
    );
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, LATEST_VERSION);

    // The rebuilt items table still refuses what the domain would never write,
    // every reference still holds, and every index is back.
    let bad = conn.execute(
        "INSERT INTO items (title, lane, created, updated) VALUES ('x', 'nope', 'a', 'a')",
        [],
    );
    assert!(bad.unwrap_err().to_string().contains("CHECK"));
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    let indexes: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items' AND sql IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Eight for lists and undo, four for the evidence of section 11 (one of
    // them the finished items whose finish is unknown), one that keeps
    // sources unique.
    assert_eq!(indexes, 13);
}

#[test]
fn a_backlog_from_a_newer_lanes_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("backlog.db");
    fixture_v1(&db);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(&db).err().unwrap();
    assert!(matches!(err, StoreError::Newer { .. }));
    assert!(err.to_string().contains("newer lanes"), "{err}");
    assert!(std::fs::read(&db).unwrap() == before, "the file changed");
}

#[test]
fn a_foreign_sqlite_file_is_refused_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(&db).err().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not a lanes database; it was left untouched",
            db.display()
        )
    );
    assert!(err.is_bad_input());
    assert!(std::fs::read(&db).unwrap() == before, "the file changed");
    assert!(!dir.path().join("other.db-wal").exists());
}

#[test]
fn a_current_backlog_opens_without_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    drop(Store::open(&db).unwrap());
    drop(Store::open(&db).unwrap());
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".bak-v")
        })
        .count();
    assert_eq!(backups, 0);
}

#[test]
fn several_processes_opening_an_old_backlog_at_once_migrate_it_once_with_one_backup() {
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("backlog.db");
        fixture_v1(&db);
        let handles: Vec<_> = (0..3)
            .map(|_| {
                let db = db.clone();
                std::thread::spawn(move || common::bin::run(&db, &["list", "--json"]))
            })
            .collect();
        common::bin::all_succeeded(handles, &format!("round {round}"));
        let backup = rusqlite::Connection::open(dir.path().join("backlog.db.bak-v1")).unwrap();
        let v: i64 = backup
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1, "the backup holds the file as it was");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".bak-v"))
            .collect();
        assert_eq!(names, ["backlog.db.bak-v1"]);
        let store = Store::open(&db).unwrap();
        assert_eq!(store.list(&Filter::default()).unwrap().len(), 3);
    }
}

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
    assert!(
        store
            .decisions(None, Some(1000))
            .unwrap()
            .iter()
            .all(|d| d.by != "lanes"),
        "no theme named alike: the upgrade renamed nothing"
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
fn the_indexes_of_parent_theme_and_source_hold_only_the_items_that_set_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("backlog.db");
    fixture_v1(&db);
    let store = Store::open(&db).unwrap();
    // Still found through them: items 1 and 2 are in theme 1, item 3 in none.
    let filter = Filter {
        theme: Some(1),
        ..Filter::default()
    };
    let ids: Vec<i64> = store.list(&filter).unwrap().iter().map(|i| i.id).collect();
    assert_eq!(ids, [1, 2]);
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let partial = |name: &str| -> bool {
        conn.query_row(
            "SELECT partial FROM pragma_index_list('items') WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
    };
    for name in ["items_parent", "items_theme", "items_source"] {
        assert!(partial(name), "{name} holds only the items that set it");
    }
    // And a source is still unique once set.
    conn.execute("UPDATE items SET source = 'jira:SR-1' WHERE id = 1", [])
        .unwrap();
    let taken = conn.execute("UPDATE items SET source = 'jira:SR-1' WHERE id = 2", []);
    assert!(taken.unwrap_err().to_string().contains("UNIQUE"));
    conn.execute("UPDATE items SET source = NULL WHERE id = 1", [])
        .unwrap();
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

#[test]
fn themes_named_alike_but_for_case_in_an_older_backlog_are_renamed_by_the_upgrade_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    drop(Store::open(&db).unwrap());
    // A backlog of schema 7, when names were unique only case by case.
    let long = "L".repeat(100);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(&format!(
            "DROP INDEX themes_name;
             INSERT INTO themes (id, name) VALUES (1, 'Trust and reliability'), (2, 'Search'),
                 (3, 'trust AND reliability'), (4, 'TRUST and reliability'), (5, '{long}'),
                 (6, '{}');
             INSERT INTO items (title, theme, created, updated) VALUES
                 ('Audit log', 3, '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
             PRAGMA user_version = 7;",
            long.to_lowercase()
        ))
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert!(dir.path().join("b.db.bak-v7").exists(), "backed up first");
    let names: Vec<(i64, String)> = store
        .themes()
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let cut = format!("{} (#6)", &long.to_lowercase()[..95]);
    assert_eq!(
        names,
        [
            (1, "Trust and reliability".to_string()),
            (2, "Search".to_string()),
            (3, "trust AND reliability (#3)".to_string()),
            (4, "TRUST and reliability (#4)".to_string()),
            (5, long.clone()),
            (6, cut.clone()),
        ],
        "the oldest keeps its name; the others are told apart by their id"
    );
    assert_eq!(cut.chars().count(), 100, "within the limit");
    assert_eq!(store.item(1).unwrap().theme, Some(3), "links kept");
    // One action, a decision per rename, saying why.
    let recorded = store.decisions(None, Some(10)).unwrap();
    let renames: Vec<_> = recorded
        .iter()
        .filter(|d| d.field.ends_with(":name"))
        .collect();
    assert_eq!(renames.len(), 3);
    assert!(renames.iter().all(|d| d.action == renames[0].action));
    let three = renames.iter().find(|d| d.field == "theme:3:name").unwrap();
    assert_eq!(three.old.as_deref(), Some("trust AND reliability"));
    assert_eq!(three.new.as_deref(), Some("trust AND reliability (#3)"));
    assert!(
        three.why.contains("unique ignoring case") && three.why.contains("#1"),
        "{}",
        three.why
    );
    drop(store);
    // From here on the schema itself keeps names unique ignoring case.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let twice = conn.execute("INSERT INTO themes (name) VALUES ('SEARCH')", []);
    assert!(
        twice.unwrap_err().to_string().contains("UNIQUE"),
        "refused by the index"
    );
}

//! An import into an empty backlog, the bulk path: every row and every creation
//! decision as the row-by-row path would write them, undo and redo intact, and
//! the file left in WAL mode whether or not another connection had it open.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use lanes::domain::{triage, Item};
use lanes::store::{Ctx, Store};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn ctx() -> Ctx {
    Ctx {
        by: "test".into(),
        why: String::new(),
        now: now(),
        today: now().date_naive(),
    }
}

/// 150 varied items: two full write batches and a partial one, with lists,
/// blockers, parents, untidy labels, pins and finished items.
fn document() -> String {
    let scale = [1, 2, 3, 5, 8, 13, 20];
    let items: Vec<String> = (1..=150_i64)
        .map(|id| {
            let s = |m: i64| {
                if (id + m) % 7 == 0 {
                    "null".to_string()
                } else {
                    scale[((id * 3 + m) % 7) as usize].to_string()
                }
            };
            let status = ["todo", "doing", "done", "declined", "todo"][(id % 5) as usize];
            let horizon = ["now", "next", "later"][(id % 3) as usize];
            let labels = match id % 4 {
                0 => r#"["web", " api ", "web"]"#,
                1 => r#"["payments"]"#,
                _ => "[]",
            };
            let criteria = if id % 3 == 0 {
                r#"[{"text": "refund \"works\"", "done": true}, {"text": "é\nok", "done": false}]"#
            } else {
                "[]"
            };
            let blocked_by = if id > 5 && id % 6 == 0 {
                format!("[{}, {}]", id - 1, id - 5)
            } else {
                "[]".into()
            };
            let parent = if id > 10 && id % 9 == 0 {
                (id - 10).to_string()
            } else {
                "null".into()
            };
            let finished = if status == "done" || status == "declined" {
                r#""2025-03-01T10:00:00Z""#
            } else {
                "null"
            };
            format!(
                r#"{{"id": {id}, "title": "  item {id} ", "description": {}, "lane": "feature",
                    "status": "{status}", "value": {}, "impact": {}, "risk": {}, "effort": {},
                    "severity": {}, "horizon": "{horizon}", "pinned": {}, "owner": "ana",
                    "parent": {parent}, "labels": {labels}, "criteria": {criteria},
                    "blocked_by": {blocked_by}, "created": "2024-05-0{}T08:00:00Z",
                    "finished": {finished}}}"#,
                if id % 2 == 0 {
                    r#""why \"it\" matters""#
                } else {
                    "null"
                },
                s(1),
                s(2),
                s(3),
                s(4),
                if id % 11 == 0 { r#""S2""# } else { "null" },
                id % 13 == 0,
                1 + id % 9,
            )
        })
        .collect();
    format!(r#"{{"version": 1, "items": [{}]}}"#, items.join(","))
}

#[test]
fn a_whole_import_stores_every_item_as_read_and_records_each_creation() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    let doc = lanes::io::json::parse(&document(), now()).unwrap();
    store.import(&ctx(), &doc).unwrap();

    let policy = store.policy().unwrap();
    let stored = store.export().unwrap();
    let expected: Vec<Item> = doc
        .items
        .iter()
        .map(|d| {
            let mut it = d.clone();
            if it.is_open() {
                it.horizon = triage::derive(&it, &policy).0;
            }
            it
        })
        .collect();
    assert_eq!(stored.items.len(), 150);
    assert_eq!(stored.items, expected);
    assert_eq!(stored.items[3].labels, ["api", "web"]);
    assert_eq!(stored.items[2].criteria.len(), 2);
    assert_eq!(stored.items[5].blocked_by, [1, 5]);

    // One creation decision per item, holding the item as stored.
    let created: Vec<_> = stored
        .decisions
        .iter()
        .filter(|d| d.field == "created")
        .collect();
    assert_eq!(created.len(), 150);
    for (d, it) in created.iter().zip(&stored.items) {
        assert_eq!(d.item, Some(it.id));
        assert_eq!(d.new.as_deref(), Some(it.snapshot().as_str()));
    }

    // The import is one action: undo removes it all, redo brings every item back
    // from its creation decision (touched by the redo, so `updated` is now).
    store.undo(&ctx()).unwrap().unwrap();
    assert!(store.export().unwrap().items.is_empty());
    store.redo(&ctx()).unwrap().unwrap();
    let redone = store.export().unwrap().items;
    let ids = |items: &[Item]| items.iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(ids(&redone), ids(&expected));
    for (r, e) in redone.iter().zip(&expected).filter(|(_, e)| e.is_open()) {
        assert_eq!(
            r,
            &Item {
                updated: now(),
                ..e.clone()
            }
        );
    }
}

#[test]
fn a_faulty_document_is_refused_for_its_fault_and_leaves_the_backlog_empty() {
    let good = document();
    // Each fault spliced into the good document, with the complaint it earns;
    // several would also break a write (a second row with one id, a blocker
    // that does not exist), and the complaint must still be the document's.
    let cases = [
        (
            good.replacen("\"id\": 2,", "\"id\": 1,", 1),
            "item id 1 appears twice in the file",
        ),
        (
            good.replacen("\"blocked_by\": [5, 1]", "\"blocked_by\": [5, 999]", 1),
            "item #6 refers to blocker #999, which is not in the file",
        ),
        (
            good.replacen("\"blocked_by\": []", "\"blocked_by\": [6]", 1),
            "the file's dependencies form a cycle",
        ),
        (
            good.replacen(
                "\"title\": \"  item 150 \"",
                "\"title\": \"bell \\u0007\"",
                1,
            ),
            "item #150: ",
        ),
    ];
    for (text, complaint) in cases {
        assert_ne!(text, good, "the fault for '{complaint}' was not spliced in");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let mut store = Store::open(&path).unwrap();
        let doc = lanes::io::json::parse(&text, now()).unwrap();
        let err = store.import(&ctx(), &doc).unwrap_err().to_string();
        assert!(err.contains(complaint), "{err}");
        assert!(store.export().unwrap().items.is_empty());
        assert!(store.decisions(None, None).unwrap().is_empty());
        assert_eq!(journal_mode(&path), "wal");
    }
}

fn journal_mode(path: &std::path::Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap()
}

#[test]
fn an_import_into_an_empty_backlog_leaves_the_file_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    let doc = lanes::io::json::parse(&document(), now()).unwrap();
    store.import(&ctx(), &doc).unwrap();
    assert_eq!(journal_mode(&path), "wal");
    drop(store);
    assert_eq!(journal_mode(&path), "wal");
    assert!(!dir.path().join("b.db-journal").exists());
}

#[test]
fn an_import_while_another_connection_has_the_file_open_still_goes_in_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = other
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);

    let doc = lanes::io::json::parse(&document(), now()).unwrap();
    store.import(&ctx(), &doc).unwrap();

    let n: i64 = other
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 150);
    assert_eq!(journal_mode(&path), "wal");
}

/// The files a process leaves when it dies while writing in rollback-journal
/// mode (as an import into an empty backlog writes): `setup` runs on a fresh
/// file, then rows are written through a tiny page cache so that the journal is
/// synced and pages reach the file, and the pair is copied midway.
fn crashed_midway(dir: &std::path::Path, setup: impl Fn(&std::path::Path)) -> std::path::PathBuf {
    let live = dir.join("live.db");
    setup(&live);
    let conn = rusqlite::Connection::open(&live).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.pragma_update(None, "cache_size", 10).unwrap();
    conn.execute_batch("BEGIN; CREATE TABLE filler (text TEXT);")
        .unwrap();
    for i in 0..2000 {
        conn.execute("INSERT INTO filler VALUES (?1)", [format!("{i:0>400}")])
            .unwrap();
    }
    let crashed = dir.join("crashed.db");
    std::fs::copy(&live, &crashed).unwrap();
    std::fs::copy(dir.join("live.db-journal"), dir.join("crashed.db-journal")).unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    crashed
}

#[test]
fn a_crash_midway_through_a_journaled_write_is_rolled_back_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let crashed = crashed_midway(dir.path(), |p| {
        let mut store = Store::open(p).unwrap();
        let doc = lanes::io::json::parse(&document(), now()).unwrap();
        store.import(&ctx(), &doc).unwrap();
    });
    assert!(
        std::fs::metadata(dir.path().join("crashed.db-journal"))
            .unwrap()
            .len()
            > 0
    );

    let store = Store::open(&crashed).unwrap();
    assert_eq!(store.export().unwrap().items.len(), 150);
    drop(store);
    let conn = rusqlite::Connection::open(&crashed).unwrap();
    let filler: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'filler'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(filler, 0, "the unfinished write is rolled back");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_crash_that_left_the_file_shorter_than_its_header_says_beside_a_hot_journal_is_rolled_back_not_called_damaged(
) {
    // Killed while writing, a process may leave the header saying more pages
    // than it had appended to the file: the journal puts that right, and the
    // file was refused as damaged before it could.
    let dir = tempfile::tempdir().unwrap();
    let setup = |p: &std::path::Path| {
        let mut store = Store::open(p).unwrap();
        let doc = lanes::io::json::parse(&document(), now()).unwrap();
        store.import(&ctx(), &doc).unwrap();
    };
    let crashed = crashed_midway(dir.path(), setup);
    let committed = dir.path().join("committed.db");
    setup(&committed);
    let was = std::fs::metadata(&committed).unwrap().len();
    // The first page (its original in the journal) written with the pages
    // the write meant to have, before those pages were.
    let mut bytes = std::fs::read(&crashed).unwrap();
    assert!(bytes.len() as u64 >= was);
    let size = u64::from(u16::from_be_bytes(bytes[16..18].try_into().unwrap()));
    let says = bytes.len() as u64 / size + 100;
    bytes[28..32].copy_from_slice(&(says as u32).to_be_bytes());
    std::fs::write(&crashed, &bytes).unwrap();

    let store = Store::open(&crashed).unwrap();
    assert_eq!(store.export().unwrap().items.len(), 150);
    drop(store);
    let conn = rusqlite::Connection::open(&crashed).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_foreign_file_with_a_hot_journal_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let crashed = crashed_midway(dir.path(), |p| {
        rusqlite::Connection::open(p)
            .unwrap()
            .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
            .unwrap();
    });
    let err = Store::open(&crashed).err().unwrap();
    assert!(err.to_string().contains("is not a lanes database"), "{err}");
}

#[test]
fn undoing_an_import_into_a_non_empty_backlog_removes_exactly_its_items_and_redo_restores_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let doc = lanes::io::json::parse(&document(), now()).unwrap();
    store.import(&ctx(), &doc).unwrap();
    let before = store.export().unwrap();
    // The same 150 items again: new ids, one action, with duplicates among them.
    store.import(&ctx(), &doc).unwrap();
    assert_eq!(store.export().unwrap().items.len(), 300);

    let report = store.undo(&ctx()).unwrap().unwrap();
    // One removal decision per item, holding the item as it was.
    assert_eq!(report.decisions.len(), 150);
    assert!(report
        .decisions
        .iter()
        .all(|d| d.field == "created" && d.new.is_none() && d.old.is_some()));
    let after = store.export().unwrap();
    assert_eq!(after.items, before.items);
    let removed: Vec<i64> = report.decisions.iter().filter_map(|d| d.item).collect();
    let mut sorted = removed.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (151..=300).collect::<Vec<_>>());

    store.redo(&ctx()).unwrap().unwrap();
    let redone = store.export().unwrap();
    assert_eq!(redone.items.len(), 300);
    assert_eq!(redone.items[..150], before.items[..]);
    // Lists came back with the items.
    assert_eq!(redone.items[155].blocked_by, [151, 155]);
}

#[test]
fn undoing_a_creation_records_the_change_to_an_item_that_still_refers_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db).unwrap();
    let older = store
        .add_item(&ctx(), Item::new("Older item", now()))
        .unwrap();
    let newer = store
        .add_item(&ctx(), Item::new("Newer item", now()))
        .unwrap();
    // A reference the log does not explain, as a hand-edited file could hold.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO dependencies (item, blocker) VALUES (?1, ?2)",
            [older.id, newer.id],
        )
        .unwrap();
    let report = store.undo(&ctx()).unwrap().unwrap();
    assert!(store.item(newer.id).is_err(), "the newer item is gone");
    // The older item lost its blocker with a decision saying so, in the undo.
    assert!(store.item(older.id).unwrap().blocked_by.is_empty());
    let change = report
        .decisions
        .iter()
        .find(|d| d.item == Some(older.id))
        .expect("a decision on the item that referred to the removed one");
    assert_eq!(change.field, "blocked_by");
    assert_eq!(
        change.old.as_deref(),
        Some(format!("[{}]", newer.id).as_str())
    );
    assert_eq!(change.new, None);
}

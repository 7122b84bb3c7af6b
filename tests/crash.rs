//! A write killed at a random moment (`kill -9`) loses nothing and corrupts
//! nothing: the file passes SQLite's checks, every item is what its decisions
//! say (the log replayed gives the items back), every action has its
//! decisions, and the item count is the one before or the one after.
//!
//! CI runs 30 kills; `LANES_CRASH_LOOPS=200` runs more.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use lanes::domain::{Field, Item};
use rusqlite::Connection;

mod common;

fn loops() -> usize {
    std::env::var("LANES_CRASH_LOOPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30)
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

fn lanes_cmd(db: &Path, args: &[&str]) -> Command {
    let mut cmd = common::bin::command(db, args);
    cmd.env("USER", "crash")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn ok(db: &Path, args: &[&str]) {
    let out = lanes_cmd(db, args).stderr(Stdio::piped()).output().unwrap();
    assert!(
        out.status.success(),
        "lanes {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A native document of `n` items with lists, blockers and parents.
fn document(n: usize) -> String {
    let items: Vec<String> = (1..=n)
        .map(|id| {
            let blocked = if id > 3 && id % 5 == 0 {
                format!("[{}]", id - 3)
            } else {
                "[]".into()
            };
            let parent = if id > 7 && id % 7 == 0 {
                (id - 7).to_string()
            } else {
                "null".into()
            };
            format!(
                r#"{{"id": {id}, "title": "Imported item {id}", "lane": "{}", "value": {}, "impact": 5, "risk": 3, "effort": {}, "labels": ["crash", "l{}"], "criteria": [{{"text": "works {id}", "done": false}}], "blocked_by": {blocked}, "parent": {parent}}}"#,
                ["hotfix", "stability", "feature", "bet"][id % 4],
                [1, 2, 3, 5, 8, 13, 20][id % 7],
                [1, 2, 3, 5, 8][id % 5],
                id % 10
            )
        })
        .collect();
    format!(r#"{{"version": 1, "items": [{}]}}"#, items.join(",\n"))
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every check of the module's doc comment; returns the item count.
fn check_whole(db: &Path, context: &str) -> i64 {
    if !db.exists() {
        return 0;
    }
    // Opening as lanes does rolls back what a killed write left half done.
    drop(lanes::store::Store::open(db).unwrap_or_else(|e| panic!("{context}: {e}")));
    let conn = Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "{context}");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0,
        "{context}: a reference is broken"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM actions a WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.action = a.id)"
        ),
        0,
        "{context}: an action without decisions"
    );
    let (replayed, present) = replay(&conn);
    let stored = stored_items(db);
    for (id, item) in &stored {
        let from_log = replayed
            .get(id)
            .unwrap_or_else(|| panic!("{context}: #{id} is stored but its creation is not logged"));
        for f in Field::ALL {
            assert_eq!(
                f.get(from_log),
                f.get(item),
                "{context}: #{id} {} differs from what its decisions say",
                f.name()
            );
        }
    }
    for id in present {
        assert!(
            stored.contains_key(&id),
            "{context}: the log says #{id} exists, but it is not stored"
        );
    }
    count(&conn, "SELECT count(*) FROM items")
}

/// The items as the decision log builds them, and the ids it says exist.
fn replay(conn: &Connection) -> (HashMap<i64, Item>, Vec<i64>) {
    let now: DateTime<Utc> = Utc::now();
    let mut items: HashMap<i64, Item> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT item, field, new FROM decisions WHERE item IS NOT NULL ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (id, field, new) = row.unwrap();
        if field == "created" {
            match new {
                Some(snapshot) => {
                    items.insert(id, Item::from_snapshot(id, &snapshot, now).unwrap());
                }
                None => {
                    items.remove(&id);
                }
            }
        } else if let (Some(f), Some(item)) = (Field::from_name(&field), items.get_mut(&id)) {
            f.set(item, new.as_deref()).unwrap();
        }
    }
    let present = items.keys().copied().collect();
    (items, present)
}

fn stored_items(db: &Path) -> HashMap<i64, Item> {
    let store = lanes::store::Store::open(db).unwrap();
    store
        .export()
        .unwrap()
        .items
        .into_iter()
        .map(|i| (i.id, i))
        .collect()
}

/// One kind of write, and how the item count may change when it commits.
struct Write {
    name: &'static str,
    args: Vec<String>,
    /// The count after, if it commits.
    after: i64,
    /// Roughly how long it runs, to kill it somewhere inside.
    takes: Duration,
}

#[test]
fn a_write_killed_at_any_moment_leaves_the_backlog_whole_and_as_before_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("import.json");
    std::fs::write(&doc, document(3000)).unwrap();
    let doc = doc.to_str().unwrap().to_string();
    let db = dir.path().join("t.db");
    ok(
        &db,
        &[
            "add", "first", "--value", "3", "--impact", "3", "--risk", "3", "--effort", "3",
        ],
    );
    // How long an import takes here, so kills land inside one.
    let probe = dir.path().join("probe.db");
    let started = Instant::now();
    ok(&probe, &["import", &doc]);
    let import_takes = started.elapsed();

    let mut rng = Rng(0x5eed);
    let mut weight = 1;
    // How long each kind of write takes, learnt as they run: a kill lands
    // anywhere from before its start to a little after its usual end, so some
    // writes are cut short and some commit.
    let mut takes: HashMap<&'static str, Duration> = HashMap::new();
    for round in 0..loops() {
        let conn = Connection::open(&db).unwrap();
        let before = count(&conn, "SELECT count(*) FROM items");
        let last_import: Option<i64> = conn
            .query_row(
                "SELECT (SELECT count(*) FROM decisions d WHERE d.action = a.id AND d.field = 'created') \
                 FROM actions a WHERE state = 'done' AND kind IN ('change', 'import') ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .ok();
        drop(conn);
        weight = weight % 5 + 1;
        let fresh = dir.path().join(format!("fresh-{round}.db"));
        let writes = [
            Write {
                name: "add",
                args: vec!["add".into(), format!("added in round {round}")],
                after: before + 1,
                takes: Duration::from_millis(40),
            },
            Write {
                name: "score",
                args: ["score", "1", "--value", ["1", "8"][round % 2]]
                    .map(String::from)
                    .to_vec(),
                after: before,
                takes: Duration::from_millis(40),
            },
            Write {
                name: "import into a non-empty backlog",
                args: vec!["import".into(), doc.clone()],
                after: before + 3000,
                takes: import_takes * 2,
            },
            Write {
                name: "triage after a weight change",
                args: vec![
                    "policy".into(),
                    "set".into(),
                    "weight.risk".into(),
                    weight.to_string(),
                ],
                after: before,
                takes: Duration::from_millis(300),
            },
            Write {
                name: "undo",
                args: vec!["undo".into()],
                // An undone creation removes what it created.
                after: before - last_import.unwrap_or(0),
                takes: Duration::from_millis(300),
            },
            Write {
                name: "import into an empty backlog",
                args: vec!["import".into(), doc.clone()],
                after: 3000,
                takes: import_takes,
            },
        ];
        let w = &writes[round % writes.len()];
        let target = if w.name == "import into an empty backlog" {
            &fresh
        } else {
            &db
        };
        let before = if target == &fresh { 0 } else { before };
        let args: Vec<&str> = w.args.iter().map(String::as_str).collect();
        let usual = *takes.entry(w.name).or_insert(w.takes);
        let wait = rng.below(usual.as_millis() as u64 * 6 / 5 + 1);
        let started = Instant::now();
        let mut child = lanes_cmd(target, &args).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(wait));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let ran = started.elapsed();
        if status.success() {
            takes.insert(w.name, ran);
        } else {
            takes.insert(w.name, usual.max(ran) * 3 / 2);
        }
        let context = format!(
            "round {round}: {} killed after {wait} ms ({status})",
            w.name
        );
        eprintln!("{context}");
        let after = check_whole(target, &context);
        assert!(
            after == before || after == w.after,
            "{context}: {after} items, neither {before} before nor {} after",
            w.after
        );
    }
}

//! The ranked list read through the index agrees with rank computed from scratch:
//! the formula of DESIGN.md sections 2 and 4 written as a bare SQL query.
#![allow(clippy::unwrap_used)]

use lanes::store::{Ctx, Filter, Store};

const BARE: &str = "SELECT id FROM items WHERE status IN ('todo', 'doing') ORDER BY \
    CASE horizon WHEN 'now' THEN 0 WHEN 'next' THEN 1 ELSE 2 END, \
    CASE severity WHEN 'S1' THEN 0 WHEN 'S2' THEN 1 ELSE 2 END, \
    (value + impact + risk) * 1.0 / effort DESC, due IS NULL, due, id";

fn document(n: i64) -> String {
    // Deterministic and varied: every rank key has ties and gaps.
    let scale = [1, 2, 3, 5, 8, 13, 20];
    let items: Vec<String> = (1..=n)
        .map(|id| {
            let k = (id * 7919) % 1000;
            let s = |m: i64| if (k + m) % 9 == 0 { "null".to_string() } else { scale[((k + m * 3) % 7) as usize].to_string() };
            let severity = match k % 11 { 0 => "\"S1\"", 1 => "\"S2\"", 2 => "\"S3\"", _ => "null" };
            let due = if k % 4 == 0 { format!("\"2026-12-{:02}\"", 1 + k % 28) } else { "null".into() };
            let status = ["todo", "doing", "done", "todo", "declined", "todo"][(k % 6) as usize];
            format!(
                r#"{{"id": {id}, "title": "item {id}", "lane": "feature", "status": "{status}", "value": {}, "impact": {}, "risk": {}, "effort": {}, "severity": {severity}, "due": {due}}}"#,
                s(1), s(2), s(3), s(4)
            )
        })
        .collect();
    format!(r#"{{"version": 1, "items": [{}]}}"#, items.join(","))
}

/// A backlog imported from `document(n)` in a temporary directory, with the
/// context it was imported in and the path of its file.
fn imported(n: i64) -> (tempfile::TempDir, std::path::PathBuf, Store, Ctx) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rank.db");
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let ctx = Ctx {
        by: "test".into(),
        why: String::new(),
        now,
        today: now.date_naive(),
    };
    let mut store = Store::open(&path).unwrap();
    store
        .import(&ctx, &lanes::io::json::parse(&document(n), now).unwrap())
        .unwrap();
    (dir, path, store, ctx)
}

fn listed(store: &Store, filter: &Filter) -> Vec<i64> {
    store.list(filter).unwrap().iter().map(|i| i.id).collect()
}

fn column<T: rusqlite::types::FromSql>(conn: &rusqlite::Connection, sql: &str) -> Vec<T> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_indexed_rank_is_the_rank_a_bare_query_computes() {
    let (_dir, path, store, _) = imported(3000);
    let open = listed(&store, &Filter::default());
    let top = listed(
        &store,
        &Filter {
            limit: Some(20),
            ..Filter::default()
        },
    );
    let everything = listed(
        &store,
        &Filter {
            all: true,
            ..Filter::default()
        },
    );
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let bare: Vec<i64> = column(&conn, BARE);
    // With finished items too (sorted, not read from the index).
    let bare_all: Vec<i64> = column(
        &conn,
        &BARE.replace("WHERE status IN ('todo', 'doing') ", ""),
    );

    assert!(open.len() > 1500, "most items are open");
    assert_eq!(open, bare);
    assert_eq!(top, bare[..20]);
    assert_eq!(everything.len(), 3000);
    assert_eq!(everything, bare_all);
}

/// A weight change rewrites only the scores that change; afterwards every stored
/// score is the one the domain computes, and every open item sits where triage
/// puts it, however many weight changes came before.
#[test]
fn after_weight_changes_every_stored_score_and_horizon_is_the_computed_one() {
    let (_dir, path, mut store, ctx) = imported(600);
    let changes = [
        ("weight.risk", "1.5"),
        ("weight.value", "0.5"),
        ("weight.risk", "1.5"),
        ("triage.now", "4.5"),
        ("weight.value", "1.0"),
    ];
    for (key, value) in changes {
        store
            .set_policy(&ctx, &[(key.into(), value.into())])
            .unwrap();
        let policy = store.policy().unwrap();
        let items = store.export().unwrap().items;
        let conn = rusqlite::Connection::open(&path).unwrap();
        let stored: Vec<Option<f64>> = column(&conn, "SELECT score FROM items ORDER BY id");
        assert_eq!(stored.len(), items.len());
        for (it, s) in items.iter().zip(&stored) {
            assert_eq!(*s, lanes::domain::score::score(it, &policy), "#{}", it.id);
            if it.is_open() {
                assert_eq!(it.horizon, lanes::domain::triage::derive(it, &policy).0);
            }
        }
        assert!(store.triage_all(&ctx, true).unwrap().is_empty());
    }
}

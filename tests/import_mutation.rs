//! A seeded mutation test of `import`: valid documents (a native one with a
//! full history, and the fixtures of the other formats) are mutated at random
//! and imported into an empty and a non-empty backlog. An accepted file must
//! leave every reference whole (`PRAGMA foreign_key_check` empty) and undo and
//! redo working; a refused one must leave the database file byte for byte as
//! it was (into an empty backlog, but for the header's write counters: see
//! `common::empty_backlog_unchanged`); nothing may panic.
//!
//! `LANES_FUZZ_CASES` sets the number of cases (default 1500) and
//! `LANES_FUZZ_SEED` the seed, to replay a failure.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::history::{ctx, document};
use lanes::io::Options;
use lanes::store::Store;
use serde_json::{json, Value};

/// `SplitMix64`: a small, good, seedable generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Values that tend to break things.
fn nasty(rng: &mut Rng, doc: &Value) -> Value {
    let pool = [
        json!(-1),
        json!(0),
        json!(1),
        json!(2),
        json!(3),
        json!(777),
        json!(i64::MIN),
        json!(i64::MAX),
        json!(1.5),
        json!(""),
        json!("x"),
        json!("\u{7}bell"),
        json!("2026-13-45"),
        json!("2026-11-21T09:00:00Z"),
        Value::Null,
        json!(true),
        json!([]),
        json!({}),
        json!("a".repeat(300)),
        json!("S1"),
        json!("hotfix"),
        json!("undone"),
        json!("undo"),
        json!("done"),
        json!("declined"),
        json!("created"),
        json!("{}"),
        json!("{not json"),
        json!("jira:T-1"),
        json!("theme:1:status"),
        json!("triage.now"),
        json!([1, 2]),
    ];
    if rng.below(4) == 0 {
        // A value from elsewhere in the same document: ids that collide.
        let all = paths(doc);
        return get(doc, &all[rng.below(all.len())]).clone();
    }
    pool[rng.below(pool.len())].clone()
}

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

fn paths(v: &Value) -> Vec<Vec<Seg>> {
    let mut out = vec![Vec::new()];
    let mut stack = vec![(Vec::new(), v)];
    while let Some((path, v)) = stack.pop() {
        let kids: Vec<(Seg, &Value)> = match v {
            Value::Object(m) => m.iter().map(|(k, v)| (Seg::Key(k.clone()), v)).collect(),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (Seg::Index(i), v))
                .collect(),
            _ => Vec::new(),
        };
        for (seg, kid) in kids {
            let mut p: Vec<Seg> = path.clone();
            p.push(seg);
            out.push(p.clone());
            stack.push((p, kid));
        }
    }
    out
}

fn get<'a>(v: &'a Value, path: &[Seg]) -> &'a Value {
    path.iter().fold(v, |v, s| match s {
        Seg::Key(k) => &v[k.as_str()],
        Seg::Index(i) => &v[*i],
    })
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(v, |v, s| match s {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

/// One mutation somewhere in `doc`: replace, remove, or duplicate a value.
fn mutate(rng: &mut Rng, doc: &mut Value) {
    let all = paths(doc);
    let path = all[rng.below(all.len())].clone();
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    let op = rng.below(5);
    let value = nasty(rng, doc);
    let parent = get_mut(doc, parent);
    match (op, last, parent) {
        (0, Seg::Key(k), Value::Object(m)) => {
            m.remove(k);
        }
        (0, Seg::Index(i), Value::Array(a)) => {
            a.remove(*i);
        }
        (1, Seg::Index(i), Value::Array(a)) => {
            let copy = a[*i].clone();
            a.push(copy);
        }
        (_, Seg::Key(k), Value::Object(m)) => {
            m.insert(k.clone(), value);
        }
        (_, Seg::Index(i), Value::Array(a)) => a[*i] = value,
        _ => {}
    }
}

/// A CSV mutated byte by byte: a quote, a separator, a line end or a byte gone.
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let at = rng.below(bytes.len().max(1));
    match rng.below(4) {
        0 if !bytes.is_empty() => {
            bytes.remove(at);
        }
        1 => bytes.insert(at, b'"'),
        2 => bytes.insert(at, b','),
        _ => {
            bytes.splice(at..at, *b"\r\n\xff");
        }
    }
}

fn fk_clean(path: &Path) -> bool {
    let conn = rusqlite::Connection::open(path).unwrap();
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    broken == 0 && ok == "ok"
}

struct Bases {
    native: Value,
    jsons: Vec<Value>,
    csv: Vec<u8>,
    empty: Vec<u8>,
    full: Vec<u8>,
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The database file a fresh or a one-item backlog has, closed.
fn template(dir: &Path, name: &str, items: usize) -> Vec<u8> {
    let path = dir.join(name);
    let mut s = Store::open(&path).unwrap();
    for n in 0..items {
        let mut i = lanes::domain::Item::new(&format!("here {n}"), common::history::now());
        i.source = Some(format!("jira:T-{n}"));
        s.add_item(&ctx(), i).unwrap();
    }
    drop(s);
    std::fs::read(&path).unwrap()
}

#[test]
fn mutated_imports_are_accepted_whole_or_refused_without_a_trace() {
    let cases: usize = std::env::var("LANES_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let seed: u64 = std::env::var("LANES_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_261_121);
    let dir = tempfile::tempdir().unwrap();
    let bases = Bases {
        native: document(),
        jsons: ["taskwarrior.json", "github-rest.json"]
            .iter()
            .map(|f| serde_json::from_slice(&std::fs::read(fixture(f)).unwrap()).unwrap())
            .collect(),
        csv: std::fs::read(fixture("jira-en.csv")).unwrap(),
        empty: template(dir.path(), "empty.db", 0),
        full: template(dir.path(), "full.db", 2),
    };
    let mut rng = Rng(seed);
    let (mut accepted, mut refused) = (0, 0);
    for case in 0..cases {
        let (bytes, what) = match rng.below(10) {
            0 => {
                let mut b = bases.csv.clone();
                for _ in 0..=rng.below(3) {
                    mutate_bytes(&mut rng, &mut b);
                }
                (b, "jira csv")
            }
            1 | 2 => {
                let mut v = bases.jsons[rng.below(bases.jsons.len())].clone();
                for _ in 0..=rng.below(3) {
                    mutate(&mut rng, &mut v);
                }
                (v.to_string().into_bytes(), "tracker json")
            }
            _ => {
                let mut v = bases.native.clone();
                for _ in 0..=rng.below(3) {
                    mutate(&mut rng, &mut v);
                }
                (v.to_string().into_bytes(), "native")
            }
        };
        let into_full = rng.below(3) == 0;
        let db = dir.path().join(format!("case{case}.db"));
        let before = if into_full { &bases.full } else { &bases.empty };
        std::fs::write(&db, before).unwrap();
        let file = dir.path().join("import.json");
        std::fs::write(&file, &bytes).unwrap();
        // The file stays beside the test's temporary directory's name in the
        // message, so a failure can be replayed by hand.
        let label = format!(
            "case {case} (seed {seed}, {what}, into a {} backlog; LANES_FUZZ_SEED={seed} LANES_FUZZ_CASES={} replays it)",
            if into_full { "non-empty" } else { "empty" },
            case + 1
        );
        // The case's file is kept there only while it runs: a failure leaves
        // it behind, a pass takes it away.
        let keep =
            std::env::temp_dir().join(format!("lanes-fuzz-{seed}-{}.txt", std::process::id()));
        let _ = std::fs::write(&keep, &bytes);
        let mut store = Store::open(&db).unwrap();
        let result = lanes::import::run(&mut store, &ctx(), &file, &Options::default(), false);
        if let Ok(summary) = result {
            accepted += 1;
            assert!(fk_clean(&db), "{label}: broken references after import");
            if summary.changed() {
                store
                    .undo(&ctx())
                    .unwrap_or_else(|e| panic!("{label}: undo failed: {e}"));
                assert!(fk_clean(&db), "{label}: broken references after undo");
                store
                    .redo(&ctx())
                    .unwrap_or_else(|e| panic!("{label}: redo failed: {e}"));
                assert!(fk_clean(&db), "{label}: broken references after redo");
            }
            drop(store);
        } else {
            refused += 1;
            drop(store);
            let after = std::fs::read(&db).unwrap();
            let unchanged = if into_full {
                after == *before
            } else {
                common::empty_backlog_unchanged(before, &after)
            };
            assert!(
                unchanged,
                "{label}: a refused import changed the database file"
            );
        }
        std::fs::remove_file(&db).unwrap();
        for ext in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.path().join(format!("case{case}.db{ext}")));
        }
        let _ = std::fs::remove_file(&keep);
    }
    // Both outcomes were exercised.
    assert!(
        accepted > cases / 20 && refused > cases / 20,
        "{accepted} accepted, {refused} refused"
    );
}

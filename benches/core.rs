//! Speed at 100,000 items (DESIGN.md section 10): import of a native JSON file,
//! `lanes list --limit 20` as a whole process beside a bare `sqlite3` query for
//! the same top 20, and triage of every item after a policy change.
//!
//! The data is generated with a fixed seed and kept in `target/lanes-bench/`, so
//! the same files can be measured by hand (`/usr/bin/time -v`, `hyperfine`).

mod common;
mod data;

use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use data::{ctx, fixtures, now};
use lanes::store::Store;

/// The bare query a person would write against the database for the top 20.
pub const BARE_TOP_20: &str =
    "SELECT id, title FROM items WHERE status IN ('todo', 'doing') ORDER BY \
    CASE horizon WHEN 'now' THEN 0 WHEN 'next' THEN 1 ELSE 2 END, \
    CASE severity WHEN 'S1' THEN 0 WHEN 'S2' THEN 1 ELSE 2 END, \
    (value + impact + risk) * 1.0 / effort DESC, due IS NULL, due, id LIMIT 20;";

/// `lanes import FILE` into a new database, as a person runs it: the whole
/// process, reading the file to exit.
fn whole_import(b: &mut criterion::Bencher<'_>, file: &std::path::Path) {
    b.iter_batched(
        || tempfile::tempdir().expect("temp dir"),
        |dir| {
            let out = Command::new(env!("CARGO_BIN_EXE_lanes"))
                .arg("--db")
                .arg(dir.path().join("b.db"))
                .arg("import")
                .arg(file)
                .output()
                .expect("run lanes");
            assert!(out.status.success());
            // Returned, so deleting the database is not timed.
            dir
        },
        BatchSize::PerIteration,
    );
}

fn import(c: &mut Criterion) {
    let (file, _) = fixtures();
    let mut g = c.benchmark_group("import");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function(
        "lanes import of a 100k-item native JSON file, whole process",
        |b| whole_import(b, &file),
    );
    // In process: parse and import; the document and database are dropped untimed.
    g.bench_function(
        "native json, 100k items, parse + import into an empty database",
        |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("temp dir"),
                |dir| {
                    let text = std::fs::read_to_string(&file).expect("read");
                    let doc = lanes::io::json::parse(&text, now()).expect("parse");
                    let mut store = Store::open(&dir.path().join("b.db")).expect("open");
                    store.import(&ctx(), &doc).expect("import");
                    (dir, store, doc)
                },
                BatchSize::PerIteration,
            );
        },
    );
    g.finish();
}

/// A million-item native document imported by the whole process into an empty
/// database (target: under 8 s and 600 MB peak; `/usr/bin/time -v` on the
/// same command gives the peak). The document, about 400 MB, is written once
/// into `target/lanes-bench/backlog-1m.json`.
fn import_million(c: &mut Criterion) {
    let file = data::document("backlog-1m.json", 1_000_000);
    let mut g = c.benchmark_group("import, 1M items");
    g.sample_size(10).measurement_time(Duration::from_mins(2));
    g.bench_function(
        "lanes import of a 1M-item native JSON file, whole process",
        |b| whole_import(b, &file),
    );
    g.finish();
}

fn list(c: &mut Criterion) {
    let (_, db) = fixtures();
    let mut g = c.benchmark_group("list --limit 20, whole process, 100k items");
    g.sample_size(30);
    g.bench_function("lanes list --limit 20", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_lanes"))
                .args(["list", "--limit", "20", "--db"])
                .arg(&db)
                .env("COLUMNS", "160")
                .output()
                .expect("run lanes");
            assert!(out.status.success());
        });
    });
    if Command::new("sqlite3").arg("--version").output().is_ok() {
        g.bench_function("bare sqlite3 query for the same top 20", |b| {
            b.iter(|| {
                let out = Command::new("sqlite3")
                    .arg(&db)
                    .arg(BARE_TOP_20)
                    .output()
                    .expect("run sqlite3");
                assert!(out.status.success());
            });
        });
    }
    g.finish();
}

/// `lanes plan` and `lanes refine` as whole processes (target: under 300 ms each).
fn planning(c: &mut Criterion) {
    let (_, db) = fixtures();
    let mut g = c.benchmark_group("planning, whole process, 100k items");
    g.sample_size(20);
    for args in [["plan", "--json"], ["refine", "--json"]] {
        g.bench_function(format!("lanes {}", args.join(" ")), |b| {
            b.iter(|| {
                let out = Command::new(env!("CARGO_BIN_EXE_lanes"))
                    .args(args)
                    .arg("--db")
                    .arg(&db)
                    .env("LANES_NOW", "2026-11-21T09:00:00Z")
                    .output()
                    .expect("run lanes");
                assert!(out.status.success());
            });
        });
    }
    g.finish();
}

fn triage(c: &mut Criterion) {
    let (_, db) = fixtures();
    let mut g = c.benchmark_group("triage");
    g.sample_size(10);
    // On a copy: the list benchmark compares against default weights.
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("triage.db");
    // Closing the last connection checkpoints the WAL into the file.
    drop(Store::open(&db).expect("open"));
    std::fs::copy(&db, &copy).expect("copy bench database");
    let mut store = Store::open(&copy).expect("open");
    let mut flip = false;
    g.bench_function(
        "policy change re-scores and re-triages 100k items, committed",
        |b| {
            b.iter(|| {
                flip = !flip;
                let w = if flip { "1.5" } else { "1.0" };
                store
                    .set_policy(&ctx(), &[("weight.risk".into(), w.into())])
                    .expect("set policy");
            });
        },
    );
    g.finish();
}

/// Undo of an import into a backlog that already held items: every imported
/// item is removed in the undo's one transaction (targets: 20k items in under
/// 1 s, 100k in under 5 s). The import itself is set up untimed on a copy.
fn undo(c: &mut Criterion) {
    let (file, db) = fixtures();
    drop(Store::open(&db).expect("open"));
    let small = data::document("backlog-20k.json", 20_000);
    let mut g = c.benchmark_group("undo of an import into the 100k backlog");
    g.sample_size(10).measurement_time(Duration::from_secs(40));
    for (name, doc) in [("20k", &small), ("100k", &file)] {
        let text = std::fs::read_to_string(doc).expect("read");
        let doc = lanes::io::json::parse(&text, now()).expect("parse");
        g.bench_function(format!("undo of a {name}-item import, committed"), |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().expect("temp dir");
                    let copy = dir.path().join("undo.db");
                    std::fs::copy(&db, &copy).expect("copy bench database");
                    let mut store = Store::open(&copy).expect("open");
                    store.import(&ctx(), &doc).expect("import");
                    (dir, store)
                },
                |(dir, mut store)| {
                    store
                        .undo(&ctx())
                        .expect("undo")
                        .expect("an action to undo");
                    (dir, store)
                },
                BatchSize::PerIteration,
            );
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    import,
    import_million,
    list,
    planning,
    triage,
    undo
);
criterion_main!(benches);

//! The evidence of DESIGN.md section 11 at 100,000 items, half of them finished
//! over two years, with their decisions: `lanes metrics`, `lanes forecast` and
//! `lanes report` as whole processes (targets 300 / 300 / 500 ms), opening the
//! dashboard computed and drawn (100 ms), and 10,000 forecast trials (20 ms).
//!
//! The backlog is generated with a fixed seed and kept in `target/lanes-bench/`,
//! so the same file can be measured by hand (`/usr/bin/time -v lanes metrics`).

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use serde_json::{json, Value};

use common::Rng;
use lanes::domain::forecast;
use lanes::domain::metrics::Window;
use lanes::domain::Horizon;
use lanes::store::{Ctx, Remaining, Store};
use lanes::tui::app::Msg;
use lanes::tui::{self, views, Session};

const N: i64 = 100_000;
const NOW: &str = "2026-11-21T09:00:00Z";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .map(|t| t.with_timezone(&Utc))
        .expect("fixed time")
}

fn clock() -> (DateTime<Utc>, NaiveDate) {
    (now(), now().date_naive())
}

fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// 100k items, every second one finished at a time spread over the last two
/// years, and the decisions that moved them: about 135k.
fn generate() -> Value {
    const SCALE: [u64; 7] = [1, 2, 3, 5, 8, 13, 20];
    const LANES: [&str; 10] = [
        "hotfix",
        "hotfix",
        "stability",
        "stability",
        "stability",
        "feature",
        "feature",
        "feature",
        "feature",
        "bet",
    ];
    const OWNERS: [&str; 8] = ["maya", "tomas", "priya", "jon", "ana", "ravi", "sam", "lee"];
    let mut r = Rng(0xe71d);
    let now = now();
    let two_years = 730 * 86_400;
    let mut items = Vec::with_capacity(N as usize);
    // (at, item, field, old, new)
    let mut log: Vec<(DateTime<Utc>, i64, &str, &str, &str)> = Vec::new();
    for id in 1..=N {
        let lane = if r.chance(3) {
            None
        } else {
            Some(LANES[r.below(10)])
        };
        let finished = id % 2 == 0;
        let scale = |r: &mut Rng| {
            if r.chance(90) {
                json!(SCALE[r.below(7)])
            } else {
                Value::Null
            }
        };
        let (value, impact, risk, effort) =
            (scale(&mut r), scale(&mut r), scale(&mut r), scale(&mut r));
        let mut doc = json!({
            "id": id, "title": format!("Work item {id}"), "lane": lane,
            "value": value, "impact": impact, "risk": risk, "effort": effort,
            "owner": OWNERS[r.below(8)],
        });
        let (created, status) = if finished {
            let end = now - Duration::seconds(r.below_u64(two_years) as i64);
            let lead = Duration::seconds(r.below_u64(60 * 86_400) as i64);
            let created = end - lead;
            let started =
                created + Duration::seconds(r.below_u64(lead.num_seconds().max(1) as u64) as i64);
            let status = if r.chance(85) { "done" } else { "declined" };
            if r.chance(90) {
                doc["started"] = json!(time(started));
                log.push((started, id, "status", "todo", "doing"));
                log.push((end, id, "status", "doing", status));
            } else {
                log.push((end, id, "status", "todo", status));
            }
            doc["finished"] = json!(time(end));
            (created, status)
        } else {
            let created = now - Duration::seconds(r.below_u64(two_years) as i64);
            let status = if r.chance(20) { "doing" } else { "todo" };
            if status == "doing" {
                let started = created + (now - created) / 2;
                doc["started"] = json!(time(started));
                log.push((started, id, "status", "todo", "doing"));
            }
            (created, status)
        };
        doc["status"] = json!(status);
        doc["created"] = json!(time(created));
        doc["updated"] = json!(time(created));
        if lane == Some("hotfix") {
            let (sev, days) = [("S1", 1), ("S2", 3), ("S3", 14), ("S4", 0)][r.below(4)];
            doc["severity"] = json!(sev);
            if days > 0 {
                doc["due"] = json!((created + Duration::days(days)).date_naive().to_string());
            }
            if finished && r.chance(80) {
                doc["root_cause"] = json!("a cause found in the post-mortem");
                doc["prevention"] = json!("a check that keeps it from coming back");
            }
        }
        if r.chance(30) {
            log.push((
                created + Duration::minutes(5),
                id,
                "horizon",
                "later",
                "next",
            ));
        }
        items.push(doc);
    }
    log.sort_by_key(|(at, id, ..)| (*at, *id));
    let decisions: Vec<Value> = log
        .iter()
        .enumerate()
        .map(|(i, (at, item, field, old, new))| {
            json!({"id": i + 1, "action": i + 1, "at": time(*at), "by": "bench", "item": item,
                   "field": field, "old": old, "new": new, "why": "bench history"})
        })
        .collect();
    json!({"version": 1, "items": items, "decisions": decisions})
}

/// The generated backlog's database, made once and kept.
fn fixture() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("lanes-bench");
    std::fs::create_dir_all(&dir).expect("bench data directory");
    let db = dir.join("evidence-100k.db");
    let current = db.exists()
        && rusqlite::Connection::open(&db)
            .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)))
            .is_ok_and(|v| v == lanes::store::LATEST_VERSION);
    if !current {
        for stale in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("evidence-100k.db{stale}")));
        }
        let text = generate().to_string();
        std::fs::write(dir.join("evidence-100k.json"), &text).expect("write the bench document");
        let doc = lanes::io::json::parse(&text, now()).expect("parse");
        let ctx = Ctx {
            by: "bench".into(),
            why: String::new(),
            now: now(),
            today: now().date_naive(),
        };
        Store::open(&db)
            .expect("open")
            .import(&ctx, &doc)
            .expect("import");
    }
    db
}

fn whole_process(c: &mut Criterion) {
    let db = fixture();
    let mut g = c.benchmark_group("evidence, whole process, 100k items (50k finished)");
    g.sample_size(20);
    for args in [
        &["metrics"][..],
        &["metrics", "--json"],
        &["forecast"],
        &["report"],
    ] {
        g.bench_function(format!("lanes {}", args.join(" ")), |b| {
            b.iter(|| {
                let out = Command::new(env!("CARGO_BIN_EXE_lanes"))
                    .args(args)
                    .arg("--db")
                    .arg(&db)
                    .env("LANES_NOW", NOW)
                    .env("COLUMNS", "160")
                    .output()
                    .expect("run lanes");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                black_box(out.stdout.len())
            });
        });
    }
    g.finish();
}

fn in_process(c: &mut Criterion) {
    let db = fixture();
    let store = Store::open(&db).expect("open");
    let window = Window::new(12, now()).expect("window");
    let samples = store
        .metrics(&window, now().date_naive(), &[])
        .expect("metrics")
        .samples();
    let remaining = store
        .remaining(&Remaining::Horizon(Horizon::Now))
        .expect("count");
    let mut g = c.benchmark_group("evidence, in process, 100k items (50k finished)");
    g.bench_function(
        format!(
            "10,000 forecast trials ({remaining} items, about {} a week)",
            samples.iter().sum::<u32>() / 12
        ),
        |b| {
            b.iter(|| {
                forecast::weeks(black_box(&samples), remaining, 10_000, 1).expect("forecast")
            });
        },
    );
    let session = Session {
        actor: "bench".into(),
        clock,
        mouse: false,
        color: true,
        keys: None,
    };
    let mut store = Store::open(&db).expect("open");
    let mut model = tui::start(&store, &session, 200, 50);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    g.sample_size(30);
    g.bench_function(
        "open the dashboard (D), computed and drawn at 200x50",
        |b| {
            b.iter(|| {
                let key = Msg::Key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::NONE));
                tui::dispatch(
                    &mut store,
                    &session,
                    &mut model,
                    key,
                    |_: &Store, _: i64| Msg::Failed(String::new()),
                );
                terminal.draw(|f| views::render(&model, f)).expect("draw");
                black_box(model.dashboard.data.is_some())
            });
        },
    );
    g.finish();
}

criterion_group!(benches, whole_process, in_process);
criterion_main!(benches);

//! The generated 100k-item backlog every benchmark measures against: a fixed
//! seed, kept in `target/lanes-bench/` so the same files can be measured by hand.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use lanes::store::{Ctx, Store};

use crate::common::Rng;

pub const N: usize = 100_000;

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .expect("fixed time")
}

/// A backlog document of `n` items shaped like a large company's lifetime
/// backlog, written an item at a time so a document of a million items is
/// never held whole.
pub fn write(n: usize, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut r = Rng(0x5eed);
    write!(
        out,
        "{{\"version\":1,\"themes\":{},\"items\":[",
        Value::from(themes())
    )?;
    for id in 1..=n as i64 {
        if id > 1 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &item(&mut r, id))?;
    }
    out.write_all(b"]}")
}

/// The document of `n` items in `target/lanes-bench/NAME`, written once.
pub fn document(name: &str, n: usize) -> PathBuf {
    let file = data_dir().join(name);
    if !file.exists() {
        let part = file.with_extension("part");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&part).expect("create"));
        write(n, &mut out).expect("write the bench document");
        std::io::Write::flush(&mut out).expect("write the bench document");
        std::fs::rename(&part, &file).expect("keep the bench document");
    }
    file
}

fn themes() -> Vec<Value> {
    (1..=8)
        .map(|i| json!({"id": i, "name": format!("Theme {i}"), "outcome": format!("move metric {i} by {}%", 10 * i), "status": "active"}))
        .collect()
}

/// Item `id` of the document, drawn from `r`.
fn item(r: &mut Rng, id: i64) -> Value {
    const VERBS: &[&str] = &[
        "Fix", "Add", "Improve", "Migrate", "Speed up", "Retire", "Audit", "Redesign", "Support",
        "Harden",
    ];
    const THINGS: &[&str] = &[
        "checkout",
        "search",
        "login",
        "billing",
        "invoice export",
        "order history",
        "mobile cart",
        "password reset",
        "product feed",
        "CSV import",
        "webhooks",
        "admin audit log",
        "tax rules",
        "refund flow",
        "warehouse sync",
        "SSO",
        "email digests",
        "price rules",
        "promo codes",
        "API rate limits",
    ];
    const WHERE: &[&str] = &[
        "for EU customers",
        "on Android",
        "in the admin",
        "for enterprise plans",
        "under load",
        "after a timeout",
        "for guest users",
        "in Safari",
        "for large catalogs",
        "during peak sales",
    ];
    const OWNERS: &[&str] = &[
        "maya", "tomas", "priya", "jon", "lena", "omar", "sofia", "kenji", "ana", "ravi", "ines",
        "marc", "yuki", "dara", "felix", "nora",
    ];
    const LABELS: &[&str] = &[
        "web", "mobile", "api", "payments", "search", "infra", "ux", "security", "data", "perf",
    ];
    const LANES: &[&str] = &["hotfix", "stability", "feature", "feature", "bet"];
    const SCALE: [i64; 7] = [1, 2, 3, 5, 8, 13, 20];
    const SEVERITIES: [&str; 4] = ["S1", "S2", "S3", "S4"];
    const HORIZONS: [&str; 3] = ["now", "next", "later"];
    let base = NaiveDate::from_ymd_opt(2026, 11, 21).expect("fixed date");
    let lane = if r.chance(3) {
        Value::Null
    } else {
        json!(r.pick(LANES))
    };
    let status = match r.below(100) {
        0..=54 => "todo",
        55..=64 => "doing",
        65..=89 => "done",
        _ => "declined",
    };
    let scale = |r: &mut Rng| {
        if r.chance(85) {
            json!(SCALE[r.below(7)])
        } else {
            Value::Null
        }
    };
    let (value, impact, risk, effort) = (scale(r), scale(r), scale(r), scale(r));
    let severity = if lane == json!("hotfix") {
        json!(SEVERITIES[r.below(4)])
    } else {
        Value::Null
    };
    let due = if r.chance(20) {
        json!((base + chrono::Days::new(r.below(120) as u64)).to_string())
    } else {
        Value::Null
    };
    let labels: Vec<&str> = (0..r.below(4))
        .map(|_| r.pick(LABELS))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let criteria: Vec<Value> = (0..r.below(3))
        .map(|k| json!({"text": format!("criterion {k} holds"), "done": r.chance(30)}))
        .collect();
    let blocked_by: Vec<i64> = if id > 10 && r.chance(5) {
        vec![id - 1 - r.below(9) as i64]
    } else {
        vec![]
    };
    let parent = if id > 100 && r.chance(3) {
        json!(id - 50 - r.below(40) as i64)
    } else {
        Value::Null
    };
    let created = format!(
        "2024-{:02}-{:02}T{:02}:00:00Z",
        1 + r.below(12),
        1 + r.below(28),
        r.below(24)
    );
    let finished = if status == "done" || status == "declined" {
        json!(created.replace("2024", "2025"))
    } else {
        Value::Null
    };
    json!({
        "id": id,
        "title": format!("{} {} {}", r.pick(VERBS), r.pick(THINGS), r.pick(WHERE)),
        "description": if r.chance(30) { json!("Customers report this in support tickets; see the linked thread for steps.") } else { Value::Null },
        "lane": lane, "status": status,
        "value": value, "impact": impact, "risk": risk, "effort": effort,
        "severity": severity, "pinned": r.chance(2), "horizon": HORIZONS[r.below(3)],
        "due": due, "owner": if r.chance(80) { json!(r.pick(OWNERS)) } else { Value::Null },
        "theme": if r.chance(40) { json!(1 + r.below(8)) } else { Value::Null },
        "parent": parent, "labels": labels, "criteria": criteria, "blocked_by": blocked_by,
        "created": created, "updated": created, "finished": finished,
    })
}

pub use crate::common::data_dir;

pub fn ctx() -> Ctx {
    Ctx {
        by: "bench".into(),
        why: String::new(),
        now: now(),
        today: now().date_naive(),
    }
}

/// The generated document on disk, and a database imported from it.
pub fn fixtures() -> (PathBuf, PathBuf) {
    let dir = data_dir();
    let file = document("backlog-100k.json", N);
    let db = dir.join("backlog-100k.db");
    // One left by an older build is made again rather than migrated, so every
    // run measures a database as this build writes it.
    let current = db.exists()
        && rusqlite::Connection::open(&db)
            .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)))
            .is_ok_and(|v| v == lanes::store::LATEST_VERSION);
    if !current {
        for stale in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("backlog-100k.db{stale}")));
        }
        let text = std::fs::read_to_string(&file).expect("read bench document");
        let mut store = Store::open(&db).expect("open bench database");
        store
            .import(
                &ctx(),
                &lanes::io::json::parse(&text, now()).expect("parse"),
            )
            .expect("import");
    }
    (file, db)
}

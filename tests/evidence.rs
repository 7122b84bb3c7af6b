//! `lanes metrics` and `lanes forecast` on a small backlog with known timestamps:
//! every number of DESIGN.md section 11, worked out by hand in the comments.
#![allow(clippy::unwrap_used)]
// Exact numbers are the point: every value compared is exactly representable.
#![allow(clippy::float_cmp)]

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;

/// A Saturday: the window of 2 weeks is 2026-11-02 … 2026-11-15, and the current
/// week runs from 2026-11-16 to now.
const NOW: &str = "2026-11-21T09:00:00Z";

fn lanes(db: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("lanes").unwrap();
    c.arg("--db")
        .arg(db)
        .env("LANES_NOW", NOW)
        .env_remove("LANES_DB");
    c
}

fn item(id: i64, lane: Option<&str>, status: &str, created: &str, extra: Value) -> Value {
    let mut doc = json!({"id": id, "title": format!("item {id}"), "lane": lane, "status": status, "created": created});
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            doc[k] = v;
        }
    }
    doc
}

/// The backlog every test here reads.
fn backlog() -> (TempDir, std::path::PathBuf) {
    let items = vec![
        // A hot fix done on time: lead 1.0 day, cycle 23 hours.
        item(
            1,
            Some("hotfix"),
            "done",
            "2026-11-02T10:00:00Z",
            json!({
            "severity": "S1", "due": "2026-11-03", "started": "2026-11-02T11:00:00Z",
            "finished": "2026-11-03T10:00:00Z", "value": 8, "impact": 13, "risk": 5, "effort": 3,
            "root_cause": "expired certificate", "prevention": "expiry alert"}),
        ),
        // A hot fix done two days late: lead 5.5, cycle 4.5.
        item(
            2,
            Some("hotfix"),
            "done",
            "2026-11-04T00:00:00Z",
            json!({
            "severity": "S2", "due": "2026-11-07", "started": "2026-11-05T00:00:00Z",
            "finished": "2026-11-09T12:00:00Z", "value": 5, "impact": 5, "risk": 3, "effort": 5,
            "root_cause": "race in the retry job"}),
        ),
        // A feature: lead 21, cycle 9.
        item(
            3,
            Some("feature"),
            "done",
            "2026-10-20T00:00:00Z",
            json!({
            "started": "2026-11-01T00:00:00Z", "finished": "2026-11-10T00:00:00Z",
            "value": 13, "impact": 8, "risk": 2, "effort": 8}),
        ),
        item(
            4,
            Some("bet"),
            "declined",
            "2026-10-01T00:00:00Z",
            json!({"finished": "2026-11-11T00:00:00Z"}),
        ),
        // In doing for 9 days and one hour.
        item(
            5,
            Some("feature"),
            "doing",
            "2026-10-15T00:00:00Z",
            json!({"started": "2026-11-12T08:00:00Z"}),
        ),
        // Open and past its due date: a breach.
        item(
            6,
            Some("hotfix"),
            "todo",
            "2026-11-18T00:00:00Z",
            json!({"severity": "S2", "due": "2026-11-20"}),
        ),
        // Done in the current week.
        item(
            7,
            Some("stability"),
            "done",
            "2026-11-16T00:00:00Z",
            json!({
            "started": "2026-11-16T12:00:00Z", "finished": "2026-11-17T00:00:00Z", "effort": 2}),
        ),
        item(8, None, "todo", "2026-09-01T00:00:00Z", json!({})),
        // Done before the window.
        item(
            9,
            Some("stability"),
            "done",
            "2026-09-01T00:00:00Z",
            json!({"finished": "2026-10-01T00:00:00Z", "effort": 13}),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backlog.json");
    std::fs::write(&file, json!({"version": 1, "items": items}).to_string()).unwrap();
    let db = dir.path().join("t.db");
    lanes(&db).arg("import").arg(&file).assert().success();
    (dir, db)
}

fn json_of(db: &std::path::Path, args: &[&str]) -> Value {
    let out = lanes(db).arg("--json").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn close(v: &Value, want: f64) -> bool {
    (v.as_f64().unwrap() - want).abs() < 1e-9
}

#[test]
fn metrics_json_has_every_number_of_section_11() {
    let (_dir, db) = backlog();
    let m = json_of(&db, &["metrics", "--weeks", "2"]);
    assert_eq!(
        m["window"],
        json!({"weeks": 2, "from": "2026-11-02", "to": "2026-11-15"})
    );

    // Lead times of #1, #2, #3: 1.0, 5.5, 21.0.
    let lead = &m["lead_time"];
    assert_eq!(lead["all"]["count"], 3);
    assert_eq!(
        (
            lead["all"]["p50"].as_f64(),
            lead["all"]["p85"].as_f64(),
            lead["all"]["p95"].as_f64()
        ),
        (Some(5.5), Some(21.0), Some(21.0))
    );
    assert!(close(&lead["all"]["mean"], 27.5 / 3.0));
    assert_eq!(
        lead["hotfix"],
        json!({"count": 2, "p50": 1.0, "p85": 5.5, "p95": 5.5, "mean": 3.25})
    );
    assert_eq!(
        lead["bet"],
        json!({"count": 0, "p50": null, "p85": null, "p95": null, "mean": null})
    );
    // Cycle times: 23/24, 4.5, 9.0.
    let cycle = &m["cycle_time"]["all"];
    assert_eq!(
        (
            cycle["count"].as_u64(),
            cycle["p50"].as_f64(),
            cycle["p85"].as_f64()
        ),
        (Some(3), Some(4.5), Some(9.0))
    );
    assert!(close(&cycle["mean"], (23.0 / 24.0 + 4.5 + 9.0) / 3.0));

    // Open at the start: #3, #4, #5, #8.
    let weeks = m["throughput"]["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 3);
    assert_eq!(
        weeks[0],
        json!({
            "week": "2026-11-02", "partial": false,
            "done": {"hotfix": 1, "stability": 0, "feature": 0, "bet": 0, "total": 1},
            "effort": {"hotfix": 3, "stability": 0, "feature": 0, "bet": 0, "total": 3},
            "declined": 0, "arrived": 2, "open": 4 + 2 - 1,
        })
    );
    assert_eq!(
        weeks[1],
        json!({
            "week": "2026-11-09", "partial": false,
            "done": {"hotfix": 1, "stability": 0, "feature": 1, "bet": 0, "total": 2},
            "effort": {"hotfix": 5, "stability": 0, "feature": 8, "bet": 0, "total": 13},
            "declined": 1, "arrived": 0, "open": 5 - 3,
        })
    );
    assert_eq!(weeks[2]["partial"], true);
    assert_eq!(weeks[2]["done"]["stability"], 1);
    assert_eq!(
        (weeks[2]["arrived"].as_u64(), weeks[2]["open"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(m["throughput"]["mean_done"], 1.5);

    // #5 is 9 days and an hour in: past the p85 of all lanes (9.0), since the
    // feature lane has fewer than 5 cycle times.
    let wip = m["wip"].as_array().unwrap();
    assert_eq!(wip.len(), 1);
    assert_eq!(
        (
            wip[0]["id"].as_i64(),
            wip[0]["lane"].as_str(),
            wip[0]["aging"].as_bool()
        ),
        (Some(5), Some("feature"), Some(true))
    );
    assert!(close(&wip[0]["age_days"], 9.0 + 1.0 / 24.0));

    let sla = &m["sla"];
    assert_eq!(
        sla["S1"],
        json!({"done": 1, "on_time": 1, "share": 1.0, "median_days": 1.0})
    );
    assert_eq!(
        sla["S2"],
        json!({"done": 1, "on_time": 0, "share": 0.0, "median_days": 5.5})
    );
    assert_eq!(
        sla["S3"],
        json!({"done": 0, "on_time": 0, "share": null, "median_days": null})
    );
    assert_eq!(
        sla["all"],
        json!({"done": 2, "on_time": 1, "share": 0.5, "median_days": 1.0})
    );
    assert_eq!(sla["open_breaches"], json!([6]));

    // 16 points done: hot fixes 8, features 8.
    assert_eq!(
        m["lane_mix"],
        json!({
            "hotfix": {"effort": 8, "share": 0.5, "target": 0.15, "off": true},
            "stability": {"effort": 0, "share": 0.0, "target": 0.25, "off": true},
            "feature": {"effort": 8, "share": 0.5, "target": 0.4, "off": false},
            "bet": {"effort": 0, "share": 0.0, "target": 0.2, "off": true},
        })
    );
    assert_eq!(
        m["postmortems"],
        json!({"hotfixes_done": 2, "with_postmortem": 1})
    );
    // 8+13+5 in the first week; 5+5+3 and 13+8+2 in the second.
    assert_eq!(
        m["cost_of_delay"],
        json!({"total": 62.0, "weeks": [26.0, 36.0, 0.0]})
    );
}

#[test]
fn metrics_for_people_start_with_the_lane_mix_and_narrow_to_lanes() {
    let (_dir, db) = backlog();
    let out = lanes(&db)
        .args(["metrics", "--weeks", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text
        .lines()
        .position(|l| l.starts_with("Lane mix"))
        .unwrap();
    let throughput = text
        .lines()
        .position(|l| l.starts_with("Throughput"))
        .unwrap();
    assert!(first < throughput, "{text}");
    assert!(
        text.contains("! hot fixes took 50% of the effort done against a 15% target; stability got 0% against a 25% target; strategic bets got 0% against a 20% target"),
        "{text}"
    );
    assert!(
        text.contains("! Open breaches (past due now): #6"),
        "{text}"
    );

    let m = json_of(&db, &["metrics", "--weeks", "2", "--lane", "hotfix"]);
    assert_eq!(m["lead_time"]["all"]["count"], 2);
    assert!(m["lead_time"].get("feature").is_none());
    assert_eq!(
        m["throughput"]["weeks"][1]["done"],
        json!({"hotfix": 1, "total": 1})
    );
    // The lane mix stays a share of all the effort done.
    assert_eq!(
        m["lane_mix"],
        json!({"hotfix": {"effort": 8, "share": 0.5, "target": 0.15, "off": true}})
    );
    assert_eq!(m["wip"], json!([]));
}

#[test]
fn forecasts_from_constant_samples_are_exact() {
    let (_dir, db) = backlog();
    // One week: 2 done (#2, #3).
    let f = json_of(&db, &["forecast", "--weeks", "1", "--count", "5"]);
    assert_eq!(
        f,
        json!({
            "remaining": 5, "samples": [2], "trials": 10000, "seed": 1,
            "weeks": {"p50": 3, "p85": 3, "p95": 3},
            "dates": {"p50": "2026-12-12", "p85": "2026-12-12", "p95": "2026-12-12"},
        })
    );
    let f = json_of(&db, &["forecast", "--weeks", "1", "--by", "2026-12-05"]);
    assert_eq!(f["weeks"], 2);
    assert_eq!(f["items"], json!({"p50": 4, "p85": 4, "p95": 4}));
    assert_eq!(f["by"], "2026-12-05");
    // The now horizon holds #6 (S2).
    let f = json_of(&db, &["forecast", "--weeks", "2"]);
    assert_eq!(f["remaining"], 1);
    assert_eq!(f["samples"], json!([1, 2]));
    let again = json_of(&db, &["forecast", "--weeks", "2", "--seed", "1"]);
    assert_eq!(f, again);
    let out = lanes(&db)
        .args(["forecast", "--weeks", "1", "--count", "5"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("85% likely done by 2026-12-12 (3 weeks)"),
        "{text}"
    );
}

#[test]
fn a_forecast_with_nothing_to_go_on_is_refused_with_a_sentence() {
    let (dir, db) = backlog();
    let cases: [(&[&str], &str); 5] = [
        (
            &["forecast", "--weeks", "0"],
            "--weeks: the window must be 1 to 104 weeks, not 0",
        ),
        (
            &["metrics", "--weeks", "105"],
            "--weeks: the window must be 1 to 104 weeks, not 105",
        ),
        (
            &["forecast", "--by", "2026-11-01"],
            "--by 2026-11-01 is in the past",
        ),
        (&["forecast", "--item", "99"], "there is no item #99"),
        (
            &["forecast", "--count", "3", "--horizon", "now"],
            "cannot be used with",
        ),
    ];
    for (args, says) in cases {
        let out = lanes(&db).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Nothing done in the window at all.
    let empty = dir.path().join("empty.db");
    let out = lanes(&empty)
        .args(["forecast", "--count", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "lanes: no item was done in any of the 12 weeks of the window, so there is no throughput to forecast from; try a wider window with --weeks\n"
    );
}

#[test]
fn long_lists_for_people_stop_at_20_and_say_how_many_more() {
    let items: Vec<Value> = (1..=25)
        .map(|id| {
            item(
                id,
                Some("hotfix"),
                "doing",
                "2026-10-01T00:00:00Z",
                json!({
                    "started": format!("2026-11-{:02}T00:00:00Z", id % 20 + 1),
                    "severity": "S3", "due": "2026-11-01",
                }),
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doing.json");
    std::fs::write(&file, json!({"version": 1, "items": items}).to_string()).unwrap();
    let db = dir.path().join("t.db");
    lanes(&db).arg("import").arg(&file).assert().success();
    let out = lanes(&db).args(["metrics"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Work in progress: 25 in doing, oldest first"),
        "{text}"
    );
    assert!(
        text.contains("  … and 5 more (--json lists them all)"),
        "{text}"
    );
    assert!(text.contains(" and 5 more\n"), "{text}");
    let m = json_of(&db, &["metrics"]);
    assert_eq!(m["wip"].as_array().unwrap().len(), 25);
    assert_eq!(m["sla"]["open_breaches"].as_array().unwrap().len(), 25);
}

#[test]
fn metrics_of_the_inbox_alone_say_the_mix_is_of_the_lanes_not_that_every_lane_is_on_target() {
    let (_dir, db) = backlog();
    let out = lanes(&db)
        .args(["metrics", "--lane", "inbox"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("The Inbox has no capacity target"), "{text}");
    assert!(!text.contains("Every lane is within 10 points"), "{text}");
}

//! End-to-end tests of the real `lanes` binary: a scripted session per behaviour on a
//! fresh database in a temporary directory, reading `--json` output and reading the
//! database back only through the CLI (`show`, `list`, `log`, `export`).
//!
//! The clock is pinned with `LANES_NOW`, so "today" is 2026-11-21 and every due date
//! and timestamp below is exact.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command as StdCommand, Stdio};

use serde_json::{json, Value};

use common::cli::*;

// ---------------------------------------------------------------------------------
// Section 2: score
// ---------------------------------------------------------------------------------

#[test]
fn score_is_weighted_wsjf_and_a_weight_change_moves_the_horizon_with_the_triage_reason() {
    let b = Backlog::new();
    let id = b.add(
        "Checkout times out",
        &words("--value 8 --impact 13 --risk 3 --effort 5"),
    );

    let item = b.show(id);
    assert_eq!(item["score"], json!(4.8), "(8 + 13 + 3) / 5");
    assert_eq!(item["horizon"], "next");
    let explain = text(&item["explain"]["score"]);
    for part in ["value 8", "impact 13", "risk 3", "effort 5", "1.0", "4.8"] {
        assert!(
            explain.contains(part),
            "explain.score {explain:?} lacks {part:?}"
        );
    }

    b.ok(&[
        "policy",
        "set",
        "weight.value",
        "2",
        "--as",
        "pat",
        "--why",
        "value matters more",
    ]);

    let item = b.show(id);
    assert_eq!(item["score"], json!(6.4), "(2·8 + 13 + 3) / 5");
    assert_eq!(item["horizon"], "now");
    let explain = text(&item["explain"]["score"]);
    for part in ["2.0", "value 8", "6.4"] {
        assert!(
            explain.contains(part),
            "explain.score {explain:?} lacks {part:?}"
        );
    }
    assert!(text(&item["explain"]["horizon"]).contains("6.0"));

    let decisions = array(&item["decisions"]);
    let moved = newest(&decisions, "horizon");
    assert_eq!(moved["old"], "next");
    assert_eq!(moved["new"], "now");
    assert_eq!(moved["by"], "pat");
    assert_eq!(moved["why"], "score 6.4 ≥ triage.now 6.0");

    let all = array(&b.json(&["log"]));
    let weight = newest(&all, "weight.value");
    assert_eq!(weight["item"], Value::Null);
    assert_eq!(weight["old"], "1.0");
    assert_eq!(weight["new"], "2.0");
    assert_eq!(weight["why"], "value matters more");
    assert_eq!(
        weight["action"], moved["action"],
        "the policy change and the horizon it moved are one action"
    );
}

#[test]
fn score_is_kept_in_full_precision_and_triage_uses_it() {
    let b = Backlog::new();
    let id = b.add(
        "Ten thirds",
        &words("--value 5 --impact 3 --risk 2 --effort 3"),
    );
    assert_eq!(b.show(id)["score"], json!(10.0 / 3.0));
    assert!(text(&b.show(id)["explain"]["score"]).contains("3.3"));

    // 3.333… ≥ 3.33 keeps it in next; a rounded 3.3 would not.
    b.ok(&["policy", "set", "triage.next", "3.33"]);
    assert_eq!(b.show(id)["horizon"], "next");
    b.ok(&["policy", "set", "triage.next", "3.34"]);
    assert_eq!(b.show(id)["horizon"], "later");
}

#[test]
fn fractional_weights_apply_to_each_input() {
    let b = Backlog::new();
    b.ok(&words("policy set weight.impact 0.5 weight.risk 3"));
    let id = b.add(
        "Weighted",
        &words("--value 2 --impact 8 --risk 1 --effort 2"),
    );
    // (1·2 + 0.5·8 + 3·1) / 2 = 4.5
    let item = b.show(id);
    assert_eq!(item["score"], json!(4.5));
    let explain = text(&item["explain"]["score"]);
    for part in ["0.5", "3.0", "impact 8", "risk 1", "4.5"] {
        assert!(
            explain.contains(part),
            "explain.score {explain:?} lacks {part:?}"
        );
    }
}

#[test]
fn an_item_missing_any_input_has_no_score_and_needs_scoring() {
    let b = Backlog::new();
    let id = b.add("No effort yet", &words("--value 20 --impact 20 --risk 20"));
    let item = b.show(id);
    assert_eq!(item["score"], Value::Null);
    assert_eq!(item["horizon"], "later");
    assert!(text(&item["explain"]["score"]).contains("needs scoring"));
    assert!(text(&item["explain"]["score"]).contains("effort"));

    b.ok(&["score", &id.to_string(), "--effort", "1"]);
    assert_eq!(b.show(id)["score"], json!(60.0));
    assert_eq!(b.show(id)["horizon"], "now");

    // `none` clears an input again.
    b.ok(&["score", &id.to_string(), "--effort", "none"]);
    assert_eq!(b.show(id)["score"], Value::Null);
    assert_eq!(b.show(id)["effort"], Value::Null);
    assert_eq!(b.show(id)["horizon"], "later");
}

// ---------------------------------------------------------------------------------
// Section 3: triage
// ---------------------------------------------------------------------------------

#[test]
fn triage_puts_s1_and_s2_in_now_whatever_the_score() {
    let b = Backlog::new();
    let low = [
        "--value", "1", "--impact", "1", "--risk", "1", "--effort", "20",
    ];
    let s1 = b.add("Outage", &[&["--severity", "S1"], &low[..]].concat());
    let s2 = b.add("Major", &["--severity", "S2"]);
    let s3 = b.add("Minor", &[&["--severity", "S3"], &low[..]].concat());

    assert_eq!(b.show(s1)["horizon"], "now", "S1 with score 0.15");
    assert_eq!(b.show(s2)["horizon"], "now", "S2 unscored");
    assert_eq!(b.show(s3)["horizon"], "later", "S3 is not urgent");
    assert!(text(&b.show(s1)["explain"]["horizon"]).contains("S1"));
    assert!(text(&b.show(s2)["explain"]["horizon"]).contains("S2"));

    // Lowering the severity lets the score decide again.
    b.ok(&["edit", &s1.to_string(), "--severity", "S4"]);
    assert_eq!(b.show(s1)["horizon"], "later");
    // Raising it puts it back, with the severity as the recorded reason.
    b.ok(&[
        "edit",
        &s3.to_string(),
        "--severity",
        "S2",
        "--why",
        "more tenants hit",
    ]);
    let item = b.show(s3);
    assert_eq!(item["horizon"], "now");
    let moved = newest(&array(&item["decisions"]), "horizon");
    assert!(text(&moved["why"]).contains("S2"), "{moved}");
}

#[test]
fn triage_score_thresholds_are_inclusive() {
    let b = Backlog::new();
    let six = b.add(
        "Exactly six",
        &words("--value 5 --impact 5 --risk 2 --effort 2"),
    );
    let three = b.add(
        "Exactly three",
        &words("--value 1 --impact 1 --risk 1 --effort 1"),
    );
    let below = b.add(
        "Eight thirds",
        &words("--value 3 --impact 3 --risk 2 --effort 3"),
    );
    let unscored = b.add("Unscored", &[]);

    let expect = [
        (six, "now", "score 6.0 ≥ triage.now 6.0"),
        (three, "next", "score 3.0 ≥ triage.next 3.0"),
        (below, "later", "score 2.7 < triage.next 3.0"),
    ];
    for (id, horizon, why) in expect {
        let item = b.show(id);
        assert_eq!(item["horizon"], horizon, "#{id}");
        assert_eq!(item["explain"]["horizon"], why, "#{id}");
        assert_eq!(newest(&array(&item["decisions"]), "horizon")["why"], why);
    }
    let item = b.show(unscored);
    assert_eq!(item["horizon"], "later");
    assert!(text(&item["explain"]["horizon"]).contains("no score"));
}

#[test]
fn a_pinned_horizon_survives_severity_score_and_policy_until_unpinned() {
    let b = Backlog::new();
    let id = b.add("Pinned", &[]);
    let sid = id.to_string();

    let item = b.json(&["edit", &sid, "--horizon", "later", "--why", "parked"]);
    assert_eq!(item["horizon"], "later");
    assert_eq!(item["pinned"], true);

    b.ok(&["edit", &sid, "--severity", "S1"]);
    b.ok(&[
        "score", &sid, "--value", "20", "--impact", "20", "--risk", "20", "--effort", "1",
    ]);
    b.ok(&["policy", "set", "triage.now", "5"]);
    assert_eq!(b.json(&["triage"]), json!([]), "triage leaves pins alone");
    let item = b.show(id);
    assert_eq!(item["horizon"], "later");
    assert_eq!(item["pinned"], true);
    assert!(text(&item["explain"]["horizon"]).contains("pinned"));

    let item = b.json(&["edit", &sid, "--unpin"]);
    assert_eq!(item["pinned"], false);
    assert_eq!(item["horizon"], "now");
    let item = b.show(id);
    assert!(text(&item["explain"]["horizon"]).contains("S1"));
    let moved = newest(&array(&item["decisions"]), "horizon");
    assert_eq!(moved["old"], "later");
    assert_eq!(moved["new"], "now");
    assert!(text(&moved["why"]).contains("S1"), "{moved}");
}

#[test]
fn the_horizon_explanation_never_contradicts_the_horizon() {
    let b = Backlog::new();
    let id = b.add(
        "Finished at 4.8",
        &words("--value 8 --impact 13 --risk 3 --effort 5"),
    );
    b.ok(&["done", &id.to_string()]);
    b.ok(&["policy", "set", "triage.next", "5"]);
    let item = b.show(id);
    let horizon = text(&item["horizon"]);
    let explain = text(&item["explain"]["horizon"]);
    // A finished item keeps its horizon; the explanation says so before naming today's rule.
    assert_eq!(horizon, "next");
    let contradicts = !explain.starts_with("next since it was finished");
    assert!(!contradicts, "horizon {horizon} explained as {explain:?}");
}

#[test]
fn threshold_change_retriages_open_items_and_triage_then_finds_nothing_to_move() {
    let b = Backlog::new();
    let scored = [
        "--value", "8", "--impact", "13", "--risk", "3", "--effort", "5",
    ];
    let a = b.add("Score 4.8", &scored);
    let c = b.add(
        "Score 2.0",
        &words("--value 3 --impact 2 --risk 1 --effort 3"),
    );
    assert_eq!(b.show(a)["horizon"], "next");
    assert_eq!(b.show(c)["horizon"], "later");

    b.ok(&[
        "policy",
        "set",
        "triage.now",
        "4.5",
        "triage.next",
        "2",
        "--why",
        "more room",
    ]);
    assert_eq!(b.show(a)["horizon"], "now");
    assert_eq!(b.show(c)["horizon"], "next");
    assert_eq!(
        newest(&b.log(a), "horizon")["why"],
        "score 4.8 ≥ triage.now 4.5"
    );
    assert_eq!(
        newest(&b.log(c), "horizon")["why"],
        "score 2.0 ≥ triage.next 2.0"
    );

    assert_eq!(b.json(&["triage", "--dry-run"]), json!([]));
    assert_eq!(b.json(&["triage"]), json!([]));

    // Thresholds are validated together: next may go above the old now.
    b.ok(&words("policy set triage.next 7 triage.now 8"));
    assert_eq!(b.show(a)["horizon"], "later");
    assert_eq!(b.show(c)["horizon"], "later");
}

// ---------------------------------------------------------------------------------
// Section 4: rank
// ---------------------------------------------------------------------------------

/// Adds an item pinned to `horizon` with the given extra flags.
fn pinned(b: &Backlog, title: &str, horizon: &str, args: &[&str]) -> i64 {
    let id = b.add(title, args);
    b.ok(&["edit", &id.to_string(), "--horizon", horizon]);
    id
}

#[test]
fn rank_puts_horizon_first() {
    let b = Backlog::new();
    let later_s1 = pinned(&b, "Later S1", "later", &["--severity", "S1"]);
    let next_top = pinned(
        &b,
        "Next, score 60",
        "next",
        &words("--value 20 --impact 20 --risk 20 --effort 1"),
    );
    let now_plain = pinned(&b, "Now, unscored", "now", &[]);
    assert_eq!(b.list_ids(&[]), vec![now_plain, next_top, later_s1]);
    assert_eq!(b.list_ids(&["--horizon", "next"]), vec![next_top]);
}

#[test]
fn rank_puts_s1_then_s2_before_any_score_within_a_horizon() {
    let b = Backlog::new();
    let top_score = b.add(
        "Score 60",
        &words("--value 20 --impact 20 --risk 20 --effort 1"),
    );
    let s3 = b.add(
        "S3, score 60",
        &words("--severity S3 --value 20 --impact 20 --risk 20 --effort 1 --due 2026-11-22"),
    );
    let s2 = b.add(
        "S2, score 3",
        &words("--severity S2 --value 1 --impact 1 --risk 1 --effort 1"),
    );
    let s1 = b.add("S1, unscored", &["--severity", "S1", "--due", "2027-01-01"]);
    // S3 is not urgent: it ranks with the other scored items, by score, then due.
    assert_eq!(b.list_ids(&[]), vec![s1, s2, s3, top_score]);
}

#[test]
fn rank_orders_by_score_highest_first_and_unscored_last() {
    let b = Backlog::new();
    let unscored = pinned(&b, "Unscored, due tomorrow", "later", &["--due", "+1d"]);
    let one = b.add(
        "Score 1.0",
        &words("--value 1 --impact 1 --risk 1 --effort 3"),
    );
    let more = b.add(
        "Score 2.7",
        &words("--value 3 --impact 3 --risk 2 --effort 3"),
    );
    assert_eq!(b.list_ids(&[]), vec![more, one, unscored]);
}

#[test]
fn rank_orders_equal_scores_by_due_soonest_then_none_then_id() {
    let b = Backlog::new();
    let scored = [
        "--value", "5", "--impact", "5", "--risk", "2", "--effort", "2",
    ];
    let no_due = b.add("No due", &scored);
    let late = b.add(
        "Due Dec 1",
        &[&scored[..], &["--due", "2026-12-01"]].concat(),
    );
    let soon_a = b.add(
        "Due Nov 25 a",
        &[&scored[..], &["--due", "2026-11-25"]].concat(),
    );
    let soon_b = b.add(
        "Due Nov 25 b",
        &[&scored[..], &["--due", "2026-11-25"]].concat(),
    );
    let twin = b.add("Twin of no due", &scored);
    assert_eq!(b.list_ids(&[]), vec![soon_a, soon_b, late, no_due, twin]);
}

#[test]
fn blocked_items_keep_their_place_and_are_marked() {
    let b = Backlog::new();
    let first = b.add("First", &[]);
    let blocker = b.add("Blocker", &[]);
    b.ok(&["block", &first.to_string(), "--on", &blocker.to_string()]);
    assert_eq!(b.list_ids(&[]), vec![first, blocker]);
    let table = b.ok(&["list"]);
    let row = |id: i64| -> String {
        table
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("#{id} ")))
            .unwrap_or_else(|| panic!("no row for #{id} in\n{table}"))
            .to_owned()
    };
    assert!(row(first).contains("blocked"), "{table}");
    assert!(!row(blocker).contains("blocked"), "{table}");

    b.ok(&["done", &blocker.to_string()]);
    assert!(
        !b.ok(&["list"]).contains("blocked"),
        "a done blocker no longer blocks"
    );
}

#[test]
fn list_table_fits_the_terminal_width() {
    let b = Backlog::new();
    b.add(
        &"word ".repeat(30),
        &["--owner", "a-long-owner-name", "--severity", "S2"],
    );
    b.add("Short", &["--lane", "stability"]);
    for width in [120usize, 80, 60] {
        let table = run_ok(b.cmd().env("COLUMNS", width.to_string()).arg("list"));
        for line in table.lines() {
            assert!(
                line.chars().count() <= width,
                "COLUMNS={width}: a row is {} wide:\n{table}",
                line.chars().count()
            );
        }
        assert!(table.contains("Short"), "{table}");
    }
}

#[test]
fn list_shows_open_items_only_unless_all() {
    let b = Backlog::new();
    let open = b.add("Open", &[]);
    let done = b.add("Done", &[]);
    let declined = b.add("Declined", &[]);
    b.ok(&["done", &done.to_string()]);
    b.ok(&["decline", &declined.to_string(), "--why", "out of scope"]);
    assert_eq!(b.list_ids(&[]), vec![open]);
    assert_eq!(b.list_ids(&["--all"]), vec![open, done, declined]);
    assert_eq!(b.list_ids(&["--status", "done", "--all"]), vec![done]);
}

// ---------------------------------------------------------------------------------
// Due dates from severity (SLA)
// ---------------------------------------------------------------------------------

#[test]
fn due_date_comes_from_the_severity_sla_unless_given() {
    let b = Backlog::new();
    let s1 = b.add("S1", &["--severity", "S1"]);
    let s2 = b.add("S2", &["--severity", "S2"]);
    let s3 = b.add("S3", &["--severity", "S3"]);
    let s4 = b.add("S4", &["--severity", "S4"]);
    let none = b.add("No severity", &[]);
    let explicit = b.add(
        "S1 with a date",
        &["--severity", "S1", "--due", "2027-01-15"],
    );

    assert_eq!(b.show(s1)["due"], "2026-11-22");
    assert_eq!(b.show(s2)["due"], "2026-11-24");
    assert_eq!(b.show(s3)["due"], "2026-12-05");
    assert_eq!(b.show(s4)["due"], Value::Null, "sla.S4 is 0: no due date");
    assert_eq!(b.show(none)["due"], Value::Null);
    assert_eq!(b.show(explicit)["due"], "2027-01-15");

    b.ok(&[
        "policy",
        "set",
        "sla.S3",
        "7",
        "--why",
        "minor bugs within a week",
    ]);
    let later_s3 = b.add("S3 after the change", &["--severity", "S3"]);
    assert_eq!(b.show(later_s3)["due"], "2026-11-28");
    assert_eq!(b.show(s3)["due"], "2026-12-05", "existing due dates stay");
}

#[test]
fn relative_due_dates_count_from_today() {
    let b = Backlog::new();
    let today = b.add("Today", &["--due", "today"]);
    let days = b.add("Three days", &["--due", "+3d"]);
    let weeks = b.add("Two weeks", &["--due", "+2w"]);
    assert_eq!(b.show(today)["due"], "2026-11-21");
    assert_eq!(b.show(days)["due"], "2026-11-24");
    assert_eq!(b.show(weeks)["due"], "2026-12-05");

    b.ok(&["edit", &days.to_string(), "--due", "none"]);
    assert_eq!(b.show(days)["due"], Value::Null);
}

// ---------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------

#[test]
fn decisions_record_actor_reason_and_action() {
    let b = Backlog::new();
    let id = b.add(
        "Refund fails",
        &[
            "--value",
            "8",
            "--impact",
            "13",
            "--risk",
            "3",
            "--effort",
            "5",
            "--as",
            "ann",
            "--why",
            "support call",
        ],
    );
    let sid = id.to_string();
    b.ok(&[
        "score",
        &sid,
        "--value",
        "20",
        "--as",
        "bob",
        "--why",
        "escalated by sales",
    ]);

    let log = b.log(id);
    for d in &log {
        for key in [
            "id", "action", "at", "by", "item", "field", "old", "new", "why",
        ] {
            assert!(d.get(key).is_some(), "decision {d} lacks {key}");
        }
        assert_eq!(d["at"], NOW);
        assert_eq!(d["item"], id);
    }
    let log_ids: Vec<i64> = log.iter().map(|d| d["id"].as_i64().expect("id")).collect();
    let mut sorted = log_ids.clone();
    sorted.sort_unstable_by(|x, y| y.cmp(x));
    assert_eq!(log_ids, sorted, "log ID is newest first");

    let created = newest(&log, "created");
    assert_eq!(created["by"], "ann");
    assert_eq!(created["why"], "support call");
    let first_horizon = decisions_of(&log, "horizon")[1];
    assert_eq!(first_horizon["by"], "ann");
    assert_eq!(first_horizon["new"], "next");
    assert_eq!(first_horizon["why"], "score 4.8 ≥ triage.next 3.0");
    assert_eq!(first_horizon["action"], created["action"]);

    let value = newest(&log, "value");
    assert_eq!(value["by"], "bob");
    assert_eq!(value["why"], "escalated by sales");
    assert_eq!(value["old"], "8");
    assert_eq!(value["new"], "20");
    let horizon = newest(&log, "horizon");
    assert_eq!(horizon["by"], "bob");
    assert_eq!(horizon["old"], "next");
    assert_eq!(horizon["new"], "now");
    assert_eq!(horizon["why"], "score 7.2 ≥ triage.now 6.0");
    assert_eq!(horizon["action"], value["action"], "one action");
    assert_ne!(value["action"], created["action"]);

    // `show` carries the same decisions, newest first.
    assert_eq!(array(&b.show(id)["decisions"]), log);
    // `log --limit 1` is the newest one.
    assert_eq!(
        array(&b.json(&["log", &sid, "--limit", "1"])),
        vec![log[0].clone()]
    );
}

#[test]
fn decisions_are_by_the_os_user_unless_as_says_otherwise() {
    let b = Backlog::new();
    let out = run_ok(b.cmd().env("USER", "carol").args(["add", "Mine"]));
    let id: i64 = out.trim().parse().expect("id");
    assert_eq!(newest(&b.log(id), "created")["by"], "carol");
}

#[test]
fn every_change_writes_a_decision() {
    let b = Backlog::new();
    let id = b.add("Item", &[]);
    let other = b.add("Other", &[]);
    let sid = id.to_string();
    let changes: &[&[&str]] = &[
        &["edit", &sid, "--title", "Renamed", "--owner", "dee"],
        &["move", &sid, "feature"],
        &["edit", &sid, "--label", "ux", "--criterion", "works"],
        &["block", &sid, "--on", &other.to_string()],
        &["unblock", &sid, "--on", &other.to_string()],
        &["start", &sid],
        &["done", &sid],
        &["reopen", &sid],
    ];
    for change in changes {
        let before = b.log(id).len();
        b.ok(&[&change[..], &["--why", "step"]].concat());
        let log = b.log(id);
        assert!(
            log.len() > before,
            "`lanes {}` wrote no decision",
            change.join(" ")
        );
        assert_eq!(log[0]["why"], "step", "`lanes {}`", change.join(" "));
    }
    let item = b.show(id);
    assert_eq!(item["title"], "Renamed");
    assert_eq!(item["lane"], "feature");
    assert_eq!(item["labels"], json!(["ux"]));
    assert_eq!(item["criteria"], json!([{"text": "works", "done": false}]));
    assert_eq!(item["blocked_by"], json!([]));
    assert_eq!(item["status"], "todo");
}

// ---------------------------------------------------------------------------------
// Undo / redo
// ---------------------------------------------------------------------------------

#[test]
fn undo_of_a_score_change_restores_the_horizon_and_redo_reapplies_it() {
    let b = Backlog::new();
    let id = b.add("Item", &words("--value 8 --impact 13 --risk 3 --effort 5"));
    let changed = b.json(&[
        "score",
        &id.to_string(),
        "--value",
        "20",
        "--why",
        "big deal",
    ]);
    assert_eq!(changed["horizon"], "now");
    let action = newest(&b.log(id), "value")["action"].clone();

    let undone = b.json(&["undo", "--as", "ann"]);
    assert_eq!(undone["undid"], action);
    let item = b.show(id);
    assert_eq!(item["value"], 8);
    assert_eq!(item["score"], json!(4.8));
    assert_eq!(item["horizon"], "next");
    // The undo is itself recorded, as its own action.
    let undo_decisions = array(&undone["decisions"]);
    assert!(!undo_decisions.is_empty());
    let log = b.log(id);
    assert_eq!(log[0]["action"], undone["action"]);
    assert_eq!(log[0]["by"], "ann");
    let value = newest(&log, "value");
    assert_eq!(
        (value["old"].clone(), value["new"].clone()),
        (json!("20"), json!("8"))
    );

    let redone = b.json(&["redo"]);
    assert_eq!(redone["redid"], action);
    let item = b.show(id);
    assert_eq!(item["value"], 20);
    assert_eq!(item["score"], json!(7.2));
    assert_eq!(item["horizon"], "now");
}

#[test]
fn undo_of_an_add_removes_the_item_and_redo_brings_back_the_same_id() {
    let b = Backlog::new();
    let keep = b.add("Keep", &[]);
    let id = b.add("Added by mistake?", &["--lane", "bet", "--label", "x"]);
    let before = b.show(id);

    b.json(&["undo"]);
    b.refuses(&["show", &id.to_string()], &[&format!("#{id}")]);
    assert_eq!(b.list_ids(&["--all"]), vec![keep]);

    b.json(&["redo"]);
    let after = b.show(id);
    for key in ["id", "title", "lane", "labels", "horizon", "created"] {
        assert_eq!(after[key], before[key], "{key} after redo");
    }
    assert_eq!(b.list_ids(&[]), vec![keep, id]);
}

#[test]
fn undo_of_a_policy_change_restores_the_value_and_the_horizons() {
    let b = Backlog::new();
    let id = b.add("Item", &words("--value 8 --impact 13 --risk 3 --effort 5"));
    b.ok(&["policy", "set", "weight.value", "2"]);
    assert_eq!(b.show(id)["horizon"], "now");

    b.json(&["undo"]);
    assert_eq!(b.json(&["policy", "show"])["weight.value"], json!(1.0));
    assert_eq!(b.show(id)["score"], json!(4.8));
    assert_eq!(b.show(id)["horizon"], "next");

    b.json(&["redo"]);
    assert_eq!(b.json(&["policy", "show"])["weight.value"], json!(2.0));
    assert_eq!(b.show(id)["horizon"], "now");
}

/// The export without its decisions and `updated` stamps: the state undo restores.
fn state(b: &Backlog) -> Value {
    let mut doc = parse(&b.export());
    doc.as_object_mut().expect("document").remove("decisions");
    doc.as_object_mut().expect("document").remove("actions");
    for item in doc["items"].as_array_mut().expect("items") {
        item.as_object_mut().expect("item").remove("updated");
    }
    doc
}

#[test]
fn undo_restores_every_kind_of_change_and_redo_reapplies_it() {
    let b = Backlog::new();
    b.ok(&["theme", "add", "Search"]);
    b.add(
        "Parent",
        &words("--lane bet --value 8 --impact 8 --risk 8 --effort 5"),
    );
    b.add("Child", &words("--severity S3 --label a --criterion one"));
    b.add("Other", &[]);
    let changes: &[&[&str]] = &[
        &[
            "edit",
            "2",
            "--title",
            "Renamed",
            "--owner",
            "dee",
            "--description",
            "text",
        ],
        &[
            "edit",
            "2",
            "--label",
            "b",
            "--unlabel",
            "a",
            "--criterion",
            "two",
        ],
        &["edit", "2", "--check", "1", "--parent", "1", "--theme", "1"],
        &["edit", "2", "--severity", "S1", "--due", "2027-01-01"],
        &[
            "edit",
            "2",
            "--segment",
            "EU",
            "--metric",
            "m",
            "--workaround",
            "w",
        ],
        &["move", "2", "hotfix"],
        &["move", "1", "inbox"],
        &["score", "1", "--effort", "1", "--risk", "none"],
        &["edit", "3", "--horizon", "now"],
        &["block", "2", "--on", "3"],
        &["start", "2"],
        &["done", "2", "--root-cause", "rc", "--prevention", "p"],
        &["reopen", "2"],
        &["decline", "3", "--why", "dup", "--duplicate-of", "1"],
        &["theme", "add", "Speed", "--outcome", "p95 under 1 s"],
        &[
            "theme", "edit", "1", "--name", "Find", "--status", "dropped",
        ],
        &["policy", "set", "triage.now", "4", "sla.S2", "2"],
    ];
    for change in changes {
        let before = state(&b);
        b.ok(change);
        let after = state(&b);
        assert_ne!(
            after,
            before,
            "`lanes {}` changed nothing",
            change.join(" ")
        );
        b.json(&["undo"]);
        assert_eq!(state(&b), before, "undo of `lanes {}`", change.join(" "));
        b.json(&["redo"]);
        assert_eq!(state(&b), after, "redo of `lanes {}`", change.join(" "));
    }
}

#[test]
fn a_new_change_clears_redo() {
    let b = Backlog::new();
    let id = b.add("Item", &[]);
    b.ok(&["move", &id.to_string(), "hotfix"]);
    b.json(&["undo"]);
    assert_eq!(b.show(id)["lane"], Value::Null);
    b.ok(&["move", &id.to_string(), "stability"]);
    b.refuses(&["redo"], &["nothing to redo"]);
    assert_eq!(b.show(id)["lane"], "stability");
}

#[test]
fn undo_and_redo_with_nothing_to_do_are_refused() {
    let b = Backlog::new();
    b.refuses(&["undo"], &["nothing to undo"]);
    b.refuses(&["redo"], &["nothing to redo"]);
    b.add("One", &[]);
    b.json(&["undo"]);
    b.refuses(&["undo"], &["nothing to undo"]);
}

// ---------------------------------------------------------------------------------
// Dependencies
// ---------------------------------------------------------------------------------

#[test]
fn a_dependency_that_would_close_a_cycle_is_refused_and_named() {
    let b = Backlog::new();
    let one = b.add("One", &[]);
    let two = b.add("Two", &[]);
    let three = b.add("Three", &[]);
    b.ok(&["block", &one.to_string(), "--on", &two.to_string()]);
    b.ok(&["block", &two.to_string(), "--on", &three.to_string()]);

    b.refuses(
        &[
            "block",
            &three.to_string(),
            "--on",
            &one.to_string(),
            "--why",
            "x",
        ],
        &["cycle", "#3 → #1 → #2 → #3"],
    );
    b.refuses(
        &["block", &two.to_string(), "--on", &one.to_string()],
        &["cycle", "#2 → #1 → #2"],
    );

    let item = b.show(two);
    assert_eq!(item["blocked_by"], json!([three]));
    assert_eq!(item["blocks"], json!([one]));
}

#[test]
fn a_dependency_on_itself_is_refused() {
    let b = Backlog::new();
    let one = b.add("One", &[]);
    b.refuses(
        &["block", &one.to_string(), "--on", &one.to_string()],
        &["itself"],
    );
    assert_eq!(b.show(one)["blocked_by"], json!([]));
}

// ---------------------------------------------------------------------------------
// Status flow
// ---------------------------------------------------------------------------------

#[test]
fn start_sets_started_and_done_sets_finished() {
    let b = Backlog::new();
    let id = b.add("Work", &[]);
    let sid = id.to_string();
    let item = b.json(&["start", &sid]);
    assert_eq!(item["status"], "doing");
    assert_eq!(item["started"], NOW);
    assert_eq!(item["finished"], Value::Null);

    let done_at = "2026-11-23T15:30:00Z";
    let item = parse(&run_ok(b.cmd().env("LANES_NOW", done_at).args([
        "--json",
        "done",
        &sid,
        "--root-cause",
        "race",
        "--prevention",
        "lock",
    ])));
    assert_eq!(item["status"], "done");
    assert_eq!(item["started"], NOW);
    assert_eq!(item["finished"], done_at);
    assert_eq!(item["root_cause"], "race");
    assert_eq!(item["prevention"], "lock");
}

#[test]
fn reopen_clears_finished_and_started_stays_the_first_start() {
    let b = Backlog::new();
    let id = b.add("Work", &[]);
    let sid = id.to_string();
    b.ok(&["start", &sid]);
    b.ok(&["done", &sid]);
    let item = b.json(&["reopen", &sid, "--why", "regressed"]);
    assert_eq!(item["status"], "todo");
    assert_eq!(item["finished"], Value::Null);
    assert_eq!(b.list_ids(&[]), vec![id]);

    let item = parse(&run_ok(
        b.cmd()
            .env("LANES_NOW", "2026-11-25T10:00:00Z")
            .args(["--json", "start", &sid]),
    ));
    assert_eq!(item["started"], NOW, "started is the first move to doing");
}

#[test]
fn decline_needs_a_reason_and_records_it() {
    let b = Backlog::new();
    let id = b.add("Maybe", &[]);
    let sid = id.to_string();
    b.refuses(&["decline", &sid], &["reason", "--why"]);
    b.refuses(&["decline", &sid, "--why", "   "], &["reason"]);

    let item = b.json(&["decline", &sid, "--why", "not our market", "--as", "pat"]);
    assert_eq!(item["status"], "declined");
    assert_eq!(item["finished"], NOW);
    let status = newest(&b.log(id), "status");
    assert_eq!(status["new"], "declined");
    assert_eq!(status["why"], "not our market");
    assert_eq!(status["by"], "pat");
}

#[test]
fn decline_as_duplicate_links_the_original() {
    let b = Backlog::new();
    let original = b.add("Original", &[]);
    let dup = b.add("Same thing", &[]);
    b.refuses(
        &[
            "decline",
            &dup.to_string(),
            "--why",
            "dup",
            "--duplicate-of",
            "99",
        ],
        &["#99"],
    );
    b.refuses(
        &[
            "decline",
            &dup.to_string(),
            "--why",
            "dup",
            "--duplicate-of",
            &dup.to_string(),
        ],
        &["itself"],
    );
    let item = b.json(&[
        "decline",
        &dup.to_string(),
        "--why",
        "same as the original",
        "--duplicate-of",
        &original.to_string(),
    ]);
    assert_eq!(item["status"], "declined");
    assert_eq!(item["duplicate_of"], original);
    assert_eq!(b.list_ids(&[]), vec![original]);
}

#[test]
fn invalid_status_transitions_are_refused() {
    let b = Backlog::new();
    let id = b.add("Work", &[]);
    let sid = id.to_string();
    b.refuses(&["reopen", &sid], &[&format!("#{id}")]);
    b.ok(&["start", &sid]);
    b.refuses(&["start", &sid], &[&format!("#{id}"), "doing"]);
    b.ok(&["done", &sid]);
    b.refuses(&["done", &sid], &[&format!("#{id}"), "done"]);
    b.refuses(&["start", &sid], &[&format!("#{id}"), "done"]);
    b.refuses(
        &["decline", &sid, "--why", "late"],
        &[&format!("#{id}"), "done"],
    );
}

// ---------------------------------------------------------------------------------
// Bad input: exit 2, one sentence, nothing changed
// ---------------------------------------------------------------------------------

/// A backlog with an item #1, a theme #1 and a policy change, so that "unchanged" means
/// something.
fn seeded() -> Backlog {
    let b = Backlog::new();
    b.ok(&["theme", "add", "Search", "--outcome", "halve time-to-find"]);
    b.add(
        "Seed",
        &words("--value 8 --impact 13 --risk 3 --effort 5 --severity S3"),
    );
    b.add("Second", &[]);
    b.ok(&["policy", "set", "sla.S4", "30"]);
    b
}

#[test]
fn bad_titles_are_refused() {
    let b = seeded();
    let long = "x".repeat(201);
    let long_multibyte = "é".repeat(201);
    b.refuses(&["add", ""], &["title", "empty"]);
    b.refuses(&["add", "   "], &["title", "empty"]);
    b.refuses(&["add", &long], &["title", "201", "200"]);
    b.refuses(&["add", &long_multibyte], &["title", "201", "200"]);
    for bad in [
        "a\u{1}b",
        "red \u{1b}[31malert",
        "two\nlines",
        "tab\there",
        "del\u{7f}",
        "csi\u{9b}2J",
    ] {
        b.refuses(&["add", bad], &["title", "control"]);
        b.refuses(&["edit", "1", "--title", bad], &["title", "control"]);
    }
    b.refuses(&["edit", "1", "--title", ""], &["title", "empty"]);

    // The limits themselves are fine: 200 characters, counted after trimming.
    let id = b.add(&"é".repeat(200), &[]);
    assert_eq!(b.show(id)["title"], "é".repeat(200));
    let id = b.add(&format!("  {}  ", "y".repeat(200)), &[]);
    assert_eq!(b.show(id)["title"], "y".repeat(200));
}

#[test]
fn scores_outside_the_scale_are_refused_with_the_allowed_values() {
    let b = seeded();
    for bad in ["4", "0", "21", "-1", "abc", "2.5"] {
        b.refuses(
            &["add", "X", "--value", bad],
            &["value", ALLOWED_SCORES, bad],
        );
        b.refuses(
            &["score", "1", "--effort", bad],
            &["effort", ALLOWED_SCORES],
        );
        b.refuses(&["edit", "1", "--impact", bad], &["impact", ALLOWED_SCORES]);
        b.refuses(&["score", "1", "--risk", bad], &["risk", ALLOWED_SCORES]);
    }
}

#[test]
fn unknown_lane_status_severity_and_horizon_are_refused() {
    let b = seeded();
    b.refuses(
        &["add", "X", "--lane", "urgent"],
        &["lane", "urgent", "hotfix"],
    );
    b.refuses(&["move", "1", "urgent"], &["lane", "urgent"]);
    b.refuses(&["list", "--lane", "urgent"], &["lane", "urgent"]);
    b.refuses(&["list", "--status", "closed"], &["status", "closed"]);
    b.refuses(&["add", "X", "--severity", "S5"], &["severity", "S5", "S1"]);
    b.refuses(&["edit", "1", "--severity", "high"], &["severity", "high"]);
    b.refuses(
        &["edit", "1", "--horizon", "soon"],
        &["horizon", "soon", "now"],
    );
    b.refuses(&["list", "--horizon", "soon"], &["horizon", "soon"]);
    b.refuses(
        &["theme", "edit", "1", "--status", "paused"],
        &["status", "paused"],
    );
}

#[test]
fn unknown_item_and_theme_ids_are_refused() {
    let b = seeded();
    for args in [
        &["show", "99"][..],
        &["edit", "99", "--title", "x"],
        &["score", "99", "--value", "1"],
        &["move", "99", "bet"],
        &["start", "99"],
        &["done", "99"],
        &["decline", "99", "--why", "x"],
        &["reopen", "99"],
        &["block", "1", "--on", "99"],
        &["block", "99", "--on", "1"],
        &["add", "X", "--parent", "99"],
        &["log", "99"],
    ] {
        b.refuses(args, &["#99"]);
    }
    b.refuses(&["add", "X", "--theme", "9"], &["theme", "#9"]);
    b.refuses(&["edit", "1", "--theme", "9"], &["theme", "#9"]);
    b.refuses(&["theme", "edit", "9", "--name", "x"], &["theme", "#9"]);
    b.refuses(&["show", "abc"], &["abc"]);
}

#[test]
fn invalid_dates_are_refused() {
    let b = seeded();
    for bad in ["2026-13-01", "2026-02-30", "someday", "+3x", "21/11/2026"] {
        b.refuses(&["add", "X", "--due", bad], &["date", bad]);
        b.refuses(&["edit", "1", "--due", bad], &["date", bad]);
    }
}

#[test]
fn bad_policy_values_are_refused() {
    let b = seeded();
    b.refuses(
        &["policy", "set", "weight.cost", "1"],
        &["policy key", "weight.cost"],
    );
    b.refuses(
        &["policy", "set", "weight.value", "-1"],
        &["weight.value", "negative"],
    );
    b.refuses(
        &["policy", "set", "triage.now", "abc"],
        &["triage.now", "abc"],
    );
    b.refuses(
        &["policy", "set", "triage.next", "7"],
        &["triage.next", "triage.now"],
    );
    b.refuses(
        &["policy", "set", "triage.now", "2"],
        &["triage.next", "triage.now"],
    );
    b.refuses(
        &["policy", "set", "capacity.hotfix", "0.5"],
        &["1.0", "1.35"],
    );
    b.refuses(
        &words("policy set capacity.hotfix 0.1 capacity.bet 0.2"),
        &["1.0", "0.95"],
    );
    // A valid set of shares, set together, is accepted.
    b.ok(&words(
        "policy set capacity.hotfix 0.2 capacity.feature 0.35",
    ));
    let policy = b.json(&["policy", "show"]);
    assert_eq!(policy["capacity.hotfix"], json!(0.2));
    assert_eq!(policy["capacity.feature"], json!(0.35));
}

#[test]
fn malformed_json_import_names_line_and_column() {
    let b = seeded();
    let file = b.path("bad.json");
    std::fs::write(
        &file,
        "{\"version\": 1,\n \"items\": [ {\"title\": \"a\",}\n]}",
    )
    .expect("write");
    let line = b.refuses(
        &["import", file.to_str().expect("path")],
        &["line 2", "column"],
    );
    assert!(line.contains("bad.json"), "{line}");
}

#[test]
fn a_document_of_an_unknown_version_is_refused() {
    let b = seeded();
    let file = b.path("v2.json");
    std::fs::write(
        &file,
        r#"{"version": 2, "items": [{"title": "from the future"}]}"#,
    )
    .expect("write");
    b.refuses(&["import", file.to_str().expect("path")], &["version", "2"]);
}

#[test]
fn an_import_with_one_bad_item_imports_nothing() {
    let b = seeded();
    let file = b.path("partly.json");
    let doc = json!({"version": 1, "items": [
        {"title": "Fine"},
        {"title": "Bad score", "value": 4},
    ]});
    std::fs::write(&file, doc.to_string()).expect("write");
    b.refuses(&["import", file.to_str().expect("path")], &[ALLOWED_SCORES]);

    let file = b.path("dangling.json");
    let doc = json!({"version": 1, "items": [
        {"id": 1, "title": "Fine", "blocked_by": [5]},
    ]});
    std::fs::write(&file, doc.to_string()).expect("write");
    b.refuses(&["import", file.to_str().expect("path")], &["#5"]);
}

#[test]
fn db_pointing_at_a_text_file_is_refused_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("notes.txt");
    let content = b"shopping list\n- milk\n- eggs\n";
    std::fs::write(&file, content).expect("write");
    refused(
        lanes_at(&file).arg("list"),
        &["notes.txt", "not a lanes database"],
    );
    refused(
        lanes_at(&file).args(["add", "X"]),
        &["not a lanes database"],
    );
    assert_eq!(std::fs::read(&file).expect("read"), content);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        names,
        vec!["notes.txt"],
        "no journal or WAL files left behind"
    );
}

#[test]
fn db_pointing_at_another_sqlite_database_is_refused_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&file).expect("open");
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
            .expect("create");
    }
    let content = std::fs::read(&file).expect("read");
    refused(
        lanes_at(&file).arg("list"),
        &["other.db", "not a lanes database"],
    );
    refused(
        lanes_at(&file).args(["add", "X"]),
        &["not a lanes database"],
    );
    assert_eq!(std::fs::read(&file).expect("read"), content);
}

#[test]
fn db_from_a_newer_lanes_is_refused_and_left_byte_for_byte() {
    let b = seeded();
    // Mark the file as written by a far newer schema: `user_version` is the 4-byte
    // big-endian integer at offset 60 of the SQLite header.
    let mut bytes = std::fs::read(&b.db).expect("read");
    assert_eq!(&bytes[..16], b"SQLite format 3\0");
    bytes[60..64].copy_from_slice(&999u32.to_be_bytes());
    std::fs::write(&b.db, &bytes).expect("write");

    refused(b.cmd().arg("list"), &["newer", "999"]);
    refused(b.cmd().args(["add", "X"]), &["newer"]);
    assert_eq!(std::fs::read(&b.db).expect("read"), bytes);
}

#[test]
fn db_pointing_at_an_empty_file_becomes_a_new_backlog() {
    let b = Backlog::new();
    std::fs::write(&b.db, b"").expect("write");
    assert_eq!(b.json(&["list"]), json!([]));
    let id = b.add("First", &[]);
    assert_eq!(b.list_ids(&[]), vec![id]);
}

#[test]
fn database_is_db_else_lanes_db_else_the_data_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bare = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_lanes"));
        cmd.env_remove("LANES_DB")
            .env("LANES_NOW", NOW)
            .env("XDG_DATA_HOME", dir.path().join("xdg"))
            .env("HOME", dir.path().join("home"));
        cmd
    };
    run_ok(bare().args(["add", "In the data directory"]));
    assert!(dir.path().join("xdg/lanes/backlog.db").is_file());

    let from_env = dir.path().join("env.db");
    run_ok(
        bare()
            .env("LANES_DB", &from_env)
            .args(["add", "From LANES_DB"]),
    );
    assert!(from_env.is_file());

    let explicit = dir.path().join("explicit.db");
    run_ok(
        bare()
            .env("LANES_DB", &from_env)
            .arg("--db")
            .arg(&explicit)
            .args(["add", "From --db"]),
    );
    let titles = |cmd: &mut Command| -> Vec<String> {
        array(&parse(&run_ok(cmd.args(["--json", "list"]))))
            .iter()
            .map(|i| text(&i["title"]).to_owned())
            .collect()
    };
    assert_eq!(titles(&mut bare()), vec!["In the data directory"]);
    assert_eq!(
        titles(bare().env("LANES_DB", &from_env)),
        vec!["From LANES_DB"]
    );
    assert_eq!(titles(&mut lanes_at(&explicit)), vec!["From --db"]);
}

#[test]
fn db_in_a_missing_directory_fails_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = lanes_at(&dir.path().join("no/such/dir/t.db"))
        .arg("list")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "not bad input: exit 1");
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        stderr.starts_with("lanes: ") && stderr.trim_end().lines().count() == 1,
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------
// Export / import
// ---------------------------------------------------------------------------------

/// Loads varied data: themes (one done), labels, criteria (one checked), a dependency,
/// a parent, a finished hot fix with a post-mortem, a duplicate, a pinned item, an
/// Inbox item with Unicode, and a policy change.
fn varied(b: &Backlog) {
    b.ok(&[
        "theme",
        "add",
        "Search",
        "--outcome",
        "cut time-to-find by 50%",
    ]);
    b.ok(&["theme", "add", "Reliability"]);
    b.ok(&words("theme edit 2 --status done --why shipped"));
    b.add(
        "Checkout outage",
        &[
            "--lane",
            "hotfix",
            "--severity",
            "S1",
            "--value",
            "13",
            "--impact",
            "20",
            "--risk",
            "8",
            "--effort",
            "3",
            "--segment",
            "EU retail",
            "--workaround",
            "retry the payment",
            "--label",
            "customer",
            "--label",
            "p0",
            "--owner",
            "ann",
        ],
    );
    b.add(
        "Semantic search bet",
        &[
            "--lane",
            "bet",
            "--theme",
            "1",
            "--value",
            "20",
            "--impact",
            "13",
            "--risk",
            "5",
            "--effort",
            "13",
            "--metric",
            "time-to-find",
            "--criterion",
            "p50 under 2 s",
            "--criterion",
            "NPS +5",
            "--description",
            "# Bet\n\nMarkdown *text*.",
        ],
    );
    b.add(
        "Milestone: index",
        &words("--parent 2 --theme 1 --lane bet --due 2027-02-01"),
    );
    b.add(
        "Index infrastructure",
        &["--lane", "stability", "--effort", "8"],
    );
    b.ok(&["block", "3", "--on", "4"]);
    b.ok(&["edit", "2", "--check", "1"]);
    b.add("Fixed crash", &["--lane", "hotfix", "--severity", "S2"]);
    b.ok(&["start", "5"]);
    b.ok(&[
        "done",
        "5",
        "--root-cause",
        "null deref",
        "--prevention",
        "lint rule",
    ]);
    b.add("Duplicate report", &[]);
    b.ok(&words("decline 6 --why dup --duplicate-of 4"));
    b.add("Pinned polish", &["--lane", "feature"]);
    b.ok(&words("edit 7 --horizon now --as lead --why promised"));
    b.ok(&[
        "policy",
        "set",
        "weight.risk",
        "0.5",
        "--why",
        "risk overrated",
    ]);
    b.add("Ünïcode — ✓ 日本 \"quoted\"", &[]);
}

#[test]
fn export_import_into_an_empty_database_then_export_is_identical() {
    let b = Backlog::new();
    varied(&b);
    let exported = b.export();
    let doc = parse(&exported);
    assert_eq!(doc["version"], 1);
    assert_eq!(array(&doc["items"]).len(), 8);
    assert_eq!(array(&doc["themes"]).len(), 2);
    assert!(!array(&doc["decisions"]).is_empty());

    let file = b.path("backlog.json");
    std::fs::write(&file, &exported).expect("write");
    let copy = Backlog::new();
    copy.ok(&["import", file.to_str().expect("path")]);
    assert_eq!(copy.export(), exported);

    // `-o FILE` writes the same document.
    let out = b.path("out.json");
    b.ok(&["export", "-o", out.to_str().expect("path")]);
    assert_eq!(std::fs::read_to_string(&out).expect("read"), exported);
}

/// Adds A and B, undoes B, and writes the export to a file: a history whose last
/// action is an undo.
fn history_ending_in_an_undo() -> (Backlog, PathBuf) {
    let source = Backlog::new();
    source.add("A", &[]);
    source.add("B", &[]);
    source.json(&["undo"]);
    let file = source.path("backlog.json");
    std::fs::write(&file, source.export()).expect("write");
    (source, file)
}

#[test]
fn undo_after_an_import_into_an_empty_database_never_undoes_an_undo() {
    let (source, file) = history_ending_in_an_undo();
    let copy = Backlog::new();
    copy.ok(&["import", file.to_str().expect("path")]);
    assert_eq!(copy.list_ids(&["--all"]), vec![1]);

    let undone = copy.json(&["undo"]);
    assert_ne!(undone["undid"], 3, "action #3 is itself the undo of #2");
    assert_eq!(copy.list_ids(&["--all"]), Vec::<i64>::new(), "B stays gone");
    // The source database does the same.
    source.json(&["undo"]);
    assert_eq!(source.list_ids(&["--all"]), Vec::<i64>::new());
}

#[test]
fn redo_after_an_import_into_an_empty_database_does_what_it_did_before_export() {
    let (source, file) = history_ending_in_an_undo();
    let copy = Backlog::new();
    copy.ok(&["import", file.to_str().expect("path")]);
    source.json(&["redo"]);
    copy.json(&["redo"]);
    assert_eq!(source.list_ids(&["--all"]), vec![1, 2]);
    assert_eq!(copy.list_ids(&["--all"]), vec![1, 2]);
}

#[test]
fn import_into_a_non_empty_database_renumbers_and_remaps_references() {
    let source = Backlog::new();
    varied(&source);
    let file = source.path("backlog.json");
    std::fs::write(&file, source.export()).expect("write");

    let b = Backlog::new();
    b.ok(&["theme", "add", "Onboarding"]);
    let existing = b.add("Existing", &["--theme", "1"]);
    b.add("Also existing", &[]);
    b.ok(&["import", file.to_str().expect("path"), "--why", "merge"]);

    let items = array(&b.json(&["list", "--all"]));
    let by_title = |title: &str| -> Value {
        items
            .iter()
            .find(|i| i["title"] == title)
            .unwrap_or_else(|| panic!("no item {title:?}"))
            .clone()
    };
    assert_eq!(items.len(), 10);
    assert_eq!(by_title("Existing")["id"], existing);
    let themes = array(&b.json(&["theme", "list"]));
    let search = themes
        .iter()
        .find(|t| t["name"] == "Search")
        .expect("Search theme imported");
    assert_ne!(search["id"], 1, "theme ids are renumbered");
    assert_eq!(search["outcome"], "cut time-to-find by 50%");

    let bet = by_title("Semantic search bet");
    let milestone = by_title("Milestone: index");
    let infra = by_title("Index infrastructure");
    let dup = by_title("Duplicate report");
    for item in [&bet, &milestone, &infra, &dup] {
        assert!(item["id"].as_i64().expect("id") > 2, "renumbered: {item}");
    }
    assert_eq!(milestone["parent"], bet["id"]);
    assert_eq!(milestone["blocked_by"], json!([infra["id"]]));
    assert_eq!(milestone["theme"], search["id"]);
    assert_eq!(bet["theme"], search["id"]);
    assert_eq!(dup["duplicate_of"], infra["id"]);
    assert_eq!(by_title("Pinned polish")["pinned"], true);
    assert_eq!(by_title("Pinned polish")["horizon"], "now");
    assert_eq!(by_title("Fixed crash")["status"], "done");
}

#[test]
fn one_undo_removes_a_whole_import() {
    let source = Backlog::new();
    varied(&source);
    let file = source.path("backlog.json");
    std::fs::write(&file, source.export()).expect("write");

    let b = Backlog::new();
    b.ok(&["theme", "add", "Onboarding"]);
    b.add("Existing", &["--theme", "1"]);
    let before = parse(&b.export());
    b.ok(&["import", file.to_str().expect("path")]);
    let log = array(&b.json(&["log"]));
    let import_action = log[0]["action"].clone();
    let last_before = array(&before["decisions"])
        .iter()
        .filter_map(|d| d["id"].as_i64())
        .max()
        .expect("decisions before the import");
    let newer: Vec<_> = log
        .iter()
        .filter(|d| d["id"].as_i64().expect("id") > last_before)
        .collect();
    assert!(!newer.is_empty(), "the import is recorded");
    assert!(
        newer.iter().all(|d| d["action"] == import_action),
        "the import is one action"
    );

    let undone = b.json(&["undo"]);
    assert_eq!(undone["undid"], import_action);
    let after = parse(&b.export());
    assert_eq!(after["items"], before["items"]);
    assert_eq!(after["themes"], before["themes"]);
    assert_eq!(after["policy"], before["policy"]);
}

#[test]
fn import_takes_defaults_computes_score_and_rederives_unpinned_horizons() {
    let b = Backlog::new();
    let file = b.path("min.json");
    let doc = json!({"version": 1, "items": [
        {"id": 1, "title": "Only a title"},
        {"id": 2, "title": "Claims a score", "value": 1, "impact": 1, "risk": 1, "effort": 3,
         "score": 99.0, "horizon": "now"},
        {"id": 3, "title": "Pinned by hand", "horizon": "now", "pinned": true},
    ]});
    std::fs::write(&file, doc.to_string()).expect("write");
    b.ok(&["import", file.to_str().expect("path")]);

    let only = b.show(1);
    assert_eq!(only["status"], "todo");
    assert_eq!(only["lane"], Value::Null);
    assert_eq!(only["labels"], json!([]));
    assert_eq!(only["criteria"], json!([]));
    assert_eq!(only["horizon"], "later");
    let claims = b.show(2);
    assert_eq!(claims["score"], json!(1.0));
    assert_eq!(claims["horizon"], "later");
    let pin = b.show(3);
    assert_eq!(pin["horizon"], "now");
    assert_eq!(pin["pinned"], true);
}

// ---------------------------------------------------------------------------------
// Output plumbing
// ---------------------------------------------------------------------------------

#[test]
fn add_prints_the_bare_id_and_json_prints_the_item() {
    let b = Backlog::new();
    assert_eq!(b.ok(&["add", "First"]), "1\n");
    let item = b.json(&words("add Second --lane feature --label ui"));
    assert_eq!(item["id"], 2);
    assert_eq!(item["title"], "Second");
    assert_eq!(item["lane"], "feature");
    assert_eq!(item["labels"], json!(["ui"]));
    assert_eq!(item["created"], NOW);
    // `move ID inbox` takes the lane away.
    assert_eq!(b.json(&["move", "2", "inbox"])["lane"], Value::Null);
}

#[test]
fn list_into_a_closed_pipe_exits_quietly() {
    let b = Backlog::new();
    // Enough items that the output is far larger than a pipe's buffer.
    let items: Vec<Value> = (1..=1500)
        .map(|i| json!({"id": i, "title": format!("Item number {i} with a title long enough to fill a row"), "lane": "feature"}))
        .collect();
    let file = b.path("many.json");
    std::fs::write(&file, json!({"version": 1, "items": items}).to_string()).expect("write");
    b.ok(&["import", file.to_str().expect("path")]);

    for args in [&["list"][..], &["--json", "list"], &["export"], &["log"]] {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_lanes"))
            .env_remove("LANES_DB")
            .env("LANES_NOW", NOW)
            .arg("--db")
            .arg(&b.db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("read a line");
        assert!(!first.is_empty());
        // The reader is dropped here: the pipe is closed, as `| head -1` does.
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "lanes {args:?} into a closed pipe: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_inbox_is_called_the_inbox_in_what_a_change_prints_and_in_the_log() {
    let b = Backlog::new();
    let id = b.add("Checkout fails", &[]);
    let moved = b.ok(&["move", &id.to_string(), "feature"]);
    assert!(moved.contains("lane: Inbox → feature"), "{moved}");
    let back = b.ok(&["move", &id.to_string(), "inbox"]);
    assert!(back.contains("lane: feature → Inbox"), "{back}");
    let log = b.ok(&["log", &id.to_string()]);
    assert!(log.contains("lane: Inbox → feature"), "{log}");
    assert!(!log.contains("lane: —"), "{log}");
    let show = b.ok(&["show", &id.to_string()]);
    assert!(show.contains("lane Inbox (untriaged)"), "{show}");
}

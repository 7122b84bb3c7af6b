//! Finding things from the command line: severity filters, other orders,
//! rows for scripts, lanes by letter or number, date words, suggestions for
//! what was typed wrong, and shell completions that offer the values.

#![allow(clippy::unwrap_used)]

mod common;

use common::cli::*;

const LONG: &str = "A title long enough that any table fitted to a terminal of a hundred and twenty columns would have to cut it before its very last words";

#[test]
fn list_takes_severities_and_sorts_by_a_field_either_way_before_the_limit() {
    let b = Backlog::new();
    let s1 = b.add("Outage", &["--lane", "hotfix", "--severity", "S1"]);
    let s3 = b.add(
        "Typo",
        &[
            "--lane",
            "hotfix",
            "--severity",
            "S3",
            "--due",
            "2026-12-24",
        ],
    );
    let s2 = b.add(
        "Slow",
        &[
            "--lane",
            "hotfix",
            "--severity",
            "S2",
            "--due",
            "2026-11-30",
        ],
    );
    let none = b.add("Idea", &["--lane", "feature"]);
    assert_eq!(
        b.list_ids(&["--severity", "S1", "--severity", "s3"]),
        [s1, s3]
    );
    // S1 is due tomorrow by its SLA (1 day); S2 and S3 have dates of their own.
    assert_eq!(b.list_ids(&["--sort", "due"]), [s1, s2, s3, none]);
    assert_eq!(
        b.list_ids(&["--sort", "due", "--reverse"]),
        [s3, s2, s1, none],
        "reversed, and an item without a due date still last"
    );
    assert_eq!(
        b.list_ids(&["--sort", "due", "--reverse", "--limit", "2"]),
        [s3, s2]
    );
    assert_eq!(b.list_ids(&["--sort", "title"]), [none, s1, s2, s3]);
    let rank = b.list_ids(&[]);
    let mut reversed = rank.clone();
    reversed.reverse();
    assert_eq!(b.list_ids(&["--reverse"]), reversed);
    let text = b.ok(&["list", "--sort", "id"]);
    assert!(text.lines().next().unwrap().contains("STATUS"), "{text}");
    b.refuses(
        &["list", "--sort", "sevrity"],
        &["cannot sort by 'sevrity' (did you mean severity?)"],
    );
    b.refuses(
        &["list", "--severity", "S5"],
        &["unknown severity 'S5'", "S1, S2, S3, S4"],
    );
}

#[test]
fn piped_list_prints_whole_titles_and_width_fits_them() {
    let b = Backlog::new();
    b.add(LONG, &["--owner", "ana"]);
    let piped = b.ok(&["list"]);
    assert!(piped.contains(LONG), "whole title when piped:\n{piped}");
    let cut = run_ok(b.cmd().args(["list", "--width", "80"]));
    for line in cut.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    assert!(cut.contains('…'), "{cut}");
    let columns = run_ok(b.cmd().env("COLUMNS", "100").args(["list"]));
    assert!(!columns.contains(LONG), "$COLUMNS still fits:\n{columns}");
}

#[test]
fn a_lane_may_be_typed_by_its_first_letter_or_number() {
    let b = Backlog::new();
    let h = b.add("Fix", &["--lane", "h"]);
    let f = b.add("Feature", &["--lane", "3"]);
    assert_eq!(b.show(h)["lane"], "hotfix");
    assert_eq!(b.show(f)["lane"], "feature");
    b.ok(&["move", &f.to_string(), "b"]);
    assert_eq!(b.show(f)["lane"], "bet");
    b.ok(&["move", &f.to_string(), "0"]);
    assert!(b.show(f)["lane"].is_null(), "0 is the Inbox");
    assert_eq!(b.list_ids(&["--lane", "i"]), [f]);
    assert_eq!(b.list_ids(&["--lane", "1"]), [h]);
    b.refuses(
        &["add", "X", "--lane", "hotfx"],
        &["unknown lane 'hotfx' (did you mean hotfix?)"],
    );
    b.refuses(&["move", &h.to_string(), "5"], &["unknown lane '5'"]);
}

#[test]
fn dates_take_tomorrow_and_weekdays() {
    // The clock says Saturday 2026-11-21.
    let b = Backlog::new();
    let t = b.add("Tomorrow", &["--due", "tomorrow"]);
    let m = b.add("Monday", &["--due", "monday"]);
    let s = b.add("Saturday", &["--due", "Sat"]);
    assert_eq!(b.show(t)["due"], "2026-11-22");
    assert_eq!(b.show(m)["due"], "2026-11-23");
    assert_eq!(
        b.show(s)["due"],
        "2026-11-28",
        "today's weekday is a week on"
    );
    b.ok(&["edit", &m.to_string(), "--due", "+2w"]);
    assert_eq!(b.show(m)["due"], "2026-12-05");
    b.refuses(
        &["add", "X", "--due", "someday"],
        &["invalid date 'someday'", "tomorrow", "friday"],
    );
}

#[test]
fn a_command_typed_wrong_gets_the_nearest_one() {
    let b = Backlog::new();
    let line = refused(b.cmd().arg("lst"), &["did you mean 'list'?"]);
    assert!(line.contains("'lst'"), "{line}");
    refused(b.cmd().args(["theme", "lst"]), &["did you mean 'list'?"]);
    let line = refused(b.cmd().arg("xyzzy"), &["unrecognized subcommand 'xyzzy'"]);
    assert!(!line.contains("did you mean"), "{line}");
}

#[test]
fn policy_keys_and_theme_statuses_typed_wrong_get_the_nearest_one() {
    let b = Backlog::new();
    b.refuses(
        &["policy", "set", "weight.vlaue", "2"],
        &["unknown policy key 'weight.vlaue' (did you mean weight.value?)"],
    );
    b.ok(&["theme", "add", "Trust"]);
    b.refuses(
        &["theme", "edit", "1", "--status", "dropd"],
        &["unknown theme status 'dropd' (did you mean dropped?)"],
    );
}

#[test]
fn completions_offer_lanes_horizons_severities_and_statuses() {
    let b = Backlog::new();
    let bash = b.ok(&["completions", "bash"]);
    assert!(
        bash.contains("compgen -W \"hotfix stability feature bet inbox\""),
        "bash"
    );
    assert!(bash.contains("compgen -W \"now next later\""), "bash");
    assert!(
        bash.contains("compgen -W \"todo doing done declined\""),
        "bash"
    );
    assert!(bash.contains("compgen -W \"S1 S2 S3 S4"), "bash");
    let zsh = b.ok(&["completions", "zsh"]);
    assert!(zsh.contains(":(hotfix stability feature bet inbox)"), "zsh");
    assert!(zsh.contains(":(now next later)"), "zsh");
    assert!(zsh.contains(":(todo doing done declined)"), "zsh");
    let fish = b.ok(&["completions", "fish"]);
    let line = fish
        .lines()
        .find(|l| l.contains("using_subcommand list") && l.contains("-l lane"))
        .expect("fish completes list --lane");
    assert!(line.contains("-f -a \"hotfix"), "{line}");
    assert!(!line.contains(" -F"), "no file names for a lane: {line}");
    assert!(
        fish.contains("-l severity") && fish.contains("\"S1\\t"),
        "fish"
    );
}

#[test]
fn theme_names_are_unique_ignoring_case_and_an_ambiguous_part_lists_only_the_themes_it_matches() {
    let b = Backlog::new();
    for name in ["Merchant onboarding", "Trust and reliability", "Checkout"] {
        b.ok(&["theme", "add", name]);
    }
    b.refuses(
        &["theme", "add", "Trust and reliability"],
        &["a theme named 'Trust and reliability' already exists (#2)"],
    );
    b.refuses(
        &["theme", "add", "trust AND reliability"],
        &["a theme named 'Trust and reliability' already exists (#2); names ignore case"],
    );
    b.refuses(
        &["theme", "edit", "3", "--name", "MERCHANT ONBOARDING"],
        &["already exists (#1)"],
    );
    // A theme may change the case of its own name.
    b.ok(&["theme", "edit", "3", "--name", "CHECKOUT"]);
    // Found by its name in any case.
    b.ok(&["add", "Audit log", "--theme", "trust and RELIABILITY"]);
    assert_eq!(b.show(1)["theme"], 2);

    b.ok(&["theme", "add", "Reliability budget"]);
    let line = b.refuses(&["list", "--theme", "reliab"], &["matches several themes"]);
    assert!(
        line.ends_with("'reliab' matches several themes: use one of #2 Trust and reliability, #4 Reliability budget"),
        "only the themes it matches: {line}"
    );

    // A document whose themes differ only in case is refused whole; one that
    // names a theme the backlog has, in another case, joins it.
    let doc = |themes: &str| {
        format!(
            r#"{{"version": 1, "themes": [{themes}], "items": [{{"id": 1, "title": "Imported", "theme": 1}}]}}"#
        )
    };
    let twice = b.path("twice.json");
    std::fs::write(
        &twice,
        doc(r#"{"id": 1, "name": "Search"}, {"id": 2, "name": "SEARCH"}"#),
    )
    .unwrap();
    b.refuses(
        &["import", twice.to_str().unwrap()],
        &["themes 'Search' and 'SEARCH' in the file differ only in case"],
    );
    let same = b.path("same.json");
    std::fs::write(&same, doc(r#"{"id": 1, "name": "merchant ONBOARDING"}"#)).unwrap();
    b.ok(&["import", same.to_str().unwrap()]);
    let themes = b.json(&["theme", "list"]);
    assert_eq!(themes.as_array().unwrap().len(), 4, "no theme added");
    let imported = b.json(&["list", "--search", "Imported"]);
    assert_eq!(imported[0]["theme"], 1);
}

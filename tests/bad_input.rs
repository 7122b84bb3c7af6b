//! Input lanes must refuse (one sentence, exit 2, nothing changed), and input
//! quoted back in a message, which must reach the terminal escaped.

mod common;

use common::cli::*;

/// Asserts that no byte of `bytes` would start a terminal escape sequence:
/// no C0 control but newline, no C1 control, no bidirectional override.
fn terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in text.chars() {
        assert!(
            c == '\n'
                || !(c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{what} carries U+{:04X} raw: {text:?}",
            c as u32
        );
    }
}

#[test]
fn an_import_error_quoting_a_hostile_title_reaches_stderr_escaped() {
    let b = Backlog::new();
    let file = b.path("evil.json");
    std::fs::write(
        &file,
        r#"{"version": 1, "items": [{"id": -1, "title": "\u001b]0;pwned\u0007"}]}"#,
    )
    .unwrap();
    let out = b
        .cmd()
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    terminal_safe("stderr", &out.stderr);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\\u{1b}]0;pwned\\u{7}"), "{stderr}");
}

#[test]
fn unknown_values_given_as_arguments_are_quoted_escaped() {
    let b = Backlog::new();
    b.add("An item", &[]);
    for args in [
        vec!["move", "1", "\x1b[31mred\u{9b}2J"],
        vec!["list", "--horizon", "\x1b]0;x\x07"],
        vec!["list", "--limit", "\x1b[2J"],
        vec!["policy", "set", "weight.value", "\x1b[2J"],
        vec!["policy", "set", "weight.\x1b[2J", "1"],
    ] {
        let out = b.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        terminal_safe(&format!("stderr of {args:?}"), &out.stderr);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("\\u{1b}"),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn json_output_escapes_c1_controls_bidi_overrides_and_javascript_line_breaks() {
    let b = Backlog::new();
    let description = "a\u{85}b\u{9b}c\u{2028}d\u{2029}e\u{202e}f";
    let id = b.add("Text from elsewhere", &["--description", description]);
    for args in [vec!["--json", "show", "1"], vec!["export"]] {
        let out = b.cmd().args(&args).output().unwrap();
        assert!(out.status.success());
        terminal_safe(&format!("{args:?}"), &out.stdout);
        let raw = String::from_utf8(out.stdout).unwrap();
        assert!(
            raw.contains(r"a\u0085b\u009bc\u2028d\u2029e\u202ef"),
            "{raw}"
        );
    }
    // The escapes are plain JSON: the text reads back as it was.
    assert_eq!(b.show(id)["description"], description);
}

#[test]
fn a_due_date_past_9999_is_refused_rather_than_stored_with_a_five_digit_year() {
    let b = Backlog::new();
    b.add("An item", &[]);
    for due in ["+3000000d", "+500000w", "10000-01-01"] {
        b.refuses(&["edit", "1", "--due", due], &["date"]);
        b.refuses(&["add", "Later", "--due", due], &["date"]);
    }
    b.ok(&["edit", "1", "--due", "9999-12-31"]);
}

#[test]
fn titles_of_invisible_characters_and_bidi_overrides_are_refused() {
    let b = Backlog::new();
    b.refuses(
        &["add", "\u{200b}\u{feff}\u{2060}"],
        &["title must not be empty"],
    );
    b.refuses(&["add", " \u{200b} "], &["title must not be empty"]);
    b.refuses(
        &["add", "Invoice \u{202e}fdp.exe"],
        &["title", "bidirectional"],
    );
    b.refuses(
        &["add", "Isolated \u{2066}x\u{2069}"],
        &["title", "bidirectional"],
    );
    let id = b.add("Fine", &[]);
    b.refuses(
        &["edit", &id.to_string(), "--owner", "ana\u{202d}"],
        &["owner", "bidirectional"],
    );
    b.refuses(
        &["theme", "add", "Trust\u{202e}"],
        &["theme name", "bidirectional"],
    );
}

#[test]
fn short_texts_over_their_stated_limit_are_refused_with_the_limit_named() {
    let b = Backlog::new();
    let id = b.add("An item", &[]).to_string();
    for (flag, limit) in [
        ("--owner", 100),
        ("--segment", 200),
        ("--metric", 500),
        ("--workaround", 2000),
        ("--criterion", 500),
        ("--label", 100),
    ] {
        let long = "x".repeat(limit + 1);
        b.refuses(
            &["edit", &id, flag, &long],
            &[&format!("the limit is {limit}")],
        );
        b.ok(&["edit", &id, flag, &"y".repeat(limit)]);
    }
    b.refuses(
        &["theme", "add", "Trust", "--outcome", &"o".repeat(501)],
        &["theme outcome", "the limit is 500"],
    );
    b.refuses(
        &["add", "x", "--description", &"d".repeat(64 * 1024 + 1)],
        &["64 KiB"],
    );
}

#[test]
fn weights_sla_days_and_repeated_keys_out_of_bounds_are_refused() {
    let b = Backlog::new();
    b.add(
        "An item",
        &[
            "--value", "3", "--impact", "3", "--risk", "3", "--effort", "3",
        ],
    );
    for (key, value, needle) in [
        ("weight.value", "1001", "at most 1000"),
        ("weight.impact", "inf", "finite"),
        ("weight.risk", "NaN", "finite"),
        ("weight.risk", "1e400", "finite"),
        ("sla.S1", "3651", "0 to 3650"),
        ("stale.days", "100000", "0 to 3650"),
        ("sprint.days", "0", "at least 1"),
    ] {
        b.refuses(&["policy", "set", key, value], &[key, needle]);
    }
    b.refuses(
        &["policy", "set", "weight.value", "2", "weight.value", "3"],
        &["weight.value is given twice"],
    );
    b.ok(&["policy", "set", "weight.value", "1000", "sla.S1", "3650"]);
}

#[test]
fn a_name_given_with_as_must_be_one_plain_line() {
    let b = Backlog::new();
    b.refuses(
        &["--as", "eve\x1b[31m", "add", "x"],
        &["--as", "control characters"],
    );
    b.refuses(
        &["--as", "eve\u{202e}", "add", "x"],
        &["--as", "bidirectional"],
    );
    b.refuses(&["--as", "\u{200b}", "add", "x"], &["--as needs a name"]);
    b.refuses(
        &["--as", &"n".repeat(101), "add", "x"],
        &["the limit is 100"],
    );
    b.ok(&["--as", "  nora  ", "add", "x"]);
    assert_eq!(b.log(1)[0]["by"], "nora");
}

#[test]
fn a_policy_value_damaged_by_hand_is_named_and_policy_set_repairs_it() {
    let b = Backlog::new();
    b.add(
        "An item",
        &[
            "--value", "3", "--impact", "3", "--risk", "3", "--effort", "3",
        ],
    );
    rusqlite::Connection::open(&b.db)
        .unwrap()
        .execute(
            "INSERT INTO policy (key, value) VALUES ('weight.value', 'abc')",
            [],
        )
        .unwrap();
    // Other commands say what is wrong and where to look (exit 1: not the
    // user's input).
    let out = b.cmd().args(["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("weight.value holds 'abc'")
            && stderr.contains("lanes policy set weight.value"),
        "{stderr}"
    );
    // `policy show` works, showing the value as stored.
    let shown = b.json(&["policy", "show"]);
    assert_eq!(shown["weight.value"], "abc");
    assert_eq!(shown["weight.impact"], 1.0);
    // Setting another key alone would leave the damage: refused, naming it.
    let out = b
        .cmd()
        .args(["policy", "set", "weight.risk", "2"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("weight.value holds 'abc'"));
    // Setting it repairs it, recorded from what was stored.
    b.ok(&["policy", "set", "weight.value", "2"]);
    assert_eq!(b.show(1)["score"], 4.0);
    let log = b.json(&["log", "--limit", "5"]);
    let repair = log
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["field"] == "weight.value")
        .unwrap()
        .clone();
    assert_eq!(repair["old"], "abc");
    assert_eq!(repair["new"], "2.0");
}

#[test]
fn capacity_shares_edited_by_hand_to_break_their_sum_are_named_and_a_policy_set_repairs_them() {
    let b = Backlog::new();
    b.add("An item", &[]);
    rusqlite::Connection::open(&b.db)
        .unwrap()
        .execute(
            "INSERT INTO policy (key, value) VALUES ('capacity.hotfix', '0.9')",
            [],
        )
        .unwrap();
    for args in [&["list"][..], &["plan"]] {
        let out = b.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("capacity shares must sum to 1.0"),
            "{stderr}"
        );
    }
    // `policy show` shows what is stored, and says the others refuse.
    let out = b.cmd().args(["policy", "show"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("other commands refuse"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0.9"));
    // A change that keeps the sum broken is refused; one that mends it lands.
    let out = b
        .cmd()
        .args(["policy", "set", "weight.risk", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    b.ok(&["policy", "set", "capacity.hotfix", "0.15"]);
    b.ok(&["list"]);
}

#[test]
fn a_negative_number_reaches_the_check_that_says_what_is_allowed() {
    let b = Backlog::new();
    b.add("An item", &[]);
    for (args, needle) in [
        (
            &["metrics", "--weeks", "-1"][..],
            "'--weeks <N>': expected a whole number, 0 or more",
        ),
        (
            &["forecast", "--seed", "-1"],
            "'--seed <S>': expected a whole number, 0 or more",
        ),
        (
            &["list", "--limit", "-1"],
            "'--limit <N>': expected a whole number, 0 or more",
        ),
        (
            &["edit", "1", "--value", "-3"],
            "value must be one of 1, 2, 3, 5, 8, 13, 20, not -3",
        ),
    ] {
        let line = b.refuses(args, &[needle]);
        assert!(!line.contains("unexpected argument"), "{line}");
    }
    // A negative threshold is a value like any other.
    b.ok(&["policy", "set", "triage.next", "-2", "triage.now", "-1"]);
    assert_eq!(b.json(&["policy", "show"])["triage.next"], -2.0);
}

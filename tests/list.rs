//! Listing: one meaning for every filter in the CLI and the TUI, rows that fit
//! the terminal by display width, and themes named as everywhere else.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use lanes::domain::filter::Filter;
use lanes::domain::{Horizon, Lane, Severity, Status};
use lanes::store::{Ctx, Store};
use lanes::tui::app::{FilterSpec, Found};

use common::cli::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

/// A small deterministic generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const OWNERS: &[&str] = &["ana", "Ana", "ANA", "Ána", "ána", "lee", "Lee", ""];
const LABELS: &[&str] = &["web", "Web", "WEB", "Crème", "crème", "api", "ÉTÉ", "été"];
const WORDS: &[&str] = &[
    "Checkout", "CHECKOUT", "crème", "Crème", "ÉTÉ", "été", "Login", "ß", "ss",
];

/// A native document of `n` items whose names and texts differ in case, in
/// ASCII and beyond it.
fn document(rng: &mut Rng, n: usize) -> String {
    let lanes = ["\"hotfix\"", "\"feature\"", "\"bet\"", "null"];
    let statuses = ["todo", "doing", "done", "declined"];
    let severities = ["\"S1\"", "\"S2\"", "\"S4\"", "null", "null"];
    let items: Vec<String> = (1..=n)
        .map(|id| {
            let owner = rng.pick(OWNERS);
            let owner = if owner.is_empty() {
                "null".to_string()
            } else {
                format!("\"{owner}\"")
            };
            let labels: Vec<String> = (0..rng.below(3))
                .map(|_| format!("\"{}\"", rng.pick(LABELS)))
                .collect();
            format!(
                r#"{{"id": {id}, "title": "{} {} #{id}", "description": "{}", "lane": {}, "status": "{}", "severity": {}, "owner": {owner}, "labels": [{}], "theme": {}, "finished": {}}}"#,
                rng.pick(WORDS),
                rng.pick(WORDS),
                rng.pick(WORDS),
                lanes[rng.below(lanes.len())],
                statuses[rng.below(statuses.len())],
                severities[rng.below(severities.len())],
                labels.join(", "),
                ["1", "2", "null"][rng.below(3)],
                "\"2026-11-01T00:00:00Z\"",
            )
        })
        .collect();
    format!(
        r#"{{"version": 1, "themes": [{{"id": 1, "name": "Trust"}}, {{"id": 2, "name": "Speed"}}], "items": [{}]}}"#,
        items.join(",\n")
    )
}

#[test]
fn the_sql_filter_and_the_in_memory_filters_agree_on_generated_backlogs() {
    let mut rng = Rng(7);
    for round in 0..4 {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let ctx = Ctx {
            by: "test".into(),
            why: String::new(),
            now: now(),
            today: now().date_naive(),
        };
        let doc = lanes::io::json::parse(&document(&mut rng, 120), now()).unwrap();
        store.import(&ctx, &doc).unwrap();
        let items = store.export().unwrap().items;
        let mut cards = store.cards().unwrap();
        cards.extend(store.finished_cards().unwrap().0);
        let themes = store.themes().unwrap();
        for case in 0..60 {
            let owner = (rng.below(2) == 0).then(|| rng.pick(&OWNERS[..7]).to_string());
            let label = (rng.below(2) == 0).then(|| rng.pick(LABELS).to_string());
            let search = (rng.below(3) == 0).then(|| rng.pick(WORDS).to_string());
            let lanes = match rng.below(3) {
                0 => Vec::new(),
                1 => vec![Some(Lane::Hotfix), None],
                _ => vec![Some(Lane::Bet)],
            };
            let horizon = [None, Some(Horizon::Later), Some(Horizon::Now)][rng.below(3)];
            let theme = [None, Some(1), Some(2)][rng.below(3)];
            let status = [None, None, Some(Status::Done), Some(Status::Doing)][rng.below(4)];
            let severities = match rng.below(3) {
                0 => Vec::new(),
                1 => vec![Severity::S1],
                _ => vec![Severity::S2, Severity::S4],
            };
            let filter = Filter {
                lanes: lanes.clone(),
                horizon,
                status,
                severities: severities.clone(),
                owner: owner.clone(),
                theme,
                label: label.clone(),
                search: search.clone(),
                all: rng.below(2) == 0,
                limit: None,
            };
            let by_sql: BTreeSet<i64> = store.list(&filter).unwrap().iter().map(|i| i.id).collect();
            let in_memory: BTreeSet<i64> = items
                .iter()
                .filter(|i| filter.matches(i))
                .map(|i| i.id)
                .collect();
            assert_eq!(by_sql, in_memory, "round {round} case {case}: {filter:?}");

            // The board's filter bar, over every card, means the same.
            if search.is_some() {
                continue;
            }
            let mut terms = Vec::new();
            match (status, filter.all) {
                (Some(s), _) => terms.push(format!("status:{s}")),
                (None, true) => terms.push("status:all".to_string()),
                (None, false) => {}
            }
            for s in &severities {
                terms.push(format!("severity:{s}"));
            }
            for l in &lanes {
                terms.push(format!("lane:{}", l.map_or("inbox", |l| l.as_str())));
            }
            if let Some(h) = horizon {
                terms.push(format!("horizon:{h}"));
            }
            if let Some(o) = &owner {
                terms.push(format!("owner:\"{o}\""));
            }
            if let Some(t) = theme {
                terms.push(format!("theme:{t}"));
            }
            if let Some(l) = &label {
                terms.push(format!("label:\"{l}\""));
            }
            let spec = FilterSpec::parse(&terms.join(" "), &themes).unwrap();
            let labelled = label.as_deref().map(|l| store.labelled(l).unwrap());
            let on_board: BTreeSet<i64> = cards
                .iter()
                .filter(|c| {
                    spec.passes(
                        c,
                        &Found {
                            labelled: labelled.clone(),
                            sourced: None,
                        },
                    )
                })
                .map(|c| c.id)
                .collect();
            assert_eq!(on_board, by_sql, "round {round} case {case}: {terms:?}");
        }
    }
}

#[test]
fn owner_and_label_filters_find_names_whatever_the_case_of_their_letters() {
    let b = Backlog::new();
    let ana = b.add("Ana's", &["--owner", "ana", "--label", "Web"]);
    b.add("Lee's", &["--owner", "Lee", "--label", "api"]);
    assert_eq!(b.list_ids(&["--owner", "Ana"]), [ana]);
    assert_eq!(b.list_ids(&["--owner", "ANA"]), [ana]);
    assert_eq!(b.list_ids(&["--label", "web"]), [ana]);
    assert_eq!(b.list_ids(&["--search", "ANA'S"]), [ana]);
}

#[test]
fn list_rows_fit_the_terminal_by_display_width_with_wide_characters() {
    let b = Backlog::new();
    b.add(
        "日本語のタイトルはとても長いのでこの行は端末の幅に合わせて切らなければならない",
        &["--owner", "田中太郎さん"],
    );
    b.add("Plain title", &[]);
    for columns in [60, 70, 100, 120] {
        let out = b
            .cmd()
            .env("COLUMNS", columns.to_string())
            .arg("list")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            let w = unicode_width::UnicodeWidthStr::width(line);
            assert!(w <= columns, "{w} columns at COLUMNS={columns}: {line}");
        }
        assert!(text.contains("日本語"), "{text}");
    }
}

#[test]
fn list_takes_a_theme_by_id_name_or_a_part_only_it_has() {
    let b = Backlog::new();
    b.ok(&["theme", "add", "Trust and reliability"]);
    b.ok(&["theme", "add", "Checkout speed"]);
    let trusted = b.add("Audit log", &["--theme", "trust"]);
    b.add("Faster cart", &["--theme", "2"]);
    assert_eq!(b.list_ids(&["--theme", "trust"]), [trusted]);
    assert_eq!(b.list_ids(&["--theme", "Trust and reliability"]), [trusted]);
    assert_eq!(b.list_ids(&["--theme", "#1"]), [trusted]);
    b.refuses(
        &["list", "--theme", "search"],
        &["there is no theme 'search'"],
    );
}

#[test]
fn a_limit_of_zero_says_no_rows_were_asked_for_not_that_nothing_matches() {
    let b = Backlog::new();
    b.add("An item", &[]);
    let text = b.ok(&["list", "--limit", "0"]);
    assert!(text.contains("--limit 0 asks for no rows"), "{text}");
    assert!(!text.contains("No items match"), "{text}");
}

//! `lanes report` as a stakeholder reads it: every section of DESIGN.md section 11
//! in order, Mermaid charts that parse, tables nothing in the database can break,
//! and the same bytes for the same data and `now`.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::Backlog;

const SECTIONS: [&str; 9] = [
    "## North Star",
    "## Balance",
    "## Themes",
    "## Now: what the team works on, and why",
    "## Customer fixes",
    "## What changed since 2026-11-07, and why",
    "## Flow over the last 12 weeks",
    "## Forecast",
    "## Next up",
];

fn demo() -> Backlog {
    let b = Backlog::new();
    b.ok(&["demo"]);
    b
}

/// The fenced Mermaid blocks of a document, without their fences.
fn mermaid(md: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut block: Option<Vec<&str>> = None;
    for line in md.lines() {
        match (&mut block, line) {
            (None, "```mermaid") => block = Some(Vec::new()),
            (Some(_), "```") => out.extend(block.take()),
            (Some(b), l) => b.push(l),
            (None, _) => {}
        }
    }
    assert!(block.is_none(), "a Mermaid block is not closed");
    out
}

/// `"label" : 12` lines after `pie title …`, every value positive.
fn check_pie(block: &[&str]) -> Vec<(String, f64)> {
    assert!(block[0].starts_with("pie title "), "{block:?}");
    block[1..]
        .iter()
        .map(|l| {
            let l = l.trim();
            let (label, value) = l.rsplit_once(" : ").unwrap_or_else(|| panic!("{l}"));
            assert!(
                label.starts_with('"') && label.ends_with('"') && label.len() > 2,
                "{l}"
            );
            assert!(!label[1..label.len() - 1].contains('"'), "{l}");
            let value: f64 = value.parse().unwrap();
            assert!(value > 0.0, "{l}");
            (label.trim_matches('"').to_string(), value)
        })
        .collect()
}

/// `xychart-beta`, a quoted title, an x-axis of quoted labels, a y-axis range
/// that holds every bar, and as many bars as labels.
fn check_xychart(block: &[&str]) -> Vec<u64> {
    let lines: Vec<&str> = block.iter().map(|l| l.trim()).collect();
    assert_eq!(lines[0], "xychart-beta");
    let title = lines[1].strip_prefix("title ").unwrap();
    assert!(title.starts_with('"') && title.ends_with('"'), "{title}");
    let list = |l: &str, key: &str| -> Vec<String> {
        let inner = l.strip_prefix(key).unwrap().trim();
        let inner = inner.strip_prefix('[').unwrap().strip_suffix(']').unwrap();
        inner.split(", ").map(str::to_string).collect()
    };
    let labels = list(lines[2], "x-axis");
    assert!(
        labels
            .iter()
            .all(|l| l.starts_with('"') && l.ends_with('"') && l.len() > 2),
        "{labels:?}"
    );
    let y = lines[3].strip_prefix("y-axis ").unwrap();
    let (name, range) = y.rsplit_once("\" ").unwrap();
    assert!(name.starts_with('"'), "{y}");
    let (lo, hi) = range.split_once(" --> ").unwrap();
    let (lo, hi): (u64, u64) = (lo.parse().unwrap(), hi.parse().unwrap());
    let bars: Vec<u64> = list(lines[4], "bar")
        .iter()
        .map(|b| b.parse().unwrap())
        .collect();
    assert_eq!(bars.len(), labels.len());
    assert!(
        bars.iter().all(|b| (lo..=hi).contains(b)),
        "{bars:?} in {lo}..{hi}"
    );
    assert_eq!(lines.len(), 5);
    bars
}

/// Cells of a table row, splitting on `|` that are not escaped.
fn cells(row: &str) -> usize {
    let b = row.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
        .count()
        - 1
}

/// Every table: each row has as many cells as its header, and no row is broken
/// across lines.
fn check_tables(md: &str) -> usize {
    let mut tables = 0;
    let mut width = None;
    for line in md.lines() {
        if line.starts_with('|') {
            assert!(line.ends_with('|'), "a table row is broken: {line}");
            match width {
                None => {
                    width = Some(cells(line));
                    tables += 1;
                }
                Some(w) => assert_eq!(cells(line), w, "{line}"),
            }
        } else {
            width = None;
        }
    }
    tables
}

#[test]
fn the_demo_report_has_every_section_in_order_with_valid_charts() {
    let b = demo();
    let md = b.ok(&["report"]);
    let at: Vec<usize> = SECTIONS
        .iter()
        .map(|s| {
            md.find(&format!("\n{s}\n"))
                .unwrap_or_else(|| panic!("no {s}\n{md}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "sections out of order: {at:?}"
    );
    assert!(md.starts_with("# Product update, 2026-11-21\n"));
    assert!(md.contains("> Cut a new merchant's time to first sale from 11 days to 4"));

    let blocks = mermaid(&md);
    assert_eq!(blocks.len(), 2, "a pie and a bar chart");
    let pie = check_pie(&blocks[0]);
    assert!(!pie.is_empty());
    // The pie is the lane mix since the date: its values are the table's.
    for (lane, value) in &pie {
        let row = md
            .lines()
            .find(|l| l.starts_with(&format!("| {lane} | ")))
            .unwrap_or_else(|| panic!("no row for {lane}"));
        assert!(row.starts_with(&format!("| {lane} | {value} |")), "{row}");
    }
    let bars = check_xychart(&blocks[1]);
    assert_eq!(bars.len(), 12);
    assert!(bars.iter().sum::<u64>() >= 70, "{bars:?}");

    assert!(check_tables(&md) >= 8);
    // What changed comes from the log, with who and why.
    assert!(
        md.contains("| sam, priya | export now writes UTF-8 with a byte-order mark; Still fails for 'ü' and 'ø'"),
        "{md}"
    );
    assert!(md.contains("### Declined"));
    assert!(md.contains("Dark mode for the merchant dashboard: 11 requests in a year"));
    // Customer fixes: the open breach, and its workaround.
    assert!(md.contains("**breached**"));
    assert!(md.contains("pay by card; the card form is not affected"));
    assert!(md.contains("likely done by **"), "a forecast of now");
}

#[test]
fn the_same_data_and_now_give_the_same_report_on_stdout_and_in_a_file() {
    let b = demo();
    let first = b.ok(&["report"]);
    assert_eq!(b.ok(&["report"]), first);
    let file = b.path("update.md");
    let said = b.ok(&["report", "-o", file.to_str().unwrap()]);
    assert_eq!(
        said,
        format!("Wrote the report since 2026-11-07 to {}.\n", file.display())
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    // Another date moves the period.
    let week = b.ok(&["report", "--since", "-1w"]);
    assert!(week.contains("## What changed since 2026-11-14, and why"));
    b.refuses(
        &["report", "--since", "2026-12-01"],
        &["--since 2026-12-01 is in the future"],
    );
    b.refuses(
        &["report", "--since", "soon"],
        &["--since", "invalid date 'soon'"],
    );
}

#[test]
fn text_from_the_database_cannot_break_a_table_or_inject_html() {
    let b = Backlog::new();
    let nasty = "Pay | fails <script>alert(1)</script> `rm -rf` *now* [x](javascript:y)";
    let id = b.add(
        nasty,
        &[
            "--lane",
            "hotfix",
            "--severity",
            "S2",
            "--segment",
            "EU | <b>big</b>",
            "--workaround",
            "first line\nsecond | line\n\n<img src=x onerror=alert(1)>",
        ],
    );
    b.ok(&["start", &id.to_string()]);
    b.ok(&[
        "done",
        &id.to_string(),
        "--root-cause",
        "a `tick` and a\nnewline | pipe",
        "--prevention",
        "<script>x</script>",
    ]);
    b.add(
        "Next | thing <i>",
        &[
            "--lane", "feature", "--value", "8", "--impact", "5", "--risk", "3", "--effort", "3",
        ],
    );
    let other = b.add("Declined <script>", &["--lane", "bet"]);
    b.ok(&[
        "decline",
        &other.to_string(),
        "--why",
        "dup | of <script>#1</script>",
    ]);
    let md = b.ok(&["report"]);
    assert!(!md.to_lowercase().contains("<script"), "{md}");
    assert!(
        !md.contains("<img") && !md.contains("<b>") && !md.contains("<i>"),
        "{md}"
    );
    assert!(md.contains("Pay \\| fails &lt;script>alert(1)&lt;/script> \\`rm -rf\\` \\*now\\* \\[x\\](javascript:y)"), "{md}");
    assert!(md.contains("a \\`tick\\` and a newline \\| pipe"), "{md}");
    assert!(check_tables(&md) >= 4);
    let csv_like = b.ok(&["export", "--format", "md"]);
    assert!(!csv_like.contains("<i>"));
    check_tables(&csv_like);
}

#[test]
fn a_report_with_no_active_theme_says_so_and_names_no_finished_theme() {
    let b = demo();
    let themes = b.json(&["theme", "list"]);
    let themes = themes.as_array().unwrap();
    assert!(themes.len() > 1);
    for (n, t) in themes.iter().enumerate() {
        let id = t["id"].to_string();
        let status = if n % 2 == 0 { "done" } else { "dropped" };
        b.ok(&[
            "theme",
            "edit",
            &id,
            "--status",
            status,
            "--why",
            "end of quarter",
        ]);
    }
    let md = b.ok(&["report"]);
    let section = &md[md.find("\n## Themes\n").unwrap()..md.find("\n## Now").unwrap()];
    assert_eq!(section, "\n## Themes\n\nNo active roadmap theme.\n");
}

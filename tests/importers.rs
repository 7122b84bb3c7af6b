//! Importing other trackers' exports through the real binary: the project's own
//! fixtures (tests/fixtures/import) reproduce the shapes of real Jira, GitHub and
//! Taskwarrior files; each test reads the backlog back through the CLI.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const NOW: &str = "2026-11-21T09:00:00Z";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

struct Backlog {
    dir: TempDir,
    db: PathBuf,
}

impl Backlog {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        Backlog { dir, db }
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("lanes").unwrap();
        c.env_remove("LANES_DB")
            .env("LANES_NOW", NOW)
            .env("USER", "tester")
            .arg("--db")
            .arg(&self.db);
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "lanes {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(&[&["--json"], args].concat());
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    /// Imports a fixture with `--json`; returns the summary.
    fn import(&self, name: &str, extra: &[&str]) -> Value {
        let path = fixture(name);
        self.json(&[&["import", path.to_str().unwrap()], extra].concat())
    }

    /// Refused as bad input: exit 2, one line on stderr with every needle.
    fn refuses(&self, args: &[&str], needles: &[&str]) -> String {
        let before = std::fs::read(&self.db).ok();
        let out = self.cmd().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "lanes {args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        for n in needles {
            assert!(err.contains(n), "{err} lacks {n}");
        }
        assert!(
            std::fs::read(&self.db).ok() == before,
            "the database changed"
        );
        err
    }

    /// Every item, by source.
    fn items(&self) -> std::collections::BTreeMap<String, Value> {
        self.json(&["list", "--all"])
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["source"].as_str().unwrap_or("").to_string(), i.clone()))
            .collect()
    }

    fn decisions(&self) -> usize {
        self.json(&["log"]).as_array().unwrap().len()
    }
}

fn id_of(items: &std::collections::BTreeMap<String, Value>, source: &str) -> Value {
    items[source]["id"].clone()
}

#[test]
fn a_jira_export_maps_every_field_the_design_names() {
    let b = Backlog::new();
    let s = b.import("jira-en.csv", &[]);
    assert_eq!(s["format"], "jira-csv");
    assert_eq!(
        (s["created"].as_u64(), s["updated"].as_u64()),
        (Some(7), Some(0))
    );
    assert_eq!(s["skipped"][0]["record"], "SR-7");
    let items = b.items();
    let get = |src: &str, field: &str| items[src][field].clone();
    // Type and priority to lane and severity; a bug's SLA from its created date.
    let table = [
        ("jira:SR-1", "bet", Value::Null, "doing"),
        ("jira:SR-2", "hotfix", "S1".into(), "todo"),
        ("jira:SR-3", "stability", "S3".into(), "todo"),
        ("jira:SR-4", "feature", Value::Null, "done"),
        ("jira:SR-5", "inbox", Value::Null, "declined"),
        ("jira:SR-6", "inbox", Value::Null, "todo"),
        ("jira:SR-8", "feature", Value::Null, "todo"),
    ];
    for (src, lane, severity, status) in table {
        let l = get(src, "lane");
        assert_eq!(l.as_str().unwrap_or("inbox"), lane, "{src}");
        assert_eq!(get(src, "severity"), severity, "{src}");
        assert_eq!(get(src, "status"), status, "{src}");
    }
    assert_eq!(get("jira:SR-2", "due"), "2026-01-07");
    assert_eq!(get("jira:SR-3", "due"), "2026-02-20");
    assert_eq!(get("jira:SR-1", "created"), "2026-01-06T09:29:00Z");
    assert_eq!(get("jira:SR-1", "started"), "2026-01-07T10:00:00Z");
    assert_eq!(get("jira:SR-4", "finished"), "2026-01-03T18:00:00Z");
    assert_eq!(get("jira:SR-1", "owner"), "Ana Díaz");
    // Story points up to the scale: 4 → 5, 0 → none, 40 → 20, 2.5 → 3.
    assert_eq!(get("jira:SR-2", "effort"), 5);
    assert_eq!(get("jira:SR-3", "effort"), Value::Null);
    assert_eq!(get("jira:SR-4", "effort"), 20);
    assert_eq!(get("jira:SR-6", "effort"), 3);
    // Repeated Labels and Sprint columns merged.
    assert_eq!(
        get("jira:SR-2", "labels"),
        serde_json::json!([
            "payments",
            "sprint:Feb 2026 Sprint",
            "sprint:Support Sprint",
            "web"
        ])
    );
    // Parents by key and by numeric id; "is blocked by" links; a cycle cut.
    assert_eq!(get("jira:SR-8", "parent"), id_of(&items, "jira:SR-1"));
    assert_eq!(get("jira:SR-4", "parent"), id_of(&items, "jira:SR-1"));
    assert_eq!(
        get("jira:SR-2", "blocked_by"),
        serde_json::json!([id_of(&items, "jira:SR-3")])
    );
    assert_eq!(get("jira:SR-3", "blocked_by"), serde_json::json!([]));
    // Multi-line cells, comments oldest first, a long title cut at a word.
    let d = get("jira:SR-2", "description");
    let d = d.as_str().unwrap();
    assert!(
        d.starts_with("Customers see\nerror 500\n\"twice\"\n\n## Imported comments"),
        "{d}"
    );
    assert!(d.find("First comment").unwrap() < d.find("Second comment").unwrap());
    let t = get("jira:SR-6", "title");
    assert!(t.as_str().unwrap().ends_with('…') && t.as_str().unwrap().chars().count() <= 200);
    assert!(get("jira:SR-6", "description")
        .as_str()
        .unwrap()
        .starts_with("Checkout freezes"));
    // Every mapping that needed it is listed.
    let warned: Vec<String> = s["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "{}: {}",
                w["record"].as_str().unwrap(),
                w["why"].as_str().unwrap()
            )
        })
        .collect();
    let expect = [
        "SR-4: 40 story points are over 20; effort set to 20",
        "SR-8: story points 'lots' are not a number; left out",
        "SR-6: parent jira:CR-99 is neither in the file nor imported before; left out",
        "SR-3: blocked by SR-2 was left out: it would close the cycle SR-3 → SR-2 → SR-3",
    ];
    for e in expect {
        assert!(
            warned.iter().any(|w| w == e),
            "no warning {e} in {warned:?}"
        );
    }
    // The declined item's reason is Jira's word; every decision names the file.
    let id = id_of(&items, "jira:SR-5");
    let log = b.json(&["log", &id.to_string()]);
    assert!(
        log[0]["why"]
            .as_str()
            .unwrap()
            .ends_with("jira-en.csv: Won't Do"),
        "{log}"
    );
    let shown = b.ok(&["show", &id.to_string()]);
    assert!(shown.contains("imported from jira:SR-5"), "{shown}");
}

#[test]
fn spanish_headers_months_and_windows_1252_are_read() {
    let b = Backlog::new();
    let s = b.import("jira-es.csv", &[]);
    assert_eq!(s["created"], 4);
    let items = b.items();
    assert_eq!(items["jira:LIPU-1"]["lane"], "feature");
    assert_eq!(items["jira:LIPU-1"]["status"], "doing");
    assert_eq!(items["jira:LIPU-1"]["created"], "2025-11-10T16:51:00Z");
    assert_eq!(items["jira:LIPU-1"]["owner"], "María");
    assert_eq!(items["jira:LIPU-2"]["lane"], "hotfix");
    assert_eq!(items["jira:LIPU-2"]["severity"], "S1");
    assert_eq!(items["jira:LIPU-2"]["created"], "2025-08-14T08:51:00Z");
    assert_eq!(items["jira:LIPU-4"]["status"], "declined");
    assert_eq!(items["jira:LIPU-3"]["parent"], items["jira:LIPU-1"]["id"]);

    let s = b.import("jira-current-es-1252.csv", &[]);
    assert_eq!(s["created"], 3);
    let items = b.items();
    assert_eq!(items["jira:DOIT-10"]["title"], "Instalación en el centro");
    assert_eq!(items["jira:DOIT-10"]["status"], "done");
    assert_eq!(items["jira:DOIT-10"]["created"], "2023-01-11T15:22:00Z");
    assert_eq!(items["jira:DOIT-12"]["title"], "Proyector «corto»");
    assert_eq!(items["jira:DOIT-12"]["status"], "doing");
    // Parents by `Clave principal` and by the numeric `Principal`.
    assert_eq!(items["jira:DOIT-11"]["parent"], items["jira:DOIT-10"]["id"]);
    assert_eq!(items["jira:DOIT-12"]["parent"], items["jira:DOIT-10"]["id"]);
    let warned = |text: &str| {
        s["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["why"].as_str().unwrap().contains(text))
    };
    assert!(warned("status 'A RECIBIR' is not one lanes knows"), "{s}");
    // This shape of export has no resolution date: said once, first.
    assert_eq!(s["warnings"][0]["record"], "the file");
    assert!(warned("1 finished item has no date it was finished"), "{s}");
}

#[test]
fn github_rest_skips_and_counts_pull_requests_and_maps_labels_and_states() {
    let b = Backlog::new();
    let s = b.import("github-rest.json", &[]);
    assert_eq!(s["format"], "github");
    assert_eq!(s["created"], 4);
    let prs: Vec<&Value> = s["skipped"].as_array().unwrap().iter().collect();
    assert_eq!(prs.len(), 2);
    assert_eq!(prs[0]["why"], "a pull request, not an issue");
    let items = b.items();
    let i12 = &items["github:acme/shop#12"];
    assert_eq!(
        (i12["lane"].as_str(), i12["severity"].as_str()),
        (Some("hotfix"), Some("S2"))
    );
    assert_eq!(i12["owner"], "ana");
    assert!(i12["labels"]
        .as_array()
        .unwrap()
        .contains(&"milestone:v2.1".into()));
    assert_eq!(
        i12["blocked_by"],
        serde_json::json!([items["github:acme/shop#14"]["id"]])
    );
    assert_eq!(items["github:acme/shop#14"]["status"], "done");
    assert_eq!(items["github:acme/shop#14"]["severity"], "S1");
    assert_eq!(
        items["github:acme/shop#14"]["finished"],
        "2026-01-03T08:30:00Z"
    );
    assert_eq!(items["github:acme/shop#15"]["status"], "declined");
    assert_eq!(items["github:acme/shop#15"]["lane"], "feature");
    assert_eq!(items["github:acme/shop#16"]["status"], "declined");
    assert_eq!(items["github:acme/shop#16"]["lane"], Value::Null);
    assert!(s["warnings"][0]["why"].as_str().unwrap().contains("#99"));
    let id = items["github:acme/shop#15"]["id"].to_string();
    assert!(b.json(&["log", &id])[0]["why"]
        .as_str()
        .unwrap()
        .ends_with(": closed as not planned"));
}

#[test]
fn gh_output_without_urls_needs_the_repository_named() {
    let b = Backlog::new();
    b.ok(&["list"]);
    let file = fixture("github-gh.json");
    b.refuses(
        &["import", file.to_str().unwrap()],
        &["--repo OWNER/NAME", "#1"],
    );
    let s = b.import("github-gh.json", &["--repo", "acme/keys"]);
    assert_eq!(s["created"], 3);
    let items = b.items();
    assert_eq!(items["github:acme/keys#1"]["status"], "todo");
    assert_eq!(items["github:acme/keys#1"]["lane"], "feature");
    assert_eq!(items["github:acme/keys#1"]["owner"], "cy");
    assert_eq!(
        items["github:acme/keys#1"]["blocked_by"],
        serde_json::json!([items["github:acme/keys#2"]["id"]])
    );
    assert_eq!(items["github:acme/keys#2"]["status"], "done");
    assert_eq!(items["github:acme/keys#2"]["lane"], "hotfix");
    assert_eq!(items["github:acme/keys#3"]["status"], "declined");
    // Closed at a time `gh` was not asked for: unknown, not the opening time.
    assert_eq!(
        items["github:acme/keys#2"]["finished"],
        "2025-10-04T08:00:00Z"
    );
    assert_eq!(items["github:acme/keys#3"]["finished"], Value::Null);
}

#[test]
fn taskwarrior_array_and_lines_give_the_same_backlog() {
    let a = Backlog::new();
    let s = a.import("taskwarrior.json", &[]);
    assert_eq!(s["format"], "taskwarrior");
    assert_eq!(s["created"], 6);
    assert_eq!(
        s["skipped"][0]["why"],
        "a recurring template; its instances are imported"
    );
    let b = Backlog::new();
    assert_eq!(b.import("taskwarrior.ndjson", &[])["created"], 6);
    let strip = |mut m: std::collections::BTreeMap<String, Value>| {
        for v in m.values_mut() {
            v.as_object_mut().unwrap().remove("id");
            v.as_object_mut().unwrap().remove("blocked_by");
        }
        m
    };
    let items = a.items();
    assert_eq!(strip(items.clone()), strip(b.items()));
    let t = |n: u8| format!("taskwarrior:a0000000-0000-4000-8000-00000000000{n}");
    assert_eq!(items[&t(1)]["lane"], "hotfix");
    assert_eq!(items[&t(1)]["status"], "doing");
    assert_eq!(items[&t(1)]["started"], "2026-01-06T08:00:00Z");
    assert_eq!(
        items[&t(1)]["labels"],
        serde_json::json!(["ops", "priority:H", "project:hotfix", "urgent"])
    );
    assert_eq!(items[&t(2)]["lane"], "stability");
    assert_eq!(items[&t(2)]["status"], "todo");
    assert_eq!(items[&t(2)]["due"], "2026-02-10");
    assert_eq!(
        items[&t(2)]["description"],
        "2026-01-05 ask Bo for the old one\n2026-01-06 draft in the wiki"
    );
    // `depends` as a comma-separated string and as an array; the cycle is cut.
    let mut deps: Vec<Value> = items[&t(2)]["blocked_by"].as_array().unwrap().clone();
    deps.sort_by_key(Value::as_i64);
    assert_eq!(
        deps,
        [items[&t(1)]["id"].clone(), items[&t(3)]["id"].clone()]
    );
    assert_eq!(items[&t(3)]["blocked_by"], serde_json::json!([]));
    assert_eq!(items[&t(3)]["lane"], Value::Null);
    assert_eq!(items[&t(4)]["status"], "done");
    assert_eq!(items[&t(4)]["finished"], "2025-12-02T10:00:00Z");
    assert_eq!(items[&t(5)]["status"], "declined");
    assert!(items.contains_key(&t(7)));
    let id = items[&t(5)]["id"].to_string();
    assert!(a.json(&["log", &id])[0]["why"]
        .as_str()
        .unwrap()
        .ends_with(": deleted in Taskwarrior"));
}

#[test]
fn a_dry_run_prints_the_summary_and_leaves_the_database_file_unchanged() {
    let b = Backlog::new();
    b.ok(&["add", "Already here"]);
    let before = std::fs::read(&b.db).unwrap();
    let s = b.import("jira-en.csv", &["--dry-run"]);
    assert_eq!(s["dry_run"], true);
    assert_eq!(s["created"], 7);
    assert_eq!(std::fs::read(&b.db).unwrap(), before);
    let text = b.ok(&[
        "import",
        fixture("jira-en.csv").to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(text.starts_with("Dry run of "), "{text}");
    assert!(
        text.contains("nothing written: 7 created, 0 updated, 0 unchanged, 1 skipped"),
        "{text}"
    );
    assert!(text.contains("  SR-7: it has no summary"), "{text}");
    assert_eq!(b.items().len(), 1);
}

#[test]
fn importing_the_same_file_again_creates_and_changes_nothing() {
    for (name, extra) in [
        ("jira-en.csv", &[][..]),
        ("jira-es.csv", &[]),
        ("github-rest.json", &[]),
        ("github-gh.json", &["--repo", "acme/keys"]),
        ("taskwarrior.json", &[]),
    ] {
        let b = Backlog::new();
        let first = b.import(name, extra);
        let decisions = b.decisions();
        let export = b.ok(&["export"]);
        let again = b.import(name, extra);
        assert_eq!(
            (again["created"].as_u64(), again["updated"].as_u64()),
            (Some(0), Some(0)),
            "{name}"
        );
        assert_eq!(again["unchanged"], first["created"], "{name}");
        assert_eq!(b.decisions(), decisions, "{name}");
        assert_eq!(b.ok(&["export"]), export, "{name}");
    }
}

#[test]
fn an_edited_export_updates_only_what_the_tracker_owns() {
    let b = Backlog::new();
    b.import("jira-en.csv", &[]);
    let items = b.items();
    let id = id_of(&items, "jira:SR-2").to_string();
    // The team decides in lanes.
    b.ok(&["move", &id, "stability"]);
    b.ok(&["score", &id, "--value", "8", "--effort", "2"]);
    b.ok(&[
        "edit",
        &id,
        "--severity",
        "S2",
        "--horizon",
        "next",
        "--criterion",
        "EU cards pass",
    ]);
    // The tracker changes its own fields, and some of the team's.
    let text = std::fs::read_to_string(fixture("jira-en.csv")).unwrap();
    let edited = text
        .replacen(
            "Card payments fail for EU customers",
            "Card payments fail in the EU",
            1,
        )
        .replacen(
            ",Bug,Backlog,To Do,Highest,,Bo,",
            ",Story,Done,Done,Low,Done,Cy,",
            1,
        )
        .replacen("payments,web", "payments,mobile", 1);
    assert_ne!(edited, text);
    let file = b.dir.path().join("jira-edited.csv");
    std::fs::write(&file, edited).unwrap();
    let s = b.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (
            s["created"].as_u64(),
            s["updated"].as_u64(),
            s["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(6))
    );
    let item = b.json(&["show", &id]);
    assert_eq!(item["title"], "Card payments fail in the EU");
    assert_eq!(item["status"], "done");
    assert_eq!(item["owner"], "Cy");
    assert!(item["labels"]
        .as_array()
        .unwrap()
        .contains(&"mobile".into()));
    // The team's decisions stand.
    assert_eq!(item["lane"], "stability");
    assert_eq!(
        (item["value"].as_i64(), item["effort"].as_i64()),
        (Some(8), Some(2))
    );
    assert_eq!(item["severity"], "S2");
    assert_eq!(
        (item["horizon"].as_str(), item["pinned"].as_bool()),
        (Some("next"), Some(true))
    );
    assert_eq!(item["criteria"][0]["text"], "EU cards pass");
    let changed: Vec<&str> = item["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["why"].as_str().unwrap().ends_with("jira-edited.csv"))
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    let mut fields = changed.clone();
    fields.sort_unstable();
    assert_eq!(fields, ["finished", "labels", "owner", "status", "title"]);
    // Once more: nothing.
    let s = b.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (s["created"].as_u64(), s["updated"].as_u64()),
        (Some(0), Some(0))
    );
    // The whole re-import is one action.
    let undone = b.json(&["undo"]);
    assert!(
        undone["decisions"].as_array().unwrap().len() >= 5,
        "{undone}"
    );
    assert_eq!(
        b.json(&["show", &id])["title"],
        "Card payments fail for EU customers"
    );
}

#[test]
fn a_malformed_file_is_refused_with_its_line_and_nothing_is_written() {
    let b = Backlog::new();
    b.ok(&["add", "Keep me"]);
    let bad = b.dir.path().join("tasks.ndjson");
    std::fs::write(
        &bad,
        "{\"uuid\":\"u1\",\"description\":\"one\",\"status\":\"pending\"}\n{\"uuid\":\"u2\",\"description\":\"two\",\"status\":\"pending\"}\n{\"uuid\": \"u3\", \"description\": \n",
    )
    .unwrap();
    b.refuses(
        &["import", bad.to_str().unwrap()],
        &["tasks.ndjson", "line 3: not a Taskwarrior task"],
    );
    let csv = b.dir.path().join("notjira.csv");
    std::fs::write(&csv, "Name,Owner\r\nx,y\r\n").unwrap();
    b.refuses(
        &["import", csv.to_str().unwrap()],
        &["none of the formats lanes reads"],
    );
    b.refuses(
        &["import", csv.to_str().unwrap(), "--format", "jira-csv"],
        &["line 1: there is no title column (Summary or Resumen)"],
    );
    let gh = b.dir.path().join("gh.json");
    std::fs::write(
        &gh,
        "[{\"number\": 1, \"title\": \"a\"},\n {\"number\": \"x\"}]",
    )
    .unwrap();
    b.refuses(
        &["import", gh.to_str().unwrap()],
        &["not a GitHub issues array", "line 2"],
    );
    assert_eq!(b.items().len(), 1);
}

#[test]
fn what_is_not_a_regular_file_is_refused_before_it_is_read() {
    let b = Backlog::new();
    b.ok(&["add", "Keep me"]);
    let dir = b.dir.path().to_str().unwrap().to_string();
    b.refuses(&["import", &dir], &["is a directory, not a file to import"]);
    b.refuses(
        &["import", "/dev/zero"],
        &["/dev/zero is not a regular file"],
    );
    let fifo = b.dir.path().join("pipe");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        b.refuses(
            &["import", fifo.to_str().unwrap()],
            &["is not a regular file"],
        );
    }
    let big = b.dir.path().join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len((1 << 30) + 1)
        .unwrap();
    b.refuses(&["import", big.to_str().unwrap()], &["larger than 1 GiB"]);
}

#[test]
fn a_printed_map_edited_and_given_back_overrides_the_defaults() {
    let b = Backlog::new();
    let map = b.ok(&["import", "--print-map", "jira-csv"]);
    assert!(
        map.contains("[types]\n") && map.contains("\"Epic\" = \"bet\""),
        "{map}"
    );
    b.refuses(
        &["import", "--print-map", "json"],
        &["a lanes document needs no map"],
    );
    let help = b.ok(&["import", "--help"]);
    assert!(
        help.contains("\"Epic\" = \"bet\"") && help.contains("--print-map"),
        "{help}"
    );
    let edited = map
        .replace("\"Sub-task\" = \"inbox\"", "\"Sub-task\" = \"stability\"")
        .replace("\"Wishlist\" = \"todo\"", "\"Wishlist\" = \"declined\"");
    let file = b.dir.path().join("map.toml");
    std::fs::write(&file, edited).unwrap();
    b.import("jira-en.csv", &["--map", file.to_str().unwrap()]);
    let items = b.items();
    assert_eq!(items["jira:SR-6"]["lane"], "stability");
    assert_eq!(items["jira:SR-8"]["status"], "declined");
    std::fs::write(&file, "[types]\nTask = \"soon\"\n").unwrap();
    let f = fixture("jira-en.csv");
    b.refuses(
        &[
            "import",
            f.to_str().unwrap(),
            "--map",
            file.to_str().unwrap(),
        ],
        &["the map's [types] gives 'Task' the value 'soon'"],
    );
}

#[test]
fn sources_are_searchable_and_an_import_is_one_action_undo_reverts() {
    let b = Backlog::new();
    b.ok(&["add", "Mine"]);
    b.import("github-rest.json", &[]);
    let found: Vec<Value> = b
        .json(&["list", "--search", "acme/shop#12"])
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["title"], "Checkout crashes on Safari");
    b.ok(&["undo"]);
    assert_eq!(b.items().len(), 1);
    b.ok(&["redo"]);
    assert_eq!(b.items().len(), 5);
    let text = b.ok(&["import", fixture("github-rest.json").to_str().unwrap()]);
    assert!(
        text.contains("as github (GitHub): 0 created, 0 updated, 4 unchanged, 2 skipped"),
        "{text}"
    );
}

#[test]
fn redo_of_an_import_brings_back_items_that_refer_to_later_ones() {
    let b = Backlog::new();
    b.import("taskwarrior.json", &[]);
    let before = b.items();
    b.ok(&["undo"]);
    assert!(b.items().is_empty());
    b.ok(&["redo"]);
    let after = b.items();
    let t2 = "taskwarrior:a0000000-0000-4000-8000-000000000002";
    assert_eq!(after[t2]["blocked_by"], before[t2]["blocked_by"]);
    assert_eq!(after.len(), before.len());
}

#[test]
fn a_done_issue_without_a_resolution_date_has_an_unknown_finish_not_a_made_up_one() {
    let b = Backlog::new();
    // The shape of a "current fields" export: no Resolved, no Updated column.
    let csv = b.dir.path().join("current.csv");
    std::fs::write(
        &csv,
        "Issue key,Issue id,Summary,Status,Created\n\
         SR-1,101,Shipped long ago,Done,01/Mar/26 9:00 AM\n\
         SR-2,102,Still open,To Do,02/Mar/26 9:00 AM\n",
    )
    .unwrap();
    let summary = b.ok(&["import", csv.to_str().unwrap()]);
    assert!(
        summary.contains("1 finished item has no date it was finished"),
        "{summary}"
    );
    let items = b.items();
    assert_eq!(items["jira:SR-1"]["status"], "done");
    assert_eq!(items["jira:SR-1"]["finished"], Value::Null);
    let again = b.json(&["import", csv.to_str().unwrap()]);
    assert_eq!(again["updated"], 0, "{again}");
    // An edit of a finished item is not the moment it was finished.
    let id = id_of(&items, "jira:SR-1").to_string();
    b.ok(&["edit", &id, "--title", "Shipped long ago, renamed"]);
    assert_eq!(b.items()["jira:SR-1"]["finished"], Value::Null);
    assert!(b
        .ok(&["show", &id])
        .contains("finished at a time not recorded"));
    // It counts in no lead time and is not open at the window's start.
    let m = b.json(&["metrics", "--weeks", "52"]);
    assert_eq!(m["lead_time"]["all"]["count"], 0, "{m}");
}

#[test]
fn a_jira_export_cut_short_is_refused_and_nothing_is_written() {
    let b = Backlog::new();
    b.ok(&["add", "Keep me"]);
    let whole = std::fs::read_to_string(fixture("jira-en.csv")).unwrap();
    // Inside a quoted cell, and between two cells of the last row.
    let inside = whole.find('"').expect("a quoted cell") + 3;
    let between = whole.trim_end().rfind(',').unwrap();
    for (n, cut) in [inside, between].into_iter().enumerate() {
        let path = b.dir.path().join(format!("cut{n}.csv"));
        std::fs::write(&path, &whole[..cut]).unwrap();
        b.refuses(
            &["import", path.to_str().unwrap(), "--format", "jira-csv"],
            &["looks cut short"],
        );
    }
    assert_eq!(b.items().len(), 1);
}

#[test]
fn a_bad_map_is_named_with_its_line_and_the_database_is_not_created() {
    let b = Backlog::new();
    let map = b.dir.path().join("bad.toml");
    std::fs::write(&map, "[types]\nBug = \"hotfix\"\ngarbage = =\n").unwrap();
    let data = fixture("jira-en.csv");
    let out = b
        .cmd()
        .args([
            "import",
            data.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("bad.toml: line 3: the map is not valid"),
        "{err}"
    );
    assert!(!err.contains("jira-en.csv"), "{err}");
    assert!(!b.db.exists(), "a refused map created the database");
}

#[test]
fn importing_the_backlogs_own_database_file_is_refused_before_it_is_opened() {
    let b = Backlog::new();
    b.ok(&["add", "kept"]);
    let db = b.db.to_str().unwrap().to_string();
    for path in [db.clone(), format!("{db}-wal")] {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap();
        for format in [&[][..], &["--format", "json"][..]] {
            let args = [&["import", path.as_str()], format].concat();
            b.refuses(&args, &["this backlog's own database file", "lanes export"]);
        }
    }
    let items = b.json(&["list"]);
    assert_eq!(items.as_array().unwrap().len(), 1);
}

#[test]
fn a_tracker_export_into_an_empty_backlog_leaves_every_index_it_had() {
    // The indexes are dropped for the writing and built again after it.
    let indexes = |db: &Path| -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut rows = conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap();
        rows.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let b = Backlog::new();
    b.cmd().arg("list").assert().success();
    let before = indexes(&b.db);
    assert!(before.len() > 10, "{before:?}");
    b.cmd()
        .arg("import")
        .arg(fixture("taskwarrior.json"))
        .assert()
        .success();
    assert_eq!(indexes(&b.db), before);
    // And they are whole: the check of the file finds every row in them.
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let blocked: i64 = conn
        .query_row(
            "SELECT count(*) FROM dependencies INDEXED BY dependencies_blocker WHERE blocker > 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        blocked > 0,
        "the fixture's dependencies are found through the index"
    );
}

#[test]
fn a_tracker_export_gives_the_same_items_and_reasons_into_an_empty_backlog_as_into_one_with_items()
{
    // Into an empty backlog the items are made on a second thread and the
    // indexes built after; into one with items, the general path runs.
    // Items are compared by source, their links by their targets' sources.
    let read = |b: &Backlog| -> Vec<(String, Value, Vec<String>)> {
        let items = b.items();
        let source_of = |id: &Value| -> String {
            items
                .values()
                .find(|i| i["id"] == *id)
                .map(|i| i["source"].as_str().unwrap_or("").to_string())
                .unwrap()
        };
        let mut out = Vec::new();
        for (source, item) in items.iter().filter(|(s, _)| !s.is_empty()) {
            let mut item = item.clone();
            let links: Vec<String> = item["blocked_by"]
                .as_array()
                .unwrap()
                .iter()
                .chain(item.get("parent").filter(|p| !p.is_null()))
                .map(source_of)
                .collect();
            for key in ["id", "blocked_by", "parent"] {
                item.as_object_mut().unwrap().remove(key);
            }
            let why: Vec<String> = b
                .json(&["log", &items[source]["id"].to_string()])
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["why"].as_str().unwrap().to_string())
                .collect();
            out.push((source.clone(), item, [links, why].concat()));
        }
        out
    };
    for name in ["taskwarrior.json", "jira-en.csv"] {
        let empty = Backlog::new();
        empty.import(name, &[]);
        let with_items = Backlog::new();
        with_items.ok(&["add", "Made in lanes first"]);
        with_items.import(name, &[]);
        let (a, b) = (read(&empty), read(&with_items));
        assert!(a.len() > 4, "{name}: {a:?}");
        assert_eq!(a, b, "{name}");
    }
}

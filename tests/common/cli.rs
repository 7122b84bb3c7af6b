//! The real `lanes` binary on a fresh backlog in a temporary directory, with a
//! fixed clock and user: running commands, reading `--json`, and checking that
//! a refused command changed nothing.

pub use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub const NOW: &str = "2026-11-21T09:00:00Z";
pub const ALLOWED_SCORES: &str = "1, 2, 3, 5, 8, 13, 20";

/// A fresh backlog in its own temporary directory.
pub struct Backlog {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Backlog {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("t.db");
        Self { dir, db }
    }

    /// A file path inside the backlog's temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `lanes --db <this db>` with a fixed clock and user, and no `LANES_DB`.
    pub fn cmd(&self) -> Command {
        lanes_at(&self.db)
    }

    /// Runs `lanes ARGS…`, which must succeed, and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        run_ok(self.cmd().args(args))
    }

    /// Runs `lanes --json ARGS…`, which must succeed and print one JSON document.
    pub fn json(&self, args: &[&str]) -> Value {
        parse(&self.ok(&[&["--json"], args].concat()))
    }

    /// `lanes add TITLE ARGS…` in text mode, which prints the bare id.
    pub fn add(&self, title: &str, args: &[&str]) -> i64 {
        let out = self.ok(&[&["add", title], args].concat());
        out.trim()
            .parse()
            .unwrap_or_else(|_| panic!("`lanes add` printed {out:?}, not a bare id"))
    }

    pub fn show(&self, id: i64) -> Value {
        self.json(&["show", &id.to_string()])
    }

    pub fn export(&self) -> String {
        self.ok(&["export"])
    }

    /// Ids of `lanes list --json ARGS…`, in the order printed.
    pub fn list_ids(&self, args: &[&str]) -> Vec<i64> {
        ids(&self.json(&[&["list"], args].concat()))
    }

    /// Decisions of one item, newest first.
    pub fn log(&self, id: i64) -> Vec<Value> {
        array(&self.json(&["log", &id.to_string()]))
    }

    /// Asserts that `lanes ARGS…` is refused as bad input: exit code 2, nothing on
    /// stdout, one line `lanes: …` on stderr containing every needle, and the database
    /// exactly as it was. Returns the stderr line.
    pub fn refuses(&self, args: &[&str], needles: &[&str]) -> String {
        let before = self.export();
        let line = refused(self.cmd().args(args), needles);
        assert_eq!(
            self.export(),
            before,
            "`lanes {}` changed the database although it was refused",
            args.join(" ")
        );
        line
    }
}

pub fn lanes_at(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lanes"));
    cmd.env_remove("LANES_DB")
        .env("LANES_NOW", NOW)
        .env("USER", "tester")
        .arg("--db")
        .arg(db);
    cmd
}

pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run lanes");
    assert!(
        out.status.success(),
        "{cmd:?} failed with {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// Runs a command that must fail as bad input; returns its one stderr line.
pub fn refused(cmd: &mut Command, needles: &[&str]) -> String {
    let out = cmd.output().expect("run lanes");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{cmd:?} should exit 2 (bad input); stderr: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{cmd:?} printed on stdout although it failed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let line = stderr
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("stderr should end with a newline: {stderr:?}"));
    assert!(
        !line.contains('\n'),
        "stderr should be one line, got: {stderr:?}"
    );
    assert!(
        line.starts_with("lanes: "),
        "stderr should start with `lanes: `: {line:?}"
    );
    for needle in needles {
        assert!(
            line.contains(needle),
            "stderr {line:?} should mention {needle:?}"
        );
    }
    line.to_owned()
}

pub fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not one JSON document ({e}): {text}"))
}

pub fn array(value: &Value) -> Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("expected a JSON array: {value}"))
        .clone()
}

pub fn ids(list: &Value) -> Vec<i64> {
    array(list)
        .iter()
        .map(|item| item["id"].as_i64().expect("item id"))
        .collect()
}

/// The decisions whose field is `field`, newest first.
pub fn decisions_of<'a>(decisions: &'a [Value], field: &str) -> Vec<&'a Value> {
    decisions.iter().filter(|d| d["field"] == field).collect()
}

/// The newest decision on `field` in a newest-first list.
pub fn newest(decisions: &[Value], field: &str) -> Value {
    decisions_of(decisions, field).first().map_or_else(
        || panic!("no decision on {field} in {decisions:?}"),
        |d| (*d).clone(),
    )
}

/// `"a b c"` as `["a", "b", "c"]`, for arguments without spaces.
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

pub fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a string: {value}"))
}

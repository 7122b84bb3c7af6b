//! What lanes says of a file it cannot use as a backlog: one sentence that names
//! what the file is, the right exit code, and the file left exactly as it was,
//! with nothing created beside it.

#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::bin::{lanes, run};

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `lanes --db DB ARGS` as a user without special rights: as root, which may
/// read and write anything, the command runs as `nobody` (from a copy of the
/// binary that `nobody` may run, wherever the build directory is).
fn run_unprivileged(db: &Path, args: &[&str]) -> Output {
    let bin_dir = tempfile::tempdir().unwrap();
    let mut cmd = if is_root() {
        let bin = bin_dir.path().join("lanes");
        std::fs::copy(lanes(), &bin).unwrap();
        for p in [bin.parent().unwrap(), bin.as_path()] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
            .arg(bin);
        c
    } else {
        Command::new(lanes())
    };
    cmd.arg("--db").arg(db).args(args).env_remove("LANES_DB");
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(text.lines().count(), 1, "one sentence: {text}");
    text
}

/// Every file in `dir`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A directory anyone may enter, so `nobody` can reach what is inside.
fn open_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    dir
}

/// A real backlog with one item, closed (its WAL checkpointed into the file).
fn backlog(path: &Path) {
    assert!(run(path, &["add", "a real item"]).status.success());
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o666)).unwrap();
}

#[test]
fn a_truncated_backlog_is_called_damaged_and_gets_nothing_beside_it() {
    let dir = open_dir();
    let good = dir.path().join("good.db");
    backlog(&good);
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let before = files(dir.path());
    let out = run(&cut, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("is a damaged lanes database"), "{text}");
    assert!(text.contains("integrity check failed"), "{text}");
    assert_eq!(std::fs::read(&cut).unwrap(), &bytes[..bytes.len() / 3]);
    assert_eq!(files(dir.path()), before);
}

#[test]
fn a_directory_is_called_a_directory() {
    let dir = open_dir();
    let out = run(dir.path(), &["list"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("is a directory, not a backlog file"),
        "{text}"
    );
    assert!(files(dir.path()).is_empty());
}

#[test]
fn a_backlog_nobody_may_read_is_called_unreadable_with_exit_1() {
    let dir = open_dir();
    let db = dir.path().join("secret.db");
    backlog(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut owner_only = run_unprivileged(&db, &["list"]);
    if !is_root() {
        // Without root, make the file unreadable to its owner instead.
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o000)).unwrap();
        owner_only = run_unprivileged(&db, &["list"]);
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    assert_eq!(owner_only.status.code(), Some(1));
    let text = stderr(&owner_only);
    assert!(
        text.contains("cannot read") && text.contains("permission denied"),
        "{text}"
    );
    assert_eq!(files(dir.path()), ["secret.db"]);
}

#[test]
fn a_backlog_in_a_read_only_directory_is_called_read_only_and_left_alone() {
    let dir = open_dir();
    let sub = dir.path().join("locked");
    std::fs::create_dir(&sub).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o777)).unwrap();
    let db = sub.join("b.db");
    backlog(&db);
    let bytes = std::fs::read(&db).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = run_unprivileged(&db, &["add", "never written"]);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("is read-only for lanes"), "{text}");
    assert!(text.contains("nothing was changed"), "{text}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(files(&sub), ["b.db"]);
}

#[test]
fn a_read_only_backlog_file_is_called_read_only_and_gets_nothing_beside_it() {
    let dir = open_dir();
    let db = dir.path().join("b.db");
    backlog(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run_unprivileged(&db, &["add", "never written"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is read-only for lanes"));
    assert_eq!(files(dir.path()), ["b.db"]);
}

#[test]
fn a_backlog_from_a_newer_lanes_is_refused_with_nothing_created_beside_it() {
    let dir = open_dir();
    let db = dir.path().join("b.db");
    backlog(&db);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let bytes = std::fs::read(&db).unwrap();
    let out = run(&db, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("was written by a newer lanes (schema version 999"));
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(files(dir.path()), ["b.db"]);
}

#[test]
fn another_programs_database_and_a_text_file_are_not_lanes_and_stay_untouched() {
    let dir = open_dir();
    let other = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE notes (text TEXT);")
            .unwrap();
    }
    let text_file = dir.path().join("notes.txt");
    std::fs::write(
        &text_file,
        "groceries: milk, eggs, bread, and a long list of other things\n",
    )
    .unwrap();
    let before = files(dir.path());
    for path in [&other, &text_file] {
        let bytes = std::fs::read(path).unwrap();
        let out = run(path, &["list"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("is not a lanes database; it was left untouched"));
        assert_eq!(std::fs::read(path).unwrap(), bytes);
    }
    assert_eq!(files(dir.path()), before);
}

#[test]
fn a_backlog_in_a_folder_that_does_not_exist_is_named_as_such_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no/such/folder/t.db");
    for args in [&["list"][..], &["add", "first"]] {
        let out = run(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let text = stderr(&out);
        assert!(text.contains("does not exist"), "{text}");
        assert!(!text.contains("read-only"), "{text}");
    }
    assert!(!dir.path().join("no").exists());
}

#[test]
fn damage_found_while_reading_is_called_damage_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    assert!(run(&db, &["demo"]).status.success());
    // Every page after the first few overwritten: the header still reads well.
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    for (i, b) in bytes[len / 4..].iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = run(&db, &["list", "--all"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("the backlog file is damaged"), "{text}");
    assert!(text.contains("changed nothing"), "{text}");
}

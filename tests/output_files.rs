//! Files written on request (`export -o`): never over the open backlog, never
//! half written.

mod common;

use common::cli::*;

#[test]
fn export_refuses_to_write_over_the_open_backlog_by_any_of_its_names() {
    let b = Backlog::new();
    b.add("Keep me", &[]);
    let db = b.db.display().to_string();
    let dotted = b.dir.path().join(".").join("t.db").display().to_string();
    let link = b.path("backup.json");
    std::os::unix::fs::symlink(&b.db, &link).unwrap();
    let link = link.display().to_string();
    let wal = format!("{db}-wal");
    let shm = format!("{db}-shm");
    let journal = format!("{db}-journal");
    // CSV and Markdown are written as they are read, through the same checks.
    for format in ["json", "csv", "md"] {
        for target in [&db, &dotted, &link, &wal, &shm, &journal] {
            b.refuses(
                &["export", "--format", format, "-o", target],
                &["is the open backlog", "nothing was written"],
            );
        }
    }
    // Still a backlog, with its item.
    assert_eq!(b.list_ids(&[]), [1]);
    assert!(!b.path("t.db-journal").exists());
}

#[test]
fn export_to_a_file_replaces_it_whole_and_leaves_no_temporary_file() {
    let b = Backlog::new();
    b.add("First", &[]);
    let out = b.path("backlog.json");
    std::fs::write(&out, "an older export").unwrap();
    b.ok(&["export", "-o", out.to_str().unwrap()]);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["items"][0]["title"], "First");
    for (format, name) in [("csv", "backlog.csv"), ("md", "backlog.md")] {
        let out = b.path(name);
        std::fs::write(&out, "an older export").unwrap();
        b.ok(&["export", "--format", format, "-o", out.to_str().unwrap()]);
        assert!(std::fs::read_to_string(&out).unwrap().contains("First"));
    }
    let mut names: Vec<String> = std::fs::read_dir(b.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("t.db"))
        .collect();
    names.sort();
    assert_eq!(names, ["backlog.csv", "backlog.json", "backlog.md"]);
}

#[test]
fn export_into_a_directory_that_does_not_exist_says_so_and_writes_nothing() {
    let b = Backlog::new();
    b.add("First", &[]);
    let out = b.path("no/such/dir/out.json");
    let assert = b
        .cmd()
        .args(["export", "-o", out.to_str().unwrap()])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(!b.path("no").exists());
}

//! The `lanes` binary run as a separate process on a database, as a script or a
//! second shell would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built binary under test.
pub fn lanes() -> PathBuf {
    assert_cmd::cargo::cargo_bin("lanes")
}

/// `lanes --db DB ARGS…`, without `LANES_DB` from the environment.
pub fn command(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(lanes());
    cmd.arg("--db").arg(db).args(args).env_remove("LANES_DB");
    cmd
}

/// Runs `lanes --db DB ARGS…` to the end.
pub fn run(db: &Path, args: &[&str]) -> Output {
    command(db, args).output().expect("run lanes")
}

/// Waits for each run and asserts that it succeeded; `context` names the round.
pub fn all_succeeded(runs: Vec<std::thread::JoinHandle<Output>>, context: &str) {
    for run in runs {
        let out = run.join().expect("the run's thread");
        assert!(
            out.status.success(),
            "{context}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

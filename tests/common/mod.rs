//! Helpers shared by the integration tests.

#![allow(clippy::unwrap_used, dead_code)]

pub mod bin;
pub mod cli;
pub mod history;
pub mod tui;

/// Whether a refused import into an empty backlog left its database file as
/// it was: byte for byte, but for the two counters in SQLite's file header
/// that count the times the file was written (bytes 24 to 27, and 92 to 95,
/// which follows them). Such an import switches the file to a rollback
/// journal while it writes, and back to WAL after; the switches move the
/// counters, and the rolled-back writing leaves every page, and the file's
/// size, as they were. Into a backlog with items, compare the bytes whole.
pub fn empty_backlog_unchanged(before: &[u8], after: &[u8]) -> bool {
    let counters = |i: usize| (24..28).contains(&i) || (92..96).contains(&i);
    before.len() == after.len()
        && before
            .iter()
            .zip(after)
            .enumerate()
            .all(|(i, (b, a))| b == a || counters(i))
}

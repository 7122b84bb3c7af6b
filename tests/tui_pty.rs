//! End-to-end tests of the TUI: the real `lanes` binary in a pseudo-terminal, keys
//! typed as bytes, the screen read back through a terminal emulator (`vt100`), and
//! the database checked afterwards with the CLI's `--json` output.
//!
//! Every wait is for text on the screen, with a generous timeout: these tests pin
//! behaviour, not speed.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use serde_json::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_lanes");
const NOW: &str = "2026-11-21T09:00:00Z";
const TIMEOUT: Duration = Duration::from_secs(10);

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
const UP: &str = "\x1b[A";
const CTRL_U: &str = "\x15";
const CTRL_R: &str = "\x12";

/// What the program asked the terminal to do besides drawing: a bell or a new
/// window title would mean text from the database reached the terminal raw.
#[derive(Default)]
struct Watch {
    bells: usize,
    titles: Vec<String>,
}

impl vt100::Callbacks for Watch {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.bells += 1;
    }

    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(String::from_utf8_lossy(name).into_owned());
    }
}

type Screen = Arc<Mutex<vt100::Parser<Watch>>>;
type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

/// The cursor position query (DSR 6), which crossterm sends at start-up.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// Feeds the program's output to the emulator and, like a real terminal, answers
/// cursor position queries. A query split across reads stays in `pending`.
fn emulate(screen: &Screen, writer: &Writer, pending: &mut Vec<u8>) {
    loop {
        if let Some(at) = pending
            .windows(CURSOR_QUERY.len())
            .position(|w| w == CURSOR_QUERY)
        {
            let (row, col) = {
                let mut parser = lock(screen);
                parser.process(&pending[..at]);
                parser.screen().cursor_position()
            };
            pending.drain(..at + CURSOR_QUERY.len());
            let mut w = lock(writer);
            let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
            let _ = w.flush();
        } else {
            // Keep a possible start of a query for the next read.
            let keep = (1..CURSOR_QUERY.len())
                .rev()
                .find(|&k| pending.ends_with(&CURSOR_QUERY[..k]))
                .unwrap_or(0);
            let upto = pending.len() - keep;
            lock(screen).process(&pending[..upto]);
            pending.drain(..upto);
            return;
        }
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size is never zero")
}

/// A scratch directory with a database path and a config directory.
struct Scratch {
    dir: TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("t.db")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// Writes `$XDG_CONFIG_HOME/lanes/keys.toml`.
    fn keys_toml(&self, text: &str) {
        let dir = self.config().join("lanes");
        std::fs::create_dir_all(&dir).expect("config dir");
        std::fs::write(dir.join("keys.toml"), text).expect("keys.toml");
    }

    /// Runs the CLI on this database and returns its JSON output.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "lanes {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "lanes {args:?} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    fn cli(&self, args: &[&str]) -> std::process::Output {
        Command::new(BIN)
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("LANES_NOW", NOW)
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("LANES_DB")
            .current_dir(self.dir.path())
            .output()
            .expect("run lanes")
    }

    /// Adds an item through the CLI; `extra` are more flags.
    fn add(&self, title: &str, extra: &[&str]) -> i64 {
        let mut args = vec!["add", title, "--json"];
        args.extend_from_slice(extra);
        self.json(&args)["id"].as_i64().expect("an id")
    }

    fn tui(&self) -> Tui {
        Tui::spawn(self, 120, 40, &[])
    }
}

/// The `lanes` TUI running in a pseudo-terminal.
struct Tui {
    screen: Screen,
    writer: Writer,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    reader: Option<thread::JoinHandle<()>>,
}

impl Tui {
    /// Starts lanes at `cols`×`rows` with `env` set besides the usual.
    fn spawn(scratch: &Scratch, cols: u16, rows: u16, env: &[(&str, &str)]) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--db");
        cmd.arg(scratch.db());
        cmd.cwd(scratch.dir.path());
        cmd.env("LANES_NOW", NOW);
        cmd.env("XDG_CONFIG_HOME", scratch.config());
        cmd.env("XDG_DATA_HOME", scratch.dir.path().join("data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env_remove("LANES_DB");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn lanes");
        // Only the child holds the slave now, so the reader sees EOF when it exits.
        drop(pair.slave);

        let screen: Screen = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            nz(rows),
            nz(cols),
            0,
            Watch::default(),
        )));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let sink = Arc::clone(&screen);
        let answer = Arc::clone(&writer);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut pending = Vec::new();
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        pending.extend_from_slice(&buf[..n]);
                        emulate(&sink, &answer, &mut pending);
                    }
                }
            }
        });
        Tui {
            screen,
            writer,
            child,
            master: pair.master,
            reader: Some(reader),
        }
    }

    /// Types `keys` (raw bytes, as a terminal would send them).
    fn send(&mut self, keys: &str) {
        let mut writer = lock(&self.writer);
        writer.write_all(keys.as_bytes()).expect("write to pty");
        writer.flush().expect("flush pty");
    }

    /// Sends a lone Esc and pauses, so the next key is not read as Alt+key.
    fn esc(&mut self) {
        self.send(ESC);
        thread::sleep(Duration::from_millis(100));
    }

    /// The screen as text: one line per row, trailing blanks trimmed. (vt100's own
    /// `contents()` joins rows it considers wrapped, which full-width rows are.)
    fn contents(&self) -> String {
        self.rows()
            .iter()
            .map(|r| r.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The screen's rows, as text.
    fn rows(&self) -> Vec<String> {
        let parser = lock(&self.screen);
        let (_, cols) = parser.screen().size();
        parser.screen().rows(0, cols.get()).collect()
    }

    /// Waits until the screen satisfies `ok`; fails with the screen printed.
    fn wait_until(&mut self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.contents();
            if ok(&text) {
                return text;
            }
            if start.elapsed() > TIMEOUT {
                let exited = self.child.try_wait().ok().flatten();
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}\n\
                     (lanes exited: {exited:?})\n\
                     ---- screen ----\n{text}\n----------------"
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen contains `text`.
    fn wait_for(&mut self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until the screen contains every one of `texts`.
    fn wait_for_all(&mut self, texts: &[&str]) -> String {
        self.wait_screen(texts, &[])
    }

    /// Waits until the screen shows every one of `has` and none of `lacks`. (A frame
    /// can arrive in several reads, so "gone" is waited for too, never checked once.)
    fn wait_screen(&mut self, has: &[&str], lacks: &[&str]) -> String {
        self.wait_until(&format!("{has:?} without {lacks:?}"), |s| {
            has.iter().all(|t| s.contains(t)) && !lacks.iter().any(|t| s.contains(t))
        })
    }

    /// Resizes the terminal, as a user dragging the window would.
    fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first, so whatever is drawn for the new size lands right.
        lock(&self.screen).screen_mut().set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Waits for the process to end (after `q`) and for the last of its output to
    /// reach the screen, and returns its exit code.
    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        let code = loop {
            if let Some(status) = self.child.try_wait().expect("poll lanes") {
                break status.exit_code();
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "lanes did not exit within {TIMEOUT:?}; screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(20));
        };
        if let Some(reader) = self.reader.take() {
            while !reader.is_finished() {
                assert!(
                    start.elapsed() < TIMEOUT,
                    "the pty stayed open after lanes exited"
                );
                thread::sleep(Duration::from_millis(20));
            }
            reader.join().expect("the reader thread");
        }
        code
    }

    /// Quits with `q` and checks the exit code and that the terminal was put back:
    /// main screen, cursor shown, no mouse reporting.
    fn quit_cleanly(&mut self) {
        let code = self.quit();
        let screen = self.contents();
        assert_eq!(code, 0, "q exits 0; screen:\n{screen}");
        self.assert_restored("q");
    }

    /// `q`, then the exit code.
    fn quit(&mut self) -> u32 {
        self.send("q");
        self.wait_exit()
    }

    /// Sends `signal` to lanes, as `kill` from another shell would.
    fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = self.child.process_id().expect("a process id");
        let pid = nix::unistd::Pid::from_raw(i32::try_from(pid).expect("a pid"));
        nix::sys::signal::kill(pid, signal).expect("send the signal");
    }

    /// True when the terminal is back in cooked mode: lines edited and echoed,
    /// Ctrl-C an interrupt (raw mode turns all three off).
    fn cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let termios = self.master.get_termios().expect("the pty's settings");
        termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO | LocalFlags::ISIG)
    }

    /// Checks the terminal was put back: main screen, cursor shown, no mouse
    /// reporting, cooked mode.
    fn assert_restored(&self, how: &str) {
        let parser = lock(&self.screen);
        let term = parser.screen();
        assert!(!term.alternate_screen(), "{how}: left the alternate screen");
        assert!(!term.hide_cursor(), "{how}: the cursor is shown again");
        assert_eq!(
            term.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{how}: mouse reporting is off"
        );
        drop(parser);
        assert!(self.cooked(), "{how}: raw mode is off");
    }

    fn bells(&self) -> usize {
        lock(&self.screen).callbacks().bells
    }

    fn titles(&self) -> Vec<String> {
        lock(&self.screen).callbacks().titles.clone()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A poisoned lock only means another assertion already failed; the screen is
/// still worth reading.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The ids in the first `n` rows of the list view's table, top to bottom.
fn list_ids(tui: &Tui, n: usize) -> Vec<i64> {
    let rows = tui.rows();
    let header = rows
        .iter()
        .position(|r| r.starts_with("ID "))
        .expect("the list's header row");
    rows[header + 1..]
        .iter()
        .map_while(|r| r.strip_prefix('#'))
        .take(n)
        .map(|r| {
            r.split_whitespace()
                .next()
                .and_then(|id| id.parse().ok())
                .expect("an id in the first column")
        })
        .collect()
}

/// The text of the list table's column `name` (as the header spells it) in every row.
fn list_column(tui: &Tui, name: &str) -> Vec<String> {
    let rows = tui.rows();
    let header = rows
        .iter()
        .position(|r| r.starts_with("ID "))
        .expect("the list's header row");
    let head: Vec<char> = rows[header].chars().collect();
    let start = rows[header]
        .find(name)
        .map(|byte| rows[header][..byte].chars().count())
        .expect("the column in the header");
    let width = head[start..]
        .iter()
        .skip(name.chars().count())
        .take_while(|c| **c == ' ' || **c == '▼' || **c == '▲')
        .count()
        + name.chars().count();
    rows[header + 1..]
        .iter()
        .take_while(|r| r.starts_with('#'))
        .map(|r| {
            r.chars()
                .skip(start)
                .take(width)
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

fn ids(items: &Value) -> Vec<i64> {
    items
        .as_array()
        .expect("an array")
        .iter()
        .map(|i| i["id"].as_i64().expect("an id"))
        .collect()
}

fn whys(decisions: &Value) -> Vec<String> {
    decisions
        .as_array()
        .expect("an array of decisions")
        .iter()
        .map(|d| d["why"].as_str().unwrap_or_default().to_string())
        .collect()
}

// ---------------------------------------------------------------------------

#[test]
fn first_item_from_the_welcome_screen_scored_moved_undone_and_explained() {
    let s = Scratch::new();
    let mut tui = s.tui();
    tui.wait_for_all(&[
        "add the first item",
        "import a file",
        "load the demo backlog",
    ]);

    // Add the first item through the form.
    tui.send("a");
    tui.wait_for("Add an item");
    tui.send("Checkout fails on Safari");
    for field in ["hotfix", "5", "13", "3", "2", "S2"] {
        tui.send(TAB);
        tui.send(field);
    }
    tui.wait_for("severity S2");
    tui.send(ENTER);
    tui.wait_for("reason (optional; Enter saves");
    tui.send("customers cannot pay");
    tui.send(ENTER);
    let screen =
        tui.wait_for("done: add \"Checkout fails on Safari\" — #1 todo, score 10.5, now in hotfix");
    assert!(screen.contains("Hot fix 1   Stability 0"), "{screen}");
    assert!(screen.contains("#1 10.5 now S2"), "{screen}");

    // Score it: value 8 completes at once, then the reason.
    tui.send("v");
    tui.wait_for("#1 value (1 2 3 5 8 13 20");
    tui.send("8");
    tui.wait_for("#1: value 8 — reason (optional");
    tui.send("worth more");
    tui.send(ENTER);
    tui.wait_for_all(&["done: #1: value 8", "#1 12.0 now S2"]);

    // Move it to stability.
    tui.send("m");
    tui.wait_for("[s] stability");
    tui.send("s");
    tui.wait_for("#1: lane stability — reason (optional");
    tui.send("it is a stability issue");
    tui.send(ENTER);
    tui.wait_for_all(&["done: #1: lane stability", "Hot fix 0   Stability 1"]);

    // Undo puts it back in hot fix and says so.
    tui.send("u");
    tui.wait_for_all(&[
        "undid action #3: #1 lane stability → hotfix",
        "Hot fix 1   Stability 0",
    ]);

    // The detail explains the score and lists the decisions with their reasons.
    tui.send(ENTER);
    let detail = tui.wait_for("Why this score");
    for text in [
        "#1 Checkout fails on Safari",
        "lane  hotfix",
        "score 12.0 = (1.0 × value 8 + 1.0 × impact 13 + 1.0 × risk 3) / effort 2",
        "Why this horizon",
        "severity S2 → now",
        "lane: hotfix → stability — it is a stability issue",
    ] {
        assert!(detail.contains(text), "detail lacks {text:?}:\n{detail}");
    }
    tui.esc();
    tui.wait_for("Board · ? help");

    // Redo and undo again: the board follows each step.
    tui.send(CTRL_R);
    tui.wait_for("Hot fix 0   Stability 1");
    tui.send("u");
    tui.wait_for("Hot fix 1   Stability 0");

    // A second item, in another lane, for the search to leave out.
    // On the board the form's lane starts as the selected column: the item's.
    tui.send("a");
    tui.wait_for_all(&["Add an item", "lane hotfix"]);
    tui.send("Nightly export is slow");
    tui.send(TAB);
    tui.send(CTRL_U);
    tui.send("feature");
    tui.wait_for("lane feature");
    tui.send(ENTER);
    tui.wait_for("reason (optional; Enter saves");
    tui.send(ENTER);
    tui.wait_for_all(&["done: add \"Nightly export is slow\"", "Feature 1"]);

    // Incremental search: typing filters live; Enter keeps it; Esc clears it.
    tui.send("/");
    tui.send("Safari");
    tui.wait_screen(
        &["/ Safari", "1 shown", "Checkout fails on Safari"],
        &["Nightly export is slow"],
    );
    tui.send(ENTER);
    tui.wait_screen(
        &["1 matching \"Safari\"", "Checkout fails on Safari"],
        &["Nightly export is slow"],
    );
    tui.esc();
    tui.wait_for_all(&["search and filter cleared", "Nightly export is slow"]);

    tui.quit_cleanly();

    let item = s.json(&["show", "1", "--json"]);
    assert_eq!(item["title"], "Checkout fails on Safari");
    assert_eq!(item["lane"], "hotfix");
    assert_eq!(item["value"], 8);
    assert_eq!(item["impact"], 13);
    assert_eq!(item["risk"], 3);
    assert_eq!(item["effort"], 2);
    assert_eq!(item["severity"], "S2");
    assert_eq!(item["horizon"], "now");
    let log = whys(&s.json(&["log", "--json"]));
    for why in [
        "customers cannot pay",
        "worth more",
        "it is a stability issue",
    ] {
        assert!(
            log.iter().any(|w| w == why),
            "no decision says {why:?}: {log:?}"
        );
    }
    assert_eq!(ids(&s.json(&["list", "--json"])), vec![1, 2]);
}

#[test]
fn demo_backlog_in_the_list_view_is_in_rank_order_and_sorts() {
    let s = Scratch::new();
    let mut tui = s.tui();
    tui.wait_for("load the demo backlog");
    tui.send("d");
    tui.wait_for("loaded the demo backlog");

    tui.send("L");
    // The footer is the last row drawn: once it is there, so is the table.
    tui.wait_for_all(&["List · ? help", "TITLE (rank order)", "o sort"]);
    let ranked = ids(&s.json(&["list", "--json"]));
    assert!(ranked.len() > 20, "the demo has a real backlog");
    assert_eq!(list_ids(&tui, 20), ranked[..20], "list view in rank order");

    // `o` sorts by the next column (score first); the header marks it.
    tui.send("os");
    tui.wait_for_all(&["SCORE▼", "sorted by score"]);
    let scores: Vec<f64> = list_column(&tui, "SCORE")
        .iter()
        .map_while(|s| s.parse().ok())
        .collect();
    assert!(scores.len() > 10, "scores on screen: {scores:?}");
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "highest score first: {scores:?}"
    );
    assert_ne!(
        list_ids(&tui, 20),
        ranked[..20],
        "sorting changed the order"
    );

    // `O` goes back to rank order.
    tui.send("O");
    tui.wait_screen(&["TITLE (rank order)", "back in rank order"], &["▼", "▲"]);
    assert_eq!(list_ids(&tui, 20), ranked[..20]);
    tui.quit_cleanly();
}

#[test]
fn sorting_by_severity_marks_the_severity_column() {
    let s = Scratch::new();
    let mut tui = s.tui();
    tui.wait_for("load the demo backlog");
    tui.send("d");
    tui.wait_for("loaded the demo backlog");
    tui.send("L");
    tui.wait_for("TITLE (rank order)");
    tui.send("os");
    tui.wait_for("sorted by score");
    tui.send("ov");
    let screen = tui.wait_for("sorted by severity");
    assert!(
        screen.contains("SEV▲"),
        "the header should mark the sorted column:\n{screen}"
    );
}

#[test]
fn the_add_form_refuses_bad_input_and_esc_adds_nothing() {
    let s = Scratch::new();
    let mut tui = s.tui();
    tui.wait_for("add the first item");
    tui.send("a");
    tui.wait_for("Add an item");

    // No title.
    tui.send(ENTER);
    tui.wait_for_all(&["✗ the title is required", "Add an item"]);

    // A value off the scale: the message names the allowed values.
    tui.send("Some title");
    tui.send(TAB);
    tui.send(TAB);
    tui.send("4");
    tui.send(ENTER);
    // The form stays open with what was typed.
    tui.wait_for_all(&[
        "✗ value must be one of 1, 2, 3, 5, 8, 13, 20, not 4",
        "Add an item",
        "title Some title",
    ]);

    // Fix the value; then an unknown lane.
    tui.send(CTRL_U);
    tui.send("5");
    tui.wait_for("value 5");
    tui.send(UP);
    tui.send("moon");
    tui.send(ENTER);
    tui.wait_for_all(&[
        "✗ unknown lane 'moon': use hotfix, stability, feature, bet or inbox",
        "Add an item",
        "value 5",
    ]);

    // Esc cancels; nothing was written.
    tui.esc();
    tui.wait_screen(
        &["cancelled; nothing changed", "add the first item"],
        &["Add an item"],
    );
    tui.quit_cleanly();

    assert_eq!(s.json(&["list", "--all", "--json"]), serde_json::json!([]));
    assert_eq!(s.json(&["log", "--json"]), serde_json::json!([]));
}

#[test]
fn declining_needs_a_reason_and_takes_the_item_off_the_board() {
    let s = Scratch::new();
    s.add("Old idea", &["--lane", "hotfix"]);
    s.add("Keep me", &["--lane", "hotfix"]);
    let mut tui = s.tui();
    tui.wait_for_all(&["Old idea", "Keep me", "Hot fix 2"]);

    tui.send("x");
    tui.wait_for("decline #1 — reason (required; Esc cancels):");
    tui.send(ENTER);
    tui.wait_for("a reason is required");
    tui.send("superseded by #2");
    tui.send(ENTER);
    tui.wait_screen(&["done: decline #1", "Keep me", "Hot fix 1"], &["Old idea"]);
    tui.quit_cleanly();

    let item = s.json(&["show", "1", "--json"]);
    assert_eq!(item["status"], "declined");
    assert!(
        whys(&item["decisions"])
            .iter()
            .any(|w| w == "superseded by #2"),
        "{item}"
    );
    assert_eq!(ids(&s.json(&["list", "--json"])), vec![2]);
}

#[test]
fn a_terminal_too_small_says_so_and_the_board_comes_back() {
    let s = Scratch::new();
    s.add("Checkout fails on Safari", &["--lane", "hotfix"]);
    let mut tui = s.tui();
    tui.wait_for_all(&["Board · ? help", "Checkout fails on Safari"]);

    tui.resize(50, 10);
    tui.wait_screen(&["terminal too small"], &["Checkout fails"]);

    tui.resize(120, 40);
    tui.wait_screen(
        &["Board · ? help", "Checkout fails on Safari", "Hot fix 1"],
        &["terminal too small"],
    );
    tui.quit_cleanly();
}

#[test]
fn keys_toml_rebinds_down() {
    let s = Scratch::new();
    s.add("First item", &["--lane", "hotfix"]);
    s.add("Second item", &["--lane", "hotfix"]);
    s.keys_toml("[global]\ndown = \"n\"\n");
    let mut tui = s.tui();
    // A good file gives no error, only a word that unblock lost its key to it.
    tui.wait_screen(
        &[
            "First item",
            "Second item",
            "unblock has no key in global now: n is bound to down",
        ],
        &["✗"],
    );

    tui.send("n");
    tui.send(ENTER);
    tui.wait_for("#2 Second item ─");
    tui.esc();
    tui.wait_for("Board · ? help");

    // `j` is no longer "down": the selection stays on the first item.
    tui.send("g");
    tui.send("j");
    tui.send(ENTER);
    tui.wait_for("#1 First item ─");
    tui.esc();
    tui.wait_for("Board · ? help");

    // The help overlay shows the binding in force.
    tui.send("?");
    let help = tui.wait_for("move down");
    let keys: Vec<&str> = help
        .lines()
        .flat_map(|l| l.split('│'))
        .find_map(|cell| cell.trim_end().strip_suffix("move down  (down)"))
        .map_or_else(
            || panic!("a help line for down:\n{help}"),
            |keys| keys.split_whitespace().collect(),
        );
    assert_eq!(keys, ["n"], "help shows the keys in force:\n{help}");
    // Any key closes it.
    tui.send(" ");
    tui.wait_until("the help to close", |s| !s.contains("move down"));
    tui.quit_cleanly();
}

#[test]
fn a_bad_keys_toml_names_the_line_and_the_defaults_work() {
    let s = Scratch::new();
    s.add("First item", &["--lane", "hotfix"]);
    s.add("Second item", &["--lane", "hotfix"]);
    s.keys_toml("[global]\nfly = \"f\"\n");
    let mut tui = s.tui();
    let screen = tui.wait_for_all(&["line 2", "unknown action 'fly'"]);
    assert!(screen.contains("keys.toml"), "the message names the file");

    tui.send("j");
    tui.send(ENTER);
    tui.wait_for("#2 Second item ─");
    tui.quit_cleanly();
}

#[test]
fn without_a_terminal_lanes_exits_2_with_one_sentence_and_creates_nothing() {
    let s = Scratch::new();
    let out = Command::new(BIN)
        .arg("--db")
        .arg(s.db())
        .env("LANES_NOW", NOW)
        .env("XDG_CONFIG_HOME", s.config())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run lanes");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.contains("needs a terminal"), "{stderr:?}");
    assert!(!s.db().exists(), "no database file was created");
}

#[test]
fn control_characters_from_the_database_are_shown_escaped() {
    let s = Scratch::new();
    // Titles refuse control characters outright…
    let out = s.cli(&["add", "bad\x1b[2Jtitle"]);
    assert_eq!(out.status.code(), Some(2));
    // …descriptions keep them, a backlog written by an older lanes may hold them
    // anywhere, and the TUI must not emit them.
    s.add(
        "Evil text",
        &[
            "--lane",
            "hotfix",
            "--description",
            "before\x1b[2J\x1b[31mRED\x07bell after",
        ],
    );
    rusqlite::Connection::open(s.db())
        .expect("open the backlog")
        .execute("UPDATE items SET owner = 'eve\x1b]2;pwned\x07'", [])
        .expect("an owner as an older lanes stored it");
    let mut tui = s.tui();
    tui.wait_for("Evil text");
    tui.send(ENTER);
    let screen = tui.wait_for_all(&[
        "before\\u{1b}[2J\\u{1b}[31mRED\\u{7}bell after",
        "eve\\u{1b}]2;pwned\\u{7}",
    ]);

    let rows = tui.rows();
    assert!(rows[0].contains("lanes"), "header intact:\n{screen}");
    assert!(
        rows[3].contains("#1 Evil text"),
        "detail title intact:\n{screen}"
    );
    assert!(screen.contains("Why this score"), "{screen}");
    assert_eq!(tui.bells(), 0, "no bell reached the terminal");
    assert_eq!(
        tui.titles(),
        Vec::<String>::new(),
        "no window title was set"
    );
    {
        // The text after the escaped `\e[31m` is not red: no colour leaked.
        let parser = lock(&tui.screen);
        let row = rows
            .iter()
            .position(|r| r.contains("RED\\u{7}"))
            .expect("the description row");
        let col = rows[row]
            .find("RED\\u{7}")
            .map(|b| rows[row][..b].chars().count())
            .expect("the column");
        let cell = parser
            .screen()
            .cell(row as u16, col as u16)
            .expect("a cell");
        assert_eq!(cell.contents(), "R");
        assert_eq!(cell.fgcolor(), vt100::Color::Default);
    }
    tui.esc();
    tui.wait_for("Board · ? help");
    tui.quit_cleanly();
    assert_eq!(tui.bells(), 0, "no bell reached the terminal");
    assert_eq!(
        tui.titles(),
        Vec::<String>::new(),
        "no window title was set"
    );
}

#[test]
fn a_signal_to_stop_puts_the_terminal_back_and_exits_128_plus_its_number() {
    use nix::sys::signal::Signal;
    let s = Scratch::new();
    s.add("Checkout fails on Safari", &["--lane", "hotfix"]);
    for signal in [
        Signal::SIGTERM,
        Signal::SIGHUP,
        Signal::SIGINT,
        Signal::SIGQUIT,
    ] {
        let mut tui = s.tui();
        tui.wait_for_all(&["Board · ? help", "Checkout fails on Safari"]);
        assert!(!tui.cooked(), "raw mode while the board is up");
        tui.signal(signal);
        let code = tui.wait_exit();
        assert_eq!(code, 128 + signal as u32, "{signal}");
        tui.assert_restored(signal.as_str());
    }
    // Nothing was lost or left half written.
    assert_eq!(ids(&s.json(&["list", "--json"])), vec![1]);
}

/// An `$EDITOR` that notes the file it was given (its `ls -l` line and its
/// path) beside itself, then writes `text` into it.
fn recording_editor(s: &Scratch, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = s.dir.path().join("editor");
    std::fs::write(
        &path,
        format!("#!/bin/sh\nls -l \"$1\" >> \"$0.seen\"\necho \"$1\" >> \"$0.seen\"\nprintf '%s' '{text}' > \"$1\"\n"),
    )
    .expect("write the editor");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

#[test]
fn the_editor_gets_a_private_file_with_a_random_name_that_is_gone_after() {
    let s = Scratch::new();
    s.add("Checkout fails on Safari", &["--lane", "hotfix"]);
    let tmp = s.dir.path().join("tmp");
    std::fs::create_dir(&tmp).expect("tmp dir");
    let editor = recording_editor(&s, "Steps: pay with a saved card");
    let mut tui = Tui::spawn(
        &s,
        120,
        40,
        &[
            ("TMPDIR", tmp.to_str().expect("UTF-8")),
            ("EDITOR", editor.to_str().expect("UTF-8")),
            ("VISUAL", ""),
        ],
    );
    tui.wait_for("Checkout fails on Safari");
    for round in 0..2 {
        tui.send("E");
        tui.wait_for(if round == 0 {
            "description — reason"
        } else {
            "description unchanged"
        });
        if round == 0 {
            tui.send(ENTER);
            tui.wait_for("done: #1: description");
        }
    }
    tui.quit_cleanly();

    let item = s.json(&["show", "1", "--json"]);
    assert_eq!(item["description"], "Steps: pay with a saved card");
    let seen = std::fs::read_to_string(s.dir.path().join("editor.seen")).expect("the editor ran");
    let lines: Vec<&str> = seen.lines().collect();
    assert_eq!(lines.len(), 4, "two edits, two lines each: {seen}");
    let names: Vec<&str> = [lines[1], lines[3]].to_vec();
    for (ls, name) in [(lines[0], lines[1]), (lines[2], lines[3])] {
        assert!(
            ls.starts_with("-rw------- "),
            "only its owner may read it: {ls}"
        );
        let file = std::path::Path::new(name);
        assert_eq!(file.parent(), Some(tmp.as_path()), "in TMPDIR: {name}");
        let base = file.file_name().and_then(|n| n.to_str()).expect("a name");
        assert!(
            base.starts_with("lanes-") && file.extension().is_some_and(|e| e == "md"),
            "{base}"
        );
        assert!(!file.exists(), "removed after: {name}");
    }
    assert_ne!(names[0], names[1], "a new random name each time");
    assert_eq!(
        std::fs::read_dir(&tmp).expect("tmp").count(),
        0,
        "nothing left in TMPDIR"
    );
}

#[test]
fn an_unusable_tmpdir_is_a_message_and_the_board_stays() {
    let s = Scratch::new();
    s.add("Checkout fails on Safari", &["--lane", "hotfix"]);
    let missing = s.dir.path().join("no-such-dir");
    let editor = recording_editor(&s, "never written");
    let mut tui = Tui::spawn(
        &s,
        160,
        40,
        &[
            ("TMPDIR", missing.to_str().expect("UTF-8")),
            ("EDITOR", editor.to_str().expect("UTF-8")),
            ("VISUAL", ""),
        ],
    );
    tui.wait_for("Checkout fails on Safari");
    tui.send("E");
    tui.wait_for("cannot make a file for the editor in");
    // Still running: the board answers.
    tui.send(ENTER);
    tui.wait_for("#1 Checkout fails on Safari ─");
    tui.esc();
    tui.wait_for("Board · ? help");
    tui.quit_cleanly();
    assert!(
        !s.dir.path().join("editor.seen").exists(),
        "the editor never ran"
    );
    assert_eq!(s.json(&["show", "1", "--json"])["description"], Value::Null);
}

#[test]
fn a_decline_in_another_shell_then_m_b_in_the_tui_moves_nothing() {
    let s = Scratch::new();
    let id = s.add("Checkout fails on Safari", &["--lane", "hotfix"]);
    s.add("Search is slow", &["--lane", "hotfix"]);
    let mut tui = s.tui();
    tui.wait_for_all(&["Checkout fails on Safari", "Search is slow"]);
    // Another shell, another process.
    s.json(&[
        "decline",
        &id.to_string(),
        "--why",
        "same as the payment outage",
        "--as",
        "bob",
        "--json",
    ]);
    tui.send("m");
    tui.send("b");
    tui.wait_for_all(&[
        &format!("#{id} changed elsewhere by bob; nothing applied"),
        "status todo → declined",
    ]);
    // The detail shows it as it is now.
    tui.wait_for_all(&[&format!("#{id} Checkout fails on Safari ─"), "declined"]);
    let item = s.json(&["show", &id.to_string(), "--json"]);
    assert_eq!(item["lane"], "hotfix", "not moved");
    assert_eq!(item["status"], "declined");
    tui.quit_cleanly();
}

#[test]
fn a_terminal_that_never_answers_after_raw_mode_is_put_back_and_lanes_exits_1() {
    use nix::sys::termios::LocalFlags;
    let s = Scratch::new();
    s.add("Checkout fails on Safari", &["--lane", "hotfix"]);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let tty = pair.master.tty_name().expect("the pty's name");
    // Input from the terminal, so raw mode goes on; output to the same
    // terminal opened read-only, so nothing drawn arrives and nobody answers
    // the cursor position query: the start fails after raw mode is on.
    let input = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&tty)
        .expect("open the pty to read");
    let output = std::fs::File::open(&tty).expect("open the pty read-only");
    let out = Command::new(BIN)
        .arg("--db")
        .arg(s.db())
        .env("LANES_NOW", NOW)
        .env("XDG_CONFIG_HOME", s.config())
        .env("TERM", "xterm-256color")
        .stdin(input)
        .stdout(output)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run lanes");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a terminal error is not bad input"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("terminal error"), "{stderr}");
    let termios = pair.master.get_termios().expect("the pty's settings");
    assert!(
        termios
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO | LocalFlags::ISIG),
        "raw mode is off again"
    );
}

#[test]
fn three_inbox_items_walked_through_refinement_with_the_score_card_are_one_action_each() {
    let s = Scratch::new();
    let first = s.add("Checkout times out under load", &[]);
    let second = s.add("Dark mode for the storefront", &[]);
    let third = s.add("A marketplace for themes", &[]);
    let mut tui = s.tui();
    tui.wait_for("Inbox 3");
    tui.send("R");
    tui.wait_for_all(&["Refinement · 1 of 3", "Checkout times out under load"]);

    // Stability; value 8, impact 5, risk 3, effort 1 (Enter completes the 1).
    tui.send("2");
    tui.wait_for("Score card");
    tui.send("8531");
    tui.send(ENTER);
    tui.wait_for("reason (optional");
    tui.send("times out every Friday");
    tui.send(ENTER);
    tui.wait_for_all(&["Refinement · 2 of 3", "Dark mode for the storefront"]);

    // Feature; value 20, impact 13, risk 5, effort 2.
    tui.send("3");
    tui.wait_for("Score card");
    tui.send("2013522");
    tui.wait_for("reason (optional");
    tui.send("asked for in every interview");
    tui.send(ENTER);
    tui.wait_for_all(&["Refinement · 3 of 3", "A marketplace for themes"]);

    // Bet; value 5, impact 8, risk 2 — the 3 after it completes the 2 and is
    // the effort.
    tui.send("4");
    tui.wait_for("Score card");
    tui.send("5823");
    tui.wait_for("reason (optional");
    tui.send("the quarter's bet");
    tui.send(ENTER);
    tui.wait_for("that was the last item");
    tui.send("q");
    tui.wait_for("Refinement session summary");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    for (id, lane, scores, why) in [
        (first, "stability", [8, 5, 3, 1], "times out every Friday"),
        (
            second,
            "feature",
            [20, 13, 5, 2],
            "asked for in every interview",
        ),
        (third, "bet", [5, 8, 2, 3], "the quarter's bet"),
    ] {
        let item = s.json(&["show", &id.to_string(), "--json"]);
        assert_eq!(item["lane"], lane, "#{id}");
        let got: Vec<i64> = ["value", "impact", "risk", "effort"]
            .iter()
            .map(|f| item[f].as_i64().unwrap_or_default())
            .collect();
        assert_eq!(got, scores, "#{id}");
        // Everything after its creation is one action, with the reason on
        // every decision (a horizon moved by triage carries triage's own).
        let decisions = item["decisions"].as_array().expect("decisions");
        let created = decisions
            .iter()
            .find(|d| d["field"] == "created")
            .map(|d| d["action"].clone());
        let visit: Vec<&Value> = decisions
            .iter()
            .filter(|d| Some(&d["action"]) != created.as_ref())
            .collect();
        let actions: std::collections::BTreeSet<i64> = visit
            .iter()
            .map(|d| d["action"].as_i64().unwrap_or(0))
            .collect();
        assert_eq!(actions.len(), 1, "one action for #{id}: {visit:?}");
        let fields: Vec<&str> = visit.iter().filter_map(|d| d["field"].as_str()).collect();
        for f in ["lane", "value", "impact", "risk", "effort"] {
            assert!(fields.contains(&f), "#{id} {f}: {fields:?}");
        }
        for d in visit.iter().filter(|d| d["field"] != "horizon") {
            assert_eq!(d["why"], why, "#{id}: {d}");
        }
    }
}

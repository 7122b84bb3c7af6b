//! The terminal: raw mode, the alternate screen, mouse capture, and putting all
//! of it back on every way out (quitting, an error, a panic, a signal); the
//! event loop; suspending for `$EDITOR`.

use std::io::{self, Stdout};
use std::time::Duration;

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::Terminal;

use super::app::{Model, Msg};
use super::{views, Session};
use crate::store::Store;

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, the alternate screen and (with `mouse`) mouse capture. When a step
/// fails, what was done is undone before the error is returned.
fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let rest = execute!(io::stdout(), EnterAlternateScreen).and_then(|()| {
        if mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        Ok(())
    });
    if rest.is_err() {
        leave();
    }
    rest
}

/// Puts the terminal back when dropped: on every way out of `run`, an early
/// error or a panic unwinding included.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        leave();
    }
}

/// The signals that ask a program to stop: hang-up, interrupt, quit, terminate.
const STOP: [i32; 4] = [
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGTERM,
];

/// Waits on a thread for a signal that asks lanes to stop (the event loop
/// blocks on input and cannot hear one); on the first, puts the terminal back
/// and exits with 128 + the signal's number, as a shell reports a program
/// ended by it. Every change is one committed transaction, so there is nothing
/// to save; SQLite rolls back one cut short. Returns the handle that stops the
/// watch when the TUI ends by itself.
fn watch_signals() -> io::Result<signal_hook::iterator::Handle> {
    let mut signals = signal_hook::iterator::Signals::new(STOP)?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // Holding stdout keeps the loop from drawing again once the
            // terminal is back.
            let _out = io::stdout().lock();
            leave();
            std::process::exit(128 + signal);
        }
    });
    Ok(handle)
}

/// Puts the terminal back as it was. Safe to call more than once.
fn leave() {
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal before the panic message is printed, then hands over to
/// the hook that was there before.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

/// Runs the TUI until the user quits.
pub fn run(store: &mut Store, session: &Session, mut model: Model) -> io::Result<()> {
    install_panic_hook();
    let signals = watch_signals()?;
    let _restore = Restore;
    enter(session.mouse)?;
    let result = (|| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        terminal.clear()?;
        let size = terminal.size()?;
        model.width = size.width;
        model.height = size.height;
        dispatch(
            &mut terminal,
            store,
            session,
            &mut model,
            Msg::Resize {
                width: size.width,
                height: size.height,
            },
        )?;
        event_loop(&mut terminal, store, session, &mut model)
    })();
    signals.close();
    result
}

fn event_loop(
    terminal: &mut Term,
    store: &mut Store,
    session: &Session,
    model: &mut Model,
) -> io::Result<()> {
    let mut first = true;
    loop {
        terminal.draw(|f| views::render(model, f))?;
        if model.quit {
            return Ok(());
        }
        if std::mem::take(&mut first) && !model.data.cards.is_empty() {
            // Read the search text while the user looks at the first frame, so
            // the first `/` answers at once.
            dispatch(terminal, store, session, model, Msg::Warm)?;
        }
        // Block until something happens, then take everything already queued
        // before drawing again.
        let mut events = vec![event::read()?];
        while event::poll(Duration::ZERO)? {
            events.push(event::read()?);
        }
        for e in events {
            if let Some(msg) = to_msg(&e) {
                dispatch(terminal, store, session, model, msg)?;
            }
            if model.quit {
                break;
            }
        }
    }
}

fn to_msg(e: &Event) -> Option<Msg> {
    match e {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Msg::Key(*k)),
        Event::Resize(width, height) => Some(Msg::Resize {
            width: *width,
            height: *height,
        }),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Msg::Wheel { down: true }),
            MouseEventKind::ScrollUp => Some(Msg::Wheel { down: false }),
            _ => None,
        },
        _ => None,
    }
}

fn dispatch(
    terminal: &mut Term,
    store: &mut Store,
    session: &Session,
    model: &mut Model,
    msg: Msg,
) -> io::Result<()> {
    let mut host = TerminalHost {
        terminal,
        session,
        failure: None,
    };
    super::dispatch(store, session, model, msg, &mut host);
    host.failure.map_or(Ok(()), Err)
}

/// The terminal, for what `dispatch` needs of it; the first failure is kept.
struct TerminalHost<'a> {
    terminal: &'a mut Term,
    session: &'a Session,
    failure: Option<io::Error>,
}

impl super::Host for &mut TerminalHost<'_> {
    fn describe(&mut self, store: &Store, id: i64) -> Msg {
        match describe(self.terminal, store, self.session, id) {
            Ok(msg) => msg,
            Err(e) => {
                let text = format!("terminal error: {e}");
                self.failure = Some(e);
                Msg::Failed(text)
            }
        }
    }

    fn working(&mut self, model: &Model) {
        if let Err(e) = self.terminal.draw(|f| views::render(model, f)) {
            self.failure.get_or_insert(e);
        }
    }
}

/// The description in a new file for the editor: a random name in the
/// temporary directory, created only if no file has that name (so nobody can
/// put a link there first), readable and writable by this user alone, and
/// removed when dropped.
fn editor_file(text: &str) -> io::Result<tempfile::NamedTempFile> {
    use std::io::Write as _;
    let mut file = tempfile::Builder::new()
        .prefix("lanes-")
        .suffix(".md")
        .tempfile()?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    Ok(file)
}

/// Suspends the TUI, edits the description in `$VISUAL`/`$EDITOR` (else `vi`),
/// and resumes.
fn describe(terminal: &mut Term, store: &Store, session: &Session, id: i64) -> io::Result<Msg> {
    let item = match store.item(id) {
        Ok(item) => item,
        Err(e) => return Ok(Msg::Failed(e.to_string())),
    };
    let before = item.description.clone().unwrap_or_default();
    // Anything that goes wrong before the editor runs is said on the status
    // line; the board stays.
    let file = match editor_file(&before) {
        Ok(file) => file,
        Err(e) => {
            return Ok(Msg::Failed(format!(
                "cannot make a file for the editor in {}: {e}; nothing changed (TMPDIR names the directory)",
                std::env::temp_dir().display()
            )))
        }
    };
    let path = file.path().to_path_buf();
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_string();
    leave();
    let status = std::process::Command::new(&program)
        .args(words)
        .arg(&path)
        .status();
    enter(session.mouse)?;
    terminal.clear()?;
    let after = std::fs::read_to_string(&path);
    // Removes the file, under whatever name the editor left it.
    drop(file);
    Ok(match (status, after) {
        (Err(e), _) => Msg::Failed(format!("cannot run the editor '{program}': {e}")),
        (Ok(s), _) if !s.success() => Msg::Failed(format!(
            "the editor '{program}' exited with {s}; nothing changed"
        )),
        (Ok(_), Err(e)) => Msg::Failed(format!("cannot read the edited description: {e}")),
        (Ok(_), Ok(text)) => {
            let text = text.trim_end().to_string();
            if text == before.trim_end() {
                Msg::Said("description unchanged".into())
            } else {
                Msg::Described {
                    id,
                    text: (!text.is_empty()).then_some(text),
                }
            }
        }
    })
}

//! The terminal: raw mode, the alternate screen, mouse capture, a panic hook that
//! restores all of it, the event loop, and suspending for `$EDITOR`.

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

fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
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
    leave();
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
    let mut failure = None;
    super::dispatch(store, session, model, msg, |store, id| {
        match describe(terminal, store, session, id) {
            Ok(msg) => msg,
            Err(e) => {
                let text = format!("terminal error: {e}");
                failure = Some(e);
                Msg::Failed(text)
            }
        }
    });
    failure.map_or(Ok(()), Err)
}

/// Suspends the TUI, edits the description in `$VISUAL`/`$EDITOR` (else `vi`),
/// and resumes.
fn describe(terminal: &mut Term, store: &Store, session: &Session, id: i64) -> io::Result<Msg> {
    let item = match store.item(id) {
        Ok(item) => item,
        Err(e) => return Ok(Msg::Failed(e.to_string())),
    };
    let path = std::env::temp_dir().join(format!("lanes-{}-{id}.md", std::process::id()));
    let before = item.description.clone().unwrap_or_default();
    std::fs::write(&path, &before)?;
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
    let _ = std::fs::remove_file(&path);
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

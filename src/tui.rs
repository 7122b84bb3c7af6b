//! The interactive face of lanes, in the Elm architecture: key → `Msg` →
//! `update(&mut Model, Msg) -> Vec<Effect>` → the store → new state → `render`.

pub mod app;
pub mod data;
pub mod deck;
pub mod effects;
pub mod face;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod screens;
mod terminal;
pub mod views;

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use crate::store::{Ctx, Store};
use app::{Model, Msg};
use keymap::Keymap;

/// Who is at the keyboard, the clock, and terminal preferences.
pub struct Session {
    pub actor: String,
    pub clock: fn() -> (DateTime<Utc>, NaiveDate),
    pub mouse: bool,
    pub color: bool,
    /// The user's key map file, when there is one.
    pub keys: Option<PathBuf>,
}

impl Session {
    /// Who acts and when, for one change.
    pub fn ctx(&self) -> Ctx {
        let (now, today) = (self.clock)();
        Ctx {
            by: self.actor.clone(),
            why: String::new(),
            now,
            today,
        }
    }
}

/// What became of the user's key map file.
pub enum KeysNote {
    /// The file was used; these actions lost their last key to others.
    Lost(String),
    /// The file could not be used; the defaults are in force.
    Refused(String),
}

/// The key map in force, and a word about the user's file when one is needed.
pub fn keymap(path: Option<&std::path::Path>) -> (Keymap, Option<KeysNote>) {
    let mut map = Keymap::default();
    let Some(path) = path else {
        return (map, None);
    };
    match std::fs::read_to_string(path) {
        Ok(text) => match map.merge_toml(&text) {
            Ok(lost) if lost.is_empty() => (map, None),
            Ok(lost) => (
                map,
                Some(KeysNote::Lost(format!(
                    "{}: {}",
                    path.display(),
                    lost.join("; ")
                ))),
            ),
            Err(e) => (
                map,
                Some(KeysNote::Refused(format!(
                    "{}: {e}; using the default keys",
                    path.display()
                ))),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (map, None),
        Err(e) => (
            map,
            Some(KeysNote::Refused(format!(
                "cannot read {}: {e}; using the default keys",
                path.display()
            ))),
        ),
    }
}

/// A model with the backlog loaded, ready for the first frame.
pub fn start(store: &Store, session: &Session, width: u16, height: u16) -> Model {
    let (keys, problem) = keymap(session.keys.as_deref());
    let (now, today) = (session.clock)();
    let mut model = Model::new(keys, today, width, height);
    model.now = now;
    model.color = session.color;
    let dir = store
        .path()
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    model.backlog_dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    // Where the reading stands, taken before it: anything committed after is
    // news at the first key.
    let mark = store.mark().ok();
    let first = match effects::load(store) {
        Ok(backlog) => Msg::Loaded {
            backlog: Box::new(backlog),
            focus: None,
            mark,
        },
        Err(e) => Msg::Failed(e.to_string()),
    };
    app::update(&mut model, first);
    match problem {
        Some(KeysNote::Lost(text)) => model.say(text),
        Some(KeysNote::Refused(text)) => model.warn(text),
        None => {}
    }
    model
}

/// Feeds one message through `update` and carries out the effects, feeding their
/// results back in until nothing is left. `describe` runs the editor for an item's
/// description (it needs the terminal, so the caller provides it).
///
/// Before input (a key, the mouse) is acted on, the store is asked whether
/// anything was committed elsewhere since the TUI last read it (one `PRAGMA`,
/// no timer): if so, that news goes first, and `update` decides whether the
/// input may still act.
pub fn dispatch(
    store: &mut Store,
    session: &Session,
    model: &mut Model,
    msg: Msg,
    mut host: impl Host,
) {
    let (now, today) = (session.clock)();
    app::update(model, Msg::Clock { now, today });
    // (A failure to look is not news: the input acts, and a change it leads
    // to is checked again before it is written.)
    if let Some(aim) = app::outside::aim(model, &msg) {
        if let Ok(Some(news)) = effects::news(store, model.seen, &aim) {
            let news = Msg::Elsewhere {
                news: Box::new(news),
                held: None,
            };
            drain(store, session, model, news, &mut host);
        }
    }
    drain(store, session, model, msg, &mut host);
}

/// What the runner of the TUI does that needs the terminal.
pub trait Host {
    /// Edits an item's description in `$EDITOR`.
    fn describe(&mut self, store: &Store, id: i64) -> Msg;
    /// Shows the model, whose status line says what is under way, before an
    /// effect that may take a while (an undo of a big import, say).
    fn working(&mut self, _model: &Model) {}
}

/// A closure that edits descriptions is a host that draws nothing meanwhile.
impl<F: FnMut(&Store, i64) -> Msg> Host for F {
    fn describe(&mut self, store: &Store, id: i64) -> Msg {
        self(store, id)
    }
}

/// `msg` through `update`, and every effect's result after it, until nothing
/// is left.
fn drain(store: &mut Store, session: &Session, model: &mut Model, msg: Msg, host: &mut impl Host) {
    let mut queue = std::collections::VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in app::update(model, msg) {
            match effect {
                app::Effect::Describe(id) => queue.push_back(host.describe(store, id)),
                other => {
                    if let Some(words) = other.working() {
                        model.say(words);
                        host.working(model);
                    }
                    queue.extend(effects::perform(store, &session.ctx(), model.seen, other));
                }
            }
        }
    }
}

/// Opens the TUI on `store`. Refuses when stdin or stdout is not a terminal.
pub fn run(store: &mut Store, session: &Session) -> Result<(), String> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "the interactive board needs a terminal; in scripts use a command such as `lanes list` (see `lanes --help`)"
                .into(),
        );
    }
    let model = start(store, session, 80, 24);
    terminal::run(store, session, model).map_err(|e| format!("terminal error: {e}"))
}

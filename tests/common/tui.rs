//! A TUI with no terminal: a real store in a temp dir, the model, and keys fed
//! through `update` with every effect carried out, exactly as the event loop does.

use chrono::{DateTime, NaiveDate, Utc};
use lanes::store::Store;
use lanes::tui::app::{Model, Msg};
use lanes::tui::{self, Session};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn clock() -> (DateTime<Utc>, NaiveDate) {
    let now = DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    (now, now.date_naive())
}

pub struct Tui {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub session: Session,
    pub model: Model,
    /// What the next `E` (description in the editor) returns.
    pub editor_text: Option<String>,
    /// What the status line said each time a slow effect was about to run.
    pub working: Vec<String>,
}

/// The terminal's part, played without one: the editor returns
/// `editor_text`, and what the screen shows while working is kept.
struct Host<'a> {
    editor_text: Option<String>,
    working: &'a mut Vec<String>,
}

impl tui::Host for &mut Host<'_> {
    fn describe(&mut self, store: &Store, id: i64) -> Msg {
        let before = store.item(id).unwrap().description;
        match &self.editor_text {
            Some(t) if Some(t) != before.as_ref() => Msg::Described {
                id,
                text: Some(t.clone()),
            },
            _ => Msg::Said("description unchanged".into()),
        }
    }

    fn working(&mut self, model: &Model) {
        if let Some(note) = &model.note {
            self.working.push(note.text.clone());
        }
    }
}

impl Tui {
    pub fn empty(width: u16, height: u16) -> Tui {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).unwrap();
        let session = Session {
            actor: "ana".into(),
            clock,
            mouse: true,
            color: true,
            keys: None,
        };
        let model = tui::start(&store, &session, width, height);
        Tui {
            dir,
            store,
            session,
            model,
            editor_text: None,
            working: Vec::new(),
        }
    }

    /// The demo backlog, on the board.
    pub fn demo(width: u16, height: u16) -> Tui {
        let mut t = Tui::empty(width, height);
        let (now, today) = clock();
        lanes::demo::load(&mut t.store, now, today).unwrap();
        t.model = tui::start(&t.store, &t.session, width, height);
        t
    }

    pub fn send(&mut self, msg: Msg) {
        let mut host = Host {
            editor_text: self.editor_text.clone(),
            working: &mut self.working,
        };
        tui::dispatch(
            &mut self.store,
            &self.session,
            &mut self.model,
            msg,
            &mut host,
        );
    }

    /// One key by name: `j`, `G`, `enter`, `esc`, `tab`, `up`, `ctrl-r`…
    pub fn key(&mut self, name: &str) {
        let (mods, rest) = match name.strip_prefix("ctrl-") {
            Some(r) => (KeyModifiers::CONTROL, r),
            None => (KeyModifiers::NONE, name),
        };
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgdn" => KeyCode::PageDown,
            "pgup" => KeyCode::PageUp,
            "backspace" => KeyCode::Backspace,
            "space" => KeyCode::Char(' '),
            s if s.chars().count() == 1 => KeyCode::Char(s.chars().next().unwrap()),
            other => panic!("no key named {other}"),
        };
        self.send(Msg::Key(KeyEvent::new(code, mods)));
    }

    /// Keys by name, separated by spaces.
    pub fn keys(&mut self, names: &str) {
        for k in names.split_whitespace() {
            self.key(k);
        }
    }

    /// Types text, one character at a time.
    pub fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Msg::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
    }

    pub fn note(&self) -> String {
        self.model
            .note
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default()
    }

    pub fn selected(&self) -> i64 {
        self.model.target().expect("an item is selected")
    }

    /// The screen as the views draw it at the model's size, one string per row,
    /// trailing blanks trimmed.
    pub fn screen(&self) -> Vec<String> {
        let backend = ratatui::backend::TestBackend::new(self.model.width, self.model.height);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|f| lanes::tui::views::render(&self.model, f))
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                let line: String = (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect();
                line.trim_end().to_string()
            })
            .collect()
    }
}

//! Keys → actions, as data. Defaults live here; a user's `keys.toml` is merged over
//! them, and the help overlay is generated from the result.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod user;

pub use super::screens::Scope;

macro_rules! actions {
    ($($variant:ident => $name:literal, $help:literal;)+) => {
        /// Everything a key can ask for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),+ }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The action's name in `keys.toml`.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),+ }
            }

            /// One line for the help overlay.
            pub fn help(self) -> &'static str {
                match self { $(Action::$variant => $help),+ }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                Action::ALL.iter().copied().find(|a| a.name() == name)
            }
        }
    };
}

actions! {
    Quit => "quit", "quit lanes";
    Help => "help", "show or hide this help";
    Board => "board", "board view: the lanes side by side";
    List => "list", "list view: every open item in rank order";
    Refine => "refine", "refinement mode: walk the items that need attention";
    Plan => "plan", "plan view: the proposed sprint";
    Roadmap => "roadmap", "roadmap: themes × now / next / later";
    Dashboard => "dashboard", "dashboard: balance, flow, SLA, forecast";
    Narrow => "narrow", "dashboard: fewer weeks in the window";
    Widen => "widen", "dashboard: more weeks in the window";
    Up => "up", "move up";
    Down => "down", "move down";
    Left => "left", "previous lane";
    Right => "right", "next lane";
    First => "first", "first item";
    Last => "last", "last item";
    PageUp => "page_up", "one screen up";
    PageDown => "page_down", "one screen down";
    Open => "open", "open the item's detail";
    Back => "back", "go back; clear the search and filter";
    Search => "search", "incremental search: title, text, labels, owner, #id";
    Filter => "filter", "filter: lane: status: severity: horizon: owner: label: …";
    Add => "add", "add an item";
    Edit => "edit", "edit the item's fields";
    Describe => "describe", "edit the description in $EDITOR";
    Move => "move", "move to a lane";
    Advance => "advance", "advance status: todo → doing → done";
    Decline => "decline", "decline (a reason is required)";
    Value => "value", "set value";
    Impact => "impact", "set impact";
    Risk => "risk", "set risk";
    Effort => "effort", "set effort";
    Pin => "pin", "pin the horizon, or unpin";
    Block => "block", "add a blocker by id";
    Unblock => "unblock", "remove a blocker by id";
    Criterion => "criterion", "add an acceptance criterion";
    Toggle => "toggle", "mark a criterion done or not done";
    Sort => "sort", "sort by a column (the same one again reverses it)";
    Unsort => "unsort", "back to rank order";
    Undo => "undo", "undo the last action";
    Reload => "reload", "read the backlog again (after changes made elsewhere)";
    Redo => "redo", "redo what was undone";
    Import => "import", "import a file: lanes JSON, Jira CSV, GitHub or Taskwarrior JSON";
    Skip => "skip", "refinement: skip to the next item";
    Previous => "previous", "refinement: back to the previous item";
    ToHotfix => "to_hotfix", "refinement: accept into the hot fix lane";
    ToStability => "to_stability", "refinement: accept into the stability lane";
    ToFeature => "to_feature", "refinement: accept into the feature lane";
    ToBet => "to_bet", "refinement: accept into the strategic bet lane";
    ToInbox => "to_inbox", "refinement: back to the Inbox";
    Duplicate => "duplicate", "decline as a duplicate of another item (reason required)";
    Estimate => "estimate", "estimation round: hidden estimates, then spread and median";
    ScoreCard => "score_card", "score card: value, impact, risk, effort in turn";
    Commit => "commit", "plan: commit the sprint (pins its items to now)";
    Notes => "notes", "summary: write the meeting notes as Markdown";
    Demo => "demo", "load the demo backlog";
    Jump => "jump", "go to an item by its id (#52)";
    Themes => "themes", "themes: add, edit, change status, link items";
    Rules => "policy", "North Star and policy: weights, thresholds, shares, SLA";
    AddTheme => "add_theme", "themes: add a theme";
    EditTheme => "edit_theme", "themes: edit the theme's name, outcome, status";
    ThemeStatus => "theme_status", "themes: change the theme's status";
    LinkTheme => "link", "themes: link an item to the theme";
    EditRule => "edit_rule", "policy: change the rule (and those set with it)";
    Reopen => "reopen", "reopen a done or declined item";
}

/// One key with its modifiers, as written in `keys.toml` (`j`, `G`, `ctrl-r`, `enter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// The key codes lanes binds, orderable so bindings can be listed stably.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

const NAMED: [(&str, KeyCodeOrd); 15] = [
    ("enter", KeyCodeOrd::Enter),
    ("esc", KeyCodeOrd::Esc),
    ("tab", KeyCodeOrd::Tab),
    ("backtab", KeyCodeOrd::BackTab),
    ("backspace", KeyCodeOrd::Backspace),
    ("delete", KeyCodeOrd::Delete),
    ("up", KeyCodeOrd::Up),
    ("down", KeyCodeOrd::Down),
    ("left", KeyCodeOrd::Left),
    ("right", KeyCodeOrd::Right),
    ("home", KeyCodeOrd::Home),
    ("end", KeyCodeOrd::End),
    ("pgup", KeyCodeOrd::PageUp),
    ("pgdn", KeyCodeOrd::PageDown),
    ("space", KeyCodeOrd::Char(' ')),
];

impl Key {
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text.trim();
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = if let (Some(c), None) = (chars.next(), chars.next()) {
            KeyCodeOrd::Char(c)
        } else {
            {
                let lower = rest.to_ascii_lowercase();
                if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    *code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse().ok()) {
                    KeyCodeOrd::F(n)
                } else {
                    return Err(format!(
                        "unknown key '{text}': use a character, ctrl-X, alt-X, or one of {}",
                        NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    /// The key a terminal event stands for, if lanes can bind it.
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        let code = match e.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::F(n) => KeyCodeOrd::F(n),
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            code => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| *n);
                f.write_str(name)
            }
        }
    }
}

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<Scope, BTreeMap<Key, Action>>,
    /// Actions a user's file rebinds in a view's own table: there, its keys
    /// replace the global ones.
    replaced: BTreeSet<(Scope, Action)>,
}

/// A plain character key.
const fn ch(c: char) -> Key {
    Key {
        code: KeyCodeOrd::Char(c),
        ctrl: false,
        alt: false,
    }
}

/// A character with Ctrl.
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCodeOrd::Char(c),
        ctrl: true,
        alt: false,
    }
}

/// A named key (`enter`, `down`…) with no modifier.
const fn code(code: KeyCodeOrd) -> Key {
    Key {
        code,
        ctrl: false,
        alt: false,
    }
}

/// The default bindings, written as keys rather than text so that a key written
/// wrong here does not compile (a test also checks that each one is what
/// `keys.toml` would call it, and that no key is bound twice in one scope).
const DEFAULTS: &[(Scope, Key, Action)] = &[
    (Scope::Global, ch('q'), Action::Quit),
    (Scope::Global, ctrl('c'), Action::Quit),
    (Scope::Global, ch('?'), Action::Help),
    (Scope::Global, ch('B'), Action::Board),
    (Scope::Global, ch('L'), Action::List),
    (Scope::Global, ch('R'), Action::Refine),
    (Scope::Global, ch('P'), Action::Plan),
    (Scope::Global, ch('M'), Action::Roadmap),
    (Scope::Global, ch('D'), Action::Dashboard),
    (Scope::Global, ch('j'), Action::Down),
    (Scope::Global, code(KeyCodeOrd::Down), Action::Down),
    (Scope::Global, ch('k'), Action::Up),
    (Scope::Global, code(KeyCodeOrd::Up), Action::Up),
    (Scope::Global, ch('h'), Action::Left),
    (Scope::Global, code(KeyCodeOrd::Left), Action::Left),
    (Scope::Global, ch('l'), Action::Right),
    (Scope::Global, code(KeyCodeOrd::Right), Action::Right),
    (Scope::Global, ch('g'), Action::First),
    (Scope::Global, code(KeyCodeOrd::Home), Action::First),
    (Scope::Global, ch('G'), Action::Last),
    (Scope::Global, code(KeyCodeOrd::End), Action::Last),
    (Scope::Global, code(KeyCodeOrd::PageUp), Action::PageUp),
    (Scope::Global, code(KeyCodeOrd::PageDown), Action::PageDown),
    (Scope::Global, code(KeyCodeOrd::Enter), Action::Open),
    (Scope::Global, code(KeyCodeOrd::Esc), Action::Back),
    (Scope::Global, ch('/'), Action::Search),
    (Scope::Global, ch('F'), Action::Filter),
    (Scope::Global, ch('a'), Action::Add),
    (Scope::Global, ch('e'), Action::Edit),
    (Scope::Global, ch('E'), Action::Describe),
    (Scope::Global, ch('m'), Action::Move),
    (Scope::Global, ch('s'), Action::Advance),
    (Scope::Global, ch('x'), Action::Decline),
    (Scope::Global, ch('v'), Action::Value),
    (Scope::Global, ch('i'), Action::Impact),
    (Scope::Global, ch('r'), Action::Risk),
    (Scope::Global, ch('w'), Action::Effort),
    (Scope::Global, ch('S'), Action::ScoreCard),
    (Scope::Global, ch('p'), Action::Pin),
    (Scope::Global, ch('b'), Action::Block),
    (Scope::Global, ch('n'), Action::Unblock),
    (Scope::Global, ch('c'), Action::Criterion),
    (Scope::Global, ch('t'), Action::Toggle),
    (Scope::Global, ch('u'), Action::Undo),
    (Scope::Global, ctrl('r'), Action::Redo),
    (Scope::Global, ctrl('l'), Action::Reload),
    (Scope::Global, ch('#'), Action::Jump),
    (Scope::Global, ch('T'), Action::Themes),
    (Scope::Global, ch('N'), Action::Rules),
    (Scope::Themes, ch('a'), Action::AddTheme),
    (Scope::Themes, ch('e'), Action::EditTheme),
    (Scope::Themes, ch('s'), Action::ThemeStatus),
    (Scope::Themes, ch('l'), Action::LinkTheme),
    (Scope::Policy, ch('e'), Action::EditRule),
    (Scope::Policy, code(KeyCodeOrd::Enter), Action::EditRule),
    (Scope::Global, ch(':'), Action::Jump),
    (Scope::Detail, ch('o'), Action::Reopen),
    (Scope::List, ch('o'), Action::Sort),
    (Scope::List, ch('O'), Action::Unsort),
    (Scope::Welcome, ch('a'), Action::Add),
    (Scope::Welcome, ch('i'), Action::Import),
    (Scope::Board, ch('I'), Action::Import),
    (Scope::Welcome, ch('d'), Action::Demo),
    (Scope::Refine, ch(' '), Action::Skip),
    (Scope::Refine, code(KeyCodeOrd::Backspace), Action::Previous),
    (Scope::Refine, ch('1'), Action::ToHotfix),
    (Scope::Refine, ch('2'), Action::ToStability),
    (Scope::Refine, ch('3'), Action::ToFeature),
    (Scope::Refine, ch('4'), Action::ToBet),
    (Scope::Refine, ch('0'), Action::ToInbox),
    (Scope::Refine, ch('d'), Action::Duplicate),
    (Scope::Refine, ch('='), Action::Estimate),
    (Scope::Refine, ch('q'), Action::Back),
    (Scope::Detail, ch('d'), Action::Duplicate),
    (Scope::Summary, ch('w'), Action::Notes),
    (Scope::Plan, ch('C'), Action::Commit),
    (Scope::Dashboard, ch('['), Action::Narrow),
    (Scope::Dashboard, ch(']'), Action::Widen),
];

/// The actions refinement mode has: the keys a meeting uses, moving through
/// the queue, the views, help and quitting. Anything else (search, add,
/// sorting…) means nothing there, so it is neither bound nor listed.
const REFINE_ACTIONS: &[Action] = &[
    Action::Quit,
    Action::Help,
    Action::Board,
    Action::List,
    Action::Refine,
    Action::Plan,
    Action::Roadmap,
    Action::Dashboard,
    Action::Themes,
    Action::Rules,
    Action::Up,
    Action::Down,
    Action::Left,
    Action::Right,
    Action::First,
    Action::Last,
    Action::PageUp,
    Action::PageDown,
    Action::Back,
    Action::Edit,
    Action::Describe,
    Action::Move,
    Action::Advance,
    Action::Decline,
    Action::Value,
    Action::Impact,
    Action::Risk,
    Action::Effort,
    Action::ScoreCard,
    Action::Pin,
    Action::Block,
    Action::Unblock,
    Action::Criterion,
    Action::Toggle,
    Action::Undo,
    Action::Reload,
    Action::Redo,
    Action::Skip,
    Action::Previous,
    Action::ToHotfix,
    Action::ToStability,
    Action::ToFeature,
    Action::ToBet,
    Action::ToInbox,
    Action::Duplicate,
    Action::Estimate,
];

impl Scope {
    /// True when `action` means something in this scope.
    pub fn has(self, action: Action) -> bool {
        self != Scope::Refine || REFINE_ACTIONS.contains(&action)
    }
}

impl Action {
    /// The help line for the action in `scope`, where it differs there.
    pub fn help_in(self, scope: Scope) -> &'static str {
        match (scope, self) {
            (Scope::Refine, Action::Up | Action::Left) => "previous item in the queue",
            (Scope::Refine, Action::Down | Action::Right) => "next item in the queue",
            (Scope::Refine, Action::First) => "first item in the queue",
            (Scope::Refine, Action::Last) => "last item in the queue",
            (Scope::Refine, Action::PageUp) => "scroll the item up",
            (Scope::Refine, Action::PageDown) => "scroll the item down",
            (Scope::Refine, Action::Back) => "end the session with its summary",
            (Scope::Refine, Action::Undo) => {
                "drop what is pending on the item; else undo the last action (a whole visit)"
            }
            _ => self.help(),
        }
    }
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings: BTreeMap<Scope, BTreeMap<Key, Action>> = BTreeMap::new();
        for (scope, key, action) in DEFAULTS {
            bindings.entry(*scope).or_default().insert(*key, *action);
        }
        Keymap {
            bindings,
            replaced: BTreeSet::new(),
        }
    }
}

impl Keymap {
    /// The action `key` asks for in `scope`: the scope's own binding, else the
    /// global one, unless the user's file rebinds that action in this scope
    /// (its keys there replace the global ones). An action the scope does not
    /// have is no action there.
    pub fn resolve(&self, scope: Scope, key: Key) -> Option<Action> {
        let own = self.bindings.get(&scope).and_then(|b| b.get(&key)).copied();
        let global = || {
            self.bindings
                .get(&Scope::Global)
                .and_then(|b| b.get(&key))
                .copied()
                .filter(|a| scope == Scope::Global || !self.replaced.contains(&(scope, *a)))
        };
        own.or_else(global).filter(|a| scope.has(*a))
    }

    /// The keys bound to `action` in `scope` (its own or, failing that, global).
    pub fn keys_for(&self, scope: Scope, action: Action) -> Vec<Key> {
        if !scope.has(action) {
            return Vec::new();
        }
        let mut own: Vec<Key> = self.bindings.get(&scope).map_or_else(Vec::new, |b| {
            b.iter()
                .filter(|(_, a)| **a == action)
                .map(|(k, _)| *k)
                .collect()
        });
        // Plain keys first: they are what hints show.
        own.sort_by_key(|k| (k.ctrl || k.alt, k.code));
        if !own.is_empty() || scope == Scope::Global {
            return own;
        }
        self.keys_for(Scope::Global, action)
            .into_iter()
            .filter(|k| self.resolve(scope, *k) == Some(action))
            .collect()
    }

    /// The first key for `action`, for hints on screen.
    pub fn hint(&self, scope: Scope, action: Action) -> String {
        self.keys_for(scope, action)
            .first()
            .map_or_else(|| "(unbound)".into(), ToString::to_string)
    }

    /// Every binding in force in `scope`, for the help overlay, in action order.
    pub fn help(&self, scope: Scope) -> Vec<(Action, Vec<Key>)> {
        Action::ALL
            .iter()
            .map(|a| (*a, self.keys_for(scope, *a)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    #[test]
    fn defaults_follow_the_design() {
        let k = Keymap::default();
        assert_eq!(k.resolve(Scope::Board, key("j")), Some(Action::Down));
        assert_eq!(k.resolve(Scope::List, key("ctrl-r")), Some(Action::Redo));
        assert_eq!(k.resolve(Scope::List, key("o")), Some(Action::Sort));
        assert_eq!(k.resolve(Scope::Board, key("o")), None);
        assert_eq!(k.resolve(Scope::Welcome, key("d")), Some(Action::Demo));
        assert_eq!(k.resolve(Scope::Welcome, key("i")), Some(Action::Import));
        assert_eq!(k.resolve(Scope::Board, key("i")), Some(Action::Impact));
    }

    #[test]
    fn every_default_key_is_written_as_keys_toml_would_write_it() {
        for (scope, key, action) in DEFAULTS {
            let text = key.to_string();
            assert_eq!(
                Key::parse(&text),
                Ok(*key),
                "{} in {} is shown as '{text}', which keys.toml reads differently",
                action.name(),
                scope.name()
            );
        }
    }

    #[test]
    fn no_default_key_is_bound_twice_in_one_scope() {
        let mut seen = std::collections::HashMap::new();
        for (scope, key, action) in DEFAULTS {
            if let Some(other) = seen.insert((*scope, *key), *action) {
                panic!(
                    "{key} in {} is bound to both {} and {}",
                    scope.name(),
                    other.name(),
                    action.name()
                );
            }
        }
    }

    #[test]
    fn every_action_has_a_default_key() {
        let k = Keymap::default();
        for action in Action::ALL {
            assert!(
                Scope::ALL
                    .iter()
                    .any(|s| !k.keys_for(*s, *action).is_empty()),
                "{} has no default key",
                action.name()
            );
        }
    }

    #[test]
    fn refinement_has_refinement_keys_only() {
        let k = Keymap::default();
        assert_eq!(k.resolve(Scope::Refine, key("/")), None);
        assert_eq!(k.resolve(Scope::Refine, key("a")), None);
        assert_eq!(k.resolve(Scope::Refine, key("3")), Some(Action::ToFeature));
        assert_eq!(k.resolve(Scope::Refine, key("S")), Some(Action::ScoreCard));
        let help: Vec<Action> = k.help(Scope::Refine).into_iter().map(|(a, _)| a).collect();
        assert!(!help.contains(&Action::Search) && !help.contains(&Action::Add));
        assert_eq!(
            Action::Left.help_in(Scope::Refine),
            "previous item in the queue"
        );
    }
}

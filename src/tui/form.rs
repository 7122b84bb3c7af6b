//! Forms: one line of text per value, checked as a whole before anything is
//! written. What a form is for — an item, a theme, a group of the policy's
//! rules — says which fields it has and what its answers become (`item.rs`,
//! `theme.rs`, `policy.rs`); the keys and the drawing are the same for all.

mod item;
mod policy;
mod theme;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::app::Change;
use super::input::Input;
use crate::domain::{Field, Item, Policy, Theme};

pub use policy::{Group, GROUPS};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A field of an item.
    Item(Field),
    ThemeName,
    ThemeOutcome,
    ThemeStatus,
    /// A policy key (`weight.value`).
    Policy(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub key: Key,
    /// The field's name on screen.
    pub label: String,
    pub input: Input,
    /// What may be typed, shown beside the field.
    pub hint: &'static str,
}

/// What a form is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    AddItem,
    /// An item as the store held it when the form opened.
    EditItem(Box<Item>),
    AddTheme,
    EditTheme(Theme),
    /// A group of the policy's rules, set together (capacity shares must
    /// still sum to 1.0 when one moves).
    Policy(&'static Group),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub purpose: Purpose,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub error: Option<String>,
    /// The reason typed for the form's change when it came back here (the
    /// store refused it, or `Esc` left the reason): asked again, the reason
    /// starts from it.
    pub reason: String,
}

/// What a form's answers are read against.
pub struct Context<'a> {
    pub today: NaiveDate,
    pub themes: &'a [Theme],
    pub policy: &'a Policy,
}

impl FormField {
    fn new(key: Key, label: impl Into<String>, text: &str, hint: &'static str) -> FormField {
        FormField {
            key,
            label: label.into(),
            input: Input::new(text),
            hint,
        }
    }
}

impl Form {
    fn of(purpose: Purpose, fields: Vec<FormField>) -> Form {
        Form {
            purpose,
            fields,
            focus: 0,
            error: None,
            reason: String::new(),
        }
    }

    pub fn title(&self) -> String {
        match &self.purpose {
            Purpose::AddItem => "Add an item".into(),
            Purpose::EditItem(item) => format!("Edit #{}", item.id),
            Purpose::AddTheme => "Add a theme".into(),
            Purpose::EditTheme(t) => format!("Edit theme #{}", t.id),
            Purpose::Policy(g) => g.title.to_string(),
        }
    }

    /// The item the form changes, when it changes one.
    pub fn item_id(&self) -> Option<i64> {
        match &self.purpose {
            Purpose::EditItem(item) => Some(item.id),
            _ => None,
        }
    }

    pub fn focus_next(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
    }

    pub fn edit_key(&mut self, key: &KeyEvent) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input.handle(key);
            self.error = None;
        }
    }

    /// Checks every field. `Ok(None)` when the form changes nothing; on a bad
    /// field, focuses it and returns the message (also kept in `error`).
    pub fn submit(&mut self, cx: &Context<'_>) -> Result<Option<Change>, String> {
        let result = match &self.purpose {
            Purpose::AddItem | Purpose::EditItem(_) => item::submit(self, cx),
            Purpose::AddTheme | Purpose::EditTheme(_) => theme::submit(self, cx),
            Purpose::Policy(_) => policy::submit(self, cx),
        };
        result.map_err(|(at, e)| {
            if let Some(at) = at {
                self.focus = at;
            }
            self.error = Some(e.clone());
            e
        })
    }

    /// The text of each field, with its key.
    fn answers(&self) -> impl Iterator<Item = (usize, Key, &str)> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| (i, f.key, f.input.text().trim()))
    }
}

/// Why a form cannot be saved: the field at fault (when one is), and the words.
type Refusal = (Option<usize>, String);

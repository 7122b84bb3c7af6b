//! A one-line text field: the search box, prompts and form fields.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
    /// The whole text is selected: a typed character replaces it, Backspace
    /// empties it, moving the cursor keeps it.
    selected: bool,
}

impl Input {
    pub fn new(text: &str) -> Input {
        Input {
            text: text.to_string(),
            cursor: text.chars().count(),
            selected: false,
        }
    }

    /// `text`, selected: what a prompt starts from when typing usually replaces
    /// it (a score) and Enter keeps it.
    pub fn selected(text: &str) -> Input {
        Input {
            selected: !text.is_empty(),
            ..Input::new(text)
        }
    }

    /// True while the whole text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies an editing key; returns false when the key is not an editing key.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if std::mem::take(&mut self.selected) {
            match key.code {
                KeyCode::Char(c) if !ctrl && !c.is_control() => {
                    self.text.clear();
                    self.cursor = 0;
                }
                KeyCode::Backspace | KeyCode::Delete => {
                    self.text.clear();
                    self.cursor = 0;
                    return true;
                }
                _ => {}
            }
        }
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.text.clear();
                self.cursor = 0;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.text.chars().count(),
            KeyCode::Char('w') if ctrl => {
                let end = self.byte(self.cursor);
                let before = &self.text[..end];
                let start = before.trim_end().rfind(' ').map_or(0, |i| i + 1);
                let removed = self.text[start..end].chars().count();
                self.text.replace_range(start..end, "");
                self.cursor -= removed;
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Delete if self.cursor < self.text.chars().count() => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.text.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.chars().count(),
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut Input, code: KeyCode) {
        input.handle(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn edits_in_the_middle_of_multibyte_text() {
        let mut i = Input::new("café");
        press(&mut i, KeyCode::Left);
        press(&mut i, KeyCode::Backspace);
        press(&mut i, KeyCode::Char('F'));
        assert_eq!(i.text(), "caFé");
        press(&mut i, KeyCode::End);
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.text(), "caF");
        i.handle(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(i.text(), "");
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.cursor(), 0);
    }

    #[test]
    fn a_selected_text_is_replaced_by_typing_emptied_by_backspace_and_kept_by_moving() {
        let mut i = Input::selected("13");
        press(&mut i, KeyCode::Char('5'));
        assert_eq!(i.text(), "5");
        assert!(!i.is_selected());
        let mut i = Input::selected("13");
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.text(), "");
        let mut i = Input::selected("13");
        press(&mut i, KeyCode::End);
        press(&mut i, KeyCode::Char('0'));
        assert_eq!(i.text(), "130", "after moving, typing edits");
        assert!(!Input::selected("").is_selected());
    }
}

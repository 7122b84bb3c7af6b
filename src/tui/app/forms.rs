//! The add and edit forms: opening the add form, and the keys while one is open.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::reason::ask_reason;
use super::{Effect, Mode, Model, View};
use crate::domain::Lane;
use crate::tui::form::{Context, Form};

pub fn start_add(model: &mut Model) {
    let lane = if model.view == View::Board {
        Lane::ALL.get(model.board.column.wrapping_sub(1)).copied()
    } else {
        None
    };
    model.mode = Mode::Form(Box::new(Form::add(lane)));
}

pub fn form_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Form(form) = &mut model.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            model.mode = Mode::Normal;
            model.say("cancelled; nothing changed");
        }
        KeyCode::Tab | KeyCode::Down => form.focus_next(1),
        KeyCode::BackTab | KeyCode::Up => form.focus_next(-1),
        KeyCode::Enter => match form.submit(&Context {
            today: model.today,
            themes: &model.data.themes,
            policy: &model.data.policy,
        }) {
            Ok(None) => {
                model.mode = Mode::Normal;
                model.say("nothing changed");
            }
            Ok(Some(change)) => ask_reason(model, change, false),
            Err(_) => {}
        },
        _ => form.edit_key(key),
    }
    Vec::new()
}

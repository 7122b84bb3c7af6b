//! Going to an item by its id: `#52` (or `:52`) opens its detail, wherever it
//! is (filtered out, finished), and selects it on the board and list when it
//! is shown there.

use super::prompt::{prompt, refuse, PromptFor};
use super::{nav, Effect, Mode, Model, View};
use crate::domain::parse::parse_item_id;

pub fn start(model: &mut Model) {
    if matches!(model.view, View::Refine | View::Summary | View::Welcome) {
        model.say("go to an item from the board, list, detail, plan or roadmap");
        return;
    }
    prompt(model, "go to item #".into(), "", PromptFor::Jump);
}

pub(super) fn submit(model: &mut Model, text: &str) -> Vec<Effect> {
    let Some(id) = parse_item_id(text) else {
        return refuse(
            model,
            format!("'{text}' is not an item id; type a number like 52"),
        );
    };
    // An id that is not there brings the prompt back, with the store's word.
    model.retry = Some(Box::new(std::mem::take(&mut model.mode)));
    model.mode = Mode::Normal;
    nav::select_id(model, id);
    vec![Effect::LoadDetail(id)]
}

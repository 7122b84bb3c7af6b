//! The policy screen (`N`): the North Star and every rule, each opened in
//! the form of its group so that rules that belong together (the capacity
//! shares) move together; set through the same store call as `lanes policy
//! set`, with its checks and decisions.

use super::{nav, Mode, Model, View};
use crate::tui::form::{Context, Form, Group, GROUPS};

pub fn open(model: &mut Model) {
    model.view = View::Policy;
    nav::settle(model);
}

/// Every rule in screen order, with its group.
pub fn rules() -> impl Iterator<Item = (&'static Group, &'static str)> {
    GROUPS
        .iter()
        .flat_map(|g| g.rules.iter().map(move |(k, _, _)| (g, *k)))
}

/// How many rules the screen lists.
pub fn count() -> usize {
    rules().count()
}

/// Opens the form of the selected rule's group, on that rule.
pub fn edit(model: &mut Model) {
    let Some((group, key)) = rules().nth(model.setup.rule) else {
        return;
    };
    let cx = Context {
        today: model.today,
        themes: &model.data.themes,
        policy: &model.data.policy,
    };
    model.mode = Mode::Form(Box::new(Form::policy(group, key, &cx)));
}

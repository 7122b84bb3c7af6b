//! The themes screen (`T`): the roadmap's themes, added, edited, moved to
//! done or dropped, and items linked to them, with the same checks and
//! decisions as `lanes theme add` and `lanes theme edit`.

use super::prompt::{prompt, refuse, PromptFor};
use super::reason::ask_reason;
use super::terms::FilterSpec;
use super::{filter, nav, Change, Choice, Effect, Mode, Model, Pick, View};
use crate::domain::parse::parse_item_id;
use crate::domain::{Field, Theme, ThemeStatus};
use crate::tui::form::Form;

/// `T`: the themes screen; its counts of open items and effort are the
/// roadmap's, read as it opens.
pub fn open(model: &mut Model) -> Vec<Effect> {
    model.view = View::Themes;
    nav::settle(model);
    vec![Effect::LoadRoadmap { show: false }]
}

/// The theme under the cursor.
pub fn selected(model: &Model) -> Option<&Theme> {
    model.data.themes.get(model.setup.theme)
}

pub fn add(model: &mut Model) {
    model.mode = Mode::Form(Box::new(Form::add_theme()));
}

pub fn edit(model: &mut Model) {
    let Some(theme) = selected(model) else {
        model.warn("no theme yet: a adds one");
        return;
    };
    model.mode = Mode::Form(Box::new(Form::edit_theme(theme)));
}

/// A picker of the theme's next status.
pub fn status(model: &mut Model) {
    let Some(theme) = selected(model) else {
        model.warn("no theme yet: a adds one");
        return;
    };
    let id = theme.id;
    model.mode = Mode::Pick(Pick {
        label: format!("theme #{id} ({}) to", theme.status.as_str()),
        id: None,
        options: [
            ('a', ThemeStatus::Active),
            ('d', ThemeStatus::Done),
            ('x', ThemeStatus::Dropped),
        ]
        .into_iter()
        .map(|(k, status)| (k, Choice::ThemeStatus { theme: id, status }))
        .collect(),
    });
}

/// The change a status picked for a theme makes, unless it has it already.
pub fn status_change(model: &mut Model, theme: i64, status: ThemeStatus) -> Option<Change> {
    let now = model.data.themes.iter().find(|t| t.id == theme)?.status;
    if now == status {
        model.mode = Mode::Normal;
        model.say(format!(
            "theme #{theme} is {} already; nothing changed",
            status.as_str()
        ));
        return None;
    }
    Some(Change::EditTheme {
        id: theme,
        name: None,
        outcome: None,
        status: Some(status),
    })
}

/// Asks which item to link to the selected theme.
pub fn link(model: &mut Model) {
    let Some(theme) = selected(model) else {
        model.warn("no theme yet: a adds one");
        return;
    };
    let label = format!(
        "link item # to theme #{} {}: ",
        theme.id,
        crate::tui::views::clean(&theme.name)
    );
    let theme = theme.id;
    prompt(model, label, "", PromptFor::Link { theme });
}

pub(super) fn submit_link(model: &mut Model, theme: i64, text: &str) -> Vec<Effect> {
    let Some(id) = parse_item_id(text) else {
        return refuse(
            model,
            format!("'{text}' is not an item id; type a number like 52"),
        );
    };
    let change = Change::Fields {
        id,
        fields: vec![(Field::Theme, Some(theme.to_string()))],
    };
    ask_reason(model, change, false);
    Vec::new()
}

/// `Enter`: the theme's items, in the list.
pub fn show_items(model: &mut Model) -> Vec<Effect> {
    let Some(theme) = selected(model) else {
        return Vec::new();
    };
    let terms = format!("theme:{}", theme.id);
    let Ok(spec) = FilterSpec::parse(&terms, &model.data.themes) else {
        return Vec::new();
    };
    model.shown.filter = spec;
    model.shown.found = super::Found::default();
    model.view = View::List;
    let effects = filter::finished_wanted(model);
    filter::refilter(model, false);
    model.say(format!(
        "filter: {terms} — {} open items (Esc clears)",
        model.shown.visible.len()
    ));
    effects
}

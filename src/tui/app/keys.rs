//! Keys in the normal mode: the key map gives an action, and one `match` says
//! what each action does in the view on screen.

use ratatui::crossterm::event::KeyEvent;

use super::{
    card, commit, dashboard, estimate, files, filter, forms, jump, meeting, nav, pick, plan,
    policy, prompt, reason, start, themes, visit, Change, Effect, Mode, Model, View,
};
use crate::domain::Lane;
use crate::tui::keymap::{Action, Key};

pub fn on_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let keep_note = std::mem::take(&mut model.watch.keep_note);
    match &model.mode {
        Mode::Normal => {}
        Mode::Help => {
            // Moving keys scroll a help longer than the screen; any other key closes it.
            let action = Key::from_event(key).and_then(|k| model.keymap.resolve(model.scope(), k));
            match action {
                Some(Action::Down) => nav::help_step(model, 1),
                Some(Action::Up) => nav::help_step(model, -1),
                Some(Action::PageDown) => nav::help_step(model, 10),
                Some(Action::PageUp) => nav::help_step(model, -10),
                _ => model.mode = Mode::Normal,
            }
            return Vec::new();
        }
        Mode::Search(_) => return filter::search_key(model, key),
        Mode::Filter(_) => return filter::filter_key(model, key),
        Mode::Prompt(_) => return prompt::prompt_key(model, key),
        Mode::Pick(_) => return pick::pick_key(model, key),
        Mode::Form(_) => return forms::form_key(model, key),
        Mode::Estimate(_) => return estimate::estimate_key(model, key),
        Mode::Card(_) => return card::card_key(model, key),
    }
    let Some(action) = Key::from_event(key).and_then(|k| model.keymap.resolve(model.scope(), k))
    else {
        return Vec::new();
    };
    if !keep_note {
        model.note = None;
    }
    act(model, action)
}

/// What one action does in the normal mode.
pub(super) fn act(model: &mut Model, action: Action) -> Vec<Effect> {
    use Action as A;
    // Leaving a refinement item with changes pending asks their one reason first.
    if let Some(effects) = visit::before(model, action) {
        return effects;
    }
    match action {
        A::Quit => model.quit = true,
        A::Help => {
            model.mode = Mode::Help;
            model.help_scroll = 0;
        }
        A::Board | A::List | A::Refine | A::Plan | A::Roadmap | A::Dashboard
            if model.view == View::Welcome =>
        {
            model.say("the backlog is empty: add an item, import a file, or load the demo");
        }
        A::Board => {
            model.view = View::Board;
            nav::settle(model);
        }
        A::List => {
            model.view = View::List;
            nav::settle(model);
        }
        A::Refine => return meeting::open_refine(model),
        A::Plan => return plan::open_plan(model),
        A::Roadmap => return vec![Effect::LoadRoadmap { show: true }],
        A::Dashboard => return vec![dashboard::load(model)],
        A::Narrow | A::Widen if model.view == View::Dashboard => {
            return dashboard::window(model, action == A::Widen)
        }
        A::Skip | A::Down | A::Right if model.view == View::Refine => {
            return meeting::step(model, 1)
        }
        A::Previous | A::Up | A::Left if model.view == View::Refine => {
            return meeting::step(model, -1)
        }
        A::First | A::Last if model.view == View::Refine => {
            let (at, len) = model
                .meeting
                .as_ref()
                .map_or((0, 0), |m| (m.at, m.queue.len()));
            let to = if action == A::First {
                0
            } else {
                len.saturating_sub(1)
            };
            return meeting::step(model, to as isize - at as isize);
        }
        A::Back if model.view == View::Refine => return meeting::end(model),
        A::Back if model.view == View::Summary => {
            model.meeting = None;
            model.detail = None;
            model.view = View::Board;
            nav::settle(model);
        }
        A::Back if matches!(model.view, View::Plan | View::Roadmap | View::Dashboard) => {
            model.view = View::Board;
            nav::settle(model);
        }
        A::Back if matches!(model.view, View::Themes | View::Policy) => {
            model.view = if model.data.empty {
                View::Welcome
            } else {
                View::Board
            };
            nav::settle(model);
        }
        A::Themes => return themes::open(model),
        A::Rules => policy::open(model),
        A::AddTheme if model.view == View::Themes => themes::add(model),
        A::EditTheme if model.view == View::Themes => themes::edit(model),
        A::ThemeStatus if model.view == View::Themes => themes::status(model),
        A::LinkTheme if model.view == View::Themes => themes::link(model),
        A::Open if model.view == View::Themes => return themes::show_items(model),
        A::EditRule if model.view == View::Policy => policy::edit(model),
        A::Notes if model.view == View::Summary => files::start_notes(model),
        A::Commit if model.view == View::Plan => commit::start_commit(model),
        A::Up => nav::step(model, -1),
        A::Down => nav::step(model, 1),
        A::Left => nav::column(model, -1),
        A::Right => nav::column(model, 1),
        A::First => nav::step(model, isize::MIN / 2),
        A::Last => nav::step(model, isize::MAX / 2),
        A::PageUp => nav::page(model, -1),
        A::PageDown => nav::page(model, 1),
        A::Open => {
            if let (true, Some(id)) = (
                !matches!(model.view, View::Detail | View::Refine),
                model.target(),
            ) {
                return vec![Effect::LoadDetail(id)];
            }
        }
        A::Back => {
            if model.view == View::Detail {
                model.view = model.back;
                model.detail = None;
                nav::settle(model);
            } else if model.narrowed() {
                filter::clear(model);
                model.say("search and filter cleared");
            }
        }
        A::Search if model.view != View::Welcome => return filter::start_search(model),
        A::Filter if model.view != View::Welcome => filter::start_filter(model),
        A::Sort if model.view == View::List => start::sort_picker(model),
        A::Unsort if model.view == View::List => filter::sort_rank(model),
        A::Add => forms::start_add(model),
        A::Import if matches!(model.view, View::Welcome | View::Board) => {
            files::start_import(model);
        }
        A::Jump => jump::start(model),
        A::Reopen => reopen(model),
        A::Demo if model.view == View::Welcome => return vec![Effect::Demo],
        A::Undo => return vec![Effect::Undo],
        A::Reload => {
            model.search_texts_stale();
            model.say("read the backlog again");
            let mut effects = vec![Effect::Reload { focus: None }];
            if !model.shown.search.is_empty() {
                effects.push(Effect::LoadSearchIndex);
            }
            if let (View::Detail, Some(d)) = (model.view, &model.detail) {
                effects.push(Effect::LoadDetail(d.item.id));
            }
            if model.view == View::Dashboard {
                effects.push(dashboard::load(model));
            }
            return effects;
        }
        A::Redo => return vec![Effect::Redo],
        A::Edit
        | A::Describe
        | A::Move
        | A::Advance
        | A::Decline
        | A::Value
        | A::Impact
        | A::Risk
        | A::Effort
        | A::Pin
        | A::Block
        | A::Unblock
        | A::Criterion
        | A::Toggle
        | A::Duplicate
        | A::ScoreCard => {
            let Some(id) = model.target() else {
                model.warn("no item selected");
                return Vec::new();
            };
            return start::start(model, action, id);
        }
        A::ToHotfix | A::ToStability | A::ToFeature | A::ToBet | A::ToInbox => {
            if let Some(id) = model.target() {
                let lane = match action {
                    A::ToHotfix => Some(Lane::Hotfix),
                    A::ToStability => Some(Lane::Stability),
                    A::ToFeature => Some(Lane::Feature),
                    A::ToBet => Some(Lane::Bet),
                    _ => None,
                };
                meeting::to_lane(model, id, lane);
            }
        }
        A::Estimate => match model.target() {
            Some(id) => return estimate::begin(model, id),
            None => model.warn("no item selected"),
        },
        A::Search
        | A::Filter
        | A::Sort
        | A::Unsort
        | A::Import
        | A::Demo
        | A::Skip
        | A::Previous
        | A::Notes
        | A::AddTheme
        | A::EditTheme
        | A::ThemeStatus
        | A::LinkTheme
        | A::EditRule
        | A::Commit
        | A::Narrow
        | A::Widen => {}
    }
    Vec::new()
}

/// `o` in the detail: a done or declined item goes back to `todo`.
fn reopen(model: &mut Model) {
    let Some(item) = model.detail.as_ref().map(|d| &d.item) else {
        return;
    };
    if item.status.is_open() {
        model.say(format!(
            "#{} is {}: nothing to reopen",
            item.id, item.status
        ));
        return;
    }
    let change = Change::Status {
        id: item.id,
        change: crate::domain::StatusChange::Reopen,
    };
    reason::ask_reason(model, change, false);
}

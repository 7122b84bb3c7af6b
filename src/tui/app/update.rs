//! The one place state changes: every message, from the terminal or from the
//! store, is handled here and answered with the effects it asks for.

use super::{
    dashboard, filter, keys, meeting, nav, outside, plan, reason, start, visit, Change, Effect,
    Mode, Model, Msg, PromptFor, View,
};
use crate::tui::data::Backlog;
use crate::tui::keymap::Action;

/// The one place state changes.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut effects = handle(model, msg);
    // A change joining a refinement visit is tried in the store first.
    effects.extend(visit::outgoing(model));
    effects
}

fn handle(model: &mut Model, msg: Msg) -> Vec<Effect> {
    if matches!(msg, Msg::Key(_) | Msg::Click { .. } | Msg::Wheel { .. }) && model.watch.swallow > 0
    {
        model.watch.swallow -= 1;
        return Vec::new();
    }
    match msg {
        Msg::Key(key) => keys::on_key(model, &key),
        Msg::Click { column, row } => {
            nav::click(model, column, row);
            Vec::new()
        }
        Msg::Wheel { down } => {
            nav::step(model, if down { 3 } else { -3 });
            Vec::new()
        }
        Msg::Resize { width, height } => {
            model.width = width;
            model.height = height;
            nav::settle(model);
            Vec::new()
        }
        Msg::Loaded {
            backlog,
            focus,
            mark,
        } => {
            if let Some(mark) = mark {
                model.watch.seen = mark;
            }
            loaded(model, *backlog, focus);
            // Finished cards, when the filter shows them, are read again too.
            let mut effects = filter::finished_wanted(model);
            // Anything may have changed: read the readiness again if it was held.
            if model.ready.items.take().is_some() {
                model.ready.owing.clear();
                effects.push(Effect::LoadReadiness);
            }
            effects
        }
        Msg::Detail(detail) => {
            // A jump that found its item has nothing to go back to.
            if matches!(model.retry.as_deref(), Some(Mode::Prompt(p)) if p.purpose == PromptFor::Jump)
            {
                model.retry = None;
            }
            if model.detail.as_ref().map(|d| d.item.id) != Some(detail.item.id) {
                model.detail_scroll = 0;
            }
            model.detail = Some(*detail);
            if !matches!(model.view, View::Detail | View::Refine) {
                model.back = model.view;
                model.view = View::Detail;
            }
            nav::settle(model);
            Vec::new()
        }
        Msg::Summary(summary) => {
            meeting::summary(model, summary);
            nav::settle(model);
            Vec::new()
        }
        Msg::Clock { now, today } => {
            model.now = now;
            model.today = today;
            Vec::new()
        }
        Msg::Readiness { open, owing } => {
            model.ready.items = Some(open);
            model.ready.owing = owing;
            // The plan on screen follows the backlog read again.
            if model.view == View::Plan {
                plan::replan(model);
            }
            match model.ready.pending.take() {
                Some(Action::Refine) => meeting::open_refine(model),
                Some(Action::Plan) => plan::open_plan(model),
                _ => Vec::new(),
            }
        }
        Msg::Since(id) => {
            if let Some(m) = model.meeting.as_mut() {
                m.since = id;
            }
            Vec::new()
        }
        Msg::Roadmap { data, show } => {
            model.roadmap = Some(*data);
            if show {
                if model.view != View::Roadmap {
                    model.detail_scroll = 0;
                }
                model.view = View::Roadmap;
                nav::settle(model);
            }
            Vec::new()
        }
        Msg::Dashboard(data) => {
            dashboard::shown(model, *data);
            Vec::new()
        }
        Msg::Said(text) => {
            // What was on its way is done: nothing to go back to.
            model.retry = None;
            model.say(text);
            Vec::new()
        }
        Msg::Warm => {
            let mut effects = Vec::new();
            if !model.data.cards.has_texts() {
                effects.push(Effect::LoadSearchIndex);
            }
            if model.ready.items.is_none() {
                effects.push(Effect::LoadReadiness);
            }
            effects
        }
        Msg::Item { item, then } => {
            start::start_with(model, then, &item);
            Vec::new()
        }
        Msg::Described { id, text } => {
            reason::ask_reason(model, Change::description(id, text), false);
            Vec::new()
        }
        Msg::SearchIndex(texts) => {
            model.data.cards.set_texts(texts);
            filter::refilter(model, false);
            Vec::new()
        }
        Msg::Finished(finished) => {
            let (cards, texts) = *finished;
            if model.shown.filter.wants_finished() {
                model.data.cards.set_finished(cards, texts);
                filter::refilter(model, false);
            }
            Vec::new()
        }
        Msg::Labelled(ids) => {
            model.shown.found.labelled = Some(ids);
            filter::refilter(model, false);
            Vec::new()
        }
        Msg::Sourced(ids) => {
            model.shown.found.sourced = Some(ids);
            filter::refilter(model, false);
            Vec::new()
        }
        Msg::Done {
            message,
            focus,
            touched,
            mark,
        } => {
            model.retry = None;
            model.say(message);
            if let Some(mark) = mark {
                model.watch.seen = mark;
            }
            reread(model, touched, focus)
        }
        Msg::Elsewhere { news, held } => outside::heard(model, *news, held.map(|h| *h)),
        Msg::Cards { updates, focus } => {
            for f in &updates {
                if let Some(ready) = model.ready.items.as_mut() {
                    match &f.readiness {
                        Some(r) => {
                            ready.insert(f.id, r.clone());
                        }
                        None => {
                            ready.remove(&f.id);
                        }
                    }
                }
                model.ready.owing.retain(|o| o.key.id != f.id);
                model.ready.owing.extend(f.owing.clone());
            }
            filter::refresh(model, updates, focus);
            if model.view == View::Plan {
                plan::replan(model);
            }
            Vec::new()
        }
        Msg::Tried { id, result } => visit::tried(model, id, result),
        Msg::Left(leave) => visit::left(model, leave),
        Msg::Failed(message) => {
            visit::not_written(model);
            reason::retry(model, Some(&message));
            model.warn(message);
            Vec::new()
        }
    }
}

/// Reads again what changed: the cards of `touched` (`None`: the whole
/// backlog), and the detail or roadmap on screen (the themes screen's counts
/// are the roadmap's).
pub(super) fn reread(
    model: &mut Model,
    touched: Option<Vec<i64>>,
    focus: Option<i64>,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Some(ids) = touched {
        effects.push(Effect::Refresh { ids, focus });
    } else {
        // Anything may have changed: search text is read again when needed.
        model.data.cards.forget_texts();
        effects.push(Effect::Reload { focus });
        if !model.shown.search.is_empty() {
            effects.push(Effect::LoadSearchIndex);
        }
    }
    effects.extend(model.shown.filter.lookups());
    match model.view {
        View::Detail | View::Refine => {
            // A refinement visit's item is shown as its pending changes leave it.
            if let Some(show) = visit::show(model) {
                effects.push(show);
            } else if let Some(id) = model.detail.as_ref().map(|d| d.item.id) {
                effects.push(Effect::LoadDetail(id));
            }
        }
        // The themes screen counts open items and effort as the roadmap does.
        View::Roadmap => effects.push(Effect::LoadRoadmap { show: true }),
        View::Themes => effects.push(Effect::LoadRoadmap { show: false }),
        View::Dashboard => effects.push(dashboard::load(model)),
        _ => {}
    }
    effects
}

fn loaded(model: &mut Model, backlog: Backlog, focus: Option<i64>) {
    let keep = focus.or_else(|| model.selected_card().map(|c| c.id));
    let texts = model.data.cards.take_texts();
    model.data = backlog;
    if let Some(texts) = texts {
        model.data.cards.set_texts(texts);
    }
    model.shown.counts = model.data.counts();
    if model.data.empty {
        // The rules can be set before the first item; everything else waits.
        if !matches!(model.view, View::Themes | View::Policy) {
            model.view = View::Welcome;
        }
    } else if model.view == View::Welcome {
        model.view = View::Board;
    }
    filter::refilter(model, false);
    if let Some(id) = keep {
        nav::select_id(model, id);
    }
    // Never start on an empty lane while others hold items.
    if model.shown.columns[model.board.column].is_empty() {
        if let Some(col) = (0..5).find(|c| !model.shown.columns[*c].is_empty()) {
            model.board.column = col;
        }
    }
    nav::settle(model);
}

//! Narrowing what is shown: incremental search, the filter bar and list
//! sorting, and working out what passes them.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::terms::{FilterSpec, Found};
use super::{nav, Effect, Fresh, Mode, Model};
use crate::domain::filter::fold;
use crate::domain::sort::{self, SortBy};
use crate::tui::input::Input;

/// Sorts the list by `by`; the column it is sorted by already turns around.
pub fn sort_by(model: &mut Model, by: SortBy) {
    if model.list.sort == by && by != SortBy::Rank {
        model.list.reverse = !model.list.reverse;
    } else {
        model.list.sort = by;
        model.list.reverse = false;
    }
    refilter(model, false);
    model.say(format!(
        "sorted by {}, {}{}",
        by.name(),
        by.words(model.list.reverse),
        if model.list.reverse {
            ""
        } else {
            " (again to reverse)"
        }
    ));
}

pub fn sort_rank(model: &mut Model) {
    model.list.sort = SortBy::Rank;
    model.list.reverse = false;
    refilter(model, false);
    model.say("back in rank order");
}

pub fn start_search(model: &mut Model) -> Vec<Effect> {
    model.mode = Mode::Search(Input::new(&model.shown.search));
    // The bar takes a line from the body: keep the selection on screen.
    nav::settle(model);
    if model.data.cards.has_texts() {
        Vec::new()
    } else {
        vec![Effect::LoadSearchIndex]
    }
}

pub fn search_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Search(input) = &mut model.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            model.mode = Mode::Normal;
            model.shown.search.clear();
            refilter(model, false);
        }
        KeyCode::Enter => {
            model.mode = Mode::Normal;
            nav::settle(model);
            if !model.shown.search.is_empty() {
                model.say(format!(
                    "{} matching \"{}\"",
                    model.shown.visible.len(),
                    model.shown.search
                ));
            }
        }
        KeyCode::Down | KeyCode::Up => {
            let delta = if key.code == KeyCode::Down { 1 } else { -1 };
            nav::step(model, delta);
        }
        _ => {
            if input.handle(key) {
                let text = input.text().to_string();
                let narrower = text.starts_with(&model.shown.search);
                model.shown.search = text;
                refilter(model, narrower);
            }
        }
    }
    Vec::new()
}

pub fn start_filter(model: &mut Model) {
    model.mode = Mode::Filter(Input::new(&model.shown.filter.text));
    nav::settle(model);
    model.say(
        "terms lane: status: severity: horizon: owner: theme: label: blocked: source: (e.g. lane:inbox status:done sev:S1)",
    );
}

pub fn filter_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Filter(input) = &mut model.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            model.mode = Mode::Normal;
            model.note = None;
            nav::settle(model);
        }
        KeyCode::Enter => match FilterSpec::parse(input.text(), &model.data.themes) {
            Ok(spec) => {
                model.mode = Mode::Normal;
                model.shown.filter = spec;
                model.shown.found = Found::default();
                let mut effects = finished_wanted(model);
                refilter(model, false);
                model.say(if model.shown.filter.is_empty() {
                    "filter cleared".to_string()
                } else {
                    format!("filter: {}", model.shown.filter.text)
                });
                effects.extend(model.shown.filter.lookups());
                return effects;
            }
            Err(e) => model.warn(e),
        },
        _ => {
            input.handle(key);
        }
    }
    Vec::new()
}

pub fn clear(model: &mut Model) {
    model.shown.search.clear();
    model.shown.filter = FilterSpec::default();
    model.shown.found = Found::default();
    model.data.cards.drop_finished();
    refilter(model, false);
}

/// Reads the finished cards when the filter asks for them and they are not
/// held; lets them go when it no longer does.
pub fn finished_wanted(model: &mut Model) -> Vec<Effect> {
    let wanted = model.shown.filter.wants_finished();
    if wanted && !model.data.cards.has_finished() {
        return vec![Effect::LoadFinished];
    }
    if !wanted && model.data.cards.has_finished() {
        model.data.cards.drop_finished();
    }
    Vec::new()
}

/// Puts fresh cards in their rank places (and takes away those no longer
/// held), with their search text, without reading the whole backlog again.
pub fn refresh(model: &mut Model, updates: Vec<Fresh>, focus: Option<i64>) {
    let keep = focus.or_else(|| model.selected_card().map(|c| c.id));
    for Fresh {
        id,
        card,
        search_text,
        ..
    } in updates
    {
        model.data.cards.put(id, card, search_text);
    }
    model.shown.counts = model.data.counts();
    if !model.data.cards.open().is_empty() {
        model.data.empty = false;
        if model.view == super::View::Welcome {
            model.view = super::View::Board;
        }
    }
    refilter(model, false);
    if let Some(id) = keep {
        nav::select_id(model, id);
    }
    nav::settle(model);
}

/// Recomputes what is shown. `narrower` says the new search only adds to the
/// old one, so only what matched before needs looking at.
pub fn refilter(model: &mut Model, narrower: bool) {
    let query = fold(&model.shown.search);
    let found = &model.shown.found;
    let deck = &model.data.cards;
    let cards = deck.all();
    let keep_id = model.selected_card().map(|c| c.id);
    // An id (`52`) matches whole, so it is not a narrowing of `5`.
    let narrower = narrower && crate::tui::deck::query_id(&query).is_none();
    let visible: Vec<usize> = if narrower && model.list.sort == SortBy::Rank && !model.list.reverse
    {
        model
            .shown
            .visible
            .iter()
            .copied()
            .filter(|i| deck.matches(*i, &query))
            .collect()
    } else {
        (0..cards.len())
            .filter(|i| model.shown.filter.passes(&cards[*i], found) && deck.matches(*i, &query))
            .collect()
    };
    let mut columns: [Vec<usize>; 5] = Default::default();
    for &i in &visible {
        columns[cards[i].column()].push(i);
    }
    let mut visible = visible;
    sort::sort(&mut visible, cards, model.list.sort, model.list.reverse);
    model.shown.visible = visible;
    model.shown.columns = columns;
    // A selection that is no longer shown goes back to the top, so the best
    // matches are on screen rather than the last few.
    let kept = keep_id.and_then(|id| model.data.cards.index_of(id));
    if !kept.is_some_and(|k| model.shown.visible.contains(&k)) {
        model.list.selected = 0;
        model.list.top = 0;
    }
    for col in 0..5 {
        if model.board.selected[col] >= model.shown.columns[col].len() {
            model.board.selected[col] = 0;
            model.board.top[col] = 0;
        }
    }
    if let Some(id) = keep_id {
        nav::select_id(model, id);
    }
    nav::settle(model);
}

//! Narrowing what is shown: incremental search, the filter bar, and list sorting.

use std::cmp::Ordering;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{nav, Effect, Fresh, Mode, Model};
use crate::domain::filter::fold;
use crate::domain::record::find_theme;
use crate::domain::{rank, Card, Horizon, Lane, Theme};
use crate::tui::input::Input;

/// The filter bar's terms. Empty means everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterSpec {
    /// `None` inside stands for the Inbox.
    pub lanes: Vec<Option<Lane>>,
    pub horizon: Option<Horizon>,
    pub owner: Option<String>,
    pub theme: Option<i64>,
    pub label: Option<String>,
    /// As the user typed it.
    pub text: String,
}

impl FilterSpec {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Parses `lane:hotfix horizon:now owner:ana theme:2 label:web` (values may be
    /// quoted; `lane:` may repeat).
    pub fn parse(text: &str, themes: &[Theme]) -> Result<FilterSpec, String> {
        let mut spec = FilterSpec {
            text: text.trim().to_string(),
            ..FilterSpec::default()
        };
        for (key, value) in terms(text)? {
            match key.as_str() {
                "lane" => spec.lanes.push(if value.eq_ignore_ascii_case("inbox") {
                    None
                } else {
                    Some(Lane::parse(&value).map_err(|e| e.to_string())?)
                }),
                "horizon" => {
                    spec.horizon = Some(Horizon::parse(&value).map_err(|e| e.to_string())?);
                }
                "owner" => spec.owner = Some(value),
                "label" => spec.label = Some(value),
                "theme" => {
                    spec.theme = Some(find_theme(themes, &value).map_err(|e| e.to_string())?.id);
                }
                other => {
                    return Err(format!(
                        "unknown filter '{other}:': use lane:, horizon:, owner:, theme: or label:"
                    ))
                }
            }
        }
        Ok(spec)
    }

    pub fn passes(&self, card: &Card, labelled: Option<&std::collections::HashSet<i64>>) -> bool {
        (self.lanes.is_empty() || self.lanes.contains(&card.lane))
            && self.horizon.is_none_or(|h| card.horizon == h)
            && self.owner.as_ref().is_none_or(|o| {
                card.owner
                    .as_ref()
                    .is_some_and(|co| crate::domain::filter::same_name(co, o))
            })
            && self.theme.is_none_or(|t| card.theme == Some(t))
            && (self.label.is_none() || labelled.is_some_and(|l| l.contains(&card.id)))
    }
}

/// Splits `key:value key:"two words"` into pairs.
fn terms(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once(':') else {
            return Err(format!(
                "'{}' is not a filter: write key:value, e.g. lane:hotfix owner:ana",
                rest.split_whitespace().next().unwrap_or(rest)
            ));
        };
        if key.contains(char::is_whitespace) || key.is_empty() {
            return Err(format!(
                "'{}' is not a filter: write key:value, e.g. lane:hotfix owner:ana",
                key.split_whitespace().next().unwrap_or(key)
            ));
        }
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let end = q
                .find('"')
                .ok_or_else(|| format!("the quote after {key}: is not closed"))?;
            (&q[..end], &q[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        if value.trim().is_empty() {
            return Err(format!("{key}: needs a value"));
        }
        out.push((key.to_ascii_lowercase(), value.trim().to_string()));
        rest = next.trim_start();
    }
    Ok(out)
}

/// How the list is ordered: rank, or one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Rank,
    Score,
    Severity,
    Due,
    Owner,
    Lane,
    Title,
    Id,
}

impl Sort {
    const CYCLE: [Sort; 8] = [
        Sort::Rank,
        Sort::Score,
        Sort::Severity,
        Sort::Due,
        Sort::Owner,
        Sort::Lane,
        Sort::Title,
        Sort::Id,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Sort::Rank => "rank",
            Sort::Score => "score",
            Sort::Severity => "severity",
            Sort::Due => "due",
            Sort::Owner => "owner",
            Sort::Lane => "lane",
            Sort::Title => "title",
            Sort::Id => "id",
        }
    }

    /// Orders `visible` (indices into `cards`, in rank order) by this column.
    /// Blanks sort last; ties keep rank order (every sort here is stable).
    fn apply(self, visible: &mut [usize], cards: &[Card]) {
        fn some_first<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
            match (a, b) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        let card = |i: &usize| &cards[*i];
        match self {
            Sort::Rank => {}
            // Text keys are lower-cased once per card, not once per comparison.
            Sort::Title => visible.sort_by_cached_key(|i| card(i).title.to_lowercase()),
            Sort::Owner => visible.sort_by_cached_key(|i| {
                let owner = card(i).owner.as_ref().map(|o| o.to_lowercase());
                (owner.is_none(), owner)
            }),
            Sort::Score => visible.sort_by(|a, b| match (card(a).score, card(b).score) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (x, y) => some_first(x.map(|_| 0), y.map(|_| 0)),
            }),
            Sort::Severity => {
                visible.sort_by(|a, b| some_first(card(a).severity, card(b).severity));
            }
            Sort::Due => visible.sort_by(|a, b| some_first(card(a).due, card(b).due)),
            Sort::Lane => visible.sort_by(|a, b| some_first(card(a).lane, card(b).lane)),
            Sort::Id => visible.sort_by_key(|i| card(i).id),
        }
    }
}

pub fn sort_next(model: &mut Model) {
    let at = Sort::CYCLE
        .iter()
        .position(|s| *s == model.list.sort)
        .unwrap_or(0);
    model.list.sort = Sort::CYCLE[(at + 1) % Sort::CYCLE.len()];
    refilter(model, false);
    model.say(format!("sorted by {}", model.list.sort.name()));
}

pub fn sort_rank(model: &mut Model) {
    model.list.sort = Sort::Rank;
    refilter(model, false);
    model.say("back in rank order");
}

pub fn start_search(model: &mut Model) -> Vec<Effect> {
    model.mode = Mode::Search(Input::new(&model.search));
    // The bar takes a line from the body: keep the selection on screen.
    nav::settle(model);
    if model.haystack.is_none() {
        return vec![Effect::LoadSearchIndex];
    }
    Vec::new()
}

pub fn search_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Search(input) = &mut model.mode else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            model.mode = Mode::Normal;
            model.search.clear();
            refilter(model, false);
        }
        KeyCode::Enter => {
            model.mode = Mode::Normal;
            nav::settle(model);
            if !model.search.is_empty() {
                model.say(format!(
                    "{} matching \"{}\"",
                    model.visible.len(),
                    model.search
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
                let narrower = text.starts_with(&model.search);
                model.search = text;
                refilter(model, narrower);
            }
        }
    }
    Vec::new()
}

pub fn start_filter(model: &mut Model) {
    model.mode = Mode::Filter(Input::new(&model.filter.text));
    nav::settle(model);
    model.say(
        "terms: lane:L horizon:H owner:NAME theme:ID-or-name label:L (e.g. lane:hotfix owner:ana) — Enter applies, Esc cancels",
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
                let label = spec.label.clone();
                model.filter = spec;
                model.labelled = None;
                refilter(model, false);
                model.say(if model.filter.is_empty() {
                    "filter cleared".to_string()
                } else {
                    format!("filter: {}", model.filter.text)
                });
                if let Some(label) = label {
                    return vec![Effect::LoadLabel(label)];
                }
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
    model.search.clear();
    model.filter = FilterSpec::default();
    model.labelled = None;
    refilter(model, false);
}

/// What incremental search looks through for one card.
fn hay(c: &Card, text: Option<&String>) -> String {
    let mut s = fold(&c.title);
    if let Some(o) = &c.owner {
        s.push('\n');
        s.push_str(&fold(o));
    }
    if let Some(t) = text {
        s.push('\n');
        s.push_str(t);
    }
    s
}

/// Lines up lower-cased search text with the cards.
pub fn build_haystack(model: &mut Model) {
    let Some(texts) = &model.search_texts else {
        return;
    };
    let hay = model
        .data
        .cards
        .iter()
        .map(|c| hay(c, texts.get(&c.id)))
        .collect();
    model.haystack = Some(hay);
}

/// Puts fresh cards in their rank places (and takes away those no longer open),
/// keeping the search text lined up, without reading the whole backlog again.
pub fn refresh(model: &mut Model, updates: Vec<Fresh>, focus: Option<i64>) {
    let keep = focus.or_else(|| model.selected_card().map(|c| c.id));
    for Fresh {
        id,
        card,
        search_text: text,
        ..
    } in updates
    {
        if let Some(pos) = model.data.cards.iter().position(|c| c.id == id) {
            model.data.cards.remove(pos);
            if let Some(h) = model.haystack.as_mut() {
                h.remove(pos);
            }
        }
        if let Some(texts) = model.search_texts.as_mut() {
            match &text {
                Some(t) if !t.is_empty() => {
                    texts.insert(id, t.clone());
                }
                _ => {
                    texts.remove(&id);
                }
            }
        }
        if let Some(card) = card {
            let key = card.rank_key();
            let at = model
                .data
                .cards
                .partition_point(|c| rank::compare(&c.rank_key(), &key).is_lt());
            if let Some(h) = model.haystack.as_mut() {
                h.insert(at, hay(&card, text.as_ref().filter(|t| !t.is_empty())));
            }
            model.data.cards.insert(at, card);
        }
    }
    model.counts = model.data.counts();
    if !model.data.cards.is_empty() {
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
    let query = fold(&model.search);
    let labelled = model.labelled.as_ref();
    let cards = &model.data.cards;
    let matches = |i: usize| -> bool {
        if query.is_empty() {
            return true;
        }
        match &model.haystack {
            Some(hay) => hay[i].contains(&query),
            None => fold(&cards[i].title).contains(&query),
        }
    };
    let keep_id = model.selected_card().map(|c| c.id);
    let visible: Vec<usize> = if narrower && model.list.sort == super::Sort::Rank {
        model
            .visible
            .iter()
            .copied()
            .filter(|i| matches(*i))
            .collect()
    } else {
        (0..cards.len())
            .filter(|i| model.filter.passes(&cards[*i], labelled) && matches(*i))
            .collect()
    };
    let mut columns: [Vec<usize>; 5] = Default::default();
    for &i in &visible {
        columns[cards[i].column()].push(i);
    }
    let mut visible = visible;
    model.list.sort.apply(&mut visible, cards);
    model.visible = visible;
    model.columns = columns;
    // A selection that is no longer shown goes back to the top, so the best
    // matches are on screen rather than the last few.
    let kept = keep_id.and_then(|id| model.data.cards.iter().position(|c| c.id == id));
    if !kept.is_some_and(|k| model.visible.contains(&k)) {
        model.list.selected = 0;
        model.list.top = 0;
    }
    for col in 0..5 {
        if model.board.selected[col] >= model.columns[col].len() {
            model.board.selected[col] = 0;
            model.board.top[col] = 0;
        }
    }
    if let Some(id) = keep_id {
        nav::select_id(model, id);
    }
    nav::settle(model);
}

//! The TUI's state and its one `update`: a message in, effects out. No drawing, no
//! store, no terminal here, so every behaviour is testable with plain values.

mod card;
mod change;
mod commit;
pub mod dashboard;
mod estimate;
mod field_prompts;
mod files;
mod filter;
mod forms;
mod jump;
mod keys;
pub mod meeting;
mod message;
mod nav;
pub mod outside;
mod pick;
mod plan;
mod policy;
mod postmortem;
mod prompt;
mod reason;
mod start;
mod terms;
mod themes;
mod visit;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::data::{Backlog, Detail, PlanData, RoadmapData};
use super::face;
use super::form::Form;
use super::input::Input;
use super::keymap::{Action, Keymap, Scope};
use super::layout::{self, Areas};
use crate::domain::refine::Facts;
use crate::domain::{Card, Readiness};
use crate::store::Mark;

pub use crate::domain::sort::SortBy;
pub use crate::tui::screens::View;
pub use card::ScoreCard;
pub use change::Change;
pub use estimate::Estimation;
pub use meeting::{Meeting, Summary};
pub use message::{Effect, Fresh, Msg};
pub use pick::{Choice, Pick};
pub use postmortem::Postmortem;
pub use prompt::{Prompt, PromptFor};
pub use terms::{FilterSpec, Found};
pub use visit::{Leave, Visit};

/// What has the keyboard: the view itself, or something drawn over it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    #[default]
    Normal,
    Help,
    /// Typing the incremental search.
    Search(Input),
    /// Typing the filter (`lane:hotfix owner:ana`).
    Filter(Input),
    Prompt(Prompt),
    Pick(Pick),
    Form(Box<Form>),
    /// An estimation round in refinement mode.
    Estimate(Box<Estimation>),
    /// The score card: value, impact, risk and effort in turn.
    Card(Box<ScoreCard>),
}

/// A line on the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, Default)]
pub struct BoardNav {
    /// 0 is the Inbox, then the lanes.
    pub column: usize,
    pub selected: [usize; 5],
    pub top: [usize; 5],
}

/// Where the themes and policy screens stand.
#[derive(Debug, Clone, Default)]
pub struct SetupNav {
    /// The selected theme, by its place in `data.themes`.
    pub theme: usize,
    /// The selected rule, by its place on the policy screen.
    pub rule: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ListNav {
    pub selected: usize,
    pub top: usize,
    pub sort: SortBy,
    /// The sorted column runs the other way.
    pub reverse: bool,
}

pub struct Model {
    pub view: View,
    /// Where `Esc` from the detail goes back to.
    pub back: View,
    pub mode: Mode,
    /// The form or prompt behind the reason prompt, while a change is on its way.
    pub retry: Option<Box<Mode>>,
    pub data: Backlog,
    /// Indices into `data.cards` (the deck) that pass the search and filter, in list order.
    pub visible: Vec<usize>,
    /// Per board column, indices into `data.cards` in rank order.
    pub columns: [Vec<usize>; 5],
    /// Open items per column before any search or filter.
    pub counts: [usize; 5],
    pub board: BoardNav,
    pub list: ListNav,
    pub setup: SetupNav,
    pub detail: Option<Detail>,
    pub detail_scroll: u16,
    pub meeting: Option<Meeting>,
    pub plan: Option<PlanData>,
    pub plan_selected: usize,
    /// The first plan row on screen.
    pub plan_top: usize,
    pub roadmap: Option<RoadmapData>,
    pub dashboard: dashboard::Dashboard,
    pub help_scroll: u16,
    pub search: String,
    pub filter: FilterSpec,
    /// What the store found for the filter's label and source terms.
    pub found: Found,
    pub note: Option<Note>,
    pub width: u16,
    pub height: u16,
    pub keymap: Keymap,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    /// Each open item's readiness for refinement and planning; read after the
    /// first frame, kept up to date with the cards.
    pub readiness: Option<HashMap<i64, Readiness>>,
    /// Finished hot fixes owing a post-mortem.
    pub owing: Vec<Facts>,
    /// What to open once the readiness arrives.
    pub pending: Option<Action>,
    /// False under `NO_COLOR`.
    pub color: bool,
    pub quit: bool,
    /// Where the TUI's reading of the store stands: news of changes made
    /// elsewhere is what came after it.
    pub seen: Mark,
    /// Inputs not to act on: the one that aimed at what was just changed
    /// elsewhere, and the next, which acknowledges the news (so the second
    /// key of `m b` does not become a command of its own).
    pub swallow: u8,
    /// The next key leaves the status line as it is (news from elsewhere that
    /// came with it).
    pub keep_note: bool,
    /// The directory of the open backlog, where meeting notes go unless
    /// another path is typed.
    pub backlog_dir: std::path::PathBuf,
}

impl Model {
    pub fn new(keymap: Keymap, today: NaiveDate, width: u16, height: u16) -> Model {
        Model {
            view: View::Board,
            back: View::Board,
            mode: Mode::Normal,
            retry: None,
            data: Backlog::default(),
            visible: Vec::new(),
            columns: Default::default(),
            counts: [0; 5],
            board: BoardNav::default(),
            list: ListNav::default(),
            setup: SetupNav::default(),
            detail: None,
            detail_scroll: 0,
            meeting: None,
            plan: None,
            plan_selected: 0,
            plan_top: 0,
            roadmap: None,
            dashboard: dashboard::Dashboard::default(),
            help_scroll: 0,
            search: String::new(),
            filter: FilterSpec::default(),
            found: Found::default(),
            note: None,
            width,
            height,
            keymap,
            today,
            now: today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
            readiness: None,
            owing: Vec::new(),
            pending: None,
            color: true,
            quit: false,
            seen: Mark::default(),
            swallow: 0,
            keep_note: false,
            backlog_dir: std::path::PathBuf::from("."),
        }
    }

    /// The key map scope of what is on screen.
    pub fn scope(&self) -> Scope {
        self.view.into()
    }

    /// The card under the cursor in the board or list.
    pub fn selected_card(&self) -> Option<&Card> {
        let index = match self.view {
            View::Board | View::Detail if self.back_or_view() == View::Board => {
                let col = &self.columns[self.board.column];
                col.get(self.board.selected[self.board.column]).copied()
            }
            View::List | View::Detail => self.visible.get(self.list.selected).copied(),
            _ => None,
        };
        index.and_then(|i| self.data.cards.get(i))
    }

    fn back_or_view(&self) -> View {
        if self.view == View::Detail {
            self.back
        } else {
            self.view
        }
    }

    /// The item actions apply to: the open detail, the refinement item, the
    /// selected plan row, else the selected card.
    pub fn target(&self) -> Option<i64> {
        match self.view {
            View::Detail => return self.detail.as_ref().map(|d| d.item.id),
            View::Refine => return self.meeting.as_ref()?.current().map(|e| e.id),
            View::Plan => {
                return self
                    .plan
                    .as_ref()?
                    .rows
                    .get(self.plan_selected)
                    .map(|r| r.id)
            }
            View::Dashboard => return dashboard::selected(self),
            View::Summary | View::Roadmap | View::Welcome | View::Themes | View::Policy => {
                return None
            }
            View::Board | View::List => {}
        }
        self.selected_card().map(|c| c.id)
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.note = Some(Note {
            text: text.into(),
            error: false,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.note = Some(Note {
            text: text.into(),
            error: true,
        });
    }

    /// Forgets the search text, so it is read again when next needed.
    pub fn search_texts_stale(&mut self) {
        self.data.cards.forget_texts();
    }

    /// The board shows the Inbox column only while it holds items.
    pub fn inbox_shown(&self) -> bool {
        self.counts[0] > 0
    }

    /// True while a search or filter narrows what is shown.
    pub fn narrowed(&self) -> bool {
        !self.search.is_empty() || !self.filter.is_empty()
    }

    /// The search and filter bar is on screen: while either narrows what is
    /// shown, and while one is being typed.
    pub fn bar_shown(&self) -> bool {
        self.narrowed() || matches!(self.mode, Mode::Search(_) | Mode::Filter(_))
    }

    /// Where things go on a screen of `width`×`height`. `update` (scrolling,
    /// clicks) and the views both call this, so they always agree.
    pub fn areas_in(&self, width: u16, height: u16) -> Areas {
        layout::areas(width, height, self.bar_shown())
    }

    /// Where things go on the model's screen.
    pub fn areas(&self) -> Areas {
        self.areas_in(self.width, self.height)
    }

    /// The text width of board column `col` on screen.
    pub fn column_width(&self, col: usize) -> usize {
        layout::board_columns(self.areas().body, self.inbox_shown())
            .into_iter()
            .find(|(c, _)| *c == col)
            .map_or(0, |(_, r)| layout::column_width(r))
    }

    /// Lines each card of board column `col` takes, by its place in the column.
    pub fn card_heights(&self, col: usize) -> impl Fn(usize) -> usize + '_ {
        let width = self.column_width(col);
        move |i| {
            self.columns[col]
                .get(i)
                .and_then(|&c| self.data.cards.get(c))
                .map_or(1, |c| face::face(c, width, self.today).height())
        }
    }

    /// How many cards of board column `col` fit on screen from `top`.
    pub fn board_fit(&self, col: usize, top: usize) -> usize {
        let rows = layout::column_rows(self.areas().body);
        layout::cards_fitting(top, rows, self.columns[col].len(), self.card_heights(col))
    }
}

/// The one place state changes.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut effects = handle(model, msg);
    // A change joining a refinement visit is tried in the store first.
    effects.extend(visit::outgoing(model));
    effects
}

fn handle(model: &mut Model, msg: Msg) -> Vec<Effect> {
    if matches!(msg, Msg::Key(_) | Msg::Click { .. } | Msg::Wheel { .. }) && model.swallow > 0 {
        model.swallow -= 1;
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
                model.seen = mark;
            }
            loaded(model, *backlog, focus);
            // Finished cards, when the filter shows them, are read again too.
            let mut effects = filter::finished_wanted(model);
            // Anything may have changed: read the readiness again if it was held.
            if model.readiness.take().is_some() {
                model.owing.clear();
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
            model.readiness = Some(open);
            model.owing = owing;
            // The plan on screen follows the backlog read again.
            if model.view == View::Plan {
                plan::replan(model);
            }
            match model.pending.take() {
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
        Msg::Roadmap(roadmap) => {
            model.roadmap = Some(*roadmap);
            if model.view != View::Roadmap {
                model.detail_scroll = 0;
            }
            model.view = View::Roadmap;
            nav::settle(model);
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
            if model.readiness.is_none() {
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
            if model.filter.wants_finished() {
                model.data.cards.set_finished(cards, texts);
                filter::refilter(model, false);
            }
            Vec::new()
        }
        Msg::Labelled(ids) => {
            model.found.labelled = Some(ids);
            filter::refilter(model, false);
            Vec::new()
        }
        Msg::Sourced(ids) => {
            model.found.sourced = Some(ids);
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
                model.seen = mark;
            }
            reread(model, touched, focus)
        }
        Msg::Elsewhere { news, held } => outside::heard(model, *news, held.map(|h| *h)),
        Msg::Cards { updates, focus } => {
            for f in &updates {
                if let Some(ready) = model.readiness.as_mut() {
                    match &f.readiness {
                        Some(r) => {
                            ready.insert(f.id, r.clone());
                        }
                        None => {
                            ready.remove(&f.id);
                        }
                    }
                }
                model.owing.retain(|o| o.key.id != f.id);
                model.owing.extend(f.owing.clone());
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
/// backlog), and the detail or roadmap on screen.
fn reread(model: &mut Model, touched: Option<Vec<i64>>, focus: Option<i64>) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Some(ids) = touched {
        effects.push(Effect::Refresh { ids, focus });
    } else {
        // Anything may have changed: search text is read again when needed.
        model.data.cards.forget_texts();
        effects.push(Effect::Reload { focus });
        if !model.search.is_empty() {
            effects.push(Effect::LoadSearchIndex);
        }
    }
    effects.extend(model.filter.lookups());
    match model.view {
        View::Detail | View::Refine => {
            // A refinement visit's item is shown as its pending changes leave it.
            if let Some(show) = visit::show(model) {
                effects.push(show);
            } else if let Some(id) = model.detail.as_ref().map(|d| d.item.id) {
                effects.push(Effect::LoadDetail(id));
            }
        }
        View::Roadmap => effects.push(Effect::LoadRoadmap),
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
    model.counts = model.data.counts();
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
    if model.columns[model.board.column].is_empty() {
        if let Some(col) = (0..5).find(|c| !model.columns[*c].is_empty()) {
            model.board.column = col;
        }
    }
    nav::settle(model);
}

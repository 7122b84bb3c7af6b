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
mod update;
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
use update::reread;
pub use update::update;
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

impl Mode {
    /// Where a form, prompt or score card keeps the reason typed for its
    /// change while it is open again after the change came back to it.
    pub fn kept_reason(&mut self) -> Option<&mut String> {
        match self {
            Mode::Form(f) => Some(&mut f.reason),
            Mode::Prompt(p) => Some(&mut p.reason),
            Mode::Card(c) => Some(&mut c.reason),
            _ => None,
        }
    }
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
    /// The first card on screen in each column: the smallest that shows its
    /// selection at the current size (`nav::settle` sets it).
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

/// What the board and list show: the search and filter typed, what the store
/// found for them, and the cards that pass, as indices into the deck.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub search: String,
    pub filter: FilterSpec,
    /// What the store found for the filter's label and source terms.
    pub found: Found,
    /// Indices into `data.cards` (the deck) that pass the search and filter, in list order.
    pub visible: Vec<usize>,
    /// Per board column, indices into `data.cards` in rank order.
    pub columns: [Vec<usize>; 5],
    /// Open items per column before any search or filter.
    pub counts: [usize; 5],
}

/// What refinement and planning need beyond the cards, read after the first
/// frame and kept up to date with them.
#[derive(Debug, Clone, Default)]
pub struct Ready {
    /// Each open item's readiness.
    pub items: Option<HashMap<i64, Readiness>>,
    /// Finished hot fixes owing a post-mortem.
    pub owing: Vec<Facts>,
    /// What to open once the readiness arrives.
    pub pending: Option<Action>,
}

/// The proposed sprint on the plan screen.
#[derive(Debug, Clone, Default)]
pub struct PlanView {
    pub data: Option<PlanData>,
    pub selected: usize,
    /// The first plan row on screen.
    pub top: usize,
}

/// How the TUI keeps up with changes made elsewhere.
#[derive(Debug, Clone, Default)]
pub struct Watch {
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
}

pub struct Model {
    pub view: View,
    /// Where `Esc` from the detail goes back to.
    pub back: View,
    pub mode: Mode,
    /// The form or prompt behind the reason prompt, while a change is on its way.
    pub retry: Option<Box<Mode>>,
    /// The cards (with their search text), the policy, the themes.
    pub data: Backlog,
    /// What passes the search and filter.
    pub shown: Shown,
    pub board: BoardNav,
    pub list: ListNav,
    pub setup: SetupNav,
    pub detail: Option<Detail>,
    /// How far the text of the detail, refinement, summary or roadmap is scrolled.
    pub detail_scroll: u16,
    pub meeting: Option<Meeting>,
    pub plan: PlanView,
    pub roadmap: Option<RoadmapData>,
    pub dashboard: dashboard::Dashboard,
    pub ready: Ready,
    pub help_scroll: u16,
    pub note: Option<Note>,
    pub width: u16,
    pub height: u16,
    pub keymap: Keymap,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    /// False under `NO_COLOR`.
    pub color: bool,
    pub quit: bool,
    pub watch: Watch,
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
            shown: Shown::default(),
            board: BoardNav::default(),
            list: ListNav::default(),
            setup: SetupNav::default(),
            detail: None,
            detail_scroll: 0,
            meeting: None,
            plan: PlanView::default(),
            roadmap: None,
            dashboard: dashboard::Dashboard::default(),
            ready: Ready::default(),
            help_scroll: 0,
            note: None,
            width,
            height,
            keymap,
            today,
            now: today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
            color: true,
            quit: false,
            watch: Watch::default(),
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
                let col = &self.shown.columns[self.board.column];
                col.get(self.board.selected[self.board.column]).copied()
            }
            View::List | View::Detail => self.shown.visible.get(self.list.selected).copied(),
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
                    .data
                    .as_ref()?
                    .rows
                    .get(self.plan.selected)
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
        self.shown.counts[0] > 0
    }

    /// True while a search or filter narrows what is shown.
    pub fn narrowed(&self) -> bool {
        !self.shown.search.is_empty() || !self.shown.filter.is_empty()
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
            self.shown.columns[col]
                .get(i)
                .and_then(|&c| self.data.cards.get(c))
                .map_or(1, |c| face::face(c, width, self.today).height())
        }
    }

    /// How many cards of board column `col` fit on screen from `top`.
    pub fn board_fit(&self, col: usize, top: usize) -> usize {
        let rows = layout::column_rows(self.areas().body);
        layout::cards_fitting(
            top,
            rows,
            self.shown.columns[col].len(),
            self.card_heights(col),
        )
    }
}

//! Moving around: selection, lanes, pages, clicks, and keeping the selection on
//! screen after anything changes.

use super::{Model, View};
use crate::domain::Card;
use crate::tui::{layout, views};

fn body(model: &Model) -> ratatui::layout::Rect {
    model.areas().body
}

/// Moves the selection by `delta` rows (clamped at either end).
pub fn step(model: &mut Model, delta: isize) {
    match model.view {
        View::Board => {
            let col = model.board.column;
            let len = model.shown.columns[col].len();
            model.board.selected[col] = clamp(model.board.selected[col], delta, len);
        }
        View::List => {
            model.list.selected = clamp(model.list.selected, delta, model.shown.visible.len());
        }
        View::Detail | View::Refine | View::Summary | View::Roadmap => {
            let limit = views::scroll_limit(model, body(model));
            let at = usize::from(model.detail_scroll)
                .saturating_add_signed(delta)
                .min(limit);
            model.detail_scroll = u16::try_from(at).unwrap_or(u16::MAX);
        }
        View::Plan => {
            let len = model.plan.data.as_ref().map_or(0, |p| p.rows.len());
            model.plan.selected = clamp(model.plan.selected, delta, len);
        }
        View::Dashboard => {
            let len = model
                .dashboard
                .data
                .as_ref()
                .map_or(0, |d| d.metrics.wip.len());
            model.dashboard.selected = clamp(model.dashboard.selected, delta, len);
        }
        View::Themes => {
            model.setup.theme = clamp(model.setup.theme, delta, model.data.themes.len());
        }
        View::Policy => model.setup.rule = clamp(model.setup.rule, delta, super::policy::count()),
        View::Welcome => {}
    }
    settle(model);
}

/// Scrolls the help overlay, no further than its last line.
pub fn help_step(model: &mut Model, delta: isize) {
    let at = usize::from(model.help_scroll)
        .saturating_add_signed(delta)
        .min(views::help_scroll_limit(model));
    model.help_scroll = u16::try_from(at).unwrap_or(u16::MAX);
}

fn clamp(at: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    at.saturating_add_signed(delta).min(len - 1)
}

/// One screen up or down.
pub fn page(model: &mut Model, direction: isize) {
    let b = body(model);
    let rows = match model.view {
        View::Board => {
            let col = model.board.column;
            model.board_fit(col, model.board.top[col])
        }
        View::Plan => views::plan_rows(model, b),
        _ => layout::list_rows(b),
    };
    step(model, direction * rows.max(1) as isize);
}

/// The next or previous board column (skipping a hidden Inbox).
pub fn column(model: &mut Model, delta: isize) {
    if model.view != View::Board {
        return;
    }
    let first = usize::from(!model.inbox_shown());
    model.board.column = model
        .board
        .column
        .saturating_add_signed(delta)
        .clamp(first, 4);
    settle(model);
}

/// Clamps every selection to what is there and scrolls it into view.
pub fn settle(model: &mut Model) {
    let b = body(model);
    if !model.inbox_shown() && model.board.column == 0 {
        model.board.column = 1;
    }
    let rows = layout::column_rows(b);
    for col in 0..5 {
        let len = model.shown.columns[col].len();
        let sel = model.board.selected[col].min(len.saturating_sub(1));
        model.board.selected[col] = sel;
        model.board.top[col] = layout::scroll_cards(rows, sel, len, model.card_heights(col));
    }
    let len = model.shown.visible.len();
    model.list.selected = model.list.selected.min(len.saturating_sub(1));
    model.list.top = layout::scroll_top(
        model.list.top,
        layout::list_rows(b),
        model.list.selected,
        len,
    );
    match model.view {
        View::Plan => {
            let len = model.plan.data.as_ref().map_or(0, |p| p.rows.len());
            model.plan.selected = model.plan.selected.min(len.saturating_sub(1));
            model.plan.top = layout::scroll_top(
                model.plan.top,
                views::plan_rows(model, b),
                model.plan.selected,
                len,
            );
        }
        View::Detail | View::Refine | View::Summary | View::Roadmap => {
            let limit = views::scroll_limit(model, b);
            if usize::from(model.detail_scroll) > limit {
                model.detail_scroll = u16::try_from(limit).unwrap_or(u16::MAX);
            }
        }
        View::Themes => {
            let len = model.data.themes.len();
            model.setup.theme = model.setup.theme.min(len.saturating_sub(1));
        }
        View::Welcome | View::Board | View::List | View::Dashboard | View::Policy => {}
    }
    if model.mode == super::Mode::Help {
        help_step(model, 0);
    }
}

/// Selects the item `id` in both board and list, when it is shown.
pub fn select_id(model: &mut Model, id: i64) {
    let Some(index) = model.data.cards.index_of(id) else {
        return;
    };
    if let Some(pos) = model.shown.visible.iter().position(|i| *i == index) {
        model.list.selected = pos;
    }
    let Some(col) = model.data.cards.get(index).map(Card::column) else {
        return;
    };
    if let Some(pos) = model.shown.columns[col].iter().position(|i| *i == index) {
        model.board.selected[col] = pos;
        if model.view == View::Board || model.back == View::Board {
            model.board.column = col;
        }
    }
    settle(model);
}

/// A left click: selects the card or row under the pointer.
pub fn click(model: &mut Model, x: u16, y: u16) {
    let b = body(model);
    if y < b.y || y >= b.y + b.height {
        return;
    }
    match model.view {
        View::Board => {
            for (col, area) in layout::board_columns(b, model.inbox_shown()) {
                if x >= area.x && x < area.x + area.width {
                    model.board.column = col;
                    if y > area.y {
                        let row = usize::from(y - area.y - 1);
                        let len = model.shown.columns[col].len();
                        let top = model.board.top[col];
                        let at = layout::card_at(top, row, len, model.card_heights(col));
                        if let Some(at) = at {
                            model.board.selected[col] = at;
                        }
                    }
                }
            }
        }
        View::List if y > b.y => {
            let at = model.list.top + usize::from(y - b.y - 1);
            if at < model.shown.visible.len() {
                model.list.selected = at;
            }
        }
        _ => {}
    }
    settle(model);
}

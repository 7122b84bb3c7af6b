//! The list: every open item in one table, in rank order unless sorted otherwise.
//! Only the rows on screen are built.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

use super::{clean, fit, highlighted, status_word, Palette};
use crate::domain::Card;
use crate::tui::app::{Model, SortBy};
use crate::tui::keymap::Action;
use crate::tui::layout;

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let wide = area.width >= 100;
    let (sort, reverse) = (model.list.sort, model.list.reverse);
    let head = |name: &'static str, by: SortBy| {
        let text = if sort == by && sort != SortBy::Rank {
            // ▼ runs from high to low (score's natural order), ▲ the other way.
            format!("{name}{}", if by.descending(reverse) { "▼" } else { "▲" })
        } else {
            name.to_string()
        };
        Cell::from(text)
    };
    let status_w: u16 = if wide { 8 } else { 5 };
    let mut header = vec![
        head("ID", SortBy::Id),
        head("LANE", SortBy::Lane),
        head(if wide { "STATUS" } else { "STAT" }, SortBy::Status),
        Cell::from("HOR"),
        head("SCORE", SortBy::Score),
        head("SEV", SortBy::Severity),
        head("DUE", SortBy::Due),
    ];
    if wide {
        header.push(head("OWNER", SortBy::Owner));
    }
    header.push(head(
        match (sort, reverse) {
            (SortBy::Rank, false) => "TITLE (rank order)",
            (SortBy::Rank, true) => "TITLE (rank order, reversed)",
            _ => "TITLE",
        },
        SortBy::Title,
    ));
    let mut widths = vec![
        Constraint::Length(7),
        Constraint::Length(9),
        Constraint::Length(status_w),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Length(10),
    ];
    if wide {
        widths.push(Constraint::Length(12));
    }
    widths.push(Constraint::Fill(1));
    let fixed: u16 = 7 + 9 + status_w + 5 + 6 + 4 + 10 + 7 + if wide { 12 + 1 } else { 0 };
    let title_width = usize::from(area.width.saturating_sub(fixed));

    let height = layout::list_rows(area);
    let top = model.list.top;
    let end = (top + height).min(model.visible.len());
    let rows: Vec<Row<'_>> = model.visible[top.min(end)..end]
        .iter()
        .enumerate()
        .filter_map(|(offset, &index)| {
            let c = model.data.cards.get(index)?;
            let mut cells = vec![
                Cell::from(format!("#{}", c.id)),
                Cell::from(Span::styled(
                    c.lane.map_or("Inbox", |l| l.as_str()),
                    p.lane(c.lane),
                )),
                Cell::from(Span::styled(
                    status_word(c.status, !wide),
                    p.status(c.status),
                )),
                Cell::from(Span::styled(
                    format!("{}{}", c.horizon, if c.pinned { "*" } else { "" }),
                    p.horizon(c.horizon),
                )),
                Cell::from(c.score.map_or_else(|| "–".into(), |s| format!("{s:.1}"))),
                Cell::from(
                    c.severity
                        .map_or(Span::raw(""), |s| Span::styled(s.as_str(), p.severity(s))),
                ),
                due(model, p, c),
            ];
            if wide {
                cells.push(Cell::from(fit(
                    &clean(c.owner.as_deref().unwrap_or("")),
                    12,
                )));
            }
            cells.push(Cell::from(Line::from(title(model, p, c, title_width))));
            let row = Row::new(cells);
            Some(if top + offset == model.list.selected {
                row.style(p.selected())
            } else {
                row
            })
        })
        .collect();
    let empty = model.visible.is_empty();
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(p.title()))
        .column_spacing(1);
    frame.render_widget(table, area);
    if empty {
        let msg = if model.narrowed() {
            "nothing matches the search and filter (Esc clears)"
        } else {
            "no open items: press a to add one"
        };
        let r = Rect::new(area.x + 1, area.y + 2, area.width.saturating_sub(2), 1);
        frame.render_widget(Line::styled(msg, p.dim()), r);
    }
}

fn due<'a>(model: &Model, p: Palette, c: &Card) -> Cell<'a> {
    match c.due {
        Some(d) if c.is_overdue(model.today) => Cell::from(Span::styled(format!("{d}"), p.warn())),
        Some(d) => Cell::from(d.to_string()),
        None => Cell::from(""),
    }
}

/// The title with its markers before it, fitted to `width`.
fn title<'a>(model: &Model, p: Palette, c: &'a Card, width: usize) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    if c.blocked && c.status.is_open() {
        spans.push(Span::styled("[blocked] ", p.warn()));
    }
    if c.is_overdue(model.today) {
        let word = if c.severity.is_some() {
            "[breached] "
        } else {
            "[overdue] "
        };
        spans.push(Span::styled(word, p.warn()));
    }
    let room = width.saturating_sub(spans.iter().map(Span::width).sum());
    let title = fit(&clean(&c.title), room);
    spans.extend(
        highlighted(&title, &model.search, Style::new(), p.matched())
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style)),
    );
    spans
}

pub struct ListScreen;

impl crate::tui::screens::Screen for ListScreen {
    const HINTS: &'static [Action] = &[
        Action::Open,
        Action::Add,
        Action::Search,
        Action::Filter,
        Action::Sort,
        Action::Board,
        Action::Help,
        Action::Quit,
    ];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }
}

//! The list: every open item in one table, in rank order unless sorted otherwise.
//! Only the rows on screen are built.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

use super::{clean, fit, highlighted, Palette};
use crate::tui::app::{Model, Sort};
use crate::tui::layout;

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let wide = area.width >= 100;
    let sort = model.list.sort;
    let head = |name: &'static str, by: Sort| {
        let text = if sort == by && sort != Sort::Rank {
            // Score sorts highest first; every other column in its natural order.
            format!("{name}{}", if by == Sort::Score { "▼" } else { "▲" })
        } else {
            name.to_string()
        };
        Cell::from(text)
    };
    let mut header = vec![
        head("ID", Sort::Id),
        head("LANE", Sort::Lane),
        Cell::from("HOR"),
        head("SCORE", Sort::Score),
        head("SEV", Sort::Severity),
        head("DUE", Sort::Due),
    ];
    if wide {
        header.push(head("OWNER", Sort::Owner));
    }
    header.push(head(
        if sort == Sort::Rank {
            "TITLE (rank order)"
        } else {
            "TITLE"
        },
        Sort::Title,
    ));
    let mut widths = vec![
        Constraint::Length(7),
        Constraint::Length(9),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Length(10),
    ];
    if wide {
        widths.push(Constraint::Length(12));
    }
    widths.push(Constraint::Fill(1));
    let fixed: u16 = if wide {
        7 + 9 + 5 + 6 + 4 + 10 + 12 + 7
    } else {
        7 + 9 + 5 + 6 + 4 + 10 + 6
    };
    let title_width = usize::from(area.width.saturating_sub(fixed));

    let height = layout::list_rows(area);
    let top = model.list.top;
    let end = (top + height).min(model.visible.len());
    let rows: Vec<Row<'_>> = model.visible[top.min(end)..end]
        .iter()
        .enumerate()
        .map(|(offset, &index)| {
            let c = &model.data.cards[index];
            let mut title_spans = Vec::new();
            if c.blocked {
                title_spans.push(Span::styled("[blocked] ", p.warn()));
            }
            if c.is_overdue(model.today) {
                let word = if c.severity.is_some() {
                    "[breached] "
                } else {
                    "[overdue] "
                };
                title_spans.push(Span::styled(word, p.warn()));
            }
            let room = title_width.saturating_sub(title_spans.iter().map(Span::width).sum());
            let title = fit(&clean(&c.title), room);
            title_spans.extend(
                highlighted(&title, &model.search, Style::new(), p.matched())
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style)),
            );
            let due = match c.due {
                Some(d) if c.is_overdue(model.today) => {
                    Cell::from(Span::styled(format!("{d}"), p.warn()))
                }
                Some(d) => Cell::from(d.to_string()),
                None => Cell::from(""),
            };
            let mut cells = vec![
                Cell::from(format!("#{}", c.id)),
                Cell::from(Span::styled(
                    c.lane.map_or("inbox", |l| l.as_str()),
                    p.lane(c.lane),
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
                due,
            ];
            if wide {
                cells.push(Cell::from(fit(
                    &clean(c.owner.as_deref().unwrap_or("")),
                    12,
                )));
            }
            cells.push(Cell::from(Line::from(title_spans)));
            let row = Row::new(cells);
            if top + offset == model.list.selected {
                row.style(p.selected())
            } else {
                row
            }
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

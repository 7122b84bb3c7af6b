//! The board: the four lanes side by side, plus the Inbox while it holds items.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;

use super::{column_lane, fit, highlighted, lane_title, Palette};
use crate::domain::Card;
use crate::tui::app::{Mode, Model};
use crate::tui::layout;

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let rows = layout::board_rows(area, model.inbox_shown());
    let three = layout::card_height(area, model.inbox_shown()) == 3;
    for (col, rect) in layout::board_columns(area, model.inbox_shown()) {
        let active = col == model.board.column;
        let lane = column_lane(col);
        let ids = &model.columns[col];
        let name = if rect.width < 20 && lane == Some(crate::domain::Lane::Bet) {
            "Bet"
        } else {
            lane_title(lane)
        };
        let title = format!(" {name} {} ", ids.len());
        let mut block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, p.lane(lane)));
        if active {
            block = block
                .border_type(BorderType::Thick)
                .border_style(p.active_border());
        }
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let top = model.board.top[col];
        let width = usize::from(inner.width);
        let mut lines: Vec<Line<'_>> = Vec::with_capacity(rows * 2);
        for (i, &index) in ids.iter().enumerate().skip(top).take(rows) {
            let card = &model.data.cards[index];
            let selected = active && i == model.board.selected[col] && model.mode != Mode::Help;
            let (head, markers, title) = card_lines(model, p, card, width, selected, three);
            lines.push(head);
            if three {
                lines.push(markers);
            }
            lines.push(title);
        }
        if ids.is_empty() {
            lines.push(Line::styled(
                if model.narrowed() {
                    "no match"
                } else {
                    "empty"
                },
                p.dim(),
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// A card's two lines: id, score, horizon and markers; then the title.
/// A card's lines: id, score, horizon and severity; the markers (blocked, due);
/// the title. With `three`, the markers get their own line, else they follow
/// on the first.
fn card_lines<'a>(
    model: &Model,
    p: Palette,
    card: &'a Card,
    width: usize,
    selected: bool,
    three: bool,
) -> (Line<'a>, Line<'a>, Line<'a>) {
    let score = card
        .score
        .map_or_else(|| "–".to_string(), |s| format!("{s:.1}"));
    let mut head = vec![
        Span::styled(format!("#{}", card.id), p.title()),
        Span::raw(format!(" {score} ")),
        Span::styled(
            format!("{}{}", card.horizon, if card.pinned { "*" } else { "" }),
            p.horizon(card.horizon),
        ),
    ];
    let late = card.is_overdue(model.today);
    let word = if card.severity.is_some() {
        "breached"
    } else {
        "overdue"
    };
    let due = card.due.map(|d| d.format("%m-%d").to_string());
    // Markers in full when they fit, else short (`blk`, `!11-19`), so a narrow
    // column keeps every one of them.
    let markers = |short: bool| -> Vec<Span<'static>> {
        let mut out = Vec::new();
        if let Some(s) = card.severity {
            out.push(Span::styled(format!(" {s}"), p.severity(s)));
        }
        if card.blocked {
            out.push(Span::styled(
                if short { " blk" } else { " blocked" },
                p.warn(),
            ));
        }
        if let Some(d) = &due {
            out.push(match (late, short) {
                (true, false) => Span::styled(format!(" {word} {d}"), p.warn()),
                (true, true) => Span::styled(format!(" !{d}"), p.warn()),
                (false, false) => Span::raw(format!(" due {d}")),
                (false, true) => Span::raw(format!(" {d}")),
            });
        }
        out
    };
    let room = if three {
        width
    } else {
        width.saturating_sub(head.iter().map(Span::width).sum())
    };
    let mut chosen = markers(false);
    if chosen.iter().map(Span::width).sum::<usize>() > room {
        chosen = markers(true);
    }
    let marker_line = if three {
        Line::from(chosen)
    } else {
        head.extend(chosen);
        Line::default()
    };
    let title = fit(&super::clean(&card.title), width);
    let mut title_line = Line::from(highlighted_owned(&title, &model.search, p));
    let mut head_line = Line::from(head);
    let mut marker_line = marker_line;
    if selected {
        head_line = head_line.style(p.selected());
        marker_line = marker_line.style(p.selected());
        title_line = title_line.style(p.selected());
    }
    (head_line, marker_line, title_line)
}

fn highlighted_owned(title: &str, query: &str, p: Palette) -> Vec<Span<'static>> {
    highlighted(title, query, ratatui::style::Style::new(), p.matched())
        .into_iter()
        .map(|s| Span::styled(s.content.into_owned(), s.style))
        .collect()
}

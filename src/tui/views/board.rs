//! The board: the four lanes side by side, plus the Inbox while it holds items.
//! Each card is drawn from its face (`tui::face`), which the layout measures
//! too, so scrolling and clicks land where the cards are.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;

use super::{column_lane, highlighted, lane_title, Palette};
use crate::tui::app::{Mode, Model};
use crate::tui::face::{face, Face, Kind};
use crate::tui::keymap::Action;
use crate::tui::layout;

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let rows = layout::column_rows(area);
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
        let mut lines: Vec<Line<'_>> = Vec::with_capacity(rows);
        for (i, &index) in ids.iter().enumerate().skip(top) {
            if lines.len() >= rows {
                break;
            }
            let Some(card) = model.data.cards.get(index) else {
                continue;
            };
            let selected = active && i == model.board.selected[col] && model.mode != Mode::Help;
            lines.extend(card_lines(
                model,
                p,
                &face(card, width, model.today),
                selected,
            ));
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

/// A card's lines: the head (id, score, horizon, and the markers when they
/// fit beside it), the markers on their own line when not, the title.
fn card_lines(model: &Model, p: Palette, face: &Face, selected: bool) -> Vec<Line<'static>> {
    let mut head = vec![
        Span::styled(face.id.clone(), p.title()),
        Span::raw(face.score.clone()),
        Span::styled(face.horizon.clone(), p.horizon(face.when)),
    ];
    let markers: Vec<Span<'static>> = face
        .markers
        .iter()
        .map(|m| {
            let style = match m.kind {
                Kind::Severity(s) => p.severity(s),
                Kind::Status(s) => p.status(s),
                Kind::Doing => p.status(crate::domain::Status::Doing),
                Kind::Blocked | Kind::Late => p.warn(),
                Kind::Due => Style::new(),
            };
            Span::styled(m.text.clone(), style)
        })
        .collect();
    let mut lines = Vec::with_capacity(face.height());
    if face.inline {
        head.extend(markers);
        lines.push(Line::from(head));
    } else {
        lines.push(Line::from(head));
        lines.push(Line::from(markers));
    }
    for t in &face.title {
        lines.push(Line::from(
            highlighted(t, &model.search, Style::new(), p.matched())
                .into_iter()
                .map(|s| Span::styled(s.content.into_owned(), s.style))
                .collect::<Vec<_>>(),
        ));
    }
    if selected {
        lines = lines.into_iter().map(|l| l.style(p.selected())).collect();
    }
    lines
}

pub struct BoardScreen;

impl crate::tui::screens::Screen for BoardScreen {
    const HINTS: &'static [Action] = &[
        Action::Open,
        Action::Add,
        Action::Move,
        Action::Search,
        Action::Refine,
        Action::Plan,
        Action::Help,
        Action::Quit,
    ];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }
}

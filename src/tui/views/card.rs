//! The score card, over the bottom of the view: the four scores with the one
//! being typed marked, what the keys do, and the score they make.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::Palette;
use crate::domain::{fmt_num, score};
use crate::tui::app::{Model, ScoreCard};

/// The card at the bottom of `body`, as wide as it can be up to 76 columns.
pub fn render(model: &Model, card: &ScoreCard, p: Palette, frame: &mut Frame<'_>, body: Rect) {
    let width = body.width.min(76);
    let height = 6.min(body.height);
    let rect = Rect::new(
        body.x + (body.width - width) / 2,
        body.y + body.height - height,
        width,
        height,
    );
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(
            " Score card #{} — Esc leaves, keeping what is set ",
            card.id
        ),
        p.title(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut fields = vec![Span::raw(" ")];
    for (i, field) in ScoreCard::FIELDS.iter().enumerate() {
        let shown = match (i == card.at, card.waiting, card.values[i]) {
            (true, Some(w), _) => format!("{w}_"),
            (_, _, Some(n)) => n.to_string(),
            (_, _, None) => "_".to_string(),
        };
        fields.push(Span::styled(format!("{} ", field.name()), p.dim()));
        let style = if i == card.at {
            p.selected()
        } else if card.values[i] != card.was[i] {
            p.good()
        } else {
            ratatui::style::Style::new()
        };
        fields.push(Span::styled(format!(" {shown} "), style));
        fields.push(Span::raw("   "));
    }
    let policy = &model.data.policy;
    let made = match card.values {
        [Some(value), Some(impact), Some(risk), Some(effort)] => {
            score::score_of(value, impact, risk, effort, policy)
                .map_or_else(String::new, |s| format!("score {}", fmt_num(s)))
        }
        _ => "score —".to_string(),
    };
    fields.push(Span::styled(made, p.title()));
    let mut lines = vec![
        Line::from(fields),
        Line::styled(
            " 3 5 8 fill at once · 1 then 3 is 13 · 2 then 0 is 20 · Enter/Tab keep",
            p.dim(),
        ),
        Line::styled(
            " Backspace goes back a field · the last field asks the reason",
            p.dim(),
        ),
    ];
    if let Some(e) = &card.error {
        lines.push(Line::styled(format!(" ✗ {e}"), p.warn()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

//! The top of every screen: the North Star, counts per lane, the balance line;
//! and the search and filter bar below it while either is active.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clean, column_lane, fit, lane_title, Palette};
use crate::tui::app::{Mode, Model};

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let width = usize::from(area.width);
    let view = model.view.title();
    let star = &model.data.policy.north_star;
    let star = if star.trim().is_empty() {
        format!(
            "(none set: {} sets it)",
            model
                .keymap
                .hint(model.scope(), crate::tui::keymap::Action::Rules)
        )
    } else {
        clean(star).into_owned()
    };
    let right = format!(" {view} · ? help ");
    let left_width = width.saturating_sub(right.chars().count() + 14);
    let first = Line::from(vec![
        Span::styled(" lanes ", p.title()),
        Span::styled("North Star: ", p.dim()),
        Span::raw(fit(&star, left_width)),
    ]);
    let used: usize = first.width();
    let pad = width.saturating_sub(used + right.chars().count());
    let mut first = first;
    first.spans.push(Span::raw(" ".repeat(pad)));
    first.spans.push(Span::styled(right, p.dim()));

    let mut counts = vec![Span::raw(" ")];
    let total: usize = model.counts.iter().sum();
    for (col, n) in model.counts.iter().enumerate() {
        if col == 0 && *n == 0 {
            continue;
        }
        let lane = column_lane(col);
        counts.push(Span::styled(lane_title(lane), p.lane(lane)));
        counts.push(Span::raw(format!(" {n}   ")));
    }
    counts.push(Span::styled(format!("{total} open"), p.dim()));

    let mut balance = vec![Span::styled(
        if width < 130 {
            " now vs target: "
        } else {
            " now effort, share/target: "
        },
        p.dim(),
    )];
    let lanes = model.data.balance();
    if lanes.iter().all(|b| b.effort == 0) {
        balance.push(Span::styled(
            "nothing with an effort estimate is in now yet",
            p.dim(),
        ));
    }
    for b in lanes
        .iter()
        .filter(|b| b.effort > 0 || lanes.iter().any(|x| x.effort > 0))
    {
        let text = if width < 130 {
            format!("{} {:.0}/{:.0}%", b.lane, b.share, b.target)
        } else {
            format!(
                "{} {} pts {:.0}%/{:.0}%",
                lane_title(Some(b.lane)),
                b.effort,
                b.share,
                b.target
            )
        };
        if b.off() {
            balance.push(Span::styled(format!("{text}!"), p.warn()));
        } else {
            balance.push(Span::styled(text, p.good()));
        }
        balance.push(Span::raw("  "));
    }
    frame.render_widget(
        Paragraph::new(vec![first, Line::from(counts), Line::from(balance)]),
        area,
    );
}

/// The search and filter bar.
pub fn bar(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let mut spans = Vec::new();
    let typing_search = matches!(model.mode, Mode::Search(_));
    if typing_search || !model.search.is_empty() {
        spans.push(Span::styled(" / ", p.title()));
        spans.push(Span::raw(clean(&model.search).into_owned()));
        spans.push(Span::raw("   "));
    }
    let filter_text = match &model.mode {
        Mode::Filter(input) => Some(input.text().to_string()),
        _ if !model.filter.is_empty() => Some(model.filter.text.clone()),
        _ => None,
    };
    let search_width = spans.iter().map(Span::width).sum::<usize>();
    if let Some(f) = &filter_text {
        let editing = matches!(model.mode, Mode::Filter(_));
        spans.push(Span::styled(
            if editing {
                " filter (Enter applies): "
            } else {
                " filter: "
            },
            p.title(),
        ));
        spans.push(Span::raw(clean(f).into_owned()));
        spans.push(Span::raw("   "));
    }
    spans.push(Span::styled(
        format!("{} shown · Esc clears", model.visible.len()),
        p.dim(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    // The cursor sits where typing goes.
    match &model.mode {
        Mode::Search(input) => {
            let x = 3 + input.text().chars().take(input.cursor()).count();
            frame.set_cursor_position((area.x + x as u16, area.y));
        }
        Mode::Filter(input) => {
            let x = search_width + 25 + input.text().chars().take(input.cursor()).count();
            frame.set_cursor_position((area.x + x as u16, area.y));
        }
        _ => {}
    }
}

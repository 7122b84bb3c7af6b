//! The roadmap view: themes × now / next / later, with progress.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clean, fit, Palette};
use crate::tui::app::Model;
use crate::tui::data::RoadmapData;
use crate::tui::keymap::Action;
use crate::tui::layout;

/// Bets listed under a theme; the rest are counted.
const SHOWN: usize = 5;

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let Some(data) = &model.roadmap else {
        frame.render_widget(Line::styled("loading…", p.dim()), area);
        return;
    };
    let lines = roadmap_lines(model, p, data, area);
    // Scrolled no further than the last screenful.
    let last = layout::last_top(lines.len(), usize::from(area.height));
    let top = usize::from(model.detail_scroll).min(last);
    frame.render_widget(
        Paragraph::new(lines).scroll((u16::try_from(top).unwrap_or(u16::MAX), 0)),
        area,
    );
}

/// How far the roadmap scrolls in `area`.
pub fn scroll_limit(model: &Model, area: Rect) -> usize {
    model.roadmap.as_ref().map_or(0, |data| {
        let lines = roadmap_lines(model, Palette::new(model.color), data, area);
        layout::last_top(lines.len(), usize::from(area.height))
    })
}

fn roadmap_lines(model: &Model, p: Palette, data: &RoadmapData, area: Rect) -> Vec<Line<'static>> {
    let width = usize::from(area.width);
    let col = if width >= 100 { 14 } else { 11 };
    let name_width = width.saturating_sub(4 * col + 2).max(12);
    let mut lines = vec![Line::styled(
        format!(
            " {:<name_width$}{:>col$}{:>col$}{:>col$}{:>col$}",
            "THEME", "NOW", "NEXT", "LATER", "DONE"
        ),
        p.title(),
    )];
    for r in &data.rows {
        let theme = r
            .theme
            .and_then(|t| model.data.themes.iter().find(|x| x.id == t));
        let name = theme.map_or_else(
            || "(no theme)".to_string(),
            |t| format!("#{} {} [{}]", t.id, clean(&t.name), t.status.as_str()),
        );
        let cell = |i: usize| format!("{} · {}p", r.cells[i].count, r.cells[i].effort);
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:<name_width$}", fit(&name, name_width)),
                Style::new(),
            ),
            Span::styled(
                format!("{:>col$}", cell(0)),
                p.horizon(crate::domain::Horizon::Now),
            ),
            Span::raw(format!("{:>col$}{:>col$}", cell(1), cell(2))),
            Span::styled(format!("{:>col$}", r.progress.text()), p.good()),
        ]));
        if let Some(o) = theme.and_then(|t| t.outcome.as_deref()) {
            lines.push(Line::styled(
                fit(&format!("   outcome: {}", clean(o)), width),
                p.dim(),
            ));
        }
        if r.bets.len() > SHOWN {
            lines.push(Line::styled(
                format!(
                    "   {} strategic bets; the {SHOWN} with the most effort:",
                    r.bets.len()
                ),
                p.dim(),
            ));
        }
        let mut bets: Vec<_> = r.bets.iter().collect();
        bets.sort_by(|a, b| {
            b.progress
                .total
                .cmp(&a.progress.total)
                .then(a.id.cmp(&b.id))
        });
        for b in bets.into_iter().take(SHOWN) {
            let title = data.titles.get(&b.id).map_or("", String::as_str);
            lines.push(Line::raw(fit(
                &format!(
                    "   bet #{} {}: {} milestone{}, {} of {} points done ({})",
                    b.id,
                    clean(title),
                    b.milestones,
                    if b.milestones == 1 { "" } else { "s" },
                    b.progress.done,
                    b.progress.total,
                    b.progress.text()
                ),
                width,
            )));
        }
    }
    lines
}

pub struct RoadmapScreen;

impl crate::tui::screens::Screen for RoadmapScreen {
    const HINTS: &'static [Action] = &[Action::Back, Action::Plan, Action::Board, Action::Help];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }

    fn scroll_limit(model: &Model, area: Rect) -> usize {
        scroll_limit(model, area)
    }
}

//! The themes screen: every roadmap theme with its status, open items and
//! outcome; the selected one is what `e`, `s`, `l` and `Enter` act on.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui::Frame;

use super::{clean, fit, Palette};
use crate::domain::ThemeStatus;
use crate::tui::app::Model;
use crate::tui::keymap::{Action, Scope};
use crate::tui::layout;

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let themes = &model.data.themes;
    let key = |a: Action| model.keymap.hint(Scope::Themes, a);
    if themes.is_empty() {
        let lines = vec![
            Line::styled(" No themes yet.", p.title()),
            Line::raw(""),
            Line::raw(format!(
                " A theme is a roadmap objective with a measurable outcome; items link to one. Press {} to add the first.",
                key(Action::AddTheme)
            )),
        ];
        frame.render_widget(ratatui::widgets::Paragraph::new(lines), area);
        return;
    }
    // Open items and their effort per theme, as the roadmap counts them (read
    // when the screen opens and after each change).
    let open = |id: i64| {
        model
            .roadmap
            .as_ref()
            .and_then(|r| r.rows.iter().find(|row| row.theme == Some(id)))
            .map(crate::domain::roadmap::Row::open)
    };
    let wide = area.width >= 100;
    let name_w: u16 = if wide { 28 } else { 20 };
    let header = Row::new(["ID", "THEME", "STATUS", "OPEN", "OUTCOME"]).style(p.title());
    let widths = [
        Constraint::Length(5),
        Constraint::Length(name_w),
        Constraint::Length(8),
        Constraint::Length(if wide { 12 } else { 5 }),
        Constraint::Fill(1),
    ];
    let outcome_w = usize::from(area.width.saturating_sub(5 + name_w + 8 + 12 + 4));
    let height = layout::list_rows(area);
    let selected = model.setup.theme.min(themes.len() - 1);
    let top = layout::scroll_top(0, height, selected, themes.len());
    let rows: Vec<Row<'_>> = themes
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, t)| {
            let status = match t.status {
                ThemeStatus::Active => p.good(),
                ThemeStatus::Done => p.title(),
                ThemeStatus::Dropped => p.dim(),
            };
            let open = match open(t.id) {
                Some(c) if wide => format!("{} · {}p", c.count, c.effort),
                Some(c) => c.count.to_string(),
                None => "…".into(),
            };
            let row = Row::new(vec![
                Cell::from(format!("#{}", t.id)),
                Cell::from(fit(&clean(&t.name), usize::from(name_w))),
                Cell::from(Span::styled(t.status.as_str(), status)),
                Cell::from(open),
                Cell::from(fit(
                    &clean(t.outcome.as_deref().unwrap_or("—")),
                    outcome_w.max(10),
                )),
            ]);
            if i == selected {
                row.style(p.selected())
            } else {
                row
            }
        })
        .collect();
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        area,
    );
}

pub struct ThemesScreen;

impl crate::tui::screens::Screen for ThemesScreen {
    const HINTS: &'static [Action] = &[
        Action::AddTheme,
        Action::EditTheme,
        Action::ThemeStatus,
        Action::LinkTheme,
        Action::Open,
        Action::Back,
        Action::Help,
    ];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }
}

//! What is drawn over a view: the status line (messages, prompts, pickers), the
//! help generated from the key map, and the add/edit form.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::{centered, clean, fit, Palette};
use crate::tui::app::{Mode, Model};
use crate::tui::form::Form;
use crate::tui::keymap::{Action, Scope};

/// The bottom line: a prompt or picker when one is open, else the last message,
/// else a few key hints.
pub fn status(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let width = usize::from(area.width);
    match &model.mode {
        Mode::Prompt(prompt) => {
            let label = fit(&prompt.label, width / 2 + 10);
            // The fixed start gives way first, so what is typed stays in view.
            let room = width
                .saturating_sub(label.chars().count() + prompt.input.text().chars().count() + 3)
                .max(12);
            let fixed = if prompt.fixed.is_empty() {
                String::new()
            } else {
                format!("{}; ", fit(&clean(&prompt.fixed), room))
            };
            let mut spans = vec![
                Span::styled(label.clone(), p.title()),
                Span::raw(fixed.clone()),
                Span::styled(
                    clean(prompt.input.text()).into_owned(),
                    if prompt.input.is_selected() {
                        p.selected()
                    } else {
                        ratatui::style::Style::new()
                    },
                ),
            ];
            if let Some(e) = &prompt.error {
                spans.push(Span::styled(format!("  ✗ {e}"), p.warn()));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            let x = label.chars().count() + fixed.chars().count() + prompt.input.cursor();
            frame.set_cursor_position((area.x + x.min(width.saturating_sub(1)) as u16, area.y));
            return;
        }
        Mode::Pick(pick) => {
            let mut spans = vec![Span::styled(format!("{}: ", pick.label), p.title())];
            for (k, v) in &pick.options {
                spans.push(Span::styled(format!("[{k}]"), p.title()));
                spans.push(Span::raw(format!(" {}  ", v.word())));
            }
            spans.push(Span::styled("(any other key cancels)", p.dim()));
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            return;
        }
        _ => {}
    }
    if let Some(note) = &model.note {
        let style = if note.error { p.warn() } else { p.good() };
        let text = if note.error {
            format!("✗ {}", note.text)
        } else {
            note.text.clone()
        };
        frame.render_widget(Line::styled(fit(&clean(&text), width), style), area);
        return;
    }
    let scope = model.scope();
    let actions = crate::tui::screens::hints(model.view);
    let mut spans = Vec::new();
    for a in actions {
        spans.push(Span::styled(
            format!(" {} ", model.keymap.hint(scope, *a)),
            p.title(),
        ));
        spans.push(Span::styled(a.name().replace('_', " "), p.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}

/// Every binding in force for the view on screen, from the key map itself.
pub fn help(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let scope = model.scope();
    let lines: Vec<Line<'_>> = help_entries(model)
        .iter()
        .map(|(action, keys)| {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            Line::from(vec![
                Span::styled(format!("{:>14}  ", keys.join(" ")), p.title()),
                Span::raw(action.help_in(scope)),
                Span::styled(format!("  ({})", action.name()), p.dim()),
            ])
        })
        .collect();
    let (columns, per, room) = help_layout(lines.len(), area);
    let scroll = usize::from(model.help_scroll).min(per.saturating_sub(room));
    let more = per > room;
    let width = (84 * columns as u16).min(area.width);
    let height = (per as u16 + 4).min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let hint = if more {
        " j/k scroll, any other key closes; rebind in keys.toml "
    } else {
        " any key closes; rebind in keys.toml "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" Keys: {} ", scope.name()), p.title()))
        .title_bottom(Span::styled(hint, p.dim()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let col_width = inner.width / columns as u16;
    for (c, chunk) in lines.chunks(per.max(1)).enumerate() {
        let r = Rect::new(
            inner.x + col_width * c as u16,
            inner.y,
            col_width,
            inner.height,
        );
        let shown: Vec<Line<'_>> = chunk.iter().skip(scroll).cloned().collect();
        frame.render_widget(Paragraph::new(shown), r);
    }
}

/// The bindings the help lists for the view on screen.
fn help_entries(model: &Model) -> Vec<(Action, Vec<crate::tui::keymap::Key>)> {
    let scope = model.scope();
    model
        .keymap
        .help(scope)
        .into_iter()
        .filter(|(a, _)| match a {
            Action::Demo => scope == Scope::Welcome,
            Action::Import => matches!(scope, Scope::Welcome | Scope::Board),
            _ => true,
        })
        .collect()
}

/// The help's columns, lines per column and the lines that fit, for `count`
/// lines on a screen of `area`.
fn help_layout(count: usize, area: Rect) -> (usize, usize, usize) {
    let columns = if area.width >= 170 { 2 } else { 1 };
    let per = count.div_ceil(columns);
    let room = usize::from(area.height.saturating_sub(4));
    (columns, per, room)
}

/// How far the help scrolls on a screen of `area`.
pub fn help_scroll_limit(model: &Model, area: Rect) -> usize {
    let (_, per, room) = help_layout(help_entries(model).len(), area);
    per.saturating_sub(room)
}

/// The add or edit form, centred, with the focused field's cursor.
pub fn form(form: &Form, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let height = (form.fields.len() as u16 + 4).min(area.height);
    let width = 76.min(area.width);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {} — Tab/↓ next, Enter saves, Esc cancels ", form.title()),
        p.title(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let label_width = 12;
    let field_width = usize::from(inner.width).saturating_sub(label_width + 1);
    // Fields scroll when the form is taller than the screen; the message line
    // stays at the bottom.
    let rows = usize::from(inner.height.saturating_sub(2)).max(1);
    let top = crate::tui::layout::scroll_top(0, rows, form.focus, form.fields.len());
    let mut lines = Vec::new();
    for (i, f) in form.fields.iter().enumerate().skip(top).take(rows) {
        let focused = i == form.focus;
        let value = clean(f.input.text()).into_owned();
        // A long value scrolls sideways so the cursor stays in view.
        let skip = if focused {
            f.input
                .cursor()
                .saturating_sub(field_width.saturating_sub(1))
        } else {
            0
        };
        let shown = if value.is_empty() && !focused {
            Span::styled(fit(f.hint, field_width), p.dim())
        } else {
            let tail: String = value.chars().skip(skip).collect();
            Span::raw(fit(&tail, field_width))
        };
        let label_style = if focused { p.selected() } else { p.dim() };
        lines.push(Line::from(vec![
            Span::styled(format!("{:>11}", f.label), label_style),
            Span::raw(" "),
            shown,
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let message = if let Some(e) = &form.error {
        Line::styled(format!("✗ {e}"), p.warn())
    } else {
        let hint = form.fields.get(form.focus).map_or("", |f| f.hint);
        Line::styled(hint.to_string(), p.dim())
    };
    if inner.height >= 2 {
        let at = Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1);
        frame.render_widget(Paragraph::new(message), at);
    }
    if let Some(f) = form.fields.get(form.focus) {
        let skip = f
            .input
            .cursor()
            .saturating_sub(field_width.saturating_sub(1));
        let x = label_width + 1 + f.input.cursor() - skip;
        let y = form.focus - top;
        frame.set_cursor_position((inner.x + x as u16, inner.y + y as u16));
    }
}

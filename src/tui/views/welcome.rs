//! The first screen of an empty backlog: three ways to start, one key each.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, Palette};
use crate::tui::app::Model;
use crate::tui::keymap::{Action, Scope};

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let key = |a: Action| model.keymap.hint(Scope::Welcome, a);
    let option = |a: Action, text: &'static str| {
        Line::from(vec![
            Span::styled(format!("  [{}]  ", key(a)), p.title()),
            Span::raw(text),
        ])
    };
    let lines = vec![
        Line::styled("Welcome to lanes", p.title()),
        Line::raw(""),
        Line::raw("Keep urgent customer fixes fast without starving strategic work: items sit in"),
        Line::raw("four lanes (hot fix, stability, feature, strategic bet), a score orders them,"),
        Line::raw(
            "triage sorts them into now / next / later, and every decision keeps its reason.",
        ),
        Line::raw(""),
        Line::raw("This backlog is empty. Start with one of:"),
        Line::raw(""),
        option(Action::Add, "add the first item"),
        option(
            Action::Import,
            "import a file (lanes JSON, Jira CSV, GitHub or Taskwarrior JSON)",
        ),
        option(
            Action::Demo,
            "load the demo backlog: a shop team's last six weeks",
        ),
        Line::raw(""),
        Line::raw(format!(
            "Set the rules first if you like: {} themes, {} the North Star and policy.",
            key(Action::Themes),
            key(Action::Rules)
        )),
        Line::styled(
            format!(
                "{} shows every key · {} quits",
                key(Action::Help),
                key(Action::Quit)
            ),
            p.dim(),
        ),
    ];
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    // As tall as the text is once wrapped to the box, borders included.
    let width = 84.min(area.width);
    let height = text.line_count(width.saturating_sub(2)) + 2;
    let rect = centered(area, width, u16::try_from(height).unwrap_or(u16::MAX));
    frame.render_widget(text.block(Block::default().borders(Borders::ALL)), rect);
}

pub struct WelcomeScreen;

impl crate::tui::screens::Screen for WelcomeScreen {
    const HINTS: &'static [Action] = &[Action::Add, Action::Import, Action::Demo, Action::Quit];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }
}

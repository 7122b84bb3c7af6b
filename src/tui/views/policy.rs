//! The North Star and policy screen: every rule in its group, its value and
//! what it means; the selected rule is what `e` (or `Enter`) opens, in the
//! form of its group.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{clean, fit, Palette};
use crate::domain::policy::PolicyValue;
use crate::tui::app::Model;
use crate::tui::form::GROUPS;
use crate::tui::keymap::Action;
use crate::tui::layout;

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let policy = &model.data.policy;
    let width = usize::from(area.width);
    let value_w = if width >= 100 { 16 } else { 10 };
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_line = 0;
    let mut n = 0;
    for g in &GROUPS {
        let mut heading = vec![Span::styled(format!(" {}", g.title), p.title())];
        match g.title {
            "Capacity shares" => {
                let sum: f64 = policy.capacity.iter().sum();
                heading.push(Span::styled(
                    format!("  (sum {sum:.2}; must be 1.00)"),
                    p.dim(),
                ));
            }
            "Score weights" => heading.push(Span::styled(
                format!(
                    "  score = ({:?}·value + {:?}·impact + {:?}·risk) / effort",
                    policy.weight_value, policy.weight_impact, policy.weight_risk
                ),
                p.dim(),
            )),
            _ => {}
        }
        lines.push(Line::from(heading));
        for (key, label, hint) in g.rules {
            let value = policy
                .get(key)
                .unwrap_or(PolicyValue::Text(String::new()))
                .to_string();
            let selected = n == model.setup.rule;
            if selected {
                selected_line = lines.len();
            }
            let shown = if *key == "north_star" {
                if value.trim().is_empty() {
                    "(none set)".to_string()
                } else {
                    clean(&value).into_owned()
                }
            } else {
                value
            };
            let line = if *key == "north_star" {
                Line::from(vec![
                    Span::styled(format!("   {label:<12} "), p.dim()),
                    Span::raw(fit(&shown, width.saturating_sub(17))),
                ])
            } else {
                let rest = width.saturating_sub(16 + value_w);
                Line::from(vec![
                    Span::styled(format!("   {label:<12} "), p.dim()),
                    Span::raw(format!("{:<value_w$} ", fit(&shown, value_w))),
                    Span::styled(fit(hint, rest), p.dim()),
                ])
            };
            lines.push(if selected {
                line.style(p.selected())
            } else {
                line
            });
            n += 1;
        }
    }
    let height = usize::from(area.height);
    let top = layout::scroll_top(0, height, selected_line, lines.len());
    frame.render_widget(
        Paragraph::new(lines).scroll((u16::try_from(top).unwrap_or(u16::MAX), 0)),
        area,
    );
}

pub struct PolicyScreen;

impl crate::tui::screens::Screen for PolicyScreen {
    const HINTS: &'static [Action] = &[Action::EditRule, Action::Back, Action::Help, Action::Quit];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }
}

//! The plan view: the proposed sprint, lane bars against targets, warnings.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

use super::{clean, fit, lane_title, Palette};
use crate::tui::app::Model;
use crate::tui::data::PlanData;
use crate::tui::keymap::{Action, Scope};
use crate::tui::layout;

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let Some(data) = &model.plan else {
        frame.render_widget(Line::styled("loading…", p.dim()), area);
        return;
    };
    let (head, head_height) = head(model, p, data, area);
    frame.render_widget(head, Rect::new(area.x, area.y, area.width, head_height));
    let table_area = Rect::new(
        area.x,
        area.y + head_height,
        area.width,
        area.height.saturating_sub(head_height),
    );
    let height = layout::list_rows(table_area);
    let top = layout::scroll_top(model.plan_top, height, model.plan_selected, data.rows.len());
    let title_width = usize::from(area.width.saturating_sub(48));
    let rows: Vec<Row<'_>> = data
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, r)| {
            let mut flags = Vec::new();
            if r.unready {
                flags.push(Span::styled("[no criteria] ", p.warn()));
            }
            if r.due.is_some_and(|d| d < model.today) {
                let word = if r.severity.is_some() {
                    "[breached] "
                } else {
                    "[overdue] "
                };
                flags.push(Span::styled(word, p.warn()));
            }
            let used: usize = flags.iter().map(Span::width).sum();
            flags.push(Span::raw(fit(
                &clean(&r.title),
                title_width.saturating_sub(used),
            )));
            let row = Row::new(vec![
                Cell::from(format!("#{}", r.id)),
                Cell::from(Span::styled(r.lane.as_str(), p.lane(Some(r.lane)))),
                Cell::from(r.effort.to_string()),
                Cell::from(r.score.map_or_else(|| "–".into(), |s| format!("{s:.1}"))),
                Cell::from(r.severity.map_or(String::new(), |s| s.to_string())),
                Cell::from(r.status.as_str()),
                Cell::from(Line::from(flags)),
            ]);
            if i == model.plan_selected {
                row.style(p.selected())
            } else {
                row
            }
        })
        .collect();
    let widths = [
        Constraint::Length(7),
        Constraint::Length(9),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Length(6),
        Constraint::Fill(1),
    ];
    let header = Row::new([
        "ID",
        "LANE",
        "EFFORT",
        "SCORE",
        "SEV",
        "STATUS",
        "TITLE (plan order)",
    ])
    .style(p.title());
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        table_area,
    );
}

/// Rows of the plan's table that fit in `area` below its head: what `update`
/// scrolls the selection by.
pub fn table_rows(model: &Model, area: Rect) -> usize {
    model.plan.as_ref().map_or(0, |data| {
        let (_, head_height) = head(model, Palette::new(model.color), data, area);
        layout::list_rows(Rect::new(
            area.x,
            area.y + head_height,
            area.width,
            area.height.saturating_sub(head_height),
        ))
    })
}

/// The plan's head: what it is, the lanes against their targets, the warnings;
/// and the rows it takes in `area` (leaving a few for the table).
fn head(model: &Model, p: Palette, data: &PlanData, area: Rect) -> (Paragraph<'static>, u16) {
    let plan = &data.plan;
    let key = |a: Action| model.keymap.hint(Scope::Plan, a);
    let waiting = data.rows.iter().filter(|r| !r.committed).count();
    let title = if !data.rows.is_empty() && waiting == 0 {
        vec![
            Span::styled(
                format!(
                    " Committed sprint: {} of {} points, {} items",
                    plan.planned(),
                    plan.capacity,
                    plan.items.len()
                ),
                p.title(),
            ),
            Span::styled("   every item is pinned to now", p.dim()),
        ]
    } else {
        let what = if waiting == data.rows.len() {
            "pins the items to now".to_string()
        } else {
            format!("pins the {waiting} not yet pinned to now")
        };
        vec![
            Span::styled(
                format!(
                    " Proposed sprint: {} of {} points, {} items",
                    plan.planned(),
                    plan.capacity,
                    plan.items.len()
                ),
                p.title(),
            ),
            Span::styled(
                format!("   {} commits it ({what})", key(Action::Commit)),
                p.dim(),
            ),
        ]
    };
    let mut head = vec![Line::from(title), Line::raw("")];
    let bar_room = usize::from(area.width.saturating_sub(40)).min(60);
    let scale = f64::from(plan.capacity.max(1));
    for l in &plan.lanes {
        let planned = f64::from(l.planned);
        let cells = |x: f64| ((x / scale) * bar_room as f64).round() as usize;
        let filled = cells(planned);
        let target = cells(l.target);
        let mut bar = String::new();
        for i in 0..filled.max(target + 1) {
            bar.push(if i < filled {
                '█'
            } else if i == target {
                '|'
            } else {
                ' '
            });
        }
        let share = if plan.planned() > 0 {
            planned * 100.0 / f64::from(plan.planned())
        } else {
            0.0
        };
        let off = (share - l.target * 100.0 / scale).abs() > 10.0 && plan.planned() > 0;
        head.push(Line::from(vec![
            Span::styled(
                format!(" {:<14}", lane_title(Some(l.lane))),
                p.lane(Some(l.lane)),
            ),
            Span::raw(format!("{:>3} / {:>4.1} pts ", l.planned, l.target)),
            Span::styled(bar, if off { p.warn() } else { p.good() }),
        ]));
    }
    for w in &plan.warnings {
        head.push(Line::styled(format!(" ! {}", clean(w)), p.warn()));
    }
    head.push(Line::raw(""));
    let text = Paragraph::new(head).wrap(Wrap { trim: false });
    let rows = text.line_count(area.width.max(1));
    let height = u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(4));
    (text, height)
}

pub struct PlanScreen;

impl crate::tui::screens::Screen for PlanScreen {
    const HINTS: &'static [Action] = &[Action::Commit, Action::Open, Action::Back, Action::Help];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }
}

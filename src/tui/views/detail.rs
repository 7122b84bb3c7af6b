//! One item in full: every field, the score and horizon explained, relations,
//! criteria, description and its decision history.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::{clean, line, Palette};
use crate::domain::Item;
use crate::tui::app::Model;
use crate::tui::data::Detail;
use crate::tui::keymap::{Action, Scope};

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let Some(d) = &model.detail else {
        frame.render_widget(line("loading…", p.dim()), area);
        return;
    };
    let text = paragraph(model, p, d);
    let top = scrolled(model.detail_scroll, &text, area);
    frame.render_widget(text.scroll((top, 0)), area);
}

/// The detail as it is drawn, before scrolling.
fn paragraph(model: &Model, p: Palette, d: &Detail) -> Paragraph<'static> {
    let item = &d.item;
    let block = Block::default().borders(Borders::TOP).title(Span::styled(
        format!(" #{} {} ", item.id, clean(&item.title)),
        p.title(),
    ));
    Paragraph::new(lines(model, p, d))
        .block(block)
        .wrap(Wrap { trim: false })
}

/// How far the detail scrolls in `area`: until its last line is at the bottom.
pub fn scroll_limit(model: &Model, area: Rect) -> usize {
    model.detail.as_ref().map_or(0, |d| {
        let text = paragraph(model, Palette::new(model.color), d);
        crate::tui::layout::last_top(text.line_count(area.width), usize::from(area.height))
    })
}

/// `scroll` held to what `text` needs in `area` (the model is clamped in
/// `update`; this keeps a frame drawn mid-resize honest too).
pub(super) fn scrolled(scroll: u16, text: &Paragraph<'_>, area: Rect) -> u16 {
    let limit = crate::tui::layout::last_top(text.line_count(area.width), usize::from(area.height));
    scroll.min(u16::try_from(limit).unwrap_or(u16::MAX))
}

fn field(name: &str, value: String, p: Palette) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:>11}  "), p.dim()),
        Span::raw(value),
    ])
}

fn opt(v: Option<&String>) -> String {
    v.map_or_else(|| "—".into(), |s| clean(s).into_owned())
}

fn heading(text: &str, p: Palette) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), p.title()))
}

pub(super) fn lines(model: &Model, p: Palette, d: &Detail) -> Vec<Line<'static>> {
    let i: &Item = &d.item;
    let num = |n: Option<u8>| n.map_or_else(|| "—".into(), |n| n.to_string());
    let mut out = vec![
        field(
            "lane",
            i.lane
                .map_or_else(|| "Inbox (untriaged)".into(), |l| l.to_string()),
            p,
        ),
        field(
            "status",
            if i.status.is_open() {
                i.status.to_string()
            } else {
                format!(
                    "{} ({} reopens)",
                    i.status,
                    model.keymap.hint(Scope::Detail, Action::Reopen)
                )
            },
            p,
        ),
        field(
            "horizon",
            format!("{}{}", i.horizon, if i.pinned { " (pinned)" } else { "" }),
            p,
        ),
        field(
            "scores",
            format!(
                "value {}  impact {}  risk {}  effort {}",
                num(i.value),
                num(i.impact),
                num(i.risk),
                num(i.effort)
            ),
            p,
        ),
        field(
            "severity",
            i.severity.map_or_else(|| "—".into(), |s| s.to_string()),
            p,
        ),
    ];
    let due = match i.due {
        Some(due) if i.status.is_open() && due < model.today => Line::from(vec![
            Span::styled(format!("{:>11}  ", "due"), p.dim()),
            Span::styled(
                if i.severity.is_some() {
                    format!("{due} — breached: past its SLA due date")
                } else {
                    format!("{due} — overdue: past due")
                },
                p.warn(),
            ),
        ]),
        Some(due) => field("due", due.to_string(), p),
        None => field("due", "—".into(), p),
    };
    out.push(due);
    out.push(field("owner", opt(i.owner.as_ref()), p));
    out.push(field(
        "theme",
        d.theme.as_ref().map_or_else(
            || "—".into(),
            |t| {
                let outcome = t
                    .outcome
                    .as_deref()
                    .map(|o| format!(" — {}", clean(o)))
                    .unwrap_or_default();
                format!("#{} {}{outcome}", t.id, clean(&t.name))
            },
        ),
        p,
    ));
    out.push(field(
        "parent",
        i.parent.map_or_else(|| "—".into(), |x| format!("#{x}")),
        p,
    ));
    out.push(field(
        "labels",
        if i.labels.is_empty() {
            "—".into()
        } else {
            clean(&i.labels.join(", ")).into_owned()
        },
        p,
    ));
    out.push(field("segment", opt(i.segment.as_ref()), p));
    out.push(field("metric", opt(i.metric.as_ref()), p));
    out.push(field("workaround", opt(i.workaround.as_ref()), p));
    if i.root_cause.is_some() || i.prevention.is_some() {
        out.push(field("root cause", opt(i.root_cause.as_ref()), p));
        out.push(field("prevention", opt(i.prevention.as_ref()), p));
    }
    if let Some(dup) = i.duplicate_of {
        out.push(field("duplicate", format!("of #{dup}"), p));
    }
    out.push(field(
        "dates",
        format!(
            "created {}  updated {}{}{}",
            i.created.format("%Y-%m-%d"),
            i.updated.format("%Y-%m-%d"),
            i.started
                .map(|t| format!("  started {}", t.format("%Y-%m-%d")))
                .unwrap_or_default(),
            i.finish_words("%Y-%m-%d")
                .map(|w| format!("  {w}"))
                .unwrap_or_default(),
        ),
        p,
    ));
    out.push(Line::raw(""));
    out.push(heading("Why this score", p));
    out.push(Line::raw(format!("  {}", d.score)));
    out.push(heading("Why this horizon", p));
    out.push(Line::raw(format!("  {}", d.horizon)));
    out.push(Line::raw(""));
    out.push(heading(
        if d.blocked {
            "Blocked by (still open)"
        } else {
            "Blocked by"
        },
        p,
    ));
    if d.blockers.is_empty() {
        out.push(Line::styled("  nothing", p.dim()));
    }
    for (id, title, status) in &d.blockers {
        let style = if status.is_open() { p.warn() } else { p.dim() };
        out.push(Line::from(vec![
            Span::styled(format!("  #{id} [{status}] "), style),
            Span::raw(clean(title).into_owned()),
        ]));
    }
    out.push(heading("Blocks", p));
    if d.blocks.is_empty() {
        out.push(Line::styled("  nothing", p.dim()));
    }
    for (id, title) in &d.blocks {
        out.push(Line::raw(format!("  #{id} {}", clean(title))));
    }
    if !d.children.is_empty() {
        out.push(heading("Children (milestones)", p));
        for (id, title) in &d.children {
            out.push(Line::raw(format!("  #{id} {}", clean(title))));
        }
    }
    out.push(Line::raw(""));
    out.push(heading(
        "Acceptance criteria (t toggles by number, c adds)",
        p,
    ));
    if i.criteria.is_empty() {
        out.push(Line::styled("  none yet", p.dim()));
    }
    for (n, c) in i.criteria.iter().enumerate() {
        out.push(Line::from(vec![
            Span::raw(format!("  {}. ", n + 1)),
            Span::styled(
                if c.done { "[x] " } else { "[ ] " },
                if c.done { p.good() } else { Style::new() },
            ),
            Span::raw(clean(&c.text).into_owned()),
        ]));
    }
    out.push(Line::raw(""));
    out.push(heading("Description (E edits in $EDITOR)", p));
    match &i.description {
        Some(text) => {
            for l in text.lines() {
                out.push(Line::raw(format!("  {}", clean(l))));
            }
        }
        None => out.push(Line::styled("  none", p.dim())),
    }
    out.push(Line::raw(""));
    out.push(heading(
        &format!("Decisions ({}, newest first)", d.decisions.len()),
        p,
    ));
    for dec in &d.decisions {
        let change = format!(
            "{}: {} → {}",
            dec.field,
            short(&dec.field, dec.old.as_deref()),
            short(&dec.field, dec.new.as_deref())
        );
        let mut spans = vec![
            Span::styled(
                format!(
                    "  {} {} ",
                    &dec.at.get(..16).unwrap_or(&dec.at),
                    clean(&dec.by)
                ),
                p.dim(),
            ),
            Span::raw(change),
        ];
        if !dec.why.is_empty() {
            spans.push(Span::styled(format!(" — {}", clean(&dec.why)), p.good()));
        }
        out.push(Line::from(spans));
    }
    out
}

/// A decision's value, readable and safe to draw.
pub(super) fn short(field: &str, text: Option<&str>) -> String {
    super::decision_value(field, text, 60)
}

pub struct DetailScreen;

impl crate::tui::screens::Screen for DetailScreen {
    const HINTS: &'static [Action] = &[
        Action::Back,
        Action::Edit,
        Action::Toggle,
        Action::Criterion,
        Action::Undo,
        Action::Help,
    ];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }

    fn scroll_limit(model: &Model, area: Rect) -> usize {
        scroll_limit(model, area)
    }
}

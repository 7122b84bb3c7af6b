//! Refinement mode: the item on screen, large, with why it is in the queue and
//! the keys a meeting uses; the estimation round; the session's summary.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, clean, detail, Palette};
use crate::domain::rank::RankKey;
use crate::domain::refine::{self, Facts};
use crate::tui::app::{Estimation, Model};
use crate::tui::keymap::{Action, Scope};

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let Some(text) = paragraph(model, p) else {
        return;
    };
    let top = detail::scrolled(model.detail_scroll, &text, area);
    frame.render_widget(text.scroll((top, 0)), area);
}

/// How far the item on screen scrolls in `area`.
pub fn scroll_limit(model: &Model, area: Rect) -> usize {
    paragraph(model, Palette::new(model.color)).map_or(0, |text| {
        crate::tui::layout::last_top(text.line_count(area.width), usize::from(area.height))
    })
}

/// The item on screen, large, before scrolling.
fn paragraph(model: &Model, p: Palette) -> Option<Paragraph<'static>> {
    let m = model.meeting.as_ref()?;
    let entry = m.current()?;
    let key = |a: Action| model.keymap.hint(Scope::Refine, a);
    // The reasons as they stand now, once the item is loaded: they go away as the
    // meeting fixes them.
    let reasons = match &model.detail {
        Some(d) if d.item.id == entry.id => {
            let i = &d.item;
            let facts = Facts {
                key: RankKey::of(i, None),
                lane: i.lane,
                status: i.status,
                scored: i.value.is_some()
                    && i.impact.is_some()
                    && i.risk.is_some()
                    && i.effort.is_some(),
                has_criteria: !i.criteria.is_empty(),
                updated: i.updated,
                needs_postmortem: i.needs_postmortem(),
            };
            refine::reasons(&facts, model.data.policy.stale_days, model.now, model.today)
        }
        _ => entry.reasons.clone(),
    };
    let why = if reasons.is_empty() {
        Span::styled("✓ nothing left to refine here", p.good())
    } else {
        Span::styled(
            reasons
                .iter()
                .map(|r| r.words())
                .collect::<Vec<_>>()
                .join(" · "),
            p.warn(),
        )
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(" Refinement · {} of {} ", m.at + 1, m.queue.len()),
            p.title().add_modifier(Modifier::REVERSED),
        ),
        Span::raw("  "),
        why,
    ])];
    match &model.detail {
        Some(d) if d.item.id == entry.id => {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("  #{}  {}", d.item.id, clean(&d.item.title)),
                p.title()
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ));
            lines.push(Line::raw(""));
            let legend = [
                format!(
                    "{} hot fix  {} stability  {} feature  {} bet  {} Inbox",
                    key(Action::ToHotfix),
                    key(Action::ToStability),
                    key(Action::ToFeature),
                    key(Action::ToBet),
                    key(Action::ToInbox)
                ),
                format!(
                    "{} score card  {} {} {} {} one score  {} estimation round  {} pin  {} criterion",
                    key(Action::ScoreCard),
                    key(Action::Value),
                    key(Action::Impact),
                    key(Action::Risk),
                    key(Action::Effort),
                    key(Action::Estimate),
                    key(Action::Pin),
                    key(Action::Criterion)
                ),
                format!(
                    "{} decline  {} duplicate  {} status  {} undo  {} skip  {} back  {} end",
                    key(Action::Decline),
                    key(Action::Duplicate),
                    key(Action::Advance),
                    key(Action::Undo),
                    key(Action::Skip),
                    key(Action::Previous),
                    key(Action::Back)
                ),
            ];
            for l in legend {
                lines.push(Line::styled(format!("  {l}"), p.dim()));
            }
            // What the visit will write, with one reason, when the item is left.
            if !m.visit.is_empty() && m.visit.id == entry.id {
                lines.push(Line::raw(""));
                lines.push(Line::from(vec![
                    Span::styled("  pending: ", p.warn()),
                    Span::raw(clean(&m.visit.words.join(", ")).into_owned()),
                    Span::styled(
                        format!(
                            "  (one action, its reason asked as you leave; {} drops it)",
                            key(Action::Undo)
                        ),
                        p.dim(),
                    ),
                ]));
            }
            lines.push(Line::raw(""));
            lines.extend(detail::lines(model, p, d));
        }
        _ => lines.push(Line::styled("loading…", p.dim())),
    }
    Some(Paragraph::new(lines).wrap(Wrap { trim: false }))
}

/// The estimation round, over the item.
pub fn estimate(round: &Estimation, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let rect = centered(area, 64, 12);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" Estimation round on #{} (Esc cancels) ", round.id),
        p.title(),
    ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = Vec::new();
    let mut cursor = None;
    match round.field {
        None => lines.push(Line::raw(
            "Which score? v value, i impact, r risk, w effort",
        )),
        Some(field) if !round.revealed => {
            let now = round
                .current()
                .map_or_else(|| "none yet".to_string(), |v| format!("now {v}"));
            lines.push(Line::raw(format!("Estimating {} ({now}).", field.name())));
            let done = if round.people.is_empty() {
                "● ".repeat(round.estimates.len()).trim_end().to_string()
            } else {
                round
                    .names
                    .iter()
                    .map(|n| format!("{} ●", clean(n)))
                    .collect::<Vec<_>>()
                    .join("  ")
            };
            lines.push(Line::raw(format!(
                "In: {}",
                if round.estimates.is_empty() {
                    "nobody yet"
                } else {
                    &done
                }
            )));
            lines.push(Line::raw(""));
            if round.people.is_empty() {
                lines.push(Line::styled(
                    "Each person types an estimate (1 2 3 5 8 13 20) and Enter;",
                    p.dim(),
                ));
                lines.push(Line::styled(
                    "Enter on an empty line reveals them all.",
                    p.dim(),
                ));
            } else {
                lines.push(Line::styled(
                    "Each in turn types an estimate (1 2 3 5 8 13 20) and Enter;",
                    p.dim(),
                ));
                lines.push(Line::styled(
                    "Enter alone passes; all are revealed after the last.",
                    p.dim(),
                ));
            }
            let label = match round.whose() {
                Some(who) => format!("{}'s estimate: ", clean(who)),
                None => format!("estimate {}: ", round.estimates.len() + 1),
            };
            cursor = Some((label.chars().count() + round.input.cursor(), lines.len()));
            lines.push(Line::from(vec![
                Span::styled(label, p.title()),
                // Hidden until revealed: only a mark per character is shown.
                Span::raw("•".repeat(round.input.text().chars().count())),
            ]));
        }
        Some(field) => {
            lines.push(Line::raw(format!(
                "{}: {}",
                field.name(),
                if round.names.is_empty() {
                    round
                        .estimates
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("  ")
                } else {
                    clean(&round.spread()).into_owned()
                }
            )));
            let lo = round.estimates.iter().min().copied().unwrap_or(0);
            let hi = round.estimates.iter().max().copied().unwrap_or(0);
            lines.push(Line::raw(format!(
                "lowest {lo}, highest {hi}, median {}",
                round.median().unwrap_or(0)
            )));
            if round.estimates.len().is_multiple_of(2) {
                lines.push(Line::styled(
                    "(even count: the scale value nearest the middle, the lower on a tie)",
                    p.dim(),
                ));
            }
            if round.wide() {
                lines.push(Line::styled(
                    "WIDE SPREAD: the highest is two or more steps above the lowest — discuss",
                    p.warn(),
                ));
            } else {
                lines.push(Line::styled("the team roughly agrees", p.good()));
            }
            lines.push(Line::raw(""));
            let label = "m takes the median, or type the agreed value and Enter: ";
            cursor = Some((label.chars().count() + round.input.cursor(), lines.len()));
            lines.push(Line::from(vec![
                Span::styled(label, p.title()),
                Span::raw(round.input.text().to_string()),
            ]));
        }
    }
    if let Some(e) = &round.error {
        lines.push(Line::styled(format!("✗ {e}"), p.warn()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some((x, y)) = cursor {
        let x = (x as u16).min(inner.width.saturating_sub(1));
        frame.set_cursor_position((inner.x + x, inner.y + y as u16));
    }
}

/// The end of a session: what it saw and decided.
pub fn summary(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    if model.meeting.is_none() {
        return;
    }
    let Some(text) = summary_paragraph(model, p) else {
        frame.render_widget(Line::styled("loading…", p.dim()), area);
        return;
    };
    let top = detail::scrolled(model.detail_scroll, &text, area);
    frame.render_widget(text.scroll((top, 0)), area);
}

/// How far the summary scrolls in `area`.
pub fn summary_scroll_limit(model: &Model, area: Rect) -> usize {
    summary_paragraph(model, Palette::new(model.color)).map_or(0, |text| {
        crate::tui::layout::last_top(text.line_count(area.width), usize::from(area.height))
    })
}

/// The session's summary, before scrolling.
fn summary_paragraph(model: &Model, p: Palette) -> Option<Paragraph<'static>> {
    let m = model.meeting.as_ref()?;
    let s = m.summary.as_ref()?;
    let key = |a: Action| model.keymap.hint(Scope::Summary, a);
    let mut lines = vec![
        Line::styled(" Refinement session summary", p.title()),
        Line::raw(""),
        Line::raw(format!(
            "  {} in the queue · {} seen · {} changed · {} declined · {} decisions{}",
            m.queue.len(),
            m.seen.len(),
            s.changed().len(),
            s.declined().len(),
            s.decisions.len(),
            if s.left_out > 0 {
                format!(" · {} undone and left out", s.left_out)
            } else {
                String::new()
            }
        )),
        Line::styled(
            format!(
                "  {} writes the notes as Markdown · {} back to the board",
                key(Action::Notes),
                key(Action::Back)
            ),
            p.dim(),
        ),
        Line::raw(""),
    ];
    if s.decisions.is_empty() {
        lines.push(Line::styled("  No decisions were made.", p.dim()));
    }
    for d in &s.decisions {
        let item = d
            .item
            .map(|i| {
                let title = s.titles.get(&i).map_or("", String::as_str);
                format!("#{i} {} ", clean(title))
            })
            .unwrap_or_default();
        let why = if d.why.is_empty() {
            String::new()
        } else {
            format!(" — {}", clean(&d.why))
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {item}"), p.title()),
            Span::raw(format!(
                "{}: {} → {}",
                crate::domain::record::field_words(&d.field, d.item.is_some()),
                detail::short(&d.field, d.old.as_deref()),
                detail::short(&d.field, d.new.as_deref())
            )),
            Span::styled(why, p.good()),
        ]));
    }
    Some(Paragraph::new(lines).wrap(Wrap { trim: false }))
}

pub struct RefineScreen;

impl crate::tui::screens::Screen for RefineScreen {
    const HINTS: &'static [Action] = &[
        Action::Skip,
        Action::Previous,
        Action::ScoreCard,
        Action::Estimate,
        Action::Back,
        Action::Help,
    ];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }

    fn scroll_limit(model: &Model, area: Rect) -> usize {
        scroll_limit(model, area)
    }
}

pub struct SummaryScreen;

impl crate::tui::screens::Screen for SummaryScreen {
    const HINTS: &'static [Action] = &[Action::Notes, Action::Back, Action::Quit];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        summary(model, p, frame, area);
    }

    fn scroll_limit(model: &Model, area: Rect) -> usize {
        summary_scroll_limit(model, area)
    }
}

//! The dashboard (`D`): the lane mix against the targets first, then throughput
//! per week by lane, cycle time, SLA adherence, the work in progress (aging
//! items marked; `Enter` opens one) and the forecast of `now`. It draws what the
//! model holds; nothing is computed here.

use chrono::Datelike;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Borders, LineGauge, Paragraph, Row, Sparkline, Table,
};
use ratatui::Frame;

use super::{clean, fit, lane_title, Palette};
use crate::domain::forecast::date_after;
use crate::domain::metrics::{mix_sentence, Metrics};
use crate::domain::{Lane, Severity};
use crate::tui::app::Model;
use crate::tui::data::DashboardData;
use crate::tui::keymap::{Action, Scope};

fn days(d: Option<f64>) -> String {
    d.map_or_else(|| "—".into(), |d| format!("{d:.1}"))
}

/// A panel's frame: boxed when there is room, a title line when there is not.
fn panel<'a>(title: impl Into<Line<'a>>, boxed: bool, p: Palette) -> Block<'a> {
    Block::default()
        .borders(if boxed { Borders::ALL } else { Borders::TOP })
        .border_style(p.dim())
        .title(title)
        .title_style(p.title())
}

pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
    let Some(d) = &model.dashboard.data else {
        frame.render_widget(Line::styled(" computing the dashboard…", p.dim()), area);
        return;
    };
    let wide = area.width >= 120 && area.height >= 30;
    if wide {
        let [top, middle, bottom] = Layout::vertical([
            Constraint::Length(7),
            Constraint::Length(14),
            Constraint::Min(6),
        ])
        .areas(area);
        let [mix, fore] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
        lane_mix(&d.metrics, p, frame, mix, true);
        forecast(d, p, frame, fore, true);
        throughput(&d.metrics, p, frame, middle, true);
        let [cyc, sla_area, wip_area] = Layout::horizontal([
            Constraint::Percentage(26),
            Constraint::Percentage(32),
            Constraint::Percentage(42),
        ])
        .areas(bottom);
        cycle(&d.metrics, p, frame, cyc, true);
        sla(d, p, frame, sla_area, true);
        wip(model, d, p, frame, wip_area, true);
    } else {
        let [top, middle, bottom] = Layout::vertical([
            Constraint::Length(6),
            Constraint::Min(5),
            Constraint::Length(7),
        ])
        .areas(area);
        lane_mix(&d.metrics, p, frame, top, false);
        throughput(&d.metrics, p, frame, middle, false);
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(bottom);
        cycle(&d.metrics, p, frame, left, false);
        let [fore, sla_area, wip_area] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Min(2),
        ])
        .areas(right);
        forecast(d, p, frame, fore, false);
        sla(d, p, frame, sla_area, false);
        wip(model, d, p, frame, wip_area, false);
    }
}

/// The mission's question first: is the effort done where the targets say?
fn lane_mix(m: &Metrics, p: Palette, frame: &mut Frame<'_>, area: Rect, boxed: bool) {
    let title = format!(
        " Lane mix: effort done in the last {} weeks, against the targets ",
        m.window.weeks
    );
    let block = panel(title, boxed, p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = Layout::vertical([Constraint::Length(1); 5]).split(inner);
    let label_w = 15u16;
    let text_w = 24u16;
    for (i, x) in m.mix.iter().enumerate() {
        let Some(row) = rows.get(i).copied() else {
            break;
        };
        let [label, bar, text] = Layout::horizontal([
            Constraint::Length(label_w),
            Constraint::Min(4),
            Constraint::Length(text_w),
        ])
        .areas(row);
        frame.render_widget(
            Line::styled(
                format!(" {}", lane_title(Some(x.lane))),
                p.lane(Some(x.lane)),
            ),
            label,
        );
        let share = x.share.unwrap_or(0.0);
        frame.render_widget(
            LineGauge::default()
                .ratio(share.clamp(0.0, 1.0))
                .label("")
                .filled_symbol("█")
                .unfilled_symbol("·")
                .filled_style(p.lane(Some(x.lane)))
                .unfilled_style(p.dim()),
            bar,
        );
        // The target, marked on the gauge.
        if bar.width > 1 {
            let at =
                bar.x + ((x.target * f64::from(bar.width - 1)).round() as u16).min(bar.width - 1);
            if let Some(cell) = frame.buffer_mut().cell_mut((at, bar.y)) {
                cell.set_symbol("┃");
            }
        }
        let words = format!(
            " {:>4} of {:>3.0}%{}",
            x.share
                .map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0)),
            x.target * 100.0,
            if x.off { "  off" } else { "" }
        );
        frame.render_widget(
            Line::styled(words, if x.off { p.warn() } else { p.good() }),
            text,
        );
    }
    if let Some(row) = rows.get(4).copied() {
        let (text, style) = match mix_sentence(&m.mix) {
            Some(s) => (format!(" ! {s}"), p.warn()),
            None if m.mix.iter().any(|x| x.share.is_some()) => (
                " every lane within 10 points of its target (┃)".into(),
                p.good(),
            ),
            None => (" no effort done in these weeks".into(), p.dim()),
        };
        frame.render_widget(Line::styled(fit(&text, usize::from(row.width)), style), row);
    }
}

/// A week's label in `width` columns: `11-09`, else `w46`; the current week `now`.
fn week_label(start: chrono::NaiveDate, partial: bool, width: u16) -> String {
    if partial {
        "now".into()
    } else if width >= 5 {
        start.format("%m-%d").to_string()
    } else {
        format!("w{:02}", start.iso_week().week())
    }
}

fn throughput(m: &Metrics, p: Palette, frame: &mut Frame<'_>, area: Rect, boxed: bool) {
    let mean = m
        .mean_done
        .map_or_else(|| "—".into(), |x| format!("{x:.1}"));
    let block = panel(
        Line::from(vec![
            Span::styled(" Throughput per week by lane ", p.title()),
            Span::styled(
                format!("(h s f b; now: so far) mean {mean} a week "),
                p.dim(),
            ),
        ]),
        boxed,
        p,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let groups = m.weeks.len().max(1) as u16;
    // Widest bars that fit, one column between weeks; when even the narrowest
    // do not, the most recent weeks.
    let bar_w = ((inner.width / groups).saturating_sub(1) / 4).clamp(1, 3);
    let group_w = 4 * bar_w + 1;
    let fits = usize::from((inner.width / group_w).max(1));
    let shown = &m.weeks[m.weeks.len().saturating_sub(fits)..];
    let data: Vec<BarGroup<'_>> = shown
        .iter()
        .map(|w| {
            let bars: Vec<Bar<'_>> = Lane::ALL
                .iter()
                .map(|l| {
                    let n = *w.done.lane(*l) as u64;
                    Bar::new(n)
                        .label(Line::from(&lane_letter(*l)[..usize::from(bar_w).min(1)]))
                        .text_value(if bar_w >= 2 {
                            n.to_string()
                        } else {
                            String::new()
                        })
                        .style(p.lane(Some(*l)))
                        .value_style(p.selected())
                })
                .collect();
            BarGroup::default()
                .label(Line::from(week_label(w.start, w.partial, 4 * bar_w)))
                .bars(&bars)
        })
        .collect();
    let mut chart = BarChart::default()
        .bar_width(bar_w)
        .bar_gap(0)
        .group_gap(1)
        .label_style(p.dim());
    for g in data {
        chart = chart.data(g);
    }
    frame.render_widget(chart, inner);
}

fn lane_letter(l: Lane) -> &'static str {
    match l {
        Lane::Hotfix => "h",
        Lane::Stability => "s",
        Lane::Feature => "f",
        Lane::Bet => "b",
    }
}

fn cycle(m: &Metrics, p: Palette, frame: &mut Frame<'_>, area: Rect, boxed: bool) {
    let block = panel(" Cycle time, days ", boxed, p);
    let mut rows = vec![Row::new(vec![
        "All lanes".to_string(),
        m.cycle.all.count.to_string(),
        days(m.cycle.all.p50),
        days(m.cycle.all.p85),
    ])];
    for l in Lane::ALL {
        let s = m.cycle.lane(*l);
        rows.push(
            Row::new(vec![
                lane_title(Some(*l)).to_string(),
                s.count.to_string(),
                days(s.p50),
                days(s.p85),
            ])
            .style(p.lane(Some(*l))),
        );
    }
    let table = Table::new(
        rows,
        [
            Constraint::Min(9),
            Constraint::Length(4),
            Constraint::Length(5),
            Constraint::Length(5),
        ],
    )
    .header(Row::new(vec!["", "n", "p50", "p85"]).style(p.dim()))
    .block(block);
    frame.render_widget(table, area);
}

fn sla(d: &DashboardData, p: Palette, frame: &mut Frame<'_>, area: Rect, boxed: bool) {
    let m = &d.metrics;
    let all = m.sla.all;
    let breaches = m.sla.open_breaches.len();
    let label = format!(
        "SLA {} of {} on time{}",
        all.on_time,
        all.done,
        if breaches > 0 {
            format!(", {breaches} open past due")
        } else {
            String::new()
        }
    );
    let gauge = |label: String| {
        let style = if breaches > 0 { p.warn() } else { p.good() };
        LineGauge::default()
            .ratio(all.share.unwrap_or(0.0).clamp(0.0, 1.0))
            .label(Span::styled(format!("{label} "), style))
            .filled_symbol("█")
            .unfilled_symbol("·")
            .filled_style(p.good())
            .unfilled_style(p.dim())
    };
    if !boxed {
        frame.render_widget(gauge(label), area);
        return;
    }
    let block = panel(" SLA and post-mortems ", true, p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [gauge_area, table, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(6),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(gauge(label), gauge_area);
    let mut rows: Vec<Row<'_>> = Severity::ALL
        .iter()
        .map(|s| {
            let r = m.sla.severity(*s);
            Row::new(vec![
                s.as_str().to_string(),
                format!("{} / {}", r.on_time, r.done),
                r.share
                    .map_or_else(|| "—".into(), |x| format!("{:.0}%", x * 100.0)),
                days(r.median_days),
            ])
        })
        .collect();
    rows.insert(
        0,
        Row::new(vec!["", "on time", "share", "median d"]).style(p.dim()),
    );
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(4),
                Constraint::Length(9),
                Constraint::Length(6),
                Constraint::Length(9),
            ],
        ),
        table,
    );
    let mut lines = Vec::new();
    // Only the breaches there is room for, with the two lines below them.
    let room = usize::from(rest.height.saturating_sub(3)).max(1);
    let breaches = &m.sla.open_breaches;
    for id in breaches.iter().take(if breaches.len() > room {
        room - 1
    } else {
        room
    }) {
        let title = d.titles.get(id).map_or("", String::as_str);
        lines.push(Line::styled(
            fit(
                &format!("! #{id} {}", clean(title)),
                usize::from(rest.width),
            ),
            p.warn(),
        ));
    }
    if breaches.len() > room {
        lines.push(Line::styled(
            format!("! and {} more open past due", breaches.len() - (room - 1)),
            p.warn(),
        ));
    }
    let pm = m.postmortems;
    lines.push(Line::styled(
        format!(
            "Post-mortems: {} of {} hot fixes done",
            pm.with_postmortem, pm.hotfixes_done
        ),
        p.dim(),
    ));
    lines.push(Line::styled(
        format!("Cost of delay delivered: {:.0}", m.cost_of_delay),
        p.dim(),
    ));
    let text_h = (lines.len() as u16).min(rest.height);
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: text_h,
            ..rest
        },
    );
    if rest.height > text_h + 1 {
        let spark = Rect {
            y: rest.y + text_h,
            height: rest.height - text_h,
            ..rest
        };
        let values: Vec<u64> = m
            .weeks
            .iter()
            .map(|w| w.cost_of_delay.round() as u64)
            .collect();
        frame.render_widget(
            Sparkline::default().data(&values).style(p.good()).block(
                Block::default()
                    .borders(Borders::TOP)
                    .border_style(p.dim())
                    .title(Span::styled("cost of delay per week", p.dim())),
            ),
            spark,
        );
    }
}

fn wip(
    model: &Model,
    d: &DashboardData,
    p: Palette,
    frame: &mut Frame<'_>,
    area: Rect,
    boxed: bool,
) {
    let m = &d.metrics;
    let aging = m.wip.iter().filter(|w| w.aging).count();
    let open = model.keymap.hint(Scope::Dashboard, Action::Open);
    let block = panel(
        Line::from(vec![
            Span::styled(
                format!(" In progress: {}, {aging} aging ", m.wip.len()),
                p.title(),
            ),
            Span::styled(format!("({open} opens) "), p.dim()),
        ]),
        boxed,
        p,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if m.wip.is_empty() {
        frame.render_widget(Line::styled(" nothing in doing", p.dim()), inner);
        return;
    }
    let height = usize::from(inner.height.max(1));
    let selected = model.dashboard.selected.min(m.wip.len() - 1);
    let top = selected.saturating_sub(height - 1);
    let width = usize::from(inner.width);
    let lines: Vec<Line<'_>> = m
        .wip
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, w)| {
            let title = d.titles.get(&w.id).map_or("", String::as_str);
            let mark = if w.aging { "aging" } else { "" };
            let text = format!(
                "#{:<5} {:>5}d {:<5} {}",
                w.id,
                days(w.age_days),
                mark,
                clean(title)
            );
            let style = if i == selected {
                p.selected()
            } else if w.aging {
                p.warn()
            } else {
                p.lane(w.lane)
            };
            Line::styled(fit(&text, width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn forecast(d: &DashboardData, p: Palette, frame: &mut Frame<'_>, area: Rect, boxed: bool) {
    let today = d.metrics.window.now.date_naive();
    let text = match &d.forecast {
        Err(why) => format!("no forecast: {why}"),
        Ok(_) if d.now_total == 0 => "nothing open in now".into(),
        Ok(w) => {
            // Narrow screens drop the year.
            let format = if boxed { "%Y-%m-%d" } else { "%m-%d" };
            let at = |x: Option<u32>| {
                x.map_or_else(
                    || "10+ years".into(),
                    |x| date_after(today, x).format(format).to_string(),
                )
            };
            if boxed {
                format!(
                    "{} open in now: 50% likely done by {}, 85% by {}, 95% by {}",
                    d.now_total,
                    at(w.p50),
                    at(w.p85),
                    at(w.p95)
                )
            } else {
                format!(
                    "{} in now: 50% by {}, 85% {}, 95% {}",
                    d.now_total,
                    at(w.p50),
                    at(w.p85),
                    at(w.p95)
                )
            }
        }
    };
    let title = if boxed {
        " Forecast of now (Monte Carlo, 10,000 trials) "
    } else {
        " Forecast of now "
    };
    let block = panel(title, boxed, p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [line, spark] = Layout::vertical([
        Constraint::Length(if boxed { 2 } else { 1 }),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(Line::styled(text, p.good())).wrap(ratatui::widgets::Wrap { trim: true }),
        line,
    );
    if spark.height > 0 {
        let samples: Vec<u64> = d.metrics.samples().iter().map(|s| u64::from(*s)).collect();
        frame.render_widget(
            Sparkline::default()
                .data(&samples)
                .style(p.lane(Some(Lane::Feature)))
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .border_style(p.dim())
                        .title(Span::styled(
                            "drawn from: items done in each complete week",
                            p.dim(),
                        )),
                ),
            spark,
        );
    }
}

pub struct DashboardScreen;

impl crate::tui::screens::Screen for DashboardScreen {
    const HINTS: &'static [Action] = &[
        Action::Narrow,
        Action::Widen,
        Action::Open,
        Action::Reload,
        Action::Back,
        Action::Help,
    ];

    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
        render(model, p, frame, area);
    }
}

//! `metrics` and `forecast`: the flow and balance numbers of section 11, as
//! tables for people and one JSON document for scripts.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::args::{ForecastArgs, MetricsArgs};
use super::items::parse_lane;
use super::output::Out;
use super::{CliError, CliResult};
use crate::domain::forecast::{self, date_after, weeks_until};
use crate::domain::metrics::{mix_sentence, ByLane, Metrics, Summary, Window};
use crate::domain::record::find_theme;
use crate::domain::{dates, Horizon, Lane, Severity};
use crate::store::{Ctx, Remaining, Store};

/// Items a table for people lists before it says how many more there are.
const SHOWN: usize = 20;

/// A number of days with one decimal, or `—` for no data.
pub fn days_text(d: Option<f64>) -> String {
    d.map_or_else(|| "—".into(), |d| format!("{d:.1}"))
}

/// A share as a whole percentage, or `—` for no data.
pub fn percent_text(s: Option<f64>) -> String {
    s.map_or_else(|| "—".into(), |s| format!("{:.0}%", s * 100.0))
}

fn shown(lanes: &[Option<Lane>]) -> Vec<Lane> {
    Lane::ALL
        .iter()
        .copied()
        .filter(|l| lanes.is_empty() || lanes.contains(&Some(*l)))
        .collect()
}

pub fn metrics(store: &Store, ctx: &Ctx, out: &mut Out, a: &MetricsArgs) -> CliResult {
    let window =
        Window::new(a.weeks, ctx.now).map_err(|e| CliError::Bad(format!("--weeks: {e}")))?;
    let lanes: Vec<Option<Lane>> = a
        .lanes
        .iter()
        .map(|l| parse_lane(l))
        .collect::<Result<_, _>>()?;
    let m = store.metrics(&window, ctx.today, &lanes)?;
    let lanes = shown(&lanes);
    if out.json {
        return out.json(&metrics_doc(&m, &lanes));
    }
    print_metrics(out, &m, &lanes)
}

fn summary_doc(s: &Summary) -> Value {
    json!({"count": s.count, "p50": s.p50, "p85": s.p85, "p95": s.p95, "mean": s.mean})
}

fn by_lane<T>(b: &ByLane<T>, lanes: &[Lane], all: &str, f: impl Fn(&T) -> Value) -> Value {
    let mut map = Map::new();
    if all == "all" {
        map.insert(all.into(), f(&b.all));
    }
    for l in lanes {
        map.insert(l.as_str().into(), f(b.lane(*l)));
    }
    if all != "all" {
        map.insert(all.into(), f(&b.all));
    }
    Value::Object(map)
}

/// The `--json` document of section 11.
pub fn metrics_doc(m: &Metrics, lanes: &[Lane]) -> Value {
    let w = &m.window;
    let weeks: Vec<Value> = m
        .weeks
        .iter()
        .map(|wk| {
            json!({
                "week": wk.start.to_string(),
                "partial": wk.partial,
                "done": by_lane(&wk.done, lanes, "total", |n| json!(n)),
                "effort": by_lane(&wk.effort, lanes, "total", |n| json!(n)),
                "declined": wk.declined,
                "arrived": wk.arrived,
                "open": wk.open,
            })
        })
        .collect();
    let sla_row = |r: &crate::domain::metrics::SlaRow| json!({"done": r.done, "on_time": r.on_time, "share": r.share, "median_days": r.median_days});
    let mut sla = Map::new();
    for s in Severity::ALL {
        sla.insert(s.as_str().into(), sla_row(m.sla.severity(*s)));
    }
    sla.insert("all".into(), sla_row(&m.sla.all));
    sla.insert("open_breaches".into(), json!(m.sla.open_breaches));
    let mut mix = Map::new();
    for x in m.mix.iter().filter(|x| lanes.contains(&x.lane)) {
        mix.insert(
            x.lane.as_str().into(),
            json!({"effort": x.effort, "share": x.share, "target": x.target, "off": x.off}),
        );
    }
    json!({
        "window": {"weeks": w.weeks, "from": w.first_day().to_string(), "to": w.last_day().to_string()},
        "lead_time": by_lane(&m.lead, lanes, "all", summary_doc),
        "cycle_time": by_lane(&m.cycle, lanes, "all", summary_doc),
        "throughput": {"weeks": weeks, "mean_done": m.mean_done},
        "wip": m.wip.iter().map(|x| json!({
            "id": x.id, "lane": x.lane.map(Lane::as_str), "age_days": x.age_days, "aging": x.aging,
        })).collect::<Vec<_>>(),
        "sla": sla,
        "lane_mix": mix,
        "postmortems": {
            "hotfixes_done": m.postmortems.hotfixes_done,
            "with_postmortem": m.postmortems.with_postmortem,
        },
        "cost_of_delay": {
            "total": m.cost_of_delay,
            "weeks": m.weeks.iter().map(|wk| wk.cost_of_delay).collect::<Vec<_>>(),
        },
    })
}

fn print_metrics(out: &mut Out, m: &Metrics, lanes: &[Lane]) -> CliResult {
    let w = &m.window;
    out.line(format!(
        "The {} complete week{} from {} to {}, and this week so far.",
        w.weeks,
        if w.weeks == 1 { "" } else { "s" },
        w.first_day(),
        w.last_day()
    ))?;
    out.line("")?;
    out.line("Lane mix: effort done against the capacity targets")?;
    for x in m.mix.iter().filter(|x| lanes.contains(&x.lane)) {
        out.line(format!(
            "  {:<15} {:>4} pts  {:>4} of the effort  target {:>3.0}%{}",
            x.lane.label(),
            x.effort,
            percent_text(x.share),
            x.target * 100.0,
            if x.off { "  ! off target" } else { "" }
        ))?;
    }
    match mix_sentence(&m.mix) {
        _ if lanes.is_empty() => out.line(
            "  The Inbox has no capacity target: the mix is of the four lanes (leave out --lane inbox to see it).",
        )?,
        Some(s) => out.line(format!("  ! {s}"))?,
        None if m.mix.iter().any(|x| x.share.is_some()) => {
            out.line("  Every lane is within 10 points of its target.")?;
        }
        None => out.line("  No effort was done in these weeks.")?,
    }
    out.line("")?;
    out.line("Throughput per week")?;
    let mut head = format!("  {:<12}{:>5}", "week of", "done");
    for l in lanes {
        let _ = write!(head, "{:>8}", short(*l));
    }
    let _ = write!(
        head,
        "{:>8}{:>10}{:>9}{:>6}",
        "effort", "declined", "arrived", "open"
    );
    out.line(head)?;
    for wk in &m.weeks {
        let mut row = format!(
            "  {:<12}{:>5}",
            format!("{}{}", wk.start, if wk.partial { "*" } else { "" }),
            wk.done.all
        );
        for l in lanes {
            let _ = write!(row, "{:>8}", wk.done.lane(*l));
        }
        let _ = write!(
            row,
            "{:>8}{:>10}{:>9}{:>6}",
            wk.effort.all, wk.declined, wk.arrived, wk.open
        );
        out.line(row)?;
    }
    out.line(format!(
        "  * this week, so far. Mean: {} items done a week.",
        m.mean_done
            .map_or_else(|| "—".into(), |x| format!("{x:.1}"))
    ))?;
    for (name, by) in [("Lead time", &m.lead), ("Cycle time", &m.cycle)] {
        out.line("")?;
        out.line(format!(
            "{name} in days{:>width$}{:>7}{:>7}{:>7}{:>7}",
            "n",
            "p50",
            "p85",
            "p95",
            "mean",
            width = 21 - name.len()
        ))?;
        let row = |label: &str, s: &Summary| {
            format!(
                "  {label:<20}{:>8}{:>7}{:>7}{:>7}{:>7}",
                s.count,
                days_text(s.p50),
                days_text(s.p85),
                days_text(s.p95),
                days_text(s.mean)
            )
        };
        out.line(row("all", &by.all))?;
        for l in lanes {
            out.line(row(l.label(), by.lane(*l)))?;
        }
    }
    out.line("")?;
    if m.wip.is_empty() {
        out.line("Work in progress: nothing in doing.")?;
    } else {
        out.line(format!(
            "Work in progress: {} in doing, oldest first",
            m.wip.len()
        ))?;
        for x in m.wip.iter().take(SHOWN) {
            out.line(format!(
                "  #{:<6} {:<10} {:>6} days{}",
                x.id,
                x.lane.map_or("inbox", Lane::as_str),
                days_text(x.age_days),
                match (x.aging, x.threshold) {
                    (true, Some(p)) => format!("  aging: past the p85 cycle time of {p:.1} days"),
                    _ => String::new(),
                }
            ))?;
        }
        if m.wip.len() > SHOWN {
            out.line(format!(
                "  … and {} more (--json lists them all)",
                m.wip.len() - SHOWN
            ))?;
        }
    }
    out.line("")?;
    out.line("SLA: items with a severity and a due date done in these weeks")?;
    let sla_row = |label: &str, r: &crate::domain::metrics::SlaRow| {
        format!(
            "  {label:<5}{:>3} of {:>3} on time ({:>4}), median {} days from report to fix",
            r.on_time,
            r.done,
            percent_text(r.share),
            days_text(r.median_days)
        )
    };
    for s in Severity::ALL {
        out.line(sla_row(s.as_str(), m.sla.severity(*s)))?;
    }
    out.line(sla_row("all", &m.sla.all))?;
    if m.sla.open_breaches.is_empty() {
        out.line("  No open item is past its due date.")?;
    } else {
        let breaches = &m.sla.open_breaches;
        let ids: Vec<String> = breaches
            .iter()
            .take(SHOWN)
            .map(|i| format!("#{i}"))
            .collect();
        let more = match breaches.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        out.line(format!(
            "  ! Open breaches (past due now): {}{more}",
            ids.join(" ")
        ))?;
    }
    out.line("")?;
    out.line(format!(
        "Post-mortems: {} of {} hot fixes done have a root cause and a prevention.",
        m.postmortems.with_postmortem, m.postmortems.hotfixes_done
    ))?;
    let per_week: Vec<String> = m
        .weeks
        .iter()
        .map(|wk| format!("{:.0}", wk.cost_of_delay))
        .collect();
    out.line(format!(
        "Cost of delay delivered: {:.1} with the current weights (per week: {}).",
        m.cost_of_delay,
        per_week.join(" ")
    ))
}

/// `10000` as `10,000`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A lane's name in a narrow column.
fn short(l: Lane) -> &'static str {
    match l {
        Lane::Hotfix => "hotfix",
        Lane::Stability => "stab.",
        Lane::Feature => "feature",
        Lane::Bet => "bet",
    }
}

/// What a forecast counts down, in words, and how many.
fn target(store: &Store, a: &ForecastArgs) -> CliResult<(String, u64)> {
    if let Some(n) = a.count {
        return Ok((format!("{n} item{}", if n == 1 { "" } else { "s" }), n));
    }
    let (what, words) = if let Some(t) = &a.theme {
        let themes = store.themes()?;
        let theme = find_theme(&themes, t)?;
        (
            Remaining::Theme(theme.id),
            format!("of theme #{} {}", theme.id, theme.name),
        )
    } else if let Some(id) = a.item {
        (
            Remaining::Item(id.0),
            format!("of #{} and its milestones", id.0),
        )
    } else {
        let h = a
            .horizon
            .as_deref()
            .map(Horizon::parse)
            .transpose()?
            .unwrap_or(Horizon::Now);
        (Remaining::Horizon(h), format!("in {h}"))
    };
    let n = store.remaining(&what)?;
    Ok((
        format!("{n} open item{} {words}", if n == 1 { "" } else { "s" }),
        n,
    ))
}

pub fn forecast(store: &Store, ctx: &Ctx, out: &mut Out, a: &ForecastArgs) -> CliResult {
    let window =
        Window::new(a.weeks, ctx.now).map_err(|e| CliError::Bad(format!("--weeks: {e}")))?;
    let by =
        a.by.as_deref()
            .map(|d| dates::parse_date(d, ctx.today))
            .transpose()?;
    let (words, remaining) = target(store, a)?;
    let m = store.metrics(&window, ctx.today, &[])?;
    let samples = m.samples();
    let weeks_said = if m.before_backlog == 0 {
        format!("the last {} complete weeks", window.weeks)
    } else {
        format!(
            "the {} complete weeks since the backlog's first item, {} earlier weeks left out",
            samples.len(),
            m.before_backlog
        )
    };
    let from = format!(
        "from the items done in each of {weeks_said} ({}; {} trials, seed {})",
        samples
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        thousands(u64::from(a.trials)),
        a.seed
    );
    if let Some(by) = by {
        let weeks = weeks_until(ctx.today, by).ok_or_else(|| {
            CliError::Bad(format!(
                "--by {by} is in the past; give a date from today on"
            ))
        })?;
        let items = forecast::items_within(&samples, weeks, a.trials, a.seed)?;
        if out.json {
            return out.json(&json!({
                "by": by.to_string(), "weeks": weeks,
                "items": {"p50": items.p50, "p85": items.p85, "p95": items.p95},
                "remaining": remaining, "samples": samples, "trials": a.trials, "seed": a.seed,
            }));
        }
        out.line(format!(
            "By {by} ({weeks} whole week{}), {from}:",
            if weeks == 1 { "" } else { "s" }
        ))?;
        out.line(format!("  50% likely: at least {} items done", items.p50))?;
        out.line(format!("  85% likely: at least {}", items.p85))?;
        out.line(format!("  95% likely: at least {}", items.p95))?;
        return out.line(format!("There are {words}."));
    }
    let weeks = forecast::weeks(&samples, remaining, a.trials, a.seed)?;
    let date = |w: Option<u32>| w.map(|w| date_after(ctx.today, w).to_string());
    if out.json {
        return out.json(&json!({
            "remaining": remaining, "samples": samples, "trials": a.trials, "seed": a.seed,
            "weeks": {"p50": weeks.p50, "p85": weeks.p85, "p95": weeks.p95},
            "dates": {"p50": date(weeks.p50), "p85": date(weeks.p85), "p95": date(weeks.p95)},
        }));
    }
    out.line(format!("Forecast for the {words}, {from}:"))?;
    for (p, w) in [(50, weeks.p50), (85, weeks.p85), (95, weeks.p95)] {
        out.line(match w {
            Some(w) => format!(
                "  {p}% likely done by {} ({w} week{})",
                date_after(ctx.today, w),
                if w == 1 { "" } else { "s" }
            ),
            None => format!("  {p}% likely: more than ten years at this pace"),
        })?;
    }
    Ok(())
}

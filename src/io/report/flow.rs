//! The report's flow and forecast: throughput per week as a Mermaid bar chart,
//! cycle and lead time, SLA adherence, post-mortems, and when `now` is likely done.

use std::fmt::Write as _;

use super::{table, text, Report};
use crate::domain::forecast::date_after;
use crate::domain::metrics::Summary;
use crate::domain::{Lane, Severity};

fn days(d: Option<f64>) -> String {
    d.map_or_else(|| "—".into(), |d| format!("{d:.1}"))
}

pub(super) fn flow(out: &mut String, r: &Report<'_>) {
    let m = &r.metrics;
    let w = &m.window;
    let _ = write!(
        out,
        "\n## Flow over the last {} weeks\n\nItems done per week, {} to {}:\n\n",
        w.weeks,
        w.first_day(),
        w.last_day()
    );
    let complete: Vec<_> = m.weeks.iter().filter(|wk| !wk.partial).collect();
    let labels: Vec<String> = complete
        .iter()
        .map(|wk| format!("\"{}\"", wk.start.format("%b %d")))
        .collect();
    let values: Vec<String> = complete.iter().map(|wk| wk.done.all.to_string()).collect();
    let top = complete
        .iter()
        .map(|wk| wk.done.all)
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = write!(
        out,
        "```mermaid\nxychart-beta\n    title \"Items done per week\"\n    x-axis [{}]\n    y-axis \"Items done\" 0 --> {}\n    bar [{}]\n```\n\n",
        labels.join(", "),
        top + top.div_ceil(5),
        values.join(", ")
    );
    let _ = writeln!(
        out,
        "On average {} items were done a week. This week so far: {}.\n",
        m.mean_done
            .map_or_else(|| "—".into(), |x| format!("{x:.1}")),
        m.weeks.last().map_or(0, |wk| wk.done.all)
    );
    let row = |label: &str, lead: &Summary, cycle: &Summary| {
        vec![
            label.to_string(),
            lead.count.to_string(),
            days(cycle.p50),
            days(cycle.p85),
            days(lead.p50),
            days(lead.p85),
        ]
    };
    let mut rows = vec![row("All lanes", &m.lead.all, &m.cycle.all)];
    for l in Lane::ALL {
        rows.push(row(
            Lane::title(Some(*l)),
            m.lead.lane(*l),
            m.cycle.lane(*l),
        ));
    }
    out.push_str("Cycle time (started to done) and lead time (reported to done), in days:\n\n");
    table(
        out,
        &[
            "Lane",
            "Done",
            "Cycle p50",
            "Cycle p85",
            "Lead p50",
            "Lead p85",
        ],
        "lrrrrr",
        &rows,
    );
    out.push_str(
        "\nSLA adherence of the items with a severity and a due date done in these weeks:\n\n",
    );
    let sla_row = |label: &str, s: &crate::domain::metrics::SlaRow| {
        vec![
            label.to_string(),
            s.done.to_string(),
            s.on_time.to_string(),
            s.share
                .map_or_else(|| "—".into(), |x| format!("{:.0}%", x * 100.0)),
            days(s.median_days),
        ]
    };
    let mut rows: Vec<Vec<String>> = Severity::ALL
        .iter()
        .map(|s| sla_row(s.as_str(), m.sla.severity(*s)))
        .collect();
    rows.push(sla_row("All", &m.sla.all));
    table(
        out,
        &["Severity", "Done", "On time", "Share", "Median days to fix"],
        "lrrrr",
        &rows,
    );
    out.push('\n');
    if m.sla.open_breaches.is_empty() {
        out.push_str("No open item is past its SLA due date.\n");
    } else {
        let breaches = &m.sla.open_breaches;
        let mut names: Vec<String> = breaches
            .iter()
            .take(super::MAX_ROWS)
            .map(|id| {
                format!(
                    "#{id} {}",
                    text(r.titles.get(id).map_or("", String::as_str))
                )
            })
            .collect();
        if breaches.len() > super::MAX_ROWS {
            names.push(format!("and {} more", breaches.len() - super::MAX_ROWS));
        }
        let _ = writeln!(out, "**Open past their due date:** {}.", names.join("; "));
    }
    let pm = m.postmortems;
    let _ = writeln!(
        out,
        "\nPost-mortems: {} of {} hot fixes done in these weeks have a root cause and a prevention.",
        pm.with_postmortem, pm.hotfixes_done
    );
}

pub(super) fn forecast(out: &mut String, r: &Report<'_>) {
    out.push_str("\n## Forecast\n\n");
    let n = r.now_total;
    match &r.forecast {
        Err(why) => {
            let _ = writeln!(out, "No forecast for `now`: {}.", text(why));
        }
        Ok(_) if n == 0 => out.push_str("Nothing is in `now`, so there is nothing to forecast.\n"),
        Ok(w) => {
            let at = |x: Option<u32>| {
                x.map_or_else(
                    || "more than ten years out".into(),
                    |x| date_after(r.today, x).to_string(),
                )
            };
            let _ = writeln!(
                out,
                "The {n} open items in `now` are 50% likely done by **{}**, 85% likely by **{}**, and 95% likely by {}.\n",
                at(w.p50),
                at(w.p85),
                at(w.p95)
            );
            let _ = writeln!(
                out,
                "A rolling forecast, not a promise: 10,000 simulated futures drawn from the items the team finished in each of the last {} weeks; it moves as the work does.",
                r.metrics.window.weeks
            );
        }
    }
}

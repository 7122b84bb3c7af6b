//! `lanes report`: gathers what the stakeholder update says from the store, and
//! writes the Markdown document `io::report` makes of it.

use std::path::Path;

use chrono::{Days, NaiveDate, NaiveTime};
use serde_json::json;

use super::output::Out;
use super::transfer::write_file;
use super::{CliError, CliResult};
use crate::domain::forecast::{self, DEFAULT_SEED, DEFAULT_TRIALS};
use crate::domain::metrics::{self, mix_of, DoneSince, Input, Window, DEFAULT_WEEKS};
use crate::domain::{dates, roadmap, triage, Horizon, Lane, Status, ThemeStatus};
use crate::io::report::{self, Bet, Report, Tally, ThemeSection, Why, MAX_CHANGES, MAX_ROWS};
use crate::store::{Ctx, Filter, Remaining, Store};

/// Milestones listed under each bet, and bets under each theme.
const MILESTONES: usize = 8;
const BETS: usize = 5;

pub fn report(
    store: &Store,
    ctx: &Ctx,
    out: &mut Out,
    since: Option<&str>,
    output: Option<&Path>,
) -> CliResult {
    // One state of the file for every section, and for both passes over the
    // decision log that "what changed" makes.
    let (since, text) = store.snapshot(|store| document(store, ctx, since))?;
    match output {
        None if out.json => out.json(&json!({"since": since.to_string(), "markdown": text})),
        None => out.raw(text.as_bytes()),
        Some(path) => {
            write_file(store, path, text.as_bytes())?;
            if out.json {
                out.json(&json!({"file": path.display().to_string(), "since": since.to_string()}))
            } else {
                out.line(format!(
                    "Wrote the report since {since} to {}.",
                    path.display()
                ))
            }
        }
    }
}

/// The report since `since` (by default a sprint ago), and that date.
fn document(store: &Store, ctx: &Ctx, since: Option<&str>) -> CliResult<(NaiveDate, String)> {
    let policy = store.policy()?;
    let since = match since {
        Some(text) => dates::parse_date(text, ctx.today)
            .map_err(|e| CliError::Bad(format!("--since: {e}")))?,
        None => ctx
            .today
            .checked_sub_days(Days::new(u64::from(policy.sprint_days)))
            .unwrap_or(ctx.today),
    };
    if since > ctx.today {
        return Err(CliError::Bad(format!(
            "--since {since} is in the future; give a date up to today"
        )));
    }
    let start = since.and_time(NaiveTime::MIN).and_utc();
    let window = Window::new(DEFAULT_WEEKS, ctx.now)?;
    // The flow reads its window; the period, however long, is counted as its
    // items are read, and its decisions folded as they are read.
    let evidence = store.evidence(window.from, ctx.today)?;
    let input = Input {
        facts: &evidence.facts,
        open_at_start: evidence.open_at_start,
        lanes: &[],
        began: evidence.began,
    };
    let m = metrics::compute(&input, &policy, &window, ctx.today);
    let mut done = DoneSince::new(start);
    store.each_finished_since(start, |f| done.add(f))?;

    let now_total = store.remaining(&Remaining::Horizon(Horizon::Now))?;
    let forecast = forecast::weeks(&m.samples(), now_total, DEFAULT_TRIALS, DEFAULT_SEED)
        .map_err(|e| e.to_string());
    let now_items = store
        .list(&Filter {
            horizon: Some(Horizon::Now),
            limit: Some(MAX_ROWS),
            ..Filter::default()
        })?
        .into_iter()
        .map(|item| {
            let mut why = triage::explain(&item, &policy);
            if item.pinned {
                // The person's reason says more than "pinned by hand".
                let reason = store.decisions(Some(item.id), None)?.into_iter().find(|d| {
                    matches!(d.field.as_str(), "horizon" | "pinned") && !d.why.trim().is_empty()
                });
                if let Some(d) = reason {
                    why = format!("{why}: {}", d.why.trim());
                }
            }
            Ok(Why { item, why })
        })
        .collect::<CliResult<Vec<_>>>()?;
    let open_fixes = store.list(&Filter {
        lanes: vec![Some(Lane::Hotfix)],
        limit: Some(MAX_ROWS),
        ..Filter::default()
    })?;
    let fixed = store
        .finished_since(Lane::Hotfix, start)?
        .into_iter()
        .filter(|i| i.status == Status::Done)
        .collect();
    let mut tally = Tally::default();
    store.each_decision_since(start, |d| tally.add(d))?;
    let mut pick = tally.pick(MAX_CHANGES);
    store.each_decision_since(start, |d| pick.add(d))?;
    let changes = pick.finish();
    let mut ids: Vec<i64> = changes
        .listed
        .iter()
        .chain(&changes.declined)
        .filter_map(|c| c.item)
        .collect();
    ids.extend(m.sla.open_breaches.iter().take(MAX_ROWS));
    ids.sort_unstable();
    ids.dedup();
    let titles = store.titles(&ids)?;

    let themes = store.themes()?;
    // The roadmap reads every item; without an active theme it has nothing
    // to say here.
    let rows = if themes.iter().any(|t| t.status == ThemeStatus::Active) {
        roadmap::roadmap(&themes, &store.roadmap_pieces()?)
    } else {
        Vec::new()
    };
    let mut sections = Vec::new();
    for row in rows {
        let Some(theme) = row.theme.and_then(|t| themes.iter().find(|x| x.id == t)) else {
            continue;
        };
        if theme.status != ThemeStatus::Active {
            continue;
        }
        let mut bets = Vec::new();
        for b in row.bets.iter().take(BETS) {
            let children = store.children(b.id)?;
            let mut milestones = Vec::new();
            for id in children.iter().take(MILESTONES) {
                let item = store.item(*id)?;
                milestones.push((item.id, item.title, item.status));
            }
            bets.push(Bet {
                id: b.id,
                title: store.item(b.id)?.title,
                progress: b.progress,
                more: children.len().saturating_sub(MILESTONES),
                milestones,
            });
        }
        sections.push(ThemeSection {
            theme: theme.clone(),
            row,
            bets,
        });
    }

    let r = Report {
        now: ctx.now,
        today: ctx.today,
        since,
        policy: &policy,
        done_since: done.mix(&policy),
        done_count: done.count,
        now_mix: mix_of(store.open_effort(Horizon::Now)?, &policy),
        now_items,
        now_total,
        themes: sections,
        open_fixes_total: store.open_in_lane(Lane::Hotfix)?,
        open_fixes,
        fixed,
        changes,
        titles,
        metrics: m,
        forecast,
        next_items: store.list(&Filter {
            horizon: Some(Horizon::Next),
            limit: Some(10),
            ..Filter::default()
        })?,
        next_total: store.remaining(&Remaining::Horizon(Horizon::Next))?,
    };
    Ok((since, report::render(&r)))
}

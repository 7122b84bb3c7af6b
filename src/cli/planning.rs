//! `refine`, `plan` and `roadmap`: what a refinement meeting and sprint planning read.

use serde_json::{json, Map, Value};

use super::output::{clean, fit, width, Out};
use super::{CliError, CliResult};
use crate::domain::plan::{self, Plan};
use crate::domain::refine::{self, Entry};
use crate::domain::roadmap::{self, Row};
use crate::domain::Theme;
use crate::store::{Ctx, Store};

/// The refinement queue with its reasons.
pub fn refine(store: &Store, ctx: &Ctx, out: &mut Out, limit: Option<usize>) -> CliResult {
    let queue = refine_queue(store, ctx)?;
    if out.json {
        // Typed, not `serde_json::Value`: the queue can hold tens of thousands.
        #[derive(serde::Serialize)]
        struct Doc {
            id: i64,
            reasons: Vec<&'static str>,
        }
        let docs: Vec<Doc> = queue
            .iter()
            .take(limit.unwrap_or(usize::MAX))
            .map(|e| Doc {
                id: e.id,
                reasons: e.reasons.iter().map(|r| r.code()).collect(),
            })
            .collect();
        return out.json(&docs);
    }
    if queue.is_empty() {
        return out.line("Nothing needs refinement: every open item is triaged, scored and ready.");
    }
    let shown = limit.unwrap_or(50).min(queue.len());
    let ids: Vec<i64> = queue[..shown].iter().map(|e| e.id).collect();
    let titles = store.titles(&ids)?;
    out.line(format!(
        "{} items need refinement, most important first:",
        queue.len()
    ))?;
    let w = width();
    for e in &queue[..shown] {
        let words: Vec<&str> = e.reasons.iter().map(|r| r.words()).collect();
        let title = titles.get(&e.id).map_or("", String::as_str);
        let head = format!("#{:<6} {}", e.id, clean(title, false));
        out.line(fit(&head, w))?;
        out.line(fit(&format!("        {}", words.join("; ")), w))?;
    }
    if shown < queue.len() {
        out.line(format!(
            "… and {} more (--limit N shows more)",
            queue.len() - shown
        ))?;
    }
    Ok(())
}

fn refine_queue(store: &Store, ctx: &Ctx) -> CliResult<Vec<Entry>> {
    let policy = store.policy()?;
    let facts = store.refine_facts()?;
    Ok(refine::queue(&facts, policy.stale_days, ctx.now, ctx.today))
}

/// The proposed sprint; `--commit` pins it to `now`.
pub fn plan(
    store: &mut Store,
    ctx: &Ctx,
    out: &mut Out,
    capacity: Option<u32>,
    commit: bool,
) -> CliResult {
    // The policy and the candidates from one state of the backlog.
    let (policy, candidates) =
        store.snapshot(|store| Ok::<_, CliError>((store.policy()?, store.plan_candidates()?)))?;
    let capacity = capacity.unwrap_or(policy.sprint_capacity);
    if capacity == 0 {
        return Err(CliError::Bad("--capacity must be at least 1 point".into()));
    }
    let plan = plan::plan(&candidates, capacity, &policy, ctx.today);
    let mut pinned = None;
    if commit {
        let mut ctx = ctx.clone();
        if ctx.why.is_empty() {
            ctx.why = format!("committed to the sprint plan ({} points)", plan.planned());
        }
        pinned = Some(store.commit_plan(&ctx, &plan.items)?);
    }
    if out.json {
        let mut lanes = Map::new();
        for l in &plan.lanes {
            lanes.insert(
                l.lane.as_str().into(),
                json!({"target": l.target, "planned": l.planned}),
            );
        }
        let mut doc = json!({
            "capacity": plan.capacity,
            "items": plan.items,
            "lanes": lanes,
            "warnings": plan.warnings,
            "planned": plan.planned(),
            "unready": plan.unready,
            "overflow": plan.overflow,
            "blocked": plan.blocked,
        });
        if let Some(n) = pinned {
            doc["committed"] = json!(n);
        }
        return out.json(&doc);
    }
    print_plan(store, out, &plan)?;
    match pinned {
        Some(n) => out.line(format!(
            "Committed: {n} item{} pinned to now (undo reverts it).",
            if n == 1 { "" } else { "s" }
        )),
        None if !plan.items.is_empty() => out.line("Run with --commit to pin these items to now."),
        None => Ok(()),
    }
}

fn print_plan(store: &Store, out: &mut Out, plan: &Plan) -> CliResult {
    out.line(format!(
        "Sprint plan: {} of {} points, {} items",
        plan.planned(),
        plan.capacity,
        plan.items.len()
    ))?;
    let titles = store.titles(&plan.items)?;
    let w = width();
    for id in &plan.items {
        let mark = if plan.unready.contains(id) {
            "  (no criteria)"
        } else {
            ""
        };
        let line = format!("  #{:<6} {}{mark}", id, clean(&titles[id], false));
        out.line(fit(&line, w))?;
    }
    out.line("")?;
    for l in &plan.lanes {
        let bar = |n: f64| "█".repeat((n / 2.0).round() as usize);
        out.line(format!(
            "  {:<10} {:>3} of {:>4.1} {}",
            l.lane.as_str(),
            l.planned,
            l.target,
            bar(f64::from(l.planned))
        ))?;
    }
    for warning in &plan.warnings {
        out.line(format!("! {warning}"))?;
    }
    Ok(())
}

/// Themes × horizons, with progress.
pub fn roadmap(store: &Store, out: &mut Out) -> CliResult {
    let themes = store.themes()?;
    let rows = roadmap::roadmap(&themes, &store.roadmap_pieces()?);
    if out.json {
        let docs: Vec<Value> = rows.iter().map(|r| row_doc(r, &themes)).collect();
        return out.json(&docs);
    }
    let w = width();
    out.line(format!(
        "{:<34} {:>12} {:>12} {:>12} {:>9}",
        "THEME", "NOW", "NEXT", "LATER", "DONE"
    ))?;
    for r in &rows {
        let theme = r.theme.and_then(|t| themes.iter().find(|x| x.id == t));
        let name = theme.map_or("(no theme)".to_string(), |t| {
            format!("#{} {}", t.id, clean(&t.name, false))
        });
        let cell = |i: usize| format!("{} / {}p", r.cells[i].count, r.cells[i].effort);
        out.line(format!(
            "{:<34} {:>12} {:>12} {:>12} {:>9}",
            fit(&name, 34),
            cell(0),
            cell(1),
            cell(2),
            r.progress.text()
        ))?;
        if let Some(o) = theme.and_then(|t| t.outcome.as_deref()) {
            out.line(fit(&format!("    outcome: {}", clean(o, false)), w))?;
        }
        if !r.bets.is_empty() {
            let titles = store.titles(&r.bets.iter().map(|b| b.id).collect::<Vec<_>>())?;
            for b in &r.bets {
                out.line(fit(
                    &format!(
                        "    bet #{} {}: {} of {} milestones' effort done ({})",
                        b.id,
                        clean(&titles[&b.id], false),
                        b.progress.done,
                        b.progress.total,
                        b.progress.text()
                    ),
                    w,
                ))?;
            }
        }
    }
    Ok(())
}

fn row_doc(r: &Row, themes: &[Theme]) -> Value {
    let theme = r.theme.and_then(|t| themes.iter().find(|x| x.id == t));
    let cell = |i: usize| json!({"count": r.cells[i].count, "effort": r.cells[i].effort});
    json!({
        "theme": r.theme,
        "name": theme.map(|t| t.name.clone()),
        "outcome": theme.and_then(|t| t.outcome.clone()),
        "status": theme.map(|t| t.status.as_str()),
        "now": cell(0),
        "next": cell(1),
        "later": cell(2),
        "effort_done": r.progress.done,
        "effort_total": r.progress.total,
        "progress": r.progress.percent(),
        "bets": r.bets.iter().map(|b| json!({
            "id": b.id,
            "milestones": b.milestones,
            "effort_done": b.progress.done,
            "effort_total": b.progress.total,
            "progress": b.progress.percent(),
        })).collect::<Vec<_>>(),
    })
}

//! Commands about the backlog as a whole: triage, themes, policy, log, undo.

use serde_json::json;

use super::args::{Id, PolicyCommand, ThemeCommand};
use super::output::{clean, Out};
use super::view::decision_line;
use super::{CliError, CliResult};
use crate::domain::policy::PolicyValue;
use crate::domain::{Policy, Theme, ThemeStatus};
use crate::io::json::{decision_doc, policy_doc, theme_doc};
use crate::store::{Ctx, Move, Store};

fn moves_json(moves: &[Move]) -> serde_json::Value {
    json!(moves
        .iter()
        .map(|m| json!({"id": m.id, "from": m.from.as_str(), "to": m.to.as_str(), "why": m.why}))
        .collect::<Vec<_>>())
}

fn print_moves(out: &mut Out, moves: &[Move], verb: &str) -> CliResult {
    if moves.is_empty() {
        return out.line("Nothing moved: every open item is where the rules put it.");
    }
    out.line(format!("{} {verb}:", moves.len()))?;
    for m in moves {
        out.line(format!("  #{}  {} → {}  ({})", m.id, m.from, m.to, m.why))?;
    }
    Ok(())
}

pub fn triage(store: &mut Store, ctx: &Ctx, out: &mut Out, dry_run: bool) -> CliResult {
    let moves = store.triage_all(ctx, dry_run)?;
    if out.json {
        return out.json(&moves_json(&moves));
    }
    print_moves(out, &moves, if dry_run { "would move" } else { "moved" })
}

pub fn theme(store: &mut Store, ctx: &Ctx, out: &mut Out, cmd: ThemeCommand) -> CliResult {
    let show = |out: &mut Out, t: &Theme| -> CliResult {
        if out.json {
            out.json(&theme_doc(t))
        } else {
            let outcome = t
                .outcome
                .as_deref()
                .map_or(String::new(), |o| format!(" — {}", clean(o, false)));
            out.line(format!(
                "#{} {} [{}]{outcome}",
                t.id,
                clean(&t.name, false),
                t.status.as_str()
            ))
        }
    };
    match cmd {
        ThemeCommand::Add { name, outcome } => {
            let t = store.add_theme(ctx, &name, outcome.as_deref())?;
            show(out, &t)
        }
        ThemeCommand::List => {
            let themes = store.themes()?;
            if out.json {
                return out.json(&themes.iter().map(theme_doc).collect::<Vec<_>>());
            }
            if themes.is_empty() {
                return out
                    .line("No themes yet: add one with `lanes theme add NAME --outcome TEXT`.");
            }
            for t in &themes {
                show(out, t)?;
            }
            Ok(())
        }
        ThemeCommand::Edit {
            id,
            name,
            outcome,
            status,
        } => {
            if name.is_none() && outcome.is_none() && status.is_none() {
                return Err(CliError::Bad(
                    "nothing to change: give --name, --outcome or --status".into(),
                ));
            }
            let status = status.as_deref().map(ThemeStatus::parse).transpose()?;
            let t = store.edit_theme(ctx, id.0, |t| {
                if let Some(n) = name {
                    t.name = n;
                }
                if let Some(o) = outcome {
                    t.outcome = Some(o.trim().to_string()).filter(|o| !o.is_empty());
                }
                if let Some(s) = status {
                    t.status = s;
                }
            })?;
            show(out, &t)
        }
    }
}

pub fn policy(store: &mut Store, ctx: &Ctx, out: &mut Out, cmd: PolicyCommand) -> CliResult {
    match cmd {
        PolicyCommand::Show => {
            let (p, damage) = store.policy_with_damage()?;
            // A value that cannot be read is shown as stored, and said on stderr.
            for d in &damage {
                if d.key.is_empty() {
                    eprintln!(
                        "lanes: the stored policy breaks its own rule: {}; other commands refuse until a `lanes policy set` repairs it",
                        clean(&d.why, false)
                    );
                } else {
                    eprintln!(
                        "lanes: {} holds '{}', which cannot be used ({}); shown here as the default, and other commands refuse until it is set: `lanes policy set {} VALUE`",
                        d.key,
                        clean(&d.value, false),
                        clean(&d.why, false),
                        d.key
                    );
                }
            }
            let stored = |k: &str| damage.iter().find(|d| d.key == k).map(|d| d.value.clone());
            if out.json {
                let mut doc = policy_doc(&p);
                for d in damage.iter().filter(|d| !d.key.is_empty()) {
                    doc.insert(d.key.clone(), d.value.clone().into());
                }
                return out.json(&doc);
            }
            for k in Policy::keys() {
                let v = stored(k).unwrap_or_else(|| {
                    p.get(k)
                        .unwrap_or(PolicyValue::Text(String::new()))
                        .to_string()
                });
                let mark = if stored(k).is_some() {
                    "   (damaged)"
                } else {
                    ""
                };
                out.line(format!("{k:<20} {}{mark}", clean(&v, false)))?;
            }
            Ok(())
        }
        PolicyCommand::Set { pairs } => {
            if pairs.len() % 2 != 0 {
                return Err(CliError::Bad(format!(
                    "policy set takes KEY VALUE pairs; '{}' has no value",
                    pairs.last().map_or("", String::as_str)
                )));
            }
            let pairs: Vec<(String, String)> = pairs
                .chunks(2)
                .map(|c| (c[0].clone(), c[1].clone()))
                .collect();
            let moves = store.set_policy(ctx, &pairs)?;
            if out.json {
                return out.json(
                    &json!({"policy": policy_doc(&store.policy()?), "moved": moves_json(&moves)}),
                );
            }
            for (k, _) in &pairs {
                let v = store
                    .policy()?
                    .get(k)
                    .unwrap_or(PolicyValue::Text(String::new()));
                out.line(format!("{k} = {}", clean(&v.to_string(), false)))?;
            }
            if !moves.is_empty() {
                print_moves(out, &moves, "moved")?;
            }
            Ok(())
        }
    }
}

pub fn log(store: &Store, out: &mut Out, id: Option<Id>, limit: Option<usize>) -> CliResult {
    if let Some(id) = id {
        // An item that no longer exists (its creation undone) still has a history.
        if store.item(id.0).is_err() && store.decisions(Some(id.0), Some(1))?.is_empty() {
            return Err(crate::store::StoreError::NoItem(id.0).into());
        }
    }
    let shown = if out.json {
        limit
    } else {
        Some(limit.unwrap_or(50))
    };
    let decisions = store.decisions(id.map(|i| i.0), shown)?;
    if out.json {
        return out.json(&decisions.iter().map(decision_doc).collect::<Vec<_>>());
    }
    if decisions.is_empty() {
        return out.line("No decisions yet.");
    }
    for d in &decisions {
        out.line(decision_line(d, true))?;
    }
    if id.is_none() && limit.is_none() {
        let total = store.decision_count()?;
        if total > decisions.len() as i64 {
            out.line(format!(
                "… {} older; see more with --limit N",
                total - decisions.len() as i64
            ))?;
        }
    }
    Ok(())
}

pub fn undo(store: &mut Store, ctx: &Ctx, out: &mut Out, back: bool) -> CliResult {
    let report = if back {
        store.undo(ctx)?
    } else {
        store.redo(ctx)?
    };
    let Some(r) = report else {
        return Err(CliError::Bad(
            if back {
                "nothing to undo"
            } else {
                "nothing to redo"
            }
            .into(),
        ));
    };
    if out.json {
        return out.json(&json!({
            "action": r.action,
            if back { "undid" } else { "redid" }: r.target,
            "decisions": r.decisions.iter().map(decision_doc).collect::<Vec<_>>(),
        }));
    }
    out.line(format!(
        "{} action #{} ({} change{})",
        if back { "Undid" } else { "Redid" },
        r.target,
        r.decisions.len(),
        if r.decisions.len() == 1 { "" } else { "s" }
    ))?;
    for d in r.decisions.iter().take(20) {
        out.line(format!("  {}", decision_line(d, true)))?;
    }
    if r.decisions.len() > 20 {
        out.line(format!("  … and {} more", r.decisions.len() - 20))?;
    }
    Ok(())
}

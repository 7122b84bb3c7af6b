//! Refinement and planning from what the TUI already holds: the cards and each
//! open item's readiness. Entering either view reads nothing from the store.

use super::{meeting, Effect, Model, View};
use crate::domain::plan::{self, Candidate};
use crate::domain::refine::{self, Facts};
use crate::domain::Horizon;
use crate::tui::data::{PlanData, PlanRow};
use crate::tui::keymap::Action;

/// `R`: the refinement queue, computed here, then its first item.
pub fn open_refine(model: &mut Model) -> Vec<Effect> {
    let Some(ready) = &model.readiness else {
        model.pending = Some(Action::Refine);
        return vec![Effect::LoadReadiness];
    };
    let mut facts: Vec<Facts> = model
        .data
        .cards
        .iter()
        .filter_map(|c| {
            let r = ready.get(&c.id)?;
            Some(Facts {
                key: c.rank_key(),
                lane: c.lane,
                status: c.status,
                scored: r.scored,
                has_criteria: r.has_criteria,
                updated: r.updated,
                needs_postmortem: false,
            })
        })
        .collect();
    facts.extend(model.owing.iter().cloned());
    let queue = refine::queue(&facts, model.data.policy.stale_days, model.now, model.today);
    let mut effects = meeting::begin(model, queue, 0);
    if model.meeting.is_some() {
        effects.push(Effect::LoadSince);
    }
    effects
}

/// `P`: the proposed sprint, computed here.
pub fn open_plan(model: &mut Model) -> Vec<Effect> {
    if model.readiness.is_none() {
        model.pending = Some(Action::Plan);
        return vec![Effect::LoadReadiness];
    }
    if model.view != View::Plan {
        model.plan_selected = 0;
        model.plan_top = 0;
        model.view = View::Plan;
    }
    replan(model);
    Vec::new()
}

/// Plans again from the cards as they are now.
pub fn replan(model: &mut Model) {
    let Some(ready) = &model.readiness else {
        return;
    };
    let candidates: Vec<Candidate> = model
        .data
        .cards
        .iter()
        .filter_map(|c| {
            let r = ready.get(&c.id)?;
            Some(Candidate {
                key: c.rank_key(),
                lane: c.lane?,
                status: c.status,
                effort: c.effort.map(u32::from),
                open_blockers: r.blockers.clone(),
                has_criteria: r.has_criteria,
            })
        })
        .collect();
    let policy = &model.data.policy;
    let plan = plan::plan(&candidates, policy.sprint_capacity, policy, model.today);
    let index: std::collections::HashMap<i64, usize> = plan
        .items
        .iter()
        .filter_map(|id| Some((*id, model.data.cards.iter().position(|c| c.id == *id)?)))
        .collect();
    let rows = plan
        .items
        .iter()
        .filter_map(|id| {
            let c = &model.data.cards[*index.get(id)?];
            Some(PlanRow {
                id: c.id,
                title: c.title.clone(),
                lane: c.lane?,
                effort: u32::from(c.effort?),
                score: c.score,
                severity: c.severity,
                due: c.due,
                status: c.status,
                unready: !ready.get(id).is_some_and(|r| r.has_criteria),
                committed: c.pinned && c.horizon == Horizon::Now,
            })
        })
        .collect::<Vec<_>>();
    model.plan_selected = model.plan_selected.min(rows.len().saturating_sub(1));
    model.plan = Some(PlanData { plan, rows });
    super::nav::settle(model);
}

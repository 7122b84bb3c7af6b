//! The plan view from what the TUI already holds: the cards and each open
//! item's readiness. Entering it reads nothing from the store.

use super::{Effect, Model, View};
use crate::domain::plan::{self, Candidate};
use crate::domain::Horizon;
use crate::tui::data::{PlanData, PlanRow};
use crate::tui::keymap::Action;

/// `P`: the proposed sprint, computed here.
pub fn open_plan(model: &mut Model) -> Vec<Effect> {
    if model.ready.items.is_none() {
        model.ready.pending = Some(Action::Plan);
        return vec![Effect::LoadReadiness];
    }
    if model.view != View::Plan {
        model.plan.selected = 0;
        model.plan.top = 0;
        model.view = View::Plan;
    }
    replan(model);
    Vec::new()
}

/// Plans again from the cards as they are now.
pub fn replan(model: &mut Model) {
    let Some(ready) = &model.ready.items else {
        return;
    };
    let candidates: Vec<Candidate> = model
        .data
        .cards
        .open()
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
        .filter_map(|id| Some((*id, model.data.cards.index_of(*id)?)))
        .collect();
    let rows = plan
        .items
        .iter()
        .filter_map(|id| {
            let c = model.data.cards.get(*index.get(id)?)?;
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
    model.plan.selected = model.plan.selected.min(rows.len().saturating_sub(1));
    model.plan.data = Some(PlanData { plan, rows });
    super::nav::settle(model);
}

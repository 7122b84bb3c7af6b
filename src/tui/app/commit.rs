//! Committing the proposed sprint: one action that pins its items to `now`.

use super::reason::ask_reason_with;
use super::{Change, Model};

/// Asks why, then pins the proposed sprint's items to `now`.
pub fn start_commit(model: &mut Model) {
    let Some(plan) = &model.plan.data else {
        return;
    };
    if plan.plan.items.is_empty() {
        model.warn("the plan is empty: nothing to commit");
        return;
    }
    if plan.rows.iter().all(|r| r.committed) {
        model.say(format!(
            "the sprint plan is already committed: its {} items are pinned to now; nothing written",
            plan.rows.len()
        ));
        return;
    }
    let ids = plan.plan.items.clone();
    let planned = plan.plan.planned();
    let change = Change::CommitPlan { ids };
    ask_reason_with(
        model,
        change,
        false,
        &format!("committed to the sprint plan ({planned} points)"),
    );
}

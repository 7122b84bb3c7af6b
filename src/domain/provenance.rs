//! What a tracker owns of an item it exported, and what the team owns once the
//! item is in lanes (DESIGN.md section 12).

use super::Item;

/// The item `old`, imported before, brought up to date with the tracker's
/// `theirs`: title, description, status (with its start and finish), owner,
/// due and labels come from the tracker. Lane, scores, severity, pins,
/// criteria and theme stay as the team set them. Parent and dependencies are
/// resolved by the caller. A tracker with no due date leaves an item with a
/// severity its due date (set from the SLA or by hand).
pub fn merge(old: &Item, theirs: &Item) -> Item {
    let mut new = old.clone();
    new.title.clone_from(&theirs.title);
    new.description.clone_from(&theirs.description);
    new.owner.clone_from(&theirs.owner);
    new.labels.clone_from(&theirs.labels);
    if theirs.due.is_some() || old.severity.is_none() {
        new.due = theirs.due;
    }
    if new.status != theirs.status {
        new.status = theirs.status;
        if theirs.status.is_open() {
            new.duplicate_of = None;
        }
    }
    new.started = theirs.started.or(old.started);
    new.finished = if theirs.status.is_open() {
        None
    } else {
        theirs.finished.or(old.finished)
    };
    new
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::parse_time;
    use crate::domain::{Criterion, Horizon, Lane, Severity, Status};

    #[test]
    fn the_tracker_owns_its_fields_and_the_team_keeps_its_decisions() {
        let now = parse_time("2026-11-21T09:00:00Z").unwrap();
        let mut old = Item::new("Old title", now);
        old.id = 7;
        old.lane = Some(Lane::Hotfix);
        old.value = Some(8);
        old.effort = Some(3);
        old.severity = Some(Severity::S2);
        old.pinned = true;
        old.horizon = Horizon::Next;
        old.theme = Some(2);
        old.criteria = vec![Criterion {
            text: "works".into(),
            done: false,
        }];
        old.due = chrono::NaiveDate::from_ymd_opt(2026, 11, 24);
        let mut theirs = Item::new("New title", now);
        theirs.lane = Some(Lane::Stability);
        theirs.effort = Some(13);
        theirs.status = Status::Done;
        theirs.finished = Some(now);
        theirs.owner = Some("ana".into());
        theirs.labels = vec!["web".into()];
        let new = merge(&old, &theirs);
        assert_eq!(new.title, "New title");
        assert_eq!(new.status, Status::Done);
        assert_eq!(new.finished, Some(now));
        assert_eq!(new.owner.as_deref(), Some("ana"));
        assert_eq!(new.labels, ["web"]);
        // The team's: untouched.
        assert_eq!(new.lane, Some(Lane::Hotfix));
        assert_eq!((new.value, new.effort), (Some(8), Some(3)));
        assert_eq!(new.severity, Some(Severity::S2));
        assert!(new.pinned);
        assert_eq!(new.theme, Some(2));
        assert_eq!(new.criteria, old.criteria);
        // No due date in the tracker: the SLA's stays.
        assert_eq!(new.due, old.due);
        assert_eq!(merge(&old, &old), old);
    }
}

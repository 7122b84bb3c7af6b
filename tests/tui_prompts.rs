//! Prompts and forms aimed at an item's fields: they start from what the field
//! holds, skipping keeps it, and a fixed start of a reason stays apart from what
//! is typed after it.

#![allow(clippy::unwrap_used)]

mod common;

use common::tui::Tui;
use lanes::domain::Horizon;
use lanes::tui::app::{Mode, View};

#[test]
fn committing_the_plan_keeps_the_typed_reason_apart_and_a_second_commit_writes_nothing() {
    let mut t = Tui::demo(120, 40);
    t.key("P");
    assert_eq!(t.model.view, View::Plan);
    let points = t.model.plan.as_ref().unwrap().plan.planned();
    let screen = t.screen().join("\n");
    assert!(screen.contains("Proposed sprint"), "{screen}");
    t.key("C");
    t.typed("sprint 49 planning");
    t.key("enter");
    let last = &t.store.decisions(None, Some(1)).unwrap()[0];
    assert_eq!(
        last.why,
        format!("committed to the sprint plan ({points} points); sprint 49 planning")
    );
    let screen = t.screen().join("\n");
    assert!(screen.contains("Committed sprint"), "{screen}");
    assert!(!screen.contains("commits it"), "{screen}");

    let before = t.store.decision_count().unwrap();
    t.key("C");
    assert!(matches!(t.model.mode, Mode::Normal), "no reason is asked");
    assert!(t.note().contains("already committed"), "{}", t.note());
    assert_eq!(t.store.decision_count().unwrap(), before, "nothing written");
    for id in &t.model.plan.as_ref().unwrap().plan.items {
        let item = t.store.item(*id).unwrap();
        assert_eq!((item.horizon, item.pinned), (Horizon::Now, true));
    }
}

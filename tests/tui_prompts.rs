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
    let points = t.model.plan.data.as_ref().unwrap().plan.planned();
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
    for id in &t.model.plan.data.as_ref().unwrap().plan.items {
        let item = t.store.item(*id).unwrap();
        assert_eq!((item.horizon, item.pinned), (Horizon::Now, true));
    }
}

/// Walks the refinement queue to item `id`.
fn refine_to(t: &mut Tui, id: i64) {
    t.key("R");
    for _ in 0..200 {
        if t.model.target() == Some(id) {
            return;
        }
        t.key("space");
    }
    panic!("#{id} is not in the refinement queue");
}

/// Leaves the refinement item `id` (its visit written with an empty reason)
/// and comes back to it.
fn write_visit(t: &mut Tui, id: i64) {
    t.keys("space enter");
    if t.model.target() != Some(id) {
        t.key("backspace");
    }
    assert_eq!(t.model.target(), Some(id));
}

#[test]
fn a_post_mortem_asked_again_starts_from_the_root_cause_and_skipping_keeps_it() {
    let mut t = Tui::demo(120, 40);
    let owed = t.store.readiness().unwrap().1;
    let id = owed
        .first()
        .expect("the demo has a hot fix owing its post-mortem")
        .key
        .id;
    refine_to(&mut t, id);
    t.key("s");
    t.typed("expired certificate");
    t.key("enter");
    // Prevention skipped; in refinement the visit is written on leaving.
    t.keys("enter");
    write_visit(&mut t, id);
    assert_eq!(
        t.store.item(id).unwrap().root_cause.as_deref(),
        Some("expired certificate")
    );

    t.key("s");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("no post-mortem prompt")
    };
    assert_eq!(
        p.input.text(),
        "expired certificate",
        "it starts from the root cause"
    );
    assert!(p.label.contains("Enter keeps it"), "{}", p.label);
    t.key("enter");
    t.typed("alert 14 days before expiry");
    t.keys("enter");
    write_visit(&mut t, id);
    let item = t.store.item(id).unwrap();
    assert_eq!(item.root_cause.as_deref(), Some("expired certificate"));
    assert_eq!(
        item.prevention.as_deref(),
        Some("alert 14 days before expiry")
    );
    let log = t.store.decisions(Some(id), None).unwrap();
    assert!(
        !log.iter()
            .any(|d| d.field == "root_cause" && d.new.is_none()),
        "the root cause was never cleared: {log:?}"
    );
    assert_eq!(
        log.iter().filter(|d| d.field == "root_cause").count(),
        1,
        "written once"
    );

    // Asked a third time, both parts kept: nothing is written.
    let before = t.store.decision_count().unwrap();
    t.keys("s enter enter");
    assert_eq!(t.store.decision_count().unwrap(), before);
    assert!(t.note().contains("unchanged"), "{}", t.note());
}

#[test]
fn a_score_prompt_starts_from_the_score_and_enter_keeps_it() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    let id = t.selected();
    let value = t.store.item(id).unwrap().value.expect("a scored item");
    t.key("v");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("no score prompt")
    };
    assert_eq!(p.input.text(), value.to_string());
    assert!(p.input.is_selected(), "typing replaces it");
    let before = t.store.decision_count().unwrap();
    t.key("enter");
    assert_eq!(t.model.mode, Mode::Normal, "no reason asked for no change");
    assert_eq!(t.store.decision_count().unwrap(), before, "nothing written");
    assert!(t.note().contains(&format!("stays {value}")), "{}", t.note());

    // One key replaces it (3 is complete at once), as before.
    let other = if value == 3 { 5 } else { 3 };
    t.key("v");
    t.typed(&other.to_string());
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().value, Some(other));
    // Backspace empties it: Enter then clears the score.
    t.keys("v backspace enter enter");
    assert_eq!(t.store.item(id).unwrap().value, None);
}

#[test]
fn the_pickers_say_where_the_item_is_now() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let id = t.selected();
    let item = t.store.item(id).unwrap();
    t.key("m");
    let Mode::Pick(p) = &t.model.mode else {
        panic!("no move picker")
    };
    assert!(
        p.label.contains(&format!("in {}", item.lane.unwrap())),
        "{}",
        p.label
    );
    t.key("esc");
    t.key("p");
    let Mode::Pick(p) = &t.model.mode else {
        panic!("no pin picker")
    };
    assert!(p.label.contains(item.horizon.as_str()), "{}", p.label);
}

#[test]
fn the_edit_form_saved_untouched_changes_nothing_for_any_item() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    let before = t.store.decision_count().unwrap();
    for _ in 0..t.model.shown.visible.len() {
        let id = t.selected();
        t.key("e");
        assert!(matches!(t.model.mode, Mode::Form(_)), "#{id}");
        t.key("enter");
        assert_eq!(t.model.mode, Mode::Normal, "#{id}: no reason asked");
        assert_eq!(t.note(), "nothing changed", "#{id}");
        t.key("j");
    }
    assert_eq!(t.store.decision_count().unwrap(), before);
}

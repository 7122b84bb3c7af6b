//! Refinement mode through `update`, with no terminal: one item, one action,
//! one reason; the score card; estimation rounds that name people; meeting
//! notes. Keys in, the model and the database checked after.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use common::tui::Tui;
use lanes::domain::{Decision, Lane, Status};
use lanes::tui::app::{Mode, View};

/// Decisions written after decision `since`, oldest first.
fn since(t: &Tui, since: i64) -> Vec<Decision> {
    t.store.decisions_after(since).unwrap()
}

fn actions(decisions: &[Decision]) -> BTreeSet<i64> {
    decisions.iter().map(|d| d.action).collect()
}

fn scores(t: &Tui, id: i64) -> [Option<u8>; 4] {
    let i = t.store.item(id).unwrap();
    [i.value, i.impact, i.risk, i.effort]
}

/// Refinement on the demo, on its first Inbox item with no score at all.
fn refining() -> (Tui, i64) {
    refining_at(120, 40)
}

fn refining_at(width: u16, height: u16) -> (Tui, i64) {
    let mut t = Tui::demo(width, height);
    t.key("R");
    assert_eq!(t.model.view, View::Refine);
    let id = t.selected();
    let item = t.store.item(id).unwrap();
    assert!(item.lane.is_none(), "the Inbox comes first");
    assert_eq!(
        scores(&t, id),
        [None; 4],
        "the first Inbox item is unscored"
    );
    (t, id)
}

#[test]
fn an_inbox_item_takes_lane_four_scores_and_one_reason_in_seven_keys() {
    let (mut t, id) = refining();
    let before = t.store.last_decision().unwrap();
    t.key("3");
    let Mode::Card(card) = &t.model.mode else {
        panic!("the score card opens after accepting into a lane")
    };
    assert_eq!(card.at, 0, "on value, the first missing score");
    t.keys("5 8 3 2");
    assert!(matches!(t.model.mode, Mode::Card(_)), "2 waits for a 0");
    assert_eq!(
        since(&t, before),
        vec![],
        "nothing written before the reason"
    );
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the reason prompt opens after the last field")
    };
    assert_eq!(p.label, format!("#{id} reason (optional; Esc stays): "));
    assert_eq!(
        t.model.meeting.as_ref().unwrap().visit.words,
        vec!["lane feature", "value 5", "impact 8", "risk 3", "effort 2"]
    );
    t.typed("customers ask weekly");
    t.key("enter");
    let item = t.store.item(id).unwrap();
    assert_eq!(item.lane, Some(Lane::Feature));
    assert_eq!(scores(&t, id), [Some(5), Some(8), Some(3), Some(2)]);
    let written = since(&t, before);
    assert_eq!(actions(&written).len(), 1, "one action: {written:?}");
    for d in written.iter().filter(|d| d.field != "horizon") {
        assert_eq!(d.why, "customers ask weekly", "{d:?}");
    }
    assert_ne!(t.selected(), id, "on to the next item");
}

#[test]
fn every_change_to_the_item_joins_one_action_and_u_undoes_the_whole_visit() {
    let (mut t, id) = refining();
    let before = t.store.last_decision().unwrap();
    // Into stability; leave the card at once, keeping nothing.
    t.keys("2 esc");
    assert!(matches!(t.model.mode, Mode::Normal));
    // Pin it, add a criterion, set the effort by its prompt.
    t.keys("p n");
    t.key("c");
    t.typed("search returns in under a second");
    t.key("enter");
    t.key("w");
    t.key("5");
    assert!(matches!(t.model.mode, Mode::Normal), "no reason asked yet");
    assert_eq!(since(&t, before), vec![], "nothing written yet");
    // The screen shows the item as the visit leaves it.
    let shown = &t.model.detail.as_ref().unwrap().item;
    assert_eq!(
        (shown.lane, shown.effort, shown.criteria.len()),
        (Some(Lane::Stability), Some(5), 1)
    );
    assert!(t
        .screen()
        .iter()
        .any(|l| l.contains("pending: lane stability, pin now")));
    // Space leaves the item: one reason for all of it.
    t.key("space");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("leaving asks the reason")
    };
    assert!(p.label.starts_with(&format!("#{id} reason")), "{}", p.label);
    t.typed("flaky under load");
    t.key("enter");
    let written = since(&t, before);
    assert_eq!(actions(&written).len(), 1, "{written:?}");
    assert!(written
        .iter()
        .filter(|d| d.field != "horizon")
        .all(|d| d.why == "flaky under load"));
    let item = t.store.item(id).unwrap();
    assert_eq!(
        (item.lane, item.pinned, item.effort, item.criteria.len()),
        (Some(Lane::Stability), true, Some(5), 1)
    );
    assert_ne!(t.selected(), id, "space went on to the next item");
    // u undoes the whole visit, at once.
    t.key("u");
    let item = t.store.item(id).unwrap();
    assert_eq!(
        (item.lane, item.pinned, item.effort, item.criteria.len()),
        (None, false, None, 0)
    );
}

#[test]
fn u_with_changes_pending_drops_them_and_nothing_was_written() {
    let (mut t, id) = refining();
    let before = t.store.last_decision().unwrap();
    t.keys("4 5 8");
    t.key("esc");
    assert_eq!(t.model.detail.as_ref().unwrap().item.lane, Some(Lane::Bet));
    t.key("u");
    assert!(
        t.note()
            .starts_with(&format!("dropped what was pending on #{id}")),
        "{}",
        t.note()
    );
    assert_eq!(
        t.model.detail.as_ref().unwrap().item.lane,
        None,
        "shown as it is"
    );
    // Leaving now asks nothing: nothing is pending.
    t.key("space");
    assert!(matches!(t.model.mode, Mode::Normal));
    assert_eq!(since(&t, before), vec![]);
}

#[test]
fn esc_at_the_visits_reason_stays_on_the_item_with_its_changes_pending() {
    let (mut t, id) = refining();
    t.keys("1 esc space");
    assert!(matches!(t.model.mode, Mode::Prompt(_)));
    t.key("esc");
    assert_eq!(t.selected(), id, "still on the item");
    assert!(t.note().contains("1 change pending"), "{}", t.note());
    // q ends the session: the reason is asked first, then the summary.
    t.key("q");
    t.typed("outage risk");
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().lane, Some(Lane::Hotfix));
    assert_eq!(t.model.view, View::Summary);
}

#[test]
fn what_the_store_refuses_is_said_at_once_before_any_reason() {
    let (mut t, id) = refining();
    let before = t.store.last_decision().unwrap();
    let other = t.model.meeting.as_ref().unwrap().queue[1].id;
    // Blocked by an item that does not exist.
    t.key("b");
    t.typed("999");
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the blocker prompt comes back")
    };
    assert_eq!(p.error.as_deref(), Some("there is no item #999"));
    assert!(t.note().contains("there is no item #999"));
    t.key("esc");
    // A cycle: the other item waits on this one, so this one cannot wait on it.
    t.store
        .block(
            &lanes::store::Ctx {
                why: String::new(),
                ..t.session.ctx()
            },
            other,
            id,
        )
        .unwrap();
    t.key("b");
    t.typed(&other.to_string());
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the blocker prompt comes back")
    };
    assert!(
        p.error
            .as_deref()
            .unwrap()
            .contains("would close the cycle"),
        "{:?}",
        p.error
    );
    t.key("esc");
    // An unknown parent, through the edit form.
    t.key("e");
    let Mode::Form(f) = &mut t.model.mode else {
        panic!("the form")
    };
    let at = f
        .fields
        .iter()
        .position(|x| x.key == lanes::tui::form::Key::Item(lanes::domain::Field::Parent))
        .unwrap();
    f.focus = at;
    t.typed("998");
    t.key("enter");
    let Mode::Form(f) = &t.model.mode else {
        panic!("the form comes back")
    };
    assert_eq!(f.error.as_deref(), Some("there is no item #998"));
    t.key("esc");
    // A duplicate of an item that does not exist: refused before its reason.
    t.key("d");
    t.typed("997");
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the duplicate prompt comes back")
    };
    assert_eq!(p.error.as_deref(), Some("there is no item #997"));
    assert!(matches!(
        p.purpose,
        lanes::tui::app::PromptFor::Duplicate { .. }
    ));
    t.key("esc");
    // Only the blocker set up by hand was written.
    assert_eq!(actions(&since(&t, before)).len(), 1);
}

#[test]
fn a_decline_in_refinement_asks_its_required_reason_then_goes_on() {
    let (mut t, id) = refining();
    let first = id;
    t.key("space");
    let second = t.selected();
    t.key("d");
    t.typed(&first.to_string());
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the reason prompt")
    };
    assert!(p.label.contains("required"), "{}", p.label);
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("still asking")
    };
    assert_eq!(p.error.as_deref(), Some("a reason is required"));
    t.typed("same request as the first");
    t.key("enter");
    let declined = t.store.item(second).unwrap();
    assert_eq!(
        (declined.status, declined.duplicate_of),
        (Status::Declined, Some(first))
    );
    assert_ne!(t.selected(), second, "on to the next item");
}

#[test]
fn s_opens_the_card_on_any_item_as_one_action() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    // A fully scored item: the card walks all four.
    let id = t.model.data.cards[t.model.shown.visible[0]].id;
    assert!(t.store.item(id).unwrap().effort.is_some());
    assert_eq!(t.selected(), id);
    let before = t.store.last_decision().unwrap();
    t.key("S");
    assert!(matches!(t.model.mode, Mode::Card(_)));
    t.keys("1 3 2 0 1 enter 8");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the reason prompt")
    };
    // Only what changed is named (its impact was 20 already).
    let was = scores(&t, id);
    assert!(p.label.contains("value 13"), "{}", p.label);
    // Esc at the reason goes back to the card, as it was.
    t.key("esc");
    assert!(matches!(t.model.mode, Mode::Card(_)));
    t.key("enter");
    t.typed("re-estimated");
    t.key("enter");
    assert_eq!(scores(&t, id), [Some(13), Some(20), Some(1), Some(8)]);
    assert_ne!(was, scores(&t, id));
    assert_eq!(actions(&since(&t, before)).len(), 1);
    // On the board and in the detail too.
    t.key("B");
    t.key("S");
    assert!(matches!(t.model.mode, Mode::Card(_)));
    t.key("esc");
    t.key("enter");
    t.key("S");
    assert!(matches!(t.model.mode, Mode::Card(_)));
    t.key("esc");
    assert!(t.note().contains("nothing changed"), "{}", t.note());
}

#[test]
fn an_estimation_round_names_people_once_and_records_who_said_what() {
    let (mut t, id) = refining();
    t.key("=");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("asks for names first")
    };
    assert_eq!(p.label, "who estimates? names (Enter: nobody named): ");
    t.typed("ana, lee sam");
    t.key("enter");
    let Mode::Estimate(round) = &t.model.mode else {
        panic!("then the round")
    };
    assert_eq!(round.people, vec!["ana", "lee", "sam"]);
    t.keys("w 3 enter 5 enter 1 3 enter");
    let Mode::Estimate(round) = &t.model.mode else {
        panic!("revealed")
    };
    assert!(round.revealed, "revealed after the last participant");
    assert!(t
        .screen()
        .iter()
        .any(|l| l.contains("effort: ana 3, lee 5, sam 13")));
    t.key("m");
    // Joined the visit: written with the visit's reason when the item is left.
    t.key("space");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the visit's reason")
    };
    assert_eq!(p.fixed, "estimates ana 3, lee 5, sam 13 (median 5)");
    t.typed("split it later");
    t.key("enter");
    assert_eq!(scores(&t, id)[3], Some(5));
    let d = &t.store.decisions(Some(id), Some(1)).unwrap()[0];
    assert_eq!(d.field, "effort");
    assert_eq!(
        d.why,
        "estimates ana 3, lee 5, sam 13 (median 5); split it later"
    );
    // The next round does not ask again.
    t.key("=");
    assert!(matches!(t.model.mode, Mode::Estimate(_)));
}

#[test]
fn enter_skips_naming_and_rounds_are_anonymous() {
    let (mut t, id) = refining();
    t.keys("= enter");
    t.keys("w 3 enter 5 enter 1 3 enter enter m");
    t.key("space");
    t.key("enter");
    let d = &t.store.decisions(Some(id), Some(1)).unwrap()[0];
    assert_eq!(d.why, "estimates 3,5,13 (median 5)");
    t.key("=");
    assert!(matches!(t.model.mode, Mode::Estimate(_)), "asked once only");
}

#[test]
fn meeting_notes_go_beside_the_backlog_in_words_leave_out_what_was_undone_and_never_overwrite_unasked(
) {
    let (mut t, first) = refining();
    // Into stability with its four scores.
    t.keys("2 3 5 8 1 enter");
    t.typed("flaky under load");
    t.key("enter");
    let second = t.selected();
    // Into bet, then undone.
    t.keys("4 esc space enter");
    assert_eq!(t.store.item(second).unwrap().lane, Some(Lane::Bet));
    t.key("u");
    assert_eq!(t.store.item(second).unwrap().lane, None);
    t.key("q");
    assert_eq!(t.model.view, View::Summary);
    let s = t.model.meeting.as_ref().unwrap().summary.as_ref().unwrap();
    assert_eq!(s.changed().into_iter().collect::<Vec<_>>(), vec![first]);
    assert!(s.left_out > 0);
    t.key("w");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the notes prompt")
    };
    let path = t.dir.path().join("refinement-2026-11-21.md");
    assert_eq!(
        p.input.text(),
        path.display().to_string(),
        "beside the backlog"
    );
    t.key("enter");
    let notes = std::fs::read_to_string(&path).unwrap();
    assert!(notes.starts_with("# Refinement 2026-11-21"), "{notes}");
    assert!(
        notes.contains("- lane: Inbox → stability — flaky under load (ana)"),
        "{notes}"
    );
    assert!(
        !notes.contains(&format!("#{second} ")),
        "undone: left out\n{notes}"
    );
    assert!(notes.contains("left out"), "{notes}");
    // Again: the file exists, so it is not written over without a second Enter.
    std::fs::write(&path, "kept").unwrap();
    t.key("w");
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the prompt comes back")
    };
    assert!(
        p.error.as_deref().unwrap().contains("already exists"),
        "{:?}",
        p.error
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept");
    t.key("enter");
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("# Refinement"));
}

#[test]
fn refinement_help_lists_refinement_keys_only_and_slash_does_nothing_there() {
    // Wide and tall enough for the whole help at once.
    let (mut t, _) = refining_at(200, 50);
    t.key("?");
    let screen = t.screen().join("\n");
    for shown in [
        "score card: value, impact, risk, effort in turn",
        "accept into the feature lane",
        "estimation round",
        "skip to the next item",
        "drop what is pending on the item",
        "next item in the queue",
    ] {
        assert!(screen.contains(shown), "{shown}\n{screen}");
    }
    for hidden in ["(search)", "(filter)", "(add)", "(sort)", "previous lane"] {
        assert!(!screen.contains(hidden), "{hidden}\n{screen}");
    }
    t.key("esc");
    t.key("/");
    assert!(
        matches!(t.model.mode, Mode::Normal),
        "no search bar in refinement"
    );
}

#[test]
fn a_visit_written_on_q_ends_in_the_summary_and_is_not_tried_again_over_itself() {
    let (mut t, id) = refining();
    let other = t.model.meeting.as_ref().unwrap().queue[1].id;
    t.key("b");
    t.typed(&other.to_string());
    t.key("enter");
    t.key("q");
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().blocked_by, vec![other]);
    assert_eq!(t.model.view, View::Summary, "{}", t.note());
    assert!(
        !t.model.note.as_ref().is_some_and(|n| n.error),
        "{}",
        t.note()
    );
    // Written and left on space too: the next item is shown, no warning.
    let (mut t, id) = refining();
    t.key("b");
    t.typed(&other.to_string());
    t.keys("enter space enter");
    assert_eq!(t.store.item(id).unwrap().blocked_by, vec![other]);
    assert_ne!(t.selected(), id);
    assert!(
        !t.model.note.as_ref().is_some_and(|n| n.error),
        "{}",
        t.note()
    );
    assert_eq!(
        t.model.detail.as_ref().unwrap().item.id,
        t.selected(),
        "the next item is on screen"
    );
}

/// Accepts the item on screen into feature with four scores and a reason:
/// the report's `3 5 8 3 2 Enter`, a reason, `Enter`. Returns the visit's
/// decisions.
fn accept_into_feature(t: &mut Tui, id: i64) -> Vec<Decision> {
    let before = t.store.last_decision().unwrap();
    t.keys("3 5 8 3 2 enter");
    t.typed("agreed in refinement");
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().lane, Some(Lane::Feature));
    let visit = since(t, before);
    assert_eq!(actions(&visit).len(), 1, "one action");
    visit
}

/// The notes the summary on screen writes, beside the backlog.
fn notes_written(t: &mut Tui) -> String {
    t.keys("w enter");
    let path = t.dir.path().join("refinement-2026-11-21.md");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn a_visit_undone_then_redone_stands_in_the_summary_and_the_notes_with_nothing_undone() {
    let (mut t, id) = refining();
    let visit = accept_into_feature(&mut t, id);
    t.key("u");
    assert_eq!(t.store.item(id).unwrap().lane, None, "undone");
    t.key("ctrl-r");
    assert_eq!(
        t.store.item(id).unwrap().lane,
        Some(Lane::Feature),
        "redone"
    );
    t.key("q");
    assert_eq!(t.model.view, View::Summary);
    let s = t.model.meeting.as_ref().unwrap().summary.as_ref().unwrap();
    assert_eq!(s.decisions, visit, "the visit's own decisions, once");
    assert_eq!(s.left_out, 0, "nothing is undone at the end");
    let screen = t.screen().join("\n");
    assert!(
        screen.contains(&format!(
            "1 changed · 0 declined · {} decisions\n",
            visit.len()
        )),
        "{screen}"
    );
    assert!(!screen.contains("undone"), "{screen}");

    let notes = notes_written(&mut t);
    assert!(
        notes.contains(&format!("- Decisions: {}\n", visit.len())),
        "{notes}"
    );
    assert!(!notes.contains("Undone"), "{notes}");
    assert!(
        notes.contains("- lane: Inbox → feature — agreed in refinement (ana)"),
        "the redone visit's changes are listed as changes:\n{notes}"
    );
    assert!(notes.contains("- effort: none → 2"), "{notes}");
}

#[test]
fn a_visit_undone_at_the_end_counts_its_own_decisions_as_undone_not_its_undos_and_redos() {
    let (mut t, id) = refining();
    let visit = accept_into_feature(&mut t, id);
    // Undone, redone, undone again: undone at the end.
    t.keys("u ctrl-r u");
    assert_eq!(t.store.item(id).unwrap().lane, None);
    t.key("q");
    let s = t.model.meeting.as_ref().unwrap().summary.as_ref().unwrap();
    assert!(s.decisions.is_empty(), "{:?}", s.decisions);
    assert_eq!(s.left_out, visit.len(), "the visit's decisions, once");
    let screen = t.screen().join("\n");
    assert!(
        screen.contains(&format!(
            "0 decisions · {} undone and left out",
            visit.len()
        )),
        "{screen}"
    );
    let notes = notes_written(&mut t);
    assert!(
        notes.contains(&format!(
            "- Undone during the meeting, left out: {} decisions",
            visit.len()
        )),
        "{notes}"
    );
    assert!(!notes.contains(&format!("#{id} ")), "{notes}");
}

//! Every TUI action through `update`, with no terminal: keys in, the model and
//! the database checked after.

#![allow(clippy::unwrap_used)]

mod common;

use common::tui::Tui;
use lanes::domain::{Horizon, Lane, Status};
use lanes::store::Filter;
use lanes::tui::app::{Mode, Msg, SortBy, View};

fn open_ids(t: &Tui) -> Vec<i64> {
    t.store
        .list(&Filter::default())
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect()
}

#[test]
fn an_empty_backlog_welcomes_and_the_demo_key_loads_the_story() {
    let mut t = Tui::empty(120, 40);
    assert_eq!(t.model.view, View::Welcome);
    t.key("L");
    assert_eq!(t.model.view, View::Welcome, "no list of nothing");
    t.key("d");
    assert_eq!(t.model.view, View::Board);
    let items = t.store.export().unwrap().items.len();
    assert!(
        t.note()
            .starts_with(&format!("loaded the demo backlog: {items} items")),
        "{}",
        t.note()
    );
    assert_eq!(t.model.data.cards.len(), open_ids(&t).len());
}

#[test]
fn the_first_item_comes_from_the_add_form_with_its_reason() {
    let mut t = Tui::empty(120, 40);
    t.key("a");
    assert!(matches!(t.model.mode, Mode::Form(_)));
    t.typed("Checkout crashes on Safari");
    t.key("tab");
    t.typed("hotfix");
    t.keys("tab");
    t.typed("8");
    t.key("tab");
    t.typed("13");
    t.key("tab");
    t.typed("3");
    t.key("tab");
    t.typed("5");
    t.key("tab");
    t.typed("s1");
    t.key("enter");
    assert!(matches!(t.model.mode, Mode::Prompt(_)), "a reason is asked");
    t.typed("customer escalation");
    t.key("enter");
    let item = t.store.item(1).unwrap();
    assert_eq!(item.title, "Checkout crashes on Safari");
    assert_eq!(item.lane, Some(Lane::Hotfix));
    assert_eq!(
        (item.value, item.impact, item.risk, item.effort),
        (Some(8), Some(13), Some(3), Some(5))
    );
    assert_eq!(item.horizon, Horizon::Now);
    assert_eq!(
        item.due.unwrap().to_string(),
        "2026-11-22",
        "S1 SLA is one day"
    );
    assert_eq!(t.model.view, View::Board);
    assert_eq!(t.selected(), 1);
    let log = t.store.decisions(Some(1), None).unwrap();
    assert!(log
        .iter()
        .all(|d| d.why == "customer escalation" || d.field == "horizon"));
    assert!(log.iter().all(|d| d.by == "ana"));
}

#[test]
fn a_bad_form_field_is_named_focused_and_nothing_is_written() {
    let mut t = Tui::empty(120, 40);
    t.key("a");
    t.key("enter");
    let Mode::Form(form) = &t.model.mode else {
        panic!("form closed")
    };
    assert_eq!(form.error.as_deref(), Some("the title is required"));
    t.typed("Refund fails");
    t.keys("tab tab");
    t.typed("4");
    t.key("enter");
    let Mode::Form(form) = &t.model.mode else {
        panic!("form closed")
    };
    assert_eq!(form.focus, 2);
    assert_eq!(
        form.error.as_deref(),
        Some("value must be one of 1, 2, 3, 5, 8, 13, 20, not 4")
    );
    t.key("backspace");
    t.key("up");
    t.typed("urgent");
    t.key("enter");
    let Mode::Form(form) = &t.model.mode else {
        panic!("form closed")
    };
    assert!(form
        .error
        .as_deref()
        .unwrap()
        .starts_with("unknown lane 'urgent'"));
    t.key("esc");
    assert_eq!(t.model.mode, Mode::Normal);
    assert!(t.store.is_empty().unwrap());
}

#[test]
fn moving_around_the_board_and_the_list_keeps_the_selection_on_screen() {
    let mut t = Tui::demo(80, 24);
    assert_eq!(
        t.model.board.column, 0,
        "the Inbox holds items, so it is shown first"
    );
    t.key("l");
    assert_eq!(t.model.board.column, 1);
    let hotfix = t.model.shown.columns[1].clone();
    t.key("j");
    assert_eq!(t.selected(), t.model.data.cards[hotfix[1]].id);
    t.key("G");
    assert_eq!(t.model.board.selected[1], hotfix.len() - 1);
    let rows = 9; // (24 - 3 header - 1 status - 2 border) / 2 lines a card
    assert!(t.model.board.top[1] + rows > t.model.board.selected[1]);
    t.key("g");
    assert_eq!((t.model.board.selected[1], t.model.board.top[1]), (0, 0));
    t.keys("right right right right right");
    assert_eq!(t.model.board.column, 4, "stops at the last lane");

    t.key("L");
    assert_eq!(t.model.view, View::List);
    let ids = open_ids(&t);
    assert_eq!(t.selected(), ids[0], "rank order");
    t.key("pgdn");
    let page = t.model.list.selected;
    assert_eq!(page, 19, "a page is the rows on screen");
    assert_eq!(t.selected(), ids[page]);
    t.key("G");
    assert_eq!(t.selected(), *ids.last().unwrap());
    assert_eq!(t.model.list.top, ids.len() - 19);
    t.key("k");
    assert_eq!(t.selected(), ids[ids.len() - 2]);
}

#[test]
fn the_mouse_selects_and_scrolls() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    // Body starts below the 3 header lines; its first line is the table header.
    t.send(Msg::Click { column: 10, row: 6 });
    assert_eq!(t.model.list.selected, 2);
    t.send(Msg::Wheel { down: true });
    assert_eq!(t.model.list.selected, 5);
    t.key("B");
    let x = 120 / 5 * 2 + 3; // third column: hot fix is 1, stability 2
                             // Cards start on row 4, below the column's border; the second card starts
                             // where the first (however many lines it takes) ends.
    let first = u16::try_from(t.model.card_heights(2)(0)).unwrap();
    t.send(Msg::Click {
        column: x,
        row: 4 + first,
    });
    assert_eq!(t.model.board.column, 2);
    assert_eq!(t.model.board.selected[2], 1);
}

#[test]
fn a_small_terminal_and_resizes_keep_the_selection() {
    let mut t = Tui::demo(160, 45);
    t.key("L");
    t.key("G");
    let last = t.selected();
    t.send(Msg::Resize {
        width: 40,
        height: 8,
    });
    t.send(Msg::Resize {
        width: 80,
        height: 24,
    });
    assert_eq!(t.selected(), last);
    assert!(t.model.list.top <= t.model.list.selected);
    assert!(t.model.list.selected < t.model.list.top + 19);
}

#[test]
fn the_detail_opens_on_enter_and_esc_goes_back() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let id = t.selected();
    t.key("enter");
    assert_eq!(t.model.view, View::Detail);
    let d = t.model.detail.as_ref().unwrap();
    assert_eq!(d.item.id, id);
    assert!(d.score.contains('='), "the arithmetic: {}", d.score);
    assert!(!d.decisions.is_empty());
    t.key("j");
    assert_eq!(t.model.detail_scroll, 1);
    t.key("esc");
    assert_eq!(t.model.view, View::Board);
    assert_eq!(t.selected(), id);
    assert!(t.model.detail.is_none());
}

#[test]
fn quick_scoring_completes_on_an_unambiguous_number() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let id = t.selected();
    t.keys("w 1");
    assert!(
        matches!(&t.model.mode, Mode::Prompt(p) if p.input.text() == "1"),
        "1 could be 13"
    );
    t.key("3");
    t.typed("bigger than we thought");
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().effort, Some(13));
    assert!(
        t.note().starts_with(&format!("done: #{id}: effort 13")),
        "{}",
        t.note()
    );
    let d = &t.store.decisions(Some(id), Some(3)).unwrap();
    assert!(d
        .iter()
        .any(|d| d.field == "effort" && d.why == "bigger than we thought"));
    // A value off the scale is refused in the prompt.
    t.keys("v 4 enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("prompt closed")
    };
    assert!(p
        .error
        .as_deref()
        .unwrap()
        .contains("1, 2, 3, 5, 8, 13, 20"));
    t.key("esc");
    assert_eq!(t.note(), "cancelled; nothing changed");
}

#[test]
fn move_pin_advance_and_decline_each_record_their_reason() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let id = t.selected();
    t.keys("m s");
    t.typed("it is really a reliability problem");
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().lane, Some(Lane::Stability));
    assert_eq!(t.model.board.column, 2, "the selection follows the item");
    assert_eq!(t.selected(), id);

    t.keys("p l enter");
    let item = t.store.item(id).unwrap();
    assert_eq!((item.horizon, item.pinned), (Horizon::Later, true));
    t.keys("p u enter");
    assert!(!t.store.item(id).unwrap().pinned);
    t.keys("p z");
    assert_eq!(t.note(), "cancelled; nothing changed");

    let before = t.store.item(id).unwrap().status;
    t.keys("s enter");
    let after = t.store.item(id).unwrap().status;
    match before {
        Status::Todo => assert_eq!(after, Status::Doing),
        _ => assert_eq!(after, Status::Done),
    }
    let id = t.selected();

    t.keys("x enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("prompt closed")
    };
    assert_eq!(p.error.as_deref(), Some("a reason is required"));
    t.typed("duplicate of the payouts incident");
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().status, Status::Declined);
    assert!(
        !t.model.data.cards.all().iter().any(|c| c.id == id),
        "it leaves the board"
    );
}

#[test]
fn blockers_and_criteria_are_edited_by_id_and_number() {
    let mut t = Tui::demo(120, 40);
    t.keys("l");
    let id = t.selected();
    let other = t.model.data.cards[t.model.shown.columns[2][0]].id;
    t.key("b");
    t.typed(&other.to_string());
    t.keys("enter enter");
    assert!(t.store.item(id).unwrap().blocked_by.contains(&other));
    assert!(
        t.model
            .data
            .cards
            .all()
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .blocked
    );
    // The reverse edge would close a cycle: the message names it, nothing changes.
    t.keys("l");
    let before = t.store.item(other).unwrap();
    t.key("g");
    assert_eq!(t.selected(), other);
    t.key("b");
    t.typed(&id.to_string());
    t.keys("enter enter");
    assert!(t.model.note.as_ref().unwrap().error);
    assert!(t.note().contains(&format!("#{other}")), "{}", t.note());
    assert_eq!(t.store.item(other).unwrap(), before);
    // The prompt comes back with the error, to correct or leave.
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the prompt is gone")
    };
    assert_eq!(p.error.as_deref(), Some(t.note().as_str()));
    assert_eq!(p.input.text(), id.to_string());
    t.key("esc");
    assert_eq!(t.model.mode, Mode::Normal);
    t.keys("h n");
    t.typed(&other.to_string());
    t.keys("enter enter");
    assert!(!t.store.item(id).unwrap().blocked_by.contains(&other));
    t.keys("b");
    t.typed("99999");
    t.keys("enter enter");
    assert_eq!(t.note(), "there is no item #99999");
    t.key("esc");

    t.key("c");
    t.typed("works in Safari 17");
    t.keys("enter enter");
    let n = t.store.item(id).unwrap().criteria.len();
    t.key("t");
    t.typed(&n.to_string());
    t.keys("enter enter");
    let c = t.store.item(id).unwrap().criteria;
    assert_eq!(c[n - 1].text, "works in Safari 17");
    assert!(c[n - 1].done);
    t.key("t");
    t.typed("40");
    t.keys("enter enter");
    assert!(t.note().contains("there is no number 40"), "{}", t.note());
}

#[test]
fn undo_and_redo_say_what_they_did() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let id = t.selected();
    let before = t.store.item(id).unwrap().value;
    let (keys, new) = if before == Some(20) {
        ("v 1 3 enter", 13)
    } else {
        ("v 2 0 enter", 20)
    };
    t.keys(keys);
    assert_eq!(t.store.item(id).unwrap().value, Some(new));
    t.key("u");
    assert_eq!(t.store.item(id).unwrap().value, before);
    assert!(t.note().starts_with("undid action #"), "{}", t.note());
    assert!(
        t.note().contains(&format!("#{id} value {new} →")),
        "{}",
        t.note()
    );
    t.key("ctrl-r");
    assert_eq!(t.store.item(id).unwrap().value, Some(new));
    assert!(t.note().starts_with("redid action #"), "{}", t.note());
    t.key("ctrl-r");
    assert_eq!(t.note(), "nothing to redo");
}

#[test]
fn the_screen_says_an_undo_is_under_way_before_it_runs() {
    let mut t = Tui::demo(120, 40);
    t.key("u");
    t.key("ctrl-r");
    assert_eq!(
        t.working,
        [
            "undoing the last action…",
            "redoing the last undone action…"
        ]
    );
    // Then the line says what was done.
    assert!(t.note().starts_with("redid action #"), "{}", t.note());
    // Moving about is instant: nothing is drawn ahead of it.
    t.keys("j k");
    assert_eq!(t.working.len(), 2);
}

#[test]
fn the_edit_form_changes_only_what_was_changed() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let id = t.selected();
    let before = t.store.item(id).unwrap();
    t.key("e");
    let Mode::Form(form) = &t.model.mode else {
        panic!("no form")
    };
    assert_eq!(form.fields[0].input.text(), before.title);
    t.key("enter");
    assert_eq!(t.note(), "nothing changed");
    t.key("e");
    for _ in 0..7 {
        t.key("tab");
    }
    t.key("ctrl-u");
    t.typed("bruno");
    t.key("enter");
    t.typed("bruno is on call");
    t.key("enter");
    let after = t.store.item(id).unwrap();
    assert_eq!(after.owner.as_deref(), Some("bruno"));
    assert_eq!(after.title, before.title);
    let last = &t.store.decisions(Some(id), Some(1)).unwrap()[0];
    assert_eq!(
        (last.field.as_str(), last.why.as_str()),
        ("owner", "bruno is on call")
    );
}

#[test]
fn the_description_comes_back_from_the_editor() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let id = t.selected();
    t.editor_text = Some("Steps:\n1. open checkout".into());
    t.key("E");
    t.key("enter");
    assert_eq!(
        t.store.item(id).unwrap().description.as_deref(),
        Some("Steps:\n1. open checkout")
    );
    t.key("E");
    assert_eq!(t.note(), "description unchanged");
}

#[test]
fn search_narrows_as_you_type_and_esc_clears() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    let all = t.model.shown.visible.len();
    t.key("/");
    t.typed("check");
    let hits = t.model.shown.visible.len();
    assert!(hits > 0 && hits < all);
    for &i in &t.model.shown.visible {
        let c = &t.model.data.cards[i];
        let text = t.store.item(c.id).unwrap();
        let hay = format!(
            "{} {} {} {}",
            text.title,
            text.owner.unwrap_or_default(),
            text.description.unwrap_or_default(),
            text.labels.join(" ")
        )
        .to_lowercase();
        assert!(hay.contains("check"), "#{} does not match", c.id);
    }
    t.typed("out");
    assert!(t.model.shown.visible.len() <= hits);
    t.key("enter");
    assert_eq!(t.model.shown.search, "checkout");
    assert!(t.note().ends_with("matching \"checkout\""));
    t.key("esc");
    assert_eq!(t.model.shown.visible.len(), all);
    assert!(t.model.shown.search.is_empty());
}

#[test]
fn the_filter_bar_takes_terms_and_refuses_unknown_ones() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    t.key("F");
    t.typed("lane:hotfix horizon:now");
    t.key("enter");
    assert!(!t.model.shown.visible.is_empty());
    for &i in &t.model.shown.visible {
        let c = &t.model.data.cards[i];
        assert_eq!((c.lane, c.horizon), (Some(Lane::Hotfix), Horizon::Now));
    }
    t.key("F");
    t.key("ctrl-u");
    t.typed("colour:red");
    t.key("enter");
    assert!(
        t.note().starts_with("unknown filter 'colour:'"),
        "{}",
        t.note()
    );
    assert!(matches!(t.model.mode, Mode::Filter(_)), "stays open to fix");
    t.key("ctrl-u");
    let label = t.store.item(t.model.data.cards[0].id).unwrap().labels;
    if let Some(label) = label.first() {
        t.typed(&format!("label:{label}"));
        t.key("enter");
        assert!(t.model.shown.visible.contains(&0));
        for &i in &t.model.shown.visible {
            let id = t.model.data.cards[i].id;
            assert!(t.store.item(id).unwrap().labels.contains(label));
        }
    } else {
        t.key("esc");
    }
    t.key("esc");
    assert!(!t.model.narrowed());
}

#[test]
fn the_list_sorts_by_another_column_and_back_to_rank() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    let rank = t.model.shown.visible.clone();
    t.keys("o s");
    assert_eq!(t.model.list.sort, SortBy::Score);
    let scores: Vec<f64> = t
        .model
        .shown
        .visible
        .iter()
        .filter_map(|i| t.model.data.cards[*i].score)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    t.keys("o d");
    assert_eq!(t.model.list.sort, SortBy::Due);
    t.key("O");
    assert_eq!(t.model.shown.visible, rank);
    assert_eq!(t.note(), "back in rank order");
}

#[test]
fn help_quit_and_import_from_the_welcome_screen() {
    let mut t = Tui::demo(120, 40);
    let doc = t.dir.path().join("backlog.json");
    let exported = std::process::Command::new(env!("CARGO_BIN_EXE_lanes"))
        .args([
            "--db",
            t.dir.path().join("t.db").to_str().unwrap(),
            "export",
            "-o",
        ])
        .arg(&doc)
        .status()
        .unwrap();
    assert!(exported.success());
    t.key("?");
    assert_eq!(t.model.mode, Mode::Help);
    t.key("j");
    assert_eq!(
        (&t.model.mode, t.model.help_scroll),
        (&Mode::Help, 1),
        "moving keys scroll"
    );
    t.key("x");
    assert_eq!(t.model.mode, Mode::Normal, "any other key closes help");

    let mut fresh = Tui::empty(120, 40);
    fresh.key("i");
    fresh.typed("/no/such/file.json");
    fresh.key("enter");
    // The prompt stays open with the error, the path kept to be corrected.
    match &fresh.model.mode {
        Mode::Prompt(p) => {
            assert_eq!(
                p.error.as_deref(),
                Some("there is no file /no/such/file.json")
            );
            assert_eq!(p.input.text(), "/no/such/file.json");
        }
        other => panic!("the import prompt closed: {other:?}"),
    }
    assert!(fresh.store.is_empty().unwrap());
    fresh.key("ctrl-u");
    fresh.typed(doc.to_str().unwrap());
    fresh.key("enter");
    let items = t.store.export().unwrap().items.len();
    assert!(
        fresh.note().contains(&format!(
            "as json (lanes): {items} created, 0 updated, 0 unchanged"
        )),
        "{}",
        fresh.note()
    );
    assert_eq!(fresh.model.mode, Mode::Normal);
    assert_eq!(fresh.model.view, View::Board);
    fresh.key("q");
    assert!(fresh.model.quit);
}

#[test]
fn refinement_walks_the_queue_and_ends_with_notes() {
    let mut t = Tui::demo(120, 40);
    t.key("R");
    assert_eq!(t.model.view, View::Refine);
    let m = t.model.meeting.as_ref().unwrap();
    let first = m.queue[0].id;
    let total = m.queue.len();
    assert!(
        t.store.item(first).unwrap().lane.is_none(),
        "the Inbox comes first"
    );
    assert_eq!(t.selected(), first);
    // One key accepts it into a lane (Esc leaves the score card it opens);
    // leaving the item asks the one reason of its visit, which is recorded.
    t.keys("2 esc space");
    t.typed("flaky under load");
    t.key("enter");
    assert_eq!(t.store.item(first).unwrap().lane, Some(Lane::Stability));
    assert_eq!(t.model.view, View::Refine, "still refining");
    let second = t.selected();
    assert_ne!(second, first);
    t.key("backspace");
    assert_eq!(t.selected(), first);
    t.key("G");
    assert_eq!(
        t.selected(),
        t.model.meeting.as_ref().unwrap().queue[total - 1].id
    );
    t.keys("g space");
    // Decline as a duplicate needs a reason.
    t.key("d");
    t.typed(&first.to_string());
    t.keys("enter enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("prompt closed")
    };
    assert_eq!(p.error.as_deref(), Some("a reason is required"));
    t.typed("same request as the first");
    t.key("enter");
    let declined = t.store.item(second).unwrap();
    assert_eq!(
        (declined.status, declined.duplicate_of),
        (Status::Declined, Some(first))
    );
    t.key("q");
    assert_eq!(t.model.view, View::Summary);
    let m = t.model.meeting.as_ref().unwrap();
    assert_eq!(m.queue.len(), total);
    let s = m.summary.as_ref().unwrap();
    assert_eq!(s.changed().len(), 2);
    assert_eq!(s.declined().into_iter().collect::<Vec<_>>(), vec![second]);
    let path = t.dir.path().join("notes.md");
    t.key("w");
    t.key("ctrl-u");
    t.typed(path.to_str().unwrap());
    t.key("enter");
    let notes = std::fs::read_to_string(&path).unwrap();
    assert!(notes.starts_with("# Refinement 2026-11-21"), "{notes}");
    assert!(notes.contains("- Declined: 1"), "{notes}");
    assert!(
        notes.contains("lane: Inbox → stability — flaky under load (ana)"),
        "{notes}"
    );
    assert!(notes.contains("same request as the first"), "{notes}");
    t.key("esc");
    assert_eq!(t.model.view, View::Board);
}

#[test]
fn an_estimation_round_hides_estimates_then_records_them_in_the_reason() {
    let mut t = Tui::demo(120, 40);
    t.key("R");
    let id = t.selected();
    // Enter: nobody named.
    t.keys("= enter w 3 enter 5 enter 1 3 enter");
    let Mode::Estimate(round) = &t.model.mode else {
        panic!("no round")
    };
    assert_eq!(round.estimates, vec![3, 5, 13]);
    assert!(!round.revealed);
    t.keys("4 enter");
    let Mode::Estimate(round) = &t.model.mode else {
        panic!("no round")
    };
    let error = round.error.as_deref().unwrap();
    assert!(error.contains("1 2 3 5 8 13 20"), "{error}");
    assert!(
        !error.contains('4'),
        "the hidden estimate is not revealed: {error}"
    );
    assert_eq!(round.estimates, vec![3, 5, 13], "nothing was taken");
    t.key("enter");
    let Mode::Estimate(round) = &t.model.mode else {
        panic!("no round")
    };
    assert!(round.revealed && round.wide());
    // The median joins the item's visit; leaving asks its reason.
    t.keys("m space");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("no reason prompt")
    };
    assert_eq!(p.fixed, "estimates 3,5,13 (median 5)");
    assert_eq!(
        p.input.text(),
        "",
        "the record is kept apart from what is typed"
    );
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().effort, Some(5));
    let d = &t.store.decisions(Some(id), Some(1)).unwrap()[0];
    assert_eq!(
        (d.field.as_str(), d.why.as_str()),
        ("effort", "estimates 3,5,13 (median 5)")
    );
    // A typed agreement is recorded with the estimates.
    t.keys("backspace = v 8 enter 1 3 enter enter 1 3 enter space enter");
    assert_eq!(t.store.item(id).unwrap().value, Some(13));
    let d = &t.store.decisions(Some(id), Some(1)).unwrap()[0];
    assert_eq!(d.why, "estimates 8,13 (median 8), agreed 13");
}

#[test]
fn finishing_a_hot_fix_asks_for_its_post_mortem() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    let doing = t
        .model
        .data
        .cards
        .all()
        .iter()
        .find(|c| c.lane == Some(Lane::Hotfix) && c.status == Status::Doing)
        .map(|c| c.id)
        .unwrap();
    for _ in 0..60 {
        if t.selected() == doing {
            break;
        }
        t.key("j");
    }
    assert_eq!(t.selected(), doing);
    t.key("s");
    t.typed("payout provider changed its status codes");
    t.key("enter");
    t.typed("contract test against the provider sandbox");
    t.keys("enter enter");
    let item = t.store.item(doing).unwrap();
    assert_eq!(item.status, Status::Done);
    assert_eq!(
        item.root_cause.as_deref(),
        Some("payout provider changed its status codes")
    );
    assert!(!item.needs_postmortem());

    // Skipping the post-mortem leaves the hot fix in the refinement queue.
    let other = t
        .model
        .data
        .cards
        .all()
        .iter()
        .find(|c| c.lane == Some(Lane::Hotfix) && c.status == Status::Doing)
        .map(|c| c.id);
    if let Some(other) = other {
        for _ in 0..60 {
            if t.selected() == other {
                break;
            }
            t.key("j");
        }
        assert_eq!(t.selected(), other);
        t.keys("s enter enter enter");
        assert!(t.store.item(other).unwrap().needs_postmortem());
        t.key("R");
        let queued = t
            .model
            .meeting
            .as_ref()
            .unwrap()
            .queue
            .iter()
            .any(|e| e.id == other);
        assert!(queued, "no-postmortem keeps it in the queue");
    }
}

#[test]
fn the_plan_view_commits_the_sprint_as_one_action() {
    let mut t = Tui::demo(120, 40);
    t.key("P");
    assert_eq!(t.model.view, View::Plan);
    let planned = t.model.plan.data.as_ref().unwrap().plan.items.clone();
    assert!(!planned.is_empty());
    t.key("j");
    assert_eq!(t.selected(), planned[1]);
    t.key("C");
    t.key("enter");
    assert!(
        t.note().starts_with("done: commit the sprint plan"),
        "{}",
        t.note()
    );
    for id in &planned {
        let item = t.store.item(*id).unwrap();
        assert_eq!((item.horizon, item.pinned), (Horizon::Now, true), "#{id}");
    }
    let last = &t.store.decisions(None, Some(1)).unwrap()[0];
    let action = last.action;
    let all = t.store.decisions(None, Some(500)).unwrap();
    assert!(all.iter().filter(|d| d.action == action).count() >= planned.len());
    t.key("u");
    assert!(
        t.note().starts_with(&format!("undid action #{action}")),
        "{}",
        t.note()
    );
    t.key("M");
    assert_eq!(t.model.view, View::Roadmap);
    assert_eq!(
        t.model.roadmap.as_ref().unwrap().rows.len(),
        t.model.data.themes.len() + 1
    );
    t.key("esc");
    assert_eq!(t.model.view, View::Board);
}

#[test]
fn esc_at_the_reason_goes_back_to_the_form_and_a_refused_change_reopens_it() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let id = t.selected();
    t.key("e");
    t.key("ctrl-u");
    t.typed("Renamed");
    t.key("enter");
    assert!(matches!(t.model.mode, Mode::Prompt(_)));
    t.key("esc");
    let Mode::Form(form) = &t.model.mode else {
        panic!("the form is gone")
    };
    assert_eq!(
        form.fields[0].input.text(),
        "Renamed",
        "nothing typed is lost"
    );
    // The parent is the item itself: the store refuses, the form comes back.
    for _ in 0..14 {
        t.key("tab");
    }
    t.typed(&id.to_string());
    t.keys("enter enter");
    let Mode::Form(form) = &t.model.mode else {
        panic!("the form is gone")
    };
    assert!(
        form.error.as_deref().unwrap().contains(&format!("#{id}")),
        "{:?}",
        form.error
    );
    assert_eq!(form.fields[0].input.text(), "Renamed");
    assert_ne!(t.store.item(id).unwrap().title, "Renamed");
    t.key("backspace");
    for _ in 0..id.to_string().len() {
        t.key("backspace");
    }
    t.keys("enter enter");
    assert_eq!(t.store.item(id).unwrap().title, "Renamed");
}

#[test]
fn a_change_reads_back_only_its_cards_and_they_match_a_full_read() {
    let mut t = Tui::demo(120, 40);
    t.key("/");
    t.typed("e");
    t.key("enter");
    t.key("esc");
    t.keys("L g");
    // The late emails are blocked by the queue split, which is in `doing`:
    // finishing the split unblocks them.
    let id = |title: &str| t.store.find_by_title(title).unwrap().unwrap();
    let emails = id("Order confirmation emails arrive up to 40 minutes late");
    let split = id("Split the order-email queue from the bulk-export queue");
    let blocked = |t: &Tui| {
        t.model
            .data
            .cards
            .all()
            .iter()
            .find(|c| c.id == emails)
            .unwrap()
            .blocked
    };
    assert!(blocked(&t));
    for _ in 0..60 {
        if t.selected() == split {
            break;
        }
        t.key("j");
    }
    assert_eq!(t.selected(), split);
    t.keys("s enter");
    assert_eq!(t.store.item(split).unwrap().status, Status::Done);
    assert!(!blocked(&t));
    t.keys("g v 1 enter enter j m f enter");
    t.key("a");
    t.typed("Brand new item");
    t.keys("enter enter");
    assert_eq!(t.model.data.cards.open(), t.store.cards().unwrap());
    // Undo and redo read back only what they touched, too.
    t.keys("u u u ctrl-r");
    assert!(t.note().starts_with("redid"), "{}", t.note());
    assert_eq!(t.model.data.cards.open(), t.store.cards().unwrap());
    t.key("ctrl-r");
    t.key("ctrl-r");
    // The search text stays lined up with the cards.
    t.key("/");
    t.typed("brand new");
    let shown: Vec<i64> = t
        .model
        .shown
        .visible
        .iter()
        .map(|i| t.model.data.cards[*i].id)
        .collect();
    let new = t.store.find_by_title("Brand new item").unwrap().unwrap();
    assert_eq!(shown, vec![new]);
}

#[test]
fn refinement_and_the_plan_from_memory_match_the_store_after_changes() {
    use lanes::domain::{plan, refine};
    let mut t = Tui::demo(120, 40);
    t.send(Msg::Warm);
    assert!(t.model.ready.items.is_some(), "read after the first frame");
    // A criterion, a blocker, a finished hot fix and a new Inbox item, each
    // read back as cards only.
    t.keys("l c");
    t.typed("works on Android");
    t.keys("enter enter j b");
    t.typed("59");
    t.keys("enter enter");
    assert_eq!(t.model.mode, Mode::Normal, "{}", t.note());
    t.keys("s enter enter enter");
    t.key("a");
    t.typed("New in the inbox");
    t.keys("tab ctrl-u enter enter");
    let (now, today) = common::tui::clock();
    let policy = t.store.policy().unwrap();
    let want = refine::queue(
        &t.store.refine_facts().unwrap(),
        policy.stale_days,
        now,
        today,
    );
    assert_eq!(t.model.mode, Mode::Normal, "{}", t.note());
    t.key("R");
    assert_eq!(t.model.view, View::Refine, "{}", t.note());
    assert_eq!(t.model.meeting.as_ref().unwrap().queue, want);
    t.keys("q esc P");
    let want = plan::plan(
        &t.store.plan_candidates().unwrap(),
        policy.sprint_capacity,
        &policy,
        today,
    );
    assert_eq!(t.model.plan.data.as_ref().unwrap().plan, want);
}

#[test]
fn ctrl_l_reads_back_changes_made_elsewhere() {
    let mut t = Tui::demo(120, 40);
    let before = t.model.data.cards.len();
    let (now, today) = common::tui::clock();
    let ctx = lanes::store::Ctx {
        by: "bruno".into(),
        why: String::new(),
        now,
        today,
    };
    let item = lanes::domain::Item::new("Added from the command line", now);
    t.store.add_item(&ctx, item).unwrap();
    assert_eq!(
        t.model.data.cards.len(),
        before,
        "nothing re-reads on its own"
    );
    t.key("ctrl-l");
    assert_eq!(t.model.data.cards.len(), before + 1);
    assert_eq!(t.note(), "read the backlog again");
}

#[test]
fn the_dashboard_opens_computed_changes_its_window_and_opens_work_in_progress() {
    let mut t = Tui::demo(120, 40);
    t.key("D");
    assert_eq!(t.model.view, View::Dashboard);
    let d = t
        .model
        .dashboard
        .data
        .clone()
        .expect("computed when it opens");
    assert_eq!(d.metrics.window.weeks, 12);
    // The same numbers `lanes metrics` gives.
    let window = lanes::domain::metrics::Window::new(12, t.model.now).unwrap();
    assert_eq!(
        d.metrics,
        t.store.metrics(&window, t.model.today, &[]).unwrap()
    );
    assert!(d.forecast.is_ok());

    // `[` and `]` step through the windows, and say so.
    t.key("[");
    assert_eq!(
        t.model
            .dashboard
            .data
            .as_ref()
            .unwrap()
            .metrics
            .window
            .weeks,
        8
    );
    assert_eq!(t.note(), "window: the last 8 complete weeks");
    t.keys("] ] ] ] ]");
    assert_eq!(t.model.dashboard.weeks, 104);
    t.key("]");
    assert_eq!(t.note(), "the window is already the longest (104 weeks)");
    t.keys("[ [ [");
    assert_eq!(t.model.dashboard.weeks, 12);

    // Enter opens the selected item in progress (oldest first); Esc comes back.
    t.key("j");
    let second = t.model.dashboard.data.as_ref().unwrap().metrics.wip[1].id;
    assert_eq!(t.selected(), second);
    t.key("enter");
    assert_eq!(t.model.view, View::Detail);
    assert_eq!(t.model.detail.as_ref().unwrap().item.id, second);
    t.key("esc");
    assert_eq!(t.model.view, View::Dashboard);
    t.key("esc");
    assert_eq!(t.model.view, View::Board);
}

#[test]
fn the_dashboard_is_not_computed_while_drawing_but_again_on_ctrl_l() {
    let mut t = Tui::demo(120, 40);
    t.key("D");
    let before = t.model.dashboard.data.clone().unwrap();
    // Another process finishes an item in progress.
    let id = before.metrics.wip[0].id;
    let ctx = t.session.ctx();
    t.store
        .set_status(&ctx, id, &lanes::domain::StatusChange::Done)
        .unwrap();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    for _ in 0..3 {
        terminal
            .draw(|f| lanes::tui::views::render(&t.model, f))
            .unwrap();
    }
    assert_eq!(t.model.dashboard.data.as_ref(), Some(&before));
    t.key("ctrl-l");
    let after = t.model.dashboard.data.clone().unwrap();
    assert_eq!(after.metrics.wip.len(), before.metrics.wip.len() - 1);
    assert!(after.metrics.wip.iter().all(|w| w.id != id));
    assert_eq!(t.model.view, View::Dashboard);
}

#[test]
fn the_board_imports_a_tracker_export_and_shows_the_summary() {
    let mut t = Tui::demo(160, 45);
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/taskwarrior.json");
    t.key("B");
    t.key("I");
    assert!(
        matches!(t.model.mode, Mode::Prompt(_)),
        "{:?}",
        t.model.mode
    );
    t.typed(file.to_str().unwrap());
    t.key("enter");
    let note = t.note();
    assert!(
        note.contains("as taskwarrior (Taskwarrior): 6 created, 0 updated, 0 unchanged, 1 skipped"),
        "{note}"
    );
    assert!(
        note.contains("First skipped: a0000000-0000-4000-8000-000000000006: a recurring template"),
        "{note}"
    );
    assert!(
        t.store
            .list(&lanes::store::Filter {
                search: Some("Rotate the TLS".into()),
                ..Default::default()
            })
            .unwrap()
            .len()
            == 1
    );
}

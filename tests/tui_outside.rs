//! Changes made elsewhere while the TUI is open (another shell's `lanes
//! decline 56`, another TUI): they are read at the next key, and a change
//! aimed at an item changed elsewhere since it was shown is not applied.

#![allow(clippy::unwrap_used)]

mod common;

use common::tui::{clock, Tui};
use lanes::domain::{Field, Lane, Status, StatusChange};
use lanes::store::{Ctx, Store};
use lanes::tui::app::{Change, Effect, Mode, Msg, View};

/// Another connection to the TUI's backlog, as another process would open it.
fn elsewhere(t: &Tui) -> Store {
    Store::open(&t.dir.path().join("t.db")).unwrap()
}

fn bob(why: &str) -> Ctx {
    let (now, today) = clock();
    Ctx {
        by: "bob".into(),
        why: why.into(),
        now,
        today,
    }
}

fn decisions_by(t: &Tui, who: &str) -> usize {
    t.store
        .decisions(None, None)
        .unwrap()
        .iter()
        .filter(|d| d.by == who)
        .count()
}

/// The board's selection moved to an open item in a lane other than bet.
fn pick_not_bet(t: &mut Tui) -> i64 {
    t.key("l");
    let id = t.selected();
    assert_ne!(t.store.item(id).unwrap().lane, Some(Lane::Bet));
    id
}

#[test]
fn a_decline_elsewhere_then_m_b_moves_nothing_and_shows_the_item_as_it_is() {
    let mut t = Tui::demo(120, 40);
    let id = pick_not_bet(&mut t);
    let lane = t.store.item(id).unwrap().lane;
    let ours = decisions_by(&t, "ana");
    elsewhere(&t)
        .set_status(
            &bob("duplicate of the checkout bug"),
            id,
            &StatusChange::Decline { duplicate_of: None },
        )
        .unwrap();

    t.keys("m b");
    let item = t.store.item(id).unwrap();
    assert_eq!(item.lane, lane, "not moved");
    assert_eq!(item.status, Status::Declined);
    assert_eq!(decisions_by(&t, "ana"), ours, "nothing written");
    let note = t.note();
    assert!(t.model.note.as_ref().unwrap().error, "{note}");
    assert!(
        note.contains(&format!("#{id} changed elsewhere by bob; nothing applied")),
        "{note}"
    );
    assert!(note.contains("declined"), "{note}");
    assert!(note.contains("nothing applied"), "{note}");
    // It left the board, so its detail shows it as it is now.
    assert_eq!(t.model.view, View::Detail);
    let d = t.model.detail.as_ref().unwrap();
    assert_eq!((d.item.id, d.item.status), (id, Status::Declined));
    assert!(
        !t.model.data.cards.all().iter().any(|c| c.id == id),
        "off the board"
    );
}

#[test]
fn a_change_elsewhere_while_the_picker_is_open_is_not_written_over() {
    let mut t = Tui::demo(120, 40);
    let id = pick_not_bet(&mut t);
    t.key("m");
    assert!(matches!(t.model.mode, Mode::Pick(_)));
    elsewhere(&t)
        .update_item(&bob("belongs with the reliability work"), id, |item, _| {
            item.lane = Some(Lane::Stability);
            Ok(())
        })
        .unwrap();
    t.key("b");
    assert_eq!(t.store.item(id).unwrap().lane, Some(Lane::Stability));
    assert_eq!(t.model.mode, Mode::Normal);
    assert!(t.note().contains("lane"), "{}", t.note());
    assert!(
        t.note().contains("belongs with the reliability work"),
        "{}",
        t.note()
    );
    // The fresh card is shown, selected, in its new lane.
    assert_eq!(t.model.view, View::Board);
    assert_eq!(t.selected(), id);
    assert_eq!(t.model.board.column, 2, "the stability column");
}

#[test]
fn a_change_elsewhere_while_the_reason_is_typed_is_not_written_over() {
    let mut t = Tui::demo(120, 40);
    let id = pick_not_bet(&mut t);
    let value = t.store.item(id).unwrap().value;
    let other = if value == Some(20) { 1 } else { 20 };
    t.key("v");
    t.typed("3");
    assert!(
        matches!(&t.model.mode, Mode::Prompt(p) if p.label.contains("reason")),
        "the reason is asked"
    );
    elsewhere(&t)
        .update_item(&bob(""), id, |item, _| {
            item.value = Some(other);
            Ok(())
        })
        .unwrap();
    t.typed("x");
    assert_eq!(t.model.mode, Mode::Normal, "the prompt is closed");
    t.keys("enter enter");
    assert_eq!(t.store.item(id).unwrap().value, Some(other));
    assert!(
        t.store
            .decisions(Some(id), Some(1))
            .unwrap()
            .iter()
            .all(|d| d.by == "bob"),
        "the newest decision is still bob's"
    );
}

#[test]
fn a_change_elsewhere_to_another_item_is_read_at_the_next_key_and_the_key_acts() {
    let mut t = Tui::demo(120, 40);
    t.key("l");
    let here = t.selected();
    let col = t.model.board.column;
    // The last card of the first lane moves to bet elsewhere.
    let there = t.model.data.cards[*t.model.shown.columns[1].last().unwrap()].id;
    assert_ne!(there, here);
    elsewhere(&t)
        .update_item(&bob(""), there, |item, _| {
            item.lane = Some(Lane::Bet);
            Ok(())
        })
        .unwrap();
    t.key("j");
    let card = t
        .model
        .data
        .cards
        .all()
        .iter()
        .find(|c| c.id == there)
        .unwrap();
    assert_eq!(card.lane, Some(Lane::Bet), "read again");
    assert_eq!(t.model.board.column, col);
    assert_eq!(t.model.board.selected[col], 1, "j moved the selection");
    assert!(
        t.note()
            .starts_with(&format!("changed elsewhere: #{there} lane")),
        "{}",
        t.note()
    );
    assert!(!t.model.note.as_ref().unwrap().error);
    // Seen once: the next key brings no news.
    t.key("k");
    assert!(t.note().is_empty(), "{}", t.note());
}

#[test]
fn undo_after_a_change_elsewhere_waits_to_be_asked_again() {
    let mut t = Tui::demo(120, 40);
    let id = pick_not_bet(&mut t);
    t.keys("m b enter");
    assert_eq!(t.store.item(id).unwrap().lane, Some(Lane::Bet));
    let other = t.model.data.cards[t.model.shown.columns[1][0]].id;
    elsewhere(&t)
        .update_item(&bob(""), other, |item, _| {
            item.owner = Some("bob".into());
            Ok(())
        })
        .unwrap();
    t.key("u");
    assert_eq!(
        t.store.item(id).unwrap().lane,
        Some(Lane::Bet),
        "not undone"
    );
    assert_eq!(t.store.item(other).unwrap().owner.as_deref(), Some("bob"));
    assert!(t.note().contains("nothing undone"), "{}", t.note());
    // Asked again (after a key that says the news was read), it undoes the
    // newest action: the one made elsewhere.
    t.keys("u u");
    assert_ne!(t.store.item(other).unwrap().owner.as_deref(), Some("bob"));
    assert_eq!(t.store.item(id).unwrap().lane, Some(Lane::Bet));
}

#[test]
fn a_change_on_its_way_is_checked_again_before_it_is_written() {
    let mut t = Tui::demo(120, 40);
    let id = pick_not_bet(&mut t);
    let unrelated = t.model.data.cards[t.model.shown.columns[1][1]].id;
    let seen = t.model.watch.seen;
    elsewhere(&t)
        .set_status(
            &bob("not needed"),
            id,
            &StatusChange::Decline { duplicate_of: None },
        )
        .unwrap();
    let to_bet = |id| Effect::Apply {
        change: Change::Fields {
            id,
            fields: vec![(Field::Lane, Some("bet".into()))],
        },
        why: String::new(),
    };
    // Aimed at the item changed elsewhere: held back, not written.
    let msgs = lanes::tui::effects::perform(&mut t.store, &t.session.ctx(), seen, to_bet(id));
    let [Msg::Elsewhere {
        news,
        held: Some(_),
    }] = msgs.as_slice()
    else {
        panic!("the change is held with the news: {msgs:?}")
    };
    assert!(news.conflict);
    assert_ne!(t.store.item(id).unwrap().lane, Some(Lane::Bet));
    // Aimed elsewhere: it goes on once the news is taken in.
    let mut msgs =
        lanes::tui::effects::perform(&mut t.store, &t.session.ctx(), seen, to_bet(unrelated));
    let news = msgs.pop().unwrap();
    assert!(matches!(&news, Msg::Elsewhere { news, .. } if !news.conflict));
    t.send(news);
    assert_eq!(t.store.item(unrelated).unwrap().lane, Some(Lane::Bet));
    assert_ne!(t.store.item(id).unwrap().lane, Some(Lane::Bet));
    assert!(t.note().starts_with("done:"), "{}", t.note());
}

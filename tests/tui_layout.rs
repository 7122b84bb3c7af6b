//! Where things are on screen: `update` (scrolling, clicks) and the views must
//! agree on the layout at every size, while typing a search, after resizes, and
//! at the end of long texts.

#![allow(clippy::unwrap_used)]

mod common;

use common::tui::Tui;
use lanes::tui::app::{Mode, Msg, View};

/// The row of the screen where the list shows item `id`, if it does.
fn list_row(t: &Tui, id: i64) -> Option<u16> {
    let mark = format!("#{id} ");
    t.screen()
        .iter()
        .position(|r| r.starts_with(&mark))
        .map(|r| u16::try_from(r).unwrap())
}

fn resize(t: &mut Tui, width: u16, height: u16) {
    t.send(Msg::Resize { width, height });
}

#[test]
fn opening_the_search_bar_on_the_last_row_keeps_the_selection_on_screen() {
    let mut t = Tui::demo(80, 24);
    t.key("L");
    // 19 rows fit at 80×24; the 20th scrolls the list by one.
    for _ in 0..19 {
        t.key("j");
    }
    let id = t.selected();
    assert!(list_row(&t, id).is_some(), "on screen before /");
    t.key("/");
    assert!(matches!(t.model.mode, Mode::Search(_)));
    assert!(
        list_row(&t, id).is_some(),
        "the bar took a line: #{id} must still be on screen:\n{}",
        t.screen().join("\n")
    );
    t.key("esc");
    assert!(list_row(&t, id).is_some(), "and after the bar closes");
}

#[test]
fn a_click_while_typing_a_filter_selects_the_row_under_the_pointer() {
    let mut t = Tui::demo(80, 24);
    t.key("L");
    // The bar is on screen while the filter is typed, before it applies.
    t.key("F");
    t.typed("lane:hot");
    assert!(matches!(t.model.mode, Mode::Filter(_)));
    let shown: Vec<i64> = t
        .model
        .shown
        .visible
        .iter()
        .take(4)
        .map(|i| t.model.data.cards[*i].id)
        .collect();
    for id in shown.into_iter().rev() {
        let row = list_row(&t, id).expect("drawn");
        t.send(Msg::Click { column: 20, row });
        assert_eq!(t.selected(), id, "the click on row {row} lands on #{id}");
    }
}

#[test]
fn a_click_on_the_board_while_the_search_bar_is_open_selects_the_card_under_the_pointer() {
    let mut t = Tui::demo(160, 45);
    t.key("/");
    let col = t.model.board.column;
    let ids: Vec<i64> = t.model.shown.columns[col]
        .iter()
        .take(3)
        .map(|i| t.model.data.cards[*i].id)
        .collect();
    let areas = t.model.areas();
    let inbox = t.model.inbox_shown();
    let (_, rect) = lanes::tui::layout::board_columns(areas.body, inbox)
        .into_iter()
        .find(|(c, _)| *c == col)
        .unwrap();
    for id in ids.into_iter().rev() {
        let mark = format!("#{id} ");
        // The card's last line, its title: a click there is one row below
        // its first.
        let row = t
            .screen()
            .iter()
            .position(|r| {
                r.chars()
                    .skip(usize::from(rect.x) + 1)
                    .take(usize::from(rect.width) - 2)
                    .collect::<String>()
                    .starts_with(&mark)
            })
            .expect("the card is drawn");
        t.send(Msg::Click {
            column: rect.x + 2,
            row: u16::try_from(row).unwrap() + 1,
        });
        assert_eq!(t.selected(), id);
    }
}

#[test]
fn after_resizes_every_board_column_is_filled_from_its_top() {
    let mut t = Tui::demo(160, 45);
    // At the smallest size, select the last card of every lane.
    resize(&mut t, 60, 12);
    for _ in 0..5 {
        t.key("G");
        t.key("l");
    }
    resize(&mut t, 80, 24);
    resize(&mut t, 160, 45);
    let screen = t.screen().join("\n");
    for col in 0..5 {
        let cards = &t.model.shown.columns[col];
        let top = t.model.board.top[col];
        if t.model.board_fit(col, 0) == cards.len() {
            assert_eq!(t.model.board.top[col], 0, "column {col} fits whole");
            for i in cards {
                let id = t.model.data.cards[*i].id;
                assert!(
                    screen.contains(&format!("#{id} ")),
                    "#{id} of column {col} is on screen:\n{screen}"
                );
            }
        } else {
            // One card further up, the rest would no longer fit.
            assert!(
                top == 0 || top - 1 + t.model.board_fit(col, top - 1) < cards.len(),
                "no blank space below hidden cards in column {col}"
            );
        }
    }
}

/// True when board column `col` starts at the smallest card that shows its
/// selection: the card above it would not fit with the rest down to the
/// selection.
fn filled_from_the_top(t: &Tui, col: usize) -> bool {
    let top = t.model.board.top[col];
    let sel = t.model.board.selected[col];
    let len = t.model.shown.columns[col].len();
    if len == 0 || top == 0 {
        return true;
    }
    let rows = lanes::tui::layout::column_rows(t.model.areas().body);
    let height = t.model.card_heights(col);
    sel >= top && (top - 1..=sel).map(&height).sum::<usize>() > rows
}

#[test]
fn after_resizes_a_column_starts_at_its_first_card_when_its_selection_fits_from_there() {
    // The report's steps: the plan committed, the Feature column's 10th card
    // selected at 160×45, then the screen made small and large again.
    let mut t = Tui::demo(160, 45);
    t.keys("P C");
    t.typed("sprint 48");
    t.keys("enter B l l l");
    assert_eq!(t.model.board.column, 3, "the Feature column");
    let col = 3;
    while t.model.board.selected[col] < 9 {
        t.key("j");
    }
    assert_eq!(t.model.board.selected[col], 9, "the 10th card");
    assert_eq!(t.model.board.top[col], 0, "it fits from the top");
    let before = t.screen();
    for (w, h) in [(60, 12), (80, 24), (160, 45)] {
        resize(&mut t, w, h);
        for c in 0..5 {
            assert!(filled_from_the_top(&t, c), "column {c} at {w}×{h}");
        }
    }
    assert_eq!(
        t.model.board.top[col], 0,
        "the first card is on screen again"
    );
    let first = t.model.data.cards[t.model.shown.columns[col][0]].id;
    let screen = t.screen();
    assert!(
        screen.join("\n").contains(&format!("#{first} ")),
        "#{first}, the lane's first, is drawn:\n{}",
        screen.join("\n")
    );
    assert_eq!(screen, before, "the same screen as before the resizes");

    // Moving up from the end of a column that does not fit whole scrolls it
    // back as far as the selection allows, never leaving its first card
    // hidden above a blank line.
    t.key("G");
    let last = t.model.board.selected[col];
    assert!(
        t.model.board.top[col] > 0,
        "the last card needs the column scrolled"
    );
    while t.model.board.selected[col] > 0 {
        t.key("k");
        assert!(
            filled_from_the_top(&t, col),
            "at card {}",
            t.model.board.selected[col]
        );
    }
    assert_eq!(t.model.board.top[col], 0);
    assert!(last > 0);
}

#[test]
fn after_resizes_the_list_hides_no_rows_above_blank_space_and_keeps_its_selection() {
    let mut t = Tui::demo(160, 45);
    t.key("L");
    t.key("G");
    let len = t.model.shown.visible.len();
    let id = t.selected();
    for (w, h) in [(60, 12), (80, 24), (160, 45)] {
        resize(&mut t, w, h);
        let rows = lanes::tui::layout::list_rows(t.model.areas().body);
        assert!(list_row(&t, id).is_some(), "#{id} is on screen at {w}×{h}");
        assert_eq!(
            t.model.list.top,
            len.saturating_sub(rows),
            "the last row at the bottom at {w}×{h}, none hidden above blank space"
        );
    }
    // From the middle: small, then large again.
    t.key("g");
    for _ in 0..20 {
        t.key("j");
    }
    let id = t.selected();
    resize(&mut t, 60, 12);
    resize(&mut t, 160, 45);
    assert!(list_row(&t, id).is_some());
    let rows = lanes::tui::layout::list_rows(t.model.areas().body);
    assert!(
        t.model.list.top + rows <= len,
        "no blank space below while rows above are hidden"
    );
}

#[test]
fn after_resizes_the_detail_still_stops_at_its_last_line() {
    let mut t = Tui::demo(160, 45);
    t.keys("l enter G");
    assert_eq!(t.model.view, View::Detail);
    for (w, h) in [(60, 12), (80, 24), (160, 45), (60, 12)] {
        resize(&mut t, w, h);
        t.key("G");
        t.key("j");
        let end = t.model.detail_scroll;
        let screen = t.screen();
        if end > 0 {
            assert!(
                !screen[screen.len() - 2].trim().is_empty(),
                "the last line at the bottom at {w}×{h}:\n{}",
                screen.join("\n")
            );
            t.key("k");
            assert_eq!(
                t.model.detail_scroll,
                end - 1,
                "one k moves back at {w}×{h}"
            );
            t.key("G");
        }
    }
    // Large again, from the end at the smallest size: scrolled no further
    // than the text's end at this size.
    assert!(t.model.detail_scroll > 0, "the detail scrolls at 60×12");
    resize(&mut t, 160, 45);
    let screen = t.screen();
    let blank_tail = screen[..screen.len() - 1]
        .iter()
        .rev()
        .take_while(|l| l.trim().is_empty())
        .count();
    assert!(
        t.model.detail_scroll == 0 || blank_tail == 0,
        "no blank space below a scrolled detail:\n{}",
        screen.join("\n")
    );
}

#[test]
fn the_detail_stops_scrolling_at_its_last_line() {
    let mut t = Tui::demo(80, 24);
    t.key("l");
    t.key("enter");
    assert_eq!(t.model.view, View::Detail);
    for _ in 0..200 {
        t.key("j");
    }
    let bottom = t.model.detail_scroll;
    assert!(bottom > 0, "the detail is longer than the screen");
    t.key("pgdn");
    t.key("G");
    assert_eq!(
        t.model.detail_scroll, bottom,
        "no further than the last line"
    );
    let screen = t.screen();
    let last_body_row = &screen[screen.len() - 2];
    assert!(
        !last_body_row.trim().is_empty(),
        "the last line is at the bottom, not a blank screen:\n{}",
        screen.join("\n")
    );
    t.key("k");
    assert_eq!(
        t.model.detail_scroll,
        bottom - 1,
        "one k moves back at once"
    );
    assert_ne!(t.screen(), screen, "and the screen shows it");
    // A wider screen needs less scrolling: the scroll follows.
    resize(&mut t, 160, 45);
    assert!(t.model.detail_scroll < bottom);
}

#[test]
fn the_roadmap_and_the_help_move_back_at_once_after_going_past_the_end() {
    // Short enough that the demo's roadmap scrolls.
    let mut t = Tui::demo(80, 16);
    t.key("M");
    assert_eq!(t.model.view, View::Roadmap);
    t.key("G");
    t.key("j");
    let end = t.screen();
    t.key("k");
    assert_ne!(t.screen(), end, "one k after the end moves the roadmap");

    t.key("B");
    t.key("?");
    for _ in 0..100 {
        t.key("j");
    }
    let end = t.screen();
    t.key("k");
    assert_ne!(t.screen(), end, "one k after the end moves the help");
}

#[test]
fn the_plan_scrolls_as_little_as_it_can() {
    let mut t = Tui::demo(80, 24);
    t.key("P");
    assert_eq!(t.model.view, View::Plan);
    let rows = t.model.plan.data.as_ref().unwrap().rows.len();
    t.key("G");
    assert_eq!(t.model.plan.selected, rows - 1);
    let top = t.model.plan.top;
    assert!(top > 0, "the plan is longer than the screen");
    t.key("k");
    assert_eq!(t.model.plan.top, top, "moving up one row does not scroll");
    t.key("g");
    assert_eq!((t.model.plan.selected, t.model.plan.top), (0, 0));
}

//! Snapshots of every view and overlay, drawn into a test backend at 80×24 and
//! 160×45 from the demo backlog at a fixed clock.

mod common;

use common::tui::Tui;
use lanes::tui::app::Msg;
use lanes::tui::views;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn screen(t: &Tui) -> String {
    let mut terminal = Terminal::new(TestBackend::new(t.model.width, t.model.height)).unwrap();
    terminal.draw(|f| views::render(&t.model, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Snapshots the screen after `setup` at both sizes.
fn both(name: &str, demo: bool, setup: impl Fn(&mut Tui)) {
    for (w, h) in [(80, 24), (160, 45)] {
        let mut t = if demo {
            Tui::demo(w, h)
        } else {
            Tui::empty(w, h)
        };
        setup(&mut t);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&t));
    }
}

#[test]
fn welcome() {
    both("welcome", false, |_| {});
}

#[test]
fn too_small() {
    let mut t = Tui::demo(80, 24);
    t.send(Msg::Resize {
        width: 40,
        height: 10,
    });
    insta::assert_snapshot!("too_small_40x10", screen(&t));
}

#[test]
fn board() {
    both("board", true, |t| t.keys("l j"));
}

#[test]
fn list() {
    both("list", true, |t| t.keys("L j j"));
}

#[test]
fn list_sorted_by_due() {
    both("list_sorted", true, |t| t.keys("L o d"));
}

#[test]
fn detail() {
    both("detail", true, |t| t.keys("l enter"));
}

#[test]
fn help() {
    both("help", true, |t| t.key("?"));
}

#[test]
fn add_form_with_an_error() {
    both("add_form", true, |t| {
        t.key("a");
        t.typed("Refund button greyed out");
        t.key("tab");
        t.key("tab");
        t.typed("4");
        t.key("enter");
    });
}

#[test]
fn edit_form() {
    both("edit_form", true, |t| t.keys("l e"));
}

#[test]
fn reason_prompt() {
    both("reason_prompt", true, |t| t.keys("l v 8"));
}

#[test]
fn move_picker() {
    both("move_picker", true, |t| t.keys("l m"));
}

#[test]
fn search_with_filter() {
    both("search", true, |t| {
        t.key("L");
        t.key("F");
        t.typed("horizon:next");
        t.key("enter");
        t.key("/");
        t.typed("check");
    });
}

#[test]
fn refinement_mode() {
    both("refine", true, |t| t.key("R"));
}

#[test]
fn estimation_round_hidden_then_revealed() {
    // Enter at the names: nobody named.
    both("estimate_hidden", true, |t| {
        t.keys("R = enter w 3 enter 1 3 enter 5");
    });
    both("estimate_revealed", true, |t| {
        t.keys("R = enter w 3 enter 1 3 enter 5 enter enter");
    });
}

#[test]
fn estimation_round_with_names() {
    both("estimate_named_hidden", true, |t| {
        t.key("R");
        t.key("=");
        t.typed("ana lee sam");
        t.keys("enter w 3 enter");
    });
    both("estimate_named_revealed", true, |t| {
        t.key("R");
        t.key("=");
        t.typed("ana lee sam");
        t.keys("enter w 3 enter 5 enter 1 3 enter");
    });
}

#[test]
fn score_card() {
    // Accepted into feature: value 5, impact 8, and risk waiting on its 1.
    both("score_card", true, |t| t.keys("R 3 5 8 1"));
    // On the board, a scored item: the card walks all four.
    both("score_card_board", true, |t| t.keys("l S 2"));
}

#[test]
fn the_visits_one_reason_prompt() {
    both("visit_reason", true, |t| t.keys("R 3 5 8 3 2 enter"));
    // Pending changes on screen, before the reason.
    both("visit_pending", true, |t| t.keys("R 2 esc p n"));
}

#[test]
fn refinement_summary() {
    both("summary", true, |t| {
        t.keys("R 3 esc space");
        t.typed("merchants keep asking");
        t.keys("enter q");
    });
}

#[test]
fn plan_view() {
    both("plan", true, |t| t.key("P"));
}

#[test]
fn roadmap_view() {
    both("roadmap", true, |t| t.key("M"));
}

#[test]
fn dashboard_view() {
    both("dashboard", true, |t| t.keys("D j"));
}

#[test]
fn dashboard_in_no_color_has_no_colour_and_loses_no_text() {
    for (w, h) in [(80, 24), (160, 45)] {
        let mut t = Tui::demo(w, h);
        t.keys("D j");
        let coloured = screen(&t);
        t.model.color = false;
        let plain = screen(&t);
        assert_eq!(plain, coloured, "NO_COLOR draws the same text");
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| views::render(&t.model, f)).unwrap();
        let buffer = terminal.backend().buffer();
        for cell in &buffer.content {
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "{w}x{h}");
            assert_eq!(cell.bg, ratatui::style::Color::Reset, "{w}x{h}");
        }
        insta::assert_snapshot!(format!("dashboard_no_color_{w}x{h}"), plain);
    }
}

#[test]
fn finished_items_on_the_board_and_in_the_list() {
    both("board_finished", true, |t| {
        t.key("F");
        t.typed("status:finished");
        t.key("enter");
    });
    both("list_finished", true, |t| {
        t.key("L");
        t.key("F");
        t.typed("status:all lane:h");
        t.key("enter");
    });
}

#[test]
fn themes_and_policy_screens_and_their_forms() {
    both("themes", true, |t| t.keys("T j"));
    both("theme_form", true, |t| t.keys("T j e"));
    both("policy", true, |t| t.keys("N j j j j"));
    both("policy_form", true, |t| {
        t.keys("N");
        for _ in 0..6 {
            t.key("j");
        }
        t.key("e");
    });
}

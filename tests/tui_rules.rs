//! Themes, the North Star and the policy, set from the TUI with the checks and
//! decisions of `lanes theme` and `lanes policy set`.

#![allow(clippy::unwrap_used)]

mod common;

use common::tui::Tui;
use lanes::domain::ThemeStatus;
use lanes::tui::app::{Mode, View};

/// The form's field labelled `label` gets `text` in place of what it held.
fn set_field(t: &mut Tui, label: &str, text: &str) {
    let Mode::Form(form) = &t.model.mode else {
        panic!("a form is open: {:?}", t.model.mode);
    };
    let at = form
        .fields
        .iter()
        .position(|f| f.label == label)
        .unwrap_or_else(|| panic!("no field {label}"));
    let from = form.focus;
    for _ in from..at {
        t.key("tab");
    }
    for _ in at..from {
        t.key("backtab");
    }
    t.key("ctrl-u");
    t.typed(text);
}

fn form_error(t: &Tui) -> Option<String> {
    match &t.model.mode {
        Mode::Form(f) => f.error.clone(),
        _ => None,
    }
}

#[test]
fn a_theme_is_added_edited_moved_to_done_and_an_item_linked_from_the_themes_screen() {
    let mut t = Tui::demo(120, 40);
    let before = t.store.themes().unwrap().len();
    t.key("T");
    assert_eq!(t.model.view, View::Themes);
    assert!(t.screen().iter().any(|l| l.contains("THEME")));

    // Add.
    t.key("a");
    set_field(&mut t, "name", "Self-serve onboarding");
    set_field(
        &mut t,
        "outcome",
        "half of new merchants live without a call",
    );
    t.key("enter");
    assert!(matches!(t.model.mode, Mode::Prompt(_)), "a reason is asked");
    t.typed("board review");
    t.key("enter");
    let themes = t.store.themes().unwrap();
    assert_eq!(themes.len(), before + 1);
    let new = themes.last().unwrap().clone();
    assert_eq!(new.name, "Self-serve onboarding");
    assert_eq!(
        new.outcome.as_deref(),
        Some("half of new merchants live without a call")
    );
    assert_eq!(t.model.data.themes.len(), before + 1, "the screen shows it");
    let log = t.store.decisions(None, Some(1)).unwrap();
    assert_eq!(log[0].why, "board review");
    assert!(t.note().starts_with("done: add theme"), "{}", t.note());

    // The same name again is refused in the form, before any reason.
    t.key("a");
    set_field(&mut t, "name", "Self-serve onboarding");
    t.keys("enter enter");
    assert!(
        form_error(&t).is_some_and(|e| e.contains("already exists")),
        "{:?} / {}",
        t.model.mode,
        t.note()
    );
    t.key("esc");
    assert_eq!(t.store.themes().unwrap().len(), before + 1);

    // Edit the new one (the last).
    t.key("G");
    t.key("e");
    set_field(
        &mut t,
        "outcome",
        "60% of new merchants live without a call",
    );
    t.keys("enter enter");
    assert_eq!(
        t.store.theme(new.id).unwrap().outcome.as_deref(),
        Some("60% of new merchants live without a call")
    );

    // Its status: done, then the same again changes nothing.
    t.keys("s d enter");
    assert_eq!(t.store.theme(new.id).unwrap().status, ThemeStatus::Done);
    t.keys("s d");
    assert!(t.note().contains("done already"), "{}", t.note());

    // Link an item to it.
    let item = t.model.data.cards.open()[0].id;
    t.key("l");
    t.typed(&item.to_string());
    t.key("enter");
    t.typed("it serves onboarding");
    t.key("enter");
    assert_eq!(t.store.item(item).unwrap().theme, Some(new.id));

    // Enter shows its items in the list.
    t.key("enter");
    assert_eq!(t.model.view, View::List);
    let shown: Vec<i64> = t
        .model
        .shown
        .visible
        .iter()
        .map(|i| t.model.data.cards[*i].id)
        .collect();
    assert_eq!(shown, [item]);
}

#[test]
fn the_north_star_and_policy_are_set_from_the_policy_screen() {
    let mut t = Tui::demo(120, 40);
    t.key("N");
    assert_eq!(t.model.view, View::Policy);
    // The North Star comes first.
    t.key("e");
    set_field(&mut t, "north star", "Every merchant sells within a day");
    t.keys("enter");
    t.typed("new quarter");
    t.key("enter");
    let policy = t.store.policy().unwrap();
    assert_eq!(policy.north_star, "Every merchant sells within a day");
    assert!(
        t.screen()[0].contains("Every merchant sells within a day"),
        "the header shows it: {}",
        t.screen()[0]
    );

    // A weight: the whole backlog is triaged again, in the same action.
    t.keys("j e");
    set_field(&mut t, "value", "2");
    t.keys("enter enter");
    assert!((t.store.policy().unwrap().weight_value - 2.0).abs() < 1e-9);
    assert!(t.note().contains("moved"), "{}", t.note());

    // One capacity share alone breaks the sum: refused in the form, nothing written.
    for _ in 0..20 {
        t.key("k");
    }
    let hotfix = lanes::tui::form::GROUPS
        .iter()
        .flat_map(|g| g.rules.iter())
        .position(|(k, _, _)| *k == "capacity.hotfix")
        .unwrap();
    assert_eq!(t.model.setup.rule, 0);
    for _ in 0..hotfix {
        t.key("j");
    }
    t.key("e");
    set_field(&mut t, "hot fix", "0.3");
    t.key("enter");
    assert!(
        form_error(&t).is_some_and(|e| e.contains("sum")),
        "{:?}",
        form_error(&t)
    );
    // Moved together with another, it holds.
    set_field(&mut t, "feature", "0.25");
    t.keys("enter enter");
    let p = t.store.policy().unwrap();
    assert!((p.capacity[0] - 0.3).abs() < 1e-9 && (p.capacity[2] - 0.25).abs() < 1e-9);
    let log = t.store.decisions(None, Some(2)).unwrap();
    assert_eq!(log[0].action, log[1].action, "one action for both");

    // Undo takes the shares back.
    t.key("u");
    let p = t.store.policy().unwrap();
    assert!((p.capacity[0] - 0.15).abs() < 1e-9);

    // A bad value names the rule; Esc leaves everything as it was.
    t.keys("g j j j j e");
    set_field(&mut t, "now from", "lots");
    t.key("enter");
    assert!(form_error(&t).is_some_and(|e| e.contains("triage.now")));
    t.key("esc");
    assert!((t.store.policy().unwrap().triage_now - 6.0).abs() < 1e-9);
}

#[test]
fn an_empty_backlog_can_set_its_rules_before_its_first_item() {
    let mut t = Tui::empty(80, 24);
    assert_eq!(t.model.view, View::Welcome);
    assert!(
        t.screen()[0].contains("(none set: N sets it)"),
        "{}",
        t.screen()[0]
    );
    t.keys("N e");
    t.typed("Ship the first sale");
    t.keys("enter enter");
    assert_eq!(t.store.policy().unwrap().north_star, "Ship the first sale");
    assert_eq!(t.model.view, View::Policy, "stays on the rules");
    t.keys("T a");
    t.typed("Trust");
    t.keys("enter enter");
    assert_eq!(t.store.themes().unwrap()[0].name, "Trust");
    // And the add form takes the theme by name, with criteria and a description.
    t.key("esc");
    t.key("a");
    set_field(&mut t, "title", "Checkout crashes");
    set_field(&mut t, "theme", "trust");
    set_field(&mut t, "criteria", "no crash on Safari; a test pins it");
    set_field(&mut t, "description", "Seen by three merchants");
    set_field(&mut t, "labels", "web, checkout");
    t.keys("enter enter");
    let item = t.store.item(1).unwrap();
    assert_eq!(item.theme, Some(1));
    assert_eq!(item.criteria.len(), 2);
    assert_eq!(item.criteria[1].text, "a test pins it");
    assert_eq!(item.description.as_deref(), Some("Seen by three merchants"));
    assert_eq!(item.labels, ["checkout", "web"]);
}

#[test]
fn the_form_names_the_themes_screen_for_a_theme_that_is_not_there() {
    let mut t = Tui::empty(80, 24);
    t.key("a");
    set_field(&mut t, "title", "Something");
    set_field(&mut t, "theme", "trust");
    t.key("enter");
    let e = form_error(&t).unwrap();
    assert!(e.contains("themes screen (T)"), "{e}");
    assert!(!e.contains("lanes theme add"), "{e}");
}

/// The themes screen's OPEN cell of theme `id`, as drawn.
fn open_cell(t: &Tui, id: i64) -> String {
    let mark = format!("#{id} ");
    let row = t
        .screen()
        .into_iter()
        .find(|r| r.starts_with(&mark))
        .unwrap_or_else(|| panic!("theme #{id} is on screen"));
    // ID, THEME, STATUS, then OPEN: "5 · 21p".
    let at = row.find(" · ").expect("an OPEN cell");
    let start = row[..at].rfind(' ').unwrap() + 1;
    let end = at + row[at..].find('p').unwrap() + 1;
    row[start..end].to_string()
}

#[test]
fn the_themes_screen_counts_a_bets_effort_by_its_milestones_as_the_roadmap_does() {
    let mut t = Tui::demo(160, 45);
    t.key("T");
    assert_eq!(t.model.view, View::Themes);
    let roadmap = |t: &Tui| {
        lanes::domain::roadmap::roadmap(
            &t.store.themes().unwrap(),
            &t.store.roadmap_pieces().unwrap(),
        )
    };
    for row in roadmap(&t) {
        let Some(id) = row.theme else { continue };
        let open = row.open();
        assert_eq!(
            open_cell(&t, id),
            format!("{} · {}p", open.count, open.effort),
            "theme #{id}"
        );
    }
    // Merchant onboarding: the open effort of bet #85's milestones is 21
    // points; the bet's own estimate (20) is not added on top of theirs.
    assert_eq!(open_cell(&t, 1), "5 · 21p");

    // A change made on the screen is counted at once, as the roadmap counts it.
    let item = t
        .model
        .data
        .cards
        .open()
        .iter()
        .find(|c| {
            c.theme.is_none() && c.effort.is_some() && t.store.item(c.id).unwrap().parent.is_none()
        })
        .unwrap()
        .clone();
    t.key("l");
    t.typed(&item.id.to_string());
    t.keys("enter enter");
    assert_eq!(t.store.item(item.id).unwrap().theme, Some(1));
    let open = roadmap(&t)[0].open();
    assert_eq!(open.count, 6);
    assert_eq!(
        open.effort,
        21 + u32::from(item.effort.unwrap()),
        "the roadmap counts it"
    );
    assert_eq!(open_cell(&t, 1), format!("6 · {}p", open.effort));
    assert_eq!(t.model.view, View::Themes, "and the screen stays");
}

/// The reason prompt's text, when it is open.
fn reason_typed(t: &Tui) -> Option<String> {
    match &t.model.mode {
        Mode::Prompt(p) if p.label.contains("reason") => Some(p.input.text().to_string()),
        _ => None,
    }
}

#[test]
fn a_theme_name_taken_in_any_case_is_refused_in_the_form_before_the_reason_is_asked() {
    let mut t = Tui::demo(120, 40);
    let before = t.store.themes().unwrap();
    t.keys("T a");
    set_field(&mut t, "name", "Mobile checkout");
    t.key("enter");
    assert!(
        reason_typed(&t).is_none(),
        "no reason asked: {:?}",
        t.model.mode
    );
    assert_eq!(
        form_error(&t).as_deref(),
        Some("a theme named 'Mobile checkout' already exists (#2)")
    );
    set_field(&mut t, "name", "mobile CHECKOUT");
    t.key("enter");
    assert!(reason_typed(&t).is_none());
    assert!(
        form_error(&t).is_some_and(|e| e.ends_with("already exists (#2); names ignore case")),
        "{:?}",
        form_error(&t)
    );
    t.key("esc");
    assert_eq!(t.store.themes().unwrap(), before, "nothing written");

    // A theme may change the case of its own name.
    t.key("j");
    t.key("e");
    set_field(&mut t, "name", "Mobile Checkout");
    t.key("enter");
    assert_eq!(reason_typed(&t).as_deref(), Some(""), "{:?}", t.model.mode);
    t.key("enter");
    assert_eq!(t.store.theme(2).unwrap().name, "Mobile Checkout");
}

#[test]
fn a_theme_refused_after_its_reason_goes_back_to_the_form_with_the_typed_reason_kept() {
    let mut t = Tui::demo(120, 40);
    t.keys("T a");
    set_field(&mut t, "name", "Self-serve onboarding");
    t.key("enter");
    t.typed("board review");
    // Meanwhile the name is taken elsewhere: only the store can tell.
    let (now, today) = common::tui::clock();
    let ctx = lanes::store::Ctx {
        by: "bo".into(),
        why: String::new(),
        now,
        today,
    };
    t.store
        .add_theme(&ctx, "self-serve ONBOARDING", None)
        .unwrap();
    let themes = t.store.themes().unwrap().len();
    t.key("enter");
    assert!(
        form_error(&t).is_some_and(|e| e.contains("already exists")),
        "back to the form with the store's words: {:?} / {}",
        t.model.mode,
        t.note()
    );
    set_field(&mut t, "name", "Self-serve onboarding, EU");
    t.key("enter");
    assert_eq!(
        reason_typed(&t).as_deref(),
        Some("board review"),
        "the reason typed before is asked again as it was"
    );
    t.key("enter");
    assert_eq!(t.store.themes().unwrap().len(), themes + 1);
    let last = t.store.decisions(None, Some(1)).unwrap();
    assert_eq!(last[0].why, "board review");

    // Esc at the reason goes back to the form, and keeps what was typed too.
    t.keys("a");
    set_field(&mut t, "name", "Wholesale");
    t.key("enter");
    t.typed("for the trade fair");
    t.key("esc");
    assert!(matches!(t.model.mode, Mode::Form(_)));
    t.key("enter");
    assert_eq!(reason_typed(&t).as_deref(), Some("for the trade fair"));
    // A new form starts with no reason.
    t.keys("esc esc a");
    set_field(&mut t, "name", "Wholesale");
    t.key("enter");
    assert_eq!(reason_typed(&t).as_deref(), Some(""));
}

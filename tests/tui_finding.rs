//! Finding things in the TUI: finished items through the filter, reopening one
//! from its detail, going to an item by its id, searching for an id, new
//! filter terms with suggestions, and sorting both ways.

#![allow(clippy::unwrap_used)]

mod common;

use common::tui::Tui;
use lanes::domain::{Severity, Status};
use lanes::store::Filter;
use lanes::tui::app::{Mode, SortBy, View};

fn filter(t: &mut Tui, terms: &str) {
    t.key("F");
    t.key("ctrl-u");
    t.typed(terms);
    t.key("enter");
}

fn shown(t: &Tui) -> Vec<i64> {
    t.model
        .shown
        .visible
        .iter()
        .map(|i| t.model.data.cards[*i].id)
        .collect()
}

fn with_status(t: &Tui, status: Status) -> Vec<i64> {
    t.store
        .list(&Filter {
            status: Some(status),
            ..Filter::default()
        })
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect()
}

#[test]
fn status_done_in_the_filter_shows_finished_items_and_reopen_brings_one_back() {
    let mut t = Tui::demo(160, 45);
    t.key("L");
    filter(&mut t, "status:done");
    let done = with_status(&t, Status::Done);
    assert!(!done.is_empty());
    assert_eq!(shown(&t), done, "every done item, in rank order");
    let screen = t.screen().join("\n");
    assert!(
        screen.contains(" done "),
        "the STATUS column says so:\n{screen}"
    );

    // Open the first and reopen it.
    let id = shown(&t)[0];
    t.key("enter");
    assert_eq!(t.model.view, View::Detail);
    assert!(
        t.screen().iter().any(|l| l.contains("done (o reopens)")),
        "{:#?}",
        t.screen()
    );
    t.key("o");
    assert!(matches!(t.model.mode, Mode::Prompt(_)), "a reason is asked");
    t.typed("not fixed after all");
    t.key("enter");
    assert_eq!(t.store.item(id).unwrap().status, Status::Todo);
    assert!(t.note().starts_with("done: reopen"), "{}", t.note());
    // Back in the list: no longer done, so the filter leaves it out; without
    // the filter it is among the open items again.
    t.key("esc");
    assert!(!shown(&t).contains(&id));
    t.key("esc");
    assert!(!t.model.narrowed());
    assert!(shown(&t).contains(&id));
    assert!(
        t.model.data.cards.finished().is_none(),
        "finished cards are let go with the filter"
    );
    // `o` on an open item's detail says there is nothing to reopen.
    t.key("enter");
    t.key("o");
    assert!(t.note().contains("nothing to reopen"), "{}", t.note());
}

#[test]
fn status_terms_take_open_finished_and_several_statuses() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    filter(&mut t, "status:doing");
    assert_eq!(shown(&t).len(), with_status(&t, Status::Doing).len());
    filter(&mut t, "status:declined status:done");
    let mut both = with_status(&t, Status::Done);
    both.extend(with_status(&t, Status::Declined));
    both.sort_unstable();
    let mut ids = shown(&t);
    ids.sort_unstable();
    assert_eq!(ids, both);
    filter(&mut t, "status:open");
    assert_eq!(shown(&t).len(), t.model.data.cards.open().len());
}

#[test]
fn severity_and_blocked_terms_narrow_the_board_and_list() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    filter(&mut t, "severity:S1 sev:s2");
    assert!(!shown(&t).is_empty());
    for i in &t.model.shown.visible {
        let s = t.model.data.cards[*i].severity;
        assert!(matches!(s, Some(Severity::S1 | Severity::S2)), "{s:?}");
    }
    filter(&mut t, "blocked:yes");
    assert!(!shown(&t).is_empty());
    assert!(t
        .model
        .shown
        .visible
        .iter()
        .all(|i| t.model.data.cards[*i].blocked));
    filter(&mut t, "blocked:no lane:h");
    assert!(t
        .model
        .shown
        .visible
        .iter()
        .all(|i| !t.model.data.cards[*i].blocked));
    let by_letter = shown(&t);
    filter(&mut t, "blocked:no lane:hotfix");
    assert_eq!(shown(&t), by_letter, "lane:h is lane:hotfix");
    filter(&mut t, "blocked:no lane:1");
    assert_eq!(shown(&t), by_letter, "lane:1 is lane:hotfix");
}

#[test]
fn a_filter_term_typed_wrong_gets_a_suggestion_and_the_bar_stays_open() {
    let mut t = Tui::demo(120, 40);
    filter(&mut t, "lane:hotfx");
    assert!(matches!(t.model.mode, Mode::Filter(_)));
    assert!(t.note().contains("did you mean hotfix?"), "{}", t.note());
    t.key("ctrl-u");
    t.typed("stauts:done");
    t.key("enter");
    assert!(t.note().contains("did you mean status:?"), "{}", t.note());
}

#[test]
fn a_jump_opens_the_item_by_its_id_and_a_wrong_one_comes_back_to_be_fixed() {
    let mut t = Tui::demo(120, 40);
    let emails = t
        .store
        .find_by_title("Order confirmation emails arrive up to 40 minutes late")
        .unwrap()
        .unwrap();
    t.key("#");
    t.typed(&emails.to_string());
    t.key("enter");
    assert_eq!(t.model.view, View::Detail);
    assert_eq!(t.model.detail.as_ref().unwrap().item.id, emails);
    t.key("esc");
    assert_eq!(t.model.view, View::Board);
    assert_eq!(t.selected(), emails, "selected on the board too");
    t.key(":");
    t.typed("9999");
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("the prompt comes back: {:?}", t.model.mode);
    };
    assert!(
        p.error.as_deref().unwrap().contains("9999"),
        "{:?}",
        p.error
    );
    t.key("ctrl-u");
    t.typed("abc");
    t.key("enter");
    let Mode::Prompt(p) = &t.model.mode else {
        panic!("still asking");
    };
    assert!(p.error.as_deref().unwrap().contains("not an item id"));
    t.key("esc");
    assert_eq!(t.model.mode, Mode::Normal);
}

#[test]
fn a_finished_item_is_reached_by_its_id_too() {
    let mut t = Tui::demo(120, 40);
    let done = with_status(&t, Status::Done)[0];
    t.key("#");
    t.typed(&done.to_string());
    t.key("enter");
    assert_eq!(t.model.detail.as_ref().unwrap().item.id, done);
}

#[test]
fn a_finished_item_whose_finish_was_never_recorded_says_so_in_its_detail() {
    // Imported done, with no finish time: the detail named no finish at all,
    // as if the item were open.
    let mut t = Tui::empty(160, 45);
    let (now, today) = common::tui::clock();
    let doc = lanes::io::json::parse(
        r#"{"version": 1, "items": [{"id": 1, "title": "Shipped long ago", "status": "done"}]}"#,
        now,
    )
    .unwrap();
    let ctx = lanes::store::Ctx {
        by: "ana".into(),
        why: String::new(),
        now,
        today,
    };
    t.store.import(&ctx, &doc).unwrap();
    t.model = lanes::tui::start(&t.store, &t.session, 160, 45);
    t.key("#");
    t.typed("1");
    t.key("enter");
    assert_eq!(t.model.detail.as_ref().unwrap().item.id, 1);
    let dates = t
        .screen()
        .into_iter()
        .find(|l| l.contains("created "))
        .unwrap();
    assert!(dates.contains("finished at a time not recorded"), "{dates}");
}

#[test]
fn search_finds_an_item_by_its_id() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    let id = t
        .store
        .find_by_title("Order confirmation emails arrive up to 40 minutes late")
        .unwrap()
        .unwrap();
    t.key("/");
    t.typed(&format!("#{id}"));
    assert_eq!(shown(&t), [id]);
    // Without the #, typed a digit at a time, the id matches once complete.
    for _ in 0..=id.to_string().len() {
        t.key("backspace");
    }
    t.typed(&id.to_string());
    assert!(shown(&t).contains(&id), "{id} is #{id}");
}

#[test]
fn o_sorts_by_a_column_and_the_same_column_again_reverses_it() {
    let mut t = Tui::demo(120, 40);
    t.key("L");
    let rank = t.model.shown.visible.clone();
    t.keys("o d");
    assert_eq!(t.model.list.sort, SortBy::Due);
    assert!(!t.model.list.reverse);
    let dues: Vec<_> = t
        .model
        .shown
        .visible
        .iter()
        .filter_map(|i| t.model.data.cards[*i].due)
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]));
    assert!(t.note().contains("soonest first"), "{}", t.note());
    t.keys("o d");
    assert!(t.model.list.reverse);
    let cards: Vec<_> = t
        .model
        .shown
        .visible
        .iter()
        .map(|i| t.model.data.cards[*i].due)
        .collect();
    let dated: Vec<_> = cards.iter().take_while(|d| d.is_some()).collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "latest first");
    assert!(
        cards[dated.len()..].iter().all(Option::is_none),
        "undated last either way"
    );
    assert!(t.note().contains("latest first"), "{}", t.note());
    assert!(t.screen()[3].contains("DUE▼"), "{}", t.screen()[3]);
    t.keys("o s");
    assert_eq!(t.model.list.sort, SortBy::Score);
    assert!(
        !t.model.list.reverse,
        "a new column starts in its own order"
    );
    t.key("O");
    assert_eq!(t.model.shown.visible, rank);
    // Any other key leaves the order as it was.
    t.keys("o x");
    assert_eq!(t.model.list.sort, SortBy::Rank);
}

#[test]
fn source_in_the_filter_matches_a_tracker_or_one_item() {
    let mut t = Tui::empty(120, 40);
    let db = t.dir.path().join("t.db");
    for file in ["jira-en.csv", "github-rest.json"] {
        let fixture =
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/").to_string() + file;
        let ok = std::process::Command::new(env!("CARGO_BIN_EXE_lanes"))
            .args(["--db", db.to_str().unwrap(), "import", &fixture])
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    }
    t.key("ctrl-l");
    let all = t.store.export().unwrap().items;
    let from = |tracker: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = all
            .iter()
            .filter(|i| i.status.is_open())
            .filter(|i| {
                i.source
                    .as_deref()
                    .is_some_and(|s| s.starts_with(&format!("{tracker}:")))
            })
            .map(|i| i.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    let jira = from("jira");
    assert!(!jira.is_empty() && !from("github").is_empty());
    t.key("L");
    filter(&mut t, "source:JIRA");
    let mut ids = shown(&t);
    ids.sort_unstable();
    assert_eq!(ids, jira, "every open item from Jira, whatever the case");
    let one = all.iter().find(|i| i.id == jira[0]).unwrap();
    let source = one.source.clone().unwrap();
    filter(&mut t, &format!("source:{}", source.to_lowercase()));
    assert_eq!(shown(&t), [one.id], "{source}: that one item");
    filter(&mut t, "source:taskwarrior");
    assert!(shown(&t).is_empty());
}

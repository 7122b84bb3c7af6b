//! The store's one entry point for changes to items: several edits, one
//! action, one transaction, one reason on every decision; and the same edits
//! tried without writing, refused the same way.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate, Utc};
use lanes::domain::{Edit, Field, Item, Lane, Status, StatusChange};
use lanes::store::{Ctx, Store};

fn ctx(why: &str) -> Ctx {
    let now = DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    Ctx {
        by: "ana".into(),
        why: why.into(),
        now,
        today: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
    }
}

fn backlog() -> (tempfile::TempDir, Store, [i64; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db")).unwrap();
    let mut ids = [0; 3];
    for (i, title) in ["Checkout fails", "Slow search", "Export to CSV"]
        .iter()
        .enumerate()
    {
        ids[i] = store
            .add_item(&ctx(""), Item::new(title, ctx("").now))
            .unwrap()
            .id;
    }
    (dir, store, ids)
}

fn set(field: Field, value: &str) -> Edit {
    Edit::set(field, Some(value.into()))
}

#[test]
fn several_edits_of_an_item_are_one_action_with_one_reason() {
    let (_dir, mut store, [a, b, _]) = backlog();
    let before = store.last_decision().unwrap();
    let items = store
        .apply(
            &ctx("agreed in refinement"),
            &[
                (a, set(Field::Lane, "feature")),
                (
                    a,
                    Edit::Set(vec![
                        (Field::Value, Some("5".into())),
                        (Field::Impact, Some("8".into())),
                        (Field::Risk, Some("3".into())),
                        (Field::Effort, Some("2".into())),
                    ]),
                ),
                (a, Edit::Block(b)),
                (a, Edit::AddCriterion("a refund goes through".into())),
            ],
        )
        .unwrap();
    assert_eq!(items.len(), 1);
    let item = store.item(a).unwrap();
    assert_eq!(item.lane, Some(Lane::Feature));
    assert_eq!(
        (item.value, item.impact, item.risk, item.effort),
        (Some(5), Some(8), Some(3), Some(2))
    );
    assert_eq!(item.blocked_by, vec![b]);
    let decisions = store.decisions_after(before).unwrap();
    let actions: std::collections::BTreeSet<i64> = decisions.iter().map(|d| d.action).collect();
    assert_eq!(actions.len(), 1, "one action: {decisions:?}");
    let fields: Vec<&str> = decisions.iter().map(|d| d.field.as_str()).collect();
    for f in [
        "lane",
        "value",
        "impact",
        "risk",
        "effort",
        "blocked_by",
        "criteria",
    ] {
        assert_eq!(
            fields.iter().filter(|x| **x == f).count(),
            1,
            "one decision for {f}: {fields:?}"
        );
    }
    for d in decisions.iter().filter(|d| d.field != "horizon") {
        assert_eq!(d.why, "agreed in refinement", "{d:?}");
    }
    // Undo reverts all of it at once.
    store.undo(&ctx("")).unwrap().unwrap();
    let item = store.item(a).unwrap();
    assert_eq!(
        (item.lane, item.value, item.blocked_by.len()),
        (None, None, 0)
    );
}

#[test]
fn one_refused_edit_leaves_nothing_of_the_action() {
    let (_dir, mut store, [a, b, c]) = backlog();
    store.block(&ctx(""), b, a).unwrap();
    let before = store.last_decision().unwrap();
    let err = store
        .apply(
            &ctx("why"),
            &[(c, set(Field::Lane, "bet")), (a, Edit::Block(b))],
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("#{a} cannot be blocked by #{b}: that would close the cycle #{a} → #{b} → #{a}")
    );
    assert!(err.is_bad_input());
    assert_eq!(store.item(c).unwrap().lane, None);
    assert_eq!(store.last_decision().unwrap(), before);
}

#[test]
fn trying_edits_reads_what_would_be_and_writes_nothing() {
    let (_dir, mut store, [a, b, _]) = backlog();
    let before = store.last_decision().unwrap();
    let (lane, horizon_read) = store
        .try_apply(
            &ctx(""),
            &[
                (a, set(Field::Lane, "hotfix")),
                (a, set(Field::Severity, "S1")),
            ],
            |s, items| Ok((items[0].lane, s.item(a)?.horizon)),
        )
        .unwrap();
    assert_eq!(lane, Some(Lane::Hotfix));
    assert_eq!(horizon_read.as_str(), "now", "read inside the attempt");
    assert_eq!(store.item(a).unwrap().lane, None, "nothing written");
    assert_eq!(store.last_decision().unwrap(), before);
    // A decline is tried before its reason is asked.
    let declined = store
        .try_apply(
            &ctx(""),
            &[(
                a,
                Edit::Status(StatusChange::Decline {
                    duplicate_of: Some(b),
                }),
            )],
            |_, items| Ok(items[0].status),
        )
        .unwrap();
    assert_eq!(declined, Status::Declined);
    assert_eq!(store.item(a).unwrap().status, Status::Todo);
}

#[test]
fn what_the_store_refuses_is_refused_when_tried() {
    let (_dir, mut store, [a, b, _]) = backlog();
    store.block(&ctx(""), b, a).unwrap();
    let tried = |store: &mut Store, edit: Edit| {
        store
            .try_apply(&ctx(""), &[(a, edit)], |_, _| Ok(()))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        tried(&mut store, Edit::Block(b)),
        format!("#{a} cannot be blocked by #{b}: that would close the cycle #{a} → #{b} → #{a}")
    );
    assert_eq!(tried(&mut store, Edit::Block(99)), "there is no item #99");
    assert_eq!(
        tried(&mut store, set(Field::Parent, "98")),
        "there is no item #98"
    );
    assert_eq!(
        tried(
            &mut store,
            Edit::Status(StatusChange::Decline {
                duplicate_of: Some(97)
            })
        ),
        "there is no item #97"
    );
    assert_eq!(
        tried(&mut store, Edit::Unblock(b)),
        format!("#{a} is not blocked by #{b}")
    );
    // Nothing was left behind by the attempts.
    assert_eq!(store.item(a).unwrap().blocked_by, Vec::<i64>::new());
    store
        .apply(&ctx(""), &[(a, set(Field::Lane, "bet"))])
        .unwrap();
}

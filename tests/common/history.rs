//! A small backlog with a history of every kind (changes, an import, undo,
//! redo, an undone action, policy and theme changes), exported as a native
//! document: the valid starting point of the history and mutation tests.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use lanes::domain::{Item, Lane, Severity, StatusChange};
use lanes::store::{Ctx, Store};

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn ctx() -> Ctx {
    Ctx {
        by: "tester".into(),
        why: "because".into(),
        now: now(),
        today: now().date_naive(),
    }
}

/// The exported document of a backlog built with the store's own actions.
pub fn document() -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("h.db")).unwrap();
    let c = ctx();
    let theme = s.add_theme(&c, "Trust", Some("no data lost")).unwrap();
    let mut ids = Vec::new();
    for (n, lane) in [Lane::Hotfix, Lane::Feature, Lane::Bet, Lane::Stability]
        .into_iter()
        .enumerate()
    {
        let mut item = Item::new(&format!("item {n}"), now());
        item.lane = Some(lane);
        item.value = Some(8);
        item.impact = Some(5);
        item.risk = Some(3);
        item.effort = Some(2);
        item.labels = vec!["web".into()];
        item.source = Some(format!("jira:T-{n}"));
        if n == 0 {
            item.severity = Some(Severity::S2);
        }
        if n == 2 {
            item.theme = Some(theme.id);
        }
        ids.push(s.add_item(&c, item).unwrap().id);
    }
    s.block(&c, ids[1], ids[0]).unwrap();
    s.update_item(&c, ids[3], |i, _| {
        i.parent = Some(ids[2]);
        Ok(())
    })
    .unwrap();
    s.set_policy(&c, &[("triage.now".into(), "5".into())])
        .unwrap();
    s.set_status(&c, ids[0], &StatusChange::Start).unwrap();
    let why = Ctx {
        why: "duplicate".into(),
        ..c.clone()
    };
    s.set_status(
        &why,
        ids[1],
        &StatusChange::Decline {
            duplicate_of: Some(ids[3]),
        },
    )
    .unwrap();
    s.undo(&c).unwrap();
    s.redo(&c).unwrap();
    // An item created then undone: its decisions stay, the item goes.
    s.add_item(&c, Item::new("gone", now())).unwrap();
    s.undo(&c).unwrap();
    let doc = lanes::io::json::to_document(&s.export().unwrap());
    serde_json::to_value(doc).unwrap()
}

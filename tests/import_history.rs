//! A native document's history is checked as its items are: each way a history
//! can point nowhere or be unreadable is refused with the record named, and the
//! database file is left as it was (byte for byte, but for the header's write
//! counters: see `common::empty_backlog_unchanged`).
#![allow(clippy::unwrap_used)]

mod common;

use common::history::{ctx, document, now};
use lanes::store::Store;
use serde_json::{json, Value};

/// Imports `doc` into a fresh backlog; the error, or `None` when accepted.
fn import(doc: &Value) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    // Closed once, so the new file's WAL is folded into it before it is read.
    drop(Store::open(&path).unwrap());
    let before = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    let text = doc.to_string();
    let read = match lanes::io::json::parse(&text, now()) {
        Ok(r) => r,
        Err(e) => return Some(e.to_string()),
    };
    match store.import(&ctx(), &read) {
        Ok(_) => None,
        Err(e) => {
            drop(store);
            assert!(
                common::empty_backlog_unchanged(&before, &std::fs::read(&path).unwrap()),
                "a refused import changed the file: {e}"
            );
            Some(e.to_string())
        }
    }
}

/// A way to break a document.
type Break = Box<dyn Fn(&mut Value)>;

fn set(doc: &mut Value, list: &str, index: usize, key: &str, value: Value) {
    doc[list][index][key] = value;
}

fn first(doc: &Value, list: &str, pred: impl Fn(&Value) -> bool) -> usize {
    doc[list].as_array().unwrap().iter().position(pred).unwrap()
}

#[test]
fn the_valid_history_imports_and_can_be_undone_and_redone() {
    let doc = document();
    assert!(doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["state"] == "undone"));
    assert_eq!(import(&doc), None);
}

#[test]
fn each_broken_history_is_refused_with_the_record_named() {
    let good = document();
    let undone = first(&good, "actions", |a| a["state"] == "undone");
    let undone_id = good["actions"][undone]["id"].as_i64().unwrap();
    let created_of_undone = first(&good, "decisions", |d| {
        d["action"] == undone_id && d["field"] == "created"
    });
    let change = first(&good, "actions", |a| a["kind"] == "change");
    let undo = first(&good, "actions", |a| a["kind"] == "undo");
    let cases: Vec<(&str, Break, &str)> = vec![
        ("an action's target of 777", Box::new(move |d| set(d, "actions", undo, "target", json!(777))), "its target 777 is not an action in the file"),
        ("an action's target of -1", Box::new(move |d| set(d, "actions", undo, "target", json!(-1))), "its target -1 is not an action in the file"),
        ("undone_by of -2^63", Box::new(move |d| set(d, "actions", undone, "undone_by", json!(i64::MIN))), "is undone, undone by -9223372036854775808, in the file, but its history makes it undone, undone by"),
        ("an undone action with no undo", Box::new(move |d| set(d, "actions", undone, "undone_by", Value::Null)), "is undone in the file, but its history makes it undone, undone by"),
        ("a change that says it was undone but is done", Box::new(move |d| set(d, "actions", change, "undone_by", json!(undone_id))), "in the file, but its history makes it done"),
        ("an action id of 0", Box::new(move |d| set(d, "actions", change, "id", json!(0))), "action 0: ids must be positive"),
        ("a decision about an item not in the file", Box::new(|d| set(d, "decisions", 0, "item", json!(4242))), "item #4242"),
        ("a decision of an action not in the file", Box::new(|d| set(d, "decisions", 0, "action", json!(999))), "its action 999 is not an action in the file"),
        ("an unreadable snapshot of an undone creation", Box::new(move |d| set(d, "decisions", created_of_undone, "new", json!("{not json"))), "unreadable item snapshot"),
        ("duplicate decision ids", Box::new(|d| { let id = d["decisions"][0]["id"].clone(); set(d, "decisions", 1, "id", id); }), "decision ids must be positive and appear once"),
        ("a decision value undo cannot write back", Box::new(|d| { let i = first(d, "decisions", |x| x["field"] == "status"); set(d, "decisions", i, "new", json!("urgent")); }), "unknown status 'urgent'"),
        ("a policy decision with a bad value", Box::new(|d| { let i = first(d, "decisions", |x| x["field"] == "triage.now"); set(d, "decisions", i, "new", json!("abc")); }), "decision"),
        ("an item that is its own duplicate", Box::new(|d| { let id = d["items"][1]["id"].clone(); set(d, "items", 1, "duplicate_of", id); }), "is declared a duplicate of itself"),
        ("a theme id of -1", Box::new(|d| { set(d, "themes", 0, "id", json!(-1)); }), "ids must be positive"),
        ("an undo that is itself undone", Box::new(move |d| set(d, "actions", undo, "state", json!("undone"))), "is always done"),
        ("a change to an item before it was created", Box::new(move |d| {
            let gone = d["decisions"][created_of_undone]["item"].clone();
            let i = first(d, "decisions", |x| x["field"] == "status");
            d["decisions"][i]["item"] = gone;
        }), "where the file's history has no such item"),
        ("a status change from nothing", Box::new(|d| { let i = first(d, "decisions", |x| x["field"] == "status"); set(d, "decisions", i, "old", Value::Null); }), "status of item #1 cannot be empty"),
        ("a removal recorded in a change", Box::new(move |d| {
            let removal = first(d, "decisions", |x| x["field"] == "created" && x["new"].is_null());
            d["decisions"][removal]["action"] = d["actions"][change]["id"].clone();
        }), "does not fit its action"),
        ("an undo of an action already undone", Box::new(move |d| { set(d, "actions", undone, "state", json!("done")); set(d, "actions", undone, "undone_by", Value::Null); }), "in the file, but its history makes it undone"),
        ("an item whose creation was undone, still in the file", Box::new(move |d| {
            let gone = d["decisions"][created_of_undone]["item"].clone();
            let mut item = d["items"][0].clone();
            item["id"] = gone;
            item["source"] = Value::Null;
            d["items"].as_array_mut().unwrap().push(item);
        }), "was removed in the file's history, yet it is among the items"),
        ("an item whose status contradicts its history", Box::new(|d| set(d, "items", 0, "status", json!("declined"))), "its status is 'declined' in the file, but its history (decision"),
        ("an item moved back to todo by hand", Box::new(|d| { let i = first(d, "items", |x| x["status"] == "doing"); set(d, "items", i, "status", json!("todo")); }), "its status is 'todo' in the file"),
        ("an item of the history missing from the file", Box::new(|d| { d["items"].as_array_mut().unwrap().remove(3); d["items"][2]["parent"] = Value::Null; d["items"][1]["duplicate_of"] = Value::Null; }), "item #4"),
    ];
    for (what, breaks, complaint) in cases {
        let mut doc = good.clone();
        breaks(&mut doc);
        assert_ne!(doc, good, "{what}: nothing was broken");
        let err = import(&doc).unwrap_or_else(|| panic!("{what}: accepted"));
        assert!(err.contains(complaint), "{what}: {err}");
    }
}

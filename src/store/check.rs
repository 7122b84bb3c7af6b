//! What a native document must keep before any of it is written: its items'
//! rules and references, and a history that undo and redo can work with.

use std::collections::{HashMap, HashSet};

use super::bulk::Snapshot;
use super::{Result, StoreError};
use crate::domain::{graph, Theme};

/// Every rule an imported document must keep, checked before anything is written.
pub(super) fn check_document(doc: &Snapshot) -> Result<()> {
    let mut action_ids = HashSet::new();
    for a in &doc.actions {
        if !["change", "undo", "redo", "import"].contains(&a.kind.as_str())
            || !["done", "undone", "abandoned"].contains(&a.state.as_str())
        {
            return Err(StoreError::invalid(format!(
                "action {} has kind '{}' and state '{}'; kinds are change, undo, redo, import and states done, undone, abandoned",
                a.id, a.kind, a.state
            )));
        }
        if !action_ids.insert(a.id) {
            return Err(StoreError::invalid(format!(
                "action id {} appears twice in the file",
                a.id
            )));
        }
    }
    if let Some(p) = &doc.policy {
        p.validate()?;
    }
    let mut theme_ids = HashSet::new();
    let mut theme_names = HashSet::new();
    for t in &doc.themes {
        Theme::validate_name(&t.name)?;
        if !theme_ids.insert(t.id) {
            return Err(StoreError::invalid(format!(
                "theme id {} appears twice in the file",
                t.id
            )));
        }
        if !theme_names.insert(t.name.as_str()) {
            return Err(StoreError::invalid(format!(
                "theme name '{}' appears twice in the file",
                t.name
            )));
        }
    }
    let mut ids = HashSet::new();
    let mut sources = HashSet::new();
    for it in &doc.items {
        if let Some(source) = &it.source {
            if !sources.insert(source.as_str()) {
                return Err(StoreError::invalid(format!(
                    "item #{}: source '{source}' appears twice in the file",
                    it.id
                )));
            }
        }
        if it.id <= 0 {
            return Err(StoreError::invalid(format!(
                "item '{}' has id {}; ids must be positive",
                it.title, it.id
            )));
        }
        if !ids.insert(it.id) {
            return Err(StoreError::invalid(format!(
                "item id {} appears twice in the file",
                it.id
            )));
        }
    }
    let mut blockers: HashMap<i64, &[i64]> = HashMap::new();
    for it in &doc.items {
        it.validate()
            .map_err(|e| StoreError::invalid(format!("item #{}: {e}", it.id)))?;
        let missing = |what: &str, other: i64| {
            StoreError::invalid(format!(
                "item #{} refers to {what} #{other}, which is not in the file",
                it.id
            ))
        };
        for (what, other) in [("parent", it.parent), ("duplicate", it.duplicate_of)] {
            if let Some(o) = other.filter(|o| !ids.contains(o)) {
                return Err(missing(what, o));
            }
        }
        if let Some(t) = it.theme.filter(|t| !theme_ids.contains(t)) {
            return Err(StoreError::invalid(format!(
                "item #{} refers to theme #{t}, which is not in the file",
                it.id
            )));
        }
        for b in &it.blocked_by {
            if !ids.contains(b) {
                return Err(missing("blocker", *b));
            }
        }
        blockers.insert(it.id, &it.blocked_by);
    }
    let nodes: Vec<i64> = doc.items.iter().map(|i| i.id).collect();
    if let Some(c) = graph::find_cycle(&nodes, |n| {
        blockers.get(&n).map(|v| v.to_vec()).unwrap_or_default()
    }) {
        return Err(StoreError::invalid(format!(
            "the file's dependencies form a cycle: {}",
            graph::describe_cycle(&c)
        )));
    }
    let parents: HashMap<i64, i64> = doc
        .items
        .iter()
        .filter_map(|i| i.parent.map(|p| (i.id, p)))
        .collect();
    for it in &doc.items {
        let mut cur = it.parent;
        let mut steps = 0;
        while let Some(p) = cur {
            if p == it.id || steps > doc.items.len() {
                return Err(StoreError::invalid(format!(
                    "item #{} is its own ancestor in the file",
                    it.id
                )));
            }
            cur = parents.get(&p).copied();
            steps += 1;
        }
    }
    Ok(())
}

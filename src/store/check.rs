//! What a native document must keep before any of it is committed: its
//! items' rules and references, and a history that undo and redo can work
//! with. Told in one order however the document is read: the rules before the
//! items ([`check_head`]), each item's own ([`ItemChecks`]), then those across
//! items and of the history ([`check_rest`]).

use std::collections::{HashMap, HashSet};

use super::bulk::{ItemSource, Snapshot};
use super::{Result, StoreError};
use crate::domain::record::{parse_theme_field, CREATED};
use crate::domain::{graph, Field, Item, Policy, ThemeStatus};

/// Every rule an imported document must keep, checked before anything is
/// written. `first`: the items' checks, if made as the items were first read.
pub(super) fn check_document(
    doc: &Snapshot,
    items: &dyn ItemSource,
    first: Option<Result<ItemChecks>>,
) -> Result<Checked> {
    let theme_ids = check_head(doc)?;
    // Made as the items were first read, against the same themes; or now.
    let checks = if let Some(checks) = first {
        checks?
    } else {
        let mut checks = ItemChecks::new(theme_ids);
        items.each(&mut |it| checks.item(it))?;
        checks
    };
    check_rest(doc, items, checks)
}

/// The rules of a document that come before its items (its actions, policy
/// and themes), in the order [`check_document`] tells them: the ids of its
/// themes, for the items' checks.
pub(super) fn check_head(doc: &Snapshot) -> Result<HashSet<i64>> {
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
    for (at, t) in doc.themes.iter().enumerate() {
        t.validate()?;
        if t.id <= 0 {
            return Err(StoreError::invalid(format!(
                "theme '{}' has id {}; ids must be positive",
                t.name, t.id
            )));
        }
        if !theme_ids.insert(t.id) {
            return Err(StoreError::invalid(format!(
                "theme id {} appears twice in the file",
                t.id
            )));
        }
        // Names are unique ignoring case (`Theme::is_named`).
        if let Some(other) = doc.themes[..at].iter().find(|o| o.is_named(&t.name)) {
            return Err(StoreError::invalid(if other.name == t.name {
                format!("theme name '{}' appears twice in the file", t.name)
            } else {
                format!(
                    "themes '{}' and '{}' in the file differ only in case; theme names are unique ignoring case",
                    other.name, t.name
                )
            }));
        }
    }
    Ok(theme_ids)
}

/// The rules of a document that come after its items' own checks (`checks`,
/// every item made): those across items, and of the history.
pub(super) fn check_rest(
    doc: &Snapshot,
    items: &dyn ItemSource,
    checks: ItemChecks,
) -> Result<Checked> {
    let checked = checks.finish(doc)?;
    // Told after the history's own checks (made by `finish`): a history that
    // points nowhere is the cause of any disagreement it has with the items.
    // The history is read only when it has item decisions, so a document
    // without one is not read again for this.
    let expected = last_values(doc);
    if !expected.is_empty() {
        items.each(&mut |it| check_against_history(it, &expected))?;
    }
    Ok(checked)
}

/// The checks of a document's items one by one, in the document's order, and
/// what the checks across items need of them.
#[derive(Debug, Default)]
pub struct ItemChecks {
    theme_ids: HashSet<i64>,
    order: Vec<i64>,
    ids: HashSet<i64>,
    sources: Vec<(i64, String)>,
    seen_sources: HashSet<String>,
    parents: HashMap<i64, i64>,
    duplicates: Vec<(i64, i64)>,
    blockers: HashMap<i64, Vec<i64>>,
}

impl ItemChecks {
    /// The checks of the items of a document with the themes `theme_ids`.
    pub fn new(theme_ids: HashSet<i64>) -> Self {
        ItemChecks {
            theme_ids,
            ..ItemChecks::default()
        }
    }

    /// Checks the next item of the document.
    pub fn item(&mut self, it: &Item) -> Result<()> {
        if let Some(source) = &it.source {
            if !self.seen_sources.insert(source.clone()) {
                return Err(StoreError::invalid(format!(
                    "item #{}: source '{source}' appears twice in the file",
                    it.id
                )));
            }
            self.sources.push((it.id, source.clone()));
        }
        if it.id <= 0 {
            return Err(StoreError::invalid(format!(
                "item '{}' has id {}; ids must be positive",
                it.title, it.id
            )));
        }
        if !self.ids.insert(it.id) {
            return Err(StoreError::invalid(format!(
                "item id {} appears twice in the file",
                it.id
            )));
        }
        self.order.push(it.id);
        it.validate()
            .map_err(|e| StoreError::invalid(format!("item #{}: {e}", it.id)))?;
        if it.duplicate_of == Some(it.id) {
            return Err(StoreError::invalid(format!(
                "item #{} is declared a duplicate of itself",
                it.id
            )));
        }
        if let Some(t) = it.theme.filter(|t| !self.theme_ids.contains(t)) {
            return Err(StoreError::invalid(format!(
                "item #{} refers to theme #{t}, which is not in the file",
                it.id
            )));
        }
        if let Some(p) = it.parent {
            self.parents.insert(it.id, p);
        }
        if let Some(d) = it.duplicate_of {
            self.duplicates.push((it.id, d));
        }
        if !it.blocked_by.is_empty() {
            self.blockers.insert(it.id, it.blocked_by.clone());
        }
        Ok(())
    }

    /// The checks across items, and of the history, once every item was checked.
    fn finish(self, doc: &Snapshot) -> Result<Checked> {
        let ItemChecks {
            order,
            ids,
            sources,
            parents,
            duplicates,
            blockers,
            ..
        } = self;
        let missing = |id: i64, what: &str, other: i64| {
            StoreError::invalid(format!(
                "item #{id} refers to {what} #{other}, which is not in the file"
            ))
        };
        for &id in &order {
            if let Some(&p) = parents.get(&id).filter(|p| !ids.contains(p)) {
                return Err(missing(id, "parent", p));
            }
            if let Some(bs) = blockers.get(&id) {
                if let Some(&b) = bs.iter().find(|b| !ids.contains(b)) {
                    return Err(missing(id, "blocker", b));
                }
            }
        }
        if let Some(&(id, d)) = duplicates.iter().find(|(_, d)| !ids.contains(d)) {
            return Err(missing(id, "duplicate", d));
        }
        let mut nodes: Vec<i64> = blockers.keys().copied().collect();
        nodes.sort_unstable();
        if let Some(c) =
            graph::find_cycle(&nodes, |n| blockers.get(&n).cloned().unwrap_or_default())
        {
            return Err(StoreError::invalid(format!(
                "the file's dependencies form a cycle: {}",
                graph::describe_cycle(&c)
            )));
        }
        // An item is its own ancestor when walking up from it meets it again.
        let mut cleared: HashSet<i64> = HashSet::new();
        for &id in &order {
            let mut path = Vec::new();
            let mut cur = parents.get(&id).copied();
            while let Some(p) = cur {
                if p == id || path.len() > parents.len() {
                    return Err(StoreError::invalid(format!(
                        "item #{id} is its own ancestor in the file"
                    )));
                }
                if cleared.contains(&p) {
                    break;
                }
                path.push(p);
                cur = parents.get(&p).copied();
            }
            cleared.insert(id);
        }
        drop(blockers);
        check_history(doc, &ids)?;
        Ok(Checked {
            ids: order,
            sources,
        })
    }
}

/// The value the history leaves in each field it changed, per item: the last
/// decision about that field since the item's last creation (a redo of a
/// creation writes the whole item again). Values are the decisions' own text.
fn last_values(doc: &Snapshot) -> HashMap<i64, HashMap<Field, (i64, Option<&str>)>> {
    let mut order: Vec<&crate::domain::Decision> =
        doc.decisions.iter().filter(|d| d.item.is_some()).collect();
    order.sort_by_key(|d| d.id);
    let mut out: HashMap<i64, HashMap<Field, (i64, Option<&str>)>> = HashMap::new();
    for d in order {
        let Some(item) = d.item else { continue };
        if d.field == CREATED {
            out.remove(&item);
        } else if let Some(field) = Field::from_name(&d.field) {
            out.entry(item)
                .or_default()
                .insert(field, (d.id, d.new.as_deref()));
        }
    }
    out
}

/// An item must hold what its history last wrote into each field: a file
/// edited by hand (an item `declined` whose log says `done`) would make undo
/// write back values that were never there.
fn check_against_history(
    it: &Item,
    expected: &HashMap<i64, HashMap<Field, (i64, Option<&str>)>>,
) -> Result<()> {
    let Some(fields) = expected.get(&it.id) else {
        return Ok(());
    };
    let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    for (&field, &(decision, value)) in fields {
        let mut scratch = Item::new("x", epoch);
        // A value that cannot be read is named by the history's own check.
        if field.set(&mut scratch, value).is_err() {
            continue;
        }
        let (held, told) = (field.get(it), field.get(&scratch));
        if held != told {
            let shown =
                |v: Option<String>| v.map_or_else(|| "empty".to_string(), |v| format!("'{v}'"));
            return Err(StoreError::invalid(format!(
                "item #{}: its {} is {} in the file, but its history (decision {decision}) leaves it {}; was the file edited by hand?",
                it.id,
                field.name(),
                shown(held),
                shown(told)
            )));
        }
    }
    Ok(())
}

/// What the check of a document keeps for the import: its items' ids in
/// order, and their sources.
pub(super) struct Checked {
    pub ids: Vec<i64>,
    pub sources: Vec<(i64, String)>,
}

/// The history must be one that undo and redo can work with: every id
/// positive and unique, every reference resolved, every value readable, and
/// every action's state consistent with the actions that undid it.
fn check_history(doc: &Snapshot, items: &HashSet<i64>) -> Result<()> {
    let bad = |m: String| Err(StoreError::invalid(m));
    let actions: HashMap<i64, &crate::domain::Action> =
        doc.actions.iter().map(|a| (a.id, a)).collect();
    for a in &doc.actions {
        let id = a.id;
        if id <= 0 {
            return bad(format!("action {id}: ids must be positive"));
        }
        let target = a.target.map(|t| (t, actions.get(&t)));
        match (a.kind.as_str(), target) {
            ("change" | "import", None) => {}
            ("change" | "import", Some((t, _))) => {
                return bad(format!(
                    "action {id}: a {} has no target, but this one names {t}",
                    a.kind
                ))
            }
            (_, None) => return bad(format!("action {id}: an {} needs a target", a.kind)),
            (_, Some((t, None))) => {
                return bad(format!(
                    "action {id}: its target {t} is not an action in the file"
                ))
            }
            (_, Some((t, Some(target)))) => {
                if t >= id || !matches!(target.kind.as_str(), "change" | "import") {
                    return bad(format!(
                        "action {id}: an {} must target an earlier change or import, not action {t}",
                        a.kind
                    ));
                }
                if a.state != "done" {
                    return bad(format!(
                        "action {id}: an {} is always done, not {}",
                        a.kind, a.state
                    ));
                }
            }
        }
    }
    check_states(doc)?;
    let created = check_existence(doc, items)?;
    let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let creations: HashSet<(i64, i64)> = doc
        .decisions
        .iter()
        .filter(|d| d.field == CREATED && d.old.is_none())
        .filter_map(|d| Some((d.action, d.item?)))
        .collect();
    let mut seen = HashSet::new();
    for d in &doc.decisions {
        let id = d.id;
        if id <= 0 || !seen.insert(id) {
            return bad(format!(
                "decision {id}: decision ids must be positive and appear once"
            ));
        }
        if d.action <= 0 || (!doc.actions.is_empty() && !actions.contains_key(&d.action)) {
            return bad(format!(
                "decision {id}: its action {} is not an action in the file",
                d.action
            ));
        }
        match d.item {
            Some(item) => {
                if item <= 0 || !(items.contains(&item) || created.contains(&item)) {
                    return bad(format!(
                        "decision {id}: it is about item #{item}, which is neither in the file nor created in its history"
                    ));
                }
                if d.field == CREATED {
                    // A creation belongs to a change, an import or a redo; a
                    // removal to the undo of a creation.
                    let kind = actions.get(&d.action).map_or("change", |a| a.kind.as_str());
                    let fits = match (&d.old, &d.new) {
                        (None, Some(_)) => kind != "undo",
                        (Some(_), None) => kind == "undo",
                        _ => false,
                    };
                    if !fits {
                        return bad(format!(
                            "decision {id}: a creation or removal of item #{item} that does not fit its action {} ({kind})",
                            d.action
                        ));
                    }
                    for text in [&d.old, &d.new].into_iter().flatten() {
                        if let Err(e) = Item::from_snapshot(item, text, epoch) {
                            return bad(format!("decision {id}: {e}"));
                        }
                    }
                    continue;
                }
                let Some(field) = Field::from_name(&d.field) else {
                    return bad(format!(
                        "decision {id}: '{}' is not a field of an item",
                        d.field
                    ));
                };
                let mut scratch = Item::new("x", epoch);
                for v in [&d.old, &d.new].into_iter().flatten() {
                    if let Err(e) = field.set(&mut scratch, Some(v)) {
                        return bad(format!("decision {id}: {e}"));
                    }
                }
                // A field an item cannot be without (status, say) has no old
                // value only where the same action creates the item.
                let required = field.set(&mut scratch, None).is_err();
                let is_creation = || creations.contains(&(d.action, item));
                if required && (d.new.is_none() || (d.old.is_none() && !is_creation())) {
                    return bad(format!(
                        "decision {id}: {} of item #{item} cannot be empty, and undo or redo would make it so",
                        d.field
                    ));
                }
            }
            None => check_unattached(d)?,
        }
    }
    Ok(())
}

/// A decision about no item changes a policy key or a theme; its values must be
/// ones undo and redo can write back.
fn check_unattached(d: &crate::domain::Decision) -> Result<()> {
    let id = d.id;
    if let Some((theme, field)) = parse_theme_field(&d.field) {
        let ok = theme > 0
            && match field {
                "created" | "name" | "outcome" => true,
                "status" => [&d.old, &d.new]
                    .into_iter()
                    .flatten()
                    .all(|v| ThemeStatus::parse(v).is_ok()),
                _ => false,
            };
        if ok {
            return Ok(());
        }
        return Err(StoreError::invalid(format!(
            "decision {id}: '{}' is not a change of a theme lanes can undo",
            d.field
        )));
    }
    if !Policy::keys().any(|k| k == d.field) {
        return Err(StoreError::invalid(format!(
            "decision {id}: '{}' is neither a policy key nor a theme",
            d.field
        )));
    }
    for v in [&d.old, &d.new] {
        let mut p = Policy::default();
        if let Err(e) = p.set(&d.field, v.as_deref().unwrap_or("")) {
            return Err(StoreError::invalid(format!("decision {id}: {e}")));
        }
    }
    Ok(())
}

/// Replays the actions in order as undo and redo would have left them: an undo
/// needs its target in effect, a redo needs it undone, a new change abandons
/// what was undone. The states and `undone_by` in the file must be the result.
fn check_states(doc: &Snapshot) -> Result<()> {
    let mut order: Vec<&crate::domain::Action> = doc.actions.iter().collect();
    order.sort_by_key(|a| a.id);
    let mut state: HashMap<i64, (&str, Option<i64>)> = HashMap::new();
    for a in &order {
        let target = a.target.unwrap_or_default();
        match a.kind.as_str() {
            "undo" | "redo" => {
                let (wanted, next) = if a.kind == "undo" {
                    ("done", ("undone", Some(a.id)))
                } else {
                    ("undone", ("done", None))
                };
                match state.get(&target) {
                    Some((s, _)) if *s == wanted => {
                        state.insert(target, next);
                    }
                    _ => {
                        return Err(StoreError::invalid(format!(
                        "action {}: an {} of action {target}, which was not {wanted} at that point",
                        a.id, a.kind
                    )))
                    }
                }
            }
            _ => {
                for s in state.values_mut() {
                    if s.0 == "undone" {
                        s.0 = "abandoned";
                    }
                }
            }
        }
        state.insert(a.id, ("done", None));
    }
    for a in &order {
        let (s, by) = state[&a.id];
        let by_ok = s == "done" && a.undone_by.is_none() || a.undone_by == by;
        if a.state != s || !by_ok {
            let describe = |state: &str, by: Option<i64>| match by {
                Some(u) => format!("{state}, undone by {u},"),
                None => state.to_string(),
            };
            return Err(StoreError::invalid(format!(
                "action {} is {} in the file, but its history makes it {}",
                a.id,
                describe(&a.state, a.undone_by),
                describe(s, by).trim_end_matches(',')
            )));
        }
    }
    Ok(())
}

/// Replays creations and removals: an item whose creation is in the history
/// is in the file exactly when the history leaves it in place. Returns the
/// ids the history created.
fn check_existence(doc: &Snapshot, items: &HashSet<i64>) -> Result<HashSet<i64>> {
    let mut order: Vec<&crate::domain::Decision> =
        doc.decisions.iter().filter(|d| d.item.is_some()).collect();
    order.sort_by_key(|d| d.id);
    let born: HashSet<i64> = order
        .iter()
        .filter(|d| d.field == CREATED)
        .filter_map(|d| d.item)
        .collect();
    let mut exists: HashMap<i64, bool> = HashMap::new();
    for d in order {
        let Some(item) = d.item else { continue };
        if d.field == CREATED {
            exists.insert(item, d.new.is_some());
        } else if born.contains(&item) && exists.get(&item) != Some(&true) {
            // A change is made to an item while it exists.
            return Err(StoreError::invalid(format!(
                "decision {}: it changes item #{item} where the file's history has no such item",
                d.id
            )));
        }
    }
    // What undo reverts next must be there to revert: every change still in
    // effect is about an item in the file.
    let done: HashSet<i64> = doc
        .actions
        .iter()
        .filter(|a| a.state == "done" && matches!(a.kind.as_str(), "change" | "import"))
        .map(|a| a.id)
        .collect();
    if let Some(d) = doc.decisions.iter().find(|d| {
        d.field != CREATED
            && done.contains(&d.action)
            && d.item.is_some_and(|i| !items.contains(&i))
    }) {
        return Err(StoreError::invalid(format!(
            "decision {}: action {} is in effect, but the item #{} it changed is not in the file",
            d.id,
            d.action,
            d.item.unwrap_or_default()
        )));
    }
    let mut ids: Vec<(&i64, &bool)> = exists.iter().collect();
    ids.sort_unstable();
    for (&item, &there) in ids {
        if there != items.contains(&item) {
            return Err(StoreError::invalid(if there {
                format!("item #{item} was created in the file's history and never removed, but it is not among the items")
            } else {
                format!("item #{item} was removed in the file's history, yet it is among the items")
            }));
        }
    }
    Ok(exists.into_keys().collect())
}

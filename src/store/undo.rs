//! Undo and redo work on whole actions, and are recorded as actions themselves.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension};

use super::record::{Kind, Recorder};
use super::{items, policy, query, rows, themes, Ctx, Result, Store, StoreError};
use crate::domain::record::{parse_theme_field, CREATED};
use crate::domain::{Decision, Field, Item, Theme, ThemeStatus};

/// What an undo or redo did.
#[derive(Debug, Clone)]
pub struct UndoReport {
    /// The action recorded for the undo or redo itself.
    pub action: i64,
    /// The action that was undone or redone.
    pub target: i64,
    /// The decisions of `action`, in order.
    pub decisions: Vec<Decision>,
}

impl Store {
    /// Reverts the last action still in effect; `None` when there is nothing to undo.
    pub fn undo(&mut self, ctx: &Ctx) -> Result<Option<UndoReport>> {
        self.replaying(ctx, true)
    }

    /// Re-applies the action undone most recently; `None` when there is nothing to redo.
    pub fn redo(&mut self, ctx: &Ctx) -> Result<Option<UndoReport>> {
        self.replaying(ctx, false)
    }

    /// Undoing an import touches every page it wrote: the transaction gets a
    /// page cache that holds them (up to 64 MiB), as the import had.
    fn replaying(&mut self, ctx: &Ctx, backwards: bool) -> Result<Option<UndoReport>> {
        self.with_cache(-65_536, |store| store.replay(ctx, backwards))
    }

    /// Undoes (`backwards`) or redoes one action. The action is chosen inside
    /// the write transaction: two undos at once must not both pick the same one.
    fn replay(&mut self, ctx: &Ctx, backwards: bool) -> Result<Option<UndoReport>> {
        let tx = self.write()?;
        // Items created by one action may refer to each other in any order.
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let target: Option<i64> = tx
            .query_row(
                if backwards {
                    "SELECT id FROM actions WHERE state = 'done' AND kind IN ('change', 'import') ORDER BY id DESC LIMIT 1"
                } else {
                    "SELECT id FROM actions WHERE state = 'undone' ORDER BY undone_by DESC LIMIT 1"
                },
                [],
                |r| r.get(0),
            )
            .optional()?;
        let Some(target) = target else {
            return Ok(None);
        };
        let mut decisions: Vec<Decision> = tx
            .prepare_cached("SELECT id, action, at, by, item, field, old, new, why FROM decisions WHERE action = ?1 ORDER BY id")?
            .query_map([target], query::decision_from_row)?
            .collect::<Result<_, _>>()?;
        if backwards {
            decisions.reverse();
        }
        let verb = if backwards { "undo" } else { "redo" };
        let mut why = format!("{verb} of action #{target}");
        if !ctx.why.trim().is_empty() {
            why = format!("{why}: {}", ctx.why.trim());
        }
        let ctx = Ctx { why, ..ctx.clone() };
        let kind = if backwards {
            Kind::Undo(target)
        } else {
            Kind::Redo(target)
        };
        let mut rec = Recorder::new(&tx, &ctx, kind);
        let value = |d: &Decision| {
            if backwards {
                d.old.clone()
            } else {
                d.new.clone()
            }
        };

        // Policy first, so items settle under the policy they will live with.
        let current = policy::load(&tx)?;
        let mut wanted = current.clone();
        for d in decisions
            .iter()
            .filter(|d| d.item.is_none() && parse_theme_field(&d.field).is_none())
        {
            wanted.set(&d.field, value(d).as_deref().unwrap_or(""))?;
        }
        if wanted != current {
            wanted.validate()?;
            policy::apply_policy(&mut rec, &current, &wanted)?;
        }
        let theme_decisions: Vec<&Decision> = decisions
            .iter()
            .filter(|d| d.item.is_none() && parse_theme_field(&d.field).is_some())
            .collect();
        if !backwards {
            replay_themes(&mut rec, &theme_decisions, false)?;
        }
        replay_items(&mut rec, &wanted, &decisions, backwards)?;
        if backwards {
            replay_themes(&mut rec, &theme_decisions, true)?;
        }

        let action = rec.action_id()?;
        if backwards {
            tx.execute(
                "UPDATE actions SET state = 'undone', undone_by = ?2 WHERE id = ?1",
                params![target, action],
            )?;
        } else {
            tx.execute(
                "UPDATE actions SET state = 'done', undone_by = NULL WHERE id = ?1",
                [target],
            )?;
        }
        let decisions = tx
            .prepare_cached("SELECT id, action, at, by, item, field, old, new, why FROM decisions WHERE action = ?1 ORDER BY id")?
            .query_map([action], query::decision_from_row)?
            .collect::<Result<_, _>>()?;
        tx.commit()?;
        Ok(Some(UndoReport {
            action,
            target,
            decisions,
        }))
    }
}

/// Applies the item decisions, grouped per item in the order met.
fn replay_items(
    rec: &mut Recorder<'_>,
    policy: &crate::domain::Policy,
    decisions: &[Decision],
    backwards: bool,
) -> Result<()> {
    // One pass: each item's decisions, items in the order first met.
    let mut order: Vec<i64> = Vec::new();
    let mut by_item: HashMap<i64, Vec<&Decision>> = HashMap::new();
    for d in decisions {
        if let Some(id) = d.item {
            by_item
                .entry(id)
                .or_insert_with(|| {
                    order.push(id);
                    Vec::new()
                })
                .push(d);
        }
    }
    // Undoing creations removes the items, after every other item is put back
    // (one of those may refer to an item about to go). They go together: one
    // read, batched decisions, one delete, so undoing an import is linear in
    // its size.
    let mut removed: Vec<i64> = Vec::new();
    // Redone creations may refer to items the same action creates later.
    let created_here: std::collections::HashSet<i64> = decisions
        .iter()
        .filter(|d| d.field == CREATED)
        .filter_map(|d| d.item)
        .collect();
    for id in order {
        let mine = by_item.remove(&id).unwrap_or_default();
        let created = mine.iter().find(|d| d.field == CREATED);
        match (created, backwards) {
            (Some(_), true) => removed.push(id),
            (Some(c), false) => {
                let snapshot = c.new.as_deref().unwrap_or("{}");
                let mut item = Item::from_snapshot(id, snapshot, rec.ctx().now)?;
                for d in mine.iter().filter(|d| d.field != CREATED) {
                    if let Some(f) = Field::from_name(&d.field) {
                        f.set(&mut item, d.new.as_deref())?;
                    }
                }
                let mut checked = item.clone();
                checked.parent = checked.parent.filter(|p| !created_here.contains(p));
                checked.duplicate_of = checked.duplicate_of.filter(|d| !created_here.contains(d));
                checked.blocked_by.retain(|b| !created_here.contains(b));
                items::check(rec.conn(), None, &checked)?;
                rec.save_item(policy, None, item)?;
            }
            (None, _) => {
                items::change(rec, policy, id, |item, _| {
                    for d in &mine {
                        if let Some(f) = Field::from_name(&d.field) {
                            f.set(
                                item,
                                if backwards {
                                    d.old.as_deref()
                                } else {
                                    d.new.as_deref()
                                },
                            )?;
                        }
                    }
                    Ok(())
                })?;
            }
        }
    }
    if !removed.is_empty() {
        remove(rec, policy, &removed)?;
    }
    Ok(())
}

/// Removes the items `ids`, whose creation is undone: each is recorded with
/// what it held, then they go in one delete (their labels, criteria and
/// dependencies with them). An item the action did not create that refers to
/// one of them (as parent, duplicate or blocker) no longer does, as a recorded
/// change of its own, not a silent one by the foreign key: nothing changes
/// without a decision.
fn remove(rec: &mut Recorder<'_>, policy: &crate::domain::Policy, ids: &[i64]) -> Result<()> {
    let set = serde_json::Value::from(ids).to_string();
    let outside: Vec<i64> = rec
        .conn()
        .prepare_cached(
            "WITH s(id) AS (SELECT value FROM json_each(?1)) \
             SELECT id FROM items WHERE (parent IN s OR duplicate_of IN s) AND id NOT IN s \
             UNION SELECT item FROM dependencies WHERE blocker IN s AND item NOT IN s ORDER BY 1",
        )?
        .query_map([&set], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if !outside.is_empty() {
        let going: HashSet<i64> = ids.iter().copied().collect();
        for id in outside {
            items::change(rec, policy, id, |item, _| {
                item.parent = item.parent.filter(|p| !going.contains(p));
                item.duplicate_of = item.duplicate_of.filter(|d| !going.contains(d));
                item.blocked_by.retain(|b| !going.contains(b));
                Ok(())
            })?;
        }
    }
    let gone = rows::load_many(rec.conn(), ids)?;
    rec.record_removed(gone.iter().map(|item| (item.id, item.snapshot())))?;
    rec.conn()
        .prepare_cached("DELETE FROM items WHERE id IN (SELECT value FROM json_each(?1))")?
        .execute([&set])?;
    Ok(())
}

fn replay_themes(rec: &mut Recorder<'_>, decisions: &[&Decision], backwards: bool) -> Result<()> {
    for d in decisions {
        let Some((id, field)) = parse_theme_field(&d.field) else {
            continue;
        };
        let value = if backwards {
            d.old.clone()
        } else {
            d.new.clone()
        };
        if field == "created" {
            if backwards {
                let in_use: bool = rec
                    .conn()
                    .prepare_cached("SELECT 1 FROM items WHERE theme = ?1")?
                    .exists([id])?;
                if in_use {
                    return Err(StoreError::invalid(format!(
                        "theme #{id} is still used by items; cannot undo its creation"
                    )));
                }
                rec.record(
                    None,
                    &d.field,
                    d.new.as_deref(),
                    None,
                    &rec.ctx().why.clone(),
                )?;
                rec.conn()
                    .execute("DELETE FROM themes WHERE id = ?1", [id])?;
            } else {
                let theme = Theme {
                    id,
                    name: value.unwrap_or_default(),
                    outcome: None,
                    status: ThemeStatus::Active,
                };
                themes::save(rec, None, &theme)?;
            }
            continue;
        }
        let Ok(old) = themes::load(rec.conn(), id) else {
            continue;
        };
        let mut new = old.clone();
        match field {
            "name" => new.name = value.unwrap_or_default(),
            "outcome" => new.outcome = value,
            "status" => new.status = ThemeStatus::parse(value.as_deref().unwrap_or("active"))?,
            _ => {}
        }
        themes::save(rec, Some(&old), &new)?;
    }
    Ok(())
}

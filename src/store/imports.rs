//! Applying a batch read from a tracker's export: one action that creates what
//! is new, updates what the tracker changed, and leaves the rest alone,
//! matching records to items on `source`.

use std::collections::{HashMap, HashSet};

use super::fresh::{Indexes, CHILD_KEYS};
use super::record::{Kind, Recorder};
use super::{batch, policy, rows, Ctx, Result, Store};
use crate::domain::{graph, provenance, score, triage, Field, Item};
use crate::io::{Batch, Note};

/// What applying a batch did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// References left out while applying: to items neither in the file nor
    /// imported before, or that would close a cycle.
    pub warnings: Vec<Note>,
}

impl Store {
    /// Applies `batch` as one action, all or nothing; with `dry_run` works out
    /// the same report and writes nothing.
    pub fn import_batch(&mut self, ctx: &Ctx, batch: &Batch, dry_run: bool) -> Result<BatchReport> {
        self.with_cache(-262_144, |store| store.apply_batch(ctx, batch, dry_run))
    }

    fn apply_batch(&mut self, ctx: &Ctx, batch: &Batch, dry_run: bool) -> Result<BatchReport> {
        // A dry run only reads; a real one waits its turn to write.
        let tx = if dry_run {
            self.conn.transaction()?
        } else {
            self.write()?
        };
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let policy = policy::load(&tx)?;
        let mut report = BatchReport::default();
        let plan = plan(&tx, batch, &mut report)?;
        let Plan {
            ids,
            mut deps,
            parents,
        } = plan;

        let mut creates: Vec<(Item, Option<String>)> = Vec::new();
        let mut updates: Vec<(Item, Item, String)> = Vec::new();
        for r in &batch.records {
            let source = r.item.source.as_deref().unwrap_or_default();
            let (id, old) = &ids[source];
            let mut blocked_by = deps.remove(id).unwrap_or_default();
            blocked_by.sort_unstable();
            blocked_by.dedup();
            let why = r.status_word.as_ref().map(|w| format!("{}: {w}", ctx.why));
            if let Some(old) = old {
                let mut new = provenance::merge(old, &r.item);
                new.parent = parents.get(id).copied();
                new.blocked_by = blocked_by;
                new.settle(Some(old), |s| policy.sla_days(s), ctx.now, ctx.today);
                new.horizon = triage::derive(&new, &policy).0;
                if Field::ALL.iter().any(|f| f.get(old) != f.get(&new)) {
                    let why = if old.status == new.status {
                        ctx.why.clone()
                    } else {
                        why.unwrap_or_else(|| ctx.why.clone())
                    };
                    updates.push(((**old).clone(), new, why));
                } else {
                    report.unchanged += 1;
                }
            } else {
                let mut item = r.item.clone();
                item.id = *id;
                item.parent = parents.get(id).copied();
                item.blocked_by = blocked_by;
                // The tracker's record holds the item's times (a finish it did
                // not record stays unknown, not "now"); the SLA counts from
                // when the tracker got the item.
                item.fill_due(None, |s| policy.sla_days(s), item.created.date_naive());
                item.horizon = triage::derive(&item, &policy).0;
                creates.push((item, why));
            }
        }
        report.created = creates.len();
        report.updated = updates.len();
        if dry_run {
            return Ok(report);
        }
        // Into an empty backlog the indexes are built once at the end, as
        // for a native document; with the foreign-key checks on, those they
        // find children by are kept.
        let indexes = if !creates.is_empty() && super::is_empty(&tx)? {
            Some(Indexes::drop(&tx, &CHILD_KEYS)?)
        } else {
            None
        };
        let mut rec = Recorder::new(&tx, ctx, Kind::Import);
        batch::insert_new(
            &tx,
            creates
                .iter()
                .map(|(item, _)| (item, item.horizon, score::score(item, &policy))),
        )?;
        if !creates.is_empty() {
            rec.record_created(
                creates
                    .iter()
                    .map(|(item, why)| (item.id, item.snapshot(), why.clone())),
            )?;
        }
        for (old, new, why) in updates {
            rec.save_item_because(&policy, Some(&old), new, &why)?;
        }
        if let Some(indexes) = indexes {
            indexes.build(&tx, report.created)?;
        }
        tx.commit()?;
        Ok(report)
    }
}

/// Ids for every record, and the dependencies and parents they will have.
struct Plan {
    /// Source → id, and the item as stored when it was imported before.
    ids: HashMap<String, (i64, Option<Box<Item>>)>,
    /// Item → blockers, for the records' items.
    deps: HashMap<i64, Vec<i64>>,
    /// Item → parent, for the records' items.
    parents: HashMap<i64, i64>,
}

fn plan(conn: &rusqlite::Connection, batch: &Batch, report: &mut BatchReport) -> Result<Plan> {
    // Every item imported before, by source.
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM items WHERE source IS NOT NULL",
        rows::COLUMNS
    ))?;
    let mut known: Vec<Item> = stmt
        .query_map([], rows::item_from_row)?
        .collect::<Result<_, _>>()?;
    rows::attach(conn, &mut known)?;
    let mut ids: HashMap<String, (i64, Option<Box<Item>>)> = known
        .into_iter()
        .map(|i| {
            (
                i.source.clone().unwrap_or_default(),
                (i.id, Some(Box::new(i))),
            )
        })
        .collect();
    let mut next = super::record::next_item_id(conn)?;
    for r in &batch.records {
        let source = r.item.source.clone().unwrap_or_default();
        ids.entry(source).or_insert_with(|| {
            next += 1;
            (next - 1, None)
        });
    }
    let sourced: HashSet<i64> = ids.values().map(|(id, _)| *id).collect();
    let names: HashMap<i64, &str> = batch
        .records
        .iter()
        .filter_map(|r| Some((ids.get(r.item.source.as_deref()?)?.0, r.name.as_str())))
        .collect();
    let name = |id: i64| {
        names
            .get(&id)
            .map_or_else(|| format!("#{id}"), |n| (*n).to_string())
    };

    // The whole graph, so a cycle through items outside the file is seen too.
    let mut graph: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT item, blocker FROM dependencies")?;
    let mut rows_ = stmt.query([])?;
    while let Some(r) = rows_.next()? {
        graph.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let mut parents: HashMap<i64, i64> = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, parent FROM items WHERE parent IS NOT NULL")?;
    let mut rows_ = stmt.query([])?;
    while let Some(r) = rows_.next()? {
        parents.insert(r.get(0)?, r.get(1)?);
    }
    // First the tracker's old links of every record go (links to items made
    // in lanes stay), then its new ones come in, in file order.
    let own = |r: &crate::io::Record| ids[r.item.source.as_deref().unwrap_or_default()].0;
    for r in &batch.records {
        let id = own(r);
        if let Some(list) = graph.get_mut(&id) {
            list.retain(|b| !sourced.contains(b));
        }
        if parents.get(&id).is_some_and(|p| sourced.contains(p)) {
            parents.remove(&id);
        }
    }
    // With every new link in at once and no cycle anywhere, no link needs a
    // search of its own (which, link by link, grows with the square of a long
    // chain); only when a cycle is there is each link checked as it comes in.
    let careful = {
        let mut g = graph.clone();
        let mut p = parents.clone();
        for r in &batch.records {
            let id = own(r);
            for b in r.blocked_by.iter().filter_map(|b| ids.get(b)) {
                g.entry(id).or_default().push(b.0);
            }
            if let Some(parent) = r.parent.as_ref().and_then(|x| ids.get(x)) {
                p.insert(id, parent.0);
            }
        }
        let mut nodes: Vec<i64> = g.keys().copied().collect();
        nodes.sort_unstable();
        graph::find_cycle(&nodes, |n| g.get(&n).cloned().unwrap_or_default()).is_some()
            || has_loop(&p)
    };
    for r in &batch.records {
        let id = own(r);
        for b in &r.blocked_by {
            let Some(&(blocker, _)) = ids.get(b) else {
                report.warnings.push(Note {
                    record: r.name.clone(),
                    why: format!("blocked by {b}, which is neither in the file nor imported before; left out"),
                });
                continue;
            };
            let cycle = careful
                .then(|| {
                    graph::cycle_through(id, blocker, |n| {
                        graph.get(&n).cloned().unwrap_or_default()
                    })
                })
                .flatten();
            if let Some(cycle) = cycle {
                let path: Vec<String> = cycle.iter().map(|&n| name(n)).collect();
                report.warnings.push(Note {
                    record: r.name.clone(),
                    why: format!(
                        "blocked by {} was left out: it would close the cycle {}",
                        name(blocker),
                        path.join(" → ")
                    ),
                });
                continue;
            }
            let list = graph.entry(id).or_default();
            if !list.contains(&blocker) {
                list.push(blocker);
            }
        }
        if let Some(p) = &r.parent {
            let Some(&(parent, _)) = ids.get(p) else {
                report.warnings.push(Note {
                    record: r.name.clone(),
                    why: format!("parent {p} is neither in the file nor imported before; left out"),
                });
                continue;
            };
            // Walking up from the parent must not meet the item.
            let mut up = careful.then_some(parent);
            let mut steps = 0;
            let mut looped = false;
            while let Some(cur) = up {
                if cur == id || steps > parents.len() {
                    looped = true;
                    break;
                }
                up = parents.get(&cur).copied();
                steps += 1;
            }
            if looped {
                report.warnings.push(Note {
                    record: r.name.clone(),
                    why: format!(
                        "parent {} was left out: {} is already under {}",
                        name(parent),
                        name(parent),
                        r.name
                    ),
                });
            } else {
                parents.insert(id, parent);
            }
        }
    }
    let mine: HashSet<i64> = batch.records.iter().map(own).collect();
    graph.retain(|k, _| mine.contains(k));
    parents.retain(|k, _| mine.contains(k));
    Ok(Plan {
        ids,
        deps: graph,
        parents,
    })
}

/// True when following parents from some item comes back to it (linear in the
/// number of links).
fn has_loop(parents: &HashMap<i64, i64>) -> bool {
    let mut done: HashSet<i64> = HashSet::new();
    for &start in parents.keys() {
        let mut path: HashSet<i64> = HashSet::new();
        let mut cur = Some(start);
        while let Some(n) = cur {
            if done.contains(&n) {
                break;
            }
            if !path.insert(n) {
                return true;
            }
            cur = parents.get(&n).copied();
        }
        done.extend(path);
    }
    false
}

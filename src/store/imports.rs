//! Applying a batch read from a tracker's export: one action that creates what
//! is new, updates what the tracker changed, and leaves the rest alone,
//! matching records to items on `source`.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::bulk::ItemSource;
use super::fresh::{Indexes, CHILD_KEYS};
use super::record::{Kind, Recorder};
use super::{batch, policy, rows, Ctx, Result, Store};
use crate::domain::{graph, provenance, score, triage, Field, Item, Policy};
use crate::io::{Batch, Note, Record};

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
        self.with_cache(-262_144, |store| {
            if dry_run || !store.is_empty()? {
                store.apply_batch(ctx, batch, dry_run)
            } else {
                // Into an empty backlog, as a native document is.
                store.writing_pages_once(|store| store.apply_batch(ctx, batch, false))
            }
        })
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
        let Plan { ids, deps, parents } = plan;

        // Into an empty backlog every record is new: its items are made on a
        // second thread while SQLite writes those before, and the indexes
        // are built once at the end, as for a native document; with the
        // foreign-key checks on, those they find children by are kept.
        if !dry_run && !batch.records.is_empty() && super::is_empty(&tx)? {
            let indexes = Indexes::drop(&tx, &CHILD_KEYS)?;
            let new = New {
                batch,
                ids: &ids,
                deps: &deps,
                parents: &parents,
                policy: &policy,
                whys: batch
                    .records
                    .iter()
                    .filter_map(|r| {
                        Some((
                            ids.get(r.item.source.as_deref()?)?.0,
                            status_why(r, &ctx.why)?,
                        ))
                    })
                    .collect(),
            };
            let mut rec = Recorder::new(&tx, ctx, Kind::Import);
            super::fresh::write_items(&mut rec, &new, &policy, true, None)?;
            indexes.build(&tx, batch.records.len())?;
            tx.commit()?;
            report.created = batch.records.len();
            return Ok(report);
        }
        let mut creates: Vec<(Item, Option<String>)> = Vec::new();
        let mut updates: Vec<(Item, Item, String)> = Vec::new();
        for r in &batch.records {
            let source = r.item.source.as_deref().unwrap_or_default();
            let (id, old) = &ids[source];
            let why = status_why(r, &ctx.why);
            if let Some(old) = old {
                let mut new = provenance::merge(old, &r.item);
                new.parent = parents.get(id).copied();
                new.blocked_by = blockers(&deps, *id);
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
                creates.push((created(r, *id, &deps, &parents, &policy), why));
            }
        }
        report.created = creates.len();
        report.updated = updates.len();
        if dry_run {
            return Ok(report);
        }
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
        tx.commit()?;
        Ok(report)
    }
}

/// The item a record creates, as `id`, with its parent and blockers.
fn created(
    r: &Record,
    id: i64,
    deps: &HashMap<i64, Vec<i64>>,
    parents: &HashMap<i64, i64>,
    policy: &Policy,
) -> Item {
    let mut item = r.item.clone();
    item.id = id;
    item.parent = parents.get(&id).copied();
    item.blocked_by = blockers(deps, id);
    // The tracker's record holds the item's times (a finish it did not record
    // stays unknown, not "now"); the SLA counts from when the tracker got the
    // item.
    item.fill_due(None, |s| policy.sla_days(s), item.created.date_naive());
    item.horizon = triage::horizon(&item, policy);
    item
}

/// The blockers `id` will have, in order.
fn blockers(deps: &HashMap<i64, Vec<i64>>, id: i64) -> Vec<i64> {
    let mut list = deps.get(&id).cloned().unwrap_or_default();
    list.sort_unstable();
    list.dedup();
    list
}

/// The reason a record's decisions give when the tracker has a word for its
/// status ("deleted in Taskwarrior").
fn status_why(r: &Record, why: &str) -> Option<String> {
    r.status_word.as_ref().map(|w| format!("{why}: {w}"))
}

/// The items a batch creates in an empty backlog, made a chunk at a time as
/// they are written.
struct New<'a> {
    batch: &'a Batch,
    ids: &'a Ids<'a>,
    deps: &'a HashMap<i64, Vec<i64>>,
    parents: &'a HashMap<i64, i64>,
    policy: &'a Policy,
    /// Item → the reason of its creation decision, when it has its own.
    whys: HashMap<i64, String>,
}

impl New<'_> {
    fn item(&self, r: &Record) -> Item {
        let id = self.ids[r.item.source.as_deref().unwrap_or_default()].0;
        created(r, id, self.deps, self.parents, self.policy)
    }
}

impl ItemSource for New<'_> {
    fn each(&self, f: &mut dyn FnMut(&Item) -> Result<()>) -> Result<()> {
        self.batch.records.iter().try_for_each(|r| f(&self.item(r)))
    }

    fn chunks<'s>(
        &'s self,
        n: usize,
        f: &mut dyn FnMut(Cow<'s, [Item]>) -> Result<()>,
    ) -> Result<()> {
        self.batch
            .records
            .chunks(n.max(1))
            .try_for_each(|c| f(Cow::Owned(c.iter().map(|r| self.item(r)).collect())))
    }

    fn why(&self, item: &Item) -> Option<String> {
        self.whys.get(&item.id).cloned()
    }
}

/// Source → id, and the item as stored when it was imported before: the
/// sources of the batch's records borrowed from it.
type Ids<'a> = HashMap<Cow<'a, str>, (i64, Option<Box<Item>>)>;

/// Ids for every record, and the dependencies and parents they will have.
struct Plan<'a> {
    ids: Ids<'a>,
    /// Item → blockers, for the records' items.
    deps: HashMap<i64, Vec<i64>>,
    /// Item → parent, for the records' items.
    parents: HashMap<i64, i64>,
}

fn plan<'a>(
    conn: &rusqlite::Connection,
    batch: &'a Batch,
    report: &mut BatchReport,
) -> Result<Plan<'a>> {
    // Every item imported before, by source.
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM items WHERE source IS NOT NULL",
        rows::COLUMNS
    ))?;
    let mut known: Vec<Item> = stmt
        .query_map([], rows::item_from_row)?
        .collect::<Result<_, _>>()?;
    rows::attach(conn, &mut known)?;
    let mut ids: Ids<'a> = known
        .into_iter()
        .map(|i| {
            (
                Cow::Owned(i.source.clone().unwrap_or_default()),
                (i.id, Some(Box::new(i))),
            )
        })
        .collect();
    ids.reserve(batch.records.len());
    let mut next = super::record::next_item_id(conn)?;
    for r in &batch.records {
        let source = r.item.source.as_deref().unwrap_or_default();
        ids.entry(Cow::Borrowed(source)).or_insert_with(|| {
            next += 1;
            (next - 1, None)
        });
    }
    // Names for warnings, made only when one is given.
    let names: std::cell::OnceCell<HashMap<i64, &str>> = std::cell::OnceCell::new();
    let name = |id: i64| {
        let names = names.get_or_init(|| {
            batch
                .records
                .iter()
                .filter_map(|r| Some((ids.get(r.item.source.as_deref()?)?.0, r.name.as_str())))
                .collect()
        });
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
    // Links among items the backlog had (none when it was empty).
    let had_links = !graph.is_empty() || !parents.is_empty();
    let own = |r: &crate::io::Record| ids[r.item.source.as_deref().unwrap_or_default()].0;
    // First the tracker's old links of every record go (links to items made
    // in lanes stay), then its new ones come in, in file order.
    if had_links {
        let sourced: HashSet<i64> = ids.values().map(|(id, _)| *id).collect();
        for r in &batch.records {
            let id = own(r);
            if let Some(list) = graph.get_mut(&id) {
                list.retain(|b| !sourced.contains(b));
            }
            if parents.get(&id).is_some_and(|p| sourced.contains(p)) {
                parents.remove(&id);
            }
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
            for b in r.blocked_by.iter().filter_map(|b| ids.get(b.as_str())) {
                g.entry(id).or_default().push(b.0);
            }
            if let Some(parent) = r.parent.as_deref().and_then(|x| ids.get(x)) {
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
            let Some(&(blocker, _)) = ids.get(b.as_str()) else {
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
            let Some(&(parent, _)) = ids.get(p.as_str()) else {
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
    if had_links {
        let mine: HashSet<i64> = batch.records.iter().map(own).collect();
        graph.retain(|k, _| mine.contains(k));
        parents.retain(|k, _| mine.contains(k));
    }
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

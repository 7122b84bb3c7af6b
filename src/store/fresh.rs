//! An import into an empty backlog: the document's ids and decisions kept,
//! its items checked as they are written, and its indexes built once at the
//! end (the other imports are in [`bulk`](super::bulk)).

use std::borrow::Cow;
use std::collections::HashSet;

use rusqlite::params;

use super::bulk::{ImportReport, ItemSource, Snapshot};
use super::check::{check_head, check_rest, ItemChecks};
use super::record::{Kind, Recorder};
use super::{batch, policy, Ctx, Result, Store, StoreError};
use crate::domain::{score, triage, Item, Policy};

/// Items written per chunk of an import into an empty backlog.
const CHUNK: usize = 8192;

/// Up to this many items an import's index builds sort each index's keys in
/// one run, in the page cache the writing had (see [`Indexes::build`]).
const ONE_RUN: usize = 300_000;

impl Store {
    /// Imports a document into an empty backlog, keeping its ids and
    /// decisions, checked as it is written (see `import_whole`).
    pub(super) fn import_fresh(
        &mut self,
        ctx: &Ctx,
        doc: &Snapshot,
        items: &dyn ItemSource,
        first: Option<Result<ItemChecks>>,
    ) -> Result<Fresh> {
        // Told first, as the check of the whole document tells them.
        let theme_ids = check_head(doc)?;
        // Every reference in the document is checked before the commit, so
        // row-by-row foreign-key checks would only repeat that work.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let r =
            self.writing_pages_once(|store| store.import_whole(ctx, doc, items, theme_ids, first));
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        r
    }

    /// Runs `f`, the import of many items into an empty backlog, with each
    /// page written once (see [`Store::write_pages_once`]), then goes back to
    /// the settings of every open.
    pub(super) fn writing_pages_once<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let journaled = self.write_pages_once()?;
        let r = f(self);
        if journaled {
            // Should another process have opened the file meanwhile, it stays
            // in rollback mode until the next open sets WAL again: still safe,
            // and the import has been committed either way, so it is not
            // reported as failed.
            let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
            let _ = self.conn.pragma_update(None, "synchronous", "NORMAL");
        }
        r
    }

    /// Switches an empty backlog to a rollback journal for its import. In WAL
    /// mode every page of the import would be written twice (to the WAL, then
    /// into the file at the checkpoint); with a rollback journal the new pages go
    /// into the file once, and the journal holds only the few pages the empty
    /// file had. With `synchronous = FULL` this is the classic crash-safe mode:
    /// a crash midway leaves a hot journal that the next open rolls back.
    /// Returns false, changing nothing, when another connection has the file
    /// open (leaving WAL needs it alone); the import then goes through the WAL.
    fn write_pages_once(&mut self) -> Result<bool> {
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let mode = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0));
        self.conn.busy_timeout(super::BUSY_TIMEOUT)?;
        let journaled = matches!(mode.as_deref(), Ok("delete"));
        if journaled {
            self.conn.pragma_update(None, "synchronous", "FULL")?;
        }
        Ok(journaled)
    }

    /// Writes a document into an empty backlog as one transaction, its items
    /// checked as they are written (unless `first` has their checks): the
    /// items are read, checked and their creation decisions built on a
    /// second thread while SQLite writes the chunk before, and nothing is
    /// committed before every rule of the document is known to hold. Gives
    /// `first` back, writing nothing, when the backlog is found not to be
    /// empty once the write lock is taken.
    fn import_whole(
        &mut self,
        ctx: &Ctx,
        doc: &Snapshot,
        items: &dyn ItemSource,
        theme_ids: HashSet<i64>,
        first: Option<Result<ItemChecks>>,
    ) -> Result<Fresh> {
        let tx = self.write()?;
        // Looked at again under the write lock: a writer may have got in
        // between the first look and the lock.
        if !super::is_empty(&tx)? {
            return Ok(Fresh::NotEmpty(Box::new(first)));
        }
        // Into an empty backlog every row is added at the end of its table, so
        // a page, once full, is not read again before the indexes are built:
        // a cache of 32 MiB does as well as one that holds the whole import,
        // for a fraction of the memory.
        tx.pragma_update(None, "cache_size", -32_768)?;
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let indexes = Indexes::drop(&tx, &[])?;
        let current = policy::load(&tx)?;
        let pol = doc.policy.clone().unwrap_or_else(|| current.clone());
        let replay_log = !doc.decisions.is_empty();
        let mut rec = Recorder::new(&tx, ctx, Kind::Import);
        if replay_log {
            for key in Policy::keys() {
                if let Some(v) = pol.get(key) {
                    if current.get(key).as_ref() != Some(&v) {
                        policy::save_key(&tx, key, &v)?;
                    }
                }
            }
        } else {
            policy::apply_policy(&mut rec, &current, &pol)?;
        }
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO themes (id, name, outcome, status) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for t in &doc.themes {
                ins.execute(params![t.id, t.name, t.outcome, t.status.as_str()])?;
            }
        }
        if !replay_log {
            for t in &doc.themes {
                let field = crate::domain::record::theme_field(t.id, "created");
                rec.record(None, &field, None, Some(&t.name), &ctx.why)?;
            }
        }
        let (mut checks, make) = match first {
            Some(made) => (made?, false),
            None => (ItemChecks::new(theme_ids), true),
        };
        write_items(
            &mut rec,
            items,
            &pol,
            !replay_log,
            make.then_some(&mut checks),
        )?;
        // Every rule of the document before its history is written: a history
        // that breaks one is told so, not refused by SQLite's constraints.
        let checked = check_rest(doc, items, checks)?;
        if replay_log {
            let mut full = tx.prepare_cached(
                "INSERT INTO actions (id, at, by, kind, target, state, undone_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for a in &doc.actions {
                full.execute(params![
                    a.id,
                    a.at,
                    a.by,
                    a.kind,
                    a.target,
                    a.state,
                    a.undone_by
                ])?;
            }
            let mut action = tx
                .prepare_cached("INSERT OR IGNORE INTO actions (id, at, by) VALUES (?1, ?2, ?3)")?;
            let mut ins = tx.prepare_cached(
                "INSERT INTO decisions (id, action, at, by, item, field, old, new, why) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for d in &doc.decisions {
                action.execute(params![d.action, d.at, d.by])?;
                ins.execute(params![
                    d.id, d.action, d.at, d.by, d.item, d.field, d.old, d.new, d.why
                ])?;
            }
        }
        // No file of the backlog is opened here beside SQLite's own (to sync
        // the pages written so far early, say): closing it would drop every
        // lock this process holds on the file, the import's write lock with
        // them, and a writer waiting its turn would write into the file while
        // the import still does, leaving it damaged.
        indexes.build(&tx, checked.ids.len())?;
        tx.commit()?;
        Ok(Fresh::Imported(ImportReport {
            items: checked.ids.len(),
            themes: doc.themes.len(),
            kept_ids: true,
            renumbered: Vec::new(),
            policy_ignored: false,
            already: Vec::new(),
        }))
    }
}

/// The indexes of a backlog, dropped while many rows are added to an empty
/// one: building each index once from sorted rows is several times faster
/// than growing it row by row. DDL is transactional: a failed import leaves
/// every index as it was.
pub(super) struct Indexes(Vec<String>);

/// The indexes SQLite's foreign-key checks find an item's children by (its
/// parent, its duplicates, the items it blocks): kept while items are added
/// with those checks on, else each new item's insert scans those tables for
/// rows that name it.
pub(super) const CHILD_KEYS: [&str; 3] =
    ["items_parent", "items_duplicate_of", "dependencies_blocker"];

impl Indexes {
    /// Drops every index of the backlog but those named in `keep`, to be
    /// built again by [`Indexes::build`].
    pub(super) fn drop(tx: &rusqlite::Transaction<'_>, keep: &[&str]) -> Result<Indexes> {
        let indexes: Vec<(String, String)> = tx
            .prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|(name, _): &(String, String)| !keep.contains(&name.as_str()))
            .collect();
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        Ok(Indexes(indexes.into_iter().map(|(_, sql)| sql).collect()))
    }

    /// Builds the dropped indexes again, over the `items` items written since.
    pub(super) fn build(self, tx: &rusqlite::Transaction<'_>, items: usize) -> Result<()> {
        // SQLite builds an index by sorting its keys in runs as large as the
        // page cache, then merging the runs. Up to a few hundred thousand
        // items each index's keys are one run in the cache the writing had,
        // sorted fast enough that runs would only add their merging (100k
        // items: the builds 810 ms to 585 ms, 300k: 2.03 s to 1.88 s, medians
        // of six interleaved runs). A million keys in one run are sorted
        // through memory far larger than the CPU's caches; runs of a few MiB
        // (the smallest the sorter makes) are sorted within them and merged
        // after, for about a third less time, and with a second thread the
        // sorter sorts one run while the build reads the rows of the next
        // (the builds 13.9 s to 12.8 s, medians of three interleaved runs).
        // Each build reads its table once, in order, so the small cache costs
        // it little. `threads` is a setting of the connection, not of the
        // transaction: put back below, whatever the builds do.
        if items > ONE_RUN {
            tx.pragma_update(None, "cache_size", -2048)?;
            tx.pragma_update(None, "threads", 1)?;
        }
        let built = self.0.iter().try_for_each(|sql| tx.execute_batch(sql));
        tx.pragma_update(None, "threads", 0)?;
        Ok(built?)
    }
}

/// What an import into an empty backlog did: imported, or nothing, the
/// backlog being found not to be empty (with the checks it was given, for the
/// import into a backlog with items).
pub(super) enum Fresh {
    Imported(ImportReport),
    NotEmpty(Box<Option<Result<ItemChecks>>>),
}

/// A chunk of items to write, and their creation decisions (id, snapshot, no
/// reason of their own) when the import records them.
type Ready<'s> = (Cow<'s, [Item]>, Option<Vec<(i64, String, Option<String>)>>);

/// Writes the items of an import into an empty backlog, with their creation
/// decisions when `record`, making their checks into `checks` when given.
///
/// The items are read (and checked, and their decisions built) on a second
/// thread, a chunk or two ahead of SQLite writing them on this one: for a
/// million items the two take about as long, so the reading costs almost no
/// time of its own. Only checked items are written; the first item that fails
/// its checks stops both threads with its error. Chunks written go back to the
/// reading thread to be freed there, where they were made: freeing memory
/// another thread allocated is the slow path of the allocator.
pub(super) fn write_items(
    rec: &mut Recorder<'_>,
    items: &dyn ItemSource,
    pol: &Policy,
    record: bool,
    mut checks: Option<&mut ItemChecks>,
) -> Result<()> {
    let horizon = |item: &Item| {
        if item.is_open() {
            triage::horizon(item, pol)
        } else {
            item.horizon
        }
    };
    std::thread::scope(|scope| {
        let (ready, to_write) = std::sync::mpsc::sync_channel::<Ready<'_>>(2);
        let (written, to_free) = std::sync::mpsc::channel::<Cow<'_, [Item]>>();
        let reader = scope.spawn(move || {
            items.chunks(CHUNK, &mut |chunk| {
                if let Some(checks) = checks.as_deref_mut() {
                    chunk.iter().try_for_each(|it| checks.item(it))?;
                }
                // The creation decision keeps the item as stored, horizon and all.
                let created = record.then(|| {
                    chunk
                        .iter()
                        .map(|item| (item.id, item.snapshot_with(horizon(item)), items.why(item)))
                        .collect()
                });
                to_free.try_iter().for_each(drop);
                // Refused only when the writer has stopped, on an error of
                // its own: that error is the one told.
                ready
                    .send((chunk, created))
                    .map_err(|_| StoreError::Io("the import stopped".into()))
            })
        });
        let mut wrote = Ok(());
        for (chunk, created) in to_write {
            wrote = batch::insert_new(
                rec.conn(),
                chunk
                    .iter()
                    .map(|item| (item, horizon(item), score::score(item, pol))),
            )
            .and_then(|()| created.map_or(Ok(()), |c| rec.record_created(c)));
            let _ = written.send(chunk);
            if wrote.is_err() {
                break;
            }
        }
        drop(written);
        let read = reader
            .join()
            .map_err(|_| StoreError::Io("reading the document's items failed".into()))?;
        wrote.and(read)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Snapshot;

    use crate::store::tests::ctx;

    fn items(n: i64, now: chrono::DateTime<chrono::Utc>) -> Vec<Item> {
        (1..=n)
            .map(|id| Item {
                id,
                ..Item::new(&format!("item {id}"), now)
            })
            .collect()
    }

    fn indexes(store: &Store) -> i64 {
        store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn an_item_failing_its_checks_after_chunks_were_written_leaves_the_backlog_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let c = ctx();
        let before = indexes(&store);
        let mut doc = Snapshot {
            items: items(CHUNK as i64 * 2 + 10, c.now),
            ..Snapshot::default()
        };
        // In the third chunk, after two were written.
        let last = doc.items.len() - 1;
        doc.items[last].id = 5;
        let err = store.import(&c, &doc).unwrap_err();
        assert_eq!(err.to_string(), "item id 5 appears twice in the file");
        assert!(store.is_empty().unwrap());
        assert_eq!(indexes(&store), before, "every index is back");
        // And the backlog takes the document once it is right.
        doc.items[last].id = last as i64 + 1;
        assert_eq!(store.import(&c, &doc).unwrap().items, doc.items.len());
        assert_eq!(indexes(&store), before);
    }

    #[test]
    fn an_import_that_finds_the_backlog_no_longer_empty_once_it_may_write_imports_beside_what_is_there(
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let c = ctx();
        let doc = Snapshot {
            items: items(3, c.now),
            ..Snapshot::default()
        };
        // As if another writer added an item between the import's first look
        // and its write lock.
        store
            .add_item(&c, Item::new("got in first", c.now))
            .unwrap();
        let r = store
            .import_fresh(&c, &doc, &doc.items, None)
            .map_err(|e| e.to_string());
        assert!(matches!(r, Ok(Fresh::NotEmpty(ref checks)) if checks.is_none()));
        assert_eq!(store.export().unwrap().items.len(), 1, "nothing written");
        let report = store.import_document(&c, &doc, &doc.items, false).unwrap();
        assert!(!report.kept_ids);
        let titles: Vec<String> = store
            .export()
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.title)
            .collect();
        assert_eq!(titles, ["got in first", "item 1", "item 2", "item 3"]);
    }
}

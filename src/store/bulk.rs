//! The whole backlog in and out: export, and import all or nothing.

use std::borrow::Cow;
use std::collections::HashMap;

use rusqlite::OptionalExtension;

use super::check::{check_document, Checked, ItemChecks};
use super::fresh::Fresh;
use super::record::{Kind, Recorder};
use super::{policy, rows, themes, Ctx, Result, Store, StoreError};
use crate::domain::{Action, Decision, Item, Policy, Theme};

/// Everything a backlog holds, as the native JSON format carries it.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// `None` when the document carries no policy.
    pub policy: Option<Policy>,
    pub themes: Vec<Theme>,
    pub items: Vec<Item>,
    pub decisions: Vec<Decision>,
    /// The actions the decisions belong to; when a document has none, each
    /// decision's action is taken as a change still in effect.
    pub actions: Vec<Action>,
}

/// The items of a document, read as often as an import needs them (once to
/// check, once to write), so that a large one need not be held in memory.
/// Shared with the thread an import into an empty backlog reads them on.
pub trait ItemSource: Sync {
    /// Calls `f` with every item, in the document's order.
    fn each(&self, f: &mut dyn FnMut(&Item) -> Result<()>) -> Result<()>;

    /// Calls `f` with the items, in the document's order, `n` at a time (the
    /// last time fewer): borrowed when the source holds them, else read for
    /// the call, so that a chunk can be handed to another thread either way.
    fn chunks<'s>(
        &'s self,
        n: usize,
        f: &mut dyn FnMut(Cow<'s, [Item]>) -> Result<()>,
    ) -> Result<()>;

    /// The items' checks, when the source made them as it first read the
    /// items (with the document's themes), so that checking is not another
    /// pass over them: the checks, or the first item that failed them. Given
    /// once; `None` after, and from a source that made none.
    fn checked(&self) -> Option<Result<ItemChecks>> {
        None
    }

    /// The reason `item`'s creation decision gives when it has one of its
    /// own (a tracker's word for its status); `None` gives the action's.
    fn why(&self, _item: &Item) -> Option<String> {
        None
    }
}

impl ItemSource for Vec<Item> {
    fn each(&self, f: &mut dyn FnMut(&Item) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(f)
    }

    fn chunks<'s>(
        &'s self,
        n: usize,
        f: &mut dyn FnMut(Cow<'s, [Item]>) -> Result<()>,
    ) -> Result<()> {
        self.as_slice()
            .chunks(n.max(1))
            .try_for_each(|c| f(Cow::Borrowed(c)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub items: usize,
    pub themes: usize,
    /// True when the backlog was empty and every id was kept.
    pub kept_ids: bool,
    /// Document id → new id, for items that got a new one.
    pub renumbered: Vec<(i64, i64)>,
    /// True when the document's policy was left out because the backlog had its own.
    pub policy_ignored: bool,
    /// Items left out because the backlog holds their source already:
    /// (id in the document, the backlog's item, the source).
    pub already: Vec<(i64, i64, String)>,
}

impl Store {
    /// The whole backlog, items and decisions by id.
    pub fn export(&self) -> Result<Snapshot> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {} FROM items ORDER BY id", rows::COLUMNS))?;
        let mut items: Vec<Item> = stmt
            .query_map([], rows::item_from_row)?
            .collect::<Result<_, _>>()?;
        rows::attach(&self.conn, &mut items)?;
        let decisions = self
            .conn
            .prepare(
                "SELECT id, action, at, by, item, field, old, new, why FROM decisions ORDER BY id",
            )?
            .query_map([], super::query::decision_from_row)?
            .collect::<Result<_, _>>()?;
        let actions = self
            .conn
            .prepare("SELECT id, at, by, kind, target, state, undone_by FROM actions ORDER BY id")?
            .query_map([], |r| {
                Ok(Action {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    kind: r.get(3)?,
                    target: r.get(4)?,
                    state: r.get(5)?,
                    undone_by: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Snapshot {
            actions,
            policy: Some(self.policy()?),
            themes: self.themes()?,
            items,
            decisions,
        })
    }

    /// Calls `f` with every item in id order, with its lists, one at a time (an
    /// export written as it is read).
    pub fn each_item<E: From<StoreError>>(
        &self,
        f: impl FnMut(&Item) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        rows::each(&self.conn, f)
    }

    /// Imports a document, all or nothing. Into an empty backlog ids and decisions
    /// are kept; otherwise items get new ids and the import is one recorded action.
    pub fn import(&mut self, ctx: &Ctx, doc: &Snapshot) -> Result<ImportReport> {
        self.import_document(ctx, doc, &doc.items, false)
    }

    /// Imports the document whose items are `items` (`doc.items` is not read):
    /// all or nothing, as [`Store::import`]. With `dry_run`, checks it and
    /// reports what would be imported, writing nothing.
    pub fn import_document(
        &mut self,
        ctx: &Ctx,
        doc: &Snapshot,
        items: &dyn ItemSource,
        dry_run: bool,
    ) -> Result<ImportReport> {
        // A big import is one transaction: give it a page cache that holds it
        // (up to 256 MiB), so pages are not spilled and re-read midway (an
        // import into an empty backlog sets its own, below).
        const CACHE: i64 = -262_144;
        let mut first = items.checked();
        if !dry_run && self.is_empty()? {
            match self.with_cache(CACHE, |store| store.import_fresh(ctx, doc, items, first))? {
                Fresh::Imported(report) => return Ok(report),
                // Another writer got in first: the backlog is empty no more.
                Fresh::NotEmpty(given_back) => first = *given_back,
            }
        }
        let checked = check_document(doc, items, first)?;
        if dry_run {
            return self.import_preview(doc, &checked);
        }
        self.with_cache(CACHE, |store| store.import_into(ctx, doc, items, &checked))
    }

    /// What [`Store::import`] would do with a checked document.
    fn import_preview(&self, doc: &Snapshot, checked: &Checked) -> Result<ImportReport> {
        if self.is_empty()? {
            return Ok(ImportReport {
                items: checked.ids.len(),
                themes: doc.themes.len(),
                kept_ids: true,
                renumbered: Vec::new(),
                policy_ignored: false,
                already: Vec::new(),
            });
        }
        let already = already_imported(&self.conn, checked)?;
        let mut themes = 0;
        for t in &doc.themes {
            if themes::named(&self.conn, &t.name)?.is_none() {
                themes += 1;
            }
        }
        Ok(ImportReport {
            items: checked.ids.len() - already.len(),
            themes,
            kept_ids: false,
            renumbered: Vec::new(),
            policy_ignored: doc.policy.is_some(),
            already: already
                .into_iter()
                .map(|(doc_id, (id, source))| (doc_id, id, source))
                .collect(),
        })
    }

    fn import_into(
        &mut self,
        ctx: &Ctx,
        doc: &Snapshot,
        items: &dyn ItemSource,
        checked: &Checked,
    ) -> Result<ImportReport> {
        let tx = self.write()?;
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let pol = policy::load(&tx)?;
        // Items whose source the backlog holds already are left out, and
        // references to them point at the backlog's item.
        let already = already_imported(&tx, checked)?;
        let mut rec = Recorder::new(&tx, ctx, Kind::Import);
        // Themes: one with the same name (in any case) is the same theme.
        let mut theme_ids: HashMap<i64, i64> = HashMap::new();
        let mut new_themes = 0;
        for t in &doc.themes {
            let id = if let Some(existing) = themes::named(&tx, &t.name)? {
                existing.id
            } else {
                let id: i64 =
                    tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM themes", [], |r| {
                        r.get(0)
                    })?;
                themes::save(&mut rec, None, &Theme { id, ..t.clone() })?;
                new_themes += 1;
                id
            };
            theme_ids.insert(t.id, id);
        }
        let base: i64 = {
            let a: i64 =
                tx.query_row("SELECT coalesce(max(id), 0) FROM items", [], |r| r.get(0))?;
            let b: i64 = tx.query_row("SELECT coalesce(max(item), 0) FROM decisions", [], |r| {
                r.get(0)
            })?;
            a.max(b)
        };
        let mut ids: HashMap<i64, i64> = already
            .iter()
            .map(|(doc_id, (id, _))| (*doc_id, *id))
            .collect();
        let mut next = base;
        for id in checked.ids.iter().filter(|i| !already.contains_key(i)) {
            next += 1;
            ids.insert(*id, next);
        }
        let map = |id: i64| ids.get(&id).copied().unwrap_or(id);
        let mut renumbered = Vec::new();
        items.each(&mut |item| {
            if already.contains_key(&item.id) {
                return Ok(());
            }
            let mut item = item.clone();
            renumbered.push((item.id, map(item.id)));
            item.id = map(item.id);
            item.parent = item.parent.map(map);
            item.duplicate_of = item.duplicate_of.map(map);
            item.blocked_by = item.blocked_by.iter().map(|b| map(*b)).collect();
            item.blocked_by.sort_unstable();
            item.theme = item.theme.and_then(|t| theme_ids.get(&t).copied());
            rec.save_item(&pol, None, item)?;
            Ok(())
        })?;
        tx.commit()?;
        let mut already: Vec<(i64, i64, String)> = already
            .into_iter()
            .map(|(doc_id, (id, source))| (doc_id, id, source))
            .collect();
        already.sort_unstable();
        Ok(ImportReport {
            items: renumbered.len(),
            themes: new_themes,
            kept_ids: false,
            renumbered,
            policy_ignored: doc.policy.is_some(),
            already,
        })
    }
}

/// The document's items whose source the backlog holds already: document id →
/// (the backlog's id, the source).
fn already_imported(
    conn: &rusqlite::Connection,
    checked: &Checked,
) -> Result<HashMap<i64, (i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM items WHERE source = ?1")?;
    let mut out = HashMap::new();
    for (doc_id, source) in &checked.sources {
        {
            if let Some(id) = stmt
                .query_row([source], |r| r.get::<_, i64>(0))
                .optional()?
            {
                out.insert(*doc_id, (id, source.clone()));
            }
        }
    }
    Ok(out)
}

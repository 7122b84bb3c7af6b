//! The first pass over a file through [`Spans`]: the outline and the items'
//! ids, as [`scan`](super::scan) reads them, and the items' checks as well
//! (see [`ItemSource::checked`](crate::store::ItemSource::checked)), so that
//! checking is not a pass of its own.
//!
//! The checks are made as the check pass would make them: item by item, and
//! the first failure kept. They are left to the pass after (none are made)
//! for an import that checks the items as it writes them, and where an item
//! has no id (its id is the file's largest plus its place among
//! those without one, known only at the end), and where the themes an item
//! names may come after it in the file.
//!
//! All on one thread: reading the items on a thread of their own, as the later
//! passes do, and checking them on another cost more time than it saved here,
//! checking being little work beside handing the items over.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::packed::Packed;
use super::{IdOnly, Scan, NOT_JSON};
use crate::io::json::{located_at, ItemDoc};
use crate::io::spans::{Halt, Next, Spans, Take, Visit};
use crate::store::{ItemChecks, StoreError};

/// Packed items held up to this size; beyond it, the passes after the first
/// read the file again.
const HELD: usize = 256 << 20;

/// What the first pass over a file found.
pub(super) struct First {
    pub(super) scan: Scan,
    /// The items' checks, if the pass made them.
    pub(super) checked: Option<Result<ItemChecks, StoreError>>,
    /// The items, when the pass checked them all and they fit in [`HELD`].
    pub(super) items: Option<Packed>,
}

/// The first pass over `file`, checking the items only when `check`.
pub(super) fn first_pass(
    file: std::fs::File,
    now: DateTime<Utc>,
    check: bool,
) -> Result<First, Halt<StoreError>> {
    let mut pass = FirstPass {
        scan: Scan::default(),
        now,
        checks: if check { Checks::Waiting } else { Checks::Left },
        themes_first: false,
        items: check.then(Packed::default),
        head: Head::Whole,
    };
    Spans::new(file).walk(&mut pass)?;
    let (checked, items) = match pass.checks {
        Checks::Making(checks) => (Some(Ok(*checks)), pass.items),
        Checks::Failed(e) => (Some(Err(e)), None),
        Checks::Waiting | Checks::Left => (None, None),
    };
    Ok(First {
        scan: pass.scan,
        checked,
        items,
    })
}

/// The outline of the document in `src` as far as its first item, and where
/// that item starts, the rest not read; or, with no item, the whole outline,
/// and `None`.
pub(super) fn head<R: std::io::Read>(
    src: R,
    now: DateTime<Utc>,
) -> Result<(Scan, Option<u64>), Halt<StoreError>> {
    let mut pass = FirstPass {
        scan: Scan::default(),
        now,
        checks: Checks::Left,
        themes_first: false,
        items: None,
        head: Head::Reading,
    };
    let walked = Spans::new(src).walk(&mut pass);
    match (walked, pass.head) {
        (Err(Halt::Value(_)), Head::AtItems(at)) => Ok((pass.scan, Some(at))),
        (Err(halt), _) => Err(halt),
        (Ok(()), _) => Ok((pass.scan, None)),
    }
}

/// Whether a pass reads the file whole or only its head.
enum Head {
    /// Whole.
    Whole,
    /// As far as the first item.
    Reading,
    /// The first item reached, this many bytes into the file: the pass
    /// stops there.
    AtItems(u64),
}

struct FirstPass {
    /// Stopped at the first item, for [`head`].
    head: Head,
    scan: Scan,
    now: DateTime<Utc>,
    checks: Checks,
    /// Whether the themes were read before the first item.
    themes_first: bool,
    /// The items checked, while they fit.
    items: Option<Packed>,
}

enum Checks {
    /// No item read yet.
    Waiting,
    Making(Box<ItemChecks>),
    /// An item failed them; the first.
    Failed(StoreError),
    /// Left to the check pass.
    Left,
}

impl FirstPass {
    /// Reads the next item, checking it while the checks are made.
    fn item<R: std::io::Read>(&mut self, next: &mut Next<'_, R>) -> Result<(), Halt<StoreError>> {
        let located = |e: &serde_json::Error, at| StoreError::Invalid(located_at(NOT_JSON, e, at));
        if let Head::Reading = self.head {
            self.head = Head::AtItems(next.offset());
            return Err(Halt::Value(StoreError::Io(
                "stopped at the first item".into(),
            )));
        }
        self.scan.count += 1;
        let Checks::Making(checks) = &mut self.checks else {
            let item: IdOnly = next.read(located)?;
            self.scan.max_id = self.scan.max_id.max(item.id.unwrap_or(0));
            return Ok(());
        };
        let doc: ItemDoc = match next.read(located) {
            Ok(doc) => doc,
            Err(Halt::Value(e)) => {
                // The item's id read alone is what the first pass reads: an
                // error there comes before any check's.
                let item: IdOnly = next.read(located)?;
                self.scan.max_id = self.scan.max_id.max(item.id.unwrap_or(0));
                self.checks = Checks::Failed(e);
                return Ok(());
            }
            Err(halt) => return Err(halt),
        };
        let Some(id) = doc.id else {
            self.checks = Checks::Left;
            return Ok(());
        };
        self.scan.max_id = self.scan.max_id.max(id);
        if doc.theme.is_some() && !self.themes_first {
            self.checks = Checks::Left;
            return Ok(());
        }
        let checked = doc
            .into_item(id, self.now)
            .map_err(StoreError::from)
            .and_then(|item| checks.item(&item).map(|()| item));
        match checked {
            Ok(item) => {
                if let Some(items) = &mut self.items {
                    items.push(&item);
                    if items.size() > HELD {
                        self.items = None;
                    }
                }
            }
            Err(e) => self.checks = Checks::Failed(e),
        }
        Ok(())
    }
}

impl Visit for FirstPass {
    type Error = StoreError;

    fn take(&mut self, key: &str) -> Take {
        // A key given twice counts the second time, as serde_json reads it.
        let o = &mut self.scan.outline;
        match key {
            "items" => {
                if matches!(self.checks, Checks::Waiting) {
                    let themes: HashSet<i64> = o.themes.iter().map(|t| t.id).collect();
                    self.checks = Checks::Making(Box::new(ItemChecks::new(themes)));
                }
                Take::Each
            }
            "themes" => {
                o.themes.clear();
                if matches!(self.checks, Checks::Waiting) {
                    self.themes_first = true;
                } else {
                    // Items before were checked against other themes.
                    self.checks = Checks::Left;
                }
                Take::Each
            }
            "decisions" => {
                o.decisions.clear();
                Take::Each
            }
            "actions" => {
                o.actions.clear();
                Take::Each
            }
            "version" | "policy" => Take::Whole,
            _ => Take::Skip,
        }
    }

    fn value<R: std::io::Read>(
        &mut self,
        key: &str,
        next: &mut Next<'_, R>,
    ) -> Result<(), Halt<StoreError>> {
        let located = |e: &serde_json::Error, at| StoreError::Invalid(located_at(NOT_JSON, e, at));
        let o = &mut self.scan.outline;
        match key {
            "items" => return self.item(next),
            "themes" => o.themes.push(next.read(located)?),
            "decisions" => o.decisions.push(next.read(located)?),
            "actions" => o.actions.push(next.read(located)?),
            "version" => o.version = next.read(located)?,
            _ => o.policy = next.read(located)?,
        }
        Ok(())
    }
}

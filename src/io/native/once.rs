//! An import into an empty backlog read in one pass where it can be (see
//! [`Checking::Once`]), and imported again as written where it cannot.

use std::path::Path;

use super::{Checking, NativeFile, HELD};
use crate::domain::DomainError;
use crate::store::{Ctx, ImportReport, Store, StoreError};

/// Why [`import`] refused a file: it is not a document it could read, or the
/// store refused what it holds.
#[derive(Debug)]
pub enum Refused {
    Read(DomainError),
    Store(StoreError),
}

/// Imports the native document at `path`, its items read as `checking` says,
/// as [`Store::import_document`] does. Read [`Checking::Once`], a file that
/// goes on past what its first pass read, or that is refused, is imported
/// again [`AsWritten`](Checking::AsWritten): what that says (the import, or
/// the first reason the file is refused) is what is told, whichever way the
/// file was read first.
pub fn import(
    store: &mut Store,
    ctx: &Ctx,
    path: &Path,
    checking: Checking,
    dry_run: bool,
) -> Result<ImportReport, Refused> {
    import_holding(store, ctx, path, checking, dry_run, HELD)
}

/// [`import`], holding files up to `held` bytes (see [`NativeFile::open_holding`]).
pub(super) fn import_holding(
    store: &mut Store,
    ctx: &Ctx,
    path: &Path,
    checking: Checking,
    dry_run: bool,
    held: u64,
) -> Result<ImportReport, Refused> {
    let mut import = |checking| {
        let (outline, file) =
            NativeFile::open_holding(path, ctx.now, checking, held).map_err(Refused::Read)?;
        let doc = crate::io::json::finish(outline).map_err(Refused::Read)?;
        store
            .import_document(ctx, &doc, &file, dry_run)
            .map_err(Refused::Store)
    };
    match import(checking) {
        Err(Refused::Read(_)) if checking == Checking::Once => import(Checking::AsWritten),
        Err(Refused::Store(e)) if checking == Checking::Once && e.is_bad_input() => {
            import(Checking::AsWritten)
        }
        done => done,
    }
}

/// Why an import read [`Checking::Once`] stopped: the file holds what its
/// outline before the items did not tell.
pub(super) const GOES_ON: &str = "the document goes on past what its first pass read";

/// How much of a file's end [`ends_with_items`] looks at.
pub(super) const TAIL: usize = 64 << 10;

/// Whether the last [`TAIL`] bytes of the file at `path` after its first
/// item, which starts `from` bytes in, are [`ends_with_items`].
pub(super) fn ends_with_items_at(path: &Path, from: u64) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let tail = std::fs::File::open(path).and_then(|mut f| {
        let len = f.metadata()?.len();
        f.seek(SeekFrom::Start(len.saturating_sub(TAIL as u64).max(from)))?;
        let mut tail = Vec::with_capacity(TAIL);
        f.read_to_end(&mut tail)?;
        Ok(tail)
    });
    tail.is_ok_and(|tail| ends_with_items(&tail))
}

/// Whether `tail`, the end of a file after its first item, names none of the
/// keys a document has besides its items (nor a decision's reason, which a
/// history ends with): then the file most likely ends with its items, and is
/// read [`Checking::Once`]. A guess that saves a pass over the file; a wrong
/// one costs the pass it meant to save, never a wrong import.
pub(super) fn ends_with_items(tail: &[u8]) -> bool {
    [
        "\"version\"",
        "\"policy\"",
        "\"themes\"",
        "\"decisions\"",
        "\"actions\"",
        "\"why\"",
    ]
    .iter()
    .all(|key| memchr::memmem::find(tail, key.as_bytes()).is_none())
}

//! Reading a native document a pass at a time: the items are handed over one by
//! one as they are read, so a document of a million items is never held whole
//! (neither its text nor its items). A large file is read once for the outline
//! and the items' ids, then once more for every pass over its items.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::json::{located_at, ItemDoc};
use super::spans::{Halt, Next, Spans, Take, Visit};
use crate::domain::{DomainError, Item};
use crate::store::{ItemChecks, ItemSource, StoreError};

use once::{ends_with_items, ends_with_items_at, GOES_ON};
pub use once::{import, Refused};
pub use walk::{each_item, scan, walk, Outline, Stop};
use walk::{read_items, IdOnly, Scan};

/// A native document on disk, its items read again on every pass: from
/// memory when the file is small enough to hold, else from the file.
pub struct NativeFile {
    text: Text,
    max_id: i64,
    now: DateTime<Utc>,
    /// The items' checks, made in the first pass over a file (see
    /// [`ItemSource::checked`]).
    checked: std::sync::Mutex<Option<Result<ItemChecks, StoreError>>>,
}

enum Text {
    /// The items, read once: the file was small enough. Reading stops at the
    /// first item that cannot be read, whose error every pass gives after the
    /// items before it, as a pass over a file read from disk does: so what a
    /// document is refused for first (that item, or the rules its themes or
    /// history break) does not depend on the file's size.
    Held(Vec<Item>, Option<DomainError>),
    /// The file's bytes, small enough to hold, its items read from them on
    /// every pass: an import that checks the items as it writes them reads
    /// them once, on the thread beside the writing, instead of before it.
    Bytes(Vec<u8>),
    /// The items read and checked in the first pass, packed.
    Packed(packed::Packed),
    /// The file, and whether its values are found by [`Spans`] (else it is
    /// read with `serde_json`'s reader alone).
    OnDisk(PathBuf, bool),
    /// The file, its items read in the one pass that writes them (see
    /// [`Checking::Once`]).
    Once(PathBuf),
    /// The file's bytes, small enough to hold, their items read in the one
    /// pass that writes them (by `serde_json` from the bytes, as
    /// [`Text::Bytes`] are).
    OnceHeld(Vec<u8>),
}

/// The items of files up to this size are read once and held (reading from
/// memory is about three times faster than from the file, and each pass after
/// the first costs nothing); larger files are read from the file on every
/// pass, so their size does not become memory.
const HELD: u64 = 64 << 20;

/// When an import checks a document's items, which decides what the first
/// pass over a file too large to hold reads of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checking {
    /// Before anything is written (a dry run, or an import into a backlog
    /// with items): the first pass reads the items whole and checks them, and
    /// keeps them packed for the pass that writes them.
    First,
    /// As they are written (an import into an empty backlog): the first pass
    /// reads only the items' ids, and the items are read whole once, beside
    /// the writing (see [`Store::import_document`](crate::store::Store::import_document)).
    AsWritten,
    /// As [`Checking::AsWritten`], with no first pass over the items when
    /// the file ends with them (as a document without history does): the
    /// outline before them is all there is, so the pass that writes them is
    /// the only one. Should that pass meet what the outline did not hold
    /// (anything but items after them, an item without an id, whose id
    /// depends on the ids after it), the import is refused with
    /// [`GOES_ON`], and [`import`] imports the file again
    /// [`AsWritten`](Checking::AsWritten).
    Once,
}

impl NativeFile {
    /// Reads the outline of the document at `path`.
    pub fn open(
        path: &Path,
        now: DateTime<Utc>,
        checking: Checking,
    ) -> Result<(Outline, NativeFile), DomainError> {
        Self::open_holding(path, now, checking, HELD)
    }

    /// [`NativeFile::open`], holding the items of files up to `held` bytes.
    fn open_holding(
        path: &Path,
        now: DateTime<Utc>,
        checking: Checking,
        held: u64,
    ) -> Result<(Outline, NativeFile), DomainError> {
        let cannot = |e: std::io::Error| {
            DomainError::invalid(format!("cannot read {}: {e}", path.display()))
        };
        let small = std::fs::metadata(path).map_err(cannot)?.len() <= held;
        if small {
            let bytes = std::fs::read(path).map_err(cannot)?;
            if checking == Checking::Once {
                let opened = once_head(&bytes[..], now, |from| {
                    let tail = bytes.len().saturating_sub(once::TAIL).max(from as usize);
                    ends_with_items(bytes.get(tail..).unwrap_or_default())
                })
                .map_err(|e| e.or_cannot(cannot))?;
                if let Some((outline, items)) = opened {
                    let text = if items {
                        Text::OnceHeld(bytes)
                    } else {
                        Text::Bytes(bytes)
                    };
                    return Ok((outline, NativeFile::once(text, now)));
                }
                // Else as written: the first pass reads the ids.
            }
            let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
            let scan = scan(serde_json::Deserializer::from_slice(b))?;
            if checking != Checking::First {
                return Ok((
                    scan.outline,
                    NativeFile {
                        text: Text::Bytes(bytes),
                        max_id: scan.max_id,
                        now,
                        checked: std::sync::Mutex::new(None),
                    },
                ));
            }
            let mut items = Vec::with_capacity(scan.count);
            let failed = each_item(
                serde_json::Deserializer::from_slice(b),
                scan.max_id,
                now,
                &mut |i| {
                    items.push(i);
                    Ok(())
                },
            )
            .err()
            .map(|e| match e {
                StoreError::Invalid(d) => d,
                other => DomainError::invalid(other.to_string()),
            });
            return Ok((
                scan.outline,
                NativeFile {
                    text: Text::Held(items, failed),
                    max_id: scan.max_id,
                    now,
                    checked: std::sync::Mutex::new(None),
                },
            ));
        }
        let file = std::fs::File::open(path).map_err(cannot)?;
        if checking == Checking::Once {
            let opened = once_head(file, now, |from| ends_with_items_at(path, from))
                .map_err(|e| e.or_cannot(cannot))?;
            if let Some((outline, items)) = opened {
                let text = if items {
                    Text::Once(path.to_path_buf())
                } else {
                    Text::OnDisk(path.to_path_buf(), true)
                };
                return Ok((outline, NativeFile::once(text, now)));
            }
            return Self::open_holding(path, now, Checking::AsWritten, held);
        }
        let (scan, text, checked) = match first::first_pass(file, now, checking == Checking::First)
        {
            Ok(first::First {
                scan,
                checked,
                items,
            }) => {
                let text = match items {
                    Some(items) => Text::Packed(items),
                    None => Text::OnDisk(path.to_path_buf(), true),
                };
                (scan, text, checked)
            }
            Err(Halt::Value(StoreError::Invalid(e))) => return Err(e),
            Err(Halt::Value(e)) => return Err(DomainError::invalid(e.to_string())),
            Err(Halt::Io(e)) => return Err(cannot(e)),
            // serde_json's reader says what is wrong, or reads what this did not follow.
            Err(Halt::Unfollowed) => (
                scan(serde_json::Deserializer::from_reader(reader(path)?))?,
                Text::OnDisk(path.to_path_buf(), false),
                None,
            ),
        };
        Ok((
            scan.outline,
            NativeFile {
                text,
                max_id: scan.max_id,
                now,
                checked: std::sync::Mutex::new(checked),
            },
        ))
    }

    /// A file read [`Checking::Once`]: its items (if any) read in the pass
    /// that writes them, after the largest id there is none of (an item
    /// without one stops that pass).
    fn once(text: Text, now: DateTime<Utc>) -> NativeFile {
        NativeFile {
            text,
            max_id: 0,
            now,
            checked: std::sync::Mutex::new(None),
        }
    }
}

/// Why a file's head could not be read [`Checking::Once`].
enum HeadError {
    /// Its reading failed.
    Io(std::io::Error),
    /// It is refused, for this reason.
    Refused(DomainError),
}

impl HeadError {
    fn or_cannot(self, cannot: impl Fn(std::io::Error) -> DomainError) -> DomainError {
        match self {
            HeadError::Io(e) => cannot(e),
            HeadError::Refused(e) => e,
        }
    }
}

/// The outline of a document read [`Checking::Once`] from `src`, as far as
/// its first item, and whether items follow: `None` when they do and `ends`
/// (given where the first item starts) says the document may not end with
/// them, so that the outline may not be whole. What the head does not follow
/// is refused with [`GOES_ON`], for the document to be read again
/// [`AsWritten`](Checking::AsWritten), whose first pass says what is wrong.
fn once_head<R: std::io::Read>(
    src: R,
    now: DateTime<Utc>,
    ends: impl FnOnce(u64) -> bool,
) -> Result<Option<(Outline, bool)>, HeadError> {
    match first::head(src, now) {
        Ok((scan, Some(from))) => Ok(ends(from).then_some((scan.outline, true))),
        // No item: the outline is whole.
        Ok((scan, None)) => Ok(Some((scan.outline, false))),
        Err(Halt::Value(StoreError::Invalid(_)) | Halt::Unfollowed) => {
            Err(HeadError::Refused(DomainError::invalid(GOES_ON)))
        }
        Err(Halt::Value(e)) => Err(HeadError::Refused(DomainError::invalid(e.to_string()))),
        Err(Halt::Io(e)) => Err(HeadError::Io(e)),
    }
}

/// The file, buffered, after a UTF-8 byte order mark if there is one.
fn reader(path: &Path) -> Result<std::io::BufReader<std::fs::File>, DomainError> {
    use std::io::BufRead;
    let file = std::fs::File::open(path)
        .map_err(|e| DomainError::invalid(format!("cannot read {}: {e}", path.display())))?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, file);
    let bom = r.fill_buf().is_ok_and(|b| b.starts_with(b"\xef\xbb\xbf"));
    if bom {
        r.consume(3);
    }
    // A `BufReader` itself, not wrapped: serde_json reads byte by byte, which
    // only a `BufReader` serves from its buffer without a call per byte.
    Ok(r)
}

const NOT_JSON: &str = "the file is not valid lanes JSON";

/// A pass over the items of a file through [`Spans`]: as [`each_item`].
struct ItemSpans<'f> {
    next: i64,
    now: DateTime<Utc>,
    f: &'f mut dyn FnMut(Item) -> Result<(), StoreError>,
    /// Read [`Checking::Once`]: whether the items were reached, and whether
    /// the walk met what the outline before them did not hold.
    once: Option<(bool, bool)>,
}

impl Visit for ItemSpans<'_> {
    type Error = StoreError;

    fn take(&mut self, key: &str) -> Take {
        let Some((reached, goes_on)) = &mut self.once else {
            return if key == "items" {
                Take::Each
            } else {
                Take::Skip
            };
        };
        // Before the items, the keys the first pass read; after them, any
        // key it would read (the items again too) is more than it read.
        match key {
            "items" if !*reached => {
                *reached = true;
                Take::Each
            }
            "items" | "themes" | "decisions" | "actions" | "version" | "policy" if *reached => {
                *goes_on = true;
                Take::Whole
            }
            _ => Take::Skip,
        }
    }

    fn value<R: std::io::Read>(
        &mut self,
        _: &str,
        next: &mut Next<'_, R>,
    ) -> Result<(), Halt<StoreError>> {
        let goes_on = || Halt::Value(StoreError::Invalid(DomainError::invalid(GOES_ON)));
        if matches!(self.once, Some((_, true))) {
            return Err(goes_on());
        }
        let d: ItemDoc = next.read(|e, at| StoreError::Invalid(located_at(NOT_JSON, e, at)))?;
        if self.once.is_some() && d.id.is_none() {
            return Err(goes_on());
        }
        let id = d.id.unwrap_or_else(|| {
            self.next += 1;
            self.next
        });
        d.into_item(id, self.now)
            .map_err(StoreError::from)
            .and_then(&mut *self.f)
            .map_err(Halt::Value)
    }
}

impl NativeFile {
    /// Reads the held bytes of the file once more, handing over each item;
    /// `once`, as the only pass over them (see [`Checking::Once`]).
    fn read_bytes(
        &self,
        bytes: &[u8],
        once: bool,
        f: &mut dyn FnMut(Item) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let max_id = (!once).then_some(self.max_id);
        read_items(serde_json::Deserializer::from_slice(b), max_id, self.now, f)
    }

    /// Reads the file once more, handing over each item.
    fn stream(
        &self,
        path: &Path,
        spans: bool,
        f: &mut dyn FnMut(Item) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if !spans {
            let r = reader(path).map_err(StoreError::Invalid)?;
            return each_item(
                serde_json::Deserializer::from_reader(r),
                self.max_id,
                self.now,
                f,
            );
        }
        let file = open(path)?;
        let mut given = 0_usize;
        let walked = self.walk_items(file, false, &mut |item| {
            given += 1;
            f(item)
        });
        match walked {
            Ok(()) => Ok(()),
            Err(Halt::Value(e)) => Err(e),
            Err(Halt::Io(e)) => Err(read_failed(&e)),
            // The first pass may have read only the items' ids, passing over
            // what reading an item whole does not follow (a byte that is not
            // UTF-8 in a string, say). As in the first pass, serde_json's
            // reader reads the file then, or says what is wrong with it: from
            // the start, the items handed over already passed over.
            Err(Halt::Unfollowed) => {
                let r = reader(path).map_err(StoreError::Invalid)?;
                let mut seen = 0_usize;
                each_item(
                    serde_json::Deserializer::from_reader(r),
                    self.max_id,
                    self.now,
                    &mut |item| {
                        seen += 1;
                        if seen > given {
                            f(item)
                        } else {
                            Ok(())
                        }
                    },
                )
            }
        }
    }

    /// Reads the items of the file at `path` in the only pass over them (see
    /// [`Checking::Once`]), handing over each.
    fn read_once(
        &self,
        path: &Path,
        f: &mut dyn FnMut(Item) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match self.walk_items(open(path)?, true, f) {
            Ok(()) => Ok(()),
            Err(Halt::Value(e)) => Err(e),
            Err(Halt::Io(e)) => Err(read_failed(&e)),
            // Read again as AsWritten, whose first pass says what is wrong.
            Err(Halt::Unfollowed) => Err(DomainError::invalid(GOES_ON).into()),
        }
    }

    /// Walks the document in `src` through [`Spans`], handing over each item;
    /// `once`, as the only pass over them.
    fn walk_items<R: std::io::Read>(
        &self,
        src: R,
        once: bool,
        f: &mut dyn FnMut(Item) -> Result<(), StoreError>,
    ) -> Result<(), Halt<StoreError>> {
        let mut items = ItemSpans {
            next: self.max_id,
            now: self.now,
            f,
            once: once.then_some((false, false)),
        };
        Spans::new(src).walk(&mut items)
    }
}

fn read_failed(e: &std::io::Error) -> StoreError {
    StoreError::Io(format!("reading the file failed: {e}"))
}

/// The file at `path`, opened to be read once more.
fn open(path: &Path) -> Result<std::fs::File, StoreError> {
    std::fs::File::open(path).map_err(|e| read_failed(&e))
}

impl ItemSource for NativeFile {
    fn checked(&self) -> Option<Result<ItemChecks, StoreError>> {
        self.checked.lock().ok()?.take()
    }

    fn each(&self, f: &mut dyn FnMut(&Item) -> Result<(), StoreError>) -> Result<(), StoreError> {
        match &self.text {
            Text::Held(items, failed) => {
                items.each(f)?;
                failed.clone().map_or(Ok(()), |e| Err(e.into()))
            }
            Text::Bytes(bytes) => self.read_bytes(bytes, false, &mut |item| f(&item)),
            Text::Packed(items) => items.each(&mut |item| f(&item)),
            Text::OnDisk(path, spans) => self.stream(path, *spans, &mut |item| f(&item)),
            Text::Once(path) => self.read_once(path, &mut |item| f(&item)),
            Text::OnceHeld(bytes) => self.read_bytes(bytes, true, &mut |item| f(&item)),
        }
    }

    fn chunks<'s>(
        &'s self,
        n: usize,
        f: &mut dyn FnMut(Cow<'s, [Item]>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let n = n.max(1);
        let mut chunk: Vec<Item> = Vec::with_capacity(n);
        let mut take = |item| {
            chunk.push(item);
            if chunk.len() >= n {
                f(Cow::Owned(std::mem::replace(
                    &mut chunk,
                    Vec::with_capacity(n),
                )))?;
            }
            Ok(())
        };
        match &self.text {
            Text::Held(items, None) => return items.chunks(n, f),
            Text::Held(items, Some(failed)) => {
                // As from disk: the chunk the failing item was to end is not given.
                for c in items.chunks_exact(n) {
                    f(Cow::Borrowed(c))?;
                }
                return Err(failed.clone().into());
            }
            Text::Bytes(bytes) => self.read_bytes(bytes, false, &mut take)?,
            Text::Packed(items) => items.each(&mut take)?,
            Text::OnDisk(path, spans) => self.stream(path, *spans, &mut take)?,
            Text::Once(path) => self.read_once(path, &mut take)?,
            Text::OnceHeld(bytes) => self.read_bytes(bytes, true, &mut take)?,
        }
        if chunk.is_empty() {
            Ok(())
        } else {
            f(Cow::Owned(chunk))
        }
    }
}

mod first;
mod once;
mod packed;
#[cfg(test)]
mod tests;
mod walk;

//! What a file is, told from its first bytes without opening it in SQLite: so
//! that a file lanes refuses is left exactly as it was, with no `-wal` or
//! `-shm` beside it.

use std::io::Read;
use std::path::Path;

use super::{StoreError, APPLICATION_ID};

/// What the first 100 bytes of an SQLite file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header {
    pub application_id: i64,
    pub user_version: i64,
    /// The size the header gives the database, in bytes, when it gives one.
    pub size: Option<u64>,
    /// True when the schema table holds nothing: an empty SQLite file.
    pub empty_schema: bool,
}

impl Header {
    pub(super) fn is_ours(&self) -> bool {
        self.application_id == APPLICATION_ID
    }
}

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Reads the header of the existing, non-empty file at `path`. A directory, a
/// file that cannot be read, and one that is not SQLite at all are told apart.
pub(super) fn read(path: &Path) -> Result<Header, StoreError> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
    if meta.is_dir() {
        return Err(StoreError::IsDirectory(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(StoreError::NotLanes(path.to_path_buf()));
    }
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
    // The header and the first page's b-tree header in one read: read apart,
    // a checkpoint by another process could come between them, and the two
    // halves would tell of two different files.
    let mut bytes = [0u8; 108];
    let mut got = 0;
    while got < bytes.len() {
        match file.read(&mut bytes[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(unreadable(path, &e)),
        }
    }
    if got < 100 || &bytes[..16] != MAGIC {
        return Err(StoreError::NotLanes(path.to_path_buf()));
    }
    let be32 =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The page count is valid only when written by the same change as the header.
    let pages = u64::from(be32(28));
    let size = (be32(92) == be32(24) && pages > 0).then_some(pages * page_size);
    // Page 1 is the schema table's root; a leaf (type 13) with no cells holds
    // no table, index or view.
    let page = &bytes[100..];
    let empty_schema =
        pages <= 1 && got == bytes.len() && page[0] == 13 && page[3] == 0 && page[4] == 0;
    Ok(Header {
        application_id: i64::from(be32(68) as i32),
        user_version: i64::from(be32(60) as i32),
        size,
        empty_schema,
    })
}

/// A file lanes may not read is a fault of the machine, not of the input.
pub(super) fn unreadable(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Unreadable {
        path: path.to_path_buf(),
        why: match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission denied".into(),
            _ => e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_sqlite_is_refused_as_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(
            &path,
            "just some notes, long enough to fill a header ".repeat(4),
        )
        .unwrap();
        assert!(matches!(read(&path), Err(StoreError::NotLanes(_))));
        std::fs::write(&path, "short").unwrap();
        assert!(matches!(read(&path), Err(StoreError::NotLanes(_))));
    }

    #[test]
    fn a_directory_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read(dir.path()), Err(StoreError::IsDirectory(_))));
    }
}

//! Writing a whole file that a person asked for (`-o FILE`, meeting notes):
//! never over the backlog itself, and never half written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::{beside, BESIDE};

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The path is the open backlog or one of SQLite's files beside it.
    #[error("{} is the open backlog {}; writing there would destroy it, so nothing was written — choose another file", .path.display(), .what)]
    Backlog { path: PathBuf, what: String },
    #[error("cannot write {}: {why}", .path.display())]
    Io { path: PathBuf, why: String },
}

impl WriteError {
    /// True when the path given was at fault, not the machine.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, WriteError::Backlog { .. })
    }
}

/// The files SQLite keeps for the database at `db`: the file itself and the
/// ones beside it, as canonical paths, each with what it is to the backlog.
fn backlog_files(db: &Path) -> Vec<(PathBuf, &'static str)> {
    let Ok(db) = std::fs::canonicalize(db) else {
        return Vec::new();
    };
    let mut files = vec![(db.clone(), "")];
    files.extend(BESIDE.iter().map(|suffix| {
        let what = match *suffix {
            "-wal" => " (its write-ahead log)",
            "-shm" => " (its shared-memory index)",
            _ => " (its rollback journal)",
        };
        (beside(&db, suffix), what)
    }));
    files
}

/// Whether `path` is the backlog at `db` or a file SQLite keeps beside it
/// (compared as canonical paths).
pub fn is_backlog_file(path: &Path, db: &Path) -> bool {
    resolve(path).is_some_and(|target| backlog_files(db).iter().any(|(f, _)| *f == target))
}

/// Where `path` really leads: through symbolic links and `..`, whether or not
/// the file exists yet.
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(name))
}

/// Writes `bytes` to `path` through a new file with a random name in the same
/// directory, flushed to disk, then renamed over `path`: a crash leaves the old
/// file or the new one, never half of either. Refuses a `path` that is the
/// backlog at `db` or a file SQLite keeps beside it (compared as canonical
/// paths, so `./b.db` and a symbolic link to it count).
pub fn write_whole(path: &Path, bytes: &[u8], db: &Path) -> Result<(), WriteError> {
    let mut file = Whole::create(path, db)?;
    file.tmp.write_all(bytes).map_err(|e| file.error(&e))?;
    file.commit()
}

/// A file that [`write_whole`] writes, written as it goes: the text need not
/// be held in memory. Nothing is at `path` until [`Whole::commit`]; dropped
/// before, it leaves nothing behind.
#[derive(Debug)]
pub struct Whole {
    path: PathBuf,
    target: PathBuf,
    tmp: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl Whole {
    /// Checks `path` as [`write_whole`] does and opens the new file beside it.
    pub fn create(path: &Path, db: &Path) -> Result<Whole, WriteError> {
        let io = |e: std::io::Error| WriteError::Io {
            path: path.to_path_buf(),
            why: e.to_string(),
        };
        let target = resolve(path).ok_or_else(|| WriteError::Io {
            path: path.to_path_buf(),
            why: "its directory does not exist".into(),
        })?;
        if let Some((_, what)) = backlog_files(db).into_iter().find(|(f, _)| *f == target) {
            let what = if what.is_empty() {
                "itself".to_string()
            } else {
                format!("file{what}")
            };
            return Err(WriteError::Backlog {
                path: path.to_path_buf(),
                what,
            });
        }
        if target.is_dir() {
            return Err(WriteError::Io {
                path: path.to_path_buf(),
                why: "it is a directory".into(),
            });
        }
        let dir = target.parent().unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".lanes-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(io)?;
        Ok(Whole {
            path: path.to_path_buf(),
            target,
            tmp: std::io::BufWriter::with_capacity(64 * 1024, tmp),
        })
    }

    fn error(&self, e: &std::io::Error) -> WriteError {
        WriteError::Io {
            path: self.path.clone(),
            why: e.to_string(),
        }
    }

    /// Flushes the new file to disk and renames it over the path.
    pub fn commit(self) -> Result<(), WriteError> {
        let io = |e: std::io::Error| WriteError::Io {
            path: self.path.clone(),
            why: e.to_string(),
        };
        let tmp = self.tmp.into_inner().map_err(|e| io(e.into_error()))?;
        tmp.as_file().sync_all().map_err(io)?;
        // Keep an existing file's permissions; a new one gets the usual 0644 less
        // the umask, not the temporary file's 0600.
        let mode = std::fs::metadata(&self.target)
            .map(|m| m.permissions())
            .ok();
        if let Some(mode) = mode {
            std::fs::set_permissions(tmp.path(), mode).map_err(io)?;
        } else {
            set_default_mode(tmp.path()).map_err(io)?;
        }
        tmp.persist(&self.target).map_err(|e| io(e.error))?;
        // The rename itself reaches the disk with its directory.
        let dir = self.target.parent().unwrap_or(Path::new("."));
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Errors say which file could not be written, as [`WriteError::Io`] does.
impl Write for Whole {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp
            .write(buf)
            .map_err(|e| std::io::Error::new(e.kind(), self.error(&e).to_string()))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp
            .flush()
            .map_err(|e| std::io::Error::new(e.kind(), self.error(&e).to_string()))
    }
}

#[cfg(unix)]
fn set_default_mode(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // What a plain `create` would give under the usual umask of 022.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_mode(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backlog_and_its_companions_are_refused_by_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("b.db");
        std::fs::write(&db, "the backlog").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&db, &link).unwrap();
        let dotted = dir.path().join(".").join("b.db");
        let wal = dir.path().join("b.db-wal");
        for path in [&db, &link, &dotted, &wal] {
            let err = write_whole(path, b"{}", &db).unwrap_err();
            assert!(err.is_bad_input(), "{path:?}: {err}");
        }
        assert_eq!(std::fs::read_to_string(&db).unwrap(), "the backlog");
        assert!(!wal.exists());
    }

    #[test]
    fn a_file_is_replaced_whole_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("b.db");
        let out = dir.path().join("out.json");
        std::fs::write(&out, "old").unwrap();
        write_whole(&out, b"new", &db).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_file_written_as_it_goes_is_there_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("b.db");
        std::fs::write(&db, "the backlog").unwrap();
        let out = dir.path().join("out.csv");
        std::fs::write(&out, "old").unwrap();
        let mut file = Whole::create(&out, &db).unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        let mut file = Whole::create(&out, &db).unwrap();
        file.write_all(b"one, ").unwrap();
        file.write_all(b"two").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "one, two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        assert!(Whole::create(&db, &db).unwrap_err().is_bad_input());
    }
}

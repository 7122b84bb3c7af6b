//! Reading a file to import: only a regular file of at most 1 GiB, refused
//! before a byte is read otherwise.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The largest file `lanes import` reads.
pub const MAX_IMPORT: u64 = 1 << 30;

/// Why a file could not be read: the user's doing (bad input) or the machine's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("{0}")]
    Bad(String),
    #[error("{0}")]
    Failed(String),
}

/// The bytes of the file at `path`, refusing a directory, a device, a pipe or
/// a file over [`MAX_IMPORT`] before reading it.
pub fn read_import(path: &Path) -> Result<Vec<u8>, FileError> {
    let shown = path.display();
    let failed = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => FileError::Bad(format!("there is no file {shown}")),
        std::io::ErrorKind::PermissionDenied => {
            FileError::Failed(format!("cannot read {shown}: permission denied"))
        }
        _ => FileError::Failed(format!("cannot read {shown}: {e}")),
    };
    // Looked at before opening: opening a pipe would wait for a writer.
    check(path, &std::fs::metadata(path).map_err(failed)?)?;
    let file = std::fs::File::open(path).map_err(failed)?;
    // And again on what was opened, should the path have changed meanwhile.
    let meta = file.metadata().map_err(failed)?;
    check(path, &meta)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_IMPORT + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > MAX_IMPORT {
        return Err(too_big(path));
    }
    Ok(bytes)
}

/// The first `n` bytes of the file at `path`, after the same checks as
/// [`read_import`].
pub fn peek(path: &Path, n: usize) -> Result<Vec<u8>, FileError> {
    let shown = path.display();
    let failed = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => FileError::Bad(format!("there is no file {shown}")),
        std::io::ErrorKind::PermissionDenied => {
            FileError::Failed(format!("cannot read {shown}: permission denied"))
        }
        _ => FileError::Failed(format!("cannot read {shown}: {e}")),
    };
    check(path, &std::fs::metadata(path).map_err(failed)?)?;
    let file = std::fs::File::open(path).map_err(failed)?;
    check(path, &file.metadata().map_err(failed)?)?;
    let mut bytes = Vec::with_capacity(n);
    file.take(n as u64)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    Ok(bytes)
}

fn check(path: &Path, meta: &std::fs::Metadata) -> Result<(), FileError> {
    if meta.is_dir() {
        return Err(FileError::Bad(format!(
            "{} is a directory, not a file to import",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(FileError::Bad(format!(
            "{} is not a regular file (a device, a pipe or a socket); lanes imports regular files only",
            path.display()
        )));
    }
    if meta.len() > MAX_IMPORT {
        return Err(too_big(path));
    }
    Ok(())
}

fn too_big(path: &Path) -> FileError {
    FileError::Bad(format!(
        "{} is larger than 1 GiB, more than lanes imports",
        path.display()
    ))
}

/// A path as typed, with a leading `~` read as the home directory.
pub fn expand_home(typed: &str, home: Option<&Path>) -> PathBuf {
    let t = typed.trim();
    match (t.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_tilde_is_the_home_directory() {
        let home = Path::new("/home/ana");
        assert_eq!(
            expand_home("~/x.csv", Some(home)),
            PathBuf::from("/home/ana/x.csv")
        );
        assert_eq!(expand_home(" ~ ", Some(home)), PathBuf::from("/home/ana"));
        assert_eq!(expand_home("~bob/x", Some(home)), PathBuf::from("~bob/x"));
        assert_eq!(expand_home("a/~/b", Some(home)), PathBuf::from("a/~/b"));
        assert_eq!(expand_home("~/x", None), PathBuf::from("~/x"));
    }

    #[test]
    fn directories_devices_and_pipes_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_import(dir.path()).unwrap_err();
        assert!(
            matches!(&e, FileError::Bad(m) if m.ends_with("is a directory, not a file to import")),
            "{e}"
        );
        let e = read_import(Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(&e, FileError::Bad(m) if m.contains("not a regular file")),
            "{e}"
        );
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_import(&fifo).unwrap_err();
            assert!(
                matches!(&e, FileError::Bad(m) if m.contains("not a regular file")),
                "{e}"
            );
        }
        let e = read_import(&dir.path().join("nope")).unwrap_err();
        assert!(
            matches!(&e, FileError::Bad(m) if m.starts_with("there is no file")),
            "{e}"
        );
    }
}

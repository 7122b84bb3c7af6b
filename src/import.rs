//! The import pipeline the CLI and the TUI share: a file's bytes, read as its
//! format by a parser in `io`, applied by the store as one action, told back
//! as one summary.

use std::path::Path;

use serde_json::{json, Value};

use crate::io::input::{peek, read_import, FileError};
use crate::io::native::{self, Checking, Refused};
use crate::io::{Batch, Format, Note, Options, Read};
use crate::store::Snapshot;

/// A file read for import: a native document streamed from its file (or held
/// whole), or a batch of a tracker's records.
enum Streamed {
    /// Read from its file as the import goes, checked as this says.
    Native(Checking),
    Whole(Box<Snapshot>),
    Batch(Batch),
}
use crate::store::{Ctx, Store, StoreError};

/// What an import did, or in a dry run would do (DESIGN.md section 12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub file: String,
    pub format: Format,
    pub dry_run: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: Vec<Note>,
    pub warnings: Vec<Note>,
    /// A native document only: themes added, ids kept, ids given, policy left out.
    pub native: Option<Native>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Native {
    pub themes: usize,
    pub kept_ids: bool,
    pub renumbered: Vec<(i64, i64)>,
    pub policy_ignored: bool,
}

/// Why an import failed: the file's fault (exit 2) or the machine's (exit 1).
/// Nothing was written either way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Bad(String),
    #[error("{0}")]
    Failed(String),
}

impl From<FileError> for ImportError {
    fn from(e: FileError) -> Self {
        match e {
            FileError::Bad(m) => ImportError::Bad(m),
            FileError::Failed(m) => ImportError::Failed(m),
        }
    }
}

/// Imports the file at `path`. `ctx.why`, when empty, becomes "imported from
/// FILE", so every decision names the file.
pub fn run(
    store: &mut Store,
    ctx: &Ctx,
    path: &Path,
    opts: &Options,
    dry_run: bool,
) -> Result<Summary, ImportError> {
    let shown = path.display().to_string();
    // Checked before the file is opened: a handle of this process on the
    // backlog's own file, once closed, would drop the locks SQLite holds on it.
    if crate::io::file::is_backlog_file(path, store.path()) {
        return Err(ImportError::Bad(format!(
            "{shown} is this backlog's own database file; to copy a backlog, `lanes export` it and import what that writes"
        )));
    }
    let bad = |e: crate::domain::DomainError| ImportError::Bad(format!("{shown}: {e}"));
    // A native document is read from the file a pass at a time; anything else
    // is read whole, then parsed.
    let head = peek(path, 1 << 16)?;
    let native = match opts.format {
        Some(f) => f == Format::Json,
        None => crate::io::detect(&head).is_ok_and(|f| f == Format::Json),
    };
    let read = if native {
        if opts.map.is_some() {
            return Err(ImportError::Bad(format!(
                "{shown}: --map is for Jira, GitHub and Taskwarrior exports; a lanes document needs none"
            )));
        }
        let start = head
            .iter()
            .find(|b| !b.is_ascii_whitespace() && **b != 0xef && **b != 0xbb && **b != 0xbf);
        if start == Some(&b'[') {
            return Err(bad(crate::domain::DomainError::invalid(
                "the file is a JSON array, not a lanes document; a lanes document is an object like {\"version\": 1, \"items\": [...]}",
            )));
        }
        // Checked as written into an empty backlog, else before.
        let empty = store
            .is_empty()
            .map_err(|e| ImportError::Failed(e.to_string()))?;
        Streamed::Native(if empty && !dry_run {
            Checking::Once
        } else {
            Checking::First
        })
    } else {
        let bytes = read_import(path)?;
        match crate::io::read(&bytes, opts, ctx.now).map_err(bad)? {
            Read::Batch(b) => Streamed::Batch(b),
            Read::Native(doc) => Streamed::Whole(doc),
        }
    };
    let mut ctx = ctx.clone();
    if ctx.why.trim().is_empty() {
        ctx.why = format!("imported from {shown}");
    }
    let store_error = |e: StoreError| {
        if e.is_bad_input() {
            ImportError::Bad(format!("{shown}: {e}"))
        } else {
            ImportError::Failed(e.to_string())
        }
    };
    let r = match read {
        Streamed::Native(checking) => {
            native::import(store, &ctx, path, checking, dry_run).map_err(|e| match e {
                Refused::Read(e) => bad(e),
                Refused::Store(e) => store_error(e),
            })
        }
        Streamed::Whole(doc) => store
            .import_document(&ctx, &doc, &doc.items, dry_run)
            .map_err(store_error),
        Streamed::Batch(batch) => {
            let r = store
                .import_batch(&ctx, &batch, dry_run)
                .map_err(store_error)?;
            let mut warnings = batch.warnings;
            warnings.extend(r.warnings);
            return Ok(Summary {
                file: shown,
                format: batch.format,
                dry_run,
                created: r.created,
                updated: r.updated,
                unchanged: r.unchanged,
                skipped: batch.skipped,
                warnings,
                native: None,
            });
        }
    }?;
    Ok(Summary {
        file: shown,
        format: Format::Json,
        dry_run,
        created: r.items,
        updated: 0,
        unchanged: r.already.len(),
        skipped: Vec::new(),
        warnings: r
            .already
            .iter()
            .map(|(doc_id, id, source)| Note {
                record: format!("#{doc_id}"),
                why: format!("{source} is in the backlog already as #{id}; left out"),
            })
            .collect(),
        native: Some(Native {
            themes: r.themes,
            kept_ids: r.kept_ids,
            renumbered: r.renumbered,
            policy_ignored: r.policy_ignored,
        }),
    })
}

impl Summary {
    /// True when the import wrote something (one action, which undo reverts).
    pub fn changed(&self) -> bool {
        !self.dry_run && (self.created > 0 || self.updated > 0)
    }

    /// One line: the counts and the format.
    pub fn headline(&self) -> String {
        let counts = format!(
            "{} created, {} updated, {} unchanged, {} skipped, {} warning{}",
            self.created,
            self.updated,
            self.unchanged,
            self.skipped.len(),
            self.warnings.len(),
            if self.warnings.len() == 1 { "" } else { "s" }
        );
        if self.dry_run {
            format!(
                "Dry run of {} as {} ({}), nothing written: {counts}.",
                self.file,
                self.format,
                self.format.tracker()
            )
        } else {
            format!(
                "Imported {} as {} ({}): {counts}.",
                self.file,
                self.format,
                self.format.tracker()
            )
        }
    }

    /// The headline, then the first `shown` skipped and warned records with
    /// their reasons, for people.
    pub fn lines(&self, shown: usize) -> Vec<String> {
        let mut out = vec![self.headline()];
        if let Some(n) = &self.native {
            if n.themes > 0 {
                out.push(format!("Themes added: {}.", n.themes));
            }
            if !self.dry_run && self.created > 0 {
                out.push(if n.kept_ids {
                    "Ids kept as in the file.".to_string()
                } else {
                    "Items got new ids (one action: `lanes undo` removes them).".to_string()
                });
            }
            if n.policy_ignored {
                out.push("The file's policy was not applied: this backlog keeps its own (see `lanes policy show`).".into());
            }
        } else if self.changed() {
            out.push("One action: `lanes undo` reverts it.".into());
        }
        for (what, notes) in [("Skipped", &self.skipped), ("Warnings", &self.warnings)] {
            if notes.is_empty() {
                continue;
            }
            out.push(format!("{what}:"));
            for n in notes.iter().take(shown) {
                out.push(format!("  {}: {}", n.record, n.why));
            }
            if notes.len() > shown {
                out.push(format!(
                    "  … and {} more (`--json` lists them all)",
                    notes.len() - shown
                ));
            }
        }
        out
    }

    /// The `--json` summary.
    pub fn to_json(&self) -> Value {
        let notes = |v: &[Note]| -> Vec<Value> {
            v.iter()
                .map(|n| json!({"record": n.record, "why": n.why}))
                .collect()
        };
        let mut out = json!({
            "format": self.format.as_str(),
            "file": self.file,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": notes(&self.skipped),
            "warnings": notes(&self.warnings),
        });
        if let (Some(n), Some(obj)) = (&self.native, out.as_object_mut()) {
            obj.insert("themes".into(), n.themes.into());
            obj.insert("kept_ids".into(), n.kept_ids.into());
            obj.insert(
                "renumbered".into(),
                n.renumbered
                    .iter()
                    .map(|(a, b)| json!({"from": a, "to": b}))
                    .collect::<Vec<_>>()
                    .into(),
            );
            obj.insert("policy_ignored".into(), n.policy_ignored.into());
        }
        out
    }
}

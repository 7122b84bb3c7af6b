//! Which format a file is, from its content, and reading it in that format.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::batch::{Batch, Format};
use super::mapping::Map;
use super::{github, jira_csv, json, taskwarrior};
use crate::domain::DomainError;
use crate::store::Snapshot;

/// A file read: a native document keeps its ids and history; anything else is
/// a batch of records.
#[derive(Debug)]
pub enum Read {
    Native(Box<Snapshot>),
    Batch(Batch),
}

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `None`: recognised from the content.
    pub format: Option<Format>,
    /// The text of a `--map` file.
    pub map: Option<String>,
    /// `OWNER/NAME` for GitHub files that do not say.
    pub repo: Option<String>,
}

/// Recognises the format from the content: a lanes document, a Taskwarrior
/// export (array or one object per line), a GitHub issues array, a Jira CSV.
pub fn detect(bytes: &[u8]) -> Result<Format, DomainError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let rest = &bytes[start..];
    let unknown = || {
        DomainError::invalid(
            "the file is none of the formats lanes reads (a lanes JSON document, a Jira CSV export, a GitHub issues array, a Taskwarrior export); name one with --format",
        )
    };
    match rest.first() {
        None => Err(DomainError::invalid("the file is empty")),
        Some(b'{') => {
            // One task per line is Taskwarrior; anything else is a document.
            let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let line = &rest[..line_end.min(1 << 16)];
            let first: Option<Value> = serde_json::from_slice(line).ok();
            if first.as_ref().is_some_and(is_task) {
                Ok(Format::Taskwarrior)
            } else {
                Ok(Format::Json)
            }
        }
        Some(b'[') => {
            let mut stream = serde_json::Deserializer::from_slice(&rest[1..]).into_iter::<Value>();
            match stream.next() {
                Some(Ok(v)) if is_task(&v) => Ok(Format::Taskwarrior),
                Some(Ok(v)) if v.get("number").is_some() => Ok(Format::Github),
                Some(Ok(_)) => Err(DomainError::invalid(
                    "the file is a JSON array of neither GitHub issues nor Taskwarrior tasks; name its format with --format",
                )),
                // `[]`, or `]` read as the end: nothing to tell it by.
                _ if rest[1..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b']') => {
                    Err(DomainError::invalid(
                        "the file is an empty JSON array; name its format with --format to import nothing",
                    ))
                }
                _ => Err(DomainError::invalid(
                    "the file starts like JSON but its first entry cannot be read; name its format with --format to see where",
                )),
            }
        }
        Some(_) => {
            if jira_csv::looks_like(&jira_csv::decode(&rest[..rest.len().min(1 << 20)])) {
                Ok(Format::JiraCsv)
            } else {
                Err(unknown())
            }
        }
    }
}

fn is_task(v: &Value) -> bool {
    v.get("uuid").is_some() && (v.get("description").is_some() || v.get("status").is_some())
}

/// Reads `bytes` as `opts.format`, or as the format recognised.
pub fn read(bytes: &[u8], opts: &Options, now: DateTime<Utc>) -> Result<Read, DomainError> {
    let format = match opts.format {
        Some(f) => f,
        None => detect(bytes)?,
    };
    let map = || match &opts.map {
        Some(text) => Map::with_file(format, text),
        None => Ok(Map::defaults(format)),
    };
    let batch = match format {
        Format::Json => {
            if opts.map.is_some() {
                return Err(DomainError::invalid(
                    "--map is for Jira, GitHub and Taskwarrior exports; a lanes document needs none",
                ));
            }
            let text = std::str::from_utf8(bytes).map_err(|_| {
                DomainError::invalid("the file is not UTF-8 text, so it is not lanes JSON")
            })?;
            return json::parse(text, now).map(|s| Read::Native(Box::new(s)));
        }
        Format::JiraCsv => jira_csv::parse(bytes, &map()?, now)?,
        Format::Github => github::parse(bytes, &map()?, opts.repo.as_deref(), now)?,
        Format::Taskwarrior => taskwarrior::parse(bytes, &map()?, now)?,
    };
    let mut batch = batch;
    unknown_finishes(&mut batch);
    Ok(Read::Batch(batch))
}

/// Says once how many finished records carry no time they were finished (a
/// Jira export without Resolved or Updated, `gh` output without `closedAt`):
/// their finish stays unknown, so flow metrics leave them out.
fn unknown_finishes(batch: &mut Batch) {
    let n = batch
        .records
        .iter()
        .filter(|r| !r.item.status.is_open() && r.item.finished.is_none())
        .count();
    if n > 0 {
        let (items, have, were, object) = if n == 1 {
            ("item", "has", "it was", "it")
        } else {
            ("items", "have", "they were", "them")
        };
        batch.warnings.insert(
            0,
            crate::io::batch::Note {
                record: "the file".into(),
                why: format!(
                    "{n} finished {items} {have} no date {were} finished (no resolution, close or update time); lead time and throughput leave {object} out"
                ),
            },
        );
    }
}

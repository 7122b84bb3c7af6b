//! The one shape every tracker's export is read into: a batch of records, each
//! an item as the tracker describes it with its foreign references, plus what
//! was skipped and what needed mapping. Parsers build it from bytes alone; the
//! store applies it as one action, matching records to items on `source`.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::domain::Item;

/// The formats `lanes import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    JiraCsv,
    Github,
    Taskwarrior,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Json,
        Format::JiraCsv,
        Format::Github,
        Format::Taskwarrior,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::JiraCsv => "jira-csv",
            Format::Github => "github",
            Format::Taskwarrior => "taskwarrior",
        }
    }

    /// The tracker's name in sentences.
    pub fn tracker(self) -> &'static str {
        match self {
            Format::Json => "lanes",
            Format::JiraCsv => "Jira",
            Format::Github => "GitHub",
            Format::Taskwarrior => "Taskwarrior",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A record the summary names, and why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// A CSV line number or Jira key, a GitHub number, a Taskwarrior uuid.
    pub record: String,
    pub why: String,
}

/// One item as the tracker describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// How the summary names it (`SR-12`, `#48213`, a uuid).
    pub name: String,
    /// The item: `source` always set, `id` 0, `parent` and `blocked_by` empty
    /// (they are the references below, resolved when the batch is applied).
    /// Lane, severity and effort are what a first import gives it.
    pub item: Item,
    /// The parent's source (`jira:SR-3`).
    pub parent: Option<String>,
    /// The blockers' sources.
    pub blocked_by: Vec<String>,
    /// The tracker's own word for a declined status (`Won't Do`), for the reason.
    pub status_word: Option<String>,
}

/// A whole export, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub format: Format,
    pub records: Vec<Record>,
    pub skipped: Vec<Note>,
    pub warnings: Vec<Note>,
}

impl Batch {
    pub fn new(format: Format) -> Batch {
        Batch {
            format,
            records: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn skip(&mut self, record: impl Into<String>, why: impl Into<String>) {
        self.skipped.push(Note {
            record: record.into(),
            why: why.into(),
        });
    }

    pub fn warn(&mut self, record: impl Into<String>, why: impl Into<String>) {
        self.warnings.push(Note {
            record: record.into(),
            why: why.into(),
        });
    }

    /// A tracker's date or time as lanes reads it (`parse_foreign_time`); one
    /// it cannot read is left out, with a warning on `record`.
    pub fn time(&mut self, record: &str, text: Option<&str>) -> Option<DateTime<Utc>> {
        let t = text.filter(|t| !t.is_empty())?;
        let parsed = crate::domain::dates::parse_foreign_time(t);
        if parsed.is_none() {
            self.warn(record, format!("'{t}' is not a date lanes reads; left out"));
        }
        parsed
    }

    /// Adds a record unless the item breaks a rule or its source was seen
    /// already in this file; either is skipped and listed.
    pub fn push(&mut self, record: Record, seen: &mut HashSet<String>) {
        if let Some(record) = self.valid(record) {
            self.push_unique(record, seen);
        }
    }

    /// The record, unless its item breaks a rule: then it is skipped and listed.
    pub fn valid(&mut self, record: Record) -> Option<Record> {
        match record.item.validate() {
            Ok(()) => Some(record),
            Err(e) => {
                self.skip(record.name, e.to_string());
                None
            }
        }
    }

    /// Adds a valid record unless its source was seen already in this file;
    /// then it is skipped and listed.
    pub fn push_unique(&mut self, record: Record, seen: &mut HashSet<String>) {
        let source = record.item.source.clone().unwrap_or_default();
        if !seen.insert(source.clone()) {
            self.skip(
                record.name,
                format!("{source} appears earlier in the file; this copy was left out"),
            );
            return;
        }
        self.records.push(record);
    }
}

//! Jira's CSV export (all fields or current fields), English or Spanish: a BOM,
//! CRLF, cells over several lines and repeated columns are all normal, and a
//! file that is not UTF-8 is read as Windows-1252.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use csv::StringRecord;

use super::batch::{Batch, Format, Record};
use super::mapping::{Kind, Map};
use super::text::{self, Comment};
use crate::domain::dates::parse_foreign_time;
use crate::domain::parse::{round_to_scale, Rounded};
use crate::domain::{DomainError, Item, Status};

/// The columns lanes reads, by what they mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Title,
    Key,
    Id,
    Type,
    Status,
    Category,
    Priority,
    Resolution,
    Assignee,
    Created,
    Updated,
    Resolved,
    Due,
    Labels,
    Sprint,
    ParentKey,
    ParentId,
    Description,
    Comment,
    BlockedBy,
    Points,
    CategoryChanged,
}

/// Header names, English and Spanish, matched without regard to case.
const HEADERS: &[(&str, Col)] = &[
    ("summary", Col::Title),
    ("resumen", Col::Title),
    ("issue key", Col::Key),
    ("clave de incidencia", Col::Key),
    ("clave", Col::Key),
    ("issue id", Col::Id),
    ("id de la incidencia", Col::Id),
    ("issue type", Col::Type),
    ("tipo de incidencia", Col::Type),
    ("status", Col::Status),
    ("estado", Col::Status),
    ("status category", Col::Category),
    ("categoría de estado", Col::Category),
    ("status category changed", Col::CategoryChanged),
    ("categoría de estado cambiada", Col::CategoryChanged),
    ("priority", Col::Priority),
    ("prioridad", Col::Priority),
    ("resolution", Col::Resolution),
    ("resolución", Col::Resolution),
    ("assignee", Col::Assignee),
    ("persona asignada", Col::Assignee),
    ("responsable", Col::Assignee),
    ("created", Col::Created),
    ("creada", Col::Created),
    ("creado", Col::Created),
    ("updated", Col::Updated),
    ("actualizada", Col::Updated),
    ("actualizado", Col::Updated),
    ("resolved", Col::Resolved),
    ("resuelta", Col::Resolved),
    ("resuelto", Col::Resolved),
    ("fecha de resolución", Col::Resolved),
    ("due date", Col::Due),
    ("fecha de vencimiento", Col::Due),
    ("fecha límite", Col::Due),
    ("labels", Col::Labels),
    ("etiquetas", Col::Labels),
    ("sprint", Col::Sprint),
    ("parent key", Col::ParentKey),
    ("clave principal", Col::ParentKey),
    ("parent", Col::ParentId),
    ("principal", Col::ParentId),
    ("parent id", Col::ParentId),
    ("description", Col::Description),
    ("descripción", Col::Description),
    ("comment", Col::Comment),
    ("comentario", Col::Comment),
    ("comentarios", Col::Comment),
    ("inward issue link (blocks)", Col::BlockedBy),
    ("enlace a la incidencia interna (blocks)", Col::BlockedBy),
    ("enlace de incidencia entrante (blocks)", Col::BlockedBy),
];

/// True when the first line of `text` is a header row with a Jira title column.
pub fn looks_like(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(first.as_bytes());
    reader
        .records()
        .next()
        .and_then(Result::ok)
        .is_some_and(|r| r.iter().any(|h| column(h) == Some(Col::Title)))
}

fn column(header: &str) -> Option<Col> {
    let h = header.trim().to_lowercase();
    if let Some((_, c)) = HEADERS.iter().find(|(name, _)| *name == h) {
        return Some(*c);
    }
    (h.contains("story point") || h.contains("puntos de historia")).then_some(Col::Points)
}

/// Bytes as text: UTF-8 (its BOM dropped), else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// One Windows-1252 byte as a character: Latin-1, except 0x80–0x9F.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// A row with the columns found by meaning.
struct Row<'a> {
    cells: &'a StringRecord,
    cols: &'a HashMap<Col, Vec<usize>>,
}

impl<'a> Row<'a> {
    /// Every non-empty cell of the columns that mean `col`.
    fn all(&self, col: Col) -> impl Iterator<Item = &'a str> + '_ {
        self.cols
            .get(&col)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.cells.get(i))
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    fn one(&self, col: Col) -> Option<&'a str> {
        self.all(col).next()
    }
}

/// Refuses an export that was cut off (an interrupted download or copy): it
/// ends inside a quoted cell, or its last row has fewer cells than the header.
/// Jira writes every cell of every row, so a short last row is not its own.
fn cut_short(
    text: &str,
    header: &StringRecord,
    rows: &[(u64, StringRecord)],
) -> Result<(), DomainError> {
    let Some((line, last)) = rows.last().filter(|_| rows.len() > 1) else {
        return Ok(());
    };
    let again = "the file looks cut short; export it again";
    if text.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
        return Err(DomainError::invalid(format!(
            "line {line}: the file ends inside a quoted cell, so {again}"
        )));
    }
    if last.len() < header.len() {
        return Err(DomainError::invalid(format!(
            "line {line}: the last row has {} of the header's {} cells, so {again}",
            last.len(),
            header.len()
        )));
    }
    Ok(())
}

/// Reads a Jira CSV export. Refuses, naming the line, a file that cannot be
/// read as CSV or has no title or key column; maps everything else.
pub fn parse(bytes: &[u8], map: &Map, now: DateTime<Utc>) -> Result<Batch, DomainError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(u64, StringRecord)> = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            DomainError::invalid(format!("line {line}: not CSV that lanes can read ({e})"))
        })?;
        let line = r.position().map_or(0, csv::Position::line);
        rows.push((line, r));
    }
    let Some((_, header)) = rows.first() else {
        return Err(DomainError::invalid("the file is empty"));
    };
    cut_short(&text, header, &rows)?;
    let mut cols: HashMap<Col, Vec<usize>> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(c) = column(h) {
            cols.entry(c).or_default().push(i);
        }
    }
    if !cols.contains_key(&Col::Title) {
        return Err(DomainError::invalid(
            "line 1: there is no title column (Summary or Resumen), so this is not a Jira CSV export",
        ));
    }
    if !cols.contains_key(&Col::Key) {
        return Err(DomainError::invalid(
            "line 1: there is no Issue key (Clave de incidencia) column, which re-imports match on",
        ));
    }
    // Parents may be named by their numeric id.
    let mut keys_by_id: HashMap<String, String> = HashMap::new();
    for (_, cells) in &rows[1..] {
        let row = Row { cells, cols: &cols };
        if let (Some(id), Some(key)) = (row.one(Col::Id), row.one(Col::Key)) {
            keys_by_id.insert(id.to_string(), key.to_string());
        }
    }
    let mut batch = Batch::new(Format::JiraCsv);
    let mut seen = HashSet::new();
    for (line, cells) in &rows[1..] {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = Row { cells, cols: &cols };
        let Some(key) = row.one(Col::Key) else {
            batch.skip(format!("line {line}"), "it has no issue key");
            continue;
        };
        if let Some(record) = record(&row, key, map, now, &keys_by_id, &mut batch) {
            batch.push(record, &mut seen);
        }
    }
    Ok(batch)
}

fn record(
    row: &Row<'_>,
    key: &str,
    map: &Map,
    now: DateTime<Utc>,
    keys_by_id: &HashMap<String, String>,
    batch: &mut Batch,
) -> Option<Record> {
    let Some(raw_title) = row.one(Col::Title) else {
        batch.skip(key, "it has no summary");
        return None;
    };
    let (title, full_title) = text::title(raw_title);
    if title.is_empty() {
        batch.skip(
            key,
            "its summary is empty once control characters are removed",
        );
        return None;
    }
    let time = |col: Col, batch: &mut Batch| batch.time(key, row.one(col));
    let mut item = Item::new(&title, now);
    item.source = Some(format!("jira:{key}"));
    item.created = time(Col::Created, batch).unwrap_or(now);
    let updated = time(Col::Updated, batch);
    item.updated = updated.unwrap_or(item.created);
    let (status, status_word) = status(row, key, map, batch);
    item.status = status;
    if status == Status::Doing {
        item.started = Some(time(Col::CategoryChanged, batch).unwrap_or(item.updated));
    }
    if !status.is_open() {
        // Without a resolution date the last update is the nearest known
        // time; an export with neither leaves the finish unknown, so the item
        // counts in no lead time or throughput rather than as done at once.
        item.finished = time(Col::Resolved, batch).or(updated);
    }
    item.due = time(Col::Due, batch).map(|t| t.date_naive());
    item.owner = row.one(Col::Assignee).and_then(text::owner);
    for cell in row.all(Col::Labels) {
        for l in cell.split_whitespace() {
            item.add_label(&text::label(l));
        }
    }
    for s in row.all(Col::Sprint) {
        item.add_label(&text::label(&format!("sprint:{s}")));
    }
    // Lane and severity: the issue type, else a label that names a kind.
    let kind = row
        .one(Col::Type)
        .and_then(|t| map.kind(t))
        .filter(|k| *k != Kind::Inbox)
        .or_else(|| item.labels.iter().find_map(|l| map.kind(l)))
        .or_else(|| row.one(Col::Type).and_then(|t| map.kind(t)));
    if kind == Some(Kind::Bug) {
        item.severity = row
            .one(Col::Priority)
            .and_then(|p| map.severity(p))
            .or_else(|| item.labels.iter().find_map(|l| map.severity(l)));
    }
    item.lane = kind.and_then(|k| k.lane(item.severity));
    if let Some(points) = row.one(Col::Points) {
        item.effort = effort(points, key, batch);
    }
    let comments = row.all(Col::Comment).map(comment).collect();
    item.description =
        text::description(full_title.as_deref(), row.one(Col::Description), comments);
    let parent = row
        .one(Col::ParentKey)
        .map(str::to_string)
        .or_else(|| {
            let p = row.one(Col::ParentId)?;
            keys_by_id.get(p).cloned().or_else(|| {
                // `Parent` holds a key in some exports, an id in others.
                p.contains('-').then(|| p.to_string())
            })
        })
        .map(|k| format!("jira:{k}"));
    let blocked_by = row
        .all(Col::BlockedBy)
        .flat_map(|c| c.split([',', ' ']))
        .filter(|k| !k.is_empty())
        .map(|k| format!("jira:{k}"))
        .collect();
    Some(Record {
        name: key.to_string(),
        item,
        parent,
        blocked_by,
        status_word,
    })
}

/// Status: the status category when there is one, else the status's name; a
/// finished item whose status or resolution says it was not done is declined.
fn status(row: &Row<'_>, key: &str, map: &Map, batch: &mut Batch) -> (Status, Option<String>) {
    let name = row.one(Col::Status);
    let by_name = name.and_then(|n| map.status(n));
    let by_category = row
        .one(Col::Category)
        .and_then(|c| map.status(c))
        .filter(|s| *s != Status::Declined);
    let resolution = row.one(Col::Resolution);
    if by_name == Some(Status::Declined) {
        return (Status::Declined, name.map(str::to_string));
    }
    let status = match (by_category, by_name, name) {
        (Some(s), _, _) | (None, Some(s), _) => s,
        (None, None, Some(n)) => {
            batch.warn(
                key,
                format!("status '{n}' is not one lanes knows; imported as todo (name it in --map)"),
            );
            Status::Todo
        }
        (None, None, None) => Status::Todo,
    };
    if !status.is_open() {
        if let Some(r) = resolution.filter(|r| map.status(r) == Some(Status::Declined)) {
            return (Status::Declined, Some(r.to_string()));
        }
    }
    (status, None)
}

fn effort(points: &str, key: &str, batch: &mut Batch) -> Option<u8> {
    match round_to_scale(points) {
        Rounded::To(v) => Some(v),
        Rounded::Nothing => None,
        Rounded::Capped => {
            batch.warn(
                key,
                format!("{points} story points are over 20; effort set to 20"),
            );
            Some(20)
        }
        Rounded::Unreadable => {
            batch.warn(
                key,
                format!("story points '{points}' are not a number; left out"),
            );
            None
        }
    }
}

/// A Jira comment cell: `06/Jan/26 9:29 AM;account-id;text`.
fn comment(cell: &str) -> Comment {
    let mut parts = cell.splitn(3, ';');
    // The middle part is an account id, which says nothing to a reader.
    if let (Some(at), Some(_), Some(rest)) = (parts.next(), parts.next(), parts.next()) {
        if let Some(t) = parse_foreign_time(at) {
            return Comment {
                at: Some(t),
                by: None,
                text: rest.to_string(),
            };
        }
    }
    Comment {
        at: None,
        by: None,
        text: cell.to_string(),
    }
}

//! Taskwarrior's `task export`: a JSON array, or one object per line.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::batch::{Batch, Format, Record};
use super::mapping::Map;
use super::text;
use crate::domain::dates::parse_foreign_time;
use crate::domain::{DomainError, Item, Status};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Task {
    uuid: Option<String>,
    status: Option<String>,
    description: Option<String>,
    entry: Option<String>,
    modified: Option<String>,
    start: Option<String>,
    end: Option<String>,
    due: Option<String>,
    project: Option<String>,
    priority: Option<String>,
    tags: Vec<String>,
    depends: Value,
    annotations: Vec<Annotation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Annotation {
    entry: Option<String>,
    description: String,
}

/// Reads a `task export`. A line or entry that is not a task object refuses
/// the file, naming it.
pub fn parse(bytes: &[u8], map: &Map, now: DateTime<Utc>) -> Result<Batch, DomainError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        DomainError::invalid("the file is not UTF-8 text, so it is not a Taskwarrior export")
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let tasks: Vec<Task> = if text.trim_start().starts_with('[') {
        serde_json::from_str(text)
            .map_err(|e| super::json::located("the file is not a Taskwarrior export", &e))?
    } else {
        let mut tasks = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim().trim_end_matches(',');
            if line.is_empty() {
                continue;
            }
            let task = serde_json::from_str(line).map_err(|e| {
                DomainError::invalid(format!(
                    "line {}: not a Taskwarrior task ({})",
                    n + 1,
                    e.to_string().split(" at line ").next().unwrap_or_default()
                ))
            })?;
            tasks.push(task);
        }
        tasks
    };
    // Each task maps on its own: a large export's halves on two threads.
    let parts = if tasks.len() >= 2 * PART { 2 } else { 1 };
    Ok(map_tasks(&tasks, parts, map, now))
}

/// Fewer tasks than twice this are mapped on one thread.
const PART: usize = 4096;

/// The batch of `tasks`, mapped in `parts` runs of them on as many threads,
/// and told exactly as mapped one after another: the same records, skips and
/// warnings, in the same order.
fn map_tasks(tasks: &[Task], parts: usize, map: &Map, now: DateTime<Utc>) -> Batch {
    let size = tasks.len().div_ceil(parts.max(1)).max(1);
    let mapped: Vec<Part> = std::thread::scope(|scope| {
        let runs: Vec<_> = tasks
            .chunks(size)
            .enumerate()
            .map(|(n, run)| scope.spawn(move || map_run(run, n * size, map, now)))
            .collect();
        runs.into_iter()
            .map(|run| run.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut batch = Batch::new(Format::Taskwarrior);
    let mut seen = HashSet::new();
    for part in mapped {
        let mut skipped = part.batch.skipped.into_iter();
        let mut told = 0;
        for (record, skips_before) in part.batch.records.into_iter().zip(part.skips_before) {
            // A copy of an earlier task is skipped where one thread would have.
            batch
                .skipped
                .extend(skipped.by_ref().take(skips_before - told));
            told = skips_before;
            batch.push_unique(record, &mut seen);
        }
        batch.skipped.extend(skipped);
        batch.warnings.extend(part.batch.warnings);
    }
    batch
}

/// A run of tasks mapped: valid records with their skips and warnings, and
/// for each record how many skips came before it in the run.
struct Part {
    batch: Batch,
    skips_before: Vec<usize>,
}

/// Maps the run of tasks that starts at task `first` (from 0).
fn map_run(tasks: &[Task], first: usize, map: &Map, now: DateTime<Utc>) -> Part {
    let mut batch = Batch::new(Format::Taskwarrior);
    let mut skips_before = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        let Some(uuid) = task.uuid.clone().filter(|u| !u.trim().is_empty()) else {
            batch.skip(format!("task {}", first + i + 1), "it has no uuid");
            continue;
        };
        let Some(r) = record(task, &uuid, map, now, &mut batch) else {
            continue;
        };
        if let Some(r) = batch.valid(r) {
            batch.records.push(r);
            skips_before.push(batch.skipped.len());
        }
    }
    Part {
        batch,
        skips_before,
    }
}

fn record(
    task: &Task,
    uuid: &str,
    map: &Map,
    now: DateTime<Utc>,
    batch: &mut Batch,
) -> Option<Record> {
    let status_text = task.status.as_deref().unwrap_or("pending");
    if status_text.eq_ignore_ascii_case("recurring") {
        batch.skip(uuid, "a recurring template; its instances are imported");
        return None;
    }
    let (title, full_title) = text::title(task.description.as_deref().unwrap_or(""));
    if title.is_empty() {
        batch.skip(uuid, "it has no description");
        return None;
    }
    let mut time = |t: &Option<String>| batch.time(uuid, t.as_deref());
    let mut item = Item::new(&title, now);
    item.source = Some(format!("taskwarrior:{uuid}"));
    item.created = time(&task.entry).unwrap_or(now);
    let modified = time(&task.modified);
    item.updated = modified.unwrap_or(item.created);
    let start = time(&task.start);
    let end = time(&task.end);
    item.due = time(&task.due).map(|t| t.date_naive());
    let mut status_word = None;
    item.status = match map.status(status_text) {
        Some(Status::Todo) if start.is_some() => Status::Doing,
        Some(Status::Declined) => {
            status_word = Some("deleted in Taskwarrior".to_string());
            Status::Declined
        }
        Some(s) => s,
        None => {
            batch.warn(
                uuid,
                format!("status '{status_text}' is not one lanes knows; imported as todo"),
            );
            Status::Todo
        }
    };
    item.started = start;
    if !item.status.is_open() {
        item.finished = end.or(modified);
    }
    if let Some(p) = task
        .project
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        item.add_label(&text::label(&format!("project:{p}")));
        let first = p.split('.').next().unwrap_or(p);
        item.lane = map
            .kind(p)
            .or_else(|| map.kind(first))
            .and_then(|k| k.lane(None));
    }
    for t in &task.tags {
        let t = text::label(t);
        if !t.is_empty() {
            item.add_label(&t);
        }
    }
    if let Some(p) = task
        .priority
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        item.add_label(&text::label(&format!("priority:{p}")));
    }
    // Annotations as dated lines under the full title, when it was cut.
    let lines: Vec<String> = task
        .annotations
        .iter()
        .filter(|a| !a.description.trim().is_empty())
        .map(|a| {
            let day = a
                .entry
                .as_deref()
                .and_then(parse_foreign_time)
                .map(|t| t.format("%Y-%m-%d ").to_string())
                .unwrap_or_default();
            format!("{day}{}", a.description.trim())
        })
        .collect();
    let body = (!lines.is_empty()).then(|| lines.join("\n"));
    item.description = text::description(full_title.as_deref(), body.as_deref(), Vec::new());
    let blocked_by = match &task.depends {
        Value::String(s) => s
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(|u| format!("taskwarrior:{u}"))
            .collect(),
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(|u| format!("taskwarrior:{u}"))
            .collect(),
        _ => Vec::new(),
    };
    Some(Record {
        name: uuid.to_string(),
        item,
        parent: None,
        blocked_by,
        status_word,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tasks of every kind a mapping tells: kept, recurring, without a uuid
    /// or a description, with a date it cannot read, too long a title for
    /// the rules, and copies of earlier tasks, near and far.
    fn tasks() -> Vec<Task> {
        let mut lines = Vec::new();
        for n in 0..40 {
            let uuid = format!("{n:08}-0000-4000-8000-000000000000");
            lines.push(match n % 8 {
                1 => format!(r#"{{"uuid":"{uuid}","status":"recurring","description":"every week"}}"#),
                2 => r#"{"description":"no uuid"}"#.to_string(),
                3 => format!(r#"{{"uuid":"{uuid}","description":"  "}}"#),
                4 => format!(r#"{{"uuid":"{uuid}","description":"when?","due":"someday"}}"#),
                5 => format!(
                    r#"{{"uuid":"{:08}-0000-4000-8000-000000000000","description":"a copy"}}"#,
                    n / 3
                ),
                6 => format!(r#"{{"uuid":"{uuid}","description":"task {n}","priority":"{}"}}"#, "H".repeat(300)),
                _ => format!(r#"{{"uuid":"{uuid}","description":"task {n}","depends":"{:08}-0000-4000-8000-000000000000"}}"#, n / 2),
            });
        }
        lines
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn an_export_mapped_on_several_threads_gives_the_batch_one_thread_gives() {
        let (map, now) = (Map::defaults(Format::Taskwarrior), Utc::now());
        let tasks = tasks();
        let one = map_tasks(&tasks, 1, &map, now);
        assert!(one.records.len() > 5 && one.skipped.len() > 10 && !one.warnings.is_empty());
        assert!(one
            .skipped
            .iter()
            .any(|n| n.why.contains("appears earlier in the file")));
        for parts in [2, 3, 7, 40] {
            assert_eq!(map_tasks(&tasks, parts, &map, now), one, "in {parts} parts");
        }
    }
}

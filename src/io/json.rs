//! The native JSON format (DESIGN.md section 7): the `--json` shape of an item,
//! and the lossless export/import document.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::native;
use crate::domain::item::{check_scale, fmt_time, parse_time};
use crate::domain::policy::PolicyValue;
use crate::domain::{
    score, Action, Criterion, Decision, DomainError, Horizon, Item, Lane, Policy, Severity, Status,
    Theme, ThemeStatus,
};
use crate::store::Snapshot;

/// The version of the document this build reads and writes.
pub const VERSION: u32 = 1;

/// An item as JSON. Every field but `title` may be left out on import.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemDoc {
    pub id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    pub lane: Option<String>,
    pub status: Option<String>,
    pub value: Option<i64>,
    pub impact: Option<i64>,
    pub risk: Option<i64>,
    pub effort: Option<i64>,
    /// Computed; ignored on import.
    pub score: Option<f64>,
    pub severity: Option<String>,
    pub horizon: Option<String>,
    pub pinned: bool,
    pub due: Option<String>,
    pub owner: Option<String>,
    pub theme: Option<i64>,
    pub parent: Option<i64>,
    pub labels: Vec<String>,
    pub segment: Option<String>,
    pub metric: Option<String>,
    pub criteria: Vec<Criterion>,
    pub blocked_by: Vec<i64>,
    pub workaround: Option<String>,
    pub root_cause: Option<String>,
    pub prevention: Option<String>,
    pub duplicate_of: Option<i64>,
    /// Where an imported item came from (`jira:SR-12`).
    pub source: Option<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub started: Option<String>,
    pub finished: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ThemeDoc {
    pub id: i64,
    pub name: String,
    pub outcome: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionDoc {
    pub id: i64,
    pub action: i64,
    pub at: String,
    pub by: String,
    pub item: Option<i64>,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub why: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    pub version: Option<u32>,
    #[serde(default)]
    pub policy: Option<Map<String, Value>>,
    #[serde(default)]
    pub themes: Vec<ThemeDoc>,
    #[serde(default)]
    pub items: Vec<ItemDoc>,
    #[serde(default)]
    pub decisions: Vec<DecisionDoc>,
    /// What undo and redo need: each action's kind and whether it is in effect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionDoc>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionDoc {
    pub id: i64,
    pub at: String,
    pub by: String,
    pub kind: String,
    pub target: Option<i64>,
    pub state: String,
    pub undone_by: Option<i64>,
}

impl ItemDoc {
    /// The JSON shape of a stored item, with its score under `policy`.
    pub fn from_item(item: &Item, policy: &Policy) -> ItemDoc {
        ItemDoc {
            id: Some(item.id),
            title: item.title.clone(),
            description: item.description.clone(),
            lane: item.lane.map(|l| l.as_str().to_string()),
            status: Some(item.status.as_str().to_string()),
            value: item.value.map(i64::from),
            impact: item.impact.map(i64::from),
            risk: item.risk.map(i64::from),
            effort: item.effort.map(i64::from),
            score: score::score(item, policy),
            severity: item.severity.map(|s| s.as_str().to_string()),
            horizon: Some(item.horizon.as_str().to_string()),
            pinned: item.pinned,
            due: item.due.map(|d| d.to_string()),
            owner: item.owner.clone(),
            theme: item.theme,
            parent: item.parent,
            labels: item.labels.clone(),
            segment: item.segment.clone(),
            metric: item.metric.clone(),
            criteria: item.criteria.clone(),
            blocked_by: item.blocked_by.clone(),
            workaround: item.workaround.clone(),
            root_cause: item.root_cause.clone(),
            prevention: item.prevention.clone(),
            duplicate_of: item.duplicate_of,
            source: item.source.clone(),
            created: Some(fmt_time(item.created)),
            updated: Some(fmt_time(item.updated)),
            started: item.started.map(fmt_time),
            finished: item.finished.map(fmt_time),
        }
    }

    /// The item this document describes; `id` is used when the document has none.
    pub fn to_item(&self, id: i64, now: DateTime<Utc>) -> Result<Item, DomainError> {
        self.clone().into_item(id, now)
    }

    /// [`ItemDoc::to_item`], taking the document's strings instead of copying them.
    pub fn into_item(self, id: i64, now: DateTime<Utc>) -> Result<Item, DomainError> {
        let at = |e: DomainError| DomainError::invalid(format!("item #{id}: {e}"));
        let scale =
            |name: &str, v: Option<i64>| v.map(|n| check_scale(name, n)).transpose().map_err(at);
        let time = |t: &Option<String>| t.as_deref().map(parse_time).transpose().map_err(at);
        let mut item = Item::new("", now);
        item.title = trimmed(self.title);
        item.id = id;
        item.description = self.description;
        item.lane = self
            .lane
            .as_deref()
            .map(Lane::parse)
            .transpose()
            .map_err(at)?;
        item.status = self
            .status
            .as_deref()
            .map(Status::parse)
            .transpose()
            .map_err(at)?
            .unwrap_or(Status::Todo);
        item.value = scale("value", self.value)?;
        item.impact = scale("impact", self.impact)?;
        item.risk = scale("risk", self.risk)?;
        item.effort = scale("effort", self.effort)?;
        item.severity = self
            .severity
            .as_deref()
            .map(Severity::parse)
            .transpose()
            .map_err(at)?;
        item.horizon = self
            .horizon
            .as_deref()
            .map(Horizon::parse)
            .transpose()
            .map_err(at)?
            .unwrap_or(Horizon::Later);
        item.pinned = self.pinned;
        item.due = self
            .due
            .as_deref()
            .map(|d| {
                NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    DomainError::invalid(format!(
                        "item #{id}: invalid due date '{d}': use YYYY-MM-DD"
                    ))
                })
            })
            .transpose()?;
        item.owner = self.owner;
        item.theme = self.theme;
        item.parent = self.parent;
        // Labels are a sorted set of trimmed text, as `Item::add_label` keeps them.
        item.labels = self.labels.into_iter().map(trimmed).collect();
        item.labels.sort();
        item.labels.dedup();
        item.segment = self.segment;
        item.metric = self.metric;
        item.criteria = self.criteria;
        item.blocked_by = self.blocked_by;
        item.blocked_by.sort_unstable();
        item.blocked_by.dedup();
        item.workaround = self.workaround;
        item.root_cause = self.root_cause;
        item.prevention = self.prevention;
        item.duplicate_of = self.duplicate_of;
        item.source = self.source.map(trimmed);
        item.created = time(&self.created)?.unwrap_or(now);
        item.updated = time(&self.updated)?.unwrap_or(item.created);
        item.started = time(&self.started)?;
        item.finished = time(&self.finished)?;
        Ok(item)
    }
}

/// `text` without surrounding white space, reusing it when there is none.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// A theme as JSON.
pub fn theme_doc(t: &Theme) -> ThemeDoc {
    ThemeDoc {
        id: t.id,
        name: t.name.clone(),
        outcome: t.outcome.clone(),
        status: Some(t.status.as_str().into()),
    }
}

/// A decision as JSON.
pub fn decision_doc(d: &Decision) -> DecisionDoc {
    DecisionDoc {
        id: d.id,
        action: d.action,
        at: d.at.clone(),
        by: d.by.clone(),
        item: d.item,
        field: d.field.clone(),
        old: d.old.clone(),
        new: d.new.clone(),
        why: d.why.clone(),
    }
}

/// The policy as a JSON object of key → value.
pub fn policy_doc(p: &Policy) -> Map<String, Value> {
    Policy::keys()
        .filter_map(|k| {
            let v = match p.get(k)? {
                PolicyValue::Number(x) => Value::from(x),
                PolicyValue::Count(n) => Value::from(n),
                PolicyValue::Text(s) => Value::from(s),
            };
            Some((k.to_string(), v))
        })
        .collect()
}

/// The whole backlog as the native document.
pub fn to_document(s: &Snapshot) -> Document {
    let policy = s.policy.clone().unwrap_or_default();
    Document {
        version: Some(VERSION),
        policy: Some(policy_doc(&policy)),
        themes: s.themes.iter().map(theme_doc).collect(),
        items: s
            .items
            .iter()
            .map(|i| ItemDoc::from_item(i, &policy))
            .collect(),
        decisions: s.decisions.iter().map(decision_doc).collect(),
        actions: s
            .actions
            .iter()
            .map(|a| ActionDoc {
                id: a.id,
                at: a.at.clone(),
                by: a.by.clone(),
                kind: a.kind.clone(),
                target: a.target,
                state: a.state.clone(),
                undone_by: a.undone_by,
            })
            .collect(),
    }
}

/// A JSON error as one sentence: `what`, serde's words, and where in the file.
pub fn located(what: &str, e: &serde_json::Error) -> DomainError {
    located_at(what, e, (e.line(), e.column()))
}

/// [`located`], at the (line, column) given: where the value `serde_json` read
/// from a slice of the file starts, and the place in it (see `spans::Place`).
pub fn located_at(
    what: &str,
    e: &serde_json::Error,
    (line, column): (usize, usize),
) -> DomainError {
    let words = e.to_string();
    let words = words
        .split(" at line ")
        .next()
        .unwrap_or(&words)
        .to_string();
    DomainError::invalid(format!("{what}: {words} at line {line} column {column}"))
}

/// Reads a document from text; errors name the line and column. Its items are
/// read straight into items, never held twice.
pub fn parse(text: &str, now: DateTime<Utc>) -> Result<Snapshot, DomainError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('[') {
        return Err(DomainError::invalid(
            "the file is a JSON array, not a lanes document; a lanes document is an object like {\"version\": 1, \"items\": [...]}",
        ));
    }
    let scan = native::scan(serde_json::Deserializer::from_str(text))?;
    let mut snapshot = finish(scan.outline)?;
    let mut items = Vec::with_capacity(scan.count);
    native::each_item(
        serde_json::Deserializer::from_str(text),
        scan.max_id,
        now,
        &mut |item| {
            items.push(item);
            Ok(())
        },
    )
    .map_err(|e| match e {
        crate::store::StoreError::Invalid(d) => d,
        other => DomainError::invalid(other.to_string()),
    })?;
    snapshot.items = items;
    Ok(snapshot)
}

/// Everything of a document but its items, checked for its version.
pub fn finish(doc: native::Outline) -> Result<Snapshot, DomainError> {
    match doc.version {
        Some(VERSION) => {}
        Some(v) => {
            return Err(DomainError::invalid(format!(
                "the file is a version {v} document; this lanes reads version {VERSION}"
            )))
        }
        None => {
            return Err(DomainError::invalid(
                "the file has no \"version\"; a lanes document starts with {\"version\": 1, …}",
            ))
        }
    }
    let policy = doc
        .policy
        .as_ref()
        .map(|map| {
            let mut p = Policy::default();
            for (k, v) in map {
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    other => {
                        return Err(DomainError::invalid(format!(
                            "policy {k} has an invalid value {other}"
                        )))
                    }
                };
                p.set(k, &text)?;
            }
            Ok(p)
        })
        .transpose()?;
    let themes = doc
        .themes
        .iter()
        .map(|t| {
            Ok(Theme {
                id: t.id,
                name: t.name.trim().to_string(),
                outcome: t.outcome.clone(),
                status: t
                    .status
                    .as_deref()
                    .map(ThemeStatus::parse)
                    .transpose()?
                    .unwrap_or(ThemeStatus::Active),
            })
        })
        .collect::<Result<_, DomainError>>()?;
    let decisions = doc
        .decisions
        .into_iter()
        .map(|d| Decision {
            id: d.id,
            action: d.action,
            at: d.at,
            by: d.by,
            item: d.item,
            field: d.field,
            old: d.old,
            new: d.new,
            why: d.why,
        })
        .collect();
    let actions = doc
        .actions
        .into_iter()
        .map(|a| Action {
            id: a.id,
            at: a.at,
            by: a.by,
            kind: a.kind,
            target: a.target,
            state: a.state,
            undone_by: a.undone_by,
        })
        .collect();
    Ok(Snapshot {
        policy,
        themes,
        items: Vec::new(),
        decisions,
        actions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        parse_time("2026-11-21T09:00:00Z").unwrap()
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let err = parse("{\"version\": 1,\n \"items\": [}", now())
            .unwrap_err()
            .to_string();
        assert!(err.contains("at line 2 column"), "{err}");
    }

    #[test]
    fn an_error_inside_an_item_names_its_place_in_the_file() {
        let text = "{\"version\": 1, \"items\": [\n  {\"title\": \"a\"},\n  {\"title\": \"b\", \"effort\": \"x\"}\n]}";
        let err = parse(text, now()).unwrap_err().to_string();
        assert_eq!(
            err,
            "the file is not valid lanes JSON: invalid type: string \"x\", expected i64 at line 3 column 30"
        );
    }

    #[test]
    fn unknown_or_missing_version_is_refused() {
        assert_eq!(
            parse("{\"version\": 7}", now()).unwrap_err().to_string(),
            "the file is a version 7 document; this lanes reads version 1"
        );
        assert!(parse("{\"items\": []}", now()).is_err());
    }

    #[test]
    fn only_the_title_is_required() {
        let s = parse(
            "{\"version\": 1, \"items\": [{\"title\": \"Just a title\"}]}",
            now(),
        )
        .unwrap();
        assert_eq!(s.items[0].title, "Just a title");
        assert_eq!(s.items[0].id, 1);
        assert_eq!(s.items[0].status, Status::Todo);
        assert!(s.policy.is_none());
    }

    #[test]
    fn off_scale_scores_are_refused_with_the_item_named() {
        let err = parse(
            "{\"version\": 1, \"items\": [{\"id\": 4, \"title\": \"x\", \"effort\": 4}]}",
            now(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "item #4: effort must be one of 1, 2, 3, 5, 8, 13, 20, not 4"
        );
    }
}

//! GitHub issues: the REST `GET /repos/{owner}/{repo}/issues` array (pull
//! requests in it are skipped and counted) and `gh issue list --json …` output.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::batch::{Batch, Format, Record};
use super::mapping::{Kind, Map};
use super::text::{self, Comment};
use crate::domain::dates::parse_foreign_time;
use crate::domain::{DomainError, Item, Status};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Issue {
    number: Option<i64>,
    title: Option<String>,
    body: Option<String>,
    state: Option<String>,
    #[serde(alias = "stateReason")]
    state_reason: Option<String>,
    labels: Vec<Value>,
    assignee: Option<Value>,
    assignees: Vec<Value>,
    milestone: Option<Value>,
    #[serde(alias = "createdAt")]
    created_at: Option<String>,
    #[serde(alias = "updatedAt")]
    updated_at: Option<String>,
    #[serde(alias = "closedAt")]
    closed_at: Option<String>,
    pull_request: Option<Value>,
    #[serde(alias = "isPullRequest")]
    is_pull_request: Option<bool>,
    repository_url: Option<String>,
    html_url: Option<String>,
    url: Option<String>,
    comments: Value,
}

/// `OWNER/NAME` from any of the URLs an issue carries.
fn repo_of(issue: &Issue) -> Option<String> {
    let from = |url: &str| -> Option<String> {
        let rest = url
            .strip_prefix("https://api.github.com/repos/")
            .or_else(|| url.strip_prefix("https://github.com/"))?;
        let mut parts = rest.split('/');
        let (owner, name) = (parts.next()?, parts.next()?);
        (!owner.is_empty() && !name.is_empty()).then(|| format!("{owner}/{name}"))
    };
    [&issue.repository_url, &issue.html_url, &issue.url]
        .into_iter()
        .flatten()
        .find_map(|u| from(u))
}

/// A user's login, from `{"login": …}` or a plain string.
fn login(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("login").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

fn name_of(v: &Value, key: &str) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get(key).and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

/// Reads a GitHub issues array. `repo` names the repository when the entries
/// do not; without either the file is refused, since sources need it.
pub fn parse(
    bytes: &[u8],
    map: &Map,
    repo: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Batch, DomainError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        DomainError::invalid("the file is not UTF-8 text, so it is not GitHub JSON")
    })?;
    let issues: Vec<Issue> = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| super::json::located("the file is not a GitHub issues array", &e))?;
    let mut batch = Batch::new(Format::Github);
    let mut seen = HashSet::new();
    for (i, issue) in issues.iter().enumerate() {
        let Some(number) = issue.number else {
            batch.skip(format!("entry {}", i + 1), "it has no issue number");
            continue;
        };
        let name = format!("#{number}");
        if issue.pull_request.is_some() || issue.is_pull_request == Some(true) {
            batch.skip(name, "a pull request, not an issue");
            continue;
        }
        let Some(repo) = repo_of(issue).or_else(|| repo.map(str::to_string)) else {
            return Err(DomainError::invalid(format!(
                "issue {name} does not say which repository it is from (no url); name it with --repo OWNER/NAME"
            )));
        };
        if let Some(r) = record(issue, &name, &repo, map, now, &mut batch) {
            batch.push(r, &mut seen);
        }
    }
    Ok(batch)
}

fn record(
    issue: &Issue,
    name: &str,
    repo: &str,
    map: &Map,
    now: DateTime<Utc>,
    batch: &mut Batch,
) -> Option<Record> {
    let (title, full_title) = text::title(issue.title.as_deref().unwrap_or(""));
    if title.is_empty() {
        batch.skip(name, "it has no title");
        return None;
    }
    let mut time = |t: &Option<String>| batch.time(name, t.as_deref());
    let mut item = Item::new(&title, now);
    item.source = Some(format!("github:{repo}#{}", issue.number.unwrap_or(0)));
    item.created = time(&issue.created_at).unwrap_or(now);
    let updated = time(&issue.updated_at);
    item.updated = updated.unwrap_or(item.created);
    let closed = time(&issue.closed_at);
    let state = issue.state.as_deref().unwrap_or("open");
    let reason = issue.state_reason.as_deref().map(str::to_lowercase);
    let mut status_word = None;
    item.status = match map.status(state) {
        Some(s) if !s.is_open() => {
            let by_reason = reason.as_deref().and_then(|r| map.status(r));
            match by_reason {
                Some(Status::Declined) => {
                    status_word = reason.map(|r| format!("closed as {}", r.replace('_', " ")));
                    Status::Declined
                }
                Some(st) if !st.is_open() => st,
                _ => s,
            }
        }
        Some(s) => s,
        None => {
            batch.warn(
                name,
                format!("state '{state}' is not one lanes knows; imported as todo"),
            );
            Status::Todo
        }
    };
    if !item.status.is_open() {
        // `gh` output without `closedAt` (or `updatedAt`) leaves the finish
        // unknown rather than making the item done the moment it was opened.
        item.finished = closed.or(updated);
    }
    item.owner = issue
        .assignee
        .as_ref()
        .and_then(login)
        .or_else(|| issue.assignees.iter().find_map(login))
        .and_then(|o| text::owner(&o));
    for l in &issue.labels {
        if let Some(n) = name_of(l, "name") {
            item.add_label(&text::label(&n));
        }
    }
    if let Some(m) = issue.milestone.as_ref().and_then(|m| name_of(m, "title")) {
        item.add_label(&text::label(&format!("milestone:{m}")));
    }
    let kinds: Vec<Kind> = item.labels.iter().filter_map(|l| map.kind(l)).collect();
    let kind = if kinds.contains(&Kind::Bug) {
        Some(Kind::Bug)
    } else {
        kinds.first().copied()
    };
    if kind == Some(Kind::Bug) {
        item.severity = item.labels.iter().filter_map(|l| map.severity(l)).min();
    }
    item.lane = kind.and_then(|k| k.lane(item.severity));
    let comments = match &issue.comments {
        Value::Array(list) => list
            .iter()
            .map(|c| Comment {
                at: c
                    .get("createdAt")
                    .or_else(|| c.get("created_at"))
                    .and_then(Value::as_str)
                    .and_then(parse_foreign_time),
                by: c.get("author").or_else(|| c.get("user")).and_then(login),
                text: c
                    .get("body")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            })
            .collect(),
        _ => Vec::new(),
    };
    item.description = text::description(full_title.as_deref(), issue.body.as_deref(), comments);
    let blocked_by = issue
        .body
        .as_deref()
        .map(|b| references(b, repo))
        .unwrap_or_default();
    Some(Record {
        name: name.to_string(),
        item,
        parent: None,
        blocked_by,
        status_word,
    })
}

/// The issues a body says this one waits on: "blocked by #12", "depends on
/// #3, #4 and owner/repo#5", or their URLs. Sources, in order, without repeats.
pub fn references(body: &str, repo: &str) -> Vec<String> {
    let lower = body.to_lowercase();
    let mut out: Vec<String> = Vec::new();
    for phrase in ["blocked by", "depends on"] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(phrase) {
            let start = from + at + phrase.len();
            from = start;
            let rest = &body[start..];
            let mut words = rest
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .map(|w| w.trim_matches(':'))
                .filter(|w| !w.is_empty());
            // One reference, then more joined by commas or "and".
            let mut expect_ref = true;
            for w in words.by_ref() {
                if expect_ref || w.starts_with('#') || w.contains("github.com/") {
                    match reference(w, repo) {
                        Some(r) => {
                            if !out.contains(&r) {
                                out.push(r);
                            }
                            expect_ref = false;
                        }
                        None => break,
                    }
                } else if w.eq_ignore_ascii_case("and") || w == "&" {
                    expect_ref = true;
                } else {
                    break;
                }
            }
        }
    }
    out
}

/// `#12`, `owner/repo#12` or an issue URL as a source.
fn reference(word: &str, repo: &str) -> Option<String> {
    let w = word
        .trim_end_matches(['.', ')', ']'])
        .trim_start_matches(['(', '[']);
    let number = |t: &str| t.parse::<u64>().ok().filter(|n| *n > 0);
    if let Some(n) = w.strip_prefix('#') {
        return number(n).map(|n| format!("github:{repo}#{n}"));
    }
    if let Some(rest) = w
        .strip_prefix("https://github.com/")
        .or_else(|| w.strip_prefix("http://github.com/"))
    {
        let parts: Vec<&str> = rest.split('/').collect();
        if let [owner, name, "issues", n, ..] = parts.as_slice() {
            return number(n).map(|n| format!("github:{owner}/{name}#{n}"));
        }
        return None;
    }
    let (other, n) = w.split_once('#')?;
    (other.split('/').count() == 2 && !other.starts_with('/') && !other.ends_with('/'))
        .then_some(())?;
    number(n).map(|n| format!("github:{other}#{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_name_what_an_issue_waits_on() {
        let r = |b: &str| references(b, "o/r");
        assert_eq!(r("Blocked by #12."), ["github:o/r#12"]);
        assert_eq!(
            r("This depends on #3, #4 and other/repo#5 first"),
            ["github:o/r#3", "github:o/r#4", "github:other/repo#5"]
        );
        assert_eq!(
            r("blocked by https://github.com/a/b/issues/9"),
            ["github:a/b#9"]
        );
        assert_eq!(r("depends on the weather, see #4"), Vec::<String>::new());
        assert_eq!(r("blocked by #0 or #x"), Vec::<String>::new());
        assert_eq!(r("Depends on: #7\nblocked by #7"), ["github:o/r#7"]);
    }
}

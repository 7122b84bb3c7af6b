//! The filter bar's terms: `lane:hotfix status:doing owner:ana`. What each term
//! means here is what `lanes list` means by the same flag (a test compares
//! them on generated backlogs).

use std::collections::HashSet;

use super::Effect;
use crate::domain::filter::same_name;
use crate::domain::record::find_theme;
use crate::domain::suggest::did_you_mean;
use crate::domain::{Card, Horizon, Lane, Severity, Status, Theme};

/// The terms the filter bar takes, for messages and suggestions.
pub const KEYS: [&str; 9] = [
    "lane", "horizon", "status", "severity", "owner", "theme", "label", "blocked", "source",
];

/// The filter bar's terms. Empty means every open item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterSpec {
    /// `None` inside stands for the Inbox.
    pub lanes: Vec<Option<Lane>>,
    pub horizon: Option<Horizon>,
    /// Empty: open items (todo and doing).
    pub statuses: Vec<Status>,
    pub severities: Vec<Severity>,
    pub owner: Option<String>,
    pub theme: Option<i64>,
    pub label: Option<String>,
    pub blocked: Option<bool>,
    /// A tracker (`jira`), or one source exactly (`jira:SR-12`); matched by
    /// the store ([`Found::sourced`]).
    pub source: Option<String>,
    /// As the user typed it.
    pub text: String,
}

impl FilterSpec {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// True when the terms ask for done or declined items, which are read
    /// only then.
    pub fn wants_finished(&self) -> bool {
        self.statuses.iter().any(|s| !s.is_open())
    }

    /// Parses `lane:hotfix horizon:now status:doing severity:S1 owner:ana
    /// theme:2 label:web blocked:yes source:jira` (values may be quoted;
    /// `lane:`, `status:` and `severity:` may repeat).
    pub fn parse(text: &str, themes: &[Theme]) -> Result<FilterSpec, String> {
        let mut spec = FilterSpec {
            text: text.trim().to_string(),
            ..FilterSpec::default()
        };
        for (key, value) in terms(text)? {
            let e = |e: crate::domain::DomainError| e.to_string();
            match key.as_str() {
                "lane" => spec.lanes.push(Lane::typed(&value).map_err(e)?),
                "horizon" => spec.horizon = Some(Horizon::parse(&value).map_err(e)?),
                "status" => spec.statuses.extend(statuses(&value)?),
                "severity" | "sev" => spec.severities.push(Severity::parse(&value).map_err(e)?),
                "owner" => spec.owner = Some(value),
                "label" => spec.label = Some(value),
                "theme" => spec.theme = Some(find_theme(themes, &value).map_err(e)?.id),
                "blocked" => spec.blocked = Some(yes_no("blocked", &value)?),
                "source" => spec.source = Some(value),
                other => {
                    return Err(format!(
                        "unknown filter '{other}:'{}: use {}",
                        did_you_mean(other, KEYS).replace('?', ":?"),
                        KEYS.map(|k| format!("{k}:")).join(" ")
                    ))
                }
            }
        }
        spec.statuses.sort();
        spec.statuses.dedup();
        Ok(spec)
    }

    /// What the store is asked for the terms that look beyond the cards (a
    /// label, a source); the answers come back into [`Found`].
    pub fn lookups(&self) -> Vec<Effect> {
        let mut out = Vec::new();
        if let Some(l) = &self.label {
            out.push(Effect::LoadLabel(l.clone()));
        }
        if let Some(s) = &self.source {
            out.push(Effect::LoadSource(s.clone()));
        }
        out
    }

    /// True when `card` passes every term; `found` holds what the store
    /// found for a label or source asked for (nothing passes until it has).
    pub fn passes(&self, card: &Card, found: &Found) -> bool {
        let has = |asked: bool, ids: &Option<HashSet<i64>>| {
            !asked || ids.as_ref().is_some_and(|ids| ids.contains(&card.id))
        };
        let status = if self.statuses.is_empty() {
            card.status.is_open()
        } else {
            self.statuses.contains(&card.status)
        };
        status
            && (self.lanes.is_empty() || self.lanes.contains(&card.lane))
            && self.horizon.is_none_or(|h| card.horizon == h)
            && (self.severities.is_empty()
                || card.severity.is_some_and(|s| self.severities.contains(&s)))
            && self
                .owner
                .as_ref()
                .is_none_or(|o| card.owner.as_ref().is_some_and(|co| same_name(co, o)))
            && self.theme.is_none_or(|t| card.theme == Some(t))
            && has(self.label.is_some(), &found.labelled)
            && self.blocked.is_none_or(|b| card.blocked == b)
            && has(self.source.is_some(), &found.sourced)
    }
}

/// The items the store found for the filter's label and source terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// Items carrying the label asked for.
    pub labelled: Option<HashSet<i64>>,
    /// Items from the source asked for (`source:jira`: that tracker).
    pub sourced: Option<HashSet<i64>>,
}

/// `status:` takes a status, `open` (todo and doing), `finished` (done and
/// declined) or `all`.
fn statuses(value: &str) -> Result<Vec<Status>, String> {
    let v = value.trim().to_ascii_lowercase();
    Ok(match v.as_str() {
        "open" => vec![Status::Todo, Status::Doing],
        "finished" | "closed" => vec![Status::Done, Status::Declined],
        "all" | "any" => Status::ALL.to_vec(),
        _ => {
            let words = [
                "todo", "doing", "done", "declined", "open", "finished", "all",
            ];
            vec![Status::parse(&v).map_err(|_| {
                format!(
                    "unknown status '{value}'{}: use one of {}",
                    did_you_mean(&v, words),
                    words.join(", ")
                )
            })?]
        }
    })
}

fn yes_no(key: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(format!("{key}: takes yes or no, not '{value}'")),
    }
}

/// Splits `key:value key:"two words"` into pairs.
fn terms(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once(':') else {
            return Err(format!(
                "'{}' is not a filter: write key:value, e.g. lane:hotfix owner:ana",
                rest.split_whitespace().next().unwrap_or(rest)
            ));
        };
        if key.contains(char::is_whitespace) || key.is_empty() {
            return Err(format!(
                "'{}' is not a filter: write key:value, e.g. lane:hotfix owner:ana",
                key.split_whitespace().next().unwrap_or(key)
            ));
        }
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let end = q
                .find('"')
                .ok_or_else(|| format!("the quote after {key}: is not closed"))?;
            (&q[..end], &q[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        if value.trim().is_empty() {
            return Err(format!("{key}: needs a value"));
        }
        out.push((key.to_ascii_lowercase(), value.trim().to_string()));
        rest = next.trim_start();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_take_statuses_severities_blocked_and_sources() {
        let spec = FilterSpec::parse(
            "status:done status:doing sev:s1 severity:S2 blocked:no lane:h",
            &[],
        )
        .unwrap();
        assert_eq!(spec.statuses, [Status::Doing, Status::Done]);
        assert_eq!(spec.severities, [Severity::S1, Severity::S2]);
        assert_eq!(spec.blocked, Some(false));
        assert_eq!(spec.lanes, [Some(Lane::Hotfix)]);
        assert!(spec.wants_finished());
        let spec = FilterSpec::parse("status:open lane:0 lane:4", &[]).unwrap();
        assert!(!spec.wants_finished());
        assert_eq!(spec.lanes, [None, Some(Lane::Bet)]);
    }

    #[test]
    fn a_term_typed_wrong_gets_a_suggestion() {
        let err = |t: &str| FilterSpec::parse(t, &[]).unwrap_err();
        assert_eq!(
            err("lane:hotfx"),
            "unknown lane 'hotfx' (did you mean hotfix?): use hotfix, stability, feature, bet or inbox (or h s f b i, or 1–4 and 0)"
        );
        assert_eq!(
            err("stauts:done"),
            "unknown filter 'stauts:' (did you mean status:?): use lane: horizon: status: severity: owner: theme: label: blocked: source:"
        );
        assert!(err("status:dne").starts_with("unknown status 'dne' (did you mean done?)"));
        assert!(err("horizon:nxt").contains("did you mean next?"));
        assert_eq!(
            err("blocked:maybe"),
            "blocked: takes yes or no, not 'maybe'"
        );
    }
}

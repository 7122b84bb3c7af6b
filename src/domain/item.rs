//! One unit of work, its validation, and its fields as text (how decisions see them).

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

pub use super::field::Field;
pub use super::parse::{check_scale, parse_scale};

use super::text::{self, Shape};
use super::{DomainError, Horizon, Lane, Severity, Status};

/// The modified Fibonacci scale every score input is taken from.
pub const SCALE: [u8; 7] = [1, 2, 3, 5, 8, 13, 20];

/// Longest title, in characters, after trimming.
pub const MAX_TITLE: usize = 200;
/// Longest description, in bytes.
pub const MAX_DESCRIPTION: usize = 64 * 1024;

/// Longest of the other texts, in characters: what a person types in one line
/// of a form, and a little more for the post-mortem and the workaround.
pub const MAX_OWNER: usize = 100;
pub const MAX_LABEL: usize = 100;
pub const MAX_SEGMENT: usize = 200;
pub const MAX_METRIC: usize = 500;
pub const MAX_CRITERION: usize = 500;
pub const MAX_LONG_TEXT: usize = 2000;

/// The last due date a backlog holds: dates are written `YYYY-MM-DD`, and a
/// five-digit year would sort as text ahead of tomorrow.
pub const LAST_DUE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// One acceptance or success criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub text: String,
    #[serde(default)]
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub lane: Option<Lane>,
    pub status: Status,
    pub value: Option<u8>,
    pub impact: Option<u8>,
    pub risk: Option<u8>,
    pub effort: Option<u8>,
    pub severity: Option<Severity>,
    pub horizon: Horizon,
    pub pinned: bool,
    pub due: Option<NaiveDate>,
    pub owner: Option<String>,
    pub theme: Option<i64>,
    pub parent: Option<i64>,
    /// Sorted, without duplicates.
    pub labels: Vec<String>,
    pub segment: Option<String>,
    pub metric: Option<String>,
    pub criteria: Vec<Criterion>,
    /// Sorted, without duplicates.
    pub blocked_by: Vec<i64>,
    pub workaround: Option<String>,
    pub root_cause: Option<String>,
    pub prevention: Option<String>,
    /// Set when the item was declined as a duplicate of another.
    pub duplicate_of: Option<i64>,
    /// Where an imported item came from (`jira:SR-12`); unique when set.
    pub source: Option<String>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub started: Option<DateTime<Utc>>,
    pub finished: Option<DateTime<Utc>>,
}

impl Item {
    /// A new `todo` item in the Inbox, created at `now`.
    pub fn new(title: &str, now: DateTime<Utc>) -> Item {
        Item {
            id: 0,
            title: title.trim().to_string(),
            description: None,
            lane: None,
            status: Status::Todo,
            value: None,
            impact: None,
            risk: None,
            effort: None,
            severity: None,
            horizon: Horizon::Later,
            pinned: false,
            due: None,
            owner: None,
            theme: None,
            parent: None,
            labels: Vec::new(),
            segment: None,
            metric: None,
            criteria: Vec::new(),
            blocked_by: Vec::new(),
            workaround: None,
            root_cause: None,
            prevention: None,
            duplicate_of: None,
            source: None,
            created: now,
            updated: now,
            started: None,
            finished: None,
        }
    }

    /// Checks the rules of section 1 that a single item must keep.
    pub fn validate(&self) -> Result<(), DomainError> {
        validate_title(&self.title)?;
        if let Some(d) = &self.description {
            if d.len() > MAX_DESCRIPTION {
                return Err(DomainError::invalid(format!(
                    "description is {} bytes; the limit is 64 KiB",
                    d.len()
                )));
            }
        }
        for (name, v) in [
            ("value", self.value),
            ("impact", self.impact),
            ("risk", self.risk),
            ("effort", self.effort),
        ] {
            if let Some(v) = v {
                check_scale(name, i64::from(v))?;
            }
        }
        for label in &self.labels {
            validate_label(label)?;
        }
        for c in &self.criteria {
            if text::is_blank(&c.text) {
                return Err(DomainError::invalid("a criterion needs some text"));
            }
            text::check("a criterion", &c.text, MAX_CRITERION, Shape::Lines)?;
        }
        for (what, value, max, shape) in [
            ("owner", &self.owner, MAX_OWNER, Shape::Line),
            ("segment", &self.segment, MAX_SEGMENT, Shape::Line),
            ("metric", &self.metric, MAX_METRIC, Shape::Line),
            ("workaround", &self.workaround, MAX_LONG_TEXT, Shape::Lines),
            ("root cause", &self.root_cause, MAX_LONG_TEXT, Shape::Lines),
            ("prevention", &self.prevention, MAX_LONG_TEXT, Shape::Lines),
        ] {
            if let Some(v) = value {
                text::check(what, v, max, shape)?;
            }
        }
        if let Some(d) = self.due {
            check_due(d)?;
        }
        if let Some(s) = &self.source {
            validate_source(s)?;
        }
        if self.parent == Some(self.id) && self.id != 0 {
            return Err(DomainError::invalid(format!(
                "#{} cannot be its own parent",
                self.id
            )));
        }
        Ok(())
    }

    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    /// How the item's finish reads, its time in `format`: "finished …", or for
    /// a finished item whose finish was never recorded (an export that gave
    /// none) that it was not; `None` for an open item.
    pub fn finish_words(&self, format: &str) -> Option<String> {
        match self.finished {
            Some(f) => Some(format!("finished {}", f.format(format))),
            None if !self.is_open() => Some("finished at a time not recorded".into()),
            None => None,
        }
    }

    /// True when a hot fix is finished without root cause and prevention.
    pub fn needs_postmortem(&self) -> bool {
        self.lane == Some(Lane::Hotfix)
            && self.status == Status::Done
            && (blank(self.root_cause.as_deref()) || blank(self.prevention.as_deref()))
    }

    /// Adds a label, keeping the set sorted and unique; a blank one is no label.
    pub fn add_label(&mut self, label: &str) {
        if super::text::is_blank(label) {
            return;
        }
        let label = label.trim().to_string();
        if let Err(pos) = self.labels.binary_search(&label) {
            self.labels.insert(pos, label);
        }
    }
}

impl Item {
    /// Every non-empty field as text, plus `created`: what the creation decision
    /// keeps so that redo can bring the item back exactly.
    ///
    /// A JSON object of strings, keys in [`Field::ALL`] order and `created` last,
    /// written directly: an import writes one for every item.
    pub fn snapshot(&self) -> String {
        self.snapshot_with(self.horizon)
    }

    /// [`Item::snapshot`] of the item with `horizon` as its horizon.
    pub fn snapshot_with(&self, horizon: Horizon) -> String {
        fn pair(out: &mut Vec<u8>, key: &str, value: &str) {
            out.push(if out.is_empty() { b'{' } else { b',' });
            // Writing a string into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *out, key);
            out.push(b':');
            let _ = serde_json::to_writer(&mut *out, value);
        }
        let mut out = Vec::with_capacity(512);
        for f in Field::ALL {
            if f == Field::Horizon {
                pair(&mut out, f.name(), horizon.as_str());
            } else if let Some(v) = f.text(self) {
                pair(&mut out, f.name(), &v);
            }
        }
        pair(&mut out, "created", &fmt_time(self.created));
        out.push(b'}');
        // serde_json writes valid UTF-8 from `&str` input.
        String::from_utf8(out).unwrap_or_default()
    }

    /// Rebuilds an item from [`Item::snapshot`].
    pub fn from_snapshot(id: i64, text: &str, now: DateTime<Utc>) -> Result<Item, DomainError> {
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| DomainError::invalid(format!("unreadable item snapshot: {e}")))?;
        let mut item = Item::new("", now);
        item.id = id;
        for (k, v) in &map {
            let Some(text) = v.as_str() else { continue };
            if k == "created" {
                item.created = parse_time(text)?;
            } else if let Some(f) = Field::from_name(k) {
                f.set(&mut item, Some(text))?;
            }
        }
        Ok(item)
    }

    /// The title recorded in a snapshot, for showing a creation in the log.
    pub fn snapshot_title(text: &str) -> Option<String> {
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).ok()?;
        map.get("title")?.as_str().map(str::to_string)
    }
}

/// A change of status a person asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusChange {
    Start,
    Done,
    Decline {
        duplicate_of: Option<i64>,
    },
    Reopen,
    /// `todo` → `doing` → `done`.
    Advance,
}

impl Item {
    /// Applies a status change, refusing the ones that make no sense from here.
    /// Declining needs a reason (`why`).
    pub fn change_status(&mut self, change: &StatusChange, why: &str) -> Result<(), DomainError> {
        let id = self.id;
        let here = self.status;
        let finished_first = || DomainError::invalid(format!("#{id} is {here}; reopen it first"));
        self.status = match change {
            StatusChange::Advance => match here {
                Status::Todo => Status::Doing,
                Status::Doing => Status::Done,
                _ => return Err(finished_first()),
            },
            StatusChange::Start => match here {
                Status::Todo => Status::Doing,
                Status::Doing => {
                    return Err(DomainError::invalid(format!("#{id} is already doing")))
                }
                _ => return Err(finished_first()),
            },
            StatusChange::Done => match here {
                Status::Todo | Status::Doing => Status::Done,
                _ => return Err(DomainError::invalid(format!("#{id} is already {here}"))),
            },
            StatusChange::Decline { duplicate_of } => {
                if why.trim().is_empty() {
                    return Err(DomainError::invalid(format!(
                        "declining #{id} needs a reason: add --why TEXT"
                    )));
                }
                if !here.is_open() {
                    return Err(DomainError::invalid(format!("#{id} is already {here}")));
                }
                if *duplicate_of == Some(id) {
                    return Err(DomainError::invalid(format!(
                        "#{id} cannot be a duplicate of itself"
                    )));
                }
                self.duplicate_of = *duplicate_of;
                Status::Declined
            }
            StatusChange::Reopen => {
                if here.is_open() {
                    return Err(DomainError::invalid(format!(
                        "#{id} is {here}, not finished; nothing to reopen"
                    )));
                }
                self.duplicate_of = None;
                Status::Todo
            }
        };
        Ok(())
    }

    /// Fills what follows from other fields: start and finish times, and the due
    /// date from the severity's SLA when a severity arrives without one.
    pub fn settle(
        &mut self,
        old: Option<&Item>,
        sla_days: impl Fn(Severity) -> u32,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) {
        self.stamp(old, now);
        self.fill_due(old, sla_days, today);
    }

    /// Start and finish times follow status changes: the first move to `doing`
    /// starts the item, a move to `done` or `declined` finishes it now, a reopen
    /// clears the finish. An item that stays finished keeps what it had, even an
    /// unknown finish (a tracker's export without a resolution date): an edit of
    /// its title is not the moment it was finished.
    fn stamp(&mut self, old: Option<&Item>, now: DateTime<Utc>) {
        if self.status == Status::Doing && self.started.is_none() {
            self.started = Some(now);
        }
        let was_open = old.is_none_or(|o| o.status.is_open());
        if self.status.is_open() {
            self.finished = None;
        } else if self.finished.is_none() && was_open {
            self.finished = Some(now);
        }
    }

    /// The due date from the severity's SLA, counted from `today`, when a
    /// severity arrives (or changes) on an item without a due date.
    pub fn fill_due(
        &mut self,
        old: Option<&Item>,
        sla_days: impl Fn(Severity) -> u32,
        today: NaiveDate,
    ) {
        let severity_changed = old.is_none_or(|o| o.severity != self.severity);
        if let (true, Some(sev), None) = (severity_changed, self.severity, self.due) {
            let days = sla_days(sev);
            if days > 0 {
                self.due = today.checked_add_days(chrono::Days::new(u64::from(days)));
            }
        }
    }
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// A title is 1–200 characters after trimming, on one line, with something
/// visible in it and no bidirectional overrides.
pub fn validate_title(title: &str) -> Result<(), DomainError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(DomainError::invalid("title must not be empty"));
    }
    if text::is_blank(t) {
        return Err(DomainError::invalid(
            "title must not be empty: it holds only invisible characters",
        ));
    }
    text::check("title", t, MAX_TITLE, Shape::Line)
}

fn validate_label(label: &str) -> Result<(), DomainError> {
    if text::is_blank(label) {
        return Err(DomainError::invalid("a label must not be empty"));
    }
    text::check("a label", label, MAX_LABEL, Shape::Line)
}

/// A due date must be written with four digits of year.
pub fn check_due(due: NaiveDate) -> Result<(), DomainError> {
    if due > LAST_DUE || due.year() < 1 {
        return Err(DomainError::invalid(format!(
            "due date {due} is out of range: a due date is between 0001-01-01 and 9999-12-31"
        )));
    }
    Ok(())
}

/// Longest `source`, in characters.
pub const MAX_SOURCE: usize = 300;

/// A source is one line of at most [`MAX_SOURCE`] characters, like `jira:SR-12`.
pub fn validate_source(source: &str) -> Result<(), DomainError> {
    if source.trim().is_empty() {
        return Err(DomainError::invalid("a source must not be empty"));
    }
    if source.chars().count() > MAX_SOURCE {
        return Err(DomainError::invalid(format!(
            "a source is at most {MAX_SOURCE} characters"
        )));
    }
    if source.chars().any(char::is_control) {
        return Err(DomainError::invalid(
            "a source must not contain control characters",
        ));
    }
    Ok(())
}

/// Formats a timestamp as RFC 3339 in UTC, to the second.
pub fn fmt_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses an RFC 3339 timestamp into UTC.
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, DomainError> {
    // The store writes `YYYY-MM-DDTHH:MM:SSZ`: read that without the general parser.
    let b = text.as_bytes();
    if b.len() == 20 && b[19] == b'Z' && b[10] == b'T' {
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
        let date = super::dates::iso_date(&text[..10]);
        let time = (|| chrono::NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?))();
        if let (Some(d), Some(t), b':', b':') = (date, time, b[13], b[16]) {
            return Ok(d.and_time(t).and_utc());
        }
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| DomainError::invalid(format!("invalid timestamp '{text}': use RFC 3339")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_bounded_and_free_of_control_characters() {
        assert!(validate_title("  Fix login  ").is_ok());
        assert_eq!(
            validate_title("   ").unwrap_err().to_string(),
            "title must not be empty"
        );
        assert_eq!(
            validate_title(&"x".repeat(201)).unwrap_err().to_string(),
            "title is 201 characters; the limit is 200"
        );
        assert!(validate_title(&"é".repeat(200)).is_ok());
        assert!(validate_title("bad \x1b[31m red").is_err());
        assert!(validate_title("tab\there").is_err());
    }

    #[test]
    fn a_snapshot_is_the_json_object_of_its_fields_as_text() {
        let now = parse_time("2026-11-21T09:00:00Z").unwrap();
        let mut item = Item::new("Say \"hi\" \\ then\nleave \u{1f} é 🚀 </tag>", now);
        item.id = 9;
        item.description = Some("line one\r\n\tline two \u{7f}".into());
        item.lane = Some(Lane::Hotfix);
        item.value = Some(8);
        item.severity = Some(Severity::S2);
        item.labels = vec!["a\"b".into(), "web".into()];
        item.criteria = vec![Criterion {
            text: "works \"offline\"".into(),
            done: true,
        }];
        item.blocked_by = vec![2, 3];
        item.finished = Some(now);
        // What the snapshot must equal: the object built with serde_json's own map.
        let mut map = serde_json::Map::new();
        for f in Field::ALL {
            if let Some(v) = f.get(&item) {
                map.insert(f.name().to_string(), serde_json::Value::String(v));
            }
        }
        map.insert("created".into(), fmt_time(item.created).into());
        assert_eq!(item.snapshot(), serde_json::Value::Object(map).to_string());
        assert_eq!(Item::from_snapshot(9, &item.snapshot(), now).unwrap(), item);
        let text = |f: Field| f.get(&item);
        assert_eq!(text(Field::Lane).as_deref(), Some("hotfix"));
        assert_eq!(text(Field::Status).as_deref(), Some("todo"));
        assert_eq!(text(Field::Severity).as_deref(), Some("S2"));
        assert_eq!(text(Field::Horizon).as_deref(), Some("later"));
        assert_eq!(text(Field::Pinned).as_deref(), Some("false"));
        assert_eq!(text(Field::Value).as_deref(), Some("8"));
        assert_eq!(text(Field::BlockedBy).as_deref(), Some("[2,3]"));
        assert_eq!(
            text(Field::Finished).as_deref(),
            Some("2026-11-21T09:00:00Z")
        );
    }

    #[test]
    fn a_snapshot_with_another_horizon_is_the_snapshot_of_the_item_with_it() {
        let now = parse_time("2026-11-21T09:00:00Z").unwrap();
        let mut item = Item::new("x", now);
        item.pinned = true;
        for h in [Horizon::Now, Horizon::Next, Horizon::Later] {
            let moved = Item {
                horizon: h,
                ..item.clone()
            };
            assert_eq!(item.snapshot_with(h), moved.snapshot());
        }
        item.horizon = Horizon::Next;
        assert_eq!(item.snapshot_with(Horizon::Next), item.snapshot());
    }
}

//! An item's fields by name, as text: what decisions record and undo writes back.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::item::{fmt_time, parse_scale, parse_time};
use super::{DomainError, Horizon, Item, Lane, Severity, Status};

/// The fields of an item that decisions record, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Description,
    Lane,
    Status,
    Value,
    Impact,
    Risk,
    Effort,
    Severity,
    Horizon,
    Pinned,
    Due,
    Owner,
    Theme,
    Parent,
    Labels,
    Segment,
    Metric,
    Criteria,
    BlockedBy,
    Workaround,
    RootCause,
    Prevention,
    DuplicateOf,
    Source,
    Started,
    Finished,
}

impl Field {
    pub const ALL: [Field; 27] = [
        Field::Title,
        Field::Description,
        Field::Lane,
        Field::Status,
        Field::Value,
        Field::Impact,
        Field::Risk,
        Field::Effort,
        Field::Severity,
        Field::Horizon,
        Field::Pinned,
        Field::Due,
        Field::Owner,
        Field::Theme,
        Field::Parent,
        Field::Labels,
        Field::Segment,
        Field::Metric,
        Field::Criteria,
        Field::BlockedBy,
        Field::Workaround,
        Field::RootCause,
        Field::Prevention,
        Field::DuplicateOf,
        Field::Source,
        Field::Started,
        Field::Finished,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Description => "description",
            Field::Lane => "lane",
            Field::Status => "status",
            Field::Value => "value",
            Field::Impact => "impact",
            Field::Risk => "risk",
            Field::Effort => "effort",
            Field::Severity => "severity",
            Field::Horizon => "horizon",
            Field::Pinned => "pinned",
            Field::Due => "due",
            Field::Owner => "owner",
            Field::Theme => "theme",
            Field::Parent => "parent",
            Field::Labels => "labels",
            Field::Segment => "segment",
            Field::Metric => "metric",
            Field::Criteria => "criteria",
            Field::BlockedBy => "blocked_by",
            Field::Workaround => "workaround",
            Field::RootCause => "root_cause",
            Field::Prevention => "prevention",
            Field::DuplicateOf => "duplicate_of",
            Field::Source => "source",
            Field::Started => "started",
            Field::Finished => "finished",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// The field's value in `item`, as decisions record it (`None` when empty).
    pub fn get(self, item: &Item) -> Option<String> {
        self.text(item).map(Cow::into_owned)
    }

    /// [`Field::get`], borrowing the text the item holds as text.
    pub fn text(self, item: &Item) -> Option<Cow<'_, str>> {
        fn opt<T: ToString>(v: Option<T>) -> Option<Cow<'static, str>> {
            v.map(|v| Cow::Owned(v.to_string()))
        }
        fn held(v: Option<&str>) -> Option<Cow<'_, str>> {
            v.map(Cow::Borrowed)
        }
        let word = |w: &'static str| Some(Cow::Borrowed(w));
        match self {
            Field::Title => Some(Cow::Borrowed(&item.title)),
            Field::Description => held(item.description.as_deref()),
            Field::Lane => item.lane.and_then(|l| word(l.as_str())),
            Field::Status => word(item.status.as_str()),
            Field::Value => opt(item.value),
            Field::Impact => opt(item.impact),
            Field::Risk => opt(item.risk),
            Field::Effort => opt(item.effort),
            Field::Severity => item.severity.and_then(|s| word(s.as_str())),
            Field::Horizon => word(item.horizon.as_str()),
            Field::Pinned => word(if item.pinned { "true" } else { "false" }),
            Field::Due => opt(item.due),
            Field::Owner => held(item.owner.as_deref()),
            Field::Theme => opt(item.theme),
            Field::Parent => opt(item.parent),
            Field::Labels => json_list(&item.labels),
            Field::Segment => held(item.segment.as_deref()),
            Field::Metric => held(item.metric.as_deref()),
            Field::Criteria => json_list(&item.criteria),
            Field::BlockedBy => json_list(&item.blocked_by),
            Field::Workaround => held(item.workaround.as_deref()),
            Field::RootCause => held(item.root_cause.as_deref()),
            Field::Prevention => held(item.prevention.as_deref()),
            Field::DuplicateOf => opt(item.duplicate_of),
            Field::Source => held(item.source.as_deref()),
            Field::Started => item.started.map(|t| Cow::Owned(fmt_time(t))),
            Field::Finished => item.finished.map(|t| Cow::Owned(fmt_time(t))),
        }
    }

    /// Sets the field in `item` from its text form (the inverse of [`Field::get`]).
    pub fn set(self, item: &mut Item, text: Option<&str>) -> Result<(), DomainError> {
        fn id(text: Option<&str>) -> Result<Option<i64>, DomainError> {
            text.map(|t| {
                t.trim_start_matches('#')
                    .parse()
                    .map_err(|_| DomainError::invalid(format!("invalid id '{t}'")))
            })
            .transpose()
        }
        fn time(text: Option<&str>) -> Result<Option<DateTime<Utc>>, DomainError> {
            text.map(parse_time).transpose()
        }
        fn list<T: for<'de> Deserialize<'de>>(text: Option<&str>) -> Result<Vec<T>, DomainError> {
            text.map_or(Ok(Vec::new()), |t| {
                serde_json::from_str(t)
                    .map_err(|e| DomainError::invalid(format!("invalid list: {e}")))
            })
        }
        let owned = || text.map(str::to_string);
        let required = |what: &str| {
            text.ok_or_else(|| DomainError::invalid(format!("{what} cannot be empty")))
        };
        match self {
            Field::Title => item.title = required("title")?.to_string(),
            Field::Description => item.description = owned(),
            Field::Lane => item.lane = text.map(Lane::parse).transpose()?,
            Field::Status => item.status = Status::parse(required("status")?)?,
            Field::Value => item.value = text.map_or(Ok(None), |t| parse_scale("value", t))?,
            Field::Impact => item.impact = text.map_or(Ok(None), |t| parse_scale("impact", t))?,
            Field::Risk => item.risk = text.map_or(Ok(None), |t| parse_scale("risk", t))?,
            Field::Effort => item.effort = text.map_or(Ok(None), |t| parse_scale("effort", t))?,
            Field::Severity => item.severity = text.map(Severity::parse).transpose()?,
            Field::Horizon => item.horizon = Horizon::parse(required("horizon")?)?,
            Field::Pinned => item.pinned = required("pinned")? == "true",
            Field::Due => {
                item.due = text
                    .map(|t| {
                        NaiveDate::parse_from_str(t, "%Y-%m-%d")
                            .map_err(|_| DomainError::invalid(format!("invalid date '{t}'")))
                    })
                    .transpose()?;
            }
            Field::Owner => item.owner = owned(),
            Field::Theme => item.theme = id(text)?,
            Field::Parent => item.parent = id(text)?,
            Field::Labels => item.labels = list(text)?,
            Field::Segment => item.segment = owned(),
            Field::Metric => item.metric = owned(),
            Field::Criteria => item.criteria = list(text)?,
            Field::BlockedBy => item.blocked_by = list(text)?,
            Field::Workaround => item.workaround = owned(),
            Field::RootCause => item.root_cause = owned(),
            Field::Prevention => item.prevention = owned(),
            Field::DuplicateOf => item.duplicate_of = id(text)?,
            Field::Source => item.source = owned(),
            Field::Started => item.started = time(text)?,
            Field::Finished => item.finished = time(text)?,
        }
        Ok(())
    }
}

fn json_list<T: Serialize>(list: &[T]) -> Option<Cow<'static, str>> {
    if list.is_empty() {
        None
    } else {
        serde_json::to_string(list).ok().map(Cow::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Criterion;

    fn now() -> DateTime<Utc> {
        parse_time("2026-11-21T09:00:00Z").unwrap()
    }

    #[test]
    fn every_field_round_trips_through_its_text_form() {
        let mut a = Item::new("Checkout fails", now());
        a.id = 4;
        a.lane = Some(Lane::Hotfix);
        a.value = Some(8);
        a.severity = Some(Severity::S2);
        a.due = NaiveDate::from_ymd_opt(2026, 11, 24);
        a.labels = vec!["payments".into(), "web".into()];
        a.criteria = vec![Criterion {
            text: "refund works".into(),
            done: true,
        }];
        a.blocked_by = vec![2, 3];
        a.started = Some(now());
        let mut b = Item::new("other", now());
        b.id = 4;
        for f in Field::ALL {
            f.set(&mut b, f.get(&a).as_deref()).unwrap();
        }
        assert_eq!(a, b);
    }
}

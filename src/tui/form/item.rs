//! The item forms: add (every field, criteria and the description too) and
//! edit (every field it holds on one line).

use chrono::NaiveDate;

use super::{Context, Form, FormField, Key, Purpose, Refusal};
use crate::domain::item::validate_title;
use crate::domain::parse::{parse_due, parse_item_id, parse_lane, parse_scale, parse_severity};
use crate::domain::record::find_theme;
use crate::domain::{Criterion, Field, Item, Lane, Theme};
use crate::tui::app::Change;

/// The fields both forms have, in order.
const FIELDS: [Field; 15] = [
    Field::Title,
    Field::Lane,
    Field::Value,
    Field::Impact,
    Field::Risk,
    Field::Effort,
    Field::Severity,
    Field::Owner,
    Field::Due,
    Field::Theme,
    Field::Labels,
    Field::Segment,
    Field::Metric,
    Field::Workaround,
    Field::Parent,
];

/// What only the add form has: the edit form leaves criteria to `c` and `t`
/// (each keeps whether it is done) and the description to `E` (the editor).
const ADD_ONLY: [Field; 2] = [Field::Criteria, Field::Description];

fn hint(field: Field) -> &'static str {
    match field {
        Field::Title => "required, up to 200 characters",
        Field::Lane => "hotfix stability feature bet (h s f b, 1–4), or empty for the Inbox",
        Field::Value | Field::Impact | Field::Risk | Field::Effort => "1 2 3 5 8 13 20",
        Field::Severity => "S1 S2 S3 S4",
        Field::Due => "YYYY-MM-DD, today, tomorrow, friday, +3d, +2w",
        Field::Theme => "theme id or name",
        Field::Labels => "comma-separated",
        Field::Parent => "item id",
        Field::Criteria => "acceptance criteria, separated by ;",
        Field::Description => "one line here; E opens the editor for more",
        _ => "",
    }
}

fn field(f: Field, text: &str) -> FormField {
    FormField::new(Key::Item(f), f.name().replace('_', " "), text, hint(f))
}

/// The field's current value as the form shows it.
fn shown(item: &Item, field: Field, themes: &[Theme]) -> String {
    match field {
        Field::Labels => item.labels.join(", "),
        Field::Theme => item
            .theme
            .and_then(|t| themes.iter().find(|x| x.id == t))
            .map_or_else(
                || item.theme.map(|t| t.to_string()).unwrap_or_default(),
                |t| t.name.clone(),
            ),
        _ => field.get(item).unwrap_or_default(),
    }
}

impl Form {
    /// The add form, in `lane` when one is given.
    pub fn add(lane: Option<Lane>) -> Form {
        let fields = FIELDS
            .iter()
            .chain(ADD_ONLY.iter())
            .map(|f| {
                let text = if *f == Field::Lane {
                    lane.map_or("", Lane::as_str)
                } else {
                    ""
                };
                field(*f, text)
            })
            .collect();
        Form::of(Purpose::AddItem, fields)
    }

    pub fn edit(item: &Item, themes: &[Theme]) -> Form {
        let fields = FIELDS
            .iter()
            .map(|f| field(*f, &shown(item, *f, themes)))
            .collect();
        Form::of(Purpose::EditItem(Box::new(item.clone())), fields)
    }
}

pub(super) fn submit(form: &Form, cx: &Context<'_>) -> Result<Option<Change>, Refusal> {
    let mut values = Vec::new();
    for (i, key, text) in form.answers() {
        let Key::Item(f) = key else {
            continue;
        };
        let v = canonical(f, text, cx.today, cx.themes).map_err(|e| (Some(i), e))?;
        values.push((f, v));
    }
    match &form.purpose {
        Purpose::EditItem(item) => {
            let changed: Vec<(Field, Option<String>)> = values
                .into_iter()
                .filter(|(f, v)| f.get(item) != *v)
                .collect();
            Ok((!changed.is_empty()).then_some(Change::Fields {
                id: item.id,
                fields: changed,
            }))
        }
        _ => Ok(Some(Change::Add { fields: values })),
    }
}

/// A field's typed text as decisions record it (`None` when empty), or why
/// not. Lanes, severities, dates, scale values and ids are read by
/// `domain::parse`, as the command line and the importers read them.
fn canonical(
    field: Field,
    t: &str,
    today: NaiveDate,
    themes: &[Theme],
) -> Result<Option<String>, String> {
    if t.is_empty() {
        return if field == Field::Title {
            Err("the title is required".into())
        } else {
            Ok(None)
        };
    }
    let bad = |e: crate::domain::DomainError| e.to_string();
    Ok(Some(match field {
        Field::Title => {
            validate_title(t).map_err(bad)?;
            t.to_string()
        }
        Field::Lane => return Ok(parse_lane(t).map_err(bad)?.map(|l| l.to_string())),
        Field::Value | Field::Impact | Field::Risk | Field::Effort => {
            return Ok(parse_scale(field.name(), t)
                .map_err(bad)?
                .map(|n| n.to_string()))
        }
        Field::Severity => return Ok(parse_severity(t).map_err(bad)?.map(|s| s.to_string())),
        Field::Due => return Ok(parse_due(t, today).map_err(bad)?.map(|d| d.to_string())),
        Field::Theme => theme_id(themes, t)?.to_string(),
        Field::Parent => parse_item_id(t)
            .ok_or_else(|| format!("parent must be an item id like 42, not '{t}'"))?
            .to_string(),
        Field::Labels => {
            let mut labels: Vec<String> = t
                .split(',')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            labels.sort();
            labels.dedup();
            if labels.is_empty() {
                return Ok(None);
            }
            serde_json::to_string(&labels).map_err(|e| e.to_string())?
        }
        Field::Criteria => {
            let criteria: Vec<Criterion> = t
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| Criterion {
                    text: c.to_string(),
                    done: false,
                })
                .collect();
            if criteria.is_empty() {
                return Ok(None);
            }
            serde_json::to_string(&criteria).map_err(|e| e.to_string())?
        }
        _ => {
            if t.chars().any(char::is_control) {
                return Err(format!("{} must be one line of text", field.name()));
            }
            t.to_string()
        }
    }))
}

/// A theme named in the form, with the way to add one in the TUI.
fn theme_id(themes: &[Theme], text: &str) -> Result<i64, String> {
    find_theme(themes, text).map(|t| t.id).map_err(|e| {
        if themes.is_empty() {
            format!("there is no theme '{text}' yet: add one on the themes screen (T)")
        } else {
            format!("{e}; or add one on the themes screen (T)")
        }
    })
}

//! The add and edit forms: one text field per item field, checked as a whole
//! before anything is written.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::app::Change;
use super::input::Input;
use crate::domain::dates::parse_date;
use crate::domain::item::{parse_scale, validate_title};
use crate::domain::record::find_theme;
use crate::domain::{Field, Item, Lane, Severity, Theme};

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub field: Field,
    pub input: Input,
    /// What may be typed, shown beside the field.
    pub hint: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The item being edited; `None` when adding.
    pub original: Option<Item>,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub error: Option<String>,
}

const ADD_FIELDS: [Field; 10] = [
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
];

const EDIT_EXTRA: [Field; 5] = [
    Field::Labels,
    Field::Segment,
    Field::Metric,
    Field::Workaround,
    Field::Parent,
];

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
        _ => "",
    }
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
    pub fn add(lane: Option<Lane>) -> Form {
        let fields = ADD_FIELDS
            .iter()
            .map(|f| FormField {
                field: *f,
                input: Input::new(if *f == Field::Lane {
                    lane.map_or("", Lane::as_str)
                } else {
                    ""
                }),
                hint: hint(*f),
            })
            .collect();
        Form {
            original: None,
            fields,
            focus: 0,
            error: None,
        }
    }

    pub fn edit(item: &Item, themes: &[Theme]) -> Form {
        let fields = ADD_FIELDS
            .iter()
            .chain(EDIT_EXTRA.iter())
            .map(|f| FormField {
                field: *f,
                input: Input::new(&shown(item, *f, themes)),
                hint: hint(*f),
            })
            .collect();
        Form {
            original: Some(item.clone()),
            fields,
            focus: 0,
            error: None,
        }
    }

    pub fn title(&self) -> String {
        match &self.original {
            Some(item) => format!("Edit #{}", item.id),
            None => "Add an item".into(),
        }
    }

    pub fn focus_next(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
    }

    pub fn edit_key(&mut self, key: &KeyEvent) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.input.handle(key);
            self.error = None;
        }
    }

    /// Checks every field. `Ok(None)` when an edit changes nothing; on a bad
    /// field, focuses it and returns the message (also kept in `error`).
    pub fn submit(&mut self, today: NaiveDate, themes: &[Theme]) -> Result<Option<Change>, String> {
        let mut values = Vec::new();
        for (i, f) in self.fields.iter().enumerate() {
            match canonical(f.field, f.input.text(), today, themes) {
                Ok(v) => values.push((f.field, v)),
                Err(e) => {
                    self.focus = i;
                    self.error = Some(e.clone());
                    return Err(e);
                }
            }
        }
        match &self.original {
            None => Ok(Some(Change::Add { fields: values })),
            Some(item) => {
                let changed: Vec<(Field, Option<String>)> = values
                    .into_iter()
                    .filter(|(f, v)| f.get(item) != *v)
                    .collect();
                Ok((!changed.is_empty()).then_some(Change::Fields {
                    id: item.id,
                    fields: changed,
                }))
            }
        }
    }
}

/// A field's typed text as decisions record it (`None` when empty), or why not.
fn canonical(
    field: Field,
    text: &str,
    today: NaiveDate,
    themes: &[Theme],
) -> Result<Option<String>, String> {
    let t = text.trim();
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
        Field::Lane => return Ok(Lane::typed(t).map_err(bad)?.map(|l| l.to_string())),
        Field::Value | Field::Impact | Field::Risk | Field::Effort => {
            return Ok(parse_scale(field.name(), t)
                .map_err(bad)?
                .map(|n| n.to_string()))
        }
        Field::Severity => Severity::parse(t).map_err(bad)?.to_string(),
        Field::Due => parse_date(t, today).map_err(bad)?.to_string(),
        Field::Theme => find_theme(themes, t).map_err(bad)?.id.to_string(),
        Field::Parent => t
            .trim_start_matches('#')
            .parse::<i64>()
            .map_err(|_| format!("parent must be an item id like 42, not '{t}'"))?
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
        _ => {
            if t.chars().any(char::is_control) {
                return Err(format!("{} must be one line of text", field.name()));
            }
            t.to_string()
        }
    }))
}

//! The theme forms: a new theme (name, outcome), or one as it is (name,
//! outcome, status). A name another theme holds is refused here, before the
//! reason is asked; what the store still refuses comes back here too.

use super::{Context, Form, FormField, Key, Purpose, Refusal};
use crate::domain::{Theme, ThemeStatus};
use crate::tui::app::Change;

impl Form {
    pub fn add_theme() -> Form {
        Form::of(
            Purpose::AddTheme,
            vec![
                FormField::new(Key::ThemeName, "name", "", "required, up to 100 characters"),
                FormField::new(
                    Key::ThemeOutcome,
                    "outcome",
                    "",
                    "the measurable outcome, e.g. cut time-to-first-sale by 50%",
                ),
            ],
        )
    }

    pub fn edit_theme(theme: &Theme) -> Form {
        Form::of(
            Purpose::EditTheme(theme.clone()),
            vec![
                FormField::new(
                    Key::ThemeName,
                    "name",
                    &theme.name,
                    "required, up to 100 characters",
                ),
                FormField::new(
                    Key::ThemeOutcome,
                    "outcome",
                    theme.outcome.as_deref().unwrap_or(""),
                    "the measurable outcome; empty clears it",
                ),
                FormField::new(
                    Key::ThemeStatus,
                    "status",
                    theme.status.as_str(),
                    "active, done or dropped",
                ),
            ],
        )
    }
}

pub(super) fn submit(form: &Form, cx: &Context<'_>) -> Result<Option<Change>, Refusal> {
    let mut name = String::new();
    let mut outcome = None;
    let mut status = ThemeStatus::Active;
    for (i, key, text) in form.answers() {
        match key {
            Key::ThemeName => name = text.to_string(),
            Key::ThemeOutcome => outcome = (!text.is_empty()).then(|| text.to_string()),
            Key::ThemeStatus => {
                status = ThemeStatus::parse(text).map_err(|e| (Some(i), e.to_string()))?;
            }
            _ => {}
        }
    }
    let old = match &form.purpose {
        Purpose::EditTheme(t) => Some(t),
        _ => None,
    };
    let new = Theme {
        id: old.map_or(0, |t| t.id),
        name: name.clone(),
        outcome: outcome.clone(),
        status,
    };
    // The domain's checks, before the reason is asked: the name and outcome,
    // and a name no other theme holds in any case (the store checks again
    // when it writes, against what it holds then).
    new.validate().map_err(|e| {
        let at = usize::from(!e.to_string().contains("name"));
        (Some(at), e.to_string())
    })?;
    Theme::check_name_free(cx.themes, new.id, &new.name).map_err(|e| (Some(0), e.to_string()))?;
    let Some(old) = old else {
        return Ok(Some(Change::AddTheme { name, outcome }));
    };
    if *old == new {
        return Ok(None);
    }
    Ok(Some(Change::EditTheme {
        id: old.id,
        name: (old.name != name).then_some(name),
        outcome: (old.outcome != outcome).then_some(outcome),
        status: (old.status != status).then_some(status),
    }))
}

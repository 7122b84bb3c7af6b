//! What the log keeps: themes and decisions.

use super::filter::same_name;
use super::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeStatus {
    Active,
    Done,
    Dropped,
}

impl ThemeStatus {
    pub const ALL: [ThemeStatus; 3] =
        [ThemeStatus::Active, ThemeStatus::Done, ThemeStatus::Dropped];

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeStatus::Active => "active",
            ThemeStatus::Done => "done",
            ThemeStatus::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                DomainError::invalid(format!(
                    "unknown theme status '{text}'{}: use one of active, done, dropped",
                    super::suggest::did_you_mean(text, ["active", "done", "dropped"])
                ))
            })
    }
}

/// A roadmap theme: a name and the measurable outcome it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub id: i64,
    pub name: String,
    pub outcome: Option<String>,
    pub status: ThemeStatus,
}

impl Theme {
    pub fn validate_name(name: &str) -> Result<(), DomainError> {
        let t = name.trim();
        if super::text::is_blank(t) {
            return Err(DomainError::invalid("a theme name must not be empty"));
        }
        super::text::check("a theme name", t, 100, super::text::Shape::Line)
    }

    /// The name and the outcome (at most 500 characters, on one line).
    pub fn validate(&self) -> Result<(), DomainError> {
        Self::validate_name(&self.name)?;
        if let Some(o) = &self.outcome {
            super::text::check("a theme outcome", o, 500, super::text::Shape::Line)?;
        }
        Ok(())
    }

    /// True when the theme is named `name`, ignoring case: names are unique
    /// that way, and looked up that way ([`find_theme`]), as owners and labels
    /// compare ([`same_name`]: SQLite's `NOCASE`, which the schema's unique
    /// index on theme names uses too).
    pub fn is_named(&self, name: &str) -> bool {
        same_name(&self.name, name.trim())
    }

    /// Refuses `name` for theme `id` (0 for a new one) when another of
    /// `themes` has it ([`Theme::is_named`]).
    pub fn check_name_free(themes: &[Theme], id: i64, name: &str) -> Result<(), DomainError> {
        let name = name.trim();
        let Some(taken) = themes.iter().find(|t| t.id != id && t.is_named(name)) else {
            return Ok(());
        };
        Err(DomainError::invalid(if taken.name == name {
            format!("a theme named '{name}' already exists (#{})", taken.id)
        } else {
            format!(
                "a theme named '{}' already exists (#{}); names ignore case",
                taken.name, taken.id
            )
        }))
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision {
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

/// One user action as the log keeps it, with what undo and redo need to know:
/// its kind (`change`, `undo`, `redo`, `import`), the action an undo or redo
/// targets, and whether it is in effect (`done`), `undone`, or `abandoned`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: i64,
    pub at: String,
    pub by: String,
    pub kind: String,
    pub target: Option<i64>,
    pub state: String,
    pub undone_by: Option<i64>,
}

/// The field name of a decision about a theme.
pub fn theme_field(theme: i64, field: &str) -> String {
    format!("theme:{theme}:{field}")
}

/// Splits `theme:3:name` into `(3, "name")`.
pub fn parse_theme_field(field: &str) -> Option<(i64, &str)> {
    let rest = field.strip_prefix("theme:")?;
    let (id, f) = rest.split_once(':')?;
    Some((id.parse().ok()?, f))
}

/// The field name of the decision that records an item's creation; its `new`
/// value holds the item's fields, so redo can bring it back.
pub const CREATED: &str = "created";

/// The theme `text` names: its id (`2` or `#2`), its name (ignoring case, as
/// names are unique), or a part of its name that only one theme has, in any
/// case.
pub fn find_theme<'a>(themes: &'a [Theme], text: &str) -> Result<&'a Theme, DomainError> {
    let text = text.trim();
    let id = text.trim_start_matches('#').parse::<i64>().ok();
    if let Some(t) = themes.iter().find(|t| Some(t.id) == id || t.is_named(text)) {
        return Ok(t);
    }
    let wanted = super::filter::fold(text);
    let matching: Vec<&Theme> = themes
        .iter()
        .filter(|t| super::filter::fold(&t.name).contains(&wanted))
        .collect();
    if let [one] = matching[..] {
        return Ok(one);
    }
    let listed = |list: &[&Theme]| {
        list.iter()
            .map(|t| format!("#{} {}", t.id, t.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = listed(&themes.iter().collect::<Vec<_>>());
    Err(DomainError::invalid(if names.is_empty() {
        format!("there is no theme '{text}': add one with `lanes theme add NAME`")
    } else if matching.len() > 1 {
        // Only the themes it matches: the way to tell them apart.
        format!(
            "'{text}' matches several themes: use one of {}",
            listed(&matching)
        )
    } else {
        format!(
            "there is no theme '{text}'{}: use one of {}",
            super::suggest::did_you_mean(text, themes.iter().map(|t| t.name.as_str())),
            names
        )
    }))
}

/// A decision's field as people say it: `root cause`, `blocked by`,
/// `theme #2 outcome`, `policy weight.value`.
pub fn field_words(field: &str, about_item: bool) -> String {
    if let Some((id, f)) = parse_theme_field(field) {
        return format!("theme #{id} {}", f.replace('_', " "));
    }
    if about_item {
        field.replace('_', " ")
    } else {
        format!("policy {field}")
    }
}

/// The decisions of a stretch of the log that still stand at its end, and how
/// many of its decisions are undone by then. `actions` are the actions the
/// decisions belong to.
///
/// A change of the stretch stands while it is in effect; one undone at the end
/// (or abandoned after its undo) is left out and counted. The undo or redo of
/// a change of the stretch only moves that change, so its own records are not
/// decisions of the stretch: left out, not counted (a change undone and then
/// redone stands, with its own decisions, and nothing is undone). The undo or
/// redo of a change from before the stretch is a change made in it.
pub fn standing(decisions: &[Decision], actions: &[Action]) -> (Vec<Decision>, usize) {
    let ours: std::collections::HashSet<i64> = actions.iter().map(|a| a.id).collect();
    let action = |id: i64| actions.iter().find(|a| a.id == id);
    let replays_ours = |a: &Action| {
        matches!(a.kind.as_str(), "undo" | "redo") && a.target.is_some_and(|t| ours.contains(&t))
    };
    let mut kept = Vec::new();
    let mut undone = 0;
    for d in decisions {
        match action(d.action) {
            Some(a) if replays_ours(a) => {}
            Some(a) if a.state != "done" => undone += 1,
            _ => kept.push(d.clone()),
        }
    }
    (kept, undone)
}

/// A decision's old or new value as people read it: lists as lists, a created
/// item by its title, cut to `max` characters.
pub fn value_text(field: &str, value: Option<&str>, max: usize) -> String {
    let Some(v) = value else {
        // An item with no lane is in the Inbox.
        return if field == "lane" { "Inbox" } else { "none" }.into();
    };
    let text = match field {
        "criteria" => serde_json::from_str::<Vec<super::Criterion>>(v).map_or_else(
            |_| v.to_string(),
            |list| {
                list.iter()
                    .map(|c| format!("[{}] {}", if c.done { "x" } else { " " }, c.text))
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ),
        "labels" => {
            serde_json::from_str::<Vec<String>>(v).map_or_else(|_| v.to_string(), |l| l.join(", "))
        }
        "blocked_by" => serde_json::from_str::<Vec<i64>>(v).map_or_else(
            |_| v.to_string(),
            |l| {
                l.iter()
                    .map(|i| format!("#{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        CREATED => {
            super::Item::snapshot_title(v).map_or_else(|| v.to_string(), |t| format!("\"{t}\""))
        }
        _ => v.to_string(),
    };
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod find_tests {
    use super::*;

    fn theme(id: i64, name: &str) -> Theme {
        Theme {
            id,
            name: name.into(),
            outcome: None,
            status: ThemeStatus::Active,
        }
    }

    #[test]
    fn a_theme_is_found_by_id_name_or_a_part_only_it_has() {
        let themes = [
            theme(1, "Mobile checkout"),
            theme(2, "Trust and reliability"),
            theme(3, "Checkout speed"),
        ];
        assert_eq!(find_theme(&themes, "#2").unwrap().id, 2);
        assert_eq!(find_theme(&themes, "mobile checkout").unwrap().id, 1);
        assert_eq!(find_theme(&themes, "trust").unwrap().id, 2);
        let err = find_theme(&themes, "checkout").unwrap_err().to_string();
        assert_eq!(
            err,
            "'checkout' matches several themes: use one of #1 Mobile checkout, #3 Checkout speed",
            "only the themes it matches"
        );
        assert_eq!(find_theme(&themes, "CHECKOUT SPEED").unwrap().id, 3);
        let err = find_theme(&themes, "search").unwrap_err().to_string();
        assert!(
            err.starts_with("there is no theme 'search': use one of"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    fn theme(id: i64, name: &str) -> Theme {
        Theme {
            id,
            name: name.into(),
            outcome: None,
            status: ThemeStatus::Active,
        }
    }

    #[test]
    fn a_theme_name_is_taken_by_another_theme_with_it_in_any_case() {
        let themes = [
            theme(1, "Mobile checkout"),
            theme(3, "Trust and reliability"),
        ];
        let err = Theme::check_name_free(&themes, 0, "Mobile checkout").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a theme named 'Mobile checkout' already exists (#1)"
        );
        let err = Theme::check_name_free(&themes, 0, " trust AND reliability ").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a theme named 'Trust and reliability' already exists (#3); names ignore case"
        );
        assert!(Theme::check_name_free(&themes, 0, "Trust").is_ok());
        // A theme keeps its own name, or changes only its case.
        assert!(Theme::check_name_free(&themes, 3, "TRUST and reliability").is_ok());
        assert!(Theme::check_name_free(&themes, 3, "mobile checkout").is_err());
    }
}

#[cfg(test)]
mod standing_tests {
    use super::*;

    fn action(id: i64, kind: &str, target: Option<i64>, state: &str) -> Action {
        Action {
            id,
            at: String::new(),
            by: "ana".into(),
            kind: kind.into(),
            target,
            state: state.into(),
            undone_by: None,
        }
    }

    fn decision(id: i64, action: i64) -> Decision {
        Decision {
            id,
            action,
            at: String::new(),
            by: "ana".into(),
            item: Some(1),
            field: "lane".into(),
            old: None,
            new: Some("feature".into()),
            why: String::new(),
        }
    }

    #[test]
    fn only_what_is_undone_at_the_end_counts_as_undone_and_a_redone_change_stands() {
        let actions = [
            action(10, "change", None, "done"),
            action(11, "change", None, "undone"),
            action(12, "undo", Some(11), "done"),
            action(13, "change", None, "done"),
            action(14, "undo", Some(13), "done"),
            action(15, "redo", Some(13), "done"),
            // The undo of an action from before the stretch is a change made in it.
            action(16, "undo", Some(3), "done"),
        ];
        let decisions: Vec<Decision> = [10, 11, 12, 13, 14, 15, 16]
            .iter()
            .enumerate()
            .map(|(i, a)| decision(i as i64 + 1, *a))
            .collect();
        let (kept, undone) = standing(&decisions, &actions);
        let kept: Vec<i64> = kept.iter().map(|d| d.action).collect();
        assert_eq!(kept, vec![10, 13, 16]);
        // Only 11's decision: 13 was undone and redone, and the records of
        // the undos and the redo are not decisions of the stretch.
        assert_eq!(undone, 1);

        // Undone and redone, several times over: it stands, nothing undone.
        let actions = [
            action(20, "change", None, "done"),
            action(21, "undo", Some(20), "done"),
            action(22, "redo", Some(20), "done"),
            action(23, "undo", Some(20), "done"),
            action(24, "redo", Some(20), "done"),
        ];
        let decisions: Vec<Decision> = (0..5)
            .flat_map(|i| (0..6).map(move |j| decision(i * 6 + j, 20 + i)))
            .collect();
        let (kept, undone) = standing(&decisions, &actions);
        assert_eq!(kept.len(), 6);
        assert!(kept.iter().all(|d| d.action == 20));
        assert_eq!(undone, 0);

        // Undone at the end, after a redo: its own six, not the replays'.
        let actions = [
            action(30, "change", None, "undone"),
            action(31, "undo", Some(30), "done"),
            action(32, "redo", Some(30), "done"),
            action(33, "undo", Some(30), "done"),
        ];
        let decisions: Vec<Decision> = (0..4)
            .flat_map(|i| (0..6).map(move |j| decision(i * 6 + j, 30 + i)))
            .collect();
        assert_eq!(standing(&decisions, &actions), (Vec::new(), 6));
    }

    #[test]
    fn fields_and_the_inbox_in_peoples_words() {
        assert_eq!(field_words("root_cause", true), "root cause");
        assert_eq!(field_words("blocked_by", true), "blocked by");
        assert_eq!(field_words("theme:2:outcome", false), "theme #2 outcome");
        assert_eq!(field_words("weight.value", false), "policy weight.value");
        assert_eq!(value_text("lane", None, 50), "Inbox");
        assert_eq!(value_text("owner", None, 50), "none");
    }
}

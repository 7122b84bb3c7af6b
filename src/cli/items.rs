//! Commands that change items: add, edit, score, move, status, dependencies.

use std::fmt::Write as _;

use super::args::{AddArgs, EditArgs, FieldArgs, Id, ScoreArgs};
use super::output::{clean, Out};
use super::{CliError, CliResult};
use crate::domain::parse::{is_none, parse_due, parse_item_id, parse_scale, parse_severity};
use crate::domain::record::find_theme;
use crate::domain::{Criterion, DomainError, Edit, Field, Horizon, Item, StatusChange, Theme};
use crate::io::json::ItemDoc;
use crate::store::{Ctx, Store, StoreError};

pub use crate::domain::parse::parse_lane;

fn parse_id(what: &str, text: &str) -> Result<Option<i64>, DomainError> {
    if is_none(text) {
        return Ok(None);
    }
    parse_item_id(text).map(Some).ok_or_else(|| {
        DomainError::invalid(format!(
            "{what} must be an id like 42 or none, not '{text}'"
        ))
    })
}

fn optional_text(text: &str) -> Option<String> {
    if is_none(text) {
        None
    } else {
        Some(text.trim().to_string())
    }
}

/// Applies the field flags shared by `add` and `edit`.
fn apply_fields(
    item: &mut Item,
    f: &FieldArgs,
    today: chrono::NaiveDate,
    themes: &[Theme],
) -> Result<(), DomainError> {
    if let Some(l) = &f.lane {
        item.lane = parse_lane(l)?;
    }
    for (name, text, slot) in [
        ("value", &f.scores.value, &mut item.value),
        ("impact", &f.scores.impact, &mut item.impact),
        ("risk", &f.scores.risk, &mut item.risk),
        ("effort", &f.scores.effort, &mut item.effort),
    ] {
        if let Some(t) = text {
            *slot = parse_scale(name, t)?;
        }
    }
    if let Some(s) = &f.severity {
        item.severity = parse_severity(s)?;
    }
    if let Some(d) = &f.due {
        item.due = parse_due(d, today)?;
    }
    if let Some(o) = &f.owner {
        item.owner = optional_text(o);
    }
    if let Some(t) = &f.theme {
        // An id, checked by the store; else a name or a part only one theme has.
        item.theme = match parse_id("theme", t) {
            Ok(id) => id,
            Err(_) => Some(find_theme(themes, t)?.id),
        };
    }
    if let Some(p) = &f.parent {
        item.parent = parse_id("parent", p)?;
    }
    for l in &f.labels {
        if l.trim().is_empty() {
            return Err(DomainError::invalid("a label must not be empty"));
        }
        item.add_label(l);
    }
    for c in &f.criteria {
        if c.trim().is_empty() {
            return Err(DomainError::invalid("a criterion needs some text"));
        }
        item.criteria.push(Criterion {
            text: c.trim().to_string(),
            done: false,
        });
    }
    if let Some(d) = &f.description {
        item.description = if d.trim().is_empty() {
            None
        } else {
            Some(d.clone())
        };
    }
    if let Some(s) = &f.segment {
        item.segment = optional_text(s);
    }
    if let Some(m) = &f.metric {
        item.metric = optional_text(m);
    }
    if let Some(w) = &f.workaround {
        item.workaround = optional_text(w);
    }
    Ok(())
}

fn any_field(f: &FieldArgs) -> bool {
    f.lane.is_some()
        || f.scores.any()
        || f.severity.is_some()
        || f.due.is_some()
        || f.owner.is_some()
        || f.theme.is_some()
        || f.parent.is_some()
        || !f.labels.is_empty()
        || !f.criteria.is_empty()
        || f.description.is_some()
        || f.segment.is_some()
        || f.metric.is_some()
        || f.workaround.is_some()
}

pub fn add(store: &mut Store, ctx: &Ctx, out: &mut Out, a: &AddArgs) -> CliResult {
    let mut item = Item::new(&a.title, ctx.now);
    apply_fields(&mut item, &a.fields, ctx.today, &store.themes()?)?;
    let item = store.add_item(ctx, item)?;
    if out.json {
        out.json(&ItemDoc::from_item(&item, &store.policy()?))
    } else {
        out.line(item.id)
    }
}

pub fn edit(store: &mut Store, ctx: &Ctx, out: &mut Out, a: &EditArgs) -> CliResult {
    let nothing = a.title.is_none()
        && !any_field(&a.fields)
        && a.unlabels.is_empty()
        && a.horizon.is_none()
        && !a.unpin
        && a.check.is_empty()
        && a.uncheck.is_empty()
        && a.root_cause.is_none()
        && a.prevention.is_none();
    if nothing {
        return Err(CliError::Bad(
            "nothing to change: give at least one field to edit (see `lanes edit --help`)".into(),
        ));
    }
    let today = ctx.today;
    let themes = store.themes()?;
    change(store, ctx, out, a.id.0, |item| {
        if let Some(t) = &a.title {
            item.title = t.trim().to_string();
        }
        apply_fields(item, &a.fields, today, &themes)?;
        for l in &a.unlabels {
            let before = item.labels.len();
            item.labels.retain(|x| x != l.trim());
            if item.labels.len() == before {
                return Err(DomainError::invalid(format!(
                    "#{} has no label '{l}'",
                    item.id
                )));
            }
        }
        if let Some(h) = &a.horizon {
            item.horizon = Horizon::parse(h)?;
            item.pinned = true;
        }
        if a.unpin {
            item.pinned = false;
        }
        for (list, done) in [(&a.check, true), (&a.uncheck, false)] {
            for &n in list {
                let count = item.criteria.len();
                let c = n
                    .checked_sub(1)
                    .and_then(|i| item.criteria.get_mut(i))
                    .ok_or_else(|| {
                        DomainError::invalid(format!(
                            "#{} has {count} criteria; there is no criterion {n}",
                            item.id
                        ))
                    })?;
                c.done = done;
            }
        }
        if let Some(r) = &a.root_cause {
            item.root_cause = optional_text(r);
        }
        if let Some(p) = &a.prevention {
            item.prevention = optional_text(p);
        }
        Ok(())
    })
}

pub fn score(store: &mut Store, ctx: &Ctx, out: &mut Out, a: &ScoreArgs) -> CliResult {
    if !a.scores.any() {
        return Err(CliError::Bad(
            "give at least one of --value, --impact, --risk, --effort".into(),
        ));
    }
    let fields = FieldArgs {
        scores: a.scores.clone(),
        ..FieldArgs::default()
    };
    let today = ctx.today;
    change(store, ctx, out, a.id.0, |item| {
        apply_fields(item, &fields, today, &[])
    })
}

pub fn move_to(store: &mut Store, ctx: &Ctx, out: &mut Out, id: Id, lane: &str) -> CliResult {
    let lane = parse_lane(lane)?;
    apply(
        store,
        ctx,
        out,
        id.0,
        Edit::set(Field::Lane, lane.map(|l| l.to_string())),
    )
}

pub fn status(store: &mut Store, ctx: &Ctx, out: &mut Out, id: Id, c: &StatusChange) -> CliResult {
    if let StatusChange::Decline {
        duplicate_of: Some(d),
    } = c
    {
        store.item(*d)?;
    }
    apply(store, ctx, out, id.0, Edit::Status(c.clone()))
}

pub fn done(
    store: &mut Store,
    ctx: &Ctx,
    out: &mut Out,
    id: Id,
    root_cause: Option<&str>,
    prevention: Option<&str>,
) -> CliResult {
    let mut postmortem = Vec::new();
    if let Some(r) = root_cause {
        postmortem.push((Field::RootCause, optional_text(r)));
    }
    if let Some(p) = prevention {
        postmortem.push((Field::Prevention, optional_text(p)));
    }
    let before = store.item(id.0)?;
    let mut after = store.apply(
        ctx,
        &[
            (id.0, Edit::Set(postmortem)),
            (id.0, Edit::Status(StatusChange::Done)),
        ],
    )?;
    let after = after.pop().ok_or(StoreError::NoItem(id.0))?;
    report(store, out, &before, &after)?;
    let item = store.item(id.0)?;
    if item.needs_postmortem() && !out.json {
        // stdout stays the item; the reminder is for the person at the terminal.
        eprintln!(
            "lanes: #{} is a finished hot fix without a post-mortem; it stays in the refinement queue until `lanes edit {} --root-cause TEXT --prevention TEXT`",
            item.id, item.id
        );
    }
    Ok(())
}

pub fn block(store: &mut Store, ctx: &Ctx, out: &mut Out, id: Id, on: Id, add: bool) -> CliResult {
    let edit = if add {
        Edit::Block(on.0)
    } else {
        Edit::Unblock(on.0)
    };
    apply(store, ctx, out, id.0, edit)
}

/// Applies one edit to one item as one action (through the store's one entry
/// point), then reports what changed.
fn apply(store: &mut Store, ctx: &Ctx, out: &mut Out, id: i64, edit: Edit) -> CliResult {
    let before = store.item(id)?;
    let after = store.apply_one(ctx, id, edit)?;
    report(store, out, &before, &after)
}

/// Applies `edit` to one item as one action, then reports what changed.
fn change(
    store: &mut Store,
    ctx: &Ctx,
    out: &mut Out,
    id: i64,
    edit: impl FnOnce(&mut Item) -> Result<(), DomainError>,
) -> CliResult {
    let before = store.item(id)?;
    let mut new = before.clone();
    edit(&mut new)?;
    apply(store, ctx, out, id, Edit::diff(&before, &new))
}

/// The item as JSON, or one line per changed field for people.
fn report(store: &Store, out: &mut Out, before: &Item, after: &Item) -> CliResult {
    let policy = store.policy()?;
    if out.json {
        return out.json(&ItemDoc::from_item(after, &policy));
    }
    let changed: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| f.get(before) != f.get(after))
        .collect();
    if changed.is_empty() {
        return out.line(format!("#{} unchanged", after.id));
    }
    out.line(format!("#{} {}", after.id, clean(&after.title, false)))?;
    for f in changed {
        // An item with no lane is in the Inbox.
        let none = if f == Field::Lane { "Inbox" } else { "—" };
        let show = |v: Option<String>| {
            v.map_or(none.to_string(), |s| {
                clean(&super::output::fit(&s, 60), false)
            })
        };
        let mut line = format!(
            "  {}: {} → {}",
            f.name(),
            show(f.get(before)),
            show(f.get(after))
        );
        if f == Field::Horizon && !after.pinned {
            let _ = write!(
                line,
                "  ({})",
                crate::domain::triage::derive(after, &policy).1
            );
        }
        out.line(line)?;
    }
    Ok(())
}

//! Reading commands: `list` as a table that fits the terminal, `show` in full.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde_json::json;

use super::args::{Id, ListArgs};
use super::items::parse_lane;
use super::output::{clean, fit, list_width, Out};
use super::CliResult;
use crate::domain::record::{find_theme, parse_theme_field, CREATED};
use crate::domain::sort::SortBy;
use crate::domain::{score, text, triage, Card, Decision, Horizon, Item, Policy, Severity, Status};
use crate::io::json::{decision_doc, ItemDoc};
use crate::store::{Filter, Store};

pub fn list(store: &Store, out: &mut Out, a: &ListArgs, today: NaiveDate) -> CliResult {
    let themes = if a.theme.is_some() {
        store.themes()?
    } else {
        Vec::new()
    };
    let filter = Filter {
        lanes: a
            .lanes
            .iter()
            .map(|l| parse_lane(l))
            .collect::<Result<_, _>>()?,
        horizon: a.horizon.as_deref().map(Horizon::parse).transpose()?,
        status: a.status.as_deref().map(Status::parse).transpose()?,
        severities: a
            .severities
            .iter()
            .map(|s| Severity::parse(s))
            .collect::<Result<_, _>>()?,
        owner: a.owner.clone(),
        theme: a
            .theme
            .as_deref()
            .map(|t| find_theme(&themes, t).map(|t| t.id))
            .transpose()?,
        label: a.label.clone(),
        search: a.search.clone().filter(|s| !s.is_empty()),
        all: a.all,
        limit: a.limit,
    };
    let by = a
        .sort
        .as_deref()
        .map(SortBy::parse)
        .transpose()?
        .unwrap_or_default();
    let policy = store.policy()?;
    let items = if by == SortBy::Rank && !a.reverse {
        store.list(&filter)?
    } else {
        // Sorted otherwise: every match is read, ordered, then cut to the limit.
        let limit = filter.limit;
        let all = store.list(&Filter {
            limit: None,
            ..filter
        })?;
        sorted(all, &policy, by, a.reverse, limit)
    };
    if out.json {
        let docs: Vec<ItemDoc> = items
            .iter()
            .map(|i| ItemDoc::from_item(i, &policy))
            .collect();
        return out.json(&docs);
    }
    if items.is_empty() {
        if a.limit == Some(0) {
            return out.line("Nothing shown: --limit 0 asks for no rows.");
        }
        return out.line("No items match.");
    }
    let blocked = store.blocked(&items)?;
    // Piped (and no --width): rows in full, nothing cut.
    let width = list_width(a.width);
    // Narrow terminals lose the owner, then the due date, before the title shrinks.
    let show_owner = width.is_none_or(|w| w >= 100);
    let show_due = width.is_none_or(|w| w >= 72);
    let owner_w = items
        .iter()
        .filter_map(|i| i.owner.as_ref())
        .map(|o| text::width(&clean(o, false)))
        .max()
        .unwrap_or(5)
        .clamp(5, 12);
    let id_w = items
        .iter()
        .map(|i| i.id.to_string().len() + 1)
        .max()
        .unwrap_or(2)
        .max(3);
    let fixed = id_w
        + 2
        + 9
        + 2
        + 8
        + 2
        + 5
        + 2
        + 5
        + 2
        + 3
        + 2
        + if show_due { 12 } else { 0 }
        + if show_owner { owner_w + 2 } else { 0 };
    let title_w = width.map_or(usize::MAX, |w| w.saturating_sub(fixed).max(10));
    let row = |cells: [&str; 9]| {
        let mut line = format!(
            "{:>id_w$}  {:<9}  {:<8}  {:<5}  {:>5}  {:<3}  ",
            cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]
        );
        if show_due {
            let _ = write!(line, "{:<10}  ", cells[6]);
        }
        if show_owner {
            line.push_str(&text::pad(cells[7], owner_w));
            line.push_str("  ");
        }
        line.push_str(&fit(cells[8], title_w));
        match width {
            Some(w) => fit(line.trim_end(), w),
            None => line.trim_end().to_string(),
        }
    };
    out.line(row([
        "ID", "LANE", "STATUS", "HZN", "SCORE", "SEV", "DUE", "OWNER", "TITLE",
    ]))?;
    for i in &items {
        let mut title = clean(&i.title, false);
        if blocked.contains(&i.id) {
            title = format!("[blocked] {title}");
        }
        if let Some(word) = past_due(i, today) {
            title = format!("[{word}] {title}");
        }
        out.line(row([
            &format!("#{}", i.id),
            i.lane.map_or("inbox", |l| l.as_str()),
            i.status.as_str(),
            &format!("{}{}", i.horizon, if i.pinned { "*" } else { "" }),
            &score::score(i, &policy).map_or("-".into(), |s| format!("{s:.1}")),
            i.severity.map_or("", |s| s.as_str()),
            &i.due.map_or(String::new(), |d| d.to_string()),
            &fit(&clean(i.owner.as_deref().unwrap_or(""), false), owner_w),
            &title,
        ]))?;
    }
    Ok(())
}

/// `items` (in rank order) ordered by `by`, the way the list view orders
/// its cards, then cut to `limit`.
fn sorted(
    items: Vec<Item>,
    policy: &Policy,
    by: SortBy,
    reverse: bool,
    limit: Option<usize>,
) -> Vec<Item> {
    let cards: Vec<Card> = items
        .iter()
        .map(|i| Card::of(i, score::score(i, policy)))
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    crate::domain::sort::sort(&mut order, &cards, by, reverse);
    order.truncate(limit.unwrap_or(usize::MAX));
    let mut items: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|i| items[*i].take()).collect()
}

pub fn show(store: &Store, out: &mut Out, id: Id, today: NaiveDate) -> CliResult {
    let item = store.item(id.0)?;
    let policy = store.policy()?;
    let decisions = store.decisions(Some(item.id), None)?;
    let blocks = store.blocks(item.id)?;
    let children = store.children(item.id)?;
    let score_text = score::explain(&item, &policy);
    let horizon_text = triage::explain(&item, &policy);
    if out.json {
        let mut v = serde_json::to_value(ItemDoc::from_item(&item, &policy))
            .map_err(|e| super::CliError::Failed(e.to_string()))?;
        if let Some(map) = v.as_object_mut() {
            map.insert(
                "decisions".into(),
                json!(decisions.iter().map(decision_doc).collect::<Vec<_>>()),
            );
            map.insert("blocks".into(), json!(blocks));
            map.insert("children".into(), json!(children));
            map.insert(
                "explain".into(),
                json!({"score": score_text, "horizon": horizon_text}),
            );
        }
        return out.json(&v);
    }
    let t = |s: &str| clean(s, false);
    out.line(format!("#{}  {}", item.id, t(&item.title)))?;
    out.line(format!(
        "  lane {} · status {} · horizon {}{}",
        item.lane.map_or("Inbox (untriaged)", |l| l.as_str()),
        item.status,
        item.horizon,
        if item.pinned { " (pinned)" } else { "" }
    ))?;
    out.line(format!("  {score_text}"))?;
    out.line(format!("  horizon: {horizon_text}"))?;
    let mut facts = Vec::new();
    if let Some(s) = item.severity {
        facts.push(format!("severity {s}"));
    }
    if let Some(d) = item.due {
        match past_due(&item, today) {
            Some(word) => facts.push(format!("due {d} ({word}: past due)")),
            None => facts.push(format!("due {d}")),
        }
    }
    if let Some(o) = &item.owner {
        facts.push(format!("owner {}", t(o)));
    }
    if let Some(th) = item.theme {
        let name = store.theme(th).map(|x| x.name).unwrap_or_default();
        facts.push(format!("theme #{th} {}", t(&name)));
    }
    if let Some(p) = item.parent {
        facts.push(format!("parent #{p}"));
    }
    if !facts.is_empty() {
        out.line(format!("  {}", facts.join(" · ")))?;
    }
    for (name, v) in [
        ("segment", &item.segment),
        ("metric", &item.metric),
        ("workaround", &item.workaround),
        ("root cause", &item.root_cause),
        ("prevention", &item.prevention),
    ] {
        if let Some(v) = v {
            out.line(format!("  {name}: {}", t(v)))?;
        }
    }
    if let Some(d) = item.duplicate_of {
        out.line(format!("  duplicate of #{d}"))?;
    }
    if let Some(s) = &item.source {
        out.line(format!("  imported from {}", t(s)))?;
    }
    if !item.labels.is_empty() {
        out.line(format!("  labels: {}", t(&item.labels.join(", "))))?;
    }
    if !item.blocked_by.is_empty() {
        let mut parts = Vec::new();
        for b in &item.blocked_by {
            let st = store
                .item(*b)
                .map(|x| x.status.to_string())
                .unwrap_or_default();
            parts.push(format!("#{b} ({st})"));
        }
        out.line(format!("  blocked by: {}", parts.join(", ")))?;
    }
    if !blocks.is_empty() {
        out.line(format!("  blocks: {}", ids(&blocks)))?;
    }
    if !children.is_empty() {
        out.line(format!("  children: {}", ids(&children)))?;
    }
    if !item.criteria.is_empty() {
        out.line("  criteria:")?;
        for (n, c) in item.criteria.iter().enumerate() {
            out.line(format!(
                "    {}. [{}] {}",
                n + 1,
                if c.done { "x" } else { " " },
                t(&c.text)
            ))?;
        }
    }
    if let Some(d) = &item.description {
        out.line("  description:")?;
        for l in clean(d, true).lines() {
            out.line(format!("    {l}"))?;
        }
    }
    let times = timestamps(&item);
    out.line(format!("  {times}"))?;
    if !decisions.is_empty() {
        out.line("  decisions, newest first:")?;
        for d in &decisions {
            out.line(format!("    {}", decision_line(d, false)))?;
        }
    }
    Ok(())
}

fn ids(v: &[i64]) -> String {
    v.iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn timestamps(item: &Item) -> String {
    let mut parts = vec![
        format!("created {}", item.created.format("%Y-%m-%d %H:%M")),
        format!("updated {}", item.updated.format("%Y-%m-%d %H:%M")),
    ];
    if let Some(s) = item.started {
        parts.push(format!("started {}", s.format("%Y-%m-%d %H:%M")));
    }
    parts.extend(item.finish_words("%Y-%m-%d %H:%M"));
    parts.join(" · ")
}

/// One decision in words: when, who, what changed, why.
pub fn decision_line(d: &Decision, with_item: bool) -> String {
    let when = d.at.get(..16).unwrap_or(&d.at).replace('T', " ");
    let what = if d.field == CREATED {
        let title = d
            .new
            .as_deref()
            .or(d.old.as_deref())
            .and_then(Item::snapshot_title)
            .unwrap_or_default();
        if d.new.is_some() {
            format!("created \"{}\"", fit(&title, 50))
        } else {
            format!("removed \"{}\"", fit(&title, 50))
        }
    } else {
        // An item with no lane is in the Inbox.
        let none = if d.field == "lane" { "Inbox" } else { "—" };
        let show = |v: &Option<String>| v.as_deref().map_or(none.to_string(), |s| fit(s, 40));
        let field = match (d.item, parse_theme_field(&d.field)) {
            (None, Some((id, f))) => format!("theme #{id} {f}"),
            (None, None) => format!("policy {}", d.field),
            _ => d.field.clone(),
        };
        format!("{field}: {} → {}", show(&d.old), show(&d.new))
    };
    let item = match d.item {
        Some(i) if with_item => format!("#{i} "),
        _ => String::new(),
    };
    let why = if d.why.is_empty() {
        String::new()
    } else {
        format!("  ({})", d.why)
    };
    clean(
        &format!("{when}  {:<10} {item}{what}{why}", fit(&d.by, 10)),
        false,
    )
}

/// `breached` for an open item with a severity (its SLA) past its due date,
/// `overdue` for any other open item past it.
pub fn past_due(item: &Item, today: NaiveDate) -> Option<&'static str> {
    let late = item.is_open() && item.due.is_some_and(|d| d < today);
    late.then(|| {
        if item.severity.is_some() {
            "breached"
        } else {
            "overdue"
        }
    })
}

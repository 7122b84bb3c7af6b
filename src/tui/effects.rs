//! Carries out `update`'s effects on the store, each change one transaction, and
//! turns every result, good or bad, into a message.

use std::path::Path;

use super::app::outside::{self, Aim, News};
use super::app::{Change, Effect, Fresh, Msg, Summary};
use super::data::{Backlog, DashboardData, Detail, RoadmapData};
use super::deck::Deck;
use crate::domain::{roadmap, score, triage, Decision, Edit, Item, Policy};
use crate::store::{Ctx, Mark, Remaining, Store, StoreError};

/// Reads the backlog the board and list draw from.
pub fn load(store: &Store) -> Result<Backlog, StoreError> {
    Ok(Backlog {
        cards: Deck::new(store.cards()?),
        policy: store.policy()?,
        themes: store.themes()?,
        empty: store.is_empty()?,
    })
}

/// Builds an item's detail screen.
pub fn detail(store: &Store, id: i64) -> Result<Detail, StoreError> {
    let item = store.item(id)?;
    let policy = store.policy()?;
    let title = |id: i64| store.item(id).map(|i| (i.title, i.status));
    let mut blockers = Vec::new();
    for b in &item.blocked_by {
        let (t, s) = title(*b)?;
        blockers.push((*b, t, s));
    }
    let mut blocks = Vec::new();
    for b in store.blocks(id)? {
        blocks.push((b, title(b)?.0));
    }
    let mut children = Vec::new();
    for c in store.children(id)? {
        children.push((c, title(c)?.0));
    }
    let theme = match item.theme {
        Some(t) => Some(store.theme(t)?),
        None => None,
    };
    Ok(Detail {
        score: score::explain(&item, &policy),
        horizon: triage::explain(&item, &policy),
        blocked: blockers.iter().any(|(_, _, s)| s.is_open()),
        blockers,
        blocks,
        children,
        theme,
        decisions: store.decisions(Some(id), None)?,
        item,
    })
}

/// Decisions read to say what changed elsewhere; past this, everything is
/// read again.
const NEWS_LIMIT: usize = 500;

/// What was committed elsewhere since `seen`, as news for `update`: which
/// cards to read again, and whether it touched what `aim` aims at. `None` when
/// nothing was.
pub fn news(store: &Store, seen: Mark, aim: &Aim) -> Result<Option<News>, StoreError> {
    let Some(since) = store.since(seen, NEWS_LIMIT)? else {
        return Ok(None);
    };
    let touched = if since.complete && since.decisions.iter().all(|d| d.item.is_some()) {
        Some(touched_by(store, &since.decisions)?)
    } else {
        None
    };
    let hits = match aim {
        Aim::Nothing => Vec::new(),
        Aim::Everything => since.decisions.iter().take(3).cloned().collect(),
        Aim::Items(ids) => {
            let mut hits = Vec::new();
            for id in ids {
                hits.extend(store.item_decisions_after(*id, seen.decision)?);
            }
            hits.sort_by_key(|d| d.id);
            hits
        }
    };
    Ok(Some(News {
        mark: since.mark,
        touched,
        first: since.decisions.iter().take(3).cloned().collect(),
        more: since.decisions.len().saturating_sub(3),
        conflict: *aim == Aim::Everything || !hits.is_empty(),
        hits,
        aim: aim.clone(),
    }))
}

/// The items `decisions` changed, and what they block when their status
/// changed (or they came or went), sorted.
fn touched_by(store: &Store, decisions: &[Decision]) -> Result<Vec<i64>, StoreError> {
    let mut ids: Vec<i64> = decisions.iter().filter_map(|d| d.item).collect();
    for d in decisions {
        if let (Some(id), "status" | "created") = (d.item, d.field.as_str()) {
            ids.extend(store.blocks(id)?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Performs one effect. `ctx` gives who acts and when; `why` is filled per
/// change. `seen` is where the TUI's reading of the store stands: before a
/// change is written, anything committed elsewhere since comes back as news
/// (with the change held), so nothing is written over what was not shown.
pub fn perform(store: &mut Store, ctx: &Ctx, seen: Mark, effect: Effect) -> Vec<Msg> {
    let writes = matches!(
        effect,
        Effect::Apply { .. }
            | Effect::Visit { .. }
            | Effect::Undo
            | Effect::Redo
            | Effect::Import(_)
            | Effect::Demo
    );
    if writes {
        let aim = outside::effect_aim(&effect);
        match store.snapshot(|store| news(store, seen, &aim)) {
            Ok(Some(news)) => {
                return vec![Msg::Elsewhere {
                    news: Box::new(news),
                    held: Some(Box::new(effect)),
                }]
            }
            Ok(None) => {}
            Err(e) => return vec![Msg::Failed(e.to_string())],
        }
    }
    let mut msgs = match run(store, ctx, effect) {
        Ok(msgs) => msgs,
        Err(e) => vec![Msg::Failed(e.to_string())],
    };
    if writes {
        // Its own writes leave the version as it was; a new one means another
        // process wrote meanwhile, and the next look will say what.
        let after = store.mark().ok().filter(|m| m.version == seen.version);
        for msg in &mut msgs {
            if let Msg::Done { mark, .. } = msg {
                *mark = after;
            }
        }
    }
    msgs
}

fn run(store: &mut Store, ctx: &Ctx, effect: Effect) -> Result<Vec<Msg>, StoreError> {
    let effect = match store.snapshot(|store| read(store, ctx, effect))? {
        Ok(msgs) => return Ok(msgs),
        Err(effect) => effect,
    };
    Ok(match effect {
        Effect::Apply { change, why } => {
            let ctx = Ctx { why, ..ctx.clone() };
            let words = change.words();
            let finishing = change.closes();
            let whole = change.reaches_all();
            let target = change.target();
            let applied = apply(store, &ctx, change)?;
            let item = match &applied {
                Applied::Item(i) => Some(i.as_ref().clone()),
                _ => None,
            };
            // Which cards to read again: the item, and what it blocks when its
            // status changed; a plan commit, themes and policy read everything.
            let touched = if whole {
                None
            } else {
                let mut ids: Vec<i64> =
                    item.as_ref().map(|i| i.id).or(target).into_iter().collect();
                if finishing {
                    if let Some(id) = target {
                        ids.extend(store.blocks(id)?);
                    }
                }
                Some(ids)
            };
            let mut message = format!("done: {words}");
            if let Applied::Said(said) = &applied {
                message = format!("{message} — {said}");
            }
            if let Some(item) = item {
                let shown = score::score(&item, &store.policy()?)
                    .map_or_else(|| "unscored".to_string(), |s| format!("score {s:.1}"));
                message = format!(
                    "{message} — #{} {}, {shown}, {} in {}",
                    item.id,
                    item.status,
                    item.horizon,
                    lane_name(&item)
                );
                return Ok(vec![Msg::Done {
                    message,
                    focus: Some(item.id),
                    touched,
                    mark: None,
                }]);
            }
            vec![Msg::Done {
                message,
                focus: None,
                touched,
                mark: None,
            }]
        }
        Effect::Undo | Effect::Redo => {
            let back = effect == Effect::Undo;
            let report = if back {
                store.undo(ctx)?
            } else {
                store.redo(ctx)?
            };
            let Some(r) = report else {
                return Ok(vec![Msg::Failed(
                    if back {
                        "nothing to undo"
                    } else {
                        "nothing to redo"
                    }
                    .into(),
                )]);
            };
            let shown: Vec<Decision> = r.decisions.iter().take(3).cloned().collect();
            let what = outside::in_words(&shown, r.decisions.len().saturating_sub(3));
            let focus = r.decisions.iter().find_map(|d| d.item);
            // A few items: read back just their cards (and, when a status
            // changed, what they block). Policy, themes or a large action: all.
            let touched = if r.decisions.iter().any(|d| d.item.is_none()) || r.decisions.len() > 500
            {
                None
            } else {
                Some(touched_by(store, &r.decisions)?)
            };
            vec![Msg::Done {
                message: format!(
                    "{} action #{}: {what}",
                    if back { "undid" } else { "redid" },
                    r.target,
                ),
                focus,
                touched,
                mark: None,
            }]
        }
        Effect::Import(typed) => {
            let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
            let path = crate::io::input::expand_home(&typed, home.as_deref());
            match crate::import::run(store, ctx, &path, &crate::io::Options::default(), false) {
                Ok(summary) => vec![Msg::Done {
                    message: import_message(&summary),
                    focus: None,
                    touched: None,
                    mark: None,
                }],
                Err(e) => vec![Msg::Failed(e.to_string())],
            }
        }
        Effect::Demo => {
            let report = crate::demo::load(store, ctx.now, ctx.today)?;
            vec![Msg::Done {
                message: format!(
                    "loaded the demo backlog: {} items, {} themes, {} decisions — press ? for keys",
                    report.items, report.themes, report.decisions
                ),
                focus: None,
                touched: None,
                mark: None,
            }]
        }
        Effect::Try { id, edits } => {
            let edits: Vec<(i64, Edit)> = edits.into_iter().map(|e| (id, e)).collect();
            let decisions = store.decisions(Some(id), None)?;
            let result = store
                .try_apply(ctx, &edits, |s, _| detail(s, id))
                .map(|mut d| {
                    // The history is what was written; the rest is as it would be.
                    d.decisions = decisions;
                    Box::new(d)
                })
                .map_err(|e| e.to_string());
            vec![Msg::Tried { id, result }]
        }
        Effect::Visit { change, why, then } => {
            let mut msgs = run(store, ctx, Effect::Apply { change, why })?;
            msgs.push(Msg::Left(then));
            msgs
        }
        Effect::WriteNotes {
            path,
            text,
            overwrite,
        } => {
            if !overwrite && Path::new(&path).exists() {
                return Ok(vec![Msg::Failed(
                    "that file already exists: Enter again writes over it, or change the name"
                        .into(),
                )]);
            }
            match crate::io::file::write_whole(Path::new(&path), text.as_bytes(), store.path()) {
                Ok(()) => vec![Msg::Said(format!("meeting notes written to {path}"))],
                Err(e) => vec![Msg::Failed(e.to_string())],
            }
        }
        // The runner handles the editor itself: it needs the terminal. The
        // rest were read above.
        Effect::Describe(_)
        | Effect::Reload { .. }
        | Effect::Refresh { .. }
        | Effect::LoadDetail(_)
        | Effect::LoadItem { .. }
        | Effect::LoadSearchIndex
        | Effect::LoadFinished
        | Effect::LoadLabel(_)
        | Effect::LoadSource(_)
        | Effect::LoadReadiness
        | Effect::LoadSince
        | Effect::LoadSummary(_)
        | Effect::LoadRoadmap { .. }
        | Effect::LoadDashboard { .. } => Vec::new(),
    })
}

/// Carries out an effect that only reads, in one read transaction (see
/// [`Store::snapshot`]): what a screen shows comes from one state of the
/// backlog, however many queries it takes, even while another process
/// writes. Hands any other effect back.
fn read(store: &Store, ctx: &Ctx, effect: Effect) -> Result<Result<Vec<Msg>, Effect>, StoreError> {
    Ok(Ok(match effect {
        Effect::Reload { focus } => {
            let mark = store.mark()?;
            vec![Msg::Loaded {
                backlog: Box::new(load(store)?),
                focus,
                mark: Some(mark),
            }]
        }
        Effect::Refresh { ids, focus } => {
            let mut updates = Vec::new();
            for id in ids {
                let (readiness, owing) = store.readiness_of(id)?;
                updates.push(Fresh {
                    id,
                    card: store.card(id)?,
                    search_text: store.search_text(id)?,
                    readiness,
                    owing,
                });
            }
            vec![Msg::Cards { updates, focus }]
        }
        Effect::LoadDetail(id) => vec![Msg::Detail(Box::new(detail(store, id)?))],
        Effect::LoadItem { id, then } => vec![Msg::Item {
            item: Box::new(store.item(id)?),
            then,
        }],
        Effect::LoadSearchIndex => vec![Msg::SearchIndex(store.search_texts()?)],
        Effect::LoadFinished => {
            vec![Msg::Finished(Box::new(store.finished_cards()?))]
        }
        Effect::LoadLabel(label) => vec![Msg::Labelled(store.labelled(&label)?)],
        Effect::LoadSource(source) => vec![Msg::Sourced(store.sourced(&source)?)],
        Effect::LoadReadiness => {
            let (open, owing) = store.readiness()?;
            vec![Msg::Readiness { open, owing }]
        }
        Effect::LoadSince => vec![Msg::Since(store.last_decision()?)],
        Effect::LoadSummary(since) => {
            // What still stands: changes undone during the session are left out.
            let (decisions, left_out) = crate::domain::record::standing(
                &store.decisions_after(since)?,
                &store.actions_after(since)?,
            );
            let mut ids: Vec<i64> = decisions.iter().filter_map(|d| d.item).collect();
            ids.sort_unstable();
            ids.dedup();
            vec![Msg::Summary(Summary {
                titles: store.titles(&ids)?,
                decisions,
                left_out,
            })]
        }
        Effect::LoadRoadmap { show } => {
            let themes = store.themes()?;
            let rows = roadmap::roadmap(&themes, &store.roadmap_pieces()?);
            let bets: Vec<i64> = rows
                .iter()
                .flat_map(|r| r.bets.iter().map(|b| b.id))
                .collect();
            vec![Msg::Roadmap {
                data: Box::new(RoadmapData {
                    titles: store.titles(&bets)?,
                    rows,
                }),
                show,
            }]
        }
        Effect::LoadDashboard { weeks } => {
            vec![Msg::Dashboard(Box::new(dashboard(store, ctx, weeks)?))]
        }
        other => return Ok(Err(other)),
    }))
}

/// Computes the dashboard over `weeks` complete weeks.
pub fn dashboard(store: &Store, ctx: &Ctx, weeks: u32) -> Result<DashboardData, StoreError> {
    use crate::domain::forecast::{self, DEFAULT_SEED, DEFAULT_TRIALS};
    let window = crate::domain::metrics::Window::new(weeks, ctx.now)?;
    let metrics = store.metrics(&window, ctx.today, &[])?;
    let now_total = store.remaining(&Remaining::Horizon(crate::domain::Horizon::Now))?;
    let forecast = forecast::weeks(&metrics.samples(), now_total, DEFAULT_TRIALS, DEFAULT_SEED)
        .map_err(|e| e.to_string());
    // Titles for what the screen can show: the oldest items in progress and
    // the first breaches (a large backlog may hold thousands of either).
    let mut ids: Vec<i64> = metrics.wip.iter().take(200).map(|w| w.id).collect();
    ids.extend(metrics.sla.open_breaches.iter().take(20));
    Ok(DashboardData {
        titles: store.titles(&ids)?,
        metrics,
        now_total,
        forecast,
    })
}

fn lane_name(item: &Item) -> &'static str {
    item.lane.map_or("the Inbox", |l| l.as_str())
}

/// What a change left to say: the item it changed (when it is still open
/// after a status change), or a few words.
enum Applied {
    Item(Box<Item>),
    Said(String),
    Nothing,
}

/// Makes one change.
fn apply(store: &mut Store, ctx: &Ctx, change: Change) -> Result<Applied, StoreError> {
    if let Some(edits) = change.edits() {
        let closes = edits.iter().any(|(_, e)| e.closes());
        let item = store.apply(ctx, &edits)?.into_iter().next();
        return Ok(item
            .filter(|i| !closes || i.status.is_open())
            .map_or(Applied::Nothing, |i| Applied::Item(Box::new(i))));
    }
    Ok(Applied::Item(Box::new(match change {
        Change::Add { fields } => {
            let mut item = Item::new("", ctx.now);
            for (f, v) in &fields {
                f.set(&mut item, v.as_deref())?;
            }
            store.add_item(ctx, item)?
        }
        Change::CommitPlan { ids } => {
            store.commit_plan(ctx, &ids)?;
            return Ok(Applied::Nothing);
        }
        Change::AddTheme { name, outcome } => {
            let t = store.add_theme(ctx, &name, outcome.as_deref())?;
            return Ok(Applied::Said(format!("theme #{} added", t.id)));
        }
        Change::EditTheme {
            id,
            name,
            outcome,
            status,
        } => {
            store.edit_theme(ctx, id, |t| {
                if let Some(n) = name {
                    t.name = n;
                }
                if let Some(o) = outcome {
                    t.outcome = o;
                }
                if let Some(s) = status {
                    t.status = s;
                }
            })?;
            return Ok(Applied::Nothing);
        }
        Change::Policy { pairs } => {
            let moves = store.set_policy(ctx, &pairs)?;
            if !pairs.iter().any(|(k, _)| Policy::affects_triage(k)) {
                return Ok(Applied::Nothing);
            }
            return Ok(Applied::Said(match moves.len() {
                0 => "every item stays where triage put it".to_string(),
                1 => "1 item moved to another horizon".to_string(),
                n => format!("{n} items moved to another horizon"),
            }));
        }
        _ => return Ok(Applied::Nothing),
    })))
}

/// An import's summary on one line: the counts, the format, and the first
/// record skipped or warned about.
fn import_message(s: &crate::import::Summary) -> String {
    let mut text = s.headline();
    let first = s
        .skipped
        .first()
        .map(|n| ("skipped", n))
        .or_else(|| s.warnings.first().map(|n| ("warning", n)));
    if let Some((what, n)) = first {
        text = format!("{text} First {what}: {}: {}", n.record, n.why);
    }
    if s.changed() {
        text.push_str(" (u undoes it)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Field;
    use std::sync::Mutex;

    /// An item's detail read while another process retitles the item and its
    /// blocker in one action, committed after the read's `k`-th step: the
    /// item's title and its blocker's.
    fn detail_while_retitled(k: u32) -> (String, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let ctx = crate::store::tests::ctx();
        let mut store = Store::open(&path).unwrap();
        let blocker = store
            .add_item(&ctx, Item::new("old blocker", ctx.now))
            .unwrap()
            .id;
        let id = store
            .add_item(&ctx, Item::new("old item", ctx.now))
            .unwrap()
            .id;
        store.apply_one(&ctx, id, Edit::Block(blocker)).unwrap();
        let seen = store.mark().unwrap();
        let title = |t: &str| Edit::set(Field::Title, Some(t.into()));
        let elsewhere = Mutex::new(Some((Store::open(&path).unwrap(), ctx.clone())));
        let mut steps = 0;
        store.connection().progress_handler(
            1,
            Some(move || {
                steps += 1;
                if steps >= k {
                    if let Some((mut other, ctx)) = elsewhere.lock().unwrap().take() {
                        other
                            .apply(
                                &ctx,
                                &[(id, title("new item")), (blocker, title("new blocker"))],
                            )
                            .unwrap();
                    }
                }
                false
            }),
        );
        let msgs = perform(&mut store, &ctx, seen, Effect::LoadDetail(id));
        store.connection().progress_handler(0, None::<fn() -> bool>);
        match msgs.as_slice() {
            [Msg::Detail(d)] => (d.item.title.clone(), d.blockers[0].1.clone()),
            other => panic!("expected the detail, got {other:?}"),
        }
    }

    #[test]
    fn a_detail_read_while_another_process_writes_shows_one_state_of_the_backlog() {
        for k in 1..=60 {
            let (item, blocker) = detail_while_retitled(k);
            assert!(
                (item.as_str(), blocker.as_str()) == ("old item", "old blocker")
                    || (item.as_str(), blocker.as_str()) == ("new item", "new blocker"),
                "after step {k} the detail showed {item:?} blocked by {blocker:?}"
            );
        }
    }
}

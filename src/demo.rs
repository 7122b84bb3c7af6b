//! `lanes demo`: a realistic sample backlog for a new user to explore.
//!
//! The backlog belongs to the product team of a hosted shop platform: merchants
//! build stores on it, shoppers buy from them on web and mobile. It is loaded as
//! the history of real actions, by several people with their reasons: five
//! months of routine work generated from a compact description (`history`),
//! with the story of the last six weeks played between, so the log, the
//! post-mortems, the refinement queue, the balance of the `now` horizon and the
//! metrics, forecast and report all have something to show.

mod bets;
mod features;
mod history;
mod planning;
mod recent;
mod script;
mod weeks;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::DomainError;
use crate::store::{Filter, Store, StoreError};

/// What `lanes demo` loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoReport {
    pub items: usize,
    pub themes: usize,
    pub decisions: i64,
}

/// Loads the sample backlog into an empty store, as a history of real actions
/// spread over the last weeks before `now`.
pub fn load(
    store: &mut Store,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<DemoReport, StoreError> {
    if !store.is_empty()? {
        return Err(StoreError::Invalid(DomainError::invalid(
            "the database already holds a backlog; lanes demo loads only into an empty one",
        )));
    }
    {
        let mut s = script::Script::new(store, now, today);
        s.with_past(history::steps(today));
        let plan = planning::play(&mut s)?;
        weeks::play(&mut s, &plan)?;
        recent::play(&mut s, &plan)?;
        s.rest()?;
    }
    Ok(DemoReport {
        items: store
            .list(&Filter {
                all: true,
                ..Filter::default()
            })?
            .len(),
        themes: store.themes()?.len(),
        decisions: store.decision_count()?,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashMap;

    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::domain::item::parse_time;
    use crate::domain::{Horizon, Item, Lane, Status};

    fn now() -> DateTime<Utc> {
        parse_time("2026-03-10T15:00:00Z").unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
    }

    fn loaded() -> (tempfile::TempDir, Store, DemoReport) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let report = load(&mut store, now(), today()).unwrap();
        (dir, store, report)
    }

    fn all(store: &Store) -> Vec<Item> {
        store
            .list(&Filter {
                all: true,
                ..Filter::default()
            })
            .unwrap()
    }

    #[test]
    fn about_sixty_open_items_in_every_lane_and_the_inbox() {
        let (_dir, store, report) = loaded();
        let items = all(&store);
        assert_eq!(report.items, items.len());
        let open: Vec<&Item> = items.iter().filter(|i| i.is_open()).collect();
        assert!((45..=60).contains(&open.len()), "{} open items", open.len());
        let mut per_lane: HashMap<Option<Lane>, usize> = HashMap::new();
        for item in &open {
            *per_lane.entry(item.lane).or_default() += 1;
        }
        for lane in [
            None,
            Some(Lane::Hotfix),
            Some(Lane::Stability),
            Some(Lane::Feature),
            Some(Lane::Bet),
        ] {
            assert!(
                per_lane.get(&lane).copied().unwrap_or(0) > 0,
                "{lane:?} is empty"
            );
        }
        let inbox = per_lane[&None];
        assert!((4..=6).contains(&inbox), "{inbox} items in the Inbox");
        assert!(items.iter().any(|i| i.status == Status::Doing));
        for h in Horizon::ALL {
            assert!(
                items.iter().any(|i| i.is_open() && i.horizon == *h),
                "no open item in {h}"
            );
        }
    }

    #[test]
    fn themes_have_outcomes_and_the_policy_tells_the_story() {
        let (_dir, store, report) = loaded();
        let themes = store.themes().unwrap();
        assert_eq!(report.themes, themes.len());
        assert!(themes.len() >= 3);
        assert!(themes
            .iter()
            .all(|t| t.outcome.as_deref().is_some_and(|o| !o.is_empty())));
        let policy = store.policy().unwrap();
        assert!(!policy.north_star.is_empty());
        assert!((policy.weight_risk - 1.5).abs() < 1e-9);
    }

    #[test]
    fn some_items_are_blocked_including_a_chain() {
        let (_dir, store, _) = loaded();
        let open = store.list(&Filter::default()).unwrap();
        let blocked = store.blocked(&open).unwrap();
        assert!(blocked.len() >= 4, "{blocked:?}");
        let chained = open
            .iter()
            .any(|i| blocked.contains(&i.id) && i.blocked_by.iter().any(|b| blocked.contains(b)));
        assert!(chained, "no item is blocked by a blocked item");
    }

    #[test]
    fn strategic_bets_have_milestones() {
        let (_dir, store, _) = loaded();
        let bets: Vec<Item> = all(&store)
            .into_iter()
            .filter(|i| i.lane == Some(Lane::Bet) && i.parent.is_none())
            .collect();
        let with_milestones = bets
            .iter()
            .filter(|b| (2..=4).contains(&store.children(b.id).unwrap().len()))
            .count();
        assert!(
            with_milestones >= 2,
            "{with_milestones} bets with milestones"
        );
    }

    #[test]
    fn finished_hot_fixes_have_post_mortems_but_one() {
        let (_dir, store, _) = loaded();
        let items = all(&store);
        let done: Vec<&Item> = items
            .iter()
            .filter(|i| i.lane == Some(Lane::Hotfix) && i.status == Status::Done)
            .collect();
        let without = done.iter().filter(|i| i.needs_postmortem()).count();
        assert!(
            done.len() - without >= 2,
            "{} post-mortems",
            done.len() - without
        );
        assert_eq!(without, 1);
        let duplicate = items
            .iter()
            .find(|i| i.status == Status::Declined && i.duplicate_of.is_some());
        assert!(duplicate.is_some(), "no item declined as a duplicate");
    }

    #[test]
    fn open_hot_fixes_are_due_around_today_and_crowd_the_now_horizon() {
        let (_dir, store, _) = loaded();
        let open = store.list(&Filter::default()).unwrap();
        let due: Vec<i64> = open
            .iter()
            .filter(|i| i.lane == Some(Lane::Hotfix))
            .filter_map(|i| i.due)
            .map(|d| (d - today()).num_days())
            .collect();
        assert!(
            due.iter().any(|d| (-2..0).contains(d)),
            "nothing overdue: {due:?}"
        );
        assert!(
            due.iter().any(|d| (1..=3).contains(d)),
            "nothing due soon: {due:?}"
        );
        let mut effort: HashMap<Lane, u32> = HashMap::new();
        for i in open.iter().filter(|i| i.horizon == Horizon::Now) {
            if let (Some(lane), Some(e)) = (i.lane, i.effort) {
                *effort.entry(lane).or_default() += u32::from(e);
            }
        }
        let total: u32 = effort.values().sum();
        let hotfix = f64::from(effort[&Lane::Hotfix]) / f64::from(total);
        assert!(hotfix > 0.25, "hot fixes take {hotfix:.2} of now");
    }

    #[test]
    fn every_decision_names_who_and_the_history_reads_forward_in_time() {
        let (_dir, store, report) = loaded();
        let decisions = store.decisions(None, None).unwrap();
        assert_eq!(report.decisions, decisions.len() as i64);
        assert!(decisions.iter().all(|d| !d.by.trim().is_empty()));
        let times: Vec<DateTime<Utc>> = decisions
            .iter()
            .rev()
            .map(|d| parse_time(&d.at).unwrap())
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]),
            "time goes backwards"
        );
        assert!(times[0] >= now() - Duration::days(script::START as i64));
        assert!(*times.last().unwrap() <= now());
        let people: std::collections::HashSet<&str> =
            decisions.iter().map(|d| d.by.as_str()).collect();
        assert!(people.len() >= 4, "{people:?}");
        assert!(decisions
            .iter()
            .any(|d| d.field == "pinned" && !d.why.is_empty()));
        assert!(decisions
            .iter()
            .any(|d| d.field == "lane" && d.old.is_some() && !d.why.is_empty()));
        assert!(decisions
            .iter()
            .any(|d| d.field == "weight.risk" && !d.why.is_empty()));
    }

    /// The evidence of the last 12 weeks, as `lanes metrics` computes it.
    fn metrics_at(at: &str) -> crate::domain::metrics::Metrics {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db")).unwrap();
        let at = parse_time(at).unwrap();
        load(&mut store, at, at.date_naive()).unwrap();
        let window = crate::domain::metrics::Window::new(12, at).unwrap();
        store.metrics(&window, at.date_naive(), &[]).unwrap()
    }

    #[test]
    fn twelve_weeks_of_history_tell_the_story_in_numbers_on_any_weekday() {
        // A Tuesday afternoon, a Monday just after midnight, a Sunday night.
        for at in [
            "2026-03-10T15:00:00Z",
            "2026-03-09T00:05:00Z",
            "2026-03-15T23:55:00Z",
        ] {
            let m = metrics_at(at);
            let done: usize = m
                .weeks
                .iter()
                .filter(|w| !w.partial)
                .map(|w| w.done.all)
                .sum();
            assert!((70..=90).contains(&done), "{at}: {done} done");
            // Every complete week had work done, and not the same amount each week.
            let samples = m.samples();
            assert!(samples.iter().all(|n| *n > 0), "{at}: {samples:?}");
            assert!(
                samples.iter().max() > samples.iter().min(),
                "{at}: {samples:?}"
            );
            // One week of firefighting: hot fixes took most of the effort, bets none.
            let fire: Vec<_> = m
                .weeks
                .iter()
                .filter(|w| {
                    *w.effort.lane(Lane::Hotfix) * 2 > w.effort.all && *w.done.lane(Lane::Bet) == 0
                })
                .collect();
            assert_eq!(fire.len(), 1, "{at}: {:?}", m.weeks);
            // Then the recovery: a later week moves a strategic bet again.
            let after = m
                .weeks
                .iter()
                .skip_while(|w| w.start != fire[0].start)
                .skip(1);
            assert!(after.clone().any(|w| *w.done.lane(Lane::Bet) > 0), "{at}");
            // SLAs hit but once, and most hot fixes have their post-mortem.
            assert!(m.sla.all.done >= 10, "{at}: {:?}", m.sla);
            assert_eq!(m.sla.all.on_time + 1, m.sla.all.done, "{at}: {:?}", m.sla);
            let pm = m.postmortems;
            assert!(
                pm.with_postmortem * 10 >= pm.hotfixes_done * 8,
                "{at}: {pm:?}"
            );
            assert!(pm.with_postmortem < pm.hotfixes_done, "{at}: {pm:?}");
            // Enough to forecast from, and something aging in progress.
            assert!(m.wip.iter().any(|w| w.aging), "{at}");
        }
    }

    #[test]
    fn loads_at_any_time_of_day_without_reaching_past_now() {
        for at in ["2026-03-10T00:05:00Z", "2026-03-10T23:55:00Z"] {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(&dir.path().join("t.db")).unwrap();
            let at = parse_time(at).unwrap();
            load(&mut store, at, today()).unwrap();
            let newest = store.decisions(None, Some(1)).unwrap();
            assert!(parse_time(&newest[0].at).unwrap() <= at);
        }
    }

    #[test]
    fn loading_twice_is_refused_and_changes_nothing() {
        let (_dir, mut store, report) = loaded();
        let err = load(&mut store, now(), today()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the database already holds a backlog; lanes demo loads only into an empty one"
        );
        assert!(err.is_bad_input());
        assert_eq!(store.decision_count().unwrap(), report.decisions);
    }
}

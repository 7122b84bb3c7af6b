//! Lead and cycle time, throughput per week, and the age of work in progress.

use chrono::{DateTime, Utc};

use super::{cost_of_delay, days, ByLane, Fact, Summary, Week, Window, Wip, AGING_SAMPLES};
use crate::domain::{Lane, Policy, Status};

/// Durations of items done in the window, per lane and all together.
fn durations(
    facts: &[&Fact],
    w: &Window,
    from: impl Fn(&Fact) -> Option<DateTime<Utc>>,
) -> ByLane<Summary> {
    let mut all = Vec::new();
    let mut lanes: [Vec<f64>; 4] = Default::default();
    for f in facts.iter().filter(|f| f.done_in(w)) {
        let (Some(start), Some(end)) = (from(f), f.finished) else {
            continue;
        };
        let d = days(start, end);
        all.push(d);
        if let Some(l) = f.lane {
            lanes[l as usize].push(d);
        }
    }
    ByLane {
        all: Summary::of(all),
        lanes: lanes.map(Summary::of),
    }
}

pub(super) fn lead(facts: &[&Fact], w: &Window) -> ByLane<Summary> {
    durations(facts, w, |f| Some(f.created))
}

pub(super) fn cycle(facts: &[&Fact], w: &Window) -> ByLane<Summary> {
    durations(facts, w, |f| f.started)
}

/// Throughput of every week of the window, the current one last.
pub(super) fn weeks(
    facts: &[&Fact],
    open_at_start: usize,
    policy: &Policy,
    w: &Window,
) -> Vec<Week> {
    let n = w.weeks as usize + 1;
    let mut out: Vec<Week> = (0..n)
        .map(|i| Week {
            start: w.start(i).date_naive(),
            partial: i == n - 1,
            done: ByLane::default(),
            effort: ByLane::default(),
            declined: 0,
            arrived: 0,
            open: 0,
            cost_of_delay: 0.0,
        })
        .collect();
    // Items open at a week's end: open at the start, plus arrivals, less
    // departures, up to that week.
    let mut departed = vec![0usize; n];
    for f in facts {
        if let Some(i) = w.week_of(f.created) {
            out[i].arrived += 1;
        }
        let Some(i) = f.finished.and_then(|t| w.week_of(t)) else {
            continue;
        };
        departed[i] += 1;
        let week = &mut out[i];
        match f.status {
            Status::Done => {
                let effort = u32::from(f.effort.unwrap_or(0));
                week.done.all += 1;
                week.effort.all += effort;
                if let Some(l) = f.lane {
                    week.done.lanes[l as usize] += 1;
                    week.effort.lanes[l as usize] += effort;
                }
                week.cost_of_delay += cost_of_delay(f, policy);
            }
            Status::Declined => week.declined += 1,
            Status::Todo | Status::Doing => {}
        }
    }
    let mut open = open_at_start as i64;
    for (week, gone) in out.iter_mut().zip(departed) {
        open += week.arrived as i64 - gone as i64;
        week.open = open.max(0) as usize;
    }
    out
}

/// Items in `doing` with their age, oldest first.
pub(super) fn wip(facts: &[&Fact], cycle: &ByLane<Summary>, now: DateTime<Utc>) -> Vec<Wip> {
    let threshold = |lane: Option<Lane>| {
        let own = lane.map(|l| cycle.lane(l));
        match own {
            Some(s) if s.count >= AGING_SAMPLES => s.p85,
            _ => cycle.all.p85,
        }
    };
    let mut out: Vec<Wip> = facts
        .iter()
        .filter(|f| f.status == Status::Doing)
        .map(|f| {
            let age = f.started.map(|s| days(s, now));
            let threshold = threshold(f.lane);
            Wip {
                id: f.id,
                lane: f.lane,
                age_days: age,
                aging: matches!((age, threshold), (Some(a), Some(p)) if a > p),
                threshold,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let age = |w: &Wip| w.age_days.unwrap_or(f64::NEG_INFINITY);
        age(b).total_cmp(&age(a)).then(a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::{compute, Input};
    use super::*;
    use crate::domain::Lane::{Bet, Feature, Hotfix};

    fn metrics(facts: &[Fact], open_at_start: [usize; 5], weeks: u32) -> super::super::Metrics {
        let input = Input {
            facts,
            open_at_start,
            lanes: &[],
            began: None,
        };
        compute(
            &input,
            &Policy::default(),
            &window(weeks),
            now().date_naive(),
        )
    }

    #[test]
    fn lead_and_cycle_time_per_lane_in_days_of_items_done_in_the_window() {
        let facts = [
            // Lead 1.5 days, cycle 0.5.
            done(
                1,
                Some(Hotfix),
                "2026-11-02T00:00:00Z",
                Some("2026-11-03T00:00:00Z"),
                "2026-11-03T12:00:00Z",
            ),
            // Lead 4 days, never started.
            done(
                2,
                Some(Hotfix),
                "2026-11-05T00:00:00Z",
                None,
                "2026-11-09T00:00:00Z",
            ),
            // Lead 10 days, cycle 2.
            done(
                3,
                Some(Feature),
                "2026-11-01T00:00:00Z",
                Some("2026-11-09T00:00:00Z"),
                "2026-11-11T00:00:00Z",
            ),
            // Finished in the current, partial week: not counted.
            done(
                4,
                Some(Feature),
                "2026-11-01T00:00:00Z",
                Some("2026-11-02T00:00:00Z"),
                "2026-11-17T00:00:00Z",
            ),
            // Finished before the window: not counted.
            done(
                5,
                Some(Bet),
                "2026-10-01T00:00:00Z",
                None,
                "2026-11-01T23:59:59Z",
            ),
            // Declined in the window: not a lead time.
            Fact {
                status: Status::Declined,
                ..done(
                    6,
                    Some(Bet),
                    "2026-11-02T00:00:00Z",
                    None,
                    "2026-11-03T00:00:00Z",
                )
            },
        ];
        let m = metrics(&facts, [0; 5], 2);
        assert_eq!(m.lead.all.count, 3);
        assert_eq!(m.lead.all.p50, Some(4.0));
        assert_eq!(m.lead.all.p85, Some(10.0));
        assert_eq!(m.lead.all.mean, Some(15.5 / 3.0));
        assert_eq!(m.lead.lane(Hotfix).count, 2);
        assert_eq!(m.lead.lane(Hotfix).p50, Some(1.5));
        assert_eq!(m.lead.lane(Hotfix).p95, Some(4.0));
        assert_eq!(m.lead.lane(Bet).count, 0);
        assert_eq!(m.lead.lane(Bet).p50, None);
        assert_eq!(m.lead.lane(Bet).mean, None);
        assert_eq!(m.cycle.all.count, 2);
        assert_eq!((m.cycle.all.p50, m.cycle.all.p85), (Some(0.5), Some(2.0)));
        assert_eq!(m.cycle.lane(Feature).p50, Some(2.0));
    }

    #[test]
    fn throughput_per_week_counts_done_effort_declined_arrived_and_open() {
        let mut hot = done(
            1,
            Some(Hotfix),
            "2026-11-02T08:00:00Z",
            None,
            "2026-11-03T08:00:00Z",
        );
        hot.effort = Some(3);
        let mut inbox = done(
            2,
            None,
            "2026-10-20T08:00:00Z",
            None,
            "2026-11-08T23:00:00Z",
        );
        inbox.effort = Some(5);
        let declined = Fact {
            status: Status::Declined,
            ..done(
                3,
                Some(Bet),
                "2026-11-09T00:00:00Z",
                None,
                "2026-11-10T00:00:00Z",
            )
        };
        let todo = fact(4, Some(Feature), "2026-11-12T00:00:00Z");
        let mut current = done(
            5,
            Some(Feature),
            "2026-11-16T00:00:00Z",
            None,
            "2026-11-20T00:00:00Z",
        );
        current.effort = Some(8);
        let m = metrics(&[hot, inbox, declined, todo, current], [1, 2, 0, 0, 0], 2);
        let got: Vec<_> = m
            .weeks
            .iter()
            .map(|w| {
                (
                    w.start.to_string(),
                    w.partial,
                    w.done.all,
                    w.effort.all,
                    w.declined,
                    w.arrived,
                    w.open,
                )
            })
            .collect();
        // Open at the start: 3 (the Inbox's #2 among them).
        assert_eq!(
            got,
            vec![
                ("2026-11-02".to_string(), false, 2, 8, 0, 1, 3 + 1 - 2),
                ("2026-11-09".to_string(), false, 0, 0, 1, 2, 2 + 2 - 1),
                ("2026-11-16".to_string(), true, 1, 8, 0, 1, 3 + 1 - 1),
            ]
        );
        assert_eq!(m.weeks[0].done.lane(Hotfix), &1);
        assert_eq!(m.weeks[0].effort.lane(Hotfix), &3);
        // The Inbox item counts in the total only.
        assert_eq!(m.weeks[0].done.lanes.iter().sum::<usize>(), 1);
        assert_eq!(m.mean_done, Some(1.0));
        assert_eq!(m.samples(), vec![2, 0]);
    }

    #[test]
    fn aging_is_past_the_lanes_p85_or_all_lanes_with_fewer_than_5() {
        let mut facts = Vec::new();
        // Five hot fixes with cycle times 1..5 days: the lane's p85 is 5.
        for i in 0..5 {
            facts.push(done(
                i + 1,
                Some(Hotfix),
                "2026-11-01T00:00:00Z",
                Some("2026-11-02T00:00:00Z"),
                &format!("2026-11-{:02}T00:00:00Z", 3 + i),
            ));
        }
        // One feature with a cycle of 12 days: all lanes' p85 is 12.
        facts.push(done(
            6,
            Some(Feature),
            "2026-10-20T00:00:00Z",
            Some("2026-11-02T00:00:00Z"),
            "2026-11-14T00:00:00Z",
        ));
        let doing = |id, lane, started: &str| Fact {
            status: Status::Doing,
            started: Some(t(started)),
            ..fact(id, lane, "2026-10-01T00:00:00Z")
        };
        // Now is 2026-11-21T09:00.
        facts.push(doing(10, Some(Hotfix), "2026-11-15T09:00:00Z")); // 6 days > 5: aging
        facts.push(doing(11, Some(Hotfix), "2026-11-17T09:00:00Z")); // 4 days
        facts.push(doing(12, Some(Bet), "2026-11-10T09:00:00Z")); // 11 days ≤ 12
        facts.push(doing(13, Some(Feature), "2026-11-08T09:00:00Z")); // 13 days > 12 (fallback)
        facts.push(Fact {
            status: Status::Doing,
            ..fact(14, None, "2026-11-01T00:00:00Z")
        }); // no start
        let m = metrics(&facts, [0; 5], 2);
        let got: Vec<(i64, Option<f64>, bool)> =
            m.wip.iter().map(|w| (w.id, w.age_days, w.aging)).collect();
        assert_eq!(
            got,
            vec![
                (13, Some(13.0), true),
                (12, Some(11.0), false),
                (10, Some(6.0), true),
                (11, Some(4.0), false),
                (14, None, false),
            ]
        );
    }

    #[test]
    fn with_no_cycle_times_at_all_nothing_is_aging() {
        let f = Fact {
            status: Status::Doing,
            started: Some(t("2026-01-01T00:00:00Z")),
            ..fact(1, Some(Hotfix), "2026-01-01T00:00:00Z")
        };
        let m = metrics(&[f], [0; 5], 2);
        assert_eq!(m.wip.len(), 1);
        assert!(!m.wip[0].aging);
        assert_eq!(m.cycle.all.p85, None);
    }
}

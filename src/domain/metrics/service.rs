//! What customers and the strategy get: SLA adherence, the lane mix of effort
//! done against the capacity targets, and post-mortem coverage of hot fixes.

use chrono::NaiveDate;

use super::{days, percentile, Fact, Window};
use crate::domain::{Lane, Policy, Severity};

/// SLA adherence of one severity, or of all.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SlaRow {
    /// Items with this severity and a due date done in the window.
    pub done: usize,
    /// Of those, finished (UTC date) on or before the due date.
    pub on_time: usize,
    pub share: Option<f64>,
    /// Median `finished − created`, in days.
    pub median_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sla {
    /// S1 … S4.
    pub severities: [SlaRow; 4],
    pub all: SlaRow,
    /// Open items with a severity whose due date is before today, by id.
    pub open_breaches: Vec<i64>,
}

impl Sla {
    pub fn severity(&self, s: Severity) -> &SlaRow {
        &self.severities[s as usize]
    }
}

fn row(items: &[(bool, f64)]) -> SlaRow {
    let on_time = items.iter().filter(|(ok, _)| *ok).count();
    let mut durations: Vec<f64> = items.iter().map(|(_, d)| *d).collect();
    durations.sort_by(f64::total_cmp);
    SlaRow {
        done: items.len(),
        on_time,
        share: (!items.is_empty()).then(|| on_time as f64 / items.len() as f64),
        median_days: percentile(&durations, 50),
    }
}

pub(super) fn sla(facts: &[&Fact], w: &Window, today: NaiveDate) -> Sla {
    let mut per: [Vec<(bool, f64)>; 4] = Default::default();
    let mut all = Vec::new();
    let mut open_breaches = Vec::new();
    for f in facts {
        let (Some(sev), Some(due)) = (f.severity, f.due) else {
            continue;
        };
        if f.status.is_open() {
            if due < today {
                open_breaches.push(f.id);
            }
            continue;
        }
        let Some(finished) = f.finished.filter(|_| f.done_in(w)) else {
            continue;
        };
        let entry = (finished.date_naive() <= due, days(f.created, finished));
        per[sev as usize].push(entry);
        all.push(entry);
    }
    open_breaches.sort_unstable();
    Sla {
        severities: per.map(|items| row(&items)),
        all: row(&all),
        open_breaches,
    }
}

/// One lane's share of the effort done in the window, beside its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mix {
    pub lane: Lane,
    pub effort: u32,
    /// Of all effort done in lanes; `None` when none was done.
    pub share: Option<f64>,
    /// `capacity.<lane>`.
    pub target: f64,
    /// More than 10 points of share from the target.
    pub off: bool,
}

pub(super) fn mix(facts: &[&Fact], policy: &Policy, w: &Window) -> Vec<Mix> {
    let mut effort = [0u32; 4];
    for f in facts.iter().filter(|f| f.done_in(w)) {
        if let Some(l) = f.lane {
            effort[l as usize] += u32::from(f.effort.unwrap_or(0));
        }
    }
    mix_of(effort, policy)
}

/// The lanes off target, in words: "hot fixes took 45% of the effort done
/// against a 15% target; strategic bets got 0% against a 20% target".
pub fn mix_sentence(mix: &[Mix]) -> Option<String> {
    off_target(mix, true, "the effort done")
}

/// The lanes off target, in the past ("took", "got") or present tense ("take",
/// "takes", "get", "gets"), the first naming `what` the shares are of.
pub fn off_target(mix: &[Mix], past: bool, what: &str) -> Option<String> {
    let parts: Vec<String> = mix
        .iter()
        .filter(|m| m.off)
        .enumerate()
        .map(|(i, m)| {
            let share = m.share.unwrap_or(0.0) * 100.0;
            let target = m.target * 100.0;
            let more = share > target;
            // "hot fixes take", but "stability takes".
            let verb = match (past, more, m.lane == Lane::Stability) {
                (true, true, _) => "took",
                (true, false, _) => "got",
                (false, true, false) => "take",
                (false, true, true) => "takes",
                (false, false, false) => "get",
                (false, false, true) => "gets",
            };
            let what = if i == 0 {
                format!(" of {what}")
            } else {
                String::new()
            };
            format!(
                "{} {verb} {share:.0}%{what} against a {target:.0}% target",
                m.lane.label()
            )
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Each lane's effort as a share of them all, beside its target: the lane mix
/// of any set of efforts (in `Lane::ALL` order).
pub fn mix_of(effort: [u32; 4], policy: &Policy) -> Vec<Mix> {
    let total: u32 = effort.iter().sum();
    Lane::ALL
        .iter()
        .map(|&lane| {
            let share = (total > 0).then(|| f64::from(effort[lane as usize]) / f64::from(total));
            let target = policy.capacity_share(lane);
            Mix {
                lane,
                effort: effort[lane as usize],
                share,
                target,
                off: share.is_some_and(|s| ((s - target) * 100.0).abs() > 10.0 + 1e-9),
            }
        })
        .collect()
}

/// Items done (not declined) at or after `since`, and their effort per lane,
/// counted one fact at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoneSince {
    pub since: chrono::DateTime<chrono::Utc>,
    /// Items done, the Inbox's too.
    pub count: usize,
    /// Effort done, in `Lane::ALL` order.
    pub effort: [u32; 4],
}

impl DoneSince {
    pub fn new(since: chrono::DateTime<chrono::Utc>) -> DoneSince {
        DoneSince {
            since,
            count: 0,
            effort: [0; 4],
        }
    }

    /// Counts `f` when it was done since the date.
    pub fn add(&mut self, f: &Fact) {
        if f.status != crate::domain::Status::Done || f.finished.is_none_or(|t| t < self.since) {
            return;
        }
        self.count += 1;
        if let Some(l) = f.lane {
            self.effort[l as usize] += u32::from(f.effort.unwrap_or(0));
        }
    }

    /// Each lane's share of the effort done, against its target.
    pub fn mix(&self, policy: &Policy) -> Vec<Mix> {
        mix_of(self.effort, policy)
    }
}

/// Hot fixes done in the window, and how many have their post-mortem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Postmortems {
    pub hotfixes_done: usize,
    pub with_postmortem: usize,
}

pub(super) fn postmortems(facts: &[&Fact], w: &Window) -> Postmortems {
    let done: Vec<&&Fact> = facts
        .iter()
        .filter(|f| f.lane == Some(Lane::Hotfix) && f.done_in(w))
        .collect();
    Postmortems {
        hotfixes_done: done.len(),
        with_postmortem: done.iter().filter(|f| f.postmortem).count(),
    }
}

#[cfg(test)]
// Exact numbers are the point: every value compared is exactly representable.
#[allow(clippy::float_cmp)]
mod tests {
    use super::super::fixture::*;
    use super::super::{compute, Input, Metrics};
    use super::*;
    use crate::domain::Lane::{Bet, Feature, Hotfix, Stability};
    use crate::domain::Status;

    fn metrics(facts: &[Fact], policy: &Policy) -> Metrics {
        let input = Input {
            facts,
            open_at_start: [0; 5],
            lanes: &[],
            began: None,
        };
        compute(&input, policy, &window(2), now().date_naive())
    }

    fn sev(mut f: Fact, s: Severity, due: &str) -> Fact {
        f.severity = Some(s);
        f.due = Some(due.parse().unwrap());
        f
    }

    #[test]
    fn sla_is_on_time_by_the_utc_date_finished() {
        let facts = [
            // Due 11-03, finished late on 11-03: on time (lead 1.5 days).
            sev(
                done(
                    1,
                    Some(Hotfix),
                    "2026-11-02T11:00:00Z",
                    None,
                    "2026-11-03T23:00:00Z",
                ),
                Severity::S1,
                "2026-11-03",
            ),
            // Due 11-03, finished just after midnight: late (lead 2 days).
            sev(
                done(
                    2,
                    Some(Hotfix),
                    "2026-11-02T00:30:00Z",
                    None,
                    "2026-11-04T00:30:00Z",
                ),
                Severity::S1,
                "2026-11-03",
            ),
            // S3 on time (lead 4 days).
            sev(
                done(
                    3,
                    Some(Stability),
                    "2026-11-05T00:00:00Z",
                    None,
                    "2026-11-09T00:00:00Z",
                ),
                Severity::S3,
                "2026-11-19",
            ),
            // A severity without a due date: not an SLA item.
            Fact {
                severity: Some(Severity::S2),
                ..done(
                    4,
                    Some(Hotfix),
                    "2026-11-02T00:00:00Z",
                    None,
                    "2026-11-03T00:00:00Z",
                )
            },
            // Declined: not counted.
            Fact {
                status: Status::Declined,
                ..sev(
                    done(
                        5,
                        Some(Hotfix),
                        "2026-11-02T00:00:00Z",
                        None,
                        "2026-11-09T00:00:00Z",
                    ),
                    Severity::S2,
                    "2026-11-04",
                )
            },
            // Open, due before today (11-21): a breach; due today is not.
            sev(
                fact(6, Some(Hotfix), "2026-11-10T00:00:00Z"),
                Severity::S2,
                "2026-11-20",
            ),
            sev(
                fact(7, Some(Hotfix), "2026-11-10T00:00:00Z"),
                Severity::S2,
                "2026-11-21",
            ),
            Fact {
                status: Status::Doing,
                ..sev(
                    fact(8, None, "2026-11-10T00:00:00Z"),
                    Severity::S4,
                    "2026-11-01",
                )
            },
        ];
        let m = metrics(&facts, &Policy::default());
        let s1 = m.sla.severity(Severity::S1);
        assert_eq!((s1.done, s1.on_time, s1.share), (2, 1, Some(0.5)));
        // Nearest rank: the first of two.
        assert_eq!(s1.median_days, Some(1.5));
        let s2 = m.sla.severity(Severity::S2);
        assert_eq!(
            (s2.done, s2.on_time, s2.share, s2.median_days),
            (0, 0, None, None)
        );
        assert_eq!(m.sla.severity(Severity::S3).median_days, Some(4.0));
        let all = m.sla.all;
        assert_eq!((all.done, all.on_time), (3, 2));
        assert!((all.share.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(all.median_days, Some(2.0));
        assert_eq!(m.sla.open_breaches, vec![6, 8]);
    }

    fn effort(mut f: Fact, e: u8) -> Fact {
        f.effort = Some(e);
        f
    }

    #[test]
    fn lane_mix_is_a_share_of_effort_done_and_off_beyond_10_points() {
        let at = |id, lane, e| {
            effort(
                done(
                    id,
                    Some(lane),
                    "2026-11-02T00:00:00Z",
                    None,
                    "2026-11-04T00:00:00Z",
                ),
                e,
            )
        };
        let facts = [
            at(1, Hotfix, 13),
            at(2, Hotfix, 5),
            at(3, Stability, 8),
            at(4, Feature, 13),
            // No effort: counts as 0.
            done(
                5,
                Some(Bet),
                "2026-11-02T00:00:00Z",
                None,
                "2026-11-04T00:00:00Z",
            ),
            // The Inbox is not a lane.
            effort(
                done(
                    6,
                    None,
                    "2026-11-02T00:00:00Z",
                    None,
                    "2026-11-04T00:00:00Z",
                ),
                20,
            ),
        ];
        let m = metrics(&facts, &Policy::default());
        let got: Vec<(u32, Option<f64>, f64, bool)> = m
            .mix
            .iter()
            .map(|x| (x.effort, x.share, x.target, x.off))
            .collect();
        // 39 points: hot fixes 18/39 = 46% against 15%; stability 21% against 25%;
        // features 33% against 40%; bets 0% against 20%.
        assert_eq!(got[0], (18, Some(18.0 / 39.0), 0.15, true));
        assert_eq!(got[1], (8, Some(8.0 / 39.0), 0.25, false));
        assert_eq!(got[2], (13, Some(13.0 / 39.0), 0.40, false));
        assert_eq!(got[3], (0, Some(0.0), 0.20, true));
        assert_eq!(
            mix_sentence(&m.mix).unwrap(),
            "hot fixes took 46% of the effort done against a 15% target; strategic bets got 0% against a 20% target"
        );
    }

    #[test]
    fn exactly_10_points_off_is_not_off_and_no_effort_is_no_share() {
        let at = |id, lane, e| {
            effort(
                done(
                    id,
                    Some(lane),
                    "2026-11-02T00:00:00Z",
                    None,
                    "2026-11-04T00:00:00Z",
                ),
                e,
            )
        };
        // 25% hot fixes against 15%: 10 points exactly.
        let facts = [
            at(1, Hotfix, 5),
            at(2, Stability, 5),
            at(3, Feature, 6),
            at(4, Bet, 4),
        ];
        let m = metrics(&facts, &Policy::default());
        assert!(m.mix.iter().all(|x| !x.off), "{:?}", m.mix);
        assert_eq!(mix_sentence(&m.mix), None);
        let m = metrics(&[], &Policy::default());
        assert!(m.mix.iter().all(|x| x.share.is_none() && !x.off));
    }

    #[test]
    fn cost_of_delay_uses_the_current_weights_per_week_and_in_total() {
        let mut first = done(
            1,
            Some(Feature),
            "2026-11-02T00:00:00Z",
            None,
            "2026-11-03T00:00:00Z",
        );
        (first.value, first.impact, first.risk) = (Some(8), Some(5), Some(3));
        let mut second = done(
            2,
            Some(Bet),
            "2026-11-02T00:00:00Z",
            None,
            "2026-11-10T00:00:00Z",
        );
        (second.value, second.impact) = (Some(13), Some(2));
        let mut current = done(
            3,
            Some(Bet),
            "2026-11-02T00:00:00Z",
            None,
            "2026-11-17T00:00:00Z",
        );
        current.value = Some(20);
        let policy = Policy {
            weight_value: 2.0,
            weight_risk: 0.5,
            ..Policy::default()
        };
        let m = metrics(&[first, second, current], &policy);
        let weeks: Vec<f64> = m.weeks.iter().map(|w| w.cost_of_delay).collect();
        assert_eq!(weeks, vec![16.0 + 5.0 + 1.5, 26.0 + 2.0, 40.0]);
        // The current week is not in the total.
        assert_eq!(m.cost_of_delay, 22.5 + 28.0);
    }

    #[test]
    fn post_mortems_count_hot_fixes_done_in_the_window_with_both_parts() {
        let hot = |id| {
            done(
                id,
                Some(Hotfix),
                "2026-11-02T00:00:00Z",
                None,
                "2026-11-03T00:00:00Z",
            )
        };
        let facts = [
            Fact {
                postmortem: true,
                ..hot(1)
            },
            hot(2),
            Fact {
                postmortem: true,
                ..done(
                    3,
                    Some(Stability),
                    "2026-11-02T00:00:00Z",
                    None,
                    "2026-11-03T00:00:00Z",
                )
            },
            Fact {
                postmortem: true,
                ..done(
                    4,
                    Some(Hotfix),
                    "2026-10-02T00:00:00Z",
                    None,
                    "2026-10-03T00:00:00Z",
                )
            },
        ];
        let m = metrics(&facts, &Policy::default());
        assert_eq!(
            m.postmortems,
            Postmortems {
                hotfixes_done: 2,
                with_postmortem: 1
            }
        );
    }
}

//! Section 11: flow and balance numbers from the items' timestamps, as pure
//! functions of the items and `now`. "No data" is `None`, never 0.

mod flow;
mod service;
pub mod stats;
pub mod week;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Lane, Policy, Severity, Status};
pub use service::{mix_of, mix_sentence, off_target, DoneSince, Mix, Postmortems, Sla, SlaRow};
pub use stats::{percentile, Summary};
pub use week::{days, Window, DEFAULT_WEEKS, MAX_WEEKS};

/// What the metrics need of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub id: i64,
    pub lane: Option<Lane>,
    pub status: Status,
    pub value: Option<u8>,
    pub impact: Option<u8>,
    pub risk: Option<u8>,
    pub effort: Option<u8>,
    pub severity: Option<Severity>,
    pub due: Option<NaiveDate>,
    pub created: DateTime<Utc>,
    pub started: Option<DateTime<Utc>>,
    pub finished: Option<DateTime<Utc>>,
    /// Both a root cause and a prevention are written down.
    pub postmortem: bool,
}

impl Fact {
    /// Done (not declined) in one of the window's complete weeks.
    fn done_in(&self, w: &Window) -> bool {
        self.status == Status::Done && self.finished.is_some_and(|f| w.contains(f))
    }

    /// The board column: 0 for the Inbox, then the lanes in order.
    fn column(&self) -> usize {
        self.lane.map_or(0, |l| l as usize + 1)
    }
}

/// One value per lane, and one for all of them together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ByLane<T> {
    pub all: T,
    /// In `Lane::ALL` order.
    pub lanes: [T; 4],
}

impl<T> ByLane<T> {
    pub fn lane(&self, lane: Lane) -> &T {
        &self.lanes[lane as usize]
    }
}

/// Which lanes to count; empty means every lane and the Inbox. `None` inside
/// stands for the Inbox.
pub type Selection = [Option<Lane>];

fn selected(lanes: &Selection, lane: Option<Lane>) -> bool {
    lanes.is_empty() || lanes.contains(&lane)
}

/// What the metrics are computed from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// At least every item finished or created since the window's start, every
    /// item in `doing`, and every open item with a severity past its due date.
    /// More is harmless: each metric picks its own.
    pub facts: &'a [Fact],
    /// Items open at the window's start (created before it and not finished
    /// before it), per column: the Inbox, then the lanes.
    pub open_at_start: [usize; 5],
    pub lanes: &'a Selection,
    /// When the backlog's first item was created: weeks that ended before it
    /// are not the team's throughput, so forecasts and means leave them out.
    pub began: Option<DateTime<Utc>>,
}

/// One week of throughput.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// Its Monday.
    pub start: NaiveDate,
    /// The current week, still under way.
    pub partial: bool,
    /// Items done; `all` counts every selected item, the Inbox's too.
    pub done: ByLane<usize>,
    /// Effort of the items done.
    pub effort: ByLane<u32>,
    pub declined: usize,
    /// Items created.
    pub arrived: usize,
    /// Items open at the week's end (for the current week: now).
    pub open: usize,
    /// Cost of delay of the items done (see [`cost_of_delay`]).
    pub cost_of_delay: f64,
}

/// An item in `doing` now.
#[derive(Debug, Clone, PartialEq)]
pub struct Wip {
    pub id: i64,
    pub lane: Option<Lane>,
    /// `now − started`; `None` when it has no start time.
    pub age_days: Option<f64>,
    /// Older than the p85 cycle time of its lane (of all lanes when its lane has
    /// fewer than [`AGING_SAMPLES`] cycle times in the window).
    pub aging: bool,
    /// The p85 cycle time its age is judged against, when there is one.
    pub threshold: Option<f64>,
}

/// Cycle times a lane needs for its own p85 to judge its items' age.
pub const AGING_SAMPLES: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    pub window: Window,
    /// `finished − created` of items done in the window.
    pub lead: ByLane<Summary>,
    /// `finished − started` of items done in the window that were started.
    pub cycle: ByLane<Summary>,
    /// The complete weeks, then the current one.
    pub weeks: Vec<Week>,
    /// Mean items done per complete week.
    pub mean_done: Option<f64>,
    /// Oldest first.
    pub wip: Vec<Wip>,
    pub sla: Sla,
    /// Every lane, whatever the selection, so shares are of all effort done.
    pub mix: Vec<Mix>,
    /// Over the complete weeks.
    pub cost_of_delay: f64,
    pub postmortems: Postmortems,
    /// Complete weeks of the window that ended before the backlog's first
    /// item: counted in no sample and no mean.
    pub before_backlog: usize,
}

impl Metrics {
    /// Items done in each complete week since the backlog began: the
    /// forecast's samples.
    pub fn samples(&self) -> Vec<u32> {
        self.sampled().map(|w| w.done.all as u32).collect()
    }

    fn sampled(&self) -> impl Iterator<Item = &Week> {
        self.weeks
            .iter()
            .filter(|w| !w.partial)
            .skip(self.before_backlog)
    }
}

/// Complete weeks (of `weeks`, oldest first) that ended before `began`.
fn weeks_before(weeks: &[Week], began: Option<DateTime<Utc>>) -> usize {
    let Some(began) = began else { return 0 };
    weeks
        .iter()
        .filter(|w| !w.partial)
        .take_while(|w| {
            w.start
                .checked_add_days(chrono::Days::new(7))
                .is_some_and(|end| end <= began.date_naive())
        })
        .count()
}

/// `weight.value·value + weight.impact·impact + weight.risk·risk` with the current
/// weights; a missing input counts as 0.
pub fn cost_of_delay(f: &Fact, policy: &Policy) -> f64 {
    let v = |x: Option<u8>| f64::from(x.unwrap_or(0));
    policy.weight_value * v(f.value)
        + policy.weight_impact * v(f.impact)
        + policy.weight_risk * v(f.risk)
}

/// Every metric of section 11 over `window`.
pub fn compute(input: &Input<'_>, policy: &Policy, window: &Window, today: NaiveDate) -> Metrics {
    let chosen: Vec<&Fact> = input
        .facts
        .iter()
        .filter(|f| selected(input.lanes, f.lane))
        .collect();
    let all: Vec<&Fact> = input.facts.iter().collect();
    let open_at_start = input
        .open_at_start
        .iter()
        .enumerate()
        .filter(|(col, _)| {
            let lane = col.checked_sub(1).map(|i| Lane::ALL[i]);
            selected(input.lanes, lane)
        })
        .map(|(_, n)| n)
        .sum();
    let weeks = flow::weeks(&chosen, open_at_start, policy, window);
    let before_backlog = weeks_before(&weeks, input.began);
    let complete: Vec<&Week> = weeks
        .iter()
        .filter(|w| !w.partial)
        .skip(before_backlog)
        .collect();
    let mean_done = (!complete.is_empty())
        .then(|| complete.iter().map(|w| w.done.all as f64).sum::<f64>() / complete.len() as f64);
    // Aging is judged against every lane's cycle times, whatever is shown.
    let cycle_all = flow::cycle(&all, window);
    Metrics {
        window: *window,
        lead: flow::lead(&chosen, window),
        cycle: flow::cycle(&chosen, window),
        cost_of_delay: complete.iter().map(|w| w.cost_of_delay).sum(),
        mean_done,
        weeks,
        wip: flow::wip(&chosen, &cycle_all, window.now),
        sla: service::sla(&chosen, window, today),
        mix: service::mix(&all, policy, window),
        postmortems: service::postmortems(&chosen, window),
        before_backlog,
    }
}

/// Items open at `t` (created by then and not finished by then; a finished
/// item whose finish is unknown is not counted), per column:
/// what the store counts for [`Input::open_at_start`], here for small backlogs
/// and tests.
pub fn open_at(facts: &[Fact], t: DateTime<Utc>) -> [usize; 5] {
    let mut out = [0; 5];
    for f in facts {
        let open_then = match f.finished {
            Some(x) => x >= t,
            None => f.status.is_open(),
        };
        if f.created < t && open_then {
            out[f.column()] += 1;
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Items with known timestamps, for exact tests.

    use super::*;
    use crate::domain::item::parse_time;

    pub fn t(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap()
    }

    /// Saturday 2026-11-21 09:00: the window of 2 weeks is 11-02 … 11-15.
    pub fn now() -> DateTime<Utc> {
        t("2026-11-21T09:00:00Z")
    }

    pub fn window(weeks: u32) -> Window {
        Window::new(weeks, now()).unwrap()
    }

    /// A todo item created at `created`.
    pub fn fact(id: i64, lane: Option<Lane>, created: &str) -> Fact {
        Fact {
            id,
            lane,
            status: Status::Todo,
            value: None,
            impact: None,
            risk: None,
            effort: None,
            severity: None,
            due: None,
            created: t(created),
            started: None,
            finished: None,
            postmortem: false,
        }
    }

    /// Done: created, started (or not), finished.
    pub fn done(
        id: i64,
        lane: Option<Lane>,
        created: &str,
        started: Option<&str>,
        finished: &str,
    ) -> Fact {
        Fact {
            status: Status::Done,
            started: started.map(t),
            finished: Some(t(finished)),
            ..fact(id, lane, created)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;

    #[test]
    fn the_store_count_of_open_items_matches_the_timestamps() {
        let facts = [
            fact(1, None, "2026-10-01T00:00:00Z"),
            done(
                2,
                Some(Lane::Bet),
                "2026-10-01T00:00:00Z",
                None,
                "2026-11-02T00:00:00Z",
            ),
            done(
                3,
                Some(Lane::Bet),
                "2026-10-01T00:00:00Z",
                None,
                "2026-11-01T23:59:59Z",
            ),
            fact(4, Some(Lane::Hotfix), "2026-11-02T00:00:00Z"),
        ];
        assert_eq!(open_at(&facts, window(2).from), [1, 0, 0, 0, 1]);
    }

    #[test]
    fn a_lane_selection_narrows_every_metric_but_the_lane_mix() {
        let mut hot = done(
            1,
            Some(Lane::Hotfix),
            "2026-11-03T00:00:00Z",
            None,
            "2026-11-04T00:00:00Z",
        );
        hot.effort = Some(3);
        let mut bet = done(
            2,
            Some(Lane::Bet),
            "2026-11-03T00:00:00Z",
            None,
            "2026-11-05T00:00:00Z",
        );
        bet.effort = Some(1);
        let facts = [hot, bet];
        let input = Input {
            facts: &facts,
            open_at_start: [0, 4, 0, 0, 6],
            lanes: &[Some(Lane::Hotfix)],
            began: None,
        };
        let m = compute(&input, &Policy::default(), &window(2), now().date_naive());
        assert_eq!(m.lead.all.count, 1);
        assert_eq!(m.weeks[0].done.all, 1);
        assert_eq!(m.weeks[0].open, 4 + 1 - 1);
        assert_eq!(m.mix[0].effort, 3);
        assert_eq!(m.mix[3].effort, 1);
        assert_eq!(m.mix[0].share, Some(0.75));
        assert_eq!(m.samples(), vec![1, 0]);
        assert_eq!(m.mean_done, Some(0.5));
    }

    #[test]
    fn weeks_before_the_backlog_began_are_no_samples_and_no_part_of_the_mean() {
        // Now is Saturday 2026-11-21; four complete weeks start 10-19, 10-26,
        // 11-02 and 11-09. The first item arrived on Wednesday 10-28.
        let facts = [
            done(
                1,
                Some(Lane::Feature),
                "2026-10-28T00:00:00Z",
                None,
                "2026-11-03T00:00:00Z",
            ),
            done(
                2,
                Some(Lane::Feature),
                "2026-10-29T00:00:00Z",
                None,
                "2026-11-10T00:00:00Z",
            ),
        ];
        let mut input = Input {
            facts: &facts,
            open_at_start: [0; 5],
            lanes: &[],
            began: None,
        };
        let all = compute(&input, &Policy::default(), &window(4), now().date_naive());
        assert_eq!(all.samples(), vec![0, 0, 1, 1]);
        assert_eq!(all.before_backlog, 0);
        input.began = Some(facts[0].created);
        let m = compute(&input, &Policy::default(), &window(4), now().date_naive());
        // The week of 10-26 holds the first item: it counts; 10-19 does not.
        assert_eq!(m.before_backlog, 1);
        assert_eq!(m.samples(), vec![0, 1, 1]);
        assert_eq!(m.mean_done, Some(2.0 / 3.0));
        assert_eq!(m.weeks.len(), all.weeks.len());
    }
}

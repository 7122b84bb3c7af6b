//! Section 5: one balanced sprint. Mandatory work first, then each lane up to its
//! capacity share, then whatever still fits, in rank order; blockers first.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::rank::{self, RankKey};
use super::{Lane, Policy, Status};

/// An open item with a lane: what a plan can take once it has an effort.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub key: RankKey,
    pub lane: Lane,
    pub status: Status,
    /// `None`: not estimated, so it cannot be planned (a mandatory one is
    /// named in the warnings).
    pub effort: Option<u32>,
    /// Blockers that are still open (todo or doing), whether candidates or not.
    pub open_blockers: Vec<i64>,
    /// Has acceptance criteria: without them the item is not ready to start.
    pub has_criteria: bool,
}

impl Candidate {
    /// In progress, S1/S2, or due within the sprint.
    pub fn is_mandatory(&self, sprint_end: NaiveDate) -> bool {
        self.status == Status::Doing
            || self.key.urgency() < 2
            || self.key.due.is_some_and(|d| d <= sprint_end)
    }
}

/// One lane's share of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct LanePlan {
    pub lane: Lane,
    /// Target effort: the lane's capacity share of the sprint, in points.
    pub target: f64,
    pub planned: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub capacity: u32,
    /// Taken items in plan order: rank order, each after its blockers.
    pub items: Vec<i64>,
    pub lanes: Vec<LanePlan>,
    /// Mandatory items that were ready but did not fit (blocked ones are in `blocked`).
    pub overflow: Vec<i64>,
    /// Candidates left out because a blocker stayed out of the plan.
    pub blocked: Vec<i64>,
    /// Taken items without acceptance criteria.
    pub unready: Vec<i64>,
    /// The balance and fit problems, in plain words.
    pub warnings: Vec<String>,
}

impl Plan {
    pub fn planned(&self) -> u32 {
        self.lanes.iter().map(|l| l.planned).sum()
    }
}

fn lane_index(l: Lane) -> usize {
    Lane::ALL.iter().position(|x| *x == l).unwrap_or(0)
}

/// The plan as it fills up.
struct Fill<'a> {
    /// Candidates in rank order.
    order: Vec<&'a Candidate>,
    taken: HashSet<i64>,
    used: u32,
    lane_used: [u32; 4],
    budget: f64,
}

impl<'a> Fill<'a> {
    /// What is left of the sprint.
    fn left(&self) -> f64 {
        (self.budget - f64::from(self.used)).max(0.0)
    }

    /// None of its open blockers is left out of the plan so far.
    fn ready(&self, c: &Candidate) -> bool {
        c.open_blockers.iter().all(|b| self.taken.contains(b))
    }

    /// Walks the candidates `pick` chooses in rank order, taking every ready one
    /// whose effort fits in `room` (skipping, not stopping at, one that does
    /// not). An item whose blocker ranks below it becomes ready once the walk
    /// has taken the blocker, so the walk repeats until it takes nothing more:
    /// mandatory work blocked by other mandatory work comes in with it.
    fn walk(&mut self, pick: impl Fn(&Candidate) -> bool, room: impl Fn(&Self, &Candidate) -> f64) {
        loop {
            let before = self.taken.len();
            self.pass(&pick, &room);
            if self.taken.len() == before {
                return;
            }
        }
    }

    fn pass(
        &mut self,
        pick: &impl Fn(&Candidate) -> bool,
        room: &impl Fn(&Self, &Candidate) -> f64,
    ) {
        for i in 0..self.order.len() {
            let c: &'a Candidate = self.order[i];
            let Some(effort) = c.effort else {
                continue;
            };
            if self.taken.contains(&c.key.id) || !pick(c) || !self.ready(c) {
                continue;
            }
            if f64::from(effort) <= room(self, c) + 1e-9 {
                self.taken.insert(c.key.id);
                self.used += effort;
                self.lane_used[lane_index(c.lane)] += effort;
            }
        }
    }
}

/// Plans one sprint of `capacity` points from `candidates` (any order).
pub fn plan(candidates: &[Candidate], capacity: u32, policy: &Policy, today: NaiveDate) -> Plan {
    // Only what is estimated can be planned.
    let mut order: Vec<&Candidate> = candidates.iter().filter(|c| c.effort.is_some()).collect();
    order.sort_by(|a, b| rank::compare(&a.key, &b.key));
    let sprint_end = today
        .checked_add_days(chrono::Days::new(u64::from(policy.sprint_days)))
        .unwrap_or(today);
    let budget = f64::from(capacity);
    let mut fill = Fill {
        order: order.clone(),
        taken: HashSet::new(),
        used: 0,
        lane_used: [0; 4],
        budget,
    };
    // 1. Mandatory work, into the whole sprint.
    fill.walk(|c| c.is_mandatory(sprint_end), |f, _| f.left());
    // 2. Each lane, up to its share less what it already has, within the sprint.
    for lane in Lane::ALL {
        let share = policy.capacity_share(*lane) * budget;
        fill.walk(
            |c| c.lane == *lane,
            |f, c| {
                (share - f64::from(f.lane_used[lane_index(c.lane)]))
                    .max(0.0)
                    .min(f.left())
            },
        );
    }
    // 3. Whatever still fits, every lane together.
    fill.walk(|_| true, |f, _| f.left());

    let taken = &fill.taken;
    let items = blockers_first(&order, taken);
    let overflow: Vec<i64> = order
        .iter()
        .filter(|c| c.is_mandatory(sprint_end) && !taken.contains(&c.key.id) && fill.ready(c))
        .map(|c| c.key.id)
        .collect();
    let blocked: Vec<i64> = order
        .iter()
        .filter(|c| !taken.contains(&c.key.id) && !fill.ready(c))
        .map(|c| c.key.id)
        .collect();
    let unready: Vec<i64> = order
        .iter()
        .filter(|c| taken.contains(&c.key.id) && !c.has_criteria)
        .map(|c| c.key.id)
        .collect();
    let lanes: Vec<LanePlan> = Lane::ALL
        .iter()
        .map(|l| LanePlan {
            lane: *l,
            target: policy.capacity_share(*l) * budget,
            planned: fill.lane_used[lane_index(*l)],
        })
        .collect();
    let mut plan = Plan {
        capacity,
        items,
        lanes,
        overflow,
        blocked,
        unready,
        warnings: Vec::new(),
    };
    let mut unestimated: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.effort.is_none() && c.is_mandatory(sprint_end))
        .collect();
    unestimated.sort_by(|a, b| rank::compare(&a.key, &b.key));
    let unestimated = (!unestimated.is_empty()).then(|| not_estimated(&unestimated, sprint_end));
    plan.warnings = warnings(&plan, policy, candidates, unestimated);
    plan
}

/// "S1 #5 has no effort estimate, so it is not planned": mandatory work the plan
/// cannot take, each named with why it is mandatory.
fn not_estimated(items: &[&Candidate], sprint_end: NaiveDate) -> String {
    let named: Vec<String> = items
        .iter()
        .take(10)
        .map(|c| {
            let id = c.key.id;
            match (c.key.severity, c.status, c.key.due) {
                (Some(s), _, _) if s.is_urgent() => format!("{s} #{id}"),
                (_, Status::Doing, _) => format!("#{id} (in progress)"),
                (_, _, Some(due)) if due <= sprint_end => format!("#{id} (due {due})"),
                _ => format!("#{id}"),
            }
        })
        .collect();
    let mut list = match named.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    if items.len() > 10 {
        list = format!("{} and {} more", named.join(", "), items.len() - 10);
    }
    if items.len() == 1 {
        format!("{list} has no effort estimate, so it is not planned")
    } else {
        format!("{list} have no effort estimate, so they are not planned")
    }
}

/// The taken items in rank order, except that each comes after its blockers:
/// a blocker is pulled forward to just before the first item that waits on it.
fn blockers_first(order: &[&Candidate], taken: &HashSet<i64>) -> Vec<i64> {
    let by_id: std::collections::HashMap<i64, &Candidate> = order
        .iter()
        .filter(|c| taken.contains(&c.key.id))
        .map(|c| (c.key.id, *c))
        .collect();
    let mut placed: HashSet<i64> = HashSet::new();
    let mut out = Vec::new();
    for c in order.iter().filter(|c| taken.contains(&c.key.id)) {
        place(c, &by_id, &mut placed, &mut out);
    }
    out
}

/// Places `c` after its taken blockers (the graph is acyclic, so this ends).
fn place(
    c: &Candidate,
    by_id: &std::collections::HashMap<i64, &Candidate>,
    placed: &mut HashSet<i64>,
    out: &mut Vec<i64>,
) {
    if !placed.insert(c.key.id) {
        return;
    }
    let mut blockers: Vec<&Candidate> = c
        .open_blockers
        .iter()
        .filter_map(|b| by_id.get(b).copied())
        .collect();
    blockers.sort_by(|a, b| rank::compare(&a.key, &b.key));
    for b in blockers {
        place(b, by_id, placed, out);
    }
    out.push(c.key.id);
}

/// `#1, #2, #3`; past ten, the first ten and how many more.
fn ids(list: &[i64]) -> String {
    let shown: Vec<String> = list.iter().take(10).map(|i| format!("#{i}")).collect();
    match list.len() {
        n if n > 10 => format!("{} and {} more", shown.join(", "), n - 10),
        _ => shown.join(", "),
    }
}

/// The plan's problems in plain words.
/// `unestimated` names the mandatory work that has no effort estimate.
fn warnings(
    plan: &Plan,
    policy: &Policy,
    candidates: &[Candidate],
    unestimated: Option<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    let total = plan.planned();
    if total > 0 {
        let mut off = Vec::new();
        for l in &plan.lanes {
            let share = f64::from(l.planned) * 100.0 / f64::from(total);
            let target = policy.capacity_share(l.lane) * 100.0;
            if (share - target).abs() > 10.0 {
                // "hot fixes take", but "stability takes".
                let singular = l.lane == Lane::Stability;
                let verb = match (share > target, singular) {
                    (true, false) => "take",
                    (true, true) => "takes",
                    (false, false) => "get",
                    (false, true) => "gets",
                };
                off.push(format!(
                    "{} {verb} {share:.0}% against a {target:.0}% target",
                    l.lane.label()
                ));
            }
        }
        if !off.is_empty() {
            out.push(format!("the balance is off: {}", off.join("; ")));
        }
    }
    if !plan.overflow.is_empty() {
        let overflow: HashSet<i64> = plan.overflow.iter().copied().collect();
        let effort: u32 = candidates
            .iter()
            .filter(|c| overflow.contains(&c.key.id))
            .filter_map(|c| c.effort)
            .sum();
        out.push(format!(
            "mandatory work does not fit: {} ({effort} points) left out of a {}-point sprint",
            ids(&plan.overflow),
            plan.capacity
        ));
    }
    out.extend(unestimated);
    if !plan.blocked.is_empty() {
        out.push(format!("left out because blocked: {}", ids(&plan.blocked)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Horizon, Severity};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    /// An item: id, lane, effort, score, in `todo`, `later`, no severity or due.
    fn c(id: i64, lane: Lane, effort: u32, score: f64) -> Candidate {
        Candidate {
            key: RankKey {
                horizon: Horizon::Later,
                severity: None,
                score: Some(score),
                due: None,
                id,
            },
            lane,
            status: Status::Todo,
            effort: Some(effort),
            open_blockers: Vec::new(),
            has_criteria: true,
        }
    }

    fn sev(mut x: Candidate, s: Severity) -> Candidate {
        x.key.severity = Some(s);
        x.key.horizon = Horizon::Now;
        x
    }

    fn run(cands: &[Candidate], capacity: u32) -> Plan {
        plan(cands, capacity, &Policy::default(), today())
    }

    #[test]
    fn lanes_fill_to_their_share_then_leftover_fills_in_rank_order() {
        use Lane::*;
        // B = 40: hotfix 6, stability 10, feature 16, bet 8.
        let cands = [
            c(1, Hotfix, 5, 9.0),
            c(2, Hotfix, 3, 8.0), // 5 + 3 > 6: skipped in its lane step
            c(3, Stability, 8, 7.0),
            c(4, Stability, 3, 6.5), // 8 + 3 > 10
            c(5, Feature, 13, 6.0),
            c(6, Feature, 3, 5.0),
            c(7, Bet, 8, 4.0),
            c(8, Bet, 5, 3.0),
        ];
        let p = run(&cands, 40);
        // Lane steps take 1, 3, 5, 6, 7 = 37; leftover (3 left) takes 2 (3), not 4.
        assert_eq!(p.items, vec![1, 2, 3, 5, 6, 7]);
        let planned: Vec<u32> = p.lanes.iter().map(|l| l.planned).collect();
        assert_eq!(planned, vec![8, 8, 16, 8]);
        let targets: Vec<f64> = p.lanes.iter().map(|l| l.target).collect();
        assert_eq!(targets, vec![6.0, 10.0, 16.0, 8.0]);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn mandatory_work_comes_first_and_overflow_is_reported() {
        use Lane::*;
        let mut due = c(4, Feature, 8, 1.0);
        due.key.due = today().checked_add_days(chrono::Days::new(14));
        let mut late = c(5, Feature, 8, 1.0);
        late.key.due = today().checked_add_days(chrono::Days::new(15));
        let mut doing = c(6, Bet, 5, 0.5);
        doing.status = Status::Doing;
        let cands = [
            sev(c(1, Hotfix, 13, 2.0), Severity::S1),
            sev(c(2, Hotfix, 13, 2.0), Severity::S2),
            sev(c(3, Hotfix, 8, 2.0), Severity::S3), // not urgent: not mandatory
            due,
            late,
            doing,
            sev(c(7, Stability, 20, 9.0), Severity::S2),
        ];
        let p = run(&cands, 40);
        // Rank: 7 (S2, 9.0)... urgency: 1 (S1) first, then 2 and 7 (S2, by score).
        // Mandatory walk into 40: 1 (13), 7 (20) = 33; 2 (13) does not fit; 4 (8) no;
        // 6 (5) fits = 38. Then lanes: nothing fits in 2 points.
        assert_eq!(p.items, vec![1, 7, 6]);
        assert_eq!(p.overflow, vec![2, 4]);
        assert!(p.warnings.iter().any(|w| w
            == "mandatory work does not fit: #2, #4 (21 points) left out of a 40-point sprint"));
        assert!(p
            .warnings
            .iter()
            .any(|w| w.starts_with("the balance is off: hot fixes take 34% against a 15% target")));
    }

    #[test]
    fn a_blocked_item_comes_in_after_its_blocker_or_is_named() {
        use Lane::*;
        let mut a = c(1, Feature, 5, 9.0);
        a.open_blockers = vec![2];
        let b = c(2, Feature, 5, 1.0);
        let mut d = c(3, Feature, 3, 8.0);
        d.open_blockers = vec![99]; // an open blocker that is not a candidate
        let p = run(&[a, b, d], 40);
        // Feature step: 1 not ready, 3 not ready, 2 taken; walking again, 1 is ready.
        assert_eq!(p.items, vec![2, 1]);
        assert_eq!(p.blocked, vec![3]);
        assert!(p
            .warnings
            .iter()
            .any(|w| w == "left out because blocked: #3"));
    }

    #[test]
    fn plan_order_puts_blockers_before_what_they_block() {
        use Lane::*;
        let mut a = sev(c(1, Hotfix, 3, 9.0), Severity::S1);
        a.open_blockers = vec![2];
        let b = sev(c(2, Hotfix, 3, 1.0), Severity::S2);
        let p = run(&[a, b], 40);
        // Mandatory walk: 1 first in rank but not ready; 2 taken; walking again takes 1.
        assert_eq!(p.items, vec![2, 1]);
    }

    #[test]
    fn mandatory_work_blocked_by_lower_ranked_mandatory_work_comes_in_with_it() {
        use Lane::*;
        // #1 is S2 and ranks first, but waits on #2, which is in `doing`.
        let mut a = sev(c(1, Hotfix, 2, 9.0), Severity::S2);
        a.open_blockers = vec![2];
        let mut b = c(2, Stability, 3, 1.0);
        b.status = Status::Doing;
        // Lane steps would otherwise spend what is left before #1 is ready.
        let f = c(3, Feature, 4, 8.0);
        let bet = c(4, Bet, 2, 7.0);
        let p = run(&[a, b, f, bet], 10);
        assert_eq!(p.items, vec![2, 1, 3]);
        assert!(p.overflow.is_empty());
    }

    #[test]
    fn mandatory_work_without_an_effort_estimate_is_named_in_the_warnings() {
        use Lane::*;
        let mut s1 = sev(c(5, Hotfix, 1, 9.0), Severity::S1);
        s1.effort = None;
        let mut p = run(&[s1.clone(), c(2, Feature, 3, 2.0)], 40);
        assert_eq!(p.items, vec![2], "it cannot be planned");
        assert!(
            p.warnings
                .iter()
                .any(|w| w == "S1 #5 has no effort estimate, so it is not planned"),
            "{:?}",
            p.warnings
        );
        let mut doing = c(7, Bet, 1, 1.0);
        doing.status = Status::Doing;
        doing.effort = None;
        let mut due = c(8, Feature, 1, 1.0);
        due.key.due = today().checked_add_days(chrono::Days::new(3));
        due.effort = None;
        let mut someday = c(9, Feature, 1, 1.0);
        someday.effort = None;
        p = run(&[s1, doing, due, someday], 40);
        assert!(
            p.warnings.iter().any(|w| w
                == "S1 #5, #8 (due 2026-11-24) and #7 (in progress) have no effort estimate, so they are not planned"),
            "{:?}",
            p.warnings
        );
        assert!(
            !p.warnings.iter().any(|w| w.contains("#9")),
            "work that is not mandatory is not named: {:?}",
            p.warnings
        );
    }

    #[test]
    fn unready_items_without_criteria_are_flagged() {
        use Lane::*;
        let mut a = c(1, Feature, 5, 9.0);
        a.has_criteria = false;
        let p = run(&[a, c(2, Bet, 3, 2.0)], 40);
        assert_eq!(p.unready, vec![1]);
    }
}

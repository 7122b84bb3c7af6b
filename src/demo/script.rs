//! The stage the demo's history is played on: a clock that only moves forward,
//! the people who act, and a compact way to describe an item.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

use crate::domain::{Criterion, Horizon, Item, Lane, Severity, StatusChange};
use crate::store::{Ctx, Result, Store};

/// How far back the history reaches, in days.
pub(super) const START: u64 = 160;

/// Plays actions on a store as if they happened `days_ago` days before today.
pub(super) struct Script<'s> {
    store: &'s mut Store,
    now: DateTime<Utc>,
    today: NaiveDate,
    clock: DateTime<Utc>,
    days_ago: u64,
    steps: i64,
    /// The routine work of these months, played between the story's scenes
    /// on the days it happened (oldest first).
    past: std::collections::VecDeque<Past>,
    /// Ids of the items the past has added, by its numbering.
    past_ids: std::collections::HashMap<usize, i64>,
}

impl<'s> Script<'s> {
    pub(super) fn new(store: &'s mut Store, now: DateTime<Utc>, today: NaiveDate) -> Self {
        Script {
            store,
            now,
            today,
            clock: now - Duration::days(START as i64),
            days_ago: START,
            steps: 0,
            past: std::collections::VecDeque::new(),
            past_ids: std::collections::HashMap::new(),
        }
    }

    /// Queues routine work to be played on its days as the story moves on.
    pub(super) fn with_past(&mut self, mut past: Vec<Past>) {
        past.sort_by_key(|p| (std::cmp::Reverse(p.day), p.minute));
        self.past = past.into();
    }

    /// Moves the scene to `days_ago` days before today, early in that working
    /// day, after playing whatever routine work happened before it. The clock
    /// never goes backwards, so the log reads in the order played.
    pub(super) fn day(&mut self, days_ago: u64) -> Result<()> {
        while self.past.front().is_some_and(|p| p.day >= days_ago) {
            if let Some(p) = self.past.pop_front() {
                self.play(p)?;
            }
        }
        self.scene(days_ago, 0);
        Ok(())
    }

    /// Plays the routine work left.
    pub(super) fn rest(&mut self) -> Result<()> {
        while let Some(p) = self.past.pop_front() {
            self.play(p)?;
        }
        Ok(())
    }

    /// Moves the clock to `minutes` into the working day `days_ago` days back.
    fn scene(&mut self, days_ago: u64, minutes: i64) {
        debug_assert!(
            days_ago <= self.days_ago,
            "the story went back from day -{} to -{days_ago}",
            self.days_ago
        );
        // Mornings start at a slightly different time each day.
        let late = Duration::minutes((days_ago as i64 * 47) % 240);
        let start = self.now - Duration::days(days_ago as i64) - Duration::hours(9) + late;
        self.clock = self
            .clock
            .max(start + Duration::minutes(minutes))
            .min(self.now);
        self.days_ago = days_ago;
    }

    fn play(&mut self, p: Past) -> Result<()> {
        self.scene(p.day, p.minute);
        let id = self.past_ids.get(&p.item).copied().unwrap_or(0);
        match p.step {
            Step::Add(by, why, spec) => {
                let id = self.add(by, &why, *spec)?;
                self.past_ids.insert(p.item, id);
            }
            Step::Start(by) => self.start(by, id)?,
            Step::Finish(by, why) => self.finish(by, &why, id)?,
            Step::Decline(by, why) => {
                self.status(by, &why, id, &StatusChange::Decline { duplicate_of: None })?;
            }
            Step::Postmortem(by, root_cause, prevention) => {
                self.postmortem(by, id, root_cause, prevention)?;
            }
        }
        Ok(())
    }

    /// Lets `minutes` pass before the next action.
    pub(super) fn wait(&mut self, minutes: i64) {
        self.clock = (self.clock + Duration::minutes(minutes)).min(self.now);
    }

    /// The context of the next action: a few minutes after the last one, never
    /// after the real `now`; its `today` is the real today shifted back by the
    /// scene's distance, so SLA due dates land where they would have.
    fn ctx(&mut self, by: &str, why: &str) -> Ctx {
        self.steps += 1;
        self.clock = (self.clock + Duration::minutes(4 + (self.steps * 13) % 23)).min(self.now);
        let today = self
            .today
            .checked_sub_days(Days::new(self.days_ago))
            .unwrap_or(self.today);
        Ctx {
            by: by.to_string(),
            why: why.to_string(),
            now: self.clock,
            today,
        }
    }

    /// Adds an item and returns its id.
    pub(super) fn add(&mut self, by: &str, why: &str, spec: Spec) -> Result<i64> {
        let ctx = self.ctx(by, why);
        let mut item = spec.0;
        item.created = ctx.now;
        item.updated = ctx.now;
        Ok(self.store.add_item(&ctx, item)?.id)
    }

    /// Changes an item by hand.
    pub(super) fn edit(
        &mut self,
        by: &str,
        why: &str,
        id: i64,
        edit: impl FnOnce(&mut Item),
    ) -> Result<()> {
        let ctx = self.ctx(by, why);
        self.store.update_item(&ctx, id, |item, _| {
            edit(item);
            Ok(())
        })?;
        Ok(())
    }

    /// Pins an item to a horizon.
    pub(super) fn pin(&mut self, by: &str, why: &str, id: i64, horizon: Horizon) -> Result<()> {
        self.edit(by, why, id, |item| {
            item.horizon = horizon;
            item.pinned = true;
        })
    }

    pub(super) fn start(&mut self, by: &str, id: i64) -> Result<()> {
        self.status(by, "", id, &StatusChange::Start)
    }

    pub(super) fn finish(&mut self, by: &str, why: &str, id: i64) -> Result<()> {
        self.status(by, why, id, &StatusChange::Done)
    }

    pub(super) fn status(
        &mut self,
        by: &str,
        why: &str,
        id: i64,
        change: &StatusChange,
    ) -> Result<()> {
        let ctx = self.ctx(by, why);
        self.store.set_status(&ctx, id, change)?;
        Ok(())
    }

    /// Marks the criteria of `id` whose text starts with one of `prefixes` as met.
    pub(super) fn meet(&mut self, by: &str, id: i64, prefixes: &[&str]) -> Result<()> {
        self.edit(by, "", id, |item| {
            for c in &mut item.criteria {
                if prefixes.iter().any(|p| c.text.starts_with(p)) {
                    c.done = true;
                }
            }
        })
    }

    /// Writes the post-mortem of a finished hot fix.
    pub(super) fn postmortem(
        &mut self,
        by: &str,
        id: i64,
        root_cause: &str,
        prevention: &str,
    ) -> Result<()> {
        self.edit(by, "post-mortem review", id, |item| {
            item.root_cause = Some(root_cause.to_string());
            item.prevention = Some(prevention.to_string());
        })
    }

    /// Records that `id` is blocked by `on`.
    pub(super) fn block(&mut self, by: &str, why: &str, id: i64, on: i64) -> Result<()> {
        let ctx = self.ctx(by, why);
        self.store.block(&ctx, id, on)?;
        Ok(())
    }

    pub(super) fn policy(&mut self, by: &str, why: &str, key: &str, value: &str) -> Result<()> {
        let ctx = self.ctx(by, why);
        self.store
            .set_policy(&ctx, &[(key.to_string(), value.to_string())])?;
        Ok(())
    }

    pub(super) fn theme(&mut self, by: &str, why: &str, name: &str, outcome: &str) -> Result<i64> {
        let ctx = self.ctx(by, why);
        Ok(self.store.add_theme(&ctx, name, Some(outcome))?.id)
    }

    /// A date `days` from the real today (negative: in the past).
    pub(super) fn date_in(&self, days: i64) -> NaiveDate {
        let shift = Days::new(days.unsigned_abs());
        let date = if days < 0 {
            self.today.checked_sub_days(shift)
        } else {
            self.today.checked_add_days(shift)
        };
        date.unwrap_or(self.today)
    }
}

/// One step of the routine work, on its day.
pub(super) struct Past {
    /// Days before today.
    pub(super) day: u64,
    /// Minutes into that working day.
    pub(super) minute: i64,
    /// Which item of the past, by its own numbering.
    pub(super) item: usize,
    pub(super) step: Step,
}

/// What happens to an item of the past: added (by, why), started, finished
/// (by, why), declined (by, why), or given its post-mortem.
pub(super) enum Step {
    Add(&'static str, String, Box<Spec>),
    Start(&'static str),
    Finish(&'static str, String),
    Decline(&'static str, String),
    Postmortem(&'static str, &'static str, &'static str),
}

/// An item being described, before it is added.
#[must_use]
pub(super) struct Spec(Item);

impl Spec {
    /// An untriaged item: it lands in the Inbox.
    pub(super) fn inbox(title: &str) -> Spec {
        Spec(Item::new(title, DateTime::UNIX_EPOCH))
    }

    pub(super) fn new(lane: Lane, title: &str) -> Spec {
        let mut spec = Spec::inbox(title);
        spec.0.lane = Some(lane);
        spec
    }

    /// A customer-facing fix: a hot fix with its severity and who is hurt.
    pub(super) fn fix(severity: Severity, segment: &str, title: &str) -> Spec {
        Spec::new(Lane::Hotfix, title)
            .severity(severity)
            .segment(segment)
    }

    /// Value, impact, risk, effort.
    pub(super) fn score(mut self, value: u8, impact: u8, risk: u8, effort: u8) -> Self {
        (self.0.value, self.0.impact, self.0.risk, self.0.effort) =
            (Some(value), Some(impact), Some(risk), Some(effort));
        self
    }

    pub(super) fn value(mut self, value: u8) -> Self {
        self.0.value = Some(value);
        self
    }

    pub(super) fn effort(mut self, effort: u8) -> Self {
        self.0.effort = Some(effort);
        self
    }

    pub(super) fn severity(mut self, severity: Severity) -> Self {
        self.0.severity = Some(severity);
        self
    }

    pub(super) fn owner(mut self, owner: &str) -> Self {
        self.0.owner = Some(owner.to_string());
        self
    }

    pub(super) fn theme(mut self, theme: i64) -> Self {
        self.0.theme = Some(theme);
        self
    }

    /// A milestone of the strategic bet `bet`.
    pub(super) fn under(mut self, bet: i64) -> Self {
        self.0.parent = Some(bet);
        self
    }

    pub(super) fn labels(mut self, labels: &[&str]) -> Self {
        for label in labels {
            self.0.add_label(label);
        }
        self
    }

    pub(super) fn segment(mut self, segment: &str) -> Self {
        self.0.segment = Some(segment.to_string());
        self
    }

    pub(super) fn metric(mut self, metric: &str) -> Self {
        self.0.metric = Some(metric.to_string());
        self
    }

    pub(super) fn workaround(mut self, workaround: &str) -> Self {
        self.0.workaround = Some(workaround.to_string());
        self
    }

    /// The Markdown description.
    pub(super) fn describe(mut self, text: &str) -> Self {
        self.0.description = Some(text.trim().to_string());
        self
    }

    pub(super) fn due(mut self, due: NaiveDate) -> Self {
        self.0.due = Some(due);
        self
    }

    /// Acceptance criteria already met.
    pub(super) fn met(mut self, criteria: &[&str]) -> Self {
        self.0.criteria.extend(criteria.iter().map(|t| Criterion {
            text: (*t).to_string(),
            done: true,
        }));
        self
    }

    /// Acceptance criteria still open.
    pub(super) fn criteria(mut self, criteria: &[&str]) -> Self {
        self.0.criteria.extend(criteria.iter().map(|t| Criterion {
            text: (*t).to_string(),
            done: false,
        }));
        self
    }
}

/// Adds criteria to an item being edited, open ones.
pub(super) fn add_criteria(item: &mut Item, criteria: &[&str]) {
    item.criteria.extend(criteria.iter().map(|t| Criterion {
        text: (*t).to_string(),
        done: false,
    }));
}

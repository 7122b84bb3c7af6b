//! Weeks start Monday 00:00 UTC. A window is the N complete weeks before the
//! current one; the current week is shown too, marked partial.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};

use crate::domain::DomainError;

/// Complete weeks a window holds unless told otherwise.
pub const DEFAULT_WEEKS: u32 = 12;
/// The widest window: two years.
pub const MAX_WEEKS: u32 = 104;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Complete weeks in the window.
    pub weeks: u32,
    /// Monday 00:00 UTC of the first complete week.
    pub from: DateTime<Utc>,
    /// Monday 00:00 UTC of the current week: where the complete weeks end.
    pub to: DateTime<Utc>,
    /// The end of the current, partial week so far.
    pub now: DateTime<Utc>,
}

/// Monday 00:00 UTC of the week `t` falls in.
pub fn monday_of(t: DateTime<Utc>) -> DateTime<Utc> {
    let d = t.date_naive();
    let back = Days::new(u64::from(d.weekday().num_days_from_monday()));
    d.checked_sub_days(back)
        .unwrap_or(d)
        .and_time(NaiveTime::MIN)
        .and_utc()
}

impl Window {
    /// The `weeks` complete weeks before the week of `now`.
    pub fn new(weeks: u32, now: DateTime<Utc>) -> Result<Window, DomainError> {
        if !(1..=MAX_WEEKS).contains(&weeks) {
            return Err(DomainError::invalid(format!(
                "the window must be 1 to {MAX_WEEKS} weeks, not {weeks}"
            )));
        }
        let to = monday_of(now);
        let from = to - chrono::Duration::weeks(i64::from(weeks));
        Ok(Window {
            weeks,
            from,
            to,
            now,
        })
    }

    /// Start of week `i`: 0 is the first complete week, `weeks` the current one.
    pub fn start(&self, i: usize) -> DateTime<Utc> {
        self.from + chrono::Duration::weeks(i as i64)
    }

    /// The week `t` falls in: a complete week (`from ≤ t < to`), or the current
    /// one (`to ≤ t ≤ now`), numbered as in [`Window::start`]; `None` outside.
    pub fn week_of(&self, t: DateTime<Utc>) -> Option<usize> {
        if t >= self.from && t < self.to {
            Some(((t - self.from).num_seconds() / (7 * 86_400)) as usize)
        } else if t >= self.to && t <= self.now {
            Some(self.weeks as usize)
        } else {
            None
        }
    }

    /// True when `t` is in one of the complete weeks.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        t >= self.from && t < self.to
    }

    /// The first day of the window.
    pub fn first_day(&self) -> NaiveDate {
        self.from.date_naive()
    }

    /// The last day of the last complete week (a Sunday).
    pub fn last_day(&self) -> NaiveDate {
        let d = self.to.date_naive();
        d.pred_opt().unwrap_or(d)
    }
}

/// Fractional days between two instants.
pub fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 86_400.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::parse_time;

    fn t(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap()
    }

    #[test]
    fn weeks_start_on_monday_utc_and_the_current_week_is_partial() {
        // 2026-11-21 is a Saturday.
        let w = Window::new(2, t("2026-11-21T09:00:00Z")).unwrap();
        assert_eq!(w.to, t("2026-11-16T00:00:00Z"));
        assert_eq!(w.from, t("2026-11-02T00:00:00Z"));
        assert_eq!(w.first_day().to_string(), "2026-11-02");
        assert_eq!(w.last_day().to_string(), "2026-11-15");
        let cases = [
            ("2026-11-01T23:59:59Z", None),
            ("2026-11-02T00:00:00Z", Some(0)),
            ("2026-11-08T23:59:59Z", Some(0)),
            ("2026-11-09T00:00:00Z", Some(1)),
            ("2026-11-15T23:59:59Z", Some(1)),
            ("2026-11-16T00:00:00Z", Some(2)),
            ("2026-11-21T09:00:00Z", Some(2)),
            ("2026-11-21T09:00:01Z", None),
        ];
        for (at, want) in cases {
            assert_eq!(w.week_of(t(at)), want, "{at}");
        }
        assert!(w.contains(t("2026-11-15T23:59:59Z")));
        assert!(!w.contains(t("2026-11-16T00:00:00Z")));
    }

    #[test]
    fn a_monday_morning_starts_a_new_partial_week() {
        let w = Window::new(1, t("2026-11-16T00:00:00Z")).unwrap();
        assert_eq!(w.to, t("2026-11-16T00:00:00Z"));
        assert_eq!(w.from, t("2026-11-09T00:00:00Z"));
        assert_eq!(monday_of(t("2026-11-22T23:59:59Z")), w.to);
    }

    #[test]
    fn the_window_is_one_to_104_weeks() {
        let now = t("2026-11-21T09:00:00Z");
        assert!(Window::new(104, now).is_ok());
        assert_eq!(
            Window::new(0, now).unwrap_err().to_string(),
            "the window must be 1 to 104 weeks, not 0"
        );
        assert!(Window::new(105, now).is_err());
    }

    #[test]
    fn durations_are_fractional_days() {
        assert!((days(t("2026-11-01T00:00:00Z"), t("2026-11-02T12:00:00Z")) - 1.5).abs() < 1e-12);
    }
}

//! Dates typed by people: `YYYY-MM-DD`, `today`, `tomorrow`, a weekday
//! (`friday`, `fri`: the next one after today), or relative `+3d`, `+2w` (and
//! `-2w` for a date in the past, as `--since` takes).

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::DomainError;

/// Parses a due date relative to `today`.
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, DomainError> {
    let t = text.trim();
    let bad = || {
        DomainError::invalid(format!(
            "invalid date '{text}': use YYYY-MM-DD, today, tomorrow, a weekday like friday, or a relative date like +3d or +2w"
        ))
    };
    if t.eq_ignore_ascii_case("today") {
        return Ok(today);
    }
    if t.eq_ignore_ascii_case("tomorrow") {
        let due = today.succ_opt().ok_or_else(bad)?;
        super::item::check_due(due)?;
        return Ok(due);
    }
    if let Some(day) = weekday(t) {
        // The next one after today: `friday` typed on a Friday is a week away.
        let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        let due = today
            .checked_add_days(Days::new(u64::from(ahead)))
            .ok_or_else(bad)?;
        super::item::check_due(due)?;
        return Ok(due);
    }
    let ahead = t.strip_prefix('+').map(|r| (r, true));
    if let Some((rest, ahead)) = ahead.or_else(|| t.strip_prefix('-').map(|r| (r, false))) {
        let (num, unit) = rest.split_at(rest.len().saturating_sub(1));
        let n: u64 = num.parse().map_err(|_| bad())?;
        let days = Days::new(match unit {
            "d" | "D" => n,
            "w" | "W" => n.checked_mul(7).ok_or_else(bad)?,
            _ => return Err(bad()),
        });
        let date = if ahead {
            today.checked_add_days(days)
        } else {
            today.checked_sub_days(days)
        };
        let due = date.ok_or_else(bad)?;
        super::item::check_due(due)?;
        return Ok(due);
    }
    let due = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| bad())?;
    super::item::check_due(due)?;
    Ok(due)
}

/// A weekday by its English name or its first three letters, any case.
fn weekday(text: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    let lower = text.to_ascii_lowercase();
    DAYS.iter()
        .find(|(name, _)| *name == lower || (lower.len() == 3 && name.starts_with(&lower)))
        .map(|(_, d)| *d)
}

/// A due date as a card shows it: `11-24` this year, `2027-02-04` in another.
pub fn short_date(date: NaiveDate, today: NaiveDate) -> String {
    if date.year() == today.year() {
        date.format("%m-%d").to_string()
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

/// `YYYY-MM-DD` as the store writes it, read without a format parser.
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn absolute_relative_and_invalid_dates() {
        let today = d("2026-11-21");
        assert_eq!(parse_date("2026-12-01", today), Ok(d("2026-12-01")));
        assert_eq!(parse_date("+3d", today), Ok(d("2026-11-24")));
        assert_eq!(parse_date("+2w", today), Ok(d("2026-12-05")));
        assert_eq!(parse_date("today", today), Ok(today));
        assert_eq!(parse_date("-2w", today), Ok(d("2026-11-07")));
        assert_eq!(parse_date("-1d", today), Ok(d("2026-11-20")));
        for bad in [
            "2026-13-01",
            "someday",
            "+3x",
            "+d",
            "-d",
            "--2d",
            "21/11/2026",
            "fr",
            "",
        ] {
            assert!(parse_date(bad, today).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn tomorrow_and_weekdays_count_from_today() {
        // 2026-11-21 is a Saturday.
        let today = d("2026-11-21");
        assert_eq!(parse_date("tomorrow", today), Ok(d("2026-11-22")));
        assert_eq!(parse_date("Monday", today), Ok(d("2026-11-23")));
        assert_eq!(parse_date("fri", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date("sunday", today), Ok(d("2026-11-22")));
        assert_eq!(
            parse_date("saturday", today),
            Ok(d("2026-11-28")),
            "today's weekday is a week away"
        );
    }

    #[test]
    fn a_date_in_another_year_shows_its_year() {
        let today = d("2026-11-21");
        assert_eq!(short_date(d("2026-12-01"), today), "12-01");
        assert_eq!(short_date(d("2027-02-04"), today), "2027-02-04");
        assert_eq!(short_date(d("2025-12-30"), today), "2025-12-30");
    }

    #[test]
    fn a_due_date_past_9999_is_refused_not_stored_with_a_five_digit_year() {
        let today = d("2026-11-21");
        assert_eq!(
            parse_date("+3000000d", today).unwrap_err().to_string(),
            "due date +10240-08-11 is out of range: a due date is between 0001-01-01 and 9999-12-31"
        );
        assert!(parse_date("+500000w", today).is_err());
        assert_eq!(parse_date("9999-12-31", today), Ok(d("9999-12-31")));
    }
}

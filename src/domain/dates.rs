//! Dates typed by people: `YYYY-MM-DD`, `today`, `tomorrow`, a weekday
//! (`friday`, `fri`: the next one after today), or relative `+3d`, `+2w` (and
//! `-2w` for a date in the past, as `--since` takes).

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Utc, Weekday};

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

/// A timestamp as another tracker writes it, read as UTC when it names no zone:
/// RFC 3339 and ISO (`2023-08-19T22:15:25Z`, `2023-08-19 22:15`, `2023-08-19`),
/// Jira's `06/Jan/26 9:29 AM` with English or Spanish months (`10/nov/25 4:51 PM`),
/// day-first `11/01/2023 15:22`, and Taskwarrior's `20240101T120000Z`.
pub fn parse_foreign_time(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // Taskwarrior writes every date so: read first, and without a format
    // parser, as a `task export` holds several in each task.
    if let Some(d) = compact(t) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(d) = DateTime::parse_from_str(t, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for f in [
        "%Y%m%dT%H%M%SZ",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, f) {
            return Some(d.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
    }
    day_first(t).map(|d| d.and_utc())
}

/// Taskwarrior's `20240101T120000Z`, read by its fixed places.
fn compact(t: &str) -> Option<DateTime<Utc>> {
    let b = t.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(r)?;
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(4..6)?, num(6..8)?)?;
    Some(
        date.and_hms_opt(num(9..11)?, num(11..13)?, num(13..15)?)?
            .and_utc(),
    )
}

/// `06/Jan/26 9:29 AM`, `10/nov/25 4:51 PM`, `11/01/2023 15:22`, `11/01/2023`.
fn day_first(t: &str) -> Option<NaiveDateTime> {
    let mut words = t.split_whitespace();
    let date = words.next()?;
    let mut parts = date.split(['/', '-', '.']);
    let day: u32 = parts.next()?.parse().ok()?;
    let month_text = parts.next()?;
    let year_text = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    let month = match month_text.parse::<u32>() {
        Ok(m) => m,
        Err(_) => month_number(month_text)?,
    };
    let mut year: i32 = year_text.parse().ok()?;
    if year_text.len() <= 2 {
        year += 2000;
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let (mut hour, minute, second) = match words.next() {
        None => (0, 0, 0),
        Some(clock) => {
            let mut hms = clock.split(':').map(str::parse::<u32>);
            let h = hms.next()?.ok()?;
            let m = hms.next().map_or(Some(0), Result::ok)?;
            let s = hms.next().map_or(Some(0), Result::ok)?;
            (h, m, s)
        }
    };
    match words.next().map(str::to_ascii_uppercase).as_deref() {
        None => {}
        Some("AM" | "A.M.") if (1..=12).contains(&hour) => hour %= 12,
        Some("PM" | "P.M.") if (1..=12).contains(&hour) => hour = hour % 12 + 12,
        Some(_) => return None,
    }
    if words.next().is_some() {
        return None;
    }
    date.and_hms_opt(hour, minute, second)
}

/// A month's number from its English or Spanish name or abbreviation.
fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [(&str, &str); 12] = [
        ("jan", "ene"),
        ("feb", "feb"),
        ("mar", "mar"),
        ("apr", "abr"),
        ("may", "may"),
        ("jun", "jun"),
        ("jul", "jul"),
        ("aug", "ago"),
        ("sep", "sep"),
        ("oct", "oct"),
        ("nov", "nov"),
        ("dec", "dic"),
    ];
    let lower = name.trim_end_matches('.').to_lowercase();
    let head: String = lower.chars().take(3).collect();
    MONTHS
        .iter()
        .position(|(en, es)| head == *en || head == *es)
        .map(|i| i as u32 + 1)
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
            "fr",
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

    #[test]
    fn foreign_timestamps_in_every_shape_trackers_write() {
        let at = |s: &str| parse_foreign_time(s).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string());
        let cases = [
            ("06/Jan/26 9:29 AM", "2026-01-06 09:29:00"),
            ("06/Jan/26 12:05 AM", "2026-01-06 00:05:00"),
            ("18/Feb/22 12:00 PM", "2022-02-18 12:00:00"),
            ("10/nov/25 4:51 PM", "2025-11-10 16:51:00"),
            ("14/ago/24 8:51 AM", "2024-08-14 08:51:00"),
            ("03/dic/25 9:53 AM", "2025-12-03 09:53:00"),
            ("11/01/2023 15:22", "2023-01-11 15:22:00"),
            ("11/01/2023", "2023-01-11 00:00:00"),
            ("2023-08-19T22:15:25Z", "2023-08-19 22:15:25"),
            ("2023-08-19T22:15:25.000+0200", "2023-08-19 20:15:25"),
            ("2023-08-19 22:15", "2023-08-19 22:15:00"),
            ("2023-08-19", "2023-08-19 00:00:00"),
            ("20240101T120000Z", "2024-01-01 12:00:00"),
            ("20261231T235959Z", "2026-12-31 23:59:59"),
        ];
        for (text, want) in cases {
            assert_eq!(at(text).as_deref(), Some(want), "{text}");
        }
        for bad in [
            "",
            "soon",
            "32/Jan/26 9:29 AM",
            "06/Foo/26 9:29 AM",
            "06/Jan/26 13:00 PM",
            "20241301T120000Z",
            "20240230T120000Z",
            "20240101T250000Z",
            "2024010xT120000Z",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
    }
}

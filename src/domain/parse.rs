//! Field text as people and trackers write it: lanes, severities, scale values,
//! dates and ids. The CLI, the TUI's forms and the importers all read through
//! here, so the same text means the same thing everywhere.

use chrono::NaiveDate;

use super::dates::parse_date;
use super::item::SCALE;
use super::{DomainError, Lane, Severity};

/// `none` (or nothing) clears an optional field.
pub fn is_none(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t.eq_ignore_ascii_case("none")
}

/// A lane as typed by a person: its name, first letter or number, or
/// `inbox`/`none` for no lane (see [`Lane::typed`]).
pub fn parse_lane(text: &str) -> Result<Option<Lane>, DomainError> {
    Lane::typed(text)
}

/// A severity as typed: `S1` … `S4`, or `none`.
pub fn parse_severity(text: &str) -> Result<Option<Severity>, DomainError> {
    if is_none(text) {
        Ok(None)
    } else {
        Severity::parse(text).map(Some)
    }
}

/// A due date as typed (`YYYY-MM-DD`, `today`, `+3d`, `+2w`), or `none`.
pub fn parse_due(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DomainError> {
    if is_none(text) {
        Ok(None)
    } else {
        parse_date(text, today).map(Some)
    }
}

/// An item id as typed: `42` or `#42`, positive.
pub fn parse_item_id(text: &str) -> Option<i64> {
    text.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
}

/// Checks a score input against the modified Fibonacci scale.
pub fn check_scale(name: &str, n: i64) -> Result<u8, DomainError> {
    match u8::try_from(n) {
        Ok(v) if SCALE.contains(&v) => Ok(v),
        _ => Err(DomainError::invalid(format!(
            "{name} must be one of 1, 2, 3, 5, 8, 13, 20, not {n}"
        ))),
    }
}

/// Parses a score input typed by a person; `none` clears it.
pub fn parse_scale(name: &str, text: &str) -> Result<Option<u8>, DomainError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") || t == "-" {
        return Ok(None);
    }
    let n: i64 = t.parse().map_err(|_| {
        DomainError::invalid(format!(
            "{name} must be one of 1, 2, 3, 5, 8, 13, 20, not '{text}'"
        ))
    })?;
    check_scale(name, n).map(Some)
}

/// An estimate from another tracker (story points, say) on the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounded {
    /// Rounded up to this scale value.
    To(u8),
    /// Zero: no estimate.
    Nothing,
    /// Over 20, so cut to 20.
    Capped,
    /// Not a number, or negative.
    Unreadable,
}

/// Rounds a foreign estimate up to the scale: 4 → 5, 0 → none, over 20 → 20.
/// Reads `2.5` and `2,5` alike.
pub fn round_to_scale(text: &str) -> Rounded {
    let Ok(x) = text.trim().replace(',', ".").parse::<f64>() else {
        return Rounded::Unreadable;
    };
    if !x.is_finite() || x < 0.0 {
        return Rounded::Unreadable;
    }
    if x == 0.0 {
        return Rounded::Nothing;
    }
    SCALE
        .iter()
        .find(|&&v| f64::from(v) >= x)
        .map_or(Rounded::Capped, |&v| Rounded::To(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_refuses_values_off_the_fibonacci_scale_and_names_them() {
        assert_eq!(parse_scale("value", "8"), Ok(Some(8)));
        assert_eq!(parse_scale("value", "none"), Ok(None));
        assert_eq!(
            parse_scale("value", "4").unwrap_err().to_string(),
            "value must be one of 1, 2, 3, 5, 8, 13, 20, not 4"
        );
        assert!(parse_scale("effort", "0").is_err());
        assert!(parse_scale("effort", "x").is_err());
    }

    #[test]
    fn foreign_estimates_round_up_to_the_scale() {
        let cases = [
            ("4", Rounded::To(5)),
            ("1", Rounded::To(1)),
            ("0.5", Rounded::To(1)),
            ("2.0", Rounded::To(2)),
            ("2,5", Rounded::To(3)),
            ("13", Rounded::To(13)),
            ("14", Rounded::To(20)),
            ("20", Rounded::To(20)),
            ("21", Rounded::Capped),
            ("100", Rounded::Capped),
            ("0", Rounded::Nothing),
            ("-3", Rounded::Unreadable),
            ("lots", Rounded::Unreadable),
            ("NaN", Rounded::Unreadable),
        ];
        for (text, want) in cases {
            assert_eq!(round_to_scale(text), want, "{text}");
        }
    }

    #[test]
    fn lanes_severities_and_dates_take_none_and_inbox() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        assert_eq!(parse_lane("Inbox"), Ok(None));
        assert_eq!(parse_lane(" bet "), Ok(Some(Lane::Bet)));
        assert!(parse_lane("urgent").is_err());
        assert_eq!(parse_severity("none"), Ok(None));
        assert_eq!(parse_severity("s1"), Ok(Some(Severity::S1)));
        assert_eq!(
            parse_due("+3d", today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 24))
        );
        assert_eq!(parse_due("", today), Ok(None));
        assert_eq!(parse_item_id("#42"), Some(42));
        assert_eq!(parse_item_id("-1"), None);
    }
}

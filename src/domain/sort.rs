//! Orders other than rank, by one field: `lanes list --sort FIELD [--reverse]`
//! and the list view's `o` mean the same. Blanks always come last, and ties
//! keep their rank order.

use std::cmp::Ordering;

use super::{Card, DomainError};

/// The field a list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Rank,
    Score,
    Severity,
    Due,
    Status,
    Owner,
    Lane,
    Title,
    Id,
}

impl SortBy {
    pub const ALL: [SortBy; 9] = [
        SortBy::Rank,
        SortBy::Score,
        SortBy::Severity,
        SortBy::Due,
        SortBy::Status,
        SortBy::Owner,
        SortBy::Lane,
        SortBy::Title,
        SortBy::Id,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortBy::Rank => "rank",
            SortBy::Score => "score",
            SortBy::Severity => "severity",
            SortBy::Due => "due",
            SortBy::Status => "status",
            SortBy::Owner => "owner",
            SortBy::Lane => "lane",
            SortBy::Title => "title",
            SortBy::Id => "id",
        }
    }

    pub fn parse(text: &str) -> Result<SortBy, DomainError> {
        let t = text.trim();
        SortBy::ALL
            .iter()
            .copied()
            .find(|s| s.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                let names = SortBy::ALL.map(SortBy::name);
                DomainError::invalid(format!(
                    "cannot sort by '{text}'{}: use one of {}",
                    super::suggest::did_you_mean(t, names),
                    names.join(", ")
                ))
            })
    }

    /// Which way the field runs, in words: its natural order, or reversed.
    pub fn words(self, reverse: bool) -> &'static str {
        match (self, reverse) {
            (SortBy::Rank, false) => "most important first",
            (SortBy::Rank, true) => "least important first",
            (SortBy::Score, false) | (SortBy::Id, true) => "highest first",
            (SortBy::Score, true) | (SortBy::Id, false) => "lowest first",
            (SortBy::Severity, false) => "S1 first",
            (SortBy::Severity, true) => "S4 first",
            (SortBy::Due, false) => "soonest first",
            (SortBy::Due, true) => "latest first",
            (SortBy::Status, false) => "todo, doing, done, declined",
            (SortBy::Status, true) => "declined, done, doing, todo",
            (SortBy::Owner | SortBy::Title, false) => "A to Z",
            (SortBy::Owner | SortBy::Title, true) => "Z to A",
            (SortBy::Lane, false) => "hot fix to bet, then the Inbox",
            (SortBy::Lane, true) => "bet to hot fix, then the Inbox",
        }
    }

    /// True when the natural order is from high to low (the list marks it ▼).
    pub fn descending(self, reverse: bool) -> bool {
        matches!(self, SortBy::Score) != reverse
    }
}

/// Orders `order` (indices into `cards`, in rank order) by `by`; `reverse`
/// turns the present values around. Blanks last; ties keep rank order.
pub fn sort(order: &mut [usize], cards: &[Card], by: SortBy, reverse: bool) {
    match by {
        SortBy::Rank => {
            if reverse {
                order.reverse();
            }
        }
        SortBy::Title => by_key(order, cards, reverse, |c| Some(c.title.to_lowercase())),
        SortBy::Owner => by_key(order, cards, reverse, |c| {
            c.owner.as_ref().map(|o| o.to_lowercase())
        }),
        // Highest score first is the natural order: reversed, lowest first.
        SortBy::Score => by_key(order, cards, reverse, |c| {
            c.score.map(|s| std::cmp::Reverse(Total(s)))
        }),
        SortBy::Severity => by_key(order, cards, reverse, |c| c.severity),
        SortBy::Due => by_key(order, cards, reverse, |c| c.due),
        SortBy::Lane => by_key(order, cards, reverse, |c| c.lane),
        SortBy::Status => by_key(order, cards, reverse, |c| Some(c.status)),
        SortBy::Id => by_key(order, cards, reverse, |c| Some(c.id)),
    }
}

/// A stable sort of `order` by `key`, worked out once per card.
fn by_key<K: Ord>(
    order: &mut [usize],
    cards: &[Card],
    reverse: bool,
    key: impl Fn(&Card) -> Option<K>,
) {
    let mut keyed: Vec<(Option<K>, usize)> = order.iter().map(|&i| (key(&cards[i]), i)).collect();
    keyed.sort_by(|(a, _), (b, _)| match (a, b) {
        (Some(a), Some(b)) if reverse => b.cmp(a),
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    for (slot, (_, i)) in order.iter_mut().zip(keyed) {
        *slot = i;
    }
}

/// A score, ordered (scores are never NaN).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Total(f64);

impl Eq for Total {}

impl PartialOrd for Total {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Total {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::{Horizon, Status};

    fn card(id: i64, title: &str, score: Option<f64>, due: Option<u32>) -> Card {
        Card {
            id,
            title: title.into(),
            lane: None,
            status: Status::Todo,
            horizon: Horizon::Now,
            pinned: false,
            score,
            effort: None,
            severity: None,
            due: due.and_then(|d| NaiveDate::from_ymd_opt(2026, 12, d)),
            owner: None,
            theme: None,
            blocked: false,
        }
    }

    fn sorted(cards: &[Card], by: SortBy, reverse: bool) -> Vec<i64> {
        let mut order: Vec<usize> = (0..cards.len()).collect();
        sort(&mut order, cards, by, reverse);
        order.iter().map(|i| cards[*i].id).collect()
    }

    #[test]
    fn each_field_sorts_both_ways_with_blanks_last_and_ties_in_rank_order() {
        // In rank order already: 1, 2, 3, 4.
        let cards = [
            card(1, "b", Some(5.0), Some(9)),
            card(2, "a", None, None),
            card(3, "B", Some(5.0), Some(2)),
            card(4, "c", Some(8.0), None),
        ];
        assert_eq!(sorted(&cards, SortBy::Score, false), [4, 1, 3, 2]);
        assert_eq!(sorted(&cards, SortBy::Score, true), [1, 3, 4, 2]);
        assert_eq!(sorted(&cards, SortBy::Due, false), [3, 1, 2, 4]);
        assert_eq!(sorted(&cards, SortBy::Due, true), [1, 3, 2, 4]);
        assert_eq!(sorted(&cards, SortBy::Title, false), [2, 1, 3, 4]);
        assert_eq!(sorted(&cards, SortBy::Title, true), [4, 1, 3, 2]);
        assert_eq!(sorted(&cards, SortBy::Id, true), [4, 3, 2, 1]);
        assert_eq!(sorted(&cards, SortBy::Rank, true), [4, 3, 2, 1]);
        assert_eq!(sorted(&cards, SortBy::Rank, false), [1, 2, 3, 4]);
    }

    #[test]
    fn a_field_is_named_as_the_command_line_takes_it() {
        for by in SortBy::ALL {
            assert_eq!(SortBy::parse(by.name()), Ok(by));
        }
        assert_eq!(
            SortBy::parse("sevrity").unwrap_err().to_string(),
            "cannot sort by 'sevrity' (did you mean severity?): use one of rank, score, severity, due, status, owner, lane, title, id"
        );
    }
}

//! Section 4: the one total order every list of items is shown in.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::{Horizon, Item, Severity};

/// What an item is ranked by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankKey {
    pub horizon: Horizon,
    pub severity: Option<Severity>,
    pub score: Option<f64>,
    pub due: Option<NaiveDate>,
    pub id: i64,
}

impl RankKey {
    pub fn of(item: &Item, score: Option<f64>) -> RankKey {
        RankKey {
            horizon: item.horizon,
            severity: item.severity,
            score,
            due: item.due,
            id: item.id,
        }
    }

    /// 0 for S1, 1 for S2, 2 for everything else.
    pub fn urgency(&self) -> u8 {
        match self.severity {
            Some(Severity::S1) => 0,
            Some(Severity::S2) => 1,
            _ => 2,
        }
    }
}

/// Horizon, then urgency, then score (highest first, unscored last), then due
/// (soonest first, none last), then id.
pub fn compare(a: &RankKey, b: &RankKey) -> Ordering {
    a.horizon
        .cmp(&b.horizon)
        .then(a.urgency().cmp(&b.urgency()))
        .then(match (a.score, b.score) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then(match (a.due, b.due) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then(a.id.cmp(&b.id))
}

/// Sorts keys into rank order.
pub fn sort(keys: &mut [RankKey]) {
    keys.sort_by(compare);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(
        id: i64,
        h: Horizon,
        sev: Option<Severity>,
        score: Option<f64>,
        due: Option<u32>,
    ) -> RankKey {
        RankKey {
            horizon: h,
            severity: sev,
            score,
            due: due.map(|d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap()),
            id,
        }
    }

    #[test]
    fn each_key_in_order() {
        use Horizon::{Later, Next, Now};
        let mut keys = vec![
            key(1, Later, None, Some(9.0), None),
            key(2, Next, None, Some(1.0), None),
            key(3, Now, None, Some(7.0), None),
            key(4, Now, Some(Severity::S2), Some(1.0), None),
            key(5, Now, Some(Severity::S1), None, None),
            key(6, Now, Some(Severity::S3), Some(7.0), Some(3)),
            key(7, Now, None, Some(7.0), Some(2)),
            key(8, Now, None, None, None),
            key(9, Now, None, Some(7.0), None),
            key(10, Now, None, Some(8.0), None),
        ];
        sort(&mut keys);
        let ids: Vec<i64> = keys.iter().map(|k| k.id).collect();
        assert_eq!(ids, [5, 4, 10, 7, 6, 3, 9, 8, 2, 1]);
    }

    fn arb_key() -> impl Strategy<Value = RankKey> {
        (
            0..3u8,
            proptest::option::of(0..4u8),
            proptest::option::of(0..60u32),
            proptest::option::of(1..28u32),
            0..50i64,
        )
            .prop_map(|(h, s, sc, due, id)| {
                key(
                    id,
                    Horizon::ALL[h as usize],
                    s.map(|s| Severity::ALL[s as usize]),
                    sc.map(|x| f64::from(x) / 4.0),
                    due,
                )
            })
    }

    proptest! {
        #[test]
        fn rank_does_not_depend_on_input_order(mut keys in proptest::collection::vec(arb_key(), 0..40), seed in any::<u64>()) {
            // Ids are unique in a backlog.
            for (i, k) in keys.iter_mut().enumerate() { k.id = i as i64; }
            let mut a = keys.clone();
            let mut b = keys;
            // A deterministic shuffle from the seed.
            let n = b.len();
            let mut s = seed;
            for i in (1..n).rev() {
                s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                b.swap(i, (s >> 33) as usize % (i + 1));
            }
            sort(&mut a);
            sort(&mut b);
            prop_assert_eq!(a, b);
        }

        #[test]
        fn rank_is_a_total_order(a in arb_key(), b in arb_key(), c in arb_key()) {
            // Antisymmetric, and equal only for the same id: ids are unique in a
            // backlog, so no two items ever tie (S3, S4 and none rank alike).
            prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
            if compare(&a, &b) == Ordering::Equal { prop_assert_eq!(a.id, b.id); }
            // Transitive.
            if compare(&a, &b) != Ordering::Greater && compare(&b, &c) != Ordering::Greater {
                prop_assert_ne!(compare(&a, &c), Ordering::Greater);
            }
        }
    }
}

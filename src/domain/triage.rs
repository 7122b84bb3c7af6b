//! Section 3: from score to horizon, with the reason in words.

use super::{fmt_num, score, Horizon, Item, Policy, Severity};

/// The horizon triage gives `item`: the same rules as [`derive`], without the
/// sentence, for passes over many items where few move.
pub fn horizon(item: &Item, policy: &Policy) -> Horizon {
    if item.pinned {
        return item.horizon;
    }
    if item.severity.is_some_and(Severity::is_urgent) {
        return Horizon::Now;
    }
    match score::score(item, policy) {
        Some(s) if s >= policy.triage_now => Horizon::Now,
        Some(s) if s >= policy.triage_next => Horizon::Next,
        _ => Horizon::Later,
    }
}

/// The horizon triage gives `item`, and why.
pub fn derive(item: &Item, policy: &Policy) -> (Horizon, String) {
    if item.pinned {
        return (item.horizon, format!("pinned to {} by hand", item.horizon));
    }
    if let Some(sev) = item.severity.filter(|s| s.is_urgent()) {
        return (Horizon::Now, format!("severity {sev} → now"));
    }
    let Some(s) = score::score(item, policy) else {
        let missing = score::missing_inputs(item).join(", ");
        return (
            Horizon::Later,
            format!("no score (missing {missing}) → later"),
        );
    };
    if s >= policy.triage_now {
        let (a, b) = show_pair(s, policy.triage_now);
        (Horizon::Now, format!("score {a} ≥ triage.now {b}"))
    } else if s >= policy.triage_next {
        let (a, b) = show_pair(s, policy.triage_next);
        (Horizon::Next, format!("score {a} ≥ triage.next {b}"))
    } else {
        let (a, b) = show_pair(s, policy.triage_next);
        (Horizon::Later, format!("score {a} < triage.next {b}"))
    }
}

/// Why an item has the horizon it has. Finished items are not re-triaged, so one
/// whose rule would now say otherwise is explained as keeping its horizon.
pub fn explain(item: &Item, policy: &Policy) -> String {
    let (h, why) = derive(item, policy);
    if h != item.horizon && !item.is_open() {
        return format!(
            "{} since it was finished; finished items are not re-triaged (today's rules: {why})",
            item.horizon
        );
    }
    why
}

/// Shows a score beside a threshold with one decimal, unless rounding would make
/// them look equal when they are not.
fn show_pair(score: f64, threshold: f64) -> (String, String) {
    let a = format!("{score:.1}");
    let b = fmt_num(threshold);
    if a == b && (score - threshold).abs() > 1e-12 {
        (format!("{score:.3}"), format!("{threshold:.3}"))
    } else {
        (a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::parse_time;
    use proptest::prelude::*;

    fn item(scores: Option<(u8, u8, u8, u8)>) -> Item {
        let mut it = Item::new("t", parse_time("2026-11-21T00:00:00Z").unwrap());
        if let Some((v, i, r, e)) = scores {
            (it.value, it.impact, it.risk, it.effort) = (Some(v), Some(i), Some(r), Some(e));
        }
        it
    }

    #[test]
    fn each_rule_in_order() {
        let p = Policy::default();
        let cases: Vec<(Item, Horizon, &str)> = vec![
            (
                item(Some((8, 8, 8, 2))),
                Horizon::Now,
                "score 12.0 ≥ triage.now 6.0",
            ),
            (
                item(Some((3, 3, 3, 3))),
                Horizon::Next,
                "score 3.0 ≥ triage.next 3.0",
            ),
            (
                item(Some((5, 5, 8, 3))),
                Horizon::Now,
                "score 6.0 ≥ triage.now 6.0",
            ),
            (
                item(Some((1, 2, 2, 2))),
                Horizon::Later,
                "score 2.5 < triage.next 3.0",
            ),
            (
                item(None),
                Horizon::Later,
                "no score (missing value, impact, risk, effort) → later",
            ),
            (
                {
                    let mut i = item(Some((1, 1, 1, 20)));
                    i.severity = Some(Severity::S1);
                    i
                },
                Horizon::Now,
                "severity S1 → now",
            ),
            (
                {
                    let mut i = item(None);
                    i.severity = Some(Severity::S2);
                    i
                },
                Horizon::Now,
                "severity S2 → now",
            ),
            (
                {
                    let mut i = item(Some((1, 1, 1, 20)));
                    i.severity = Some(Severity::S3);
                    i
                },
                Horizon::Later,
                "score 0.1 < triage.next 3.0",
            ),
            (
                {
                    let mut i = item(Some((20, 20, 20, 1)));
                    i.pinned = true;
                    i.horizon = Horizon::Later;
                    i.severity = Some(Severity::S1);
                    i
                },
                Horizon::Later,
                "pinned to later by hand",
            ),
        ];
        for (it, want, why) in cases {
            assert_eq!(derive(&it, &p), (want, why.to_string()));
        }
    }

    #[test]
    fn a_finished_item_is_explained_by_the_horizon_it_kept() {
        let mut it = item(Some((8, 13, 3, 5))); // 4.8 → next
        it.horizon = Horizon::Next;
        it.status = crate::domain::Status::Done;
        let p = Policy {
            triage_next: 5.0,
            ..Policy::default()
        };
        assert_eq!(
            explain(&it, &p),
            "next since it was finished; finished items are not re-triaged (today's rules: score 4.8 < triage.next 5.0)"
        );
        it.status = crate::domain::Status::Todo;
        assert_eq!(explain(&it, &p), "score 4.8 < triage.next 5.0");
    }

    #[test]
    fn rounding_never_hides_which_side_of_a_threshold_a_score_is_on() {
        let p = Policy {
            weight_value: 0.96,
            ..Policy::default()
        }; // (0.96 + 1 + 1) / 1 = 2.96, which one decimal shows as 3.0
        assert_eq!(
            derive(&item(Some((1, 1, 1, 1))), &p),
            (
                Horizon::Later,
                "score 2.960 < triage.next 3.000".to_string()
            )
        );
    }

    fn arb_item() -> impl Strategy<Value = Item> {
        let scale = || {
            proptest::option::of(proptest::sample::select(
                crate::domain::item::SCALE.to_vec(),
            ))
        };
        (
            scale(),
            scale(),
            scale(),
            scale(),
            proptest::option::of(0..4usize),
            any::<bool>(),
            0..3usize,
        )
            .prop_map(|(v, i, r, e, sev, pinned, h)| {
                let mut it = item(None);
                (it.value, it.impact, it.risk, it.effort) = (v, i, r, e);
                it.severity = sev.map(|s| Severity::ALL[s]);
                it.pinned = pinned;
                it.horizon = Horizon::ALL[h];
                it
            })
    }

    proptest! {
        #[test]
        fn triage_is_idempotent(mut it in arb_item(), wv in 0.0..3.0f64, now in 0.0..10.0f64, gap in 0.0..5.0f64) {
            let p = Policy { weight_value: wv, triage_now: now, triage_next: (now - gap).max(0.0), ..Policy::default() };
            let first = derive(&it, &p);
            it.horizon = first.0;
            prop_assert_eq!(derive(&it, &p), first);
        }

        #[test]
        fn horizon_without_the_reason_agrees_with_derive(it in arb_item(), wv in 0.0..3.0f64, now in 0.0..10.0f64, gap in 0.0..5.0f64) {
            let p = Policy { weight_value: wv, triage_now: now, triage_next: (now - gap).max(0.0), ..Policy::default() };
            prop_assert_eq!(horizon(&it, &p), derive(&it, &p).0);
        }
    }
}

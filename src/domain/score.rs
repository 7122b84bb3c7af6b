//! Section 2: the score, WSJF with weighted cost-of-delay parts.

use super::{fmt_num, Item, Policy};

/// The score of an item, or `None` when any of the four inputs is missing.
pub fn score(item: &Item, policy: &Policy) -> Option<f64> {
    score_of(item.value?, item.impact?, item.risk?, item.effort?, policy)
}

/// `(w.value·value + w.impact·impact + w.risk·risk) / effort`.
pub fn score_of(value: u8, impact: u8, risk: u8, effort: u8, policy: &Policy) -> Option<f64> {
    if effort == 0 {
        return None;
    }
    let cost_of_delay = policy.weight_value * f64::from(value)
        + policy.weight_impact * f64::from(impact)
        + policy.weight_risk * f64::from(risk);
    Some(cost_of_delay / f64::from(effort))
}

/// The inputs an item still needs before it has a score.
pub fn missing_inputs(item: &Item) -> Vec<&'static str> {
    [
        ("value", item.value),
        ("impact", item.impact),
        ("risk", item.risk),
        ("effort", item.effort),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_none())
    .map(|(n, _)| n)
    .collect()
}

/// One sentence that shows the inputs, the weights and the arithmetic.
pub fn explain(item: &Item, policy: &Policy) -> String {
    let (Some(value), Some(impact), Some(risk), Some(effort)) =
        (item.value, item.impact, item.risk, item.effort)
    else {
        return format!("needs scoring: no {}", missing_inputs(item).join(", no "));
    };
    let cod = policy.weight_value * f64::from(value)
        + policy.weight_impact * f64::from(impact)
        + policy.weight_risk * f64::from(risk);
    let score = cod / f64::from(effort);
    format!(
        "score {score:.1} = ({} × value {value} + {} × impact {impact} + {} × risk {risk}) / effort {effort} = {} / {effort}",
        fmt_num(policy.weight_value),
        fmt_num(policy.weight_impact),
        fmt_num(policy.weight_risk),
        fmt_num(cod),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::parse_time;

    fn item(v: u8, i: u8, r: u8, e: u8) -> Item {
        let mut it = Item::new("t", parse_time("2026-11-21T00:00:00Z").unwrap());
        (it.value, it.impact, it.risk, it.effort) = (Some(v), Some(i), Some(r), Some(e));
        it
    }

    #[test]
    fn score_table() {
        let mut p = Policy::default();
        let cases = [
            ((8, 13, 3, 5), (1.0, 1.0, 1.0), 4.8),
            ((1, 1, 1, 1), (1.0, 1.0, 1.0), 3.0),
            ((20, 20, 20, 1), (1.0, 1.0, 1.0), 60.0),
            ((1, 1, 1, 20), (1.0, 1.0, 1.0), 0.15),
            ((8, 5, 2, 3), (2.0, 1.0, 0.5), 7.333_333_333_333_333),
            ((8, 5, 2, 3), (0.0, 0.0, 0.0), 0.0),
        ];
        for ((v, i, r, e), (wv, wi, wr), want) in cases {
            (p.weight_value, p.weight_impact, p.weight_risk) = (wv, wi, wr);
            let got = score(&item(v, i, r, e), &p).unwrap();
            assert!(
                (got - want).abs() < 1e-12,
                "{v},{i},{r},{e} → {got}, want {want}"
            );
        }
    }

    #[test]
    fn missing_input_means_no_score_and_the_explanation_names_it() {
        let mut it = item(8, 13, 3, 5);
        it.effort = None;
        it.risk = None;
        assert_eq!(score(&it, &Policy::default()), None);
        assert_eq!(
            explain(&it, &Policy::default()),
            "needs scoring: no risk, no effort"
        );
    }

    #[test]
    fn explanation_shows_weights_and_arithmetic() {
        let p = Policy {
            weight_value: 2.0,
            ..Policy::default()
        };
        assert_eq!(
            explain(&item(8, 13, 3, 5), &p),
            "score 6.4 = (2.0 × value 8 + 1.0 × impact 13 + 1.0 × risk 3) / effort 5 = 32.0 / 5"
        );
    }

    fn up(v: u8) -> u8 {
        let scale = crate::domain::item::SCALE;
        let i = scale.iter().position(|x| *x == v).unwrap();
        scale[(i + 1).min(scale.len() - 1)]
    }

    proptest::proptest! {
        #[test]
        fn raising_an_input_moves_the_score_the_right_way(
            v in proptest::sample::select(crate::domain::item::SCALE.to_vec()),
            i in proptest::sample::select(crate::domain::item::SCALE.to_vec()),
            r in proptest::sample::select(crate::domain::item::SCALE.to_vec()),
            e in proptest::sample::select(crate::domain::item::SCALE.to_vec()),
            wv in 0.0..5.0f64, wi in 0.0..5.0f64, wr in 0.0..5.0f64,
        ) {
            let mut p = Policy::default();
            (p.weight_value, p.weight_impact, p.weight_risk) = (wv, wi, wr);
            let base = score(&item(v, i, r, e), &p).unwrap();
            let at = |it: Item| score(&it, &p).unwrap();
            proptest::prop_assert!(at(item(up(v), i, r, e)) >= base);
            proptest::prop_assert!(at(item(v, up(i), r, e)) >= base);
            proptest::prop_assert!(at(item(v, i, up(r), e)) >= base);
            proptest::prop_assert!(at(item(v, i, r, up(e))) <= base);
        }
    }
}

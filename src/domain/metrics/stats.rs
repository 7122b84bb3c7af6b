//! Nearest-rank percentiles and the summary every duration metric reports.

/// The `p`-th percentile of `sorted` (ascending) by nearest rank: the value at
/// position ⌈p·n/100⌉, counting from 1. `None` when there are no values.
pub fn percentile<T: Copy>(sorted: &[T], p: u32) -> Option<T> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (p as usize * n).div_ceil(100).clamp(1, n);
    Some(sorted[rank - 1])
}

/// Count, p50, p85, p95 and mean of some durations in days; `None` for no data.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    pub count: usize,
    pub p50: Option<f64>,
    pub p85: Option<f64>,
    pub p95: Option<f64>,
    pub mean: Option<f64>,
}

impl Summary {
    pub fn of(mut values: Vec<f64>) -> Summary {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        Summary {
            count: n,
            p50: percentile(&values, 50),
            p85: percentile(&values, 85),
            p95: percentile(&values, 95),
            mean: (n > 0).then(|| values.iter().sum::<f64>() / n as f64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_on_1_2_5_and_20_values() {
        let twenty: Vec<u32> = (1..=20).collect();
        let cases: [(&[u32], [Option<u32>; 3]); 5] = [
            (&[], [None, None, None]),
            (&[7], [Some(7), Some(7), Some(7)]),
            // ⌈1.0⌉ = 1, ⌈1.7⌉ = 2, ⌈1.9⌉ = 2.
            (&[3, 9], [Some(3), Some(9), Some(9)]),
            // ⌈2.5⌉ = 3, ⌈4.25⌉ = 5, ⌈4.75⌉ = 5.
            (&[1, 2, 4, 8, 16], [Some(4), Some(16), Some(16)]),
            // ⌈10⌉ = 10, ⌈17⌉ = 17, ⌈19⌉ = 19.
            (&twenty, [Some(10), Some(17), Some(19)]),
        ];
        for (values, want) in cases {
            let got = [50, 85, 95].map(|p| percentile(values, p));
            assert_eq!(got, want, "{values:?}");
        }
        assert_eq!(percentile(&twenty, 100), Some(20));
        assert_eq!(percentile(&twenty, 0), Some(1));
    }

    #[test]
    fn a_summary_sorts_and_means_and_has_no_data_for_nothing() {
        let s = Summary::of(vec![4.0, 1.0, 2.5, 0.5, 2.0]);
        assert_eq!(s.count, 5);
        assert_eq!((s.p50, s.p85, s.p95), (Some(2.0), Some(4.0), Some(4.0)));
        assert!((s.mean.unwrap() - 2.0).abs() < 1e-12);
        assert_eq!(Summary::of(Vec::new()), Summary::default());
        assert_eq!(Summary::of(Vec::new()).mean, None);
    }
}

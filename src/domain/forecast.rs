//! Section 11: a Monte Carlo forecast from the team's own throughput. Each trial
//! draws one week's done count at a time, uniformly with replacement from the
//! window's complete weeks, until the remaining items are done.

use chrono::{Days, NaiveDate};

use super::metrics::percentile;
use super::DomainError;

/// A trial that has not finished after this many weeks stops: "more than ten years".
pub const MAX_WEEKS: u32 = 520;
pub const DEFAULT_TRIALS: u32 = 10_000;
pub const MAX_TRIALS: u32 = 1_000_000;
pub const DEFAULT_SEED: u64 = 1;

/// `SplitMix64`: a small, well-mixed generator, the same numbers for the same seed
/// on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`), by multiplying rather than dividing.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// How many weeks the remaining items take, at 50, 85 and 95 percent likely.
/// `None`: more than [`MAX_WEEKS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weeks {
    pub p50: Option<u32>,
    pub p85: Option<u32>,
    pub p95: Option<u32>,
}

/// How many items are done within some weeks, at 50, 85 and 95 percent likely
/// (the 50th, 15th and 5th percentiles of the trials' sums).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Items {
    pub p50: u64,
    pub p85: u64,
    pub p95: u64,
}

fn check(samples: &[u32], trials: u32) -> Result<(), DomainError> {
    if samples.is_empty() {
        return Err(DomainError::invalid(
            "there is no complete week in the window to forecast from",
        ));
    }
    if samples.iter().all(|s| *s == 0) {
        return Err(DomainError::invalid(format!(
            "no item was done in any of the {} weeks of the window, so there is no throughput to forecast from; try a wider window with --weeks",
            samples.len()
        )));
    }
    if !(1..=MAX_TRIALS).contains(&trials) {
        return Err(DomainError::invalid(format!(
            "--trials must be 1 to {MAX_TRIALS}, not {trials}"
        )));
    }
    Ok(())
}

/// Weeks until `remaining` items are done.
pub fn weeks(
    samples: &[u32],
    remaining: u64,
    trials: u32,
    seed: u64,
) -> Result<Weeks, DomainError> {
    check(samples, trials)?;
    let mut rng = Rng::new(seed);
    // Results are 0..=MAX_WEEKS, or MAX_WEEKS + 1 for a trial that never finished:
    // counted, not sorted.
    let beyond = MAX_WEEKS as usize + 1;
    let mut counts = vec![0u32; beyond + 1];
    for _ in 0..trials {
        let (mut done, mut week) = (0u64, 0usize);
        while done < remaining && week < MAX_WEEKS as usize {
            done += u64::from(samples[rng.below(samples.len())]);
            week += 1;
        }
        counts[if done >= remaining { week } else { beyond }] += 1;
    }
    let at = |p: u32| -> Option<u32> {
        let rank = (u64::from(p) * u64::from(trials)).div_ceil(100).max(1);
        let mut below = 0u64;
        for (w, n) in counts.iter().enumerate() {
            below += u64::from(*n);
            if below >= rank {
                return (w < beyond).then_some(w as u32);
            }
        }
        None
    };
    Ok(Weeks {
        p50: at(50),
        p85: at(85),
        p95: at(95),
    })
}

/// Items done within `weeks` weeks.
pub fn items_within(
    samples: &[u32],
    weeks: u32,
    trials: u32,
    seed: u64,
) -> Result<Items, DomainError> {
    check(samples, trials)?;
    let mut rng = Rng::new(seed);
    let mut sums: Vec<u64> = (0..trials)
        .map(|_| {
            (0..weeks)
                .map(|_| u64::from(samples[rng.below(samples.len())]))
                .sum()
        })
        .collect();
    sums.sort_unstable();
    let at = |p| percentile(&sums, p).unwrap_or(0);
    Ok(Items {
        p50: at(50),
        p85: at(15),
        p95: at(5),
    })
}

/// The date `weeks` weeks after `today`.
pub fn date_after(today: NaiveDate, weeks: u32) -> NaiveDate {
    today
        .checked_add_days(Days::new(7 * u64::from(weeks)))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole weeks from `today` until `by`; `None` when `by` is before today.
pub fn weeks_until(today: NaiveDate, by: NaiveDate) -> Option<u32> {
    let days = (by - today).num_days();
    (days >= 0).then_some((days / 7) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_samples_give_exact_weeks_at_every_percentile() {
        for (samples, remaining, want) in [
            (&[2u32, 2, 2][..], 10u64, 5u32),
            (&[2, 2, 2], 11, 6),
            (&[5], 1, 1),
            (&[3, 3], 0, 0),
        ] {
            let w = weeks(samples, remaining, 1000, 7).unwrap();
            assert_eq!(
                w,
                Weeks {
                    p50: Some(want),
                    p85: Some(want),
                    p95: Some(want)
                }
            );
        }
    }

    #[test]
    fn percentiles_are_ordered_and_the_same_seed_gives_the_same_answer() {
        let samples = [0, 1, 3, 7, 2, 9, 4, 0, 5, 6, 1, 8];
        for seed in 1..20 {
            let forecast = weeks(&samples, 60, 2000, seed).unwrap();
            let (p50, p85, p95) = (
                forecast.p50.unwrap(),
                forecast.p85.unwrap(),
                forecast.p95.unwrap(),
            );
            assert!(p50 <= p85 && p85 <= p95, "{forecast:?}");
            assert_eq!(weeks(&samples, 60, 2000, seed).unwrap(), forecast);
            let items = items_within(&samples, 8, 2000, seed).unwrap();
            assert!(
                items.p50 >= items.p85 && items.p85 >= items.p95,
                "{items:?}"
            );
        }
        // About 3.8 a week: 60 items take around 16 weeks.
        let w = weeks(&samples, 60, 10_000, 1).unwrap();
        assert!((13..=19).contains(&w.p50.unwrap()), "{w:?}");
    }

    #[test]
    fn by_a_date_gives_the_50th_15th_and_5th_percentile_sums() {
        assert_eq!(
            items_within(&[3, 3, 3], 4, 500, 1).unwrap(),
            Items {
                p50: 12,
                p85: 12,
                p95: 12
            }
        );
        assert_eq!(
            items_within(&[3], 0, 10, 1).unwrap(),
            Items {
                p50: 0,
                p85: 0,
                p95: 0
            }
        );
        // Samples 0 and 10, one week: half the trials sum to 0, half to 10; the
        // 50th percentile is among the zeros only if more than half drew 0.
        let one = items_within(&[0, 10], 1, 10_000, 3).unwrap();
        assert_eq!((one.p85, one.p95), (0, 0));
    }

    #[test]
    fn all_zero_or_no_samples_are_refused_and_ten_years_is_the_limit() {
        let err = weeks(&[0, 0, 0], 5, 100, 1).unwrap_err().to_string();
        assert_eq!(
            err,
            "no item was done in any of the 3 weeks of the window, so there is no throughput to forecast from; try a wider window with --weeks"
        );
        assert!(weeks(&[], 5, 100, 1).is_err());
        assert!(items_within(&[0], 5, 100, 1).is_err());
        assert!(weeks(&[1], 5, 0, 1).is_err());
        let w = weeks(&[1], 600, 100, 1).unwrap();
        assert_eq!(
            w,
            Weeks {
                p50: None,
                p85: None,
                p95: None
            }
        );
        let w = weeks(&[1], 520, 100, 1).unwrap();
        assert_eq!(w.p95, Some(520));
    }

    #[test]
    fn the_generator_is_uniform_enough_and_fixed_per_seed() {
        let mut r = Rng::new(1);
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            counts[r.below(4)] += 1;
        }
        assert!(
            counts.iter().all(|c| (9_500..10_500).contains(c)),
            "{counts:?}"
        );
        assert_eq!(Rng::new(42).next_u64(), Rng::new(42).next_u64());
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn dates_are_today_plus_seven_days_a_week() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        assert_eq!(date_after(today, 3).to_string(), "2026-12-12");
        let by = NaiveDate::from_ymd_opt(2026, 12, 11).unwrap();
        assert_eq!(weeks_until(today, by), Some(2));
        assert_eq!(weeks_until(today, today), Some(0));
        assert_eq!(weeks_until(by, today), None);
    }
}

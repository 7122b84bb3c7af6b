//! The team's tunable rules (section 1), with their defaults and validation.

use super::{DomainError, Lane, Severity};

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub weight_value: f64,
    pub weight_impact: f64,
    pub weight_risk: f64,
    pub triage_now: f64,
    pub triage_next: f64,
    /// Days from today to the due date, per severity S1..S4; 0 = none.
    pub sla: [u32; 4],
    /// Target share of a sprint's effort, per lane in `Lane::ALL` order.
    pub capacity: [f64; 4],
    pub sprint_capacity: u32,
    pub sprint_days: u32,
    pub stale_days: u32,
    pub north_star: String,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            weight_value: 1.0,
            weight_impact: 1.0,
            weight_risk: 1.0,
            triage_now: 6.0,
            triage_next: 3.0,
            sla: [1, 3, 14, 0],
            capacity: [0.15, 0.25, 0.40, 0.20],
            sprint_capacity: 40,
            sprint_days: 14,
            stale_days: 30,
            north_star: String::new(),
        }
    }
}

/// A policy value as it is shown and exported.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyValue {
    Number(f64),
    Count(u32),
    Text(String),
}

impl std::fmt::Display for PolicyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolicyValue::Number(x) => write!(f, "{x:?}"),
            PolicyValue::Count(n) => write!(f, "{n}"),
            PolicyValue::Text(s) => f.write_str(s),
        }
    }
}

/// Every policy key, in the order `policy show` lists them.
pub const KEYS: [&str; 16] = [
    "weight.value",
    "weight.impact",
    "weight.risk",
    "triage.now",
    "triage.next",
    "sla.S1",
    "sla.S2",
    "sla.S3",
    "sla.S4",
    "capacity.hotfix",
    "capacity.stability",
    "capacity.feature",
    "capacity.bet",
    "sprint.capacity",
    "sprint.days",
    "stale.days",
];

const NORTH_STAR: &str = "north_star";

/// The largest score weight: scores stay readable numbers.
const MAX_WEIGHT: f64 = 1000.0;
/// The largest triage threshold, either way.
const MAX_THRESHOLD: f64 = 1_000_000.0;
/// The most days an SLA or the staleness rule may count: ten years.
const MAX_DAYS: u32 = 3650;

impl Policy {
    /// All keys, `north_star` last.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        KEYS.iter().copied().chain(std::iter::once(NORTH_STAR))
    }

    pub fn is_key(key: &str) -> bool {
        Self::keys().any(|k| k == key)
    }

    pub fn sla_days(&self, severity: Severity) -> u32 {
        self.sla[severity as usize]
    }

    pub fn capacity_share(&self, lane: Lane) -> f64 {
        self.capacity[lane as usize]
    }

    /// The value of `key`, or `None` for an unknown key.
    pub fn get(&self, key: &str) -> Option<PolicyValue> {
        use PolicyValue::{Count, Number, Text};
        Some(match key {
            "weight.value" => Number(self.weight_value),
            "weight.impact" => Number(self.weight_impact),
            "weight.risk" => Number(self.weight_risk),
            "triage.now" => Number(self.triage_now),
            "triage.next" => Number(self.triage_next),
            "sprint.capacity" => Count(self.sprint_capacity),
            "sprint.days" => Count(self.sprint_days),
            "stale.days" => Count(self.stale_days),
            NORTH_STAR => Text(self.north_star.clone()),
            _ => {
                if let Some(s) = key.strip_prefix("sla.") {
                    Count(self.sla_days(Severity::parse(s).ok().filter(|v| v.as_str() == s)?))
                } else if let Some(l) = key.strip_prefix("capacity.") {
                    Number(self.capacity_share(Lane::parse(l).ok().filter(|v| v.as_str() == l)?))
                } else {
                    return None;
                }
            }
        })
    }

    /// Sets one key from text. The policy as a whole is checked by [`Policy::validate`].
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), DomainError> {
        let number = || -> Result<f64, DomainError> {
            let x: f64 = text.trim().parse().map_err(|_| {
                DomainError::invalid(format!("{key} must be a number, not '{text}'"))
            })?;
            if !x.is_finite() {
                return Err(DomainError::invalid(format!(
                    "{key} must be a finite number, not '{text}'"
                )));
            }
            // `-0` is zero: stored, shown and compared as 0, never as -0.0.
            Ok(x + 0.0)
        };
        let count = |max: u32| -> Result<u32, DomainError> {
            let n: u32 = text.trim().parse().map_err(|_| {
                DomainError::invalid(format!(
                    "{key} must be a whole number from 0 to {max}, not '{text}'"
                ))
            })?;
            if n > max {
                return Err(DomainError::invalid(format!(
                    "{key} must be a whole number from 0 to {max}, not {n}"
                )));
            }
            Ok(n)
        };
        let weight = || -> Result<f64, DomainError> {
            let x = number()?;
            if x < 0.0 {
                return Err(DomainError::invalid(format!(
                    "{key} must not be negative, not {text}"
                )));
            }
            if x > MAX_WEIGHT {
                return Err(DomainError::invalid(format!(
                    "{key} must be at most 1000, not {text}"
                )));
            }
            Ok(x)
        };
        let threshold = || -> Result<f64, DomainError> {
            let x = number()?;
            if x.abs() > MAX_THRESHOLD {
                return Err(DomainError::invalid(format!(
                    "{key} must be a number from -1000000 to 1000000, not {text}"
                )));
            }
            Ok(x)
        };
        match key {
            "weight.value" => self.weight_value = weight()?,
            "weight.impact" => self.weight_impact = weight()?,
            "weight.risk" => self.weight_risk = weight()?,
            "triage.now" => self.triage_now = threshold()?,
            "triage.next" => self.triage_next = threshold()?,
            "sprint.capacity" => self.sprint_capacity = count(100_000)?,
            "sprint.days" => self.sprint_days = count(365)?,
            "stale.days" => self.stale_days = count(MAX_DAYS)?,
            NORTH_STAR => {
                let t = text.trim();
                super::text::check("north_star", t, 500, super::text::Shape::Line)?;
                self.north_star = t.to_string();
            }
            _ => {
                if self.get(key).is_none() {
                    return Err(DomainError::invalid(format!(
                        "unknown policy key '{key}'{}: use one of {}",
                        super::suggest::did_you_mean(key, Self::keys()),
                        Self::keys().collect::<Vec<_>>().join(", ")
                    )));
                }
                if let Some(s) = key.strip_prefix("sla.") {
                    self.sla[Severity::parse(s)? as usize] = count(MAX_DAYS)?;
                } else if let Some(l) = key.strip_prefix("capacity.") {
                    let x = number()?;
                    if !(0.0..=1.0).contains(&x) {
                        return Err(DomainError::invalid(format!(
                            "{key} is a share of the sprint and must be between 0 and 1, not {text}"
                        )));
                    }
                    self.capacity[Lane::parse(l)? as usize] = x;
                }
            }
        }
        Ok(())
    }

    /// Sets several keys from text, each given once (the same key twice in one
    /// change would leave which one counts to chance), then checks the whole.
    pub fn set_all(&mut self, pairs: &[(String, String)]) -> Result<(), DomainError> {
        for (i, (k, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(other, _)| other == k) {
                return Err(DomainError::invalid(format!(
                    "{k} is given twice; give each policy key once"
                )));
            }
        }
        for (k, v) in pairs {
            self.set(k, v)?;
        }
        self.validate()
    }

    /// Checks the rules that tie keys together.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.triage_next > self.triage_now {
            return Err(DomainError::invalid(format!(
                "triage.next ({}) must not be above triage.now ({})",
                super::fmt_num(self.triage_next),
                super::fmt_num(self.triage_now)
            )));
        }
        let sum: f64 = self.capacity.iter().sum();
        if (sum - 1.0).abs() > 1e-6 {
            return Err(DomainError::invalid(format!(
                "capacity shares must sum to 1.0, but they sum to {}; set several at once, e.g. `lanes policy set capacity.hotfix 0.2 capacity.feature 0.35`",
                (sum * 1e6).round() / 1e6
            )));
        }
        if self.sprint_capacity == 0 {
            return Err(DomainError::invalid("sprint.capacity must be at least 1"));
        }
        if self.sprint_days == 0 {
            return Err(DomainError::invalid("sprint.days must be at least 1"));
        }
        Ok(())
    }

    /// True when `key` changes scores or horizons.
    pub fn affects_triage(key: &str) -> bool {
        key.starts_with("weight.") || key.starts_with("triage.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_design() {
        let p = Policy::default();
        let shown: Vec<String> = Policy::keys()
            .map(|k| p.get(k).unwrap().to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "1.0", "1.0", "1.0", "6.0", "3.0", "1", "3", "14", "0", "0.15", "0.25", "0.4",
                "0.2", "40", "14", "30", ""
            ]
        );
        assert!(p.validate().is_ok());
    }

    #[test]
    fn minus_zero_is_kept_and_shown_as_zero() {
        let mut p = Policy::default();
        p.set("weight.value", "-0").unwrap();
        p.set("triage.next", "-0.0").unwrap();
        assert_eq!(p.get("weight.value").unwrap().to_string(), "0.0");
        assert_eq!(p.get("triage.next").unwrap().to_string(), "0.0");
        assert!(p.weight_value.is_sign_positive());
    }

    #[test]
    fn bad_values_are_refused_with_the_reason() {
        let mut p = Policy::default();
        assert_eq!(
            p.set("weight.value", "-1").unwrap_err().to_string(),
            "weight.value must not be negative, not -1"
        );
        for bad in ["1001", "inf", "NaN", "1e400"] {
            assert!(p.set("weight.impact", bad).is_err(), "{bad}");
        }
        assert_eq!(
            p.set("sla.S1", "3651").unwrap_err().to_string(),
            "sla.S1 must be a whole number from 0 to 3650, not 3651"
        );
        assert!(p.set("sla.S2", "3650").is_ok());
        assert!(p
            .set("weight.speed", "1")
            .unwrap_err()
            .to_string()
            .starts_with("unknown policy key 'weight.speed'"));
        assert!(p.set("sla.S5", "1").is_err());
        assert!(p.set("capacity.hotfix", "1.5").is_err());
        p.set("triage.next", "7").unwrap();
        assert_eq!(
            p.validate().unwrap_err().to_string(),
            "triage.next (7.0) must not be above triage.now (6.0)"
        );
        let mut p = Policy::default();
        p.set("capacity.hotfix", "0.30").unwrap();
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .contains("they sum to 1.15"));
        p.set("capacity.feature", "0.25").unwrap();
        assert!(p.validate().is_ok());
    }
}

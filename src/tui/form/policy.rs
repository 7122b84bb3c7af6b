//! The policy forms: each opens on a group of rules that belong together
//! (the weights, the thresholds, the capacity shares…), so that shares can
//! move together and still sum to 1.0. Answers are checked by the domain's
//! rules before the reason is asked, and set through the same store call as
//! `lanes policy set`.

use super::{Context, Form, FormField, Key, Purpose, Refusal};
use crate::domain::policy::PolicyValue;
use crate::tui::app::Change;

/// Rules edited together.
#[derive(Debug, PartialEq, Eq)]
pub struct Group {
    pub title: &'static str,
    /// Each rule's key, its name on screen, and what may be typed.
    pub rules: &'static [(&'static str, &'static str, &'static str)],
}

/// Every rule, in the order the policy screen lists them.
pub const GROUPS: [Group; 7] = [
    Group {
        title: "North Star",
        rules: &[(
            "north_star",
            "north star",
            "the objective the team works toward, on one line (empty clears it)",
        )],
    },
    Group {
        title: "Score weights",
        rules: &[
            (
                "weight.value",
                "value",
                "weight of value in the score, 0–1000",
            ),
            (
                "weight.impact",
                "impact",
                "weight of impact in the score, 0–1000",
            ),
            ("weight.risk", "risk", "weight of risk in the score, 0–1000"),
        ],
    },
    Group {
        title: "Triage thresholds",
        rules: &[
            (
                "triage.now",
                "now from",
                "a score at or above this goes to now",
            ),
            (
                "triage.next",
                "next from",
                "a score at or above this goes to next (not above now)",
            ),
        ],
    },
    Group {
        title: "Capacity shares",
        rules: &[
            (
                "capacity.hotfix",
                "hot fix",
                "share of a sprint's effort; the four sum to 1.0",
            ),
            (
                "capacity.stability",
                "stability",
                "share of a sprint's effort; the four sum to 1.0",
            ),
            (
                "capacity.feature",
                "feature",
                "share of a sprint's effort; the four sum to 1.0",
            ),
            (
                "capacity.bet",
                "bet",
                "share of a sprint's effort; the four sum to 1.0",
            ),
        ],
    },
    Group {
        title: "SLA days",
        rules: &[
            (
                "sla.S1",
                "S1",
                "days from today to the due date of an S1; 0 = none",
            ),
            (
                "sla.S2",
                "S2",
                "days from today to the due date of an S2; 0 = none",
            ),
            (
                "sla.S3",
                "S3",
                "days from today to the due date of an S3; 0 = none",
            ),
            (
                "sla.S4",
                "S4",
                "days from today to the due date of an S4; 0 = none",
            ),
        ],
    },
    Group {
        title: "Sprint",
        rules: &[
            (
                "sprint.capacity",
                "capacity",
                "effort points one sprint holds",
            ),
            (
                "sprint.days",
                "days",
                "length of a sprint, from today (1–365)",
            ),
        ],
    },
    Group {
        title: "Refinement",
        rules: &[(
            "stale.days",
            "stale after",
            "days untouched before an open item needs refinement",
        )],
    },
];

impl Form {
    /// The form of `group`, focused on `key`, starting from the values in force.
    pub fn policy(group: &'static Group, key: &str, cx: &Context<'_>) -> Form {
        let fields = group
            .rules
            .iter()
            .map(|(k, label, hint)| FormField::new(Key::Policy(k), *label, &value(cx, k), hint))
            .collect();
        let mut form = Form::of(Purpose::Policy(group), fields);
        form.focus = group
            .rules
            .iter()
            .position(|(k, _, _)| *k == key)
            .unwrap_or(0);
        form
    }
}

/// A rule's value as the form shows it (and `lanes policy show` prints it).
fn value(cx: &Context<'_>, key: &str) -> String {
    cx.policy
        .get(key)
        .unwrap_or(PolicyValue::Text(String::new()))
        .to_string()
}

pub(super) fn submit(form: &Form, cx: &Context<'_>) -> Result<Option<Change>, Refusal> {
    let mut pairs = Vec::new();
    for (_, key, text) in form.answers() {
        let Key::Policy(k) = key else {
            continue;
        };
        if text != value(cx, k) {
            pairs.push((k.to_string(), text.to_string()));
        }
    }
    if pairs.is_empty() {
        return Ok(None);
    }
    // The domain's checks, before the reason is asked; the store makes them
    // again when it writes.
    let mut checked = cx.policy.clone();
    checked.set_all(&pairs).map_err(|e| {
        let text = e.to_string();
        let at = form
            .fields
            .iter()
            .position(|f| matches!(f.key, Key::Policy(k) if text.contains(k)));
        (at, text)
    })?;
    Ok(Some(Change::Policy { pairs }))
}

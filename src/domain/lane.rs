//! The small closed vocabularies of an item: lane, status, severity, horizon.

use super::DomainError;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Result<Self, DomainError> {
                let wanted = text.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| {
                        let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                        let hint = super::suggest::did_you_mean(wanted, allowed.iter().copied());
                        DomainError::invalid(format!(
                            "unknown {} '{}'{hint}: use one of {}",
                            $what, text, allowed.join(", ")
                        ))
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// The queue lane an item sits in. No lane means the item is in the Inbox.
    Lane, "lane", {
        Hotfix => "hotfix",
        Stability => "stability",
        Feature => "feature",
        Bet => "bet",
    }
);

vocabulary!(
    /// Where an item is in its life.
    Status, "status", {
        Todo => "todo",
        Doing => "doing",
        Done => "done",
        Declined => "declined",
    }
);

vocabulary!(
    /// How badly customers are hurt: S1 outage or data loss … S4 cosmetic.
    Severity, "severity", {
        S1 => "S1",
        S2 => "S2",
        S3 => "S3",
        S4 => "S4",
    }
);

vocabulary!(
    /// When an item will be worked on, as derived by triage or pinned by a person.
    Horizon, "horizon", {
        Now => "now",
        Next => "next",
        Later => "later",
    }
);

impl Lane {
    /// The lane's name as a heading or a table cell; no lane is the Inbox.
    pub fn title(lane: Option<Lane>) -> &'static str {
        match lane {
            None => "Inbox",
            Some(Lane::Hotfix) => "Hot fix",
            Some(Lane::Stability) => "Stability",
            Some(Lane::Feature) => "Feature",
            Some(Lane::Bet) => "Strategic bet",
        }
    }

    /// The name people use for the lane in sentences.
    pub fn label(self) -> &'static str {
        match self {
            Lane::Hotfix => "hot fixes",
            Lane::Stability => "stability",
            Lane::Feature => "features",
            Lane::Bet => "strategic bets",
        }
    }
}

impl Lane {
    /// A lane as a person types it: its name, its first letter (`h`, `s`, `f`,
    /// `b`) or its number (`1`–`4`, as refinement accepts them), or the Inbox
    /// (`inbox`, `i`, `0`, `none`, nothing) as `None`. Files read from other
    /// tools use [`Lane::parse`], which takes names only.
    pub fn typed(text: &str) -> Result<Option<Lane>, DomainError> {
        let t = text.trim();
        if t.is_empty()
            || ["inbox", "i", "0", "none"]
                .iter()
                .any(|w| t.eq_ignore_ascii_case(w))
        {
            return Ok(None);
        }
        for (n, lane) in Lane::ALL.iter().enumerate() {
            let letter = &lane.as_str()[..1];
            if t == (n + 1).to_string() || t.eq_ignore_ascii_case(letter) {
                return Ok(Some(*lane));
            }
        }
        let choices = Lane::ALL.iter().map(|l| l.as_str()).chain(["inbox"]);
        Lane::parse(t).map(Some).map_err(|_| {
            DomainError::invalid(format!(
                "unknown lane '{text}'{}: use hotfix, stability, feature, bet or inbox (or h s f b i, or 1–4 and 0)",
                super::suggest::did_you_mean(t, choices)
            ))
        })
    }
}

impl Status {
    /// `todo` and `doing` are open; `done` and `declined` are finished.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Todo | Status::Doing)
    }
}

impl Severity {
    /// S1 and S2 are urgent: they go to `now` and rank first.
    pub fn is_urgent(self) -> bool {
        matches!(self, Severity::S1 | Severity::S2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_case_insensitive_and_lists_choices_on_error() {
        assert_eq!(Lane::parse("HotFix"), Ok(Lane::Hotfix));
        assert_eq!(Severity::parse("s2"), Ok(Severity::S2));
        assert_eq!(
            Lane::parse("hotfx").unwrap_err().to_string(),
            "unknown lane 'hotfx' (did you mean hotfix?): use one of hotfix, stability, feature, bet"
        );
        let err = Lane::parse("urgent").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown lane 'urgent': use one of hotfix, stability, feature, bet"
        );
    }

    #[test]
    fn a_typed_lane_may_be_its_name_first_letter_or_number() {
        for (typed, lane) in [
            ("hotfix", Some(Lane::Hotfix)),
            ("H", Some(Lane::Hotfix)),
            ("1", Some(Lane::Hotfix)),
            ("s", Some(Lane::Stability)),
            ("2", Some(Lane::Stability)),
            ("f", Some(Lane::Feature)),
            ("3", Some(Lane::Feature)),
            ("b", Some(Lane::Bet)),
            ("4", Some(Lane::Bet)),
            ("Bet", Some(Lane::Bet)),
            ("inbox", None),
            ("i", None),
            ("0", None),
            ("none", None),
            ("", None),
        ] {
            assert_eq!(Lane::typed(typed), Ok(lane), "{typed}");
        }
        assert_eq!(
            Lane::typed("hotfx").unwrap_err().to_string(),
            "unknown lane 'hotfx' (did you mean hotfix?): use hotfix, stability, feature, bet or inbox (or h s f b i, or 1–4 and 0)"
        );
        assert!(Lane::typed("5").is_err());
        assert!(Lane::typed("x").is_err());
    }
}

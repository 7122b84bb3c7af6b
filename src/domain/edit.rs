//! One change to one item, as every front end asks for it: the command line's
//! flags, the TUI's keys and prompts, an importer's records. The store applies a
//! list of `(id, Edit)` as one action (`Store::apply`); the rules of each edit
//! live here, the ids it refers to are checked by the store.

use super::item::Criterion;
use super::{DomainError, Field, Item, StatusChange};

/// What to do to one item.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Fields set from their text form, as decisions record them (`None`
    /// empties a field).
    Set(Vec<(Field, Option<String>)>),
    Status(StatusChange),
    /// Blocked by another item.
    Block(i64),
    /// No longer blocked by another item.
    Unblock(i64),
    AddCriterion(String),
    /// Criterion number `n` (from 1) flips between done and not done.
    ToggleCriterion(usize),
    /// Finishes the item with its post-mortem (a part left `None` is emptied).
    Finish {
        root_cause: Option<String>,
        prevention: Option<String>,
    },
}

impl Edit {
    /// One field set from text.
    pub fn set(field: Field, value: Option<String>) -> Edit {
        Edit::Set(vec![(field, value)])
    }

    /// The fields that differ between `old` and `new`, as one edit that turns
    /// the one into the other.
    pub fn diff(old: &Item, new: &Item) -> Edit {
        Edit::Set(
            Field::ALL
                .into_iter()
                .filter(|f| f.get(old) != f.get(new))
                .map(|f| (f, f.get(new)))
                .collect(),
        )
    }

    /// True when the edit asks for nothing (an empty `Set`).
    pub fn is_empty(&self) -> bool {
        matches!(self, Edit::Set(fields) if fields.is_empty())
    }

    /// True when it finishes or declines the item.
    pub fn closes(&self) -> bool {
        match self {
            Edit::Status(c) => matches!(
                c,
                StatusChange::Done | StatusChange::Decline { .. } | StatusChange::Advance
            ),
            Edit::Finish { .. } => true,
            Edit::Set(fields) => fields.iter().any(|(f, _)| *f == Field::Status),
            _ => false,
        }
    }

    /// True when the item can only be changed so with a reason (a decline).
    pub fn needs_reason(&self) -> bool {
        matches!(self, Edit::Status(StatusChange::Decline { .. }))
    }

    /// Applies the edit to `item`; `why` is the action's reason (a decline
    /// needs one). The ids it refers to are the store's to check.
    pub fn apply(&self, item: &mut Item, why: &str) -> Result<(), DomainError> {
        let id = item.id;
        match self {
            Edit::Set(fields) => {
                for (f, v) in fields {
                    f.set(item, v.as_deref())?;
                }
            }
            Edit::Status(change) => item.change_status(change, why)?,
            Edit::Block(on) => {
                if item.blocked_by.contains(on) {
                    return Err(DomainError::invalid(format!(
                        "#{id} is already blocked by #{on}"
                    )));
                }
                item.blocked_by.push(*on);
                item.blocked_by.sort_unstable();
            }
            Edit::Unblock(on) => {
                let before = item.blocked_by.len();
                item.blocked_by.retain(|b| b != on);
                if item.blocked_by.len() == before {
                    return Err(DomainError::invalid(format!(
                        "#{id} is not blocked by #{on}"
                    )));
                }
            }
            Edit::AddCriterion(text) => {
                let text = text.trim();
                if text.is_empty() {
                    return Err(DomainError::invalid("a criterion needs some text"));
                }
                item.criteria.push(Criterion {
                    text: text.to_string(),
                    done: false,
                });
            }
            Edit::ToggleCriterion(n) => {
                let count = item.criteria.len();
                let c = n
                    .checked_sub(1)
                    .and_then(|i| item.criteria.get_mut(i))
                    .ok_or_else(|| {
                        DomainError::invalid(format!(
                            "#{id} has {count} criteri{}; there is no number {n}",
                            if count == 1 { "on" } else { "a" }
                        ))
                    })?;
                c.done = !c.done;
            }
            Edit::Finish {
                root_cause,
                prevention,
            } => {
                item.change_status(&StatusChange::Done, why)?;
                item.root_cause.clone_from(root_cause);
                item.prevention.clone_from(prevention);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::parse_time;
    use crate::domain::{Lane, Status};

    fn item() -> Item {
        let mut i = Item::new(
            "Checkout fails",
            parse_time("2026-11-21T09:00:00Z").unwrap(),
        );
        i.id = 7;
        i
    }

    #[test]
    fn edits_apply_their_rules_in_order() {
        let mut i = item();
        for e in [
            Edit::set(Field::Lane, Some("feature".into())),
            Edit::Set(vec![
                (Field::Value, Some("5".into())),
                (Field::Effort, Some("2".into())),
            ]),
            Edit::Block(3),
            Edit::AddCriterion("  refund works ".into()),
            Edit::ToggleCriterion(1),
        ] {
            e.apply(&mut i, "").unwrap();
        }
        assert_eq!(i.lane, Some(Lane::Feature));
        assert_eq!((i.value, i.effort), (Some(5), Some(2)));
        assert_eq!(i.blocked_by, vec![3]);
        assert_eq!(
            i.criteria,
            vec![Criterion {
                text: "refund works".into(),
                done: true
            }]
        );
    }

    #[test]
    fn an_edit_that_makes_no_sense_is_refused_in_words() {
        let mut i = item();
        let err = |e: Edit, i: &mut Item| e.apply(i, "").unwrap_err().to_string();
        assert_eq!(err(Edit::Unblock(3), &mut i), "#7 is not blocked by #3");
        assert_eq!(
            err(Edit::ToggleCriterion(2), &mut i),
            "#7 has 0 criteria; there is no number 2"
        );
        assert_eq!(
            err(Edit::AddCriterion(" ".into()), &mut i),
            "a criterion needs some text"
        );
        assert_eq!(
            err(Edit::set(Field::Value, Some("4".into())), &mut i),
            "value must be one of 1, 2, 3, 5, 8, 13, 20, not 4"
        );
        let decline = Edit::Status(StatusChange::Decline { duplicate_of: None });
        assert!(decline.needs_reason() && decline.closes());
        assert!(
            decline.apply(&mut i, "").is_err(),
            "a decline needs a reason"
        );
        decline.apply(&mut i, "out of scope").unwrap();
        assert_eq!(i.status, Status::Declined);
    }

    #[test]
    fn a_diff_sets_exactly_the_fields_that_differ() {
        let old = item();
        let mut new = old.clone();
        new.lane = Some(Lane::Bet);
        new.owner = Some("ana".into());
        assert_eq!(
            Edit::diff(&old, &new),
            Edit::Set(vec![
                (Field::Lane, Some("bet".into())),
                (Field::Owner, Some("ana".into()))
            ])
        );
        assert!(Edit::diff(&old, &old).is_empty());
    }
}

//! The score card: value, impact, risk and effort typed in turn, one scale
//! value each. `3` `5` `8` fill a field at once; `1` and `2` wait for the `3`
//! of 13 and the `0` of 20, and any other key completes them (and counts for
//! the next field). `Enter`/`Tab` complete a waiting value or keep the field
//! as it is; `Backspace` goes back a field; `Esc` leaves, keeping what is set.
//! The four scores are one change: in refinement it joins the item's visit,
//! elsewhere it ends in the reason prompt.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::reason::ask_reason;
use super::visit::{self, Leave};
use super::{Change, Effect, Mode, Model, View};
use crate::domain::item::SCALE;
use crate::domain::{Field, Item};

/// The four scores, in the order the card asks for them.
pub const FIELDS: [Field; 4] = [Field::Value, Field::Impact, Field::Risk, Field::Effort];

/// A score card open on one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreCard {
    pub id: i64,
    /// The scores as they stood when the card opened.
    pub was: [Option<u8>; 4],
    /// The scores as the card holds them now.
    pub values: [Option<u8>; 4],
    /// The fields a typed value moves on to: those missing when the card
    /// opened (all four when none was).
    pub targets: [bool; 4],
    /// The field being typed.
    pub at: usize,
    /// A `1` or `2` that may still become 13 or 20.
    pub waiting: Option<u8>,
    pub error: Option<String>,
    /// The reason typed for the card's change when it came back here
    /// (refused, or `Esc` at the reason): asked again, it starts from it.
    pub reason: String,
}

/// What a key did to the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Still typing.
    Open,
    /// The last field is filled.
    Complete,
    /// `Esc`: left, keeping what is set.
    Left,
}

impl ScoreCard {
    pub const FIELDS: [Field; 4] = FIELDS;

    /// A card on `item`, open on its first missing score (on value when none
    /// is missing).
    pub fn new(item: &Item) -> ScoreCard {
        let was = [item.value, item.impact, item.risk, item.effort];
        let mut targets = was.map(|v| v.is_none());
        if !targets.contains(&true) {
            targets = [true; 4];
        }
        ScoreCard {
            id: item.id,
            was,
            values: was,
            targets,
            at: targets.iter().position(|t| *t).unwrap_or(0),
            waiting: None,
            error: None,
            reason: String::new(),
        }
    }

    /// True when `item` is missing any of its four scores.
    pub fn wanted(item: &Item) -> bool {
        [item.value, item.impact, item.risk, item.effort].contains(&None)
    }

    pub fn field(&self) -> Field {
        FIELDS[self.at]
    }

    /// The scores that differ from what the item held, as a change's fields.
    pub fn changed(&self) -> Vec<(Field, Option<String>)> {
        (0..4)
            .filter(|i| self.values[*i] != self.was[*i])
            .map(|i| (FIELDS[i], self.values[i].map(|n| n.to_string())))
            .collect()
    }

    /// One key.
    pub fn key(&mut self, key: &KeyEvent) -> Outcome {
        self.error = None;
        if let Some(w) = self.waiting.take() {
            match key.code {
                KeyCode::Char('3') if w == 1 => return self.fill(13),
                KeyCode::Char('0') if w == 2 => return self.fill(20),
                KeyCode::Enter | KeyCode::Tab => return self.fill(w),
                // Takes back the 1 or 2 typed.
                KeyCode::Backspace => return Outcome::Open,
                KeyCode::Esc => {
                    self.values[self.at] = Some(w);
                    return Outcome::Left;
                }
                // Completes it as 1 or 2; the key counts for the next field.
                _ => {
                    if self.fill(w) == Outcome::Complete {
                        return Outcome::Complete;
                    }
                    return self.key(key);
                }
            }
        }
        match key.code {
            KeyCode::Char(c @ ('3' | '5' | '8')) => self.fill(c as u8 - b'0'),
            KeyCode::Char(c @ ('1' | '2')) => {
                self.waiting = Some(c as u8 - b'0');
                Outcome::Open
            }
            KeyCode::Char(c) if c.is_ascii_digit() => {
                self.error = Some(format!("{c} is not on the scale: {}", scale_words()));
                Outcome::Open
            }
            KeyCode::Enter | KeyCode::Tab => self.advance(),
            KeyCode::Backspace | KeyCode::BackTab => {
                self.at = self.at.saturating_sub(1);
                Outcome::Open
            }
            KeyCode::Esc => Outcome::Left,
            _ => {
                self.error = Some(format!(
                    "type the {}: {} (1 then 3 is 13, 2 then 0 is 20)",
                    self.field().name(),
                    scale_words()
                ));
                Outcome::Open
            }
        }
    }

    fn fill(&mut self, n: u8) -> Outcome {
        self.values[self.at] = Some(n);
        self.advance()
    }

    /// On to the next field the card walks, or complete after the last.
    fn advance(&mut self) -> Outcome {
        match (self.at + 1..4).find(|i| self.targets[*i]) {
            Some(i) => {
                self.at = i;
                Outcome::Open
            }
            None => Outcome::Complete,
        }
    }
}

/// `1 2 3 5 8 13 20`
pub fn scale_words() -> String {
    SCALE
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Opens the card on `item`.
pub fn open(model: &mut Model, item: &Item) {
    model.mode = Mode::Card(Box::new(ScoreCard::new(item)));
}

/// A key while the card is open.
pub fn card_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Card(card) = &mut model.mode else {
        return Vec::new();
    };
    match card.key(key) {
        Outcome::Open => {}
        Outcome::Complete => close(model, true),
        Outcome::Left => close(model, false),
    }
    Vec::new()
}

/// The card is done (`complete`) or left with `Esc`: what it set becomes one
/// change. In refinement it joins the item's visit, and a complete card asks
/// the visit's reason; elsewhere the reason prompt opens (Esc there comes back
/// to the card).
fn close(model: &mut Model, complete: bool) {
    let Mode::Card(card) = &model.mode else {
        return;
    };
    let id = card.id;
    let fields = card.changed();
    let visiting = model.view == View::Refine
        && model
            .meeting
            .as_ref()
            .and_then(|m| m.current())
            .is_some_and(|e| e.id == id);
    if fields.is_empty() {
        model.mode = Mode::Normal;
        if visiting && complete && visit::pending(model) {
            visit::ask_reason(model, Leave::Step(1));
        } else {
            model.say(format!("#{id} scores unchanged; nothing changed"));
        }
        return;
    }
    let change = Change::Fields { id, fields };
    if visiting {
        ask_reason(model, change, false);
        if complete {
            visit::then_leave(model, Leave::Step(1));
        }
    } else {
        ask_reason(model, change, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::parse_time;
    use ratatui::crossterm::event::KeyModifiers;

    fn card(scores: [Option<u8>; 4]) -> ScoreCard {
        let mut item = Item::new("t", parse_time("2026-11-21T09:00:00Z").unwrap());
        item.id = 4;
        [item.value, item.impact, item.risk, item.effort] = scores;
        ScoreCard::new(&item)
    }

    fn press(c: &mut ScoreCard, keys: &str) -> Outcome {
        let mut last = Outcome::Open;
        for k in keys.split_whitespace() {
            let code = match k {
                "enter" => KeyCode::Enter,
                "tab" => KeyCode::Tab,
                "bs" => KeyCode::Backspace,
                "esc" => KeyCode::Esc,
                s => KeyCode::Char(s.chars().next().unwrap()),
            };
            last = c.key(&KeyEvent::new(code, KeyModifiers::NONE));
        }
        last
    }

    #[test]
    fn three_five_and_eight_fill_a_field_at_once() {
        let mut c = card([None; 4]);
        assert_eq!(press(&mut c, "5 8 3"), Outcome::Open);
        assert_eq!(c.at, 3);
        assert_eq!(press(&mut c, "8"), Outcome::Complete);
        assert_eq!(c.values, [Some(5), Some(8), Some(3), Some(8)]);
    }

    #[test]
    fn one_waits_for_three_and_two_for_zero() {
        let mut c = card([None; 4]);
        assert_eq!(press(&mut c, "1"), Outcome::Open);
        assert_eq!((c.at, c.waiting), (0, Some(1)));
        press(&mut c, "3 2 0");
        assert_eq!(c.values[..2], [Some(13), Some(20)]);
        // Enter or Tab complete a waiting value.
        press(&mut c, "1 enter 2");
        assert_eq!(press(&mut c, "tab"), Outcome::Complete);
        assert_eq!(c.values, [Some(13), Some(20), Some(1), Some(2)]);
    }

    #[test]
    fn any_other_key_completes_a_waiting_value_and_counts_for_the_next_field() {
        let mut c = card([None; 4]);
        // 2 then 5: the value is 2 and the 5 is the impact.
        press(&mut c, "2 5");
        assert_eq!(c.values[..2], [Some(2), Some(5)]);
        // 1 then 2: risk 1, and effort waits on its 2.
        press(&mut c, "1 2");
        assert_eq!((c.values[2], c.at, c.waiting), (Some(1), 3, Some(2)));
        // The last field: a key that is not 0 completes the card.
        assert_eq!(press(&mut c, "3"), Outcome::Complete);
        assert_eq!(c.values, [Some(2), Some(5), Some(1), Some(2)]);
    }

    #[test]
    fn backspace_goes_back_a_field_and_takes_back_a_waiting_digit() {
        let mut c = card([None; 4]);
        press(&mut c, "5 8 bs");
        assert_eq!(c.at, 1);
        press(&mut c, "3");
        assert_eq!((c.values[1], c.at), (Some(3), 2));
        press(&mut c, "1 bs");
        assert_eq!((c.waiting, c.values[2], c.at), (None, None, 2));
        press(&mut c, "bs bs bs");
        assert_eq!(c.at, 0, "no further back than value");
    }

    #[test]
    fn esc_leaves_keeping_what_is_set() {
        let mut c = card([None; 4]);
        assert_eq!(press(&mut c, "5 8 esc"), Outcome::Left);
        assert_eq!(
            c.changed(),
            vec![
                (Field::Value, Some("5".into())),
                (Field::Impact, Some("8".into()))
            ]
        );
        // A waiting value counts as set.
        let mut c = card([None; 4]);
        assert_eq!(press(&mut c, "1 esc"), Outcome::Left);
        assert_eq!(c.changed(), vec![(Field::Value, Some("1".into()))]);
    }

    #[test]
    fn the_card_opens_on_the_first_missing_score_and_walks_the_missing_ones() {
        let mut c = card([Some(5), None, Some(3), None]);
        assert_eq!(c.field(), Field::Impact);
        assert_eq!(press(&mut c, "8"), Outcome::Open);
        assert_eq!(c.field(), Field::Effort, "risk was set: skipped");
        assert_eq!(press(&mut c, "2 enter"), Outcome::Complete);
        assert_eq!(
            c.changed(),
            vec![
                (Field::Impact, Some("8".into())),
                (Field::Effort, Some("2".into()))
            ]
        );
        // A fully scored item walks all four; Enter keeps a field.
        let mut c = card([Some(5), Some(8), Some(3), Some(2)]);
        assert_eq!(c.field(), Field::Value);
        assert_eq!(press(&mut c, "enter 1 3 enter"), Outcome::Open);
        assert_eq!(press(&mut c, "enter"), Outcome::Complete);
        assert_eq!(c.changed(), vec![(Field::Impact, Some("13".into()))]);
    }

    #[test]
    fn a_digit_off_the_scale_is_refused_in_place() {
        let mut c = card([None; 4]);
        press(&mut c, "4");
        assert_eq!(
            c.error.as_deref(),
            Some("4 is not on the scale: 1 2 3 5 8 13 20")
        );
        assert_eq!((c.at, c.values[0]), (0, None));
        press(&mut c, "5");
        assert_eq!((c.error, c.values[0]), (None, Some(5)));
    }
}

//! An estimation round in refinement mode: each participant's estimate of one
//! score, hidden until all are in, then the spread (who said what) and the
//! median. Participants are named once per session (`=` asks the first time;
//! Enter skips), and the decision's reason records the round.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::card::scale_words;
use super::prompt::{prompt, PromptFor};
use super::reason::ask_reason_with;
use super::{Change, Effect, Mode, Model, View};
use crate::domain::item::{parse_scale, SCALE};
use crate::domain::{Field, Item};
use crate::tui::input::Input;
use crate::tui::keymap::Action;

/// An estimation round on one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimation {
    pub id: i64,
    /// Value, impact, risk and effort as they stood when the round began.
    pub was: [Option<u8>; 4],
    /// `None` until the field is chosen.
    pub field: Option<Field>,
    pub estimates: Vec<u8>,
    /// Who gave each estimate, when the participants are named.
    pub names: Vec<String>,
    /// The participants, in the order they are asked (empty: not named).
    pub people: Vec<String>,
    /// The participant whose turn it is (those who passed are behind it).
    pub turn: usize,
    pub input: Input,
    pub revealed: bool,
    pub error: Option<String>,
}

impl Estimation {
    pub fn new(item: &Item, people: Vec<String>) -> Estimation {
        Estimation {
            id: item.id,
            was: [item.value, item.impact, item.risk, item.effort],
            field: None,
            estimates: Vec::new(),
            names: Vec::new(),
            people,
            turn: 0,
            input: Input::default(),
            revealed: false,
            error: None,
        }
    }

    /// The chosen score as it stood when the round began.
    pub fn current(&self) -> Option<u8> {
        match self.field? {
            Field::Value => self.was[0],
            Field::Impact => self.was[1],
            Field::Risk => self.was[2],
            Field::Effort => self.was[3],
            _ => None,
        }
    }

    /// Whose estimate is typed next, when the participants are named.
    pub fn whose(&self) -> Option<&str> {
        self.people.get(self.turn).map(String::as_str)
    }

    /// The middle estimate; with an even count, the scale value nearest the mean
    /// of the two middle ones, the lower on a tie (2, 3, 13, 20 → 8; 3, 5 → 3).
    pub fn median(&self) -> Option<u8> {
        let mut v = self.estimates.clone();
        v.sort_unstable();
        let n = v.len();
        if n % 2 == 1 {
            return v.get(n / 2).copied();
        }
        // Twice the true median, so the arithmetic stays in whole numbers.
        let twice = u32::from(*v.get((n / 2).checked_sub(1)?)?) + u32::from(*v.get(n / 2)?);
        SCALE
            .iter()
            .copied()
            .min_by_key(|s| (2 * u32::from(*s)).abs_diff(twice))
    }

    /// The highest estimate two or more steps of the scale above the lowest.
    pub fn wide(&self) -> bool {
        let step = |n: u8| SCALE.iter().position(|s| *s == n).unwrap_or(0);
        match (self.estimates.iter().min(), self.estimates.iter().max()) {
            (Some(lo), Some(hi)) => step(*hi) >= step(*lo) + 2,
            _ => false,
        }
    }

    /// Who said what: `ana 3, lee 5, sam 13`, or `3,5,13` when nobody is named.
    pub fn spread(&self) -> String {
        if self.names.len() == self.estimates.len() && !self.names.is_empty() {
            self.names
                .iter()
                .zip(&self.estimates)
                .map(|(who, n)| format!("{who} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            let list: Vec<String> = self.estimates.iter().map(ToString::to_string).collect();
            list.join(",")
        }
    }

    /// `estimates ana 3, lee 5, sam 13 (median 5)`: what the decision's reason
    /// records.
    pub fn record(&self) -> String {
        format!(
            "estimates {} (median {})",
            self.spread(),
            self.median().map_or_else(String::new, |m| m.to_string())
        )
    }

    /// Takes the estimate typed, or a pass (empty) from a named participant.
    /// Reveals once every participant has had a turn.
    fn take(&mut self, field: Field) {
        let text = self.input.text().trim().to_string();
        self.input = Input::default();
        let named = !self.people.is_empty();
        if text.is_empty() {
            if !named {
                if self.estimates.is_empty() {
                    self.error = Some("type the first estimate, then Enter".into());
                } else {
                    self.revealed = true;
                }
                return;
            }
            // A participant passes.
            self.turn += 1;
        } else {
            match parse_scale(field.name(), &text) {
                Ok(Some(n)) => {
                    self.estimates.push(n);
                    if let Some(who) = self.whose().map(str::to_string) {
                        self.names.push(who);
                    }
                    self.turn += 1;
                }
                Ok(None) => return,
                // The estimate is hidden: the message must not repeat it.
                Err(_) => {
                    self.error = Some(format!(
                        "not a scale value; type it again: one of {}",
                        scale_words()
                    ));
                    return;
                }
            }
        }
        if named && self.turn >= self.people.len() {
            if self.estimates.is_empty() {
                // Everyone passed: start again from the first.
                self.turn = 0;
                self.error = Some("everyone passed: type an estimate, or Esc".into());
            } else {
                self.revealed = true;
            }
        }
    }
}

/// `=`: an estimation round on the item on screen. The first round of a
/// session asks who takes part.
pub fn begin(model: &mut Model, id: i64) -> Vec<Effect> {
    let asked = model.meeting.as_ref().is_none_or(|m| m.people.is_some());
    if !asked {
        prompt(
            model,
            "who estimates? names (Enter: nobody named): ".into(),
            "",
            PromptFor::People,
        );
        return Vec::new();
    }
    // In refinement the item is shown as its visit would leave it.
    if model.view == View::Refine {
        if let Some(item) = model
            .detail
            .as_ref()
            .filter(|d| d.item.id == id)
            .map(|d| d.item.clone())
        {
            start_estimate(model, &item);
            return Vec::new();
        }
    }
    vec![Effect::LoadItem {
        id,
        then: Action::Estimate,
    }]
}

/// The participants' names, as typed (or none); then the round begins.
pub(super) fn named(model: &mut Model, text: &str) -> Vec<Effect> {
    let mut people: Vec<String> = Vec::new();
    for name in text.split(|c: char| c == ',' || c.is_whitespace()) {
        let name = crate::domain::text::escape(name.trim(), false).into_owned();
        if !name.is_empty() && !people.contains(&name) {
            people.push(name);
        }
    }
    model.mode = Mode::Normal;
    let said = if people.is_empty() {
        "estimates will not be named this session".to_string()
    } else {
        format!("estimating this session: {}", people.join(", "))
    };
    if let Some(m) = model.meeting.as_mut() {
        m.people = Some(people);
    }
    model.say(said);
    match model.target() {
        Some(id) => begin(model, id),
        None => Vec::new(),
    }
}

pub fn start_estimate(model: &mut Model, item: &Item) {
    let people = model
        .meeting
        .as_ref()
        .and_then(|m| m.people.clone())
        .unwrap_or_default();
    model.mode = Mode::Estimate(Box::new(Estimation::new(item, people)));
}

pub fn estimate_key(model: &mut Model, key: &KeyEvent) -> Vec<Effect> {
    let Mode::Estimate(e) = &mut model.mode else {
        return Vec::new();
    };
    if key.code == KeyCode::Esc {
        model.mode = Mode::Normal;
        model.say("estimation round cancelled; nothing changed");
        return Vec::new();
    }
    let Some(field) = e.field else {
        e.field = match key.code {
            KeyCode::Char('v') => Some(Field::Value),
            KeyCode::Char('i') => Some(Field::Impact),
            KeyCode::Char('r') => Some(Field::Risk),
            KeyCode::Char('w') => Some(Field::Effort),
            _ => {
                e.error = Some("choose v value, i impact, r risk or w effort".into());
                None
            }
        };
        if e.field.is_some() {
            e.error = None;
        }
        return Vec::new();
    };
    if !e.revealed {
        match key.code {
            KeyCode::Enter => {
                e.error = None;
                e.take(field);
            }
            _ => {
                e.input.handle(key);
            }
        }
        return Vec::new();
    }
    // Revealed: take the median, or type the agreed value.
    let (value, why) = match key.code {
        KeyCode::Char('m') if e.input.text().is_empty() => (e.median(), e.record()),
        KeyCode::Enter => match parse_scale(field.name(), e.input.text().trim()) {
            Ok(Some(n)) => (Some(n), format!("{}, agreed {n}", e.record())),
            Ok(None) => {
                e.error = Some("type the agreed value, or m for the median".into());
                return Vec::new();
            }
            Err(err) => {
                e.error = Some(err.to_string());
                return Vec::new();
            }
        },
        _ => {
            e.input.handle(key);
            return Vec::new();
        }
    };
    let id = e.id;
    let change = Change::Fields {
        id,
        fields: vec![(field, value.map(|n| n.to_string()))],
    };
    ask_reason_with(model, change, false, &why);
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(estimates: &[u8]) -> Estimation {
        Estimation {
            id: 1,
            was: [None; 4],
            field: Some(Field::Effort),
            estimates: estimates.to_vec(),
            names: Vec::new(),
            people: Vec::new(),
            turn: 0,
            input: Input::default(),
            revealed: true,
            error: None,
        }
    }

    #[test]
    fn the_spread_is_wide_from_two_steps_of_the_scale() {
        assert!(!round(&[3, 5]).wide(), "one step");
        assert!(round(&[3, 8]).wide(), "two steps");
        assert!(round(&[3, 5, 13]).wide());
        assert!(!round(&[8]).wide());
    }

    #[test]
    fn the_median_is_a_scale_value_and_goes_into_the_reason() {
        assert_eq!(round(&[13, 3, 5]).median(), Some(5));
        assert_eq!(round(&[3, 5, 13]).record(), "estimates 3,5,13 (median 5)");
        assert_eq!(round(&[]).median(), None);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_scale_value_nearest_the_middle_the_lower_on_a_tie() {
        // (3 + 13) / 2 = 8, on the scale.
        assert_eq!(round(&[2, 3, 13, 20]).median(), Some(8));
        // 4 is as far from 3 as from 5: the lower.
        assert_eq!(round(&[3, 5]).median(), Some(3));
        // 10.5 is as far from 8 as from 13: the lower.
        assert_eq!(round(&[13, 8]).median(), Some(8));
        // 14 is nearer 13 than 20.
        assert_eq!(round(&[8, 20]).median(), Some(13));
        // 16.5 is 3.5 from both 13 and 20: the lower.
        assert_eq!(round(&[13, 20]).median(), Some(13));
        assert_eq!(round(&[1, 1]).median(), Some(1));
    }

    #[test]
    fn named_estimates_say_who_said_what() {
        let mut r = round(&[3, 5, 13]);
        r.names = vec!["ana".into(), "lee".into(), "sam".into()];
        assert_eq!(r.spread(), "ana 3, lee 5, sam 13");
        assert_eq!(r.record(), "estimates ana 3, lee 5, sam 13 (median 5)");
    }

    #[test]
    fn each_participant_has_a_turn_and_may_pass() {
        let mut r = round(&[]);
        r.revealed = false;
        r.people = vec!["ana".into(), "lee".into(), "sam".into()];
        for typed in ["3", "", "8"] {
            assert!(!r.revealed);
            r.input = Input::new(typed);
            r.take(Field::Effort);
        }
        assert!(r.revealed, "revealed after the last participant");
        assert_eq!(r.spread(), "ana 3, sam 8");
    }
}

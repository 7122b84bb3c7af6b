//! The cards the board and list draw from, with the text search looks through,
//! held together so that they cannot drift apart: a card put in its rank place
//! takes its search text with it, and one taken out leaves none behind.
//!
//! Open cards are always held, in rank order. Finished ones (done, declined)
//! are read only when a filter asks for them, and follow the open ones, in
//! rank order too. An index into the deck is a position in that sequence.

use std::collections::HashMap;

use crate::domain::filter::fold;
use crate::domain::{rank, Card};

#[derive(Debug, Clone, Default)]
pub struct Deck {
    /// Open cards in rank order, then (once read) finished cards in rank order.
    cards: Vec<Card>,
    /// How many of `cards` are open.
    open: usize,
    /// True once the finished cards have been read.
    finished: bool,
    /// Per item: its description and labels, lower-cased. Read on the first search.
    texts: Option<HashMap<i64, String>>,
    /// Per card, in the order of `cards`: what search looks through. Built
    /// with `texts`; until then search looks at titles only.
    hay: Option<Vec<String>>,
}

impl Deck {
    /// Open cards, in rank order.
    pub fn new(open: Vec<Card>) -> Deck {
        Deck {
            open: open.len(),
            cards: open,
            ..Deck::default()
        }
    }

    /// The open cards, in rank order.
    pub fn open(&self) -> &[Card] {
        &self.cards[..self.open]
    }

    /// The finished cards, once read.
    pub fn finished(&self) -> Option<&[Card]> {
        self.finished.then(|| &self.cards[self.open..])
    }

    pub fn has_finished(&self) -> bool {
        self.finished
    }

    /// Every card held: open, then finished.
    pub fn all(&self) -> &[Card] {
        &self.cards
    }

    pub fn len(&self) -> usize {
        self.cards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Card> {
        self.cards.get(index)
    }

    /// Where the card of item `id` is held.
    pub fn index_of(&self, id: i64) -> Option<usize> {
        self.cards.iter().position(|c| c.id == id)
    }

    /// True once search can look beyond titles.
    pub fn has_texts(&self) -> bool {
        self.hay.is_some()
    }

    /// Takes the search text of the open items (by id) and lines it up.
    pub fn set_texts(&mut self, texts: HashMap<i64, String>) {
        match &mut self.texts {
            Some(have) => have.extend(texts),
            None => self.texts = Some(texts),
        }
        self.build_hay();
    }

    /// Hands over the search text read so far (for a deck read again).
    pub fn take_texts(&mut self) -> Option<HashMap<i64, String>> {
        self.hay = None;
        self.texts.take()
    }

    /// Forgets the search text, so it is read again when next needed.
    pub fn forget_texts(&mut self) {
        self.texts = None;
        self.hay = None;
    }

    /// Takes the finished cards (in rank order) with their search text.
    pub fn set_finished(&mut self, cards: Vec<Card>, texts: HashMap<i64, String>) {
        self.cards.truncate(self.open);
        self.cards.extend(cards);
        self.finished = true;
        if let Some(have) = &mut self.texts {
            have.extend(texts);
        }
        self.build_hay();
    }

    /// Lets go of the finished cards (a filter no longer asks for them).
    pub fn drop_finished(&mut self) {
        if let Some(texts) = &mut self.texts {
            for c in &self.cards[self.open..] {
                texts.remove(&c.id);
            }
        }
        self.cards.truncate(self.open);
        if let Some(hay) = &mut self.hay {
            hay.truncate(self.open);
        }
        self.finished = false;
    }

    fn build_hay(&mut self) {
        let Some(texts) = &self.texts else {
            self.hay = None;
            return;
        };
        self.hay = Some(
            self.cards
                .iter()
                .map(|c| hay(c, texts.get(&c.id)))
                .collect(),
        );
    }

    /// Puts item `id` as it is now: `card` in its rank place among the open or
    /// the finished (`None`: gone), with its search text `text`. A finished
    /// card is kept only while the finished cards are held.
    pub fn put(&mut self, id: i64, card: Option<Card>, text: Option<String>) {
        if let Some(pos) = self.index_of(id) {
            self.cards.remove(pos);
            if let Some(h) = &mut self.hay {
                h.remove(pos);
            }
            if pos < self.open {
                self.open -= 1;
            }
        }
        let text = text.filter(|t| !t.is_empty());
        if let Some(texts) = &mut self.texts {
            match &text {
                Some(t) => {
                    texts.insert(id, t.clone());
                }
                None => {
                    texts.remove(&id);
                }
            }
        }
        let Some(card) = card else {
            return;
        };
        let open = card.status.is_open();
        if !open && !self.finished {
            return;
        }
        let key = card.rank_key();
        let (from, to) = if open {
            (0, self.open)
        } else {
            (self.open, self.cards.len())
        };
        let at = from
            + self.cards[from..to].partition_point(|c| rank::compare(&c.rank_key(), &key).is_lt());
        if let Some(h) = &mut self.hay {
            h.insert(at, hay(&card, text.as_ref()));
        }
        self.cards.insert(at, card);
        if open {
            self.open += 1;
        }
    }

    /// True when the card at `index` holds `query` (already folded): in its
    /// search text once read, else in its title; or when the query is its
    /// id (`52`, `#52`).
    pub fn matches(&self, index: usize, query: &str) -> bool {
        if query.is_empty() {
            return true;
        }
        let Some(card) = self.cards.get(index) else {
            return false;
        };
        if query_id(query) == Some(card.id) {
            return true;
        }
        match &self.hay {
            Some(hay) => hay[index].contains(query),
            None => fold(&card.title).contains(query),
        }
    }
}

impl std::ops::Index<usize> for Deck {
    type Output = Card;

    fn index(&self, index: usize) -> &Card {
        &self.cards[index]
    }
}

/// The id a search names: `52` or `#52`.
pub fn query_id(query: &str) -> Option<i64> {
    let digits = query.trim().strip_prefix('#').unwrap_or(query.trim());
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What incremental search looks through for one card.
fn hay(c: &Card, text: Option<&String>) -> String {
    let mut s = fold(&c.title);
    if let Some(o) = &c.owner {
        s.push('\n');
        s.push_str(&fold(o));
    }
    if let Some(t) = text {
        s.push('\n');
        s.push_str(t);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Horizon, Status};

    fn card(id: i64, score: f64, status: Status) -> Card {
        Card {
            id,
            title: format!("Item {id}"),
            lane: None,
            status,
            horizon: Horizon::Later,
            pinned: false,
            score: Some(score),
            effort: None,
            severity: None,
            due: None,
            owner: None,
            theme: None,
            blocked: false,
        }
    }

    fn ids(d: &Deck) -> Vec<i64> {
        d.all().iter().map(|c| c.id).collect()
    }

    #[test]
    fn a_card_moves_with_its_search_text_between_open_and_finished() {
        let mut d = Deck::new(vec![card(1, 9.0, Status::Todo), card(2, 5.0, Status::Todo)]);
        d.set_texts(HashMap::from([(2, "needle".to_string())]));
        d.set_finished(vec![card(3, 7.0, Status::Done)], HashMap::new());
        assert_eq!(ids(&d), [1, 2, 3]);
        assert!(d.matches(1, "needle"));
        // #2 is finished: it joins the finished cards in rank order, text and all.
        d.put(2, Some(card(2, 5.0, Status::Done)), Some("needle".into()));
        assert_eq!(ids(&d), [1, 3, 2]);
        assert_eq!(d.open().len(), 1);
        assert!(d.matches(2, "needle") && !d.matches(1, "needle"));
        // Reopened, it goes back among the open.
        d.put(2, Some(card(2, 5.0, Status::Todo)), Some("needle".into()));
        assert_eq!(ids(&d), [1, 2, 3]);
        assert!(d.matches(1, "needle"));
        d.drop_finished();
        assert_eq!(ids(&d), [1, 2]);
        // Without the finished cards read, a finished card is not kept.
        d.put(1, Some(card(1, 9.0, Status::Declined)), None);
        assert_eq!(ids(&d), [2]);
        assert!(d.matches(0, "needle"));
    }

    #[test]
    fn a_search_for_an_id_finds_that_item() {
        let d = Deck::new(vec![
            card(52, 1.0, Status::Todo),
            card(152, 1.0, Status::Todo),
        ]);
        assert!(d.matches(0, "52") && d.matches(0, "#52"));
        assert!(!d.matches(1, "#52"), "an id is matched whole");
        assert_eq!(query_id("#x"), None);
    }
}

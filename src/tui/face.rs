//! What a board card shows, line by line, as plain text: the head (id, score,
//! horizon), the markers (severity, work under way with its owner, blocked,
//! due), and the title over as many lines as it needs, up to two. The layout
//! (how tall each card is, for scrolling and clicks) and the board view (how
//! it is drawn) both read it from here, so they always agree.
//!
//! A card takes only the lines it needs: the markers follow the head when
//! they fit beside it and take a line of their own otherwise; a title that
//! fits on one line takes one.

use chrono::NaiveDate;

use crate::domain::dates::short_date;
use crate::domain::text::{escape, fit, width};
use crate::domain::{Card, Horizon, Severity, Status};

/// Lines a title may take on a card.
pub const TITLE_LINES: usize = 2;

/// What a marker says, so the board can colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Severity(Severity),
    /// Done or declined (shown only when a filter asks for finished items).
    Status(Status),
    /// In `doing`, with its owner.
    Doing,
    Blocked,
    /// Past its due date (`breached` for a hot fix with a severity).
    Late,
    Due,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: Kind,
    /// With its leading space.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Face {
    /// `#57`.
    pub id: String,
    /// ` 11.9 `.
    pub score: String,
    /// `now*`.
    pub horizon: String,
    /// The horizon itself, for its colour.
    pub when: Horizon,
    pub markers: Vec<Marker>,
    /// The markers follow the head on its line.
    pub inline: bool,
    /// One or two lines, each fitted to the width.
    pub title: Vec<String>,
}

impl Face {
    /// Lines the card takes.
    pub fn height(&self) -> usize {
        1 + usize::from(!self.inline && !self.markers.is_empty()) + self.title.len()
    }
}

/// The card of `card` in a column `columns` wide.
pub fn face(card: &Card, columns: usize, today: NaiveDate) -> Face {
    let score = card
        .score
        .map_or_else(|| " – ".to_string(), |s| format!(" {s:.1} "));
    let id = format!("#{}", card.id);
    let horizon = format!("{}{}", card.horizon, if card.pinned { "*" } else { "" });
    let head = width(&id) + width(&score) + width(&horizon);
    let full = markers(card, today, Length::Full);
    let short = markers(card, today, Length::Short);
    let room_beside = columns.saturating_sub(head);
    let len = |m: &[Marker]| m.iter().map(|m| width(&m.text)).sum::<usize>();
    // Beside the head when they fit there (in full, else short); on their own
    // line otherwise, in full when they fit the width.
    let (mut markers, inline) = if len(&full) <= room_beside {
        (full, true)
    } else if len(&short) <= room_beside {
        (short, true)
    } else if len(&full) <= columns {
        (full, false)
    } else if len(&short) <= columns {
        (short, false)
    } else {
        (markers(card, today, Length::Least), false)
    };
    // What still does not fit is cut, the last marker first.
    while len(&markers) > columns {
        let over = len(&markers) - columns;
        let Some(last) = markers.last_mut() else {
            break;
        };
        let keep = width(&last.text).saturating_sub(over);
        if keep <= 1 {
            markers.pop();
        } else {
            last.text = fit(&last.text, keep);
        }
    }
    Face {
        id,
        score,
        horizon,
        when: card.horizon,
        inline: inline || markers.is_empty(),
        markers,
        title: wrap(&escape(&card.title, false), columns, TITLE_LINES),
    }
}

/// How much the markers say: in words, short (`blk`, `!11-19`, `▶ana`), or
/// least (no owner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Full,
    Short,
    Least,
}

fn markers(card: &Card, today: NaiveDate, length: Length) -> Vec<Marker> {
    let short = length != Length::Full;
    let mut out = Vec::new();
    let mut push = |kind, text: String| out.push(Marker { kind, text });
    if let Some(s) = card.severity {
        push(Kind::Severity(s), format!(" {s}"));
    }
    match card.status {
        Status::Doing => {
            let owner = card
                .owner
                .as_deref()
                .filter(|_| length != Length::Least)
                .map(|o| fit(&escape(o, false), 12));
            push(
                Kind::Doing,
                match (short, owner) {
                    (false, Some(o)) => format!(" doing {o}"),
                    (false, None) => " doing".into(),
                    (true, Some(o)) => format!(" ▶{o}"),
                    (true, None) => " ▶".into(),
                },
            );
        }
        Status::Done | Status::Declined => {
            let word = match (card.status, short) {
                (Status::Done, true) => "✓",
                (Status::Declined, true) => "✗",
                (s, _) => s.as_str(),
            };
            push(Kind::Status(card.status), format!(" {word}"));
        }
        Status::Todo => {}
    }
    if card.blocked && card.status.is_open() {
        push(
            Kind::Blocked,
            if short { " blk" } else { " blocked" }.into(),
        );
    }
    if let Some(d) = card.due.filter(|_| card.status.is_open()) {
        let date = short_date(d, today);
        let late = card.is_overdue(today);
        let word = if card.severity.is_some() {
            "breached"
        } else {
            "overdue"
        };
        match (late, short) {
            (true, false) => push(Kind::Late, format!(" {word} {date}")),
            (true, true) => push(Kind::Late, format!(" !{date}")),
            (false, false) => push(Kind::Due, format!(" due {date}")),
            (false, true) => push(Kind::Due, format!(" {date}")),
        }
    }
    out
}

/// `text` over at most `lines` lines of `columns`, broken at a space where
/// one is near enough, the last line cut with `…`.
pub fn wrap(text: &str, columns: usize, lines: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut out = Vec::new();
    let mut rest = text.trim();
    while out.len() + 1 < lines && width(rest) > columns {
        // The longest start of `rest` that fits, then back to its last space.
        let mut used = 0;
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            let w = c.width().unwrap_or(0);
            if used + w > columns {
                break;
            }
            used += w;
            end = i + c.len_utf8();
        }
        if end == 0 {
            break;
        }
        // At the last space that fits; a word longer than the line is cut.
        let cut = match rest[..end].rfind(' ') {
            Some(space) if space > 0 && !rest[end..].starts_with(' ') => space,
            _ => end,
        };
        out.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        // `social video …` reads better as `social video…`.
        out.push(fit(rest, columns).replace(" …", "…"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lane;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn card(title: &str) -> Card {
        Card {
            id: 57,
            title: title.into(),
            lane: Some(Lane::Hotfix),
            status: Status::Todo,
            horizon: Horizon::Now,
            pinned: false,
            score: Some(11.9),
            effort: None,
            severity: None,
            due: None,
            owner: None,
            theme: None,
            blocked: false,
        }
    }

    #[test]
    fn a_title_takes_one_line_when_it_fits_and_two_when_it_does_not() {
        assert_eq!(wrap("Short title", 20, 2), ["Short title"]);
        assert_eq!(
            wrap("EU payouts stuck in 'pending' for two days", 30, 2),
            ["EU payouts stuck in 'pending'", "for two days"]
        );
        assert_eq!(
            wrap("Sell through social video apps and marketplaces", 14, 2),
            ["Sell through", "social video…"]
        );
        assert_eq!(wrap("Supercalifragilistic", 8, 2), ["Supercal", "ifragil…"]);
        assert_eq!(wrap("", 8, 2), [""]);
    }

    #[test]
    fn work_under_way_is_marked_with_its_owner_and_markers_shorten_to_fit() {
        let mut c = card("Checkout fails");
        c.status = Status::Doing;
        c.owner = Some("ana".into());
        c.severity = Some(Severity::S1);
        c.due = NaiveDate::from_ymd_opt(2026, 11, 19);
        let wide = face(&c, 60, today());
        let texts: Vec<&str> = wide.markers.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, [" S1", " doing ana", " breached 11-19"]);
        assert!(wide.inline);
        assert_eq!(wide.height(), 2);
        let narrow = face(&c, 30, today());
        let texts: Vec<&str> = narrow.markers.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, [" S1", " ▶ana", " !11-19"]);
        assert!(narrow.inline, "short markers fit beside the head");
        let tight = face(&c, 14, today());
        assert!(!tight.inline);
        assert_eq!(tight.height(), 3, "head, markers, a one-line title");
        let texts: Vec<&str> = tight.markers.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, [" S1", " ▶", " !11-19"], "the owner gives way first");
        c.blocked = true;
        let texts: Vec<String> = face(&c, 14, today())
            .markers
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert_eq!(
            texts,
            [" S1", " ▶", " blk", " !11…"],
            "then the last marker is cut"
        );
    }

    #[test]
    fn a_card_without_markers_has_no_blank_line() {
        let c = card("Sell through social video apps");
        let f = face(&c, 14, today());
        assert!(f.markers.is_empty());
        assert_eq!(f.height(), 3, "head and two title lines");
        assert_eq!(face(&card("Short"), 14, today()).height(), 2);
    }

    #[test]
    fn a_due_date_in_another_year_shows_its_year() {
        let mut c = card("x");
        c.due = NaiveDate::from_ymd_opt(2027, 2, 4);
        let texts: Vec<String> = face(&c, 60, today())
            .markers
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert_eq!(texts, [" due 2027-02-04"]);
    }
}

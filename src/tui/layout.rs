//! Where things go on screen. `update` (for scrolling and clicks) and the views
//! both call these, so they always agree.

use ratatui::layout::Rect;

/// Below this the screen says "terminal too small".
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Lines of the header: North Star, counts, balance.
pub const HEADER: u16 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    /// The search and filter bar, when either is active.
    pub bar: Option<Rect>,
    pub body: Rect,
    pub status: Rect,
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

pub fn areas(width: u16, height: u16, bar: bool) -> Areas {
    let full = Rect::new(0, 0, width, height);
    let header = Rect::new(0, 0, width, HEADER.min(height));
    let bar_height = u16::from(bar);
    let status = Rect::new(0, height.saturating_sub(1), width, 1.min(height));
    let body_y = HEADER + bar_height;
    let body = Rect::new(
        0,
        body_y.min(height),
        width,
        height.saturating_sub(body_y + 1),
    );
    let bar = bar
        .then(|| Rect::new(0, HEADER, width, 1))
        .map(|r| r.intersection(full));
    Areas {
        header,
        bar,
        body,
        status,
    }
}

/// The board's columns: the Inbox (when shown) and the four lanes, side by side.
pub fn board_columns(body: Rect, inbox: bool) -> Vec<(usize, Rect)> {
    let ids: Vec<usize> = if inbox {
        (0..5).collect()
    } else {
        (1..5).collect()
    };
    let n = ids.len() as u16;
    let width = body.width / n;
    ids.into_iter()
        .enumerate()
        .map(|(i, col)| {
            let x = body.x + width * i as u16;
            let w = if i as u16 == n - 1 {
                body.width - width * (n - 1)
            } else {
                width
            };
            (col, Rect::new(x, body.y, w, body.height))
        })
        .collect()
}

/// Rows for cards in a board column: inside its border, below its title.
pub fn column_rows(body: Rect) -> usize {
    usize::from(body.height.saturating_sub(2))
}

/// Columns for a card's text inside a board column of `rect`.
pub fn column_width(rect: Rect) -> usize {
    usize::from(rect.width.saturating_sub(2))
}

/// The first of `len` cards to draw in `rows` so that `selected` is on
/// screen: the smallest that shows it, so a column is filled from its top as
/// far as the selection allows. It depends on nothing but the selection and
/// the cards' heights at this size (not on what an earlier size showed), and
/// a card hidden above never fits in the space left below. `height(i)` is
/// card `i`'s lines; only the cards from the selection up are measured, no
/// more than fill `rows`.
pub fn scroll_cards(
    rows: usize,
    selected: usize,
    len: usize,
    height: impl Fn(usize) -> usize,
) -> usize {
    if len == 0 {
        return 0;
    }
    let selected = selected.min(len - 1);
    let mut first = selected;
    let mut used = height(selected);
    while first > 0 && used + height(first - 1) <= rows {
        first -= 1;
        used += height(first);
    }
    first
}

/// How many cards from `top` fit in `rows` (at least one, when there is one).
pub fn cards_fitting(
    top: usize,
    rows: usize,
    len: usize,
    height: impl Fn(usize) -> usize,
) -> usize {
    let mut used = 0;
    let mut n = 0;
    for i in top..len {
        used += height(i);
        if used > rows && n > 0 {
            break;
        }
        n += 1;
    }
    n
}

/// The card drawn at `row` (0 = the first row of cards), from `top`.
pub fn card_at(
    top: usize,
    row: usize,
    len: usize,
    height: impl Fn(usize) -> usize,
) -> Option<usize> {
    let mut start = 0;
    for i in top..len {
        let h = height(i);
        if row < start + h {
            return Some(i);
        }
        start += h;
    }
    None
}

/// Rows that fit in the list (below its header line).
pub fn list_rows(body: Rect) -> usize {
    usize::from(body.height.saturating_sub(1))
}

/// The first of `len` rows to draw in `height` so that `selected` stays on
/// screen, moving as little as possible from `top`, and never leaving rows
/// hidden above while there is blank space below (after a resize, say).
pub fn scroll_top(top: usize, height: usize, selected: usize, len: usize) -> usize {
    if height == 0 {
        return selected;
    }
    let top = top.min(len.saturating_sub(height));
    if selected < top {
        selected
    } else if selected >= top + height {
        selected + 1 - height
    } else {
        top
    }
}

/// The furthest a text of `rows` rows scrolls in `height`: its last line at
/// the bottom, never past it.
pub fn last_top(rows: usize, height: usize) -> usize {
    rows.saturating_sub(height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_keeps_the_selection_on_screen_and_moves_least() {
        assert_eq!(scroll_top(0, 10, 5, 100), 0);
        assert_eq!(scroll_top(0, 10, 10, 100), 1);
        assert_eq!(scroll_top(20, 10, 3, 100), 3);
        assert_eq!(scroll_top(20, 10, 25, 100), 20);
    }

    #[test]
    fn a_taller_screen_fills_from_the_top_rather_than_leaving_space_below() {
        // Scrolled to show item 8 of 9 one at a time, then the screen grows.
        assert_eq!(scroll_top(7, 13, 8, 9), 0);
        assert_eq!(
            scroll_top(7, 4, 8, 9),
            5,
            "as few hidden above as will fill it"
        );
        assert_eq!(scroll_top(3, 5, 0, 0), 0, "nothing to show");
    }

    #[test]
    fn cards_of_different_heights_scroll_as_little_from_the_top_as_the_selection_needs() {
        // Cards 2 and 3 lines tall, alternately, in 7 rows.
        let h = |i: usize| 2 + i % 2;
        assert_eq!(scroll_cards(7, 1, 10, h), 0, "cards 0 and 1 fit");
        assert_eq!(scroll_cards(7, 2, 10, h), 0, "0, 1, 2 take 7");
        assert_eq!(
            scroll_cards(7, 3, 10, h),
            2,
            "2 and 3 take 5; 1 would not fit"
        );
        assert_eq!(
            scroll_cards(7, 9, 10, h),
            8,
            "the last, and all that fit above"
        );
        assert_eq!(
            scroll_cards(7, 12, 10, h),
            8,
            "a selection past the end is the last"
        );
        assert_eq!(scroll_cards(7, 0, 0, h), 0, "nothing to show");
        // A card taller than the column is shown from its first line.
        assert_eq!(scroll_cards(1, 4, 10, h), 4);
        assert_eq!(cards_fitting(0, 7, 10, h), 3);
        assert_eq!(cards_fitting(9, 7, 10, h), 1);
        assert_eq!(card_at(0, 4, 10, h), Some(1));
        assert_eq!(card_at(0, 5, 10, h), Some(2));
        assert_eq!(card_at(8, 6, 10, h), None);
    }

    #[test]
    fn the_board_uses_the_whole_width() {
        let cols = board_columns(Rect::new(0, 3, 161, 40), true);
        assert_eq!(cols.len(), 5);
        assert_eq!(cols.iter().map(|(_, r)| r.width).sum::<u16>(), 161);
        assert_eq!(board_columns(Rect::new(0, 3, 80, 40), false)[0].0, 1);
    }
}

//! Pure drawing: `render(&model, frame)` reads the model and writes nothing back.

pub(crate) mod board;
mod card;
pub(crate) mod dashboard;
pub(crate) mod detail;
mod header;
pub(crate) mod list;
mod overlay;
pub(crate) mod plan;
pub(crate) mod policy;
pub(crate) mod refine;
pub(crate) mod roadmap;
pub(crate) mod themes;
pub(crate) mod welcome;

use std::borrow::Cow;

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::app::{Mode, Model};
use super::{layout, screens};
use crate::domain::record::value_text;
use crate::domain::{Horizon, Lane, Severity, Status};

/// Draws the whole screen.
pub fn render(model: &Model, frame: &mut Frame<'_>) {
    let area = frame.area();
    let p = Palette::new(model.color);
    if layout::too_small(area.width, area.height) {
        let text = format!(
            "terminal too small: lanes needs at least {}×{}, this is {}×{}",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        );
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let areas = model.areas_in(area.width, area.height);
    header::render(model, p, frame, areas.header);
    if let Some(bar) = areas.bar {
        header::bar(model, p, frame, bar);
    }
    screens::render(model, p, frame, areas.body);
    overlay::status(model, p, frame, areas.status);
    match &model.mode {
        Mode::Help => overlay::help(model, p, frame, area),
        Mode::Form(form) => overlay::form(form, p, frame, area),
        Mode::Estimate(round) => refine::estimate(round, p, frame, area),
        Mode::Card(c) => card::render(model, c, p, frame, areas.body),
        _ => {}
    }
}

/// How far the text of the view on screen scrolls in `body` (detail,
/// refinement, summary, roadmap): the limit `update` holds the scroll to, from
/// the same text the view draws.
pub fn scroll_limit(model: &Model, body: Rect) -> usize {
    screens::scroll_limit(model, body)
}

/// Rows of the plan's table on screen in `body`.
pub fn plan_rows(model: &Model, body: Rect) -> usize {
    plan::table_rows(model, body)
}

/// How far the help scrolls on the model's screen.
pub fn help_scroll_limit(model: &Model) -> usize {
    overlay::help_scroll_limit(model, Rect::new(0, 0, model.width, model.height))
}

/// Styles, with or without colour (`NO_COLOR`): without, emphasis is carried by
/// bold, reverse and underline so nothing is lost.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    color: bool,
}

impl Palette {
    pub fn new(color: bool) -> Palette {
        Palette { color }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn active_border(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn matched(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    pub fn lane(self, lane: Option<Lane>) -> Style {
        self.fg(match lane {
            Some(Lane::Hotfix) => Color::Red,
            Some(Lane::Stability) => Color::Yellow,
            Some(Lane::Feature) => Color::Blue,
            Some(Lane::Bet) => Color::Magenta,
            None => Color::Gray,
        })
    }

    pub fn horizon(self, h: Horizon) -> Style {
        match h {
            Horizon::Now => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            Horizon::Next => self.fg(Color::Cyan),
            Horizon::Later => self.dim(),
        }
    }

    /// Work under way stands out; finished work steps back.
    pub fn status(self, s: Status) -> Style {
        match s {
            Status::Todo => Style::new(),
            Status::Doing => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Status::Done => self.good(),
            Status::Declined => self.dim(),
        }
    }

    pub fn severity(self, s: Severity) -> Style {
        if s.is_urgent() {
            self.warn()
        } else {
            self.fg(Color::Yellow)
        }
    }
}

/// Text from the database, made safe to draw: control characters and escape
/// sequences are shown escaped (`\u{1b}`, `\n`, as the command line shows them),
/// never sent to the terminal.
pub fn clean(text: &str) -> Cow<'_, str> {
    crate::domain::text::escape(text, false)
}

/// A decision's old or new value, readable (see [`value_text`]) and safe to draw.
pub fn decision_value(field: &str, value: Option<&str>, max: usize) -> String {
    clean(&value_text(field, value, max)).into_owned()
}

/// A lane's name for headings.
pub fn lane_title(lane: Option<Lane>) -> &'static str {
    Lane::title(lane)
}

/// A status as a word, or shortened to five columns (`decl.`).
pub fn status_word(status: Status, short: bool) -> &'static str {
    match (status, short) {
        (Status::Declined, true) => "decl.",
        (s, _) => s.as_str(),
    }
}

/// Lane for a board column number.
pub fn column_lane(col: usize) -> Option<Lane> {
    col.checked_sub(1).and_then(|i| Lane::ALL.get(i).copied())
}

/// `title` with every case-insensitive match of `query` highlighted.
pub fn highlighted<'a>(title: &'a str, query: &str, base: Style, hit: Style) -> Vec<Span<'a>> {
    let clean_title = clean(title);
    if query.is_empty() {
        return vec![Span::styled(clean_title, base)];
    }
    let text: String = clean_title.into_owned();
    let ranges = match_ranges(&text, query);
    if ranges.is_empty() {
        return vec![Span::styled(text, base)];
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, end) in ranges {
        if start > at {
            spans.push(Span::styled(text[at..start].to_string(), base));
        }
        spans.push(Span::styled(text[start..end].to_string(), hit));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), base));
    }
    spans
}

/// Byte ranges of `text` that match `query`, ignoring case, without overlaps.
pub fn match_ranges(text: &str, query: &str) -> Vec<(usize, usize)> {
    let q: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if q.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut j = 0;
        let mut k = i;
        while j < q.len() && k < chars.len() {
            let mut lower = chars[k].1.to_lowercase();
            if lower.len() != 1 || lower.next() != Some(q[j]) {
                break;
            }
            j += 1;
            k += 1;
        }
        if j == q.len() {
            let end = chars.get(k).map_or(text.len(), |(b, _)| *b);
            out.push((chars[i].0, end));
            i = k;
        } else {
            i += 1;
        }
    }
    out
}

/// Cuts `text` to `width` columns, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    crate::domain::text::fit(text, width)
}

/// One line of text in a style.
pub fn line(text: impl Into<String>, style: Style) -> Line<'static> {
    Line::from(Span::styled(text.into(), style))
}

/// A rectangle of `width`×`height` centred in `area`, clipped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_drawn_escaped() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(clean("a\x1b[31mred\x07"), "a\\u{1b}[31mred\\u{7}");
        assert_eq!(clean("two\nlines"), "two\\nlines");
    }

    #[test]
    fn matches_are_found_ignoring_case_across_multibyte_text() {
        assert_eq!(
            match_ranges("Crème Brûlée crème", "CRÈME"),
            vec![(0, 6), (16, 22)]
        );
        assert_eq!(match_ranges("checkout", "x"), vec![]);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("checkout", 10), "checkout");
        assert_eq!(fit("checkout fails", 9), "checkout…");
    }
}

//! Text as it may be shown: which characters are never sent to a terminal raw.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for a character that must be shown escaped, never written raw: C0 and
/// C1 control characters (which start terminal escape sequences) and the
/// bidirectional overrides and isolates (which reorder what follows them, so a
/// line can say something other than what it holds).
pub fn must_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character of [`must_escape`] written as `\u{1b}`, `\n`,
/// `\t` (Rust's escapes); a newline stays a newline when `newlines` says so.
pub fn escape(text: &str, newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| must_escape(c) && !(newlines && c == '\n');
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            if is_bidi_control(c) {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            } else {
                out.extend(c.escape_default());
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_c1_controls_and_bidi_overrides_are_shown_not_sent() {
        assert_eq!(escape("red \u{1b}[31mX", false), "red \\u{1b}[31mX");
        assert_eq!(
            escape("\u{1b}]0;pwned\u{7}", false),
            "\\u{1b}]0;pwned\\u{7}"
        );
        assert_eq!(escape("c1 \u{9b}2J", false), "c1 \\u{9b}2J");
        assert_eq!(escape("abc\u{202e}fed", false), "abc\\u{202e}fed");
        assert_eq!(escape("a\u{2066}b", false), "a\\u{2066}b");
        assert_eq!(escape("a\nb", true), "a\nb");
        assert_eq!(escape("a\nb", false), "a\\nb");
        assert!(matches!(escape("plain é 🚀", false), Cow::Borrowed(_)));
    }
}

/// True for characters that take no space and show nothing: white space,
/// format characters (zero-width space and joiners, the byte-order mark, word
/// joiner, soft hyphen, bidirectional marks…) and the blank fillers.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fffb}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// True when `text` shows nothing at all: empty, or only [`is_invisible`].
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// How a piece of text may look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line: no control characters at all.
    Line,
    /// Several lines: newlines and tabs, but no other control characters.
    Lines,
}

/// Checks a person's text for `what` (a field name, for the message): at most
/// `max` characters, of the `shape` given, and no bidirectional override or
/// isolate, which would make it read differently from what it holds.
pub fn check(what: &str, text: &str, max: usize, shape: Shape) -> Result<(), super::DomainError> {
    let n = text.chars().count();
    if n > max {
        return Err(super::DomainError::invalid(format!(
            "{what} is {n} characters; the limit is {max}"
        )));
    }
    let allowed = |c: char| shape == Shape::Lines && matches!(c, '\n' | '\t' | '\r');
    if let Some(c) = text.chars().find(|c| c.is_control() && !allowed(*c)) {
        return Err(super::DomainError::invalid(format!(
            "{what} must not contain control characters or escape sequences (found U+{:04X})",
            c as u32
        )));
    }
    if let Some(c) = text.chars().find(|c| is_bidi_control(*c)) {
        return Err(super::DomainError::invalid(format!(
            "{what} must not contain bidirectional override or isolate characters (found U+{:04X}): they make text read differently from what it holds",
            c as u32
        )));
    }
    Ok(())
}

#[cfg(test)]
mod check_tests {
    use super::*;

    #[test]
    fn invisible_only_text_is_blank() {
        assert!(is_blank("\u{200b}\u{feff} \u{2060}"));
        assert!(!is_blank("\u{200b}a"));
    }

    #[test]
    fn text_is_refused_for_length_controls_and_bidi_overrides_with_the_field_named() {
        assert!(check("owner", "ana", 100, Shape::Line).is_ok());
        assert_eq!(
            check("owner", &"x".repeat(101), 100, Shape::Line)
                .unwrap_err()
                .to_string(),
            "owner is 101 characters; the limit is 100"
        );
        assert!(check("owner", "a\u{1b}[31m", 100, Shape::Line)
            .unwrap_err()
            .to_string()
            .contains("U+001B"));
        assert!(check("workaround", "step one\nstep two", 100, Shape::Lines).is_ok());
        assert!(check("owner", "a\nb", 100, Shape::Line).is_err());
        assert!(check("segment", "abc\u{202e}fed", 100, Shape::Line)
            .unwrap_err()
            .to_string()
            .contains("bidirectional"));
    }
}

/// How many terminal columns `text` takes (a CJK character takes two).
pub fn width(text: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Cuts `text` to `columns` terminal columns, ending with `…` when cut.
pub fn fit(text: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if width(text) <= columns {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > columns {
            break;
        }
        out.push(c);
        used += w;
    }
    if columns > 0 {
        out.push('…');
    }
    out
}

/// `text` cut to `columns` and padded with spaces to fill them exactly.
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = fit(text, columns);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(used)));
    out
}

#[cfg(test)]
mod width_tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_columns_when_fitting_and_padding() {
        assert_eq!(width("日本語"), 6);
        assert_eq!(fit("checkout fails", 9), "checkout…");
        assert_eq!(fit("日本語のタイトル", 7), "日本語…");
        assert_eq!(width(&fit("日本語のタイトル", 8)), 7);
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad("abc", 2), "a…");
    }
}

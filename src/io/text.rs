//! Text from other trackers made fit for an item: titles cleaned and cut,
//! descriptions bounded, comments appended.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::domain::item::{MAX_DESCRIPTION, MAX_LABEL, MAX_OWNER, MAX_TITLE};
use crate::domain::text;

/// A title cleaned, not refused: control characters become spaces, runs of
/// white space one space, and a title over the limit is cut at a word with `…`.
/// Returns the title and, when it was cut, the full text.
pub fn title(raw: &str) -> (String, Option<String>) {
    let clean = spaced(raw);
    if text::is_blank(&clean) {
        return (String::new(), None);
    }
    if clean.chars().count() <= MAX_TITLE {
        return (clean, None);
    }
    // Room for the ellipsis; cut at the last space that leaves a word whole.
    let head: String = clean.chars().take(MAX_TITLE - 1).collect();
    let cut = match head.rfind(' ') {
        Some(at) if at > head.len() / 2 => head[..at].trim_end().to_string(),
        _ => head,
    };
    (format!("{cut}…"), Some(clean))
}

/// `raw` on one line: control characters and bidirectional overrides (which
/// lanes refuses in names) become spaces, and runs of white space one space.
fn spaced(raw: &str) -> String {
    let spaced: String = raw
        .chars()
        .map(|c| if text::must_escape(c) { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name or label from a tracker, made one that lanes holds: on one line
/// ([`spaced`]), cut to `max` characters with `…`. Empty when nothing visible
/// is left.
pub fn line(raw: &str, max: usize) -> String {
    let clean = spaced(raw);
    if text::is_blank(&clean) {
        return String::new();
    }
    if clean.chars().count() <= max {
        return clean;
    }
    let mut cut: String = clean.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// An owner from a tracker (an assignee's name), or none when it holds nothing.
pub fn owner(raw: &str) -> Option<String> {
    Some(line(raw, MAX_OWNER)).filter(|o| !o.is_empty())
}

/// A label from a tracker.
pub fn label(raw: &str) -> String {
    line(raw, MAX_LABEL)
}

/// One comment: when, who (if known), and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub at: Option<DateTime<Utc>>,
    pub by: Option<String>,
    pub text: String,
}

/// The description of an imported item: the full title when it was cut, the
/// tracker's description, then its comments oldest first under "Imported
/// comments", all within 64 KiB (cut with a note saying so).
pub fn description(
    full_title: Option<&str>,
    body: Option<&str>,
    mut comments: Vec<Comment>,
) -> Option<String> {
    let mut out = String::new();
    if let Some(t) = full_title {
        out.push_str(t);
    }
    if let Some(b) = body.map(normalise).filter(|b| !b.trim().is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(b.trim_end());
    }
    comments.retain(|c| !c.text.trim().is_empty());
    // Oldest first; comments without a date keep their place after dated ones.
    comments.sort_by_key(|c| (c.at.is_none(), c.at));
    if !comments.is_empty() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str("## Imported comments\n");
        for c in &comments {
            out.push('\n');
            let when = c.at.map(|t| t.format("%Y-%m-%d %H:%M").to_string());
            let head: Vec<String> = when.into_iter().chain(c.by.clone()).collect();
            if !head.is_empty() {
                let _ = write!(out, "**{}**: ", head.join(", "));
            }
            out.push_str(normalise(&c.text).trim());
            out.push('\n');
        }
    }
    let out = out.trim_end().to_string();
    if out.is_empty() {
        return None;
    }
    Some(bounded(out))
}

/// CRLF and lone CR as LF.
fn normalise(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// `text` cut to fit 64 KiB with a note, at a character boundary.
fn bounded(text: String) -> String {
    if text.len() <= MAX_DESCRIPTION {
        return text;
    }
    let note = format!(
        "\n\n… (cut on import: the original was {} KiB, lanes keeps 64 KiB)",
        text.len().div_ceil(1024)
    );
    let mut end = MAX_DESCRIPTION - note.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{note}", &text[..end])
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_labels_from_trackers_are_made_one_line_lanes_holds() {
        assert_eq!(line("  web\t\u{1b}[31m api  ", 100), "web [31m api");
        assert_eq!(line("abc\u{202e}fed", 100), "abc fed");
        assert_eq!(line("\u{200b}\u{feff}", 100), "");
        assert_eq!(line(&"x".repeat(120), 100).chars().count(), 100);
        assert!(line(&"x".repeat(120), 100).ends_with('…'));
        assert_eq!(owner("\u{200b}"), None);
        assert_eq!(title("\u{200b}").0, "");
        assert_eq!(title("Pay \u{202e}now").0, "Pay now");
    }

    use super::*;

    #[test]
    fn titles_lose_control_characters_and_long_ones_are_cut_at_a_word() {
        assert_eq!(
            title("  Fix\tlogin\r\nnow \u{1b}[31m "),
            ("Fix login now [31m".into(), None)
        );
        let long = format!("{}tail", "word ".repeat(45));
        let (t, full) = title(&long);
        assert!(t.ends_with("word…"), "{t}");
        assert!(t.chars().count() <= MAX_TITLE);
        assert_eq!(full.as_deref(), Some(long.trim()));
        let unbroken = "x".repeat(300);
        let (t, _) = title(&unbroken);
        assert_eq!(t.chars().count(), MAX_TITLE);
    }

    #[test]
    fn descriptions_carry_the_full_title_and_comments_oldest_first_within_the_limit() {
        let at = |s: &str| crate::domain::dates::parse_foreign_time(s);
        let comments = vec![
            Comment {
                at: at("2024-02-01"),
                by: Some("ana".into()),
                text: "second".into(),
            },
            Comment {
                at: at("2024-01-01"),
                by: None,
                text: "first\r\nline".into(),
            },
            Comment {
                at: None,
                by: None,
                text: "  ".into(),
            },
        ];
        let d = description(Some("Full title"), Some("Body\r\n"), comments).unwrap();
        assert_eq!(
            d,
            "Full title\n\nBody\n\n## Imported comments\n\n**2024-01-01 00:00**: first\nline\n\n**2024-02-01 00:00, ana**: second"
        );
        assert_eq!(description(None, Some("  "), Vec::new()), None);
        let huge = "é".repeat(40_000);
        let d = description(None, Some(&huge), Vec::new()).unwrap();
        assert!(d.len() <= MAX_DESCRIPTION);
        assert!(d.ends_with("lanes keeps 64 KiB)"), "{}", &d[d.len() - 80..]);
    }
}

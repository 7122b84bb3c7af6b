//! Markdown out: text from the database made safe for a document (a `|` cannot
//! break a table, no raw HTML passes), and `lanes export --format md`, the open
//! backlog as one table per lane and the Inbox, in rank order.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::domain::{score, Item, Lane, Policy};

/// Text for a Markdown paragraph or table cell: one line, with every character
/// that could start markup, a link, a code span or HTML escaped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut space = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let prev = i.checked_sub(1).map_or(' ', |p| chars[p]);
        if c.is_control() || c.is_whitespace() {
            // Newlines, tabs and escape sequences become one space: a cell stays
            // one row, a paragraph one line.
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        match c {
            // Only what could open a tag, an autolink or an entity needs it:
            // "score 1.8 < 3.0" stays as people wrote it.
            '<' if next.is_alphabetic() || matches!(next, '/' | '!' | '?') => out.push_str("&lt;"),
            '&' if next.is_alphanumeric() || next == '#' => out.push_str("&amp;"),
            // An underscore inside a word never makes emphasis.
            '_' if prev.is_alphanumeric() && next.is_alphanumeric() => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A Markdown table: a header row, its alignment (`l` or `r` per column), rows.
pub fn table(out: &mut String, head: &[&str], align: &str, rows: &[Vec<String>]) {
    table_head(out, head, align);
    for r in rows {
        table_row(out, r);
    }
}

/// A table's header row and its alignment row (`l` or `r` per column).
pub fn table_head(out: &mut String, head: &[&str], align: &str) {
    let line = |cells: &[&str]| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(head));
    let marks: Vec<&str> = align
        .chars()
        .map(|a| if a == 'r' { "---:" } else { "---" })
        .collect();
    out.push_str(&line(&marks));
}

/// One row of a table; an empty cell is a space, so the row keeps its columns.
pub fn table_row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(if c.is_empty() { " " } else { c });
        out.push_str(" |");
    }
    out.push('\n');
}

/// A due date, marked when an open item is past it: `breached` with a severity
/// (its SLA), `overdue` without.
pub fn due_text(item: &Item, today: NaiveDate) -> String {
    match item.due {
        None => String::new(),
        Some(d) if d < today && item.is_open() => format!(
            "{d} **{}**",
            if item.severity.is_some() {
                "breached"
            } else {
                "overdue"
            }
        ),
        Some(d) => d.to_string(),
    }
}

/// A score with one decimal, or `unscored`.
pub fn score_text(item: &Item, policy: &Policy) -> String {
    score::score(item, policy).map_or_else(|| "unscored".into(), |s| format!("{s:.1}"))
}

/// `lanes export --format md`: the open items of each lane, then the Inbox, in
/// rank order, built as the items come (in rank order), one at a time.
pub struct Backlog<'a> {
    policy: &'a Policy,
    today: NaiveDate,
    /// The rows of each lane's table, in `Lane::ALL` order, then the Inbox's.
    rows: [String; 5],
    counts: [usize; 5],
}

impl<'a> Backlog<'a> {
    pub fn new(policy: &'a Policy, today: NaiveDate) -> Backlog<'a> {
        Backlog {
            policy,
            today,
            rows: Default::default(),
            counts: [0; 5],
        }
    }

    /// Adds `item` to its lane's table when it is open.
    pub fn add(&mut self, i: &Item, blocked: bool) {
        if !i.is_open() {
            return;
        }
        let col = i.lane.map_or(4, |l| l as usize);
        let mut title = text(&i.title);
        if blocked {
            title.push_str(" *(blocked)*");
        }
        let cells = [
            format!("#{}", i.id),
            title,
            format!("{}{}", i.horizon, if i.pinned { " (pinned)" } else { "" }),
            i.status.to_string(),
            score_text(i, self.policy),
            i.severity.map(|s| s.to_string()).unwrap_or_default(),
            due_text(i, self.today),
            i.owner.as_deref().map(text).unwrap_or_default(),
        ];
        table_row(&mut self.rows[col], &cells);
        self.counts[col] += 1;
    }

    /// How many open items were added.
    pub fn open(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The document.
    pub fn write(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut out = format!("# Backlog, {}\n\n", self.today);
        if !self.policy.north_star.trim().is_empty() {
            let _ = writeln!(out, "North Star: {}\n", text(&self.policy.north_star));
        }
        let open = self.open();
        let _ = writeln!(
            out,
            "{} open item{}, in rank order (horizon, severity, score, due date).",
            open,
            if open == 1 { "" } else { "s" }
        );
        let groups = Lane::ALL.iter().map(|l| Some(*l)).chain([None]);
        for (col, lane) in groups.enumerate() {
            let n = self.counts[col];
            let _ = write!(out, "\n## {} ({n} open)\n\n", Lane::title(lane));
            if n == 0 {
                out.push_str("Nothing open.\n");
                continue;
            }
            table_head(
                &mut out,
                &[
                    "#", "Title", "Horizon", "Status", "Score", "Severity", "Due", "Owner",
                ],
                "rlllrlll",
            );
            w.write_all(out.as_bytes())?;
            out.clear();
            w.write_all(self.rows[col].as_bytes())?;
        }
        w.write_all(out.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_text_cannot_break_a_table_or_pass_html() {
        let cases = [
            ("a | b", r"a \| b"),
            (
                "<script>alert(1)</script>",
                "&lt;script>alert(1)&lt;/script>",
            ),
            (
                "two\nlines\r\n\tand \u{1b}[31mred",
                r"two lines and \[31mred",
            ),
            (
                "`rm -rf` *now* [x](y) ~~z~~ #1 \\",
                r"\`rm -rf\` \*now\* \[x\](y) \~\~z\~\~ #1 \\",
            ),
            ("R&D <b> &amp; &#60;", "R&amp;D &lt;b> &amp;amp; &amp;#60;"),
            ("score 1.8 < 3.0 > 2 & more", "score 1.8 < 3.0 > 2 & more"),
            (
                "checkout_e2e _em_ <https://x.y>",
                r"checkout_e2e \_em\_ &lt;https://x.y>",
            ),
            ("  trailing \n", "trailing"),
        ];
        for (raw, want) in cases {
            assert_eq!(text(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn a_table_has_its_alignment_row_and_no_empty_cells() {
        let mut out = String::new();
        table(
            &mut out,
            &["#", "Title"],
            "rl",
            &[vec!["#1".into(), String::new()]],
        );
        assert_eq!(out, "| # | Title |\n| ---: | --- |\n| #1 |   |\n");
    }
}

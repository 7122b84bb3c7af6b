//! Writing to stdout: lines for people, one JSON document for scripts.

use std::io::{BufWriter, Stdout, Write};

use serde::Serialize;

use super::{CliError, CliResult};

pub struct Out {
    pub json: bool,
    w: BufWriter<Stdout>,
}

impl Out {
    pub fn new(json: bool) -> Out {
        Out {
            json,
            w: BufWriter::with_capacity(64 * 1024, std::io::stdout()),
        }
    }

    pub fn line(&mut self, s: impl std::fmt::Display) -> CliResult {
        writeln!(self.w, "{s}")?;
        Ok(())
    }

    /// Writes text as it is (an export to stdout).
    pub fn raw(&mut self, bytes: &[u8]) -> CliResult {
        self.w.write_all(bytes)?;
        Ok(())
    }

    /// Prints one JSON document.
    pub fn json<T: Serialize + ?Sized>(&mut self, v: &T) -> CliResult {
        serde_json::to_writer_pretty(&mut self.w, v).map_err(|e| {
            if e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe) {
                CliError::Closed
            } else {
                CliError::Failed(e.to_string())
            }
        })?;
        self.line("")
    }

    pub fn flush(&mut self) -> CliResult {
        super::write_all(&mut self.w, &[])
    }
}

/// The width to fit tables in: the terminal's, `$COLUMNS`, or 120.
pub fn width() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        return usize::from(w).max(40);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(120)
}

/// Text from the database as safe text: control characters and escape sequences
/// are shown escaped, never sent to the terminal. Newlines survive when `lines`.
pub fn clean(s: &str, lines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if lines => out.push('\n'),
            '\t' => out.push_str("    "),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// Cuts `s` to `n` characters, ending with … when cut.
pub fn fit(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(clean("red \u{1b}[31mX", false), "red \\u{1b}[31mX");
        assert_eq!(clean("a\nb", true), "a\nb");
        assert_eq!(clean("a\nb", false), "a\\nb");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
    }
}

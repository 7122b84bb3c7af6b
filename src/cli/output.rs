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

    /// Where text goes as it is written (an export to stdout).
    pub fn writer(&mut self) -> &mut BufWriter<Stdout> {
        &mut self.w
    }

    /// Prints one JSON document.
    pub fn json<T: Serialize + ?Sized>(&mut self, v: &T) -> CliResult {
        write_json(&mut self.w, v).map_err(|e| {
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

/// Writes `v` as pretty JSON in which no string carries a character a terminal
/// or a JavaScript reader would act on: `serde_json` escapes C0 controls itself,
/// and [`SafeJson`] escapes C1 controls (U+0080–U+009F), the bidirectional
/// overrides and isolates, and U+2028/U+2029 (line breaks to JavaScript).
pub fn write_json<W: Write, T: Serialize + ?Sized>(w: W, v: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, SafeJson::default());
    v.serialize(&mut ser)
}

/// `v` as the text [`write_json`] writes.
pub fn json_text<T: Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    write_json(&mut out, v)?;
    // The formatter writes UTF-8 from `&str` input and ASCII escapes.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// `serde_json`'s pretty printer, with the escapes of [`write_json`].
#[derive(Default)]
pub struct SafeJson(serde_json::ser::PrettyFormatter<'static>);

fn must_escape_in_json(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}')
        || crate::domain::text::is_bidi_control(c)
}

impl serde_json::ser::Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if must_escape_in_json(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// The width `lanes list` fits its rows in: `--width`, the terminal's,
/// `$COLUMNS`; `None` (rows in full) when stdout is not a terminal and
/// nothing says otherwise, so scripts get whole titles.
pub fn list_width(asked: Option<usize>) -> Option<usize> {
    if let Some(w) = asked {
        return Some(w.max(40));
    }
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
        return Some(usize::from(w).max(40));
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
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
    if s.contains('\t') {
        crate::domain::text::escape(&s.replace('\t', "    "), lines).into_owned()
    } else {
        crate::domain::text::escape(s, lines).into_owned()
    }
}

/// Cuts `s` to `n` terminal columns, ending with … when cut.
pub fn fit(s: &str, n: usize) -> String {
    crate::domain::text::fit(s, n)
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
    fn json_escapes_c1_controls_bidi_overrides_and_javascript_line_breaks() {
        let text = json_text(
            &serde_json::json!({"t": "a\u{85}b\u{9b}c\u{2028}d\u{2029}e\u{202e}f\u{1b}g é"}),
        )
        .unwrap();
        assert_eq!(
            text,
            "{\n  \"t\": \"a\\u0085b\\u009bc\\u2028d\\u2029e\\u202ef\\u001bg é\"\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back["t"],
            "a\u{85}b\u{9b}c\u{2028}d\u{2029}e\u{202e}f\u{1b}g é"
        );
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
    }
}

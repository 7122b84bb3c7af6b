//! A native document followed in its bytes, the file read a block at a time.
//! `serde_json` reads a file through its own reader a byte at a time, keeping a
//! line and column for every byte; from a slice it reads several times faster.
//! So the document's outline (its object, its keys, the arrays under them) is
//! followed here, and each value under it (an item, a theme, the policy) is
//! read by `serde_json` from the slice of the file's bytes that holds it. Only
//! the bytes of one value need be held whole.
//!
//! The outline is followed, not judged: on anything unexpected (not an
//! object, a missing comma, a file cut short) the walk stops with
//! [`Halt::Unfollowed`], and the caller reads the file with `serde_json`'s own
//! reader instead, whose error (or success) is the one that counts.
//!
//! `serde_json` counts the depth of nesting, up to 128, from where it starts
//! reading; here that is each value, so an item may nest two levels deeper
//! than when the whole file is read at once.

use std::io::Read;

use serde::de::{DeserializeOwned, IgnoredAny};

/// Why a walk stopped.
#[derive(Debug)]
pub enum Halt<E> {
    /// The bytes are not a document as this follows one.
    Unfollowed,
    /// Reading the file failed.
    Io(std::io::Error),
    /// What was done with a value failed.
    Value(E),
}

/// How the value under a key of the document is handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Not at all.
    Skip,
    /// Whole.
    Whole,
    /// An array, an element at a time.
    Each,
}

/// What receives the document's values.
pub trait Visit {
    type Error;
    /// Called at each key of the document: how its value is handed over.
    fn take(&mut self, key: &str) -> Take;
    /// The value under a key taken [`Take::Whole`], or one element of the
    /// array under a key taken [`Take::Each`], to be read from `next`. One
    /// not read is passed over.
    fn value<R: Read>(
        &mut self,
        key: &str,
        next: &mut Next<'_, R>,
    ) -> Result<(), Halt<Self::Error>>;
}

/// The value a visitor is handed.
pub struct Next<'s, R> {
    spans: &'s mut Spans<R>,
    read: bool,
}

impl<R: Read> Next<'_, R> {
    /// Where the value starts.
    pub fn place(&self) -> Place {
        self.spans.place()
    }

    /// How many bytes of the file come before the value.
    pub fn offset(&self) -> u64 {
        (self.spans.base + self.spans.pos) as u64
    }

    /// Reads the value as a `T`. An error of `serde_json` in it becomes the
    /// visitor's by `located`, given where in the file the error points
    /// (line, column), and leaves the value to be read again, or passed over.
    pub fn read<T: DeserializeOwned, E>(
        &mut self,
        located: impl FnOnce(&serde_json::Error, (usize, usize)) -> E,
    ) -> Result<T, Halt<E>> {
        match self.spans.read::<T, E>()? {
            Ok(v) => {
                self.read = true;
                Ok(v)
            }
            // Not taken: the visitor may read it again, as something else.
            Err((e, at)) => Err(Halt::Value(located(&e, at))),
        }
    }
}

/// Where a value's bytes start in the file: its line (from 1) and the bytes
/// before it on that line, as `serde_json` counts them reading from a slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
}

impl Place {
    /// Where in the file `e` points, an error of `serde_json` reading the bytes
    /// that start here from a slice: (line, column).
    pub fn of(&self, e: &serde_json::Error) -> (usize, usize) {
        if e.line() <= 1 {
            (self.line, self.column + e.column())
        } else {
            (self.line + e.line() - 1, e.column())
        }
    }
}

/// The file's bytes, as far as they are read.
pub struct Spans<R> {
    src: R,
    buf: Vec<u8>,
    /// `buf[pos..end]` is read and not yet followed.
    pos: usize,
    end: usize,
    eof: bool,
    /// The offset in the file of `buf[0]`.
    base: usize,
    /// The line of `buf[pos]`, and the offset in the file where it starts.
    line: usize,
    line_start: usize,
}

impl<R: Read> Spans<R> {
    pub fn new(src: R) -> Self {
        Spans {
            src,
            buf: vec![0; 4 << 20],
            pos: 0,
            end: 0,
            eof: false,
            base: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// Follows the whole document, handing its values to `v`.
    pub fn walk<V: Visit>(mut self, v: &mut V) -> Result<(), Halt<V::Error>> {
        self.more()?;
        if self.buf[self.pos..self.end].starts_with(b"\xef\xbb\xbf") {
            self.pos += 3;
            self.line_start = 3;
        }
        self.expect(b'{')?;
        if self.peek()? == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.peek()? != Some(b'"') {
                    return Err(Halt::Unfollowed);
                }
                let key: String = self.read()?.map_err(|_| Halt::Unfollowed)?;
                self.expect(b':')?;
                match v.take(&key) {
                    Take::Whole => self.hand(&key, v)?,
                    take => self.elements(&key, take, v)?,
                }
                if !self.close(b'}')? {
                    break;
                }
            }
        }
        match self.peek()? {
            None => Ok(()),
            Some(_) => Err(Halt::Unfollowed),
        }
    }

    /// The elements of the array that comes next, handed over one by one
    /// unless skipped. A value skipped that is no array is passed over whole.
    fn elements<V: Visit>(
        &mut self,
        key: &str,
        take: Take,
        v: &mut V,
    ) -> Result<(), Halt<V::Error>> {
        match self.peek()? {
            Some(b'[') => self.pos += 1,
            Some(_) if take == Take::Skip => return self.skip(),
            _ => return Err(Halt::Unfollowed),
        }
        if self.peek()? == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek()?.is_none() {
                return Err(Halt::Unfollowed);
            }
            if take == Take::Each {
                self.hand(key, v)?;
            } else {
                self.skip()?;
            }
            if !self.close(b']')? {
                return Ok(());
            }
        }
    }

    /// After a value: true at a comma (more follow), false at `closing`.
    fn close<E>(&mut self, closing: u8) -> Result<bool, Halt<E>> {
        let next = self.peek()?;
        self.pos += 1;
        match next {
            Some(b',') => Ok(true),
            Some(c) if c == closing => Ok(false),
            _ => Err(Halt::Unfollowed),
        }
    }

    fn expect<E>(&mut self, byte: u8) -> Result<(), Halt<E>> {
        if self.peek()? == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Halt::Unfollowed)
        }
    }

    /// The next byte after white space, not taken; `None` at the end of the file.
    fn peek<E>(&mut self) -> Result<Option<u8>, Halt<E>> {
        loop {
            while self.pos < self.end {
                match self.buf[self.pos] {
                    b' ' | b'\t' | b'\r' => self.pos += 1,
                    b'\n' => {
                        self.pos += 1;
                        self.line += 1;
                        self.line_start = self.base + self.pos;
                    }
                    c => return Ok(Some(c)),
                }
            }
            if !self.more()? {
                return Ok(None);
            }
        }
    }

    /// Hands the value at `pos` to `v`, or passes over it if `v` does not read it.
    fn hand<V: Visit>(&mut self, key: &str, v: &mut V) -> Result<(), Halt<V::Error>> {
        if self.peek()?.is_none() {
            return Err(Halt::Unfollowed);
        }
        let mut next = Next {
            spans: self,
            read: false,
        };
        v.value(key, &mut next)?;
        let read = next.read;
        if read {
            Ok(())
        } else {
            self.skip()
        }
    }

    fn skip<E>(&mut self) -> Result<(), Halt<E>> {
        self.read::<IgnoredAny, E>()?
            .map(|_| ())
            .map_err(|_| Halt::Unfollowed)
    }

    /// Where `buf[pos]` is in the file.
    fn place(&self) -> Place {
        Place {
            line: self.line,
            column: self.base + self.pos - self.line_start,
        }
    }

    /// Reads the value at `pos` (after white space) as a `T`, taking it. An
    /// error of `serde_json` in it comes with where in the file it points.
    #[allow(clippy::type_complexity)]
    fn read<T: DeserializeOwned, E>(
        &mut self,
    ) -> Result<Result<T, (serde_json::Error, (usize, usize))>, Halt<E>> {
        if self.peek()?.is_none() {
            return Err(Halt::Unfollowed);
        }
        loop {
            let bytes = &self.buf[self.pos..self.end];
            let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<T>();
            let read = values.next();
            let len = values.byte_offset();
            match read {
                // A value that ends where the bytes read so far end may go on
                // in the bytes after them (a number, say).
                Some(Ok(value)) if len < bytes.len() || self.eof => {
                    let start = self.pos;
                    self.pos += len;
                    let taken = &self.buf[start..self.pos];
                    if let Some(last) = memchr::memrchr(b'\n', taken) {
                        self.line += memchr::memchr_iter(b'\n', taken).count();
                        self.line_start = self.base + start + last + 1;
                    }
                    return Ok(Ok(value));
                }
                // What serde_json's reader would name differently (a comma
                // before a bracket, say) is left to it.
                Some(Err(e)) if e.is_syntax() => return Err(Halt::Unfollowed),
                Some(Err(e)) if !e.is_eof() => {
                    let at = self.place().of(&e);
                    return Ok(Err((e, at)));
                }
                // Cut short by the end of the file, or of the bytes read so far.
                _ if self.eof => return Err(Halt::Unfollowed),
                _ => {
                    self.more()?;
                }
            }
        }
    }

    /// Reads more of the file, keeping `buf[pos..end]`; false at its end.
    fn more<E>(&mut self) -> Result<bool, Halt<E>> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.base += self.pos;
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            // One value larger than the buffer.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let before = self.end;
        while self.end < self.buf.len() {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Halt::Io(e)),
            }
        }
        Ok(self.end > before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value handed over, as (key, its JSON, line, column).
    type Handed = (String, String, usize, usize);

    /// Every value handed over.
    struct Seen {
        taken: Vec<(&'static str, Take)>,
        values: Vec<Handed>,
    }

    impl Visit for Seen {
        type Error = String;
        fn take(&mut self, key: &str) -> Take {
            self.taken
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(Take::Skip, |(_, t)| *t)
        }
        fn value<R: Read>(
            &mut self,
            key: &str,
            next: &mut Next<'_, R>,
        ) -> Result<(), Halt<String>> {
            let at = next.place();
            let value: serde_json::Value = next.read(|e, at| format!("{e} {at:?}"))?;
            if value == "stop" {
                return Err(Halt::Value("stopped".into()));
            }
            self.values
                .push((key.into(), value.to_string(), at.line, at.column));
            Ok(())
        }
    }

    fn walk_in_blocks(text: &[u8], block: usize) -> Result<Vec<Handed>, Halt<String>> {
        let mut seen = Seen {
            taken: vec![
                ("items", Take::Each),
                ("version", Take::Whole),
                ("policy", Take::Whole),
            ],
            values: Vec::new(),
        };
        let mut spans = Spans::new(text);
        spans.buf = vec![0; block];
        spans.walk(&mut seen)?;
        Ok(seen.values)
    }

    fn walk(text: &str) -> Result<Vec<Handed>, Halt<String>> {
        walk_in_blocks(text.as_bytes(), 4 << 20)
    }

    fn v(key: &str, json: &str, line: usize, column: usize) -> Handed {
        (key.into(), json.into(), line, column)
    }

    #[test]
    fn values_and_elements_are_handed_over_with_where_they_start() {
        let text = "\u{feff}{\"version\": 1,\n  \"skipped\": {\"items\": [1, 2]},\n  \"items\": [\n    {\"title\": \"a \\\"quoted\\\" } ] {\"},\n    {\"title\": \"b\", \"labels\": [\"x\", \"y\"]}, null, \"s\", -1.5e3, true\n  ],\n  \"policy\": {\"weight.value\": \"2\"}\n}\n";
        assert_eq!(
            walk(text).unwrap(),
            vec![
                v("version", "1", 1, 12),
                v("items", "{\"title\":\"a \\\"quoted\\\" } ] {\"}", 4, 4),
                v("items", "{\"title\":\"b\",\"labels\":[\"x\",\"y\"]}", 5, 4),
                v("items", "null", 5, 42),
                v("items", "\"s\"", 5, 48),
                v("items", "-1500.0", 5, 53),
                v("items", "true", 5, 61),
                v("policy", "{\"weight.value\":\"2\"}", 7, 12),
            ]
        );
    }

    #[test]
    fn a_value_across_the_end_of_a_block_is_read_whole() {
        let text = "{\"items\": [{\"title\": \"one\"}, {\"title\": \"two\\n\"},\n {\"title\": \"three\"}, 12345, \"x\"], \"version\": 12345}";
        let whole = walk(text).unwrap();
        for block in 1..text.len() + 2 {
            assert_eq!(
                walk_in_blocks(text.as_bytes(), block).unwrap(),
                whole,
                "blocks of {block} bytes"
            );
        }
        assert_eq!(whole[2], v("items", "{\"title\":\"three\"}", 2, 1));
        assert_eq!(whole[3], v("items", "12345", 2, 21));
        assert_eq!(whole[5], v("version", "12345", 2, 45));
    }

    #[test]
    fn what_is_not_a_document_is_left_to_serde_json() {
        for text in [
            "",
            "   ",
            "[]",
            "{\"items\": [1,]}",
            "{\"items\": [1 2]}",
            "{\"items\": {}}",
            "{\"items\": [{\"title\": \"a\"}",
            "{\"items\": [{\"title\": \"a\"]}",
            "{\"items\": [], }",
            "{\"items\" []}",
            "{items: []}",
            "{\"version\": }",
            "{\"version\": 1} x",
            "{\"version\": 1}}",
            "{\"version\": 1,",
            "{\"items\": [\"open]}",
            "{\"skipped\": [{]}",
        ] {
            assert!(
                matches!(walk(text), Err(Halt::Unfollowed)),
                "{text:?} was followed"
            );
        }
    }

    #[test]
    fn an_empty_document_and_escaped_keys_are_followed() {
        assert_eq!(walk("{}").unwrap(), vec![]);
        assert_eq!(
            walk("{\"ite\\u006ds\": [2], \"items\": []}").unwrap(),
            vec![v("items", "2", 1, 16)]
        );
    }

    #[test]
    fn a_value_refused_stops_the_walk_with_the_reason() {
        match walk("{\"items\": [1, \"stop\", 3]}") {
            Err(Halt::Value(e)) => assert_eq!(e, "stopped"),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn an_error_of_serde_json_in_a_value_is_placed_where_reading_the_whole_file_places_it() {
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[allow(dead_code)]
            effort: Option<i64>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Doc {
            #[allow(dead_code)]
            items: Vec<Item>,
        }
        struct Typed;
        impl Visit for Typed {
            type Error = (usize, usize);
            fn take(&mut self, key: &str) -> Take {
                if key == "items" {
                    Take::Each
                } else {
                    Take::Skip
                }
            }
            fn value<R: Read>(
                &mut self,
                _: &str,
                next: &mut Next<'_, R>,
            ) -> Result<(), Halt<(usize, usize)>> {
                next.read::<Item, _>(|_, at| at).map(|_| ())
            }
        }
        for text in [
            "{\"version\": 1, \"items\": [\n  {\"title\": \"a\"},\n  {\"title\": \"b\", \"effort\": \"x\"}\n]}",
            "{\"items\": [{\"effort\": 1}, {\"title\": \"b\",\n\n   \"effort\": 2.5}]}",
            "{\"items\": [{\"effort\": 1}, {\"title\": \"b\", \"effort\": -9999999999999999999999}]}",
        ] {
            let whole = serde_json::from_str::<Doc>(text).unwrap_err();
            match Spans::new(text.as_bytes()).walk(&mut Typed) {
                Err(Halt::Value(at)) => assert_eq!(at, (whole.line(), whole.column()), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}

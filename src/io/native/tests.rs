//! A file read from disk a pass at a time reads as the same file held whole.

use std::io::Write;

use super::once::import_holding;
use super::*;
use crate::domain::item::parse_time;
use crate::store::ImportReport;

fn now() -> DateTime<Utc> {
    parse_time("2026-11-21T09:00:00Z").unwrap()
}

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

/// The outline and the items of `text`, held whole or (`held` 0) read from the
/// file on every pass; `each` and `chunks` must agree.
fn read(text: &str, held: u64) -> Result<(String, Vec<Item>), String> {
    let f = file(text);
    let (outline, native) = NativeFile::open_holding(f.path(), now(), Checking::First, held)
        .map_err(|e| e.to_string())?;
    let mut items = Vec::new();
    native
        .each(&mut |i| {
            items.push(i.clone());
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    let mut chunked = Vec::new();
    native
        .chunks(2, &mut |c| {
            assert!(c.len() <= 2);
            chunked.extend_from_slice(&c);
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    assert_eq!(items, chunked);
    Ok((format!("{outline:?}"), items))
}

fn spans_used(text: &str) -> bool {
    let f = file(text);
    let (_, native) = NativeFile::open_holding(f.path(), now(), Checking::First, 0).unwrap();
    matches!(native.text, Text::OnDisk(_, true) | Text::Packed(_))
}

fn packed(text: &str) -> bool {
    let f = file(text);
    let (_, native) = NativeFile::open_holding(f.path(), now(), Checking::First, 0).unwrap();
    matches!(native.text, Text::Packed(_))
}

const DOC: &str = "\u{feff}{\"version\": 1,\n \"policy\": {\"weight.value\": \"2\"},\n \"themes\": [{\"id\": 1, \"name\": \"Growth\"}],\n \"extra\": {\"items\": [{\"title\": \"not an item\"}]},\n \"items\": [\n  {\"id\": 7, \"title\": \"Fix \\\"quoted\\\" {brace} [bracket]\", \"labels\": [\"b\", \"a\"], \"theme\": 1},\n  {\"title\": \"no id\", \"criteria\": [{\"text\": \"holds\\n\", \"done\": true}]},\n  {\"id\": 3, \"title\": \"\\u00e9t\\u00e9\", \"blocked_by\": [7], \"unknown\": {\"a\": [1, {\"b\": null}]}},\n  {\"title\": \"no id either\", \"effort\": 5}\n ],\n \"decisions\": [], \"actions\": []}\n";

#[test]
fn a_document_read_from_its_file_reads_as_when_held() {
    assert!(spans_used(DOC));
    let held = read(DOC, u64::MAX).unwrap();
    let on_disk = read(DOC, 0).unwrap();
    assert_eq!(held, on_disk);
    let ids: Vec<i64> = on_disk.1.iter().map(|i| i.id).collect();
    assert_eq!(ids, vec![7, 8, 3, 9]);
    assert_eq!(on_disk.1[2].title, "été");
}

#[test]
fn items_checked_in_the_first_pass_are_held_packed_and_read_as_when_held() {
    let text = DOC
        .replace(
            "{\"title\": \"no id\"",
            "{\"id\": 1, \"title\": \"now with an id\"",
        )
        .replace(
            "{\"title\": \"no id either\"",
            "{\"id\": 2, \"title\": \"and this one\"",
        );
    assert!(packed(&text));
    assert!(!packed(DOC));
    assert_eq!(read(&text, 0).unwrap(), read(&text, u64::MAX).unwrap());
    assert_eq!(read(&text, 0).unwrap().1.len(), 4);
}

#[test]
fn a_key_given_twice_counts_as_serde_json_reads_it() {
    let text = "{\"version\": 1, \"themes\": [{\"id\": 1, \"name\": \"A\"}], \"items\": [{\"title\": \"a\"}], \"themes\": [{\"id\": 2, \"name\": \"B\"}], \"items\": [{\"title\": \"b\"}]}";
    assert!(spans_used(text));
    assert_eq!(read(text, 0).unwrap(), read(text, u64::MAX).unwrap());
    assert_eq!(read(text, 0).unwrap().1.len(), 2);
}

#[test]
fn errors_in_a_file_read_from_disk_name_the_place_they_name_when_held() {
    for text in [
        "{\"version\": 1, \"items\": [\n  {\"title\": \"a\"},\n  {\"title\": \"b\", \"effort\": \"x\"}\n]}",
        "{\"version\": 1, \"items\": [\n  {\"id\": \"seven\", \"title\": \"a\"}]}",
        "{\"version\": 1, \"themes\": [{\"id\": 1, \"name\": 2}], \"items\": []}",
        "{\"version\": \"1\", \"items\": []}",
        "{\"version\": 1, \"items\": [{\"title\": \"a\", \"effort\": 4}]}",
        "{\"version\": 1, \"items\": [{\"title\": \"a\", \"due\": \"tomorrow\"}]}",
    ] {
        let held = read(text, u64::MAX).unwrap_err();
        assert_eq!(read(text, 0).unwrap_err(), held, "{text}");
        assert!(held.contains("line") || held.contains("item #"), "{held}");
    }
}

#[test]
fn a_file_that_is_not_json_is_named_as_serde_json_names_it() {
    for (text, words) in [
        (
            "{\"version\": 1,\n \"items\": [}",
            "expected value at line 2",
        ),
        (
            "{\"version\": 1, \"items\": [{\"title\": \"a\"} {\"title\": \"b\"}]}",
            "expected `,` or `]` at line 1",
        ),
        (
            "{\"version\": 1, \"items\": {}}",
            "invalid type: map, expected an array of items at line 1",
        ),
        (
            "{\"version\": 1, \"items\": []} []",
            "trailing characters at line 1",
        ),
    ] {
        let from_reader = scan(serde_json::Deserializer::from_reader(text.as_bytes()))
            .err()
            .unwrap()
            .to_string();
        let error = read(text, 0).unwrap_err();
        assert_eq!(error, from_reader);
        assert!(
            error.starts_with(&format!("the file is not valid lanes JSON: {words}")),
            "{error}"
        );
    }
}

#[test]
fn what_a_pass_does_with_the_items_stops_the_reading() {
    let items: Vec<String> = (1..=50)
        .map(|i| format!("{{\"id\": {i}, \"title\": \"item {i}\"}}"))
        .collect();
    let text = format!("{{\"version\": 1, \"items\": [{}]}}", items.join(",\n"));
    let f = file(&text);
    let (_, native) = NativeFile::open_holding(f.path(), now(), Checking::First, 0).unwrap();
    let mut seen = 0;
    let err = native
        .chunks(4, &mut |c| {
            seen += c.len();
            if seen >= 12 {
                return Err(StoreError::invalid("enough"));
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "enough");
    assert_eq!(seen, 12);
}

#[test]
fn an_item_that_fails_later_in_the_file_fails_its_pass_after_the_ones_before() {
    let mut items: Vec<String> = (1..=30)
        .map(|i| format!("{{\"id\": {i}, \"title\": \"item {i}\"}}"))
        .collect();
    items[20] = "{\"id\": 21, \"title\": \"bad\", \"effort\": 4}".into();
    let text = format!("{{\"version\": 1, \"items\": [{}]}}", items.join(","));
    let f = file(&text);
    let (_, native) = NativeFile::open_holding(f.path(), now(), Checking::First, 0).unwrap();
    let mut seen = Vec::new();
    let err = native
        .chunks(5, &mut |c| {
            seen.extend(c.iter().map(|i| i.id));
            Ok(())
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "item #21: effort must be one of 1, 2, 3, 5, 8, 13, 20, not 4"
    );
    assert_eq!(seen, (1..=20).collect::<Vec<i64>>());
}

/// A new backlog in a folder of its own (gone when dropped), and who imports.
fn backlog() -> (tempfile::TempDir, crate::store::Store, crate::store::Ctx) {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(&dir.path().join("b.db")).unwrap();
    let ctx = crate::store::Ctx {
        by: "test".into(),
        why: "test".into(),
        now: now(),
        today: now().date_naive(),
    };
    (dir, store, ctx)
}

/// What importing `text` into a new backlog says, the file held whole or read
/// from disk (`held` 0), checking only (`dry_run`) or writing, the checks the
/// first pass made kept or (`again`) dropped for the check pass to make; and
/// whether the first pass made them.
fn import(text: &str, held: u64, dry_run: bool, again: bool) -> (Result<usize, String>, bool) {
    import_checking(text, held, Checking::First, dry_run, again)
}

/// [`import`] into a new backlog, writing, the items checked as they are
/// written: the first pass makes no checks, and the file read from disk or
/// its bytes held say the same.
fn import_as_written(text: &str) -> Result<usize, String> {
    let (r, made) = import_checking(text, 0, Checking::AsWritten, false, false);
    assert!(!made, "{text}");
    let (held, made) = import_checking(text, u64::MAX, Checking::AsWritten, false, false);
    assert!(!made, "{text}");
    assert_eq!(held, r, "{text}");
    // Read in one pass where the file ends with its items, else as written.
    for held in [0, u64::MAX] {
        let once = import_bytes(text.as_bytes(), held, Checking::Once).map(|(n, _)| n);
        assert_eq!(once, r, "{text}");
    }
    r
}

fn import_checking(
    text: &str,
    held: u64,
    checking: Checking,
    dry_run: bool,
    again: bool,
) -> (Result<usize, String>, bool) {
    let f = file(text);
    let (_dir, mut store, ctx) = backlog();
    let (outline, native) = match NativeFile::open_holding(f.path(), now(), checking, held) {
        Ok(r) => r,
        Err(e) => return (Err(e.to_string()), false),
    };
    let made = native.checked.lock().unwrap().is_some();
    if again {
        native.checked();
    }
    let doc = match super::super::json::finish(outline) {
        Ok(d) => d,
        Err(e) => return (Err(e.to_string()), made),
    };
    let r = store
        .import_document(&ctx, &doc, &native, dry_run)
        .map(|r| r.items)
        .map_err(|e| e.to_string());
    (r, made)
}

fn doc(items: &[&str], rest: &str) -> String {
    format!(
        "{{\"version\": 1, \"themes\": [{{\"id\": 1, \"name\": \"Growth\"}}], \"items\": [\n{}\n]{rest}}}",
        items.join(",\n")
    )
}

#[test]
fn the_first_pass_over_a_file_checks_its_items_as_the_check_pass_would() {
    let cases = [
        doc(&["{\"id\": 1, \"title\": \"a\"}", "{\"id\": 2, \"title\": \"b\", \"parent\": 1, \"theme\": 1}"], ""),
        doc(&["{\"id\": 1, \"title\": \"a\"}", "{\"id\": 1, \"title\": \"b\"}"], ""),
        doc(&["{\"id\": 1, \"title\": \"a\", \"theme\": 2}"], ""),
        doc(&["{\"id\": 1, \"title\": \"a\", \"parent\": 9}"], ""),
        doc(&["{\"id\": 1, \"title\": \"a\", \"blocked_by\": [2]}", "{\"id\": 2, \"title\": \"b\", \"blocked_by\": [1]}"], ""),
        doc(&["{\"id\": 1, \"title\": \" \"}"], ""),
        doc(&["{\"id\": 1, \"title\": \"a\", \"source\": \"jira:X-1\"}", "{\"id\": 2, \"title\": \"b\", \"source\": \"jira:X-1\"}"], ""),
        doc(&["{\"id\": -3, \"title\": \"a\"}"], ""),
        // An item that fails, then one whose id cannot be read: the id first.
        doc(&["{\"id\": 1, \"title\": \"a\", \"effort\": 4}", "{\"id\": \"two\", \"title\": \"b\"}"], ""),
        doc(&["{\"id\": 1, \"title\": \"a\", \"effort\": \"x\"}", "{\"id\": 2, \"title\": \"b\", \"effort\": 4}"], ""),
        // An item that fails, and an action that does: the action first.
        doc(&["{\"id\": 1, \"title\": \"a\", \"effort\": 4}"], ", \"actions\": [{\"id\": 1, \"kind\": \"nap\", \"state\": \"done\"}]"),
        doc(&["{\"id\": 1, \"title\": \"a\", \"effort\": 4}"], ", \"version\": 9"),
        // A history about an item that is not there.
        doc(&["{\"id\": 1, \"title\": \"a\"}"], ", \"decisions\": [{\"id\": 1, \"action\": 1, \"at\": \"2026-01-01T00:00:00Z\", \"by\": \"x\", \"item\": 5, \"field\": \"title\", \"old\": \"a\", \"new\": \"b\"}]"),
    ];
    for text in &cases {
        let check_pass = import(text, 0, true, true).0;
        let (first_pass, made) = import(text, 0, true, false);
        assert_eq!(first_pass, check_pass, "{text}");
        assert!(made || first_pass.is_err(), "{text}");
        assert_eq!(import(text, 0, false, false).0, check_pass, "{text}");
        assert_eq!(import_as_written(text), check_pass, "{text}");
    }
    assert_eq!(import(&cases[0], 0, false, false), (Ok(2), true));
    assert_eq!(import(&cases[0], u64::MAX, false, false), (Ok(2), false));
}

#[test]
fn checks_wait_for_the_check_pass_where_the_first_pass_cannot_make_them() {
    let no_id = doc(
        &[
            "{\"id\": 1, \"title\": \"a\"}",
            "{\"title\": \"b\", \"parent\": 1}",
        ],
        "",
    );
    let themes_after = "{\"version\": 1, \"items\": [{\"id\": 1, \"title\": \"a\", \"theme\": 1}], \"themes\": [{\"id\": 1, \"name\": \"G\"}]}";
    let themes_again = format!(
        "{}, \"themes\": []}}",
        doc(&["{\"id\": 1, \"title\": \"a\"}"], "").trim_end_matches('}')
    );
    for text in [no_id.as_str(), themes_after, themes_again.as_str()] {
        let (on_disk, made) = import(text, 0, false, false);
        assert!(!made, "{text}");
        assert_eq!(on_disk, import(text, u64::MAX, false, false).0, "{text}");
        assert_eq!(on_disk, import_as_written(text), "{text}");
    }
    assert_eq!(import(&no_id, 0, false, false).0, Ok(2));
    assert_eq!(import(themes_after, 0, false, false).0, Ok(1));
}

/// A seeded differential test: documents mutated at random byte by byte read
/// and import from disk (through the first pass, packed or not) exactly as
/// when held whole: the same items, or the same sentence refusing the file
/// (where `serde_json`'s reader says it, its sentence).
/// `LANES_FUZZ_CASES` sets the number of cases (default 200), and
/// `LANES_FUZZ_SEED` the seed, to replay a failure.
#[test]
fn a_mutated_file_read_from_disk_reads_and_imports_as_when_held() {
    let history = doc(
        &[
            "{\"id\": 1, \"title\": \"a\", \"status\": \"done\", \"finished\": \"2026-01-02T00:00:00Z\"}",
            "{\"id\": 2, \"title\": \"b \\\"c\\\"\", \"labels\": [\"x\", \"y\"], \"blocked_by\": [1], \"theme\": 1}",
        ],
        ", \"actions\": [{\"id\": 1, \"at\": \"2026-01-01T00:00:00Z\", \"by\": \"x\", \"kind\": \"change\", \"state\": \"done\"}], \"decisions\": [{\"id\": 1, \"action\": 1, \"at\": \"2026-01-01T00:00:00Z\", \"by\": \"x\", \"item\": 1, \"field\": \"status\", \"old\": \"todo\", \"new\": \"done\", \"why\": \"\"}]",
    );
    let packed_ids = doc(
        &[
            "{\"id\": 1, \"title\": \"a\", \"criteria\": [{\"text\": \"holds\", \"done\": false}]}",
            "{\"id\": 2, \"title\": \"b\", \"parent\": 1, \"theme\": 1, \"due\": \"2026-12-01\", \"severity\": \"S2\"}",
            "{\"id\": 3, \"title\": \"\\u00e9t\\u00e9\", \"effort\": 5, \"source\": \"jira:X-1\"}",
        ],
        "",
    );
    let bases = [DOC.to_string(), history, packed_ids];
    let cases: u64 = std::env::var("LANES_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("LANES_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x1a4e5);
    // SplitMix64.
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    };
    let pieces: [&[u8]; 14] = [
        b"{",
        b"}",
        b"[",
        b"]",
        b"\"",
        b",",
        b":",
        b"\\",
        b"\n",
        b"0",
        b"-",
        b"null",
        b"\"id\": 1, ",
        b"\xc3",
    ];
    for case in 0..cases {
        let mut bytes = bases[next(bases.len())].clone().into_bytes();
        for _ in 0..=next(3) {
            let at = next(bytes.len());
            match next(3) {
                0 => {
                    bytes.remove(at);
                }
                1 => {
                    let piece = pieces[next(pieces.len())];
                    bytes.splice(at..at, piece.iter().copied());
                }
                _ => {
                    let end = (at + 1 + next(12)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    let to = next(bytes.len());
                    bytes.splice(to..to, copy);
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let shown = format!("seed {seed}, case {case}: {text}");
        let held = import_bytes(&bytes, u64::MAX, Checking::First);
        let on_disk = import_bytes(&bytes, 0, Checking::First);
        // Checked as written, the file is read once more, beside the writing.
        let as_written = import_bytes(&bytes, 0, Checking::AsWritten);
        assert_eq!(as_written, on_disk, "{shown}");
        let held_as_written = import_bytes(&bytes, u64::MAX, Checking::AsWritten);
        assert_eq!(held_as_written, held, "{shown}");
        // In one pass where the file seems to end with its items: else, or
        // where the pass meets more, as written.
        assert_eq!(
            import_bytes(&bytes, 0, Checking::Once),
            as_written,
            "{shown}"
        );
        assert_eq!(
            import_bytes(&bytes, u64::MAX, Checking::Once),
            held,
            "{shown}"
        );
        if on_disk != held {
            // What the walk does not follow is left to serde_json's reader,
            // which places some errors a byte later than reading from a slice
            // does (after a newline it has taken, say): then the file must be
            // refused both ways, in the reader's words.
            let reader = scan(serde_json::Deserializer::from_reader(
                bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes),
            ))
            .err()
            .map(|e| e.to_string());
            assert!(held.is_err(), "{shown}");
            assert_eq!(on_disk.err(), reader, "{shown}");
        }
    }
}

/// [`import`] of raw bytes, writing, the first pass's checks kept: what the
/// import says, and the items it leaves, read back.
fn import_bytes(bytes: &[u8], held: u64, checking: Checking) -> Result<(usize, Vec<Item>), String> {
    let (_dir, store, report) = import_file(bytes, held, checking);
    let report = report?;
    let items = store.export().map_err(|e| e.to_string())?.items;
    Ok((report.items, items))
}

/// The backlog after importing `bytes` as [`import`](super::import) does, and
/// what it said.
fn import_file(
    bytes: &[u8],
    held: u64,
    checking: Checking,
) -> (
    tempfile::TempDir,
    crate::store::Store,
    Result<ImportReport, String>,
) {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), bytes).unwrap();
    let (dir, mut store, ctx) = backlog();
    let report =
        import_holding(&mut store, &ctx, f.path(), checking, false, held).map_err(|e| match e {
            Refused::Read(e) => e.to_string(),
            Refused::Store(e) => e.to_string(),
        });
    (dir, store, report)
}

/// How a file read [`Checking::Once`] is opened: in one pass, or not; the
/// same whether its bytes are held or it is read from disk.
fn read_once(bytes: &[u8]) -> bool {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), bytes).unwrap();
    let open = |held| {
        NativeFile::open_holding(f.path(), now(), Checking::Once, held)
            .unwrap()
            .1
            .text
    };
    let on_disk = matches!(open(0), Text::Once(_));
    let held = matches!(open(u64::MAX), Text::OnceHeld(_));
    assert_eq!(held, on_disk, "held or not, alike");
    on_disk
}

#[test]
fn a_file_that_ends_with_its_items_is_read_in_one_pass_and_imports_as_in_two() {
    let text = doc(
        &[
            "{\"id\": 1, \"title\": \"a\", \"theme\": 1}",
            "{\"id\": 2, \"title\": \"b\", \"parent\": 1, \"blocked_by\": [3]}",
            "{\"id\": 3, \"title\": \"c\", \"status\": \"done\"}",
        ],
        "",
    );
    assert!(read_once(text.as_bytes()));
    let once = import_bytes(text.as_bytes(), 0, Checking::Once).unwrap();
    assert_eq!(
        once,
        import_bytes(text.as_bytes(), 0, Checking::AsWritten).unwrap()
    );
    assert_eq!(
        import_bytes(text.as_bytes(), u64::MAX, Checking::Once).unwrap(),
        once,
        "held"
    );
    assert_eq!(once.0, 3);
    assert_eq!(once.1[1].blocked_by, [3]);
}

#[test]
fn a_file_read_in_one_pass_that_holds_more_than_its_head_told_imports_as_in_two() {
    let items = [
        "{\"id\": 1, \"title\": \"a\", \"status\": \"done\", \"finished\": \"2026-01-02T00:00:00Z\"}",
        "{\"id\": 2, \"title\": \"b\"}",
    ];
    let history = ", \"actions\": [{\"id\": 1, \"at\": \"2026-01-01T00:00:00Z\", \"by\": \"x\", \"kind\": \"change\", \"state\": \"done\"}], \"decisions\": [{\"id\": 1, \"action\": 1, \"at\": \"2026-01-01T00:00:00Z\", \"by\": \"x\", \"item\": 1, \"field\": \"status\", \"old\": \"todo\", \"new\": \"done\", \"why\": \"shipped\"}]";
    // A history after the items, then more than the guess looks at; an item
    // without an id (its id depends on those after it); themes after the
    // items; and a file cut short after its first item.
    let filler = format!(", \"notes\": \"{}\"", "n".repeat(70 << 10));
    let cases = [
        doc(&items, &format!("{history}{filler}")),
        doc(&[items[0], "{\"title\": \"no id\"}", items[1]], ""),
        doc(&items, &format!(", \"themes\": []{filler}")),
        doc(&items, "").replacen(items[1], "{\"id\": 2, \"title\": \"b", 1),
    ];
    for text in &cases {
        let bytes = text.as_bytes();
        assert!(read_once(bytes), "{text}");
        let as_written = import_bytes(bytes, 0, Checking::AsWritten);
        assert_eq!(import_bytes(bytes, 0, Checking::Once), as_written, "{text}");
        let held = import_bytes(bytes, u64::MAX, Checking::AsWritten);
        assert_eq!(
            import_bytes(bytes, u64::MAX, Checking::Once),
            held,
            "{text}"
        );
    }
    // The history is the document's, replayed, not one made by the import.
    for held in [0, u64::MAX] {
        let (_dir, store, report) = import_file(cases[0].as_bytes(), held, Checking::Once);
        assert_eq!(report.unwrap().items, 2);
        let log = store.decisions(Some(1), None).unwrap();
        assert_eq!(
            log.iter().map(|d| d.why.as_str()).collect::<Vec<_>>(),
            ["shipped"],
            "held up to {held} bytes"
        );
    }
    let (_, items) = import_bytes(cases[1].as_bytes(), 0, Checking::Once).unwrap();
    let no_id = items.iter().find(|i| i.title == "no id").unwrap();
    assert_eq!(no_id.id, 3, "the one after the file's largest");
    assert!(import_bytes(cases[3].as_bytes(), 0, Checking::Once).is_err());
}

#[test]
fn what_a_document_is_refused_for_first_does_not_depend_on_its_size() {
    // A theme that breaks a rule, and an item after it that cannot be read:
    // the themes are checked before the items, held or read from disk. Held,
    // the item's error used to come first.
    let text = "{\"version\": 1, \"themes\": [{\"name\": \"Growth\"}], \"items\": [{\"id\": 1, \"title\": \"a\", \"finished\": \"2026-01-02T00:00:0Z\"}]}";
    let held = import(text, u64::MAX, false, false).0;
    assert_eq!(
        held,
        Err("theme 'Growth' has id 0; ids must be positive".into())
    );
    assert_eq!(import(text, 0, false, false).0, held);
    assert_eq!(import(text, u64::MAX, true, false).0, held);
    assert_eq!(import_as_written(text), held);
}

#[test]
fn a_byte_that_is_not_utf8_in_an_item_is_refused_as_when_checked_first() {
    // The first pass of an import checked as written reads only the items'
    // ids, passing over the byte; the reading beside the writing met it as
    // something it could not follow and took the file for one changed
    // while it was read.
    let bytes = b"{\"version\": 1, \"items\": [\n{\"id\": 1, \"title\": \"a\", \"finished\": \"2026-01-02T\xc300:00:00Z\"}\n]}";
    let first = import_bytes(bytes, 0, Checking::First);
    assert_eq!(
        first,
        Err(
            "the file is not valid lanes JSON: invalid unicode code point at line 2 column 49"
                .into()
        )
    );
    assert_eq!(import_bytes(bytes, 0, Checking::AsWritten), first);
}

//! `lanes export --format csv`: one row per item, the native item fields as
//! columns in the order of the JSON document. Labels and blockers are joined by
//! `;`, criteria are `[x] text` lines in one cell, dates are as in JSON, and an
//! empty field is an empty cell. A text cell that a spreadsheet would run as a
//! formula begins with a single quote (see [`defused`]).

use std::io::Write;

use serde_json::Value;

use super::json::ItemDoc;

/// The columns: every field of an item as the native document has it.
pub fn columns() -> Vec<String> {
    match serde_json::to_value(ItemDoc::default()) {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// The columns of free text, written by people or brought from a tracker: the
/// only cells that can begin like a formula. Numbers, dates, ids and the
/// vocabularies (lane, status, severity, horizon) are left as they are.
const TEXT: [&str; 11] = [
    "title",
    "description",
    "owner",
    "labels",
    "segment",
    "metric",
    "criteria",
    "workaround",
    "root_cause",
    "prevention",
    "source",
];

/// A text cell as a spreadsheet may safely open it: one that begins with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would run as a formula (CSV
/// injection: `=HYPERLINK(…)` sends a click anywhere), so it begins with a
/// single quote instead, as OWASP recommends; a spreadsheet shows the rest as
/// text.
pub fn defused(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// One field as a cell.
fn cell(field: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(list) if field == "criteria" => list
            .iter()
            .map(|c| {
                let done = c.get("done").and_then(Value::as_bool).unwrap_or(false);
                let text = c.get("text").and_then(Value::as_str).unwrap_or_default();
                format!("[{}] {text}", if done { "x" } else { " " })
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Array(list) => list
            .iter()
            .map(|x| cell(field, x))
            .collect::<Vec<_>>()
            .join(";"),
        Value::Object(_) => v.to_string(),
    }
}

/// Items as CSV, a header row first, written a row at a time.
pub struct Writer<W: Write> {
    columns: Vec<String>,
    out: ::csv::Writer<W>,
}

impl<W: Write> Writer<W> {
    /// Writes the header row.
    pub fn new(w: W) -> std::io::Result<Writer<W>> {
        let columns = columns();
        let mut out = ::csv::Writer::from_writer(w);
        out.write_record(&columns)?;
        Ok(Writer { columns, out })
    }

    pub fn row(&mut self, item: &ItemDoc) -> std::io::Result<()> {
        let Ok(Value::Object(map)) = serde_json::to_value(item) else {
            return Ok(());
        };
        self.out.write_record(self.columns.iter().map(|c| {
            let v = cell(c, map.get(c).unwrap_or(&Value::Null));
            if TEXT.contains(&c.as_str()) {
                defused(v)
            } else {
                v
            }
        }))?;
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::Criterion;

    #[test]
    fn lists_join_and_criteria_are_lines_in_one_cell() {
        let doc = ItemDoc {
            id: Some(7),
            title: "Fix \"quotes\", commas\nand lines".into(),
            labels: vec!["web".into(), "eu".into()],
            blocked_by: vec![3, 5],
            criteria: vec![
                Criterion {
                    text: "works".into(),
                    done: true,
                },
                Criterion {
                    text: "fast".into(),
                    done: false,
                },
            ],
            pinned: true,
            score: Some(4.8),
            ..ItemDoc::default()
        };
        let mut bytes = Vec::new();
        let mut w = Writer::new(&mut bytes).unwrap();
        w.row(&doc).unwrap();
        w.finish().unwrap();
        let mut r = ::csv::Reader::from_reader(bytes.as_slice());
        let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(head, columns());
        assert_eq!(head[0], "id");
        let row = r.records().next().unwrap().unwrap();
        let get = |name: &str| row[head.iter().position(|h| h == name).unwrap()].to_string();
        assert_eq!(get("title"), "Fix \"quotes\", commas\nand lines");
        assert_eq!(get("labels"), "web;eu");
        assert_eq!(get("blocked_by"), "3;5");
        assert_eq!(get("criteria"), "[x] works\n[ ] fast");
        assert_eq!(get("pinned"), "true");
        assert_eq!(get("score"), "4.8");
        assert_eq!(get("lane"), "");
    }

    #[test]
    fn every_text_column_is_a_column() {
        let columns = columns();
        for c in TEXT {
            assert!(columns.iter().any(|x| x == c), "{c}");
        }
    }

    #[test]
    fn only_text_that_begins_like_a_formula_gets_a_quote() {
        for (raw, want) in [
            ("=1+1", "'=1+1"),
            ("+31 6 1234", "'+31 6 1234"),
            ("-2 days", "'-2 days"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("a = b", "a = b"),
            (" =1", " =1"),
            ("'quoted", "'quoted"),
            ("", ""),
        ] {
            assert_eq!(defused(raw.into()), want, "{raw:?}");
        }
    }
}

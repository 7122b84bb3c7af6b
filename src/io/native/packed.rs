//! Items held between the passes over a file, packed: each field as its
//! bytes, lengths before text, about a third of the item's JSON and a fifth of
//! the item in memory. Read back, they cost a fraction of reading the file's
//! JSON again, which the pass that writes them would otherwise do.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::domain::{Criterion, Horizon, Item, Lane, Severity, Status};
use crate::store::StoreError;

/// Packed items, in the order given.
#[derive(Debug, Default)]
pub(super) struct Packed {
    bytes: Vec<u8>,
}

impl Packed {
    /// The bytes the items take.
    pub(super) fn size(&self) -> usize {
        self.bytes.len()
    }

    pub(super) fn push(&mut self, item: &Item) {
        // Every field, named, so that a field added to items is packed too.
        let Item {
            id,
            title,
            description,
            lane,
            status,
            value,
            impact,
            risk,
            effort,
            severity,
            horizon,
            pinned,
            due,
            owner,
            theme,
            parent,
            labels,
            segment,
            metric,
            criteria,
            blocked_by,
            workaround,
            root_cause,
            prevention,
            duplicate_of,
            source,
            created,
            updated,
            started,
            finished,
        } = item;
        let out = &mut self.bytes;
        out.extend_from_slice(&id.to_le_bytes());
        text(out, title);
        maybe_text(out, description.as_deref());
        word(out, lane.map(|v| index(Lane::ALL, v)));
        word(out, Some(index(Status::ALL, *status)));
        for scale in [value, impact, risk, effort] {
            match scale {
                Some(v) => out.extend_from_slice(&[1, *v]),
                None => out.push(0),
            }
        }
        word(out, severity.map(|v| index(Severity::ALL, v)));
        word(out, Some(index(Horizon::ALL, *horizon)));
        out.push(u8::from(*pinned));
        match due {
            Some(d) => {
                out.push(1);
                out.extend_from_slice(&d.num_days_from_ce().to_le_bytes());
            }
            None => out.push(0),
        }
        maybe_text(out, owner.as_deref());
        maybe_id(out, *theme);
        maybe_id(out, *parent);
        count(out, labels.len());
        for l in labels {
            text(out, l);
        }
        maybe_text(out, segment.as_deref());
        maybe_text(out, metric.as_deref());
        count(out, criteria.len());
        for c in criteria {
            text(out, &c.text);
            out.push(u8::from(c.done));
        }
        count(out, blocked_by.len());
        for b in blocked_by {
            out.extend_from_slice(&b.to_le_bytes());
        }
        maybe_text(out, workaround.as_deref());
        maybe_text(out, root_cause.as_deref());
        maybe_text(out, prevention.as_deref());
        maybe_id(out, *duplicate_of);
        maybe_text(out, source.as_deref());
        time(out, *created);
        time(out, *updated);
        maybe_time(out, *started);
        maybe_time(out, *finished);
    }

    /// Each item, unpacked, in the order pushed; an error from `f` stops.
    pub(super) fn each(
        &self,
        f: &mut dyn FnMut(Item) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut at = Unpack {
            bytes: &self.bytes,
            at: 0,
        };
        while at.at < self.bytes.len() {
            let item = at.item().map_err(|Damaged| {
                StoreError::Io(
                    "the items held between the passes over the file were damaged".into(),
                )
            })?;
            f(item)?;
        }
        Ok(())
    }
}

fn index<T: PartialEq + Copy>(all: &[T], v: T) -> u8 {
    all.iter().position(|w| *w == v).unwrap_or_default() as u8
}

fn word(out: &mut Vec<u8>, index: Option<u8>) {
    out.push(index.map_or(0, |i| i + 1));
}

fn count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

fn text(out: &mut Vec<u8>, s: &str) {
    count(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn maybe_text(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            text(out, s);
        }
        None => out.push(0),
    }
}

fn maybe_id(out: &mut Vec<u8>, id: Option<i64>) {
    match id {
        Some(id) => {
            out.push(1);
            out.extend_from_slice(&id.to_le_bytes());
        }
        None => out.push(0),
    }
}

fn time(out: &mut Vec<u8>, t: DateTime<Utc>) {
    out.extend_from_slice(&t.timestamp().to_le_bytes());
    out.extend_from_slice(&t.timestamp_subsec_nanos().to_le_bytes());
}

fn maybe_time(out: &mut Vec<u8>, t: Option<DateTime<Utc>>) {
    match t {
        Some(t) => {
            out.push(1);
            time(out, t);
        }
        None => out.push(0),
    }
}

/// Bytes that are not what [`Packed::push`] wrote.
struct Damaged;

type Read<T> = Result<T, Damaged>;

struct Unpack<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Unpack<'_> {
    fn take<const N: usize>(&mut self) -> Read<[u8; N]> {
        let b = self.bytes.get(self.at..self.at + N).ok_or(Damaged)?;
        self.at += N;
        b.try_into().map_err(|_| Damaged)
    }

    fn byte(&mut self) -> Read<u8> {
        self.take::<1>().map(|[b]| b)
    }

    fn flag(&mut self) -> Read<bool> {
        self.byte().map(|b| b == 1)
    }

    fn id(&mut self) -> Read<i64> {
        self.take().map(i64::from_le_bytes)
    }

    fn count(&mut self) -> Read<usize> {
        self.take().map(|b| u32::from_le_bytes(b) as usize)
    }

    fn text(&mut self) -> Read<String> {
        let n = self.count()?;
        let b = self.bytes.get(self.at..self.at + n).ok_or(Damaged)?;
        self.at += n;
        String::from_utf8(b.to_vec()).map_err(|_| Damaged)
    }

    fn maybe<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        if self.flag()? {
            read(self).map(Some)
        } else {
            Ok(None)
        }
    }

    fn word<T: Copy>(&mut self, all: &[T]) -> Read<Option<T>> {
        match self.byte()? {
            0 => Ok(None),
            i => all
                .get(usize::from(i) - 1)
                .copied()
                .map(Some)
                .ok_or(Damaged),
        }
    }

    fn time(&mut self) -> Read<DateTime<Utc>> {
        let secs = i64::from_le_bytes(self.take()?);
        let nanos = u32::from_le_bytes(self.take()?);
        DateTime::from_timestamp(secs, nanos).ok_or(Damaged)
    }

    fn item(&mut self) -> Read<Item> {
        Ok(Item {
            id: self.id()?,
            title: self.text()?,
            description: self.maybe(Self::text)?,
            lane: self.word(Lane::ALL)?,
            status: self.word(Status::ALL)?.ok_or(Damaged)?,
            value: self.maybe(Self::byte)?,
            impact: self.maybe(Self::byte)?,
            risk: self.maybe(Self::byte)?,
            effort: self.maybe(Self::byte)?,
            severity: self.word(Severity::ALL)?,
            horizon: self.word(Horizon::ALL)?.ok_or(Damaged)?,
            pinned: self.flag()?,
            due: self.maybe(|u| {
                NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(u.take()?)).ok_or(Damaged)
            })?,
            owner: self.maybe(Self::text)?,
            theme: self.maybe(Self::id)?,
            parent: self.maybe(Self::id)?,
            labels: (0..self.count()?)
                .map(|_| self.text())
                .collect::<Read<_>>()?,
            segment: self.maybe(Self::text)?,
            metric: self.maybe(Self::text)?,
            criteria: (0..self.count()?)
                .map(|_| {
                    Ok(Criterion {
                        text: self.text()?,
                        done: self.flag()?,
                    })
                })
                .collect::<Read<_>>()?,
            blocked_by: (0..self.count()?).map(|_| self.id()).collect::<Read<_>>()?,
            workaround: self.maybe(Self::text)?,
            root_cause: self.maybe(Self::text)?,
            prevention: self.maybe(Self::text)?,
            duplicate_of: self.maybe(Self::id)?,
            source: self.maybe(Self::text)?,
            created: self.time()?,
            updated: self.time()?,
            started: self.maybe(Self::time)?,
            finished: self.maybe(Self::time)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::parse_time;

    #[test]
    fn items_unpack_as_they_were_packed() {
        let now = parse_time("2026-11-21T09:00:00.123456789Z").unwrap();
        let bare = Item::new("bare", now);
        let mut full = Item::new("Full \"é\" 🚀", now);
        full.id = i64::MAX;
        full.description = Some(String::new());
        full.lane = Some(Lane::Bet);
        full.status = Status::Declined;
        (full.value, full.impact, full.risk, full.effort) = (Some(1), Some(20), Some(0), Some(255));
        full.severity = Some(Severity::S4);
        full.horizon = Horizon::Now;
        full.pinned = true;
        full.due = NaiveDate::from_ymd_opt(9999, 12, 31);
        full.owner = Some("ana".into());
        full.theme = Some(3);
        full.parent = Some(-1);
        full.labels = vec!["a".into(), "b c".into()];
        full.segment = Some("enterprise".into());
        full.metric = Some("churn".into());
        full.criteria = vec![
            Criterion {
                text: "one".into(),
                done: true,
            },
            Criterion {
                text: String::new(),
                done: false,
            },
        ];
        full.blocked_by = vec![1, 2, i64::MIN];
        full.workaround = Some("w".into());
        full.root_cause = Some("r".into());
        full.prevention = Some("p".into());
        full.duplicate_of = Some(7);
        full.source = Some("jira:X-1".into());
        full.updated = parse_time("1970-01-01T00:00:00Z").unwrap();
        full.started = Some(parse_time("2000-02-29T23:59:59Z").unwrap());
        full.finished = Some(now);
        let mut packed = Packed::default();
        for item in [&bare, &full, &bare] {
            packed.push(item);
        }
        let mut out = Vec::new();
        packed
            .each(&mut |i| {
                out.push(i);
                Ok(())
            })
            .unwrap();
        assert_eq!(out, vec![bare.clone(), full, bare]);
    }

    #[test]
    fn damaged_bytes_are_an_error_not_fewer_items() {
        let mut packed = Packed::default();
        packed.push(&Item::new("x", parse_time("2026-11-21T09:00:00Z").unwrap()));
        packed.bytes.pop();
        let mut seen = 0;
        assert!(packed
            .each(&mut |_| {
                seen += 1;
                Ok(())
            })
            .is_err());
        assert_eq!(seen, 0);
    }

    #[test]
    fn what_a_pass_does_with_an_item_stops_it() {
        let mut packed = Packed::default();
        for n in 1..=5 {
            let mut item = Item::new("x", parse_time("2026-11-21T09:00:00Z").unwrap());
            item.id = n;
            packed.push(&item);
        }
        let mut seen = Vec::new();
        let stopped = packed.each(&mut |i| {
            seen.push(i.id);
            if i.id == 3 {
                Err(StoreError::invalid("enough"))
            } else {
                Ok(())
            }
        });
        assert_eq!(stopped.unwrap_err().to_string(), "enough");
        assert_eq!(seen, vec![1, 2, 3]);
    }
}

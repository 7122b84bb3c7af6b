//! Reading a native document with `serde_json`'s own deserializer: the
//! outline kept, each item handed over as it is read, never all held.

use std::cell::RefCell;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::GOES_ON;
use crate::domain::{DomainError, Item};
use crate::io::json::{located, ActionDoc, DecisionDoc, ItemDoc, ThemeDoc};
use crate::store::StoreError;

/// Everything of a document but its items.
#[derive(Debug, Default)]
pub struct Outline {
    pub version: Option<u32>,
    pub policy: Option<Map<String, Value>>,
    pub themes: Vec<ThemeDoc>,
    pub decisions: Vec<DecisionDoc>,
    pub actions: Vec<ActionDoc>,
}

/// Why a pass stopped: the JSON, or what was done with an item.
pub enum Stop<E> {
    Json(serde_json::Error),
    Item(E),
}

/// Reads a document from `de`, handing each item (as a `T`) to `on_item`.
pub fn walk<'de, R, T, E>(
    de: &mut serde_json::Deserializer<R>,
    on_item: &mut dyn FnMut(T) -> Result<(), E>,
) -> Result<Outline, Stop<E>>
where
    R: serde_json::de::Read<'de>,
    T: DeserializeOwned,
{
    walk_goes_on(de, on_item, None)
}

/// [`walk`], stopped with `goes_on`'s error, when given, at a key of the
/// outline after the items (see [`Checking::Once`](super::Checking::Once)).
fn walk_goes_on<'de, R, T, E>(
    de: &mut serde_json::Deserializer<R>,
    on_item: &mut dyn FnMut(T) -> Result<(), E>,
    goes_on: Option<fn() -> E>,
) -> Result<Outline, Stop<E>>
where
    R: serde_json::de::Read<'de>,
    T: DeserializeOwned,
{
    let failed: RefCell<Option<E>> = RefCell::new(None);
    let seed = DocSeed {
        on_item,
        failed: &failed,
        goes_on,
    };
    let result = seed
        .deserialize(&mut *de)
        .and_then(|o| de.end().map(|()| o));
    match (result, failed.into_inner()) {
        (_, Some(e)) => Err(Stop::Item(e)),
        (Ok(o), None) => Ok(o),
        (Err(e), None) => Err(Stop::Json(e)),
    }
}

struct DocSeed<'a, T, E> {
    on_item: &'a mut dyn FnMut(T) -> Result<(), E>,
    failed: &'a RefCell<Option<E>>,
    goes_on: Option<fn() -> E>,
}

impl<'de, T: DeserializeOwned, E> DeserializeSeed<'de> for DocSeed<'_, T, E> {
    type Value = Outline;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Outline, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned, E> Visitor<'de> for DocSeed<'_, T, E> {
    type Value = Outline;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a lanes document, an object like {\"version\": 1, \"items\": [...]}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outline, A::Error> {
        let mut out = Outline::default();
        let mut reached = false;
        while let Some(key) = map.next_key::<String>()? {
            let outline = [
                "items",
                "themes",
                "decisions",
                "actions",
                "version",
                "policy",
            ];
            if let Some(goes_on) = self.goes_on.filter(|_| reached) {
                if outline.contains(&key.as_str()) {
                    *self.failed.borrow_mut() = Some(goes_on());
                    return Err(de::Error::custom("stopped"));
                }
            }
            reached |= key == "items";
            match key.as_str() {
                "version" => out.version = map.next_value()?,
                "policy" => out.policy = map.next_value()?,
                "themes" => out.themes = map.next_value()?,
                "decisions" => out.decisions = map.next_value()?,
                "actions" => out.actions = map.next_value()?,
                "items" => map.next_value_seed(ItemsSeed {
                    on_item: &mut *self.on_item,
                    failed: self.failed,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

struct ItemsSeed<'a, T, E> {
    on_item: &'a mut dyn FnMut(T) -> Result<(), E>,
    failed: &'a RefCell<Option<E>>,
}

impl<'de, T: DeserializeOwned, E> DeserializeSeed<'de> for ItemsSeed<'_, T, E> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned, E> Visitor<'de> for ItemsSeed<'_, T, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            if let Err(e) = (self.on_item)(item) {
                *self.failed.borrow_mut() = Some(e);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// Only an item's id: what the first pass reads.
#[derive(Deserialize)]
pub(super) struct IdOnly {
    #[serde(default)]
    pub(super) id: Option<i64>,
}

/// What the first pass learns: the outline, and the ids items without one get.
#[derive(Default)]
pub struct Scan {
    pub outline: Outline,
    /// The largest id in the document; items without one get the next ones.
    pub max_id: i64,
    pub count: usize,
}

/// The first pass over a document: its outline and its items' ids.
pub fn scan<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<Scan, DomainError> {
    let (mut max_id, mut count) = (0_i64, 0_usize);
    let outline = walk::<R, IdOnly, DomainError>(&mut de, &mut |i: IdOnly| {
        count += 1;
        max_id = max_id.max(i.id.unwrap_or(0));
        Ok(())
    })
    .map_err(|e| match e {
        Stop::Json(e) => located("the file is not valid lanes JSON", &e),
        Stop::Item(e) => e,
    })?;
    Ok(Scan {
        outline,
        max_id,
        count,
    })
}

/// Each item of the document in `de`, with ids given to those without one.
pub fn each_item<'de, R: serde_json::de::Read<'de>>(
    de: serde_json::Deserializer<R>,
    max_id: i64,
    now: DateTime<Utc>,
    f: &mut dyn FnMut(Item) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    read_items(de, Some(max_id), now, f)
}

/// Each item of the document in `de`: with ids given to those without one
/// after `max_id`, or, with no `max_id`, read [`Checking::Once`](super::Checking::Once), stopped
/// with [`GOES_ON`] at an item without an id or a key of the outline after
/// the items.
pub(super) fn read_items<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
    max_id: Option<i64>,
    now: DateTime<Utc>,
    f: &mut dyn FnMut(Item) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    fn goes_on() -> StoreError {
        DomainError::invalid(GOES_ON).into()
    }
    let mut next = max_id.unwrap_or(0);
    let mut item = |d: ItemDoc| {
        let id = match (d.id, max_id) {
            (Some(id), _) => id,
            (None, Some(_)) => {
                next += 1;
                next
            }
            (None, None) => return Err(goes_on()),
        };
        f(d.into_item(id, now)?)
    };
    let once = max_id.is_none().then_some(goes_on as fn() -> StoreError);
    walk_goes_on::<R, ItemDoc, StoreError>(&mut de, &mut item, once)
        .map(|_| ())
        .map_err(|e| match e {
            Stop::Json(e) if e.is_io() => StoreError::Io(format!("reading the file failed: {e}")),
            Stop::Json(e) => StoreError::Invalid(located("the file is not valid lanes JSON", &e)),
            Stop::Item(e) => e,
        })
}

//! The policy table, policy changes, and triage of every open item.

use rusqlite::{params, Connection};

use super::record::{Kind, Recorder};
use super::{Ctx, Move, Result, Store, StoreError};
use crate::domain::policy::PolicyValue;
use crate::domain::{triage, Horizon, Item, Policy, Severity};

/// A stored policy value that cannot be read (the file was changed by hand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// The key, or for a rule across keys (capacity shares summing to 1.0)
    /// the empty string: then `value` is empty and `why` says the rule.
    pub key: String,
    /// The text stored.
    pub value: String,
    pub why: String,
}

/// Reads the policy; keys not stored keep their defaults. A stored value that
/// cannot be read is an error that names it.
pub(super) fn load(conn: &Connection) -> Result<Policy> {
    let (policy, damage) = load_all(conn)?;
    match damage.into_iter().next() {
        Some(d) if d.key.is_empty() => Err(StoreError::BrokenPolicy(d.why)),
        Some(d) => Err(StoreError::DamagedPolicy {
            key: d.key,
            value: d.value,
            why: d.why,
        }),
        None => Ok(policy),
    }
}

/// Reads the policy, keeping the default for each stored value that cannot be
/// read, and says which those are.
pub(super) fn load_all(conn: &Connection) -> Result<(Policy, Vec<Damage>)> {
    let mut policy = Policy::default();
    let mut damage = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM policy ORDER BY key")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        let Ok(value) = r.get::<_, String>(1) else {
            let raw: rusqlite::types::Value = r.get(1)?;
            damage.push(Damage {
                key: key.clone(),
                value: format!("{raw:?}"),
                why: "it is not text".into(),
            });
            continue;
        };
        // A key this version does not know is kept in the table but ignored.
        if Policy::is_key(&key) {
            let mut tried = policy.clone();
            match tried.set(&key, &value) {
                Ok(()) => policy = tried,
                Err(e) => damage.push(Damage {
                    key,
                    value,
                    why: e.to_string(),
                }),
            }
        }
    }
    // Each value readable alone, they must still keep the rules across keys.
    if damage.is_empty() {
        if let Err(e) = policy.validate() {
            damage.push(Damage {
                key: String::new(),
                value: String::new(),
                why: e.to_string(),
            });
        }
    }
    Ok((policy, damage))
}

pub(super) fn save_key(conn: &Connection, key: &str, value: &PolicyValue) -> Result<()> {
    conn.prepare_cached("INSERT INTO policy (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2")?
        .execute(params![key, value.to_string()])?;
    Ok(())
}

impl Store {
    pub fn policy(&self) -> Result<Policy> {
        load(&self.conn)
    }

    /// The policy with the default in place of each stored value that cannot
    /// be read, and those values: what `policy show` needs to say what is wrong.
    pub fn policy_with_damage(&self) -> Result<(Policy, Vec<Damage>)> {
        load_all(&self.conn)
    }

    /// Sets several keys at once (capacity shares must still sum to 1.0), records
    /// each change, and re-triages when scores or thresholds moved.
    pub fn set_policy(&mut self, ctx: &Ctx, pairs: &[(String, String)]) -> Result<Vec<Move>> {
        // A change of weights rewrites most rows and the rank index: give the
        // transaction a page cache that holds them (up to 64 MiB).
        self.with_cache(-65_536, |store| {
            let tx = store.write()?;
            let (mut old, damage) = load_all(&tx)?;
            let mut new = old.clone();
            new.set_all(pairs)?;
            // A value that cannot be read is repaired only by setting it; a
            // broken rule by any change that keeps it (`set_all` checks).
            let damage: Vec<Damage> = damage.into_iter().filter(|d| !d.key.is_empty()).collect();
            if let Some(d) = damage
                .iter()
                .find(|d| !pairs.iter().any(|(k, _)| *k == d.key))
            {
                return Err(StoreError::DamagedPolicy {
                    key: d.key.clone(),
                    value: d.value.clone(),
                    why: d.why.clone(),
                });
            }
            let mut rec = Recorder::new(&tx, ctx, Kind::Change);
            // Each repaired key is recorded from the text that was stored; the
            // rest of the change then compares as usual.
            let mut rescore = false;
            for d in &damage {
                let value = new.get(&d.key).unwrap_or(PolicyValue::Text(String::new()));
                save_key(&tx, &d.key, &value)?;
                rec.record(
                    None,
                    &d.key,
                    Some(&d.value),
                    Some(&value.to_string()),
                    &ctx.why,
                )?;
                old.set(&d.key, &value.to_string())?;
                rescore |= Policy::affects_triage(&d.key);
            }
            let mut moves = apply_policy(&mut rec, &old, &new)?;
            if rescore {
                // Stored scores may have been computed with anything.
                self::rescore(&tx, &new)?;
                moves.extend(retriage(&mut rec, &new, false)?);
            }
            tx.commit()?;
            Ok(moves)
        })
    }

    /// Re-applies triage to every open item; with `dry_run`, only reports.
    pub fn triage_all(&mut self, ctx: &Ctx, dry_run: bool) -> Result<Vec<Move>> {
        let tx = self.write()?;
        let policy = load(&tx)?;
        let mut rec = Recorder::new(&tx, ctx, Kind::Change);
        let moves = retriage(&mut rec, &policy, dry_run)?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(moves)
    }
}

/// Writes and records the keys that differ between `old` and `new`, then
/// re-scores and re-triages if the change touches them.
pub(super) fn apply_policy(
    rec: &mut Recorder<'_>,
    old: &Policy,
    new: &Policy,
) -> Result<Vec<Move>> {
    let why = rec.ctx().why.clone();
    let mut touches_triage = false;
    let mut touches_weights = false;
    for key in Policy::keys() {
        let (a, b) = (old.get(key), new.get(key));
        if a != b {
            let b = b.unwrap_or(PolicyValue::Text(String::new()));
            save_key(rec.conn(), key, &b)?;
            rec.record(
                None,
                key,
                a.map(|v| v.to_string()).as_deref(),
                Some(&b.to_string()),
                &why,
            )?;
            touches_triage |= Policy::affects_triage(key);
            touches_weights |= key.starts_with("weight.");
        }
    }
    if touches_weights {
        rescore(rec.conn(), new)?;
    }
    if touches_triage {
        retriage(rec, new, false)
    } else {
        Ok(Vec::new())
    }
}

/// Recomputes every stored score with the policy's weights, in the same order of
/// operations as `domain::score`, so stored and computed scores are identical.
/// Only rows whose score changes are written: each write of an open item also
/// moves it in the rank index.
fn rescore(conn: &Connection, policy: &Policy) -> Result<()> {
    conn.prepare_cached(
        "UPDATE items SET score = CASE WHEN value IS NULL OR impact IS NULL OR risk IS NULL OR effort IS NULL \
         THEN NULL ELSE (?1 * value + ?2 * impact + ?3 * risk) / CAST(effort AS REAL) END \
         WHERE score IS NOT CASE WHEN value IS NULL OR impact IS NULL OR risk IS NULL OR effort IS NULL \
         THEN NULL ELSE (?1 * value + ?2 * impact + ?3 * risk) / CAST(effort AS REAL) END",
    )?
    .execute(params![policy.weight_value, policy.weight_impact, policy.weight_risk])?;
    Ok(())
}

/// Derives the horizon of every open item and records each one that moves.
pub(super) fn retriage(
    rec: &mut Recorder<'_>,
    policy: &Policy,
    dry_run: bool,
) -> Result<Vec<Move>> {
    let conn = rec.conn();
    let mut moves = Vec::new();
    {
        // Most items are open: reading the table in id order beats looking each
        // one up through the status index and sorting them.
        let mut stmt = conn.prepare_cached(
            "SELECT id, value, impact, risk, effort, severity, horizon, pinned FROM items NOT INDEXED \
             WHERE status IN ('todo', 'doing') ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut item = Item::new("", rec.ctx().now);
        while let Some(r) = rows.next()? {
            item.id = r.get(0)?;
            item.value = r.get(1)?;
            item.impact = r.get(2)?;
            item.risk = r.get(3)?;
            item.effort = r.get(4)?;
            let text = |i: usize| -> rusqlite::Result<Option<&str>> {
                r.get_ref(i)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)
            };
            item.severity = text(5)?.map(Severity::parse).transpose()?;
            item.horizon = Horizon::parse(text(6)?.unwrap_or_default())?;
            item.pinned = r.get(7)?;
            // The reason is worded only for the few that move.
            if triage::horizon(&item, policy) != item.horizon {
                let (to, why) = triage::derive(&item, policy);
                moves.push(super::Move {
                    id: item.id,
                    from: item.horizon,
                    to,
                    why,
                });
            }
        }
    }
    if !dry_run {
        // A move by the rules is not a person touching the item: `updated` stays,
        // so staleness still shows.
        // One UPDATE per horizon, not per item: every run of an UPDATE of
        // `horizon` rebuilds the list its CHECK constraint tests against.
        let mut update = conn.prepare_cached(
            "UPDATE items SET horizon = ?1 WHERE id IN (SELECT value FROM json_each(?2))",
        )?;
        for &h in Horizon::ALL {
            let ids: Vec<i64> = moves.iter().filter(|m| m.to == h).map(|m| m.id).collect();
            if !ids.is_empty() {
                update.execute(params![
                    h.as_str(),
                    serde_json::Value::from(ids).to_string()
                ])?;
            }
        }
        for m in &moves {
            rec.record(
                Some(m.id),
                "horizon",
                Some(m.from.as_str()),
                Some(m.to.as_str()),
                &m.why,
            )?;
        }
    }
    Ok(moves)
}

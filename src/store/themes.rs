//! Roadmap themes.

use rusqlite::{params, Connection, OptionalExtension};

use super::record::{Kind, Recorder};
use super::{Ctx, Result, Store, StoreError};
use crate::domain::record::theme_field;
use crate::domain::{Theme, ThemeStatus};

pub(super) fn load(conn: &Connection, id: i64) -> Result<Theme> {
    conn.prepare_cached("SELECT id, name, outcome, status FROM themes WHERE id = ?1")?
        .query_row([id], from_row)
        .optional()?
        .ok_or(StoreError::NoTheme(id))
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Theme> {
    let status: String = r.get(3)?;
    Ok(Theme {
        id: r.get(0)?,
        name: r.get(1)?,
        outcome: r.get(2)?,
        status: ThemeStatus::parse(&status).unwrap_or(ThemeStatus::Active),
    })
}

pub(super) fn all(conn: &Connection) -> Result<Vec<Theme>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, outcome, status FROM themes ORDER BY id")?;
    let themes = stmt.query_map([], from_row)?.collect::<Result<_, _>>()?;
    Ok(themes)
}

/// The theme named `name` ([`Theme::is_named`]: ignoring case), when there is one.
pub(super) fn named(conn: &Connection, name: &str) -> Result<Option<Theme>> {
    Ok(all(conn)?.into_iter().find(|t| t.is_named(name)))
}

/// Writes a theme and records each field that changed (or its creation).
pub(super) fn save(rec: &mut Recorder<'_>, old: Option<&Theme>, new: &Theme) -> Result<()> {
    new.validate()?;
    Theme::check_name_free(&all(rec.conn())?, new.id, &new.name)?;
    rec.conn()
        .prepare_cached(
            "INSERT INTO themes (id, name, outcome, status) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (id) DO UPDATE SET name = ?2, outcome = ?3, status = ?4",
        )?
        .execute(params![new.id, new.name, new.outcome, new.status.as_str()])?;
    let why = rec.ctx().why.clone();
    let fields = |t: &Theme| {
        [
            ("name", Some(t.name.clone())),
            ("outcome", t.outcome.clone()),
            ("status", Some(t.status.as_str().to_string())),
        ]
    };
    let before = if let Some(o) = old {
        fields(o)
    } else {
        rec.record(
            None,
            &theme_field(new.id, "created"),
            None,
            Some(&new.name),
            &why,
        )?;
        // A new theme starts active, with its name recorded above.
        [
            ("name", Some(new.name.clone())),
            ("outcome", None),
            ("status", Some("active".into())),
        ]
    };
    for ((f, a), (_, b)) in before.into_iter().zip(fields(new)) {
        if a != b {
            rec.record(
                None,
                &theme_field(new.id, f),
                a.as_deref(),
                b.as_deref(),
                &why,
            )?;
        }
    }
    Ok(())
}

impl Store {
    pub fn themes(&self) -> Result<Vec<Theme>> {
        all(&self.conn)
    }

    pub fn theme(&self, id: i64) -> Result<Theme> {
        load(&self.conn, id)
    }

    pub fn add_theme(&mut self, ctx: &Ctx, name: &str, outcome: Option<&str>) -> Result<Theme> {
        let tx = self.write()?;
        let next: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM themes", [], |r| {
            r.get(0)
        })?;
        let theme = Theme {
            id: next,
            name: name.trim().to_string(),
            outcome: outcome
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty()),
            status: ThemeStatus::Active,
        };
        let mut rec = Recorder::new(&tx, ctx, Kind::Change);
        save(&mut rec, None, &theme)?;
        tx.commit()?;
        Ok(theme)
    }

    pub fn edit_theme(
        &mut self,
        ctx: &Ctx,
        id: i64,
        edit: impl FnOnce(&mut Theme),
    ) -> Result<Theme> {
        let tx = self.write()?;
        let old = load(&tx, id)?;
        let mut new = old.clone();
        edit(&mut new);
        new.name = new.name.trim().to_string();
        let mut rec = Recorder::new(&tx, ctx, Kind::Change);
        save(&mut rec, Some(&old), &new)?;
        tx.commit()?;
        Ok(new)
    }
}

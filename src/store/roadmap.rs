//! What the roadmap counts: every item that is not declined, as a piece of a
//! theme.

use super::{Result, Store};
use crate::domain::roadmap::Piece;
use crate::domain::Status;

impl Store {
    /// Every item that is not declined, as the roadmap counts it.
    pub fn roadmap_pieces(&self) -> Result<Vec<Piece>> {
        let rows = self.narrow("NOT INDEXED WHERE status <> 'declined'")?;
        Ok(rows
            .into_iter()
            .map(|r| Piece {
                id: r.key.id,
                theme: r.theme,
                parent: r.parent,
                lane: r.lane,
                horizon: r.key.horizon,
                done: r.status == Status::Done,
                effort: r.effort.map_or(0, u32::from),
            })
            .collect())
    }
}

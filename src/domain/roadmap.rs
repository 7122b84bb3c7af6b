//! The roadmap: themes × now / next / later, with each theme's progress. A
//! strategic bet with milestones takes its progress from them.

use std::collections::HashMap;

use super::{Horizon, Lane, Theme};

/// What the roadmap needs of an item (declined items are left out before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub id: i64,
    pub theme: Option<i64>,
    pub parent: Option<i64>,
    pub lane: Option<Lane>,
    pub horizon: Horizon,
    pub done: bool,
    pub effort: u32,
}

/// Open items in one horizon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    pub count: usize,
    pub effort: u32,
}

/// Share of effort done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

impl Progress {
    /// Percent done; `None` when nothing has an effort estimate.
    pub fn percent(self) -> Option<f64> {
        (self.total > 0).then(|| f64::from(self.done) * 100.0 / f64::from(self.total))
    }

    /// `40%`, or `—` when nothing has an effort estimate.
    pub fn text(self) -> String {
        self.percent()
            .map_or_else(|| "—".into(), |x| format!("{x:.0}%"))
    }

    fn add(&mut self, p: &Piece) {
        self.total += p.effort;
        if p.done {
            self.done += p.effort;
        }
    }
}

/// A strategic bet and its milestones' progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bet {
    pub id: i64,
    pub milestones: usize,
    pub progress: Progress,
}

/// One theme's row, or the row of items without a theme (`theme: None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub theme: Option<i64>,
    /// now, next, later.
    pub cells: [Cell; 3],
    pub progress: Progress,
    pub bets: Vec<Bet>,
}

impl Row {
    /// The open items of every horizon together, and their effort (a bet with
    /// milestones counted by theirs).
    pub fn open(&self) -> Cell {
        self.cells.iter().fold(Cell::default(), |sum, c| Cell {
            count: sum.count + c.count,
            effort: sum.effort + c.effort,
        })
    }
}

/// The roadmap rows: each theme in `themes` order, then the items with none.
pub fn roadmap(themes: &[Theme], pieces: &[Piece]) -> Vec<Row> {
    let by_id: HashMap<i64, &Piece> = pieces.iter().map(|p| (p.id, p)).collect();
    // A milestone without a theme of its own serves its parent's.
    let theme_of = |p: &Piece| -> Option<i64> {
        let mut cur = p;
        for _ in 0..64 {
            if cur.theme.is_some() {
                return cur.theme;
            }
            cur = by_id.get(&cur.parent?)?;
        }
        None
    };
    let mut children: HashMap<i64, Vec<&Piece>> = HashMap::new();
    for p in pieces {
        if let Some(parent) = p.parent {
            children.entry(parent).or_default().push(p);
        }
    }
    let mut rows: Vec<Row> = themes
        .iter()
        .map(|t| Some(t.id))
        .chain([None])
        .map(|theme| Row {
            theme,
            cells: [Cell::default(); 3],
            progress: Progress::default(),
            bets: Vec::new(),
        })
        .collect();
    let index: HashMap<Option<i64>, usize> =
        rows.iter().enumerate().map(|(i, r)| (r.theme, i)).collect();
    let none_row = rows.len() - 1;
    for p in pieces {
        let row = &mut rows[index.get(&theme_of(p)).copied().unwrap_or(none_row)];
        let kids = children.get(&p.id);
        let rolled_up = p.lane == Some(Lane::Bet) && kids.is_some();
        if !p.done {
            let h = Horizon::ALL
                .iter()
                .position(|h| *h == p.horizon)
                .unwrap_or(2);
            row.cells[h].count += 1;
            // A bet's effort is its milestones', counted with them.
            if !rolled_up {
                row.cells[h].effort += p.effort;
            }
        }
        if rolled_up {
            // The bet's progress is its milestones'; its own estimate is not added
            // on top of theirs.
            let kids = kids.map_or(&[][..], Vec::as_slice);
            let mut progress = Progress::default();
            for k in kids {
                progress.add(k);
            }
            row.bets.push(Bet {
                id: p.id,
                milestones: kids.len(),
                progress,
            });
        } else {
            row.progress.add(p);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ThemeStatus;

    fn theme(id: i64) -> Theme {
        Theme {
            id,
            name: format!("theme {id}"),
            outcome: None,
            status: ThemeStatus::Active,
        }
    }

    fn piece(id: i64, theme: Option<i64>, horizon: Horizon, done: bool, effort: u32) -> Piece {
        Piece {
            id,
            theme,
            parent: None,
            lane: Some(Lane::Feature),
            horizon,
            done,
            effort,
        }
    }

    #[test]
    fn cells_count_open_items_and_progress_counts_done_effort() {
        let pieces = [
            piece(1, Some(1), Horizon::Now, false, 5),
            piece(2, Some(1), Horizon::Now, false, 3),
            piece(3, Some(1), Horizon::Later, false, 8),
            piece(4, Some(1), Horizon::Now, true, 8),
            piece(5, None, Horizon::Next, false, 2),
            piece(6, Some(2), Horizon::Next, false, 0),
        ];
        let rows = roadmap(&[theme(1), theme(2)], &pieces);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].cells[0],
            Cell {
                count: 2,
                effort: 8
            }
        );
        assert_eq!(
            rows[0].cells[2],
            Cell {
                count: 1,
                effort: 8
            }
        );
        assert_eq!(rows[0].progress, Progress { done: 8, total: 24 });
        assert_eq!(rows[0].progress.percent(), Some(100.0 / 3.0));
        assert_eq!(rows[1].progress.percent(), None, "nothing estimated");
        assert_eq!(rows[2].theme, None);
        assert_eq!(
            rows[2].cells[1],
            Cell {
                count: 1,
                effort: 2
            }
        );
    }

    #[test]
    fn a_bet_rolls_up_its_milestones_and_they_serve_its_theme() {
        let mut bet = piece(1, Some(1), Horizon::Next, false, 20);
        bet.lane = Some(Lane::Bet);
        let mut m1 = piece(2, None, Horizon::Now, true, 5);
        m1.parent = Some(1);
        let mut m2 = piece(3, None, Horizon::Later, false, 15);
        m2.parent = Some(1);
        let rows = roadmap(&[theme(1)], &[bet, m1, m2]);
        assert_eq!(
            rows[0].bets,
            vec![Bet {
                id: 1,
                milestones: 2,
                progress: Progress { done: 5, total: 20 }
            }]
        );
        assert_eq!(rows[0].progress, Progress { done: 5, total: 20 }, "not 40");
        assert_eq!(
            rows[0].cells[0].count, 0,
            "done milestones are not open work"
        );
        assert_eq!(
            rows[0].cells[1],
            Cell {
                count: 1,
                effort: 0
            },
            "the bet itself; its effort is its milestones'"
        );
        assert_eq!(
            rows[0].cells[2],
            Cell {
                count: 1,
                effort: 15
            }
        );
        assert_eq!(rows[1].cells.iter().map(|c| c.count).sum::<usize>(), 0);
    }
}

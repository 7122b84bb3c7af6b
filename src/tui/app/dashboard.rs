//! The dashboard: computed when it opens, when its window changes and on
//! `Ctrl-l`, never while drawing. Its one list is the work in progress, oldest
//! first; `Enter` opens the selected item.

use super::{Effect, Model, View};
use crate::domain::metrics::DEFAULT_WEEKS;
use crate::tui::data::DashboardData;

/// The windows `[` and `]` step through, in complete weeks.
pub const WINDOWS: [u32; 6] = [4, 8, 12, 26, 52, 104];

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub data: Option<DashboardData>,
    /// Complete weeks in the window.
    pub weeks: u32,
    /// The selected row of the work in progress.
    pub selected: usize,
}

impl Default for Dashboard {
    fn default() -> Self {
        Dashboard {
            data: None,
            weeks: DEFAULT_WEEKS,
            selected: 0,
        }
    }
}

/// The effect that computes the dashboard for the window in force.
pub fn load(model: &Model) -> Effect {
    Effect::LoadDashboard {
        weeks: model.dashboard.weeks,
    }
}

/// The numbers arrived: show them.
pub fn shown(model: &mut Model, data: DashboardData) {
    let d = &mut model.dashboard;
    if model.view != View::Dashboard {
        d.selected = 0;
        model.view = View::Dashboard;
    }
    d.selected = d.selected.min(data.metrics.wip.len().saturating_sub(1));
    d.data = Some(data);
}

/// `[` and `]`: the next shorter or longer window, computed again.
pub fn window(model: &mut Model, wider: bool) -> Vec<Effect> {
    let now = model.dashboard.weeks;
    let next = if wider {
        WINDOWS.iter().copied().find(|w| *w > now)
    } else {
        WINDOWS.iter().rev().copied().find(|w| *w < now)
    };
    let Some(weeks) = next else {
        model.say(format!(
            "the window is already {} ({now} weeks)",
            if wider { "the longest" } else { "the shortest" }
        ));
        return Vec::new();
    };
    model.dashboard.weeks = weeks;
    model.say(format!("window: the last {weeks} complete weeks"));
    vec![load(model)]
}

/// The item in progress under the cursor.
pub fn selected(model: &Model) -> Option<i64> {
    let d = model.dashboard.data.as_ref()?;
    d.metrics.wip.get(model.dashboard.selected).map(|w| w.id)
}

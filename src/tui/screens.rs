//! The screens, listed once. Each line below names a screen: its variant, its
//! table in `keys.toml` (also the help's title), its name in the header, and
//! the type that draws it (a [`Screen`] in its module under `views/`).
//! `View`, the key map's `Scope`, drawing, scrolling and the bottom line's
//! hints all come from this list, so a new screen is one module and one line.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::app::Model;
use super::keymap::Action;
use super::views::{self, Palette};

/// What a screen's module provides.
pub trait Screen {
    /// The keys the bottom line suggests, most useful first.
    const HINTS: &'static [Action];

    /// Draws the screen's body.
    fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect);

    /// How far the screen's text scrolls in `area` (0: it does not scroll as
    /// text): the limit `update` holds the scroll to, from the text drawn.
    fn scroll_limit(_model: &Model, _area: Rect) -> usize {
        0
    }
}

macro_rules! screens {
    ($($(#[$doc:meta])* $view:ident => $name:literal, $title:literal, $screen:ty;)+) => {
        /// The screens.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum View { $($(#[$doc])* $view),+ }

        impl View {
            pub const ALL: &'static [View] = &[$(View::$view),+];

            /// Its table in `keys.toml`.
            pub fn name(self) -> &'static str {
                match self { $(View::$view => $name),+ }
            }

            /// Its name in the header.
            pub fn title(self) -> &'static str {
                match self { $(View::$view => $title),+ }
            }
        }

        /// Where a key binding applies: everywhere (`Global`, unless a screen
        /// binds the same key itself), or on one screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Scope { Global, $($view),+ }

        impl Scope {
            pub const ALL: &'static [Scope] = &[Scope::Global, $(Scope::$view),+];

            /// Its table in `keys.toml`.
            pub fn name(self) -> &'static str {
                match self {
                    Scope::Global => "global",
                    $(Scope::$view => $name),+
                }
            }
        }

        impl From<View> for Scope {
            fn from(view: View) -> Scope {
                match view { $(View::$view => Scope::$view),+ }
            }
        }

        /// Draws the body of the screen on view.
        pub fn render(model: &Model, p: Palette, frame: &mut Frame<'_>, area: Rect) {
            match model.view { $(View::$view => <$screen>::render(model, p, frame, area)),+ }
        }

        /// How far the text of the screen on view scrolls in `body`.
        pub fn scroll_limit(model: &Model, body: Rect) -> usize {
            match model.view { $(View::$view => <$screen>::scroll_limit(model, body)),+ }
        }

        /// The keys the bottom line suggests on `view`.
        pub fn hints(view: View) -> &'static [Action] {
            match view { $(View::$view => <$screen>::HINTS),+ }
        }
    };
}

screens! {
    /// An empty backlog: load the demo, add, or import.
    Welcome => "welcome", "Welcome", views::welcome::WelcomeScreen;
    Board => "board", "Board", views::board::BoardScreen;
    List => "list", "List", views::list::ListScreen;
    Detail => "detail", "Detail", views::detail::DetailScreen;
    /// Refinement mode: the queue, one item at a time.
    Refine => "refine", "Refinement", views::refine::RefineScreen;
    /// The end of a refinement session.
    Summary => "summary", "Refinement summary", views::refine::SummaryScreen;
    Plan => "plan", "Plan", views::plan::PlanScreen;
    Roadmap => "roadmap", "Roadmap", views::roadmap::RoadmapScreen;
    /// The evidence of DESIGN.md section 11 on one screen.
    Dashboard => "dashboard", "Dashboard", views::dashboard::DashboardScreen;
    /// The roadmap's themes: add, edit, change status, link items.
    Themes => "themes", "Themes", views::themes::ThemesScreen;
    /// The North Star and the policy's rules.
    Policy => "policy", "North Star and policy", views::policy::PolicyScreen;
}

//! Every command and flag, as clap derives them.

use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Clone, Parser)]
#[command(
    name = "lanes",
    version,
    about = "A keyboard-driven backlog manager: four lanes, scores, triage into now/next/later, and every decision explained.",
    after_help = "With no command, lanes opens the interactive board (press ? there for its keys).\nDates: YYYY-MM-DD, today, tomorrow, a weekday (the next one), or relative like +3d and +2w. Scores: 1 2 3 5 8 13 20 (or none).\nErrors exit with 2 for bad input and 1 for anything else; a failed command changes nothing."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The backlog database file
    #[arg(long, global = true, env = "LANES_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print exactly one JSON document on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// Who makes the change (default: your user name)
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub actor: Option<String>,

    /// Why: recorded on every decision this command makes
    #[arg(long, global = true, value_name = "TEXT")]
    pub why: Option<String>,

    /// TUI: leave the mouse to the terminal (its own text selection keeps working)
    #[arg(long)]
    pub no_mouse: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Add an item; prints its id
    #[command(allow_negative_numbers = true)]
    Add(AddArgs),
    /// List open items in rank order
    #[command(alias = "ls")]
    List(ListArgs),
    /// Show one item: every field, the score explained, blockers, children, decisions
    Show { id: Id },
    /// Change an item's fields (--horizon pins it)
    #[command(allow_negative_numbers = true)]
    Edit(EditArgs),
    /// Set an item's scores
    #[command(allow_negative_numbers = true)]
    Score(ScoreArgs),
    /// Move an item to a lane (hotfix, stability, feature, bet, or inbox; h s f b i for short)
    Move {
        id: Id,
        #[arg(value_parser = Words(LANES))]
        lane: String,
    },
    /// Start working on an item (todo → doing)
    Start { id: Id },
    /// Finish an item; hot fixes take their post-mortem here
    Done {
        id: Id,
        #[arg(long, value_name = "TEXT")]
        root_cause: Option<String>,
        #[arg(long, value_name = "TEXT")]
        prevention: Option<String>,
    },
    /// Decline an item (needs --why)
    Decline {
        id: Id,
        /// The item this one duplicates
        #[arg(long, value_name = "ID")]
        duplicate_of: Option<Id>,
    },
    /// Reopen a done or declined item
    Reopen { id: Id },
    /// Record that ID is blocked by OTHER
    Block {
        id: Id,
        #[arg(long, value_name = "OTHER")]
        on: Id,
    },
    /// Remove a dependency
    Unblock {
        id: Id,
        #[arg(long, value_name = "OTHER")]
        on: Id,
    },
    /// Re-apply the triage rules to every open item and list what moved
    Triage {
        /// Only report what would move
        #[arg(long)]
        dry_run: bool,
    },
    /// The refinement queue: items that need attention, with the reasons
    Refine {
        /// At most this many (text output shows 50 unless told)
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Propose a balanced sprint: mandatory work, each lane's share, then what fits
    Plan {
        /// Effort points the sprint holds (default: the sprint.capacity policy)
        #[arg(long, value_name = "N")]
        capacity: Option<u32>,
        /// Pin the planned items to `now`, as one recorded action
        #[arg(long)]
        commit: bool,
    },
    /// Themes × now / next / later: counts, effort and progress per theme
    Roadmap,
    /// Roadmap themes
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// The team's tunable rules
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Decisions, newest first
    Log {
        /// Only this item's decisions
        id: Option<Id>,
        /// At most this many (text output shows 50 unless told)
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Revert the last action
    Undo,
    /// Re-apply the last undone action
    Redo,
    /// Import a lanes document or a Jira, GitHub or Taskwarrior export, all or nothing
    #[command(after_long_help = crate::io::mapping::help())]
    Import(ImportArgs),
    /// Export the whole backlog (json is lossless; csv one row per item; md the open backlog)
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to FILE instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Flow and balance: lead and cycle time, throughput, WIP age, SLA adherence, lane mix
    Metrics(MetricsArgs),
    /// When the open work is likely done, from the team's own throughput (Monte Carlo)
    Forecast(ForecastArgs),
    /// The Markdown update for stakeholders: balance, themes, now, fixes, changes, flow, forecast
    Report {
        /// Report from this date (default: today − sprint.days); YYYY-MM-DD or -2w
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        since: Option<String>,
        /// Write to FILE instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Load a realistic sample backlog into an empty database
    Demo,
    /// Print shell completions
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The file: a lanes JSON document, a Jira CSV, a GitHub issues array or a `task export`
    #[arg(required_unless_present = "print_map")]
    pub file: Option<PathBuf>,
    /// The file's format (default: recognised from its content)
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// A TOML file of types, priorities and statuses over the defaults (see --print-map)
    #[arg(long, value_name = "MAP.toml")]
    pub map: Option<PathBuf>,
    /// Print the summary of what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// GitHub: the repository (OWNER/NAME) when the file does not name it
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: Option<String>,
    /// Print the default map of FORMAT as a file to start from, and stop
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "file")]
    pub print_map: Option<ImportFormat>,
    /// The text of the `--map` file, read and checked before the database is
    /// opened (see [`super::transfer::read_map`]).
    #[arg(skip)]
    pub map_text: Option<String>,
}

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// The native lanes document
    Json,
    /// Jira's Export → CSV (all fields or current fields)
    JiraCsv,
    /// GitHub's REST issues array or `gh issue list --json …`
    Github,
    /// Taskwarrior's `task export`
    Taskwarrior,
}

impl ImportFormat {
    pub fn format(self) -> crate::io::Format {
        match self {
            ImportFormat::Json => crate::io::Format::Json,
            ImportFormat::JiraCsv => crate::io::Format::JiraCsv,
            ImportFormat::Github => crate::io::Format::Github,
            ImportFormat::Taskwarrior => crate::io::Format::Taskwarrior,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The native lanes document
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The native lanes document, lossless
    Json,
    /// One row per item, every field a column
    Csv,
    /// The open backlog as Markdown tables, one per lane and the Inbox
    Md,
}

/// An item id, typed as `42` or `#42`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id(pub i64);

impl std::str::FromStr for Id {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::domain::parse::parse_item_id(s)
            .map(Id)
            .ok_or_else(|| format!("'{s}' is not an item id (a positive number like 42 or #42)"))
    }
}

/// The fields `add` and `edit` share.
#[derive(Debug, Clone, Default, Args)]
pub struct FieldArgs {
    /// hotfix, stability, feature or bet, or inbox (h s f b i, or 1–4 and 0)
    #[arg(long, value_parser = Words(LANES))]
    pub lane: Option<String>,
    #[command(flatten)]
    pub scores: ScoreFields,
    /// S1 (outage) … S4 (cosmetic), or none
    #[arg(long, value_parser = Words(SEVERITIES))]
    pub severity: Option<String>,
    /// YYYY-MM-DD, today, tomorrow, a weekday (friday), +3d, +2w, or none
    #[arg(long, value_parser = Words(DATES))]
    pub due: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    /// Theme: its id, its name, or a part of the name only it has (none clears)
    #[arg(long)]
    pub theme: Option<String>,
    /// Parent item id (a bet's milestones are its children), or none
    #[arg(long)]
    pub parent: Option<String>,
    /// Add a label (repeatable)
    #[arg(long = "label", value_name = "L")]
    pub labels: Vec<String>,
    /// Add an acceptance criterion (repeatable)
    #[arg(long = "criterion", value_name = "TEXT")]
    pub criteria: Vec<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// Customer segment affected
    #[arg(long)]
    pub segment: Option<String>,
    /// The impact metric this item moves
    #[arg(long)]
    pub metric: Option<String>,
    /// What affected customers can do meanwhile
    #[arg(long)]
    pub workaround: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    pub title: String,
    #[command(flatten)]
    pub fields: FieldArgs,
}

#[derive(Debug, Clone, Args)]
pub struct EditArgs {
    pub id: Id,
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Remove a label (repeatable)
    #[arg(long = "unlabel", value_name = "L")]
    pub unlabels: Vec<String>,
    /// Pin the horizon: now, next or later
    #[arg(long, value_parser = Words(HORIZONS))]
    pub horizon: Option<String>,
    /// Let triage set the horizon again
    #[arg(long, conflicts_with = "horizon")]
    pub unpin: bool,
    /// Mark criterion N (from 1) done (repeatable)
    #[arg(long = "check", value_name = "N")]
    pub check: Vec<usize>,
    /// Mark criterion N (from 1) not done (repeatable)
    #[arg(long = "uncheck", value_name = "N")]
    pub uncheck: Vec<usize>,
    #[arg(long, value_name = "TEXT")]
    pub root_cause: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub prevention: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ScoreArgs {
    pub id: Id,
    #[command(flatten)]
    pub scores: ScoreFields,
}

/// The four score inputs, on the scale 1 2 3 5 8 13 20 (`none` clears one).
#[derive(Debug, Clone, Default, Args)]
pub struct ScoreFields {
    #[arg(long, value_name = "N")]
    pub value: Option<String>,
    #[arg(long, value_name = "N")]
    pub impact: Option<String>,
    #[arg(long, value_name = "N")]
    pub risk: Option<String>,
    #[arg(long, value_name = "N")]
    pub effort: Option<String>,
}

impl ScoreFields {
    pub fn any(&self) -> bool {
        self.value.is_some()
            || self.impact.is_some()
            || self.risk.is_some()
            || self.effort.is_some()
    }
}

#[derive(Debug, Clone, Default, Args)]
pub struct ListArgs {
    /// Only these lanes (repeatable; inbox = no lane; h s f b i or 1–4 and 0 for short)
    #[arg(long = "lane", value_name = "L", value_parser = Words(LANES))]
    pub lanes: Vec<String>,
    #[arg(long, value_parser = Words(HORIZONS))]
    pub horizon: Option<String>,
    #[arg(long, value_parser = Words(STATUSES))]
    pub status: Option<String>,
    /// Only these severities (repeatable)
    #[arg(long = "severity", value_name = "S", value_parser = Words(&SEVERITIES[..4]))]
    pub severities: Vec<String>,
    #[arg(long)]
    pub owner: Option<String>,
    /// Theme: its id, its name, or a part of the name only it has
    #[arg(long)]
    pub theme: Option<String>,
    /// A label (case of ASCII letters ignored)
    #[arg(long)]
    pub label: Option<String>,
    /// Text in the title, description, labels or owner
    #[arg(long)]
    pub search: Option<String>,
    /// Include done and declined items
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Order by a field instead of rank
    #[arg(long, value_name = "FIELD", value_parser = Words(SORT_FIELDS))]
    pub sort: Option<String>,
    /// Turn the order around (blanks stay last)
    #[arg(long)]
    pub reverse: bool,
    /// Fit rows to N columns (default: the terminal's width; in full when piped)
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

#[derive(Debug, Clone, Args)]
pub struct MetricsArgs {
    /// Complete weeks before the current one to look at (1–104)
    #[arg(long, value_name = "N", default_value_t = crate::domain::metrics::DEFAULT_WEEKS)]
    pub weeks: u32,
    /// Only these lanes (repeatable; inbox = no lane)
    #[arg(long = "lane", value_name = "L", value_parser = Words(LANES))]
    pub lanes: Vec<String>,
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("what").args(["horizon", "theme", "item", "count"])))]
pub struct ForecastArgs {
    /// The open items of this horizon (default: now)
    #[arg(long, value_parser = Words(HORIZONS))]
    pub horizon: Option<String>,
    /// The open items of this theme: its id, its name, or a part only it has
    #[arg(long)]
    pub theme: Option<String>,
    /// A strategic bet (or any item) with its open milestones
    #[arg(long, value_name = "ID")]
    pub item: Option<Id>,
    /// This many items
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// How many items are done by this date instead (YYYY-MM-DD, +6w)
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// Complete weeks of throughput to draw from (1–104)
    #[arg(long, value_name = "N", default_value_t = crate::domain::metrics::DEFAULT_WEEKS)]
    pub weeks: u32,
    #[arg(long, value_name = "N", default_value_t = crate::domain::forecast::DEFAULT_TRIALS)]
    pub trials: u32,
    /// The same seed gives the same answer for the same backlog
    #[arg(long, value_name = "S", default_value_t = crate::domain::forecast::DEFAULT_SEED)]
    pub seed: u64,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ThemeCommand {
    /// Add a theme
    Add {
        name: String,
        /// The measurable outcome it serves
        #[arg(long)]
        outcome: Option<String>,
    },
    /// List themes
    List,
    /// Change a theme
    Edit {
        id: Id,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        outcome: Option<String>,
        /// active, done or dropped
        #[arg(long, value_parser = Words(THEME_STATUSES))]
        status: Option<String>,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum PolicyCommand {
    /// Show every key and value
    Show,
    /// Set one or more keys: KEY VALUE [KEY VALUE]…
    #[command(allow_negative_numbers = true)]
    Set {
        #[arg(required = true, num_args = 2.., value_name = "KEY VALUE")]
        pairs: Vec<String>,
    },
}

/// Words a flag takes, offered by shell completion and listed in `--help`.
/// They are read (and refused, with a suggestion) by the same parsers the
/// rest of lanes uses, so this only says what to offer.
#[derive(Debug, Clone, Copy)]
pub struct Words(&'static [&'static str]);

pub const LANES: &[&str] = &["hotfix", "stability", "feature", "bet", "inbox"];
pub const HORIZONS: &[&str] = &["now", "next", "later"];
pub const SEVERITIES: &[&str] = &["S1", "S2", "S3", "S4", "none"];
pub const DATES: &[&str] = &[
    "today",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "+1w",
    "none",
];
pub const STATUSES: &[&str] = &["todo", "doing", "done", "declined"];
pub const THEME_STATUSES: &[&str] = &["active", "done", "dropped"];
pub const SORT_FIELDS: &[&str] = &[
    "rank", "score", "severity", "due", "status", "owner", "lane", "title", "id",
];

impl TypedValueParser for Words {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|w| PossibleValue::new(*w))))
    }
}

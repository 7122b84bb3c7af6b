//! The command line: arguments, one file per command group, tables and JSON.

mod admin;
mod args;
mod evidence;
mod items;
mod output;
mod planning;
mod report;
mod transfer;
mod view;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Local, NaiveDate, Utc};

use crate::domain::DomainError;
use crate::store::{Ctx, Store, StoreError};

pub use args::{Cli, Command};
use output::Out;

/// Why a command failed: bad input (exit 2) or anything else (exit 1).
#[derive(Debug)]
pub enum CliError {
    Bad(String),
    Failed(String),
    /// stdout was closed (`lanes list | head`): not an error.
    Closed,
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        if e.is_bad_input() {
            CliError::Bad(e.to_string())
        } else {
            CliError::Failed(e.to_string())
        }
    }
}

impl From<DomainError> for CliError {
    fn from(e: DomainError) -> Self {
        CliError::Bad(e.to_string())
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::Closed
        } else {
            CliError::Failed(e.to_string())
        }
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

/// clap's words for a number that is not a count (`invalid digit found in
/// string`, `-1 is not in 0..=4294967295`) said as what is expected.
fn whole_numbers(sentence: &str) -> String {
    const EXPECTED: &str = "expected a whole number, 0 or more";
    let out = sentence.replace("invalid digit found in string", EXPECTED);
    match out.rsplit_once(": ") {
        Some((head, tail)) if tail.contains(" is not in 0..=") => format!("{head}: {EXPECTED}"),
        _ => out,
    }
}

/// The command line as clap reads it. A value may be a negative number
/// (`--weeks -1`), so that it reaches the check that says what is allowed
/// instead of being taken for an unknown flag.
fn command(styles: clap::builder::Styles) -> clap::Command {
    fn each(cmd: clap::Command) -> clap::Command {
        cmd.mut_args(|a| {
            if !a.get_action().takes_values() || a.is_positional() {
                return a;
            }
            a.allow_negative_numbers(true)
        })
        .mut_subcommands(each)
    }
    each(<Cli as clap::CommandFactory>::command().styles(styles))
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    use clap::FromArgMatches;
    let parsed = command(clap::builder::Styles::styled())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // One sentence, then where to look. The error is made again without
            // clap's colours, so that what was typed is in it exactly as typed
            // (the plain rendering would silently drop escape sequences in it)
            // and can be escaped like every other message.
            let plain = command(clap::builder::Styles::plain())
                .try_get_matches()
                .err()
                .unwrap_or(e);
            let text = plain.render().ansi().to_string();
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty())
                .collect();
            let mut sentence: Vec<String> = Vec::new();
            for l in lines {
                // clap's "tip: a similar subcommand exists: 'list'" is kept, in
                // fewer words.
                if let Some(tip) = l.strip_prefix("tip: ") {
                    if let Some((_, similar)) = tip.split_once("exists: ") {
                        sentence.push(format!("— did you mean {similar}?"));
                    }
                } else {
                    sentence.push(l.to_string());
                }
            }
            // clap offers no tip for some slips (`lanes lst`): the nearest
            // command is offered instead.
            if plain.kind() == ErrorKind::InvalidSubcommand
                && !sentence.iter().any(|l| l.contains("did you mean"))
            {
                if let Some(near) = command_suggestion(&plain) {
                    sentence.push(format!("— did you mean '{near}'?"));
                }
            }
            let sentence = whole_numbers(&sentence.join(" "));
            let sentence = sentence.trim_start_matches("error: ");
            eprintln!(
                "lanes: {} (see `lanes --help`)",
                output::clean(sentence, false)
            );
            return ExitCode::from(2);
        }
    };
    match run(&cli) {
        Ok(()) | Err(CliError::Closed) => ExitCode::SUCCESS,
        // Every message may quote input: it is escaped as stdout would show it.
        Err(CliError::Bad(m)) => {
            eprintln!("lanes: {}", output::clean(&m, false));
            ExitCode::from(2)
        }
        Err(CliError::Failed(m)) => {
            eprintln!("lanes: {}", output::clean(&m, false));
            ExitCode::from(1)
        }
    }
}

/// The command nearest to the unknown one in a clap error.
fn command_suggestion(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::String(typed)) = e.get(ContextKind::InvalidSubcommand) else {
        return None;
    };
    let cmd = <Cli as clap::CommandFactory>::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .flat_map(|c| {
            std::iter::once(c.get_name().to_string()).chain(c.get_all_aliases().map(str::to_string))
        })
        .collect();
    crate::domain::suggest::nearest(typed, names.iter().map(String::as_str)).map(str::to_string)
}

/// The clock: `LANES_NOW` (RFC 3339) when set, so sessions can be replayed exactly.
fn clock() -> CliResult<(DateTime<Utc>, NaiveDate)> {
    match std::env::var("LANES_NOW") {
        Ok(text) if !text.is_empty() => {
            let t = DateTime::parse_from_rfc3339(&text).map_err(|_| {
                CliError::Bad(format!("LANES_NOW '{text}' is not an RFC 3339 timestamp"))
            })?;
            Ok((t.with_timezone(&Utc), t.date_naive()))
        }
        _ => Ok((Utc::now(), Local::now().date_naive())),
    }
}

/// Who is acting: `--as`, else the operating system's user name.
fn actor(cli: &Cli) -> String {
    cli.actor
        .as_deref()
        .map(|a| a.trim().to_string())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .or_else(|| {
            // No user in the environment (a service, a bare container): ask the system.
            let out = std::process::Command::new("id").arg("-un").output().ok()?;
            Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
        })
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// `--db`, else `$LANES_DB` (read by clap), else the platform data directory.
pub fn database_path(cli_db: Option<PathBuf>) -> CliResult<PathBuf> {
    if let Some(p) = cli_db {
        return Ok(p);
    }
    let base = directories::BaseDirs::new().ok_or_else(|| {
        CliError::Failed(
            "cannot find a home directory for the default database; use --db PATH".into(),
        )
    })?;
    let dir = base.data_dir().join("lanes");
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir.join("backlog.db"))
}

fn run(cli: &Cli) -> CliResult {
    if let Some(name) = &cli.actor {
        if crate::domain::text::is_blank(name) {
            return Err(CliError::Bad("--as needs a name".into()));
        }
        crate::domain::text::check("--as", name.trim(), 100, crate::domain::text::Shape::Line)?;
    }
    let Some(mut command) = cli.command.clone() else {
        return interactive(cli);
    };
    if let Command::Completions { shell } = command {
        return transfer::completions(shell);
    }
    if let Command::Import(args::ImportArgs {
        print_map: Some(f), ..
    }) = &command
    {
        // Needs no database.
        return transfer::print_map(f.format());
    }
    if let Some(why) = &cli.why {
        crate::domain::text::check("--why", why, 2000, crate::domain::text::Shape::Line)?;
    }
    let (now, today) = clock()?;
    let ctx = Ctx {
        by: actor(cli),
        why: cli.why.clone().unwrap_or_default(),
        now,
        today,
    };
    if let Command::Import(a) = &mut command {
        a.map_text = transfer::read_map(a)?;
    }
    let path = database_path(cli.db.clone())?;
    let mut store = Store::open(&path)?;
    let mut out = Out::new(cli.json);
    let result = dispatch(&mut store, &ctx, &mut out, command);
    out.flush()?;
    result
}

/// `lanes` with no command: the TUI on the chosen database.
fn interactive(cli: &Cli) -> CliResult {
    clock()?;
    let path = database_path(cli.db.clone())?;
    let session = crate::tui::Session {
        actor: actor(cli),
        clock: || clock().unwrap_or_else(|_| (Utc::now(), Local::now().date_naive())),
        mouse: !cli.no_mouse,
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        keys: directories::BaseDirs::new().map(|b| b.config_dir().join("lanes").join("keys.toml")),
    };
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // Refuse before touching the database file.
        return Err(CliError::Bad(
            "the interactive board needs a terminal; in scripts use a command such as `lanes list` (see `lanes --help`)".into(),
        ));
    }
    let mut store = Store::open(&path)?;
    crate::tui::run(&mut store, &session).map_err(CliError::Failed)
}

/// Runs one command: each that writes is one transaction (in the store), and
/// each that only reads reads in one ([`Store::snapshot`]), so what it prints
/// comes from one state of the backlog even while another process writes.
fn dispatch(store: &mut Store, ctx: &Ctx, out: &mut Out, command: Command) -> CliResult {
    use Command as C;
    match command {
        C::Add(a) => items::add(store, ctx, out, &a),
        C::Edit(a) => items::edit(store, ctx, out, &a),
        C::Score(a) => items::score(store, ctx, out, &a),
        C::Move { id, lane } => items::move_to(store, ctx, out, id, &lane),
        C::Start { id } => items::status(store, ctx, out, id, &crate::domain::StatusChange::Start),
        C::Done {
            id,
            root_cause,
            prevention,
        } => items::done(
            store,
            ctx,
            out,
            id,
            root_cause.as_deref(),
            prevention.as_deref(),
        ),
        C::Decline { id, duplicate_of } => items::status(
            store,
            ctx,
            out,
            id,
            &crate::domain::StatusChange::Decline {
                duplicate_of: duplicate_of.map(|d| d.0),
            },
        ),
        C::Reopen { id } => {
            items::status(store, ctx, out, id, &crate::domain::StatusChange::Reopen)
        }
        C::Block { id, on } => items::block(store, ctx, out, id, on, true),
        C::Unblock { id, on } => items::block(store, ctx, out, id, on, false),
        C::List(a) => store.snapshot(|store| view::list(store, out, &a, ctx.today)),
        C::Show { id } => store.snapshot(|store| view::show(store, out, id, ctx.today)),
        C::Triage { dry_run } => admin::triage(store, ctx, out, dry_run),
        C::Refine { limit } => store.snapshot(|store| planning::refine(store, ctx, out, limit)),
        C::Plan { capacity, commit } => planning::plan(store, ctx, out, capacity, commit),
        C::Roadmap => store.snapshot(|store| planning::roadmap(store, out)),
        C::Theme(t) => admin::theme(store, ctx, out, t),
        C::Policy(p) => admin::policy(store, ctx, out, p),
        C::Log { id, limit } => store.snapshot(|store| admin::log(store, out, id, limit)),
        C::Undo => admin::undo(store, ctx, out, true),
        C::Redo => admin::undo(store, ctx, out, false),
        C::Import(a) => transfer::import(store, ctx, out, &a),
        C::Export { format, output } => {
            transfer::export(store, ctx, out, format, output.as_deref())
        }
        C::Metrics(a) => store.snapshot(|store| evidence::metrics(store, ctx, out, &a)),
        C::Forecast(a) => store.snapshot(|store| evidence::forecast(store, ctx, out, &a)),
        C::Report { since, output } => {
            report::report(store, ctx, out, since.as_deref(), output.as_deref())
        }
        C::Demo => transfer::demo(store, ctx, out),
        C::Completions { .. } => Ok(()),
    }
}

/// Writes everything buffered, treating a closed pipe as success.
fn write_all(w: &mut impl Write, bytes: &[u8]) -> CliResult {
    w.write_all(bytes)?;
    w.flush()?;
    Ok(())
}

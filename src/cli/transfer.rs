//! Whole-backlog commands: import, export, demo, completions.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use serde_json::json;

use super::args::{Cli, ExportFormat, ImportArgs, ImportFormat};
use super::output::Out;
use super::{CliError, CliResult};
use crate::import::ImportError;
use crate::io::file::Whole;
use crate::io::input::FileError;
use crate::io::json::{self, ItemDoc};
use crate::io::{markdown, Options};
use crate::store::{Ctx, Filter, Store};

pub fn import(store: &mut Store, ctx: &Ctx, out: &mut Out, a: &ImportArgs) -> CliResult {
    let Some(file) = &a.file else {
        return Err(CliError::Bad("give the FILE to import".into()));
    };
    let opts = Options {
        format: a.format.map(ImportFormat::format),
        map: a.map_text.clone(),
        repo: a.repo.clone(),
    };
    let summary = crate::import::run(store, ctx, file, &opts, a.dry_run).map_err(|e| match e {
        ImportError::Bad(m) => CliError::Bad(m),
        ImportError::Failed(m) => CliError::Failed(m),
    })?;
    if out.json {
        return out.json(&summary.to_json());
    }
    for line in summary.lines(5) {
        out.line(line)?;
    }
    Ok(())
}

/// The text of the `--map` file, checked: read before the database is
/// opened, so that a refused map creates nothing, and said of the map.
pub fn read_map(a: &ImportArgs) -> CliResult<Option<String>> {
    let Some(m) = &a.map else {
        return Ok(None);
    };
    let bytes = crate::io::input::read_import(m).map_err(|e| match e {
        FileError::Bad(m) => CliError::Bad(m),
        FileError::Failed(m) => CliError::Failed(m),
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::Bad(format!("{} is not UTF-8 text", m.display())))?;
    crate::io::mapping::Map::with_file(crate::io::Format::JiraCsv, &text)
        .map_err(|e| CliError::Bad(format!("{}: {e}", m.display())))?;
    Ok(Some(text))
}

/// `lanes import --print-map FORMAT`: the defaults as a map file.
pub fn print_map(format: crate::io::Format) -> CliResult {
    if format == crate::io::Format::Json {
        return Err(CliError::Bad(
            "a lanes document needs no map; --print-map takes jira-csv, github or taskwarrior"
                .into(),
        ));
    }
    let text = crate::io::mapping::Map::defaults(format).to_toml();
    super::write_all(&mut std::io::stdout(), text.as_bytes())
}

pub fn export(
    store: &Store,
    ctx: &Ctx,
    out: &mut Out,
    format: ExportFormat,
    output: Option<&Path>,
) -> CliResult {
    if format == ExportFormat::Json {
        let snapshot = store.export()?;
        let doc = json::to_document(&snapshot);
        let Some(path) = output else {
            return out.json(&doc);
        };
        let text = super::output::json_text(&doc).map_err(|e| CliError::Failed(e.to_string()))?;
        write_file(store, path, (text + "\n").as_bytes())?;
        return exported(out, path, snapshot.items.len());
    }
    // CSV and Markdown are written as the items are read, from one state of
    // the file.
    let write = |w: &mut dyn Write| store.snapshot(|store| write_items(store, ctx, format, w));
    let Some(path) = output else {
        if out.json {
            let mut bytes = Vec::new();
            let items = write(&mut bytes)?;
            return out.json(&json!({
                "format": format!("{format:?}").to_lowercase(),
                "items": items,
                "text": String::from_utf8_lossy(&bytes),
            }));
        }
        write(out.writer())?;
        return Ok(());
    };
    let mut file = Whole::create(path, store.path()).map_err(|e| write_error(&e))?;
    let items = write(&mut file)?;
    file.commit().map_err(|e| write_error(&e))?;
    exported(out, path, items)
}

/// Writes the items as CSV or Markdown; returns how many.
fn write_items(
    store: &Store,
    ctx: &Ctx,
    format: ExportFormat,
    w: &mut dyn Write,
) -> CliResult<usize> {
    let policy = store.policy()?;
    if format == ExportFormat::Md {
        let blocked = store.blocked_ids()?;
        let mut md = markdown::Backlog::new(&policy, ctx.today);
        store.each_listed(&Filter::default(), |item| -> CliResult {
            md.add(item, blocked.contains(&item.id));
            Ok(())
        })?;
        md.write(w)?;
        return Ok(md.open());
    }
    let mut csv = crate::io::csv::Writer::new(w)?;
    let mut items = 0;
    store.each_item(|item| -> CliResult {
        csv.row(&ItemDoc::from_item(item, &policy))?;
        items += 1;
        Ok(())
    })?;
    csv.finish()?;
    Ok(items)
}

fn exported(out: &mut Out, path: &Path, items: usize) -> CliResult {
    if out.json {
        out.json(&json!({"file": path.display().to_string(), "items": items}))
    } else {
        out.line(format!(
            "Exported {items} item{} to {}.",
            if items == 1 { "" } else { "s" },
            path.display()
        ))
    }
}

fn write_error(e: &crate::io::file::WriteError) -> CliError {
    if e.is_bad_input() {
        CliError::Bad(e.to_string())
    } else {
        CliError::Failed(e.to_string())
    }
}

/// Writes a whole `-o` file: never over the open backlog, never half written.
pub fn write_file(store: &Store, path: &Path, bytes: &[u8]) -> CliResult {
    crate::io::file::write_whole(path, bytes, store.path()).map_err(|e| write_error(&e))
}

pub fn demo(store: &mut Store, ctx: &Ctx, out: &mut Out) -> CliResult {
    let report = crate::demo::load(store, ctx.now, ctx.today)?;
    if out.json {
        return out.json(
            &json!({"items": report.items, "themes": report.themes, "decisions": report.decisions}),
        );
    }
    out.line(format!(
        "Loaded the demo backlog: {} items, {} themes, {} decisions. Try `lanes list` or `lanes show 1`.",
        report.items, report.themes, report.decisions
    ))
}

pub fn completions(shell: clap_complete::Shell) -> CliResult {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "lanes", &mut buf);
    super::write_all(&mut std::io::stdout(), &buf)
}

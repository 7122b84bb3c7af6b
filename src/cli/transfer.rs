//! Whole-backlog commands: import, export, demo, completions.

use std::path::Path;

use clap::CommandFactory;
use serde_json::json;

use super::args::{Cli, ExportFormat, Format};
use super::output::Out;
use super::{CliError, CliResult};
use crate::io::json::{self, ItemDoc};
use crate::io::markdown;
use crate::store::{Ctx, Filter, Store};

pub fn import(
    store: &mut Store,
    ctx: &Ctx,
    out: &mut Out,
    file: &Path,
    format: Format,
) -> CliResult {
    let text = std::fs::read_to_string(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            CliError::Bad(format!("there is no file {}", file.display()))
        }
        std::io::ErrorKind::InvalidData => {
            CliError::Bad(format!("{} is not UTF-8 text", file.display()))
        }
        _ => CliError::Failed(format!("cannot read {}: {e}", file.display())),
    })?;
    let doc = match format {
        Format::Json => json::parse(&text, ctx.now)
            .map_err(|e| CliError::Bad(format!("{}: {e}", file.display())))?,
    };
    let mut ctx = ctx.clone();
    if ctx.why.is_empty() {
        ctx.why = format!("imported from {}", file.display());
    }
    let report = store
        .import(&ctx, &doc)
        .map_err(|e| match CliError::from(e) {
            CliError::Bad(m) => CliError::Bad(format!("{}: {m}", file.display())),
            other => other,
        })?;
    if out.json {
        return out.json(&json!({
            "items": report.items,
            "themes": report.themes,
            "kept_ids": report.kept_ids,
            "renumbered": report.renumbered.iter().map(|(a, b)| json!({"from": a, "to": b})).collect::<Vec<_>>(),
            "policy_ignored": report.policy_ignored,
        }));
    }
    out.line(format!(
        "Imported {} item{} and {} theme{}{}.",
        report.items,
        if report.items == 1 { "" } else { "s" },
        report.themes,
        if report.themes == 1 { "" } else { "s" },
        if report.kept_ids {
            ", ids kept"
        } else {
            ", with new ids (one action: `lanes undo` removes them)"
        }
    ))?;
    if report.policy_ignored {
        out.line("The file's policy was not applied: this backlog keeps its own (see `lanes policy show`).")?;
    }
    Ok(())
}

pub fn export(
    store: &Store,
    ctx: &Ctx,
    out: &mut Out,
    format: ExportFormat,
    output: Option<&Path>,
) -> CliResult {
    let (bytes, items) = match format {
        ExportFormat::Json => {
            let snapshot = store.export()?;
            let doc = json::to_document(&snapshot);
            if output.is_none() {
                return out.json(&doc);
            }
            let text =
                super::output::json_text(&doc).map_err(|e| CliError::Failed(e.to_string()))?;
            ((text + "\n").into_bytes(), snapshot.items.len())
        }
        ExportFormat::Csv => {
            let snapshot = store.export()?;
            let policy = snapshot.policy.clone().unwrap_or_default();
            let docs: Vec<ItemDoc> = snapshot
                .items
                .iter()
                .map(|i| ItemDoc::from_item(i, &policy))
                .collect();
            let mut bytes = Vec::new();
            crate::io::csv::write(&mut bytes, &docs)?;
            (bytes, docs.len())
        }
        ExportFormat::Md => {
            let items = store.list(&Filter::default())?;
            let blocked = store.blocked(&items)?;
            let text = markdown::backlog(&items, &blocked, &store.policy()?, ctx.today);
            (text.into_bytes(), items.len())
        }
    };
    let Some(path) = output else {
        if out.json {
            return out.json(&json!({
                "format": format!("{format:?}").to_lowercase(),
                "items": items,
                "text": String::from_utf8_lossy(&bytes),
            }));
        }
        return out.raw(&bytes);
    };
    write_file(store, path, &bytes)?;
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

/// Writes a whole `-o` file: never over the open backlog, never half written.
pub fn write_file(store: &Store, path: &Path, bytes: &[u8]) -> CliResult {
    crate::io::file::write_whole(path, bytes, store.path()).map_err(|e| {
        if e.is_bad_input() {
            CliError::Bad(e.to_string())
        } else {
            CliError::Failed(e.to_string())
        }
    })
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

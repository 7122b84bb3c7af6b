//! Prompts that name a file: the file to import (welcome screen) and where to
//! write the meeting notes. A file that cannot be read or written brings the
//! prompt back as typed.

use super::prompt::{prompt, refuse, PromptFor};
use super::{meeting, Effect, Mode, Model};

pub fn start_import(model: &mut Model) {
    prompt(
        model,
        "import file (lanes JSON, Jira CSV, GitHub or Taskwarrior JSON; ~ is home): ".into(),
        "",
        PromptFor::Import,
    );
}

/// Asks where to write the refinement meeting's notes: beside the backlog,
/// unless another path is typed.
pub fn start_notes(model: &mut Model) {
    let path = model
        .backlog_dir
        .join(format!("refinement-{}.md", model.today));
    prompt(
        model,
        "write the meeting notes (Markdown) to: ".into(),
        &path.display().to_string(),
        PromptFor::Notes { confirmed: None },
    );
}

pub(super) fn submit(model: &mut Model, text: String) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut model.mode else {
        return Vec::new();
    };
    match &mut p.purpose {
        PromptFor::Notes { confirmed } => {
            if text.is_empty() {
                return refuse(model, "type a file name for the notes");
            }
            // Enter again on a path said to exist writes over it.
            let overwrite = confirmed.as_deref() == Some(text.as_str());
            *confirmed = Some(text.clone());
            // A file that exists or cannot be written brings the prompt back
            // as typed; Enter on it again then writes over it.
            model.retry = Some(Box::new(std::mem::take(&mut model.mode)));
            let Some(m) = &model.meeting else {
                return Vec::new();
            };
            let notes = meeting::notes(m, model.today);
            vec![Effect::WriteNotes {
                path: text,
                text: notes,
                overwrite,
            }]
        }
        PromptFor::Import => {
            if text.is_empty() {
                return refuse(model, "type the path of the file to import");
            }
            // A file that cannot be imported brings the prompt back as typed.
            p.error = None;
            model.retry = Some(Box::new(std::mem::take(&mut model.mode)));
            vec![Effect::Import(text)]
        }
        _ => Vec::new(),
    }
}

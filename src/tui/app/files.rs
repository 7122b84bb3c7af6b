//! Prompts that name a file: the file to import (welcome screen) and where to
//! write the meeting notes. A file that cannot be read or written brings the
//! prompt back as typed.

use super::prompt::{prompt, refuse, PromptFor};
use super::{meeting, Effect, Mode, Model};

pub fn start_import(model: &mut Model) {
    prompt(
        model,
        "import native JSON file: ".into(),
        "",
        PromptFor::Import,
    );
}

/// Asks where to write the refinement meeting's notes.
pub fn start_notes(model: &mut Model) {
    let name = format!("refinement-{}.md", model.today);
    prompt(
        model,
        "write the meeting notes (Markdown) to: ".into(),
        &name,
        PromptFor::Notes,
    );
}

pub(super) fn submit(model: &mut Model, text: String) -> Vec<Effect> {
    let Mode::Prompt(p) = &model.mode else {
        return Vec::new();
    };
    match p.purpose {
        PromptFor::Notes => {
            if text.is_empty() {
                return refuse(model, "type a file name for the notes");
            }
            // A file that cannot be written brings the prompt back as typed.
            model.retry = Some(Box::new(std::mem::take(&mut model.mode)));
            let Some(m) = &model.meeting else {
                return Vec::new();
            };
            let notes = meeting::notes(m, model.today);
            vec![Effect::WriteNotes {
                path: text,
                text: notes,
            }]
        }
        PromptFor::Import => {
            if text.is_empty() {
                return refuse(model, "type the path of a lanes JSON export");
            }
            // A file that cannot be imported brings the prompt back as typed.
            model.retry = Some(Box::new(std::mem::take(&mut model.mode)));
            vec![Effect::Import(text)]
        }
        _ => Vec::new(),
    }
}

//! The reason prompt every change ends with, and going back to the form or
//! prompt a change came from when it is cancelled or refused.

use super::prompt::{prompt, refuse, PromptFor};
use super::{Change, Effect, Mode, Model};

/// Asks why, then applies `change`.
pub fn ask_reason(model: &mut Model, change: Change, required: bool) {
    ask_reason_with(model, change, required, "");
}

/// Asks why; the reason starts with `fixed` (an estimation round's record, say),
/// and what is typed is added after a `; `.
pub fn ask_reason_with(model: &mut Model, change: Change, required: bool, fixed: &str) {
    // In refinement mode a change to the item on screen joins its visit: one
    // reason is asked when the item is left.
    if super::visit::join(model, &change, required, fixed) {
        return;
    }
    // Keep the form or prompt that led here: Esc goes back to it, and so does a
    // change the store refuses, with its message. A reason typed before, for
    // a change that came back to it, is offered again.
    let mut kept = String::new();
    model.retry = match std::mem::take(&mut model.mode) {
        mut m @ (Mode::Form(_) | Mode::Prompt(_) | Mode::Estimate(_) | Mode::Card(_)) => {
            if let Some(reason) = m.kept_reason() {
                kept = std::mem::take(reason);
            }
            Some(Box::new(m))
        }
        _ => None,
    };
    let esc = if model.retry.is_some() {
        "Esc goes back"
    } else {
        "Esc cancels"
    };
    let label = if required {
        format!("{} — reason (required; {esc}): ", change.words())
    } else {
        format!(
            "{} — reason (optional; Enter saves, {esc}): ",
            change.words()
        )
    };
    prompt(model, label, &kept, PromptFor::Reason { change, required });
    if let Mode::Prompt(p) = &mut model.mode {
        p.fixed = fixed.to_string();
    }
}

/// Keeps `typed`, the reason typed for the change on its way, with the form or
/// prompt it came from: should the change come back there, the reason is
/// offered again.
pub fn keep(model: &mut Model, typed: &str) {
    if let Some(kept) = model.retry.as_deref_mut().and_then(Mode::kept_reason) {
        *kept = typed.to_string();
    }
}

/// Goes back to the form or prompt a change came from, showing `error` there.
pub fn retry(model: &mut Model, error: Option<&str>) -> bool {
    let Some(mode) = model.retry.take() else {
        return false;
    };
    let mut mode = *mode;
    match &mut mode {
        Mode::Form(f) => f.error = error.map(str::to_string),
        Mode::Prompt(p) => p.error = error.map(str::to_string),
        Mode::Estimate(e) => e.error = error.map(str::to_string),
        Mode::Card(c) => c.error = error.map(str::to_string),
        _ => {}
    }
    model.mode = mode;
    true
}

/// Enter on the reason prompt: the change goes to the store with its reason.
pub(super) fn submit(model: &mut Model, typed: &str) -> Vec<Effect> {
    let Mode::Prompt(p) = &model.mode else {
        return Vec::new();
    };
    let PromptFor::Reason { change, required } = &p.purpose else {
        return Vec::new();
    };
    let text = match (p.fixed.as_str(), typed) {
        (fixed, "") => fixed.to_string(),
        ("", typed) => typed.to_string(),
        (fixed, typed) => format!("{fixed}; {typed}"),
    };
    if *required && text.is_empty() {
        return refuse(model, "a reason is required");
    }
    let change = change.clone();
    keep(model, typed);
    model.mode = Mode::Normal;
    vec![Effect::Apply { change, why: text }]
}

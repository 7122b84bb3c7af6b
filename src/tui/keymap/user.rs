//! The user's `keys.toml`, merged over the default bindings: `[scope]` tables
//! of `action = "key"` or `action = ["key", …]`, errors named with their line.

use std::collections::BTreeMap;

use super::{Action, Key, Keymap, Scope};

/// `keys.toml`: `[scope]` tables of `action = "key"` or `action = ["key", …]`.
/// Values are read as any TOML value and checked here, so a wrong type is
/// named with its action and what was expected.
type KeysFile = BTreeMap<String, BTreeMap<String, toml::Spanned<toml::Value>>>;

/// What `action = …` should look like.
const EXPECTED: &str = r#"expected a key or a list of keys, like "j" or ["j", "down"]"#;

impl Keymap {
    /// Merges a user's `keys.toml` over the defaults. An action named in a scope
    /// gets exactly the keys given there. Errors name the line. Returns a warning
    /// for each action that lost its last key to another.
    pub fn merge_toml(&mut self, text: &str) -> Result<Vec<String>, String> {
        let file: KeysFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            format!("line {line}: {}", e.message().trim())
        })?;
        let mut merged = self.bindings.clone();
        let mut replaced = self.replaced.clone();
        let mut emptied = Vec::new();
        for (scope_name, table) in file {
            let Some(scope) = Scope::ALL.iter().copied().find(|s| s.name() == scope_name) else {
                let line = text
                    .lines()
                    .position(|l| l.trim() == format!("[{scope_name}]"))
                    .map_or(1, |n| n + 1);
                return Err(format!(
                    "line {line}: unknown section [{scope_name}]: use {}",
                    Scope::ALL
                        .iter()
                        .map(|s| s.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            };
            for (action_name, keys) in table {
                let line = line_of(text, keys.span().start);
                let action = Action::from_name(&action_name).ok_or_else(|| {
                    format!("line {line}: unknown action '{action_name}' (see the help overlay, ?, for the names)")
                })?;
                let wrong = || format!("line {line}: {action_name}: {EXPECTED}");
                let keys = match keys.into_inner() {
                    toml::Value::String(k) => vec![k],
                    toml::Value::Array(list) => list
                        .into_iter()
                        .map(|k| match k {
                            toml::Value::String(k) => Ok(k),
                            _ => Err(wrong()),
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                    _ => return Err(wrong()),
                };
                if keys.is_empty() {
                    emptied.push(format!(
                        "{action_name} is left without keys in [{scope_name}]"
                    ));
                }
                let parsed = keys
                    .iter()
                    .map(|k| Key::parse(k).map_err(|e| format!("line {line}: {e}")))
                    .collect::<Result<Vec<_>, _>>()?;
                let table = merged.entry(scope).or_default();
                table.retain(|_, a| *a != action);
                for key in parsed {
                    table.insert(key, action);
                }
                if scope != Scope::Global {
                    replaced.insert((scope, action));
                }
            }
        }
        let before = self.clone();
        self.bindings = merged;
        self.replaced = replaced;
        let mut lost = emptied;
        for &scope in Scope::ALL {
            for action in Action::ALL {
                let had = before.keys_for(scope, *action);
                if !had.is_empty() && self.keys_for(scope, *action).is_empty() {
                    let key = had[0];
                    let by = self.resolve(scope, key).map_or("nothing", Action::name);
                    // Said once per action, for the first scope (global comes
                    // first), and not again for an action emptied on purpose.
                    let prefix = format!("{} has no key", action.name());
                    let emptied = format!("{} is left without keys", action.name());
                    if !lost
                        .iter()
                        .any(|w: &String| w.starts_with(&prefix) || w.starts_with(&emptied))
                    {
                        lost.push(format!(
                            "{prefix} in {} now: {key} is bound to {by}",
                            scope.name()
                        ));
                    }
                }
            }
        }
        Ok(lost)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    #[test]
    fn a_user_file_rebinds_per_scope_and_help_follows() {
        let mut k = Keymap::default();
        let lost = k
            .merge_toml("[global]\ndown = [\"n\", \"down\"]\n\n[list]\nsort = \"S\"\n")
            .unwrap();
        assert_eq!(
            lost,
            vec![
                "unblock has no key in global now: n is bound to down",
                "score_card has no key in list now: S is bound to sort"
            ]
        );
        assert_eq!(k.resolve(Scope::Board, key("n")), Some(Action::Down));
        assert_eq!(k.resolve(Scope::Board, key("j")), None);
        assert_eq!(k.resolve(Scope::List, key("S")), Some(Action::Sort));
        assert_eq!(k.resolve(Scope::List, key("o")), None);
        let help = k.help(Scope::List);
        let sort = help.iter().find(|(a, _)| *a == Action::Sort).unwrap();
        assert_eq!(sort.1, vec![key("S")]);
        assert_eq!(k.hint(Scope::Board, Action::Down), "n");
    }

    #[test]
    fn a_bad_file_names_the_line_and_changes_nothing() {
        let mut k = Keymap::default();
        let err = k
            .merge_toml("[global]\ndown = \"j\"\nfly = \"f\"\n")
            .unwrap_err();
        assert_eq!(
            err,
            "line 3: unknown action 'fly' (see the help overlay, ?, for the names)"
        );
        let err = k.merge_toml("[global]\nup = \"ctrl-\"\n").unwrap_err();
        assert!(err.starts_with("line 2: unknown key 'ctrl-'"), "{err}");
        let err = k.merge_toml("[global\nup = 1\n").unwrap_err();
        assert!(err.starts_with("line 1:"), "{err}");
        let err = k.merge_toml("[boards]\nup = \"k\"\n").unwrap_err();
        assert!(err.starts_with("line 1: unknown section [boards]"), "{err}");
        assert_eq!(k.resolve(Scope::Board, key("j")), Some(Action::Down));
    }

    #[test]
    fn a_wrong_type_says_what_was_expected_and_an_empty_list_is_named() {
        let mut k = Keymap::default();
        let err = k.merge_toml("[global]\ndown = 5\n").unwrap_err();
        assert_eq!(
            err,
            r#"line 2: down: expected a key or a list of keys, like "j" or ["j", "down"]"#
        );
        let err = k.merge_toml("[board]\nup = [\"k\", 3]\n").unwrap_err();
        assert!(err.starts_with("line 2: up: expected a key"), "{err}");
        let lost = k.merge_toml("[global]\ndown = []\n").unwrap();
        assert_eq!(lost, vec!["down is left without keys in [global]"]);
        assert_eq!(k.resolve(Scope::Board, key("j")), None);
    }

    #[test]
    fn a_views_own_binding_takes_precedence_over_global_for_the_same_action() {
        let mut k = Keymap::default();
        k.merge_toml("[global]\ndown = \"n\"\n\n[board]\ndown = \"x\"\n")
            .unwrap();
        assert_eq!(k.resolve(Scope::Board, key("x")), Some(Action::Down));
        assert_eq!(
            k.resolve(Scope::Board, key("n")),
            None,
            "[board] replaces it"
        );
        assert_eq!(k.resolve(Scope::List, key("n")), Some(Action::Down));
        assert_eq!(k.keys_for(Scope::Board, Action::Down), vec![key("x")]);
        // Alone, [board] still replaces the default keys there.
        let mut k = Keymap::default();
        k.merge_toml("[board]\ndown = \"x\"\n").unwrap();
        assert_eq!(k.resolve(Scope::Board, key("j")), None);
        assert_eq!(k.resolve(Scope::List, key("j")), Some(Action::Down));
    }
}

//! "Did you mean …?": the known word nearest to one typed wrong.

/// The choice nearest to `typed` when it is close enough to be a slip of the
/// keyboard (`hotfx` → `hotfix`, `lst` → `list`), ignoring case; `None` when
/// none is, or when `typed` is itself a choice.
pub fn nearest<'a>(typed: &str, choices: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for choice in choices {
        let lower = choice.to_lowercase();
        if lower == typed {
            return None;
        }
        let d = distance(&typed, &lower);
        // One slip per three letters of the longer word, at least one.
        let allowed = (typed.chars().count().max(lower.chars().count()) / 3).max(1);
        let close = d <= allowed || (typed.len() >= 3 && lower.starts_with(&typed));
        if close && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, choice));
        }
    }
    best.map(|(_, c)| c)
}

/// `" (did you mean X?)"`, or nothing, to follow the word typed in a message.
pub fn did_you_mean<'a>(typed: &str, choices: impl IntoIterator<Item = &'a str>) -> String {
    nearest(typed, choices).map_or_else(String::new, |c| format!(" (did you mean {c}?)"))
}

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANES: [&str; 4] = ["hotfix", "stability", "feature", "bet"];

    #[test]
    fn a_slip_of_the_keyboard_finds_the_word_meant() {
        assert_eq!(nearest("hotfx", LANES), Some("hotfix"));
        assert_eq!(nearest("HOTFIXX", LANES), Some("hotfix"));
        assert_eq!(nearest("stabilty", LANES), Some("stability"));
        assert_eq!(nearest("feautre", LANES), Some("feature"));
        assert_eq!(nearest("bte", LANES), Some("bet"));
        assert_eq!(nearest("lst", ["list", "log", "show"]), Some("list"));
        assert_eq!(
            nearest("stab", LANES),
            Some("stability"),
            "a start of a word"
        );
    }

    #[test]
    fn nothing_is_suggested_for_a_word_far_from_every_choice() {
        assert_eq!(nearest("urgent", LANES), None);
        assert_eq!(nearest("x", LANES), None);
        assert_eq!(nearest("", LANES), None);
        assert_eq!(
            nearest("bet", LANES),
            None,
            "a choice itself needs no suggestion"
        );
        assert_eq!(did_you_mean("urgent", LANES), "");
        assert_eq!(did_you_mean("hotfx", LANES), " (did you mean hotfix?)");
    }
}

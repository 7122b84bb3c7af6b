//! The tables that turn a tracker's words into lanes, severities and statuses
//! (DESIGN.md section 12), and the `--map MAP.toml` file that overrides them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::batch::Format;
use crate::domain::{DomainError, Lane, Severity, Status};

/// What an issue type, label or project makes of an item on its first import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Lane(Lane),
    /// A bug: hot fix when its severity is S1 or S2, else stability.
    Bug,
    Inbox,
}

impl Kind {
    fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_lowercase().as_str() {
            "bug" => Some(Kind::Bug),
            "inbox" | "none" => Some(Kind::Inbox),
            other => Lane::parse(other).ok().map(Kind::Lane),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Kind::Lane(l) => l.as_str(),
            Kind::Bug => "bug",
            Kind::Inbox => "inbox",
        }
    }

    /// The lane of an item of this kind with `severity`.
    pub fn lane(self, severity: Option<Severity>) -> Option<Lane> {
        match self {
            Kind::Lane(l) => Some(l),
            Kind::Bug if severity.is_some_and(Severity::is_urgent) => Some(Lane::Hotfix),
            Kind::Bug => Some(Lane::Stability),
            Kind::Inbox => None,
        }
    }
}

/// The three tables, keys lower-cased.
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    format: Format,
    types: BTreeMap<String, (String, Kind)>,
    priorities: BTreeMap<String, (String, Severity)>,
    statuses: BTreeMap<String, (String, Status)>,
}

/// Pairs of a tracker's word and what it maps to.
type Table = &'static [(&'static str, &'static str)];

const JIRA_TYPES: &[(&str, &str)] = &[
    ("Epic", "bet"),
    ("Bug", "bug"),
    ("Error", "bug"),
    ("Defect", "bug"),
    ("Defecto", "bug"),
    ("Story", "feature"),
    ("Historia", "feature"),
    ("Improvement", "feature"),
    ("Mejora", "feature"),
    ("New Feature", "feature"),
    ("Nueva función", "feature"),
    ("Feature", "feature"),
    ("Enhancement", "feature"),
    ("Task", "inbox"),
    ("Tarea", "inbox"),
    ("Sub-task", "inbox"),
    ("Subtask", "inbox"),
    ("Subtarea", "inbox"),
];

const GITHUB_TYPES: &[(&str, &str)] = &[
    ("bug", "bug"),
    ("defect", "bug"),
    ("regression", "bug"),
    ("enhancement", "feature"),
    ("feature", "feature"),
    ("feature request", "feature"),
    ("epic", "bet"),
];

const TASKWARRIOR_TYPES: &[(&str, &str)] = &[
    ("hotfix", "hotfix"),
    ("stability", "stability"),
    ("feature", "feature"),
    ("bet", "bet"),
];

const PRIORITIES: &[(&str, &str)] = &[
    ("Highest", "S1"),
    ("Blocker", "S1"),
    ("Critical", "S1"),
    ("Urgent", "S1"),
    ("P0", "S1"),
    ("Más alta", "S1"),
    ("High", "S2"),
    ("P1", "S2"),
    ("Alta", "S2"),
    ("Medium", "S3"),
    ("Major", "S3"),
    ("P2", "S3"),
    ("Media", "S3"),
    ("Low", "S4"),
    ("Lowest", "S4"),
    ("Minor", "S4"),
    ("Trivial", "S4"),
    ("P3", "S4"),
    ("P4", "S4"),
    ("Baja", "S4"),
    ("Más baja", "S4"),
    ("S1", "S1"),
    ("S2", "S2"),
    ("S3", "S3"),
    ("S4", "S4"),
];

/// Words that say a finished item was not done, in English and Spanish.
const DECLINED: &[&str] = &[
    "Cancelled",
    "Canceled",
    "Aborted",
    "Won't Do",
    "Won't Fix",
    "Rejected",
    "Declined",
    "Duplicate",
    "Obsolete",
    "Cancelado",
    "Descartado",
    "Rechazado",
    "Duplicado",
];

const JIRA_STATUSES: &[(&str, &str)] = &[
    ("To Do", "todo"),
    ("Todo", "todo"),
    ("Open", "todo"),
    ("New", "todo"),
    ("Backlog", "todo"),
    ("Wishlist", "todo"),
    ("Selected for Development", "todo"),
    ("Reopened", "todo"),
    ("Por hacer", "todo"),
    ("Tareas por hacer", "todo"),
    ("Abierta", "todo"),
    ("Abierto", "todo"),
    ("Nueva", "todo"),
    ("Pendiente", "todo"),
    ("A empezar", "todo"),
    ("In Progress", "doing"),
    ("In Review", "doing"),
    ("Review", "doing"),
    ("Code Review", "doing"),
    ("Testing", "doing"),
    ("Test", "doing"),
    ("QA", "doing"),
    ("Blocked", "doing"),
    ("En curso", "doing"),
    ("En progreso", "doing"),
    ("En revisión", "doing"),
    ("Done", "done"),
    ("Closed", "done"),
    ("Resolved", "done"),
    ("Fixed", "done"),
    ("Complete", "done"),
    ("Completed", "done"),
    ("Listo", "done"),
    ("Hecho", "done"),
    ("Cerrado", "done"),
    ("Cerrada", "done"),
    ("Resuelto", "done"),
    ("Resuelta", "done"),
    ("Finalizado", "done"),
    ("Terminado", "done"),
    ("Acabado", "done"),
    ("Completado", "done"),
];

const GITHUB_STATUSES: &[(&str, &str)] = &[
    ("open", "todo"),
    ("reopened", "todo"),
    ("closed", "done"),
    ("completed", "done"),
    ("not_planned", "declined"),
    ("duplicate", "declined"),
];

const TASKWARRIOR_STATUSES: &[(&str, &str)] = &[
    ("pending", "todo"),
    ("waiting", "todo"),
    ("completed", "done"),
    ("deleted", "declined"),
];

impl Map {
    /// The defaults for `format`.
    pub fn defaults(format: Format) -> Map {
        let (types, statuses): (Table, Table) = match format {
            Format::JiraCsv | Format::Json => (JIRA_TYPES, JIRA_STATUSES),
            Format::Github => (GITHUB_TYPES, GITHUB_STATUSES),
            Format::Taskwarrior => (TASKWARRIOR_TYPES, TASKWARRIOR_STATUSES),
        };
        let mut map = Map {
            format,
            types: BTreeMap::new(),
            priorities: BTreeMap::new(),
            statuses: BTreeMap::new(),
        };
        for (k, v) in types {
            if let Some(kind) = Kind::parse(v) {
                map.types.insert(k.to_lowercase(), ((*k).into(), kind));
            }
        }
        if format != Format::Taskwarrior {
            for (k, v) in PRIORITIES {
                if let Ok(s) = Severity::parse(v) {
                    map.priorities.insert(k.to_lowercase(), ((*k).into(), s));
                }
            }
        }
        for (k, v) in statuses {
            if let Ok(s) = Status::parse(v) {
                map.statuses.insert(k.to_lowercase(), ((*k).into(), s));
            }
        }
        if format == Format::JiraCsv {
            for k in DECLINED {
                map.statuses
                    .insert(k.to_lowercase(), ((*k).into(), Status::Declined));
            }
        }
        map
    }

    /// The defaults for `format` with the tables of a map file over them.
    pub fn with_file(format: Format, text: &str) -> Result<Map, DomainError> {
        let mut map = Map::defaults(format);
        let file: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(text).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                DomainError::invalid(match line {
                    Some(n) => format!("line {n}: the map is not valid: {}", e.message()),
                    None => format!("the map is not valid: {}", e.message()),
                })
            })?;
        for (table, entries) in file {
            for (key, value) in entries {
                let bad = |allowed: &str| {
                    DomainError::invalid(format!(
                        "the map's [{table}] gives '{key}' the value '{value}'; use {allowed}"
                    ))
                };
                let lower = key.trim().to_lowercase();
                match table.as_str() {
                    "types" => {
                        let kind = Kind::parse(&value).ok_or_else(|| {
                            bad("hotfix, stability, feature, bet, bug or inbox")
                        })?;
                        map.types.insert(lower, (key, kind));
                    }
                    "priorities" => {
                        let s = Severity::parse(&value).map_err(|_| bad("S1, S2, S3 or S4"))?;
                        map.priorities.insert(lower, (key, s));
                    }
                    "statuses" => {
                        let s = Status::parse(&value)
                            .map_err(|_| bad("todo, doing, done or declined"))?;
                        map.statuses.insert(lower, (key, s));
                    }
                    other => {
                        return Err(DomainError::invalid(format!(
                            "the map has a table [{other}]; its tables are [types], [priorities] and [statuses]"
                        )))
                    }
                }
            }
        }
        Ok(map)
    }

    /// What an issue type, label or project name makes of an item.
    pub fn kind(&self, name: &str) -> Option<Kind> {
        let lower = name.trim().to_lowercase();
        if let Some((_, k)) = self.types.get(&lower) {
            return Some(*k);
        }
        // `type: bug`, `kind/bug`: the word after a common prefix.
        let (prefix, rest) = lower.split_once([':', '/'])?;
        matches!(prefix.trim(), "type" | "kind" | "t")
            .then(|| self.types.get(rest.trim()).map(|(_, k)| *k))
            .flatten()
    }

    /// The severity a priority (or a label like `priority: high`) stands for.
    pub fn severity(&self, name: &str) -> Option<Severity> {
        let lower = name.trim().to_lowercase();
        if let Some((_, s)) = self.priorities.get(&lower) {
            return Some(*s);
        }
        let (prefix, rest) = lower.split_once([':', '/', '-'])?;
        matches!(
            prefix.trim(),
            "priority" | "prio" | "severity" | "sev" | "prioridad"
        )
        .then(|| self.priorities.get(rest.trim()).map(|(_, s)| *s))
        .flatten()
    }

    /// The status a tracker's status (or status category, or resolution) names.
    pub fn status(&self, name: &str) -> Option<Status> {
        self.statuses
            .get(&name.trim().to_lowercase())
            .map(|(_, s)| *s)
    }

    /// The map as a file to start from: what `--print-map` prints.
    pub fn to_toml(&self) -> String {
        let mut out = format!(
            "# lanes import map for {} ({}). Give it with --map FILE; its entries\n\
             # replace or add to these defaults. Names match without regard to case.\n",
            self.format,
            self.format.tracker()
        );
        // A JSON string is also a TOML basic string.
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let _ = write!(
            out,
            "\n# {} → a lane (hotfix, stability, feature, bet), \"bug\" (hotfix when the\n\
             # severity is S1 or S2, else stability) or \"inbox\".\n[types]\n",
            match self.format {
                Format::Github => "A label",
                Format::Taskwarrior => "A project",
                _ => "An issue type (or a label)",
            }
        );
        for (k, v) in self.types.values() {
            let _ = writeln!(out, "{} = {}", quote(k), quote(v.as_str()));
        }
        if !self.priorities.is_empty() {
            out.push_str(
                "\n# A priority (or a label like \"priority: high\") → a severity, for bugs.\n[priorities]\n",
            );
            for (k, v) in self.priorities.values() {
                let _ = writeln!(out, "{} = {}", quote(k), quote(v.as_str()));
            }
        }
        let _ = write!(
            out,
            "\n# {} → todo, doing, done or declined.\n[statuses]\n",
            match self.format {
                Format::Github => "A state or state reason",
                Format::Taskwarrior => "A status",
                _ => "A status, status category or resolution",
            }
        );
        for (k, v) in self.statuses.values() {
            let _ = writeln!(out, "{} = {}", quote(k), quote(v.as_str()));
        }
        out
    }
}

/// What `lanes import --help` ends with: the default map of a Jira CSV, as a
/// file to start from, and where the others are.
pub fn help() -> String {
    format!(
        "Without --format the format is recognised from the content. Re-importing the same \
         tracker matches items on their source and updates only what the tracker owns.\n\n\
         The default map for jira-csv follows; `lanes import --print-map github` and \
         `--print-map taskwarrior` print the others. Save one, edit it, give it with --map.\n\n{}",
        Map::defaults(Format::JiraCsv).to_toml()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_types_priorities_and_statuses_map_as_the_design_says() {
        let m = Map::defaults(Format::JiraCsv);
        let lane = |t: &str, p: &str| m.kind(t).and_then(|k| k.lane(m.severity(p)));
        let cases = [
            ("Epic", "Medium", Some(Lane::Bet)),
            ("Bug", "Highest", Some(Lane::Hotfix)),
            ("Error", "High", Some(Lane::Hotfix)),
            ("Defecto", "Alta", Some(Lane::Hotfix)),
            ("Bug", "Major", Some(Lane::Stability)),
            ("bug", "Más baja", Some(Lane::Stability)),
            ("Story", "High", Some(Lane::Feature)),
            ("Historia", "", Some(Lane::Feature)),
            ("Improvement", "", Some(Lane::Feature)),
            ("New Feature", "", Some(Lane::Feature)),
            ("Task", "Highest", None),
            ("Subtarea", "", None),
        ];
        for (t, p, want) in cases {
            assert_eq!(lane(t, p), want, "{t} {p}");
        }
        assert_eq!(m.kind("Spike"), None);
        for (p, s) in [
            ("Blocker", "S1"),
            ("P0", "S1"),
            ("Urgent", "S1"),
            ("P1", "S2"),
            ("Medium", "S3"),
            ("Media", "S3"),
            ("Trivial", "S4"),
            ("P4", "S4"),
            ("Baja", "S4"),
        ] {
            assert_eq!(m.severity(p).map(Severity::as_str), Some(s), "{p}");
        }
        for (name, s) in [
            ("To Do", Status::Todo),
            ("Por hacer", Status::Todo),
            ("backlog", Status::Todo),
            ("In Progress", Status::Doing),
            ("En curso", Status::Doing),
            ("Done", Status::Done),
            ("Listo", Status::Done),
            ("ACABADO", Status::Done),
            ("Won't Do", Status::Declined),
            ("Descartado", Status::Declined),
        ] {
            assert_eq!(m.status(name), Some(s), "{name}");
        }
    }

    #[test]
    fn github_labels_with_prefixes_give_kinds_and_severities() {
        let m = Map::defaults(Format::Github);
        assert_eq!(m.kind("bug"), Some(Kind::Bug));
        assert_eq!(m.kind("type: bug"), Some(Kind::Bug));
        assert_eq!(m.kind("kind/feature"), Some(Kind::Lane(Lane::Feature)));
        assert_eq!(m.kind("activerecord"), None);
        assert_eq!(m.severity("critical"), Some(Severity::S1));
        assert_eq!(m.severity("priority: high"), Some(Severity::S2));
        assert_eq!(m.severity("severity: critical"), Some(Severity::S1));
        assert_eq!(m.severity("P0"), Some(Severity::S1));
        assert_eq!(m.status("not_planned"), Some(Status::Declined));
    }

    #[test]
    fn a_map_file_overrides_and_adds_and_its_mistakes_are_named() {
        let m = Map::with_file(
            Format::JiraCsv,
            "[types]\nTask = \"feature\"\nSpike = \"bet\"\n[statuses]\n\"A RECIBIR\" = \"doing\"\n",
        )
        .unwrap();
        assert_eq!(m.kind("task"), Some(Kind::Lane(Lane::Feature)));
        assert_eq!(m.kind("SPIKE"), Some(Kind::Lane(Lane::Bet)));
        assert_eq!(m.status("a recibir"), Some(Status::Doing));
        assert_eq!(
            Map::with_file(Format::JiraCsv, "[types]\nTask = \"soon\"\n")
                .unwrap_err()
                .to_string(),
            "the map's [types] gives 'Task' the value 'soon'; use hotfix, stability, feature, bet, bug or inbox"
        );
        assert!(Map::with_file(Format::JiraCsv, "[lanes]\nx = \"y\"\n")
            .unwrap_err()
            .to_string()
            .contains("[lanes]"));
    }

    #[test]
    fn the_printed_defaults_read_back_as_the_defaults() {
        for f in [Format::JiraCsv, Format::Github, Format::Taskwarrior] {
            let m = Map::defaults(f);
            assert_eq!(Map::with_file(f, &m.to_toml()).unwrap(), m, "{f}");
        }
    }
}

//! Speed of importing other trackers' exports (issue targets, whole process):
//! a Jira CSV of 2,443 rows shaped like a real "current fields" export with
//! parents, under 0.5 s; a 100k-task Taskwarrior export, under 3 s; and the
//! re-import of that unchanged export, which changes nothing, under 3 s.
//!
//! The files are generated with a fixed seed into `target/lanes-bench/`, so the
//! same runs can be measured by hand with `/usr/bin/time -v` for peak memory.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use common::{data_dir, Rng};

const WORDS: &[&str] = &[
    "columna",
    "burbujas",
    "fibra",
    "óptica",
    "proyector",
    "consola",
    "montaje",
    "centro",
    "sala",
    "luz",
    "panel",
    "interactivo",
    "alfombra",
    "sonido",
    "cliente",
    "pedido",
];

/// 2,443 rows like Jira's Spanish "current fields" export: most with a parent
/// given both by key and by numeric id, multi-line descriptions on some, the
/// statuses and dates such exports carry.
fn jira_csv() -> PathBuf {
    let file = data_dir().join("jira-2443.csv");
    if file.exists() {
        return file;
    }
    let mut rng = Rng(7);
    let mut out = String::from(
        "Clave de incidencia,ID de la incidencia,Resumen,Descripción,Estado,Creada,Principal,Clave principal,Parent summary\r\n",
    );
    let months = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ];
    let parents = 300;
    for n in 0..2443 {
        let key = 2000 + n;
        let title: Vec<&str> = (0..6).map(|_| rng.pick(WORDS)).collect();
        let description = if rng.below(20) == 0 {
            format!(
                "\"Comanda: COM{key}\nCliente: {}\nCantidad: 1,00\"",
                rng.pick(WORDS)
            )
        } else {
            String::new()
        };
        let status = rng.pick(&[
            "ACABADO",
            "ACABADO",
            "ACABADO",
            "A RECIBIR",
            "Fabricación",
            "A EMPEZAR",
        ]);
        let created = format!(
            "{:02}/{}/{} {}:{:02} {}",
            1 + rng.below(28),
            months[rng.below(12)],
            23 + rng.below(3),
            1 + rng.below(12),
            rng.below(60),
            rng.pick(&["AM", "PM"])
        );
        let (pid, pkey, psum) = if n >= parents && rng.below(10) < 9 {
            let p = 2000 + rng.below(parents);
            (
                format!("{}", 10_000 + p),
                format!("DOIT-{p}"),
                "Pedido".to_string(),
            )
        } else {
            (String::new(), String::new(), String::new())
        };
        let _ = write!(
            out,
            "DOIT-{key},{},\"1,00 {}\",{description},{status},{created},{pid},{pkey},{psum}\r\n",
            10_000 + key,
            title.join(" ").to_uppercase(),
        );
    }
    std::fs::write(&file, out).expect("write");
    file
}

/// 100,000 tasks as `task export` writes them: projects, tags, priorities,
/// annotations, dependencies as arrays and as comma-separated strings, and
/// completed, deleted, waiting and started tasks.
fn taskwarrior() -> PathBuf {
    let file = data_dir().join("taskwarrior-100k.json");
    if file.exists() {
        return file;
    }
    let mut rng = Rng(11);
    let uuid = |n: usize| format!("{n:08x}-0000-4000-8000-{n:012x}");
    let mut out = String::from("[\n");
    for n in 0..100_000 {
        if n > 0 {
            out.push_str(",\n");
        }
        let status = rng.pick(&[
            "pending",
            "pending",
            "pending",
            "completed",
            "completed",
            "deleted",
            "waiting",
        ]);
        let title: Vec<&str> = (0..5).map(|_| rng.pick(WORDS)).collect();
        let day = 1 + rng.below(28);
        let mut task = format!(
            "{{\"id\":{n},\"description\":\"{}\",\"entry\":\"202501{day:02}T090000Z\",\"modified\":\"202502{day:02}T090000Z\",\"status\":\"{status}\",\"uuid\":\"{}\",\"urgency\":{}.5",
            title.join(" "),
            uuid(n),
            rng.below(20)
        );
        if rng.below(3) > 0 {
            let _ = write!(
                task,
                ",\"project\":\"{}\"",
                rng.pick(&[
                    "hotfix",
                    "stability.docs",
                    "feature.web",
                    "bet",
                    "home",
                    "ops"
                ])
            );
        }
        if rng.below(2) == 0 {
            let _ = write!(
                task,
                ",\"tags\":[\"{}\",\"{}\"]",
                rng.pick(WORDS),
                rng.pick(WORDS)
            );
        }
        if rng.below(3) == 0 {
            let _ = write!(task, ",\"priority\":\"{}\"", rng.pick(&["H", "M", "L"]));
        }
        if status == "pending" && rng.below(5) == 0 {
            let _ = write!(task, ",\"start\":\"202502{day:02}T100000Z\"");
        }
        if status == "completed" || status == "deleted" {
            let _ = write!(task, ",\"end\":\"202503{day:02}T100000Z\"");
        }
        if rng.below(4) == 0 {
            let _ = write!(task, ",\"due\":\"202604{day:02}T000000Z\"");
        }
        if n > 10 && rng.below(5) == 0 {
            let (a, b) = (uuid(rng.below(n)), uuid(rng.below(n)));
            if rng.below(2) == 0 {
                let _ = write!(task, ",\"depends\":[\"{a}\",\"{b}\"]");
            } else {
                let _ = write!(task, ",\"depends\":\"{a},{b}\"");
            }
        }
        if rng.below(6) == 0 {
            let _ = write!(
                task,
                ",\"annotations\":[{{\"entry\":\"202502{day:02}T110000Z\",\"description\":\"{} {}\"}}]",
                rng.pick(WORDS),
                rng.pick(WORDS)
            );
        }
        task.push('}');
        out.push_str(&task);
    }
    out.push_str("\n]\n");
    std::fs::write(&file, out).expect("write");
    file
}

fn import(db: &Path, file: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_lanes"))
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .env("LANES_NOW", "2026-11-21T09:00:00Z")
        .output()
        .expect("run lanes");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn importers(c: &mut Criterion) {
    let jira = jira_csv();
    let tasks = taskwarrior();
    let mut g = c.benchmark_group("import, whole process");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function(
        "Jira CSV, 2,443 rows with parents, into an empty backlog",
        |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("temp dir"),
                |dir| {
                    import(&dir.path().join("b.db"), &jira);
                    dir
                },
                BatchSize::PerIteration,
            );
        },
    );
    g.bench_function(
        "Taskwarrior export, 100k tasks, into an empty backlog",
        |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("temp dir"),
                |dir| {
                    import(&dir.path().join("b.db"), &tasks);
                    dir
                },
                BatchSize::PerIteration,
            );
        },
    );
    // Imported once; every run after that finds all 100k unchanged.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("again.db");
    import(&db, &tasks);
    g.bench_function(
        "Taskwarrior export, 100k tasks, again: nothing changes",
        |b| {
            b.iter(|| import(&db, &tasks));
        },
    );
    g.finish();
}

criterion_group!(benches, importers);
criterion_main!(benches);

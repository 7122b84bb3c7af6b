//! TUI speed at 100,000 items (DESIGN.md section 10): from opening the database
//! to the first frame, one frame of the board and of the list at 200×50, and one
//! keystroke of incremental search, re-filtered and drawn.

mod common;
mod data;

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

use lanes::store::Store;
use lanes::tui::app::{Model, Msg};
use lanes::tui::{self, views, Session};

fn clock() -> (DateTime<Utc>, NaiveDate) {
    (data::now(), data::now().date_naive())
}

fn session() -> Session {
    Session {
        actor: "bench".into(),
        clock,
        mouse: false,
        color: true,
        keys: None,
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, model: &Model) {
    terminal
        .draw(|f| views::render(model, f))
        .expect("draw into the test backend");
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn press(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// One message through `update` and the store, as the event loop sends it.
fn send(store: &mut Store, session: &Session, model: &mut Model, msg: Msg) {
    tui::dispatch(store, session, model, msg, |_: &Store, _: i64| {
        Msg::Failed(String::new())
    });
}

fn first_frame(c: &mut Criterion) {
    let (_, db) = data::fixtures();
    let session = session();
    let mut g = c.benchmark_group("tui");
    g.sample_size(20);
    g.bench_function(
        "open the database, load, rank and draw the first frame (100k)",
        |b| {
            b.iter(|| {
                let store = Store::open(&db).expect("open");
                let model = tui::start(&store, &session, 200, 50);
                let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
                draw(&mut terminal, &model);
                black_box(model.data.cards.len())
            });
        },
    );
    g.finish();
}

fn frames(c: &mut Criterion) {
    let (_, db) = data::fixtures();
    let session = session();
    let mut store = Store::open(&db).expect("open");
    let mut model = tui::start(&store, &session, 200, 50);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut g = c.benchmark_group("tui");
    g.bench_function("one frame of the board at 200x50 (100k)", |b| {
        b.iter(|| draw(&mut terminal, &model));
    });
    send(&mut store, &session, &mut model, key('L'));
    // Somewhere in the middle, so scrolling is part of the work.
    for _ in 0..5 {
        send(&mut store, &session, &mut model, press(KeyCode::PageDown));
    }
    g.bench_function("one frame of the list at 200x50 (100k)", |b| {
        b.iter(|| draw(&mut terminal, &model));
    });
    g.finish();
}

fn search(c: &mut Criterion) {
    let (_, db) = data::fixtures();
    let session = session();
    let mut store = Store::open(&db).expect("open");
    let mut model = tui::start(&store, &session, 200, 50);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let step = |store: &mut Store, model: &mut Model, msg: Msg| send(store, &session, model, msg);
    step(&mut store, &mut model, key('L'));
    // Opening the search reads the search text once.
    step(&mut store, &mut model, key('/'));
    step(&mut store, &mut model, key('c'));
    let backspace = || press(KeyCode::Backspace);
    // Each round types one letter and erases it again; one of the two is timed.
    let mut timed = |iters: u64, type_timed: bool| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            step(&mut store, &mut model, key('h'));
            draw(&mut terminal, &model);
            let typed = start.elapsed();
            let start = Instant::now();
            step(&mut store, &mut model, backspace());
            draw(&mut terminal, &model);
            total += if type_timed { typed } else { start.elapsed() };
        }
        total
    };
    let mut g = c.benchmark_group("tui");
    g.bench_function(
        "search keystroke: type one more letter, re-filter, draw (100k)",
        |b| {
            b.iter_custom(|iters| timed(iters, true));
        },
    );
    g.bench_function(
        "search keystroke: erase a letter, re-filter all, draw (100k)",
        |b| {
            b.iter_custom(|iters| timed(iters, false));
        },
    );
    g.finish();
}

/// What every key costs before it acts: asking the store whether anything was
/// committed elsewhere since the TUI last read it (nothing, here).
fn elsewhere(c: &mut Criterion) {
    let (_, db) = data::fixtures();
    let store = Store::open(&db).expect("open");
    let mark = store.mark().expect("mark");
    let mut g = c.benchmark_group("tui");
    g.bench_function(
        "a key's look for changes made elsewhere, none (100k)",
        |b| {
            b.iter(|| {
                black_box(
                    tui::effects::news(&store, mark, &tui::app::outside::Aim::Nothing)
                        .expect("look"),
                )
            });
        },
    );
    g.finish();
}

/// Entering refinement mode and the plan view (target: under 100 ms each).
fn views(c: &mut Criterion) {
    let (_, db) = data::fixtures();
    let session = session();
    let mut store = Store::open(&db).expect("open");
    let mut model = tui::start(&store, &session, 200, 50);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    // What the event loop reads after the first frame.
    send(&mut store, &session, &mut model, Msg::Warm);
    let mut g = c.benchmark_group("tui");
    g.sample_size(20);
    for (name, key_in) in [
        (
            "enter refinement mode: queue, first item, drawn (100k)",
            'R',
        ),
        ("enter the plan view: plan, drawn (100k)", 'P'),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                send(&mut store, &session, &mut model, key(key_in));
                draw(&mut terminal, &model);
                send(&mut store, &session, &mut model, key('B'));
            });
        });
    }
    g.finish();
}

criterion_group!(benches, first_frame, frames, search, elsewhere, views);
criterion_main!(benches);

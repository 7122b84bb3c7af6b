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
use lanes::tui::app::{Mode, Model, Msg};
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
                black_box(model.data.cards.open().len())
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
    // Each card's height is measured where the column scrolls, so a step is
    // layout and drawing both.
    let mut down = true;
    g.bench_function("a step on the board, scrolled and drawn (100k)", |b| {
        b.iter(|| {
            let k = if down { 'j' } else { 'k' };
            down = !down;
            send(&mut store, &session, &mut model, key(k));
            draw(&mut terminal, &model);
        });
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

/// The score card in refinement mode at 100k items: a key that fills a field
/// (and one that goes back a field), each handled and drawn; and the card's
/// last key, whose scores are tried in the store before the reason is asked.
fn score_card(c: &mut Criterion) {
    let (_, db) = data::fixtures();
    let session = session();
    let mut store = Store::open(&db).expect("open");
    let mut model = tui::start(&store, &session, 200, 50);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    send(&mut store, &session, &mut model, Msg::Warm);
    send(&mut store, &session, &mut model, key('R'));
    assert_eq!(model.view, tui::app::View::Refine, "refinement mode");
    let card_open = |model: &Model| matches!(model.mode, Mode::Card(_));
    send(&mut store, &session, &mut model, key('S'));
    assert!(card_open(&model), "the score card is open");
    // Each round fills a field with 5 and goes back to it; one of the two is timed.
    let mut timed = |iters: u64, fill_timed: bool| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            send(&mut store, &session, &mut model, key('5'));
            draw(&mut terminal, &model);
            let filled = start.elapsed();
            let start = Instant::now();
            send(&mut store, &session, &mut model, press(KeyCode::Backspace));
            draw(&mut terminal, &model);
            let back = start.elapsed();
            total += if fill_timed { filled } else { back };
        }
        total
    };
    let mut g = c.benchmark_group("tui");
    g.bench_function(
        "score card keystroke: a value fills the field and moves on, drawn (100k)",
        |b| b.iter_custom(|iters| timed(iters, true)),
    );
    g.bench_function(
        "score card keystroke: Backspace goes back a field, drawn (100k)",
        |b| b.iter_custom(|iters| timed(iters, false)),
    );
    // Its last key: the scores join the item's visit, tried in the store (a
    // transaction rolled back, the item read as it would be), then the reason
    // prompt is drawn. Esc and u put everything back, untimed.
    let mut last = |iters: u64| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            send(&mut store, &session, &mut model, press(KeyCode::Esc));
            send(&mut store, &session, &mut model, key('u'));
            send(&mut store, &session, &mut model, key('S'));
            while let Mode::Card(card) = &model.mode {
                if !(card.at + 1..4).any(|i| card.targets[i]) {
                    break;
                }
                send(&mut store, &session, &mut model, press(KeyCode::Tab));
            }
            let start = Instant::now();
            send(&mut store, &session, &mut model, key('8'));
            draw(&mut terminal, &model);
            total += start.elapsed();
            assert!(matches!(model.mode, Mode::Prompt(_)), "the reason prompt");
        }
        total
    };
    g.bench_function(
        "score card's last key: tried in the store, reason prompt drawn (100k)",
        |b| b.iter_custom(&mut last),
    );
    g.finish();
}

criterion_group!(
    benches,
    first_frame,
    frames,
    search,
    elsewhere,
    views,
    score_card
);
criterion_main!(benches);

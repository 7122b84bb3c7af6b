//! What every benchmark shares: a deterministic generator and where generated
//! data is kept.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A small deterministic generator (64-bit LCG), so every run sees the same data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn below_u64(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// `target/lanes-bench/`, where generated backlogs are kept between runs so the
/// same files can be measured by hand.
pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("lanes-bench");
    std::fs::create_dir_all(&dir).expect("bench data directory");
    dir
}

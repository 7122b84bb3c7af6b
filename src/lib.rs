//! lanes: a keyboard-driven backlog manager that keeps urgent fixes fast without
//! starving strategic work. The binary is a thin shell over this library.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod import;
pub mod io;
pub mod store;
pub mod tui;

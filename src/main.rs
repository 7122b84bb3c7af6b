//! The `lanes` binary: a thin shell over the library.

fn main() -> std::process::ExitCode {
    lanes::cli::main()
}

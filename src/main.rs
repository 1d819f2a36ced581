//! The `coffer` binary: parse arguments, run, map the result to an exit code.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = coffer::cli::Cli::parse();
    std::process::ExitCode::from(coffer::cli::run(cli).code())
}

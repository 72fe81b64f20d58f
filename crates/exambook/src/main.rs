//! The `exambook` command: thin glue over the libraries, one module per subcommand.

mod args;
mod cmd;
mod pipeline;
mod report;

use std::process::ExitCode;

use clap::Parser;

/// Exit code for content errors (the author's input is wrong).
const EXIT_CONTENT: u8 = 1;
/// Exit code for usage and I/O errors.
const EXIT_IO: u8 = 2;

fn main() -> ExitCode {
    let args = args::Cli::parse();
    let result = match args.command {
        args::Command::Build(build) => cmd::build::run(&build, &args.global),
        args::Command::Check(check) => cmd::check::run(&check, &args.global),
        args::Command::Init(init) => cmd::init::run(&init, &args.global),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            report::error(&err);
            ExitCode::from(EXIT_IO)
        }
    }
}

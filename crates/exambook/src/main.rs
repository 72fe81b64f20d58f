//! The `exambook` command: thin glue over the libraries, one module per subcommand.

// Every `println!` and `eprintln!` of this crate is one of these two: a closed pipe drops the
// line instead of panicking (see `print`). Defined before the modules so that they see them.
macro_rules! println {
    () => { $crate::print::stdout(format_args!("")) };
    ($($arg:tt)*) => { $crate::print::stdout(format_args!($($arg)*)) };
}
macro_rules! eprintln {
    () => { $crate::print::stderr(format_args!("")) };
    ($($arg:tt)*) => { $crate::print::stderr(format_args!($($arg)*)) };
}

mod args;
mod cmd;
mod pipeline;
mod print;
mod report;
mod serve;
mod signals;

use std::process::ExitCode;

use clap::Parser;

// The parser and the renderer build many small owned values; mimalloc is markedly faster than
// glibc's allocator for that (the parse benchmark went from ~30 % to 40 % of bare
// pulldown-cmark).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code for content errors (the author's input is wrong).
const EXIT_CONTENT: u8 = 1;
/// Exit code for usage and I/O errors.
const EXIT_IO: u8 = 2;

fn main() -> ExitCode {
    let args = args::Cli::parse();
    let result = match args.command {
        args::Command::Build(build) => {
            clean_up_on_signals();
            cmd::build::run(&build, &args.global)
        }
        args::Command::Check(check) => cmd::check::run(&check, &args.global),
        args::Command::Init(init) => cmd::init::run(&init, &args.global),
        args::Command::Serve(serve) => cmd::serve::run(&serve, &args.global),
        args::Command::ImportQuestions(import) => cmd::import::run(&import, &args.global),
        args::Command::Import(import) => cmd::import_guide::run(&import, &args.global),
        args::Command::Export(args::ExportCommand::Questions(export)) => {
            cmd::export::questions(&export, &args.global)
        }
        args::Command::I18n(i18n) => cmd::i18n::run(&i18n, &args.global),
        args::Command::Pdf(pdf) => {
            clean_up_on_signals();
            cmd::pdf::run(&pdf, &args.global)
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            report::error(&err);
            ExitCode::from(EXIT_IO)
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP during a build or `pdf`, stops the browser `pdf` runs, removes
/// the temporary folders and files (the output stays as it was), then lets the signal end the process as it would have. Signals
/// ignored from the start stay ignored.
#[cfg(unix)]
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // Signals the process was started with ignored (`nohup`) stay ignored.
    let wanted = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&s| !signals::ignored(s));
    let Ok(mut incoming) = signal_hook::iterator::Signals::new(wanted) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("exambook-signals".into())
        .spawn(move || {
            if let Some(signal) = incoming.forever().next() {
                cmd::pdf::abandon();
                exambook_core::output::abandon();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
}

#[cfg(not(unix))]
fn clean_up_on_signals() {}

//! `exambook check`: every check of a build, without writing anything.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use exambook_core::{Diagnostic, SourceMap};

use crate::args::{CheckArgs, Format, Global, book_dir};
use crate::pipeline::{self, Outcome, Prepared, Settings};
use crate::report;

/// Runs `exambook check`.
pub fn run(args: &CheckArgs, global: &Global) -> Result<ExitCode> {
    let dir = book_dir(args.book.as_ref());
    let settings = Settings {
        deny_warnings: args.deny_warnings,
        strict: true,
        ..Settings::default()
    };
    let (sources, diagnostics, failed) =
        match pipeline::run(&dir, &settings, |_| Ok(Prepared::default()))? {
            Outcome::Built(built) => (built.book.sources, built.diagnostics, false),
            Outcome::Failed {
                sources,
                diagnostics,
            } => (*sources, diagnostics, true),
        };
    match args.format {
        Format::Json => {
            // A closed pipe (`| head`) is the reader's choice, not an error worth a panic.
            let _ = writeln!(
                std::io::stdout().lock(),
                "{}",
                json(&sources, &diagnostics)?
            );
        }
        Format::Text => report::diagnostics(&sources, &diagnostics, global.quiet),
    }
    if failed {
        if args.format == Format::Text {
            return Ok(report::failed(&diagnostics, args.deny_warnings));
        }
        return Ok(ExitCode::from(crate::EXIT_CONTENT));
    }
    if !global.quiet && args.format == Format::Text {
        eprintln!("checked: no errors, {} warning(s)", diagnostics.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// The diagnostics as a JSON array, for editors and CI.
fn json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Result<String> {
    let items: Vec<report::Json<'_>> = diagnostics
        .iter()
        .map(|d| report::Json::new(sources, d))
        .collect();
    Ok(serde_json::to_string_pretty(&items)?)
}

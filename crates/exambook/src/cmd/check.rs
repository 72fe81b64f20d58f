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
    let (sources, diagnostics, failed, coverage) =
        match pipeline::run(&dir, &settings, |_| Ok(Prepared::default()))? {
            Outcome::Built(built) => {
                let coverage = built
                    .book
                    .exam
                    .as_ref()
                    .map(|e| (e.coverage(), e.config.min_questions_per_weight));
                (built.book.sources, built.diagnostics, false, coverage)
            }
            Outcome::Failed {
                sources,
                diagnostics,
            } => (*sources, diagnostics, true, None),
        };
    match args.format {
        Format::Json => {
            let text = if args.coverage {
                let items: Vec<report::Json<'_>> = diagnostics
                    .iter()
                    .map(|d| report::Json::new(&sources, d))
                    .collect();
                let empty = Vec::new();
                serde_json::to_string_pretty(&serde_json::json!({
                    "coverage": coverage.as_ref().map_or(&empty, |c| &c.0),
                    "diagnostics": items,
                }))?
            } else {
                json(&sources, &diagnostics)?
            };
            // A closed pipe (`| head`) is the reader's choice, not an error worth a panic.
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        }
        Format::Text => {
            report::diagnostics(&sources, &diagnostics, global.quiet);
            if args.coverage
                && let Some((rows, min)) = &coverage
            {
                let _ = write!(std::io::stdout().lock(), "{}", coverage_table(rows, *min));
            }
        }
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

/// The coverage as a text table: objective, weight, questions, questions per weight point,
/// and `thin` where it is below `min`.
fn coverage_table(rows: &[exambook_core::exam::Coverage], min: Option<f64>) -> String {
    let mut out = String::from("objective  weight  questions  per weight point\n");
    for c in rows {
        let thin = min.is_some_and(|m| c.weight > 0 && c.per_weight < m);
        out.push_str(&format!(
            "{:<10} {:>6} {:>10} {:>16.1}{}\n",
            c.objective,
            c.weight,
            c.questions,
            c.per_weight,
            if thin { "  thin" } else { "" }
        ));
    }
    let total: usize = rows.iter().map(|c| c.questions).sum();
    let weight: u32 = rows.iter().map(|c| c.weight).sum();
    out.push_str(&format!("{:<10} {weight:>6} {total:>10}\n", "total"));
    out
}

/// The diagnostics as a JSON array, for editors and CI.
fn json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Result<String> {
    let items: Vec<report::Json<'_>> = diagnostics
        .iter()
        .map(|d| report::Json::new(sources, d))
        .collect();
    Ok(serde_json::to_string_pretty(&items)?)
}

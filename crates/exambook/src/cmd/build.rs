//! `exambook build`: load, render, write.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use exambook_core::Book;
use exambook_core::output::{OutputFile, Staging};
use exambook_render::Sink;

use crate::args::{BuildArgs, Global, book_dir};
use crate::pipeline::{self, Outcome, Prepared, Settings};
use crate::report;

/// The render cache's file name inside the output folder. The cache lives there so that a
/// build never writes anywhere else; a missing or unreadable cache only costs time.
pub const CACHE_FILE: &str = ".exambook-cache";

/// Runs `exambook build`.
pub fn run(args: &BuildArgs, global: &Global) -> Result<ExitCode> {
    let started = Instant::now();
    let progress = report::Progress::new(global.quiet);
    let dir = book_dir(args.book.as_ref());
    let settings = Settings {
        base_path: args.base_path.clone(),
        deny_warnings: args.deny_warnings,
        live_reload: None,
        progress: progress.pages(),
    };
    let mut cache = Arc::new(exambook_render::RenderCache::default());
    let mut staging: Option<Arc<Staging>> = None;
    let prepare = |book: &Book| -> Result<Prepared> {
        let out = output_dir(book, args);
        if let Ok(found) = exambook_render::RenderCache::load_in_output(&out.join(CACHE_FILE)) {
            cache = Arc::new(found);
        }
        // Checked (and the temporary folder started) before any rendering; pages are written
        // as they are rendered instead of being held in memory.
        let src = book.root.join(&book.config.book.src);
        let started = Staging::begin(&out, &[&book.root, &src])
            .with_context(|| format!("writing {}", out.display()))?;
        let started = Arc::new(started);
        let into = Arc::clone(&started);
        // A page that cannot be written fails the commit below.
        let sink = Sink(Arc::new(move |file: OutputFile| into.put_or_defer(&file)));
        staging = Some(started);
        Ok(Prepared {
            cache: Some(Arc::clone(&cache)),
            sink: Some(sink),
        })
    };

    progress.phase("loading and rendering");
    let built = match pipeline::run(&dir, &settings, prepare)? {
        Outcome::Built(built) => built,
        Outcome::Failed {
            sources,
            diagnostics,
        } => {
            progress.finish();
            report::diagnostics(&sources, &diagnostics, global.quiet);
            return Ok(report::failed(&diagnostics, args.deny_warnings));
        }
    };

    progress.phase("writing");
    let out = output_dir(&built.book, args);
    let t = Instant::now();
    let staging = staging.context("the output folder was not prepared")?;
    // The cache is carried over, then updated (rewritten only when it changed).
    staging
        .commit(&built.files, &built.book.assets, &[CACHE_FILE])
        .with_context(|| format!("writing {}", out.display()))?;
    // Best effort: the site is complete without it.
    let _ = cache.save(&out.join(CACHE_FILE));
    let write_time = t.elapsed();
    progress.finish();

    report::diagnostics(&built.book.sources, &built.diagnostics, global.quiet);
    if global.verbose {
        let timings = &built.timings;
        let phases: [(&str, Duration); 8] = [
            (
                "load (wall)",
                built.load_time.saturating_sub(built.parse_time),
            ),
            ("parse (wall)", built.parse_time),
            ("render (wall)", built.render_time),
            ("  highlight (cpu)", timings.highlight),
            ("  diagrams (cpu)", timings.diagrams),
            ("  templates (cpu)", timings.templates),
            ("  minify (cpu)", timings.minify),
            ("write", write_time),
        ];
        for (name, d) in phases {
            eprintln!("{name:>18}: {:>8.3} s", d.as_secs_f64());
        }
    }
    if !global.quiet {
        let n = built.book.pages.len();
        eprintln!(
            "built {n} page{} in {:.2} s → {}",
            if n == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64(),
            out.display()
        );
    }
    // The process ends here: freeing the book and the site piece by piece would only cost time
    // (a tenth of a rebuild), the system takes the memory back at once.
    std::mem::forget(built);
    Ok(ExitCode::SUCCESS)
}

/// `-d OUT`, else the book's build folder.
fn output_dir(book: &Book, args: &BuildArgs) -> PathBuf {
    args.dest_dir
        .clone()
        .unwrap_or_else(|| book.root.join(&book.config.build.build_dir))
}

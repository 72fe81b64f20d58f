//! `exambook build`: load, render, write.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use exambook_core::Book;
use exambook_core::output::{OutputFile, Staging};
use exambook_render::Sink;

use crate::args::{BuildArgs, BuildFormat, Global, book_dir};
use crate::pipeline::{self, Outcome, Prepared, Settings};
use crate::report;

/// The folder beside `book.toml` that holds the render cache: kept out of the output folder,
/// so the published site never carries it (`exambook init` writes a `.gitignore` naming it).
pub const STATE_DIR: &str = ".exambook";

/// The render cache's file name inside [`STATE_DIR`]. A missing or unreadable cache only costs
/// time.
pub const CACHE_FILE: &str = "cache";

/// The render cache of the book at `root`: `root/.exambook/cache`, or `None` when caching is
/// skipped (quietly) because `.exambook` is a symlink or not a folder, or the cache is not a
/// plain file, so that no write can land outside the book root. With `create`, a missing
/// `.exambook` is made, with a `.gitignore` that ignores it (books set up before `init` wrote
/// one); without, nothing is written.
pub fn cache_file(root: &Path, create: bool) -> Option<PathBuf> {
    let dir = root.join(STATE_DIR);
    let is_dir = || std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_dir());
    if !is_dir() {
        if !create || std::fs::symlink_metadata(&dir).is_ok() {
            return None;
        }
        // Another build may create it at the same time: check again rather than trust either.
        let made = std::fs::create_dir(&dir).is_ok();
        if !is_dir() {
            return None;
        }
        if made {
            let _ = std::fs::write(dir.join(".gitignore"), "*\n");
        }
    }
    let file = dir.join(CACHE_FILE);
    match std::fs::symlink_metadata(&file) {
        Ok(m) if !m.file_type().is_file() => None,
        _ => Some(file),
    }
}

/// Runs `exambook build`.
pub fn run(args: &BuildArgs, global: &Global) -> Result<ExitCode> {
    let started = Instant::now();
    let progress = report::Progress::new(global.quiet);
    let dir = book_dir(args.book.as_ref());
    let settings = Settings {
        base_path: args.base_path.clone(),
        deny_warnings: args.deny_warnings,
        strict: args.deny_warnings,
        live_reload: None,
        progress: progress.pages(),
        formats: match args.format {
            BuildFormat::Html => pipeline::Formats::Site,
            BuildFormat::Gitbook => pipeline::Formats::GitBook,
        },
    };
    // The render cache is the site's: a GitBook export neither reads nor writes it.
    let cached = args.format == BuildFormat::Html;
    let mut cache = Arc::new(exambook_render::RenderCache::default());
    let mut staging: Option<Arc<Staging>> = None;
    let prepare = |book: &Book| -> Result<Prepared> {
        let out = output_dir(book, args);
        // Pages are cached as hashes of the files this build writes, whether or not an
        // earlier build left a cache.
        if cached {
            cache = Arc::new(
                cache_file(&book.root, false)
                    .and_then(|file| {
                        exambook_render::RenderCache::load_with_pages(&file, &out).ok()
                    })
                    .unwrap_or_else(|| exambook_render::RenderCache::with_pages(&out)),
            );
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
    let mut built = match pipeline::run(&dir, &settings, prepare)? {
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
    // Nothing is carried over from the previous output: the `.exambook-cache` that earlier
    // versions kept there is not published again.
    // Only what pages link to (and `[build] extra-files`) is published.
    let published = std::mem::take(&mut built.assets);
    let left_out = std::mem::take(&mut built.left_out);
    staging
        .commit(&built.files, &published, &[])
        .with_context(|| format!("writing {}", out.display()))?;
    // Best effort: the site is complete without it (rewritten only when it changed). A cache
    // that cannot be written (a full disk) leaves the previous one and no temporary file.
    if cached
        && let Some(file) = cache_file(&built.book.root, true)
        && let Err(e) = cache.save(&file)
        && !global.quiet
    {
        eprintln!(
            "note: the render cache was not saved ({}: {e}); the next build starts cold",
            file.display()
        );
    }
    let write_time = t.elapsed();
    progress.finish();

    report::diagnostics(&built.book.sources, &built.diagnostics, global.quiet);
    if global.verbose && !left_out.is_empty() {
        eprintln!(
            "left out {} file{} of the source folder that no page links to (list them in `[build] extra-files` to publish them):",
            left_out.len(),
            if left_out.len() == 1 { "" } else { "s" }
        );
        for path in &left_out {
            eprintln!("  {path}");
        }
    }
    if global.verbose {
        let timings = &built.timings;
        let phases: [(&str, Duration); 9] = [
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
            ("  search index", timings.search),
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

/// `-d OUT`, else the book's build folder (`gitbook/` in the book folder for a GitBook tree).
fn output_dir(book: &Book, args: &BuildArgs) -> PathBuf {
    args.dest_dir.clone().unwrap_or_else(|| match args.format {
        BuildFormat::Html => book.root.join(&book.config.build.build_dir),
        BuildFormat::Gitbook => book.root.join("gitbook"),
    })
}

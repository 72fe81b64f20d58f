//! `exambook build`: load, render, write.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use exambook_core::{Book, Severity};

use crate::args::{BuildArgs, Global, book_dir};
use crate::report;

/// Runs `exambook build`.
pub fn run(args: &BuildArgs, global: &Global) -> Result<ExitCode> {
    let started = Instant::now();
    let progress = report::Progress::new(global.quiet);
    let dir = book_dir(args.book.as_ref());

    progress.phase("loading");
    let t = Instant::now();
    let Some(mut loaded) = report::load(&dir, global.quiet)? else {
        return Ok(ExitCode::from(crate::EXIT_CONTENT));
    };
    let load_time = t.elapsed();
    if let Some(base) = &args.base_path {
        loaded.book.config.site.base_path = Some(base.clone());
    }
    let book = &loaded.book;
    let denied =
        |d: &exambook_core::Diagnostic| d.severity == Severity::Error || args.deny_warnings;
    let mut diagnostics = loaded.diagnostics.clone();
    if diagnostics.iter().any(denied) {
        progress.finish();
        report::diagnostics(&book.sources, &diagnostics, global.quiet);
        return Ok(report::failed(&diagnostics, args.deny_warnings));
    }

    progress.phase("rendering");
    let out = output_dir(book, args);
    let theme_dir = book.root.join(&book.config.build.theme);
    let theme = exambook_render::Theme::load(theme_dir.is_dir().then_some(theme_dir.as_path()))
        .context("loading the theme")?;
    // The cache of highlighted blocks and diagrams lives inside the output folder, so a build
    // never writes anywhere else; a missing or unreadable cache only costs time.
    let cache_path = out.join(CACHE_FILE);
    let cache = Arc::new(exambook_render::RenderCache::load(&cache_path).unwrap_or_default());
    let opts = exambook_render::HtmlOptions {
        cache: Some(Arc::clone(&cache)),
        ..Default::default()
    };
    let t = Instant::now();
    let rendered = exambook_render::html(book, &theme, &opts).context("rendering the site")?;
    let render_time = t.elapsed();
    diagnostics.extend(rendered.diagnostics.iter().cloned());
    if diagnostics.iter().any(denied) {
        progress.finish();
        report::diagnostics(&book.sources, &diagnostics, global.quiet);
        return Ok(report::failed(&diagnostics, args.deny_warnings));
    }

    progress.phase("writing");
    let t = Instant::now();
    let src = book.root.join(&book.config.book.src);
    exambook_core::output::write(&out, &rendered.files, &book.assets, &[&book.root, &src])
        .with_context(|| format!("writing {}", out.display()))?;
    // Best effort: the site is complete without it.
    let _ = cache.save(&cache_path);
    let write_time = t.elapsed();
    progress.finish();

    report::diagnostics(&book.sources, &diagnostics, global.quiet);
    if global.verbose {
        let timings = &rendered.timings;
        let phases: [(&str, Duration); 7] = [
            ("load+parse", load_time),
            ("render (wall)", render_time),
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
        let n = book.pages.len();
        eprintln!(
            "built {n} page{} in {:.2} s → {}",
            if n == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64(),
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The render cache's file name inside the output folder.
const CACHE_FILE: &str = ".exambook-cache";

/// `-d OUT`, else the book's build folder.
fn output_dir(book: &Book, args: &BuildArgs) -> PathBuf {
    args.dest_dir
        .clone()
        .unwrap_or_else(|| book.root.join(&book.config.build.build_dir))
}

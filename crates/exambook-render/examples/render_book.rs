//! Renders a book folder to a site folder, for looking at the theme while the CLI is in the
//! making: `cargo run -p exambook-render --example render_book -- book /tmp/site`.
//! Prints the diagnostics and the time by phase.
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(book_dir), Some(out)) = (args.get(1), args.get(2)) else {
        return Err("usage: render_book BOOK_DIR OUT_DIR [CACHE_FILE]".into());
    };
    let t = Instant::now();
    let loaded = exambook_core::load(Path::new(book_dir))?;
    let load_time = t.elapsed();
    for d in &loaded.diagnostics {
        eprintln!(
            "{:?}: {}: {}",
            d.severity,
            loaded.book.sources.location(d.span),
            d.message
        );
    }
    let theme_dir = loaded.book.root.join(&loaded.book.config.build.theme);
    let theme = exambook_render::Theme::load(Some(&theme_dir))?;
    let cache = match args.get(3) {
        Some(p) => Some(Arc::new(exambook_render::RenderCache::load(Path::new(p))?)),
        None => None,
    };
    let opts = exambook_render::HtmlOptions {
        cache: cache.clone(),
        ..Default::default()
    };
    let t = Instant::now();
    let output = exambook_render::html::render(&loaded.book, &theme, &opts)?;
    let render_time = t.elapsed();
    for d in &output.diagnostics {
        eprintln!(
            "{:?}: {}: {}",
            d.severity,
            loaded.book.sources.location(d.span),
            d.message
        );
    }
    let out = Path::new(out);
    let mut bytes = 0;
    for f in &output.files {
        let path = out.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.contents)?;
        bytes += f.contents.len();
    }
    for a in &loaded.book.assets {
        let path = out.join(&a.out_path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(&a.source, &path)?;
    }
    if let (Some(cache), Some(p)) = (&cache, args.get(3)) {
        cache.save(Path::new(p))?;
        eprintln!(
            "cache: {} hits, {} misses, {} entries",
            cache.hits(),
            cache.misses(),
            cache.len()
        );
    }
    let t = output.timings;
    eprintln!(
        "{} pages, {} files, {} KB in {:.3}s (load {:.3}s); CPU: highlight {:.3}s, diagrams {:.3}s, templates {:.3}s, minify {:.3}s",
        loaded.book.pages.len(),
        output.files.len(),
        bytes / 1024,
        render_time.as_secs_f64(),
        load_time.as_secs_f64(),
        t.highlight.as_secs_f64(),
        t.diagrams.as_secs_f64(),
        t.templates.as_secs_f64(),
        t.minify.as_secs_f64()
    );
    Ok(())
}

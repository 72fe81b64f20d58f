//! Times the pathological inputs of `tests/pathological.rs` at size n and 4n:
//! `cargo run --release -p exambook-syntax --example pathological`.
//! Linear time means the 4n/n ratio stays near 4.

use std::time::{Duration, Instant};

#[path = "../tests/pathological.rs"]
#[allow(dead_code, unused_imports, reason = "only the inputs are used here")]
mod cases;

fn time(src: &str) -> Duration {
    // Best of three, to keep noise from a shared machine out.
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let (doc, _) = exambook_syntax::parse(src);
            let html =
                exambook_syntax::html::body(&doc.blocks, &mut exambook_syntax::html::DefaultHooks);
            std::hint::black_box((doc, html));
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// pulldown-cmark alone, for reference.
fn time_pulldown(src: &str) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let opts =
                pulldown_cmark::Options::all() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
            pulldown_cmark::Parser::new_ext(src, opts).for_each(|e| {
                std::hint::black_box(e);
            });
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let n = 50_000;
    println!(
        "{:<45} {:>10} {:>12} {:>12} {:>7}",
        "input", "bytes(n)", "time(n)", "time(4n)", "ratio"
    );
    for ((name, small), (_, big)) in cases::inputs(n).into_iter().zip(cases::inputs(4 * n)) {
        let a = time(&small);
        let b = time(&big);
        let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
        let pd = time_pulldown(&big).as_secs_f64() / time_pulldown(&small).as_secs_f64().max(1e-9);
        println!(
            "{name:<45} {:>9} {:>8.2}ms {:>8.2}ms {ratio:>6.2}   {pd:>20.2}",
            small.len(),
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3
        );
    }
}

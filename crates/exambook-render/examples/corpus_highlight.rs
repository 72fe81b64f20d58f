//! Highlighting cost on the fenced code blocks of a book folder: syntect's parser alone, then
//! exambook's highlighter (parser + HTML), one thread.
//!
//! `cargo run --release -p exambook-render --example corpus_highlight -- BOOK_SRC_DIR [MAX_PAGES]`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a measuring tool: fail loudly"
)]
use std::time::Instant;

use exambook_render::highlight::{Language, LineOptions, highlight, language};

fn blocks(dir: &std::path::Path, out: &mut Vec<(String, String)>, max: &mut usize) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            blocks(&p, out, max);
        } else if p.extension().is_some_and(|x| x == "md") && *max > 0 {
            *max -= 1;
            let text = std::fs::read_to_string(&p).unwrap();
            let mut rest = text.as_str();
            while let Some(i) = rest.find("```") {
                rest = &rest[i + 3..];
                let nl = rest.find('\n').unwrap();
                let lang = rest[..nl].trim().to_owned();
                rest = &rest[nl + 1..];
                let end = rest.find("```").unwrap();
                if !lang.is_empty() && lang != "mermaid" {
                    out.push((lang, rest[..end].to_owned()));
                }
                rest = &rest[end + 3..];
            }
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("a folder");
    let mut max: usize = std::env::args().nth(2).map_or(200, |m| m.parse().unwrap());
    let mut bs = Vec::new();
    blocks(std::path::Path::new(&dir), &mut bs, &mut max);
    let bytes: usize = bs.iter().map(|b| b.1.len()).sum();
    let _ = language(Some("bash"));
    let t = Instant::now();
    for (lang, text) in &bs {
        if let Language::Syntax(set, syntax) = language(Some(lang)) {
            let mut state = syntect::parsing::ParseState::new(syntax);
            for line in text.split_inclusive('\n') {
                let _ = state.parse_line(line, set);
            }
        }
    }
    let parse = t.elapsed().as_secs_f64();
    let mut per: std::collections::BTreeMap<&str, (usize, f64)> = Default::default();
    for (lang, text) in &bs {
        if let Language::Syntax(set, syntax) = language(Some(lang)) {
            let t = Instant::now();
            let mut state = syntect::parsing::ParseState::new(syntax);
            for line in text.split_inclusive('\n') {
                let _ = state.parse_line(line, set);
            }
            let e = per.entry(lang).or_default();
            e.0 += text.len();
            e.1 += t.elapsed().as_secs_f64();
        }
    }
    for (lang, (b, s)) in &per {
        println!(
            "  {lang:<6} {:>5} KB {:6.3} s {:6.2} MB/s",
            b / 1024,
            s,
            *b as f64 / s / 1e6
        );
    }
    let t = Instant::now();
    let mut html = 0;
    for (lang, text) in &bs {
        html += highlight(language(Some(lang)), text, &LineOptions::default()).len();
    }
    let full = t.elapsed().as_secs_f64();
    println!(
        "{} blocks, {} KB: syntect parse {:.3} s ({:.2} MB/s), highlight {:.3} s ({:.2} MB/s), html {:.1}x",
        bs.len(),
        bytes / 1024,
        parse,
        bytes as f64 / parse / 1e6,
        full,
        bytes as f64 / full / 1e6,
        html as f64 / bytes as f64
    );
}

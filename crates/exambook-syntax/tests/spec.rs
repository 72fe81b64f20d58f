//! Spec conformance: every CommonMark 0.31.2 example and every cmark-gfm extension example,
//! through our tree and HTML writer and through pulldown-cmark's own HTML writer, compared with
//! the expected HTML after normalisation. Ours must pass at least as many as pulldown-cmark
//! (the tree loses nothing).
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use exambook_syntax::html::{DefaultHooks, body};
use exambook_syntax::{Extensions, ParseOptions, parse_with};

struct Score {
    ours: usize,
    theirs: usize,
    total: usize,
    only_theirs: Vec<usize>,
}

fn run(file: &str, exts: Extensions) -> Score {
    let examples = common::examples(file);
    let opts = ParseOptions {
        extensions: exts,
        ..ParseOptions::default()
    };
    let pd_opts = pulldown_options(exts);
    let mut score = Score {
        ours: 0,
        theirs: 0,
        total: examples.len(),
        only_theirs: Vec::new(),
    };
    for ex in &examples {
        let ignore = ex.html.trim() == "<IGNORE>";
        let expected = common::normalize_html(&ex.html);
        let (doc, _) = parse_with(&ex.markdown, &opts);
        let ours = body(&doc.blocks, &mut DefaultHooks);
        let mut theirs = String::new();
        pulldown_cmark::html::push_html(
            &mut theirs,
            pulldown_cmark::Parser::new_ext(&ex.markdown, pd_opts),
        );
        let ours_ok = ignore || common::normalize_html(&ours) == expected;
        let theirs_ok = ignore || common::normalize_html(&theirs) == expected;
        score.ours += usize::from(ours_ok);
        score.theirs += usize::from(theirs_ok);
        if theirs_ok && !ours_ok {
            score.only_theirs.push(ex.example);
        }
        // Every example we fail is shown (run with --nocapture to read them).
        if !ours_ok {
            let who = if theirs_ok {
                "for us only"
            } else {
                "for pulldown-cmark too"
            };
            eprintln!(
                "--- example {} ({}) fails {who}\n{}--- expected\n{}--- ours\n{ours}--- pulldown-cmark\n{theirs}",
                ex.example, ex.section, ex.markdown, ex.html
            );
        }
    }
    score
}

fn pulldown_options(exts: Extensions) -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    let mut o = Options::empty();
    if exts.tables {
        o |= Options::ENABLE_TABLES;
    }
    if exts.footnotes {
        o |= Options::ENABLE_FOOTNOTES;
    }
    if exts.strikethrough {
        o |= Options::ENABLE_STRIKETHROUGH;
    }
    if exts.tasklists {
        o |= Options::ENABLE_TASKLISTS;
    }
    o
}

#[test]
fn commonmark_spec() {
    let s = run("commonmark-0.31.2.json", Extensions::COMMONMARK);
    println!(
        "commonmark 0.31.2: ours {}/{}, pulldown-cmark {}/{}",
        s.ours, s.total, s.theirs, s.total
    );
    assert!(
        s.ours >= s.theirs,
        "we fail examples pulldown-cmark passes: {:?}",
        s.only_theirs
    );
}

#[test]
fn gfm_extensions() {
    let s = run("gfm-extensions.json", Extensions::GFM);
    println!(
        "gfm extensions: ours {}/{}, pulldown-cmark {}/{}",
        s.ours, s.total, s.theirs, s.total
    );
    assert!(
        s.ours >= s.theirs,
        "we fail examples pulldown-cmark passes: {:?}",
        s.only_theirs
    );
}

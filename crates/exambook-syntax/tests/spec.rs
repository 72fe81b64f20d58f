//! Spec conformance, one test per example: every CommonMark 0.31.2 example and every cmark-gfm
//! extension example goes through our tree and HTML writer and through pulldown-cmark's own HTML
//! writer, and both are compared with the expected HTML after normalisation.
//!
//! An example's test fails when
//! - pulldown-cmark passes it and we do not (the tree must lose nothing), or
//! - we fail it and it is not in the suite's `known_failures`, or
//! - it is in `known_failures` but passes (the list stays exact, so a later failure of an
//!   example pulldown-cmark fails too cannot hide either).
//!
//! A test is named `<suite>::<section>::example_<n>` (filter by any part, e.g.
//! `cargo test --test spec -- tabs`), and after the run the pass figures of both parsers are
//! printed for each suite that ran.
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use std::sync::{Arc, Mutex};

use exambook_syntax::html::{DefaultHooks, body};
use exambook_syntax::{Extensions, ParseOptions, parse_with};
use libtest_mimic::{Arguments, Failed, Trial};

struct Suite {
    /// First part of the test names.
    name: &'static str,
    /// What the figures line calls it.
    title: &'static str,
    /// Under `tests/data/`.
    file: &'static str,
    extensions: Extensions,
    /// Examples that fail for pulldown-cmark and for us alike.
    known_failures: &'static [usize],
}

const SUITES: [Suite; 2] = [
    Suite {
        name: "commonmark",
        title: "commonmark 0.31.2",
        file: "commonmark-0.31.2.json",
        extensions: Extensions::COMMONMARK,
        known_failures: &[],
    },
    Suite {
        name: "gfm",
        title: "gfm extensions",
        file: "gfm-extensions.json",
        extensions: Extensions::GFM,
        // 22: GFM's tag filter (`<xmp>`, `<textarea>`, … escaped), which neither parser does;
        // 23: cmark-gfm's footnote HTML (one list at the end, with back-links), where both
        // writers put each definition where it stands.
        known_failures: &[22, 23],
    },
];

/// Pass counts of the examples that ran.
#[derive(Default)]
struct Tally {
    total: usize,
    ours: usize,
    theirs: usize,
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    let mut tallies = Vec::new();
    for suite in &SUITES {
        let tally = Arc::new(Mutex::new(Tally::default()));
        tallies.push((suite.title, Arc::clone(&tally)));
        for ex in common::examples(suite.file) {
            let name = format!(
                "{}::{}::example_{}",
                suite.name,
                slug(&ex.section),
                ex.example
            );
            let known = suite.known_failures.contains(&ex.example);
            let extensions = suite.extensions;
            let tally = Arc::clone(&tally);
            trials.push(Trial::test(name, move || {
                check(&ex, extensions, known, &tally)
            }));
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    for (title, tally) in tallies {
        let t = tally.lock().unwrap();
        if t.total > 0 {
            println!(
                "{title}: ours {}/{}, pulldown-cmark {}/{}",
                t.ours, t.total, t.theirs, t.total
            );
        }
    }
    conclusion.exit();
}

/// `Link reference definitions` → `link_reference_definitions`; long headings are cut after a
/// word, so that names stay short (the failure message gives the whole heading).
fn slug(section: &str) -> String {
    let mut out = String::new();
    for word in section.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if out.len() + word.len() > 32 {
            break;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

fn check(
    ex: &common::Example,
    extensions: Extensions,
    known_failure: bool,
    tally: &Mutex<Tally>,
) -> Result<(), Failed> {
    let ignore = ex.html.trim() == "<IGNORE>";
    let expected = common::normalize_html(&ex.html);
    let opts = ParseOptions {
        extensions,
        ..ParseOptions::default()
    };
    let (doc, _) = parse_with(&ex.markdown, &opts);
    let ours = body(&doc.blocks, &mut DefaultHooks);
    let mut theirs = String::new();
    pulldown_cmark::html::push_html(
        &mut theirs,
        pulldown_cmark::Parser::new_ext(&ex.markdown, pulldown_options(extensions)),
    );
    let ours_ok = ignore || common::normalize_html(&ours) == expected;
    let theirs_ok = ignore || common::normalize_html(&theirs) == expected;
    {
        let mut t = tally.lock().unwrap();
        t.total += 1;
        t.ours += usize::from(ours_ok);
        t.theirs += usize::from(theirs_ok);
    }
    let what = match (ours_ok, theirs_ok, known_failure) {
        (true, _, false) | (false, false, true) => return Ok(()),
        (true, _, true) => "passes but is listed in known_failures: remove it from the list",
        (false, true, _) => "fails for us and passes for pulldown-cmark",
        (false, false, false) => "fails (for pulldown-cmark too) and is not in known_failures",
    };
    Err(format!(
        "example {} ({}) {what}\n--- markdown\n{}--- expected\n{}--- ours\n{ours}--- pulldown-cmark\n{theirs}",
        ex.example, ex.section, ex.markdown, ex.html
    )
    .into())
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

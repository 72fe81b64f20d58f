//! `SUMMARY.md` as the loader reads it: parsed, then read into items. Every entry's span and
//! every diagnostic points into the text, and nesting never exceeds the parser's block cap.
#![no_main]

use exambook_core::summary::{Item, items};
use exambook_fuzz::{FILE, assert_diagnostics, assert_span};
use exambook_syntax::{MAX_BLOCK_DEPTH, ParseOptions, parse_with};
use libfuzzer_sys::fuzz_target;

fn check(text: &str, items: &[Item], depth: usize) {
    assert!(depth <= MAX_BLOCK_DEPTH, "entries nested {depth} deep");
    for item in items {
        if let Item::Link {
            span,
            children,
            path,
            ..
        } = item
        {
            assert_span(text, *span, "SUMMARY entry");
            assert_ne!(path.as_deref(), Some(""), "an empty path is a draft (None)");
            check(text, children, depth + 1);
        }
    }
}

fuzz_target!(|text: &str| {
    let (doc, mut diags) = parse_with(
        text,
        &ParseOptions {
            file: FILE,
            ..ParseOptions::default()
        },
    );
    let found = items(&doc.blocks, &mut diags);
    assert_diagnostics(text, &diags);
    check(text, &found, 1);
});

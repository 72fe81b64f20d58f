//! The parser on arbitrary UTF-8: every span and diagnostic points into the text, and the
//! markdown writer's output parses again with the same promises and is stable after one round
//! (write → parse → write gives the same text).
//!
//! The stability check found that the admonition line scanner (`lower.rs`) took a code fence
//! inside an HTML block for a real one (the test `writer_is_stable_around_a_fence_in_html` in
//! crates/exambook-syntax/tests/roundtrip.rs).
#![no_main]

use exambook_fuzz::{FILE, assert_document, assert_writer_stable};
use exambook_syntax::{ParseOptions, parse_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let opts = ParseOptions {
        file: FILE,
        ..ParseOptions::default()
    };
    let (doc, diags) = parse_with(text, &opts);
    assert_document(text, &doc, &diags);

    assert_writer_stable(text, &doc, &opts);
});

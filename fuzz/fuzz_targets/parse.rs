//! The parser on arbitrary UTF-8: every span and diagnostic points into the text, and the
//! markdown writer's output parses again with the same promises and is stable after one round
//! (write → parse → write gives the same text).
//!
//! The stability check is on only with `EXAMBOOK_FUZZ_STRICT=1`: it finds within seconds that
//! the admonition line scanner (`lower.rs`) takes a code fence inside an HTML block for a real
//! one, so a written closing `:::` is swallowed and every round adds a line (minimal input:
//! ":::w\n<u>\n```"; the ignored test `writer_is_stable_around_a_fence_in_html` in
//! crates/exambook-syntax/tests/roundtrip.rs). Make it unconditional once that is fixed.
#![no_main]

use exambook_fuzz::{FILE, assert_document};
use exambook_syntax::markdown::{WriteOptions, write};
use exambook_syntax::{ParseOptions, parse_with};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static STABLE: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("EXAMBOOK_FUZZ_STRICT").is_some_and(|v| v == "1"));

fuzz_target!(|text: &str| {
    let opts = ParseOptions {
        file: FILE,
        ..ParseOptions::default()
    };
    let (doc, diags) = parse_with(text, &opts);
    assert_document(text, &doc, &diags);

    let w = WriteOptions::default();
    let written = write(&doc, &w);
    let (again, diags) = parse_with(&written, &opts);
    assert_document(&written, &again, &diags);
    if !*STABLE {
        return;
    }
    let rewritten = write(&again, &w);
    let (third, _) = parse_with(&rewritten, &opts);
    assert_eq!(
        rewritten,
        write(&third, &w),
        "the writer's output is not stable\n--- source\n{text:?}\n--- written\n{written:?}"
    );
});

//! Pages opening with YAML (`---`) or TOML (`+++`) front matter: the first byte picks the
//! fence, the rest is the page after it. Spans and diagnostics point into the page, the front
//! matter (when recognised) opens it in the fence's syntax, and every field lies inside it.
//! Unknown keys the writer has to quote (`"a# b":`) are compared too: that found a reader
//! that looked for a key as written (the test
//! `unknown_front_matter_key_that_needs_quotes_keeps_its_value` in
//! crates/exambook-syntax/tests/roundtrip.rs).
#![no_main]

use exambook_fuzz::{FILE, assert_document};
use exambook_syntax::ast::FrontMatterFormat;
use exambook_syntax::markdown::{WriteOptions, write};
use exambook_syntax::{ParseOptions, parse_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return;
    };
    let (fence, format) = if pick & 1 == 0 {
        ("---\n", FrontMatterFormat::Yaml)
    } else {
        ("+++\n", FrontMatterFormat::Toml)
    };
    let text = format!("{fence}{rest}");
    let opts = ParseOptions {
        file: FILE,
        ..ParseOptions::default()
    };
    let (doc, diags) = parse_with(&text, &opts);
    assert_document(&text, &doc, &diags);
    // Front matter read without errors is kept by the writer: written back, it is read again
    // with the same fields. (With errors, what was read is a best effort and may not survive.)
    let clean = !diags.iter().any(|d| d.is_error());
    if let Some(fm) = &doc.front_matter {
        assert_eq!(fm.format, format);
    }
    if let Some(fm) = doc.front_matter.as_ref().filter(|_| clean) {
        let written = write(&doc, &WriteOptions::default());
        let (again, diags) = parse_with(&written, &opts);
        assert_document(&written, &again, &diags);
        let meta = again.front_matter.as_ref().map(|f| strip(&f.meta));
        assert_eq!(
            meta,
            Some(strip(&fm.meta)),
            "front matter changed\n{written}"
        );
    }
});

/// The metadata without spans, to compare two parses.
fn strip(meta: &exambook_syntax::ast::PageMeta) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        meta.title.as_ref().map(|s| &s.value),
        meta.objective.as_ref().map(|s| &s.value),
        meta.weight.as_ref().map(|s| s.value),
        meta.description.as_ref().map(|s| &s.value),
        meta.knowledge.iter().map(|s| &s.value).collect::<Vec<_>>(),
        meta.cited.iter().map(|s| &s.value).collect::<Vec<_>>(),
        meta.extra
            .iter()
            .map(|(k, s)| (k, &s.value))
            .collect::<Vec<_>>(),
    )
}

//! What the fuzz targets check about a parsed page, shared between them.

use exambook_syntax::ast::{Document, PageMeta};
use exambook_syntax::markdown::{WriteOptions, write};
use exambook_syntax::{Diagnostic, FileId, ParseOptions, Span, parse_with, walk};

/// The file id the targets parse with: not the default, so a span that lost its file shows.
pub const FILE: FileId = FileId(7);

/// `span` names a slice of `text` (in bounds, on character boundaries) of file [`FILE`].
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert_eq!(span.file, FILE, "{what}: span {span:?} has the wrong file");
    assert!(
        span.start <= span.end && text.get(span.range()).is_some(),
        "{what}: span {span:?} is not a slice of the {}-byte text",
        text.len()
    );
}

/// Every diagnostic points into `text`.
pub fn assert_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_span(text, d.span, &format!("diagnostic {:?}", d.message));
    }
}

/// Every node, front-matter field and diagnostic of `doc` points into `text`.
pub fn assert_document(text: &str, doc: &Document, diagnostics: &[Diagnostic]) {
    assert_diagnostics(text, diagnostics);
    if let Some(fm) = &doc.front_matter {
        assert_span(text, fm.span, "front matter");
        assert_eq!(fm.span.start, 0, "front matter does not open the page");
        assert_meta(text, &fm.meta, fm.span);
    }
    walk::blocks(&doc.blocks, &mut |b| assert_span(text, b.span, "block"));
    walk::inlines(&doc.blocks, &mut |i| assert_span(text, i.span, "inline"));
}

/// Every field of the front matter lies inside the front-matter block `within`.
fn assert_meta(text: &str, meta: &PageMeta, within: Span) {
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(meta.title.iter().map(|s| s.span));
    spans.extend(meta.objective.iter().map(|s| s.span));
    spans.extend(meta.weight.iter().map(|s| s.span));
    spans.extend(meta.description.iter().map(|s| s.span));
    spans.extend(meta.knowledge.iter().map(|s| s.span));
    spans.extend(meta.cited.iter().map(|s| s.span));
    spans.extend(meta.extra.iter().map(|(_, s)| s.span));
    for span in spans {
        assert_span(text, span, "front-matter field");
        assert!(
            within.start <= span.start && span.end <= within.end,
            "front-matter field {span:?} outside the block {within:?}"
        );
    }
}

/// The fuzzer's bytes read as choices: each byte picks one item of a table (the structure-aware
/// targets `soup` and `book` build their inputs from fragments this way, so libFuzzer's
/// coverage guidance searches over sequences of meaningful pieces, not over raw bytes).
pub struct Picks<'a>(pub &'a [u8]);

impl Picks<'_> {
    /// A number below `n` (at least 1), or `None` when the bytes are used up.
    pub fn below(&mut self, n: usize) -> Option<usize> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(usize::from(b) % n.max(1))
    }

    /// One item of `items`, or `None` when the bytes are used up.
    pub fn pick<'t>(&mut self, items: &[&'t str]) -> Option<&'t str> {
        self.below(items.len()).map(|i| items[i])
    }
}

/// The markdown writer's output of `doc` (parsed from `text`) is read back with spans inside
/// it, and writing is a fixpoint from the second round on.
pub fn assert_writer_stable(text: &str, doc: &Document, opts: &ParseOptions) {
    let w = WriteOptions::default();
    let written = write(doc, &w);
    let (again, diags) = parse_with(&written, opts);
    assert_document(&written, &again, &diags);
    let rewritten = write(&again, &w);
    let (third, _) = parse_with(&rewritten, opts);
    assert_eq!(
        rewritten,
        write(&third, &w),
        "the writer's output is not stable\n--- source\n{text:?}\n--- written\n{written:?}"
    );
}

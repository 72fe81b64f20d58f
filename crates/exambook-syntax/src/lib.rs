//! Study-guide markdown: the one place in exambook that understands markdown.
//!
//! [`parse`] turns a page into a [`Document`] (an owned tree whose every node carries a
//! [`Span`]) plus [`Diagnostic`]s; it is pure and never fails. The tree feeds three writers that
//! live here too: [`markdown`] (round-trips), [`html`] (CommonMark-conformant body HTML) and
//! [`segment`] (translatable units). [`include`](mod@include) recognises `{{#include …}}` directives, which
//! `exambook-core` resolves. [`walk`] is the one tree walker (where each node kind keeps its
//! children) and [`escape`] the one HTML escaper.
//!
//! ```
//! use exambook_syntax::{parse, ast::BlockKind};
//!
//! let (doc, diagnostics) = parse("> [!TIP]\n> Read the objectives first.\n");
//! assert!(diagnostics.is_empty());
//! assert!(matches!(doc.blocks[0].kind, BlockKind::Admonition(_)));
//!
//! let html = exambook_syntax::html::body(&doc.blocks, &mut exambook_syntax::html::DefaultHooks);
//! assert!(html.contains("Read the objectives first."));
//! ```
//!
//! Design decisions (each module's docs record the details):
//! - pulldown-cmark does CommonMark and GFM; the tree builder turns its offset iterator into an
//!   owned [`Document`] in one loop with one explicit stack. Our extensions are recognised
//!   *around* it, never by re-parsing strings: line-based admonition markers (`:::`,
//!   `{% hint %}`, `!!!`) are lowered to placeholder lines that pulldown-cmark sees as empty ATX
//!   headings, so container semantics (lists, block quotes, lazy lines) stay pulldown-cmark's,
//!   and the builder pairs the placeholders into [`ast::Admonition`] nodes.
//! - Parsing is infallible: problems are [`Diagnostic`]s with spans (an unclosed `:::` is an
//!   error at its opening line, an unknown kind a warning listing the valid ones), and broken
//!   input degrades locally (an unclosed admonition ends with its enclosing container).
//! - Nothing recurses on input-controlled depth while parsing, and the tree is capped at
//!   [`MAX_BLOCK_DEPTH`] container levels and [`MAX_INLINE_DEPTH`] inline levels (deeper content
//!   is flattened into its ancestor, with one warning), so every recursive consumer (the writers,
//!   the segmenter, `Drop`) is safe on any input. Trees built by hand should respect the caps.
//! - [`ParseOptions::extensions`] switches the syntax beyond CommonMark; the CommonMark spec
//!   examples run with [`Extensions::COMMONMARK`], the GFM ones with [`Extensions::GFM`].
//! - The markdown writer round-trips: `parse(write(parse(s)))` equals `parse(s)` with spans
//!   zeroed ([`Document::strip_spans`]).

pub mod ast;
pub mod diag;
pub mod escape;
pub mod html;
pub mod html_urls;
pub mod include;
pub mod markdown;
pub mod question;
pub mod segment;
pub mod walk;

mod autolink;
mod front_matter;
mod lower;
mod parser;
mod prescan;

pub use ast::{Document, FileId, Span};
pub use diag::{Diagnostic, LineIndex, Severity};

/// Deepest nesting of block containers (block quotes, list items, admonitions, …) kept in the
/// tree; deeper containers are flattened into their ancestor at this depth, with one warning.
pub const MAX_BLOCK_DEPTH: usize = 100;

/// Deepest nesting of inline containers (emphasis, links, …) kept in the tree; deeper ones are
/// flattened, with one warning.
pub const MAX_INLINE_DEPTH: usize = 50;

/// Options for [`parse_with`]. Build with `ParseOptions { file, ..ParseOptions::default() }`.
///
/// ```
/// use exambook_syntax::{parse_with, Extensions, ParseOptions, FileId};
///
/// // Pure CommonMark: `:::` is just text.
/// let opts = ParseOptions { file: FileId(3), extensions: Extensions::COMMONMARK };
/// let (doc, _) = parse_with(":::note\nx\n:::\n", &opts);
/// assert_eq!(doc.blocks.len(), 1);
/// assert_eq!(doc.blocks[0].span.file, FileId(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    /// The file every span refers to.
    pub file: FileId,
    /// Which syntax beyond CommonMark is recognised; all of it by default.
    pub extensions: Extensions,
}

/// Switches for the syntax beyond CommonMark.
///
/// [`Extensions::ALL`] (the default) is the exambook dialect. [`Extensions::COMMONMARK`] parses
/// pure CommonMark 0.31.2 (used to run the spec examples fairly: `:::`, `!!!`, `{{#include}}`,
/// `<details>` and the rest would otherwise change what some examples mean), and
/// [`Extensions::GFM`] adds exactly the GitHub Flavored Markdown extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extensions {
    /// GFM tables.
    pub tables: bool,
    /// Footnotes `[^1]` / `[^1]: …`.
    pub footnotes: bool,
    /// `~~strikethrough~~`.
    pub strikethrough: bool,
    /// Task list items `- [x] …`.
    pub tasklists: bool,
    /// GFM extended autolinks: bare `https://…`, `www.…` and e-mail addresses.
    pub autolinks: bool,
    /// Heading attributes `{#id .class key=value}`.
    pub heading_attributes: bool,
    /// Definition lists (`term` / `: definition`).
    pub definition_lists: bool,
    /// GitHub alerts `> [!NOTE]` as admonitions.
    pub alerts: bool,
    /// MkDocs, Docusaurus and GitBook admonitions, and GitBook's other blocks (tabs, code
    /// titles, embeds, content-refs, `<figure>` images).
    pub admonitions: bool,
    /// TOML (`+++`) and YAML (`---`) front matter.
    pub front_matter: bool,
    /// `<details><summary>…</summary> … </details>` with a markdown body as
    /// [`ast::BlockKind::Details`].
    pub details: bool,
    /// `{{#include …}}` paragraphs as [`ast::BlockKind::Include`].
    pub includes: bool,
    /// ```` ```mermaid ```` as [`ast::BlockKind::Diagram`].
    pub diagrams: bool,
    /// `<a name="x"></a>` / `<a id="x">` as [`ast::InlineKind::Anchor`].
    pub anchors: bool,
}

impl Extensions {
    /// Everything: the exambook dialect.
    pub const ALL: Extensions = Extensions {
        tables: true,
        footnotes: true,
        strikethrough: true,
        tasklists: true,
        autolinks: true,
        heading_attributes: true,
        definition_lists: true,
        alerts: true,
        admonitions: true,
        front_matter: true,
        details: true,
        includes: true,
        diagrams: true,
        anchors: true,
    };

    /// Nothing: pure CommonMark.
    pub const COMMONMARK: Extensions = Extensions {
        tables: false,
        footnotes: false,
        strikethrough: false,
        tasklists: false,
        autolinks: false,
        heading_attributes: false,
        definition_lists: false,
        alerts: false,
        admonitions: false,
        front_matter: false,
        details: false,
        includes: false,
        diagrams: false,
        anchors: false,
    };

    /// CommonMark plus the GFM extensions (tables, strikethrough, task lists, autolinks) and
    /// footnotes.
    pub const GFM: Extensions = Extensions {
        tables: true,
        footnotes: true,
        strikethrough: true,
        tasklists: true,
        autolinks: true,
        ..Extensions::COMMONMARK
    };
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions::ALL
    }
}

/// Parses a page with the default options (all extensions, [`FileId`] 0).
pub fn parse(src: &str) -> (Document, Vec<Diagnostic>) {
    parse_with(src, &ParseOptions::default())
}

/// Parses a page. Never fails: problems come back as diagnostics whose spans carry
/// `opts.file`.
pub fn parse_with(src: &str, opts: &ParseOptions) -> (Document, Vec<Diagnostic>) {
    parser::parse_document(src, opts)
}

/// Parses inline markdown (a translated segment, a title) into inlines whose spans are offsets
/// into `src` (with `opts.file`). The text is read as one paragraph: block syntax at the start of
/// a line must be escaped, as [`markdown::inlines`] and the segmenter always do; if it is not,
/// the inline content of the blocks it makes is joined with line breaks.
///
/// ```
/// use exambook_syntax::{ast::plain_text, parse_inlines, ParseOptions};
///
/// let inlines = parse_inlines("Lance *virsh* `list`", &ParseOptions::default());
/// assert_eq!(plain_text(&inlines), "Lance virsh list");
/// ```
pub fn parse_inlines(src: &str, opts: &ParseOptions) -> Vec<ast::Inline> {
    parser::parse_inlines(src, opts)
}

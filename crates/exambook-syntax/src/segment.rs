//! The translatable units of a document.
//!
//! A unit is what a translator translates in one go: a heading, a paragraph, a list item's
//! paragraph, a table cell, an admonition title, a `<details>` summary, an image's alt text, a
//! definition term, a question's option (its text and explanation are paragraphs), and the front-matter title, description and knowledge areas. Its text is
//! canonical inline markdown ([`crate::markdown::inlines`]), so emphasis and links survive
//! translation and the translation pass can parse it back.
//!
//! Never units: code blocks, diagrams (mermaid source), raw HTML, includes, and units with
//! nothing to translate — only code spans, URLs, HTML, or no letters at all.
//!
//! ```
//! use exambook_syntax::segment::{segments, SegmentKind};
//!
//! let (doc, _) = exambook_syntax::parse("# Storage pools\n\nRun `virsh pool-list`.\n\n```sh\nls\n```\n");
//! let units = segments(&doc);
//! assert_eq!(units.len(), 2);
//! assert_eq!(units[1].kind, SegmentKind::Paragraph);
//! assert_eq!(units[1].text, "Run `virsh pool-list`.");
//! ```

use crate::ast::{Block, BlockKind, Document, Inline, InlineKind, LinkKind, Span, Spanned};
use crate::{markdown, walk};

/// What kind of unit a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    /// A heading.
    Heading,
    /// A paragraph (in the body, a block quote, an admonition, a footnote, …).
    Paragraph,
    /// A paragraph directly in a list item.
    ListItem,
    /// A table cell.
    TableCell,
    /// An explicit admonition title.
    AdmonitionTitle,
    /// A `<details>` summary.
    DetailsSummary,
    /// An image's alt text.
    ImageAlt,
    /// A definition-list term.
    DefinitionTerm,
    /// One option of a question (its text and explanation are paragraphs).
    QuestionOption,
    /// Front matter `title`.
    Title,
    /// Front matter `description`.
    Description,
    /// One front matter `knowledge` entry.
    Knowledge,
    /// A tab's title (GitBook `{% tab title="…" %}`).
    TabTitle,
    /// A figure's caption.
    FigureCaption,
}

/// One translatable unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// What it is.
    pub kind: SegmentKind,
    /// The unit as canonical inline markdown (plain text for front-matter units).
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// The translatable units of `doc`, in document order.
pub fn segments(doc: &Document) -> Vec<Segment> {
    let mut out = Vec::new();
    if let Some(fm) = &doc.front_matter {
        let m = &fm.meta;
        let mut plain = |kind, s: &crate::ast::Spanned<String>| {
            if has_letters(&s.value) {
                out.push(Segment {
                    kind,
                    text: s.value.clone(),
                    span: s.span,
                });
            }
        };
        if let Some(t) = &m.title {
            plain(SegmentKind::Title, t);
        }
        if let Some(d) = &m.description {
            plain(SegmentKind::Description, d);
        }
        for k in &m.knowledge {
            plain(SegmentKind::Knowledge, k);
        }
    }
    blocks(&mut out, &doc.blocks, SegmentKind::Paragraph);
    out
}

/// A unit of [`segments`], handed out to be rewritten in place (the translation pass).
pub enum UnitMut<'a> {
    /// A front-matter unit (`Title`, `Description`, `Knowledge`): plain text.
    Plain(SegmentKind, &'a mut Spanned<String>),
    /// A unit of the body: its inlines, which [`markdown::inlines`] writes as the segment's text,
    /// and the segment's span.
    Inlines(SegmentKind, &'a mut Vec<Inline>, Span),
}

/// Visits the units of `doc` mutably, in the order of [`segments`] and exactly its units. An
/// image's alt text is visited after the unit holding the image, in the content as the visitor
/// left it (a translated unit's images carry the alt text the translation wrote).
pub fn units_mut(doc: &mut Document, f: &mut dyn FnMut(UnitMut<'_>)) {
    if let Some(fm) = &mut doc.front_matter {
        let m = &mut fm.meta;
        if let Some(t) = &mut m.title
            && has_letters(&t.value)
        {
            f(UnitMut::Plain(SegmentKind::Title, t));
        }
        if let Some(d) = &mut m.description
            && has_letters(&d.value)
        {
            f(UnitMut::Plain(SegmentKind::Description, d));
        }
        for k in &mut m.knowledge {
            if has_letters(&k.value) {
                f(UnitMut::Plain(SegmentKind::Knowledge, k));
            }
        }
    }
    blocks_mut(f, &mut doc.blocks, SegmentKind::Paragraph);
}

fn blocks_mut(f: &mut dyn FnMut(UnitMut<'_>), blocks: &mut [Block], para: SegmentKind) {
    for b in blocks {
        block_mut(f, b, para);
    }
}

fn block_mut(f: &mut dyn FnMut(UnitMut<'_>), b: &mut Block, para: SegmentKind) {
    let span = b.span;
    match &mut b.kind {
        BlockKind::Paragraph(c) => unit_mut(f, para, c, span),
        BlockKind::Heading(h) => unit_mut(f, SegmentKind::Heading, &mut h.content, span),
        BlockKind::BlockQuote(c) => blocks_mut(f, c, SegmentKind::Paragraph),
        BlockKind::List(l) => {
            for item in &mut l.items {
                blocks_mut(f, &mut item.blocks, SegmentKind::ListItem);
            }
        }
        BlockKind::Table(t) => {
            for cell in t.head.iter_mut().chain(t.rows.iter_mut().flatten()) {
                let span = cell.span;
                unit_mut(f, SegmentKind::TableCell, &mut cell.content, span);
            }
        }
        BlockKind::FootnoteDefinition(d) => blocks_mut(f, &mut d.blocks, SegmentKind::Paragraph),
        BlockKind::DefinitionList(items) => {
            for item in items {
                unit_mut(f, SegmentKind::DefinitionTerm, &mut item.term, item.span);
                for d in &mut item.definitions {
                    blocks_mut(f, d, SegmentKind::Paragraph);
                }
            }
        }
        BlockKind::Admonition(a) => {
            if let Some(t) = &mut a.title {
                unit_mut(f, SegmentKind::AdmonitionTitle, t, span);
            }
            blocks_mut(f, &mut a.body, SegmentKind::Paragraph);
        }
        BlockKind::Details(d) => {
            unit_mut(f, SegmentKind::DetailsSummary, &mut d.summary, span);
            blocks_mut(f, &mut d.body, SegmentKind::Paragraph);
        }
        BlockKind::Question(q) => {
            blocks_mut(f, &mut q.text, SegmentKind::Paragraph);
            for o in &mut q.options {
                unit_mut(f, SegmentKind::QuestionOption, &mut o.content, o.span);
            }
            blocks_mut(f, &mut q.explanation, SegmentKind::Paragraph);
        }
        BlockKind::Tabs(t) => {
            for tab in &mut t.tabs {
                unit_mut(f, SegmentKind::TabTitle, &mut tab.title, tab.span);
                blocks_mut(f, &mut tab.body, SegmentKind::Paragraph);
            }
        }
        BlockKind::Card(c) => blocks_mut(f, &mut c.body, SegmentKind::Paragraph),
        BlockKind::Figure(fig) => {
            alts_mut(f, &mut fig.image);
            unit_mut(f, SegmentKind::FigureCaption, &mut fig.caption, span);
        }
        BlockKind::ThematicBreak
        | BlockKind::CodeBlock(_)
        | BlockKind::Diagram(_)
        | BlockKind::Html(_)
        | BlockKind::Include(_) => {}
    }
}

fn unit_mut(
    f: &mut dyn FnMut(UnitMut<'_>),
    kind: SegmentKind,
    content: &mut Vec<Inline>,
    span: Span,
) {
    if translatable(content) {
        f(UnitMut::Inlines(kind, content, span));
    }
    alts_mut(f, content);
}

/// Visits the alt texts of the images in `content` (each its own unit).
fn alts_mut(f: &mut dyn FnMut(UnitMut<'_>), content: &mut [Inline]) {
    walk::inline_tree_mut(content, &mut |i| {
        let span = i.span;
        if let InlineKind::Image(image) = &mut i.kind
            && translatable(&image.alt)
        {
            f(UnitMut::Inlines(
                SegmentKind::ImageAlt,
                &mut image.alt,
                span,
            ));
        }
    });
}

fn blocks(out: &mut Vec<Segment>, blocks: &[Block], para: SegmentKind) {
    for b in blocks {
        block(out, b, para);
    }
}

fn block(out: &mut Vec<Segment>, b: &Block, para: SegmentKind) {
    match &b.kind {
        BlockKind::Paragraph(c) => unit(out, para, c, b.span),
        BlockKind::Heading(h) => unit(out, SegmentKind::Heading, &h.content, b.span),
        BlockKind::BlockQuote(c) => blocks(out, c, SegmentKind::Paragraph),
        BlockKind::List(l) => {
            for item in &l.items {
                blocks(out, &item.blocks, SegmentKind::ListItem);
            }
        }
        BlockKind::Table(t) => {
            for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                unit(out, SegmentKind::TableCell, &cell.content, cell.span);
            }
        }
        BlockKind::FootnoteDefinition(f) => blocks(out, &f.blocks, SegmentKind::Paragraph),
        BlockKind::DefinitionList(items) => {
            for item in items {
                unit(out, SegmentKind::DefinitionTerm, &item.term, item.span);
                for d in &item.definitions {
                    blocks(out, d, SegmentKind::Paragraph);
                }
            }
        }
        BlockKind::Admonition(a) => {
            if let Some(t) = &a.title {
                unit(out, SegmentKind::AdmonitionTitle, t, b.span);
            }
            blocks(out, &a.body, SegmentKind::Paragraph);
        }
        BlockKind::Details(d) => {
            unit(out, SegmentKind::DetailsSummary, &d.summary, b.span);
            blocks(out, &d.body, SegmentKind::Paragraph);
        }
        BlockKind::Question(q) => {
            // Answers are code: they stay as written.
            blocks(out, &q.text, SegmentKind::Paragraph);
            for o in &q.options {
                unit(out, SegmentKind::QuestionOption, &o.content, o.span);
            }
            blocks(out, &q.explanation, SegmentKind::Paragraph);
        }
        BlockKind::Tabs(t) => {
            for tab in &t.tabs {
                unit(out, SegmentKind::TabTitle, &tab.title, tab.span);
                blocks(out, &tab.body, SegmentKind::Paragraph);
            }
        }
        BlockKind::Card(c) => blocks(out, &c.body, SegmentKind::Paragraph),
        BlockKind::Figure(f) => {
            alts(out, &f.image);
            unit(out, SegmentKind::FigureCaption, &f.caption, b.span);
        }
        BlockKind::ThematicBreak
        | BlockKind::CodeBlock(_)
        | BlockKind::Diagram(_)
        | BlockKind::Html(_)
        | BlockKind::Include(_) => {}
    }
}

/// Adds `content` as a unit (when it has something to translate), then its images' alt texts.
fn unit(out: &mut Vec<Segment>, kind: SegmentKind, content: &[Inline], span: Span) {
    if translatable(content) {
        out.push(Segment {
            kind,
            text: markdown::inlines(content),
            span,
        });
    }
    alts(out, content);
}

fn alts(out: &mut Vec<Segment>, content: &[Inline]) {
    walk::inline_tree(content, &mut |i| {
        if let InlineKind::Image(image) = &i.kind
            && translatable(&image.alt)
        {
            out.push(Segment {
                kind: SegmentKind::ImageAlt,
                text: markdown::inlines(&image.alt),
                span: i.span,
            });
        }
    });
}

/// Whether the inlines hold text a translator should see: letters outside code spans, URLs,
/// HTML and images (whose alt text is its own unit).
fn translatable(content: &[Inline]) -> bool {
    content.iter().any(|i| match &i.kind {
        InlineKind::Text(t) => has_letters(t),
        InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
            translatable(c)
        }
        InlineKind::Link(l) => l.kind == LinkKind::Inline && translatable(&l.content),
        InlineKind::Code(_)
        | InlineKind::Image(_)
        | InlineKind::FootnoteReference(_)
        | InlineKind::SoftBreak
        | InlineKind::HardBreak
        | InlineKind::Html(_)
        | InlineKind::Anchor(_) => false,
    })
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

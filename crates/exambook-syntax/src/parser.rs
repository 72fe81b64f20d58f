//! The tree builder: pulldown-cmark's offset iterator → [`Document`].
//!
//! Design decisions:
//! - One loop over pulldown-cmark events with one explicit stack of frames; nothing recurses on
//!   the input's nesting. Finished children wait on two shared stacks (blocks, inlines); a
//!   frame remembers where its run starts and, when it ends, takes the run into a Vec of
//!   exactly its size. Frames deeper than [`MAX_BLOCK_DEPTH`] / [`MAX_INLINE_DEPTH`] are
//!   *flat*: their children stay on the stacks for the parent instead of becoming a node, so
//!   the tree's depth is bounded and every recursive consumer is safe.
//! - Speed (see `benches/parse.rs`): the text path is kept short, rare paths are out of line,
//!   large node kinds are boxed, and the page is searched once up front (`prescan`) so that
//!   pages without admonitions or bare URLs skip the lowering and the autolink pass.
//! - pulldown-cmark emits no `Paragraph` tags in tight list items; the builder wraps such bare
//!   inline runs in a [`BlockKind::Paragraph`] and records tightness on the [`List`].
//! - Admonition markers arrive as placeholder headings (see `lower`). An opening marker pushes a
//!   *virtual* frame onto the stack, a closing marker pops the matching one. Virtual frames never
//!   outlive the real container (block quote, list item, …) they were opened in: when that ends,
//!   they are closed with an "unclosed" diagnostic, so broken input degrades locally.
//! - `<details>` blocks work the same way: the HTML block holding `<details><summary>…</summary>`
//!   opens a virtual frame, a `</details>` HTML block closes it. An unclosed one is put back as
//!   the raw HTML it was, with a warning.
//! - Adjacent text is merged, so a tree does not depend on how pulldown-cmark split its text
//!   events; this is what makes parse → write → parse comparisons meaningful.

use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::ast::{
    Admonition, AdmonitionKind, Alignment, Anchor, Block, BlockKind, Card, CardKind, CodeBlock,
    DefinitionItem, Details, Diagram, Dialect, Document, Figure, FileId, FootnoteDefinition,
    Heading, HtmlBlock, Image, Inline, InlineKind, Link, LinkKind, List, ListItem, Span, Tab,
    Table, TableCell, Tabs, saturating_u32,
};
use crate::diag::Diagnostic;
use crate::lower::{self, Lowered, MarkerKind, Opener, tag};
use crate::{Extensions, MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, ParseOptions};

/// Parses a whole page.
pub(crate) fn parse_document(src: &str, opts: &ParseOptions) -> (Document, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let exts = opts.extensions;
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let (front_matter, body_start) = if exts.front_matter {
        crate::front_matter::parse(src, bom, opts.file, &mut diags)
    } else {
        (None, bom)
    };
    let body = src.get(body_start..).unwrap_or("");
    let scan = crate::prescan::prescan(src, exts.admonitions, exts.autolinks);
    // Without a marker on the page there is nothing to lower (most pages).
    let lowered = if scan.markers {
        lower::lower(body, body_start)
    } else {
        Lowered::identity(body, body_start)
    };
    let pass = |exts: Extensions, diags: &mut Vec<Diagnostic>| {
        Builder::new(src, &lowered, opts.file, exts, diags, &scan.anchors).run(&lowered.text)
    };
    // Looked for only when pulldown-cmark fails: it would cost every page a line scan.
    let at = || match setext_suspect(body) {
        Some(r) => Span::new(opts.file, body_start + r.start..body_start + r.end),
        None => Span::new(opts.file, body_start..body_start),
    };
    let blocks = guarded(exts, &mut diags, at, pass, || {
        // The page as a code block: its text is kept, and shown as written.
        vec![Block {
            kind: BlockKind::CodeBlock(Box::new(CodeBlock {
                fenced: true,
                lang: None,
                attrs: Vec::new(),
                info: String::new(),
                text: body.to_owned(),
            })),
            span: Span::new(opts.file, body_start..src.len()),
        }]
    });
    (
        Document {
            front_matter,
            blocks,
            html_targets: std::collections::BTreeMap::new(),
        },
        diags,
    )
}

/// See [`crate::parse_inlines`].
pub(crate) fn parse_inlines(src: &str, opts: &ParseOptions) -> Vec<Inline> {
    let exts = Extensions {
        admonitions: false,
        includes: false,
        details: false,
        front_matter: false,
        ..opts.extensions
    };
    let lowered = Lowered::identity(src, 0);
    let anchors = crate::prescan::prescan(src, false, exts.autolinks).anchors;
    let pass = |exts: Extensions, diags: &mut Vec<Diagnostic>| {
        Builder::new(src, &lowered, opts.file, exts, diags, &anchors).run(src)
    };
    let all = Span::new(opts.file, 0..src.len());
    let blocks = guarded(
        exts,
        &mut Vec::new(),
        || all,
        pass,
        || {
            vec![Block {
                kind: BlockKind::Paragraph(vec![Inline {
                    kind: InlineKind::Text(src.to_owned()),
                    span: all,
                }]),
                span: all,
            }]
        },
    );
    let mut out: Vec<Inline> = Vec::new();
    for block in blocks {
        let content = match block.kind {
            BlockKind::Paragraph(c) => c,
            BlockKind::Heading(h) => h.content,
            _ => {
                let text = src
                    .get(block.span.range())
                    .unwrap_or("")
                    .trim_end()
                    .to_owned();
                vec![Inline {
                    kind: InlineKind::Text(text),
                    span: block.span,
                }]
            }
        };
        if let (Some(last), Some(first)) = (out.last(), content.first()) {
            let at = last.span.end.max(first.span.start.min(last.span.end));
            let span = Span {
                file: opts.file,
                start: at,
                end: first.span.start.max(at),
            };
            out.push(Inline {
                kind: InlineKind::SoftBreak,
                span,
            });
        }
        out.extend(content);
    }
    out
}

/// Runs `pass` (pulldown-cmark's events into a fresh [`Builder`]) with a net under it.
/// pulldown-cmark is the one part of parsing we do not control, and it can panic on odd input:
/// 0.13.6 slices out of bounds on a setext heading whose last line is an attribute block
/// indented past its container (`- a\n   {c}\n  ---`). A panic must not take a build down, so
/// the pass runs again without heading attributes (the option that case needs), and if that
/// fails too, `fallback` stands in. Either way a diagnostic at `at()` says what happened.
/// (The panic message itself still goes to the process's panic hook: stderr by default.)
fn guarded<T>(
    exts: Extensions,
    diags: &mut Vec<Diagnostic>,
    at: impl Fn() -> Span,
    pass: impl Fn(Extensions, &mut Vec<Diagnostic>) -> T,
    fallback: impl FnOnce() -> T,
) -> T {
    let before = diags.len();
    let run = |exts: Extensions, diags: &mut Vec<Diagnostic>| {
        let caught =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pass(exts, &mut *diags)));
        if caught.is_err() {
            // Whatever the failed pass reported is about a tree that was not built.
            diags.truncate(before);
        }
        caught.ok()
    };
    if let Some(tree) = run(exts, diags) {
        return tree;
    }
    if exts.heading_attributes
        && let Some(tree) = run(
            Extensions {
                heading_attributes: false,
                ..exts
            },
            diags,
        )
    {
        diags.push(
            Diagnostic::warning(
                at(),
                "pulldown-cmark (the markdown parser underneath) fails on this page with \
                 heading attributes on, so `{#id .class}` after a heading is plain text here",
            )
            .with_hint(
                "it fails on headings underlined with `---` or `===` inside lists and quotes, \
                 such as this one: write it as a `#` heading instead",
            ),
        );
        return tree;
    }
    diags.push(
        Diagnostic::error(
            at(),
            "pulldown-cmark (the markdown parser underneath) fails on this page; its text is \
             kept as a code block",
        )
        .with_hint("please report the page to exambook: this is a bug to work around"),
    );
    fallback()
}

/// The heading pulldown-cmark most likely failed on (see [`guarded`]), to point the warning at:
/// the text line of a heading underlined with `---` or `===` inside a list item or block quote,
/// the kind every panic found so far needed. One whose text line is an attribute block alone
/// (`{…}`) is preferred, then the first.
fn setext_suspect(text: &str) -> Option<Range<usize>> {
    let mut first = None;
    let mut prev: Option<(Range<usize>, bool)> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        // An underline `-` would pass for a list marker: underlines are found without them.
        let under_at = lower::container_prefix(line.as_bytes(), false);
        let under = line[under_at..].trim_end();
        let underline = !under.is_empty()
            && (under.bytes().all(|c| c == b'-') || under.bytes().all(|c| c == b'='));
        if underline
            && under_at > 0
            && let Some((heading, attrs)) = prev.clone()
        {
            if attrs {
                return Some(heading);
            }
            first = first.or(Some(heading));
        }
        let at = lower::container_prefix(line.as_bytes(), true);
        let rest = line[at..].trim_end();
        prev = (!rest.is_empty()).then(|| {
            let attrs = rest.len() > 1 && rest.starts_with('{') && rest.ends_with('}');
            (start + at..start + at + rest.len(), attrs)
        });
        start += line.len();
    }
    first
}

/// The pulldown-cmark options for a set of extensions.
pub(crate) fn pulldown_options(exts: Extensions) -> Options {
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
    if exts.heading_attributes {
        o |= Options::ENABLE_HEADING_ATTRIBUTES;
    }
    if exts.definition_lists {
        o |= Options::ENABLE_DEFINITION_LIST;
    }
    if exts.alerts {
        o |= Options::ENABLE_GFM;
    }
    o
}

/// What a frame on the builder's stack is building.
#[derive(Debug)]
enum Fk {
    Root,
    Quote {
        alert: Option<BlockQuoteKind>,
    },
    /// The frames that become a boxed node hold that node from the start, filled in as
    /// events come: frames stay small (they are moved on every push and pop) and nothing is
    /// boxed twice.
    List(Box<List>),
    Item {
        task: Option<bool>,
    },
    Footnote {
        label: String,
    },
    DefList {
        items: Vec<DefinitionItem>,
    },
    DefTitle,
    DefDef,
    Table(Box<Table>),
    TableRow {
        cells: Vec<TableCell>,
    },
    Cell,
    Para {
        tight: bool,
    },
    Heading(Box<Heading>),
    MarkerTitle {
        marker: usize,
    },
    Code(Box<CodeBlock>),
    Html {
        raw: String,
    },
    Emph,
    Strong,
    Strike,
    Link(Box<Link>),
    Image(Box<Image>),
    /// A virtual admonition frame.
    Adm(Box<AdmFrame>),
    /// A virtual `<details>` frame.
    Details(Box<DetailsFrame>),
}

#[derive(Debug)]
struct AdmFrame {
    opener: Opener,
    kind: AdmonitionKind,
    title: Option<Vec<Inline>>,
    /// Source span of the opening marker.
    marker: Range<usize>,
}

#[derive(Debug)]
struct DetailsFrame {
    open: bool,
    summary: Vec<Inline>,
    /// The opening HTML block, to put back if `</details>` never comes.
    opener: Block,
}

#[derive(Debug)]
struct Frame {
    kind: Fk,
    /// Start offset in the lowered text. (Offsets and indexes are u32, as in spans: a frame is
    /// moved on every push and pop, and smaller is faster.)
    start: u32,
    /// Where this frame's children begin on the builder's shared block stack.
    blocks: u32,
    /// Where this frame's children begin on the builder's shared inline stack.
    inlines: u32,
    /// Beyond the depth cap: children go straight to the frame at index `target` (the nearest
    /// ancestor that is not flat), so flattening never moves anything twice.
    flat: bool,
    /// See `flat`.
    target: u32,
    /// Further flat block quotes folded into this flat one: deep `> > > …` nesting costs one
    /// frame, not one per level.
    repeat: u32,
}

impl Frame {
    fn new(kind: Fk, start: usize) -> Self {
        Frame {
            kind,
            start: saturating_u32(start),
            blocks: 0,
            inlines: 0,
            flat: false,
            target: 0,
            repeat: 0,
        }
    }

    fn collects_inlines(&self) -> bool {
        matches!(
            self.kind,
            Fk::Para { .. }
                | Fk::Heading(_)
                | Fk::MarkerTitle { .. }
                | Fk::DefTitle
                | Fk::Cell
                | Fk::Emph
                | Fk::Strong
                | Fk::Strike
                | Fk::Link(_)
                | Fk::Image(_)
        )
    }

    fn collects_blocks(&self) -> bool {
        matches!(
            self.kind,
            Fk::Root
                | Fk::Quote { .. }
                | Fk::Item { .. }
                | Fk::Footnote { .. }
                | Fk::DefDef
                | Fk::Adm(_)
                | Fk::Details(_)
        )
    }

    fn is_virtual(&self) -> bool {
        matches!(self.kind, Fk::Adm(_) | Fk::Details(_))
    }

    /// Counts towards the block depth.
    fn is_block_container(&self) -> bool {
        matches!(
            self.kind,
            Fk::Quote { .. } | Fk::Item { .. } | Fk::Footnote { .. } | Fk::DefDef | Fk::Adm(_)
        ) || matches!(self.kind, Fk::Details(_))
    }

    fn is_inline_container(&self) -> bool {
        matches!(
            self.kind,
            Fk::Emph | Fk::Strong | Fk::Strike | Fk::Link(_) | Fk::Image(_)
        )
    }
}

pub(crate) struct Builder<'a, 'd> {
    src: &'a str,
    lowered: &'a Lowered<'a>,
    file: FileId,
    exts: Extensions,
    diags: &'d mut Vec<Diagnostic>,
    stack: Vec<Frame>,
    /// Finished blocks not yet in a node: each open frame owns the run from its `blocks` index
    /// up to the next frame's. One stack instead of a Vec per frame: a node's children are
    /// moved out once, into a Vec of exactly their size.
    blk: Vec<Block>,
    /// Finished inlines not yet in a node, like `blk`.
    inl: Vec<Inline>,
    block_depth: usize,
    inline_depth: usize,
    warned_depth: bool,
    /// Source offsets where a bare autolink could be (see `prescan`).
    link_anchors: &'a [usize],
    /// Unknown GitBook tags warned about (an `{% endX %}` after a warned `{% X %}` is not).
    warned_tags: Vec<String>,
}

impl<'a, 'd> Builder<'a, 'd> {
    pub(crate) fn new(
        src: &'a str,
        lowered: &'a Lowered<'a>,
        file: FileId,
        exts: Extensions,
        diags: &'d mut Vec<Diagnostic>,
        link_anchors: &'a [usize],
    ) -> Self {
        Builder {
            link_anchors,
            warned_tags: Vec::new(),
            src,
            lowered,
            file,
            exts,
            diags,
            stack: {
                // Room for usual nesting and page sizes up front: growing a stack one doubling
                // at a time costs a copy each, on every page.
                let mut stack = Vec::with_capacity(16);
                stack.push(Frame {
                    blocks: 1,
                    inlines: 1,
                    ..Frame::new(Fk::Root, 0)
                });
                stack
            },
            // One placeholder at the bottom of each stack: no frame's children start at 0, where
            // `split_off` would hand over the whole buffer and allocate a new one.
            blk: {
                let mut blk = Vec::with_capacity(128);
                blk.push(Block {
                    kind: BlockKind::ThematicBreak,
                    span: Span::default(),
                });
                blk
            },
            inl: {
                let mut inl = Vec::with_capacity(64);
                inl.push(Inline {
                    kind: InlineKind::SoftBreak,
                    span: Span::default(),
                });
                inl
            },
            block_depth: 0,
            inline_depth: 0,
            warned_depth: false,
        }
    }

    /// Source span of a lowered range.
    #[inline]
    fn span(&self, r: &Range<usize>) -> Span {
        let (start, end) = self.lowered.orig_range(r.start, r.end);
        Span::new(self.file, start..end)
    }

    fn src_span(&self, r: Range<usize>) -> Span {
        Span::new(self.file, r)
    }

    fn top(&mut self) -> &mut Frame {
        // The root frame is never popped before `finish`.
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    #[cold]
    fn warn_depth(&mut self, at: usize) {
        if !self.warned_depth {
            self.warned_depth = true;
            let span = self.span(&(at..at));
            self.diags.push(
                Diagnostic::warning(
                    span,
                    format!("nesting deeper than {MAX_BLOCK_DEPTH} levels is flattened"),
                )
                .with_hint("split the content into fewer nested lists, quotes or admonitions"),
            );
        }
    }

    fn push_frame(&mut self, mut frame: Frame) {
        frame.blocks = saturating_u32(self.blk.len());
        frame.inlines = saturating_u32(self.inl.len());
        let top = self.stack.len() - 1;
        frame.target = match self.stack.last() {
            Some(f) if f.flat => f.target,
            _ => saturating_u32(top),
        };
        if frame.is_block_container() || matches!(frame.kind, Fk::List(_) | Fk::DefList { .. }) {
            let parent_flat = self
                .stack
                .last()
                .is_some_and(|f| f.flat && matches!(f.kind, Fk::List(_) | Fk::DefList { .. }));
            let counts = frame.is_block_container();
            if parent_flat || self.block_depth + 1 > MAX_BLOCK_DEPTH {
                frame.flat = true;
                self.warn_depth(frame.start as usize);
            } else if counts {
                self.block_depth += 1;
            }
            if frame.flat
                && matches!(frame.kind, Fk::Quote { .. })
                && let Some(top) = self.stack.last_mut()
                && top.flat
                && matches!(top.kind, Fk::Quote { .. })
            {
                top.repeat += 1;
                return;
            }
        } else if frame.is_inline_container() {
            if self.inline_depth + 1 > MAX_INLINE_DEPTH {
                frame.flat = true;
                self.warn_depth(frame.start as usize);
            } else {
                self.inline_depth += 1;
            }
        }
        self.stack.push(frame);
    }

    fn pop_frame(&mut self) -> Option<Frame> {
        if self.stack.len() <= 1 {
            return None;
        }
        let f = self.stack.pop()?;
        if !f.flat {
            if f.is_block_container() {
                self.block_depth = self.block_depth.saturating_sub(1);
            } else if f.is_inline_container() {
                self.inline_depth = self.inline_depth.saturating_sub(1);
            }
        }
        Some(f)
    }

    /// Adds a finished block to the innermost block-collecting frame.
    fn push_block(&mut self, block: Block) {
        self.blk.push(block);
    }

    /// Takes a popped frame's blocks off the shared stack, into a Vec of exactly their size.
    fn take_blocks(&mut self, f: &Frame) -> Vec<Block> {
        self.blk.split_off((f.blocks as usize).min(self.blk.len()))
    }

    /// Takes a popped frame's inlines off the shared stack.
    fn take_inlines(&mut self, f: &Frame) -> Vec<Inline> {
        self.inl.split_off((f.inlines as usize).min(self.inl.len()))
    }

    /// The last inline of the frame that receives inlines now, to merge into.
    fn last_inline(&mut self) -> Option<&mut Inline> {
        let base = self.stack[self.sink()].inlines as usize;
        if self.inl.len() > base {
            self.inl.last_mut()
        } else {
            None
        }
    }

    /// Index of the frame that receives children of the top frame.
    fn sink(&self) -> usize {
        let top = self.stack.len() - 1;
        match self.stack.last() {
            Some(f) if f.flat => f.target as usize,
            _ => top,
        }
    }

    /// Adds an inline, merging adjacent text.
    fn push_inline(&mut self, inline: Inline) {
        if let InlineKind::Text(t) = &inline.kind
            && let Some(Inline {
                kind: InlineKind::Text(prev),
                span,
            }) = self.last_inline()
        {
            prev.push_str(t);
            span.end = span.end.max(inline.span.end);
            return;
        }
        self.inl.push(inline);
    }

    /// Adds text, appending to a preceding text node without a new allocation.
    fn push_text(&mut self, text: &str, span: Span) {
        if let Some(Inline {
            kind: InlineKind::Text(prev),
            span: s,
        }) = self.last_inline()
        {
            prev.push_str(text);
            s.end = s.end.max(span.end);
        } else {
            // Room for the pieces pulldown-cmark splits text into (at escapes, entities,
            // delimiters that did not match), so merging rarely reallocates.
            let mut t = String::with_capacity(text.len());
            t.push_str(text);
            self.inl.push(Inline {
                kind: InlineKind::Text(t),
                span,
            });
        }
    }

    /// Makes sure the top frame takes inlines: bare inline content in a block container (tight
    /// list items, tight definitions) gets an implicit paragraph.
    fn inline_target(&mut self, at: usize) {
        if !self.top().collects_inlines() {
            self.push_frame(Frame::new(Fk::Para { tight: true }, at));
        }
    }

    /// Closes an implicit (tight) paragraph on top of the stack.
    fn close_tight(&mut self) {
        if matches!(self.top().kind, Fk::Para { tight: true })
            && let Some(f) = self.pop_frame()
        {
            let inlines = self.take_inlines(&f);
            let start = inlines
                .first()
                .map_or(f.start as usize, |i| i.span.start as usize);
            let end = inlines.last().map_or(start, |i| i.span.end as usize);
            self.finish_paragraph(inlines, self.src_span(start..end));
        }
    }

    pub(crate) fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                let lowered = self.lowered;
                let top = self.top();
                let acc = match &mut top.kind {
                    Fk::Code(code) => Some(&mut code.text),
                    Fk::Html { raw } => Some(raw),
                    _ => None,
                };
                if let Some(acc) = acc {
                    acc.push_str(&lowered.restore(&text, &range));
                    return;
                }
                self.inline_target(range.start);
                let span = self.span(&range);
                if !lowered.unknown.is_empty() {
                    self.unknown_tags(span);
                }
                self.push_text(&text, span);
            }
            Event::Code(text) => {
                self.inline_target(range.start);
                let span = self.span(&range);
                self.push_inline(Inline {
                    kind: InlineKind::Code(text.into_string()),
                    span,
                });
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.inline_target(range.start);
                let span = self.span(&range);
                self.push_inline(Inline {
                    kind: InlineKind::Text(text.into_string()),
                    span,
                });
            }
            Event::Html(html) => {
                let t = self.lowered.restore(&html, &range).into_owned();
                if let Fk::Html { raw } = &mut self.top().kind {
                    raw.push_str(&t);
                } else {
                    self.close_tight();
                    let span = self.span(&range);
                    let anchors = if self.exts.anchors {
                        html_anchors(&t)
                    } else {
                        Vec::new()
                    };
                    self.push_block(Block {
                        kind: BlockKind::Html(Box::new(HtmlBlock { raw: t, anchors })),
                        span,
                    });
                }
            }
            Event::InlineHtml(html) => {
                self.inline_target(range.start);
                let span = self.span(&range);
                self.inline_html(html, span);
            }
            Event::FootnoteReference(label) => {
                self.inline_target(range.start);
                let span = self.span(&range);
                self.push_inline(Inline {
                    kind: InlineKind::FootnoteReference(label.into_string()),
                    span,
                });
            }
            Event::SoftBreak => {
                self.inline_target(range.start);
                let span = self.span(&range);
                self.push_inline(Inline {
                    kind: InlineKind::SoftBreak,
                    span,
                });
            }
            Event::HardBreak => {
                self.inline_target(range.start);
                let span = self.span(&range);
                self.push_inline(Inline {
                    kind: InlineKind::HardBreak,
                    span,
                });
            }
            Event::Rule => {
                self.close_tight();
                let span = self.span(&range);
                self.push_block(Block {
                    kind: BlockKind::ThematicBreak,
                    span,
                });
            }
            Event::TaskListMarker(checked) => {
                if let Some(f) = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f.kind, Fk::Item { .. }))
                {
                    f.kind = Fk::Item {
                        task: Some(checked),
                    };
                }
            }
        }
    }

    // Out of line: rare next to text and paragraphs, it would crowd the hot path.
    #[inline(never)]
    fn inline_html(&mut self, html: CowStr<'_>, span: Span) {
        // Canonical: a tag spanning lines keeps no indentation on its continuation lines (it
        // depends on the container the tag was written in, which the writer may change).
        let html: CowStr<'_> = if html.contains('\n') {
            let mut out = String::with_capacity(html.len());
            for (i, line) in html.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                    out.push_str(line.trim_start_matches([' ', '\t']));
                } else {
                    out.push_str(line);
                }
            }
            out.into()
        } else {
            html
        };
        if self.exts.anchors {
            if is_closing_a(&html) {
                if let Some(Inline {
                    kind: InlineKind::Anchor(anchor),
                    span: s,
                }) = self.last_inline()
                    && !anchor.raw.contains("</")
                    && s.end == span.start
                {
                    anchor.raw.push_str(&html);
                    s.end = span.end;
                    return;
                }
            } else if let Some(id) = anchor_id(&html) {
                self.push_inline(Inline {
                    kind: InlineKind::Anchor(Box::new(Anchor {
                        id,
                        raw: html.into_string(),
                    })),
                    span,
                });
                return;
            }
        }
        self.push_inline(Inline {
            kind: InlineKind::Html(html.into_string()),
            span,
        });
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let at = range.start;
        let kind = match tag {
            Tag::Paragraph => {
                self.close_tight();
                self.mark_loose();
                Fk::Para { tight: false }
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.close_tight();
                if let Some(idx) = self.lowered.marker_in(&range) {
                    Fk::MarkerTitle { marker: idx }
                } else {
                    let id = id.map(CowStr::into_string);
                    Fk::Heading(Box::new(Heading {
                        level: level as u8,
                        explicit_id: id.is_some(),
                        id,
                        classes: classes.into_iter().map(CowStr::into_string).collect(),
                        attrs: attrs
                            .into_iter()
                            .map(|(k, v)| (k.into_string(), v.map(CowStr::into_string)))
                            .collect(),
                        content: Vec::new(),
                    }))
                }
            }
            Tag::BlockQuote(alert) => {
                self.close_tight();
                Fk::Quote { alert }
            }
            Tag::CodeBlock(kind) => {
                self.close_tight();
                match kind {
                    // The code is at most as long as the block: one allocation.
                    CodeBlockKind::Indented => Fk::Code(Box::new(CodeBlock {
                        fenced: false,
                        lang: None,
                        attrs: Vec::new(),
                        info: String::new(),
                        text: String::with_capacity(range.len()),
                    })),
                    CodeBlockKind::Fenced(info) => Fk::Code(Box::new(CodeBlock {
                        fenced: true,
                        lang: None,
                        attrs: Vec::new(),
                        info: info.into_string(),
                        text: String::with_capacity(range.len()),
                    })),
                }
            }
            Tag::HtmlBlock => {
                self.close_tight();
                Fk::Html { raw: String::new() }
            }
            Tag::List(start) => {
                self.close_tight();
                let marker = list_marker_char(&self.lowered.text, at, start.is_some());
                Fk::List(Box::new(List {
                    start,
                    tight: true,
                    marker,
                    items: Vec::new(),
                }))
            }
            Tag::Item => Fk::Item { task: None },
            Tag::FootnoteDefinition(label) => {
                self.close_tight();
                Fk::Footnote {
                    label: label.into_string(),
                }
            }
            Tag::DefinitionList => {
                self.close_tight();
                Fk::DefList { items: Vec::new() }
            }
            Tag::DefinitionListTitle => Fk::DefTitle,
            Tag::DefinitionListDefinition => Fk::DefDef,
            Tag::Table(aligns) => {
                self.close_tight();
                let aligns = aligns
                    .into_iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Alignment::None,
                        pulldown_cmark::Alignment::Left => Alignment::Left,
                        pulldown_cmark::Alignment::Center => Alignment::Center,
                        pulldown_cmark::Alignment::Right => Alignment::Right,
                    })
                    .collect();
                Fk::Table(Box::new(Table {
                    alignments: aligns,
                    head: Vec::new(),
                    rows: Vec::new(),
                }))
            }
            Tag::TableHead | Tag::TableRow => Fk::TableRow { cells: Vec::new() },
            Tag::TableCell => Fk::Cell,
            Tag::Emphasis | Tag::Superscript | Tag::Subscript => {
                self.inline_target(at);
                Fk::Emph
            }
            Tag::Strong => {
                self.inline_target(at);
                Fk::Strong
            }
            Tag::Strikethrough => {
                self.inline_target(at);
                Fk::Strike
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.inline_target(at);
                let kind = match link_type {
                    LinkType::Autolink => LinkKind::Autolink,
                    LinkType::Email => LinkKind::Email,
                    _ => LinkKind::Inline,
                };
                Fk::Link(Box::new(Link {
                    kind,
                    dest: dest_url.into_string(),
                    title: title.into_string(),
                    content: Vec::new(),
                    target: None,
                }))
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.inline_target(at);
                Fk::Image(Box::new(Image {
                    dest: dest_url.into_string(),
                    title: title.into_string(),
                    alt: Vec::new(),
                    target: None,
                }))
            }
            Tag::MetadataBlock(_) => Fk::Html { raw: String::new() },
        };
        self.push_frame(Frame::new(kind, at));
    }

    /// A `Paragraph` start inside a list item makes that list loose.
    fn mark_loose(&mut self) {
        let mut seen_item = false;
        for f in self.stack.iter_mut().rev() {
            match &mut f.kind {
                Fk::Item { .. } => seen_item = true,
                Fk::List(list) if seen_item => {
                    list.tight = false;
                    return;
                }
                Fk::Adm(_) | Fk::Details(_) => {}
                _ if seen_item => return,
                _ => return,
            }
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        if !matches!(tag, TagEnd::Paragraph) {
            self.close_tight();
        }
        // Virtual frames end with the real container they were opened in.
        let ends_container = matches!(
            tag,
            TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListDefinition
        );
        if ends_container {
            self.close_virtual(range.end);
        }
        if let Some(top) = self.stack.last_mut()
            && top.repeat > 0
            && matches!(tag, TagEnd::BlockQuote(_))
        {
            top.repeat -= 1;
            return;
        }
        let Some(f) = self.pop_frame() else { return };
        if f.flat {
            // Its children are on the shared stacks already, where they belong to the frame
            // that receives them.
            return;
        }
        if matches!(f.kind, Fk::Root) || f.is_virtual() {
            // Not ended by pulldown-cmark events; put it back.
            self.stack.push(f);
            return;
        }
        let span = self.span(&(f.start as usize..range.end));
        let blocks = if f.collects_blocks() {
            self.take_blocks(&f)
        } else {
            Vec::new()
        };
        let inlines = if f.collects_inlines() {
            self.take_inlines(&f)
        } else {
            Vec::new()
        };
        let Frame { kind, start, .. } = f;
        let start = start as usize;
        match kind {
            Fk::Para { .. } => {
                self.finish_paragraph(inlines, span);
            }
            Fk::Heading(mut h) => {
                h.content = inlines;
                // An attribute block alone on the last line of a setext heading leaves the line
                // break before it in the content: the heading ends with its text.
                while matches!(
                    h.content.last(),
                    Some(Inline {
                        kind: InlineKind::SoftBreak,
                        ..
                    })
                ) {
                    h.content.pop();
                }
                self.autolink(&mut h.content);
                self.push_block(Block {
                    kind: BlockKind::Heading(h),
                    span,
                });
            }
            Fk::MarkerTitle { marker } => self.marker(marker, inlines, range),
            Fk::Quote { alert } => self.finish_quote(alert, blocks, span, start),
            Fk::Code(mut code) => {
                // Canonical: lines end with `\n` (a line ending is `\n`, `\r\n` or a lone `\r`,
                // and is not part of the code), and code ends with one, also at the end of the
                // input.
                if code.text.contains('\r') {
                    code.text = code.text.replace("\r\n", "\n").replace('\r', "\n");
                    // Blank lines at the end of indented code are not part of it (pulldown-cmark
                    // keeps those ended by a lone `\r`).
                    while !code.fenced && code.text.ends_with("\n\n") {
                        code.text.pop();
                    }
                }
                if !code.text.is_empty() && !code.text.ends_with('\n') {
                    code.text.push('\n');
                }
                let (lang, attrs) = parse_info(&code.info);
                let kind = match lang {
                    Some(l) if self.exts.diagrams && l.eq_ignore_ascii_case("mermaid") => {
                        let CodeBlock { info, text, .. } = *code;
                        BlockKind::Diagram(Box::new(Diagram {
                            lang: l,
                            source: text,
                            info,
                        }))
                    }
                    lang => {
                        code.lang = lang;
                        code.attrs = attrs;
                        BlockKind::CodeBlock(code)
                    }
                };
                self.push_block(Block { kind, span });
            }
            Fk::Html { mut raw } => {
                // Canonical: an HTML block ends with one line break, also at the end of the
                // input, and without the blank lines a block that only ends with its container
                // picks up.
                let keep = raw.trim_end().len();
                if keep > 0 {
                    raw.truncate(keep);
                    raw.push('\n');
                }
                self.finish_html(raw, span, start);
            }
            Fk::List(list) => {
                self.push_block(Block {
                    kind: BlockKind::List(list),
                    span,
                });
            }
            Fk::Item { task } => {
                if let Fk::List(list) = &mut self.top().kind {
                    list.items.push(ListItem { task, blocks, span });
                } else {
                    // No list to go to: the content goes to the enclosing frame.
                    let mut blocks = blocks;
                    self.blk.append(&mut blocks);
                }
            }
            Fk::Footnote { label } => self.push_block(Block {
                kind: BlockKind::FootnoteDefinition(Box::new(FootnoteDefinition { label, blocks })),
                span,
            }),
            Fk::DefList { items } => {
                self.push_block(Block {
                    kind: BlockKind::DefinitionList(items),
                    span,
                });
            }
            Fk::DefTitle => {
                let mut term = inlines;
                self.autolink(&mut term);
                if self.top().flat {
                    self.push_block(Block {
                        kind: BlockKind::Paragraph(term),
                        span,
                    });
                } else if let Fk::DefList { items } = &mut self.top().kind {
                    items.push(DefinitionItem {
                        term,
                        definitions: Vec::new(),
                        span,
                    });
                }
            }
            Fk::DefDef => {
                if let Fk::DefList { items } = &mut self.top().kind {
                    if let Some(item) = items.last_mut() {
                        item.definitions.push(blocks);
                        item.span.end = item.span.end.max(span.end);
                    } else {
                        items.push(DefinitionItem {
                            term: Vec::new(),
                            definitions: vec![blocks],
                            span,
                        });
                    }
                }
            }
            Fk::Table(t) => self.push_block(Block {
                kind: BlockKind::Table(t),
                span,
            }),
            Fk::TableRow { cells } => {
                if let Fk::Table(t) = &mut self.top().kind {
                    if matches!(tag, TagEnd::TableHead) {
                        t.head = cells;
                    } else {
                        t.rows.push(cells);
                    }
                }
            }
            Fk::Cell => {
                let mut content = inlines;
                self.autolink(&mut content);
                if let Fk::TableRow { cells } = &mut self.top().kind {
                    cells.push(TableCell { content, span });
                }
            }
            Fk::Emph => self.push_inline(Inline {
                kind: InlineKind::Emphasis(inlines),
                span,
            }),
            Fk::Strong => self.push_inline(Inline {
                kind: InlineKind::Strong(inlines),
                span,
            }),
            Fk::Strike => {
                self.push_inline(Inline {
                    kind: InlineKind::Strikethrough(inlines),
                    span,
                });
            }
            Fk::Link(mut link) => {
                link.content = inlines;
                self.push_inline(Inline {
                    kind: InlineKind::Link(link),
                    span,
                });
            }
            Fk::Image(mut image) => {
                image.alt = inlines;
                self.push_inline(Inline {
                    kind: InlineKind::Image(image),
                    span,
                });
            }
            // Put back above.
            Fk::Root | Fk::Adm(_) | Fk::Details(_) => {}
        }
    }

    fn finish_paragraph(&mut self, mut inlines: Vec<Inline>, span: Span) {
        if self.exts.includes {
            match self.includes(&inlines, span) {
                Some(Ok(blocks)) => {
                    for b in blocks {
                        self.push_block(b);
                    }
                    return;
                }
                // Kept as text, so that the reader sees what the author wrote.
                Some(Err((at, why))) => self.diags.push(
                    Diagnostic::error(at, format!("malformed include: {why}"))
                        .with_hint("write `{{#include path}}` on a line of its own; in a code span (`` `{{#include}}` ``) it stays text"),
                ),
                None => {}
            }
        }
        self.autolink(&mut inlines);
        self.push_block(Block {
            kind: BlockKind::Paragraph(inlines),
            span,
        });
    }

    /// A paragraph made only of `{{#include …}}` lines becomes include blocks; `None` when the
    /// paragraph does not start with one, an error at the first line of a paragraph that does
    /// which is not a directive.
    fn includes(
        &self,
        inlines: &[Inline],
        span: Span,
    ) -> Option<Result<Vec<Block>, (Span, &'static str)>> {
        let first = inlines.first()?;
        let InlineKind::Text(t) = &first.kind else {
            return None;
        };
        if !crate::include::looks_like_directive(t) {
            return None;
        }
        let text = self.src.get(span.range())?;
        let mut out = Vec::new();
        let mut pos = span.start as usize;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let lead = line.len() - line.trim_start().len();
                let s = pos + lead;
                let at = self.src_span(s..s + trimmed.len());
                let d = if crate::include::looks_like_directive(trimmed) {
                    crate::include::check_directive(trimmed)
                } else {
                    Err("a paragraph that starts with `{{#include}}` may hold only include lines")
                };
                match d {
                    Ok(d) => out.push(Block {
                        kind: BlockKind::Include(Box::new(d)),
                        span: at,
                    }),
                    Err(why) => return Some(Err((at, why))),
                }
            }
            pos += line.len();
        }
        Some(Ok(out))
    }

    fn autolink(&self, inlines: &mut Vec<Inline>) {
        if !self.exts.autolinks || self.link_anchors.is_empty() {
            return;
        }
        // One look-up for the whole run of inlines: most have no anchor at all.
        let (Some(first), Some(last)) = (inlines.first(), inlines.last()) else {
            return;
        };
        let (start, end) = (first.span.start as usize, last.span.end as usize);
        let i = self.link_anchors.partition_point(|&a| a < start);
        if self.link_anchors.get(i).is_some_and(|&a| a < end) {
            crate::autolink::apply(inlines, self.src, self.link_anchors);
        }
    }

    // Out of line: rare next to text and paragraphs, it would crowd the hot path.
    #[inline(never)]
    fn finish_quote(
        &mut self,
        alert: Option<BlockQuoteKind>,
        mut blocks: Vec<Block>,
        span: Span,
        start: usize,
    ) {
        if let Some(alert) = alert {
            let written = alert_word(&self.lowered.text[start..]).unwrap_or_else(|| {
                match alert {
                    BlockQuoteKind::Note => "NOTE",
                    BlockQuoteKind::Tip => "TIP",
                    BlockQuoteKind::Important => "IMPORTANT",
                    BlockQuoteKind::Warning => "WARNING",
                    BlockQuoteKind::Caution => "CAUTION",
                }
                .to_owned()
            });
            let kind = match alert {
                BlockQuoteKind::Note => AdmonitionKind::Note,
                BlockQuoteKind::Tip => AdmonitionKind::Tip,
                BlockQuoteKind::Important => AdmonitionKind::Important,
                BlockQuoteKind::Warning => AdmonitionKind::Warning,
                BlockQuoteKind::Caution => AdmonitionKind::Caution,
            };
            self.push_block(Block {
                kind: BlockKind::Admonition(Box::new(Admonition {
                    kind,
                    written_kind: written,
                    title: None,
                    collapsible: false,
                    open: false,
                    dialect: Dialect::GitHub,
                    body: blocks,
                })),
                span,
            });
            return;
        }
        if self.exts.alerts
            && let Some(word) = custom_alert(&mut blocks)
        {
            let (kind, known) = normalise_kind(&word);
            if !known {
                self.unknown_kind(
                    &word,
                    span.start as usize..span.start as usize + 4 + word.len(),
                );
            }
            self.push_block(Block {
                kind: BlockKind::Admonition(Box::new(Admonition {
                    kind,
                    written_kind: word,
                    title: None,
                    collapsible: false,
                    open: false,
                    dialect: Dialect::GitHub,
                    body: blocks,
                })),
                span,
            });
            return;
        }
        self.push_block(Block {
            kind: BlockKind::BlockQuote(blocks),
            span,
        });
    }

    #[cold]
    /// Warns about the GitBook tags exambook does not read (found by the lowering) that start
    /// in text at `span`: they stay visible as text.
    #[inline(never)]
    fn unknown_tags(&mut self, span: Span) {
        let unknown = &self.lowered.unknown;
        let first = unknown.partition_point(|&o| o < span.start as usize);
        let here: Vec<usize> = unknown[first..]
            .iter()
            .take_while(|&&o| o < span.end as usize)
            .copied()
            .collect();
        for at in here {
            let rest = self.src.get(at..).unwrap_or("");
            let line = rest.split(['\n', '\r']).next().unwrap_or(rest);
            let len = line.rfind("%}").map_or(line.len(), |e| e + 2);
            let text = &line[..len];
            let name: String = text
                .trim_start_matches("{%")
                .trim_start_matches('-')
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            if let Some(opened) = name.strip_prefix("end")
                && self.warned_tags.iter().any(|w| w == opened)
            {
                continue;
            }
            self.warned_tags.push(name.clone());
            let what = if name.is_empty() {
                format!("`{text}` is not a GitBook tag exambook reads")
            } else {
                format!("unknown GitBook tag `{name}`: it is shown as text")
            };
            self.diags.push(
                Diagnostic::warning(self.src_span(at..at + len), what).with_hint(format!(
                    "exambook reads the tags {} (and `{{% hint %}}` needs `style=\"…\"`); remove the tag or write its content as markdown",
                    lower::GITBOOK_TAGS
                )),
            );
        }
    }

    /// Builds the node of a GitBook block other than a hint (`tabs`, `tab`, `code`,
    /// `content-ref`) from its frame's parts; `marker` is the opening tag's source range.
    fn gitbook_block(
        &mut self,
        tag_kind: usize,
        title: Option<Vec<Inline>>,
        marker: &Range<usize>,
        blocks: Vec<Block>,
        span: Span,
    ) {
        let marker_text = lower::tag_inner(self.src.get(marker.clone()).unwrap_or(""));
        let value = |key: &str| {
            lower::tag_value(marker_text, key)
                .and_then(|r| marker_text.get(r))
                .map(str::to_owned)
        };
        match tag_kind {
            tag::TAB => {
                let tab = Tab {
                    title: title.unwrap_or_default(),
                    body: blocks,
                    span,
                };
                self.push_block(Block {
                    kind: BlockKind::Tabs(Box::new(Tabs { tabs: vec![tab] })),
                    span,
                });
            }
            tag::TABS => {
                // Each `{% tab %}` became a one-tab group: join them. Content between tabs goes
                // into the tab before it (an untitled first tab when none is before).
                let mut tabs: Vec<Tab> = Vec::new();
                for b in blocks {
                    match b.kind {
                        BlockKind::Tabs(t) => tabs.extend(t.tabs),
                        _ => {
                            if tabs.is_empty() {
                                self.diags.push(
                                    Diagnostic::warning(b.span, "content in `{% tabs %}` before its first `{% tab %}`")
                                        .with_hint("put it inside a `{% tab title=\"…\" %}` … `{% endtab %}`; it is shown in an untitled tab"),
                                );
                                tabs.push(Tab {
                                    title: Vec::new(),
                                    body: Vec::new(),
                                    span: b.span,
                                });
                            }
                            if let Some(last) = tabs.last_mut() {
                                last.body.push(b);
                            }
                        }
                    }
                }
                self.push_block(Block {
                    kind: BlockKind::Tabs(Box::new(Tabs { tabs })),
                    span,
                });
            }
            tag::CODE => {
                // The title (and `lineNumbers="true"`) go to the code block inside, as attributes
                // written in its info string (so the markdown writer keeps them); the tags
                // themselves leave no node.
                let mut blocks = blocks;
                let code = blocks.iter_mut().find_map(|b| match &mut b.kind {
                    BlockKind::CodeBlock(c) => Some(c),
                    _ => None,
                });
                let title = value("title").filter(|t| !t.trim().is_empty());
                let numbers = value("lineNumbers").is_some_and(|v| v == "true");
                match code {
                    Some(code) => set_code_attrs(code, title.as_deref(), numbers),
                    None => self.diags.push(
                        Diagnostic::warning(self.src_span(marker.clone()), "`{% code %}` holds no code block")
                            .with_hint("put a fenced code block (```) between `{% code %}` and `{% endcode %}`"),
                    ),
                }
                self.blk.append(&mut blocks);
            }
            _ => {
                let url = value("url").unwrap_or_default();
                if url.is_empty() {
                    self.diags.push(
                        Diagnostic::warning(
                            self.src_span(marker.clone()),
                            "`{% content-ref %}` has no `url=\"…\"`",
                        )
                        .with_hint("write `{% content-ref url=\"page.md\" %}`"),
                    );
                }
                self.push_block(Block {
                    kind: BlockKind::Card(Box::new(Card {
                        kind: CardKind::ContentRef,
                        url,
                        body: blocks,
                    })),
                    span,
                });
            }
        }
    }

    fn unknown_kind(&mut self, word: &str, span: Range<usize>) {
        let valid: Vec<&str> = AdmonitionKind::ALL.iter().map(|k| k.name()).collect();
        self.diags.push(
            Diagnostic::warning(
                self.src_span(span),
                format!("unknown admonition kind `{word}`"),
            )
            .with_hint(format!(
                "use one of: {} (or info, success, hint, danger); shown as a note",
                valid.join(", ")
            )),
        );
    }

    // Out of line: rare next to text and paragraphs, it would crowd the hot path.
    #[inline(never)]
    fn finish_html(&mut self, raw: String, span: Span, start: usize) {
        if self.exts.admonitions
            && raw.trim_start().starts_with("<figure")
            && let Some(f) = figure(&raw, span)
        {
            self.push_block(Block {
                kind: BlockKind::Figure(Box::new(f)),
                span,
            });
            return;
        }
        if self.exts.details {
            let t = raw.trim();
            if t.eq_ignore_ascii_case("</details>") && self.close_details(span) {
                return;
            }
            if let Some((open, summary)) = details_opener(t) {
                let summary = summary.map(str::to_owned);
                let anchors = if self.exts.anchors {
                    html_anchors(&raw)
                } else {
                    Vec::new()
                };
                let opener = Block {
                    kind: BlockKind::Html(Box::new(HtmlBlock { raw, anchors })),
                    span,
                };
                let summary = match summary {
                    Some(s) => self.parse_summary(&s, span),
                    None => Vec::new(),
                };
                let flat_opener = opener.clone();
                let frame = Frame::new(
                    Fk::Details(Box::new(DetailsFrame {
                        open,
                        summary,
                        opener,
                    })),
                    start,
                );
                self.push_frame(frame);
                if self.top().flat {
                    // Too deep for a node: keep the tags as raw HTML around the body.
                    self.push_block(flat_opener);
                }
                return;
            }
        }
        let anchors = if self.exts.anchors {
            html_anchors(&raw)
        } else {
            Vec::new()
        };
        self.push_block(Block {
            kind: BlockKind::Html(Box::new(HtmlBlock { raw, anchors })),
            span,
        });
    }

    /// Parses `<summary>` content as inline markdown.
    // Out of line: rare next to text and paragraphs, it would crowd the hot path.
    #[inline(never)]
    fn parse_summary(&mut self, summary: &str, block: Span) -> Vec<Inline> {
        // Locate the summary text in the source to give its inlines real spans.
        let Some(block_text) = self.src.get(block.range()) else {
            return Vec::new();
        };
        let Some(off) = block_text.find(summary) else {
            return Vec::new();
        };
        let base = block.start as usize + off;
        let text = summary.trim();
        let lead = summary.len() - summary.trim_start().len();
        let base = base + lead;
        if plain_words(text) {
            // `Answer`, `Show the solution`: text as written, without a markdown parse.
            return vec![Inline {
                kind: InlineKind::Text(text.to_owned()),
                span: Span::new(self.file, base..base + text.len()),
            }];
        }
        let lowered = Lowered::identity(text, base);
        let mut diags = Vec::new();
        let exts = Extensions {
            admonitions: false,
            includes: false,
            details: false,
            ..self.exts
        };
        let mut blocks = Builder::new(
            self.src,
            &lowered,
            self.file,
            exts,
            &mut diags,
            self.link_anchors,
        )
        .run(text);
        match blocks.pop() {
            Some(Block {
                kind: BlockKind::Paragraph(inlines),
                ..
            }) if blocks.is_empty() => inlines,
            _ if text.is_empty() => Vec::new(),
            _ => vec![Inline {
                kind: InlineKind::Text(text.to_owned()),
                span: Span::new(self.file, base..base + text.len()),
            }],
        }
    }

    /// Closes the innermost open `<details>` above the current real container.
    // Out of line: rare next to text and paragraphs, it would crowd the hot path.
    #[inline(never)]
    fn close_details(&mut self, span: Span) -> bool {
        let Some(i) = self.find_virtual(|f| matches!(f.kind, Fk::Details(_))) else {
            return false;
        };
        while self.stack.len() > i + 1 {
            self.close_top_virtual(span.start as usize, true);
        }
        let flat = self.stack.get(i).is_some_and(|f| f.flat);
        self.close_top_virtual(span.end as usize, false);
        if flat {
            self.push_block(Block {
                kind: BlockKind::Html(Box::new(HtmlBlock {
                    raw: "</details>\n".to_owned(),
                    anchors: Vec::new(),
                })),
                span,
            });
        }
        true
    }

    /// Index of the innermost virtual frame matching `pred` above the nearest real container.
    fn find_virtual(&self, pred: impl Fn(&Frame) -> bool) -> Option<usize> {
        for (i, f) in self.stack.iter().enumerate().rev() {
            if !f.is_virtual() {
                return None;
            }
            if pred(f) {
                return Some(i);
            }
        }
        None
    }

    /// Closes virtual frames above the nearest real container (it is ending at lowered `end`).
    fn close_virtual(&mut self, end: usize) {
        while self.stack.last().is_some_and(Frame::is_virtual) {
            let end = self.lowered.orig(end);
            self.close_top_virtual(end, true);
        }
    }

    /// Pops the top (virtual) frame and adds its node; `end` is a source offset.
    // Out of line: rare next to text and paragraphs, it would crowd the hot path.
    #[inline(never)]
    fn close_top_virtual(&mut self, end: usize, unclosed: bool) {
        let Some(f) = self.pop_frame() else { return };
        if !f.is_virtual() {
            self.stack.push(f);
            return;
        }
        // A flat frame's body stays where it is: it belongs to the frame receiving it.
        let blocks = if f.flat {
            Vec::new()
        } else {
            self.take_blocks(&f)
        };
        let Frame { kind, flat, .. } = f;
        match kind {
            Fk::Adm(adm) => {
                let AdmFrame {
                    opener,
                    kind,
                    title,
                    marker,
                } = *adm;
                if unclosed {
                    let (what, hint) = match opener.dialect {
                        Dialect::GitBook => {
                            let name = if opener.fence == tag::HINT {
                                "hint"
                            } else {
                                opener.kind.as_str()
                            };
                            (
                                format!("`{{% {name} %}}` is never closed"),
                                format!("add a `{{% end{name} %}}` line after its content"),
                            )
                        }
                        _ => (
                            format!(
                                "`{}{}` is never closed",
                                ":".repeat(opener.fence),
                                opener.kind
                            ),
                            format!(
                                "add a `{}` line after its content",
                                ":".repeat(opener.fence)
                            ),
                        ),
                    };
                    self.diags.push(
                        Diagnostic::error(self.src_span(marker.clone()), what).with_hint(hint),
                    );
                }
                if flat {
                    // The body went to the nearest frame that is not flat already.
                    return;
                }
                let end = if unclosed {
                    blocks.last().map_or(marker.end, |b| b.span.end as usize)
                } else {
                    end
                };
                let span = self.src_span(marker.start..end.max(marker.start));
                if opener.dialect == Dialect::GitBook && opener.fence != tag::HINT {
                    self.gitbook_block(opener.fence, title, &marker, blocks, span);
                    return;
                }
                if is_question(&opener) {
                    let marker_text = self.src.get(marker.clone()).unwrap_or("");
                    let attrs =
                        crate::question::attrs(marker_text, marker.start, self.file, self.diags);
                    let q = crate::question::build(attrs, opener.fence, blocks, self.diags);
                    self.push_block(Block {
                        kind: BlockKind::Question(Box::new(q)),
                        span,
                    });
                    return;
                }
                self.push_block(Block {
                    kind: BlockKind::Admonition(Box::new(Admonition {
                        kind,
                        written_kind: opener.kind,
                        title,
                        collapsible: opener.collapsible,
                        open: opener.open,
                        dialect: opener.dialect,
                        body: blocks,
                    })),
                    span,
                });
            }
            Fk::Details(d) => {
                let DetailsFrame {
                    open,
                    summary,
                    opener,
                } = *d;
                if unclosed {
                    self.diags.push(
                        Diagnostic::warning(opener.span, "`<details>` is never closed")
                            .with_hint("add a `</details>` line (with a blank line before it)"),
                    );
                }
                if flat {
                    // Opener (and closer, see `close_details`) stay raw HTML around the body.
                    return;
                }
                if unclosed {
                    // Put it back as the raw HTML it was.
                    self.push_block(opener);
                    let mut blocks = blocks;
                    self.blk.append(&mut blocks);
                    return;
                }
                let span = self.src_span(opener.span.start as usize..end);
                self.push_block(Block {
                    kind: BlockKind::Details(Box::new(Details {
                        summary,
                        open,
                        body: blocks,
                    })),
                    span,
                });
            }
            _ => {}
        }
    }

    /// Handles a placeholder heading: opens or closes an admonition.
    // Out of line: rare next to text and paragraphs, it would crowd the hot path.
    #[inline(never)]
    fn marker(&mut self, idx: usize, inlines: Vec<Inline>, range: Range<usize>) {
        let Some(m) = self.lowered.markers.get(idx).cloned() else {
            return;
        };
        match m.kind {
            MarkerKind::Open(opener) => {
                let gitbook_block = opener.dialect == Dialect::GitBook && opener.fence != tag::HINT;
                if gitbook_block && opener.fence == tag::EMBED {
                    // A block of its own: a link card.
                    let text = lower::tag_inner(self.src.get(m.span.clone()).unwrap_or(""));
                    let url = lower::tag_value(text, "url")
                        .and_then(|r| text.get(r))
                        .unwrap_or("")
                        .to_owned();
                    let span = self.src_span(m.span.clone());
                    if url.is_empty() {
                        self.diags.push(
                            Diagnostic::warning(span, "`{% embed %}` has no `url=\"…\"`")
                                .with_hint("write `{% embed url=\"https://…\" %}`"),
                        );
                    }
                    self.push_block(Block {
                        kind: BlockKind::Card(Box::new(Card {
                            kind: CardKind::Embed,
                            url,
                            body: Vec::new(),
                        })),
                        span,
                    });
                    return;
                }
                let (kind, known) = normalise_kind(&opener.kind);
                // A question's attributes are read when it closes (`question::attrs`).
                if !known && !is_question(&opener) && !gitbook_block {
                    let s = m.span.start;
                    self.unknown_kind(&opener.kind, s..m.span.end);
                }
                let mut inlines = inlines;
                self.autolink(&mut inlines);
                let title = opener.has_title.then_some(inlines);
                let frame = Frame::new(
                    Fk::Adm(Box::new(AdmFrame {
                        opener,
                        kind,
                        title,
                        marker: m.span.clone(),
                    })),
                    range.start,
                );
                self.push_frame(frame);
            }
            MarkerKind::Close { dialect, fence } => {
                if dialect == Dialect::GitBook && fence == tag::EMBED {
                    // `{% endembed %}` ends an embed's caption, which stays a paragraph of its
                    // own below the card.
                    return;
                }
                let exact = self.find_virtual(|f| {
                    matches!(&f.kind, Fk::Adm(a) if a.opener.dialect == dialect && a.opener.fence == fence)
                });
                // A GitBook closing tag closes only its own kind of block.
                let target = exact.or_else(|| {
                    if dialect == Dialect::GitBook {
                        return None;
                    }
                    self.find_virtual(|f| {
                        matches!(&f.kind, Fk::Adm(a) if a.opener.dialect == dialect && a.opener.fence <= fence)
                    })
                });
                match target {
                    Some(i) => {
                        while self.stack.len() > i + 1 {
                            self.close_top_virtual(m.span.start, true);
                        }
                        self.close_top_virtual(m.span.end, false);
                    }
                    None => {
                        let text = self.lowered.original_at(m.at).unwrap_or("").to_owned();
                        let span = self.src_span(m.span.clone());
                        if !text.is_empty() {
                            self.diags.push(
                                Diagnostic::warning(span, format!("`{text}` closes nothing"))
                                    .with_hint("remove it, or open an admonition before it"),
                            );
                            self.push_block(Block {
                                kind: BlockKind::Paragraph(vec![Inline {
                                    kind: InlineKind::Text(text),
                                    span,
                                }]),
                                span,
                            });
                        }
                    }
                }
            }
        }
    }

    /// Parses `text` (the lowered text the builder was made for) with pulldown-cmark and builds
    /// the tree.
    pub(crate) fn run(mut self, text: &str) -> Vec<Block> {
        for (event, range) in Parser::new_ext(text, pulldown_options(self.exts)).into_offset_iter()
        {
            self.event(event, range);
        }
        self.finish()
    }

    /// Ends the parse: closes whatever is still open.
    fn finish(mut self) -> Vec<Block> {
        loop {
            self.close_tight();
            if self.stack.len() <= 1 {
                break;
            }
            if self.top().is_virtual() {
                let end = self.lowered.orig(self.lowered.text.len());
                self.close_top_virtual(end, true);
            } else {
                // pulldown-cmark always closes its tags; be defensive anyway.
                let end = self.lowered.text.len();
                self.end(TagEnd::Paragraph, end..end);
            }
        }
        self.blk.split_off(1.min(self.blk.len()))
    }
}

/// Gives a code block the title (and line numbers) of the `{% code %}` around it: `title` and
/// `linenos` attributes, also written into its info string so that the markdown writer keeps
/// them.
fn set_code_attrs(code: &mut CodeBlock, title: Option<&str>, numbers: bool) {
    if !code.fenced || (title.is_none() && !numbers) {
        return;
    }
    let mut extra = Vec::new();
    if let Some(title) = title {
        let title: String = title
            .chars()
            .map(|c| if c.is_control() || c == '`' { ' ' } else { c })
            .collect();
        let title = title.trim();
        // A quote the title does not hold (both: the double quotes become single ones).
        let (q, title) = if !title.contains('"') {
            ('"', title.to_owned())
        } else if !title.contains('\'') {
            ('\'', title.to_owned())
        } else {
            ('"', title.replace('"', "'"))
        };
        extra.push(format!("title={q}{title}{q}"));
    }
    if numbers {
        extra.push("linenos".to_owned());
    }
    let extra = extra.join(" ");
    let mut info: String = code.info.trim().to_owned();
    if info.is_empty() {
        info = format!("{{{extra}}}");
    } else {
        info.push(' ');
        info.push_str(&extra);
    }
    let (lang, attrs) = parse_info(&info);
    code.lang = lang;
    code.attrs = attrs;
    code.info = info;
}

/// `<figure><img src="…" alt="…"><figcaption>…</figcaption></figure>` (GitBook's way of
/// writing an image with a caption) as a [`Figure`]: the `src` and `alt` of its one image, the
/// caption's text (tags dropped, character references read). `None` for other HTML.
fn figure(raw: &str, span: Span) -> Option<Figure> {
    let t = raw.trim();
    let lower = t.to_ascii_lowercase();
    let inner = lower.strip_prefix("<figure>")?.strip_suffix("</figure>")?;
    let inner_at = "<figure>".len();
    // One image, before the caption.
    let img = inner.find("<img")?;
    if inner[img + 4..].contains("<img") || !inner[..img].trim().is_empty() {
        return None;
    }
    let img_end = img + inner[img..].find('>')? + 1;
    let tag = &t[inner_at + img + 4..inner_at + img_end - 1];
    let attrs = tag_attrs(tag.strip_suffix('/').unwrap_or(tag))?;
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let src = get("src").filter(|s| !s.is_empty())?;
    let alt = get("alt").unwrap_or_default();
    let rest = inner[img_end..].trim();
    let caption = if rest.is_empty() {
        String::new()
    } else {
        let body = rest
            .strip_prefix("<figcaption>")?
            .strip_suffix("</figcaption>")?;
        // `rest` and `body` are slices of `inner` (the lowercased text): their offsets there
        // are those in `t`, `inner_at` bytes further.
        let start = inner_at + (body.as_ptr() as usize - inner.as_ptr() as usize);
        let raw_caption = t.get(start..start + body.len())?;
        if raw_caption.contains('<')
            && !raw_caption
                .split('<')
                .skip(1)
                .all(|p| p.starts_with("p>") || p.starts_with("/p>"))
        {
            // Markup beyond paragraphs: not a figure of the simple kind; left as raw HTML.
            return None;
        }
        let text = raw_caption.replace("<p>", " ").replace("</p>", " ");
        let text = crate::escape::unescape_attr(
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str(),
        );
        text.trim().to_owned()
    };
    let text_inline = |s: String| Inline {
        kind: InlineKind::Text(s),
        span,
    };
    let alt = crate::escape::unescape_attr(&alt);
    Some(Figure {
        image: vec![Inline {
            kind: InlineKind::Image(Box::new(Image {
                dest: crate::escape::unescape_attr(&src),
                title: String::new(),
                alt: if alt.is_empty() {
                    Vec::new()
                } else {
                    vec![text_inline(alt)]
                },
                target: None,
            })),
            span,
        }],
        caption: if caption.is_empty() {
            Vec::new()
        } else {
            vec![text_inline(caption)]
        },
    })
}

/// The attributes of a tag's attribute text (`src="a" alt='b' c=d e`), in order; `None` when
/// it is not well formed.
fn tag_attrs(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return Some(out);
        }
        if trimmed.len() == rest.len() && !out.is_empty() {
            // Attributes are separated by whitespace.
            return None;
        }
        let name_len = trimmed
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(trimmed.len());
        let name = &trimmed[..name_len];
        if name.is_empty() || name.contains(['"', '\'', '<', '>']) {
            return None;
        }
        let after = trimmed[name_len..].trim_start();
        let Some(v) = after.strip_prefix('=') else {
            out.push((name.to_owned(), String::new()));
            rest = &trimmed[name_len..];
            continue;
        };
        let v = v.trim_start();
        let (value, next) = match v.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = v[1..].find(q)?;
                (&v[1..1 + end], &v[end + 2..])
            }
            Some(_) => {
                let end = v.find(char::is_whitespace).unwrap_or(v.len());
                (&v[..end], &v[end..])
            }
            None => return None,
        };
        out.push((name.to_owned(), value.to_owned()));
        rest = next;
    }
}

/// Whether an opening marker starts a question block (`::: question`).
fn is_question(o: &Opener) -> bool {
    o.dialect == Dialect::Docusaurus && o.kind == crate::question::KIND
}

/// Whether `text` reads the same as markdown and as plain text: words of ASCII letters and
/// digits, single spaces and punctuation that means nothing inline (`?`, `,`, `'`).
fn plain_words(text: &str) -> bool {
    let b = text.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b' ' | b'?' | b',' | b'\''))
        && !text.contains("  ")
}

/// Maps a written admonition kind to the vocabulary; `false` if unknown (then `Note`).
pub(crate) fn normalise_kind(word: &str) -> (AdmonitionKind, bool) {
    let lower = word.to_ascii_lowercase();
    let kind = match lower.as_str() {
        "note" | "info" | "abstract" | "summary" | "tldr" => AdmonitionKind::Note,
        "tip" | "success" | "hint" | "check" | "done" => AdmonitionKind::Tip,
        "important" => AdmonitionKind::Important,
        "warning" | "attention" => AdmonitionKind::Warning,
        "caution" | "danger" | "error" | "failure" | "bug" => AdmonitionKind::Caution,
        "exam" => AdmonitionKind::Exam,
        "lab" => AdmonitionKind::Lab,
        _ => return (AdmonitionKind::Note, false),
    };
    (kind, true)
}

/// `[!WORD]` at the start of a block quote that pulldown-cmark did not take as a GitHub alert
/// (kinds GitHub does not know, like `[!EXAM]`): removes that line and returns the word.
fn custom_alert(blocks: &mut Vec<Block>) -> Option<String> {
    let first = blocks.first_mut()?;
    let BlockKind::Paragraph(inlines) = &mut first.kind else {
        return None;
    };
    let InlineKind::Text(t) = &inlines.first()?.kind else {
        return None;
    };
    let word = t.strip_prefix("[!")?.strip_suffix(']')?;
    if word.is_empty()
        || !word
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    {
        return None;
    }
    let word = word.to_owned();
    match inlines.get(1).map(|i| &i.kind) {
        None => {
            blocks.remove(0);
        }
        Some(InlineKind::SoftBreak) => {
            inlines.drain(..2);
            if let Some(next) = inlines.first() {
                first.span.start = next.span.start;
            }
        }
        Some(_) => return None,
    }
    Some(word)
}

/// The word of a `[!WORD]` alert line at the start of `text` (after `>`).
fn alert_word(text: &str) -> Option<String> {
    let open = text.find("[!")?;
    let close = text[open..].find(']')? + open;
    Some(text[open + 2..close].to_owned())
}

/// The list marker character at lowered offset `at`.
fn list_marker_char(text: &str, at: usize, ordered: bool) -> char {
    let rest = text.get(at..).unwrap_or("");
    for c in rest.chars() {
        match c {
            '-' | '*' | '+' if !ordered => return c,
            '.' | ')' if ordered => return c,
            ' ' | '\t' | '>' | '0'..='9' => {}
            _ => break,
        }
    }
    if ordered { '.' } else { '-' }
}

/// Splits an info string into a language and attributes.
pub(crate) fn parse_info(info: &str) -> (Option<String>, Vec<(String, Option<String>)>) {
    let info = info.trim();
    let mut lang = None;
    let mut rest = info;
    if !info.starts_with('{') {
        let end = info
            .find(|c: char| c.is_whitespace() || c == '{')
            .unwrap_or(info.len());
        let word = &info[..end];
        let word = word.split(',').next().unwrap_or(word);
        if !word.is_empty() {
            lang = Some(word.to_owned());
        }
        rest = &info[end..];
    }
    let mut attrs = Vec::new();
    let rest = rest.trim().trim_start_matches('{').trim_end_matches('}');
    let mut s = rest;
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}');
        if s.is_empty() {
            break;
        }
        let key_end = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == ',' || c == '}')
            .unwrap_or(s.len());
        let key = &s[..key_end];
        s = &s[key_end..];
        if let Some(v) = s.strip_prefix('=') {
            let (value, after) = if let Some(q @ ('"' | '\'')) = v.chars().next() {
                match v[1..].find(q) {
                    Some(e) => (&v[1..1 + e], &v[e + 2..]),
                    None => (&v[1..], ""),
                }
            } else {
                let e = v
                    .find(|c: char| c.is_whitespace() || c == ',')
                    .unwrap_or(v.len());
                (&v[..e], &v[e..])
            };
            attrs.push((key.to_owned(), Some(value.to_owned())));
            s = after;
        } else if let Some(class) = key.strip_prefix('.') {
            attrs.push(("class".to_owned(), Some(class.to_owned())));
        } else if let Some(id) = key.strip_prefix('#') {
            attrs.push(("id".to_owned(), Some(id.to_owned())));
        } else if !key.is_empty() {
            attrs.push((key.to_owned(), None));
        } else {
            // A lone `=` or similar: skip one character.
            s = s.get(1..).unwrap_or("");
        }
    }
    (lang, attrs)
}

/// `</a>`
fn is_closing_a(html: &str) -> bool {
    let t = html.trim();
    t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("</a"))
        && t.get(3..).is_some_and(|r| r.trim() == ">")
}

/// The id of an `<a name="x">` / `<a id="x">` tag.
fn anchor_id(html: &str) -> Option<String> {
    let t = html.trim();
    let rest = t.strip_prefix("<a").or_else(|| t.strip_prefix("<A"))?;
    if !rest.starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    attr_value(rest, "id").or_else(|| attr_value(rest, "name"))
}

/// Value of attribute `name` in the attribute text of a tag.
fn attr_value(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - rest.len() + 1;
        let v = tag[vstart..].trim_start();
        let value = match v.chars().next()? {
            q @ ('"' | '\'') => &v[1..1 + v[1..].find(q)?],
            _ => {
                &v[..v
                    .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .unwrap_or(v.len())]
            }
        };
        if value.is_empty() {
            return None;
        }
        return Some(value.to_owned());
    }
    None
}

/// Ids of `<a name>` / `<a id>` anchors in raw HTML.
pub(crate) fn html_anchors(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = raw.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<a") {
        let at = from + i;
        let end = raw[at..].find('>').map_or(raw.len(), |e| at + e + 1);
        if let Some(id) = anchor_id(&raw[at..end]) {
            out.push(id);
        }
        from = at + 2;
    }
    out
}

/// `<details>` / `<details open>` followed by an optional `<summary>…</summary>` and nothing
/// else: `(open, summary)`.
fn details_opener(t: &str) -> Option<(bool, Option<&str>)> {
    if t.len() < 9
        || !t
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("<details"))
    {
        return None;
    }
    let close = t.find('>')?;
    let attrs = t[8..close].trim();
    let open = match attrs.to_ascii_lowercase().as_str() {
        "" => false,
        "open" | "open=\"\"" | "open=\"open\"" => true,
        _ => return None,
    };
    let rest = t[close + 1..].trim();
    if rest.is_empty() {
        return Some((open, None));
    }
    if !rest
        .get(..9)
        .is_some_and(|p| p.eq_ignore_ascii_case("<summary>"))
    {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let end = lower.find("</summary>")?;
    if !rest[end + 10..].trim().is_empty() {
        return None;
    }
    Some((open, Some(&rest[9..end])))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn info_strings() {
        let (lang, attrs) = parse_info("sh title=\"Create a pool\" linenos hl_lines=\"2 4-5\"");
        assert_eq!(lang.as_deref(), Some("sh"));
        assert_eq!(
            attrs,
            vec![
                ("title".to_owned(), Some("Create a pool".to_owned())),
                ("linenos".to_owned(), None),
                ("hl_lines".to_owned(), Some("2 4-5".to_owned())),
            ]
        );
        let (lang, attrs) = parse_info("{.python #x}");
        assert_eq!(lang, None);
        assert_eq!(attrs.len(), 2);
    }

    #[test]
    fn anchors() {
        assert_eq!(anchor_id("<a name=\"x\">").as_deref(), Some("x"));
        assert_eq!(anchor_id("<a id='y' href=\"#\">").as_deref(), Some("y"));
        assert_eq!(anchor_id("<a href=\"#\">"), None);
        assert_eq!(
            html_anchors("<div><a name=\"q1\"></a></div>"),
            vec!["q1".to_owned()]
        );
    }
}

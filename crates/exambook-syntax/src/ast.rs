//! The document tree.
//!
//! Design decisions:
//! - One owned tree serves three consumers: the HTML writer, the markdown writer (which must
//!   round-trip: parse → write → parse gives the same tree, spans aside) and the segmenter for
//!   translation. Nothing here is specific to one of them.
//! - Every node is a `{ kind, span }` pair. Spans are byte ranges into the source text plus the
//!   [`FileId`] the caller passed to the parser, so that nodes spliced in from an included file
//!   still point at the right file.
//! - Extension nodes (admonitions, diagrams, includes, `<details>`) are first-class variants, not
//!   raw HTML, so every consumer sees them.
//! - Ids that resolve later (heading ids, include contents) are plain mutable fields: the resolver
//!   in `exambook-core` fills them in place.

use serde::Serialize;

/// Identifies a source file. The parser never touches files; callers hand it an id and map it
/// back to a path (see `exambook-core`'s source map). `FileId(0)` is the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// The file the range belongs to.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span in `file` covering `range`.
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Self {
        Span {
            file,
            start: saturating_u32(range.start),
            end: saturating_u32(range.end),
        }
    }

    /// The byte range as `usize`s, for slicing the source.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// An offset as the tree stores it: sources larger than 4 GiB are rejected by the loader, so
/// saturate instead of wrapping.
pub(crate) fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// A parsed markdown file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// Front matter, when the file starts with `+++` (TOML) or `---` (YAML).
    pub front_matter: Option<FrontMatter>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Where the URLs of raw HTML (`<a href>`, `<img src>`, see [`crate::html_urls`]) point
    /// inside the book, by URL as written, once the book is resolved; empty from the parser.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub html_targets: std::collections::BTreeMap<String, LinkTarget>,
}

/// The syntax a front-matter block was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FrontMatterFormat {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// Page metadata read from front matter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrontMatter {
    /// Which syntax it was written in (the markdown writer keeps it).
    pub format: FrontMatterFormat,
    /// The whole block including its fences.
    pub span: Span,
    /// The typed metadata.
    pub meta: PageMeta,
}

/// Typed page metadata. Every field is optional; unknown keys are reported as warnings by the
/// parser and kept in `extra` so that the writer does not lose them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageMeta {
    /// Page title; overrides the first heading and the SUMMARY.md link text.
    pub title: Option<Spanned<String>>,
    /// Exam objective id this page covers, e.g. `351.1`.
    pub objective: Option<Spanned<String>>,
    /// Objective weight (number of exam questions).
    pub weight: Option<Spanned<u32>>,
    /// Objective description.
    pub description: Option<Spanned<String>>,
    /// Key knowledge areas.
    pub knowledge: Vec<Spanned<String>>,
    /// Cited files, terms and utilities.
    pub cited: Vec<Spanned<Cited>>,
    /// Keys this version does not know, as their TOML/YAML text, in source order.
    pub extra: Vec<(String, Spanned<String>)>,
}

/// The kind of an object cited by an exam objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CitedKind {
    /// A file or directory path.
    File,
    /// A concept.
    Term,
    /// A command.
    Utility,
}

/// An object (file, term, utility) cited by an exam objective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cited {
    /// The text as the objectives list it, e.g. `virsh` or `/etc/xen/`.
    pub name: String,
    /// The kind when the author stated it; `None` lets the exam model infer it.
    pub kind: Option<CitedKind>,
}

/// A block-level node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Where it was written.
    pub span: Span,
}

/// The kinds of block-level nodes. Kinds with more than one field are boxed, so that a block
/// is 48 bytes whatever it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// An ATX or setext heading.
    Heading(Box<Heading>),
    /// `---`, `***` or `___`.
    ThematicBreak,
    /// A plain `>` blockquote (GitHub alerts become [`BlockKind::Admonition`]).
    BlockQuote(Vec<Block>),
    /// A bullet or ordered list.
    List(Box<List>),
    /// A fenced or indented code block that is not a diagram.
    CodeBlock(Box<CodeBlock>),
    /// A fenced block whose language is a diagram language (`mermaid`).
    Diagram(Box<Diagram>),
    /// A raw HTML block, kept as written.
    Html(Box<HtmlBlock>),
    /// A GFM table.
    Table(Box<Table>),
    /// A footnote definition `[^label]: …`.
    FootnoteDefinition(Box<FootnoteDefinition>),
    /// A definition list (`term` / `: definition`).
    DefinitionList(Vec<DefinitionItem>),
    /// A callout in any of the four dialects.
    Admonition(Box<Admonition>),
    /// `<details><summary>…</summary> … </details>` with a markdown body.
    Details(Box<Details>),
    /// `{{#include …}}` on a line of its own; `exambook-core` replaces it with the included
    /// blocks.
    Include(Box<IncludeDirective>),
    /// `::: question` … `:::`: a practice question (see `docs/authoring.md`).
    Question(Box<Question>),
    /// GitBook's `{% tabs %}` … `{% endtabs %}`, each `{% tab title="…" %}` … `{% endtab %}`.
    Tabs(Box<Tabs>),
    /// A link card: GitBook's `{% embed url="…" %}` or `{% content-ref url="…" %}` …
    /// `{% endcontent-ref %}`.
    Card(Box<Card>),
    /// `<figure><img src alt><figcaption>…</figcaption></figure>` (GitBook's images).
    Figure(Box<Figure>),
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The id: explicit (`{#id}`) after parsing, generated by the resolver otherwise.
    pub id: Option<String>,
    /// Whether `id` was written by the author (`{#id}`), as opposed to generated.
    pub explicit_id: bool,
    /// Classes from `{.class}`.
    pub classes: Vec<String>,
    /// Other `{key=value}` attributes, in source order.
    pub attrs: Vec<(String, Option<String>)>,
    /// The heading text.
    pub content: Vec<Inline>,
}

/// A list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    /// `Some(start)` for an ordered list.
    pub start: Option<u64>,
    /// Tight lists render items without `<p>`.
    pub tight: bool,
    /// The bullet or delimiter character used (`-`, `*`, `+`, `.`, `)`), so the writer can keep
    /// adjacent lists apart.
    pub marker: char,
    /// The items.
    pub items: Vec<ListItem>,
}

/// A list item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// `Some(checked)` for a GFM task list item.
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
    /// Where the item was written.
    pub span: Span,
}

/// A code block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeBlock {
    /// `false` for an indented code block.
    pub fenced: bool,
    /// The language (first word of the info string), if any.
    pub lang: Option<String>,
    /// The rest of the info string parsed as attributes: `title="x"`, `linenos`, `hl_lines="2 4-5"`,
    /// `{.class #id}` forms; in source order.
    pub attrs: Vec<(String, Option<String>)>,
    /// The info string as written (the writer emits it unchanged).
    pub info: String,
    /// The code, with a final newline when non-empty.
    pub text: String,
}

/// A diagram, rendered at build time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagram {
    /// The diagram language, e.g. `mermaid`.
    pub lang: String,
    /// The diagram source.
    pub source: String,
    /// The info string as written.
    pub info: String,
}

/// Raw HTML.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HtmlBlock {
    /// The HTML as written.
    pub raw: String,
    /// Ids of `<a name="x">` / `<a id="x">` anchors found in it.
    pub anchors: Vec<String>,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Alignment {
    /// No alignment given.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// A GFM table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// One per column.
    pub alignments: Vec<Alignment>,
    /// The header row.
    pub head: Vec<TableCell>,
    /// The body rows.
    pub rows: Vec<Vec<TableCell>>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    /// The content.
    pub content: Vec<Inline>,
    /// Where the cell was written.
    pub span: Span,
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FootnoteDefinition {
    /// The label, without `^`.
    pub label: String,
    /// The content.
    pub blocks: Vec<Block>,
}

/// One term of a definition list with its definitions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionItem {
    /// The term.
    pub term: Vec<Inline>,
    /// Each `: definition`.
    pub definitions: Vec<Vec<Block>>,
    /// Where the item was written.
    pub span: Span,
}

/// The markdown dialect an admonition is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Dialect {
    /// `> [!NOTE]`
    GitHub,
    /// `!!! note "Title"`, `??? note`, `???+ note`
    MkDocs,
    /// `:::note[Title]` … `:::`
    Docusaurus,
    /// `{% hint style="info" %}` … `{% endhint %}`
    GitBook,
}

/// The normalised kinds of admonition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum AdmonitionKind {
    /// Neutral information (also `info`).
    Note,
    /// Helpful advice (also `success`, `hint`).
    Tip,
    /// Key information.
    Important,
    /// Urgent information needing attention.
    Warning,
    /// Risk of negative outcomes (also `danger`).
    Caution,
    /// What the exam likes to ask.
    Exam,
    /// A hands-on lab.
    Lab,
}

impl AdmonitionKind {
    /// Every kind, in display order.
    pub const ALL: [AdmonitionKind; 7] = [
        AdmonitionKind::Note,
        AdmonitionKind::Tip,
        AdmonitionKind::Important,
        AdmonitionKind::Warning,
        AdmonitionKind::Caution,
        AdmonitionKind::Exam,
        AdmonitionKind::Lab,
    ];

    /// The lowercase name used in CSS classes and in every dialect but GitHub's.
    pub fn name(self) -> &'static str {
        match self {
            AdmonitionKind::Note => "note",
            AdmonitionKind::Tip => "tip",
            AdmonitionKind::Important => "important",
            AdmonitionKind::Warning => "warning",
            AdmonitionKind::Caution => "caution",
            AdmonitionKind::Exam => "exam",
            AdmonitionKind::Lab => "lab",
        }
    }
}

/// A callout box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Admonition {
    /// The normalised kind.
    pub kind: AdmonitionKind,
    /// The kind as written (e.g. `info`, `danger`), so unknown kinds can be reported and the
    /// writer can keep the author's word when the dialect does not change.
    pub written_kind: String,
    /// An explicit title; `None` means the kind's default title.
    pub title: Option<Vec<Inline>>,
    /// Rendered as a `<details>` that the reader can fold.
    pub collapsible: bool,
    /// For a collapsible one: initially open.
    pub open: bool,
    /// The dialect it was written in.
    pub dialect: Dialect,
    /// The body, full markdown.
    pub body: Vec<Block>,
}

/// `<details>` with a markdown body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Details {
    /// The `<summary>` content.
    pub summary: Vec<Inline>,
    /// Whether `<details open>` was written.
    pub open: bool,
    /// The body.
    pub body: Vec<Block>,
}

/// GitBook tabs: one panel shown at a time, every panel readable without script and in print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tabs {
    /// The tabs, in order.
    pub tabs: Vec<Tab>,
}

/// One tab of [`Tabs`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tab {
    /// Its `title="…"`, read as inline markdown (empty when none was written).
    pub title: Vec<Inline>,
    /// Its content.
    pub body: Vec<Block>,
    /// Where the tab was written.
    pub span: Span,
}

/// What a [`Card`] was written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CardKind {
    /// `{% embed url="https://…" %}`: an outside page, shown as its address (never fetched).
    Embed,
    /// `{% content-ref url="page.md" %}` … `{% endcontent-ref %}`: a page of the book; its
    /// body holds the link, checked and rewritten like any link.
    ContentRef,
}

/// A link card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    /// What it was written as.
    pub kind: CardKind,
    /// The `url="…"` as written.
    pub url: String,
    /// The content between the markers (a content-ref's link); empty for an embed.
    pub body: Vec<Block>,
}

/// An image with a caption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The image: one [`InlineKind::Image`] (checked and rewritten like any image).
    pub image: Vec<Inline>,
    /// The `<figcaption>` text (empty when there is none).
    pub caption: Vec<Inline>,
}

/// A practice question: a choice question (options) or a fill-in question (answers).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// `{#id}`: a stable id, unique in the book.
    pub id: Option<Spanned<String>>,
    /// `{objective=351.3}`; `None` means the objective of the page it is on.
    pub objective: Option<Spanned<String>>,
    /// `{multiple}`: answered with checkboxes even when one option is correct.
    pub multiple: bool,
    /// Number of colons of the fence (3 or more), so the writer keeps a longer fence.
    pub fence: usize,
    /// The question text: every block before the options, answers or explanation.
    pub text: Vec<Block>,
    /// The options of a choice question, from one GFM task list; empty for a fill-in question.
    pub options: Vec<QuestionOption>,
    /// The accepted answers of a fill-in question (`Answer: …` lines).
    pub answers: Vec<Answer>,
    /// The explanation: the paragraph after `Explanation:` and every block after it.
    pub explanation: Vec<Block>,
}

impl Question {
    /// Whether it is answered by choosing options (as opposed to typing an answer).
    pub fn is_choice(&self) -> bool {
        !self.options.is_empty()
    }

    /// Whether the reader may choose more than one option: `{multiple}` or more than one
    /// correct option.
    pub fn is_multiple(&self) -> bool {
        self.multiple || self.options.iter().filter(|o| o.correct).count() > 1
    }
}

/// One option of a choice question: `- [ ] text` or `- [x] text`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionOption {
    /// `[x]`.
    pub correct: bool,
    /// The option text (inline markdown).
    pub content: Vec<Inline>,
    /// Where the list item was written.
    pub span: Span,
}

/// How a fill-in answer is compared with what the reader typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerMatch {
    /// `Answer:`: equal once surrounding whitespace is trimmed and inner runs are one space.
    Exact,
    /// `Answer (any case):`: the same, ignoring letter case.
    AnyCase,
    /// `Answer (pattern):`: a regular expression matching the whole answer.
    Pattern,
}

impl AnswerMatch {
    /// The label as written between `Answer` and `:`, with its leading space.
    pub fn label(self) -> &'static str {
        match self {
            AnswerMatch::Exact => "",
            AnswerMatch::AnyCase => " (any case)",
            AnswerMatch::Pattern => " (pattern)",
        }
    }
}

/// An accepted answer of a fill-in question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// How it is compared.
    pub how: AnswerMatch,
    /// The text (or pattern) between the backticks.
    pub text: String,
    /// Where the code span holding it was written.
    pub span: Span,
}

/// Which part of a file an include takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum IncludeSelector {
    /// The whole file.
    All,
    /// Lines `start..=end` (1-based; either may be open), from `path:10:20`, `path:10:`, `path::20`,
    /// `path:10` (that one line).
    Lines {
        /// First line (1-based), `None` = from the start.
        start: Option<usize>,
        /// Last line (inclusive), `None` = to the end.
        end: Option<usize>,
    },
    /// The text between `ANCHOR: name` and `ANCHOR_END: name` markers.
    Anchor(String),
}

/// An `{{#include path…}}` directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncludeDirective {
    /// The path as written, relative to the including file.
    pub path: String,
    /// Which part of the file.
    pub selector: IncludeSelector,
}

/// An inline node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inline {
    /// What it is.
    pub kind: InlineKind,
    /// Where it was written.
    pub span: Span,
}

/// The kind of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LinkKind {
    /// `[text](dest)` or a resolved reference link.
    Inline,
    /// `<https://…>`
    Autolink,
    /// `<me@example.com>`
    Email,
    /// A bare URL found by the GFM autolink extension.
    Bare,
}

/// The kinds of inline nodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum InlineKind {
    /// Plain text.
    Text(String),
    /// `` `code` ``
    Code(String),
    /// `*em*`
    Emphasis(Vec<Inline>),
    /// `**strong**`
    Strong(Vec<Inline>),
    /// `~~del~~`
    Strikethrough(Vec<Inline>),
    /// A link (boxed, like the other large kinds: text nodes are most of a tree and stay
    /// small).
    Link(Box<Link>),
    /// An image.
    Image(Box<Image>),
    /// `[^label]`
    FootnoteReference(String),
    /// A soft line break.
    SoftBreak,
    /// A hard line break.
    HardBreak,
    /// Inline raw HTML, kept as written.
    Html(String),
    /// `<a name="x"></a>` or `<a id="x"></a>`: an anchor target, with its HTML as written.
    Anchor(Box<Anchor>),
}

/// A link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// Which syntax.
    pub kind: LinkKind,
    /// Destination URL as written (after entity/escape processing).
    pub dest: String,
    /// Title, possibly empty.
    pub title: String,
    /// Link text.
    pub content: Vec<Inline>,
    /// Where it points inside the book, once the book is resolved; `None` from the parser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<LinkTarget>,
}

/// An image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    /// Source URL.
    pub dest: String,
    /// Title, possibly empty.
    pub title: String,
    /// Alt text as inlines.
    pub alt: Vec<Inline>,
    /// The file it shows, once the book is resolved; `None` from the parser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<LinkTarget>,
}

/// Where an internal link or image of a resolved book points, independent of any output
/// format: each renderer maps it to its own paths (`.html` pages, `.md` files, in-document
/// anchors). [`Link::dest`] and [`Image::dest`] stay as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum LinkTarget {
    /// A page of the book (an index into the book's pages), and optionally an id on it.
    Page {
        /// The page.
        page: usize,
        /// A heading id or anchor on that page.
        anchor: Option<String>,
    },
    /// A file of the source folder published as it is (`/`-separated path relative to the
    /// source folder).
    Asset {
        /// The file.
        path: String,
    },
}

/// An anchor target written as raw HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// The id.
    pub id: String,
    /// The HTML as written.
    pub raw: String,
}

/// The text content of inlines: text, code and link/image text, breaks as spaces, HTML dropped.
/// For titles, slugs and search.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(&mut out, inlines);
    out
}

fn push_plain_text(out: &mut String, inlines: &[Inline]) {
    for i in inlines {
        match &i.kind {
            InlineKind::Text(t) | InlineKind::Code(t) => out.push_str(t),
            InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
                push_plain_text(out, c);
            }
            InlineKind::Link(l) => push_plain_text(out, &l.content),
            InlineKind::Image(i) => push_plain_text(out, &i.alt),
            InlineKind::SoftBreak | InlineKind::HardBreak => out.push(' '),
            InlineKind::FootnoteReference(_) | InlineKind::Html(_) | InlineKind::Anchor(_) => {}
        }
    }
}

impl Document {
    /// Sets every span in the tree (front matter included) to the default, so that trees can be
    /// compared by structure alone (e.g. parse → write → parse).
    pub fn strip_spans(&mut self) {
        if let Some(fm) = &mut self.front_matter {
            fm.span = Span::default();
            let m = &mut fm.meta;
            for s in [&mut m.title, &mut m.objective, &mut m.description]
                .into_iter()
                .flatten()
            {
                s.span = Span::default();
            }
            if let Some(w) = &mut m.weight {
                w.span = Span::default();
            }
            m.knowledge
                .iter_mut()
                .for_each(|k| k.span = Span::default());
            m.cited.iter_mut().for_each(|c| c.span = Span::default());
            m.extra
                .iter_mut()
                .for_each(|(_, v)| v.span = Span::default());
        }
        strip_blocks(&mut self.blocks);
    }
}

/// Zeroes the spans of blocks and everything in them.
pub fn strip_blocks(blocks: &mut [Block]) {
    crate::walk::blocks_mut(blocks, &mut |b| {
        b.span = Span::default();
        // The spans the walk does not reach: those of list items, cells and definition items.
        match &mut b.kind {
            BlockKind::List(l) => l.items.iter_mut().for_each(|i| i.span = Span::default()),
            BlockKind::Table(t) => t
                .head
                .iter_mut()
                .chain(t.rows.iter_mut().flatten())
                .for_each(|c| c.span = Span::default()),
            BlockKind::DefinitionList(items) => {
                items.iter_mut().for_each(|i| i.span = Span::default());
            }
            BlockKind::Paragraph(_)
            | BlockKind::Heading(_)
            | BlockKind::ThematicBreak
            | BlockKind::BlockQuote(_)
            | BlockKind::CodeBlock(_)
            | BlockKind::Diagram(_)
            | BlockKind::Html(_)
            | BlockKind::FootnoteDefinition(_)
            | BlockKind::Admonition(_)
            | BlockKind::Details(_)
            | BlockKind::Card(_)
            | BlockKind::Figure(_)
            | BlockKind::Include(_) => {}
            BlockKind::Tabs(t) => t.tabs.iter_mut().for_each(|t| t.span = Span::default()),
            BlockKind::Question(q) => {
                for s in [&mut q.id, &mut q.objective].into_iter().flatten() {
                    s.span = Span::default();
                }
                q.options.iter_mut().for_each(|o| o.span = Span::default());
                q.answers.iter_mut().for_each(|a| a.span = Span::default());
            }
        }
    });
    crate::walk::inlines_mut(blocks, &mut |i| i.span = Span::default());
}

/// Zeroes the spans of inlines and everything in them.
pub fn strip_inlines(inlines: &mut [Inline]) {
    crate::walk::inline_tree_mut(inlines, &mut |i| i.span = Span::default());
}

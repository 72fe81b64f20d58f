//! The markdown writer: [`Document`] → markdown in one canonical style.
//!
//! The contract is the round trip: parse → write → parse gives the same tree (spans aside), and
//! write → parse → write gives the same text. The GitBook export, `import` and the translation
//! pass all go through here.
//!
//! Canonical style: ATX headings (setext only when the heading has line breaks), `*`/`**`
//! emphasis (`_` where a `*` would touch another delimiter), `-`/`*`/`+` bullets as parsed,
//! ordered items numbered from their start, fenced code with backticks (tildes when the info
//! string has a backtick), `___` for thematic breaks (never mistaken for a list item or front
//! matter), inline links (reference definitions are resolved by the parser), one blank line
//! between blocks and none inside tight lists.
//!
//! Escaping is by position: characters that are markdown syntax anywhere (`\`, `` ` ``, `*`,
//! `[`, `]`, `<`, `~`, entity-like `&`, `_` at a word boundary, `!` before `[`) are always
//! backslash-escaped; characters that are block syntax at the start of a line are escaped there
//! when what follows makes them syntax (`# `, `>`, `- `, `--`, `: `, `:::`, `!!!`, `???`, `{%`,
//! `{{`, `1. `); `|` in table cells, `{` and a final `#` in headings and admonition titles.
//! Whitespace the parser would strip is written as character references (`&#32;`). Text that
//! would become a bare autolink gets one escaped character (`www\.`).
//!
//! Two blocks that would merge when written one after the other (two lists with the same marker,
//! an indented code block after a list, …) are kept apart by an empty link reference definition
//! line `[//]: #`, which produces no node.
//!
//! Admonition dialects ([`WriteOptions::dialect`]): `None` writes each admonition as it was
//! written. A target dialect that cannot hold everything falls back to what renders well *in
//! that dialect's own renderer*:
//! - GitHub alerts hold only note/tip/important/warning/caution, no title, no folding: `exam`
//!   becomes `[!IMPORTANT]` and `lab` `[!NOTE]`; an explicit title (or the default title of a
//!   kind GitHub does not have) becomes a first `**Title**` paragraph;
//! - GitBook hints hold info/success/warning/danger, no title: same title rule;
//! - GitHub, Docusaurus and GitBook cannot fold: a collapsible admonition is wrapped in
//!   `<details><summary>Title</summary>` (which all three render), with the box inside;
//! - MkDocs and Docusaurus hold every kind and titles.

use crate::ast::{
    Admonition, AdmonitionKind, Alignment, Block, BlockKind, Card, CardKind, Cited, CitedKind,
    CodeBlock, DefinitionItem, Details, Dialect, Document, Figure, FrontMatter, FrontMatterFormat,
    Heading, Inline, InlineKind, LinkKind, List, PageMeta, Question, Table, Tabs,
};
use crate::html::default_title;
use crate::parser::normalise_kind;
use crate::walk;

/// Options for [`write()`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// `None` keeps each admonition's own dialect; `Some(d)` writes every admonition in `d`
    /// (see the module docs for what happens when `d` cannot express an admonition).
    pub dialect: Option<Dialect>,
}

/// Writes `doc` as markdown.
pub fn write(doc: &Document, opts: &WriteOptions) -> String {
    let mut out = String::new();
    if let Some(fm) = &doc.front_matter {
        front_matter(&mut out, fm);
    }
    let w = Writer { opts: *opts };
    let body = w.blocks(&doc.blocks, Flow::Free);
    if !body.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        // A byte order mark opening the file would be read as one, not as text.
        match body.strip_prefix('\u{feff}') {
            Some(rest) if out.is_empty() => {
                out.push_str("&#xFEFF;");
                out.push_str(rest);
            }
            _ => out.push_str(&body),
        }
        out.push('\n');
    }
    out
}

/// Writes blocks (no front matter) as markdown.
pub fn write_blocks(blocks: &[Block], opts: &WriteOptions) -> String {
    let w = Writer { opts: *opts };
    let mut s = w.blocks(blocks, Flow::Free);
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

/// Writes inlines as canonical inline markdown, as if they started a paragraph (what the
/// segmenter gives translators).
pub fn inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    InlineWriter::new(Ctx::Paragraph).write(&mut out, inlines);
    out
}

/// Where inline markdown goes: decides what must be escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Paragraph,
    /// Heading or admonition title: `{` and a final `#` are syntax.
    Heading,
    /// Table cell: `|` is syntax.
    Cell,
}

struct Writer {
    opts: WriteOptions,
}

/// How blocks in a sequence are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// Blank lines between blocks; admonition markers hug their body.
    Free,
    /// In a tight list item: no blank lines at all.
    Tight,
    /// In a loose list item: blank lines everywhere, also around admonition bodies.
    Loose,
}

/// Prefixes every line of `s`: `first` for the first, `rest` for the others; empty lines get
/// `rest` without trailing whitespace.
fn prefix_lines(s: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let blank_rest = rest.trim_end();
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let p = if i == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(if i == 0 { first.trim_end() } else { blank_rest });
        } else {
            out.push_str(p);
            out.push_str(line);
        }
    }
    out
}

/// The dialect an admonition is written in.
fn effective(a: &Admonition, opts: &WriteOptions) -> Dialect {
    opts.dialect.unwrap_or(a.dialect)
}

impl Writer {
    fn blocks(&self, blocks: &[Block], flow: Flow) -> String {
        let mut out = String::new();
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 {
                let prev = &blocks[i - 1];
                if self.needs_separator(prev, b) {
                    out.push_str(if flow == Flow::Tight {
                        "\n[//]: #\n"
                    } else {
                        "\n\n[//]: #\n\n"
                    });
                } else {
                    out.push_str(if flow == Flow::Tight { "\n" } else { "\n\n" });
                }
            }
            out.push_str(&self.block(b, flow));
        }
        out
    }

    /// Whether `next` written after `prev` would be read as part of it.
    fn needs_separator(&self, prev: &Block, next: &Block) -> bool {
        // An indented code block continues a block that takes indented continuation lines.
        let indented_code = matches!(&next.kind, BlockKind::CodeBlock(c) if !c.fenced);
        match &prev.kind {
            // Adjacent lists of the same kind and marker merge.
            BlockKind::List(a) => {
                indented_code
                    || matches!(&next.kind, BlockKind::List(b)
                        if a.start.is_some() == b.start.is_some() && a.marker == b.marker)
            }
            // Adjacent definition lists merge.
            BlockKind::DefinitionList(_) => {
                indented_code || matches!(&next.kind, BlockKind::DefinitionList(_))
            }
            BlockKind::FootnoteDefinition(_) => indented_code,
            BlockKind::CodeBlock(c) => indented_code && !c.fenced,
            BlockKind::Admonition(a) => {
                indented_code && effective(a, &self.opts) == Dialect::MkDocs
            }
            BlockKind::Paragraph(_)
            | BlockKind::Heading(_)
            | BlockKind::ThematicBreak
            | BlockKind::BlockQuote(_)
            | BlockKind::Diagram(_)
            | BlockKind::Html(_)
            | BlockKind::Table(_)
            | BlockKind::Details(_)
            | BlockKind::Include(_)
            | BlockKind::Question(_)
            | BlockKind::Tabs(_)
            | BlockKind::Card(_)
            | BlockKind::Figure(_) => false,
        }
    }

    fn block(&self, block: &Block, flow: Flow) -> String {
        match &block.kind {
            BlockKind::Paragraph(content) => paragraph(content),
            BlockKind::Heading(h) => heading(h),
            BlockKind::ThematicBreak => "___".to_owned(),
            BlockKind::BlockQuote(children) => {
                let inner = self.blocks(children, Flow::Free);
                if inner.is_empty() {
                    ">".to_owned()
                } else {
                    prefix_lines(&inner, "> ", "> ")
                }
            }
            BlockKind::List(list) => self.list(list),
            BlockKind::CodeBlock(c) => code_block(c),
            BlockKind::Diagram(d) => fenced(&d.info, &d.source),
            BlockKind::Html(h) => h.raw.trim_end_matches('\n').to_owned(),
            BlockKind::Table(t) => table(t),
            BlockKind::FootnoteDefinition(f) => {
                let label = format!("[^{}]:", f.label);
                let inner = self.blocks(&f.blocks, Flow::Free);
                if inner.is_empty() {
                    label
                } else if matches!(
                    f.blocks.first(),
                    Some(Block {
                        kind: BlockKind::Paragraph(_),
                        ..
                    })
                ) {
                    prefix_lines(&inner, &format!("{label} "), "    ")
                } else {
                    format!("{label}\n{}", prefix_lines(&inner, "    ", "    "))
                }
            }
            BlockKind::DefinitionList(items) => self.definition_list(items),
            BlockKind::Admonition(a) => self.admonition(a, flow),
            BlockKind::Details(d) => self.details(d),
            BlockKind::Include(d) => crate::include::to_text(d),
            BlockKind::Question(q) => self.question(q),
            BlockKind::Tabs(t) => self.tabs(t, flow),
            BlockKind::Card(c) => self.card(c, flow),
            BlockKind::Figure(f) => figure(f),
        }
    }

    /// `{% tabs %}`, each tab as `{% tab title="…" %}` … `{% endtab %}`, `{% endtabs %}`.
    fn tabs(&self, t: &Tabs, flow: Flow) -> String {
        let sep = if flow == Flow::Loose { "\n\n" } else { "\n" };
        let mut out = String::from("{% tabs %}");
        for tab in &t.tabs {
            out.push_str(sep);
            out.push_str("{% tab");
            if !tab.title.is_empty() {
                let mut title = String::new();
                InlineWriter::new(Ctx::Heading).write(&mut title, &tab.title);
                out.push_str(" title=\"");
                out.push_str(&tag_quoted(&title));
                out.push('"');
            }
            out.push_str(" %}");
            self.boxed_body(&mut out, &tab.body, flow, "{% endtab %}");
            if swallows_rest(&tab.body) {
                // Raw HTML that only its end tag ends took the rest of the page.
                return out;
            }
        }
        out.push_str(sep);
        out.push_str("{% endtabs %}");
        out
    }

    /// `{% embed url="…" %}`, or `{% content-ref url="…" %}` … `{% endcontent-ref %}`.
    fn card(&self, c: &Card, flow: Flow) -> String {
        let q = if c.url.contains('"') { '\'' } else { '"' };
        match c.kind {
            CardKind::Embed => format!("{{% embed url={q}{}{q} %}}", c.url),
            CardKind::ContentRef => {
                let mut out = format!("{{% content-ref url={q}{}{q} %}}", c.url);
                self.boxed_body(&mut out, &c.body, flow, "{% endcontent-ref %}");
                out
            }
        }
    }

    /// `::: question {attrs}`, the text, the options or answers, the explanation, `:::`.
    fn question(&self, q: &Question) -> String {
        let fence = ":".repeat(q.fence.max(3));
        let mut out = format!("{fence} question");
        let mut attrs = Vec::new();
        if let Some(id) = &q.id {
            attrs.push(format!("#{}", id.value));
        }
        if let Some(o) = &q.objective {
            if o.value
                .contains(|c: char| c.is_whitespace() || c == '}' || c == '"')
            {
                attrs.push(format!("objective='{}'", o.value));
            } else {
                attrs.push(format!("objective={}", o.value));
            }
        }
        if q.multiple {
            attrs.push("multiple".to_owned());
        }
        if !attrs.is_empty() {
            out.push_str(" {");
            out.push_str(&attrs.join(" "));
            out.push('}');
        }
        let mut parts = Vec::new();
        let text = self.blocks(&q.text, Flow::Free);
        if !text.is_empty() {
            parts.push(text);
        }
        if !q.options.is_empty() {
            let mut list = String::new();
            // A bullet list ending the text would take the options in.
            if matches!(q.text.last(), Some(Block { kind: BlockKind::List(l), .. }) if l.start.is_none() && l.marker == '-')
            {
                list.push_str("[//]: #\n\n");
            }
            for (i, o) in q.options.iter().enumerate() {
                if i > 0 {
                    list.push('\n');
                }
                let mark = if o.correct { "- [x] " } else { "- [ ] " };
                let content = paragraph(&o.content);
                if content.is_empty() {
                    list.push_str(mark.trim_end());
                } else {
                    list.push_str(&prefix_lines(&content, mark, "  "));
                }
            }
            parts.push(list);
        }
        if !q.answers.is_empty() {
            let mut lines = String::new();
            for (i, a) in q.answers.iter().enumerate() {
                if i > 0 {
                    lines.push('\n');
                }
                lines.push_str("Answer");
                lines.push_str(a.how.label());
                lines.push_str(": ");
                code_span(&mut lines, &a.text, false);
            }
            parts.push(lines);
        }
        match q.explanation.split_first() {
            Some((
                Block {
                    kind: BlockKind::Paragraph(first),
                    ..
                },
                rest,
            )) => {
                let mut e = format!("Explanation: {}", paragraph(first));
                let rest = self.blocks(rest, Flow::Free);
                if !rest.is_empty() {
                    e.push_str("\n\n");
                    e.push_str(&rest);
                }
                parts.push(e);
            }
            Some(_) => {
                parts.push(format!(
                    "Explanation:\n\n{}",
                    self.blocks(&q.explanation, Flow::Free)
                ));
            }
            None => {}
        }
        for (i, p) in parts.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { "\n\n" });
            out.push_str(p);
        }
        // HTML blocks run until a blank line.
        let last = q
            .explanation
            .last()
            .or(if q.options.is_empty() && q.answers.is_empty() {
                q.text.last()
            } else {
                None
            });
        if matches!(
            last,
            Some(Block {
                kind: BlockKind::Html(_) | BlockKind::Figure(_),
                ..
            })
        ) {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&fence);
        out
    }

    fn list(&self, list: &List) -> String {
        let mut out = String::new();
        let mut number = list.start.unwrap_or(1);
        // Blank lines between items or blocks already make the list loose.
        let loose_anyway = list.items.len() > 1 || list.items.iter().any(|i| i.blocks.len() > 1);
        // A block after a definition list needs a blank line (without one it continues the
        // last definition), which makes the list loose: write it loose (found by the `parse`
        // fuzz target: the block moved into the definition, one level deeper each round).
        let tight = list.tight
            && !list.items.iter().any(|i| {
                i.blocks
                    .iter()
                    .rev()
                    .skip(1)
                    .any(|b| matches!(b.kind, BlockKind::DefinitionList(_)))
            });
        for (i, item) in list.items.iter().enumerate() {
            if i > 0 {
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            let marker = match list.start {
                None => list.marker.to_string(),
                Some(_) => format!("{number}{}", list.marker),
            };
            if number < 999_999_999 {
                number += 1;
            }
            let flow = if tight {
                Flow::Tight
            } else if loose_anyway {
                Flow::Free
            } else {
                Flow::Loose
            };
            let mut inner = self.blocks(&item.blocks, flow);
            if let Some(checked) = item.task {
                let mark = if checked { "[x]" } else { "[ ]" };
                let starts_with_text = matches!(
                    item.blocks.first().map(|b| &b.kind),
                    Some(BlockKind::Paragraph(_))
                );
                inner = if inner.is_empty() {
                    mark.to_owned()
                } else if starts_with_text {
                    format!("{mark} {inner}")
                } else {
                    // `- [ ] * x` would be text: other blocks start on the next line.
                    format!("{mark}\n{inner}")
                };
            }
            if inner.is_empty() {
                out.push_str(&marker);
            } else {
                let indent = " ".repeat(marker.len() + 1);
                out.push_str(&prefix_lines(&inner, &format!("{marker} "), &indent));
            }
        }
        out
    }

    fn definition_list(&self, items: &[DefinitionItem]) -> String {
        // Tight when every definition is one paragraph (or empty): no blank lines at all.
        let simple = items.iter().flat_map(|i| i.definitions.iter()).all(|d| {
            matches!(
                d.as_slice(),
                [] | [Block {
                    kind: BlockKind::Paragraph(_),
                    ..
                }]
            )
        });
        let sep = if simple { "\n" } else { "\n\n" };
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                // A term right after a definition paragraph would continue it; after an empty
                // definition a blank line would end the list.
                let prev_empty = items[i - 1].definitions.last().is_none_or(Vec::is_empty);
                out.push_str(if prev_empty && simple { "\n" } else { "\n\n" });
            }
            let mut term = String::new();
            InlineWriter::new(Ctx::Paragraph).write(&mut term, &item.term);
            out.push_str(&term);
            for def in &item.definitions {
                let inner = self.blocks(def, Flow::Free);
                out.push_str(sep);
                if inner.is_empty() {
                    out.push(':');
                } else {
                    out.push_str(&prefix_lines(&inner, ": ", "  "));
                }
            }
        }
        out
    }

    fn details(&self, d: &Details) -> String {
        let mut out = String::from(if d.open {
            "<details open>\n"
        } else {
            "<details>\n"
        });
        if !d.summary.is_empty() {
            out.push_str("<summary>");
            InlineWriter::new(Ctx::Paragraph).write(&mut out, &d.summary);
            out.push_str("</summary>\n");
        }
        let body = self.blocks(&d.body, Flow::Free);
        if !body.is_empty() {
            out.push('\n');
            out.push_str(&body);
            out.push('\n');
        }
        out.push_str("\n</details>");
        out
    }

    fn admonition(&self, a: &Admonition, flow: Flow) -> String {
        let dialect = effective(a, &self.opts);
        let converting = dialect != a.dialect;
        if a.collapsible && dialect != Dialect::MkDocs {
            // Only MkDocs folds: wrap the box in <details>.
            let summary = a
                .title
                .clone()
                .unwrap_or_else(|| text_inlines(default_title(a.kind)));
            let inner = Admonition {
                title: None,
                collapsible: false,
                open: false,
                body: a.body.clone(),
                ..a.clone()
            };
            let block = Block {
                kind: BlockKind::Admonition(Box::new(inner)),
                span: Default::default(),
            };
            let d = Details {
                summary,
                open: a.open,
                body: vec![block],
            };
            return self.details(&d);
        }
        match dialect {
            Dialect::MkDocs => {
                let word = kind_word(a, dialect, converting);
                let mut out = String::from(match (a.collapsible, a.open) {
                    (false, _) => "!!! ",
                    (true, false) => "??? ",
                    (true, true) => "???+ ",
                });
                out.push_str(&word);
                if let Some(t) = &a.title {
                    out.push_str(" \"");
                    InlineWriter::new(Ctx::Heading).write(&mut out, t);
                    out.push('"');
                }
                let body = self.blocks(&a.body, flow);
                if !body.is_empty() {
                    out.push_str(if flow == Flow::Loose { "\n\n" } else { "\n" });
                    out.push_str(&prefix_lines(&body, "    ", "    "));
                }
                out
            }
            Dialect::Docusaurus => {
                let fence = ":".repeat(3 + docusaurus_depth(&a.body));
                let word = kind_word(a, dialect, converting);
                let mut out = format!("{fence}{word}");
                if let Some(t) = &a.title
                    && !t.is_empty()
                {
                    out.push('[');
                    InlineWriter::new(Ctx::Heading).write(&mut out, t);
                    out.push(']');
                }
                self.boxed_body(&mut out, &a.body, flow, &fence);
                out
            }
            Dialect::GitBook => {
                let (style, title) = gitbook_style(a, converting);
                let mut out = format!("{{% hint style=\"{style}\" %}}");
                let body = with_title(title, &a.body);
                self.boxed_body(&mut out, &body, flow, "{% endhint %}");
                out
            }
            Dialect::GitHub => {
                let (word, title) = github_kind(a, converting);
                let body = with_title(title, &a.body);
                let inner = self.blocks(&body, Flow::Free);
                let mut out = format!("> [!{word}]");
                if !inner.is_empty() {
                    out.push('\n');
                    // A first block that cannot interrupt a paragraph needs a blank line.
                    if !matches!(
                        body.first(),
                        Some(Block {
                            kind: BlockKind::Paragraph(_),
                            ..
                        })
                    ) {
                        out.push_str(">\n");
                    }
                    out.push_str(&prefix_lines(&inner, "> ", "> "));
                }
                out
            }
        }
    }

    /// Body and closing line of a Docusaurus or GitBook box.
    fn boxed_body(&self, out: &mut String, body: &[Block], flow: Flow, close: &str) {
        let inner = self.blocks(body, flow);
        if !inner.is_empty() {
            // In a loose list item the blank lines are what keeps the list loose.
            out.push_str(if flow == Flow::Loose { "\n\n" } else { "\n" });
            out.push_str(&inner);
            // HTML blocks run until a blank line.
            let html_last = matches!(
                body.last(),
                Some(Block {
                    kind: BlockKind::Html(_) | BlockKind::Figure(_),
                    ..
                })
            );
            if flow == Flow::Loose || html_last {
                out.push('\n');
            }
            // Raw HTML that only its end tag ends (`<script>` with no `</script>`) takes every
            // line after it: the source had no closer either (the box ended with the document).
            if swallows_rest(body) {
                return;
            }
        }
        out.push('\n');
        out.push_str(close);
    }
}

/// A tab title's markdown inside `title="…"`: a quote that the parser would take for the end of
/// the value (one that ends the title or comes before ` name=`) is backslash-escaped, which
/// inline markdown reads back as the quote.
fn tag_quoted(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for (i, c) in markdown.char_indices() {
        if c == '"' {
            let after = &markdown[i + 1..];
            let t = after.trim_start();
            let n = t
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
                .count();
            let ends = after.trim().is_empty()
                || (t.len() < after.len() && n > 0 && t[n..].trim_start().starts_with('='));
            let slashes = markdown[..i]
                .bytes()
                .rev()
                .take_while(|&b| b == b'\\')
                .count();
            if ends && slashes % 2 == 0 {
                out.push('\\');
            }
        }
        out.push(c);
    }
    out
}

/// `<figure><img src="…" alt="…"><figcaption><p>…</p></figcaption></figure>`, as GitBook
/// writes it, on one line.
fn figure(f: &Figure) -> String {
    let mut out = String::from("<figure>");
    for i in &f.image {
        if let InlineKind::Image(image) = &i.kind {
            out.push_str("<img src=\"");
            crate::escape::attr(&mut out, &image.dest);
            out.push_str("\" alt=\"");
            crate::escape::attr(&mut out, &crate::ast::plain_text(&image.alt));
            out.push_str("\">");
        }
    }
    if !f.caption.is_empty() {
        out.push_str("<figcaption><p>");
        crate::escape::text(&mut out, &crate::ast::plain_text(&f.caption));
        out.push_str("</p></figcaption>");
    }
    out.push_str("</figure>");
    out
}

/// The elements that open a CommonMark HTML block ended only by their end tag (kind 1).
const RAW_TEXT_TAGS: [&str; 4] = ["script", "pre", "style", "textarea"];

/// Whether the last of `blocks` (looking into the boxes the lowerer flattens) is raw HTML of a
/// kind that ends only at an end condition it never meets (CommonMark HTML blocks 1 to 5), so
/// that everything written after it would be read as part of it.
fn swallows_rest(blocks: &[Block]) -> bool {
    match blocks.last().map(|b| &b.kind) {
        Some(BlockKind::Html(h)) => {
            let lower = h.raw.trim_start_matches([' ', '\t']).to_ascii_lowercase();
            let Some(rest) = lower.strip_prefix('<') else {
                return false;
            };
            let raw_tag = RAW_TEXT_TAGS.iter().any(|t| {
                rest.strip_prefix(t)
                    .is_some_and(|a| a.is_empty() || a.starts_with([' ', '\t', '\n', '>']))
            });
            if raw_tag {
                !RAW_TEXT_TAGS
                    .iter()
                    .any(|t| lower.contains(&format!("</{t}>")))
            } else if let Some(comment) = rest.strip_prefix("!--") {
                !comment.contains("-->")
            } else if rest.starts_with("![cdata[") {
                !rest.contains("]]>")
            } else if let Some(instruction) = rest.strip_prefix('?') {
                !instruction.contains("?>")
            } else if rest
                .strip_prefix('!')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
            {
                !rest.contains('>')
            } else {
                false
            }
        }
        Some(BlockKind::Admonition(a))
            if matches!(a.dialect, Dialect::Docusaurus | Dialect::GitBook) =>
        {
            swallows_rest(&a.body)
        }
        Some(BlockKind::Card(c)) => swallows_rest(&c.body),
        Some(BlockKind::Tabs(t)) => t.tabs.last().is_some_and(|t| swallows_rest(&t.body)),
        _ => false,
    }
}

/// Longest chain of nested admonitions in `blocks` (for Docusaurus fence lengths).
fn docusaurus_depth(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| {
            let inner = walk::child_blocks(&b.kind)
                .map(docusaurus_depth)
                .max()
                .unwrap_or(0);
            usize::from(matches!(
                b.kind,
                BlockKind::Admonition(_) | BlockKind::Question(_)
            )) + inner
        })
        .max()
        .unwrap_or(0)
}

/// The kind word for MkDocs and Docusaurus.
fn kind_word(a: &Admonition, dialect: Dialect, converting: bool) -> String {
    if !converting {
        return a.written_kind.clone();
    }
    let lower = a.written_kind.to_ascii_lowercase();
    let (k, known) = normalise_kind(&lower);
    let docusaurus_ok = matches!(
        lower.as_str(),
        "note" | "tip" | "info" | "warning" | "danger" | "caution"
    );
    if known && k == a.kind && (dialect == Dialect::MkDocs || docusaurus_ok) {
        lower
    } else {
        a.kind.name().to_owned()
    }
}

/// GitHub alert word and the title to put first in the body, if any.
fn github_kind(a: &Admonition, converting: bool) -> (String, Option<Vec<Inline>>) {
    if !converting {
        return (a.written_kind.clone(), a.title.clone());
    }
    let (word, default_needed) = match a.kind {
        AdmonitionKind::Note => ("NOTE", false),
        AdmonitionKind::Tip => ("TIP", false),
        AdmonitionKind::Important => ("IMPORTANT", false),
        AdmonitionKind::Warning => ("WARNING", false),
        AdmonitionKind::Caution => ("CAUTION", false),
        AdmonitionKind::Exam => ("IMPORTANT", true),
        AdmonitionKind::Lab => ("NOTE", true),
    };
    let title = a
        .title
        .clone()
        .or_else(|| default_needed.then(|| text_inlines(default_title(a.kind))));
    (word.to_owned(), title)
}

/// GitBook style and the title to put first in the body, if any.
fn gitbook_style(a: &Admonition, converting: bool) -> (String, Option<Vec<Inline>>) {
    if !converting {
        return (a.written_kind.clone(), a.title.clone());
    }
    let (style, default_needed) = match a.kind {
        AdmonitionKind::Note => ("info", false),
        AdmonitionKind::Tip => ("success", false),
        AdmonitionKind::Important => ("info", true),
        AdmonitionKind::Warning => ("warning", false),
        AdmonitionKind::Caution => ("danger", false),
        AdmonitionKind::Exam => ("info", true),
        AdmonitionKind::Lab => ("success", true),
    };
    let title = a
        .title
        .clone()
        .or_else(|| default_needed.then(|| text_inlines(default_title(a.kind))));
    (style.to_owned(), title)
}

fn text_inlines(s: &str) -> Vec<Inline> {
    vec![Inline {
        kind: InlineKind::Text(s.to_owned()),
        span: Default::default(),
    }]
}

/// `body` with a `**title**` paragraph first.
fn with_title(title: Option<Vec<Inline>>, body: &[Block]) -> Vec<Block> {
    match title {
        Some(t) if !t.is_empty() => {
            let strong = Inline {
                kind: InlineKind::Strong(t),
                span: Default::default(),
            };
            let mut v = vec![Block {
                kind: BlockKind::Paragraph(vec![strong]),
                span: Default::default(),
            }];
            v.extend_from_slice(body);
            v
        }
        _ => body.to_vec(),
    }
}

fn paragraph(content: &[Inline]) -> String {
    let mut out = String::new();
    InlineWriter::new(Ctx::Paragraph).write(&mut out, content);
    out
}

fn heading(h: &Heading) -> String {
    let mut content = String::new();
    let multiline = has_break(&h.content);
    let mut w = InlineWriter::new(Ctx::Heading);
    w.line_start = true;
    w.write(&mut content, &h.content);
    let mut attrs = String::new();
    if h.explicit_id || !h.classes.is_empty() || !h.attrs.is_empty() {
        let mut parts = Vec::new();
        if h.explicit_id
            && let Some(id) = &h.id
        {
            parts.push(format!("#{id}"));
        }
        parts.extend(h.classes.iter().map(|c| format!(".{c}")));
        for (k, v) in &h.attrs {
            parts.push(match v {
                Some(v) => format!("{k}={v}"),
                None => k.clone(),
            });
        }
        if !parts.is_empty() {
            attrs = format!(" {{{}}}", parts.join(" "));
        }
    }
    if multiline && h.level <= 2 {
        let underline = if h.level == 1 { "===" } else { "---" };
        return format!("{content}{attrs}\n{underline}");
    }
    let hashes = "#".repeat(usize::from(h.level.clamp(1, 6)));
    if content.is_empty() && attrs.is_empty() {
        hashes
    } else {
        format!("{hashes} {content}{attrs}")
    }
}

/// Whether the inlines contain a line break (at any depth).
fn has_break(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match &i.kind {
        InlineKind::SoftBreak | InlineKind::HardBreak => true,
        InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
            has_break(c)
        }
        InlineKind::Link(l) => has_break(&l.content),
        InlineKind::Image(i) => has_break(&i.alt),
        InlineKind::Html(h) => h.contains('\n'),
        InlineKind::Text(_)
        | InlineKind::Code(_)
        | InlineKind::FootnoteReference(_)
        | InlineKind::Anchor(_) => false,
    })
}

fn code_block(c: &CodeBlock) -> String {
    if c.fenced {
        return fenced(&c.info, &c.text);
    }
    let text = c.text.strip_suffix('\n').unwrap_or(&c.text);
    prefix_lines(text, "    ", "    ")
}

fn fenced(info: &str, text: &str) -> String {
    let ch = if info.contains('`') { '~' } else { '`' };
    let longest = longest_run(text, ch);
    let fence: String = std::iter::repeat_n(ch, (longest + 1).max(3)).collect();
    let mut out = fence.clone();
    out.push_str(&escape_info(info));
    out.push('\n');
    out.push_str(text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&fence);
    out
}

/// An info string with backslashes and entity-like `&` escaped.
fn escape_info(info: &str) -> String {
    let mut out = String::with_capacity(info.len());
    for (i, c) in info.char_indices() {
        match c {
            '\\' => out.push_str("\\\\"),
            '&' if entity_like(&info[i..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    out
}

fn longest_run(text: &str, ch: char) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for c in text.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

fn table(t: &Table) -> String {
    let mut out = String::new();
    let row = |out: &mut String, cells: &[crate::ast::TableCell]| {
        out.push('|');
        for c in cells {
            out.push(' ');
            InlineWriter::new(Ctx::Cell).write(out, &c.content);
            out.push_str(" |");
        }
    };
    row(&mut out, &t.head);
    out.push_str("\n|");
    let cols = t.alignments.len().max(t.head.len());
    for i in 0..cols {
        out.push_str(match t.alignments.get(i) {
            Some(Alignment::Left) => " :-- |",
            Some(Alignment::Center) => " :-: |",
            Some(Alignment::Right) => " --: |",
            Some(Alignment::None) | None => " --- |",
        });
    }
    for r in &t.rows {
        out.push('\n');
        row(&mut out, r);
    }
    out
}

/// `&` followed by what would be read as an entity or numeric character reference.
fn entity_like(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() != Some(&b'&') {
        return false;
    }
    let rest = &b[1..];
    let (digits, max, start) = match rest.first() {
        Some(b'#') => match rest.get(1) {
            Some(b'x' | b'X') => (16u32, 6, 2),
            _ => (10, 7, 1),
        },
        Some(c) if c.is_ascii_alphabetic() => (0, 32, 0),
        _ => return false,
    };
    let body = &rest[start..];
    let n = body
        .iter()
        .take(max + 1)
        .take_while(|c| {
            if digits == 0 {
                c.is_ascii_alphanumeric()
            } else {
                (**c as char).is_digit(digits)
            }
        })
        .count();
    n > 0 && n <= max && body.get(n) == Some(&b';')
}

/// Writes inlines with context-dependent escaping.
struct InlineWriter {
    ctx: Ctx,
    /// The next text starts a line (block syntax possible).
    line_start: bool,
    /// Inside an emphasis whose delimiters touch a word: a nested emphasis at its edge must use
    /// the same character, so that both form one delimiter run (`foo***bar***baz`).
    glue: bool,
    /// The delimiter of the enclosing emphasis.
    parent: Option<char>,
}

impl InlineWriter {
    fn new(ctx: Ctx) -> Self {
        InlineWriter {
            ctx,
            line_start: true,
            glue: false,
            parent: None,
        }
    }

    fn write(&mut self, out: &mut String, inlines: &[Inline]) {
        self.write_with(out, inlines, None);
    }

    /// `after`: the character that will follow these inlines (a closing delimiter), if known.
    fn write_with(&mut self, out: &mut String, inlines: &[Inline], after: Option<char>) {
        for (i, inline) in inlines.iter().enumerate() {
            let next = inlines.get(i + 1);
            let is_last = next.is_none();
            let next_char = match next {
                Some(n) => first_char(n),
                None => after,
            };
            let before_break = matches!(
                next.map(|n| &n.kind),
                Some(InlineKind::SoftBreak | InlineKind::HardBreak)
            ) || (is_last && after.is_none());
            self.inline(out, inline, next_char, is_last, before_break);
        }
    }

    fn inline(
        &mut self,
        out: &mut String,
        inline: &Inline,
        next_char: Option<char>,
        is_last: bool,
        before_break: bool,
    ) {
        let at_start = self.line_start;
        self.line_start = false;
        match &inline.kind {
            InlineKind::Text(t) => {
                self.text(out, t, at_start, next_char, is_last, before_break);
            }
            InlineKind::Code(c) => code_span(out, c, self.ctx == Ctx::Cell),
            InlineKind::Emphasis(c) => self.delimited(out, c, 1, next_char),
            InlineKind::Strong(c) => self.delimited(out, c, 2, next_char),
            InlineKind::Strikethrough(c) => {
                out.push_str("~~");
                self.write_with(out, c, Some('~'));
                out.push_str("~~");
            }
            InlineKind::Link(link) => match link.kind {
                LinkKind::Autolink | LinkKind::Email => {
                    out.push('<');
                    out.push_str(&link.dest);
                    out.push('>');
                }
                LinkKind::Bare => match bare_form(link) {
                    Bare::AsIs(text) => out.push_str(&text),
                    Bare::Angle(text) => {
                        out.push('<');
                        out.push_str(&text);
                        out.push('>');
                    }
                    Bare::Link => {
                        out.push('[');
                        self.write_with(out, &link.content, Some(']'));
                        out.push_str("](");
                        destination(out, &link.dest);
                        out.push(')');
                    }
                },
                LinkKind::Inline => {
                    out.push('[');
                    self.write_with(out, &link.content, Some(']'));
                    out.push_str("](");
                    destination(out, &link.dest);
                    link_title(out, &link.title);
                    out.push(')');
                }
            },
            InlineKind::Image(image) => {
                out.push_str("![");
                self.write_with(out, &image.alt, Some(']'));
                out.push_str("](");
                destination(out, &image.dest);
                link_title(out, &image.title);
                out.push(')');
            }
            InlineKind::FootnoteReference(label) => {
                out.push_str("[^");
                out.push_str(label);
                out.push(']');
            }
            InlineKind::SoftBreak => {
                out.push('\n');
                self.line_start = true;
            }
            InlineKind::HardBreak => {
                out.push_str("\\\n");
                self.line_start = true;
            }
            InlineKind::Html(h) => {
                // On a continuation line, a tag that opens an HTML block (kinds 1-6) would end
                // the paragraph; indented by four it stays a continuation.
                if at_start && out.ends_with('\n') && opens_html_block(h) {
                    out.push_str("    ");
                }
                out.push_str(h);
                self.line_start = h.ends_with('\n');
            }
            InlineKind::Anchor(a) => out.push_str(&a.raw),
        }
    }

    /// Emphasis (`n` = 1) or strong (`n` = 2): picks `*` or `_` so that no delimiter run
    /// touches another one, alternating with the enclosing emphasis where `_` is allowed (a
    /// nested `*` between punctuation could close the outer one).
    fn delimited(&mut self, out: &mut String, content: &[Inline], n: usize, next: Option<char>) {
        let prev = out.chars().last();
        let touches = |c: char| prev == Some(c) || next == Some(c);
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let joins_parent = self.glue && touches('*');
        let star_ok = !touches('*');
        let under_ok = !touches('_') && !alnum(prev) && !alnum(next);
        // A nested emphasis that touches a word can only use `*`: then we use `_`.
        let is_emph = |i: Option<&Inline>| {
            matches!(
                i.map(|i| &i.kind),
                Some(InlineKind::Emphasis(_) | InlineKind::Strong(_))
            )
        };
        let edge_star = content.iter().enumerate().any(|(k, c)| {
            is_emph(Some(c))
                && (k
                    .checked_sub(1)
                    .and_then(|p| content.get(p))
                    .and_then(last_char)
                    .is_some_and(char::is_alphanumeric)
                    || content
                        .get(k + 1)
                        .and_then(first_char)
                        .is_some_and(char::is_alphanumeric))
        });
        let d = if joins_parent {
            '*'
        } else if (self.parent == Some('*') || edge_star) && under_ok {
            '_'
        } else if star_ok {
            '*'
        } else if under_ok {
            '_'
        } else {
            '*'
        };
        for _ in 0..n {
            out.push(d);
        }
        let saved = (self.glue, self.parent);
        self.glue = alnum(prev) || alnum(next) || joins_parent;
        self.parent = Some(d);
        self.write_with(out, content, Some(d));
        (self.glue, self.parent) = saved;
        for _ in 0..n {
            out.push(d);
        }
    }

    fn text(
        &mut self,
        out: &mut String,
        t: &str,
        at_start: bool,
        next_char: Option<char>,
        is_last: bool,
        before_break: bool,
    ) {
        // Text that would become a bare autolink: escape one character of each.
        let links = crate::autolink::find(t);
        let link_escapes: Vec<usize> = links
            .iter()
            .filter_map(|(s, e, _)| {
                let l = &t[*s..*e];
                if let Some(i) = l.find("://") {
                    Some(s + i)
                } else if l.starts_with("www.") {
                    Some(s + 3)
                } else {
                    l.find('@').map(|i| s + i)
                }
            })
            .collect();
        let bytes = t.as_bytes();
        let mut line_start = at_start;
        // Leading whitespace at a line start would be stripped.
        let mut iter = t.char_indices().peekable();
        let len = t.len();
        // Index where trailing whitespace begins (stripped before a line break).
        let trail = if before_break {
            t.trim_end_matches([' ', '\t']).len()
        } else {
            len
        };
        while let Some((i, c)) = iter.next() {
            let next = t[i + c.len_utf8()..].chars().next().or(next_char);
            if line_start {
                if c == ' ' || c == '\t' {
                    out.push_str(if c == ' ' { "&#32;" } else { "&#9;" });
                    continue;
                }
                line_start = false;
                // Block syntax at the start of a line, judged by the character that follows.
                let ends = |n: Option<char>| matches!(n, None | Some(' ' | '\t' | '\n'));
                let block = match c {
                    '>' | '|' => true,
                    '#' => ends(next) || next == Some('#'),
                    '-' | '+' | '=' | ':' => ends(next) || next == Some(c),
                    '!' | '?' => next == Some(c),
                    '{' => matches!(next, Some('%' | '{')),
                    _ => false,
                };
                if block {
                    out.push('\\');
                    out.push(c);
                    continue;
                }
                if c.is_ascii_digit() {
                    // `1.` / `1)` followed by a space starts an ordered list.
                    let digits = t[i..].bytes().take_while(u8::is_ascii_digit).count();
                    let after = bytes.get(i + digits);
                    let rest = t[i + digits..].chars().nth(1).or(next_char);
                    if digits <= 9 && matches!(after, Some(b'.' | b')')) && ends(rest) {
                        out.push_str(&t[i..i + digits]);
                        out.push('\\');
                        out.push(char::from(after.copied().unwrap_or(b'.')));
                        for _ in 0..digits {
                            iter.next();
                        }
                        continue;
                    }
                }
            }
            if i >= trail && (c == ' ' || c == '\t') {
                out.push_str(if c == ' ' { "&#32;" } else { "&#9;" });
                continue;
            }
            let escape = match c {
                '\\' | '`' | '*' | '[' | ']' | '<' | '~' => true,
                '_' => {
                    // Between two alphanumerics a `_` run can neither open nor close.
                    let run_start = t[..i].trim_end_matches('_');
                    let before = run_start.chars().last();
                    let after_run = t[i..].trim_start_matches('_').chars().next();
                    !(before.is_some_and(char::is_alphanumeric)
                        && after_run.is_some_and(char::is_alphanumeric))
                }
                '!' => next == Some('['),
                '&' => entity_like(&t[i..]),
                '|' => self.ctx == Ctx::Cell,
                '{' => self.ctx == Ctx::Heading,
                '#' => self.ctx == Ctx::Heading && is_last && i + 1 == len,
                '\n' => {
                    out.push_str("&#10;");
                    continue;
                }
                '\r' => {
                    out.push_str("&#13;");
                    continue;
                }
                _ => link_escapes.contains(&i),
            };
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
    }
}

/// Whether a line starting with `html` starts an HTML block that can interrupt a paragraph
/// (CommonMark's kinds 1 to 6).
fn opens_html_block(html: &str) -> bool {
    const BLOCK_TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    let Some(rest) = html.strip_prefix('<') else {
        return false;
    };
    if rest.starts_with("!--") || rest.starts_with('?') || rest.starts_with("![CDATA[") {
        return true;
    }
    if rest
        .strip_prefix('!')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        return true;
    }
    let (closing, name_start) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = name_start
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name_start.len());
    let name = name_start[..name_len].to_ascii_lowercase();
    let after = &name_start[name_len..];
    let ends =
        after.is_empty() || after.starts_with([' ', '\t', '\n', '>']) || after.starts_with("/>");
    if !closing
        && RAW_TEXT_TAGS.contains(&name.as_str())
        && (after.is_empty() || after.starts_with([' ', '\t', '\n', '>']))
    {
        return true;
    }
    ends && BLOCK_TAGS.contains(&name.as_str())
}

/// How a bare link (`https://…`, `www.…` found in text) is written.
enum Bare {
    /// As its text.
    AsIs(String),
    /// As `<text>`.
    Angle(String),
    /// As `[text](dest)`.
    Link,
}

/// Written bare, `\` and `&` in a bare link would be read as escapes and entities (found by
/// the `soup` fuzz target: `http://a\\\` lost a backslash per round). `<…>` takes its text
/// literally; a link with written text works for the rest.
fn bare_form(link: &crate::ast::Link) -> Bare {
    let text = crate::ast::plain_text(&link.content);
    if !text.contains(['\\', '&']) {
        Bare::AsIs(text)
    } else if text == link.dest
        && !text.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
    {
        Bare::Angle(text)
    } else {
        Bare::Link
    }
}

/// The first character an inline writes (as far as delimiter choice cares).
fn first_char(i: &Inline) -> Option<char> {
    match &i.kind {
        InlineKind::Text(t) => t.chars().next().map(|c| match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '&' | '!' => '\\',
            c => c,
        }),
        InlineKind::Code(_) => Some('`'),
        InlineKind::Emphasis(_) | InlineKind::Strong(_) => None,
        InlineKind::Strikethrough(_) => Some('~'),
        InlineKind::Link(l) => match l.kind {
            LinkKind::Bare => match bare_form(l) {
                Bare::AsIs(text) => text.chars().next(),
                Bare::Angle(_) => Some('<'),
                Bare::Link => Some('['),
            },
            LinkKind::Inline => Some('['),
            LinkKind::Autolink | LinkKind::Email => Some('<'),
        },
        InlineKind::Image(_) => Some('!'),
        InlineKind::FootnoteReference(_) => Some('['),
        InlineKind::SoftBreak | InlineKind::HardBreak => Some('\n'),
        InlineKind::Html(h) => h.chars().next(),
        InlineKind::Anchor(a) => a.raw.chars().next(),
    }
}

/// The last character an inline writes (as far as word boundaries care).
fn last_char(i: &Inline) -> Option<char> {
    match &i.kind {
        InlineKind::Text(t) => t.chars().last(),
        InlineKind::Link(l) => match l.kind {
            LinkKind::Bare => match bare_form(l) {
                Bare::AsIs(text) => text.chars().last(),
                Bare::Angle(_) | Bare::Link => None,
            },
            LinkKind::Inline | LinkKind::Autolink | LinkKind::Email => None,
        },
        InlineKind::Code(_) => Some('`'),
        InlineKind::Emphasis(_)
        | InlineKind::Strong(_)
        | InlineKind::Strikethrough(_)
        | InlineKind::Image(_)
        | InlineKind::FootnoteReference(_)
        | InlineKind::SoftBreak
        | InlineKind::HardBreak
        | InlineKind::Html(_)
        | InlineKind::Anchor(_) => None,
    }
}

/// A code span with a backtick fence longer than any run inside.
fn code_span(out: &mut String, code: &str, in_cell: bool) {
    let mut n = 1;
    loop {
        let fence: String = "`".repeat(n);
        // Does a run of exactly n backticks occur?
        let mut found = false;
        let mut run = 0;
        for c in code.chars().chain(std::iter::once(' ')) {
            if c == '`' {
                run += 1;
            } else {
                if run == n {
                    found = true;
                    break;
                }
                run = 0;
            }
        }
        if !found {
            let pad = code.starts_with('`')
                || code.ends_with('`')
                || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
            out.push_str(&fence);
            if pad {
                out.push(' ');
            }
            if in_cell {
                out.push_str(&code.replace('|', "\\|"));
            } else {
                out.push_str(code);
            }
            if pad {
                out.push(' ');
            }
            out.push_str(&fence);
            return;
        }
        n += 1;
    }
}

fn destination(out: &mut String, dest: &str) {
    let angle = dest.is_empty()
        || dest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        || !balanced(dest);
    if angle {
        out.push('<');
        for c in dest.chars() {
            match c {
                '<' | '>' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' => out.push_str("%0A"),
                _ => out.push(c),
            }
        }
        out.push('>');
    } else {
        for (i, c) in dest.char_indices() {
            match c {
                '\\' => out.push_str("\\\\"),
                '&' if entity_like(&dest[i..]) => out.push_str("\\&"),
                _ => out.push(c),
            }
        }
    }
}

/// Parentheses balanced (and never closing more than opened).
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

fn link_title(out: &mut String, title: &str) {
    if title.is_empty() {
        return;
    }
    out.push_str(" \"");
    for (i, c) in title.char_indices() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '&' if entity_like(&title[i..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// Writes front matter in its own format.
fn front_matter(out: &mut String, fm: &FrontMatter) {
    match fm.format {
        FrontMatterFormat::Toml => {
            out.push_str("+++\n");
            toml_meta(out, &fm.meta);
            out.push_str("+++\n");
        }
        FrontMatterFormat::Yaml => {
            out.push_str("---\n");
            yaml_meta(out, &fm.meta);
            out.push_str("---\n");
        }
    }
}

/// A double-quoted string valid in both TOML and YAML.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn bare_key(k: &str) -> String {
    if !k.is_empty()
        && k.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    {
        k.to_owned()
    } else {
        quoted(k)
    }
}

fn cited_kind(k: CitedKind) -> &'static str {
    match k {
        CitedKind::File => "file",
        CitedKind::Term => "term",
        CitedKind::Utility => "utility",
    }
}

fn toml_meta(out: &mut String, m: &PageMeta) {
    let s = |out: &mut String, k: &str, v: &Option<crate::ast::Spanned<String>>| {
        if let Some(v) = v {
            out.push_str(&format!("{k} = {}\n", quoted(&v.value)));
        }
    };
    s(out, "title", &m.title);
    s(out, "objective", &m.objective);
    if let Some(w) = &m.weight {
        out.push_str(&format!("weight = {}\n", w.value));
    }
    s(out, "description", &m.description);
    if !m.knowledge.is_empty() {
        let items: Vec<String> = m.knowledge.iter().map(|k| quoted(&k.value)).collect();
        out.push_str(&format!("knowledge = [{}]\n", items.join(", ")));
    }
    if !m.cited.is_empty() {
        let items: Vec<String> = m
            .cited
            .iter()
            .map(|c| match &c.value {
                Cited { name, kind: None } => quoted(name),
                Cited {
                    name,
                    kind: Some(k),
                } => {
                    format!(
                        "{{ name = {}, kind = \"{}\" }}",
                        quoted(name),
                        cited_kind(*k)
                    )
                }
            })
            .collect();
        out.push_str(&format!("cited = [{}]\n", items.join(", ")));
    }
    for (k, v) in &m.extra {
        out.push_str(&format!("{} = {}\n", bare_key(k), v.value));
    }
}

fn yaml_meta(out: &mut String, m: &PageMeta) {
    let s = |out: &mut String, k: &str, v: &Option<crate::ast::Spanned<String>>| {
        if let Some(v) = v {
            out.push_str(&format!("{k}: {}\n", quoted(&v.value)));
        }
    };
    s(out, "title", &m.title);
    s(out, "objective", &m.objective);
    if let Some(w) = &m.weight {
        out.push_str(&format!("weight: {}\n", w.value));
    }
    s(out, "description", &m.description);
    if !m.knowledge.is_empty() {
        out.push_str("knowledge:\n");
        for k in &m.knowledge {
            out.push_str(&format!("  - {}\n", quoted(&k.value)));
        }
    }
    if !m.cited.is_empty() {
        out.push_str("cited:\n");
        for c in &m.cited {
            match &c.value {
                Cited { name, kind: None } => out.push_str(&format!("  - {}\n", quoted(name))),
                Cited {
                    name,
                    kind: Some(k),
                } => out.push_str(&format!(
                    "  - name: {}\n    kind: {}\n",
                    quoted(name),
                    cited_kind(*k)
                )),
            }
        }
    }
    for (k, v) in &m.extra {
        if v.value.starts_with(['\n', '\r']) {
            out.push_str(&format!("{}:{}\n", bare_key(k), v.value));
        } else {
            out.push_str(&format!("{}: {}\n", bare_key(k), v.value));
        }
    }
}

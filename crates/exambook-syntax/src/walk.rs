//! Walks over the document tree: the one place that knows where each node kind keeps its
//! children.
//!
//! [`children`] lists what a block holds directly, inline lists and block lists; [`child_inlines`]
//! what an inline holds. The depth-first walks ([`blocks`], [`inlines`] and their `_mut` twins)
//! are built on them, and so should every other walker: code that visits "every link" or "every
//! heading" calls a walk and matches only the kinds it cares about.
//!
//! ```
//! use exambook_syntax::{ast::InlineKind, parse, walk};
//!
//! let (mut doc, _) = parse(":::tip\nSee [the guide](guide.md).\n:::\n");
//! walk::inlines_mut(&mut doc.blocks, &mut |inline| {
//!     if let InlineKind::Link(link) = &mut inline.kind {
//!         link.dest = link.dest.replace(".md", ".html");
//!     }
//! });
//! let mut dests = Vec::new();
//! walk::inlines(&doc.blocks, &mut |inline| {
//!     if let InlineKind::Link(link) = &inline.kind {
//!         dests.push(link.dest.clone());
//!     }
//! });
//! assert_eq!(dests, ["guide.html"]);
//! ```
//!
//! Design decisions:
//! - Every `match` over [`BlockKind`] and [`InlineKind`] here names every variant (no `_` arm),
//!   so a new node kind does not compile until this module says where its children are; the
//!   walks then visit them with no further change.
//! - Children come in document order, inline and block lists interleaved: an admonition's title
//!   before its body, each definition term before its definitions, header cells before body
//!   cells. A walk that numbers or collects things sees them in the order a reader does.
//! - Parents are visited before their children, and a `_mut` walk descends into the node as `f`
//!   left it, so `f` may rewrite a node's fields (a link destination, a heading id) or replace
//!   its kind.
//! - The child listings are iterators and allocate nothing.
//! - The walks recurse. The parser caps nesting ([`crate::MAX_BLOCK_DEPTH`],
//!   [`crate::MAX_INLINE_DEPTH`]), so the depth is bounded for every parsed tree.

use std::iter;

use crate::ast::{
    Block, BlockKind, DefinitionItem, Inline, InlineKind, ListItem, QuestionOption, Tab, TableCell,
};

/// A list of nodes held directly by a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Child<'a> {
    /// Inline content: a paragraph, a heading, a table cell, an admonition title, a `<details>`
    /// summary, a definition term, a tab title, a figure's image and caption.
    Inlines(&'a [Inline]),
    /// Block content: a block quote, a list item, a footnote, a definition, an admonition or
    /// `<details>` body, a tab, a card.
    Blocks(&'a [Block]),
}

/// A list of nodes held directly by a block, mutable: a `Vec`, so that a caller may also
/// insert or remove nodes.
#[derive(Debug, PartialEq)]
pub enum ChildMut<'a> {
    /// Inline content (see [`Child::Inlines`]).
    Inlines(&'a mut Vec<Inline>),
    /// Block content (see [`Child::Blocks`]).
    Blocks(&'a mut Vec<Block>),
}

/// What a block kind holds, gathered by the one exhaustive match of [`children`]. Each kind
/// fills at most its own fields; the iterator emits them in this field order, which is document
/// order for every kind.
#[derive(Default)]
struct Parts<'a> {
    inlines: Option<&'a [Inline]>,
    caption: Option<&'a [Inline]>,
    blocks: Option<&'a [Block]>,
    items: &'a [ListItem],
    head: &'a [TableCell],
    rows: &'a [Vec<TableCell>],
    definitions: &'a [DefinitionItem],
    options: &'a [QuestionOption],
    after: Option<&'a [Block]>,
    tabs: &'a [Tab],
}

/// The mutable twin of [`Parts`].
#[derive(Default)]
struct PartsMut<'a> {
    inlines: Option<&'a mut Vec<Inline>>,
    caption: Option<&'a mut Vec<Inline>>,
    blocks: Option<&'a mut Vec<Block>>,
    items: &'a mut [ListItem],
    head: &'a mut [TableCell],
    rows: &'a mut [Vec<TableCell>],
    definitions: &'a mut [DefinitionItem],
    options: &'a mut [QuestionOption],
    after: Option<&'a mut Vec<Block>>,
    tabs: &'a mut [Tab],
}

/// The node lists directly inside a block, in document order.
pub fn children(kind: &BlockKind) -> impl Iterator<Item = Child<'_>> {
    let mut p = Parts::default();
    match kind {
        BlockKind::Paragraph(content) => p.inlines = Some(content),
        BlockKind::Heading(h) => p.inlines = Some(&h.content),
        BlockKind::BlockQuote(body) => p.blocks = Some(body),
        BlockKind::List(l) => p.items = &l.items,
        BlockKind::Table(t) => {
            p.head = &t.head;
            p.rows = &t.rows;
        }
        BlockKind::FootnoteDefinition(f) => p.blocks = Some(&f.blocks),
        BlockKind::DefinitionList(items) => p.definitions = items,
        BlockKind::Admonition(a) => {
            p.inlines = a.title.as_deref();
            p.blocks = Some(&a.body);
        }
        BlockKind::Details(d) => {
            p.inlines = Some(&d.summary);
            p.blocks = Some(&d.body);
        }
        BlockKind::Question(q) => {
            p.blocks = Some(&q.text);
            p.options = &q.options;
            p.after = Some(&q.explanation);
        }
        BlockKind::Tabs(t) => p.tabs = &t.tabs,
        BlockKind::Card(c) => p.blocks = Some(&c.body),
        BlockKind::Figure(f) => {
            p.inlines = Some(&f.image);
            p.caption = Some(&f.caption);
        }
        BlockKind::ThematicBreak
        | BlockKind::CodeBlock(_)
        | BlockKind::Diagram(_)
        | BlockKind::Html(_)
        | BlockKind::Include(_) => {}
    }
    let cells = p.head.iter().chain(p.rows.iter().flatten());
    p.inlines
        .into_iter()
        .map(Child::Inlines)
        .chain(p.caption.map(Child::Inlines))
        .chain(p.blocks.map(Child::Blocks))
        .chain(p.items.iter().map(|i| Child::Blocks(&i.blocks)))
        .chain(cells.map(|c| Child::Inlines(&c.content)))
        .chain(p.definitions.iter().flat_map(|d| {
            iter::once(Child::Inlines(&d.term))
                .chain(d.definitions.iter().map(|b| Child::Blocks(b)))
        }))
        .chain(p.options.iter().map(|o| Child::Inlines(&o.content)))
        .chain(p.after.map(Child::Blocks))
        .chain(p.tabs.iter().flat_map(|t| {
            iter::once(Child::Inlines(&t.title)).chain(iter::once(Child::Blocks(&t.body)))
        }))
}

/// The node lists directly inside a block, in document order, mutable.
pub fn children_mut(kind: &mut BlockKind) -> impl Iterator<Item = ChildMut<'_>> {
    let mut p = PartsMut::default();
    match kind {
        BlockKind::Paragraph(content) => p.inlines = Some(content),
        BlockKind::Heading(h) => p.inlines = Some(&mut h.content),
        BlockKind::BlockQuote(body) => p.blocks = Some(body),
        BlockKind::List(l) => p.items = &mut l.items,
        BlockKind::Table(t) => {
            let t = &mut **t;
            p.head = &mut t.head;
            p.rows = &mut t.rows;
        }
        BlockKind::FootnoteDefinition(f) => p.blocks = Some(&mut f.blocks),
        BlockKind::DefinitionList(items) => p.definitions = items,
        BlockKind::Admonition(a) => {
            let a = &mut **a;
            p.inlines = a.title.as_mut();
            p.blocks = Some(&mut a.body);
        }
        BlockKind::Details(d) => {
            let d = &mut **d;
            p.inlines = Some(&mut d.summary);
            p.blocks = Some(&mut d.body);
        }
        BlockKind::Question(q) => {
            let q = &mut **q;
            p.blocks = Some(&mut q.text);
            p.options = &mut q.options;
            p.after = Some(&mut q.explanation);
        }
        BlockKind::Tabs(t) => p.tabs = &mut t.tabs,
        BlockKind::Card(c) => p.blocks = Some(&mut c.body),
        BlockKind::Figure(f) => {
            let f = &mut **f;
            p.inlines = Some(&mut f.image);
            p.caption = Some(&mut f.caption);
        }
        BlockKind::ThematicBreak
        | BlockKind::CodeBlock(_)
        | BlockKind::Diagram(_)
        | BlockKind::Html(_)
        | BlockKind::Include(_) => {}
    }
    let cells = p.head.iter_mut().chain(p.rows.iter_mut().flatten());
    p.inlines
        .into_iter()
        .map(ChildMut::Inlines)
        .chain(p.caption.map(ChildMut::Inlines))
        .chain(p.blocks.map(ChildMut::Blocks))
        .chain(p.items.iter_mut().map(|i| ChildMut::Blocks(&mut i.blocks)))
        .chain(cells.map(|c| ChildMut::Inlines(&mut c.content)))
        .chain(p.definitions.iter_mut().flat_map(|d| {
            let DefinitionItem {
                term, definitions, ..
            } = d;
            iter::once(ChildMut::Inlines(term)).chain(definitions.iter_mut().map(ChildMut::Blocks))
        }))
        .chain(
            p.options
                .iter_mut()
                .map(|o| ChildMut::Inlines(&mut o.content)),
        )
        .chain(p.after.map(ChildMut::Blocks))
        .chain(p.tabs.iter_mut().flat_map(|t| {
            let Tab { title, body, .. } = t;
            iter::once(ChildMut::Inlines(title)).chain(iter::once(ChildMut::Blocks(body)))
        }))
}

/// The block lists directly inside a block (list items, definitions, bodies), in document order.
pub fn child_blocks(kind: &BlockKind) -> impl Iterator<Item = &[Block]> {
    children(kind).filter_map(|c| match c {
        Child::Blocks(b) => Some(b),
        Child::Inlines(_) => None,
    })
}

/// The block lists directly inside a block, mutable.
pub fn child_blocks_mut(kind: &mut BlockKind) -> impl Iterator<Item = &mut Vec<Block>> {
    children_mut(kind).filter_map(|c| match c {
        ChildMut::Blocks(b) => Some(b),
        ChildMut::Inlines(_) => None,
    })
}

/// The inline lists a block holds itself (not those of its child blocks): a paragraph's or
/// heading's content, every table cell, an admonition title, a `<details>` summary, every
/// definition term; in document order.
pub fn block_inlines(kind: &BlockKind) -> impl Iterator<Item = &[Inline]> {
    children(kind).filter_map(|c| match c {
        Child::Inlines(i) => Some(i),
        Child::Blocks(_) => None,
    })
}

/// The inline lists a block holds itself, mutable.
pub fn block_inlines_mut(kind: &mut BlockKind) -> impl Iterator<Item = &mut Vec<Inline>> {
    children_mut(kind).filter_map(|c| match c {
        ChildMut::Inlines(i) => Some(i),
        ChildMut::Blocks(_) => None,
    })
}

/// The inline lists directly inside an inline: emphasis, strong and strikethrough content, link
/// text, image alt text. (Today at most one.)
pub fn child_inlines(kind: &InlineKind) -> impl Iterator<Item = &[Inline]> {
    let list: Option<&[Inline]> = match kind {
        InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => Some(c),
        InlineKind::Link(l) => Some(&l.content),
        InlineKind::Image(i) => Some(&i.alt),
        InlineKind::Text(_)
        | InlineKind::Code(_)
        | InlineKind::FootnoteReference(_)
        | InlineKind::SoftBreak
        | InlineKind::HardBreak
        | InlineKind::Html(_)
        | InlineKind::Anchor(_) => None,
    };
    list.into_iter()
}

/// The inline lists directly inside an inline, mutable.
pub fn child_inlines_mut(kind: &mut InlineKind) -> impl Iterator<Item = &mut Vec<Inline>> {
    let list = match kind {
        InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => Some(c),
        InlineKind::Link(l) => Some(&mut l.content),
        InlineKind::Image(i) => Some(&mut i.alt),
        InlineKind::Text(_)
        | InlineKind::Code(_)
        | InlineKind::FootnoteReference(_)
        | InlineKind::SoftBreak
        | InlineKind::HardBreak
        | InlineKind::Html(_)
        | InlineKind::Anchor(_) => None,
    };
    list.into_iter()
}

/// Calls `f` on every block, depth first, parents before children.
pub fn blocks(list: &[Block], f: &mut dyn FnMut(&Block)) {
    for b in list {
        f(b);
        for child in child_blocks(&b.kind) {
            blocks(child, f);
        }
    }
}

/// Calls `f` on every block, depth first, parents before children; then descends into the
/// block as `f` left it.
pub fn blocks_mut(list: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in list {
        f(b);
        for child in child_blocks_mut(&mut b.kind) {
            blocks_mut(child, f);
        }
    }
}

/// Calls `f` on every inline in the blocks and their descendants, in document order, outer
/// inlines before the ones they contain.
pub fn inlines(list: &[Block], f: &mut dyn FnMut(&Inline)) {
    for b in list {
        for child in children(&b.kind) {
            match child {
                Child::Inlines(i) => inline_tree(i, f),
                Child::Blocks(b) => inlines(b, f),
            }
        }
    }
}

/// Calls `f` on every inline in the blocks and their descendants, in document order, outer
/// inlines before the ones they contain; then descends into the inline as `f` left it.
pub fn inlines_mut(list: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    for b in list {
        for child in children_mut(&mut b.kind) {
            match child {
                ChildMut::Inlines(i) => inline_tree_mut(i, f),
                ChildMut::Blocks(b) => inlines_mut(b, f),
            }
        }
    }
}

/// Calls `f` on every inline of an inline list (a title, a cell) and the inlines inside them,
/// outer ones first.
pub fn inline_tree(list: &[Inline], f: &mut dyn FnMut(&Inline)) {
    for i in list {
        f(i);
        for child in child_inlines(&i.kind) {
            inline_tree(child, f);
        }
    }
}

/// Calls `f` on every inline of an inline list and the inlines inside them, outer ones first;
/// descends into each inline as `f` left it.
pub fn inline_tree_mut(list: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for i in list {
        f(i);
        for child in child_inlines_mut(&mut i.kind) {
            inline_tree_mut(child, f);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

    use super::*;
    use crate::ast::{Document, LinkKind};
    use std::collections::BTreeSet;

    /// Every block and inline kind, most of them inside a container.
    const EVERY_KIND: &str = r#"# Heading with *emphasis* {#top}

Text with `code`, **strong**, ~~struck~~, a [link](a.md "t"), ![alt *x*](i.png),
a footnote[^1], <https://example.com>, me@example.com, www.example.com and <b>html</b>\
after a hard break <a id="here"></a>.

***

> Quoted [q](q.md).

- item [l1](l1.md)
- [x] task

```sh
echo hi
```

```mermaid
graph TD; A-->B
```

<div>raw</div>

| head [t1](t1.md) | b |
|---|:-:|
| cell [t2](t2.md) | ![img](c.png) |

[^1]: Footnote [f](f.md).

Term [d1](d1.md)
: Definition [d2](d2.md).

:::note[Title [n1](n1.md)]
Body [n2](n2.md).

!!! tip "Inner"
    Nested [n3](n3.md).
:::

<details>
<summary>Summary [s1](s1.md)</summary>

Hidden [s2](s2.md).

</details>

{{#include other.md}}

::: question {#q1}
Text [x1](x1.md)?

- [ ] Option [x2](x2.md)
- [x] Right

Explanation: See [x3](x3.md).
:::
"#;

    fn parse(src: &str) -> Document {
        let (doc, diagnostics) = crate::parse(src);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        doc
    }

    fn block_name(kind: &BlockKind) -> &'static str {
        match kind {
            BlockKind::Paragraph(_) => "Paragraph",
            BlockKind::Heading(_) => "Heading",
            BlockKind::ThematicBreak => "ThematicBreak",
            BlockKind::BlockQuote(_) => "BlockQuote",
            BlockKind::List(_) => "List",
            BlockKind::CodeBlock(_) => "CodeBlock",
            BlockKind::Diagram(_) => "Diagram",
            BlockKind::Html(_) => "Html",
            BlockKind::Table(_) => "Table",
            BlockKind::FootnoteDefinition(_) => "FootnoteDefinition",
            BlockKind::DefinitionList(_) => "DefinitionList",
            BlockKind::Admonition(_) => "Admonition",
            BlockKind::Details(_) => "Details",
            BlockKind::Include(_) => "Include",
            BlockKind::Question(_) => "Question",
            BlockKind::Tabs(_) => "Tabs",
            BlockKind::Card(_) => "Card",
            BlockKind::Figure(_) => "Figure",
        }
    }

    fn inline_name(kind: &InlineKind) -> &'static str {
        match kind {
            InlineKind::Text(_) => "Text",
            InlineKind::Code(_) => "Code",
            InlineKind::Emphasis(_) => "Emphasis",
            InlineKind::Strong(_) => "Strong",
            InlineKind::Strikethrough(_) => "Strikethrough",
            InlineKind::Link(_) => "Link",
            InlineKind::Image(_) => "Image",
            InlineKind::FootnoteReference(_) => "FootnoteReference",
            InlineKind::SoftBreak => "SoftBreak",
            InlineKind::HardBreak => "HardBreak",
            InlineKind::Html(_) => "Html",
            InlineKind::Anchor(_) => "Anchor",
        }
    }

    /// Nodes in the serialised tree, counted without this module: the objects with exactly the
    /// keys `kind` and `span` are blocks and inlines.
    fn count_nodes(v: &serde_json::Value) -> usize {
        match v {
            serde_json::Value::Object(m) => {
                let node = m.len() == 2 && m.contains_key("kind") && m.contains_key("span");
                usize::from(node) + m.values().map(count_nodes).sum::<usize>()
            }
            serde_json::Value::Array(a) => a.iter().map(count_nodes).sum(),
            _ => 0,
        }
    }

    fn dests(blocks: &[Block]) -> Vec<String> {
        let mut out = Vec::new();
        inlines(blocks, &mut |i| {
            if let InlineKind::Link(l) = &i.kind
                && l.kind == LinkKind::Inline
            {
                out.push(l.dest.clone());
            }
        });
        out
    }

    #[test]
    fn walks_visit_every_node_of_every_kind() {
        let doc = parse(EVERY_KIND);
        let mut block_count = 0;
        let mut block_kinds = BTreeSet::new();
        blocks(&doc.blocks, &mut |b| {
            block_count += 1;
            block_kinds.insert(block_name(&b.kind));
        });
        let mut inline_count = 0;
        let mut inline_kinds = BTreeSet::new();
        inlines(&doc.blocks, &mut |i| {
            inline_count += 1;
            inline_kinds.insert(inline_name(&i.kind));
        });
        let all_blocks = [
            "Paragraph",
            "Heading",
            "ThematicBreak",
            "BlockQuote",
            "List",
            "CodeBlock",
            "Diagram",
            "Html",
            "Table",
            "FootnoteDefinition",
            "DefinitionList",
            "Admonition",
            "Details",
            "Include",
            "Question",
        ];
        let all_inlines = [
            "Text",
            "Code",
            "Emphasis",
            "Strong",
            "Strikethrough",
            "Link",
            "Image",
            "FootnoteReference",
            "SoftBreak",
            "HardBreak",
            "Html",
            "Anchor",
        ];
        assert_eq!(block_kinds, BTreeSet::from(all_blocks));
        assert_eq!(inline_kinds, BTreeSet::from(all_inlines));
        let json = serde_json::to_value(&doc.blocks).unwrap();
        assert_eq!(block_count + inline_count, count_nodes(&json));

        // The mutable walks visit the same nodes.
        let mut doc = doc;
        let (mut b, mut i) = (0, 0);
        blocks_mut(&mut doc.blocks, &mut |_| b += 1);
        inlines_mut(&mut doc.blocks, &mut |_| i += 1);
        assert_eq!((b, i), (block_count, inline_count));
    }

    #[test]
    fn inlines_come_in_document_order() {
        let doc = parse(EVERY_KIND);
        assert_eq!(
            dests(&doc.blocks),
            [
                "a.md", "q.md", "l1.md", "t1.md", "t2.md", "f.md", "d1.md", "d2.md", "n1.md",
                "n2.md", "n3.md", "s1.md", "s2.md", "x1.md", "x2.md", "x3.md"
            ]
        );
        let doc = parse("a\n: b [1](1)\n\nc [2](2)\n: d [3](3)\n");
        let mut texts = Vec::new();
        inlines(&doc.blocks, &mut |i| {
            if let InlineKind::Text(t) = &i.kind {
                texts.push(t.trim().to_owned());
            }
        });
        assert_eq!(texts, ["a", "b", "1", "c", "2", "d", "3"]);
    }

    #[test]
    fn inlines_mut_rewrites_links_in_every_container() {
        let mut doc = parse(EVERY_KIND);
        let before = dests(&doc.blocks);
        inlines_mut(&mut doc.blocks, &mut |i| {
            if let InlineKind::Link(l) = &mut i.kind
                && let Some(stem) = l.dest.strip_suffix(".md")
            {
                l.dest = format!("{stem}.html");
            }
        });
        let after = dests(&doc.blocks);
        assert_eq!(after.len(), before.len());
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(a, &b.replace(".md", ".html"));
        }
        // Read back through the HTML writer, which walks on its own.
        let html = crate::html::body(&doc.blocks, &mut crate::html::DefaultHooks);
        for d in [
            "t1", "t2", "f", "d1", "d2", "n1", "n2", "n3", "s1", "s2", "q", "l1", "x1", "x2", "x3",
        ] {
            assert!(html.contains(&format!("href=\"{d}.html\"")), "{d}: {html}");
        }
        assert!(!html.contains(".md\""), "{html}");
    }

    #[test]
    fn blocks_mut_descends_into_what_f_left() {
        let mut doc = parse(":::note\n# Inside\n\n> # Deeper\n:::\n");
        let mut n = 0;
        blocks_mut(&mut doc.blocks, &mut |b| {
            if let BlockKind::Heading(h) = &mut b.kind {
                n += 1;
                h.id = Some(format!("h{n}"));
            }
        });
        let mut ids = Vec::new();
        blocks(&doc.blocks, &mut |b| {
            if let BlockKind::Heading(h) = &b.kind {
                ids.extend(h.id.clone());
            }
        });
        assert_eq!(ids, ["h1", "h2"]);

        // A block replaced by `f` is walked as replaced.
        let mut doc = parse("{{#include x.md}}\n");
        let inserted = parse("> [i](i.md)\n").blocks;
        blocks_mut(&mut doc.blocks, &mut |b| {
            if matches!(b.kind, BlockKind::Include(_)) {
                b.kind = BlockKind::BlockQuote(inserted.clone());
            }
        });
        assert_eq!(dests(&doc.blocks), ["i.md"]);
    }

    #[test]
    fn child_listings() {
        let doc = parse(
            "- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n<details>\n<summary>s</summary>\n\nbody\n\n</details>\n",
        );
        assert_eq!(child_blocks(&doc.blocks[0].kind).count(), 2);
        assert_eq!(block_inlines(&doc.blocks[0].kind).count(), 0);
        assert_eq!(block_inlines(&doc.blocks[1].kind).count(), 4);
        assert_eq!(child_blocks(&doc.blocks[1].kind).count(), 0);
        let kinds: Vec<_> = children(&doc.blocks[2].kind)
            .map(|c| matches!(c, Child::Inlines(_)))
            .collect();
        assert_eq!(kinds, [true, false]);
        let p = parse("*a [b](c)*");
        let BlockKind::Paragraph(content) = &p.blocks[0].kind else {
            panic!("{p:?}")
        };
        let inner: Vec<_> = child_inlines(&content[0].kind).collect();
        assert_eq!(inner.len(), 1);
        assert_eq!(child_inlines(&inner[0][1].kind).count(), 1);
        assert_eq!(child_inlines(&inner[0][0].kind).count(), 0);
    }
}

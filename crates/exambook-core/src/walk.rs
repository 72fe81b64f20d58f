//! Mutable walks over a document tree, in document order.
//!
//! The parser caps container nesting, so plain recursion is bounded here.

use exambook_syntax::ast::{Block, BlockKind, Inline, InlineKind};

/// Calls `f` on every block, parents before children.
pub fn blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for block in blocks {
        f(block);
        for child in child_blocks_mut(&mut block.kind) {
            blocks_mut(child, f);
        }
    }
}

/// The block lists directly inside a block.
pub fn child_blocks_mut(kind: &mut BlockKind) -> Vec<&mut Vec<Block>> {
    match kind {
        BlockKind::BlockQuote(b) => vec![b],
        BlockKind::List(l) => l.items.iter_mut().map(|i| &mut i.blocks).collect(),
        BlockKind::FootnoteDefinition(f) => vec![&mut f.blocks],
        BlockKind::DefinitionList(items) => items
            .iter_mut()
            .flat_map(|i| i.definitions.iter_mut())
            .collect(),
        BlockKind::Admonition(a) => vec![&mut a.body],
        BlockKind::Details(d) => vec![&mut d.body],
        _ => Vec::new(),
    }
}

/// The block lists directly inside a block (the shared-reference twin of [`child_blocks_mut`]).
pub fn child_blocks(kind: &BlockKind) -> Vec<&Vec<Block>> {
    match kind {
        BlockKind::BlockQuote(b) => vec![b],
        BlockKind::List(l) => l.items.iter().map(|i| &i.blocks).collect(),
        BlockKind::FootnoteDefinition(f) => vec![&f.blocks],
        BlockKind::DefinitionList(items) => {
            items.iter().flat_map(|i| i.definitions.iter()).collect()
        }
        BlockKind::Admonition(a) => vec![&a.body],
        BlockKind::Details(d) => vec![&d.body],
        _ => Vec::new(),
    }
}

/// The inline lists directly held by a block (not by its child blocks).
pub fn block_inlines_mut(kind: &mut BlockKind) -> Vec<&mut Vec<Inline>> {
    match kind {
        BlockKind::Paragraph(i) => vec![i],
        BlockKind::Heading(h) => vec![&mut h.content],
        BlockKind::Table(t) => t
            .head
            .iter_mut()
            .chain(t.rows.iter_mut().flatten())
            .map(|c| &mut c.content)
            .collect(),
        BlockKind::DefinitionList(items) => items.iter_mut().map(|i| &mut i.term).collect(),
        BlockKind::Admonition(a) => a.title.iter_mut().collect(),
        BlockKind::Details(d) => vec![&mut d.summary],
        _ => Vec::new(),
    }
}

/// Calls `f` on every inline of every block, outer inlines before the ones they contain.
pub fn inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    blocks_mut(blocks, &mut |block| {
        for list in block_inlines_mut(&mut block.kind) {
            inline_list_mut(list, f);
        }
    });
}

fn inline_list_mut(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        match &mut inline.kind {
            InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
                inline_list_mut(c, f);
            }
            InlineKind::Link(l) => inline_list_mut(&mut l.content, f),
            InlineKind::Image(i) => inline_list_mut(&mut i.alt, f),
            _ => {}
        }
    }
}

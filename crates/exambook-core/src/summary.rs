//! `SUMMARY.md`: the table of contents in the mdBook/GitBook grammar, read through the one
//! markdown parser of the project.
//!
//! Grammar: an optional first heading (the title, ignored); `# Part` headings; paragraphs of
//! links (prefix/suffix chapters); nested lists of links (numbered chapters); `---` separators;
//! `[Draft]()` entries without a page.

use exambook_syntax::ast::{Block, BlockKind, Inline, InlineKind, ListItem, plain_text};
use exambook_syntax::{Diagnostic, MAX_BLOCK_DEPTH, Span};

/// One entry as written in `SUMMARY.md`, before pages are loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `# Part`
    Part {
        /// The part title.
        title: String,
    },
    /// `---`
    Separator,
    /// `[Title](path.md)` or a draft `[Title]()`.
    Link {
        /// Link text.
        title: String,
        /// The destination as written; `None` for a draft.
        path: Option<String>,
        /// Where the link was written.
        span: Span,
        /// Nested entries.
        children: Vec<Item>,
    },
}

/// Reads the parsed `SUMMARY.md` blocks into items; problems become diagnostics.
pub fn items(blocks: &[Block], diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        match &block.kind {
            BlockKind::Heading(h) if i == 0 && h.level == 1 => {}
            BlockKind::Heading(h) => out.push(Item::Part { title: plain_text(&h.content) }),
            BlockKind::ThematicBreak => out.push(Item::Separator),
            BlockKind::Paragraph(inlines) => links_in(inlines, block.span, &mut out, diagnostics),
            BlockKind::List(list) => {
                for item in &list.items {
                    if let Some(entry) = list_item(item, 1, diagnostics) {
                        out.push(entry);
                    }
                }
            }
            BlockKind::Html(_) => {}
            _ => diagnostics.push(
                Diagnostic::warning(block.span, "SUMMARY.md holds something that is not a link, part heading or separator; it is ignored")
                    .with_hint("the table of contents is made of `# Part` headings, lists of `[Title](page.md)` links and `---` lines"),
            ),
        }
    }
    out
}

fn links_in(
    inlines: &[Inline],
    span: Span,
    out: &mut Vec<Item>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut found = false;
    for inline in inlines {
        match &inline.kind {
            InlineKind::Link(l) => {
                found = true;
                out.push(Item::Link {
                    title: plain_text(&l.content),
                    path: (!l.dest.is_empty()).then(|| l.dest.clone()),
                    span: inline.span,
                    children: Vec::new(),
                });
            }
            InlineKind::SoftBreak | InlineKind::HardBreak => {}
            InlineKind::Text(t) if t.trim().is_empty() => {}
            _ => {}
        }
    }
    if !found {
        diagnostics.push(Diagnostic::warning(
            span,
            "this paragraph of SUMMARY.md has no link; it is ignored",
        ));
    }
}

/// The entry of a list item nested `depth` list items deep.
fn list_item(item: &ListItem, depth: usize, diagnostics: &mut Vec<Diagnostic>) -> Option<Item> {
    let mut entry = None;
    let mut children = Vec::new();
    for block in &item.blocks {
        match &block.kind {
            BlockKind::Paragraph(inlines) if entry.is_none() => {
                let link = inlines.iter().find_map(|i| match &i.kind {
                    InlineKind::Link(l) => Some((i.span, &l.dest, &l.content)),
                    _ => None,
                });
                match link {
                    Some((span, dest, content)) => {
                        entry = Some((
                            plain_text(content),
                            (!dest.is_empty()).then(|| dest.clone()),
                            span,
                        ));
                    }
                    None => {
                        let title = plain_text(inlines);
                        diagnostics.push(
                            Diagnostic::error(
                                block.span,
                                format!("list item `{title}` in SUMMARY.md is not a link"),
                            )
                            .with_hint(
                                "write `[Title](page.md)`, or `[Title]()` for a draft chapter",
                            ),
                        );
                        return None;
                    }
                }
            }
            BlockKind::List(list) => {
                children.extend(
                    list.items
                        .iter()
                        .filter_map(|i| list_item(i, depth + 1, diagnostics)),
                );
            }
            // The parser flattens items nested deeper than it keeps into the deepest one it
            // keeps: their links arrive here as further paragraphs. Keep them (as children, so
            // no page is dropped or called unlisted) and say where the nesting was cut.
            BlockKind::Paragraph(inlines) if depth >= MAX_BLOCK_DEPTH => {
                for inline in inlines {
                    if let InlineKind::Link(l) = &inline.kind {
                        diagnostics.push(
                            Diagnostic::warning(
                                inline.span,
                                format!(
                                    "this entry is nested deeper than {MAX_BLOCK_DEPTH} levels; \
                                     it is kept at level {MAX_BLOCK_DEPTH}"
                                ),
                            )
                            .with_hint("nest the table of contents less deeply"),
                        );
                        children.push(Item::Link {
                            title: plain_text(&l.content),
                            path: (!l.dest.is_empty()).then(|| l.dest.clone()),
                            span: inline.span,
                            children: Vec::new(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    let (title, path, span) = entry?;
    Some(Item::Link {
        title,
        path,
        span,
        children,
    })
}

#[cfg(test)]
mod tests {
    use super::{Item, items};
    use exambook_syntax::{MAX_BLOCK_DEPTH, parse};

    fn count(items: &[Item]) -> usize {
        items
            .iter()
            .map(|i| match i {
                Item::Link { children, .. } => 1 + count(children),
                _ => 0,
            })
            .sum()
    }

    #[test]
    fn entries_nested_too_deeply_are_kept_with_a_warning() {
        let levels = MAX_BLOCK_DEPTH + 20;
        let text: String = (0..levels)
            .map(|i| format!("{}- [P{i}](p{i}.md)\n", "  ".repeat(i)))
            .collect();
        let (doc, _) = parse(&text);
        let mut diagnostics = Vec::new();
        let found = items(&doc.blocks, &mut diagnostics);
        assert_eq!(count(&found), levels);
        let deep: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.message.contains("nested deeper than"))
            .collect();
        assert_eq!(deep.len(), 20, "{diagnostics:?}");
        // The first one points at the first entry that is too deep.
        let line = text.lines().nth(MAX_BLOCK_DEPTH).unwrap_or_default();
        let at = text.find(line).unwrap_or_default() + line.find('[').unwrap_or_default();
        assert_eq!(deep[0].span.start as usize, at);
    }
}

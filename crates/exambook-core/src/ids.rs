//! The id allocator: explicit `{#id}`s, `<a name>` anchors and generated heading slugs share one
//! namespace per page, and never collide silently.

use std::collections::BTreeSet;

use exambook_syntax::ast::{BlockKind, Document, InlineKind, plain_text};
use exambook_syntax::{Diagnostic, Span};

use crate::book::HeadingInfo;
use exambook_syntax::walk;

/// A GitHub-style slug: lowercase letters, digits, `-` and `_` kept; whitespace becomes `-`;
/// everything else dropped. Never empty (`section` when nothing is left).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

/// Allocates every id on a page: explicit heading ids and HTML anchors are reserved first (a
/// duplicate one is an error), then headings without one get a unique slug (`-1`, `-2`, … on a
/// clash). Returns the headings in document order and the set of all ids.
pub fn allocate(
    doc: &mut Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<HeadingInfo>, BTreeSet<String>) {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut reserve = |id: &str, span: Span, taken: &mut BTreeSet<String>| {
        if !taken.insert(id.to_string()) {
            diagnostics.push(
                Diagnostic::error(span, format!("the id `{id}` is used twice on this page"))
                    .with_hint("links to it could only reach the first one; rename one of them"),
            );
        }
    };
    walk::blocks_mut(&mut doc.blocks, &mut |block| match &block.kind {
        BlockKind::Heading(h) if h.explicit_id => {
            if let Some(id) = &h.id {
                reserve(id, block.span, &mut taken);
            }
        }
        BlockKind::Html(html) => {
            for id in &html.anchors {
                reserve(id, block.span, &mut taken);
            }
        }
        _ => {}
    });
    let mut anchors = Vec::new();
    walk::inlines_mut(&mut doc.blocks, &mut |inline| {
        if let InlineKind::Anchor(a) = &inline.kind {
            anchors.push((a.id.clone(), inline.span));
        }
    });
    for (id, span) in anchors {
        reserve(&id, span, &mut taken);
    }

    let mut headings = Vec::new();
    walk::blocks_mut(&mut doc.blocks, &mut |block| {
        if let BlockKind::Heading(h) = &mut block.kind {
            let text = plain_text(&h.content);
            let id = match (&h.id, h.explicit_id) {
                (Some(id), true) => id.clone(),
                _ => {
                    let base = slug(&text);
                    let mut id = base.clone();
                    let mut n = 1;
                    while taken.contains(&id) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    taken.insert(id.clone());
                    h.id = Some(id.clone());
                    id
                }
            };
            headings.push(HeadingInfo {
                level: h.level,
                id,
                text,
            });
        }
    });
    (headings, taken)
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(
            slug("351.1 Virtualization Concepts"),
            "3511-virtualization-concepts"
        );
        assert_eq!(slug("The `virsh` shell!"), "the-virsh-shell");
        assert_eq!(slug("  Über cgroups v2 "), "über-cgroups-v2");
        assert_eq!(slug("?!"), "section");
    }
}

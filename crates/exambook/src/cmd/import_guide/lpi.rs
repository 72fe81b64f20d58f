//! The LPI convention of writing an objective, read into front matter: a heading that carries
//! the id (`### 🧠 351.1 Virtualization Concepts and Theory`), then `**Weight:** 6`,
//! `**Description:** …`, a "Key Knowledge Areas" list, and the "partial list of the used files,
//! terms and utilities" (a list or a code block, one or several objects a line).

use exambook_syntax::Span;
use exambook_syntax::ast::{
    Block, BlockKind, Cited, FrontMatter, FrontMatterFormat, PageMeta, Spanned, plain_text,
};

/// What a split heading carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// `Topic 351: Full Virtualization`.
    Topic { id: String, title: String },
    /// `351.1 Virtualization Concepts and Theory`.
    Objective { id: String, title: String },
}

/// The heading text without the emoji, symbols and spaces in front of it.
pub fn clean_title(text: &str) -> String {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim()
        .to_owned()
}

/// Whether a heading's text names a topic or an objective.
pub fn split_of(text: &str) -> Option<Split> {
    let t = clean_title(text);
    if t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("topic")) {
        let rest = t.get(5..).unwrap_or_default().trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() >= 3 {
            let after = rest.get(digits.len()..).unwrap_or_default().trim_start();
            if after.is_empty() || after.starts_with([':', '-', '–', '—', '.']) {
                let title = after.trim_start_matches([':', '-', '–', '—', '.']).trim();
                return Some(Split::Topic {
                    title: if title.is_empty() {
                        format!("Topic {digits}")
                    } else {
                        title.to_owned()
                    },
                    id: digits,
                });
            }
        }
        return None;
    }
    let id: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let id = id.trim_end_matches('.');
    let mut parts = id.split('.');
    let ok = parts.next().is_some_and(|p| p.len() >= 3)
        && parts.next().is_some_and(|p| !p.is_empty())
        && parts.next().is_none();
    let title = t[id.len()..]
        .trim_start_matches(['.', ':', '-', '–', '—'])
        .trim();
    (ok && !title.is_empty()).then(|| Split::Objective {
        id: id.to_owned(),
        title: title.to_owned(),
    })
}

/// What was read from an objective's blocks.
#[derive(Debug, Default)]
pub struct Objective {
    pub weight: Option<u32>,
    pub description: Option<String>,
    pub knowledge: Vec<String>,
    pub cited: Vec<String>,
}

/// The text of a paragraph or heading block, for matching labels.
fn label_text(block: &Block) -> Option<String> {
    match &block.kind {
        BlockKind::Paragraph(inl) => Some(plain_text(inl)),
        BlockKind::Heading(h) => Some(plain_text(&h.content)),
        _ => None,
    }
}

/// A label's text without its decoration, lower case: `**Weight:** 6` → `weight: 6`.
fn norm(text: &str) -> String {
    clean_title(text).to_lowercase()
}

/// Reads the LPI fields out of `blocks` (an objective page after its heading) and removes
/// the blocks they were written in.
pub fn take(blocks: &mut Vec<Block>) -> Objective {
    let mut o = Objective::default();
    let mut i = 0;
    while i < blocks.len() {
        let Some(text) = blocks.get(i).and_then(label_text) else {
            i += 1;
            continue;
        };
        let n = norm(&text);
        if let Some(rest) = n.strip_prefix("weight") {
            let digits: String = rest
                .trim_start_matches([':', ' '])
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(w) = digits.parse() {
                o.weight = Some(w);
                blocks.remove(i);
                continue;
            }
        }
        if n.starts_with("description:") {
            let t = clean_title(&text);
            let d = t.get("description:".len()..).unwrap_or_default().trim();
            if !d.is_empty() {
                o.description = Some(d.to_owned());
                blocks.remove(i);
                continue;
            }
        }
        if n.starts_with("key knowledge area")
            && let Some(BlockKind::List(list)) = blocks.get(i + 1).map(|b| &b.kind)
        {
            o.knowledge = list
                .items
                .iter()
                .filter_map(|it| item_text(&it.blocks))
                .collect();
            blocks.drain(i..i + 2);
            continue;
        }
        if n.contains("files, terms and utilities") || n.contains("terms and utilities") {
            let lines: Option<Vec<String>> = match blocks.get(i + 1).map(|b| &b.kind) {
                Some(BlockKind::List(list)) => Some(
                    list.items
                        .iter()
                        .filter_map(|it| item_text(&it.blocks))
                        .collect(),
                ),
                Some(BlockKind::CodeBlock(code)) => {
                    Some(code.text.lines().map(str::to_owned).collect())
                }
                _ => None,
            };
            if let Some(lines) = lines {
                o.cited = lines.iter().flat_map(|l| cited_in(l)).collect();
                blocks.drain(i..i + 2);
                continue;
            }
        }
        i += 1;
    }
    o
}

/// A list item's first paragraph as plain text.
fn item_text(blocks: &[Block]) -> Option<String> {
    let t = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Paragraph(inl) => Some(plain_text(inl)),
        _ => None,
    })?;
    let t = t.trim().trim_end_matches([',', ';']).trim().to_owned();
    (!t.is_empty()).then_some(t)
}

/// The objects one line of LPI's list names: several separated by commas (outside
/// parentheses); `x (including relevant subcommands)` is `x`; `kvm-intel and kvm-amd` is two;
/// patterns such as `/proc/[0-9]+/ns` stay as written.
pub fn cited_in(line: &str) -> Vec<String> {
    let line = line.trim().trim_start_matches(['-', '*', '+']).trim();
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in line.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | ';' if depth <= 0 => {
                parts.push(&line[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&line[start..]);
    let mut out = Vec::new();
    for part in parts {
        let mut p = part.trim().trim_matches('`').trim().to_owned();
        // `(including relevant subcommands)`, `(and subcommands)`: notes, not names.
        if let Some(open) = p.rfind('(') {
            let note = p[open..].to_lowercase();
            if note.contains("including") || note.contains("subcommand") || note.contains("option")
            {
                p = p[..open].trim().to_owned();
            }
        }
        let p = p.trim_end_matches('.').trim().trim_matches('`').trim();
        if p.is_empty() {
            continue;
        }
        match p.split_once(" and ") {
            Some((a, b)) if !a.trim().contains(' ') && !b.trim().contains(' ') => {
                out.push(a.trim().to_owned());
                out.push(b.trim().to_owned());
            }
            _ => out.push(p.to_owned()),
        }
    }
    out
}

/// Front matter for an objective page.
pub fn front_matter(id: &str, o: &Objective) -> FrontMatter {
    let s = |v: String| Spanned {
        value: v,
        span: Span::default(),
    };
    FrontMatter {
        format: FrontMatterFormat::Toml,
        span: Span::default(),
        meta: PageMeta {
            title: None,
            objective: Some(s(id.to_owned())),
            weight: o.weight.map(|w| Spanned {
                value: w,
                span: Span::default(),
            }),
            description: o.description.clone().map(s),
            knowledge: o.knowledge.iter().cloned().map(s).collect(),
            cited: o
                .cited
                .iter()
                .map(|c| Spanned {
                    value: Cited {
                        name: c.clone(),
                        kind: None,
                    },
                    span: Span::default(),
                })
                .collect(),
            extra: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_headings() {
        assert_eq!(
            split_of("🧠 351.1 Virtualization Concepts and Theory"),
            Some(Split::Objective {
                id: "351.1".into(),
                title: "Virtualization Concepts and Theory".into()
            })
        );
        assert_eq!(
            split_of("🖥️ Topic 351: Full Virtualization"),
            Some(Split::Topic {
                id: "351".into(),
                title: "Full Virtualization".into()
            })
        );
        assert_eq!(split_of("1.5 GB of memory"), None);
        assert_eq!(split_of("Topics covered"), None);
        assert_eq!(split_of("2024.1"), None);
    }

    #[test]
    fn lpi_notations() {
        assert_eq!(
            cited_in("virsh (including relevant subcommands)"),
            ["virsh"]
        );
        assert_eq!(cited_in("kvm-intel and kvm-amd"), ["kvm-intel", "kvm-amd"]);
        assert_eq!(cited_in("/proc/[0-9]+/ns"), ["/proc/[0-9]+/ns"]);
        assert_eq!(
            cited_in("Domain0 (Dom0), DomainU (DomU)"),
            ["Domain0 (Dom0)", "DomainU (DomU)"]
        );
        assert_eq!(
            cited_in("Hardware Virtual Machine (HVM)"),
            ["Hardware Virtual Machine (HVM)"]
        );
    }
}

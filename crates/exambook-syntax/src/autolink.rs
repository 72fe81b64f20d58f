//! GFM extended autolinks (bare `https://…`, `www.…`, e-mail addresses), which pulldown-cmark
//! does not do.
//!
//! Applied after inline parsing to text nodes outside links, images and code. A link must appear
//! literally in the source: a URL-looking text written with an escape or an entity stays text,
//! which lets the markdown writer keep such text from becoming a link by escaping one character.

use crate::ast::{Inline, InlineKind, Link, LinkKind, Span};

/// Whether an anchor lies in `span`.
fn has_anchor(anchors: &[usize], span: Span) -> bool {
    let i = anchors.partition_point(|&a| a < span.start as usize);
    anchors.get(i).is_some_and(|&a| a < span.end as usize)
}

/// Splits bare URLs out of the text nodes of `inlines` (recursing into emphasis).
pub(crate) fn apply(inlines: &mut Vec<Inline>, src: &str, anchors: &[usize]) {
    let mut needs = false;
    for i in inlines.iter_mut() {
        match &mut i.kind {
            InlineKind::Text(_) => needs |= has_anchor(anchors, i.span),
            InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
                apply(c, src, anchors);
            }
            // Not inside links and images (already links), nor code.
            InlineKind::Link(_)
            | InlineKind::Image(_)
            | InlineKind::Code(_)
            | InlineKind::FootnoteReference(_)
            | InlineKind::SoftBreak
            | InlineKind::HardBreak
            | InlineKind::Html(_)
            | InlineKind::Anchor(_) => {}
        }
    }
    if !needs {
        return;
    }
    let len = inlines.len();
    let old = std::mem::replace(inlines, Vec::with_capacity(len + 4));
    for inline in old {
        if matches!(inline.kind, InlineKind::Text(_)) && has_anchor(anchors, inline.span) {
            let source = src.get(inline.span.range()).unwrap_or("");
            split(inline, source, inlines);
        } else {
            inlines.push(inline);
        }
    }
}

/// Splits `text` (written as `source`) into text and links. A link must appear literally in the
/// source: a URL written with an escape (`www\.example.com`) stays text.
fn split(inline: Inline, source: &str, out: &mut Vec<Inline>) {
    let span = inline.span;
    let InlineKind::Text(text) = &inline.kind else {
        out.push(inline);
        return;
    };
    let verbatim = text == source;
    let mut found = Vec::new();
    let mut src_pos = 0;
    for (start, end, dest) in find(text) {
        let at_src = if verbatim {
            Some(start)
        } else {
            source
                .get(src_pos..)
                .and_then(|s| s.find(&text[start..end]))
                .map(|i| src_pos + i)
        };
        if let Some(s) = at_src {
            src_pos = s + (end - start);
            found.push((start, end, dest, s));
        }
    }
    if found.is_empty() {
        // Nothing to split: the node stays as it is, without a copy.
        out.push(inline);
        return;
    }
    let at = |i: usize| span.start + i as u32;
    let mut pos = 0;
    let mut src_end = 0;
    for (start, end, dest, src_start) in found {
        if start > pos {
            out.push(Inline {
                kind: InlineKind::Text(text[pos..start].to_owned()),
                span: Span {
                    file: span.file,
                    start: at(src_end),
                    end: at(src_start),
                },
            });
        }
        src_end = src_start + (end - start);
        let s = Span {
            file: span.file,
            start: at(src_start),
            end: at(src_end),
        };
        out.push(Inline {
            kind: InlineKind::Link(Box::new(Link {
                kind: LinkKind::Bare,
                dest,
                title: String::new(),
                content: vec![Inline {
                    kind: InlineKind::Text(text[start..end].to_owned()),
                    span: s,
                }],
                target: None,
            })),
            span: s,
        });
        pos = end;
    }
    if pos < text.len() {
        out.push(Inline {
            kind: InlineKind::Text(text[pos..].to_owned()),
            span: Span {
                file: span.file,
                start: at(src_end),
                end: span.end,
            },
        });
    }
}

/// Every autolink in `text`: `(start, end, destination)`.
pub(crate) fn find(text: &str) -> Vec<(usize, usize, String)> {
    let b = text.as_bytes();
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    // Work from anchors (`@`, `://`, `www.`) instead of trying every position.
    let mut i = 0;
    while let Some(k) = find_anchor_byte(b, i) {
        i = k + 1;
        if out.last().is_some_and(|l| k < l.1) {
            continue;
        }
        let start = match b[k] {
            b'@' => {
                let local = b[..k].iter().rev().take_while(|&&c| is_local(c)).count();
                let s = k - local;
                if let Some(end) = email_at(b, s)
                    && out.last().is_none_or(|l| s >= l.1)
                {
                    out.push((s, end, format!("mailto:{}", &text[s..end])));
                    i = end;
                }
                continue;
            }
            b':' if b[k + 1..].starts_with(b"//") => {
                let scheme = ["https", "http", "ftp"]
                    .into_iter()
                    .find(|s| b[..k].ends_with(s.as_bytes()));
                match scheme {
                    Some(s) => k - s.len(),
                    None => continue,
                }
            }
            b'w' if b[k..].starts_with(b"www.") => k,
            _ => continue,
        };
        // Not glued to a preceding word (GFM names whitespace, `*`, `_`, `~` and `(`;
        // cmark-gfm also accepts quotes and other punctuation).
        let boundary = text
            .get(..start)
            .is_some_and(|t| t.chars().next_back().is_none_or(|c| !c.is_alphanumeric()));
        if !boundary || out.last().is_some_and(|l| start < l.1) {
            continue;
        }
        if let Some((end, dest)) = url_at(text, start) {
            out.push((start, end, dest));
            i = end;
        }
    }
    out
}

/// Offset of the first `@`, `:` or `w` at or after `from`.
fn find_anchor_byte(b: &[u8], from: usize) -> Option<usize> {
    memchr::memchr3(b'@', b':', b'w', b.get(from..)?).map(|i| from + i)
}

fn is_local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'_' | b'-')
}

fn is_domain(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.') || c >= 0x80
}

/// A `www.` or `scheme://` autolink starting at `i`.
fn url_at(text: &str, i: usize) -> Option<(usize, String)> {
    let rest = &text[i..];
    let (www, prefix_len) = if rest.starts_with("www.") {
        (true, 0)
    } else if rest.starts_with("https://") {
        (false, 8)
    } else if rest.starts_with("http://") {
        (false, 7)
    } else if rest.starts_with("ftp://") {
        (false, 6)
    } else {
        return None;
    };
    let b = rest.as_bytes();
    let dom_len = b[prefix_len..]
        .iter()
        .take_while(|&&c| is_domain(c))
        .count();
    let domain = &rest[prefix_len..prefix_len + dom_len];
    if !valid_domain(domain, www) {
        return None;
    }
    let mut end = b
        .iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'<')
        .unwrap_or(b.len());
    end = trim_trailing(&rest[..end]);
    if end <= prefix_len + usize::from(www) * 4 {
        return None;
    }
    let link = &rest[..end];
    let dest = if www {
        format!("http://{link}")
    } else {
        link.to_owned()
    };
    Some((i + end, dest))
}

fn valid_domain(domain: &str, www: bool) -> bool {
    let domain = domain.trim_end_matches('.');
    if domain.is_empty() {
        return false;
    }
    let segments: Vec<&str> = domain.split('.').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return false;
    }
    if www && segments.len() < 2 {
        return false;
    }
    segments.iter().rev().take(2).all(|s| !s.contains('_'))
}

/// Length of `link` without trailing punctuation, unbalanced `)` and entity-like `&x;`.
fn trim_trailing(link: &str) -> usize {
    let mut end = link.len();
    loop {
        let s = &link[..end];
        let Some(last) = s.bytes().last() else {
            return 0;
        };
        match last {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b')' => {
                let open = s.bytes().filter(|&c| c == b'(').count();
                let close = s.bytes().filter(|&c| c == b')').count();
                if close > open {
                    end -= 1;
                } else {
                    return end;
                }
            }
            b';' => {
                let amp = s.rfind('&');
                match amp {
                    Some(a)
                        if s[a + 1..end - 1].bytes().all(|c| c.is_ascii_alphanumeric())
                            && end - 1 > a + 1 =>
                    {
                        end = a;
                    }
                    _ => return end,
                }
            }
            _ => return end,
        }
    }
}

/// An e-mail autolink whose local part starts at `i`: its end.
fn email_at(b: &[u8], i: usize) -> Option<usize> {
    let local = b[i..].iter().take_while(|&&c| is_local(c)).count();
    if local == 0 || b.get(i + local) != Some(&b'@') {
        return None;
    }
    let d0 = i + local + 1;
    let dom = b[d0..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        .count();
    let mut end = d0 + dom;
    if end > d0 && b[end - 1] == b'.' {
        end -= 1;
    }
    let domain = std::str::from_utf8(&b[d0..end]).ok()?;
    if domain.is_empty() || !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return None;
    }
    if matches!(b[end - 1], b'-' | b'_') {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links() {
        let f = |t: &str| {
            find(t)
                .into_iter()
                .map(|(s, e, d)| (t[s..e].to_owned(), d))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            f("see www.x.com/a."),
            vec![("www.x.com/a".into(), "http://www.x.com/a".into())]
        );
        assert_eq!(
            f("(http://a.b/ok.)"),
            vec![("http://a.b/ok".into(), "http://a.b/ok".into())]
        );
        assert_eq!(
            f("a.w@b.c"),
            vec![("a.w@b.c".into(), "mailto:a.w@b.c".into())]
        );
        assert!(f("n@.  b").is_empty());
        assert!(f("@a.b.c@. x").is_empty());
        assert!(f("xwww.a.b").is_empty());
    }
}

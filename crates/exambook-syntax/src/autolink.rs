//! GFM extended autolinks (bare `https://…`, `www.…`, e-mail addresses), which pulldown-cmark
//! does not do.
//!
//! Applied after inline parsing to text nodes outside links, images and code. Only text written
//! literally in the source is scanned (a text node equal to its source slice): text produced by
//! escapes or entities is left alone, which lets the markdown writer keep a URL-looking text from
//! becoming a link by escaping one character.

use crate::ast::{Inline, InlineKind, LinkKind, Span};

/// Splits bare URLs out of the text nodes of `inlines` (recursing into emphasis).
pub(crate) fn apply(inlines: &mut Vec<Inline>, src: &str) {
    let needs = inlines.iter().any(|i| match &i.kind {
        InlineKind::Text(t) => might_link(t),
        InlineKind::Emphasis(_) | InlineKind::Strong(_) | InlineKind::Strikethrough(_) => true,
        _ => false,
    });
    if !needs {
        return;
    }
    let old = std::mem::take(inlines);
    for mut inline in old {
        match &mut inline.kind {
            InlineKind::Text(t) if might_link(t) && src.get(inline.span.range()) == Some(t) => {
                split(t, inline.span, inlines);
                continue;
            }
            InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
                apply(c, src);
            }
            _ => {}
        }
        inlines.push(inline);
    }
}

fn might_link(t: &str) -> bool {
    t.contains("www.") || t.contains("://") || t.contains('@')
}

fn split(text: &str, span: Span, out: &mut Vec<Inline>) {
    let found = find(text);
    if found.is_empty() {
        out.push(Inline {
            kind: InlineKind::Text(text.to_owned()),
            span,
        });
        return;
    }
    let at = |i: usize| span.start + i as u32;
    let mut pos = 0;
    for (start, end, dest) in found {
        if start > pos {
            out.push(Inline {
                kind: InlineKind::Text(text[pos..start].to_owned()),
                span: Span {
                    file: span.file,
                    start: at(pos),
                    end: at(start),
                },
            });
        }
        let s = Span {
            file: span.file,
            start: at(start),
            end: at(end),
        };
        out.push(Inline {
            kind: InlineKind::Link {
                kind: LinkKind::Bare,
                dest,
                title: String::new(),
                content: vec![Inline {
                    kind: InlineKind::Text(text[start..end].to_owned()),
                    span: s,
                }],
            },
            span: s,
        });
        pos = end;
    }
    if pos < text.len() {
        out.push(Inline {
            kind: InlineKind::Text(text[pos..].to_owned()),
            span: Span {
                file: span.file,
                start: at(pos),
                end: span.end,
            },
        });
    }
}

/// Every autolink in `text`: `(start, end, destination)`.
pub(crate) fn find(text: &str) -> Vec<(usize, usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Not glued to a preceding word (GFM names whitespace, `*`, `_`, `~` and `(`;
        // cmark-gfm also accepts quotes and other punctuation).
        let boundary =
            i == 0 || text[..i].chars().next_back().is_some_and(|c| !c.is_alphanumeric());
        if boundary {
            if let Some((end, dest)) = url_at(text, i) {
                out.push((i, end, dest));
                i = end;
                continue;
            }
        }
        if is_local(b[i]) && (i == 0 || !is_local(b[i - 1])) {
            if let Some(end) = email_at(b, i) {
                out.push((i, end, format!("mailto:{}", &text[i..end])));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
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

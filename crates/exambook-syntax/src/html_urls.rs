//! URLs in raw HTML as authors write it (`<a href="other.md">`, `<img src="x.png">`): found so
//! the link checker checks them like markdown links, and rewritten by renderers the same way.
//!
//! A small tag scanner, not an HTML parser: comments and the contents of `<script>`, `<style>`
//! and `<code>`/`<pre>` are skipped; attribute values may be double-, single- or unquoted.

use std::ops::Range;

/// One URL-valued attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlAttr {
    /// Where the value (without its quotes) is in the HTML.
    pub range: Range<usize>,
    /// The value with its character references undone.
    pub value: String,
    /// An embedded file (`<img src>`, `<source src>`, …) rather than a link (`<a href>`).
    pub image: bool,
}

/// Whether `(tag, attribute)` holds a URL we check, and whether it embeds a file.
fn url_attribute(tag: &str, attr: &str) -> Option<bool> {
    match (tag, attr) {
        ("a" | "area", "href") => Some(false),
        ("img" | "source" | "video" | "audio" | "track" | "embed" | "iframe", "src") => Some(true),
        _ => None,
    }
}

/// Elements whose contents are not scanned.
const OPAQUE: [&str; 4] = ["script", "style", "code", "pre"];

/// Every URL attribute in `html`, in order.
pub fn url_attrs(html: &str) -> Vec<UrlAttr> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = html.get(at..).and_then(|r| r.find('<')) {
        at += i;
        let rest = html.get(at..).unwrap_or_default();
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        let name_len = rest
            .get(1..)
            .unwrap_or_default()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len().saturating_sub(1));
        if name_len == 0 {
            at += 1;
            continue;
        }
        let tag = rest
            .get(1..1 + name_len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        at += 1 + name_len;
        // Attributes up to `>`.
        loop {
            while bytes.get(at).is_some_and(u8::is_ascii_whitespace) || bytes.get(at) == Some(&b'/')
            {
                at += 1;
            }
            match bytes.get(at) {
                None => return out,
                Some(b'>') => {
                    at += 1;
                    break;
                }
                _ => {}
            }
            let name_start = at;
            while bytes
                .get(at)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
            {
                at += 1;
            }
            if at == name_start {
                at += 1;
                continue;
            }
            let attr = html
                .get(name_start..at)
                .unwrap_or_default()
                .to_ascii_lowercase();
            while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            }
            if bytes.get(at) != Some(&b'=') {
                continue;
            }
            at += 1;
            while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            }
            let range = match bytes.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = at + 1;
                    let end = html
                        .get(start..)
                        .and_then(|r| r.find(q as char))
                        .map_or(html.len(), |e| start + e);
                    at = (end + 1).min(html.len());
                    start..end
                }
                _ => {
                    let start = at;
                    let end = html
                        .get(start..)
                        .and_then(|r| r.find(|c: char| c.is_ascii_whitespace() || c == '>'))
                        .map_or(html.len(), |e| start + e);
                    at = end;
                    start..end
                }
            };
            if let Some(image) = url_attribute(&tag, &attr) {
                let value =
                    crate::escape::unescape_attr(html.get(range.clone()).unwrap_or_default());
                out.push(UrlAttr {
                    range,
                    value: value.trim().to_owned(),
                    image,
                });
            }
        }
        if OPAQUE.contains(&tag.as_str()) {
            let close = format!("</{tag}");
            let lower = html.get(at..).unwrap_or_default().to_ascii_lowercase();
            at = lower.find(&close).map_or(html.len(), |e| at + e);
        }
    }
    out
}

/// `html` with the value of each URL attribute for which `f` returns a new URL replaced by it
/// (escaped for a double-quoted attribute, in the quotes as written).
pub fn rewrite(html: &str, f: &mut dyn FnMut(&UrlAttr) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for attr in url_attrs(html) {
        if let Some(url) = f(&attr) {
            out.push_str(html.get(last..attr.range.start).unwrap_or_default());
            crate::escape::attr(&mut out, &url);
            last = attr.range.end;
        }
    }
    out.push_str(html.get(last..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_and_images() {
        let html = r#"<p><a class=x href="other.md#a">o</a> <IMG alt='a b' SRC=img/x.png>
<!-- <a href="no.md"> --><code><a href="no.md"></code><a href='a&amp;b.md'>"#;
        let found: Vec<(String, bool)> = url_attrs(html)
            .into_iter()
            .map(|a| (a.value, a.image))
            .collect();
        assert_eq!(
            found,
            [
                ("other.md#a".into(), false),
                ("img/x.png".into(), true),
                ("a&b.md".into(), false)
            ]
        );
    }

    #[test]
    fn rewrites_in_place() {
        let html = r#"<a href="a.md">x</a><img src='b.png'>"#;
        let out = rewrite(html, &mut |a| {
            (!a.image).then(|| a.value.replace(".md", ".html"))
        });
        assert_eq!(out, r#"<a href="a.html">x</a><img src='b.png'>"#);
    }

    #[test]
    fn survives_truncated_tags() {
        for html in [
            "<a href=",
            "<a href=\"x",
            "<",
            "<a",
            "<img src",
            "<a href='x'",
        ] {
            let _ = url_attrs(html);
        }
    }
}

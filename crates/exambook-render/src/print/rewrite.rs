//! Moves a fragment of the site's HTML onto the one print page: ids get the section's prefix,
//! links to pages of the book become in-document anchors, other relative URLs are made relative
//! to the site root (where `print.html` is written), and headings move down by the section's
//! depth, so that the PDF outline nests objectives under their topics.
//!
//! The input is HTML this crate wrote (templates, the body writer, raw HTML of the book's pages
//! passed through), so a small tag scanner is enough: text is copied as it is (in text and
//! attribute values `<` and `"` are always escaped by our writers), comments and the contents of
//! `<script>` and `<style>` are copied untouched, and an `<svg>` element (a diagram) is copied as
//! a whole with its ids — which all start with `exambook-diagram-` — prefixed.

use std::collections::HashMap;

use exambook_syntax::escape;

/// The page every internal link can reach, by its site path (`351/351.1-x.html`, as
/// `html::page_url` writes it): the id of its section on the print page.
pub(crate) type Targets = HashMap<String, String>;

/// Where a fragment comes from and goes.
pub(crate) struct Section<'a> {
    /// The site path of the file the fragment was written for (relative URLs start there).
    pub(crate) base: &'a str,
    /// The id of the section on the print page; ids in it become `{id}-{old}`.
    pub(crate) id: &'a str,
    /// How many levels headings move down (`h1` → `h2` for 1; never past `h6`).
    pub(crate) shift: u8,
}

/// The common start of every id in a rendered diagram (see `crate::diagram::diagram_id`).
const DIAGRAM_ID: &str = "exambook-diagram-";

/// Appends `html`, rewritten for `section`, to `out`.
pub(crate) fn rewrite(html: &str, section: &Section<'_>, targets: &Targets, out: &mut String) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(rest.len(), |e| 4 + e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let bytes = rest.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        if !bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic())
        {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let name_len = rest[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - name_start);
        let name = &rest[name_start..name_start + name_len];
        let lower = name.to_ascii_lowercase();
        if closing {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push_str("</");
            out.push_str(&heading_name(&lower, section.shift).unwrap_or_else(|| name.to_owned()));
            out.push_str(&rest[name_start + name_len..end]);
            rest = &rest[end..];
            continue;
        }
        if lower == "svg" {
            let end = element_end(rest, "svg");
            let prefixed = format!("{}-{DIAGRAM_ID}", section.id);
            out.push_str(&rest[..end].replace(DIAGRAM_ID, &prefixed));
            rest = &rest[end..];
            continue;
        }
        let end = start_tag(
            rest,
            name_start + name_len,
            &lower,
            name,
            section,
            targets,
            out,
        );
        if lower == "a" && out.ends_with('>') && !out.ends_with("/>") {
            mark_shown_url(&rest[..end], &rest[end..], out);
        }
        rest = &rest[end..];
        if lower == "script" || lower == "style" {
            let close = find_ci(rest, &format!("</{lower}")).unwrap_or(rest.len());
            out.push_str(&rest[..close]);
            rest = &rest[close..];
        }
    }
    out.push_str(rest);
}

/// Marks a link to an external address whose text is that address (`data-url-shown`), so that
/// the print stylesheet, which writes external addresses after their links, does not write it
/// twice. `tag` is the link's start tag as written, `after` what follows it.
fn mark_shown_url(tag: &str, after: &str, out: &mut String) {
    let Some(href) = attr_value(tag, "href") else {
        return;
    };
    let href = unescape(href);
    if !(href.starts_with("http://") || href.starts_with("https://")) {
        return;
    }
    let Some(end) = find_ci(after, "</a") else {
        return;
    };
    // The link's text without its markup.
    let mut text = String::new();
    let mut in_tag = false;
    for c in after[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let bare = |s: &str| {
        let s = s.trim();
        let s = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .unwrap_or(s);
        s.trim_end_matches('/').to_owned()
    };
    if bare(&unescape(&text)) == bare(&href) {
        out.pop();
        out.push_str(" data-url-shown>");
    }
}

/// The value of attribute `name` in a start tag written by our writers (double-quoted).
pub(super) fn attr_value<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    tag.get(start..end)
}

/// `h1`…`h6` moved down by `shift`, or `None` for any other element.
fn heading_name(lower: &str, shift: u8) -> Option<String> {
    let level = lower.strip_prefix('h')?.parse::<u8>().ok()?;
    (1..=6)
        .contains(&level)
        .then(|| format!("h{}", level.saturating_add(shift).min(6)))
}

/// The byte offset just past the end tag matching the `<name` at the start of `html` (nested
/// elements of the same name counted), or the end of `html`.
fn element_end(html: &str, name: &str) -> usize {
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut depth = 0usize;
    let mut at = 0;
    while at < html.len() {
        let next_open = find_ci(&html[at..], &open).map(|i| i + at);
        let next_close = find_ci(&html[at..], &close).map(|i| i + at);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                at = o + open.len();
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                let end = html[c..].find('>').map_or(html.len(), |e| c + e + 1);
                if depth == 0 {
                    return end;
                }
                at = end;
            }
            _ => break,
        }
    }
    html.len()
}

/// Where `needle` (ASCII) first occurs in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Copies the start tag at the start of `html` (its name ends at `at`) to `out` with its
/// attributes rewritten; returns the byte offset just past it.
fn start_tag(
    html: &str,
    mut at: usize,
    lower: &str,
    name: &str,
    section: &Section<'_>,
    targets: &Targets,
    out: &mut String,
) -> usize {
    let bytes = html.as_bytes();
    out.push('<');
    out.push_str(&heading_name(lower, section.shift).unwrap_or_else(|| name.to_owned()));
    // Collapsed blocks print open: paper cannot be clicked.
    let mut open = lower != "details";
    loop {
        let ws = at;
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if !open && matches!(bytes.get(at), Some(b'>' | b'/') | None) {
            out.push_str(" open");
            open = true;
        }
        match bytes.get(at) {
            None => return html.len(),
            Some(b'>') => {
                out.push('>');
                return at + 1;
            }
            Some(b'/') if bytes.get(at + 1) == Some(&b'>') => {
                out.push_str("/>");
                return at + 2;
            }
            _ => {}
        }
        out.push_str(&html[ws..at]);
        let name_start = at;
        while bytes
            .get(at)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>'))
            && !(bytes.get(at) == Some(&b'/') && bytes.get(at + 1) == Some(&b'>'))
        {
            at += 1;
        }
        if at == name_start {
            // A stray character: copy it and go on.
            out.push_str(&html[at..at + 1]);
            at += 1;
            continue;
        }
        let attr = html[name_start..at].to_ascii_lowercase();
        open |= attr == "open";
        out.push_str(&html[name_start..at]);
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        let (value, quote, next) = match bytes.get(at) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = html[at + 1..]
                    .find(q as char)
                    .map_or(html.len(), |e| at + 1 + e);
                (&html[at + 1..end], q as char, (end + 1).min(html.len()))
            }
            _ => {
                let end = html[at..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |e| at + e);
                (&html[at..end], '"', end)
            }
        };
        at = next;
        // `<a name="x">` anchors (old guides' link targets) move with the ids.
        let value = if attr == "name" && lower == "a" {
            format!("{}-{value}", section.id)
        } else {
            rewrite_value(&attr, value, section, targets)
        };
        out.push('=');
        out.push(quote);
        out.push_str(&value);
        out.push(quote);
    }
}

/// An attribute's (escaped) value, rewritten for the print page.
fn rewrite_value(attr: &str, value: &str, section: &Section<'_>, targets: &Targets) -> String {
    match attr {
        "id" => format!("{}-{value}", section.id),
        "for" | "headers" | "aria-labelledby" | "aria-describedby" | "aria-controls"
        | "aria-owns" => value
            .split_whitespace()
            .map(|id| format!("{}-{id}", section.id))
            .collect::<Vec<_>>()
            .join(" "),
        "href" => link(value, section, targets),
        "src" => {
            let raw = unescape(value);
            match relative(&raw) {
                Some(path) => {
                    let mut out = String::new();
                    escape::attr(&mut out, &resolve(section.base, path));
                    out
                }
                None => value.to_owned(),
            }
        }
        _ => value.to_owned(),
    }
}

/// A link's (escaped) target on the print page: an anchor for a place in the book, a path from
/// the site root for another file of the site, external URLs as they are.
fn link(value: &str, section: &Section<'_>, targets: &Targets) -> String {
    let raw = unescape(value);
    if let Some(fragment) = raw.strip_prefix('#') {
        let mut out = String::new();
        if fragment.is_empty() {
            escape::attr(&mut out, &format!("#{}", section.id));
        } else {
            escape::attr(&mut out, &format!("#{}-{fragment}", section.id));
        }
        return out;
    }
    let Some(path) = relative(&raw) else {
        return value.to_owned();
    };
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (path, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let resolved = resolve(section.base, path);
    let mut out = String::new();
    match targets.get(&resolved) {
        Some(id) => match fragment.filter(|f| !f.is_empty()) {
            Some(f) => escape::attr(&mut out, &format!("#{id}-{f}")),
            None => escape::attr(&mut out, &format!("#{id}")),
        },
        None => {
            let full = match fragment {
                Some(f) => format!("{resolved}#{f}"),
                None => resolved,
            };
            escape::attr(&mut out, &full);
        }
    }
    out
}

/// A relative reference (no scheme, not protocol-relative, not from the host's root), or
/// `None` for any other URL.
fn relative(url: &str) -> Option<&str> {
    let url = url.trim();
    if url.starts_with('/') || url.is_empty() {
        return None;
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url.as_bytes().get(i) == Some(&b':') => None,
        _ => Some(url),
    }
}

/// `path` (relative to the folder of `base`, a site path) as a path from the site root (with
/// leading `../` when it leads above it).
fn resolve(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = match base.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    for segment in path.split('/') {
        match segment {
            "." => {}
            // Above the site root stays above it: a translation's site (in its language's
            // folder) reaches the assets the source language's site publishes.
            ".." if parts.is_empty() || parts.last() == Some(&"..") => parts.push(".."),
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Undoes the escaping of an attribute value (one home: [`escape::unescape_attr`]).
pub(super) fn unescape(value: &str) -> String {
    escape::unescape_attr(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str, base: &str, shift: u8) -> String {
        let mut targets = Targets::new();
        targets.insert("351/a.html".into(), "p3".into());
        targets.insert("index.html".into(), "p0".into());
        targets.insert("cited.html".into(), "appendix-cited".into());
        let mut out = String::new();
        let section = Section {
            base,
            id: "p3",
            shift,
        };
        rewrite(html, &section, &targets, &mut out);
        out
    }

    #[test]
    fn ids_and_same_page_links_get_the_prefix() {
        assert_eq!(
            run(
                r##"<h2 id="intro">Intro</h2><a href="#intro">x</a><label for="a b">l</label>"##,
                "351/a.html",
                0
            ),
            r##"<h2 id="p3-intro">Intro</h2><a href="#p3-intro">x</a><label for="p3-a p3-b">l</label>"##
        );
    }

    #[test]
    fn page_links_become_anchors() {
        let out = run(
            r#"<a href="../index.html">home</a> <a href="a.html#setup">s</a> <a href="../cited.html#utility-virsh"><code>virsh</code></a>"#,
            "351/b.html",
            0,
        );
        assert_eq!(
            out,
            r##"<a href="#p0">home</a> <a href="#p3-setup">s</a> <a href="#appendix-cited-utility-virsh"><code>virsh</code></a>"##
        );
    }

    #[test]
    fn external_links_and_assets() {
        let out = run(
            r#"<a href="https://example.org/a.html?x=1&amp;y=2">e</a><img src="img/d.svg" alt="d"><a href="../files/x.conf">f</a><a href="mailto:a@b.c">m</a>"#,
            "351/a.html",
            0,
        );
        assert_eq!(
            out,
            r#"<a href="https://example.org/a.html?x=1&amp;y=2">e</a><img src="351/img/d.svg" alt="d"><a href="files/x.conf">f</a><a href="mailto:a@b.c">m</a>"#
        );
    }

    #[test]
    fn headings_move_down_and_text_stays() {
        let out = run(
            "<h1 id=\"t\">A &lt;b&gt; h1</h1>\n<pre><code>if a &lt; b</code></pre><h6>x</h6>",
            "351/a.html",
            1,
        );
        assert_eq!(
            out,
            "<h2 id=\"p3-t\">A &lt;b&gt; h1</h2>\n<pre><code>if a &lt; b</code></pre><h6>x</h6>"
        );
    }

    #[test]
    fn diagrams_keep_their_internal_references() {
        let svg = r#"<figure><svg id="exambook-diagram-1"><style>#exambook-diagram-1 .n{fill:red}</style><g id="exambook-diagram-1-a"><path marker-end="url(#exambook-diagram-1-arrow)"/></g></svg></figure><p id="x">t</p>"#;
        let out = run(svg, "351/a.html", 0);
        assert_eq!(
            out,
            r#"<figure><svg id="p3-exambook-diagram-1"><style>#p3-exambook-diagram-1 .n{fill:red}</style><g id="p3-exambook-diagram-1-a"><path marker-end="url(#p3-exambook-diagram-1-arrow)"/></g></svg></figure><p id="p3-x">t</p>"#
        );
    }

    #[test]
    fn comments_scripts_and_odd_markup_are_copied() {
        let html = "<!-- <a id=\"c\"> --><script>if (a<b) x()</script><p a=b checked>1 < 2</p>";
        let out = run(html, "351/a.html", 0);
        assert_eq!(
            out,
            "<!-- <a id=\"c\"> --><script>if (a<b) x()</script><p a=\"b\" checked>1 < 2</p>"
        );
        assert_eq!(
            run(
                "<details class=\"x\"><summary>s</summary></details><details open>",
                "a.html",
                0
            ),
            "<details class=\"x\" open><summary>s</summary></details><details open>"
        );
    }

    #[test]
    fn links_showing_their_address_are_marked() {
        let out = run(
            r#"<a href="https://example.org/x/">example.org/x</a> <a href="https://example.org/">the site</a>"#,
            "a.html",
            0,
        );
        assert_eq!(
            out,
            r#"<a href="https://example.org/x/" data-url-shown>example.org/x</a> <a href="https://example.org/">the site</a>"#
        );
    }

    #[test]
    fn resolves_paths() {
        assert_eq!(resolve("a/b/c.html", "../d.html"), "a/d.html");
        assert_eq!(resolve("c.html", "./d/e.png"), "d/e.png");
        assert_eq!(resolve("a/c.html", "../../x"), "../x");
    }
}

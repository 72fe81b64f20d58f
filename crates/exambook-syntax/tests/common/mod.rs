//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test binary uses a different subset")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers")]

use serde::Deserialize;

/// One example of a spec file (see `tests/data/README.md`).
#[derive(Debug, Clone, Deserialize)]
pub struct Example {
    pub example: usize,
    pub section: String,
    pub extension: String,
    pub markdown: String,
    pub html: String,
}

/// Loads `tests/data/<name>`.
pub fn examples(name: &str) -> Vec<Example> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("spec data");
    serde_json::from_str(&text).expect("spec json")
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "dl",
    "dt",
    "dd",
    "section",
    "details",
    "summary",
];

enum Tok {
    /// A tag: name (lowercase, `/name` for closing) and rebuilt text.
    Tag(String, String),
    Text(String),
}

/// Normalises HTML for comparison, the same way for every side: tags rebuilt with sorted
/// attributes and no self-closing slash, `&quot;`/`&#x27;`/`&#39;` in text decoded, whitespace
/// collapsed outside `<pre>`, whitespace next to block-level tags removed.
pub fn normalize_html(html: &str) -> String {
    let toks = tokenize(html);
    let mut out = String::new();
    let mut pre = 0usize;
    let is_block = |name: &str| BLOCK_TAGS.contains(&name.trim_start_matches('/'));
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Tag(name, text) => {
                if name == "pre" {
                    pre += 1;
                } else if name == "/pre" {
                    pre = pre.saturating_sub(1);
                }
                out.push_str(text);
            }
            Tok::Text(s) => {
                let mut s = s
                    .replace("&quot;", "\"")
                    .replace("&#x27;", "'")
                    .replace("&#39;", "'");
                if pre == 0 {
                    let collapsed: String = {
                        let mut c = String::new();
                        let mut ws = false;
                        for ch in s.chars() {
                            if ch.is_whitespace() {
                                if !ws {
                                    c.push(' ');
                                }
                                ws = true;
                            } else {
                                c.push(ch);
                                ws = false;
                            }
                        }
                        c
                    };
                    s = collapsed;
                    let prev_block = i == 0
                        || matches!(toks.get(i.wrapping_sub(1)), Some(Tok::Tag(n, _)) if is_block(n));
                    let next_block = i + 1 == toks.len()
                        || matches!(toks.get(i + 1), Some(Tok::Tag(n, _)) if is_block(n));
                    if prev_block {
                        s = s.trim_start().to_owned();
                    }
                    if next_block {
                        s = s.trim_end().to_owned();
                    }
                }
                out.push_str(&s);
            }
        }
    }
    // An empty table body is the same as none.
    out.replace("<tbody></tbody>", "")
}

fn tokenize(html: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] == b'<'
            && let Some((end, name, rebuilt)) = parse_tag(&html[i..])
        {
            if !text.is_empty() {
                toks.push(Tok::Text(std::mem::take(&mut text)));
            }
            toks.push(Tok::Tag(name, rebuilt));
            i += end;
            continue;
        }
        let ch = html[i..].chars().next().unwrap();
        text.push(ch);
        i += ch.len_utf8();
    }
    if !text.is_empty() {
        toks.push(Tok::Text(text));
    }
    toks
}

/// Parses a start or end tag at the start of `s`: (length, name, rebuilt text).
fn parse_tag(s: &str) -> Option<(usize, String, String)> {
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attrs: Vec<(String, Option<String>)> = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                i += 1;
                break;
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                i += 2;
                break;
            }
            _ => {}
        }
        if closing {
            return None;
        }
        let a0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == a0 {
            return None;
        }
        let an = s[a0..i].to_ascii_lowercase();
        let mut value = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            match b.get(i)? {
                q @ (b'"' | b'\'') => {
                    let q = *q as char;
                    let end = s[i + 1..].find(q)?;
                    value = Some(s[i + 1..i + 1 + end].to_owned());
                    i += end + 2;
                }
                _ => {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = Some(s[v0..i].to_owned());
                }
            }
        }
        attrs.push((an, value));
    }
    // `style="text-align: x"` (pulldown-cmark) and `align="x"` (cmark-gfm) say the same.
    for (k, v) in &mut attrs {
        if k == "style"
            && let Some(a) = v.as_deref().and_then(|v| v.strip_prefix("text-align: "))
        {
            *k = "align".to_owned();
            *v = Some(a.to_owned());
        }
    }
    attrs.sort();
    let mut rebuilt = String::from("<");
    if closing {
        rebuilt.push('/');
    }
    rebuilt.push_str(&name);
    for (k, v) in attrs {
        rebuilt.push(' ');
        rebuilt.push_str(&k);
        rebuilt.push_str("=\"");
        rebuilt.push_str(&v.unwrap_or_default().replace('"', "&quot;"));
        rebuilt.push('"');
    }
    rebuilt.push('>');
    Some((i, if closing { format!("/{name}") } else { name }, rebuilt))
}

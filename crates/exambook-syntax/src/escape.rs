//! HTML escaping. Public so that the site renderer and its highlighter escape exactly as the
//! body writer ([`crate::html`]) does: one escaper for the project.
//!
//! ```
//! use exambook_syntax::escape;
//!
//! let mut out = String::new();
//! escape::text(&mut out, "a < b & \"c\"");
//! assert_eq!(out, "a &lt; b &amp; \"c\"");
//! out.clear();
//! escape::attr(&mut out, "say \"hi\"");
//! assert_eq!(out, "say &quot;hi&quot;");
//! ```
//!
//! Design decisions:
//! - Append to a caller's `String`: the writers build one buffer per page.
//! - Only the characters that HTML requires are replaced (`'` is not: attributes are written
//!   with `"`), so text outside them, non-ASCII included, passes through byte for byte.
//! - The scan is over bytes: the replaced characters are ASCII, which never occurs inside a
//!   multi-byte UTF-8 sequence, so slicing at them is always on a character boundary.

/// Appends `s` escaped for element text: `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;`.
pub fn text(out: &mut String, s: &str) {
    escape_with(out, s, false);
}

/// Appends `s` escaped for a double-quoted attribute value (also valid as element text): `&`,
/// `<`, `>` and `"` become `&amp;`, `&lt;`, `&gt;`, `&quot;`.
pub fn attr(out: &mut String, s: &str) {
    escape_with(out, s, true);
}

fn escape_with(out: &mut String, s: &str, quotes: bool) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Undoes [`attr`] (and the `&#39;` / `&#x27;` forms of `'`): reads an attribute value of HTML
/// that our writers, or GitBook, wrote. Other character references are left as written.
pub fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Appends a URL percent-encoded for a double-quoted `href`/`src` attribute, as CommonMark
/// renderers do: bytes that are not URL-safe ASCII are `%XX`-encoded (existing `%XX` escapes
/// are kept), `&` and `'` become `&amp;` and `&#x27;`.
pub fn href(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let safe = matches!(b,
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9'
            | b'-' | b'_' | b'.' | b'~' | b'!' | b'*' | b'(' | b')' | b';' | b':' | b'@'
            | b'=' | b'+' | b'$' | b',' | b'/' | b'?' | b'#' | b'%' | b'^');
        if safe {
            continue;
        }
        // Non-ASCII bytes are escaped one by one, so `last` may sit inside a character only
        // when nothing lies between it and `i`.
        out.push_str(s.get(last..i).unwrap_or(""));
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
        last = i + 1;
    }
    out.push_str(s.get(last..).unwrap_or(""));
}

/// Appends `s` as a JSON string literal (with its quotes), escaping `"`, `\`, control
/// characters and `<` (so the result is also safe inside a `<script>` element).
pub fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        attr(&mut s, "<a href=\"x\">&</a>");
        assert_eq!(s, "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        let mut t = String::new();
        text(&mut t, "<a href=\"x\">&'</a>");
        assert_eq!(t, "&lt;a href=\"x\"&gt;&amp;'&lt;/a&gt;");
        let mut u = String::new();
        href(&mut u, "http://a.b/å b?x=1&y='");
        assert_eq!(u, "http://a.b/%C3%A5%20b?x=1&amp;y=&#x27;");
    }

    /// The rule written one character at a time, as a second opinion on the byte scan.
    fn by_chars(s: &str, quotes: bool) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if quotes => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn every_ascii_character() {
        let all: String = (0u8..128).map(char::from).collect();
        let (mut t, mut a) = (String::from("x"), String::from("x"));
        text(&mut t, &all);
        attr(&mut a, &all);
        assert_eq!(t, format!("x{}", by_chars(&all, false)));
        assert_eq!(a, format!("x{}", by_chars(&all, true)));
    }

    proptest! {
        #[test]
        fn byte_scan_equals_char_rule(s in "[&<>\"'a\\u{e5}\\u{20ac}\\u{1f600} \\n]{0,40}|\\PC{0,40}") {
            let (mut t, mut a) = (String::new(), String::new());
            text(&mut t, &s);
            attr(&mut a, &s);
            prop_assert_eq!(t, by_chars(&s, false));
            prop_assert_eq!(a, by_chars(&s, true));
        }
    }
}

//! HTML escaping.

/// Escapes `&`, `<`, `>` and `"` (attribute values and text alike).
pub(crate) fn html(out: &mut String, s: &str) {
    escape_with(out, s, true);
}

/// Escapes `&`, `<` and `>` (element text).
pub(crate) fn html_text(out: &mut String, s: &str) {
    escape_with(out, s, false);
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

/// Percent-encodes a URL for an `href`/`src` attribute: bytes that are not URL-safe ASCII are
/// `%XX`-encoded (existing `%XX` escapes are kept), `&` and `'` become entities.
pub(crate) fn href(out: &mut String, s: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        html(&mut s, "<a href=\"x\">&</a>");
        assert_eq!(s, "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        let mut u = String::new();
        href(&mut u, "http://a.b/å b?x=1&y='");
        assert_eq!(u, "http://a.b/%C3%A5%20b?x=1&amp;y=&#x27;");
    }
}

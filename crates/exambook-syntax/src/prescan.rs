//! One search over a page, before pulldown-cmark runs, for the byte patterns two extensions
//! need: admonition markers (`:::`, `!!!`, `???`, `{%`: without one the lowering has nothing
//! to do) and the places a bare autolink could start (`@`, `://`, `www.`: text nodes without
//! one need no autolink scan). A search for `:`, `@` and `!` serves both, so a page is read
//! three times (memchr, vectorised) rather than once per pattern.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// What the search found.
#[derive(Debug, Default)]
pub(crate) struct Prescan {
    /// The page holds `:::`, `!!!`, `???` or `{%` somewhere.
    pub markers: bool,
    /// Source offsets of `@`, `://` and `www.` where a bare autolink could be, sorted.
    pub anchors: Vec<usize>,
}

/// Searches `src` for markers (if `markers`) and autolink anchors (if `anchors`).
pub(crate) fn prescan(src: &str, markers: bool, anchors: bool) -> Prescan {
    let b = src.as_bytes();
    let mut out = Prescan::default();
    if !markers && !anchors {
        return out;
    }
    let tripled = |i: usize| b.get(i + 1) == Some(&b[i]) && b.get(i + 2) == Some(&b[i]);
    // URLs right after `](` (a link destination) or `<` (an autolink) are pulldown-cmark's;
    // `www.` right after `//` belongs to the URL whose `://` was seen already.
    let taken = |start: usize| {
        let before = &b[..start];
        before.ends_with(b"](") || before.ends_with(b"<") || before.ends_with(b"//")
    };
    for i in memchr::memchr3_iter(b':', b'@', b'!', b) {
        match b[i] {
            b'@' if anchors => out.anchors.push(i),
            b':' if anchors && b[i + 1..].starts_with(b"//") => {
                let scheme = b[..i]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                if !taken(i - scheme) {
                    out.anchors.push(i);
                }
            }
            b':' | b'!' if markers && tripled(i) => {
                out.markers = true;
                if !anchors {
                    return out;
                }
            }
            _ => {}
        }
    }
    if markers && !out.markers {
        out.markers = memchr::memchr2_iter(b'?', b'{', b).any(|i| {
            if b[i] == b'?' {
                tripled(i)
            } else {
                b.get(i + 1) == Some(&b'%')
            }
        });
    }
    if anchors {
        // Built once: on a small page building a searcher costs as much as the search.
        static WWW: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"www."));
        out.anchors.extend(WWW.find_iter(b).filter(|&i| !taken(i)));
        out.anchors.sort_unstable();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::prescan;

    #[test]
    fn finds_every_anchor() {
        let src = "a@b c http://x www.y z:w wwwx. ww@ :/ https://q [l](http://no) <http://no> http://www.no";
        let expected: Vec<usize> = [
            src.find('@'),
            src.find("://"),
            src.find("www."),
            src.rfind('@'),
            src.find("https://q").map(|i| i + 5),
            src.rfind("://"),
        ]
        .into_iter()
        .flatten()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
        assert_eq!(prescan(src, false, true).anchors, expected);
        assert!(!prescan(src, true, true).markers);
    }

    #[test]
    fn finds_markers() {
        for (src, found) in [
            ("text\n:::note\nx\n:::\n", true),
            ("!!! exam\n    x\n", true),
            ("??? lab\n", true),
            ("{% hint style=\"info\" %}\n", true),
            ("a: b, wow! what? {x} ::\n", false),
            ("", false),
        ] {
            assert_eq!(prescan(src, true, false).markers, found, "{src:?}");
            assert_eq!(prescan(src, true, true).markers, found, "{src:?}");
        }
    }
}

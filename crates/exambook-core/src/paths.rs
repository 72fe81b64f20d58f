//! Paths inside a book and its output, checked in one place: link paths decoded and resolved
//! relative to a page, and output paths that may be written.

use std::path::{Component, Path, PathBuf};

/// Decodes `%XX` escapes once (authors write `my%20page.md`; browsers send them). `None` for a
/// `%` not followed by two hex digits, or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |at: usize| bytes.get(at).and_then(|&c| (c as char).to_digit(16));
            let (h, l) = (hex(i + 1)?, hex(i + 2)?);
            out.push(u8::try_from(h * 16 + l).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Why [`request_segments`] refuses a request path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestRefusal {
    /// Malformed or escaping: not starting with `/`, a bad `%` escape, a `..` segment, a
    /// backslash, a colon or a control character (after decoding).
    Bad,
    /// A hidden segment (`.name`): the server's own temporary files and markers.
    Hidden,
}

/// The segments of a server request path (without its query), or why it is refused. The path
/// is percent-decoded exactly once (so `%252e` stays the literal name `%2e`); empty and `.`
/// segments are dropped. Every segment returned is non-empty, is not `..`, does not start with
/// `.` and holds no `/`, `\`, `:` or control character. `exambook serve` joins them to its
/// output folder; the fuzz target `serve_path` checks these promises.
pub fn request_segments(raw: &str) -> Result<Vec<String>, RequestRefusal> {
    if !raw.starts_with('/') {
        return Err(RequestRefusal::Bad);
    }
    let decoded = percent_decode(raw).ok_or(RequestRefusal::Bad)?;
    if decoded
        .chars()
        .any(|c| c == '\\' || c == ':' || c.is_control())
    {
        return Err(RequestRefusal::Bad);
    }
    let mut out = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(RequestRefusal::Bad),
            s if s.starts_with('.') => return Err(RequestRefusal::Hidden),
            s => out.push(s.to_owned()),
        }
    }
    Ok(out)
}

/// Normalises a link destination relative to the directory `base` (both `/`-separated, relative
/// to the source folder). `None` when it climbs out of the source folder.
pub fn normalize(base: &str, dest: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in dest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// An output path (relative, `/`-separated) as a relative file-system path, if it may be
/// written: not empty, only normal components, no `\` and no NUL. The one guard of every
/// writer of output files.
pub fn output_path(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains(['\\', '\0'])
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// What a file that is not a regular file is, for messages.
pub(crate) fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Whether two metadata describe the same file (always true where that cannot be told).
#[cfg(unix)]
pub(crate) fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
pub(crate) fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_once_and_strictly() {
        assert_eq!(percent_decode("a%20b.md").as_deref(), Some("a b.md"));
        assert_eq!(percent_decode("%252e").as_deref(), Some("%2e"));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
    }

    #[test]
    fn normalizing_stays_inside() {
        assert_eq!(normalize("351", "../352/a.md").as_deref(), Some("352/a.md"));
        assert_eq!(normalize("", "./a/./b.md").as_deref(), Some("a/b.md"));
        assert_eq!(normalize("351", "../../x.md"), None);
    }

    #[test]
    fn output_paths_stay_inside() {
        assert!(output_path("a/b.html").is_some());
        for bad in ["", "/etc/passwd", "../x", "a/../b", "a\\b", "a\0b", "./a"] {
            assert!(output_path(bad).is_none(), "{bad:?}");
        }
    }
}

//! From a request path to a file of the output folder, refusing anything that could leave it.
//!
//! The path is percent-decoded exactly once (so `%252e` stays the literal name `%2e`), then
//! refused when it holds a `..` segment, a backslash, a NUL or other control character, a colon
//! (drive letters, Windows alternate streams) or a hidden segment (`.name`: the server's own
//! temporary files and markers). What is left is joined to the output folder, canonicalized
//! (resolving symlinks) and served only when it is still inside the folder.

use exambook_core::paths::{RequestRefusal, request_segments};
use std::path::{Path, PathBuf};

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file inside the output folder (canonical path).
    File(PathBuf),
    /// A folder named without its trailing slash: redirect here (an absolute path on this
    /// server, never `//host`), so that relative links on its index page work.
    Redirect(String),
    /// Nothing there, or a hidden name.
    NotFound,
    /// A malformed or escaping path.
    BadRequest,
    /// A symlink (or folder) that leads out of the output folder.
    Forbidden,
}

/// The segments of a request path (without its query), or why it is refused: see
/// [`request_segments`], which holds the rule so that the fuzz target `serve_path` reaches it.
pub fn segments(raw: &str) -> Result<Vec<String>, Target> {
    request_segments(raw).map_err(|refusal| match refusal {
        RequestRefusal::Bad => Target::BadRequest,
        RequestRefusal::Hidden => Target::NotFound,
    })
}

/// Resolves a request path against the output folder `root` (canonical).
pub fn resolve(root: &Path, raw: &str) -> Target {
    let segs = match segments(raw) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let mut path = root.to_path_buf();
    path.extend(&segs);
    let Ok(found) = path.canonicalize() else {
        return Target::NotFound;
    };
    if !found.starts_with(root) {
        return Target::Forbidden;
    }
    if found.is_dir() {
        if !segs.is_empty() && !raw.ends_with('/') {
            let mut to = String::new();
            for s in &segs {
                to.push('/');
                to.push_str(&percent_encode(s));
            }
            to.push('/');
            return Target::Redirect(to);
        }
        return match found.join("index.html").canonicalize() {
            Ok(index) if index.starts_with(root) && index.is_file() => Target::File(index),
            Ok(index) if !index.starts_with(root) => Target::Forbidden,
            _ => Target::NotFound,
        };
    }
    if found.is_file() {
        Target::File(found)
    } else {
        Target::NotFound
    }
}

/// Escapes everything but unreserved characters (RFC 3986) in one path segment.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "txt" | "md" | "sh" | "py" | "yaml" | "yml" | "toml" | "conf" | "cfg" | "ini" => {
            "text/plain; charset=utf-8"
        }
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn decodes_once() {
        assert_eq!(segments("/a%20b"), Ok(vec!["a b".to_owned()]));
        assert_eq!(segments("/%252e"), Ok(vec!["%2e".to_owned()]));
        assert_eq!(segments("/%2"), Err(Target::BadRequest));
        assert_eq!(segments("/%ff"), Err(Target::BadRequest));
    }

    #[test]
    fn refuses_escapes_in_any_encoding() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/..%5cx",
            "/a%5c..%5c..%5cx",
            "/C:/Windows",
            "/c%3a/x",
            "/a%00.html",
            "/a\0b",
            "relative",
            "/%",
        ] {
            assert_eq!(segments(bad), Err(Target::BadRequest), "{bad:?}");
        }
        // Double encoding decodes once, to a harmless literal name.
        assert_eq!(
            segments("/%252e%252e/x"),
            Ok(vec!["%2e%2e".into(), "x".into()])
        );
        assert_eq!(segments("/.hidden"), Err(Target::NotFound));
        assert_eq!(segments("//a/./b/"), Ok(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn serves_inside_only() {
        let base = std::env::temp_dir().join(format!("exambook-serve-path-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("out");
        std::fs::create_dir_all(root.join("dir")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("dir/index.html"), "dir").unwrap();
        std::fs::write(base.join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/dir/"),
            Target::File(root.join("dir/index.html"))
        );
        assert_eq!(resolve(&root, "/dir"), Target::Redirect("/dir/".into()));
        assert_eq!(resolve(&root, "//dir"), Target::Redirect("/dir/".into()));
        assert_eq!(resolve(&root, "/missing.html"), Target::NotFound);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("secret.txt"), root.join("link.txt")).unwrap();
            std::os::unix::fs::symlink(&base, root.join("up")).unwrap();
            assert_eq!(resolve(&root, "/link.txt"), Target::Forbidden);
            assert_eq!(resolve(&root, "/up/secret.txt"), Target::Forbidden);
            assert_eq!(resolve(&root, "/up/"), Target::Forbidden);
        }
        std::fs::remove_dir_all(&base).unwrap();
    }
}

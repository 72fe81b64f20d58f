//! A GitBook book without `book.toml`: its settings read from `.gitbook.yaml` and the folder.
//!
//! GitBook (and HonKit) books have no `book.toml`: `.gitbook.yaml` may say where the content is
//! (`root: ./docs/`) and which files are the table of contents and the first page
//! (`structure: { summary: SUMMARY.md, readme: README.md }`, relative to `root`); without it, the
//! folder itself is the root. [`config`] turns that into the [`Config`] a `book.toml` would have
//! held, so everything after the read stage sees an ordinary book. `exambook init --from` writes
//! the same settings into a `book.toml`.
//!
//! Contained like `book.toml`'s `src`: a `root` (or summary, readme) that leaves the book folder
//! is an error at its line in `.gitbook.yaml`.

use std::path::{Path, PathBuf};

use exambook_syntax::ast::{BlockKind, plain_text};
use exambook_syntax::{Diagnostic, ParseOptions, Span, parse_with};
use serde::Deserialize;

use crate::book::SourceMap;
use crate::config::Config;
use crate::error::Error;
use crate::paths::normalize;

/// The GitBook configuration file.
pub const YAML: &str = ".gitbook.yaml";

/// What `.gitbook.yaml` says (unknown keys such as `redirects` are ignored: they mean nothing
/// to a static site).
#[derive(Debug, Default, Deserialize)]
struct Yaml {
    root: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    structure: Structure,
}

#[derive(Debug, Default, Deserialize)]
struct Structure {
    readme: Option<serde_saphyr::Spanned<String>>,
    summary: Option<serde_saphyr::Spanned<String>>,
}

/// Whether `root` holds a GitBook book: a `.gitbook.yaml`, or a `SUMMARY.md` with no `src/`
/// folder beside it (no `book.toml` either; the caller checks that first).
pub fn is_gitbook(root: &Path) -> bool {
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    exists(&root.join(YAML)) || (exists(&root.join("SUMMARY.md")) && !root.join("src").is_dir())
}

/// The settings of the GitBook book in `root` (canonical), or `None` when it is not one. Reads
/// `.gitbook.yaml` into `sources` (so errors can point into it); the title comes from the first
/// heading of the summary (unless it is GitBook's generic "Table of contents") or else of the
/// readme.
pub fn config(root: &Path, sources: &mut SourceMap) -> Result<Option<Config>, Error> {
    if !is_gitbook(root) {
        return Ok(None);
    }
    let yaml_path = root.join(YAML);
    let mut yaml = Yaml::default();
    let mut file = None;
    if std::fs::symlink_metadata(&yaml_path).is_ok() {
        let bytes = crate::load::read_regular(&yaml_path).map_err(|source| Error::Io {
            path: yaml_path.clone(),
            source,
        })?;
        let text = crate::load::replace_nul(String::from_utf8_lossy(&bytes).into_owned());
        let id = sources.add(PathBuf::from(YAML), text);
        file = Some(id);
        let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
        // An empty file (or one holding only comments) is no settings at all.
        if text.lines().any(|l| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('#') && l != "---"
        }) {
            yaml = serde_saphyr::from_str::<Yaml>(text).map_err(|e| {
                let start = e
                    .location()
                    .and_then(|l| l.span().byte_offset())
                    .map_or(0, |o| o as usize)
                    .min(text.len());
                content_error(
                    sources,
                    Span::new(id, start..start),
                    format!("invalid {YAML}: {e}"),
                    "`.gitbook.yaml` holds `root: ./docs/` and `structure:` with `readme:` and `summary:`",
                )
            })?;
        }
    }
    let span_of = |s: &serde_saphyr::Spanned<String>| {
        let sp = s.referenced.span();
        let start = sp.byte_offset().map_or(0, |o| o as usize);
        let len = sp.byte_len().map_or(0, |l| l as usize);
        Span::new(file.unwrap_or_default(), start..start + len)
    };
    // `root`, relative to the book folder, must stay in it.
    let src = match &yaml.root {
        Some(r) => {
            let inside = inside(root, "", &r.value);
            match inside {
                Some(dir) => dir,
                None => {
                    return Err(content_error(
                        sources,
                        span_of(r),
                        format!("`root: {}` is outside the book folder", r.value),
                        "`root` names a folder inside the book folder (symbolic links are followed before the check), e.g. `root: ./docs/`",
                    ));
                }
            }
        }
        None => String::new(),
    };
    let relative = |key: &str, value: &Option<serde_saphyr::Spanned<String>>, default: &str| {
        let Some(v) = value else {
            return Ok(default.to_owned());
        };
        match inside(root, &src, &v.value) {
            Some(path) => Ok(path
                .strip_prefix(&src)
                .map(|p| p.trim_start_matches('/').to_owned())
                .unwrap_or(path)),
            None => Err(content_error(
                sources,
                span_of(v),
                format!("`{key}: {}` is outside the book's root folder", v.value),
                "it names a file inside `root`, relative to it",
            )),
        }
    };
    let summary = relative("summary", &yaml.structure.summary, "SUMMARY.md")?;
    let readme = relative("readme", &yaml.structure.readme, "README.md")?;

    let src_dir = if src.is_empty() {
        root.to_path_buf()
    } else {
        root.join(&src)
    };
    let mut config = Config::default();
    config.book.src = if src.is_empty() { ".".to_owned() } else { src };
    if let Some(title) = first_heading(&src_dir.join(&summary))
        .filter(|t| !generic_title(t))
        .or_else(|| first_heading(&src_dir.join(&readme)))
    {
        config.book.title = title;
    }
    config.book.summary = summary;
    config.book.readme = Some(readme);
    Ok(Some(config))
}

/// `base/value` normalised, when it resolves (symbolic links followed, if it exists) inside
/// `root`: the path relative to `root`, `/` separators.
fn inside(root: &Path, base: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.starts_with('/') || value.starts_with('\\') || value.contains(':') {
        return None;
    }
    let norm = normalize(base, &value.replace('\\', "/"))?;
    if let Ok(real) = root.join(&norm).canonicalize()
        && !real.starts_with(root)
    {
        return None;
    }
    Some(norm)
}

fn content_error(sources: &SourceMap, span: Span, message: String, hint: &str) -> Error {
    Error::Content {
        sources: Box::new(sources.clone()),
        diagnostics: vec![Diagnostic::error(span, message).with_hint(hint)],
    }
}

/// GitBook writes `# Table of contents` at the top of every SUMMARY.md: not a book title.
fn generic_title(title: &str) -> bool {
    let t = title.trim().to_lowercase();
    matches!(
        t.as_str(),
        "table of contents" | "summary" | "contents" | ""
    )
}

/// The text of the first heading of a markdown file, if it can be read.
fn first_heading(path: &Path) -> Option<String> {
    let bytes = crate::load::read_regular(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let (doc, _) = parse_with(&text, &ParseOptions::default());
    doc.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading(h) => Some(plain_text(&h.content).trim().to_owned()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn book(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn read(dir: &tempfile::TempDir) -> Result<Option<Config>, (SourceMap, Vec<Diagnostic>)> {
        let root = dir.path().canonicalize().unwrap();
        let mut sources = SourceMap::default();
        config(&root, &mut sources).map_err(|e| match e {
            Error::Content {
                sources,
                diagnostics,
            } => (*sources, diagnostics),
            other => panic!("{other}"),
        })
    }

    #[test]
    fn summary_at_the_root_is_a_book_titled_by_its_readme() {
        let dir = book(&[
            (
                "SUMMARY.md",
                "# Table of contents\n\n* [Intro](README.md)\n",
            ),
            ("README.md", "# My 🖥️ notes\n"),
        ]);
        let c = read(&dir).unwrap().unwrap();
        assert_eq!(c.book.src, ".");
        assert_eq!(c.book.summary, "SUMMARY.md");
        assert_eq!(c.book.readme.as_deref(), Some("README.md"));
        assert_eq!(c.book.title, "My 🖥️ notes");
    }

    #[test]
    fn yaml_root_and_structure() {
        let dir = book(&[
            (
                ".gitbook.yaml",
                "root: ./docs/\nstructure:\n  readme: intro.md\n  summary: toc/SUMMARY.md\n",
            ),
            ("docs/toc/SUMMARY.md", "# Virtualization\n"),
            ("docs/intro.md", "# Intro\n"),
        ]);
        let c = read(&dir).unwrap().unwrap();
        assert_eq!(c.book.src, "docs");
        assert_eq!(c.book.summary, "toc/SUMMARY.md");
        assert_eq!(c.book.readme.as_deref(), Some("intro.md"));
        assert_eq!(c.book.title, "Virtualization");
    }

    #[test]
    fn paths_leaving_the_book_are_errors_at_their_line() {
        for (yaml, line) in [
            ("root: ../\n", 1),
            ("root: /etc\n", 1),
            ("root: docs\nstructure:\n  summary: ../../x.md\n", 3),
        ] {
            let dir = book(&[(".gitbook.yaml", yaml), ("docs/SUMMARY.md", "")]);
            let (sources, diags) = read(&dir).unwrap_err();
            assert_eq!(diags.len(), 1, "{yaml}");
            let at = sources.location(diags[0].span);
            assert!(
                at.starts_with(&format!(".gitbook.yaml:{line}:")),
                "{yaml}: {at}"
            );
            assert!(diags[0].message.contains("outside"), "{}", diags[0].message);
        }
    }

    #[test]
    fn bad_yaml_is_an_error_not_a_panic() {
        let dir = book(&[(".gitbook.yaml", "root: [\n")]);
        let (_, diags) = read(&dir).unwrap_err();
        assert!(diags[0].message.starts_with("invalid .gitbook.yaml"));
    }

    #[test]
    fn a_folder_with_src_is_not_a_gitbook_book() {
        let dir = book(&[("SUMMARY.md", ""), ("src/a.md", "")]);
        assert!(read(&dir).unwrap().is_none());
    }
}

//! Translations: gettext catalogs.
//!
//! A book's catalogs live in its catalog folder ([`catalog_dir`], `[i18n] dir` in
//! `book.toml`): `messages.pot`, the template made by `exambook i18n extract`, and one
//! `<lang>.po` per language. [`Catalog`] reads and writes them; the build takes
//! [`Catalog::translations`].

pub mod extract;
pub mod merge;
pub mod po;
pub mod stats;

use std::path::{Component, Path, PathBuf};

pub use extract::{Unit, template, units};
pub use merge::{Merged, merge, new_catalog};
pub use po::{Catalog, Message, State};

/// The template's file name in the catalog folder.
pub const TEMPLATE: &str = "messages.pot";

/// The catalog folder of the book at `root` (canonical) for `[i18n] dir = dir`.
///
/// Catalogs are the one thing a book may keep outside its folder, because a repository
/// usually holds the book in a folder of its own and the catalogs beside it (`book/`,
/// `i18n/`). The folder must be a relative path that resolves (symbolic links followed)
/// inside the **parent** of the book folder: `i18n` (the default) and `../i18n` are fine,
/// `../../x`, `/etc` and a link out of that parent are refused. The folder need not exist yet
/// (`extract` creates it); the part that does not exist may not contain `..`.
pub fn catalog_dir(root: &Path, dir: &str) -> Result<PathBuf, String> {
    let rel = Path::new(dir);
    if dir.is_empty() || rel.is_absolute() || rel.has_root() {
        return Err("it must be a relative path (such as `i18n` or `../i18n`)".into());
    }
    let joined = root.join(rel);
    // The longest part that exists, canonical; the rest appended as written.
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    let base = loop {
        match existing.canonicalize() {
            Ok(c) => break c,
            Err(_) => {
                let Some(name) = existing.file_name() else {
                    return Err("it does not resolve to a folder".into());
                };
                rest.push(name.to_os_string());
                existing = match existing.parent() {
                    Some(p) => p,
                    None => return Err("it does not resolve to a folder".into()),
                };
            }
        }
    };
    let mut full = base;
    for name in rest.iter().rev() {
        if Path::new(name)
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err("a part of it that does not exist yet contains `..`".into());
        }
        full.push(name);
    }
    let bound = root.parent().unwrap_or(root);
    if !full.starts_with(bound) {
        return Err("it leads outside the folder that holds the book".into());
    }
    if full.exists() && !full.is_dir() {
        return Err("it is not a folder".into());
    }
    Ok(full)
}

/// How diagnostics name file `name` of catalog folder `dir`: relative to the book folder when
/// the catalogs are inside it (`i18n/pt-BR.po`), else relative to the folder holding the book
/// (`i18n/pt-BR.po` for `dir = "../i18n"`).
pub fn display_name(root: &Path, dir: &Path, name: &str) -> PathBuf {
    let base = if dir.starts_with(root) {
        root
    } else {
        root.parent().unwrap_or(root)
    };
    dir.join(name)
        .strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| PathBuf::from(name))
}

/// The languages with a catalog (`<lang>.po`) in `dir`, sorted; none when `dir` does not
/// exist.
pub fn catalog_languages(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let lang = name.strip_suffix(".po")?;
            crate::config::check_language(lang).ok()?;
            Some(lang.to_string())
        })
        .collect();
    out.sort();
    out
}

/// Reads catalog file `name` (`pt-BR.po`, `messages.pot`) of catalog folder `dir` into
/// `sources` (named by [`display_name`]) and parses it. `Ok(None)` when it does not exist.
/// Only a regular file inside `dir` (symbolic links followed) is read; one that is not UTF-8 is
/// an error diagnostic at its first bad byte.
pub fn read_catalog(
    root: &Path,
    dir: &Path,
    name: &str,
    sources: &mut crate::SourceMap,
) -> std::io::Result<Option<(Catalog, Vec<crate::Diagnostic>)>> {
    let path = dir.join(name);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let real = path.canonicalize()?;
    let real_dir = dir.canonicalize()?;
    if !real.starts_with(&real_dir) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} leads outside the catalog folder", path.display()),
        ));
    }
    let bytes = crate::load::read_regular(&real)?;
    let shown = display_name(root, dir, name);
    let (text, bad) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let id = sources.add(shown.clone(), text);
    let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
    if let Some(at) = bad {
        let d = crate::Diagnostic::error(
            exambook_syntax::ast::Span::new(id, at..at),
            format!("`{}` is not valid UTF-8", shown.display()),
        )
        .with_hint("save the catalog as UTF-8 (`Content-Type: text/plain; charset=UTF-8`)");
        return Ok(Some((Catalog::default(), vec![d])));
    }
    Ok(Some(Catalog::parse(text, id)))
}

/// Writes `text` to `path` through a temporary file beside it, so a reader never sees half a
/// catalog.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn the_catalog_folder_stays_beside_the_book() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path().canonicalize().unwrap();
        let root = top.join("book");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(top.join("i18n")).unwrap();
        assert_eq!(catalog_dir(&root, "i18n").unwrap(), root.join("i18n"));
        assert_eq!(catalog_dir(&root, "../i18n").unwrap(), top.join("i18n"));
        assert_eq!(catalog_dir(&root, "../new/po").unwrap(), top.join("new/po"));
        assert!(catalog_dir(&root, "../..").is_err());
        assert!(catalog_dir(&root, "/etc").is_err());
        assert!(catalog_dir(&root, "").is_err());
        assert!(catalog_dir(&root, "new/../../..").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/", top.join("out")).unwrap();
            assert!(catalog_dir(&root, "../out/tmp").is_err());
        }
    }
}

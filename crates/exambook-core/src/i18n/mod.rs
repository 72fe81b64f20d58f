//! Translations: gettext catalogs.
//!
//! A book's catalogs live in its catalog folder ([`catalog_dir`], `[i18n] dir` in
//! `book.toml`): `messages.pot`, the template made by `exambook i18n extract`, and one
//! `<lang>.po` per language. [`Catalog`] reads and writes them; the build takes
//! [`Catalog::translations`].

pub mod po;

use std::path::{Component, Path, PathBuf};

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

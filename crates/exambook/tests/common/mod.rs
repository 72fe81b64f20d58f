//! Helpers shared by the CLI's integration tests (each test binary uses part of them).

#![allow(dead_code, reason = "each test binary uses part of the helpers")]
#![allow(clippy::unwrap_used, reason = "tests")]

use std::path::Path;
use std::process::Command;

use exambook_core::i18n::Catalog;

/// Copies the folder `from` to `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// `book.toml` text with its `[i18n]` table (if any) replaced by `i18n`, the table's body.
pub fn with_i18n(toml: &str, i18n: &str) -> String {
    let mut kept = String::new();
    let mut skipping = false;
    for line in toml.lines() {
        if line.starts_with('[') {
            skipping = line.trim() == "[i18n]";
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept.push_str("\n[i18n]\n");
    kept.push_str(i18n);
    kept
}

/// The book's template, made by `exambook i18n extract`.
pub fn template(book: &Path) -> Catalog {
    let run = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(["i18n", "extract"])
        .arg(book)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(book.join("i18n/messages.pot")).unwrap();
    let (catalog, diagnostics) = Catalog::parse(&text, exambook_syntax::FileId(0));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    catalog
}

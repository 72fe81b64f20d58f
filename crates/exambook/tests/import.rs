//! `exambook import` on guides of our own that copy the shapes real guides have: one file
//! holding the whole guide (emoji headings, `<a name>` anchors, LPI weights, knowledge areas,
//! cited lists in a code block and in a list, a line of broken encoding, a table of contents,
//! "back to top" links, a link already broken), and a GitBook folder (SUMMARY.md, emoji file
//! names, `.gitbook/assets`, `/`-rooted images, raw HTML links). Each imported book must load
//! with no error, carry the right objectives and weights, and every link that worked in the
//! source must work in the built site.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import")
        .join(name)
}

fn exambook(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Imports `source` into a fresh folder, checks and builds it; returns (temp, book, site,
/// import report).
fn import(source: &Path) -> (tempfile::TempDir, PathBuf, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    let site = tmp.path().join("site");
    let (ok, report) = exambook(&[
        "import",
        source.to_str().unwrap(),
        "-o",
        book.to_str().unwrap(),
    ]);
    assert!(ok, "{report}");
    let (ok, check) = exambook(&["check", book.to_str().unwrap()]);
    assert!(ok, "{check}");
    assert!(check.contains("no errors, 0 warning(s)"), "{check}");
    let (ok, built) = exambook(&[
        "build",
        book.to_str().unwrap(),
        "-d",
        site.to_str().unwrap(),
    ]);
    assert!(ok, "{built}");
    (tmp, book, site, report)
}

/// Objective id → weight, as the loaded book's exam model has them.
fn objectives(book: &Path) -> BTreeMap<String, u32> {
    let loaded = exambook_core::load(book).unwrap();
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let exam = loaded.book.exam.expect("an exam model");
    exam.topics
        .iter()
        .flat_map(|t| &t.objectives)
        .map(|o| (o.id.clone(), o.weight))
        .collect()
}

/// Every relative `href`/`src` of every page of `site` reaches a file (or folder) of the
/// site, and its `#fragment` an id or name on that page. Returns how many were followed.
fn links_work(site: &Path) -> usize {
    let mut followed = 0;
    for page in html_files(site) {
        let html = std::fs::read_to_string(&page).unwrap();
        for attr in exambook_syntax::html_urls::url_attrs(&html) {
            let url = attr.value.as_str();
            // 404.html links from the site root on purpose (it is served at any depth).
            if url.is_empty() || url.contains(':') || url.starts_with('/') {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url, None),
            };
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(percent_decode(path))
            };
            assert!(target.exists(), "{}: `{url}` leads nowhere", page.display());
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let text = std::fs::read_to_string(&target).unwrap();
                let found = [
                    format!("id={f}"),
                    format!("id=\"{f}\""),
                    format!("name=\"{f}\""),
                    format!("name={f}"),
                ]
                .iter()
                .any(|needle| {
                    text.match_indices(needle.as_str()).any(|(i, _)| {
                        !text[i + needle.len()..].starts_with(|c: char| {
                            c.is_alphanumeric() || c == '-' || c == '.' || c == '_'
                        })
                    })
                });
                assert!(found, "{}: `{url}`: no `{f}` there", page.display());
            }
            followed += 1;
        }
    }
    followed
}

fn percent_decode(s: &str) -> String {
    exambook_core::paths::percent_decode(s).unwrap_or_else(|| s.to_owned())
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() && name != "static" && name != "search" {
            out.extend(html_files(&p));
        } else if name.ends_with(".html") {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_one_file_guide_becomes_a_book_that_builds() {
    let (_tmp, book, site, report) = import(&fixture("one-file/README.md"));
    assert_eq!(
        objectives(&book),
        BTreeMap::from([
            ("351.1".to_owned(), 6),
            ("351.2".to_owned(), 3),
            ("352.1".to_owned(), 7)
        ])
    );
    // The LPI notations, read into front matter.
    let page =
        std::fs::read_to_string(book.join("src/351/351.1-virtualization-concepts-and-theory.md"))
            .unwrap();
    for cited in [
        "\"kvm-intel\", \"kvm-amd\"",
        "\"/proc/[0-9]+/ns\"",
        "\"virsh\"]",
        "\"Domain0 (Dom0)\", \"DomainU (DomU)\"",
    ] {
        assert!(page.contains(cited), "{cited} not in\n{page}");
    }
    assert!(page.contains("knowledge = [\"Understand the terms used about virtualization\""));
    assert!(!page.contains("**Weight:**"), "{page}");
    // Broken encoding repaired, and said so.
    let topic = std::fs::read_to_string(book.join("src/351/README.md")).unwrap();
    assert!(
        topic.contains("# 🖥\u{fe0f} Topic 351: Full Virtualization"),
        "{topic}"
    );
    assert!(page.contains("3 € here"), "{page}");
    assert!(report.contains("README.md:17: \"üñ•Ô∏è\""), "{report}");
    // The table of contents and the "back to top" links are gone.
    let intro = std::fs::read_to_string(book.join("src/README.md")).unwrap();
    assert!(!intro.contains("Table of Contents"), "{intro}");
    assert!(!page.contains("Back to top"), "{page}");
    // A link broken in the source is reported, not kept as a broken link.
    assert!(
        report.contains("README.md:83: #removed-section"),
        "{report}"
    );
    assert!(
        report.contains("links already broken in the source: 1"),
        "{report}"
    );
    assert!(report.contains("images/unused.png"), "{report}");
    assert!(
        report.contains("questions: the guide does not say"),
        "{report}"
    );
    let followed = links_work(&site);
    assert!(followed > 20, "{followed}");
    // Old anchors still lead to their sections.
    let concepts =
        std::fs::read_to_string(site.join("352/352.1-container-virtualization-concepts.html"))
            .unwrap();
    assert!(
        concepts.contains("href=../351/index.html#topic-351"),
        "{concepts}"
    );
    assert!(site.join("labs/network/interfaces").is_file());
    assert!(!site.join("images/unused.png").exists());
}

#[test]
fn a_gitbook_folder_becomes_a_book_that_builds() {
    let (_tmp, book, site, report) = import(&fixture("gitbook"));
    assert_eq!(
        objectives(&book),
        BTreeMap::from([("351.1".to_owned(), 8), ("352.1".to_owned(), 7)])
    );
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(toml.contains("code = \"305-300\""), "{toml}");
    assert!(toml.contains("title = \"Full Virtualization\""), "{toml}");
    assert!(report.contains("../topic-353/gone.md"), "{report}");
    assert!(report.contains("notes.pdf"), "{report}");
    let followed = links_work(&site);
    assert!(followed > 10, "{followed}");
    assert!(site.join(".gitbook/assets/stack.png").is_file());
    assert!(!site.join(".gitbook/assets/old.png").exists());
}

#[test]
fn an_mdbook_shaped_folder_with_includes_and_front_matter_is_kept_whole() {
    // The bundled guide: src/SUMMARY.md, front matter of its own, {{#include}}s of lab files
    // beside src/.
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book");
    let (_tmp, book, site, report) = import(&source);
    assert!(report.contains("13 included"), "{report}");
    // What its book.toml says about the exam is carried over, so nothing is left to do.
    assert!(!report.contains("to do:"), "{report}");
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(toml.contains("passing-score = 500"), "{toml}");
    let weights = objectives(&book);
    assert_eq!(weights.len(), 13);
    assert_eq!(weights.values().sum::<u32>(), 60);
    assert!(links_work(&site) > 100);
}

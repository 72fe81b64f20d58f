//! GitBook books as input: `tests/fixtures/gitbook-book/` (a `.gitbook.yaml` with `root:
//! ./docs/`, `## Part` headings in SUMMARY.md, emoji and spaces in file names, an image in
//! `.gitbook/assets/`, every GitBook block and one unknown tag) builds without a `book.toml`,
//! and `exambook init --from` writes one for it.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gitbook-book")
}

fn exambook(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The fixture built once: (temporary folder holding `book/` and `out/`, the run's output).
fn built() -> &'static (tempfile::TempDir, Output) {
    static BUILT: OnceLock<(tempfile::TempDir, Output)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let book = tmp.path().join("book");
        common::copy_tree(&fixture(), &book);
        let out = tmp.path().join("out");
        let output = exambook(&[
            "build".as_ref(),
            book.as_os_str(),
            "-d".as_ref(),
            out.as_os_str(),
        ]);
        (tmp, output)
    })
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn fixture_builds_without_errors() {
    let (tmp, output) = built();
    let err = stderr(output);
    assert!(output.status.success(), "{err}");
    assert!(!err.contains("error"), "{err}");
    let out = tmp.path().join("out");
    for page in [
        "index.html",
        "🖥️-topic-351.html",
        "blocks.html",
        "lab notes/first lab.html",
        ".gitbook/assets/lab network.png",
        ".gitbook/assets/figure.png",
    ] {
        assert!(out.join(page).is_file(), "{page} missing; {err}");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    // The title comes from README's heading (SUMMARY's is GitBook's "Table of contents").
    assert!(
        index.contains("Virtualization Study Notes</title>"),
        "{index}"
    );
    // The percent-encoded link to the emoji page is rewritten to that page.
    assert!(index.contains("-topic-351.html>first topic"), "{index}");
    let lab = std::fs::read_to_string(out.join("lab notes/first lab.html")).unwrap();
    assert!(
        lab.contains("../.gitbook/assets/lab%20network.png"),
        "{lab}"
    );
    // Parts of SUMMARY.md (`## Part`) are in the navigation.
    let toc = std::fs::read_to_string(out.join("toc.html")).unwrap();
    assert!(toc.contains("Topic 351: Full Virtualization"), "{toc}");
    assert!(toc.contains("Lab work"), "{toc}");
}

#[test]
fn unknown_tag_warns_at_its_line_and_stays_visible() {
    let (tmp, output) = built();
    let err = stderr(output);
    assert!(
        err.contains(
            "warning: unknown GitBook tag `swagger`: it is shown as text\n  --> docs/blocks.md:54:1\n"
        ),
        "{err}"
    );
    // One warning for the block, not one for its end tag too.
    assert_eq!(err.matches("unknown GitBook tag").count(), 1, "{err}");
    let blocks = std::fs::read_to_string(tmp.path().join("out/blocks.html")).unwrap();
    assert!(blocks.contains("{% swagger method="), "{blocks}");
}

#[test]
fn gitbook_blocks_are_rendered() {
    let (tmp, _) = built();
    let blocks = std::fs::read_to_string(tmp.path().join("out/blocks.html")).unwrap();
    // Tabs: radio buttons and labels, one panel each.
    assert!(blocks.contains("<div class=tabs>"), "{blocks}");
    assert!(blocks.contains(">Debian</label>") && blocks.contains(">Fedora</label>"));
    assert_eq!(blocks.matches("class=tab-panel").count(), 2);
    // `{% code title %}` is the code block's title.
    assert!(blocks.contains("<figcaption class=code-title>start-vm.sh</figcaption>"));
    // Embed: a card with the host and the address, no iframe.
    assert!(blocks.contains("<span class=card-title>www.youtube.com</span>"));
    assert!(!blocks.contains("<iframe"));
    // Content-ref: a card whose link is rewritten to the page.
    assert!(
        blocks.contains("<div class=\"card card-page\"><p><a href=lab%20notes/first%20lab.html>"),
        "{blocks}"
    );
    // Figure: the image found in .gitbook/assets, with its caption.
    assert!(
        blocks.contains("src=.gitbook/assets/figure.png><figcaption>The stack, from hardware to guest</figcaption>"),
        "{blocks}"
    );
    // The heading with an emoji keeps an id that links reach (`blocks.md#-tabs` is checked).
    assert!(blocks.contains("id=-tabs"), "{blocks}");
}

#[test]
fn init_from_writes_book_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    common::copy_tree(&fixture(), &book);
    let output = exambook(&["init".as_ref(), "--from".as_ref(), book.as_os_str()]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(
        toml.contains("title = \"Virtualization Study Notes\"\nsrc = \"docs\"\nsummary = \"SUMMARY.md\"\nreadme = \"README.md\"\n"),
        "{toml}"
    );
    assert!(
        err.contains("wrote ") && err.contains("src = \"docs\""),
        "{err}"
    );
    // Not twice.
    let again = exambook(&["init".as_ref(), "--from".as_ref(), book.as_os_str()]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already holds a book.toml"));
    // The book builds from its book.toml as it did without.
    let out = tmp.path().join("out");
    let build = exambook(&[
        "build".as_ref(),
        book.as_os_str(),
        "-d".as_ref(),
        out.as_os_str(),
    ]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(out.join("🖥️-topic-351.html").is_file());
}

#[test]
fn init_from_a_folder_without_gitbook_book_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let output = exambook(&["init".as_ref(), "--from".as_ref(), tmp.path().as_os_str()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("holds no GitBook book"),
        "{}",
        stderr(&output)
    );
    assert!(!tmp.path().join("book.toml").exists());
}

//! The bridge to the browser tests, so that `cargo test --workspace` runs them too.
//!
//! Builds the bundled guide (`book/`) twice with the binary under test — at the root base path
//! and with `--base-path /repo/` — and two fixture books (one in pt-BR), into a temporary
//! folder, then runs `node --test` over `tests/e2e/*.test.mjs` (Playwright driving Debian's
//! Chromium, axe-core, the Nu HTML Checker on the machine's Java) and prints the figures they
//! report. Screenshots land in `target/screenshots/`.
//!
//! Needs `/usr/bin/chromium`, `node`, `java` and `npm ci` at the repository root. When one is
//! missing the test prints a loud SKIPPED message and passes, except in CI (`CI=true`), where it
//! fails. Run only these: `cargo test -p exambook --test browser`.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const CHROMIUM: &str = "/usr/bin/chromium";
const FIXTURE: &str = "crates/exambook/tests/cli/ok-no-summary/book";
/// An exam book with questions on its pages and a question bank (quiz and practice exam tests).
const QUIZ: &str = "crates/exambook/tests/cli/ok-questions/book";
/// A small book in Brazilian Portuguese (search stems its words with the Portuguese stemmer).
const FIXTURE_PT: &str = "tests/e2e/pt-book";

/// The bundled guide published in two languages (`[i18n] languages = ["en", "de"]`), the German
/// one from a pseudo-locale catalog made by `exambook i18n extract`: every message wrapped in
/// `⟦…⟧`, except those naming QEMU, left to fall back to English.
fn build_two_languages(root: &Path, tmp: &Path, out: &Path) {
    let book = tmp.join("book-i18n");
    common::copy_tree(&root.join("book/src"), &book.join("src"));
    common::copy_tree(&root.join("book/labs"), &book.join("labs"));
    let toml = std::fs::read_to_string(root.join("book/book.toml")).unwrap();
    let kept = common::with_i18n(&toml, "languages = [\"en\", \"de\"]\n");
    std::fs::write(book.join("book.toml"), kept).unwrap();
    let mut catalog = common::template(&book);
    catalog.set_header_field("Language", "de");
    for m in &mut catalog.messages {
        if !m.msgid.contains("QEMU") {
            m.msgstr = vec![format!("⟦{}⟧", m.msgid)];
        }
    }
    std::fs::write(book.join("i18n/de.po"), catalog.write()).unwrap();
    build(root, &book.to_string_lossy(), out, &[]);
    assert!(out.join("de/index.html").is_file());
}

/// Writes past libtest's output capture, so that the message shows even when the test passes.
fn loud(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
    let _ = err.flush();
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What the browser tests need and this machine lacks.
fn missing(root: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).is_file() {
        missing.push(format!("{CHROMIUM} (apt-get install chromium)"));
    }
    if !runs("node", "--version") {
        missing.push("node".into());
    }
    if !runs("java", "-version") {
        missing.push("java (apt-get install default-jre-headless)".into());
    }
    for module in ["playwright-core", "axe-core", "vnu-jar"] {
        if !root.join("node_modules").join(module).is_dir() {
            missing.push(format!("node_modules/{module} (npm ci)"));
        }
    }
    missing
}

fn build(root: &Path, book: &str, out: &Path, extra: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .arg("build")
        .arg(root.join(book))
        .arg("-d")
        .arg(out)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success() && out.join("index.html").is_file(),
        "exambook build {book} {extra:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Sums one figure over the JSON reports that the test files wrote; `None` when no file did.
fn figure(reports: &[serde_json::Value], name: &str) -> Option<u64> {
    let values: Vec<u64> = reports.iter().filter_map(|r| r[name].as_u64()).collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

#[test]
fn browser_end_to_end() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap();
    let missing = missing(&root);
    if !missing.is_empty() {
        let what = format!(
            "browser tests need /usr/bin/chromium and npm ci (missing: {})",
            missing.join(", ")
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true, so the browser tests may not skip: {what}");
        }
        loud(&format!("\n*** SKIPPED: {what} ***\n"));
        return;
    }

    let tmp = tempfile::Builder::new()
        .prefix("exambook-browser-")
        .tempdir()
        .unwrap();
    let (site, site_repo, fixture, fixture_pt, report) = (
        tmp.path().join("site"),
        tmp.path().join("site-repo"),
        tmp.path().join("fixture"),
        tmp.path().join("fixture-pt"),
        tmp.path().join("report"),
    );
    let quiz = tmp.path().join("quiz");
    build(&root, "book", &site, &[]);
    build(&root, "book", &site_repo, &["--base-path", "/repo/"]);
    build(&root, FIXTURE, &fixture, &[]);
    build(&root, QUIZ, &quiz, &[]);
    build(&root, FIXTURE_PT, &fixture_pt, &[]);
    let site_i18n = tmp.path().join("site-i18n");
    build_two_languages(&root, tmp.path(), &site_i18n);
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let screenshots = target.join("screenshots");

    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/e2e"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tests/e2e/*.test.mjs");

    let started = Instant::now();
    // Output goes straight to the terminal (not captured): the spec reporter shows each check.
    let status = Command::new("node")
        .args(["--test", "--test-reporter=spec", "--test-timeout=300000"])
        .args(&files)
        .current_dir(&root)
        .env("EXAMBOOK_E2E_SITE", &site)
        .env("EXAMBOOK_E2E_SITE_REPO", &site_repo)
        .env("EXAMBOOK_E2E_FIXTURE", &fixture)
        .env("EXAMBOOK_E2E_QUIZ", &quiz)
        .env("EXAMBOOK_E2E_FIXTURE_PT", &fixture_pt)
        .env("EXAMBOOK_E2E_SITE_I18N", &site_i18n)
        .env("EXAMBOOK_E2E_REPORT", &report)
        .env("EXAMBOOK_E2E_SCREENSHOTS", &screenshots)
        .env("EXAMBOOK_E2E_CHROMIUM", CHROMIUM)
        .status()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();

    let reports: Vec<serde_json::Value> = std::fs::read_dir(&report)
        .map(|dir| {
            dir.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .filter_map(|text| serde_json::from_str(&text).ok())
                .collect()
        })
        .unwrap_or_default();
    let show = |name: &str| figure(&reports, name).map_or("n/a".into(), |n| n.to_string());
    let summary = format!(
        "browser checks: {} pages validated, vnu errors {}, axe violations {}, external requests {}, broken links {}\n\
         ({} pages opened over http and file://, {} axe runs, console errors {}, screenshots in {}, {} test files in {seconds:.0} s)\n",
        show("pagesValidated"),
        show("vnuErrors"),
        show("axeViolations"),
        show("externalRequests"),
        show("brokenLinks"),
        show("pages"),
        show("axeRuns"),
        show("consoleErrors"),
        screenshots.display(),
        files.len(),
    );
    loud(&format!("\n{summary}"));
    // Also kept for a CI log's last lines: `cat target/browser-checks.txt`.
    let _ = std::fs::write(target.join("browser-checks.txt"), &summary);
    assert!(
        status.success(),
        "the browser tests failed (node --test: {status}); see their output above"
    );
}

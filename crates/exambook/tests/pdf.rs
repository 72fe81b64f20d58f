//! `exambook pdf`: the bundled guide printed by a real headless Chromium and read back with
//! poppler (`pdfinfo`, `pdftotext`, `pdftohtml -xml` for the outline); and how the command
//! fails: no browser, a browser that fails or hangs, a language the book is not published in;
//! and its Brazilian Portuguese translation (`--lang pt-BR`).
//!
//! Without Chromium or poppler the end-to-end test skips with a loud message; under `CI=true`
//! it fails instead (`.ci/run` installs both).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn exambook() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_exambook"));
    c.env("NO_COLOR", "1");
    c
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Skips (loudly) or, under CI, fails.
fn missing(what: &str) {
    let message = format!("SKIPPED pdf end-to-end test: {what} not found");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message} (CI=true: install it, see .ci/run)");
    }
    eprintln!("\n!!!!!!!! {message} !!!!!!!!\n");
}

/// A program on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn chrome() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("EXAMBOOK_CHROME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|n| on_path(n))
}

/// Chromium, when it and the poppler `tools` are installed; else `None` after [`missing`].
fn browser_and(tools: &[&str]) -> Option<PathBuf> {
    let Some(chrome) = chrome() else {
        missing("Chromium (chromium, google-chrome or EXAMBOOK_CHROME)");
        return None;
    };
    for tool in tools {
        if on_path(tool).is_none() {
            missing(&format!("poppler's {tool} (Debian: poppler-utils)"));
            return None;
        }
    }
    Some(chrome)
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        stderr(&out)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whitespace runs as one space (pdftotext breaks lines where the page did).
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_bundled_guide_prints_to_a_pdf() {
    let Some(chrome) = browser_and(&["pdfinfo", "pdftotext", "pdftohtml"]) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("guide.pdf");
    let book_dir = repo().join("book");
    let out = exambook()
        .arg("pdf")
        .arg(&book_dir)
        .arg("-o")
        .arg(&pdf)
        .arg("--chrome")
        .arg(&chrome)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "exambook pdf failed: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("wrote "), "{}", stderr(&out));
    // Nothing but the PDF is left beside it.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("guide.pdf")]);

    let book = exambook_core::load(&book_dir)
        .expect("the bundled guide loads")
        .book;
    let title = &book.config.book.title;
    let pdf_arg = pdf.to_str().unwrap();

    // Metadata and size.
    let info = run("pdfinfo", &[pdf_arg]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(field("Title"), *title, "{info}");
    let pages: usize = field("Pages").parse().unwrap();
    assert!(
        pages > book.pages.len() * 3,
        "{pages} pages for {} book pages",
        book.pages.len()
    );
    assert!(field("Page size").contains("A4"), "{info}");

    // Text: every objective's id and title, no browser header or footer, no blank page.
    let text = run("pdftotext", &["-enc", "UTF-8", pdf_arg, "-"]);
    let flat = squash(&text);
    let exam = book.exam.as_ref().expect("the guide has an exam model");
    let objectives: Vec<_> = exam.topics.iter().flat_map(|t| &t.objectives).collect();
    assert!(objectives.len() >= 10);
    for o in &objectives {
        assert!(flat.contains(&o.id), "objective {} not in the text", o.id);
        assert!(
            flat.contains(&squash(&o.title)),
            "objective title {:?} not in the text",
            o.title
        );
    }
    // The guide's own code shows `http://127.0.0.1:…` URLs, so a URL is only a browser
    // header or footer when it stands on a page's first or last line.
    for needle in ["file://", "print.html", "about:blank"] {
        assert!(!text.contains(needle), "{needle:?} printed in the PDF");
    }
    let sheets: Vec<&str> = text.split('\u{c}').filter(|s| !s.is_empty()).collect();
    assert_eq!(sheets.len(), pages);
    for (i, sheet) in sheets.iter().enumerate() {
        let lines: Vec<&str> = sheet.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines.len() > 2, "page {} is blank: {lines:?}", i + 1);
        for edge in [lines[0], lines[lines.len() - 1]] {
            assert!(
                !edge.contains("://"),
                "page {} has a URL in its margin: {edge:?}",
                i + 1
            );
        }
        if i > 0 {
            // Our own margin boxes: the title at the top, "n of N" at the bottom.
            assert!(
                squash(sheet).contains(&squash(title)),
                "page {} has no running title",
                i + 1
            );
            let number = format!("{} of {pages}", i + 1);
            assert!(
                lines.iter().any(|l| l.trim() == number),
                "page {} has no page number {number:?}",
                i + 1
            );
        }
    }

    // The outline: at least one entry per objective.
    let xml = run(
        "pdftohtml",
        &["-xml", "-i", "-stdout", "-q", "-f", "1", "-l", "1", pdf_arg],
    );
    let outline = xml
        .split_once("<outline")
        .map(|(_, rest)| rest)
        .expect("the PDF has an outline");
    let entries: Vec<String> = outline
        .split("<item")
        .skip(1)
        .map(|item| {
            let text = item.split_once('>').map_or("", |(_, t)| t);
            squash(text.split('<').next().unwrap_or_default())
        })
        .collect();
    for o in &objectives {
        assert!(
            entries.iter().any(|e| e.starts_with(&o.id)),
            "no outline entry for objective {} in {entries:?}",
            o.id
        );
    }
}

#[test]
fn the_translation_prints_to_its_own_pdf() {
    let Some(chrome) = browser_and(&["pdfinfo", "pdftotext"]) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("guia.pdf");
    let book_dir = repo().join("book");
    let out = exambook()
        .arg("pdf")
        .arg(&book_dir)
        .args(["--lang", "pt-br", "-o"])
        .arg(&pdf)
        .arg("--chrome")
        .arg(&chrome)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "exambook pdf --lang pt-br failed: {}",
        stderr(&out)
    );
    // What the catalog says the book's and the objectives' titles are in Portuguese.
    let po = std::fs::read_to_string(repo().join("i18n/pt-BR.po")).unwrap();
    let (catalog, problems) =
        exambook_core::i18n::Catalog::parse(&po, exambook_syntax::FileId::default());
    assert!(problems.is_empty(), "{problems:?}");
    let pt: std::collections::HashMap<&str, &str> =
        catalog.translations().map(|(id, s, _)| (id, s)).collect();
    let book = exambook_core::load(&book_dir).unwrap().book;
    let pdf_arg = pdf.to_str().unwrap();
    let info = run("pdfinfo", &[pdf_arg]);
    let title = pt[book.config.book.title.as_str()];
    assert!(
        info.lines()
            .any(|l| l.strip_prefix("Title:").map(str::trim) == Some(title)),
        "{info}"
    );
    let text = squash(&run("pdftotext", &["-enc", "UTF-8", pdf_arg, "-"]));
    let exam = book.exam.as_ref().unwrap();
    let mut translated_titles = 0;
    for o in exam.topics.iter().flat_map(|t| &t.objectives) {
        // ("351.3 QEMU" is the same in both languages.)
        let translated = pt[o.title.as_str()];
        translated_titles += usize::from(translated != o.title);
        assert!(
            text.contains(&squash(translated)),
            "objective title {translated:?} not in the Portuguese PDF"
        );
    }
    // (Titles that are product names, "351.2 Xen", stay as they are: 6 of 13 change.)
    assert!(
        translated_titles >= 5,
        "{translated_titles} objective titles translated"
    );
}

#[test]
fn no_browser_is_one_clear_line_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    let out = exambook()
        .arg("pdf")
        .arg(repo().join("book"))
        .arg("-o")
        .arg(tmp.path().join("x.pdf"))
        .env("PATH", &empty)
        .env_remove("EXAMBOOK_CHROME")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: no Chromium found"), "{err}");
    assert!(
        err.contains("--chrome") && err.contains("EXAMBOOK_CHROME"),
        "{err}"
    );
    assert!(!tmp.path().join("x.pdf").exists());

    let out = exambook()
        .arg("pdf")
        .arg(repo().join("book"))
        .env("EXAMBOOK_CHROME", tmp.path().join("nope"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: EXAMBOOK_CHROME ")
            && stderr(&out).contains("no such file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn another_language_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    // Any existing file passes the lookup: the language is refused before a browser runs.
    let out = exambook()
        .arg("pdf")
        .arg(repo().join("book"))
        .args([
            "--lang",
            "de",
            "--chrome",
            env!("CARGO_BIN_EXE_exambook"),
            "-o",
        ])
        .arg(tmp.path().join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--lang de: this book is published in en, pt-BR"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}

#[cfg(unix)]
fn fake_browser(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("fake-chrome");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A browser that fails or never finishes leaves no PDF (and no partial file) behind, and the
/// error says what happened.
#[cfg(unix)]
#[test]
fn a_failing_or_hanging_browser_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    // Writes half a file where the PDF goes, then fails.
    let failing = fake_browser(
        tmp.path(),
        "for a in \"$@\"; do case \"$a\" in --print-to-pdf=*) printf '%%PDF-1.4 half' > \"${a#--print-to-pdf=}\";; esac; done\necho 'cannot open display' >&2\nexit 3",
    );
    let out = exambook()
        .arg("pdf")
        .arg(repo().join("book"))
        .arg("-o")
        .arg(out_dir.join("guide.pdf"))
        .arg("--chrome")
        .arg(&failing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("failed") && err.contains("cannot open display"),
        "{err}"
    );
    assert!(std::fs::read_dir(&out_dir).unwrap().next().is_none());

    let hanging = tmp.path().join("hang");
    std::fs::create_dir(&hanging).unwrap();
    let hanging = fake_browser(&hanging, "exec sleep 30");
    let started = std::time::Instant::now();
    let out = exambook()
        .arg("pdf")
        .arg(repo().join("book"))
        .arg("-o")
        .arg(out_dir.join("guide.pdf"))
        .args(["--timeout", "1", "--chrome"])
        .arg(&hanging)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        started.elapsed().as_secs() < 25,
        "the deadline did not stop it"
    );
    let err = stderr(&out);
    assert!(err.contains("did not finish printing within 1 s"), "{err}");
    assert!(std::fs::read_dir(&out_dir).unwrap().next().is_none());
}

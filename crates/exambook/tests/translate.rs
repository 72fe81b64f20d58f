//! The translation pass end to end: the bundled book, `exambook i18n extract`, a pseudo-locale
//! catalog (every message wrapped in `⟦…⟧`, placeholders kept) builds a second site under `de/` where every
//! translatable text is wrapped and no code is; bad translations fail with the catalog's line.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn exambook() -> Command {
    Command::new(env!("CARGO_BIN_EXE_exambook"))
}

/// A copy of `book/` translated into `de`, with `[i18n]` set (any `[i18n]` of the book's own
/// replaced).
fn book_copy(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book");
    let book = dir.join("book");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if entry.path().is_dir()
            && !matches!(name.to_str(), Some("book-out" | ".exambook" | "i18n"))
        {
            common::copy_tree(&entry.path(), &book.join(&name));
        }
    }
    let toml = std::fs::read_to_string(src.join("book.toml")).unwrap();
    let kept = common::with_i18n(
        &toml,
        "languages = [\"en\", \"de\"]\nkeep = [\"QEMU\", \"KVM\"]\n",
    );
    std::fs::write(book.join("book.toml"), kept).unwrap();
    book
}

/// The pseudo-locale: `⟦message⟧`, a translation that keeps every placeholder.
fn pseudo(msgid: &str) -> String {
    format!("⟦{msgid}⟧")
}

/// Writes `i18n/de.po`: the extracted template with `translate` applied to every message
/// (`None`: left untranslated).
fn write_catalog(book: &Path, translate: &dyn Fn(&str) -> Option<String>) {
    let mut catalog = common::template(book);
    catalog.set_header_field("Language", "de");
    for m in &mut catalog.messages {
        m.msgstr = vec![translate(&m.msgid).unwrap_or_default()];
    }
    std::fs::write(book.join("i18n/de.po"), catalog.write()).unwrap();
}

fn build(book: &Path, out: &Path) -> Output {
    exambook()
        .args(["build", "--quiet"])
        .arg(book)
        .arg("-d")
        .arg(out)
        .output()
        .unwrap()
}

struct Site {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

/// The pseudo-translated book, built once.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let book = book_copy(dir.path());
        write_catalog(&book, &|id| Some(pseudo(id)));
        let out = dir.path().join("out");
        let run = build(&book, &out);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        Site { _dir: dir, out }
    })
}

fn html_pages(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `html` without the elements named (with their content) and without tags.
fn text_outside(html: &str, elements: &[&str]) -> String {
    let mut s = html.to_owned();
    for el in elements {
        let open = format!("<{el}");
        let close = format!("</{el}>");
        while let Some(start) = s.find(&open) {
            let Some(len) = s[start..].find(&close) else {
                break;
            };
            s.replace_range(start..start + len + close.len(), " ");
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The article of a page (the page's own content).
fn article(html: &str) -> &str {
    let start = html.find("<article").unwrap_or(0);
    let end = html.rfind("</article>").unwrap_or(html.len());
    &html[start..end]
}

fn ids(html: &str) -> Vec<String> {
    let mut out: Vec<String> = html
        .match_indices(" id=")
        .map(|(i, _)| {
            let rest = &html[i + 4..];
            let rest = rest.trim_start_matches('"');
            rest.split(['"', ' ', '>']).next().unwrap_or("").to_owned()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn pseudo_locale_wraps_every_text_and_no_code() {
    let site = site();
    let de = site.out.join("de");
    assert!(de.join("print.html").is_file(), "de/print.html");
    assert!(de.join("search/index.js").is_file(), "de/search/index.js");
    let index = std::fs::read_to_string(de.join("search/index.js")).unwrap();
    assert!(index.contains("\"de\""), "the German index: {index:.200}");
    let pages: Vec<PathBuf> = html_pages(&site.out)
        .into_iter()
        .filter(|p| !p.starts_with(&de))
        .collect();
    let mut checked = 0;
    for page in &pages {
        let rel = page.strip_prefix(&site.out).unwrap();
        let src = std::fs::read_to_string(page).unwrap();
        let Ok(translated) = std::fs::read_to_string(de.join(rel)) else {
            panic!("de/{} is missing", rel.display());
        };
        assert!(has_lang(&translated, "de"), "{}", rel.display());
        // The same anchors in both languages.
        assert_eq!(ids(&src), ids(&translated), "ids of {}", rel.display());
        if !src.contains("<article") || rel == Path::new("print.html") {
            continue;
        }
        checked += 1;
        // No code is wrapped.
        for code in ["<code", "<pre"] {
            for (at, _) in translated.match_indices(code) {
                let end = translated[at..]
                    .find("</")
                    .map_or(translated.len(), |e| at + e);
                assert!(
                    !translated[at..end].contains('⟦'),
                    "wrapped code in de/{}: {}",
                    rel.display(),
                    &translated[at..end]
                );
            }
        }
        // Every text of the article is inside ⟦…⟧, but for code, diagrams, the navigation
        // and the theme's own words.
        let text = text_outside(
            article(&translated),
            &[
                "pre",
                "code",
                "svg",
                "nav",
                "script",
                "button",
                "template",
                "kbd",
                // Code block titles are not units of the segmenter yet (see the report).
                "figcaption",
            ],
        );
        let mut depth = 0usize;
        let mut outside = String::new();
        for c in text.chars() {
            match c {
                '⟦' => depth += 1,
                '⟧' => depth = depth.saturating_sub(1),
                _ if depth == 0 => outside.push(c),
                _ => {}
            }
        }
        let words: Vec<&str> = outside
            .split_whitespace()
            // URLs shown as link text are not text to translate.
            .filter(|w| w.chars().any(char::is_alphabetic) && !w.contains("://"))
            .collect();
        assert!(
            words.is_empty() || !src.contains("⟦"),
            "text outside ⟦…⟧ in de/{}: {words:?}",
            rel.display()
        );
        let allowed = german_ui_words();
        let stray: Vec<&&str> = words
            .iter()
            .filter(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                !allowed.iter().any(|a| a.contains(w))
            })
            .collect();
        assert!(
            stray.is_empty(),
            "text outside ⟦…⟧ in de/{}: {stray:?}",
            rel.display()
        );
        assert!(!translated.contains("translation-notice"), "complete page");
        assert!(!translated.contains("<span lang=en>"), "complete page");
    }
    assert!(checked > 10, "{checked} pages checked");
}

/// Whether the page's `<html>` has `lang` = `tag` (minified or not).
fn has_lang(html: &str, tag: &str) -> bool {
    let head = &html[..html.find("<head").unwrap_or(html.len())];
    head.contains(&format!(" lang={tag}>")) || head.contains(&format!(" lang=\"{tag}\""))
}

/// The theme's German strings (the words a page shows that are not the book's).
fn german_ui_words() -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/strings/de.toml"),
    )
    .unwrap();
    text.lines()
        .filter_map(|l| {
            l.split_once('=')
                .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        })
        .collect()
}

#[test]
fn pages_link_their_other_language() {
    let site = site();
    let en = std::fs::read_to_string(site.out.join("351/351.3-qemu.html")).unwrap();
    let de = std::fs::read_to_string(site.out.join("de/351/351.3-qemu.html")).unwrap();
    // (minified: attributes without quotes)
    assert!(en.contains("<link href=../de/351/351.3-qemu.html hreflang=de rel=alternate>"));
    assert!(en.contains("<link href=../351/351.3-qemu.html hreflang=en rel=alternate>"));
    assert!(de.contains("<link href=../../351/351.3-qemu.html hreflang=en rel=alternate>"));
    assert!(de.contains("<link href=../../de/351/351.3-qemu.html hreflang=de rel=alternate>"));
    assert!(de.contains("Deutsch") && de.contains("English"), "switcher");
    // Assets are published once, by the source language's site.
    let de_root = std::fs::read_to_string(site.out.join("de/index.html")).unwrap();
    assert!(has_lang(&de_root, "de"));
}

/// A partial catalog: untranslated units fall back to the source, marked `lang="en"`, and the
/// page says how much of it is translated.
#[test]
fn untranslated_units_are_marked_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_copy(dir.path());
    write_catalog(&book, &|id| (!id.contains("QEMU")).then(|| pseudo(id)));
    let out = dir.path().join("out");
    let run = build(&book, &out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let de = std::fs::read_to_string(out.join("de/351/351.3-qemu.html")).unwrap();
    assert!(de.contains("<span lang=en>"), "fallback marked");
    assert!(de.contains("class=translation-notice"), "notice");
    assert!(de.contains("dieser Seite sind übersetzt"), "German notice");
}

fn failing_build(translate: &dyn Fn(&str) -> Option<String>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let book = book_copy(dir.path());
    write_catalog(&book, translate);
    let run = build(&book, &dir.path().join("out"));
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(!run.status.success(), "built: {stderr}");
    stderr
}

/// The line of `needle` in the written catalog.
fn po_line(translate: &dyn Fn(&str) -> Option<String>, needle: &str) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let book = book_copy(dir.path());
    write_catalog(&book, translate);
    let text = std::fs::read_to_string(book.join("i18n/de.po")).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_dropped_placeholder_is_an_error_at_the_catalog_line() {
    let drop_code = |id: &str| {
        Some(if id.contains("`qemu-img convert -O qcow2`") {
            "⟦ohne Code⟧".to_owned()
        } else {
            pseudo(id)
        })
    };
    let stderr = failing_build(&drop_code);
    let line = po_line(&drop_code, "msgstr \"⟦ohne Code⟧\"");
    assert!(
        stderr.contains(&format!("i18n/de.po:{line}")),
        "line {line}: {stderr}"
    );
    assert!(stderr.contains("drops or changes the code"), "{stderr}");
}

#[test]
fn added_raw_html_is_an_error() {
    let add_html = |id: &str| {
        Some(if id.contains("`qemu-img") {
            format!("⟦{id} <img src=x onerror=alert(1)>⟧")
        } else {
            pseudo(id)
        })
    };
    let stderr = failing_build(&add_html);
    assert!(stderr.contains("i18n/de.po:"), "{stderr}");
    assert!(stderr.contains("adds the raw HTML `<img"), "{stderr}");
}

#[test]
fn a_lost_keep_term_is_a_warning_naming_term_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_copy(dir.path());
    write_catalog(&book, &|id| Some(pseudo(&id.replace("KVM", "kvm"))));
    let run = exambook()
        .arg("build")
        .arg(&book)
        .arg("-d")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("warning"), "{stderr}");
    assert!(stderr.contains("lacks `KVM`"), "{stderr}");
    assert!(stderr.contains("i18n/de.po:"), "{stderr}");
    assert!(stderr.contains("src/"), "the source line: {stderr}");
}

/// Assets are published once, by the source language's site: a translation's pages and print
/// page reach them from their folder.
#[test]
fn translated_pages_reach_the_assets_of_the_source_site() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("b");
    std::fs::create_dir_all(book.join("src/sub")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        "[book]\ntitle = \"T\"\n[i18n]\nlanguages = [\"en\", \"de\"]\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/SUMMARY.md"),
        "# Summary\n\n- [Home](index.md)\n- [Sub](sub/page.md)\n",
    )
    .unwrap();
    std::fs::write(book.join("src/index.md"), "# Home\n\nHello.\n").unwrap();
    std::fs::write(
        book.join("src/sub/page.md"),
        "# Sub page\n\n![A cat](../cat.svg#x)\n",
    )
    .unwrap();
    std::fs::write(
        book.join("src/cat.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = build(&book, &out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.join("cat.svg").is_file());
    assert!(!out.join("de/cat.svg").exists(), "published once");
    let src = |html: &str| -> String {
        let at = html.find("<img").unwrap();
        let tag = &html[at..at + html[at..].find('>').unwrap()];
        let s = tag.split("src=").nth(1).unwrap();
        s.trim_start_matches('"')
            .split(['"', ' ', '#'])
            .next()
            .unwrap()
            .to_owned()
    };
    for (page, folder) in [
        ("de/sub/page.html", "de/sub"),
        ("de/print.html", "de"),
        ("sub/page.html", "sub"),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let url = src(&html);
        let target = out.join(folder).join(&url);
        assert!(target.is_file(), "{page}: {url} does not reach the asset");
    }
}

/// A fuzzy translation is not used: the text falls back to the source, as an untranslated one.
#[test]
fn fuzzy_translations_are_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_copy(dir.path());
    let mut catalog = common::template(&book);
    catalog.set_header_field("Language", "de");
    for m in &mut catalog.messages {
        m.msgstr = vec![pseudo(&m.msgid)];
        if m.msgid.contains("QEMU") {
            m.msgstr = vec![format!("⟪fuzzy⟫ {}", m.msgid)];
            m.set_fuzzy(true);
        }
    }
    std::fs::write(book.join("i18n/de.po"), catalog.write()).unwrap();
    let out = dir.path().join("out");
    let run = build(&book, &out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let de = std::fs::read_to_string(out.join("de/351/351.3-qemu.html")).unwrap();
    assert!(!de.contains("⟪fuzzy⟫"), "a fuzzy translation was used");
    assert!(de.contains("<span lang=en>"), "fallback marked");
    assert!(de.contains("⟦"), "the other translations are used");
}

//! `exambook build --format gitbook`: the tree it writes for the bundled guide (`book/`) and for
//! a fixture with what the guide lacks (`tests/gitbook/book`: an image, emoji and spaces in file
//! names, every admonition dialect, headings whose GitBook anchors differ from ours).
//!
//! - every `SUMMARY.md` entry and every relative link and image of the tree exists, and every
//!   anchor a link names is one the target file has (a heading's `{#id}`, else HonKit's slug of
//!   its text; HonKit does not report a broken link, so this is checked here);
//! - HonKit (npm, pinned in `package-lock.json`) builds both trees with our plugin
//!   (`tests/honkit/plugin`: `{% hint %}`, `{% code %}`; any other tag fails), with no error and
//!   no warning but its own deprecation notices, a page for every SUMMARY entry, and (for
//!   `book/`) every link of its HTML pointing at a file and an id that exist. Without node or
//!   `npm ci` the HonKit test skips loudly; under `CI=true` it fails;
//! - `book/` is published in two languages (`[i18n]`), so its export is `LANGS.md` and one tree
//!   per language (`en/`, `pt-BR/`); the checks above run on both trees;
//! - `exambook build` of each tree gives the same book back, with no warning: pages, headings,
//!   code blocks, admonitions (by the GitBook style they are written in), diagrams, the exam's
//!   objectives and cited objects, and the questions (from the comments that hold them).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use exambook_core::Book;
use exambook_core::paths::percent_decode;
use exambook_render::gitbook::honkit_slug;
use exambook_syntax::ast::{AdmonitionKind, BlockKind, InlineKind, plain_text};
use exambook_syntax::walk;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The two exported trees, written once per test binary.
struct Trees {
    _tmp: tempfile::TempDir,
    /// `(name, source book, exported tree)`.
    trees: Vec<(&'static str, PathBuf, PathBuf)>,
    /// The exported folder of `book/` (`LANGS.md` and a tree per language).
    book_root: PathBuf,
    /// `(name, tree)` of the translated trees: not the source's text, so no round trip.
    translated: Vec<(&'static str, PathBuf)>,
}

impl Trees {
    /// Every tree, source language and translated, by name.
    fn all(&self) -> impl Iterator<Item = (&'static str, &PathBuf)> {
        self.trees
            .iter()
            .map(|(name, _, tree)| (*name, tree))
            .chain(self.translated.iter().map(|(name, tree)| (*name, tree)))
    }
}

fn trees() -> &'static Trees {
    static TREES: OnceLock<Trees> = OnceLock::new();
    TREES.get_or_init(|| {
        let tmp = tempfile::Builder::new()
            .prefix("exambook-gitbook-")
            .tempdir()
            .unwrap();
        let mut trees = Vec::new();
        for (name, book) in [("book", "book"), ("fixture", "tests/gitbook/book")] {
            let src = repo().join(book);
            let out = tmp.path().join(name);
            let o = Command::new(env!("CARGO_BIN_EXE_exambook"))
                .args(["build", "--format", "gitbook", "-q", "-D"])
                .arg(&src)
                .arg("-d")
                .arg(&out)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "exambook build --format gitbook {book} failed:\n{}",
                String::from_utf8_lossy(&o.stderr)
            );
            if name == "book" {
                trees.push((name, src, out.join("en")));
            } else {
                trees.push((name, src, out));
            }
        }
        let book_root = tmp.path().join("book");
        let translated = vec![("book-pt-BR", book_root.join("pt-BR"))];
        Trees {
            _tmp: tmp,
            trees,
            book_root,
            translated,
        }
    })
}

/// Every markdown file of a tree (not under hidden folders), as paths relative to it.
fn markdown_files(root: &Path) -> Vec<String> {
    fn walk_dir(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let p = e.path();
            if p.is_dir() {
                walk_dir(root, &p, out);
            } else if name.ends_with(".md") {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy();
                out.push(rel.replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk_dir(root, root, &mut out);
    out.sort();
    out
}

/// The anchors GitBook and HonKit give a markdown file: a heading's `{#id}`, else the slug of
/// its text; and `<a id>` / `<a name>` anchors.
fn anchors(text: &str) -> BTreeSet<String> {
    let (doc, _) = exambook_syntax::parse(text);
    let mut out = BTreeSet::new();
    walk::blocks(&doc.blocks, &mut |b| match &b.kind {
        BlockKind::Heading(h) => {
            out.insert(match (&h.id, h.explicit_id) {
                (Some(id), true) => id.clone(),
                _ => honkit_slug(&plain_text(&h.content)),
            });
        }
        BlockKind::Html(h) => out.extend(h.anchors.iter().cloned()),
        _ => {}
    });
    walk::inlines(&doc.blocks, &mut |i| {
        if let InlineKind::Anchor(a) = &i.kind {
            out.insert(a.id.clone());
        }
    });
    out
}

/// `dir/rel` with `..` and `.` resolved, `/`-separated; `None` when it leaves the tree.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[test]
fn every_summary_entry_link_image_and_anchor_of_the_tree_exists() {
    for (name, tree) in trees().all() {
        let files = markdown_files(tree);
        for required in ["README.md", "SUMMARY.md", ".gitbook.yaml", "book.toml"] {
            assert!(tree.join(required).is_file(), "{name}: no {required}");
        }
        let mut broken = Vec::new();
        let mut checked = 0;
        for file in &files {
            let text = std::fs::read_to_string(tree.join(file)).unwrap();
            let (doc, _) = exambook_syntax::parse(&text);
            let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
            let mut dests = Vec::new();
            walk::inlines(&doc.blocks, &mut |i| match &i.kind {
                InlineKind::Link(l) => dests.push(l.dest.clone()),
                InlineKind::Image(img) => dests.push(img.dest.clone()),
                _ => {}
            });
            for dest in dests {
                if dest.contains("://") || dest.starts_with("mailto:") {
                    continue;
                }
                checked += 1;
                let (path, anchor) = dest.split_once('#').unwrap_or((&dest, ""));
                let Some(path) = percent_decode(path) else {
                    broken.push(format!("{file}: `{dest}` is not percent-encoded well"));
                    continue;
                };
                let target = if path.is_empty() {
                    Some(file.clone())
                } else {
                    join(dir, &path)
                };
                let Some(target) = target.filter(|t| tree.join(t).is_file()) else {
                    broken.push(format!("{file}: `{dest}` points at no file"));
                    continue;
                };
                let anchor = percent_decode(anchor).unwrap();
                if !anchor.is_empty() && target.ends_with(".md") {
                    let there = std::fs::read_to_string(tree.join(&target)).unwrap();
                    if !anchors(&there).contains(&anchor) {
                        broken.push(format!(
                            "{file}: `{dest}`: {target} has no anchor `{anchor}`"
                        ));
                    }
                }
            }
        }
        assert!(
            broken.is_empty(),
            "{name}: broken links in the exported tree:\n{}",
            broken.join("\n")
        );
        assert!(checked > 10, "{name}: only {checked} links checked");
        // Every page is in SUMMARY.md, which links nothing else.
        let summary = std::fs::read_to_string(tree.join("SUMMARY.md")).unwrap();
        let (doc, _) = exambook_syntax::parse(&summary);
        let mut entries = BTreeSet::new();
        walk::inlines(&doc.blocks, &mut |i| {
            if let InlineKind::Link(l) = &i.kind {
                entries.insert(percent_decode(&l.dest).unwrap());
            }
        });
        let pages: BTreeSet<String> = files
            .iter()
            .filter(|f| !matches!(f.as_str(), "SUMMARY.md" | "GLOSSARY.md"))
            .cloned()
            .collect();
        assert_eq!(entries, pages, "{name}: SUMMARY.md entries and pages");
    }
}

#[test]
fn the_fixture_tree_uses_gitbook_forms() {
    let (_, _, tree) = &trees().trees[1];
    let page = std::fs::read_to_string(tree.join("101 topic/🖥️-101.1.md")).unwrap();
    for expected in [
        "---\ntitle: \"101.1 Emoji objective\"",
        "description: \"A description: with a colon, \\\"quotes\\\" and a # hash.\"",
        "  - \"- a leading dash\"",
        "{% hint style=\"warning\" %}\nA GitHub alert.\n{% endhint %}",
        "{% hint style=\"danger\" %}\n**Careful**",
        "<details>\n<summary>Folded</summary>\n\n{% hint style=\"success\" %}",
        "{% code title=\"make it\" %}\n\n```sh\n",
        "```mermaid\nflowchart LR",
        "## snake_case heading {#snake_case-heading}",
        "## Repeat\n",
        "## Repeat {#repeat-1}",
        "**Objective** 101.1 · **Weight** 6 · **Share of the exam** 60.0 % (6/10 questions)",
        "- Utilities: [`example-tool`](../GLOSSARY.md#example-tool)",
        "- [ ] `ls`\n- [ ] `example-tool`\n\n<details>\n<summary>Answer</summary>\n\n- [x] `example-tool`",
        "<!-- exambook:question\n::: question {#q-one}\nWhich tool is cited?\n",
        "**Explanation:** the objective cites it.\n\n</details>\n\n<!-- exambook:end-question -->",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in:\n{page}");
    }
    // Outside the comment that keeps the question's source, no other dialect is left.
    let (before, rest) = page.split_once("<!-- exambook:question").unwrap();
    let shown = format!("{before}{}", rest.split_once("-->").unwrap().1);
    assert!(!shown.contains(":::") && !shown.contains("!!!") && !shown.contains("[!"));
    let readme = std::fs::read_to_string(tree.join("README.md")).unwrap();
    assert!(readme.contains("![A small picture](.gitbook/assets/images/pixel%20one.png)"));
    assert!(readme.contains("(101%20topic/🖥️-101.1.md#snake_case-heading)"));
    assert!(tree.join(".gitbook/assets/images/pixel one.png").is_file());
    let summary = std::fs::read_to_string(tree.join("SUMMARY.md")).unwrap();
    assert!(summary.contains("\n## Topics\n\n* [101 The first topic](<101 topic/README.md>)\n  * [101.1 Emoji objective](<101 topic/🖥️-101.1.md>)\n"), "{summary}");
    let glossary = std::fs::read_to_string(tree.join("GLOSSARY.md")).unwrap();
    assert!(
        glossary.contains("\n## example-tool\n\nUtilities · Cited by: [101.1 Emoji objective]"),
        "{glossary}"
    );
}

/// What a reader of both sites compares, per page.
#[derive(Debug, PartialEq)]
struct PageView {
    stem: String,
    title: String,
    headings: Vec<(u8, String, String)>,
    /// Language, title, text.
    code: Vec<(Option<String>, Option<String>, String)>,
    /// By the GitBook style the kind is written in.
    admonitions: Vec<&'static str>,
    diagrams: Vec<(String, String)>,
}

fn style(kind: AdmonitionKind) -> &'static str {
    match kind {
        AdmonitionKind::Note | AdmonitionKind::Important | AdmonitionKind::Exam => "info",
        AdmonitionKind::Tip | AdmonitionKind::Lab => "success",
        AdmonitionKind::Warning => "warning",
        AdmonitionKind::Caution => "danger",
    }
}

fn view(book: &Book) -> Vec<PageView> {
    book.pages
        .iter()
        .map(|p| {
            let mut v = PageView {
                stem: p.stem.clone(),
                title: p.title.clone(),
                headings: p
                    .headings
                    .iter()
                    .map(|h| (h.level, h.id.clone(), h.text.clone()))
                    .collect(),
                code: Vec::new(),
                admonitions: Vec::new(),
                diagrams: Vec::new(),
            };
            walk::blocks(&p.doc.blocks, &mut |b| match &b.kind {
                BlockKind::CodeBlock(c) => v.code.push((
                    c.lang.clone(),
                    c.attrs
                        .iter()
                        .find(|(k, _)| k == "title")
                        .and_then(|(_, t)| t.clone()),
                    c.text.clone(),
                )),
                BlockKind::Admonition(a) => v.admonitions.push(style(a.kind)),
                BlockKind::Diagram(d) => v.diagrams.push((d.lang.clone(), d.source.clone())),
                _ => {}
            });
            v
        })
        .collect()
}

fn load(dir: &Path) -> Book {
    match exambook_core::load(dir) {
        Ok(loaded) => {
            let errors: Vec<String> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == exambook_core::Severity::Error)
                .map(|d| format!("{}: {}", loaded.book.sources.location(d.span), d.message))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
            if dir.starts_with(std::env::temp_dir()) {
                let warnings: Vec<String> = loaded
                    .diagnostics
                    .iter()
                    .map(|d| format!("{}: {}", loaded.book.sources.location(d.span), d.message))
                    .collect();
                assert!(warnings.is_empty(), "{}: {warnings:#?}", dir.display());
            }
            loaded.book
        }
        Err(e) => panic!("loading {}: {e}", dir.display()),
    }
}

#[test]
fn building_the_tree_gives_the_same_book_back() {
    for (name, src, tree) in &trees().trees {
        let (a, b) = (load(src), load(tree));
        let (va, vb) = (view(&a), view(&b));
        assert_eq!(va.len(), vb.len(), "{name}: page count");
        for (pa, pb) in va.iter().zip(&vb) {
            assert_eq!(
                pa, pb,
                "{name}: page {} differs after the round trip",
                pa.stem
            );
        }
        assert!(
            va.iter()
                .any(|p| !p.admonitions.is_empty() && !p.code.is_empty())
        );
        let (ea, eb) = (a.exam.as_ref().unwrap(), b.exam.as_ref().unwrap());
        assert_eq!(ea.config, eb.config, "{name}: [exam]");
        assert_eq!(ea.topics, eb.topics, "{name}: topics and objectives");
        assert_eq!(
            ea.index, eb.index,
            "{name}: cited objects and where they are mentioned"
        );
        // The questions come back from the comments that hold them.
        let questions = |e: &exambook_core::exam::Exam| -> Vec<_> {
            e.questions
                .iter()
                .map(|q| (q.page, q.anchor.clone(), q.id.clone(), q.objective.clone()))
                .collect()
        };
        assert!(!ea.questions.is_empty(), "{name}: no questions to compare");
        assert_eq!(questions(ea), questions(eb), "{name}: questions");
        let bodies = |book: &Book| -> Vec<exambook_syntax::ast::Question> {
            let mut out = Vec::new();
            for p in &book.pages {
                walk::blocks(&p.doc.blocks, &mut |b| {
                    if let BlockKind::Question(q) = &b.kind {
                        let mut q = (**q).clone();
                        for s in [&mut q.id, &mut q.objective].into_iter().flatten() {
                            s.span = Default::default();
                        }
                        q.options
                            .iter_mut()
                            .for_each(|o| o.span = Default::default());
                        q.answers
                            .iter_mut()
                            .for_each(|a| a.span = Default::default());
                        exambook_syntax::ast::strip_blocks(&mut q.text);
                        exambook_syntax::ast::strip_blocks(&mut q.explanation);
                        q.options
                            .iter_mut()
                            .for_each(|o| exambook_syntax::ast::strip_inlines(&mut o.content));
                        out.push(q);
                    }
                });
            }
            out
        };
        let (qa, qb) = (bodies(&a), bodies(&b));
        assert_eq!(qa.len(), qb.len());
        for (x, y) in qa.iter().zip(&qb) {
            // Links inside a question point at `.md` files in the tree; compare the rest.
            let text = |q: &exambook_syntax::ast::Question| {
                (
                    q.id.as_ref().map(|s| s.value.clone()),
                    q.multiple,
                    q.options
                        .iter()
                        .map(|o| (o.correct, plain_text(&o.content)))
                        .collect::<Vec<_>>(),
                    q.answers
                        .iter()
                        .map(|a| (a.how, a.text.clone()))
                        .collect::<Vec<_>>(),
                )
            };
            assert_eq!(text(x), text(y), "{name}: a question differs");
        }
        assert_eq!(a.config.book.title, b.config.book.title);
        // The written objective header is dropped when the tree is read back: exambook renders
        // its own from the front matter.
        for p in &b.pages {
            let text = exambook_syntax::markdown::write_blocks(&p.doc.blocks, &Default::default());
            assert!(!text.contains("exambook:objective-header"), "{}", p.stem);
            assert!(!text.contains("**Share of the exam**"), "{}", p.stem);
        }
        // And the tree builds as a site.
        let site = tree.with_file_name(format!("{name}-site"));
        let o = Command::new(env!("CARGO_BIN_EXE_exambook"))
            .arg("build")
            .arg(tree)
            .arg("-d")
            .arg(&site)
            .args(["-q"])
            .output()
            .unwrap();
        assert!(
            o.status.success() && site.join("index.html").is_file(),
            "{name}: exambook build of the tree failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Skips loudly, or fails under `CI=true`.
fn missing(what: &str) {
    let message = format!("SKIPPED HonKit test of the GitBook export: {what}");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message} (CI=true: `npm ci` in the repository, see .ci/run)");
    }
    eprintln!("\n!!!!!!!! {message} !!!!!!!!\n");
}

/// The HTML file HonKit writes for a page.
fn honkit_page(md: &str) -> String {
    match md.strip_suffix("README.md") {
        Some(dir) => format!("{dir}index.html"),
        None => format!("{}.html", md.trim_end_matches(".md")),
    }
}

#[test]
fn honkit_builds_the_exported_trees() {
    let root = repo();
    let honkit = root.join("node_modules/honkit/bin/honkit.js");
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        return missing("node is not on PATH");
    }
    if !honkit.is_file() {
        return missing("node_modules/honkit is missing (run `npm ci`)");
    }
    let work = tempfile::Builder::new()
        .prefix("exambook-honkit-")
        .tempdir()
        .unwrap();
    // HonKit finds plugins by package name through Node's module path.
    let plugins = work.path().join("plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    common::copy_tree(
        &root.join("tests/honkit/plugin"),
        &plugins.join("gitbook-plugin-exambook-test"),
    );
    for (name, tree) in trees().all() {
        let input = work.path().join(format!("{name}-in"));
        let output = work.path().join(format!("{name}-out"));
        common::copy_tree(tree, &input);
        std::fs::write(input.join("book.json"), r#"{"plugins":["exambook-test"]}"#).unwrap();
        let o = Command::new("node")
            .arg(&honkit)
            .arg("build")
            .arg(&input)
            .arg(&output)
            .env(
                "NODE_PATH",
                format!(
                    "{}:{}",
                    plugins.display(),
                    root.join("node_modules").display()
                ),
            )
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "{name}: honkit failed:\n{log}");
        let complaints: Vec<&str> = log
            .lines()
            .filter(|l| {
                let l = l.to_ascii_lowercase();
                (l.contains("warn") && !l.contains("is deprecated"))
                    || l.contains("error")
                    || l.contains("not found")
            })
            .collect();
        assert!(complaints.is_empty(), "{name}: honkit complained:\n{log}");
        // A page for every SUMMARY entry.
        let summary = std::fs::read_to_string(tree.join("SUMMARY.md")).unwrap();
        let (doc, _) = exambook_syntax::parse(&summary);
        let mut pages = Vec::new();
        walk::inlines(&doc.blocks, &mut |i| {
            if let InlineKind::Link(l) = &i.kind {
                pages.push(honkit_page(&percent_decode(&l.dest).unwrap()));
            }
        });
        for page in &pages {
            assert!(
                output.join(page).is_file(),
                "{name}: honkit wrote no {page}"
            );
        }
        let page = std::fs::read_to_string(output.join(&pages[pages.len() - 1])).unwrap();
        assert!(
            !page.contains("{% hint") && !page.contains("{% code"),
            "{name}: a tag was left as text"
        );
        if name.starts_with("book") {
            check_html_links(&output, &pages);
        } else {
            // The plugin's hints are block quotes led by their style; `{{` stays text.
            let html = std::fs::read_to_string(output.join("101 topic/🖥️-101.1.html")).unwrap();
            for expected in [
                "<blockquote>\n<p><strong>Warning</strong></p>\n<p>A GitHub alert.</p>",
                "<p><strong>make it</strong></p>",
                "{{ .Value }}",
                // HonKit shows what is inside `<details>` as written, without markdown.
                "Inside: `{{ .Name }}`",
            ] {
                assert!(
                    html.contains(expected),
                    "{expected:?} not in HonKit's page:\n{html}"
                );
            }
        }
    }
}

/// Every relative link of HonKit's pages points at a file it wrote, and at an id that file has.
/// (Only for `book/`: HonKit leaves a link to a file whose name has a space as `.md`.)
fn check_html_links(out: &Path, pages: &[String]) {
    let mut broken = Vec::new();
    let mut anchored = 0;
    for page in pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("gitbook/") {
                continue;
            }
            let href = href.replace("&amp;", "&");
            let (path, anchor) = href.split_once('#').unwrap_or((&href, ""));
            let path = percent_decode(path).unwrap();
            let target = if path.is_empty() {
                page.clone()
            } else {
                let t = join(dir, &path).unwrap_or_default();
                if out.join(&t).is_dir() {
                    format!("{t}/index.html").trim_start_matches('/').to_owned()
                } else {
                    t
                }
            };
            if target.contains("gitbook/") {
                continue;
            }
            let Ok(there) = std::fs::read_to_string(out.join(&target)) else {
                broken.push(format!("{page}: {href} (no {target})"));
                continue;
            };
            let anchor = percent_decode(anchor).unwrap();
            if !anchor.is_empty() && target.ends_with(".html") {
                anchored += 1;
                if !there.contains(&format!("id=\"{anchor}\"")) {
                    broken.push(format!("{page}: {href} ({target} has no id {anchor})"));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken links in HonKit's site:\n{}",
        broken.join("\n")
    );
    assert!(anchored > 10, "only {anchored} anchored links checked");
}

#[test]
fn each_language_is_a_tree_listed_in_langs_md() {
    let root = &trees().book_root;
    let langs = std::fs::read_to_string(root.join("LANGS.md")).unwrap();
    assert!(langs.contains("* [English](en/)"), "{langs}");
    assert!(langs.contains("* [Português (Brasil)](pt-BR/)"), "{langs}");
    for lang in ["en", "pt-BR"] {
        for required in [
            "README.md",
            "SUMMARY.md",
            ".gitbook.yaml",
            "book.toml",
            "GLOSSARY.md",
        ] {
            assert!(
                root.join(lang).join(required).is_file(),
                "{lang}: no {required}"
            );
        }
    }
    // The translated tree is translated, its own words too, and keeps the source's anchors.
    let en = std::fs::read_to_string(root.join("en/351/351.3-qemu.md")).unwrap();
    let pt = std::fs::read_to_string(root.join("pt-BR/351/351.3-qemu.md")).unwrap();
    assert!(en.contains("**Objective** 351.3"), "{en}");
    assert!(pt.contains("**Objetivo** 351.3"), "{pt}");
    assert!(pt.contains("<summary>Resposta</summary>"));
    assert!(pt.contains("Gerenciar snapshots pelo monitor do QEMU"));
    assert_eq!(
        anchors(&en),
        anchors(&pt),
        "the anchors differ between languages"
    );
}

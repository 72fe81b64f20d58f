//! Golden tests of the HTML renderer: one folder per feature, `tests/<area>/<case>/`, holding
//! the input (`input.md`, optionally `book.toml`) and `expected/` files. Pages render without
//! minification so that the expected files are readable. Re-bless with
//! `EXAMBOOK_BLESS=1 cargo test -p exambook-render --test golden`, then review the diff.
//!
//! Besides the golden files, tests here check properties a reader would notice: the navigation
//! is shipped once in `toc.js` and never inlined; output is byte-identical whatever the thread
//! count; the render cache changes nothing but the time.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use exambook_core::{Book, Config, Crumb, Page, SourceMap, TocEntry};
use exambook_render::html::{self, page_path};
use exambook_render::{HtmlOptions, Output, RenderCache, Theme};
use exambook_syntax::Document;

fn case_dir(area: &str, case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(area)
        .join(case)
}

/// A page from markdown, made by the loader's own per-page steps (its id allocator, its title
/// rule); written to `{stem}.html`.
fn page(sources: &mut SourceMap, source_path: &str, stem: &str, text: &str) -> Page {
    let mut page = exambook_core::load::page_from_text(sources, source_path, text, &mut Vec::new());
    page.stem = stem.into();
    page
}

/// The one-page book of a fixture folder: `input.md` becomes `index.html`.
fn load_case(dir: &Path) -> Book {
    let config: Config = match std::fs::read_to_string(dir.join("book.toml")) {
        Ok(text) => toml::from_str(&text).unwrap(),
        Err(_) => Config::default(),
    };
    let mut sources = SourceMap::default();
    let text = std::fs::read_to_string(dir.join("input.md")).unwrap();
    let p = page(&mut sources, "input.md", "index", &text);
    let toc = vec![TocEntry::Chapter {
        title: p.title.clone(),
        page: Some(0),
        children: Vec::new(),
    }];
    Book {
        root: dir.to_owned(),
        config,
        sources,
        toc,
        pages: vec![p],
        assets: Vec::new(),
        exam: None,
    }
}

fn render(book: &Book, theme: &Theme, minify: bool) -> Output {
    html::render(
        book,
        theme,
        &HtmlOptions {
            minify,
            ..HtmlOptions::default()
        },
    )
    .unwrap()
}

fn file<'o>(output: &'o Output, path: &str) -> &'o str {
    let f = output
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    std::str::from_utf8(&f.contents).unwrap()
}

/// The `<article class="content">…</article>` element of a page.
fn article(html: &str) -> &str {
    let start = html
        .find("<article class=\"content\">")
        .expect("no article");
    let end =
        html[start..].find("</article>").expect("no article end") + start + "</article>".len();
    &html[start..end]
}

/// Diagnostics as `severity line:col: message`, one a line.
fn diagnostics(book: &Book, output: &Output) -> String {
    output
        .diagnostics
        .iter()
        .map(|d| {
            let loc = book.sources.location(d.span);
            let loc = loc
                .rsplit_once(".md:")
                .map_or(loc.as_str(), |(_, l)| l)
                .to_owned();
            format!(
                "{} {loc}: {}\n",
                format!("{:?}", d.severity).to_lowercase(),
                d.message
            )
        })
        .collect()
}

/// Compares `actual` with `dir/expected/name`, or writes it there under `EXAMBOOK_BLESS=1`.
fn check(dir: &Path, name: &str, actual: &str) {
    let path = dir.join("expected").join(name);
    if std::env::var_os("EXAMBOOK_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with EXAMBOOK_BLESS=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "{} differs from the output (first difference at line {line}); run with EXAMBOOK_BLESS=1 and review the diff\n--- actual ---\n{actual}",
            path.display()
        );
    }
}

/// Renders a one-page fixture and checks its article and diagnostics.
fn golden_article(area: &str, case: &str) -> Output {
    let dir = case_dir(area, case);
    let book = load_case(&dir);
    let output = render(&book, &Theme::default_theme(), false);
    check(
        &dir,
        "index.article.html",
        &format!("{}\n", article(file(&output, "index.html"))),
    );
    check(&dir, "diagnostics.txt", &diagnostics(&book, &output));
    output
}

#[test]
fn admonition_kinds() {
    let output = golden_article("admonition", "kinds");
    let page = article(file(&output, "index.html"));
    for kind in [
        "note",
        "tip",
        "important",
        "warning",
        "caution",
        "exam",
        "lab",
    ] {
        assert!(
            page.contains(&format!("class=\"admonition {kind}\"")),
            "no {kind} admonition"
        );
    }
    assert!(
        page.contains("<details class=\"admonition lab\">"),
        "collapsible → <details>"
    );
    assert!(
        page.contains("<details class=\"admonition note\" open>"),
        "open collapsible"
    );
    assert!(
        page.contains("<span>On the exam</span>"),
        "default titles come from the UI strings"
    );
    assert!(
        page.contains("<span>Try it yourself</span>"),
        "explicit titles are kept"
    );
}

#[test]
fn highlight_languages() {
    let output = golden_article("highlight", "languages");
    let page = article(file(&output, "index.html"));
    for lang in [
        "sh",
        "yaml",
        "json",
        "toml",
        "ini",
        "xml",
        "dockerfile",
        "hcl",
        "powershell",
        "python",
    ] {
        let start = page
            .find(&format!("class=\"language-{lang}\">"))
            .unwrap_or_else(|| panic!("no {lang} block"));
        let block = &page[start..start + page[start..].find("</code>").unwrap()];
        assert!(
            block.contains("<span class=\"hl-"),
            "{lang} is not highlighted: {block}"
        );
    }
    assert!(
        page.contains("class=\"prompt hl-prompt\""),
        "console prompts are marked"
    );
    assert!(page.contains("<figcaption class=\"code-title\">cloud-init.yaml</figcaption>"));
    assert!(page.contains("class=\"line hll\""), "hl_lines marks a line");
    let diags = diagnostics(&load_case(&case_dir("highlight", "languages")), &output);
    assert!(diags.contains("klingon"), "unknown language warns: {diags}");
    assert!(!diags.contains("text"), "`text` does not warn: {diags}");
    let css = file(&output, "static/highlight.css");
    assert!(
        css.contains(":root[data-theme=\"dark\"] .hl-"),
        "dark stylesheet present and scoped"
    );
    assert!(
        css.contains(":root:not([data-theme=\"dark\"]) .hl-"),
        "light stylesheet present"
    );
}

#[test]
fn diagram_flowchart_and_sequence() {
    let output = golden_article("diagram", "flowchart-sequence");
    let page = article(file(&output, "index.html"));
    assert_eq!(
        page.matches("<figure class=\"diagram diagram-mermaid\"><svg")
            .count(),
        2
    );
    assert!(page.contains("aria-roledescription=\"flowchart-v2\""));
    assert!(page.contains("aria-roledescription=\"sequence\""));
    // Every id is unique on the page, and each diagram's ids carry its own prefix.
    let figures: String = page
        .split("<figure")
        .skip(1)
        .map(|f| &f[..f.find("</figure>").unwrap()])
        .collect();
    let ids: Vec<&str> = figures
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    assert!(
        ids.iter()
            .all(|id| id.starts_with("exambook-diagram-1") || id.starts_with("exambook-diagram-2")),
        "{ids:?}"
    );
    assert!(output.diagnostics.is_empty());
}

#[test]
fn diagram_failing_shows_source_and_warns() {
    let output = golden_article("diagram", "failing");
    let page = article(file(&output, "index.html"));
    assert!(page.contains("class=\"diagram diagram-error\""));
    assert!(page.contains("A[Start --&gt; B("), "the source is shown");
    assert_eq!(output.diagnostics.len(), 1);
    let d = &output.diagnostics[0];
    assert_eq!(d.severity, exambook_syntax::Severity::Warning);
    let book = load_case(&case_dir("diagram", "failing"));
    assert_eq!(
        book.sources.location(d.span),
        "input.md:5:1",
        "the warning points at the diagram"
    );
}

#[test]
fn objective_header() {
    let output = golden_article("objective", "header");
    let page = article(file(&output, "index.html"));
    let h1 = page.find("<h1").unwrap();
    let header = page.find("<section class=\"objective\"").unwrap();
    let body = page.find("Create a disk").unwrap();
    assert!(
        h1 < header && header < body,
        "the header sits under the H1, before the body"
    );
    assert!(page.contains("6.7%"), "share of the exam: 4/60");
    assert!(page.contains("data-kind=\"file\"><code>/dev/kvm</code>"));
    assert!(
        page.contains("data-kind=\"utility\"><code>qemu-img</code>"),
        "a command of the page is a utility"
    );
    assert!(page.contains("data-kind=\"term\"><code>KVM</code>"));
}

/// `?v=<hash>` of asset URLs as `?v=…`: the hashes change with every edit of the theme's CSS
/// and scripts, which is not what a page's golden file is about.
fn without_asset_hashes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("?v=") {
        out.push_str(&rest[..at + 3]);
        rest = &rest[at + 3..];
        let hex = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push('…');
        rest = &rest[hex..];
    }
    out.push_str(rest);
    out
}

#[test]
fn not_found_page_uses_the_base_path() {
    let dir = case_dir("site", "404-base-path");
    let book = load_case(&dir);
    let output = render(&book, &Theme::default_theme(), false);
    let page = file(&output, "404.html");
    check(&dir, "404.html", &without_asset_hashes(page));
    assert!(
        page.contains("href=\"/repo/static/exambook.css?v="),
        "assets by absolute URL"
    );
    assert!(page.contains("src=\"/repo/toc.js?v="));
    assert!(page.contains("href=\"/repo/index.html\""));
    let sitemap = file(&output, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://user.github.io/repo/</loc>"),
        "{sitemap}"
    );
    assert!(output.files.iter().any(|f| f.path == ".nojekyll"));
}

#[test]
fn no_sitemap_without_a_site_url() {
    let book = load_case(&case_dir("admonition", "kinds"));
    let output = render(&book, &Theme::default_theme(), true);
    assert!(!output.files.iter().any(|f| f.path == "sitemap.xml"));
}

#[test]
fn theme_override_replaces_a_template() {
    let dir = case_dir("theme", "override");
    let theme = Theme::load(Some(&dir.join("theme"))).unwrap();
    assert!(theme.is_overridden("templates/page.html"));
    assert!(!theme.is_overridden("templates/base.html"));
    let book = load_case(&case_dir("admonition", "kinds"));
    let output = render(&book, &theme, false);
    let page = file(&output, "index.html");
    assert!(page.contains("<p class=\"overridden\">Overridden page template: Admonitions</p>"));
    assert!(
        page.contains("<header class=\"site-header\">"),
        "the default base.html still frames it"
    );
}

#[test]
fn broken_template_in_a_theme_folder_is_an_error_naming_it() {
    let dir = std::env::temp_dir().join(format!("exambook-theme-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/page.html"), "ok\n{{ page.title \n").unwrap();
    let err = Theme::load(Some(&dir)).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(err.contains("templates/page.html:2:"), "{err}");
}

/// A book of `parts` parts with `per_part` chapters, each with one sub-chapter.
fn big_book(parts: usize, per_part: usize) -> Book {
    let mut sources = SourceMap::default();
    let mut pages = Vec::new();
    let mut toc = Vec::new();
    for p in 0..parts {
        toc.push(TocEntry::Part {
            title: format!("Part {p}"),
        });
        for c in 0..per_part {
            let n = pages.len();
            let dir = format!("p{p}");
            pages.push(page(
                &mut sources,
                &format!("{dir}/c{c}.md"),
                &format!("{dir}/c{c}"),
                &format!("+++\nweight = {c}\n+++\n# Chapter {p}.{c}\n\n## One\n\n```sh\necho {n}\n```\n\n## Two\n\n```mermaid\ngraph LR\n  A{n} --> B\n```\n"),
            ));
            pages.push(page(
                &mut sources,
                &format!("{dir}/c{c}-sub.md"),
                &format!("{dir}/c{c}/sub"),
                &format!("# Sub {p}.{c}\n\nText.\n"),
            ));
            toc.push(TocEntry::Chapter {
                title: format!("Chapter {p}.{c}"),
                page: Some(n),
                children: vec![TocEntry::Chapter {
                    title: format!("Sub {p}.{c}"),
                    page: Some(n + 1),
                    children: Vec::new(),
                }],
            });
        }
        toc.push(TocEntry::Separator);
    }
    for (i, pg) in pages.iter_mut().enumerate() {
        if i % 2 == 1 {
            pg.breadcrumbs = vec![Crumb {
                title: "Parent".into(),
                page: Some(i - 1),
            }];
        }
    }
    Book {
        root: ".".into(),
        config: Config::default(),
        sources,
        toc,
        pages,
        assets: Vec::new(),
        exam: None,
    }
}

#[test]
fn navigation_ships_once_in_toc_js() {
    let small = big_book(2, 3);
    let large = big_book(6, 10);
    let theme = Theme::default_theme();
    let out_small = render(&small, &theme, true);
    let out_large = render(&large, &theme, true);
    let toc_js = file(&out_large, "toc.js");
    for p in &large.pages {
        assert!(
            toc_js.contains(&format!("\\\"{}\\\"", page_path(p))),
            "toc.js lacks {}",
            page_path(p)
        );
        assert!(toc_js.contains(&p.title), "toc.js lacks {}", p.title);
    }
    assert!(
        toc_js.contains("badge-weight"),
        "weight badges in the navigation"
    );
    let toc_html = file(&out_large, "toc.html");
    assert!(
        large
            .pages
            .iter()
            .all(|p| toc_html.contains(&format!("href={}>", page_path(p)))),
        "toc.html lists every page"
    );

    // A page's HTML carries no navigation list and does not grow with the book.
    let size = |out: &Output, path: &str| file(out, path).len();
    let a = file(&out_large, "p0/c1.html");
    assert!(!a.contains("toc-list"), "the navigation is not inlined");
    assert!(a.contains("toc.js?v="), "pages load toc.js");
    assert!(
        !a.contains("Chapter 5.9"),
        "no other page's title leaks into a page"
    );
    assert_eq!(
        size(&out_small, "p0/c1.html"),
        size(&out_large, "p0/c1.html"),
        "page size independent of page count"
    );
    assert_eq!(
        size(&out_small, "p0/c1/sub.html"),
        size(&out_large, "p0/c1/sub.html")
    );
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let book = big_book(3, 4);
    let theme = Theme::default_theme();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| render(&book, &theme, true))
    };
    let one = run(1);
    let four = run(4);
    assert_eq!(one.files.len(), four.files.len());
    for (a, b) in one.files.iter().zip(&four.files) {
        assert_eq!(a.path, b.path);
        assert!(
            a.contents == b.contents,
            "{} differs between 1 and 4 threads",
            a.path
        );
    }
    assert_eq!(one.diagnostics, four.diagnostics);
}

#[test]
fn cache_changes_nothing_but_time() {
    let book = big_book(2, 3);
    let theme = Theme::default_theme();
    let plain = render(&book, &theme, true);
    let cache = Arc::new(RenderCache::new());
    let opts = HtmlOptions {
        cache: Some(Arc::clone(&cache)),
        ..HtmlOptions::default()
    };
    let cold = html::render(&book, &theme, &opts).unwrap();
    let misses = cache.misses();
    let warm = html::render(&book, &theme, &opts).unwrap();
    assert_eq!(plain.files, cold.files);
    assert_eq!(cold.files, warm.files);
    assert!(
        cache.hits() >= misses,
        "the second build is served from the cache"
    );
    assert_eq!(
        cache.misses(),
        misses,
        "nothing new to render the second time"
    );
}

#[test]
fn live_reload_script_only_when_asked() {
    let book = load_case(&case_dir("site", "404-base-path"));
    let theme = Theme::default_theme();
    let normal = render(&book, &theme, true);
    assert!(!file(&normal, "index.html").contains("WebSocket"));
    let served = html::render(
        &book,
        &theme,
        &HtmlOptions {
            live_reload: Some("/__reload".into()),
            ..HtmlOptions::default()
        },
    )
    .unwrap();
    assert!(file(&served, "index.html").contains("WebSocket"));
    assert!(file(&served, "index.html").contains("/__reload"));
}

/// The renderer, not `base.html`, brings the live-reload client: a theme whose `base.html`
/// knows nothing of it still reloads under `exambook serve`, once per page, at the end of the
/// body; a published build has no trace of it.
#[test]
fn live_reload_survives_a_base_template_override() {
    let base = "<!DOCTYPE html>\n<html lang=\"{{ lang }}\">\n<head>\n\
        <title>{% block title %}{{ page_title }}{% endblock title %}</title>\n\
        {% block head %}{% endblock head %}\n</head>\n<body>\n\
        <nav>{% block sidebar %}{% endblock sidebar %}</nav>\n\
        <main>{% block main %}{% endblock main %}</main>\n</body>\n</html>\n";
    let theme = Theme::with_files([("templates/base.html", base)]).unwrap();
    let book = load_case(&case_dir("site", "404-base-path"));
    for minify in [false, true] {
        let served = html::render(
            &book,
            &theme,
            &HtmlOptions {
                live_reload: Some("/__exambook/ws".into()),
                minify,
                ..HtmlOptions::default()
            },
        )
        .unwrap();
        for path in ["index.html", "404.html", "toc.html"] {
            let page = file(&served, path);
            assert!(
                !page.contains("site-header"),
                "{path}: the override frames it"
            );
            assert_eq!(page.matches("new WebSocket(").count(), 1, "{path}: {page}");
            let script = page.find("<script>").unwrap();
            assert!(page[script..].contains("/__exambook/ws"), "{path}");
            assert!(
                page[script..]
                    .replace('\n', "")
                    .ends_with("</script></body></html>"),
                "{path}: the client ends the body: {page}"
            );
        }
    }
    let published = render(&book, &theme, true);
    assert!(!file(&published, "index.html").contains("WebSocket"));
    assert!(!file(&published, "index.html").contains("<script>"));
}

#[test]
fn pages_use_the_book_language() {
    let mut book = load_case(&case_dir("admonition", "kinds"));
    book.config.book.language = "de".into();
    let output = render(&book, &Theme::default_theme(), false);
    let page = file(&output, "index.html");
    assert!(page.contains("<html lang=\"de\""));
    assert!(page.contains("Zum Inhalt springen"));
    assert!(page.contains("<span>In der Prüfung</span>"));
}

#[test]
fn empty_document_renders() {
    let mut book = load_case(&case_dir("site", "404-base-path"));
    book.pages[0].doc = Document::default();
    book.pages[0].headings.clear();
    let output = render(&book, &Theme::default_theme(), true);
    assert!(
        file(&output, "index.html").contains("<h1>Home</h1>"),
        "the title is printed when the page has no H1"
    );
}

// ---- the exam's generated pages -------------------------------------------------------------

/// A whole fixture book (`tests/<area>/<case>/book/`), loaded as `exambook build` loads it, so
/// that it has its exam model.
fn load_book(dir: &Path) -> Book {
    let loaded = exambook_core::load(&dir.join("book")).unwrap();
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", loaded.book.sources.location(d.span), d.message))
        .collect();
    assert!(
        problems.is_empty(),
        "the fixture book has problems: {problems:#?}"
    );
    loaded.book
}

/// The `<main …>…</main>` element of a page.
fn main_element(html: &str) -> &str {
    let start = html.find("<main").expect("no main");
    let end = html[start..].find("</main>").expect("no main end") + start + "</main>".len();
    &html[start..end]
}

#[test]
fn exam_generated_pages() {
    let dir = case_dir("exam", "pages");
    let book = load_book(&dir);
    let output = render(&book, &Theme::default_theme(), false);
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    for name in ["blueprint", "cited", "cheatsheet", "toc"] {
        let page = file(&output, &format!("{name}.html"));
        check(
            &dir,
            &format!("{name}.main.html"),
            &format!("{}\n", main_element(page)),
        );
    }
    let hardware = file(&output, "101/101.1-hardware.html");
    check(
        &dir,
        "hardware.article.html",
        &format!("{}\n", article(hardware)),
    );

    // The blueprint: facts, shares, expected questions, the split, heaviest first.
    let blueprint = main_element(file(&output, "blueprint.html"));
    for fact in [
        "EX-100",
        "Example Administrator",
        "30 minutes",
        "500 on a scale from 200 to 800",
    ] {
        assert!(blueprint.contains(fact), "blueprint lacks {fact}");
    }
    assert!(blueprint.contains("href=\"https://example.org/ex-100/objectives/\""));
    assert!(
        blueprint.contains("101 System Architecture: 6 questions (60%)"),
        "topic legend"
    );
    assert!(blueprint.contains("class=\"split-topic split-0\" style=\"flex-grow:6\""));
    assert!(
        blueprint.contains("<a href=\"101/101.2-boot.html\">101.2 Booting</a>"),
        "the id is put before a title without it"
    );
    let heaviest = &blueprint[blueprint
        .find("class=\"blueprint-table heaviest\"")
        .unwrap()..];
    let order: Vec<usize> = ["101.1", "102.1", "101.2"]
        .iter()
        .map(|id| heaviest.find(&format!("data-objective=\"{id}\"")).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "heaviest first, equal weights in id order"
    );
    for meter in ["objective:101.1", "topic:101", "total"] {
        assert!(
            blueprint.contains(&format!("data-meter=\"{meter}\"")),
            "{meter} meter"
        );
    }

    // The index: by kind, alphabetised, every place an existing heading.
    let cited = main_element(file(&output, "cited.html"));
    let kinds: Vec<usize> = [
        "id=\"kind-file\"",
        "id=\"kind-term\"",
        "id=\"kind-utility\"",
    ]
    .iter()
    .map(|k| cited.find(k).unwrap())
    .collect();
    assert!(
        kinds.windows(2).all(|w| w[0] < w[1]),
        "files, terms, utilities"
    );
    let utilities = &cited[kinds[2]..];
    let names: Vec<usize> = [
        "apt",
        "dmesg",
        "dpkg",
        "journalctl",
        "lsmod",
        "lspci",
        "modprobe",
    ]
    .iter()
    .map(|n| utilities.find(&format!("id=\"utility-{n}\"")).unwrap())
    .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "alphabetised");
    assert!(cited.contains("id=\"file-etc-apt-sources-list\""));
    for href in cited
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
    {
        if href.starts_with('#') {
            continue;
        }
        let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
        let target = file(&output, path);
        assert!(
            anchor.is_empty() || target.contains(&format!("id=\"{anchor}\"")),
            "{href}"
        );
    }
    assert!(cited.contains("data-search=\"lsmod 101.1\""));

    // The chips of an objective header lead to their index entries.
    let chips = &hardware[hardware.find("class=\"objective-cited\"").unwrap()..];
    let full_cited = file(&output, "cited.html");
    for href in chips
        .split("href=\"")
        .skip(1)
        .take(6)
        .map(|s| &s[..s.find('"').unwrap()])
    {
        let anchor = href
            .strip_prefix("../cited.html#")
            .unwrap_or_else(|| panic!("{href}"));
        assert!(full_cited.contains(&format!("id=\"{anchor}\"")), "{href}");
    }
    assert!(hardware.contains("class=\"knowledge-check\" data-key=\"kernel-modules\""));
    assert!(hardware.contains("class=\"studied-toggle\" aria-pressed=\"false\" hidden"));

    // The cheat sheet: blocks that run a cited utility of their objective, highlighted.
    let sheet = main_element(file(&output, "cheatsheet.html"));
    for command in [
        "lspci",
        "lsmod",
        "showconfig",
        "journalctl",
        "nginx",
        "dpkg",
    ] {
        assert!(sheet.contains(command), "cheat sheet lacks {command}");
    }
    assert!(
        !sheet.contains("uname"),
        "a block without a cited utility is left out"
    );
    assert!(
        !sheet.contains("not a command in YAML"),
        "not a shell block"
    );
    assert!(
        sheet.contains("class=\"prompt hl-prompt\""),
        "highlighted as on the pages"
    );
    assert!(sheet.contains("<a href=\"101/101.1-hardware.html#listing\">Listing devices</a>"));
    assert!(
        sheet.contains("<code>apt-get</code>"),
        "a command cited with a remark counts as its command"
    );

    // The sidebar lists them under "Exam" and knows the objective pages.
    let toc_js = file(&output, "toc.js");
    for needle in [
        "blueprint.html",
        "cited.html",
        "cheatsheet.html",
        "toc-exam",
        "data-objective=\\\"101.2\\\"",
    ] {
        assert!(toc_js.contains(needle), "toc.js lacks {needle}");
    }
    // Each page loads the progress script with the book's storage key.
    assert!(hardware.contains("data-store=\"exambook:ex-100:progress\""));
}

#[test]
fn exam_pages_are_minified_and_only_with_an_exam() {
    let book = load_book(&case_dir("exam", "pages"));
    let output = render(&book, &Theme::default_theme(), true);
    let blueprint = file(&output, "blueprint.html");
    assert!(
        blueprint.starts_with("<!doctype html>"),
        "minified like every page"
    );
    assert!(!blueprint.contains("\n<tr"), "minified like every page");

    let plain = load_case(&case_dir("admonition", "kinds"));
    let output = render(&plain, &Theme::default_theme(), true);
    for path in ["blueprint.html", "cited.html", "cheatsheet.html"] {
        assert!(
            !output.files.iter().any(|f| f.path == path),
            "{path} without an exam"
        );
    }
    assert!(!file(&output, "toc.js").contains("toc-exam"));
}

#[test]
fn exam_pages_in_german() {
    let mut book = load_book(&case_dir("exam", "pages"));
    book.config.book.language = "de".into();
    let output = render(&book, &Theme::default_theme(), false);
    assert!(file(&output, "blueprint.html").contains("<h1>Prüfungsaufbau</h1>"));
    assert!(file(&output, "blueprint.html").contains("500 auf einer Skala von 200 bis 800"));
    assert!(file(&output, "cited.html").contains(">Werkzeuge</h2>"));
    assert!(file(&output, "toc.js").contains("Befehlsübersicht"));
}

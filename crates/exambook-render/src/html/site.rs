//! The static website: every page, the shared navigation script, and the site files.
//!
//! Design decisions:
//! - The sidebar is rendered ONCE into `toc.js`, which every page loads with a `<script src>`
//!   placed inside its `<nav>`: the script inserts the list there while the page is parsed (no
//!   flash), rebases links on its own URL (works from `file://` and under any base path) and
//!   marks the current page. Hugo, mdBook and Zola inline the whole navigation into every page,
//!   so their output grows as O(pages²); here a page's size does not depend on the page count.
//!   `toc.html` (linked from `<noscript>`) holds the same list as plain HTML.
//! - Pages render in parallel; each page's work (highlighting, diagrams, template, minify) is a
//!   pure function of the book, so output is byte-identical whatever the thread count.
//! - Site-wide template data (book, strings, icons, asset URLs) lives in tera's global context,
//!   set once; each page adds only its own.
//! - Asset URLs carry a content hash (`?v=…`) so a browser never mixes old CSS with new HTML.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use exambook_core::{Book, Page, TocEntry};
use exambook_syntax::ast::{
    Admonition, CitedKind, CodeBlock, Diagram, Heading, LinkTarget, PageMeta, Question,
};
use exambook_syntax::escape;
use exambook_syntax::html::{
    self as body_html, Hooks, QuestionHtml, QuestionLabels, ensure_newline, question_form,
};
use exambook_syntax::{Diagnostic, Span};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use super::{HtmlOptions, Output, OutputFile, Timings};
use crate::cache::{Key, RenderCache, Text};
use crate::diagram::{DIAGRAM_VERSION, diagram_id, mermaid_svg};
use crate::highlight::{
    HIGHLIGHT_VERSION, Language, LineOptions, code_figure, highlight, language, parse_line_ranges,
};
use crate::theme::{Theme, ThemeError};

/// Bumped whenever the page markup changes for the same input (minified-page cache key).
const PAGE_VERSION: u32 = 1;

/// Id prefixes of the navigation list in the sidebar and on `toc.html` (kept apart so the two
/// never share ids on `toc.html`).
const NAV_ID_PREFIX: &str = "exambook-nav-";
const TOC_ID_PREFIX: &str = "exambook-toc-";

/// The exam's generated pages as `(site path, whole HTML page)`, see [`Site::exam_pages`].
pub(crate) type ExamPages = Vec<(&'static str, String)>;

/// The HTML site of one book: what every page shares (compiled templates, UI strings, the
/// navigation, the static files and their versioned URLs) made once, then pages rendered one
/// at a time ([`Site::page`], what `serve` does after an edit) or all together with the site
/// files ([`Site::render`], what `build` does).
pub struct Site<'a> {
    book: &'a Book,
    theme: &'a Theme,
    opts: &'a HtmlOptions,
    shared: Arc<Shared>,
    /// With [`HtmlOptions::print_link`], the page bodies [`Site::render`] made, by page index,
    /// for the print page to take instead of rendering them a second time.
    kept: std::sync::Mutex<Vec<Option<Body>>>,
}

/// What every page of a [`Site`] shares, made once. It depends on the book's configuration,
/// table of contents, front matter and exam model, never on page bodies: `serve` keeps it across
/// rebuilds that [`super::invalidated`] limits to pages.
pub struct Shared {
    tera: Tera,
    strings: BTreeMap<String, String>,
    icons: BTreeMap<String, String>,
    /// The static files and `toc.js`.
    files: Vec<OutputFile>,
    /// The table of contents page's navigation list.
    toc_page_nav: String,
    /// Time spent making the shared parts.
    timings: Timings,
}

/// One page of a [`Site`], rendered.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The page's file.
    pub file: OutputFile,
    /// Warnings about its content.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the time went.
    pub timings: Timings,
}

impl<'a> Site<'a> {
    /// Prepares the site of `book`: compiles the theme's templates and renders the navigation.
    pub fn new(
        book: &'a Book,
        theme: &'a Theme,
        opts: &'a HtmlOptions,
    ) -> Result<Self, ThemeError> {
        let shared = Arc::new(Shared::new(
            book,
            theme,
            opts.print_link,
            opts.languages.as_deref(),
        )?);
        Ok(Site::with(book, theme, opts, shared))
    }

    /// The site of `book` with shared parts made earlier for the same book and theme (see
    /// [`Shared`]).
    pub fn with(
        book: &'a Book,
        theme: &'a Theme,
        opts: &'a HtmlOptions,
        shared: Arc<Shared>,
    ) -> Self {
        Site {
            book,
            theme,
            opts,
            shared,
            kept: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Its shared parts, to make the next [`Site::with`].
    pub fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.shared)
    }
}

impl Shared {
    /// Compiles the theme's templates and renders what pages share: the navigation
    /// (`toc.js`), the static files and their versioned URLs. With `print_link`, every page
    /// links the print page (see [`HtmlOptions::print_link`]).
    pub fn new(
        book: &Book,
        theme: &Theme,
        print_link: bool,
        languages: Option<&super::LanguageSite>,
    ) -> Result<Shared, ThemeError> {
        let mut tera = theme.templates()?;
        let strings = theme.strings(&book.config.book.language)?;
        let icons = theme.icons();
        let mut timings = Timings::default();

        // ---- static files and their versioned URLs --------------------------------------------
        let mut shared: Vec<OutputFile> = Vec::new();
        for path in theme.paths() {
            if path.starts_with("static/")
                && let Some(bytes) = theme.file(path)
            {
                shared.push(OutputFile {
                    path: path.to_owned(),
                    contents: bytes.to_vec(),
                });
            }
        }
        // The font diagrams are measured with: always ours, so that drawing and layout agree.
        shared.retain(|f| f.path != crate::diagram::FONT_PATH);
        shared.push(OutputFile {
            path: crate::diagram::FONT_PATH.into(),
            contents: crate::diagram::FONT.to_vec(),
        });
        if theme.file("static/highlight.css").is_none() {
            shared.push(OutputFile {
                path: "static/highlight.css".into(),
                contents: crate::highlight::stylesheet().into_bytes(),
            });
        }
        let versioned = |path: &str, files: &[OutputFile]| -> String {
            match files.iter().find(|f| f.path == path) {
                Some(f) => format!(
                    "{path}?v={:08x}",
                    xxhash_rust::xxh3::xxh3_64(&f.contents) as u32
                ),
                None => path.to_owned(),
            }
        };

        // ---- navigation, rendered once ---------------------------------------------------------
        let items = nav_items(book);
        let home = home_path(book);
        let global = tera.global_context();
        global.insert("lang", &book.config.book.language);
        global.insert("book", &BookView::new(book));
        global.insert("strings", &strings);
        global.insert("icons", &icons);
        global.insert("home", &home);
        global.insert("page_title", "");
        global.insert("prev", &None::<Link>);
        global.insert("next", &None::<Link>);
        global.insert("edit_url", &None::<String>);
        global.insert("progress_key", &super::exam_pages::store_key(book));
        // Every page links its versions in the other languages from `root`: `here` is the
        // page's path inside its language's site (empty on pages served at any depth).
        global.insert("here", "");
        global.insert("languages", &language_views(theme, languages));
        // The print page, linked from every page when the caller writes it and no page of the
        // book is written there.
        let print_page = print_link
            && !book
                .pages
                .iter()
                .any(|p| super::page_path(p) == crate::print::PRINT_PATH);
        global.insert(
            "print_page",
            &print_page.then_some(crate::print::PRINT_PATH),
        );

        let t = Instant::now();
        let mut nav_ctx = Context::new();
        nav_ctx.insert("items", &items);
        nav_ctx.insert("expanded", &false);
        nav_ctx.insert("id_prefix", NAV_ID_PREFIX);
        nav_ctx.insert("exam_links", &super::exam_pages::nav_links(book, &strings));
        nav_ctx.insert("exam_nav", &super::exam_pages::nav_objectives(book));
        let sidebar_html = render_template(&tera, theme, "nav.html", &nav_ctx)?;
        nav_ctx.insert("expanded", &true);
        nav_ctx.insert("id_prefix", TOC_ID_PREFIX);
        let toc_page_nav = render_template(&tera, theme, "nav.html", &nav_ctx)?;
        let mut js_ctx = Context::new();
        js_ctx.insert("nav", &js_string(&sidebar_html));
        let toc_js = render_template(&tera, theme, "toc.js", &js_ctx)?;
        shared.push(OutputFile {
            path: "toc.js".into(),
            contents: toc_js.into_bytes(),
        });
        timings.templates += t.elapsed();

        let assets = Assets {
            css: versioned("static/exambook.css", &shared),
            highlight_css: versioned("static/highlight.css", &shared),
            js: versioned("static/exambook.js", &shared),
            exam_js: versioned("static/exam.js", &shared),
            quiz_js: versioned("static/quiz.js", &shared),
            diagram_js: versioned("static/diagram.js", &shared),
            search_js: versioned("static/search.js", &shared),
            favicon: versioned("static/favicon.svg", &shared),
            toc_js: versioned("toc.js", &shared),
        };
        tera.global_context().insert("assets", &assets);
        Ok(Shared {
            tera,
            strings,
            icons,
            files: shared,
            toc_page_nav,
            timings,
        })
    }
}

impl<'a> Site<'a> {
    fn env(&self) -> PageEnv<'_> {
        PageEnv {
            book: self.book,
            theme: self.theme,
            tera: &self.shared.tera,
            strings: &self.shared.strings,
            icons: &self.shared.icons,
            cache: self.opts.cache.as_deref(),
            minify: self.opts.minify,
            live_reload: self.opts.live_reload.as_deref(),
            keep: self.opts.print_link.then_some(&self.kept),
            languages: self.opts.languages.as_deref(),
        }
    }

    /// Renders book page `index` as [`Site::render`] renders it.
    pub fn page(&self, index: usize) -> Result<RenderedPage, ThemeError> {
        self.env().page(index)
    }

    /// The body of book page `index` as its page shows it, for other formats (the print page).
    /// Taken from what [`Site::render`] kept when it ran, else rendered now.
    pub(crate) fn body(&self, index: usize) -> Result<Body, ThemeError> {
        let kept = self
            .kept
            .lock()
            .ok()
            .and_then(|mut k| k.get_mut(index).and_then(Option::take));
        match kept {
            Some(body) => Ok(body),
            None => self.env().body(index),
        }
    }

    /// The UI strings, for other formats.
    pub(crate) fn strings(&self) -> &BTreeMap<String, String> {
        &self.shared.strings
    }

    /// The book, for other formats.
    pub(crate) fn book(&self) -> &'a Book {
        self.book
    }

    /// Renders one of the theme's templates with the site's global data (book, strings,
    /// icons, asset URLs), for other formats (the print page's template).
    pub(crate) fn render_template(&self, name: &str, ctx: &Context) -> Result<String, ThemeError> {
        render_template(&self.shared.tera, self.theme, name, ctx)
    }

    /// The exam's generated pages (blueprint, cited-objects index, cheat sheet) as whole
    /// unminified HTML pages at the site root, with their paths; none without an exam model.
    /// Pages of the book written at those paths win, as on the site.
    pub(crate) fn exam_pages(&self) -> Result<(ExamPages, Timings), ThemeError> {
        let book = self.book;
        let env = self.env();
        let mut timings = Timings::default();
        let page_paths: BTreeSet<String> = book.pages.iter().map(super::page_path).collect();
        let mut highlight_time = Duration::ZERO;
        let generated = super::exam_pages::pages(book, &self.shared.strings, &mut |block, span| {
            let (html, took) = code_block_html(&env, block, span);
            highlight_time += took;
            html
        });
        timings.highlight += highlight_time;
        let mut out = Vec::new();
        for page in generated {
            if page_paths.contains(page.path) {
                continue;
            }
            let mut ctx = page.ctx;
            ctx.insert("root", "");
            let t = Instant::now();
            out.push((
                page.path,
                render_template(&self.shared.tera, self.theme, page.template, &ctx)?,
            ));
            timings.templates += t.elapsed();
        }
        Ok((out, timings))
    }

    /// The static files and `toc.js` (what the print page needs of the site).
    pub fn static_files(&self) -> Vec<OutputFile> {
        self.shared.files.clone()
    }

    /// Renders every page, in parallel on the current rayon pool (handing each to the sink
    /// when there is one), then the site files. The output is byte-identical whatever the
    /// number of threads.
    pub fn render(&self) -> Result<Output, ThemeError> {
        let opts = self.opts;
        let env = self.env();
        let total = self.book.pages.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        // A page's file (unless the sink took it), diagnostics and times.
        type Parts = (Option<OutputFile>, Vec<Diagnostic>, Timings);
        let results: Vec<Result<Parts, ThemeError>> = (0..total)
            .into_par_iter()
            .map(|i| {
                let result = env.page(i).map(|r| {
                    let file = match &opts.sink {
                        Some(sink) => {
                            (sink.0)(r.file);
                            None
                        }
                        None => Some(r.file),
                    };
                    (file, r.diagnostics, r.timings)
                });
                if let Some(progress) = &opts.progress {
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    (progress.0)(n, total);
                }
                result
            })
            .collect();
        let mut files = Vec::new();
        let mut diagnostics = Vec::new();
        let mut timings = self.shared.timings;
        for result in results {
            let (file, diags, t) = result?;
            files.extend(file);
            diagnostics.extend(diags);
            timings += t;
        }
        let rest = self.files()?;
        files.extend(rest.files);
        let t = Instant::now();
        let search = crate::search::Index::build(self.book);
        files.extend(search.files(self.book));
        timings.search += t.elapsed();
        diagnostics.extend(rest.diagnostics);
        timings += rest.timings;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|later, earlier| later.path == earlier.path);
        diagnostics.sort_by(|a, b| {
            (a.span.file, a.span.start, a.span.end, &a.message).cmp(&(
                b.span.file,
                b.span.start,
                b.span.end,
                &b.message,
            ))
        });
        Ok(Output {
            files,
            diagnostics,
            timings,
            search,
        })
    }

    /// Every file of the site that is not a book page: static files, `toc.js`, `toc.html`,
    /// `index.html` (unless a page is), `404.html`, the exam's pages, `sitemap.xml`,
    /// `.nojekyll`; unsorted.
    pub fn files(&self) -> Result<Output, ThemeError> {
        let book = self.book;
        let env = self.env();
        let mut files = self.shared.files.clone();
        let mut diagnostics = Vec::new();
        let mut timings = Timings::default();
        let page_paths: BTreeSet<String> = book.pages.iter().map(super::page_path).collect();

        let mut highlight_time = Duration::ZERO;
        let exam_pages =
            super::exam_pages::pages(book, &self.shared.strings, &mut |block, span| {
                let (html, took) = code_block_html(&env, block, span);
                highlight_time += took;
                html
            });
        timings.highlight += highlight_time;
        let cache = self.opts.cache.as_deref();
        let folder = self
            .opts
            .languages
            .as_ref()
            .map(|l| l.folder())
            .unwrap_or_default();
        let mut generated =
            |path: &str, template: &str, ctx: Context, root: &str| -> Result<(), ThemeError> {
                if page_paths.contains(path) {
                    return Ok(());
                }
                let mut ctx = ctx;
                ctx.insert("root", root);
                if !root.starts_with('/') {
                    ctx.insert("here", path);
                }
                let t = Instant::now();
                let html = render_template(&self.shared.tera, self.theme, template, &ctx)?;
                timings.templates += t.elapsed();
                let t = Instant::now();
                let html = crate::live_reload::inject(html, self.opts.live_reload.as_deref());
                let bytes = finish(cache, self.opts.minify, &format!("{folder}{path}"), html);
                timings.minify += t.elapsed();
                files.push(OutputFile {
                    path: path.to_owned(),
                    contents: bytes,
                });
                Ok(())
            };
        let mut toc_ctx = Context::new();
        toc_ctx.insert("nav_html", &self.shared.toc_page_nav);
        toc_ctx.insert("page_title", &self.shared.strings.get("table_of_contents"));
        generated("toc.html", "toc.html", toc_ctx.clone(), "")?;
        generated("index.html", "toc.html", toc_ctx, "")?;
        let mut nf_ctx = Context::new();
        nf_ctx.insert("page_title", &self.shared.strings.get("not_found_title"));
        generated(
            "404.html",
            "404.html",
            nf_ctx,
            &format!("{}{folder}", book.config.site.base_path()),
        )?;
        // The exam's pages follow the book's last page in reading order (as in the sidebar).
        let sequence = exam_sequence(book, &self.shared.strings);
        for page in exam_pages {
            let mut ctx = page.ctx;
            if let Some(at) = sequence.iter().position(|l| l.href == page.path) {
                let around = |i: Option<usize>| i.and_then(|i| sequence.get(i)).cloned();
                ctx.insert("prev", &around(at.checked_sub(1)));
                ctx.insert("next", &around(Some(at + 1)));
            }
            generated(page.path, page.template, ctx, "")?;
        }

        if let Some(url) = book
            .config
            .site
            .url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        {
            files.push(OutputFile {
                path: "sitemap.xml".into(),
                contents: sitemap(url, book).into_bytes(),
            });
        }
        files.push(OutputFile {
            path: ".nojekyll".into(),
            contents: Vec::new(),
        });

        // A language the theme has no strings for gets English UI text: say so.
        let language = book.config.book.language.trim().to_ascii_lowercase();
        let primary = language.split(['-', '_']).next().unwrap_or_default();
        let languages = self.theme.languages();
        if !languages
            .iter()
            .any(|l| l.eq_ignore_ascii_case(&language) || l.eq_ignore_ascii_case(primary))
        {
            diagnostics.push(
                Diagnostic::warning(
                    exambook_core::load::key_span(&book.sources, "book", "language"),
                    format!(
                        "the theme has no UI strings for `{}`: menus and buttons will be in English",
                        book.config.book.language
                    ),
                )
                .with_hint(format!(
                    "the theme has strings for: {}; add `strings/{primary}.toml` to the book's theme folder to translate them",
                    languages.join(", ")
                )),
            );
        }

        // A page written where a site file goes wins; say so.
        for page in &book.pages {
            let path = super::page_path(page);
            if path == "toc.js" || path.starts_with("static/") || path == "sitemap.xml" {
                diagnostics.push(
                    Diagnostic::warning(
                        Span::new(page.file, 0..0),
                        format!("this page's output `{path}` clashes with a file of the site"),
                    )
                    .with_hint("rename the page"),
                );
            }
        }
        Ok(Output {
            files,
            diagnostics,
            timings,
            search: crate::search::Index::default(),
        })
    }
}

/// Renders a template, mapping errors to the template's file and line.
fn render_template(
    tera: &Tera,
    theme: &Theme,
    name: &str,
    ctx: &Context,
) -> Result<String, ThemeError> {
    tera.render(name, ctx).map_err(|e| theme.template_error(&e))
}

/// Minifies a finished page (through the cache when there is one).
fn finish(cache: Option<&RenderCache>, minify: bool, path: &str, html: String) -> Vec<u8> {
    if !minify {
        return html.into_bytes();
    }
    let Some(cache) = cache else {
        return crate::minify::minify(&html).into_bytes();
    };
    let key = Key::new("page", PAGE_VERSION).str(path).str(&html).finish();
    if let Some(bytes) = cache.get_page(key, path) {
        return bytes;
    }
    let bytes = crate::minify::minify(&html).into_bytes();
    cache.insert_page(key, &bytes);
    bytes
}

/// A string as a JavaScript (JSON) string literal that is also safe inside `<script>`.
pub(crate) fn js_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".into())
        .replace('<', "\\u003c")
}

/// The page the site title links to.
fn home_path(book: &Book) -> String {
    // index.html is always written: by a page, or as a copy of the table of contents.
    let _ = book;
    "index.html".into()
}

#[derive(Serialize)]
struct BookView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    authors: &'a [String],
    exam: Option<ExamView<'a>>,
}

#[derive(Serialize)]
struct ExamView<'a> {
    code: &'a str,
    name: &'a str,
    questions: u32,
}

impl<'a> BookView<'a> {
    fn new(book: &'a Book) -> Self {
        let b = &book.config.book;
        BookView {
            title: &b.title,
            description: &b.description,
            language: &b.language,
            authors: &b.authors,
            exam: book.config.exam.as_ref().map(|e| ExamView {
                code: &e.code,
                name: &e.name,
                questions: e.questions,
            }),
        }
    }
}

#[derive(Serialize)]
struct Assets {
    css: String,
    highlight_css: String,
    js: String,
    exam_js: String,
    quiz_js: String,
    diagram_js: String,
    search_js: String,
    favicon: String,
    toc_js: String,
}

/// One entry of the flat navigation list that `nav.html` walks.
#[derive(Debug, Serialize)]
struct NavItem {
    /// `part`, `chapter`, `separator` or `end` (closes the last open part or chapter).
    kind: &'static str,
    /// Unique number, for element ids.
    id: usize,
    title: String,
    /// Root-relative URL of the page; `None` for drafts, parts, separators.
    href: Option<String>,
    weight: Option<u32>,
    /// Whether a chapter has children (then an `end` follows them).
    children: bool,
}

fn nav_items(book: &Book) -> Vec<NavItem> {
    let mut items = Vec::new();
    let mut in_part = false;
    for entry in &book.toc {
        match entry {
            TocEntry::Part { title } => {
                if in_part {
                    items.push(marker("end", items.len()));
                }
                items.push(NavItem {
                    kind: "part",
                    id: items.len(),
                    title: title.clone(),
                    href: None,
                    weight: None,
                    children: true,
                });
                in_part = true;
            }
            TocEntry::Separator => items.push(marker("separator", items.len())),
            TocEntry::Chapter { .. } => chapter_items(book, entry, &mut items),
        }
    }
    if in_part {
        items.push(marker("end", items.len()));
    }
    items
}

/// A `separator` or `end` item: no title, no link.
fn marker(kind: &'static str, id: usize) -> NavItem {
    NavItem {
        kind,
        id,
        title: String::new(),
        href: None,
        weight: None,
        children: false,
    }
}

fn chapter_items(book: &Book, entry: &TocEntry, items: &mut Vec<NavItem>) {
    match entry {
        TocEntry::Chapter {
            title,
            page,
            children,
        } => {
            let page_ref = page.and_then(|p| book.pages.get(p));
            items.push(NavItem {
                kind: "chapter",
                id: items.len(),
                title: title.clone(),
                href: page_ref.map(super::page_url),
                weight: page_ref.and_then(|p| p.meta().weight.as_ref().map(|w| w.value)),
                children: !children.is_empty(),
            });
            for child in children {
                chapter_items(book, child, items);
            }
            if !children.is_empty() {
                items.push(marker("end", items.len()));
            }
        }
        TocEntry::Separator => items.push(marker("separator", items.len())),
        TocEntry::Part { title } => {
            // A part nested under a chapter is not valid SUMMARY.md; show it as a label.
            items.push(NavItem {
                kind: "chapter",
                id: items.len(),
                title: title.clone(),
                href: None,
                weight: None,
                children: false,
            });
        }
    }
}

fn sitemap(url: &str, book: &Book) -> String {
    let base = if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    };
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &book.pages {
        let page_path = super::page_url(page);
        let path = page_path.strip_suffix("index.html").unwrap_or(&page_path);
        out.push_str("<url><loc>");
        escape::attr(&mut out, &format!("{base}{path}"));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// What every page's rendering shares.
struct PageEnv<'a> {
    book: &'a Book,
    theme: &'a Theme,
    tera: &'a Tera,
    strings: &'a BTreeMap<String, String>,
    icons: &'a BTreeMap<String, String>,
    cache: Option<&'a RenderCache>,
    minify: bool,
    /// The live-reload WebSocket path (see [`crate::live_reload`]).
    live_reload: Option<&'a str>,
    /// Where [`PageEnv::page`] keeps a copy of each body for the print page, if anywhere.
    keep: Option<&'a std::sync::Mutex<Vec<Option<Body>>>>,
    /// The languages of a multilingual book, as this site sees them.
    languages: Option<&'a super::LanguageSite>,
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    href: String,
}

/// The book's last page and the exam's generated pages, in reading order, with links relative
/// to the site root (where the generated pages are): what their previous/next links follow.
fn exam_sequence(book: &Book, strings: &BTreeMap<String, String>) -> Vec<Link> {
    let generated = super::exam_pages::nav_links(book, strings);
    if generated.is_empty() {
        return Vec::new();
    }
    let last = book.pages.last().map(|p| Link {
        title: p.title.clone(),
        href: super::page_url(p),
    });
    last.into_iter()
        .chain(generated.into_iter().map(|l| Link {
            title: l.title,
            href: l.href.to_owned(),
        }))
        .collect()
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct TocLine<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    path: &'a str,
    source_path: &'a str,
    body: String,
    has_h1: bool,
    toc: Vec<TocLine<'a>>,
    objective: Option<String>,
    weight: Option<u32>,
}

#[derive(Serialize)]
struct ObjectiveView<'a> {
    id: &'a str,
    weight: Option<u32>,
    questions: Option<u32>,
    share: Option<String>,
    description: Option<&'a str>,
    knowledge: Vec<super::exam_pages::Knowledge<'a>>,
    cited: Vec<CitedView<'a>>,
}

#[derive(Serialize)]
struct CitedView<'a> {
    name: &'a str,
    kind: &'static str,
    /// Its entry on the cited-objects index.
    href: Option<String>,
}

/// A page's body as the site renders it: the HTML inside its `<article>`, with the objective
/// header after the first H1 (or apart, when the page has no H1 of its own).
pub(crate) struct Body {
    /// The body HTML.
    pub(crate) html: String,
    /// Whether the body has an H1 (which then carries the objective header after it).
    pub(crate) has_h1: bool,
    /// The objective header, when the page names an objective.
    pub(crate) objective_html: Option<String>,
    /// Warnings about the content.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Where the time went.
    pub(crate) timings: Timings,
}

impl PageEnv<'_> {
    /// Renders the body of page `index` (highlighting and diagrams through the cache).
    fn body(&self, index: usize) -> Result<Body, ThemeError> {
        let book = self.book;
        let Some(page) = book.pages.get(index) else {
            return Err(ThemeError::Missing(format!("page {index}")));
        };
        let mut timings = Timings::default();
        let meta = page.meta();

        let objective_html = match self.objective(index, page, meta) {
            Some(view) => {
                let t = Instant::now();
                let mut ctx = Context::new();
                ctx.insert("objective", &view);
                let html = render_template(self.tera, self.theme, "objective.html", &ctx)?;
                timings.templates += t.elapsed();
                Some(html)
            }
            None => None,
        };

        let mut hooks = SiteHooks {
            book,
            asset_root: asset_root(self.languages),
            page: index,
            strings: self.strings,
            icons: self.icons,
            cache: self.cache,
            diagnostics: Vec::new(),
            highlight: Duration::ZERO,
            diagrams: Duration::ZERO,
            diagram_count: 0,
            objective_html: objective_html.as_deref(),
            saw_h1: false,
        };
        let html = body_html::body(&page.doc.blocks, &mut hooks);
        timings.highlight += hooks.highlight;
        timings.diagrams += hooks.diagrams;
        Ok(Body {
            html,
            has_h1: hooks.saw_h1,
            diagnostics: hooks.diagnostics,
            objective_html,
            timings,
        })
    }

    fn page(&self, index: usize) -> Result<RenderedPage, ThemeError> {
        let book = self.book;
        let Some(page) = book.pages.get(index) else {
            return Err(ThemeError::Missing(format!("page {index}")));
        };
        let meta = page.meta();
        let rendered = self.body(index)?;
        if let Some(keep) = self.keep
            && let Ok(mut kept) = keep.lock()
        {
            if kept.len() < book.pages.len() {
                kept.resize_with(book.pages.len(), || None);
            }
            if let Some(slot) = kept.get_mut(index) {
                // The print page reports no diagnostics of its own (the site's are the same)
                // and adds no time of its own for a kept body.
                *slot = Some(Body {
                    html: rendered.html.clone(),
                    has_h1: rendered.has_h1,
                    objective_html: rendered.objective_html.clone(),
                    diagnostics: Vec::new(),
                    timings: Timings::default(),
                });
            }
        }
        let Body {
            html: body,
            has_h1,
            objective_html,
            diagnostics,
            mut timings,
        } = rendered;

        let (prev, next) = book.prev_next(index);
        let link = |p: usize| Link {
            title: book
                .pages
                .get(p)
                .map(|p| p.title.clone())
                .unwrap_or_default(),
            href: super::page_href(book, index, p, None),
        };
        // The last page leads on to the exam's pages.
        let next = match next {
            Some(p) => Some(link(p)),
            None => super::exam_pages::nav_links(book, self.strings)
                .into_iter()
                .next()
                .map(|l| Link {
                    title: l.title,
                    href: format!("{}{}", super::root_prefix(page), l.href),
                }),
        };
        let edit_url = book
            .config
            .site
            .edit_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(|u| u.replace("{path}", &super::encode_path(&page.source_path)));
        let toc: Vec<TocLine<'_>> = page
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| TocLine {
                level: h.level,
                id: &h.id,
                text: &h.text,
            })
            .collect();
        let out_path = super::page_path(page);
        let view = PageView {
            title: &page.title,
            path: &out_path,
            source_path: &page.source_path,
            body,
            has_h1,
            toc: if toc.len() >= 2 { toc } else { Vec::new() },
            objective: meta.objective.as_ref().map(|o| o.value.clone()),
            weight: meta.weight.as_ref().map(|w| w.value),
        };
        let crumbs: Vec<Crumb> = page
            .breadcrumbs
            .iter()
            .map(|c| Crumb {
                title: c.title.clone(),
                href: c.page.map(|p| super::page_href(book, index, p, None)),
            })
            .collect();
        let head_title = if page.title == book.config.book.title || page.title.is_empty() {
            book.config.book.title.clone()
        } else {
            page.title.clone()
        };

        let t = Instant::now();
        let mut ctx = Context::new();
        ctx.insert("page", &view);
        ctx.insert("page_title", &head_title);
        ctx.insert("root", &super::root_prefix(page));
        ctx.insert("breadcrumbs", &crumbs);
        ctx.insert("prev", &prev.map(link));
        ctx.insert("next", &next);
        ctx.insert("edit_url", &edit_url);
        ctx.insert("objective_html", objective_html.as_deref().unwrap_or(""));
        ctx.insert("here", &super::page_url(page));
        ctx.insert(
            "translation_notice",
            &translation_notice(self.languages, index, self.strings, self.theme),
        );
        let html = render_template(self.tera, self.theme, "page.html", &ctx)?;
        timings.templates += t.elapsed();

        let t = Instant::now();
        let path = out_path.clone();
        // The cache reads a hit back from the output folder, where a translation's page is in
        // its language's folder.
        let output_path = match self.languages {
            Some(l) => format!("{}{out_path}", l.folder()),
            None => out_path.clone(),
        };
        let html = crate::live_reload::inject(html, self.live_reload);
        let contents = finish(self.cache, self.minify, &output_path, html);
        timings.minify += t.elapsed();
        Ok(RenderedPage {
            file: OutputFile { path, contents },
            diagnostics,
            timings,
        })
    }

    fn objective<'p>(
        &self,
        index: usize,
        page: &'p Page,
        meta: &'p PageMeta,
    ) -> Option<ObjectiveView<'p>> {
        let id = meta.objective.as_ref()?;
        let weight = meta.weight.as_ref().map(|w| w.value);
        let questions = self
            .book
            .config
            .exam
            .as_ref()
            .map(|e| e.questions)
            .filter(|q| *q > 0);
        let share = match (weight, questions) {
            (Some(w), Some(q)) => Some(percent(w, q)),
            _ => None,
        };
        // The exam model's kinds when the loader built one, else our own inference.
        let modelled: Option<&exambook_core::exam::Objective> =
            self.book.exam.as_ref().and_then(|e| {
                e.topics
                    .iter()
                    .flat_map(|t| &t.objectives)
                    .find(|o| o.page == index)
            });
        let commands = exambook_core::exam::commands_in(&page.doc.blocks);
        let anchors = super::exam_pages::CitedAnchors::new(self.book);
        let kind_of = |name: &str, stated: Option<CitedKind>| -> &'static str {
            let known = modelled
                .and_then(|o| o.cited.iter().find(|c| c.name == name))
                .map(|c| c.kind);
            exambook_core::exam::kind_name(
                stated
                    .or(known)
                    .unwrap_or_else(|| exambook_core::exam::infer_kind(name, &commands)),
            )
        };
        Some(ObjectiveView {
            id: &id.value,
            weight,
            questions,
            share,
            description: meta.description.as_ref().map(|d| d.value.as_str()),
            knowledge: super::exam_pages::knowledge(
                meta.knowledge.iter().map(|k| k.value.as_str()),
            ),
            cited: meta
                .cited
                .iter()
                .map(|c| {
                    let kind = kind_of(&c.value.name, c.value.kind);
                    CitedView {
                        name: &c.value.name,
                        kind,
                        href: anchors.href(&super::root_prefix(page), kind, &c.value.name),
                    }
                })
                .collect(),
        })
    }
}

/// Where assets are from a site's root: the source language's site publishes them.
fn asset_root(languages: Option<&super::LanguageSite>) -> &'static str {
    match languages {
        Some(l) if l.current > 0 => "../",
        _ => "",
    }
}

/// One language of a multilingual book, as the language switcher and `hreflang` show it.
#[derive(Serialize)]
struct LanguageView {
    /// The BCP 47 tag.
    lang: String,
    /// Its name in itself (`language_name` of its strings file), else the tag.
    name: String,
    /// From this site's root to that language's root.
    path: String,
    /// Whether it is this site's language.
    current: bool,
}

fn language_name(theme: &Theme, tag: &str) -> String {
    let primary = tag.split(['-', '_']).next().unwrap_or(tag);
    [tag, primary]
        .iter()
        .find_map(|t| {
            theme
                .strings_file(t)
                .ok()
                .flatten()
                .and_then(|s| s.get("language_name").cloned())
        })
        .unwrap_or_else(|| tag.to_owned())
}

fn language_views(theme: &Theme, languages: Option<&super::LanguageSite>) -> Vec<LanguageView> {
    let Some(l) = languages else {
        return Vec::new();
    };
    l.languages
        .iter()
        .enumerate()
        .map(|(i, tag)| LanguageView {
            lang: tag.clone(),
            name: language_name(theme, tag),
            path: l.path_to(i),
            current: i == l.current,
        })
        .collect()
}

/// "62 % of this page is translated…" on a page of a translation that is not complete.
fn translation_notice(
    languages: Option<&super::LanguageSite>,
    index: usize,
    strings: &BTreeMap<String, String>,
    theme: &Theme,
) -> Option<String> {
    let l = languages?;
    let progress = l.progress.get(index)?;
    if progress.complete() {
        return None;
    }
    let source = l.languages.first().map(|t| language_name(theme, t))?;
    Some(
        strings
            .get("translation_partial")?
            .replace("{percent}", &progress.percent().to_string())
            .replace("{language}", &source),
    )
}

/// `weight / questions` as a percentage with at most one decimal: `10%`, `6.7%`.
pub(crate) fn percent(weight: u32, questions: u32) -> String {
    let tenths =
        (u64::from(weight) * 1000 + u64::from(questions) / 2) / u64::from(questions.max(1));
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

/// One code block rendered as the pages render it (highlighted, through the cache), for the
/// generated exam pages; with the time it took. Its diagnostics were reported by its page.
fn code_block_html(env: &PageEnv<'_>, block: &CodeBlock, span: Span) -> (String, Duration) {
    let mut hooks = SiteHooks {
        book: env.book,
        asset_root: asset_root(env.languages),
        page: usize::MAX,
        strings: env.strings,
        icons: env.icons,
        cache: env.cache,
        diagnostics: Vec::new(),
        highlight: Duration::ZERO,
        diagrams: Duration::ZERO,
        diagram_count: 0,
        objective_html: None,
        saw_h1: false,
    };
    let mut out = String::new();
    hooks.code_block(block, span, &mut out);
    (out, hooks.highlight)
}

/// The words of a question form, from the theme's strings.
pub(crate) fn question_labels(strings: &BTreeMap<String, String>) -> QuestionLabels {
    let get = |key: &str, default: String| strings.get(key).cloned().unwrap_or(default);
    let d = QuestionLabels::default();
    QuestionLabels {
        choose_one: get("quiz_choose_one", d.choose_one),
        choose_all: get("quiz_choose_all", d.choose_all),
        your_answer: get("quiz_your_answer", d.your_answer),
        check: get("quiz_check", d.check),
        explanation: get("quiz_explanation", d.explanation),
    }
}

/// The site's customisations of the body HTML writer.
struct SiteHooks<'a> {
    book: &'a Book,
    /// From the site's root to where assets are published (`../` for a translation's site,
    /// whose pages sit in a folder of the source language's site).
    asset_root: &'static str,
    /// The page being written (links are relative to it).
    page: usize,
    strings: &'a BTreeMap<String, String>,
    icons: &'a BTreeMap<String, String>,
    cache: Option<&'a RenderCache>,
    diagnostics: Vec<Diagnostic>,
    highlight: Duration,
    diagrams: Duration,
    diagram_count: usize,
    /// Written right after the first H1.
    objective_html: Option<&'a str>,
    saw_h1: bool,
}

impl SiteHooks<'_> {
    fn string<'s>(&'s self, key: &'s str) -> &'s str {
        self.strings.get(key).map_or(key, String::as_str)
    }
}

fn attr<'b>(block: &'b CodeBlock, names: &[&str]) -> Option<&'b Option<String>> {
    block
        .attrs
        .iter()
        .find(|(k, _)| names.contains(&k.as_str()))
        .map(|(_, v)| v)
}

impl SiteHooks<'_> {
    /// Raw HTML with the URLs of its `<a href>` and `<img src>` mapped like markdown links
    /// (the loader resolved them into the page's `html_targets`).
    fn raw_html(&mut self, html: &str, out: &mut String) {
        let Some(targets) = self
            .book
            .pages
            .get(self.page)
            .map(|p| &p.doc.html_targets)
            .filter(|t| !t.is_empty())
        else {
            out.push_str(html);
            return;
        };
        let rewritten = exambook_syntax::html_urls::rewrite(html, &mut |attr| {
            let target = targets.get(&attr.value)?;
            self.url(&attr.value, Some(target), attr.image)
        });
        out.push_str(&rewritten);
    }
}

impl Hooks for SiteHooks<'_> {
    fn url(&mut self, url: &str, target: Option<&LinkTarget>, image: bool) -> Option<String> {
        let _ = image;
        match target? {
            // Anchors on the same page stay as written; files of the source folder are
            // published where they are, so the written path still reaches them.
            LinkTarget::Page { page, anchor } if !url.starts_with('#') => Some(super::page_href(
                self.book,
                self.page,
                *page,
                anchor.as_deref(),
            )),
            // `/images/x.png` (from the source folder's root) becomes relative, so the site
            // works under any base path; a translation's pages reach the assets the source
            // language's site publishes (`asset_root`).
            LinkTarget::Asset { path } if url.starts_with('/') || !self.asset_root.is_empty() => {
                let from = self
                    .book
                    .pages
                    .get(self.page)
                    .map(super::root_prefix)
                    .unwrap_or_default();
                let rest = url.find(['?', '#']).map_or("", |i| &url[i..]);
                Some(format!(
                    "{from}{}{}{rest}",
                    self.asset_root,
                    super::encode_path(path)
                ))
            }
            LinkTarget::Page { .. } | LinkTarget::Asset { .. } => None,
        }
    }

    fn html_block(&mut self, h: &exambook_syntax::ast::HtmlBlock, span: Span, out: &mut String) {
        let _ = span;
        self.raw_html(&h.raw, out);
    }

    fn inline_html(&mut self, html: &str, out: &mut String) {
        self.raw_html(html, out);
    }

    fn code_block(&mut self, block: &CodeBlock, span: Span, out: &mut String) {
        let started = Instant::now();
        ensure_newline(out);
        let title = attr(block, &["title"]).and_then(|v| v.as_deref());
        let numbers = match attr(block, &["linenos", "linenums", "line-numbers"]) {
            Some(None) => true,
            Some(Some(v)) => !matches!(v.as_str(), "false" | "no" | "0" | "off"),
            None => false,
        };
        let marked = attr(block, &["hl_lines", "hl-lines", "highlight"])
            .and_then(|v| v.as_deref())
            .map(parse_line_ranges)
            .unwrap_or_default();
        let opts = LineOptions {
            numbers,
            highlight: marked,
        };
        let key = || {
            let mut key = Key::new("code", HIGHLIGHT_VERSION);
            key.str(&block.lang.as_deref().unwrap_or("").to_ascii_lowercase());
            key.str(if opts.numbers { "n" } else { "" });
            let marks: Vec<String> = opts.highlight.iter().map(ToString::to_string).collect();
            key.str(&marks.join(",")).str(&block.text);
            key.finish()
        };
        // Only highlighted languages are cached, so a hit needs neither the syntax set (loaded
        // on first use) nor a warning.
        let has_lang = block.lang.as_deref().is_some_and(|l| !l.trim().is_empty());
        let hit = self.cache.filter(|_| has_lang).and_then(|c| c.get(key()));
        let inner = match hit {
            Some(inner) => inner,
            None => {
                let lang = language(block.lang.as_deref());
                if let (Language::Unknown, Some(name)) = (lang, block.lang.as_deref()) {
                    self.diagnostics.push(
                        Diagnostic::warning(span, format!("unknown code block language `{name}`: shown without highlighting"))
                            .with_hint("use a known language (sh, console, yaml, json, toml, ini, xml, dockerfile, hcl, powershell, python, …) or `text`"),
                    );
                }
                let inner = Text::from(highlight(lang, &block.text, &opts));
                if let (Language::Syntax(..) | Language::Console, Some(cache)) = (lang, self.cache)
                {
                    cache.insert(key(), inner.clone());
                }
                inner
            }
        };
        code_figure(out, block.lang.as_deref(), title, numbers, &inner);
        self.highlight += started.elapsed();
    }

    fn diagram(&mut self, d: &Diagram, span: Span, out: &mut String) {
        let started = Instant::now();
        ensure_newline(out);
        self.diagram_count += 1;
        let id = diagram_id(self.diagram_count);
        let result = if d.lang.eq_ignore_ascii_case("mermaid") {
            let key = Key::new("mermaid", DIAGRAM_VERSION)
                .str(&id)
                .str(&d.source)
                .finish();
            match self.cache.and_then(|c| c.get(key)) {
                Some(svg) => Ok(svg),
                None => {
                    let r = mermaid_svg(&d.source, &id).map(Text::from);
                    if let (Ok(svg), Some(cache)) = (&r, self.cache) {
                        cache.insert(key, svg.clone());
                    }
                    r
                }
            }
        } else {
            Err(format!("`{}` diagrams are not supported", d.lang))
        };
        match result {
            Ok(svg) => {
                let _ = write!(
                    out,
                    "<figure class=\"diagram diagram-{}\">",
                    if d.lang.eq_ignore_ascii_case("mermaid") {
                        "mermaid"
                    } else {
                        "other"
                    }
                );
                out.push_str(&svg);
                out.push_str("</figure>\n");
            }
            Err(message) => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        span,
                        format!("{} diagram could not be rendered: {message}", d.lang),
                    )
                    .with_hint("the page shows the diagram's source and this error instead"),
                );
                out.push_str("<figure class=\"diagram diagram-error\"><figcaption class=\"diagram-error-message\">");
                escape::text(out, self.string("diagram_error"));
                out.push_str(": ");
                escape::text(out, &message);
                out.push_str("</figcaption><pre tabindex=\"0\"><code class=\"language-");
                escape::attr(out, &d.lang);
                out.push_str("\">");
                escape::text(out, &d.source);
                out.push_str("</code></pre></figure>\n");
            }
        }
        self.diagrams += started.elapsed();
    }

    fn question(&mut self, q: &Question, span: Span, parts: &QuestionHtml, out: &mut String) {
        let _ = span;
        let mut parts = parts.clone();
        let page = self.book.pages.get(self.page);
        let objective = q.objective.as_ref().map(|o| o.value.clone()).or_else(|| {
            page.and_then(|p| p.meta().objective.as_ref())
                .map(|o| o.value.trim().to_owned())
        });
        if let Some(o) = objective {
            parts.data.push(("objective".to_owned(), o));
        }
        if let Some(p) = page {
            parts
                .data
                .push(("qid".to_owned(), format!("{}#{}", p.stem, parts.id)));
        }
        question_form(q, &parts, &question_labels(self.strings), out);
    }

    fn admonition_start(&mut self, a: &Admonition, title_html: &str, out: &mut String) {
        ensure_newline(out);
        let kind = a.kind.name();
        let icon = self.icons.get(kind).map_or("", String::as_str);
        let default_title;
        let title = if a.title.is_none() {
            let mut t = String::new();
            escape::text(&mut t, self.string(&format!("admonition_{kind}")));
            default_title = t;
            default_title.as_str()
        } else {
            title_html
        };
        if a.collapsible {
            let _ = write!(
                out,
                "<details class=\"admonition {kind}\"{}>\n<summary class=\"admonition-title\">{icon}<span>{title}</span></summary>\n<div class=\"admonition-body\">\n",
                if a.open { " open" } else { "" }
            );
        } else {
            let _ = write!(
                out,
                "<div class=\"admonition {kind}\" role=\"note\">\n<p class=\"admonition-title\">{icon}<span>{title}</span></p>\n<div class=\"admonition-body\">\n"
            );
        }
    }

    fn admonition_end(&mut self, a: &Admonition, out: &mut String) {
        ensure_newline(out);
        out.push_str(if a.collapsible {
            "</div>\n</details>\n"
        } else {
            "</div>\n</div>\n"
        });
    }

    fn heading(&mut self, h: &Heading, span: Span, content_html: &str, out: &mut String) {
        let _ = span;
        match &h.id {
            // The link sits beside the heading, not in it: inside, it would become part of the
            // heading's accessible name ("Networking Link to this section").
            Some(id) if h.level > 1 => {
                ensure_newline(out);
                let _ = write!(out, "<div class=\"heading heading-{}\">", h.level.min(6));
                body_html::default_heading(h, content_html, out);
                ensure_newline(out);
                out.push_str("<a class=\"heading-anchor\" href=\"#");
                escape::attr(out, id);
                out.push_str("\" aria-label=\"");
                let title = exambook_syntax::ast::plain_text(&h.content);
                let label =
                    super::exam_pages::fill(self.strings, "section_link", &[("title", &title)]);
                escape::attr(out, &label);
                out.push_str("\">#</a></div>\n");
            }
            _ => body_html::default_heading(h, content_html, out),
        }
        if h.level == 1 && !self.saw_h1 {
            self.saw_h1 = true;
            if let Some(objective) = self.objective_html {
                out.push_str(objective);
                ensure_newline(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        assert_eq!(percent(6, 60), "10%");
        assert_eq!(percent(4, 60), "6.7%");
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(60, 60), "100%");
    }
}

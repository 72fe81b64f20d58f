//! The `html` renderer: the static website.
//!
//! One page per book page (tera templates of a [`Theme`], code highlighted at build time with
//! syntect, mermaid diagrams drawn to inline SVG with merman, minified with minify-html), the
//! sidebar shipped once as `toc.js`, the site files (`toc.html`, `404.html`, `sitemap.xml`,
//! `.nojekyll`, `static/`), the [search](crate::search) index, and for a book with an exam model the exam's pages
//! (`blueprint.html`, `cited.html`, `cheatsheet.html`). It never touches the file system: the
//! caller writes [`Output::files`] (atomically), prints [`Output::diagnostics`] and may keep a
//! [`RenderCache`] between builds so that unchanged blocks and pages are not rendered again.
//!
//! [`Site`] renders one page at a time for `serve`; [`invalidated`] says which pages an
//! incremental update of the book makes stale.
//!
//! Paths: page `a/b` (its [`Page::stem`]) is written to `a/b.html`; links are relative, so the
//! site works under any base path and from `file://`.

pub(crate) mod exam_pages;
pub(crate) mod site;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use exambook_core::incremental::Update;
use exambook_core::{Book, Page};
use exambook_syntax::Diagnostic;

use crate::{RenderCache, Theme, ThemeError};
pub use site::{RenderedPage, Shared, Site};

/// Options of [`html`]. A plain struct; [`Default`] is a normal build.
#[derive(Debug, Clone)]
pub struct HtmlOptions {
    /// The WebSocket path (e.g. `/__exambook/ws`) of a development server; when set, the
    /// renderer inserts its live-reload client before `</body>` of every HTML page, whatever
    /// the theme's templates. Never set for a published build.
    pub live_reload: Option<String>,
    /// Minify every HTML page (default `true`).
    pub minify: bool,
    /// Highlighted blocks, diagrams and minified pages of earlier builds; looked up and filled
    /// in. The caller loads and saves it ([`RenderCache::load`], [`RenderCache::save`]).
    pub cache: Option<Arc<RenderCache>>,
    /// Told how many book pages are rendered so far, for a progress display.
    pub progress: Option<Progress>,
    /// Takes each book page as soon as it is rendered (to write it at once rather than hold the
    /// whole site in memory); such pages are not in [`Output::files`].
    pub sink: Option<Sink>,
    /// Link the print page ([`crate::print::PRINT_PATH`]) from every page: set when the caller
    /// also writes it ([`crate::print::render`]); default `false`.
    pub print_link: bool,
    /// The languages of a multilingual book (`[i18n]`), as this site sees them: the site of
    /// the source language or of a translation. `None`: one language.
    pub languages: Option<Arc<LanguageSite>>,
}

/// The languages of a book translated with `[i18n]`, as the site of one of them sees them. The
/// source language's site is at the root, each other one in a folder named by its tag; every
/// page links its versions in the other languages (`hreflang` and the language switcher).
#[derive(Debug, Clone, Default)]
pub struct LanguageSite {
    /// Every language (BCP 47 tags), the source first.
    pub languages: Vec<String>,
    /// Which of them this site is.
    pub current: usize,
    /// How much of each page is translated, by page index (empty for the source language).
    pub progress: Vec<exambook_core::translate::PageProgress>,
}

impl LanguageSite {
    /// The folder of language `i` inside the output folder: `""` for the source, `"pt-BR/"`.
    pub fn folder_of(&self, i: usize) -> String {
        match self.languages.get(i) {
            Some(tag) if i > 0 => format!("{tag}/"),
            _ => String::new(),
        }
    }

    /// The folder of this site.
    pub fn folder(&self) -> String {
        self.folder_of(self.current)
    }

    /// The relative path from this site's root to the root of language `i`'s site.
    pub fn path_to(&self, i: usize) -> String {
        let up = if self.current > 0 { "../" } else { "" };
        format!("{up}{}", self.folder_of(i))
    }
}

/// A callback taking finished book pages, from any render thread.
#[derive(Clone)]
pub struct Sink(pub Arc<dyn Fn(OutputFile) + Send + Sync>);

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sink(..)")
    }
}

/// A callback told `(pages rendered, pages in all)` each time a book page is done, from any
/// render thread.
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            live_reload: None,
            minify: true,
            cache: None,
            progress: None,
            sink: None,
            print_link: false,
            languages: None,
        }
    }
}

/// What [`html`] produced.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Every file of the site, sorted by path.
    pub files: Vec<OutputFile>,
    /// Warnings about the content (unknown code languages, diagrams that failed), sorted by
    /// position.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the time went.
    pub timings: Timings,
    /// The search index whose files are in [`Output::files`] (`serve` keeps it to update after
    /// an edit).
    pub search: crate::search::Index,
}

/// One file of the output (the type the core's atomic writer takes).
pub use exambook_core::output::OutputFile;

/// Time spent by phase. Pages render in parallel, so these are sums over all threads (CPU
/// time, not wall time): with N threads busy they can add up to N × the wall time. Time taken by
/// cache hits is included (it is the lookup).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Syntax highlighting of code blocks.
    pub highlight: Duration,
    /// Rendering mermaid diagrams.
    pub diagrams: Duration,
    /// Running templates (pages, navigation, objective headers, generated pages).
    pub templates: Duration,
    /// Minifying HTML pages.
    pub minify: Duration,
    /// Building the search index and writing its files.
    pub search: Duration,
}

impl std::ops::AddAssign for Timings {
    fn add_assign(&mut self, o: Timings) {
        self.highlight += o.highlight;
        self.diagrams += o.diagrams;
        self.templates += o.templates;
        self.minify += o.minify;
        self.search += o.search;
    }
}

/// Renders `book` as a static website with `theme`.
///
/// Pages render in parallel on the current rayon pool; the output is byte-identical whatever
/// the number of threads. Content problems become [`Output::diagnostics`]; an error is returned
/// only when the theme itself is broken (a template that fails to compile or to render, a
/// malformed strings file), naming the template file and line.
pub fn render(book: &Book, theme: &Theme, opts: &HtmlOptions) -> Result<Output, ThemeError> {
    Site::new(book, theme, opts)?.render()
}

/// Where page `page` is written: `{stem}.html`.
pub fn page_path(page: &Page) -> String {
    format!("{}.html", page.stem)
}

/// What the site writes at `path` (relative to the output root) besides the book's assets: a
/// page (named by its source file) or one of the site's own files; `None` when nothing. A
/// file of the source folder published at such a path would replace it (or be replaced), so
/// the build refuses it (see `exambook::pipeline`).
pub fn written_at(book: &Book, path: &str) -> Option<String> {
    if let Some(page) = book.pages.iter().find(|p| page_path(p) == path) {
        return Some(format!("the page `{}`", page.source_path));
    }
    let own = [
        "index.html",
        "404.html",
        "toc.html",
        "toc.js",
        "sitemap.xml",
        crate::print::PRINT_PATH,
        exam_pages::BLUEPRINT,
        exam_pages::CITED,
        exam_pages::CHEATSHEET,
        exam_pages::PRACTICE,
    ];
    let generated =
        own.contains(&path) || path.starts_with("static/") || path.starts_with("search/");
    generated.then(|| format!("the site's own `{path}`"))
}

/// The URL path of page `page` (relative to the site root): [`page_path`] with the characters
/// that would end or change a URL path (`#`, `?`, `%`, spaces, quotes, …) percent-encoded, so
/// that `c#sharp.md` links to `c%23sharp.html`. Non-ASCII characters stay as they are (valid in
/// an IRI; browsers encode them).
pub fn page_url(page: &Page) -> String {
    encode_path(&page_path(page))
}

/// Percent-encodes the ASCII characters that are not allowed in a URL path segment (RFC 3986
/// `pchar`), keeping `/`.
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let keep = !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c);
        if keep {
            out.push(c);
        } else {
            out.push_str(&format!("%{:02X}", c as u32));
        }
    }
    out
}

/// The relative prefix from a page to the site root: `""` or `"../"` repeated.
pub fn root_prefix(page: &Page) -> String {
    "../".repeat(page.stem.matches('/').count())
}

/// A relative URL from page `from` to page `to` (optionally to an anchor on it).
pub fn page_href(book: &Book, from: usize, to: usize, anchor: Option<&str>) -> String {
    let (Some(a), Some(b)) = (book.pages.get(from), book.pages.get(to)) else {
        return String::new();
    };
    let mut url = root_prefix(a);
    url.push_str(&page_url(b));
    if let Some(anchor) = anchor {
        url.push('#');
        url.push_str(anchor);
    }
    url
}

/// What an incremental update of the book makes stale in its site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// Render these pages again; nothing else changed.
    Pages(BTreeSet<usize>),
    /// Render everything again.
    All,
}

/// The pages of `book` (as it is after `update`) whose HTML `update` changed: the edited pages,
/// and the neighbours of retitled ones (their previous/next links show the title). Everything
/// when what pages share changed: front matter (navigation weights, objective headers) or the
/// exam model, or an objective page of an exam book (the generated exam pages are made of
/// them). Stale pages render through [`Site::page`] in parallel, as a full render does, so a
/// batch of many pages costs no more than rendering them all.
pub fn invalidated(book: &Book, update: &Update) -> Stale {
    let objective = |p: &usize| {
        book.pages
            .get(*p)
            .is_some_and(|p| p.meta().objective.is_some())
    };
    if update.site || (book.exam.is_some() && update.pages.iter().any(objective)) {
        return Stale::All;
    }
    let mut pages: BTreeSet<usize> = update.pages.iter().copied().collect();
    for &page in &update.retitled {
        let (prev, next) = book.prev_next(page);
        pages.extend(prev.into_iter().chain(next));
    }
    Stale::Pages(pages)
}

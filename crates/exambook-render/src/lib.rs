//! exambook's renderers: a resolved [`Book`] in, output files as data out.
//!
//! [`html`] renders the static website: one page per book page (tera templates of a [`Theme`],
//! code highlighted at build time with syntect, mermaid diagrams drawn to inline SVG with merman,
//! minified with minify-html), the sidebar shipped once as `toc.js`, and the site files
//! (`toc.html`, `404.html`, `sitemap.xml`, `.nojekyll`, `static/`), and for a book with an exam
//! model the exam's pages (`blueprint.html`, `cited.html`, `cheatsheet.html`). It never touches
//! the file system: the caller writes [`Output::files`] (atomically), prints
//! [`Output::diagnostics`] and may keep a [`RenderCache`] between builds so that unchanged blocks
//! and pages are not rendered again.
//!
//! ```
//! use exambook_core::{Book, Config, Page, SourceMap, TocEntry};
//! use exambook_render::{html, HtmlOptions, Theme};
//!
//! let (doc, _) = exambook_syntax::parse("# Hello\n\n```sh\necho hi\n```\n");
//! let page = Page {
//!     file: Default::default(),
//!     source_path: "index.md".into(),
//!     out_path: "index.html".into(),
//!     title: "Hello".into(),
//!     doc,
//!     headings: Vec::new(),
//!     breadcrumbs: Vec::new(),
//! };
//! let book = Book {
//!     root: ".".into(),
//!     config: Config::default(),
//!     sources: SourceMap::default(),
//!     toc: vec![TocEntry::Chapter { title: "Hello".into(), page: Some(0), children: Vec::new() }],
//!     pages: vec![page],
//!     assets: Vec::new(),
//!     exam: None,
//! };
//! let output = html(&book, &Theme::default_theme(), &HtmlOptions::default()).unwrap();
//! let index = output.files.iter().find(|f| f.path == "index.html").unwrap();
//! assert!(String::from_utf8_lossy(&index.contents).contains("hl-"));
//! assert!(output.files.iter().any(|f| f.path == "toc.js"));
//! ```

mod cache;
pub mod diagram;
mod exam_pages;
pub mod highlight;
mod live_reload;
mod minify;
mod site;
mod theme;

use std::sync::Arc;
use std::time::Duration;

use exambook_core::Book;
use exambook_syntax::Diagnostic;

pub use cache::RenderCache;
pub use theme::{FALLBACK_LANGUAGE, Theme, ThemeError};

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
}

impl std::ops::AddAssign for Timings {
    fn add_assign(&mut self, o: Timings) {
        self.highlight += o.highlight;
        self.diagrams += o.diagrams;
        self.templates += o.templates;
        self.minify += o.minify;
    }
}

/// Renders `book` as a static website with `theme`.
///
/// Pages render in parallel on the current rayon pool; the output is byte-identical whatever
/// the number of threads. Content problems become [`Output::diagnostics`]; an error is returned
/// only when the theme itself is broken (a template that fails to compile or to render, a
/// malformed strings file), naming the template file and line.
pub fn html(book: &Book, theme: &Theme, opts: &HtmlOptions) -> Result<Output, ThemeError> {
    site::render(book, theme, opts)
}

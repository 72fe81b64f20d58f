//! exambook's renderers: a resolved, format-neutral [`Book`](exambook_core::Book) in, output
//! files as data out. One module per format, named after what it produces:
//!
//! - [`html`]: the static website (and, through [`html::Site`], one page at a time for `serve`).
//! - [`print`]: the whole book on one page (`print.html`), for paper and `exambook pdf`.
//! - [`search`]: the full-text index the website's search box loads (part of [`html`]'s output).
//!
//! What the formats share lives beside them: [`Theme`], [`RenderCache`], [`highlight`] and
//! [`diagram`]. A renderer maps pages ([`Page::stem`](exambook_core::Page::stem)) and link
//! targets ([`LinkTarget`](exambook_syntax::ast::LinkTarget)) to its own paths.
//!
//! ```
//! use exambook_core::{Book, Config, Page, SourceMap, TocEntry};
//! use exambook_render::{html, HtmlOptions, Theme};
//!
//! let (doc, _) = exambook_syntax::parse("# Hello\n\n```sh\necho hi\n```\n");
//! let page = Page {
//!     file: Default::default(),
//!     source_path: "index.md".into(),
//!     stem: "index".into(),
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
//! let output = html::render(&book, &Theme::default_theme(), &HtmlOptions::default()).unwrap();
//! let index = output.files.iter().find(|f| f.path == "index.html").unwrap();
//! assert!(String::from_utf8_lossy(&index.contents).contains("hl-"));
//! assert!(output.files.iter().any(|f| f.path == "toc.js"));
//! ```

mod cache;
pub mod diagram;
pub mod gitbook;
pub mod highlight;
pub mod html;
mod live_reload;
mod minify;
pub mod print;
pub mod search;
mod theme;

pub use cache::RenderCache;
pub use html::{HtmlOptions, Output, OutputFile, Progress, Sink, Timings};
pub use theme::{FALLBACK_LANGUAGE, Theme, ThemeError};

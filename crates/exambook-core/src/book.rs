//! The loaded, resolved book: what every renderer takes.

use std::path::{Path, PathBuf};

use exambook_syntax::ast::PageMeta;
use exambook_syntax::{Document, FileId, LineIndex, Span};

use crate::config::Config;

/// A book, loaded and resolved: includes spliced in, ids allocated, internal links checked and
/// given their [`LinkTarget`](exambook_syntax::ast::LinkTarget). It holds no output paths: each
/// renderer maps pages ([`Page::stem`]) and link targets to its own. Renderers take `&Book` and
/// never touch the file system.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book root (the folder holding `book.toml`).
    pub root: PathBuf,
    /// Settings from `book.toml`.
    pub config: Config,
    /// Every source file read, for diagnostics.
    pub sources: SourceMap,
    /// The table of contents, in reading order.
    pub toc: Vec<TocEntry>,
    /// Every page, in reading order (the order of first appearance in `toc`).
    pub pages: Vec<Page>,
    /// The files of the source folder that links may point at (images, lab scripts,
    /// downloads); a build publishes those [`Book::published_assets`] picks.
    pub assets: Vec<Asset>,
    /// The exam model, when `book.toml` has an `[exam]` section.
    pub exam: Option<crate::exam::Exam>,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub enum TocEntry {
    /// A part heading (`# Part` in SUMMARY.md).
    Part {
        /// Its title.
        title: String,
    },
    /// A separator line (`---` in SUMMARY.md).
    Separator,
    /// A chapter: a link to a page, or a draft without one.
    Chapter {
        /// The link text.
        title: String,
        /// Index into [`Book::pages`]; `None` for a draft (`[Title]()`).
        page: Option<usize>,
        /// Nested chapters.
        children: Vec<TocEntry>,
    },
}

/// One page of the book.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's own source file.
    pub file: FileId,
    /// Source path relative to the source directory, with `/` separators, e.g. `351/351.3-qemu.md`.
    pub source_path: String,
    /// The page's name in every output format: its source path without `.md`, `/` separators,
    /// `README` named `index` (`351/351.3-qemu`, `351/index`). Renderers add their own
    /// extension (`.html`) or folder (a language).
    pub stem: String,
    /// Title: front matter `title`, else the SUMMARY link text, else the first heading.
    pub title: String,
    /// The resolved document: includes spliced in, heading ids all set, internal links and
    /// images carrying their target (their `dest` stays as written).
    pub doc: Document,
    /// Headings in document order (for the on-page table of contents and search).
    pub headings: Vec<HeadingInfo>,
    /// Chapter titles and pages from the top of the TOC down to this page's parent.
    pub breadcrumbs: Vec<Crumb>,
}

impl Page {
    /// The page's front-matter metadata (empty when it has none).
    pub fn meta(&self) -> &PageMeta {
        static EMPTY: std::sync::OnceLock<PageMeta> = std::sync::OnceLock::new();
        match &self.doc.front_matter {
            Some(fm) => &fm.meta,
            None => EMPTY.get_or_init(PageMeta::default),
        }
    }

    /// The page's folder inside the source folder (`""` at the top), `/` separators.
    pub fn dir(&self) -> &str {
        self.source_path.rsplit_once('/').map_or("", |(d, _)| d)
    }
}

/// A heading of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingInfo {
    /// 1 to 6.
    pub level: u8,
    /// Its id (unique on the page).
    pub id: String,
    /// Its plain text.
    pub text: String,
}

impl Book {
    /// The assets a build publishes, and those it leaves out: an asset is published when a page
    /// links to it, to a folder holding it, or shows it (in markdown or in raw HTML), or when
    /// `[build] extra-files` names it or a folder holding it.
    pub fn published_assets(&self) -> (Vec<Asset>, Vec<&Asset>) {
        use exambook_syntax::ast::{InlineKind, LinkTarget};
        let mut used = std::collections::BTreeSet::new();
        for page in &self.pages {
            exambook_syntax::walk::inlines(&page.doc.blocks, &mut |inline| {
                let target = match &inline.kind {
                    InlineKind::Link(l) => l.target.as_ref(),
                    InlineKind::Image(i) => i.target.as_ref(),
                    _ => None,
                };
                if let Some(LinkTarget::Asset { path }) = target {
                    used.insert(path.clone());
                }
            });
            for target in page.doc.html_targets.values() {
                if let LinkTarget::Asset { path } = target {
                    used.insert(path.clone());
                }
            }
        }
        let extra: Vec<&str> = self
            .config
            .build
            .extra_files
            .iter()
            .map(|e| e.trim_start_matches("./").trim_matches('/'))
            .collect();
        let listed = |path: &str| {
            extra.iter().any(|e| {
                e.is_empty()
                    || path == *e
                    || path.strip_prefix(e).is_some_and(|r| r.starts_with('/'))
            })
        };
        // A link to a folder publishes what it holds.
        let in_used_folder = |path: &str| {
            path.char_indices()
                .filter(|&(_, c)| c == '/')
                .any(|(i, _)| used.contains(&path[..i]))
        };
        let (kept, left): (Vec<&Asset>, Vec<&Asset>) = self.assets.iter().partition(|a| {
            used.contains(&a.out_path) || listed(&a.out_path) || in_used_folder(&a.out_path)
        });
        (kept.into_iter().cloned().collect(), left)
    }
}

/// One step of a breadcrumb trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    /// The title shown.
    pub title: String,
    /// The page it links to, when it has one.
    pub page: Option<usize>,
}

/// A file copied to the output unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is read from.
    pub source: PathBuf,
    /// Output path relative to the output root, `/` separators.
    pub out_path: String,
}

/// Every source file read while loading a book, by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

/// A source file's path and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the book root, for messages.
    pub path: PathBuf,
    /// The text as read.
    pub text: String,
    /// Line starts, for `line:col`.
    pub lines: LineIndex,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let lines = LineIndex::new(&text);
        self.files.push(SourceFile { path, text, lines });
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The id of the file at `path` (relative to the book root), if it was read.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    /// `path:line:col` of the start of `span`.
    pub fn location(&self, span: Span) -> String {
        match self.get(span.file) {
            Some(f) => {
                let (line, col) = f.lines.line_col(&f.text, span.start as usize);
                format!("{}:{line}:{col}", f.path.display())
            }
            None => "<unknown>".into(),
        }
    }
}

impl Book {
    /// Pages in reading order: `pages` is already in that order; this gives each page's
    /// neighbours.
    pub fn prev_next(&self, page: usize) -> (Option<usize>, Option<usize>) {
        let prev = page.checked_sub(1);
        let next = (page + 1 < self.pages.len()).then_some(page + 1);
        (prev, next)
    }
}

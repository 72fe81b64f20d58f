//! Loading a book folder: `book.toml`, the table of contents, pages (parsed in parallel),
//! includes, ids, links and assets.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use exambook_syntax::ast::Document;
use exambook_syntax::{Diagnostic, FileId, ParseOptions, Span, parse_with};
use rayon::prelude::*;

use crate::book::{Asset, Book, Crumb, Page, SourceMap, TocEntry};
use crate::config::Config;
use crate::error::Error;
use crate::ids;
use crate::include::Resolver;
use crate::links::Links;
use crate::paths::{normalize, percent_decode};
use crate::summary::{self, Item};

/// A loaded book and what was found wrong with it. The book is complete even when
/// `diagnostics` holds errors; callers decide whether to render it.
#[derive(Debug)]
pub struct Loaded {
    /// The resolved book.
    pub book: Book,
    /// Problems found: first the read stage's (the table of contents, pages that cannot be
    /// read: root causes of much else), then the others, each group by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many of `diagnostics`, from the start, are the read stage's.
    pub read_stage: usize,
    /// Wall time spent parsing the pages (in parallel), part of the whole load.
    pub parse_time: std::time::Duration,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Files larger than this are refused: a study-guide page is a few hundred KB at most, and spans
/// are 32-bit.
const MAX_FILE: u64 = 64 * 1024 * 1024;

/// Loads the book whose `book.toml` is in `root`: [`read`], then [`parse`], then [`resolve`].
///
/// Returns `Err` only when nothing sensible can be built: `book.toml` or `SUMMARY.md` cannot be
/// read or parsed, or the source folder is missing. Everything else is a diagnostic.
pub fn load(root: &Path) -> Result<Loaded, Error> {
    Ok(resolve(parse(read(root)?)))
}

/// The first stage of loading: what the book folder holds, read but not parsed.
#[derive(Debug)]
pub struct Read {
    /// The canonical book root.
    pub root: PathBuf,
    /// `book.toml`.
    pub config: Config,
    /// The source folder.
    pub src_dir: PathBuf,
    /// Every file read so far (book.toml, SUMMARY.md, the pages).
    pub sources: SourceMap,
    /// The table of contents, pointing at `pages` by index.
    pub toc: Vec<TocEntry>,
    /// The pages in reading order: their source files, source paths and SUMMARY titles. A page
    /// that could not be read is left out, with an error.
    pub pages: Vec<PageSource>,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
    items: Vec<Item>,
    /// Pages that could not be read (with an error each): listed, so not reported as unlisted.
    unreadable: Vec<String>,
}

/// A page's file as read.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// Its file in the source map.
    pub file: FileId,
    /// Relative to the source folder, `/` separators.
    pub source_path: String,
    /// Its link text in SUMMARY.md (empty in layout mode).
    pub summary_title: String,
}

/// The second stage: every page parsed.
#[derive(Debug)]
pub struct Parsed {
    /// What was read.
    pub read: Read,
    /// The document of each of `read.pages`, in the same order.
    pub docs: Vec<Document>,
    /// Wall time of parsing (in parallel).
    pub parse_time: std::time::Duration,
    /// How many of `read.diagnostics` the read stage found (the parse stage's follow).
    read_count: usize,
}

/// Reads `book.toml`, the table of contents and every page's text.
pub fn read(root: &Path) -> Result<Read, Error> {
    let root = root.canonicalize().map_err(|source| Error::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let mut sources = SourceMap::default();
    let mut config = read_config(&root, &mut sources)?;
    let src_dir = check_config(&root, &config, &sources)?;
    if let Some(source) = config.i18n.source() {
        config.book.language = source.to_owned();
    }
    let mut diagnostics = Vec::new();

    let summary_path = src_dir.join(&config.book.summary);
    // Anything named SUMMARY.md is read (a FIFO or a device is an error, not layout mode).
    let mut items = if std::fs::symlink_metadata(&summary_path).is_ok() {
        let text = read_text(&summary_path)?;
        let id = sources.add(rel(&root, &summary_path), text);
        let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
        let (doc, diags) = parse_with(
            text,
            &ParseOptions {
                file: id,
                ..ParseOptions::default()
            },
        );
        diagnostics.extend(diags);
        summary::items(&doc.blocks, &mut diagnostics)
    } else {
        layout_items(&src_dir)
    };
    if let Some(readme) = &config.book.readme {
        put_readme_first(&mut items, readme, &src_dir);
    }

    // Pages in reading order, each listed once.
    let mut order: Vec<(String, String)> = Vec::new(); // (source path, summary title)
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let toc = toc_from_items(
        &items,
        (&root, &src_dir),
        &mut sources,
        &mut order,
        &mut seen,
        &mut diagnostics,
    );

    // Read in parallel, add in order (deterministic ids).
    let texts: Vec<std::io::Result<Vec<u8>>> = order
        .par_iter()
        .map(|(path, _)| read_regular(&src_dir.join(path)))
        .collect();
    let mut pages = Vec::with_capacity(order.len());
    let mut unreadable = Vec::new();
    for ((path, title), bytes) in order.into_iter().zip(texts) {
        let name = rel(&root, &src_dir.join(&path));
        match bytes.map(page_text) {
            Ok(Ok(text)) => pages.push(PageSource {
                file: sources.add(name, text),
                source_path: path,
                summary_title: title,
            }),
            // Not UTF-8: the error is at the first bad byte of the page itself (the file is
            // kept, decoded lossily, so that the snippet shows the line).
            Ok(Err(bad)) => {
                let id = sources.add(name, bad.lossy);
                let mut error = Diagnostic::error(
                    Span::new(id, bad.at..bad.at),
                    format!("`{path}` is not valid UTF-8"),
                );
                error = match bad.utf16 {
                    Some(kind) => {
                        error.with_hint(format!("the file looks like {kind}: save it as UTF-8"))
                    }
                    None => error.with_hint("save the file as UTF-8"),
                };
                diagnostics.push(error);
                unreadable.push(path);
            }
            Err(e) => {
                // SUMMARY mode: at the entry; layout mode: at the page.
                let span = match seen.get(&path) {
                    Some(span) if *span != Span::default() => *span,
                    _ => Span::new(sources.add(name, String::new()), 0..0),
                };
                diagnostics.push(Diagnostic::error(
                    span,
                    format!("cannot read `{path}`: {e}"),
                ));
                unreadable.push(path);
            }
        }
    }
    Ok(Read {
        root,
        config,
        src_dir,
        sources,
        toc,
        pages,
        diagnostics,
        items,
        unreadable,
    })
}

/// Parses every page, in parallel.
pub fn parse(read: Read) -> Parsed {
    let started = std::time::Instant::now();
    let parsed: Vec<(Document, Vec<Diagnostic>)> = read
        .pages
        .par_iter()
        .map(|page| parse_page(&read.sources, page.file))
        .collect();
    let parse_time = started.elapsed();
    let mut read = read;
    let read_count = read.diagnostics.len();
    let mut docs = Vec::with_capacity(parsed.len());
    for (doc, diags) in parsed {
        read.diagnostics.extend(diags);
        docs.push(doc);
    }
    Parsed {
        read,
        docs,
        parse_time,
        read_count,
    }
}

/// Parses the text of `file`.
pub(crate) fn parse_page(sources: &SourceMap, file: FileId) -> (Document, Vec<Diagnostic>) {
    let text = sources
        .get(file)
        .map(|f| f.text.as_str())
        .unwrap_or_default();
    parse_with(
        text,
        &ParseOptions {
            file,
            ..ParseOptions::default()
        },
    )
}

/// Splices includes in, allocates ids, picks titles, checks links and builds the exam model:
/// the format-neutral book every renderer (and a translation pass) starts from.
pub fn resolve(parsed: Parsed) -> Loaded {
    let Parsed {
        read,
        docs,
        parse_time,
        read_count,
    } = parsed;
    let Read {
        root,
        config,
        src_dir,
        mut sources,
        toc,
        pages: page_sources,
        mut diagnostics,
        items,
        unreadable,
    } = read;
    let read_stage = read_count.min(diagnostics.len());
    // A page of the table of contents that is missing or unreadable makes totals (the exam's
    // weights) wrong as a consequence: they are checked only when every page was read.
    let complete = !diagnostics
        .get(..read_stage)
        .unwrap_or_default()
        .iter()
        .any(Diagnostic::is_error);

    let mut cache = HashMap::new();
    let mut pages = Vec::with_capacity(docs.len());
    let mut page_ids = Vec::with_capacity(docs.len());
    for (source, mut doc) in page_sources.into_iter().zip(docs) {
        let full = src_dir.join(&source.source_path);
        let canonical = full.canonicalize().unwrap_or(full);
        Resolver {
            root: &root,
            sources: &mut sources,
            cache: &mut cache,
            diagnostics: &mut diagnostics,
        }
        .resolve(&mut doc.blocks, &canonical);
        let (page, ids) = settle_page(source, doc, &mut diagnostics);
        pages.push(page);
        page_ids.push(ids);
    }
    check_stems(&pages, &mut diagnostics);

    let assets = collect_assets(&root, &src_dir, &config);
    let links = Links::new(&pages, &assets, &config, src_dir.clone());
    for (index, page) in pages.iter_mut().enumerate() {
        let dir = page.dir().to_owned();
        links.resolve(index, &dir, &mut page.doc, &page_ids, &mut diagnostics);
    }

    let exam = config.exam.as_ref().map(|exam| {
        let span = exam_span(&sources);
        crate::exam::build(exam, &pages, &sources, span, complete, &mut diagnostics)
    });
    if exam.is_none() {
        // The exam model checks the questions of an exam book; others' are checked alone.
        crate::questions::collect(&pages, &sources, None, &mut diagnostics);
    }
    let mut book = Book {
        root,
        config,
        sources,
        toc,
        pages,
        assets,
        exam,
    };
    set_breadcrumbs(&mut book);
    warn_unlisted(
        &book,
        &src_dir,
        &items,
        &unreadable,
        &cache,
        &mut diagnostics,
    );
    sort_diagnostics(&mut diagnostics, read_stage);
    Loaded {
        book,
        diagnostics,
        read_stage,
        parse_time,
    }
}

/// One page made from `text` the way [`load`] makes pages, short of includes (which need
/// files): parsed, ids allocated by the loader's allocator, title chosen. For tools and tests
/// that build a book in memory; `text` is added to `sources`.
pub fn page_from_text(
    sources: &mut SourceMap,
    source_path: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Page {
    let file = sources.add(PathBuf::from(source_path), text.to_owned());
    let (doc, diags) = parse_page(sources, file);
    diagnostics.extend(diags);
    let source = PageSource {
        file,
        source_path: source_path.to_owned(),
        summary_title: String::new(),
    };
    settle_page(source, doc, diagnostics).0
}

/// A page's own steps once its document is parsed and its includes spliced in, the same in a
/// full load and an incremental one: ids allocated, title chosen. Returns the page (without
/// breadcrumbs) and every id on it.
pub(crate) fn settle_page(
    source: PageSource,
    mut doc: Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Page, BTreeSet<String>) {
    crate::exam::drop_written_header(&mut doc.blocks);
    crate::exam::recover_written_questions(&mut doc.blocks);
    let (mut headings, ids) = ids::allocate(&mut doc, diagnostics);
    crate::emoji::shortcodes(&mut doc);
    for h in &mut headings {
        if let Some(text) = crate::emoji::replace(&h.text) {
            h.text = text;
        }
    }
    let PageSource {
        file,
        source_path,
        summary_title,
    } = source;
    // Front matter `title`, else the SUMMARY link text, else the first heading.
    let title = doc
        .front_matter
        .as_ref()
        .and_then(|fm| fm.meta.title.as_ref())
        .map(|t| t.value.clone())
        .or_else(|| (!summary_title.is_empty()).then_some(summary_title))
        .or_else(|| headings.first().map(|h| h.text.clone()))
        .unwrap_or_else(|| source_path.clone());
    let page = Page {
        file,
        stem: stem(&source_path),
        source_path,
        title,
        doc,
        headings,
        breadcrumbs: Vec::new(),
    };
    (page, ids)
}

fn read_config(root: &Path, sources: &mut SourceMap) -> Result<Config, Error> {
    let path = root.join("book.toml");
    if std::fs::symlink_metadata(&path).is_err() {
        // No book.toml: a GitBook book (`.gitbook.yaml` or a root SUMMARY.md), else every
        // setting at its default.
        return Ok(crate::gitbook::config(root, sources)?.unwrap_or_default());
    }
    let text = read_text(&path)?;
    let id = sources.add(PathBuf::from("book.toml"), text);
    let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
    toml::from_str::<Config>(text).map_err(|e| {
        let range = e.span().unwrap_or(0..0);
        Error::Content {
            sources: Box::new(sources.clone()),
            diagnostics: vec![Diagnostic::error(
                Span::new(id, range),
                format!("invalid book.toml: {}", e.message()),
            )],
        }
    })
}

/// Checks what `book.toml` names: the source and theme folders must resolve (symbolic links
/// followed) inside the book folder, and URLs must be http(s) or relative. Returns the canonical
/// source folder; every problem is an error at its key in `book.toml`.
fn check_config(root: &Path, config: &Config, sources: &SourceMap) -> Result<PathBuf, Error> {
    let id = sources.find(Path::new("book.toml")).unwrap_or_default();
    let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
    let at = |table: &str, key: &str| Span::new(id, key_range(text, table, key));
    let mut diagnostics = Vec::new();
    let outside = |table: &str, key: &str, value: &str| {
        Diagnostic::error(
            at(table, key),
            format!("`{key} = {value:?}` is outside the book folder"),
        )
        .with_hint(format!(
            "`{key}` must name a folder inside {} (symbolic links are followed before the check)",
            root.display()
        ))
    };
    let src = root.join(&config.book.src);
    let src_dir = match src.canonicalize() {
        Ok(dir) if !dir.starts_with(root) => {
            diagnostics.push(outside("book", "src", &config.book.src));
            None
        }
        Ok(dir) if dir.is_dir() => Some(dir),
        _ => {
            let name = &config.book.src;
            let hint = if root.join("SUMMARY.md").is_file() {
                "SUMMARY.md is beside book.toml: write `src = \".\"` under `[book]` in book.toml"
                    .to_owned()
            } else {
                format!(
                    "create the folder `{name}` beside book.toml and put the pages and SUMMARY.md in it, \
                     or set `src` under `[book]` to the folder that holds them (`src = \".\"` when they sit beside book.toml)"
                )
            };
            return Err(Error::Content {
                sources: Box::new(sources.clone()),
                diagnostics: vec![
                    Diagnostic::error(
                        at("book", "src"),
                        format!("the source folder `{name}` does not exist"),
                    )
                    .with_hint(hint),
                ],
            });
        }
    };
    let summary_inside = !config.book.summary.starts_with(['/', '\\'])
        && normalize("", &config.book.summary).is_some_and(|n| {
            !n.is_empty()
                && src_dir.as_ref().is_none_or(|dir| {
                    // A summary that does not exist yet is layout mode, not an escape.
                    dir.join(&n)
                        .canonicalize()
                        .ok()
                        .is_none_or(|c| c.starts_with(dir))
                })
        });
    if !summary_inside {
        diagnostics.push(
            Diagnostic::error(
                at("book", "summary"),
                format!(
                    "`summary = {:?}` is outside the source folder",
                    config.book.summary
                ),
            )
            .with_hint("`summary` names a file inside the source folder, relative to it"),
        );
    }
    if let Err(why) = crate::config::check_language(&config.book.language) {
        diagnostics.push(
            Diagnostic::error(
                at("book", "language"),
                format!(
                    "`language = {:?}` is not a BCP 47 language tag: {why}",
                    config.book.language
                ),
            )
            .with_hint("write a tag such as `en`, `de`, `fr`, `pt-BR` or `zh-Hant`"),
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for tag in &config.i18n.languages {
        if let Err(why) = crate::config::check_language(tag) {
            diagnostics.push(
                Diagnostic::error(
                    at("i18n", "languages"),
                    format!("`{tag:?}` in `languages` is not a BCP 47 language tag: {why}"),
                )
                .with_hint("write tags such as `en`, `de`, `pt-BR`"),
            );
        } else if !seen.insert(tag.to_ascii_lowercase()) {
            diagnostics.push(Diagnostic::error(
                at("i18n", "languages"),
                format!("`languages` names `{tag}` twice"),
            ));
        } else if tag.contains(['/', '\\', '.']) {
            diagnostics.push(Diagnostic::error(
                at("i18n", "languages"),
                format!("`{tag}` cannot name a folder"),
            ));
        }
    }
    if let Some(source) = config.i18n.source()
        && !source.eq_ignore_ascii_case(&config.book.language)
    {
        // `[book] language` left out: the source language says what it is (set by the caller).
        if text[key_range(text, "book", "language")].contains("language") {
            diagnostics.push(
                Diagnostic::error(
                    at("i18n", "languages"),
                    format!(
                        "the first of `languages` is the language of the sources, `{source}`, but `[book] language` is `{}`",
                        config.book.language
                    ),
                )
                .with_hint("put the sources' language first, or leave `[book] language` out"),
            );
        }
    }
    let theme = root.join(&config.build.theme);
    if let Ok(dir) = theme.canonicalize()
        && !dir.starts_with(root)
    {
        diagnostics.push(outside("build", "theme", &config.build.theme));
    }
    if let Err(why) = crate::i18n::catalog_dir(root, &config.i18n.dir) {
        diagnostics.push(
            Diagnostic::error(
                at("i18n", "dir"),
                format!(
                    "`dir = {:?}` cannot be the catalog folder: {why}",
                    config.i18n.dir
                ),
            )
            .with_hint(
                "catalogs live inside the book folder or beside it, e.g. `dir = \"../i18n\"`",
            ),
        );
    }
    let urls = [
        ("site", "url", config.site.url.as_deref()),
        ("site", "edit-url", config.site.edit_url.as_deref()),
        (
            "exam",
            "objectives-source",
            config
                .exam
                .as_ref()
                .and_then(|e| e.objectives_source.as_deref()),
        ),
    ];
    for (table, key, url) in urls {
        if let Some(url) = url
            && !safe_url(url)
        {
            diagnostics.push(
                Diagnostic::error(
                    at(table, key),
                    format!("`{key} = {url:?}` is not an http(s) or relative URL"),
                )
                .with_hint("write an `https://…` address (or a relative path)"),
            );
        }
    }
    if let Some(problem) = config.print.margin_error() {
        diagnostics.push(
            Diagnostic::error(
                at("print", "margin"),
                format!("`margin = {:?}`: {problem}", config.print.margin),
            )
            .with_hint("write one to four CSS lengths, e.g. `margin = \"20mm 18mm\"`"),
        );
    }
    match src_dir {
        Some(dir) if diagnostics.is_empty() => Ok(dir),
        _ => Err(Error::Content {
            sources: Box::new(sources.clone()),
            diagnostics,
        }),
    }
}

/// Whether a URL from configuration may become a link: `http:`, `https:` or no scheme at all
/// (a relative or protocol-relative reference). `javascript:`, `data:`, `file:`… are refused.
pub(crate) fn safe_url(url: &str) -> bool {
    let url = url.trim_start();
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = &url[..i];
            scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
        }
        _ => true,
    }
}

/// The byte range of the line that sets `key` in `[table]` of `text` (also `table.key = …` at
/// the top level); the table header when the key is not found, else the start of the file.
fn key_range(text: &str, table: &str, key: &str) -> std::ops::Range<usize> {
    let mut current = String::new();
    let mut header = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let range = offset..offset + line.trim_end().len();
        offset += line.len();
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('[').and_then(|l| l.split(']').next()) {
            current = name.trim().to_owned();
            if current == table {
                header = Some(range);
            }
            continue;
        }
        let Some((name, _)) = trimmed.split_once('=') else {
            continue;
        };
        let name = name.trim().trim_matches('"');
        let dotted = format!("{table}.{key}");
        if (current == table && name == key) || (current.is_empty() && name == dotted) {
            return range;
        }
    }
    header.unwrap_or(0..0)
}

/// Where `key` of `[table]` is set in book.toml: its line, else the table's header, else the
/// start of book.toml (a default value). For diagnostics about a setting.
pub fn key_span(sources: &SourceMap, table: &str, key: &str) -> Span {
    let Some(id) = sources.find(Path::new("book.toml")) else {
        return Span::default();
    };
    let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
    Span::new(id, key_range(text, table, key))
}

/// Where `[exam]` is written in book.toml (the start of the file when it cannot be found).
pub(crate) fn exam_span(sources: &SourceMap) -> Span {
    let Some(id) = sources.find(Path::new("book.toml")) else {
        return Span::default();
    };
    let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or_default();
    let at = text
        .find("questions")
        .or_else(|| text.find("[exam]"))
        .unwrap_or(0);
    let end = text[at..].find('\n').map_or(text.len(), |e| at + e);
    Span::new(id, at..end)
}

fn read_text(path: &Path) -> Result<String, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = read_regular(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.utf8_error(),
        ))
    })
}

/// The bytes of the regular file `path` (symbolic links followed): a FIFO, a device or a folder
/// is refused before it is opened (opening a FIFO blocks), and so is a file larger than
/// [`MAX_FILE`], also when it grows between the look and the read. Every reader of book files
/// goes through it (`serve` too).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(not_regular(&meta.file_type())));
    }
    let too_large = || std::io::Error::other(format!("file is larger than {} MiB", MAX_FILE >> 20));
    if meta.len() > MAX_FILE {
        return Err(too_large());
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("it changed while it was read"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A page's bytes that are not UTF-8.
struct NotUtf8 {
    /// The text decoded lossily (identical to the file up to `at`).
    lossy: String,
    /// The byte offset of the first bad byte.
    at: usize,
    /// `Some("UTF-16 (little-endian)")` etc. when the file looks like UTF-16.
    utf16: Option<&'static str>,
}

/// The text of a page or included file: UTF-8, with NUL bytes replaced by U+FFFD as CommonMark
/// requires (here, before parsing, so that spans index the text that is parsed). A file that
/// looks like UTF-16 (a byte-order mark, or NULs in a quarter of its first 4 KiB, which UTF-8
/// text never has but UTF-16 text of ASCII letters does) is refused as not UTF-8.
fn page_text(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    let head = &bytes[..bytes.len().min(4096)];
    let utf16 = match head {
        [0xFF, 0xFE, ..] => Some("UTF-16 (little-endian, with a byte-order mark)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 (big-endian, with a byte-order mark)"),
        _ if head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 4 >= head.len() => {
            Some("UTF-16 (it is full of NUL bytes)")
        }
        _ => None,
    };
    match (String::from_utf8(bytes), utf16) {
        (Ok(text), None) => Ok(replace_nul(text)),
        (Ok(text), Some(kind)) => Err(NotUtf8 {
            at: text.find('\0').unwrap_or(0),
            lossy: text,
            utf16: Some(kind),
        }),
        (Err(e), utf16) => Err(NotUtf8 {
            at: e.utf8_error().valid_up_to(),
            lossy: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            utf16,
        }),
    }
}

/// `text` with every NUL replaced by U+FFFD (CommonMark: "for security reasons").
pub(crate) fn replace_nul(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text
    }
}

/// Why a file of this type cannot be a page or a configuration file.
fn not_regular(kind: &std::fs::FileType) -> String {
    format!(
        "it is {}, not a regular file",
        crate::paths::file_kind(kind)
    )
}

/// Whether the page `norm` (relative to the canonical source folder) may be read: a regular
/// file, and after following symbolic links still inside the source folder.
fn check_page(src_dir: &Path, norm: &str) -> Result<(), String> {
    let path = src_dir.join(norm);
    let meta = std::fs::metadata(&path).map_err(|_| "does not exist".to_owned())?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()).replacen("it ", "", 1));
    }
    match path.canonicalize() {
        Ok(real) if real.starts_with(src_dir) => Ok(()),
        _ => Err("is a symbolic link to a file outside the source folder; it is not read".into()),
    }
}

/// `path` relative to `root`, for messages.
fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

fn toc_from_items(
    items: &[Item],
    (root, src_dir): (&Path, &Path),
    sources: &mut SourceMap,
    order: &mut Vec<(String, String)>,
    seen: &mut BTreeMap<String, Span>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TocEntry> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Part { title } => out.push(TocEntry::Part {
                title: title.clone(),
            }),
            Item::Separator => out.push(TocEntry::Separator),
            Item::Link {
                title,
                path,
                span,
                children,
            } => {
                let page = path.as_deref().and_then(|dest| {
                    let dest = dest.split('#').next().unwrap_or(dest);
                    let dest = percent_decode(dest).unwrap_or_else(|| dest.to_owned());
                    let Some(norm) = normalize("", &dest).filter(|_| !dest.starts_with('/')) else {
                        diagnostics.push(Diagnostic::error(
                            *span,
                            format!("`{dest}` is outside the source folder"),
                        ));
                        return None;
                    };
                    if let Err(why) = check_page(src_dir, &norm) {
                        // Layout mode has no SUMMARY entry to point at: point at the page.
                        let span = if *span == Span::default() {
                            let name = rel(root, &src_dir.join(&norm));
                            Span::new(sources.add(name, String::new()), 0..0)
                        } else {
                            *span
                        };
                        let error = Diagnostic::error(span, format!("`{dest}` {why}"));
                        diagnostics.push(if why == "does not exist" {
                            error.with_hint(
                                "create the file, or write `[Title]()` for a draft chapter",
                            )
                        } else {
                            error
                        });
                        return None;
                    }
                    if let Some(first) = seen.get(&norm) {
                        diagnostics.push(Diagnostic::error(
                            *span,
                            format!(
                                "`{dest}` is listed twice (first at {})",
                                sources.location(*first)
                            ),
                        ));
                        return None;
                    }
                    seen.insert(norm.clone(), *span);
                    order.push((norm, title.clone()));
                    Some(order.len() - 1)
                });
                let children =
                    toc_from_items(children, (root, src_dir), sources, order, seen, diagnostics);
                out.push(TocEntry::Chapter {
                    title: title.clone(),
                    page,
                    children,
                });
            }
        }
    }
    out
}

/// GitBook's first page (`structure.readme`) goes first when the summary does not list it.
fn put_readme_first(items: &mut Vec<Item>, readme: &str, src_dir: &Path) {
    fn lists(items: &[Item], readme: &str) -> bool {
        items.iter().any(|i| match i {
            Item::Link { path, children, .. } => {
                path.as_deref().is_some_and(|p| {
                    let p = p.split('#').next().unwrap_or(p);
                    let p = percent_decode(p).unwrap_or_else(|| p.to_owned());
                    normalize("", &p).as_deref() == Some(readme)
                }) || lists(children, readme)
            }
            _ => false,
        })
    }
    if lists(items, readme) || !src_dir.join(readme).is_file() {
        return;
    }
    items.insert(
        0,
        Item::Link {
            title: String::new(),
            path: Some(readme.replace('%', "%25").replace('#', "%23")),
            span: Span::default(),
            children: Vec::new(),
        },
    );
}

/// The table of contents when there is no `SUMMARY.md`: the folder layout in file-name order,
/// a folder's `index.md`/`README.md` standing for the folder.
fn layout_items(src_dir: &Path) -> Vec<Item> {
    fn dir_items(dir: &Path, prefix: &str) -> Vec<Item> {
        let mut entries: Vec<_> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.') && !is_output(e))
            .collect();
        entries.sort_by_key(|e| !is_index(&e.file_name().to_string_lossy()));
        let mut out = Vec::new();
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = format!("{prefix}{name}");
            if e.file_type().is_dir() {
                let children = dir_items(e.path(), &format!("{path}/"));
                let index = ["index.md", "README.md"]
                    .iter()
                    .find(|i| e.path().join(i).is_file());
                let mut children = children;
                let own = index.map(|i| {
                    format!("{path}/{i}")
                        .replace('%', "%25")
                        .replace('#', "%23")
                });
                children.retain(
                    |c| !matches!(c, Item::Link { path: Some(p), .. } if Some(p) == own.as_ref()),
                );
                if own.is_some() || !children.is_empty() {
                    out.push(Item::Link {
                        title: title_from(&name),
                        path: own,
                        span: Span::default(),
                        children,
                    });
                }
            } else if name.ends_with(".md") && name != "SUMMARY.md" {
                out.push(Item::Link {
                    title: String::new(),
                    // Item paths are link destinations (`#` starts an anchor, `%` an escape):
                    // a file named `c#sharp.md` must stay one file.
                    path: Some(path.replace('%', "%25").replace('#', "%23")),
                    span: Span::default(),
                    children: Vec::new(),
                });
            }
        }
        out
    }
    dir_items(src_dir, "")
}

/// Whether `entry` is an output folder of ours (it holds [`crate::output::MARKER`]): an output
/// inside the source folder (`build -d src/site`, wherever `-d` points) is never read back as
/// pages or assets, else every build would copy the previous site into the next. Our temporary
/// and old folders beside an output are hidden (`.site.new-…`) and skipped as such.
fn is_output(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_type().is_dir() && is_output_dir(entry.path())
}

/// Whether the folder `dir` holds our output marker (see [`is_output`]).
fn is_output_dir(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(crate::output::MARKER)).is_ok()
}

fn is_index(name: &str) -> bool {
    name == "index.md" || name == "README.md"
}

fn title_from(name: &str) -> String {
    let stem = name.trim_end_matches(".md").replace(['-', '_'], " ");
    let mut chars = stem.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `a/b.md` → `a/b`; `a/README.md` and `a/index.md` → `a/index`.
pub(crate) fn stem(source_path: &str) -> String {
    let (dir, file) = source_path
        .rsplit_once('/')
        .map_or(("", source_path), |(d, f)| (d, f));
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let stem = if stem == "README" { "index" } else { stem };
    if dir.is_empty() {
        stem.to_owned()
    } else {
        format!("{dir}/{stem}")
    }
}

/// Two pages with one stem would be written to the same file in every format. Stems that differ
/// only in case or in Unicode normalisation (`A.md`/`a.md`, NFC/NFD `é`) are one file on
/// case-insensitive or normalising file systems (macOS, Windows): a warning.
fn check_stems(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    use unicode_normalization::UnicodeNormalization as _;
    let mut folded: BTreeMap<String, &Page> = BTreeMap::new();
    for page in pages {
        let key: String = page.stem.nfc().collect::<String>().to_lowercase();
        if let Some(other) = folded.insert(key, page)
            && other.stem != page.stem
        {
            diagnostics.push(
                Diagnostic::warning(
                    Span::new(page.file, 0..0),
                    format!(
                        "`{}` and `{}` differ only in case or Unicode normalisation",
                        other.source_path, page.source_path
                    ),
                )
                .with_hint(
                    "on macOS and Windows they are one file, and so are their pages: rename one",
                ),
            );
        }
    }
    let mut by_stem: BTreeMap<&str, &Page> = BTreeMap::new();
    for page in pages {
        if let Some(other) = by_stem.insert(&page.stem, page) {
            diagnostics.push(Diagnostic::error(
                Span::new(page.file, 0..0),
                format!(
                    "`{}` and `{}` would both be written as the page `{}`",
                    other.source_path, page.source_path, page.stem
                ),
            ));
        }
    }
}

/// Non-markdown files under the source folder: what links and images may point at (a page
/// publishes those it links to, see [`Book::published_assets`]). Files `.gitignore` or `.ignore`
/// rules exclude, `.git`, `SUMMARY.md`, `book.toml`, and anything inside the output or theme
/// folders are skipped. Hidden folders are kept (GitBook keeps images in `.gitbook/assets/`).
fn collect_assets(root: &Path, src_dir: &Path, config: &Config) -> Vec<Asset> {
    let out_dir = root.join(&config.build.build_dir);
    let theme_dir = root.join(&config.build.theme);
    let skip = move |path: &Path, name: &std::ffi::OsStr, depth: usize, is_dir: bool| {
        depth > 0
            && (name == ".git"
                || name == ".exambook"
                || path == out_dir
                || path == theme_dir
                || (is_dir && is_output_dir(path)))
    };
    let mut assets: Vec<Asset> = ignore::WalkBuilder::new(src_dir)
        .hidden(false)
        .parents(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .filter_entry(move |e| {
            !skip(
                e.path(),
                e.file_name(),
                e.depth(),
                e.file_type().is_some_and(|t| t.is_dir()),
            )
        })
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_none_or(|x| x != "md"))
        .filter(|e| !(e.depth() == 1 && e.file_name() == "book.toml"))
        .filter_map(|e| {
            let kind = e.file_type()?;
            // Regular files only (never a FIFO or a device); a symbolic link only when it leads
            // to a regular file inside the source folder, which is then what is copied.
            let source = if kind.is_file() {
                e.path().to_path_buf()
            } else if kind.is_symlink() {
                let real = e.path().canonicalize().ok()?;
                let inside = real.starts_with(src_dir) && real.is_file();
                inside.then_some(real)?
            } else {
                return None;
            };
            let rel = e.path().strip_prefix(src_dir).ok()?;
            let out_path = rel.components().map(|c| match c {
                Component::Normal(s) => s.to_string_lossy().into_owned(),
                _ => String::new(),
            });
            Some(Asset {
                source,
                out_path: out_path.collect::<Vec<_>>().join("/"),
            })
        })
        .collect();
    assets.sort_by(|a, b| a.out_path.cmp(&b.out_path));
    assets
}

fn set_breadcrumbs(book: &mut Book) {
    fn walk(entries: &[TocEntry], trail: &mut Vec<Crumb>, out: &mut Vec<(usize, Vec<Crumb>)>) {
        for entry in entries {
            match entry {
                TocEntry::Part { title } => {
                    trail.truncate(0);
                    trail.push(Crumb {
                        title: title.clone(),
                        page: None,
                    });
                }
                TocEntry::Separator => {}
                TocEntry::Chapter {
                    title,
                    page,
                    children,
                } => {
                    if let Some(p) = page {
                        out.push((*p, trail.clone()));
                    }
                    trail.push(Crumb {
                        title: title.clone(),
                        page: *page,
                    });
                    walk(children, trail, out);
                    trail.pop();
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&book.toc, &mut Vec::new(), &mut found);
    for (page, crumbs) in found {
        if let Some(p) = book.pages.get_mut(page) {
            p.breadcrumbs = crumbs;
        }
    }
}

/// Warns about markdown files that are neither pages nor included by one (`included` holds the
/// canonical paths of included files).
fn warn_unlisted(
    book: &Book,
    src_dir: &Path,
    items: &[Item],
    unreadable: &[String],
    included: &HashMap<PathBuf, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if items.is_empty() && book.pages.is_empty() {
        return;
    }
    let listed: BTreeSet<&str> = book
        .pages
        .iter()
        .map(|p| p.source_path.as_str())
        .chain(unreadable.iter().map(String::as_str))
        .collect();
    let out_dir = book.root.join(&book.config.build.build_dir);
    let unlisted: Vec<String> = walkdir::WalkDir::new(src_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.path() != out_dir
                && !is_output(e)
                && !(e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.'))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| {
            !e.path()
                .canonicalize()
                .is_ok_and(|c| included.contains_key(&c))
        })
        .filter_map(|e| {
            e.path()
                .strip_prefix(src_dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .filter(|p| *p != book.config.book.summary && !listed.contains(p.as_str()))
        // GitBook's glossary and language list are not pages.
        .filter(|p| !matches!(p.as_str(), "GLOSSARY.md" | "LANGS.md"))
        .collect();
    if !unlisted.is_empty() {
        let summary = book
            .sources
            .find(Path::new(&rel(
                &book.root,
                &src_dir.join(&book.config.book.summary),
            )))
            .unwrap_or_default();
        diagnostics.push(
            Diagnostic::warning(
                Span::new(summary, 0..0),
                format!(
                    "{} markdown file(s) are not in SUMMARY.md and will not be built: {}",
                    unlisted.len(),
                    unlisted.join(", ")
                ),
            )
            .with_hint("add them to SUMMARY.md, or move them out of the source folder"),
        );
    }
}

/// Errors before warnings is not wanted: keep source order, which is what an author fixes in.
/// Orders diagnostics: the read stage's first (the first `read_stage`: a root cause comes
/// before what it causes), then the others, each group by file and position.
fn sort_diagnostics(diagnostics: &mut [Diagnostic], read_stage: usize) {
    let (read, rest) = diagnostics.split_at_mut(read_stage.min(diagnostics.len()));
    read.sort_by_key(|d| (d.span.file, d.span.start));
    rest.sort_by_key(|d| (d.span.file, d.span.start));
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn stems() {
        assert_eq!(stem("index.md"), "index");
        assert_eq!(stem("README.md"), "index");
        assert_eq!(stem("351/README.md"), "351/index");
        assert_eq!(stem("351/351.3-qemu.md"), "351/351.3-qemu");
    }
}

//! `exambook import SOURCE [-o BOOK]`: an existing guide made into a book that builds.
//!
//! SOURCE is one markdown file holding a whole guide, or a folder (an mdBook or GitBook book
//! with a `SUMMARY.md`, or loose markdown). Every page is read through our parser (broken
//! encoding repaired first, see [`mojibake`]), changed as a tree and written back with our
//! markdown writer:
//!
//! - a single file is cut into pages at the headings that carry a topic or objective id
//!   (`## Topic 351: …` → `351/README.md`, `### 351.1 …` → `351/351.1-….md`); the anchors
//!   (`<a name>`) before such a heading move with it, headings keep their old ids (written
//!   explicitly when the page would give them another), the hand-written table of contents and
//!   "back to top" links are dropped;
//! - an objective's LPI fields (weight, description, knowledge areas, cited objects) become its
//!   front matter ([`lpi`]), the topics `[[exam.topics]]`;
//! - links are resolved in the source: same-guide anchors point at the page that now holds
//!   them, files are copied and linked from the page's new place, and links already broken
//!   in the source become plain text (and are reported);
//! - the new book is loaded as `exambook check` would, and the report says what came out.

mod lpi;
mod mojibake;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use exambook_core::links::relative;
use exambook_core::paths::{normalize, percent_decode};
use exambook_syntax::ast::{Block, BlockKind, Document, Inline, InlineKind, LinkKind, plain_text};
use exambook_syntax::{LineIndex, markdown, walk};

use crate::args::{Global, ImportGuideArgs};

/// One page of the new book.
struct OutPage {
    /// Relative to the new source folder.
    path: String,
    /// SUMMARY entry text.
    title: String,
    /// Nesting in SUMMARY.md.
    depth: usize,
    doc: Document,
    /// The source file it came from (index into `Import::sources`).
    source: usize,
    objective: Option<(String, Option<u32>)>,
}

/// A source file read.
struct Source {
    /// Relative to the source root, `/` separators.
    rel: String,
    text: String,
}

/// What the import did, for the report.
#[derive(Default)]
struct Report {
    repairs: Vec<(String, mojibake::Repair)>,
    suspects: Vec<(String, usize, String)>,
    rewritten: usize,
    broken: Vec<(String, usize, String)>,
    dropped_toc: Vec<(String, usize)>,
    back_to_top: usize,
    copied: BTreeSet<String>,
    left_out: Vec<String>,
    todo: Vec<String>,
}

/// The import, under way.
struct Import {
    /// The folder links are resolved against (a single file's folder, or the book folder).
    root: PathBuf,
    sources: Vec<Source>,
    pages: Vec<OutPage>,
    /// Every id (heading, anchor) → the first page holding it.
    ids: BTreeMap<String, usize>,
    /// The ids of each page.
    page_ids: Vec<BTreeSet<String>>,
    /// Source `.md` path → the page it became (folder mode; a single file maps to none: its
    /// anchors are in `ids`).
    by_source: BTreeMap<String, usize>,
    single: bool,
    /// Files `{{#include}}`d by pages (folder mode): where they are → where they go, relative
    /// to the new book folder.
    includes: BTreeMap<PathBuf, PathBuf>,
    /// The source's own `book.toml` (an mdBook or exambook book), for what it says.
    source_config: Option<toml::Table>,
    report: Report,
}

/// `exambook import`.
pub fn run(args: &ImportGuideArgs, global: &Global) -> Result<ExitCode> {
    let source = &args.source;
    let meta =
        std::fs::metadata(source).with_context(|| format!("reading {}", source.display()))?;
    let out = args.out.clone().unwrap_or_else(|| {
        let name = source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty() && s != "." && s != "..")
            .unwrap_or_else(|| "guide".into());
        PathBuf::from(format!("{name}-exambook"))
    });
    if out.exists()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "{} already exists and is not empty: name a new folder with -o BOOK",
            out.display()
        );
    }
    let mut import = if meta.is_dir() {
        Import::folder(source)?
    } else {
        Import::single(source)?
    };
    import.link_all();
    let (toml, exam) = import.book_toml();
    import.write(&out, &toml)?;
    let check = exambook_core::load(&out);
    let text = import.report_text(source, &out, &exam, &check);
    if !global.quiet {
        eprint!("{text}");
    }
    match check {
        Ok(loaded) if !loaded.has_errors() => Ok(ExitCode::SUCCESS),
        Ok(loaded) => {
            crate::report::diagnostics(&loaded.book.sources, &loaded.diagnostics, global.quiet);
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(anyhow::Error::new(e).context("loading the imported book")),
    }
}

/// What the exam section holds, for the report.
struct ExamSummary {
    objectives: Vec<(String, Option<u32>)>,
    questions: Option<u32>,
}

impl Import {
    fn new(root: PathBuf, single: bool) -> Import {
        Import {
            root,
            sources: Vec::new(),
            pages: Vec::new(),
            ids: BTreeMap::new(),
            page_ids: Vec::new(),
            by_source: BTreeMap::new(),
            single,
            includes: BTreeMap::new(),
            source_config: None,
            report: Report::default(),
        }
    }

    /// Reads a file: repaired, and its repairs noted.
    fn read(&mut self, path: &Path, rel: &str) -> Result<usize> {
        let bytes = exambook_core::load::read_regular(path)
            .with_context(|| format!("reading {}", path.display()))?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                // Not UTF-8 at all: a legacy encoding throughout. Windows-1252 is the usual one.
                let (t, _, _) = encoding_rs::WINDOWS_1252.decode(e.as_bytes());
                self.report.todo.push(format!(
                    "{rel} was not UTF-8; it was read as Windows-1252: check its accents"
                ));
                t.into_owned()
            }
        };
        let (text, repairs, suspects) = mojibake::repair(&text);
        self.report
            .repairs
            .extend(repairs.into_iter().map(|r| (rel.to_owned(), r)));
        self.report
            .suspects
            .extend(suspects.into_iter().map(|(l, s)| (rel.to_owned(), l, s)));
        self.sources.push(Source {
            rel: rel.to_owned(),
            text,
        });
        Ok(self.sources.len() - 1)
    }

    fn line(&self, source: usize, offset: u32) -> usize {
        self.sources.get(source).map_or(0, |s| {
            LineIndex::new(&s.text).line_col(&s.text, offset as usize).0
        })
    }

    /// A whole guide in one file, cut at its topic and objective headings.
    fn single(path: &Path) -> Result<Import> {
        let root = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut import = Import::new(root, true);
        let src = import.read(path, &name)?;
        let text = import.sources[src].text.clone();
        let (mut doc, _) = exambook_syntax::parse(&text);
        // The ids the source had, over the whole file (as GitHub gives them).
        let mut diagnostics = Vec::new();
        exambook_core::ids::allocate(&mut doc, &mut diagnostics);

        let mut pages: Vec<OutPage> = vec![OutPage {
            path: "README.md".into(),
            title: "Introduction".into(),
            depth: 0,
            doc: Document::default(),
            source: src,
            objective: None,
        }];
        let mut pending: Vec<Block> = Vec::new();
        // The level each page's first heading had (its other headings move up as much).
        let mut levels: Vec<u8> = vec![1];
        let mut topic_of: BTreeMap<String, usize> = BTreeMap::new();
        let mut skip_below: Option<u8> = None;
        let mut book_title: Option<String> = None;
        for block in std::mem::take(&mut doc.blocks) {
            if let BlockKind::Heading(h) = &block.kind {
                if skip_below.is_some_and(|level| h.level > level) {
                    continue;
                }
                skip_below = None;
                let text = plain_text(&h.content);
                if h.level == 1 && book_title.is_none() {
                    book_title = Some(lpi::clean_title(&text));
                }
                if is_toc_title(&text) {
                    let line = import.line(src, block.span.start);
                    import.report.dropped_toc.push((name.clone(), line));
                    skip_below = Some(h.level);
                    continue;
                }
                if let Some(split) = lpi::split_of(&text) {
                    let (path, title, depth, objective) = match &split {
                        lpi::Split::Topic { id, title } => {
                            topic_of.insert(id.clone(), pages.len());
                            (
                                format!("{id}/README.md"),
                                format!("Topic {id}: {title}"),
                                0,
                                None,
                            )
                        }
                        lpi::Split::Objective { id, title } => {
                            let topic = id.split('.').next().unwrap_or_default().to_owned();
                            let depth = usize::from(topic_of.contains_key(&topic));
                            (
                                format!("{topic}/{id}-{}.md", file_slug(title)),
                                format!("{id} {title}"),
                                depth,
                                Some((id.clone(), None)),
                            )
                        }
                    };
                    let mut first = block.clone();
                    if let BlockKind::Heading(h) = &mut first.kind {
                        levels.push(h.level);
                        h.level = 1;
                    }
                    let mut blocks = std::mem::take(&mut pending);
                    blocks.push(first);
                    pages.push(OutPage {
                        path,
                        title,
                        depth,
                        doc: Document {
                            blocks,
                            ..Document::default()
                        },
                        source: src,
                        objective,
                    });
                    continue;
                }
            } else if skip_below.is_some() && !is_anchor_only(&block) {
                continue;
            }
            if is_anchor_only(&block) {
                pending.push(block);
                continue;
            }
            if is_back_to_top(&block) {
                import.report.back_to_top += 1;
                continue;
            }
            let page = pages.last_mut().context("no page")?;
            page.doc.blocks.append(&mut pending);
            page.doc.blocks.push(block);
        }
        if let Some(page) = pages.last_mut() {
            page.doc.blocks.append(&mut pending);
        }
        if let Some(t) = &book_title
            && let Some(first) = pages.first_mut()
        {
            first.title.clone_from(t);
        }
        // Headings move up so the split heading is the page's title.
        for (page, level) in pages.iter_mut().zip(levels).skip(1) {
            let shift = level.saturating_sub(1);
            let mut first = true;
            walk::blocks_mut(&mut page.doc.blocks, &mut |b| {
                if let BlockKind::Heading(h) = &mut b.kind {
                    if first && h.level == 1 {
                        first = false;
                    } else {
                        h.level = h.level.saturating_sub(shift).max(2);
                    }
                }
            });
        }
        import.pages = pages;
        import.settle_pages();
        Ok(import)
    }

    /// A folder: an mdBook or GitBook book (its SUMMARY.md), or loose markdown.
    fn folder(dir: &Path) -> Result<Import> {
        let content = [dir.join("src"), dir.to_path_buf()]
            .into_iter()
            .find(|d| d.join("SUMMARY.md").is_file())
            .unwrap_or_else(|| dir.to_path_buf());
        let mut import = Import::new(content.clone(), false);
        let mut entries: Vec<(String, String, usize)> = Vec::new(); // (path, title, depth)
        let summary = content.join("SUMMARY.md");
        if summary.is_file() {
            let text = std::fs::read_to_string(&summary)
                .with_context(|| format!("reading {}", summary.display()))?;
            let (text, _, _) = mojibake::repair(&text);
            let (doc, _) = exambook_syntax::parse(&text);
            let mut diagnostics = Vec::new();
            let items = exambook_core::summary::items(&doc.blocks, &mut diagnostics);
            fn flatten(
                items: &[exambook_core::summary::Item],
                depth: usize,
                out: &mut Vec<(String, String, usize)>,
            ) {
                for item in items {
                    if let exambook_core::summary::Item::Link {
                        title,
                        path: Some(path),
                        children,
                        ..
                    } = item
                    {
                        let path = percent_decode(path).unwrap_or_else(|| path.clone());
                        out.push((
                            path.trim_start_matches("./").to_owned(),
                            title.clone(),
                            depth,
                        ));
                        flatten(children, depth + 1, out);
                    } else if let exambook_core::summary::Item::Link { children, .. } = item {
                        flatten(children, depth, out);
                    }
                }
            }
            flatten(&items, 0, &mut entries);
        } else {
            let mut files: Vec<String> = walkdir(&content)
                .into_iter()
                .filter(|p| p.ends_with(".md"))
                .collect();
            files.sort_by_key(|p| (!(p == "README.md" || p == "index.md"), p.clone()));
            for f in files {
                entries.push((f.clone(), String::new(), 0));
            }
        }
        let mut seen = BTreeSet::new();
        for (rel, title, depth) in entries {
            if !seen.insert(rel.clone()) {
                continue;
            }
            let path = content.join(&rel);
            if !path.is_file() {
                import
                    .report
                    .left_out
                    .push(format!("{rel} (listed in SUMMARY.md, but missing)"));
                continue;
            }
            let src = import.read(&path, &rel)?;
            let text = import.sources[src].text.clone();
            let (mut doc, _) = exambook_syntax::parse(&text);
            let mut diagnostics = Vec::new();
            exambook_core::ids::allocate(&mut doc, &mut diagnostics);
            doc.blocks.retain(|b| {
                let drop = is_back_to_top(b);
                if drop {
                    import.report.back_to_top += 1;
                }
                !drop
            });
            let first = doc.blocks.iter().find_map(|b| match &b.kind {
                BlockKind::Heading(h) => Some(plain_text(&h.content)),
                _ => None,
            });
            let objective = first
                .as_deref()
                .and_then(lpi::split_of)
                .and_then(|s| match s {
                    lpi::Split::Objective { id, .. } => Some((id, None)),
                    lpi::Split::Topic { .. } => None,
                });
            let title = if title.is_empty() {
                first.map_or_else(|| rel.clone(), |t| lpi::clean_title(&t))
            } else {
                title
            };
            import.by_source.insert(rel.clone(), import.pages.len());
            import.pages.push(OutPage {
                path: rel,
                title,
                depth,
                doc,
                source: src,
                objective,
            });
        }
        if import.pages.is_empty() {
            bail!("{} holds no markdown page", dir.display());
        }
        import.find_includes(dir, &content);
        import.source_config = std::fs::read_to_string(dir.join("book.toml"))
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok());
        import.settle_pages();
        Ok(import)
    }

    /// The files pages include (mdBook's `{{#include}}`, also inside code blocks), when they are
    /// inside the source folder `dir`: copied to the same place relative to the new book's
    /// `src` (a file beside `src/` goes beside it).
    fn find_includes(&mut self, dir: &Path, content: &Path) {
        let (Ok(dir), Ok(content)) = (dir.canonicalize(), content.canonicalize()) else {
            return;
        };
        for page in &self.pages {
            let rel = &self.sources[page.source].rel;
            let page_dir = content.join(rel).parent().map(Path::to_path_buf);
            let mut paths = Vec::new();
            walk::blocks(&page.doc.blocks, &mut |b| match &b.kind {
                BlockKind::Include(d) => paths.push(d.path.clone()),
                BlockKind::CodeBlock(c) => paths.extend(
                    exambook_syntax::include::find_in_code(&c.text)
                        .into_iter()
                        .map(|(_, d)| d.path),
                ),
                _ => {}
            });
            for path in paths {
                let Some(file) = page_dir
                    .as_ref()
                    .and_then(|d| d.join(&path).canonicalize().ok())
                    .filter(|f| f.starts_with(&dir) && f.is_file())
                else {
                    continue;
                };
                let to = match file.strip_prefix(&content) {
                    Ok(inside) => Path::new("src").join(inside),
                    Err(_) => file
                        .strip_prefix(&dir)
                        .map(Path::to_path_buf)
                        .unwrap_or_default(),
                };
                if !to.as_os_str().is_empty() {
                    self.includes.insert(file, to);
                }
            }
        }
    }

    /// Per page: the LPI fields into front matter, ids recorded, explicit where the page
    /// would allocate another.
    fn settle_pages(&mut self) {
        self.page_ids = vec![BTreeSet::new(); self.pages.len()];
        for (index, page) in self.pages.iter_mut().enumerate() {
            let own = &mut self.page_ids[index];
            if let Some(fm) = &page.doc.front_matter {
                // Front matter of its own (an exambook or mdBook page): kept as it is.
                page.objective = fm
                    .meta
                    .objective
                    .as_ref()
                    .map(|o| (o.value.clone(), fm.meta.weight.as_ref().map(|w| w.value)));
            } else if let Some((id, weight)) = &mut page.objective {
                let mut rest: Vec<Block> = page.doc.blocks.split_off(
                    page.doc
                        .blocks
                        .iter()
                        .position(|b| matches!(b.kind, BlockKind::Heading(_)))
                        .map_or(0, |i| i + 1),
                );
                let o = lpi::take(&mut rest);
                page.doc.blocks.append(&mut rest);
                *weight = o.weight;
                page.doc.front_matter = Some(lpi::front_matter(id, &o));
            }
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            walk::blocks_mut(&mut page.doc.blocks, &mut |b| match &mut b.kind {
                BlockKind::Heading(h) => {
                    let natural = {
                        let base = exambook_core::ids::slug(&plain_text(&h.content));
                        let n = counts.entry(base.clone()).or_default();
                        let id = if *n == 0 {
                            base.clone()
                        } else {
                            format!("{base}-{n}")
                        };
                        *n += 1;
                        id
                    };
                    if let Some(id) = &h.id {
                        own.insert(id.clone());
                        self.ids.entry(id.clone()).or_insert(index);
                        if *id != natural {
                            h.explicit_id = true;
                        }
                    }
                }
                BlockKind::Html(html) => {
                    for a in &html.anchors {
                        own.insert(a.clone());
                        self.ids.entry(a.clone()).or_insert(index);
                    }
                }
                _ => {}
            });
            walk::inlines(&page.doc.blocks, &mut |i| {
                if let InlineKind::Anchor(a) = &i.kind {
                    own.insert(a.id.clone());
                    self.ids.entry(a.id.clone()).or_insert(index);
                }
            });
        }
    }

    /// Every link of every page resolved in the source and written for the page's new place.
    fn link_all(&mut self) {
        for index in 0..self.pages.len() {
            let mut doc = std::mem::take(&mut self.pages[index].doc);
            let mut broken_spans: Vec<(u32, String)> = Vec::new();
            walk::inlines_mut(&mut doc.blocks, &mut |inline| {
                let span = inline.span;
                match &mut inline.kind {
                    InlineKind::Link(l) if l.kind != LinkKind::Email => {
                        match self.map_dest(index, &l.dest) {
                            Mapped::Keep => {}
                            Mapped::To(d) => {
                                l.dest = d;
                                self.report.rewritten += 1;
                            }
                            Mapped::Broken => broken_spans.push((span.start, l.dest.clone())),
                        }
                    }
                    InlineKind::Image(i) => match self.map_dest(index, &i.dest) {
                        Mapped::Keep => {}
                        Mapped::To(d) => {
                            i.dest = d;
                            self.report.rewritten += 1;
                        }
                        Mapped::Broken => broken_spans.push((span.start, i.dest.clone())),
                    },
                    InlineKind::Html(h) => {
                        *h = self.map_html(index, h, span.start, &mut broken_spans);
                    }
                    _ => {}
                }
            });
            walk::blocks_mut(&mut doc.blocks, &mut |b| {
                if let BlockKind::Html(h) = &mut b.kind {
                    h.raw = self.map_html(index, &h.raw, b.span.start, &mut broken_spans);
                }
            });
            // Broken markdown links become their text; broken images their alt text.
            let broken: BTreeSet<String> = broken_spans.iter().map(|(_, d)| d.clone()).collect();
            unwrap_broken(&mut doc.blocks, &broken);
            let source = self.pages[index].source;
            for (offset, dest) in broken_spans {
                let line = self.line(source, offset);
                let rel = self.sources[source].rel.clone();
                self.report.broken.push((rel, line, dest));
            }
            self.pages[index].doc = doc;
        }
        self.report.broken.sort();
        self.report.broken.dedup();
    }

    /// URLs in raw HTML, mapped like markdown links (broken ones emptied).
    fn map_html(
        &mut self,
        index: usize,
        html: &str,
        at: u32,
        broken: &mut Vec<(u32, String)>,
    ) -> String {
        exambook_syntax::html_urls::rewrite(html, &mut |attr| match self
            .map_dest(index, &attr.value)
        {
            Mapped::Keep => None,
            Mapped::To(d) => {
                self.report.rewritten += 1;
                Some(d)
            }
            Mapped::Broken => {
                broken.push((at, attr.value.clone()));
                Some(String::new())
            }
        })
    }

    /// Where `dest`, written on page `index`, points in the new book.
    fn map_dest(&mut self, index: usize, dest: &str) -> Mapped {
        let dest = dest.trim();
        if dest.is_empty() || is_external(dest) {
            return Mapped::Keep;
        }
        let page = &self.pages[index];
        let new_dir = page.path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let source_rel = self.sources[page.source].rel.clone();
        let source_dir = source_rel
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_owned();
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path_only = path.split('?').next().unwrap_or_default();
        let anchor = |this: &Self, f: &str| -> Mapped {
            if this.page_ids.get(index).is_some_and(|ids| ids.contains(f)) {
                return Mapped::Keep;
            }
            match this.ids.get(f) {
                Some(&to) if to == index => Mapped::Keep,
                Some(&to) => {
                    let target = &this.pages[to].path;
                    Mapped::To(format!("{}#{f}", relative(&new_dir, target)))
                }
                None => Mapped::Broken,
            }
        };
        if path_only.is_empty() {
            return fragment.map_or(Mapped::Keep, |f| anchor(self, f));
        }
        let (base, p) = match path_only.strip_prefix('/') {
            Some(rest) => ("", rest),
            None => (source_dir.as_str(), path_only),
        };
        let decoded = percent_decode(p).unwrap_or_else(|| p.to_owned());
        let Some(resolved) = normalize(base, &decoded) else {
            return Mapped::Broken;
        };
        // A link to the guide file itself (single mode), with or without an anchor.
        if self.single && resolved == source_rel {
            return fragment.map_or_else(
                || Mapped::To(relative(&new_dir, "README.md")),
                |f| anchor(self, f),
            );
        }
        if let Some(&to) = self.by_source.get(&resolved) {
            let target = self.pages[to].path.clone();
            let mut out = relative(&new_dir, &target);
            if let Some(f) = fragment {
                if !self.page_ids.get(to).is_some_and(|ids| ids.contains(f)) {
                    return Mapped::Broken;
                }
                out.push('#');
                out.push_str(f);
            }
            return if out == dest {
                Mapped::Keep
            } else {
                Mapped::To(out)
            };
        }
        let full = self.root.join(&resolved);
        if resolved.ends_with(".md") && full.is_file() {
            // A page of the source folder that is not part of the guide.
            self.report.left_out.push(format!(
                "{resolved} (linked from {source_rel}; not a page of the guide)"
            ));
            return Mapped::Broken;
        }
        if full.is_file() || full.is_dir() {
            self.report.copied.insert(resolved.clone());
            let mut out = relative(&new_dir, &resolved);
            if full.is_dir() && path_only.ends_with('/') {
                out.push('/');
            }
            if let Some(q) = dest.find(['?', '#']) {
                out.push_str(&dest[q..]);
            }
            return if out == dest {
                Mapped::Keep
            } else {
                Mapped::To(out)
            };
        }
        Mapped::Broken
    }

    /// `book.toml`, and what its exam section says.
    /// A value of the source's own `book.toml`: `table.key`.
    fn source_value(&self, table: &str, key: &str) -> Option<&toml::Value> {
        self.source_config.as_ref()?.get(table)?.get(key)
    }

    fn source_str(&self, table: &str, key: &str) -> Option<String> {
        self.source_value(table, key)?.as_str().map(str::to_owned)
    }

    fn source_u32(&self, table: &str, key: &str) -> Option<u32> {
        u32::try_from(self.source_value(table, key)?.as_integer()?).ok()
    }

    fn book_toml(&mut self) -> (String, ExamSummary) {
        let title = self.source_str("book", "title").unwrap_or_else(|| {
            self.pages
                .first()
                .map(|p| p.title.clone())
                .unwrap_or_default()
        });
        // The exam's facts are read from the guide's opening page only (a practice section
        // saying "10 questions" is not the exam).
        let intro = self
            .pages
            .first()
            .map(|p| markdown::write(&p.doc, &markdown::WriteOptions::default()))
            .unwrap_or_default();
        let mut toml = String::new();
        let _ = writeln!(toml, "[book]\ntitle = {}\nsrc = \"src\"", quote(&title));
        let objectives: Vec<(String, Option<u32>)> = self
            .pages
            .iter()
            .filter_map(|p| p.objective.clone())
            .collect();
        let mut summary = ExamSummary {
            objectives: objectives.clone(),
            questions: None,
        };
        if objectives.is_empty() {
            return (toml, summary);
        }
        let code = self
            .source_str("exam", "code")
            .or_else(|| exam_code(&title))
            .or_else(|| exam_code(&intro));
        let sum: u32 = objectives.iter().filter_map(|(_, w)| *w).sum();
        let stated = self
            .source_u32("exam", "questions")
            .or_else(|| number_before(&intro, "questions"));
        let minutes = self
            .source_u32("exam", "minutes")
            .or_else(|| number_before(&intro, "minutes"));
        let _ = writeln!(toml, "\n[exam]");
        match &code {
            Some(c) => {
                let _ = writeln!(toml, "code = {}", quote(c));
            }
            None => {
                let _ = writeln!(toml, "code = \"TODO\"");
                self.report
                    .todo
                    .push("[exam] code: the guide does not name the exam's code".into());
            }
        }
        if let Some(name) = self.source_str("exam", "name") {
            let _ = writeln!(toml, "name = {}", quote(&name));
        } else {
            let _ = writeln!(toml, "name = {}", quote(&title));
            self.report.todo.push(format!(
                "[exam] name: set to the guide's title ({title:?}); write the exam's official name"
            ));
        }
        match stated {
            Some(q) => {
                let _ = writeln!(toml, "questions = {q}");
                summary.questions = Some(q);
            }
            None => {
                let _ = writeln!(
                    toml,
                    "# TODO: the number of questions; the guide does not say it. The objective\n# weights sum to {sum}.\nquestions = {sum}"
                );
                self.report.todo.push(format!(
                    "[exam] questions: the guide does not say how many; set to the weight sum {sum}: check it against the exam's official number"
                ));
            }
        }
        match minutes {
            Some(m) => {
                let _ = writeln!(toml, "minutes = {m}");
            }
            None => self
                .report
                .todo
                .push("[exam] minutes: not in the guide; add `minutes = …`".into()),
        }
        match self.source_u32("exam", "passing-score") {
            Some(p) => {
                let _ = writeln!(toml, "passing-score = {p}");
                if let Some(scale) = self.source_value("exam", "scale") {
                    let _ = writeln!(toml, "scale = {scale}");
                }
            }
            None => self.report.todo.push(
                "[exam] passing-score (and scale): not in the guide; add `passing-score = …`"
                    .into(),
            ),
        }
        let mut topics: BTreeMap<String, String> = BTreeMap::new();
        let declared = self
            .source_value("exam", "topics")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| Some((t.get("id")?.as_str()?, t.get("title")?.as_str()?)));
        for (id, title) in declared {
            topics.insert(id.to_owned(), title.to_owned());
        }
        for p in &self.pages {
            if let Some(lpi::Split::Topic { id, title }) = lpi::split_of(&p.title) {
                topics.entry(id).or_insert(title);
            }
        }
        for (id, _) in &objectives {
            let topic = id.split('.').next().unwrap_or_default().to_owned();
            topics
                .entry(topic.clone())
                .or_insert_with(|| format!("Topic {topic}"));
        }
        for (id, t) in &topics {
            let _ = writeln!(
                toml,
                "\n[[exam.topics]]\nid = {}\ntitle = {}",
                quote(id),
                quote(t)
            );
        }
        (toml, summary)
    }

    /// Writes the new book.
    fn write(&mut self, out: &Path, toml: &str) -> Result<()> {
        let src = out.join("src");
        std::fs::create_dir_all(&src).with_context(|| format!("creating {}", src.display()))?;
        std::fs::write(out.join("book.toml"), toml)?;
        std::fs::write(out.join(".gitignore"), "book-out/\n.exambook/\n")?;
        let mut summary = String::from("# Summary\n\n");
        for page in &self.pages {
            let _ = writeln!(
                summary,
                "{}- [{}](<{}>)",
                "  ".repeat(page.depth),
                markdown_text(&page.title),
                page.path
            );
            let file = src.join(&page.path);
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let text = markdown::write(&page.doc, &markdown::WriteOptions::default());
            std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
        }
        std::fs::write(src.join("SUMMARY.md"), summary)?;
        for rel in self.report.copied.clone() {
            let from = self.root.join(&rel);
            let to = src.join(&rel);
            if from.is_dir() {
                for file in walkdir(&from) {
                    copy(&from.join(&file), &to.join(&file))?;
                }
            } else {
                copy(&from, &to)?;
            }
        }
        for (from, to) in &self.includes {
            copy(from, &out.join(to))?;
        }
        // What the source folder holds that nothing links to.
        let pages: BTreeSet<&str> = self.sources.iter().map(|s| s.rel.as_str()).collect();
        for file in walkdir(&self.root) {
            let included = self.includes.keys().any(|f| f.ends_with(Path::new(&file)));
            let used = included
                || pages.contains(file.as_str())
                || self
                    .report
                    .copied
                    .iter()
                    .any(|c| file == *c || file.starts_with(&format!("{c}/")));
            if !used && file != "SUMMARY.md" && file != "book.toml" {
                self.report.left_out.push(file);
            }
        }
        Ok(())
    }

    fn report_text(
        &self,
        source: &Path,
        out: &Path,
        exam: &ExamSummary,
        check: &Result<exambook_core::Loaded, exambook_core::Error>,
    ) -> String {
        let r = &self.report;
        let mut t = String::new();
        let _ = writeln!(t, "imported {} → {}", source.display(), out.display());
        let _ = writeln!(
            t,
            "  pages written: {} (and SUMMARY.md, book.toml)",
            self.pages.len()
        );
        if !exam.objectives.is_empty() {
            let sum: u32 = exam.objectives.iter().filter_map(|(_, w)| *w).sum();
            let list: Vec<String> = exam
                .objectives
                .iter()
                .map(|(id, w)| match w {
                    Some(w) => format!("{id} ({w})"),
                    None => format!("{id} (no weight)"),
                })
                .collect();
            let _ = writeln!(
                t,
                "  objectives: {} with weights summing to {sum}: {}",
                exam.objectives.len(),
                list.join(", ")
            );
            match exam.questions {
                Some(q) if q == sum => {
                    let _ = writeln!(t, "    the weights sum to the exam's {q} questions");
                }
                Some(q) => {
                    let _ = writeln!(t, "    the weights do NOT sum to the exam's {q} questions");
                }
                None => {
                    let _ = writeln!(
                        t,
                        "    the guide does not say how many questions the exam has (see to do)"
                    );
                }
            }
        }
        let _ = writeln!(t, "  links rewritten: {}", r.rewritten);
        let _ = writeln!(
            t,
            "  links already broken in the source: {} (written as plain text)",
            r.broken.len()
        );
        for (file, line, dest) in &r.broken {
            let _ = writeln!(t, "    {file}:{line}: {dest}");
        }
        let _ = writeln!(
            t,
            "  files copied: {} linked, {} included",
            r.copied.len(),
            self.includes.len()
        );
        let _ = writeln!(t, "  files left out: {}", r.left_out.len());
        for f in r.left_out.iter().take(20) {
            let _ = writeln!(t, "    {f}");
        }
        if r.left_out.len() > 20 {
            let _ = writeln!(t, "    … and {} more", r.left_out.len() - 20);
        }
        for (file, line) in &r.dropped_toc {
            let _ = writeln!(t, "  dropped the table of contents at {file}:{line}");
        }
        if r.back_to_top > 0 {
            let _ = writeln!(t, "  dropped {} \"back to top\" links", r.back_to_top);
        }
        let _ = writeln!(t, "  encoding repaired: {} place(s)", r.repairs.len());
        for (file, rep) in &r.repairs {
            let _ = writeln!(
                t,
                "    {file}:{}: {:?} → {:?} (UTF-8 read as {})",
                rep.line, rep.before, rep.after, rep.encoding
            );
        }
        for (file, line, run) in &r.suspects {
            let _ = writeln!(
                t,
                "    {file}:{line}: {run:?} looks broken and could not be repaired"
            );
        }
        match check {
            Ok(loaded) => {
                let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
                let warnings = loaded.diagnostics.len() - errors;
                let _ = writeln!(
                    t,
                    "  the new book loads with {errors} error(s) and {warnings} warning(s) (`exambook check {}` lists them)",
                    out.display()
                );
            }
            Err(e) => {
                let _ = writeln!(t, "  the new book does not load: {e}");
            }
        }
        if !r.todo.is_empty() {
            let _ = writeln!(t, "to do:");
            for item in &r.todo {
                let _ = writeln!(t, "  - {item}");
            }
        }
        t
    }
}

/// Where a destination goes in the new book.
enum Mapped {
    Keep,
    To(String),
    Broken,
}

/// Replaces links and images whose destination is in `broken` by their text.
fn unwrap_broken(blocks: &mut [Block], broken: &BTreeSet<String>) {
    fn fix(list: &mut Vec<Inline>, broken: &BTreeSet<String>) {
        let mut i = 0;
        while i < list.len() {
            let replace = match &list[i].kind {
                InlineKind::Link(l) if broken.contains(&l.dest) => Some(l.content.clone()),
                InlineKind::Image(img) if broken.contains(&img.dest) => Some(img.alt.clone()),
                _ => None,
            };
            match replace {
                Some(content) => {
                    let n = content.len();
                    list.splice(i..=i, content);
                    i += n;
                }
                None => {
                    if let Some(children) = walk::child_inlines_mut(&mut list[i].kind).next() {
                        fix(children, broken);
                    }
                    i += 1;
                }
            }
        }
    }
    walk::blocks_mut(blocks, &mut |b| {
        for inlines in walk::block_inlines_mut(&mut b.kind) {
            fix(inlines, broken);
        }
    });
}

/// A block holding only `<a name="…"></a>` anchors.
fn is_anchor_only(block: &Block) -> bool {
    let BlockKind::Html(h) = &block.kind else {
        return matches!(&block.kind, BlockKind::Paragraph(inl)
            if !inl.is_empty() && inl.iter().all(|i| matches!(i.kind, InlineKind::Anchor(_) | InlineKind::SoftBreak)
                || matches!(&i.kind, InlineKind::Html(h) if h.trim().eq_ignore_ascii_case("</a>"))));
    };
    if h.anchors.is_empty() {
        return false;
    }
    let rest = h.raw.to_ascii_lowercase().replace("</a>", "");
    // Everything left is `<a name=…>` tags and white space.
    rest.split('<')
        .filter(|s| !s.trim().is_empty())
        .all(|tag| tag.starts_with("a ") && tag.trim_end().ends_with('>'))
}

/// A paragraph that is only a link back to the top or the table of contents.
fn is_back_to_top(block: &Block) -> bool {
    let BlockKind::Paragraph(inl) = &block.kind else {
        return false;
    };
    let links: Vec<&exambook_syntax::ast::Link> = inl
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::Link(l) => Some(&**l),
            _ => None,
        })
        .collect();
    let text = plain_text(inl).to_lowercase();
    let others_blank = inl.iter().all(|i| match &i.kind {
        InlineKind::Link(_) | InlineKind::SoftBreak | InlineKind::HardBreak => true,
        InlineKind::Text(t) => t.trim().chars().all(|c| !c.is_alphanumeric()),
        InlineKind::Emphasis(_) | InlineKind::Strong(_) => true,
        _ => false,
    });
    !links.is_empty()
        && others_blank
        && links.iter().all(|l| l.dest.starts_with('#'))
        && (text.contains("back to top")
            || text.contains("back to the top")
            || text.contains("top of page")
            || text.contains("back to toc")
            || text.contains("table of contents")
            || text.contains("back to index"))
}

/// A heading that opens a hand-written table of contents.
fn is_toc_title(text: &str) -> bool {
    let t = lpi::clean_title(text).to_lowercase();
    matches!(
        t.as_str(),
        "table of contents" | "contents" | "toc" | "index" | "summary" | "índice" | "sumário"
    )
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let colon = dest.find(':');
    let sep = dest.find(['/', '#', '?']);
    match (colon, sep) {
        (Some(c), Some(s)) => c < s,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A file name made of a title: `Virtualization Concepts and Theory` →
/// `virtualization-concepts-and-theory` (ASCII, at most 60 characters).
fn file_slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// An exam code such as `305-300` in `text`.
fn exam_code(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(6)).find_map(|i| {
        let w = b.get(i..i + 7)?;
        let ok = w[..3].iter().all(u8::is_ascii_digit)
            && w[3] == b'-'
            && w[4..].iter().all(u8::is_ascii_digit)
            && !b.get(i.wrapping_sub(1)).is_some_and(u8::is_ascii_digit)
            && !b.get(i + 7).is_some_and(u8::is_ascii_digit);
        ok.then(|| text[i..i + 7].to_owned())
    })
}

/// A number written just before `word` (`60 questions`, `90 minutes`).
fn number_before(text: &str, word: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(word) {
        let at = from + i;
        let before = lower[..at].trim_end();
        let digits: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if let Ok(n) = digits.parse() {
            return Some(n);
        }
        from = at + word.len();
    }
    None
}

/// A TOML string (the `toml` crate's quoting, as `init --from` writes).
fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Text safe as a SUMMARY link text: the markdown writer's escaping of plain text.
fn markdown_text(s: &str) -> String {
    exambook_syntax::markdown::inlines(&[exambook_syntax::ast::Inline {
        kind: exambook_syntax::ast::InlineKind::Text(s.to_owned()),
        span: exambook_syntax::ast::Span::default(),
    }])
    .replace('\n', " ")
}

/// Files under `dir` (relative, `/` separators), hidden `.git` and output folders skipped.
fn walkdir(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .parents(false)
        .require_git(false)
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name == ".git" || name == "node_modules" || name == "_book")
        })
        .build();
    for entry in walker.flatten() {
        if entry.file_type().is_some_and(|t| t.is_file())
            && let Ok(rel) = entry.path().strip_prefix(dir)
        {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out.sort();
    out
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::copy(from, to).with_context(|| format!("copying {}", from.display()))?;
    Ok(())
}

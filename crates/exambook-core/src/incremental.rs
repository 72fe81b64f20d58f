//! Incremental reloading for a development server: a loaded book kept in memory and updated in
//! place when page files change, re-parsing only those pages.
//!
//! [`LiveBook::update`] takes the new text of edited pages and redoes for them what [`load`]
//! does per page (parse, ids, title, links). When an edit changes a page's anchors, the pages
//! linking to those anchors are checked again; the exam model is rebuilt after every update.
//! Anything that is not local to pages — `book.toml`, `SUMMARY.md`, includes, assets, files
//! appearing or disappearing — is [`Unsupported`]: the caller loads the book again.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use exambook_core::incremental::LiveBook;
//!
//! let mut live = LiveBook::new(exambook_core::load(std::path::Path::new("book"))?);
//! let text = std::fs::read_to_string("book/src/index.md")?;
//! let update = live.update(vec![("index.md".into(), text)])?;
//! println!("render pages {:?} again", update.pages);
//! # Ok(())
//! # }
//! ```
//!
//! Design decisions:
//! - Diagnostics stay one list, as [`load`] returns them. An update removes what the changed
//!   pages produced before — kept from their previous update, or found by running the same steps
//!   on their previous text, which gives the same diagnostics — and adds what they produce now.
//!   Diagnostics of other origins (duplicate output paths, unlisted files) are left alone without
//!   `load` having to label them; the exam model's are replaced the same way.
//! - A changed page's new text is appended to the source map under a new file id (the map cannot
//!   replace a file, and rebuilding it costs more than the rest of an update), so older ids stay
//!   valid for the diagnostics that still point into them. [`LiveBook::stale_sources`] counts the
//!   texts that piled up this way; load again when it grows.
//! - Pages using `{{#include}}` are not updated in place: an included file is added to the source
//!   map each time it is resolved, so its diagnostics could not be matched.
//!
//! [`load`]: crate::load

use std::collections::{BTreeSet, HashMap};

use exambook_syntax::ast::{Document, InlineKind};
use exambook_syntax::{Diagnostic, FileId, ParseOptions, parse_with};

use crate::book::{Book, HeadingInfo, Page, TocEntry};
use crate::links::{self, Links};
use crate::load::{Loaded, PageSource, exam_span, settle_page};
use exambook_syntax::walk;
use rayon::prelude::*;

/// What marks an include directive; a page whose text holds it is not updated in place.
const INCLUDE: &str = "{{#";

/// A loaded book that follows edits of its pages. See the [module docs](self).
#[derive(Debug)]
pub struct LiveBook {
    book: Book,
    diagnostics: Vec<Diagnostic>,
    /// Every id of every page (what links to `page.md#id` are checked against).
    ids: Vec<BTreeSet<String>>,
    /// The SUMMARY.md link text of every page (one input of its title).
    summary_titles: Vec<String>,
    by_source: HashMap<String, usize>,
    /// What links are checked against.
    links: Links,
    /// The exam model's diagnostics, once computed.
    exam_diagnostics: Option<Vec<Diagnostic>>,
    /// What each page updated so far produced (parse, ids, links): what its next update
    /// removes.
    produced: HashMap<usize, Vec<Diagnostic>>,
    /// The id the next added source file gets.
    next_file: u32,
    /// Ids of appended page texts → the page's first id (diagnostics sort in reading order).
    first_id: HashMap<FileId, FileId>,
    /// The read stage's diagnostics of the load (the table of contents, unreadable pages):
    /// listed first, as [`crate::load`] lists them. A page edit never changes them.
    read_stage: Vec<Diagnostic>,
}

/// What an update changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// Pages whose text changed (render them again), in order.
    pub pages: Vec<usize>,
    /// Pages among them whose title changed: their neighbours show it in their links.
    pub retitled: Vec<usize>,
    /// Front matter or the exam model changed: what every page shares (navigation weights,
    /// generated pages) may have changed too, so render everything.
    pub site: bool,
}

/// Why an update could not be made in place; load the book again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unsupported {
    /// The file is not a page of the book.
    #[error("`{0}` is not a page of the book")]
    NotAPage(String),
    /// The page uses (or used) `{{#include}}`.
    #[error("`{0}` uses includes")]
    Includes(String),
}

/// One run of a page's own loading steps.
struct Prepared {
    doc: Document,
    headings: Vec<HeadingInfo>,
    ids: BTreeSet<String>,
    title: String,
    diagnostics: Vec<Diagnostic>,
}

impl LiveBook {
    /// Keeps a freshly loaded book.
    pub fn new(loaded: Loaded) -> LiveBook {
        let Loaded {
            book,
            diagnostics,
            read_stage,
            ..
        } = loaded;
        let read_stage = diagnostics.get(..read_stage).unwrap_or_default().to_vec();
        let ids = book.pages.iter().map(page_ids).collect();
        let mut summary_titles = vec![String::new(); book.pages.len()];
        summary_title_walk(
            &book.toc,
            &mut summary_titles,
            &mut vec![false; book.pages.len()],
        );
        let by_source = book
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source_path.clone(), i))
            .collect();
        let links = Links::new(
            &book.pages,
            &book.assets,
            &book.config,
            book.root.join(&book.config.book.src),
        );
        let mut next_file = 0;
        while book.sources.get(FileId(next_file)).is_some() {
            next_file += 1;
        }
        LiveBook {
            book,
            diagnostics,
            ids,
            summary_titles,
            by_source,
            links,
            exam_diagnostics: None,
            produced: HashMap::new(),
            next_file,
            first_id: HashMap::new(),
            read_stage,
        }
    }

    /// The book as it is now.
    pub fn book(&self) -> &Book {
        &self.book
    }

    /// Every diagnostic of the book as it is now, as [`crate::load`] would report them.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Takes the book and its diagnostics back.
    pub fn into_loaded(self) -> Loaded {
        let read_stage = self
            .diagnostics
            .iter()
            .take_while(|d| self.read_stage.contains(d))
            .count();
        Loaded {
            book: self.book,
            diagnostics: self.diagnostics,
            read_stage,
            parse_time: std::time::Duration::ZERO,
        }
    }

    /// The page whose source is `source_path` (relative to the source folder, `/` separators).
    pub fn page(&self, source_path: &str) -> Option<usize> {
        self.by_source.get(source_path).copied()
    }

    /// How many superseded page texts the source map holds.
    pub fn stale_sources(&self) -> usize {
        self.first_id.len()
    }

    /// Applies new texts of pages, given by source path. Texts equal to the current ones are
    /// skipped. On `Err` nothing was changed.
    pub fn update(&mut self, edits: Vec<(String, String)>) -> Result<Update, Unsupported> {
        // Checks first: nothing changes unless the whole update can be made.
        let mut edited: Vec<(usize, String)> = Vec::new();
        for (path, text) in edits {
            // As a full load reads it: NUL bytes become U+FFFD before parsing.
            let text = crate::load::replace_nul(text);
            let index = self
                .page(&path)
                .ok_or_else(|| Unsupported::NotAPage(path.clone()))?;
            let old = self.text(index);
            if old == text {
                continue;
            }
            if old.contains(INCLUDE) || text.contains(INCLUDE) {
                return Err(Unsupported::Includes(path));
            }
            edited.retain(|(i, _)| *i != index);
            edited.push((index, text));
        }
        edited.sort_by_key(|(i, _)| *i);
        if edited.is_empty() {
            return Ok(Update::default());
        }

        let new_files: Vec<FileId> = (0..edited.len())
            .map(|k| FileId(self.next_file + u32::try_from(k).unwrap_or(u32::MAX)))
            .collect();
        // In parallel: a batch (a branch switch, a search and replace) can touch many pages.
        let fresh: Vec<Prepared> = edited
            .par_iter()
            .zip(&new_files)
            .map(|((i, text), file)| self.prepare(*i, text, *file))
            .collect();

        // Pages linking to an anchor that appeared or went away are checked again.
        let moved: Vec<usize> = edited
            .iter()
            .zip(&fresh)
            .filter(|((i, _), p)| self.ids.get(*i) != Some(&p.ids))
            .map(|((i, _), _)| *i)
            .collect();
        let linkers: Vec<usize> = links::linking_to(&self.book.pages, &moved)
            .into_iter()
            .filter(|q| !edited.iter().any(|(i, _)| i == q))
            .collect();
        for &q in &linkers {
            if self.text(q).contains(INCLUDE) {
                let path = self.book.pages.get(q).map(|p| p.source_path.clone());
                return Err(Unsupported::Includes(path.unwrap_or_default()));
            }
        }
        let affected: Vec<usize> = {
            let mut a: Vec<usize> = edited.iter().map(|(i, _)| *i).chain(linkers).collect();
            a.sort_unstable();
            a
        };

        // What the affected pages produced until now: known from their last update, else the
        // same steps on the same inputs.
        let mut before: Vec<Diagnostic> = Vec::new();
        // A page's own steps report only into its own file: a page with no diagnostic there
        // produced none, and its old text need not be looked at again.
        let reported: std::collections::HashSet<FileId> =
            self.diagnostics.iter().map(|d| d.span.file).collect();
        let unknown: Vec<usize> = affected
            .iter()
            .copied()
            .filter(|a| match self.produced.get(a) {
                Some(known) => {
                    before.extend(known.iter().cloned());
                    false
                }
                None => self
                    .book
                    .pages
                    .get(*a)
                    .is_some_and(|p| reported.contains(&p.file)),
            })
            .collect();
        // The first update of many pages re-runs their steps on the old texts: in parallel.
        let redone: Vec<(usize, Prepared)> = unknown
            .par_iter()
            .map(|&a| {
                let file = self.book.pages.get(a).map(|p| p.file).unwrap_or_default();
                (a, self.prepare(a, self.text(a), file))
            })
            .collect();
        let mut old_docs = Vec::with_capacity(redone.len());
        for (a, p) in redone {
            before.extend(p.diagnostics);
            old_docs.push((a, p.doc));
        }
        if !old_docs.is_empty() {
            before.extend(self.link(&mut old_docs));
        }
        if self.book.config.exam.is_some() && self.exam_diagnostics.is_none() {
            let mut found = Vec::new();
            let _ = self.exam(&mut found);
            self.exam_diagnostics = Some(found);
        }

        // Commit the new texts.
        let mut update = Update::default();
        let mut produced: HashMap<usize, Vec<Diagnostic>> = HashMap::new();
        let mut new_docs = Vec::new();
        for (((index, text), file), prepared) in edited.into_iter().zip(new_files).zip(fresh) {
            let Some(page) = self.book.pages.get(index) else {
                continue;
            };
            if front_matter_text(&page.doc, self.text(index))
                != front_matter_text(&prepared.doc, &text)
            {
                update.site = true;
            }
            if page.title != prepared.title {
                update.retitled.push(index);
            }
            let old_file = page.file;
            let path = self
                .book
                .sources
                .get(old_file)
                .map(|f| f.path.clone())
                .unwrap_or_default();
            let added = self.book.sources.add(path, text);
            // Spans of the new document carry `file`, which is what `add` gives.
            debug_assert_eq!(added, file);
            self.next_file += 1;
            let first = self.first_id.get(&old_file).copied().unwrap_or(old_file);
            self.first_id.insert(added, first);
            if let Some(ids) = self.ids.get_mut(index) {
                *ids = prepared.ids;
            }
            if let Some(page) = self.book.pages.get_mut(index) {
                page.file = added;
                page.title = prepared.title;
                page.headings = prepared.headings;
            }
            produced.insert(index, prepared.diagnostics);
            new_docs.push((index, prepared.doc));
            update.pages.push(index);
        }
        for &a in &affected {
            if update.pages.contains(&a) {
                continue;
            }
            let file = self.book.pages.get(a).map(|p| p.file).unwrap_or_default();
            let text = self.text(a).to_owned();
            let p = self.prepare(a, &text, file);
            produced.insert(a, p.diagnostics);
            new_docs.push((a, p.doc));
        }
        let link_diagnostics = self.link(&mut new_docs);
        let docs = new_docs;
        // Link problems are on the linking page (pages with includes are not updated here).
        let by_file: HashMap<FileId, usize> = affected
            .iter()
            .filter_map(|&a| Some((self.book.pages.get(a)?.file, a)))
            .collect();
        for d in link_diagnostics {
            let page = by_file.get(&d.span.file).copied().unwrap_or(usize::MAX);
            produced.entry(page).or_default().push(d);
        }
        let mut after: Vec<Diagnostic> = produced.values().flatten().cloned().collect();
        self.produced.extend(produced);
        for (a, doc) in docs {
            if let Some(page) = self.book.pages.get_mut(a) {
                page.doc = doc;
            }
        }

        if self.book.config.exam.is_some() {
            let mut found = Vec::new();
            let exam = self.exam(&mut found);
            if exam != self.book.exam {
                update.site = true;
                self.book.exam = exam;
            }
            before.extend(
                self.exam_diagnostics
                    .replace(found.clone())
                    .unwrap_or_default(),
            );
            after.extend(found);
        }

        remove_each(&mut self.diagnostics, &before);
        self.diagnostics.extend(after);
        let (first_id, read_stage) = (&self.first_id, &self.read_stage);
        self.diagnostics.sort_by_cached_key(|d| {
            (
                !read_stage.contains(d),
                first_id.get(&d.span.file).copied().unwrap_or(d.span.file),
                d.span.start,
            )
        });
        Ok(update)
    }

    /// The current text of page `index`.
    fn text(&self, index: usize) -> &str {
        self.book
            .pages
            .get(index)
            .and_then(|p| self.book.sources.get(p.file))
            .map_or("", |f| f.text.as_str())
    }

    /// A page's own loading steps, as in [`crate::load`]: parse, allocate ids, pick the title.
    fn prepare(&self, index: usize, text: &str, file: FileId) -> Prepared {
        let (doc, mut diagnostics) = parse_with(
            text,
            &ParseOptions {
                file,
                ..ParseOptions::default()
            },
        );
        let source = PageSource {
            file,
            source_path: self
                .book
                .pages
                .get(index)
                .map(|p| p.source_path.clone())
                .unwrap_or_default(),
            summary_title: self.summary_titles.get(index).cloned().unwrap_or_default(),
        };
        let (page, ids) = settle_page(source, doc, &mut diagnostics);
        Prepared {
            doc: page.doc,
            headings: page.headings,
            ids,
            title: page.title,
            diagnostics,
        }
    }

    /// Checks the links of the given documents (by page index) against the whole book.
    fn link(&self, docs: &mut [(usize, Document)]) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for (index, doc) in docs {
            let dir = self.book.pages.get(*index).map_or("", |p| p.dir());
            self.links
                .resolve(*index, dir, doc, &self.ids, &mut diagnostics);
        }
        diagnostics
    }

    /// Builds the exam model of the book as it is (the book has an `[exam]`).
    fn exam(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<crate::exam::Exam> {
        let config = self.book.config.exam.as_ref()?;
        let span = exam_span(&self.book.sources);
        Some(crate::exam::build(
            config,
            &self.book.pages,
            &self.book.sources,
            span,
            true,
            diagnostics,
        ))
    }
}

/// Every id on a resolved page: what [`crate::ids::allocate`] reserved and generated.
fn page_ids(page: &Page) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = page.headings.iter().map(|h| h.id.clone()).collect();
    walk::blocks(&page.doc.blocks, &mut |block| {
        if let exambook_syntax::ast::BlockKind::Html(html) = &block.kind {
            ids.extend(html.anchors.iter().cloned());
        }
    });
    walk::inlines(&page.doc.blocks, &mut |inline| {
        if let InlineKind::Anchor(a) = &inline.kind {
            ids.insert(a.id.clone());
        }
    });
    ids
}

/// The SUMMARY.md link text of each page: the first chapter entry that points at it.
fn summary_title_walk(entries: &[TocEntry], titles: &mut [String], seen: &mut [bool]) {
    for entry in entries {
        if let TocEntry::Chapter {
            title,
            page,
            children,
        } = entry
        {
            if let Some(p) = *page
                && let (Some(slot), Some(done)) = (titles.get_mut(p), seen.get_mut(p))
                && !*done
            {
                *slot = title.clone();
                *done = true;
            }
            summary_title_walk(children, titles, seen);
        }
    }
}

/// The front matter's source text (`None` without one).
fn front_matter_text<'t>(doc: &Document, text: &'t str) -> Option<&'t str> {
    let span = doc.front_matter.as_ref()?.span;
    text.get(span.start as usize..span.end as usize)
}

/// Removes one occurrence of each of `gone` from `list`.
fn remove_each(list: &mut Vec<Diagnostic>, gone: &[Diagnostic]) {
    let mut taken = vec![false; gone.len()];
    list.retain(|d| {
        let hit = gone
            .iter()
            .zip(taken.iter_mut())
            .find(|(g, t)| !**t && *g == d);
        match hit {
            Some((_, t)) => {
                *t = true;
                false
            }
            None => true,
        }
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    struct TempBook(PathBuf);

    impl Drop for TempBook {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const BOOK_TOML: &str = "[book]\ntitle = \"T\"\n\n[exam]\ncode = \"X-1\"\nname = \"X\"\nquestions = 4\n\n[[exam.topics]]\nid = \"1\"\ntitle = \"One\"\n";

    fn book(name: &str, pages: &[(&str, &str)]) -> TempBook {
        let dir = std::env::temp_dir().join(format!(
            "exambook-incremental-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("book.toml"), BOOK_TOML).unwrap();
        let mut summary = String::from("# Summary\n\n");
        for (path, _) in pages {
            summary.push_str(&format!("- [{path} link]({path})\n"));
        }
        std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
        for (path, text) in pages {
            let full = dir.join("src").join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        TempBook(dir)
    }

    /// A document's debug form without file ids (an updated page's text has a new id).
    fn shape(doc: &Document) -> String {
        let text = format!("{doc:?}");
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find("FileId(") {
            out.push_str(&rest[..at + 7]);
            rest = rest[at + 7..].trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        out
    }

    fn described(book: &Book, diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} {:?} {} {:?}",
                    book.sources.location(d.span),
                    d.severity,
                    d.message,
                    d.hints
                )
            })
            .collect()
    }

    /// Asserts that the live book is what a fresh load of the folder gives.
    fn same_as_fresh(live: &LiveBook, root: &Path) {
        let fresh = crate::load(root).unwrap();
        let (a, b) = (live.book(), &fresh.book);
        assert_eq!(a.pages.len(), b.pages.len());
        for (p, q) in a.pages.iter().zip(&b.pages) {
            assert_eq!(p.title, q.title);
            assert_eq!(p.headings, q.headings);
            assert_eq!(p.breadcrumbs, q.breadcrumbs);
            assert_eq!(shape(&p.doc), shape(&q.doc), "{}", p.source_path);
        }
        assert_eq!(a.exam, b.exam);
        let mut mine = described(a, live.diagnostics());
        let mut theirs = described(b, &fresh.diagnostics);
        // Same order, as the terminal and the overlay print them.
        assert_eq!(mine, theirs);
        mine.sort();
        theirs.sort();
        assert_eq!(mine, theirs);
    }

    const ONE: &str = "+++\nobjective = \"1.1\"\nweight = 3\nknowledge = [\"a\"]\ncited = [\"virsh\"]\n+++\n\n# One\n\nUse `virsh list` here. See [two](two.md#second) and [the top](#one).\n\n## Later\n";
    const TWO: &str = "# Two\n\n## Second\n\nBack [home](one.md#later).\n";
    const THREE: &str = "# Three\n\nA [link](sub/four.md) and a paragraph.\n";
    const FOUR: &str = "# Four\n\nText.\n";

    fn fixture(name: &str) -> (TempBook, LiveBook) {
        let dir = book(
            name,
            &[
                ("one.md", ONE),
                ("two.md", TWO),
                ("three.md", THREE),
                ("sub/four.md", FOUR),
            ],
        );
        let live = LiveBook::new(crate::load(&dir.0).unwrap());
        (dir, live)
    }

    fn edit(dir: &TempBook, live: &mut LiveBook, path: &str, text: &str) -> Update {
        std::fs::write(dir.0.join("src").join(path), text).unwrap();
        let update = live.update(vec![(path.into(), text.into())]).unwrap();
        same_as_fresh(live, &dir.0);
        update
    }

    #[test]
    fn a_paragraph_edit_touches_one_page() {
        let (dir, mut live) = fixture("paragraph");
        same_as_fresh(&live, &dir.0);
        let update = edit(
            &dir,
            &mut live,
            "three.md",
            "# Three\n\nA [link](sub/four.md) and another paragraph.\n\nMore.\n",
        );
        assert_eq!(update.pages, vec![2]);
        assert!(update.retitled.is_empty());
        assert!(!update.site);
        // The same text again changes nothing.
        let again = live
            .update(vec![(
                "three.md".into(),
                std::fs::read_to_string(dir.0.join("src/three.md")).unwrap(),
            )])
            .unwrap();
        assert_eq!(again, Update::default());
    }

    #[test]
    fn broken_and_fixed_pages_bring_and_clear_their_diagnostics() {
        let (dir, mut live) = fixture("broken");
        let clean = live.diagnostics().to_vec();
        edit(
            &dir,
            &mut live,
            "sub/four.md",
            "# Four\n\n:::note\nunclosed\n\n[gone](nowhere.md)\n",
        );
        assert!(live.diagnostics().len() > clean.len());
        assert!(live.diagnostics().iter().any(Diagnostic::is_error));
        edit(&dir, &mut live, "sub/four.md", FOUR);
        assert_eq!(
            described(live.book(), live.diagnostics()),
            described(live.book(), &clean)
        );
    }

    #[test]
    fn anchors_that_go_away_break_links_on_other_pages() {
        let (dir, mut live) = fixture("anchors");
        // `one.md` links to `two.md#second`; renaming the heading breaks that link.
        let update = edit(
            &dir,
            &mut live,
            "two.md",
            "# Two\n\n## Renamed\n\nBack [home](one.md#later).\n",
        );
        assert_eq!(update.pages, vec![1]);
        assert!(
            live.diagnostics()
                .iter()
                .any(|d| d.message.contains("#second"))
        );
        edit(&dir, &mut live, "two.md", TWO);
        assert!(
            !live
                .diagnostics()
                .iter()
                .any(|d| d.message.contains("#second"))
        );
    }

    #[test]
    fn titles_front_matter_and_the_exam_model_are_followed() {
        let (dir, mut live) = fixture("titles");
        // No front matter title and a SUMMARY title: the heading does not change the title.
        let update = edit(
            &dir,
            &mut live,
            "four.md".replace("four", "sub/four").as_str(),
            "# Renamed\n\nText.\n",
        );
        assert!(update.retitled.is_empty());
        let update = edit(
            &dir,
            &mut live,
            "one.md",
            &ONE.replace("weight = 3", "weight = 4\ntitle = \"First\""),
        );
        assert_eq!(update.retitled, vec![0]);
        assert!(update.site);
        // A cited object that the body no longer mentions is reported by the exam model.
        edit(
            &dir,
            &mut live,
            "one.md",
            &ONE.replace("`virsh list`", "it"),
        );
        assert!(
            live.diagnostics()
                .iter()
                .any(|d| d.message.contains("never mentioned"))
        );
        assert!(live.stale_sources() >= 3);
    }

    #[test]
    fn what_is_not_local_to_pages_is_refused_untouched() {
        let (_dir, mut live) = fixture("refused");
        let before = described(live.book(), live.diagnostics());
        assert_eq!(
            live.update(vec![("SUMMARY.md".into(), String::new())]),
            Err(Unsupported::NotAPage("SUMMARY.md".into()))
        );
        assert_eq!(
            live.update(vec![
                ("three.md".into(), "# Changed\n".into()),
                ("two.md".into(), "{{#include x.md}}\n".into())
            ]),
            Err(Unsupported::Includes("two.md".into()))
        );
        assert_eq!(described(live.book(), live.diagnostics()), before);
        assert_eq!(live.stale_sources(), 0);
    }
}

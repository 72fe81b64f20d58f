//! How much of a book a catalog translates, per page and overall.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::extract::Unit;
use super::po::{Catalog, State};
use crate::book::Book;

/// Counts of distinct messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Translated and not fuzzy (what a build shows).
    pub translated: usize,
    /// Translated but marked fuzzy (shown in the source language until reviewed).
    pub fuzzy: usize,
    /// Not translated, or missing from the catalog.
    pub untranslated: usize,
}

impl Counts {
    /// Every message counted.
    pub fn total(&self) -> usize {
        self.translated + self.fuzzy + self.untranslated
    }

    /// The translated share in percent (100 for nothing to translate), rounded down so that
    /// 100 means complete.
    pub fn percent(&self) -> usize {
        match self.total() {
            0 => 100,
            t => self.translated * 100 / t,
        }
    }

    fn add(&mut self, state: State) {
        match state {
            State::Translated => self.translated += 1,
            State::Fuzzy => self.fuzzy += 1,
            State::Untranslated => self.untranslated += 1,
        }
    }
}

/// One page's counts (or those of `book.toml` and `SUMMARY.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageCounts {
    /// The page's file, relative to the book folder (`src/351/351.3-qemu.md`), or the file
    /// of book-wide texts (`book.toml`, `src/SUMMARY.md`).
    pub page: String,
    /// Its messages (distinct texts on that page).
    #[serde(flatten)]
    pub counts: Counts,
}

/// A catalog's coverage of a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Distinct messages of the whole book.
    pub overall: Counts,
    /// Book-wide texts first, then pages in reading order.
    pub pages: Vec<PageCounts>,
}

/// How much of `units` (of `book`) `catalog` translates. A text counts once per page and
/// once overall however often it appears; a text the catalog lacks is untranslated; obsolete
/// entries and entries with a `msgctxt` are not looked at.
pub fn coverage(book: &Book, units: &[Unit], catalog: &Catalog) -> Coverage {
    let states: HashMap<&str, State> = catalog
        .messages
        .iter()
        .filter(|m| !m.obsolete && m.msgctxt.is_none())
        .map(|m| (m.msgid.as_str(), m.state()))
        .collect();
    let state = |id: &str| states.get(id).copied().unwrap_or(State::Untranslated);
    let mut overall = Counts::default();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut pages: Vec<PageCounts> = Vec::new();
    let mut slot: HashMap<String, (usize, HashSet<&str>)> = HashMap::new();
    for u in units {
        if seen.insert(&u.msgid) {
            overall.add(state(&u.msgid));
        }
        // A page by its file (`src/351/351.3-qemu.md`), like the references.
        let name = match u.page.and_then(|i| book.pages.get(i)) {
            Some(p) => book.sources.get(p.file).map_or_else(
                || p.source_path.clone(),
                |f| super::extract::slash_path(&f.path),
            ),
            None => u.file.clone(),
        };
        let (i, ids) = slot.entry(name.clone()).or_insert_with(|| {
            pages.push(PageCounts {
                page: name,
                counts: Counts::default(),
            });
            (pages.len() - 1, HashSet::new())
        });
        if ids.insert(&u.msgid) {
            pages[*i].counts.add(state(&u.msgid));
        }
    }
    Coverage { overall, pages }
}

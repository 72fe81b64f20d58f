//! The `search` renderer: a full-text index of the book, built at build time and shipped as
//! static script files that the theme's `static/search.js` loads with `<script>` tags (so it
//! works from `file://`, where `fetch` of a data file does not, under any base path, offline).
//!
//! What is indexed is one *section* per heading (the text before the first heading is a section
//! too), cut by [`exambook_core::exam::sections`], the same cut the exam model looks for mentions
//! in. Terms come from [`tokenize`]: code as written (`qemu-img`, `--privileged`,
//! `/etc/libvirt/qemu.conf`) and stemmed, folded words.
//!
//! Files (all under `search/`, paths relative to the site root):
//!
//! - `search/index.js`: the manifest: language, section count, and every shard key with a short
//!   hash of its contents (the browser asks for `t/KEY.js?v=HASH`, so a rebuilt shard is never
//!   read from a stale cache).
//! - `search/t/KEY.js`: the terms whose first two characters make `KEY` ([`tokenize::shard_key`]),
//!   each with its postings (section id and weight, packed in one delta-coded number, or a
//!   bitmap for terms in many sections: see [`encode_postings`]), and the forms as written
//!   that lead to a term (`virtualized` → `virtual`). A query loads only the shards of its
//!   words' first two characters.
//! - `search/d/N.js`: sections `N*64 .. N*64+63`: page URL, page title, objective id, anchor,
//!   heading and a short excerpt for the result list, loaded only for results shown.
//!
//! Ranking is made here, as weights in the postings: a term in the page title counts
//! [`TITLE`], in the section's heading [`HEADING`], in the body once per occurrence up to
//! [`BODY_CAP`]; the objects an objective cites (front matter: files, terms, utilities) add
//! [`CITED_FIRST`] to the first section that mentions them (the citing objective's page comes
//! first, see [`exambook_core::exam::IndexEntry::places`]) and [`CITED`] to the others.
//!
//! [`Index`] keeps each page's terms apart, so `serve` recomputes only edited pages
//! ([`Index::update`]) and rewrites only the shards whose bytes changed.

pub mod tokenize;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use exambook_core::exam::{command_name, sections};
use exambook_core::{Book, Page};
use exambook_syntax::ast::CitedKind;
use rayon::prelude::*;

use crate::html::OutputFile;
use tokenize::{Language, Token, shard_key, tokens};

/// Weight of a term of the page title, on the page's first section.
pub const TITLE: u32 = 24;
/// Weight of a term of a section's heading.
pub const HEADING: u32 = 16;
/// Most weight body occurrences of one term give a section.
pub const BODY_CAP: u32 = 8;
/// Added to the first section mentioning a cited object, for the object's terms.
pub const CITED_FIRST: u32 = 40;
/// Added to the other sections mentioning a cited object (the exam index lists up to 8).
pub const CITED: u32 = 12;
/// The weights a posting can carry: a weight is stored as the index of the largest level not
/// above it, together with the distance to the previous posting's section, as one number
/// (`delta * 16 + level`), which halves the postings' bytes. The manifest ships the table.
pub const LEVELS: [u32; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 16, 22, 30, 42, 58, 80];

/// The level of weight `w` (see [`LEVELS`]); at least 1.
pub fn level(w: u32) -> usize {
    LEVELS.partition_point(|&l| l <= w).clamp(2, LEVELS.len()) - 1
}

/// Sections per `d/N.js` file.
pub const DOC_CHUNK: usize = 64;
/// Characters of a section's text kept for its result snippet.
pub const EXCERPT_CHARS: usize = 100;
/// The folder of the index in the site.
pub const DIR: &str = "search";

/// The search index of a book: every page's sections and terms.
#[derive(Debug, Clone, Default)]
pub struct Index {
    lang: String,
    pages: Vec<PageTerms>,
}

/// One page's part of the index.
#[derive(Debug, Clone, Default, PartialEq)]
struct PageTerms {
    sections: Vec<SectionTerms>,
    /// Every form that is not its term → the term.
    forms: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct SectionTerms {
    /// The heading's id (`None`: the page's top).
    anchor: Option<String>,
    /// The heading's text (empty for the page's top).
    heading: String,
    excerpt: String,
    /// Term → weight.
    terms: BTreeMap<String, u32>,
}

impl Index {
    /// Indexes every page of `book` (in parallel).
    pub fn build(book: &Book) -> Index {
        let lang = Language::new(&book.config.book.language);
        let pages = book
            .pages
            .par_iter()
            .map(|p| page_terms(p, &lang))
            .collect();
        Index {
            lang: lang.code.to_owned(),
            pages,
        }
    }

    /// Indexes `pages` of `book` again (after an edit); `book` has the same pages as when the
    /// index was built, or everything is indexed again.
    pub fn update(&mut self, book: &Book, pages: &BTreeSet<usize>) {
        let lang = Language::new(&book.config.book.language);
        if self.pages.len() != book.pages.len() || self.lang != lang.code {
            *self = Index::build(book);
            return;
        }
        let fresh: Vec<(usize, PageTerms)> = pages
            .par_iter()
            .filter_map(|&i| book.pages.get(i).map(|p| (i, page_terms(p, &lang))))
            .collect();
        for (i, terms) in fresh {
            if let Some(slot) = self.pages.get_mut(i) {
                *slot = terms;
            }
        }
    }

    /// Section `id` (global, in reading order); `first` holds each page's first id.
    fn section(&self, first: &[usize], id: usize) -> Option<&SectionTerms> {
        let page = first.partition_point(|&f| f <= id).checked_sub(1)?;
        self.pages.get(page)?.sections.get(id - first.get(page)?)
    }

    /// The index's files (paths under [`DIR`]), sorted by path. Cited-object boosts come from
    /// `book`'s exam model as it is now.
    pub fn files(&self, book: &Book) -> Vec<OutputFile> {
        // Global section ids, in reading order.
        let mut first = Vec::with_capacity(self.pages.len());
        let mut count = 0usize;
        for p in &self.pages {
            first.push(count);
            count += p.sections.len();
        }
        let section_of = |page: usize, anchor: &Option<String>| -> Option<usize> {
            let p = self.pages.get(page)?;
            let i = p.sections.iter().position(|s| &s.anchor == anchor)?;
            Some(first.get(page)? + i)
        };

        // Cited objects: extra weight on the sections that mention them, most on the one that
        // explains them: the first whose heading names them, else the first that mentions them.
        let lang = Language::new(&book.config.book.language);
        let mut boosts: HashMap<usize, BTreeMap<String, u32>> = HashMap::new();
        if let Some(exam) = &book.exam {
            for entry in &exam.index {
                let name = match entry.kind {
                    CitedKind::Utility => command_name(&entry.name),
                    _ => entry.name.as_str(),
                };
                let mut names = BTreeSet::new();
                tokens(name, &lang, |t| {
                    names.insert(t.term);
                });
                let places: Vec<usize> = entry
                    .places
                    .iter()
                    .filter_map(|(page, anchor)| section_of(*page, anchor))
                    .collect();
                let names_it = |id: &usize| {
                    self.section(&first, *id).is_some_and(|s| {
                        let mut heading = BTreeSet::new();
                        tokens(&s.heading, &lang, |t| {
                            heading.insert(t.term);
                        });
                        !names.is_empty() && names.is_subset(&heading)
                    })
                };
                let best = places
                    .iter()
                    .copied()
                    .find(names_it)
                    .or(places.first().copied());
                for id in places {
                    let add = if Some(id) == best { CITED_FIRST } else { CITED };
                    let section = boosts.entry(id).or_default();
                    for term in &names {
                        let w = section.entry(term.clone()).or_default();
                        *w = (*w).max(add);
                    }
                }
            }
        }

        // Postings and forms by shard.
        #[derive(Default)]
        struct Shard<'a> {
            terms: BTreeMap<&'a str, Vec<(usize, u32)>>,
            forms: BTreeMap<&'a str, &'a str>,
        }
        let mut shards: BTreeMap<String, Shard<'_>> = BTreeMap::new();
        for (p, page) in self.pages.iter().enumerate() {
            let base = first.get(p).copied().unwrap_or(0);
            for (i, s) in page.sections.iter().enumerate() {
                let id = base + i;
                let mut boost = boosts.get_mut(&id);
                for (term, w) in &s.terms {
                    let extra = boost
                        .as_mut()
                        .and_then(|b| b.remove(term.as_str()))
                        .unwrap_or(0);
                    shards
                        .entry(shard_key(term))
                        .or_default()
                        .terms
                        .entry(term)
                        .or_default()
                        .push((id, w + extra));
                }
            }
            for (form, term) in &page.forms {
                shards
                    .entry(shard_key(form))
                    .or_default()
                    .forms
                    .insert(form, term);
            }
        }
        // A cited name's term that a mentioning section does not hold as a term of its own (a
        // name mentioned only inside a longer code chunk) still leads there.
        let mut rest: Vec<(usize, &String, u32)> = boosts
            .iter()
            .flat_map(|(id, terms)| terms.iter().map(move |(t, w)| (*id, t, *w)))
            .collect();
        rest.sort();
        for (id, term, w) in rest {
            let list = shards
                .entry(shard_key(term))
                .or_default()
                .terms
                .entry(term)
                .or_default();
            list.push((id, w));
            list.sort_unstable();
        }

        let mut files = Vec::new();
        let mut manifest_keys = String::new();
        for (key, shard) in &shards {
            let mut js = String::with_capacity(1024);
            js.push_str("exambookSearch.shard(");
            js.push_str(&json(key));
            js.push_str(",{");
            for (n, (term, postings)) in shard.terms.iter().enumerate() {
                if n > 0 {
                    js.push(',');
                }
                js.push_str(&json(term));
                js.push(':');
                js.push_str(&encode_postings(postings, count));
            }
            js.push_str("},{");
            for (n, (form, term)) in shard.forms.iter().enumerate() {
                if n > 0 {
                    js.push(',');
                }
                js.push_str(&json(form));
                js.push(':');
                js.push_str(&json(term));
            }
            js.push_str("});\n");
            if !manifest_keys.is_empty() {
                manifest_keys.push(',');
            }
            let _ = write!(
                manifest_keys,
                "{}:\"{}\"",
                json(key),
                short_hash(js.as_bytes())
            );
            files.push(OutputFile {
                path: format!("{DIR}/t/{key}.js"),
                contents: js.into_bytes(),
            });
        }

        // Sections for the result list, in chunks.
        let all: Vec<(usize, &SectionTerms)> = self
            .pages
            .iter()
            .enumerate()
            .flat_map(|(p, page)| page.sections.iter().map(move |s| (p, s)))
            .collect();
        let mut chunks = 0usize;
        for (n, chunk) in all.chunks(DOC_CHUNK).enumerate() {
            chunks += 1;
            let mut pages: Vec<usize> = Vec::new();
            let mut js = String::from("exambookSearch.docs(");
            let _ = write!(js, "{n},[");
            let mut rows = String::new();
            for (k, (p, s)) in chunk.iter().enumerate() {
                let local = match pages.iter().position(|x| x == p) {
                    Some(i) => i,
                    None => {
                        pages.push(*p);
                        pages.len() - 1
                    }
                };
                if k > 0 {
                    rows.push(',');
                }
                let _ = write!(
                    rows,
                    "[{local},{},{},{}]",
                    json(s.anchor.as_deref().unwrap_or("")),
                    json(&s.heading),
                    json(&s.excerpt)
                );
            }
            for (k, p) in pages.iter().enumerate() {
                if k > 0 {
                    js.push(',');
                }
                let (url, title, objective) = match book.pages.get(*p) {
                    Some(page) => (
                        crate::html::page_url(page),
                        page.title.as_str(),
                        page.meta()
                            .objective
                            .as_ref()
                            .map_or("", |o| o.value.as_str()),
                    ),
                    None => (String::new(), "", ""),
                };
                let _ = write!(js, "[{},{},{}]", json(&url), json(title), json(objective));
            }
            js.push_str("],[");
            js.push_str(&rows);
            js.push_str("]);\n");
            files.push(OutputFile {
                path: format!("{DIR}/d/{n}.js"),
                contents: js.into_bytes(),
            });
        }
        let docs_hash = {
            let mut h = Vec::new();
            for f in files.iter().filter(|f| f.path.starts_with("search/d/")) {
                h.extend_from_slice(&f.contents);
            }
            short_hash(&h)
        };
        let manifest = format!(
            "exambookSearch.init({{\"lang\":{},\"sections\":{count},\"chunk\":{DOC_CHUNK},\"chunks\":{chunks},\"levels\":{levels:?},\"docs\":\"{docs_hash}\",\"keys\":{{{manifest_keys}}}}});\n",
            json(&self.lang),
            levels = LEVELS,
        );
        files.push(OutputFile {
            path: format!("{DIR}/index.js"),
            contents: manifest.into_bytes(),
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// One term's postings (section id, weight; sorted by id) as a JavaScript array, the shorter of
/// two forms:
///
/// - sparse: one number a posting, `(id - previous id) * 16 + level` ([`LEVELS`]);
/// - dense, for terms in many of the `sections`: a string first, a bitmap of the sections in
///   base64 (character `i` holds sections `6i .. 6i+5`, the lowest bit first) meaning weight 1,
///   then the sparse form of the postings whose level is not 1.
fn encode_postings(postings: &[(usize, u32)], sections: usize) -> String {
    fn sparse<'a>(postings: impl Iterator<Item = &'a (usize, u32)>, out: &mut String) {
        let mut last = 0usize;
        for (id, w) in postings {
            if !out.ends_with('[') {
                out.push(',');
            }
            let _ = write!(out, "{}", (id - last) * LEVELS.len() + level(*w));
            last = *id;
        }
    }
    let mut plain = String::from("[");
    sparse(postings.iter(), &mut plain);
    plain.push(']');
    if postings.len() * 3 < sections / 8 {
        return plain;
    }
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let last = postings.last().map_or(0, |p| p.0);
    let mut bits = vec![0u8; last / 6 + 1];
    for (id, _) in postings {
        if let Some(b) = bits.get_mut(id / 6) {
            *b |= 1 << (id % 6);
        }
    }
    let mut dense = String::with_capacity(bits.len() + 8);
    dense.push_str("[\"");
    dense.extend(bits.iter().map(|&b| B64[usize::from(b)] as char));
    dense.push('"');
    let mut rest = String::from("[");
    sparse(postings.iter().filter(|(_, w)| level(*w) != 1), &mut rest);
    if rest.len() > 1 {
        dense.push(',');
        dense.push_str(&rest[1..]);
    }
    dense.push(']');
    if dense.len() < plain.len() {
        dense
    } else {
        plain
    }
}

/// A JSON string literal (also a JavaScript one).
fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn short_hash(bytes: &[u8]) -> String {
    format!("{:06x}", xxhash_rust::xxh3::xxh3_64(bytes) & 0xff_ffff)
}

/// Indexes one page.
fn page_terms(page: &Page, lang: &Language) -> PageTerms {
    let mut forms = BTreeMap::new();
    let mut title_terms = BTreeSet::new();
    let note = |t: &Token, forms: &mut BTreeMap<String, String>| {
        if t.form != t.term {
            forms.insert(t.form.clone(), t.term.clone());
        }
    };
    let objective = page.meta().objective.as_ref().map(|o| o.value.clone());
    let title_text = match &objective {
        Some(id) => format!("{id} {}", page.title),
        None => page.title.clone(),
    };
    tokens(&title_text, lang, |t| {
        note(&t, &mut forms);
        title_terms.insert(t.term);
    });
    let mut out = Vec::new();
    for (n, s) in sections(&page.doc.blocks).into_iter().enumerate() {
        let heading = s
            .heading
            .as_ref()
            .and_then(|id| page.headings.iter().find(|h| &h.id == id))
            .map(|h| h.text.clone())
            .unwrap_or_default();
        // The section's text starts with its heading's line.
        let body = match &s.heading {
            Some(_) => s.text.split_once('\n').map_or("", |(_, rest)| rest),
            None => s.text.as_str(),
        };
        let mut terms: BTreeMap<String, u32> = BTreeMap::new();
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut count = |t: Token| {
            note(&t, &mut forms);
            *counts.entry(t.term).or_default() += 1;
        };
        tokens(body, lang, &mut count);
        if n == 0 {
            // The objective header at the top of the page: description, knowledge and the
            // cited objects.
            let meta = page.meta();
            let header = meta
                .description
                .iter()
                .chain(&meta.knowledge)
                .map(|s| s.value.as_str())
                .chain(meta.cited.iter().map(|c| c.value.name.as_str()));
            for text in header {
                tokens(text, lang, &mut count);
            }
        }
        for (term, c) in counts {
            terms.insert(term, c.min(BODY_CAP));
        }
        let mut heading_terms = BTreeSet::new();
        tokens(&heading, lang, |t| {
            note(&t, &mut forms);
            heading_terms.insert(t.term);
        });
        for term in heading_terms {
            *terms.entry(term).or_default() += HEADING;
        }
        if n == 0 {
            for term in &title_terms {
                *terms.entry(term.clone()).or_default() += TITLE;
            }
        }
        out.push(SectionTerms {
            anchor: s.heading,
            heading,
            excerpt: excerpt(body),
            terms,
        });
    }
    if out.is_empty() {
        // A page without text is still found by its title.
        out.push(SectionTerms {
            anchor: None,
            heading: String::new(),
            excerpt: String::new(),
            terms: title_terms.iter().map(|t| (t.clone(), TITLE)).collect(),
        });
    }
    PageTerms {
        sections: out,
        forms,
    }
}

/// The start of a section's text, white space collapsed, cut at a word boundary.
fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > EXCERPT_CHARS {
            if out.is_empty() {
                out.extend(word.chars().take(EXCERPT_CHARS));
            }
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use super::*;

    /// The postings of `encode_postings`' output, decoded as `search.js` decodes them.
    fn decode(value: &serde_json::Value) -> Vec<(usize, u32)> {
        let list = value.as_array().unwrap();
        let mut out: BTreeMap<usize, u32> = BTreeMap::new();
        let mut rest = &list[..];
        if let Some(bits) = list.first().and_then(|v| v.as_str()) {
            const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (c, ch) in bits.chars().enumerate() {
                let b = B64.find(ch).unwrap();
                for j in 0..6 {
                    if b & (1 << j) != 0 {
                        out.insert(c * 6 + j, LEVELS[1]);
                    }
                }
            }
            rest = &list[1..];
        }
        let mut id = 0;
        for v in rest {
            let v = v.as_u64().unwrap() as usize;
            id += v / LEVELS.len();
            let w = LEVELS[v % LEVELS.len()];
            let e = out.entry(id).or_default();
            *e = (*e).max(w);
        }
        out.into_iter().collect()
    }

    fn quantised(postings: &[(usize, u32)]) -> Vec<(usize, u32)> {
        postings
            .iter()
            .map(|&(id, w)| (id, LEVELS[level(w)]))
            .collect()
    }

    #[test]
    fn postings_round_trip_sparse_and_dense() {
        let sparse = vec![(3, 1), (40, 16), (41, 2), (900, 100)];
        let text = encode_postings(&sparse, 1000);
        // Sparse: the first posting is id 3 at level 1, so 3 * 16 + 1.
        assert!(text.starts_with("[49,"), "{text}");
        assert_eq!(
            decode(&serde_json::from_str(&text).unwrap()),
            quantised(&sparse)
        );
        let dense: Vec<(usize, u32)> = (0..600)
            .filter(|i| i % 3 != 0)
            .map(|i| (i, if i == 7 { 30 } else { 1 }))
            .collect();
        let text = encode_postings(&dense, 600);
        assert!(text.starts_with("[\""), "{}", &text[..20]);
        assert!(text.len() < 200, "{} bytes", text.len());
        assert_eq!(
            decode(&serde_json::from_str(&text).unwrap()),
            quantised(&dense)
        );
    }

    #[test]
    fn levels_are_monotonic() {
        assert_eq!(level(0), 1);
        assert_eq!(level(1), 1);
        assert_eq!(level(9), 8);
        assert_eq!(level(11), 9);
        assert_eq!(level(1000), 15);
        assert!(LEVELS.windows(2).all(|w| w[0] < w[1]));
    }

    /// A small exam book: its index's postings by term, as section anchors with weights.
    fn indexed() -> BTreeMap<String, Vec<(String, u32)>> {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("book.toml"),
            "[book]\ntitle = \"T\"\n\n[exam]\ncode = \"X\"\nname = \"X\"\nquestions = 1\ntopics = [{ id = \"1\", title = \"One\" }]\n",
        )
        .unwrap();
        std::fs::create_dir(root.join("src")).unwrap();
        std::fs::write(root.join("src/index.md"), "# Home\n\nWidgets.\n").unwrap();
        std::fs::write(
            root.join("src/tools.md"),
            "+++\ntitle = \"1.1 Tools\"\nobjective = \"1.1\"\nweight = 1\ndescription = \"Use tools.\"\nknowledge = [\"Tools\"]\ncited = [\"frobctl\"]\n+++\n\n\
             # 1.1 Tools\n\nThe intro names frobctl once.\n\n\
             ## Other things\n\nText about widgets, widgets and frobctl.\n\n\
             ## Using frobctl\n\nRun `frobctl --force /etc/frob.conf` to frob.\n",
        )
        .unwrap();
        let loaded = exambook_core::load(root).expect("the book loads");
        let book = loaded.book;
        let index = Index::build(&book);
        let files = index.files(&book);
        let anchors: Vec<String> = index
            .pages
            .iter()
            .flat_map(|p| {
                p.sections
                    .iter()
                    .map(|s| s.anchor.clone().unwrap_or_default())
            })
            .collect();
        let mut out = BTreeMap::new();
        for f in files.iter().filter(|f| f.path.starts_with("search/t/")) {
            let js = std::str::from_utf8(&f.contents).unwrap();
            let args = js
                .strip_prefix("exambookSearch.shard(")
                .and_then(|s| s.strip_suffix(");\n"))
                .unwrap();
            let v: serde_json::Value = serde_json::from_str(&format!("[{args}]")).unwrap();
            for (term, postings) in v[1].as_object().unwrap() {
                let list = decode(postings)
                    .into_iter()
                    .map(|(id, w)| (anchors[id].clone(), w))
                    .collect();
                out.insert(term.clone(), list);
            }
        }
        assert!(files.iter().any(|f| f.path == "search/index.js"));
        assert!(files.iter().any(|f| f.path == "search/d/0.js"));
        out
    }

    fn best(postings: &[(String, u32)]) -> &str {
        let mut sorted: Vec<&(String, u32)> = postings.iter().collect();
        sorted.sort_by_key(|p| std::cmp::Reverse(p.1));
        &sorted[0].0
    }

    #[test]
    fn a_cited_utility_ranks_the_section_that_explains_it_first() {
        let terms = indexed();
        let frobctl = &terms["frobctl"];
        assert_eq!(best(frobctl), "using-frobctl", "{frobctl:?}");
        // The other mentions are found too, below it.
        assert!(
            frobctl.iter().any(|(a, _)| a == "other-things"),
            "{frobctl:?}"
        );
    }

    #[test]
    fn headings_and_titles_outrank_body_text() {
        let terms = indexed();
        // "tool": the page title (first section) above the body.
        assert_eq!(best(&terms["tool"]), "11-tools", "{:?}", terms["tool"]);
        // "thing" is only a heading word; "widget" only body text (twice).
        let thing = terms["thing"][0].1;
        let widgets = &terms["widget"];
        assert!(
            widgets.iter().all(|(_, w)| *w < thing),
            "{widgets:?} vs {thing}"
        );
    }

    #[test]
    fn code_is_a_term_as_written() {
        let terms = indexed();
        assert_eq!(terms["--force"][0].0, "using-frobctl");
        assert_eq!(terms["/etc/frob.conf"][0].0, "using-frobctl");
        // And the objective id finds the objective's page.
        assert_eq!(terms["1.1"][0].0, "11-tools");
    }

    #[test]
    fn updating_a_page_gives_the_files_of_a_fresh_index() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::create_dir(root.join("src")).unwrap();
        std::fs::write(root.join("src/index.md"), "# Home\n\nAlpha beta.\n").unwrap();
        std::fs::write(root.join("src/b.md"), "# B\n\nGamma.\n").unwrap();
        let before = exambook_core::load(root).unwrap().book;
        let mut index = Index::build(&before);
        std::fs::write(root.join("src/b.md"), "# B\n\nDelta epsilon.\n").unwrap();
        let after = exambook_core::load(root).unwrap().book;
        let b = after.pages.iter().position(|p| p.stem == "b").unwrap();
        index.update(&after, &BTreeSet::from([b]));
        let fresh = Index::build(&after).files(&after);
        assert_eq!(index.files(&after), fresh);
        assert!(fresh.iter().any(|f| f.path == "search/t/de.js"));
        assert!(!fresh.iter().any(|f| f.path == "search/t/ga.js"));
    }
}

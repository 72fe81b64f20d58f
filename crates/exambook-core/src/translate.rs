//! The translate stage: the resolved [`Book`] in another language.
//!
//! A message is a unit of the segmenter ([`exambook_syntax::segment`]): its id is the unit's
//! canonical inline markdown, its translation is parsed back with the same parser
//! ([`exambook_syntax::parse_inlines`]) and replaces the unit's inlines. Everything else stays
//! the source's: block structure, code, heading ids, link targets (so anchors are the same in
//! every language). Book-level strings (title, description, exam name and note, topic titles,
//! table of contents) are looked up as plain text.
//!
//! A unit without a usable translation keeps its source text, wrapped in
//! `<span lang="SOURCE">` so screen readers read it in the source language's voice.
//!
//! Safety, checked once per message used: a translation keeps its message's placeholders (code
//! spans, link and image targets, footnote references, anchors), in any order, and adds no raw
//! HTML and no directive; otherwise it is an **error** at its catalog line and not used. A term
//! of `[i18n] keep` in the source that the translation lacks is a **warning** naming the term,
//! the catalog line and the source line.

use std::collections::{BTreeMap, HashMap};

use exambook_syntax::ast::{Inline, InlineKind, LinkTarget, plain_text};
use exambook_syntax::segment::{SegmentKind, UnitMut, segments, units_mut};
use exambook_syntax::{Diagnostic, FileId, ParseOptions, Span, markdown, walk};
use rayon::prelude::*;

use crate::book::{Book, Crumb, TocEntry};

/// The translations of a catalog: msgid → (msgstr, 1-based line of the msgstr in the catalog).
/// Only translated entries: no fuzzy, obsolete or empty ones.
#[derive(Debug, Clone, Default)]
pub struct Messages {
    map: HashMap<String, (String, u32)>,
}

impl Messages {
    /// The messages of `entries` (`(msgid, msgstr, line)`); an empty msgstr is left out.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str, u32)>) -> Self {
        let map = entries
            .into_iter()
            .filter(|(_, s, _)| !s.is_empty())
            .map(|(id, s, line)| (id.to_owned(), (s.to_owned(), line)))
            .collect();
        Messages { map }
    }

    /// How many messages.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    fn get(&self, id: &str) -> Option<&(String, u32)> {
        self.map.get(id)
    }
}

/// How much of a page is translated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageProgress {
    /// Units with a translation in use.
    pub translated: usize,
    /// Units in all.
    pub total: usize,
}

impl PageProgress {
    /// Whether every unit is translated.
    pub fn complete(&self) -> bool {
        self.translated == self.total
    }

    /// The translated share in whole percent, rounded down (so 99.6 % is not "100 %").
    pub fn percent(&self) -> usize {
        (self.translated * 100)
            .checked_div(self.total)
            .unwrap_or(100)
    }
}

/// A book in one language.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The language (a BCP 47 tag); the book's `config.book.language` is set to it.
    pub language: String,
    /// The book, translated.
    pub book: Book,
    /// How much of each page is translated, by page index.
    pub pages: Vec<PageProgress>,
    /// Errors (unusable translations) and warnings (keep terms).
    pub diagnostics: Vec<Diagnostic>,
}

/// What the translation of one message became.
enum Prepared {
    /// Usable: the parsed translation (inline units) or the text (plain units).
    Inlines(Vec<Inline>),
    /// Not usable (an error was reported).
    Rejected,
}

/// Translates `source` into `language` with `messages`, read from the catalog `catalog` (a
/// file of `source.sources`, for diagnostics). `keep`: `[i18n] keep`.
pub fn translate(
    source: &Book,
    language: &str,
    catalog: FileId,
    messages: &Messages,
    keep: &[String],
) -> Translation {
    let source_lang = source.config.book.language.clone();
    // 1. The messages the book uses, with where each is first used (for keep-term warnings).
    let used: Vec<Vec<(String, Span, bool)>> = source
        .pages
        .par_iter()
        .map(|page| {
            segments(&page.doc)
                .into_iter()
                .map(|s| {
                    let plain = matches!(
                        s.kind,
                        SegmentKind::Title | SegmentKind::Description | SegmentKind::Knowledge
                    );
                    (s.text, s.span, !plain)
                })
                .collect()
        })
        .collect();
    let mut first: BTreeMap<&str, (Span, bool)> = BTreeMap::new();
    for (id, span, inline) in used.iter().flatten() {
        first.entry(id.as_str()).or_insert((*span, *inline));
    }
    // Book-level strings: plain text, looked up as written.
    let at = |table: &str, key: &str| crate::load::key_span(&source.sources, table, key);
    let c = &source.config;
    let mut plain: Vec<(&str, Span)> = vec![
        (c.book.title.as_str(), at("book", "title")),
        (c.book.description.as_str(), at("book", "description")),
    ];
    if let Some(e) = &c.exam {
        plain.push((e.name.as_str(), at("exam", "name")));
        plain.extend(e.note.as_deref().map(|n| (n, at("exam", "note"))));
        plain.extend(
            e.topics
                .iter()
                .map(|t| (t.title.as_str(), at("exam", "topics"))),
        );
    }
    let summary = Span::default();
    let mut titles = Vec::new();
    toc_titles(&source.toc, &mut titles);
    plain.extend(titles.into_iter().map(|t| (t, summary)));
    for page in &source.pages {
        plain.push((page.title.as_str(), Span::new(page.file, 0..0)));
        plain.extend(page.breadcrumbs.iter().map(|c| (c.title.as_str(), summary)));
    }
    if let Some(exam) = &source.exam {
        for t in &exam.topics {
            for o in &t.objectives {
                plain.push((o.title.as_str(), summary));
                plain.push((o.description.as_str(), summary));
                plain.extend(o.knowledge.iter().map(|k| (k.as_str(), summary)));
            }
        }
    }
    for (text, span) in plain {
        if !text.is_empty() {
            first.entry(text).or_insert((span, false));
        }
    }
    // 2. Each used message with a translation, parsed and checked once.
    let checked: Vec<(&str, Prepared, Vec<Diagnostic>)> = first
        .par_iter()
        .filter_map(|(id, (span, inline))| {
            let (text, line) = messages.get(id)?;
            let at = line_span(source, catalog, *line);
            let mut diagnostics = Vec::new();
            keep_terms(source, keep, id, text, at, *span, &mut diagnostics);
            let prepared = if *inline {
                check(id, text, at, &mut diagnostics)
            } else {
                Prepared::Inlines(vec![Inline {
                    kind: InlineKind::Text(text.clone()),
                    span: *span,
                }])
            };
            Some((*id, prepared, diagnostics))
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut ready: HashMap<&str, Vec<Inline>> = HashMap::new();
    for (id, prepared, ds) in checked {
        diagnostics.extend(ds);
        if let Prepared::Inlines(inlines) = prepared {
            ready.insert(id, inlines);
        }
    }

    // 3. The pages, rewritten.
    let mut book = source.clone();
    let pages: Vec<PageProgress> = book
        .pages
        .par_iter_mut()
        .zip(source.pages.par_iter())
        .map(|(page, original)| {
            let mut progress = PageProgress::default();
            units_mut(&mut page.doc, &mut |u| {
                progress.total += 1;
                match u {
                    UnitMut::Plain(_, s) => {
                        if let Some(t) = ready.get(s.value.as_str()) {
                            s.value = plain_text(t);
                            progress.translated += 1;
                        }
                    }
                    UnitMut::Inlines(kind, content, span) => {
                        let id = markdown::inlines(content);
                        match ready.get(id.as_str()) {
                            Some(t) => {
                                *content = substitute(content, t, span);
                                progress.translated += 1;
                            }
                            None if kind == SegmentKind::ImageAlt => {}
                            None => mark_source(content, &source_lang, span),
                        }
                    }
                }
            });
            // Heading texts (the on-page contents, search) follow the translated headings.
            let mut texts = HashMap::new();
            walk::blocks(&page.doc.blocks, &mut |b| {
                if let exambook_syntax::ast::BlockKind::Heading(h) = &b.kind
                    && let Some(id) = &h.id
                {
                    texts.insert(id.clone(), plain_text(&h.content));
                }
            });
            let old_first = page.headings.first().map(|h| h.text.clone());
            for h in &mut page.headings {
                if let Some(t) = texts.remove(&h.id) {
                    h.text = t;
                }
            }
            let fm_title = |p: &crate::book::Page| p.meta().title.as_ref().map(|t| t.value.clone());
            page.title = if fm_title(original).as_deref() == Some(original.title.as_str()) {
                fm_title(page).unwrap_or_else(|| page.title.clone())
            } else if old_first.as_deref() == Some(page.title.as_str())
                && let Some(h) = page.headings.first()
            {
                h.text.clone()
            } else {
                lookup(&ready, &page.title)
            };
            progress
        })
        .collect();

    // 4. What the book holds beyond its pages.
    let titles: Vec<String> = book.pages.iter().map(|p| p.title.clone()).collect();
    let source_titles: Vec<&str> = source.pages.iter().map(|p| p.title.as_str()).collect();
    let title_of = |text: &str, page: Option<usize>| -> String {
        match page {
            Some(i) if source_titles.get(i) == Some(&text) => titles[i].clone(),
            _ => lookup(&ready, text),
        }
    };
    toc(&mut book.toc, &title_of);
    for page in &mut book.pages {
        for Crumb { title, page } in &mut page.breadcrumbs {
            *title = title_of(title, *page);
        }
    }
    let c = &mut book.config;
    c.book.language = language.to_owned();
    c.book.title = lookup(&ready, &c.book.title);
    c.book.description = lookup(&ready, &c.book.description);
    if let Some(exam) = &mut c.exam {
        exam.name = lookup(&ready, &exam.name);
        exam.note = exam.note.as_deref().map(|n| lookup(&ready, n));
        for t in &mut exam.topics {
            t.title = lookup(&ready, &t.title);
        }
    }
    if let Some(exam) = &mut book.exam {
        exam.config = c.exam.clone().unwrap_or_else(|| exam.config.clone());
        for t in &mut exam.topics {
            t.title = lookup(&ready, &t.title);
            for o in &mut t.objectives {
                o.title = title_of(&o.title, Some(o.page));
                o.description = lookup(&ready, &o.description);
                for k in &mut o.knowledge {
                    *k = lookup(&ready, k);
                }
            }
        }
    }
    diagnostics.sort_by_key(|d| (d.span.file, d.span.start));
    Translation {
        language: language.to_owned(),
        book,
        pages,
        diagnostics,
    }
}

/// Every translation `[i18n] languages` asks for, each from its catalog (`<dir>/<lang>.po`),
/// which is added to `book.sources` for diagnostics. A missing catalog is a warning (the
/// language is published untranslated); an unreadable one or one outside the book folder is an
/// error. The catalog reader's diagnostics come first.
pub fn all(book: &mut Book) -> (Vec<Translation>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut catalogs = Vec::new();
    let i18n = book.config.i18n.clone();
    let at = crate::load::key_span(&book.sources, "i18n", "languages");
    let root = book
        .root
        .canonicalize()
        .unwrap_or_else(|_| book.root.clone());
    let dir = match crate::i18n::catalog_dir(&root, &i18n.dir) {
        Ok(dir) => dir,
        Err(why) => {
            diagnostics.push(Diagnostic::error(
                crate::load::key_span(&book.sources, "i18n", "dir"),
                format!("`dir = {:?}`: {why}", i18n.dir),
            ));
            return (Vec::new(), diagnostics);
        }
    };
    for language in i18n.targets() {
        let rel = i18n.catalog(language);
        let path = dir.join(format!("{language}.po"));
        let text = match path.canonicalize() {
            Ok(real) if !real.starts_with(&dir) => {
                diagnostics.push(Diagnostic::error(
                    at,
                    format!("the catalog `{rel}` is outside the catalog folder"),
                ));
                continue;
            }
            Ok(real) => match crate::load::read_regular(&real) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).replace('\0', "\u{fffd}"),
                Err(e) => {
                    diagnostics.push(Diagnostic::error(
                        at,
                        format!("cannot read the catalog `{rel}`: {e}"),
                    ));
                    continue;
                }
            },
            Err(_) => {
                diagnostics.push(
                    Diagnostic::warning(
                        at,
                        format!(
                            "there is no catalog `{rel}`: `{language}` is published untranslated"
                        ),
                    )
                    .with_hint("`exambook i18n update` writes one from the template"),
                );
                String::new()
            }
        };
        let file = book.sources.add(std::path::PathBuf::from(&rel), text);
        catalogs.push((language.clone(), file));
    }
    let mut out = Vec::new();
    for (language, file) in catalogs {
        let text = book
            .sources
            .get(file)
            .map(|f| f.text.clone())
            .unwrap_or_default();
        let (catalog, ds) = crate::i18n::Catalog::parse(&text, file);
        diagnostics.extend(ds);
        let messages = Messages::new(catalog.translations());
        let mut t = translate(book, &language, file, &messages, &i18n.keep);
        diagnostics.append(&mut t.diagnostics);
        out.push(t);
    }
    (out, diagnostics)
}

/// The translation of plain text `text`, else `text`.
fn lookup(ready: &HashMap<&str, Vec<Inline>>, text: &str) -> String {
    match ready.get(text) {
        Some(t) if !text.is_empty() => plain_text(t),
        _ => text.to_owned(),
    }
}

fn toc_titles<'a>(entries: &'a [TocEntry], out: &mut Vec<&'a str>) {
    for e in entries {
        match e {
            TocEntry::Part { title } => out.push(title),
            TocEntry::Chapter {
                title, children, ..
            } => {
                out.push(title);
                toc_titles(children, out);
            }
            TocEntry::Separator => {}
        }
    }
}

fn toc(entries: &mut [TocEntry], title_of: &dyn Fn(&str, Option<usize>) -> String) {
    for e in entries {
        match e {
            TocEntry::Part { title } => *title = title_of(title, None),
            TocEntry::Chapter {
                title,
                page,
                children,
            } => {
                *title = title_of(title, *page);
                toc(children, title_of);
            }
            TocEntry::Separator => {}
        }
    }
}

/// The span of 1-based `line` of the catalog.
fn line_span(book: &Book, catalog: FileId, line: u32) -> Span {
    match book.sources.get(catalog) {
        Some(f) => Span::new(catalog, f.lines.line_range(&f.text, line as usize)),
        None => Span::new(catalog, 0..0),
    }
}

/// The translation's inlines with the source's spans and link targets.
fn substitute(source: &[Inline], translation: &[Inline], span: Span) -> Vec<Inline> {
    let mut targets: HashMap<String, LinkTarget> = HashMap::new();
    walk::inline_tree(source, &mut |i| match &i.kind {
        InlineKind::Link(l) => {
            if let Some(t) = &l.target {
                targets.insert(l.dest.clone(), t.clone());
            }
        }
        InlineKind::Image(im) => {
            if let Some(t) = &im.target {
                targets.insert(im.dest.clone(), t.clone());
            }
        }
        _ => {}
    });
    let mut out = translation.to_vec();
    walk::inline_tree_mut(&mut out, &mut |i| {
        i.span = span;
        match &mut i.kind {
            InlineKind::Link(l) => l.target = targets.get(&l.dest).cloned(),
            InlineKind::Image(im) => im.target = targets.get(&im.dest).cloned(),
            _ => {}
        }
    });
    out
}

/// Marks an untranslated unit as written in the source language.
fn mark_source(content: &mut Vec<Inline>, lang: &str, span: Span) {
    let mut tag = String::from("<span lang=\"");
    exambook_syntax::escape::attr(&mut tag, lang);
    tag.push_str("\">");
    let open = Inline {
        kind: InlineKind::Html(tag),
        span,
    };
    let close = Inline {
        kind: InlineKind::Html("</span>".into()),
        span,
    };
    content.insert(0, open);
    content.push(close);
}

/// A placeholder: what a translation keeps as the source wrote it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Placeholder {
    Code(String),
    Link(String),
    Image(String),
    Footnote(String),
    Anchor(String),
}

impl std::fmt::Display for Placeholder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Placeholder::Code(c) => write!(f, "the code `{c}`"),
            Placeholder::Link(d) => write!(f, "the link target `{d}`"),
            Placeholder::Image(d) => write!(f, "the image `{d}`"),
            Placeholder::Footnote(l) => write!(f, "the footnote reference `[^{l}]`"),
            Placeholder::Anchor(a) => write!(f, "the anchor `{a}`"),
        }
    }
}

/// The placeholders (sorted) and raw HTML (sorted) of inlines.
fn inventory(inlines: &[Inline]) -> (Vec<Placeholder>, Vec<String>) {
    let mut ph = Vec::new();
    let mut html = Vec::new();
    walk::inline_tree(inlines, &mut |i| match &i.kind {
        InlineKind::Code(c) => ph.push(Placeholder::Code(c.clone())),
        InlineKind::Link(l) => ph.push(Placeholder::Link(l.dest.clone())),
        InlineKind::Image(im) => ph.push(Placeholder::Image(im.dest.clone())),
        InlineKind::FootnoteReference(l) => ph.push(Placeholder::Footnote(l.clone())),
        InlineKind::Anchor(a) => ph.push(Placeholder::Anchor(a.id.clone())),
        InlineKind::Html(h) => html.push(h.clone()),
        InlineKind::Text(_)
        | InlineKind::Emphasis(_)
        | InlineKind::Strong(_)
        | InlineKind::Strikethrough(_)
        | InlineKind::SoftBreak
        | InlineKind::HardBreak => {}
    });
    ph.sort();
    html.sort();
    (ph, html)
}

/// Parses a translation of inline message `id` and checks it against the message.
fn check(id: &str, text: &str, at: Span, diagnostics: &mut Vec<Diagnostic>) -> Prepared {
    let opts = ParseOptions::default();
    let source = exambook_syntax::parse_inlines(id, &opts);
    let translation = exambook_syntax::parse_inlines(text, &opts);
    let (want, want_html) = inventory(&source);
    let (got, got_html) = inventory(&translation);
    let mut ok = true;
    let (missing, extra) = difference(&want, &got);
    for p in &missing {
        ok = false;
        diagnostics.push(
            Diagnostic::error(at, format!("the translation drops or changes {p}"))
                .with_hint("code, link and image targets stay as the source writes them (their order may change)"),
        );
    }
    for p in &extra {
        ok = false;
        diagnostics.push(Diagnostic::error(
            at,
            format!("the translation adds {p}, which its source does not have"),
        ));
    }
    let (_, extra_html) = difference(&want_html, &got_html);
    for h in extra_html {
        ok = false;
        diagnostics.push(Diagnostic::error(
            at,
            format!("the translation adds the raw HTML `{h}`, which its source does not have"),
        ));
    }
    if text.contains("{{#") && !id.contains("{{#") {
        ok = false;
        diagnostics.push(Diagnostic::error(
            at,
            "the translation adds a `{{#…}}` directive, which its source does not have",
        ));
    }
    if ok {
        Prepared::Inlines(translation)
    } else {
        Prepared::Rejected
    }
}

/// What of sorted `want` is not in sorted `got`, and what of `got` is not in `want` (as
/// multisets).
fn difference<T: Ord + Clone>(want: &[T], got: &[T]) -> (Vec<T>, Vec<T>) {
    let (mut i, mut j) = (0, 0);
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    while i < want.len() || j < got.len() {
        match (want.get(i), got.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                missing.push(a.clone());
                i += 1;
            }
            (Some(a), None) => {
                missing.push(a.clone());
                i += 1;
            }
            (_, Some(b)) => {
                extra.push(b.clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (missing, extra)
}

/// Warns about each `keep` term that `id` has and `text` lacks.
fn keep_terms(
    book: &Book,
    keep: &[String],
    id: &str,
    text: &str,
    at: Span,
    used_at: Span,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for term in keep {
        if !term.is_empty() && id.contains(term.as_str()) && !text.contains(term.as_str()) {
            diagnostics.push(
                Diagnostic::warning(
                    at,
                    format!(
                        "the translation lacks `{term}` (`[i18n] keep`), which its source at {} has",
                        book.sources.location(used_at)
                    ),
                )
                .with_hint(format!("write `{term}` as the source does")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difference_is_a_multiset_difference() {
        let (m, e) = difference(&[1, 2, 2, 3], &[2, 3, 4]);
        assert_eq!(m, vec![1, 2]);
        assert_eq!(e, vec![4]);
    }

    #[test]
    fn placeholders_may_move_but_not_go() {
        let at = Span::default();
        let mut ds = Vec::new();
        let id = "Run `virsh list` and see [the docs](https://libvirt.org).";
        let ok = "Veja [a documentação](https://libvirt.org) e rode `virsh list`.";
        assert!(matches!(check(id, ok, at, &mut ds), Prepared::Inlines(_)));
        assert!(ds.is_empty(), "{ds:?}");
        let dropped = "Rode `virsh ls`.";
        assert!(matches!(
            check(id, dropped, at, &mut ds),
            Prepared::Rejected
        ));
        let messages: Vec<_> = ds.iter().map(|d| d.message.clone()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("drops or changes the code `virsh list`"))
        );
        assert!(messages.iter().any(|m| m.contains("`https://libvirt.org`")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("adds the code `virsh ls`"))
        );
        ds.clear();
        let html = "Rode `virsh list` <script>x</script> [docs](https://libvirt.org).";
        assert!(matches!(check(id, html, at, &mut ds), Prepared::Rejected));
        assert!(
            ds.iter().any(|d| d.message.contains("raw HTML `<script>`")),
            "{ds:?}"
        );
    }
}

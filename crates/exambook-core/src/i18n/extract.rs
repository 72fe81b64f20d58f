//! What a book asks translators to translate: its units, and the template made of them.
//!
//! A unit is a segment of a page as the segmenter gives it
//! ([`exambook_syntax::segment::segments`], on the resolved page, so included text counts
//! where it is included and is referenced at its own file and line), a title of the table of
//! contents, or a string of `book.toml` (the book's title and description, the exam's name
//! and note, the topic titles). Identical texts are one message with several references, as
//! `xgettext` does.

use std::collections::HashMap;
use std::path::Path;

use exambook_syntax::segment::{SegmentKind, segments};
use rayon::prelude::*;

use super::po::{Catalog, Message};
use crate::book::{Book, SourceMap, TocEntry};

/// One translatable text of a book and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The text (canonical inline markdown for page segments; plain text otherwise).
    pub msgid: String,
    /// What it is, for translators (`heading`, `list item`, `book title`, …).
    pub kind: &'static str,
    /// The file it is written in, relative to the book folder (`src/351/351.3-qemu.md`,
    /// `book.toml`).
    pub file: String,
    /// Its 1-based line there.
    pub line: u32,
    /// The page it is shown on (`None`: `book.toml` and the table of contents, shown on every
    /// page).
    pub page: Option<usize>,
}

impl Unit {
    /// `file:line`, the PO reference.
    pub fn reference(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// The name of a segment kind in the template's `#.` comments.
pub fn kind_name(kind: SegmentKind) -> &'static str {
    match kind {
        SegmentKind::Heading => "heading",
        SegmentKind::Paragraph => "paragraph",
        SegmentKind::ListItem => "list item",
        SegmentKind::TableCell => "table cell",
        SegmentKind::AdmonitionTitle => "admonition title",
        SegmentKind::DetailsSummary => "details summary",
        SegmentKind::ImageAlt => "image alt text",
        SegmentKind::DefinitionTerm => "definition term",
        SegmentKind::QuestionOption => "question option",
        SegmentKind::TabTitle => "tab title",
        SegmentKind::FigureCaption => "figure caption",
        SegmentKind::Title => "page title",
        SegmentKind::Description => "page description",
        SegmentKind::Knowledge => "knowledge area",
    }
}

/// Every translatable unit of `book`, in order: `book.toml`, the table of contents, then the
/// pages in reading order.
pub fn units(book: &Book) -> Vec<Unit> {
    let mut out = config_units(book);
    toc_units(book, &book.toc, &mut out);
    let pages: Vec<Vec<Unit>> = book
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            segments(&page.doc)
                .into_iter()
                .map(|s| {
                    let (file, line) = place(&book.sources, s.span);
                    Unit {
                        msgid: s.text,
                        kind: kind_name(s.kind),
                        file,
                        line,
                        page: Some(i),
                    }
                })
                .collect()
        })
        .collect();
    out.extend(pages.into_iter().flatten());
    out
}

/// The template of `units`: one message per distinct text, in order of first appearance,
/// each with its references and the kinds it has (`#.`).
pub fn template(book: &Book, units: &[Unit]) -> Catalog {
    let mut catalog = Catalog::default();
    let mut header = Message::new("");
    header.translator_comments = vec![
        format!(
            "Translation template of \"{}\".",
            one_line(&book.config.book.title)
        ),
        "Made by `exambook i18n extract`: run it again after changing the book, then".into(),
        "`exambook i18n update` to bring the catalogs up to date. Do not edit.".into(),
    ];
    catalog.header = Some(header);
    catalog.set_header_field("Project-Id-Version", &one_line(&book.config.book.title));
    // Empty, not gettext's placeholders (`FULL NAME`), which msgfmt warns about; no dates, so
    // the template changes only when the book does.
    catalog.set_header_field("PO-Revision-Date", "");
    catalog.set_header_field("Last-Translator", "");
    catalog.set_header_field("Language-Team", "");
    // msgfmt warns about an empty `Language` (and a missing one): a template has none yet.
    catalog.set_header_field("Language", "");
    catalog.set_header_field("MIME-Version", "1.0");
    catalog.set_header_field("Content-Type", "text/plain; charset=UTF-8");
    catalog.set_header_field("Content-Transfer-Encoding", "8bit");
    catalog.set_header_field("X-Source-Language", &book.config.book.language);

    let mut index: HashMap<&str, usize> = HashMap::with_capacity(units.len());
    for u in units {
        let reference = u.reference();
        match index.get(u.msgid.as_str()) {
            Some(&i) => {
                let m = &mut catalog.messages[i];
                if !m.references.contains(&reference) {
                    m.references.push(reference);
                }
                let kinds = &mut m.extracted_comments[0];
                if !kinds.split(", ").any(|k| k == u.kind) {
                    kinds.push_str(", ");
                    kinds.push_str(u.kind);
                }
            }
            None => {
                index.insert(&u.msgid, catalog.messages.len());
                let mut m = Message::new(u.msgid.clone());
                m.references.push(reference);
                m.extracted_comments.push(u.kind.to_string());
                catalog.messages.push(m);
            }
        }
    }
    catalog
}

/// Newlines and tabs as spaces (for header values).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The file (relative to the book folder, `/` separators) and 1-based line of `span`.
fn place(sources: &SourceMap, span: exambook_syntax::ast::Span) -> (String, u32) {
    match sources.get(span.file) {
        Some(f) => {
            let (line, _) = f.lines.line_col(&f.text, span.start as usize);
            (slash_path(&f.path), u32::try_from(line).unwrap_or(u32::MAX))
        }
        None => ("?".into(), 0),
    }
}

pub(crate) fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// The strings of `book.toml` readers see.
fn config_units(book: &Book) -> Vec<Unit> {
    let text = book
        .sources
        .find(Path::new("book.toml"))
        .and_then(|id| book.sources.get(id))
        .map(|f| f.text.as_str())
        .unwrap_or_default();
    let lines = TomlLines::new(text);
    let mut out = Vec::new();
    let mut add = |value: &str, kind: &'static str, line: u32| {
        if has_letters(value) {
            out.push(Unit {
                msgid: value.to_string(),
                kind,
                file: "book.toml".into(),
                line,
                page: None,
            });
        }
    };
    let c = &book.config;
    add(&c.book.title, "book title", lines.find("book", "title", 0));
    add(
        &c.book.description,
        "book description",
        lines.find("book", "description", 0),
    );
    if let Some(exam) = &c.exam {
        add(&exam.name, "exam name", lines.find("exam", "name", 0));
        if let Some(note) = &exam.note {
            add(note, "exam note", lines.find("exam", "note", 0));
        }
        for (n, topic) in exam.topics.iter().enumerate() {
            add(
                &topic.title,
                "topic title",
                lines.find("exam.topics", "title", n),
            );
        }
    }
    out
}

/// Where keys are set in a TOML text, by table (`[[x]]` tables counted).
struct TomlLines {
    /// (table, occurrence of that table, key, line)
    keys: Vec<(String, usize, String, u32)>,
}

impl TomlLines {
    fn new(text: &str) -> Self {
        let mut keys = Vec::new();
        let mut table = String::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut occurrence = 0;
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
            if let Some(rest) = t.strip_prefix('[') {
                let name = rest.trim_start_matches('[');
                let name = name
                    .split(']')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let count = seen.entry(name.clone()).or_insert(0);
                occurrence = *count;
                *count += 1;
                table = name;
                continue;
            }
            if let Some((key, _)) = t.split_once('=') {
                let key = key.trim().trim_matches('"');
                // `table.key = …` at the top level.
                match key.rsplit_once('.') {
                    Some((t2, k)) if table.is_empty() => {
                        keys.push((t2.trim().to_string(), 0, k.trim().to_string(), line_no));
                    }
                    _ => keys.push((table.clone(), occurrence, key.to_string(), line_no)),
                }
            }
        }
        TomlLines { keys }
    }

    /// The line setting `key` in the `nth` `[table]` (1 when not found: a default).
    fn find(&self, table: &str, key: &str, nth: usize) -> u32 {
        self.keys
            .iter()
            .find(|(t, o, k, _)| t == table && *o == nth && k == key)
            .map_or(1, |e| e.3)
    }
}

/// Titles of the table of contents (parts and chapters), referenced at their line of
/// `SUMMARY.md`.
fn toc_units(book: &Book, toc: &[TocEntry], out: &mut Vec<Unit>) {
    let summary = [
        Path::new(&book.config.book.src).join("SUMMARY.md"),
        "SUMMARY.md".into(),
    ]
    .iter()
    .find_map(|p| book.sources.find(p))
    .and_then(|id| book.sources.get(id));
    let mut walk = |title: &str, out: &mut Vec<Unit>| {
        if !has_letters(title) {
            return;
        }
        let (file, line) = match summary {
            Some(f) => {
                let line = f
                    .text
                    .lines()
                    .position(|l| l.contains(title))
                    .map_or(1, |n| n + 1);
                (slash_path(&f.path), u32::try_from(line).unwrap_or(u32::MAX))
            }
            None => return,
        };
        out.push(Unit {
            msgid: title.to_string(),
            kind: "table of contents",
            file,
            line,
            page: None,
        });
    };
    fn go(toc: &[TocEntry], out: &mut Vec<Unit>, walk: &mut dyn FnMut(&str, &mut Vec<Unit>)) {
        for e in toc {
            match e {
                TocEntry::Part { title } => walk(title, out),
                TocEntry::Chapter {
                    title, children, ..
                } => {
                    walk(title, out);
                    go(children, out, walk);
                }
                TocEntry::Separator => {}
            }
        }
    }
    go(toc, out, &mut walk);
}

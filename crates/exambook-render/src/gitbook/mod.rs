//! The GitBook renderer: the book as a markdown tree that GitBook's Git Sync and HonKit read.
//!
//! What it writes (`exambook build --format gitbook`):
//! - `.gitbook.yaml` (`root`, `structure.readme`, `structure.summary`), `README.md` (the book's
//!   index page, else its first page), `SUMMARY.md` in GitBook's grammar (`## Part` headings,
//!   nested `*` lists), `GLOSSARY.md` (`## name` and a description for every cited file, term
//!   and utility), one markdown file per page at its source path, and the assets under
//!   `.gitbook/assets/` (with their source folders).
//! - Pages go through the one markdown writer (`exambook_syntax::markdown`) with every
//!   admonition in the GitBook dialect (`{% hint style=… %}`; collapsible ones inside
//!   `<details>`), after [`page_blocks`] has rewritten what GitBook reads differently:
//!   link and image destinations (page targets become relative `.md` paths with their
//!   anchor, assets `.gitbook/assets/…`, percent-encoded where markdown or URLs need it),
//!   heading ids (written as `{#id}` where HonKit's slug of the heading text would differ from
//!   ours, so every anchor a link uses exists there), titled code blocks (wrapped in
//!   `{% code title="…" %}`), and questions (the text, the options as an unticked task list, the
//!   answer and explanation inside `<details>`, after an HTML comment holding the question as
//!   exambook writes it, which the loader turns back into the question).
//! - Objective pages keep their fields in YAML front matter and start with the objective
//!   header written as markdown between two HTML comments
//!   ([`exambook_core::exam::WRITTEN_HEADER_START`]) that exambook's loader drops, since it
//!   renders the header from the front matter itself.
//! - `book.toml` carries `[book]` (with `src = "."`) and `[exam]`, so `exambook build` of the
//!   tree gives the same book back. GitBook and HonKit ignore it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use exambook_core::exam::{self, Exam, Objective};
use exambook_core::output::OutputFile;
use exambook_core::{Asset, Book, TocEntry};
use exambook_syntax::ast::{
    Block, BlockKind, CitedKind, Details, Dialect, FrontMatterFormat, HtmlBlock, Inline,
    InlineKind, LinkTarget, List, ListItem, Span, plain_text,
};
use exambook_syntax::{Diagnostic, markdown, walk};
use rayon::prelude::*;

/// Where the assets go inside the tree.
pub const ASSETS: &str = ".gitbook/assets";

/// The exported tree, not yet written.
#[derive(Debug, Default)]
pub struct Export {
    /// Every markdown and configuration file, sorted by path.
    pub files: Vec<OutputFile>,
    /// The book's assets with their place in the tree (under [`ASSETS`]).
    pub assets: Vec<Asset>,
    /// Problems found while exporting (e.g. a page whose path GitBook reserves).
    pub diagnostics: Vec<Diagnostic>,
}

/// The words the tree writes of its own (objective headers, answers, the glossary) in the
/// book's language: the theme's UI strings (`Theme::strings`), English for a missing key.
#[derive(Debug, Default, Clone)]
pub struct Labels(BTreeMap<String, String>);

impl Labels {
    /// Labels from UI strings.
    pub fn new(strings: BTreeMap<String, String>) -> Labels {
        Labels(strings)
    }

    fn get<'a>(&'a self, key: &str, english: &'a str) -> &'a str {
        self.0.get(key).map_or(english, String::as_str)
    }
}

/// Exports `book` as a GitBook tree, its own words in `labels`.
pub fn render(book: &Book, labels: &Labels) -> Export {
    let paths = page_paths(book);
    let mut diagnostics = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        if RESERVED.contains(&p.as_str()) && i != readme(book) {
            diagnostics.push(Diagnostic::warning(
                Span {
                    file: book.pages[i].file,
                    start: 0,
                    end: 0,
                },
                format!("the page `{p}` has the name of a file GitBook reserves; the export overwrites it"),
            ));
        }
    }
    let mut files: Vec<OutputFile> = (0..book.pages.len())
        .into_par_iter()
        .map(|i| OutputFile {
            path: paths[i].clone(),
            contents: page(book, &paths, i, labels).into_bytes(),
        })
        .collect();
    let readme_path = paths.get(readme(book)).cloned().unwrap_or_default();
    files.push(text(
        ".gitbook.yaml",
        format!(
            "root: ./\nstructure:\n  readme: {}\n  summary: SUMMARY.md\n",
            yaml_quoted(&readme_path)
        ),
    ));
    files.push(text("SUMMARY.md", summary(book, &paths)));
    if let Some(exam) = &book.exam {
        files.push(text("GLOSSARY.md", glossary(book, exam, &paths, labels)));
    }
    files.push(text("book.toml", book_toml(book)));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|later, earlier| later.path == earlier.path);
    // What the site would publish (what pages link to, `[build] extra-files`), moved.
    let assets = book
        .published_assets()
        .0
        .into_iter()
        .map(|a| Asset {
            source: a.source.clone(),
            out_path: asset_path(&a.out_path),
        })
        .collect();
    Export {
        files,
        assets,
        diagnostics,
    }
}

/// One tree per language: each language's export (source language first) moved into a folder
/// named by its tag, and `LANGS.md`, GitBook's and HonKit's list of the languages, at the top.
/// `languages` holds each language's tag, its name in itself and its tree.
pub fn languages(languages: Vec<(String, String, Export)>) -> Export {
    let mut out = Export::default();
    let mut list = String::from("# Languages\n\n");
    for (tag, name, export) in languages {
        let name = markdown::inlines(&[plain(&name)]).replace('\n', " ");
        list.push_str(&format!("* [{name}]({tag}/)\n"));
        out.files
            .extend(export.files.into_iter().map(|f| OutputFile {
                path: format!("{tag}/{}", f.path),
                contents: f.contents,
            }));
        out.assets.extend(export.assets.into_iter().map(|a| Asset {
            source: a.source,
            out_path: format!("{tag}/{}", a.out_path),
        }));
        out.diagnostics.extend(export.diagnostics);
    }
    out.files.push(text("LANGS.md", list));
    out.files.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Where an asset of the source folder goes in the tree: under [`ASSETS`], in its folders; one
/// already there (a book read from GitBook) stays where it is.
pub fn asset_path(path: &str) -> String {
    if path.starts_with(&format!("{ASSETS}/")) {
        path.to_owned()
    } else {
        format!("{ASSETS}/{path}")
    }
}

/// Files of the tree a page may not take.
const RESERVED: [&str; 4] = ["README.md", "SUMMARY.md", "GLOSSARY.md", "book.toml"];

fn text(path: &str, contents: String) -> OutputFile {
    OutputFile {
        path: path.to_owned(),
        contents: contents.into_bytes(),
    }
}

/// The page written as `README.md`: the book's index page (`index.md` or `README.md` at the
/// top of the source folder), else its first page.
fn readme(book: &Book) -> usize {
    book.pages
        .iter()
        .position(|p| p.stem == "index")
        .unwrap_or(0)
}

/// Each page's path in the tree: its source path, the readme page as `README.md`.
pub fn page_paths(book: &Book) -> Vec<String> {
    let readme = readme(book);
    book.pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == readme {
                "README.md".to_owned()
            } else {
                p.source_path.clone()
            }
        })
        .collect()
}

/// `to` (a path in the tree) relative to the folder of `from`, percent-encoded for a link.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut out = String::new();
    for _ in common..from_dir.len() {
        out.push_str("../");
    }
    out.push_str(&to_parts[common..].join("/"));
    encode(&out)
}

/// Percent-encodes what a link destination cannot hold as it is: ASCII space, controls and
/// the characters markdown or URLs read as syntax (`%`, `#`, `?`, brackets, quotes, `\`).
/// Other non-ASCII characters (emoji, accents) stay as written: GitBook and HonKit match file
/// names with them, browsers encode them.
pub fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_control()
            || matches!(
                c,
                ' ' | '%' | '#' | '?' | '(' | ')' | '<' | '>' | '[' | ']' | '"' | '\\' | '`'
            )
        {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The anchor HonKit gives a heading with this text (the `github-slugid` package): symbols
/// dropped, each space a `-`, lowercase, one leading `-` removed. Duplicates are not numbered.
pub fn honkit_slug(text: &str) -> String {
    const SYMBOLS: &str = "[]!\"'#$%&()*+,./:;<=>?@\\^_`{|}~©∑®†“”‘’∂ƒ™℠…œŒ˚ºª•∆∞♥";
    let s: String = text
        .chars()
        .filter(|c| !SYMBOLS.contains(*c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect::<String>()
        .to_lowercase();
    s.strip_prefix('-').map(str::to_owned).unwrap_or(s)
}

/// One page as markdown.
fn page(book: &Book, paths: &[String], i: usize, labels: &Labels) -> String {
    let p = &book.pages[i];
    let mut doc = p.doc.clone();
    if let Some(fm) = &mut doc.front_matter {
        yaml_front_matter(fm);
    }
    let mut blocks = page_blocks(doc.blocks, paths, i, labels);
    let objective = book.exam.as_ref().and_then(|e| {
        e.topics
            .iter()
            .flat_map(|t| &t.objectives)
            .find(|o| o.page == i)
    });
    if let (Some(exam), Some(o)) = (&book.exam, objective) {
        // After the page's first heading, when the page opens with one.
        let at = usize::from(matches!(
            blocks.first(),
            Some(Block { kind: BlockKind::Heading(h), .. }) if h.level == 1
        ));
        let header = objective_header(exam, o, paths, i, labels);
        blocks.splice(at..at, header);
    }
    doc.blocks = blocks;
    if doc.front_matter.is_none() && doc.blocks.is_empty() {
        return String::new();
    }
    let opts = markdown::WriteOptions {
        dialect: Some(Dialect::GitBook),
    };
    markdown::write(&doc, &opts)
}

/// Front matter in YAML, the only kind GitBook reads. Keys exambook does not know hold their
/// TOML text: it becomes JSON, which YAML reads (a TOML inline table or a single-quoted string
/// is not YAML).
fn yaml_front_matter(fm: &mut exambook_syntax::ast::FrontMatter) {
    if fm.format == FrontMatterFormat::Toml {
        for (_, v) in &mut fm.meta.extra {
            if let Ok(t) = format!("v = {}", v.value).parse::<toml::Table>()
                && let Some(value) = t.get("v")
                && let Ok(json) = serde_json::to_string(value)
            {
                v.value = json;
            }
        }
    }
    fm.format = FrontMatterFormat::Yaml;
}

/// A page's blocks as GitBook reads them (see the module documentation).
pub fn page_blocks(
    mut blocks: Vec<Block>,
    paths: &[String],
    i: usize,
    labels: &Labels,
) -> Vec<Block> {
    let from = &paths[i];
    walk::inlines_mut(&mut blocks, &mut |inline| match &mut inline.kind {
        InlineKind::Link(l) => {
            if let Some(dest) = target_dest(l.target.as_ref(), paths, i, from) {
                l.dest = dest;
            }
        }
        InlineKind::Image(img) => {
            if let Some(dest) = target_dest(img.target.as_ref(), paths, i, from) {
                img.dest = dest;
            }
        }
        _ => {}
    });
    walk::blocks_mut(&mut blocks, &mut |b| {
        if let BlockKind::Heading(h) = &mut b.kind
            && let Some(id) = &h.id
            && !h.explicit_id
            && honkit_slug(&plain_text(&h.content)) != *id
        {
            h.explicit_id = true;
        }
    });
    expand(blocks, labels)
}

/// Where a resolved link or image points in the tree, relative to the page `from`.
fn target_dest(
    target: Option<&LinkTarget>,
    paths: &[String],
    i: usize,
    from: &str,
) -> Option<String> {
    match target? {
        LinkTarget::Page { page, anchor } => {
            let mut dest = if *page == i {
                String::new()
            } else {
                relative(from, paths.get(*page)?)
            };
            if let Some(a) = anchor {
                dest.push('#');
                dest.push_str(&encode(a));
            }
            Some(dest)
        }
        LinkTarget::Asset { path } => Some(relative(from, &asset_path(path))),
    }
}

/// Replaces the blocks GitBook has no form for (questions) and wraps titled code blocks, at
/// every depth.
fn expand(blocks: Vec<Block>, labels: &Labels) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for mut b in blocks {
        match b.kind {
            BlockKind::Question(q) => {
                // The question as exambook writes it, hidden in a comment, so that reading the
                // tree back recovers it (`exam::recover_written_questions`); then the form
                // GitBook shows.
                let source = markdown::write_blocks(
                    &[block(BlockKind::Question(q.clone()))],
                    &markdown::WriteOptions::default(),
                );
                out.push(html(format!(
                    "{}\n{}-->",
                    exam::WRITTEN_QUESTION_START,
                    exam::comment_escape(&source)
                )));
                let q = *q;
                out.extend(expand(q.text, labels));
                if !q.options.is_empty() {
                    out.push(block(BlockKind::List(Box::new(List {
                        start: None,
                        tight: true,
                        marker: '-',
                        items: q
                            .options
                            .iter()
                            .map(|o| ListItem {
                                task: Some(false),
                                blocks: vec![block(BlockKind::Paragraph(o.content.clone()))],
                                span: Span::default(),
                            })
                            .collect(),
                    }))));
                }
                let mut answer = Vec::new();
                let correct: Vec<&exambook_syntax::ast::QuestionOption> =
                    q.options.iter().filter(|o| o.correct).collect();
                if !correct.is_empty() {
                    answer.push(block(BlockKind::List(Box::new(List {
                        start: None,
                        tight: true,
                        marker: '-',
                        items: correct
                            .iter()
                            .map(|o| ListItem {
                                task: Some(true),
                                blocks: vec![block(BlockKind::Paragraph(o.content.clone()))],
                                span: Span::default(),
                            })
                            .collect(),
                    }))));
                }
                for a in &q.answers {
                    let how = match a.how {
                        exambook_syntax::ast::AnswerMatch::Exact => "",
                        exambook_syntax::ast::AnswerMatch::AnyCase => " (any case)",
                        exambook_syntax::ast::AnswerMatch::Pattern => " (pattern)",
                    };
                    answer.push(block(BlockKind::Paragraph(vec![
                        inline(InlineKind::Text(format!(
                            "{}{how}: ",
                            labels.get("answer", "Answer")
                        ))),
                        inline(InlineKind::Code(a.text.clone())),
                    ])));
                }
                let mut explanation = expand(q.explanation, labels);
                if let Some(Block {
                    kind: BlockKind::Paragraph(first),
                    ..
                }) = explanation.first_mut()
                {
                    first.insert(0, plain(" "));
                    first.insert(
                        0,
                        strong(&format!(
                            "{}:",
                            labels.get("quiz_explanation", "Explanation")
                        )),
                    );
                }
                answer.extend(explanation);
                out.push(block(BlockKind::Details(Box::new(Details {
                    summary: vec![plain(labels.get("answer", "Answer"))],
                    open: false,
                    body: answer,
                }))));
                out.push(html(exam::WRITTEN_QUESTION_END.to_owned()));
            }
            BlockKind::CodeBlock(ref mut c) if c.fenced => {
                // GitBook's and HonKit's fences take one word, the language; a title and line
                // numbers go into `{% code %}`. Other attributes have no GitBook form.
                let title = c
                    .attrs
                    .iter()
                    .find(|(k, _)| k == "title")
                    .and_then(|(_, v)| v.clone());
                let numbers = c.attrs.iter().any(|(k, _)| k == "linenos");
                c.info = c.lang.clone().unwrap_or_default();
                c.attrs.clear();
                let mut tag = String::new();
                if let Some(t) = &title {
                    let _ = write!(tag, " title=\"{}\"", attr(t));
                }
                if numbers {
                    tag.push_str(" lineNumbers=\"true\"");
                }
                if tag.is_empty() {
                    out.push(b);
                } else {
                    out.push(html(format!("{{% code{tag} %}}")));
                    out.push(b);
                    out.push(html("{% endcode %}".to_owned()));
                }
            }
            _ => {
                for child in walk::child_blocks_mut(&mut b.kind) {
                    let inner = std::mem::take(child);
                    *child = expand(inner, labels);
                }
                out.push(b);
            }
        }
    }
    out
}

/// A value for a `{% tag attr="…" %}`: quotes and line breaks cannot be written in one.
fn attr(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

fn block(kind: BlockKind) -> Block {
    Block {
        kind,
        span: Span::default(),
    }
}

fn inline(kind: InlineKind) -> Inline {
    Inline {
        kind,
        span: Span::default(),
    }
}

fn html(raw: String) -> Block {
    block(BlockKind::Html(Box::new(HtmlBlock {
        raw,
        anchors: Vec::new(),
    })))
}

fn strong(s: &str) -> Inline {
    inline(InlineKind::Strong(vec![inline(InlineKind::Text(
        s.to_owned(),
    ))]))
}

fn plain(s: &str) -> Inline {
    inline(InlineKind::Text(s.to_owned()))
}

/// The objective header as blocks, between the two comments the loader drops when the tree is
/// read back.
fn objective_header(
    exam: &Exam,
    o: &Objective,
    paths: &[String],
    i: usize,
    labels: &Labels,
) -> Vec<Block> {
    let mut out = vec![html(exambook_core::exam::WRITTEN_HEADER_START.to_owned())];
    let questions = exam.config.questions;
    let mut line = vec![
        strong(labels.get("objective", "Objective")),
        plain(&format!(" {}", o.id)),
        plain(" · "),
        strong(labels.get("weight", "Weight")),
        plain(&format!(" {}", o.weight)),
    ];
    if questions > 0 {
        let share = f64::from(o.weight) * 100.0 / f64::from(questions);
        line.push(plain(" · "));
        line.push(strong(labels.get("share_of_exam", "Share of the exam")));
        line.push(plain(&format!(
            " {share:.1} % ({}/{questions} {})",
            o.weight,
            labels.get("questions", "questions")
        )));
    }
    out.push(block(BlockKind::Paragraph(line)));
    if !o.description.is_empty() {
        out.push(block(BlockKind::Paragraph(vec![inline(
            InlineKind::Emphasis(vec![plain(&o.description)]),
        )])));
    }
    let list = |items: Vec<Vec<Inline>>| {
        block(BlockKind::List(Box::new(List {
            start: None,
            tight: true,
            marker: '-',
            items: items
                .into_iter()
                .map(|content| ListItem {
                    task: None,
                    blocks: vec![block(BlockKind::Paragraph(content))],
                    span: Span::default(),
                })
                .collect(),
        })))
    };
    if !o.knowledge.is_empty() {
        out.push(block(BlockKind::Paragraph(vec![strong(
            labels.get("key_knowledge", "Key knowledge areas"),
        )])));
        out.push(list(o.knowledge.iter().map(|k| vec![plain(k)]).collect()));
    }
    if !o.cited.is_empty() {
        out.push(block(BlockKind::Paragraph(vec![strong(
            labels.get("cited_objects", "Files, terms and utilities"),
        )])));
        let glossary = relative(&paths[i], "GLOSSARY.md");
        let items = [CitedKind::File, CitedKind::Term, CitedKind::Utility]
            .into_iter()
            .filter_map(|kind| {
                let names: Vec<&str> = o
                    .cited
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| c.name.as_str())
                    .collect();
                if names.is_empty() {
                    return None;
                }
                let mut line = vec![plain(&format!("{}: ", kind_label(labels, kind)))];
                for (n, name) in names.iter().enumerate() {
                    if n > 0 {
                        line.push(plain(", "));
                    }
                    let shown = if kind == CitedKind::Term {
                        plain(name)
                    } else {
                        inline(InlineKind::Code((*name).to_owned()))
                    };
                    line.push(inline(InlineKind::Link(Box::new(
                        exambook_syntax::ast::Link {
                            kind: exambook_syntax::ast::LinkKind::Inline,
                            dest: format!("{glossary}#{}", honkit_slug(name)),
                            title: String::new(),
                            content: vec![shown],
                            target: None,
                        },
                    ))));
                }
                Some(line)
            })
            .collect();
        out.push(list(items));
    }
    out.push(html(exambook_core::exam::WRITTEN_HEADER_END.to_owned()));
    out
}

/// How the glossary names an objective: its page's title, with the id in front unless the
/// title starts with it.
fn objective_label(book: &Book, id: &str, page: Option<usize>) -> String {
    let title = page
        .and_then(|p| book.pages.get(p))
        .map_or("", |p| p.title.as_str());
    if title.starts_with(id) {
        title.to_owned()
    } else {
        format!("{id} {title}").trim_end().to_owned()
    }
}

/// The name of a kind of cited object, plural ("Files").
fn kind_label(labels: &Labels, kind: CitedKind) -> &str {
    match kind {
        CitedKind::File => labels.get("kind_file", "Files"),
        CitedKind::Term => labels.get("kind_term", "Terms"),
        CitedKind::Utility => labels.get("kind_utility", "Utilities"),
    }
}

/// `SUMMARY.md`: `## Part` headings, `*` lists of links nested by two spaces.
fn summary(book: &Book, paths: &[String]) -> String {
    let mut out = String::from("# Summary\n");
    let mut in_list = false;
    for entry in &book.toc {
        match entry {
            TocEntry::Part { title } => {
                let _ = write!(
                    out,
                    "\n## {}\n",
                    markdown::inlines(&[plain(title)]).replace('\n', " ")
                );
                in_list = false;
            }
            TocEntry::Separator => {
                out.push_str("\n___\n");
                in_list = false;
            }
            TocEntry::Chapter { .. } => {
                if !in_list {
                    out.push('\n');
                    in_list = true;
                }
                chapter(&mut out, entry, paths, 0);
            }
        }
    }
    out
}

fn chapter(out: &mut String, entry: &TocEntry, paths: &[String], depth: usize) {
    let TocEntry::Chapter {
        title,
        page,
        children,
    } = entry
    else {
        return;
    };
    // GitBook has no draft chapters: a draft's children move up a level.
    let mut next = depth;
    if let Some(path) = page.and_then(|p| paths.get(p)) {
        let _ = writeln!(
            out,
            "{}* [{}]({})",
            "  ".repeat(depth),
            markdown::inlines(&[plain(title)]).replace('\n', " "),
            summary_dest(path)
        );
        next = depth + 1;
    }
    for c in children {
        chapter(out, c, paths, next);
    }
}

/// A `SUMMARY.md` link destination: the path as it is, in `<…>` when it needs encoding (HonKit
/// finds a page only by its path as written there, not percent-encoded).
fn summary_dest(path: &str) -> String {
    if encode(path) == path {
        return path.to_owned();
    }
    let mut out = String::from("<");
    for c in path.chars() {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
    out
}

/// `GLOSSARY.md`: every cited object, `## name` then what it is and where it is cited.
fn glossary(book: &Book, exam: &Exam, paths: &[String], labels: &Labels) -> String {
    let mut out = String::from("# Glossary\n");
    let pages: BTreeMap<&str, usize> = exam
        .topics
        .iter()
        .flat_map(|t| &t.objectives)
        .map(|o| (o.id.as_str(), o.page))
        .collect();
    for e in &exam.index {
        let mut line = vec![plain(&format!(
            "{} · {}: ",
            kind_label(labels, e.kind),
            labels.get("cited_by", "Cited by")
        ))];
        for (n, id) in e.objectives.iter().enumerate() {
            if n > 0 {
                line.push(plain(", "));
            }
            match pages.get(id.as_str()).and_then(|&p| paths.get(p)) {
                Some(path) => line.push(inline(InlineKind::Link(Box::new(
                    exambook_syntax::ast::Link {
                        kind: exambook_syntax::ast::LinkKind::Inline,
                        dest: relative("GLOSSARY.md", path),
                        title: String::new(),
                        content: vec![plain(&objective_label(
                            book,
                            id,
                            pages.get(id.as_str()).copied(),
                        ))],
                        target: None,
                    },
                )))),
                None => line.push(plain(id)),
            }
        }
        line.push(plain("."));
        let heading = markdown::inlines(&[plain(&e.name)]).replace('\n', " ");
        // A heading's `{` and final `#` are syntax; the name is always written plain.
        let heading = heading.replace('{', "\\{");
        let _ = write!(
            out,
            "\n## {heading}\n\n{}\n",
            markdown::write_blocks(&[block(BlockKind::Paragraph(line))], &Default::default())
                .trim_end()
        );
    }
    out
}

/// `book.toml` of the tree: `[book]` (its `src` the tree itself) and `[exam]` as the book's
/// own `book.toml` has them.
fn book_toml(book: &Book) -> String {
    let written = book
        .sources
        .find(std::path::Path::new("book.toml"))
        .and_then(|id| book.sources.get(id))
        .and_then(|f| f.text.parse::<toml::Table>().ok())
        .unwrap_or_default();
    let mut table = toml::Table::new();
    let mut book_section = match written.get("book") {
        Some(toml::Value::Table(t)) => t.clone(),
        _ => toml::Table::new(),
    };
    if !book_section.contains_key("title") {
        book_section.insert(
            "title".into(),
            toml::Value::String(book.config.book.title.clone()),
        );
    }
    book_section.insert("src".into(), toml::Value::String(".".into()));
    table.insert("book".into(), toml::Value::Table(book_section));
    if let Some(exam) = written.get("exam") {
        table.insert("exam".into(), exam.clone());
    }
    format!(
        "# Written by `exambook build --format gitbook`: GitBook and HonKit ignore this file;\n\
         # `exambook build` of this folder reads the guide back with its exam.\n{}",
        toml::to_string(&table).unwrap_or_default()
    )
}

/// A YAML double-quoted scalar.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn relative_paths_and_encoding() {
        assert_eq!(
            relative("README.md", "351/351.2-xen.md"),
            "351/351.2-xen.md"
        );
        assert_eq!(relative("351/a.md", "351/b.md"), "b.md");
        assert_eq!(relative("351/a.md", "352/b.md"), "../352/b.md");
        assert_eq!(relative("a/b/c.md", "a/d.md"), "../d.md");
        assert_eq!(relative("a/b.md", "README.md"), "../README.md");
        assert_eq!(relative("a b/x.md", "a b/🖥️ y.md"), "🖥️%20y.md");
        assert_eq!(encode("my (draft) #1.md"), "my%20%28draft%29%20%231.md");
        assert_eq!(asset_path("img/a.png"), ".gitbook/assets/img/a.png");
        assert_eq!(asset_path(".gitbook/assets/a.png"), ".gitbook/assets/a.png");
    }

    #[test]
    fn toml_front_matter_becomes_yaml_gitbook_reads() {
        let text = "+++\ntitle = \"T: x\"\nweight = 3\nsidebar = { order = 2, label = \"a: b\" }\ntags = [\"a\", 'b']\n+++\n\n# T\n";
        let (doc, _) = exambook_syntax::parse(text);
        let mut fm = doc.front_matter.unwrap();
        assert_eq!(fm.meta.extra.len(), 2, "{:?}", fm.meta.extra);
        yaml_front_matter(&mut fm);
        let out = markdown::write(
            &exambook_syntax::Document {
                front_matter: Some(fm),
                blocks: Vec::new(),
                html_targets: Default::default(),
            },
            &markdown::WriteOptions::default(),
        );
        assert_eq!(
            out,
            "---\ntitle: \"T: x\"\nweight: 3\nsidebar: {\"label\":\"a: b\",\"order\":2}\ntags: [\"a\",\"b\"]\n---\n"
        );
        let (back, _) = exambook_syntax::parse(&out);
        let meta = back.front_matter.unwrap().meta;
        assert_eq!(meta.title.unwrap().value, "T: x");
        assert_eq!(meta.extra.len(), 2);
    }

    #[test]
    fn honkit_slugs_follow_github_slugid() {
        assert_eq!(honkit_slug("351.1 Foo Bar"), "3511-foo-bar");
        assert_eq!(honkit_slug("Hello_world "), "helloworld-");
        assert_eq!(honkit_slug("The `virsh` shell!"), "the-virsh-shell");
        assert_eq!(honkit_slug(" x"), "x");
        assert_eq!(honkit_slug("Über → 🖥️"), "über-→-🖥️");
    }
}

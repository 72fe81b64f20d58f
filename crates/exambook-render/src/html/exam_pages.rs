//! The exam's generated pages, and the exam data the rest of the site shows.
//!
//! - `blueprint.html`: the exam's facts, how it splits (a stacked bar in plain HTML and CSS),
//!   every topic and objective with its weight, share of the exam and expected number of
//!   questions, the same objectives heaviest first, and the reader's progress beside each
//!   (filled in by `static/exam.js`, with export and import of the progress as a JSON file).
//! - `cited.html`: every cited file, term and utility, grouped by kind and alphabetised, each
//!   linking to the sections that explain it and to the objectives that cite it; a filter box
//!   (`static/exam.js`) hides the entries that do not match.
//! - `cheatsheet.html`: every code block that runs one of its objective's commands
//!   ([`objective_commands`]: a cited utility, also with a remark such as `virsh (including
//!   relevant subcommands)`, or a tool cited as a term), grouped by objective, highlighted as on the pages (the page renderer's own code-block path, passed in
//!   as a function), laid out to print on a few pages.
//!
//! Progress lives in the reader's browser only: `localStorage` under [`store_key`], per
//! objective a "studied" flag and the keys of the knowledge areas ticked. A knowledge area's key
//! is a slug of its text ([`knowledge`]), so reordering the areas keeps the ticks.
//!
//! Everything here is a pure function of the book: the output does not depend on the order in
//! which pages are rendered.

use std::collections::{BTreeMap, BTreeSet};

use exambook_core::Book;
use exambook_core::exam::{Exam, IndexEntry, commands_in, kind_name, objective_commands};
use exambook_syntax::ast::{Block, BlockKind, CitedKind, CodeBlock, LinkTarget};
use exambook_syntax::html::{self as body_html, Hooks};
use exambook_syntax::{Span, walk};
use serde::Serialize;
use tera::Context;

use super::site::percent;

/// Where the blueprint is written.
pub(crate) const BLUEPRINT: &str = "blueprint.html";
/// Where the cited-objects index is written.
pub(crate) const CITED: &str = "cited.html";
/// Where the command cheat sheet is written.
pub(crate) const CHEATSHEET: &str = "cheatsheet.html";
/// Where the practice exam is written.
pub(crate) const PRACTICE: &str = "practice.html";

/// How many colours the stacked bar cycles through (`.split-0` … in the stylesheet).
const SPLIT_COLOURS: usize = 6;
/// The longest knowledge-area key, in characters.
const MAX_KEY: usize = 48;

type Strings = BTreeMap<String, String>;

fn string<'s>(strings: &'s Strings, key: &'s str) -> &'s str {
    strings.get(key).map_or(key, String::as_str)
}

/// A UI string with its `{name}` placeholders filled in.
pub(crate) fn fill(strings: &Strings, key: &str, values: &[(&str, &str)]) -> String {
    let mut out = string(strings, key).to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Lowercase letters and digits kept, every other run of characters written as one `-`:
/// `/etc/xen/` → `etc-xen`, `qemu-system-x86_64` → `qemu-system-x86-64`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Appends `-2`, `-3`, … to `base` until it is not in `taken`, then takes it.
fn unique(base: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    taken.insert(candidate.clone());
    candidate
}

/// The book's short name in progress keys and files: a slug of the exam code, else of the title.
pub(crate) fn book_key(book: &Book) -> String {
    let source = book
        .config
        .exam
        .as_ref()
        .map(|e| e.code.as_str())
        .filter(|c| !slug(c).is_empty())
        .unwrap_or(&book.config.book.title);
    let key = slug(source);
    if key.is_empty() { "book".into() } else { key }
}

/// The `localStorage` key of the reader's progress in this book: `exambook:<book>:progress`.
/// Scoped to the book because every page opened from `file://` shares one storage.
pub(crate) fn store_key(book: &Book) -> String {
    format!("exambook:{}:progress", book_key(book))
}

/// A knowledge area of an objective header, with the key its checkbox is stored under.
#[derive(Debug, Serialize)]
pub(crate) struct Knowledge<'a> {
    /// The area as the front matter gives it.
    pub(crate) text: &'a str,
    /// A slug of the text, unique among the objective's areas.
    pub(crate) key: String,
}

/// The knowledge areas of one objective with their keys.
pub(crate) fn knowledge<'a>(areas: impl IntoIterator<Item = &'a str>) -> Vec<Knowledge<'a>> {
    let mut taken = BTreeSet::new();
    areas
        .into_iter()
        .map(|text| {
            let mut key: String = slug(text).chars().take(MAX_KEY).collect();
            while key.ends_with('-') {
                key.pop();
            }
            if key.is_empty() {
                key = "area".into();
            }
            Knowledge {
                text,
                key: unique(key, &mut taken),
            }
        })
        .collect()
}

/// The keys of an objective's knowledge areas, space-separated (a `data-keys` attribute).
fn keys_of(areas: &[String]) -> String {
    knowledge(areas.iter().map(String::as_str))
        .into_iter()
        .map(|k| k.key)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The anchor of every index entry on `cited.html`: `<kind>-<slug of the name>`, unique.
fn anchors(index: &[IndexEntry]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    index
        .iter()
        .map(|e| {
            let s = slug(&e.name);
            let s = if s.is_empty() { "x".to_owned() } else { s };
            unique(format!("{}-{s}", kind_name(e.kind)), &mut taken)
        })
        .collect()
}

/// Finds the index entry of a cited object, for the chips of the objective headers.
pub(crate) struct CitedAnchors<'a> {
    entries: Vec<(&'a IndexEntry, String)>,
}

impl<'a> CitedAnchors<'a> {
    /// The anchors of `book`'s index (none when the book has no exam model, or a page of its
    /// own where the index goes).
    pub(crate) fn new(book: &'a Book) -> Self {
        let entries = match &book.exam {
            Some(exam) if !book.pages.iter().any(|p| super::page_path(p) == CITED) => {
                exam.index.iter().zip(anchors(&exam.index)).collect()
            }
            _ => Vec::new(),
        };
        CitedAnchors { entries }
    }

    /// The URL of the entry of the object `name` of kind `kind` (`file`, `term`, `utility`),
    /// from a page whose root prefix is `root`; `None` when the index does not list it.
    pub(crate) fn href(&self, root: &str, kind: &str, name: &str) -> Option<String> {
        let lower = name.trim().to_lowercase();
        self.entries
            .iter()
            .find(|(e, _)| kind_name(e.kind) == kind && e.name.to_lowercase() == lower)
            .map(|(_, anchor)| format!("{root}{CITED}#{anchor}"))
    }
}

/// A link of the sidebar's "Exam" part.
#[derive(Debug, Serialize)]
pub(crate) struct NavLink {
    pub(crate) title: String,
    pub(crate) href: &'static str,
    /// The link that shows the reader's progress over the whole exam.
    total: bool,
}

/// The links of the sidebar's "Exam" part: the generated pages (none without an exam model).
pub(crate) fn nav_links(book: &Book, strings: &Strings) -> Vec<NavLink> {
    if book.exam.is_none() {
        return Vec::new();
    }
    [
        (BLUEPRINT, "blueprint_title", true),
        (CITED, "cited_title", false),
        (CHEATSHEET, "cheatsheet_title", false),
        (PRACTICE, "practice_title", false),
    ]
    .into_iter()
    .filter(|(path, _, _)| !book.pages.iter().any(|p| super::page_path(p) == *path))
    .map(|(href, key, total)| NavLink {
        title: string(strings, key).to_owned(),
        href,
        total,
    })
    .collect()
}

/// What the sidebar knows of an objective page, for its progress bar.
#[derive(Debug, Serialize)]
pub(crate) struct NavObjective {
    id: String,
    weight: u32,
    /// The knowledge-area keys, space-separated.
    keys: String,
}

/// The objective pages of the exam model by output path, for the sidebar.
pub(crate) fn nav_objectives(book: &Book) -> BTreeMap<String, NavObjective> {
    let mut out = BTreeMap::new();
    for o in book
        .exam
        .iter()
        .flat_map(|e| &e.topics)
        .flat_map(|t| &t.objectives)
    {
        if let Some(page) = book.pages.get(o.page) {
            out.insert(
                super::page_url(page),
                NavObjective {
                    id: o.id.clone(),
                    weight: o.weight,
                    keys: keys_of(&o.knowledge),
                },
            );
        }
    }
    out
}

/// A page to write: its path, its template and the template's data.
pub(crate) struct Generated {
    /// Output path (at the site root).
    pub(crate) path: &'static str,
    /// The template that renders it.
    pub(crate) template: &'static str,
    /// The template's data.
    pub(crate) ctx: Context,
}

/// The exam's generated pages (none when the book has no exam model). `code` renders one code
/// block as the pages do.
pub(crate) fn pages(
    book: &Book,
    strings: &Strings,
    code: &mut dyn FnMut(&CodeBlock, Span) -> String,
) -> Vec<Generated> {
    let Some(exam) = &book.exam else {
        return Vec::new();
    };
    vec![
        Generated {
            path: BLUEPRINT,
            template: "blueprint.html",
            ctx: blueprint(book, exam, strings),
        },
        Generated {
            path: CITED,
            template: "cited.html",
            ctx: cited(book, exam, strings),
        },
        Generated {
            path: CHEATSHEET,
            template: "cheatsheet.html",
            ctx: cheatsheet(book, exam, strings, code),
        },
        Generated {
            path: PRACTICE,
            template: "practice.html",
            ctx: practice(book, exam, strings, code),
        },
    ]
}

/// `weight × questions / total` with at most one decimal: the number of questions an objective
/// brings when the weights are relative.
fn expected(weight: u32, total: u32, questions: u32) -> String {
    if total == 0 {
        return "0".into();
    }
    let tenths =
        (u64::from(weight) * u64::from(questions) * 10 + u64::from(total) / 2) / u64::from(total);
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// An objective's title with its id in front (once).
fn label(id: &str, title: &str) -> String {
    if title.starts_with(id) {
        title.to_owned()
    } else {
        format!("{id} {title}")
    }
}

// ---- blueprint ------------------------------------------------------------------------------

#[derive(Serialize)]
struct Facts<'a> {
    code: &'a str,
    name: &'a str,
    version: Option<&'a str>,
    questions: u32,
    duration: Option<String>,
    passing: Option<String>,
    source: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct TopicRow {
    id: String,
    title: String,
    weight: u32,
    share: String,
    expected: String,
    colour: usize,
    legend: String,
    objectives: Vec<ObjectiveRow>,
}

#[derive(Serialize, Clone)]
struct ObjectiveRow {
    id: String,
    label: String,
    href: String,
    topic: String,
    weight: u32,
    share: String,
    expected: String,
    keys: String,
    /// Questions the book has for it, and per weight point.
    questions: usize,
    per_weight: String,
}

fn blueprint(book: &Book, exam: &Exam, strings: &Strings) -> Context {
    let config = &exam.config;
    let coverage: BTreeMap<String, (usize, f64)> = exam
        .coverage()
        .into_iter()
        .map(|c| (c.objective, (c.questions, c.per_weight)))
        .collect();
    let questions = config.questions;
    let total: u32 = exam.topics.iter().map(|t| t.weight()).sum();
    let facts = Facts {
        code: &config.code,
        name: &config.name,
        version: config.version.as_deref(),
        questions,
        duration: config
            .minutes
            .map(|m| fill(strings, "exam_minutes", &[("minutes", &m.to_string())])),
        passing: config.passing_score.map(|score| match config.scale {
            Some([min, max]) => fill(
                strings,
                "exam_passing_scale",
                &[
                    ("score", &score.to_string()),
                    ("min", &min.to_string()),
                    ("max", &max.to_string()),
                ],
            ),
            None => score.to_string(),
        }),
        source: config
            .objectives_source
            .as_deref()
            .filter(|s| !s.trim().is_empty()),
        note: config.note.as_deref().filter(|s| !s.trim().is_empty()),
    };
    let topics: Vec<TopicRow> = exam
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let share = percent(t.weight(), questions);
            TopicRow {
                id: t.id.clone(),
                title: t.title.clone(),
                weight: t.weight(),
                legend: fill(
                    strings,
                    "exam_split_topic",
                    &[
                        ("id", &t.id),
                        ("title", &t.title),
                        ("weight", &t.weight().to_string()),
                        ("share", &share),
                    ],
                ),
                share,
                expected: expected(t.weight(), total, questions),
                colour: i % SPLIT_COLOURS,
                objectives: t
                    .objectives
                    .iter()
                    .map(|o| ObjectiveRow {
                        id: o.id.clone(),
                        label: label(&o.id, &o.title),
                        href: book
                            .pages
                            .get(o.page)
                            .map(super::page_url)
                            .unwrap_or_default(),
                        topic: t.id.clone(),
                        weight: o.weight,
                        share: percent(o.weight, questions),
                        expected: expected(o.weight, total, questions),
                        keys: keys_of(&o.knowledge),
                        questions: coverage.get(&o.id).map_or(0, |c| c.0),
                        per_weight: format!("{:.1}", coverage.get(&o.id).map_or(0.0, |c| c.1)),
                    })
                    .collect(),
            }
        })
        .collect();
    // Heaviest first; equal weights keep the objectives' order.
    let mut heaviest: Vec<ObjectiveRow> = topics
        .iter()
        .flat_map(|t| t.objectives.iter().cloned())
        .collect();
    heaviest.sort_by_key(|o| std::cmp::Reverse(o.weight));

    let mut ctx = Context::new();
    ctx.insert("page_title", string(strings, "blueprint_title"));
    ctx.insert("facts", &facts);
    ctx.insert("topics", &topics);
    ctx.insert("heaviest", &heaviest);
    ctx.insert("total_weight", &total);
    ctx.insert("total_share", &percent(total, questions));
    ctx.insert("book_key", &book_key(book));
    ctx.insert("has_questions", &!exam.questions.is_empty());
    ctx.insert("total_questions", &exam.questions.len());
    ctx
}

// ---- practice exam --------------------------------------------------------------------------

/// One question as the practice page's script reads it.
#[derive(Serialize)]
struct PracticeQuestion {
    /// The book-wide key (`stem#anchor`), as inline questions record it in the progress.
    key: String,
    objective: Option<String>,
    topic: Option<String>,
    kind: &'static str,
    text: String,
    options: Vec<String>,
    /// The answer key (see `exambook_syntax::html::answer_key`).
    answer: serde_json::Value,
    explanation: String,
    /// The question on its page, from the site root.
    href: String,
}

#[derive(Serialize)]
struct PracticeObjective {
    id: String,
    label: String,
    weight: u32,
    topic: String,
}

#[derive(Serialize)]
struct PracticeTopic {
    id: String,
    title: String,
}

#[derive(Serialize)]
struct PracticeData {
    count: u32,
    minutes: Option<u32>,
    scale: Option<[u32; 2]>,
    passing: Option<u32>,
    topics: Vec<PracticeTopic>,
    objectives: Vec<PracticeObjective>,
    questions: Vec<PracticeQuestion>,
}

/// Renders question parts for a page at the site root: links to pages and assets become
/// root-relative, code blocks are highlighted as on the pages.
struct RootHooks<'a, 'c> {
    book: &'a Book,
    code: &'c mut dyn FnMut(&CodeBlock, Span) -> String,
}

impl Hooks for RootHooks<'_, '_> {
    fn url(&mut self, url: &str, target: Option<&LinkTarget>, image: bool) -> Option<String> {
        let _ = (url, image);
        match target? {
            LinkTarget::Page { page, anchor } => {
                let mut href = self.book.pages.get(*page).map(super::page_url)?;
                if let Some(a) = anchor {
                    href.push('#');
                    href.push_str(a);
                }
                Some(href)
            }
            LinkTarget::Asset { path } => Some(path.clone()),
        }
    }

    fn code_block(&mut self, block: &CodeBlock, span: Span, out: &mut String) {
        out.push_str(&(self.code)(block, span));
    }
}

fn practice(
    book: &Book,
    exam: &Exam,
    strings: &Strings,
    code: &mut dyn FnMut(&CodeBlock, Span) -> String,
) -> Context {
    let topic_of = |objective: &str| {
        exam.topics
            .iter()
            .find(|t| t.objectives.iter().any(|o| o.id == objective))
            .map(|t| t.id.clone())
    };
    let mut questions = Vec::new();
    for entry in &exam.questions {
        let Some(page) = book.pages.get(entry.page) else {
            continue;
        };
        let mut found = None;
        walk::blocks(&page.doc.blocks, &mut |b| {
            if b.span == entry.span
                && let BlockKind::Question(q) = &b.kind
            {
                found = Some(q.as_ref().clone());
            }
        });
        let Some(q) = found else { continue };
        let mut hooks = RootHooks {
            book,
            code: &mut *code,
        };
        let text = body_html::body(&q.text, &mut hooks);
        let options = q
            .options
            .iter()
            .map(|o| body_html::inlines(&o.content, &mut hooks))
            .collect();
        let explanation = body_html::body(&q.explanation, &mut hooks);
        let kind = if !q.is_choice() {
            "fill"
        } else if q.is_multiple() {
            "multiple"
        } else {
            "single"
        };
        questions.push(PracticeQuestion {
            key: format!("{}#{}", page.stem, entry.anchor),
            topic: entry.objective.as_deref().and_then(topic_of),
            objective: entry.objective.clone(),
            kind,
            text,
            options,
            answer: serde_json::from_str(&body_html::answer_key(&q))
                .unwrap_or(serde_json::Value::Null),
            explanation,
            href: format!("{}#{}", super::page_url(page), entry.anchor),
        });
    }
    let config = &exam.config;
    let data = PracticeData {
        count: config.questions,
        minutes: config.minutes,
        scale: config.scale,
        passing: config.passing_score,
        topics: exam
            .topics
            .iter()
            .map(|t| PracticeTopic {
                id: t.id.clone(),
                title: t.title.clone(),
            })
            .collect(),
        objectives: exam
            .topics
            .iter()
            .flat_map(|t| {
                t.objectives.iter().map(|o| PracticeObjective {
                    id: o.id.clone(),
                    label: label(&o.id, &o.title),
                    weight: o.weight,
                    topic: t.id.clone(),
                })
            })
            .collect(),
        questions,
    };
    // Inside <script>: `<` is escaped so no `</script>` can end it early.
    let json = serde_json::to_string(&data)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c");
    let mut ctx = Context::new();
    ctx.insert("page_title", string(strings, "practice_title"));
    ctx.insert(
        "intro",
        &fill(
            strings,
            "practice_intro",
            &[
                ("questions", &config.questions.to_string()),
                (
                    "minutes",
                    &config.minutes.map_or("–".to_owned(), |m| m.to_string()),
                ),
            ],
        ),
    );
    ctx.insert("data_json", &json);
    ctx.insert("question_total", &data.questions.len());
    ctx
}

// ---- cited-objects index --------------------------------------------------------------------

#[derive(Serialize)]
struct KindGroup {
    kind: &'static str,
    title: String,
    entries: Vec<CitedRow>,
}

#[derive(Serialize)]
struct CitedRow {
    anchor: String,
    name: String,
    /// What the filter matches: the name and the citing objectives' ids, lowercase.
    search: String,
    /// The pages that explain it, each with its sections.
    places: Vec<PagePlaces>,
    objectives: Vec<Place>,
}

#[derive(Serialize)]
struct PagePlaces {
    label: String,
    href: String,
    sections: Vec<Place>,
}

#[derive(Serialize)]
struct Place {
    label: String,
    href: String,
}

fn cited(book: &Book, exam: &Exam, strings: &Strings) -> Context {
    let anchors = anchors(&exam.index);
    let mut groups: Vec<KindGroup> = Vec::new();
    for kind in [CitedKind::File, CitedKind::Term, CitedKind::Utility] {
        let mut entries: Vec<CitedRow> = exam
            .index
            .iter()
            .zip(&anchors)
            .filter(|(e, _)| e.kind == kind)
            .map(|(e, anchor)| cited_row(book, exam, e, anchor))
            .collect();
        if entries.is_empty() {
            continue;
        }
        entries.sort_by(|a, b| {
            (a.name.to_lowercase(), &a.name).cmp(&(b.name.to_lowercase(), &b.name))
        });
        groups.push(KindGroup {
            kind: kind_name(kind),
            title: string(strings, &format!("kind_{}", kind_name(kind))).to_owned(),
            entries,
        });
    }
    let total: usize = groups.iter().map(|g| g.entries.len()).sum();
    let mut ctx = Context::new();
    ctx.insert("page_title", string(strings, "cited_title"));
    ctx.insert("groups", &groups);
    ctx.insert("total", &total);
    ctx
}

fn cited_row(book: &Book, exam: &Exam, entry: &IndexEntry, anchor: &str) -> CitedRow {
    let mut places: Vec<(usize, PagePlaces)> = Vec::new();
    for (index, heading) in &entry.places {
        let Some(page) = book.pages.get(*index) else {
            continue;
        };
        let at = match places.iter().position(|(i, _)| i == index) {
            Some(at) => at,
            None => {
                places.push((
                    *index,
                    PagePlaces {
                        label: page.title.clone(),
                        href: super::page_url(page),
                        sections: Vec::new(),
                    },
                ));
                places.len() - 1
            }
        };
        // A section under the page's own title is the page itself.
        let section = heading.as_ref().and_then(|id| {
            page.headings
                .iter()
                .find(|h| &h.id == id && h.level > 1)
                .map(|h| Place {
                    label: h.text.clone(),
                    href: format!("{}#{id}", super::page_url(page)),
                })
        });
        if let (Some(section), Some((_, group))) = (section, places.get_mut(at)) {
            group.sections.push(section);
        }
    }
    let places = places.into_iter().map(|(_, p)| p).collect();
    let objectives = entry
        .objectives
        .iter()
        .map(|id| Place {
            label: id.clone(),
            href: exam
                .topics
                .iter()
                .flat_map(|t| &t.objectives)
                .find(|o| &o.id == id)
                .and_then(|o| book.pages.get(o.page))
                .map(super::page_url)
                .unwrap_or_default(),
        })
        .collect();
    let mut search = entry.name.to_lowercase();
    for id in &entry.objectives {
        search.push(' ');
        search.push_str(id);
    }
    CitedRow {
        anchor: anchor.to_owned(),
        name: entry.name.clone(),
        search,
        places,
        objectives,
    }
}

// ---- command cheat sheet --------------------------------------------------------------------

#[derive(Serialize)]
struct CheatTopic {
    id: String,
    title: String,
    objectives: Vec<CheatObjective>,
}

#[derive(Serialize)]
struct CheatObjective {
    id: String,
    anchor: String,
    label: String,
    href: String,
    utilities: Vec<String>,
    blocks: Vec<CheatBlock>,
}

#[derive(Serialize)]
struct CheatBlock {
    html: String,
    href: String,
    section: String,
    /// Whether the block comes from another section than the one before it (whose link then
    /// needs no repeating).
    new_section: bool,
}

/// A code block with the id of the heading of its section.
struct Found<'b> {
    block: &'b Block,
    code: &'b CodeBlock,
    heading: Option<&'b str>,
}

/// Every code block under `blocks`, in document order, with the heading it follows.
fn code_blocks<'b>(blocks: &'b [Block], heading: &mut Option<&'b str>, out: &mut Vec<Found<'b>>) {
    for block in blocks {
        match &block.kind {
            BlockKind::Heading(h) => {
                *heading = if h.level <= 1 { None } else { h.id.as_deref() };
            }
            BlockKind::CodeBlock(c) => out.push(Found {
                block,
                code: c,
                heading: *heading,
            }),
            kind => {
                for child in exambook_syntax::walk::child_blocks(kind) {
                    code_blocks(child, heading, out);
                }
            }
        }
    }
}

fn cheatsheet(
    book: &Book,
    exam: &Exam,
    strings: &Strings,
    code: &mut dyn FnMut(&CodeBlock, Span) -> String,
) -> Context {
    let mut topics = Vec::new();
    for t in &exam.topics {
        let mut objectives = Vec::new();
        for o in &t.objectives {
            let Some(page) = book.pages.get(o.page) else {
                continue;
            };
            let cited: BTreeSet<String> =
                objective_commands(&o.cited, &commands_in(&page.doc.blocks))
                    .into_iter()
                    .collect();
            if cited.is_empty() {
                continue;
            }
            let mut found = Vec::new();
            code_blocks(&page.doc.blocks, &mut None, &mut found);
            let mut used: BTreeSet<String> = BTreeSet::new();
            let mut blocks = Vec::new();
            for f in found {
                let commands = commands_in(std::slice::from_ref(f.block));
                let hits: Vec<&String> = commands.iter().filter(|c| cited.contains(*c)).collect();
                if hits.is_empty() {
                    continue;
                }
                used.extend(hits.into_iter().cloned());
                let (href, section) = match f.heading {
                    Some(id) => (
                        format!("{}#{id}", super::page_url(page)),
                        page.headings
                            .iter()
                            .find(|h| h.id == id)
                            .map_or_else(|| page.title.clone(), |h| h.text.clone()),
                    ),
                    None => (super::page_url(page), page.title.clone()),
                };
                let new_section = blocks.last().is_none_or(|b: &CheatBlock| b.href != href);
                blocks.push(CheatBlock {
                    html: code(f.code, f.block.span),
                    href,
                    section,
                    new_section,
                });
            }
            if blocks.is_empty() {
                continue;
            }
            objectives.push(CheatObjective {
                id: o.id.clone(),
                anchor: format!("objective-{}", slug(&o.id)),
                label: label(&o.id, &o.title),
                href: super::page_url(page),
                utilities: used.into_iter().collect(),
                blocks,
            });
        }
        if !objectives.is_empty() {
            topics.push(CheatTopic {
                id: t.id.clone(),
                title: t.title.clone(),
                objectives,
            });
        }
    }
    let mut ctx = Context::new();
    ctx.insert("page_title", string(strings, "cheatsheet_title"));
    ctx.insert("topics", &topics);
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_keys() {
        assert_eq!(slug("/etc/xen/"), "etc-xen");
        assert_eq!(slug("qemu-system-x86_64"), "qemu-system-x86-64");
        assert_eq!(
            slug("Hardware Virtual Machine (HVM)"),
            "hardware-virtual-machine-hvm"
        );
        let k = knowledge(["QEMU architecture", "QEMU architecture!", "???"]);
        let keys: Vec<&str> = k.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(keys, ["qemu-architecture", "qemu-architecture-2", "area"]);
        let long = knowledge(["Awareness of the important QEMU configuration parameters and more"]);
        assert!(long[0].key.len() <= MAX_KEY && !long[0].key.ends_with('-'));
    }

    #[test]
    fn expected_questions() {
        assert_eq!(expected(4, 60, 60), "4");
        assert_eq!(expected(1, 3, 10), "3.3");
        assert_eq!(expected(4, 0, 60), "0");
    }

    #[test]
    fn labels() {
        assert_eq!(label("351.3", "351.3 QEMU"), "351.3 QEMU");
        assert_eq!(label("351.3", "QEMU"), "351.3 QEMU");
    }
}

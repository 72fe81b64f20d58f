//! The exam model: objectives from page front matter, grouped into topics, with their weights,
//! knowledge areas and cited objects (files, terms, utilities), checked against `[exam]`.
//!
//! Checks (each a diagnostic at the offending line): malformed or duplicate objective ids,
//! weights that do not sum to the question count, objectives whose topic `[exam] topics` does
//! not declare, objective pages without a weight or with empty knowledge areas, and cited objects
//! never mentioned in their page's body.

use std::collections::BTreeMap;

use exambook_syntax::ast::{Block, BlockKind, CitedKind, InlineKind, plain_text};
use exambook_syntax::{Diagnostic, Span, walk};

use crate::book::{Page, SourceMap};
use crate::config::ExamConfig;
pub use crate::questions::QuestionEntry;

/// The exam as the book covers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exam {
    /// Settings from `[exam]`.
    pub config: ExamConfig,
    /// Topics in id order, each with its objectives.
    pub topics: Vec<Topic>,
    /// Every cited object of every objective, grouped by kind then name.
    pub index: Vec<IndexEntry>,
    /// Every question of the book, in reading order.
    pub questions: Vec<QuestionEntry>,
}

/// How many questions the book has for one objective.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// The objective id.
    pub objective: String,
    /// Its weight.
    pub weight: u32,
    /// The questions that count for it.
    pub questions: usize,
    /// `questions / weight` (0 for an objective of weight 0).
    pub per_weight: f64,
}

impl Exam {
    /// The question coverage of each objective, in id order.
    pub fn coverage(&self) -> Vec<Coverage> {
        self.topics
            .iter()
            .flat_map(|t| &t.objectives)
            .map(|o| {
                let questions = self
                    .questions
                    .iter()
                    .filter(|q| q.objective.as_deref() == Some(o.id.as_str()))
                    .count();
                Coverage {
                    objective: o.id.clone(),
                    weight: o.weight,
                    questions,
                    per_weight: if o.weight == 0 {
                        0.0
                    } else {
                        questions as f64 / f64::from(o.weight)
                    },
                }
            })
            .collect()
    }
}

/// A topic: the objectives sharing an id prefix (`351` for `351.1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// The prefix, e.g. `351`.
    pub id: String,
    /// Its title from `[exam] topics`, else `Topic <id>`.
    pub title: String,
    /// Its objectives in id order.
    pub objectives: Vec<Objective>,
}

impl Topic {
    /// The sum of its objectives' weights.
    pub fn weight(&self) -> u32 {
        self.objectives.iter().map(|o| o.weight).sum()
    }
}

/// One exam objective, as its page declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// The id, e.g. `351.1`.
    pub id: String,
    /// The page's title.
    pub title: String,
    /// The weight (0 when the page gives none, which is reported).
    pub weight: u32,
    /// Index into [`crate::Book::pages`].
    pub page: usize,
    /// The description.
    pub description: String,
    /// Key knowledge areas.
    pub knowledge: Vec<String>,
    /// Cited objects with their (given or inferred) kind.
    pub cited: Vec<CitedObject>,
}

/// A cited object of one objective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedObject {
    /// As the objectives list it.
    pub name: String,
    /// File, term or utility.
    pub kind: CitedKind,
}

/// One entry of the cited-objects index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The object's name.
    pub name: String,
    /// Its kind.
    pub kind: CitedKind,
    /// The objectives that cite it.
    pub objectives: Vec<String>,
    /// The places that mention it: page index and the id of the section's heading (`None` when
    /// the mention comes before any heading), in reading order, at most one per section.
    pub places: Vec<(usize, Option<String>)>,
}

/// The HTML comment that opens an objective header written into a page as markdown (the GitBook
/// export writes one at the top of every objective page, for readers of that format).
pub const WRITTEN_HEADER_START: &str = "<!-- exambook:objective-header -->";
/// The HTML comment that closes it.
pub const WRITTEN_HEADER_END: &str = "<!-- exambook:end-objective-header -->";

/// Drops an objective header written as markdown ([`WRITTEN_HEADER_START`] … [`WRITTEN_HEADER_END`],
/// both top-level HTML blocks) from a page read back, since exambook renders the header itself
/// from the front matter: reading an exported tree gives the page as it was.
pub fn drop_written_header(blocks: &mut Vec<Block>) {
    let is = |b: &Block, mark: &str| matches!(&b.kind, BlockKind::Html(h) if h.raw.trim() == mark);
    let Some(start) = blocks.iter().position(|b| is(b, WRITTEN_HEADER_START)) else {
        return;
    };
    if let Some(len) = blocks[start..]
        .iter()
        .position(|b| is(b, WRITTEN_HEADER_END))
    {
        blocks.drain(start..=start + len);
    }
}

/// The HTML comment that opens a question written for a format without question blocks (the
/// GitBook export): `<!-- exambook:question`, a line break, the question block as exambook
/// markdown escaped by [`comment_escape`], `-->`; then the question as that format shows it,
/// then [`WRITTEN_QUESTION_END`].
pub const WRITTEN_QUESTION_START: &str = "<!-- exambook:question";
/// The HTML comment that closes the shown form of a written question.
pub const WRITTEN_QUESTION_END: &str = "<!-- exambook:end-question -->";

/// Text made safe inside an HTML comment (which `-->` would end): `&` as `&amp;`, then every
/// `-->` as `--&gt;`. [`comment_unescape`] undoes it exactly.
pub fn comment_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace("-->", "--&gt;")
}

/// The inverse of [`comment_escape`].
pub fn comment_unescape(s: &str) -> String {
    s.replace("--&gt;", "-->").replace("&amp;", "&")
}

/// Puts back the questions written by [`WRITTEN_QUESTION_START`] comments, at every depth: each
/// comment holding one question block, and the blocks after it up to [`WRITTEN_QUESTION_END`]
/// (its shown form), become that question. Every span of it is the comment's. A comment that
/// does not hold exactly one question is left as it is.
pub fn recover_written_questions(blocks: &mut Vec<Block>) {
    let is_end =
        |b: &Block| matches!(&b.kind, BlockKind::Html(h) if h.raw.trim() == WRITTEN_QUESTION_END);
    let mut i = 0;
    while i < blocks.len() {
        let file = blocks[i].span.file;
        let question = match &blocks[i].kind {
            BlockKind::Html(h) => h
                .raw
                .trim()
                .strip_prefix(WRITTEN_QUESTION_START)
                .and_then(|r| r.strip_suffix("-->"))
                .and_then(|body| {
                    let text = comment_unescape(body.trim());
                    // Spans in the page's file (the nodes walked below get the comment's).
                    let opts = exambook_syntax::ParseOptions {
                        file,
                        ..Default::default()
                    };
                    let (mut doc, _) = exambook_syntax::parse_with(&text, &opts);
                    match doc.blocks.as_mut_slice() {
                        [one] if matches!(one.kind, BlockKind::Question(_)) => {
                            Some(std::mem::replace(
                                one,
                                Block {
                                    kind: BlockKind::ThematicBreak,
                                    span: Span::default(),
                                },
                            ))
                        }
                        _ => None,
                    }
                }),
            _ => None,
        };
        if let Some(mut question) = question {
            let span = blocks[i].span;
            let mut one = vec![question];
            walk::blocks_mut(&mut one, &mut |b| b.span = span);
            walk::inlines_mut(&mut one, &mut |x| x.span = span);
            question = one.remove(0);
            if let BlockKind::Question(q) = &mut question.kind {
                for s in [&mut q.id, &mut q.objective].into_iter().flatten() {
                    s.span = span;
                }
                q.options.iter_mut().for_each(|o| o.span = span);
                q.answers.iter_mut().for_each(|a| a.span = span);
            }
            let end = blocks[i + 1..]
                .iter()
                .position(is_end)
                .map_or(i, |n| i + 1 + n);
            blocks.splice(i..=end, [question]);
        } else {
            for child in walk::child_blocks_mut(&mut blocks[i].kind) {
                recover_written_questions(child);
            }
        }
        i += 1;
    }
}

/// How many places an index entry lists at most.
const MAX_PLACES: usize = 8;

/// Whether `id` is a well-formed objective id: at least two dot-separated parts of ASCII letters
/// and digits (`351.1`, `1.2`, `A.3.1`).
pub fn valid_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Orders objective ids part by part, numerically where both parts are numbers.
fn id_key(id: &str) -> Vec<(u64, String)> {
    id.split('.')
        .map(|p| (p.parse().unwrap_or(u64::MAX), p.to_string()))
        .collect()
}

/// Builds the exam model of a book's pages and checks it. `config_span` points at `[exam]` in
/// book.toml, for problems of the whole exam. `complete` says whether every page of the table of
/// contents was read: when one is missing, the sum of the weights is a consequence of that
/// error and is not checked.
pub fn build(
    config: &ExamConfig,
    pages: &[Page],
    sources: &SourceMap,
    config_span: Span,
    complete: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Exam {
    let mut objectives: Vec<Objective> = Vec::new();
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let sections: Vec<Vec<Section>> = pages.iter().map(|p| sections(&p.doc.blocks)).collect();
    for (index, page) in pages.iter().enumerate() {
        let meta = page.meta();
        let Some(objective) = &meta.objective else {
            if let Some(w) = &meta.weight {
                diagnostics.push(Diagnostic::warning(
                    w.span,
                    "`weight` without `objective` is ignored",
                ));
            }
            continue;
        };
        let id = objective.value.trim().to_string();
        if !valid_id(&id) {
            diagnostics.push(
                Diagnostic::error(objective.span, format!("malformed objective id `{id}`"))
                    .with_hint(
                        "an objective id is a topic and a number separated by a dot, e.g. `351.1`",
                    ),
            );
            continue;
        }
        if let Some(first) = seen.get(&id) {
            diagnostics.push(Diagnostic::error(
                objective.span,
                format!(
                    "objective {id} is already covered by {}",
                    sources.location(*first)
                ),
            ));
            continue;
        }
        seen.insert(id.clone(), objective.span);
        let weight = match &meta.weight {
            Some(w) => w.value,
            None => {
                diagnostics.push(
                    Diagnostic::error(objective.span, format!("objective {id} has no `weight`"))
                        .with_hint("the weight is the number of exam questions on the objective"),
                );
                0
            }
        };
        if meta.knowledge.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    objective.span,
                    format!("objective {id} lists no key knowledge areas"),
                )
                .with_hint("add `knowledge = [\"…\"]` with the areas the official objectives give"),
            );
        }
        for k in meta.knowledge.iter().filter(|k| k.value.trim().is_empty()) {
            diagnostics.push(Diagnostic::warning(k.span, "empty knowledge area"));
        }
        let commands = commands_in(&page.doc.blocks);
        let page_text: String = sections[index]
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let mut cited = Vec::new();
        for c in &meta.cited {
            let name = c.value.name.trim().to_string();
            let kind = c.value.kind.unwrap_or_else(|| infer_kind(&name, &commands));
            if !mentions(&page_text, &name, kind) {
                diagnostics.push(
                    Diagnostic::warning(
                        c.span,
                        format!(
                            "cited {} `{name}` is never mentioned on its page",
                            kind_name(kind)
                        ),
                    )
                    .with_hint("explain it in the page body, where a candidate will look for it"),
                );
            }
            cited.push(CitedObject { name, kind });
        }
        objectives.push(Objective {
            id,
            title: page.title.clone(),
            weight,
            page: index,
            description: meta
                .description
                .as_ref()
                .map(|d| d.value.clone())
                .unwrap_or_default(),
            knowledge: meta.knowledge.iter().map(|k| k.value.clone()).collect(),
            cited,
        });
    }
    objectives.sort_by_key(|o| id_key(&o.id));

    let total: u32 = objectives.iter().map(|o| o.weight).sum();
    // A warning while the guide is being written (an objective page not written yet is
    // normal); `check` and `--deny-warnings` make it an error.
    if complete && !objectives.is_empty() && total != config.questions {
        diagnostics.push(
            Diagnostic::warning(
                config_span,
                format!(
                    "objective weights sum to {total}, but the exam has {} questions",
                    config.questions
                ),
            )
            .strict()
            .with_hint(
                objectives
                    .iter()
                    .map(|o| format!("{} = {}", o.id, o.weight))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        );
    }

    let mut topics: Vec<Topic> = Vec::new();
    for o in objectives {
        let topic_id =
            o.id.rsplit_once('.')
                .map_or(o.id.as_str(), |(t, _)| t)
                .to_string();
        let declared = config.topics.iter().find(|t| t.id == topic_id);
        if declared.is_none() && !config.topics.is_empty() {
            let span = pages
                .get(o.page)
                .and_then(|p| p.meta().objective.as_ref())
                .map_or(config_span, |s| s.span);
            diagnostics.push(
                Diagnostic::error(span, format!("objective {} belongs to topic {topic_id}, which `[exam] topics` does not declare", o.id))
                    .with_hint(format!(
                        "declared topics: {}",
                        config.topics.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ")
                    )),
            );
        }
        match topics.iter_mut().find(|t| t.id == topic_id) {
            Some(t) => t.objectives.push(o),
            None => topics.push(Topic {
                title: declared.map_or_else(|| format!("Topic {topic_id}"), |t| t.title.clone()),
                id: topic_id,
                objectives: vec![o],
            }),
        }
    }

    let index = build_index(&topics, &sections);
    let known: std::collections::HashSet<String> = topics
        .iter()
        .flat_map(|t| &t.objectives)
        .map(|o| o.id.clone())
        .collect();
    let questions = crate::questions::collect(pages, sources, Some(&known), diagnostics);
    let exam = Exam {
        config: config.clone(),
        topics,
        index,
        questions,
    };
    if let Some(min) = config.min_questions_per_weight {
        for c in exam.coverage() {
            if c.weight > 0 && c.per_weight < min {
                let span = exam
                    .topics
                    .iter()
                    .flat_map(|t| &t.objectives)
                    .find(|o| o.id == c.objective)
                    .and_then(|o| pages.get(o.page))
                    .and_then(|p| p.meta().objective.as_ref())
                    .map_or(config_span, |s| s.span);
                diagnostics.push(
                    Diagnostic::warning(
                        span,
                        format!(
                            "objective {} has {} question(s) for weight {} ({:.1} a weight point; `min-questions-per-weight` asks for {min})",
                            c.objective, c.questions, c.weight, c.per_weight
                        ),
                    )
                    .with_hint(format!(
                        "add at least {} question block(s) for it",
                        needed(min, c.weight).saturating_sub(c.questions)
                    )),
                );
            }
        }
    }
    exam
}

/// Questions an objective of `weight` needs for `min` questions a weight point.
fn needed(min: f64, weight: u32) -> usize {
    let n = (min * f64::from(weight)).ceil();
    if n.is_finite() && n > 0.0 {
        // In range: a weight is a u32 and `min` a small factor.
        n.min(1e9) as usize
    } else {
        0
    }
}

fn build_index(topics: &[Topic], sections: &[Vec<Section>]) -> Vec<IndexEntry> {
    let mut entries: BTreeMap<(CitedKind, String), IndexEntry> = BTreeMap::new();
    for o in topics.iter().flat_map(|t| &t.objectives) {
        for c in &o.cited {
            let entry = entries
                .entry((c.kind, c.name.to_lowercase()))
                .or_insert_with(|| IndexEntry {
                    name: c.name.clone(),
                    kind: c.kind,
                    objectives: Vec::new(),
                    places: Vec::new(),
                });
            entry.objectives.push(o.id.clone());
        }
    }
    for entry in entries.values_mut() {
        // The citing objectives' pages first, then every other page in reading order.
        let citing: Vec<usize> = topics
            .iter()
            .flat_map(|t| &t.objectives)
            .filter(|o| entry.objectives.contains(&o.id))
            .map(|o| o.page)
            .collect();
        let others = (0..sections.len()).filter(|p| !citing.contains(p));
        for page in citing.iter().copied().chain(others) {
            for s in sections.get(page).into_iter().flatten() {
                if entry.places.len() < MAX_PLACES && mentions(&s.text, &entry.name, entry.kind) {
                    entry.places.push((page, s.heading.clone()));
                }
            }
        }
    }
    entries.into_values().collect()
}

/// The lowercase name of a kind, for messages and CSS classes.
pub fn kind_name(kind: CitedKind) -> &'static str {
    match kind {
        CitedKind::File => "file",
        CitedKind::Term => "term",
        CitedKind::Utility => "utility",
    }
}

/// The kind of a cited object that does not state one: a path is a file, a name run as a
/// command in one of the page's code blocks ([`commands_in`]) is a utility, anything else is a
/// term. The one rule of the exam model and of every renderer.
pub fn infer_kind(name: &str, commands: &[String]) -> CitedKind {
    let command = command_name(name);
    if name.starts_with('/') || name.contains('/') {
        CitedKind::File
    } else if commands.iter().any(|c| c == command) {
        CitedKind::Utility
    } else {
        CitedKind::Term
    }
}

/// The commands of an objective that a command cheat sheet shows, among `commands` (those its
/// page runs, [`commands_in`]): every cited utility, and every cited term that names one of
/// them in another case (`Terraform` for `terraform`, `OpenStack` for `openstack`: the
/// objectives cite tools as terms too). An objective that names none of its page's commands
/// this way (it cites no tools, as for a "key concepts" objective) has every command its page
/// runs.
pub fn objective_commands(cited: &[CitedObject], commands: &[String]) -> Vec<String> {
    let named: Vec<String> = commands
        .iter()
        .filter(|c| {
            cited.iter().any(|o| {
                let name = command_name(&o.name);
                match o.kind {
                    CitedKind::Utility => name == c.as_str(),
                    CitedKind::Term => name.eq_ignore_ascii_case(c),
                    CitedKind::File => false,
                }
            })
        })
        .cloned()
        .collect();
    if named.is_empty() && !cited.iter().any(|o| o.kind == CitedKind::Utility) {
        commands.to_vec()
    } else {
        named
    }
}

/// The command of a cited utility: the objectives write remarks after it, as in
/// `virsh (including relevant subcommands)`.
pub fn command_name(name: &str) -> &str {
    name.split_once(" (").map_or(name, |(c, _)| c).trim()
}

/// Whether `text` mentions `name`: files and utilities as written, terms in any case. A name
/// with a parenthesised abbreviation (`Hardware Virtual Machine (HVM)`) also counts when either
/// part is mentioned.
fn mentions(text: &str, name: &str, kind: CitedKind) -> bool {
    match kind {
        CitedKind::File => text.contains(name) || text.contains(name.trim_end_matches('/')),
        CitedKind::Utility => text.contains(name) || text.contains(command_name(name)),
        CitedKind::Term => {
            let lower = text.to_lowercase();
            let name = name.to_lowercase();
            if lower.contains(&name) {
                return true;
            }
            match name.split_once('(') {
                Some((long, short)) => {
                    let short = short.trim_end_matches(')').trim();
                    let long = long.trim();
                    (!long.is_empty() && lower.contains(long))
                        || (!short.is_empty() && lower.contains(short))
                }
                None => false,
            }
        }
    }
}

/// The text of a page cut at its headings: what the exam model looks for mentions in, and what
/// search indexes (one home for "a section's text").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The id of the heading that starts it; `None` for the text before the first heading.
    pub heading: Option<String>,
    /// Its plain text, one line per paragraph, table cell or code block; a section started by
    /// a heading has the heading's text as its first line.
    pub text: String,
}

/// The sections of a page's blocks, in document order; sections without text are left out.
pub fn sections(blocks: &[Block]) -> Vec<Section> {
    let mut out = vec![Section {
        heading: None,
        text: String::new(),
    }];
    collect_text(blocks, &mut out);
    out.retain(|s| !s.text.trim().is_empty());
    out
}

fn collect_text(blocks: &[Block], out: &mut Vec<Section>) {
    for block in blocks {
        let push = |out: &mut Vec<Section>, text: &str| {
            if let Some(last) = out.last_mut() {
                last.text.push_str(text);
                last.text.push('\n');
            }
        };
        match &block.kind {
            BlockKind::Heading(h) => {
                out.push(Section {
                    heading: h.id.clone(),
                    text: String::new(),
                });
                push(out, &plain_text(&h.content));
            }
            BlockKind::Paragraph(inlines) => push(out, &inline_text(inlines)),
            BlockKind::CodeBlock(c) => push(out, &c.text),
            BlockKind::Table(t) => {
                for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                    push(out, &inline_text(&cell.content));
                }
            }
            BlockKind::DefinitionList(items) => {
                for item in items {
                    push(out, &inline_text(&item.term));
                    for d in &item.definitions {
                        collect_text(d, out);
                    }
                }
            }
            BlockKind::Admonition(a) => {
                if let Some(t) = &a.title {
                    push(out, &inline_text(t));
                }
                collect_text(&a.body, out);
            }
            BlockKind::Details(d) => {
                push(out, &inline_text(&d.summary));
                collect_text(&d.body, out);
            }
            BlockKind::BlockQuote(b) => collect_text(b, out),
            BlockKind::List(l) => {
                for item in &l.items {
                    collect_text(&item.blocks, out);
                }
            }
            BlockKind::FootnoteDefinition(f) => collect_text(&f.blocks, out),
            BlockKind::Tabs(t) => {
                for tab in &t.tabs {
                    push(out, &inline_text(&tab.title));
                    collect_text(&tab.body, out);
                }
            }
            BlockKind::Card(c) => collect_text(&c.body, out),
            BlockKind::Figure(f) => push(out, &inline_text(&f.caption)),
            _ => {}
        }
    }
}

/// Text of inlines including inline code (which `plain_text` may leave out of titles).
fn inline_text(inlines: &[exambook_syntax::ast::Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match &i.kind {
            InlineKind::Text(t) | InlineKind::Code(t) => s.push_str(t),
            InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
                s.push_str(&inline_text(c))
            }
            InlineKind::Link(l) => s.push_str(&inline_text(&l.content)),
            InlineKind::SoftBreak | InlineKind::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// Shell-ish languages whose lines are commands.
const SHELL_LANGS: [&str; 8] = [
    "console",
    "sh",
    "bash",
    "shell",
    "zsh",
    "shell-session",
    "powershell",
    "ps1",
];

/// The first word of every command in the page's shell code blocks: prompts (`$ `, `# `,
/// `PS> `), `sudo`, `env`-style assignments, pipes and `&&`/`;` chains are understood.
pub fn commands_in(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    collect_commands(blocks, &mut out);
    out.sort();
    out.dedup();
    out
}

fn collect_commands(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match &block.kind {
            BlockKind::CodeBlock(c) => {
                let lang = c.lang.as_deref().unwrap_or("").to_ascii_lowercase();
                if !SHELL_LANGS.contains(&lang.as_str()) {
                    continue;
                }
                let console = lang == "console" || lang == "shell-session";
                for line in c.text.lines() {
                    let trimmed = line.trim_start();
                    let command = if console {
                        let Some(rest) = ["$ ", "# ", "PS> ", "> "]
                            .iter()
                            .find_map(|p| trimmed.strip_prefix(p))
                        else {
                            continue;
                        };
                        rest
                    } else {
                        if trimmed.starts_with('#') {
                            continue;
                        }
                        trimmed
                    };
                    let command = code_only(command);
                    for part in command.split(['|', ';', '&', '(', ')', '`']) {
                        let words = part.split_whitespace().skip_while(|w| {
                            matches!(
                                *w,
                                "sudo"
                                    | "env"
                                    | "exec"
                                    | "time"
                                    | "nohup"
                                    | "!"
                                    | "then"
                                    | "do"
                                    | "if"
                                    | "while"
                            ) || (w.contains('=') && !w.starts_with('-'))
                        });
                        if let Some(first) = words.into_iter().next() {
                            out.push(first.trim_start_matches('\\').to_string());
                        }
                    }
                }
            }
            kind => {
                for child in exambook_syntax::walk::child_blocks(kind) {
                    collect_commands(child, out);
                }
            }
        }
    }
}

/// A shell line without what is not code: a trailing comment is cut, and quoted text is
/// blanked (quotes kept), so that `grep -E 'a|b'` and `helm template x # scaffold; render`
/// run no `b` or `render`.
fn code_only(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(q) => {
                if c == q && !(escaped && q == '"') {
                    quote = None;
                    out.push(c);
                } else {
                    out.push(' ');
                }
                escaped = c == '\\' && !escaped;
            }
            None => {
                if escaped {
                    out.push(c);
                    escaped = false;
                } else if c == '#' && previous.is_whitespace() {
                    break;
                } else {
                    if c == '\'' || c == '"' {
                        quote = Some(c);
                    }
                    escaped = c == '\\';
                    out.push(c);
                }
            }
        }
        previous = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_header_and_questions_are_read_back() {
        for s in [
            "a --> b",
            "&gt; -->",
            "--&gt;",
            "x&amp;-->--&gt;",
            "<!-- c -->",
        ] {
            let e = comment_escape(s);
            assert!(!e.contains("-->"), "{e}");
            assert_eq!(comment_unescape(&e), s);
        }
        let source = "::: question {#q}\nA --> B?\n\n- [x] yes\n- [ ] no\n:::\n";
        let page = format!(
            "# T\n\n{WRITTEN_HEADER_START}\n\n**Weight** 3\n\n{WRITTEN_HEADER_END}\n\ntext\n\n\
             > [!NOTE]\n> {WRITTEN_QUESTION_START}\n> {}-->\n>\n> A --> B?\n>\n> \
             {WRITTEN_QUESTION_END}\n",
            comment_escape(source).replace('\n', "\n> ")
        );
        let (mut doc, _) = exambook_syntax::parse(&page);
        drop_written_header(&mut doc.blocks);
        recover_written_questions(&mut doc.blocks);
        assert!(matches!(doc.blocks[1].kind, BlockKind::Paragraph(_)));
        let BlockKind::Admonition(a) = &doc.blocks[2].kind else {
            panic!("{:#?}", doc.blocks)
        };
        let [one] = a.body.as_slice() else {
            panic!("{:#?}", a.body)
        };
        let BlockKind::Question(q) = &one.kind else {
            panic!("{one:#?}")
        };
        assert_eq!(q.id.as_ref().map(|i| i.value.as_str()), Some("q"));
        assert_eq!(q.options.len(), 2);
        assert_eq!(plain_text_of(&q.text), "A --> B?");
    }

    fn plain_text_of(blocks: &[Block]) -> String {
        blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Paragraph(i) => Some(plain_text(i)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn ids() {
        assert!(valid_id("351.1"));
        assert!(valid_id("A.3.1"));
        assert!(!valid_id("351"));
        assert!(!valid_id("351."));
        assert!(!valid_id("351 .1"));
        let mut v = vec!["351.10", "351.2", "352.1", "351.1"];
        v.sort_by_key(|i| id_key(i));
        assert_eq!(v, ["351.1", "351.2", "351.10", "352.1"]);
    }

    #[test]
    fn comments_and_quoted_text_run_no_commands() {
        let (doc, _) = exambook_syntax::parse_with(
            "```console\n$ lscpu | grep -Ei 'virt|hypervisor vendor' || true\n$ helm template x   # scaffold; render\n$ echo \"a;b\" && kubectl get pods\n```\n",
            &exambook_syntax::ParseOptions::default(),
        );
        assert_eq!(
            commands_in(&doc.blocks),
            ["echo", "grep", "helm", "kubectl", "lscpu", "true"]
        );
    }

    #[test]
    fn objective_commands_take_tools_cited_as_terms() {
        let cited = |list: &[(&str, CitedKind)]| -> Vec<CitedObject> {
            list.iter()
                .map(|(n, k)| CitedObject {
                    name: (*n).to_owned(),
                    kind: *k,
                })
                .collect()
        };
        let run: Vec<String> = ["openstack", "terraform", "curl"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            objective_commands(
                &cited(&[
                    ("OpenStack", CitedKind::Term),
                    ("Terraform", CitedKind::Term)
                ]),
                &run
            ),
            ["openstack", "terraform"]
        );
        // Nothing cited names a command: every command of the page.
        assert_eq!(objective_commands(&cited(&[]), &run), run);
        // A cited utility the page does not run: nothing else.
        assert!(objective_commands(&cited(&[("virsh", CitedKind::Utility)]), &run).is_empty());
    }

    #[test]
    fn mention_rules() {
        assert!(mentions(
            "edit /etc/xen/xl.conf",
            "/etc/xen/",
            CitedKind::File
        ));
        assert!(mentions(
            "HVM guests need VT-x",
            "Hardware Virtual Machine (HVM)",
            CitedKind::Term
        ));
        assert!(mentions("the virtio drivers", "Virtio", CitedKind::Term));
        assert!(!mentions("Virsh", "virsh", CitedKind::Utility));
        assert!(mentions(
            "run virsh list",
            "virsh (including relevant subcommands)",
            CitedKind::Utility
        ));
        let commands = vec!["virsh".to_string()];
        assert_eq!(
            infer_kind("virsh (including relevant subcommands)", &commands),
            CitedKind::Utility
        );
    }
}

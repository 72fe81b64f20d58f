//! A CommonMark-conformant HTML writer for a document body, with hooks for the site renderer.
//!
//! The output of [`DefaultHooks`] is what pulldown-cmark's own HTML writer produces for the
//! same input (the spec test compares both), plus plain HTML for the extension nodes:
//! admonitions as `<div class="admonition note">` (or `<details class="admonition note">` when
//! collapsible), `<details>` blocks, diagrams as code blocks. The site renderer implements
//! [`Hooks`] to highlight code, render diagrams to SVG and theme admonitions; everything else
//! stays here so that there is one HTML writer in the project.
//!
//! Design decisions:
//! - Hooks receive nodes, never strings to re-parse; parts they wrap (heading content, admonition
//!   titles, `<summary>`) arrive already rendered.
//! - Footnotes are numbered in order of first appearance, references and definitions alike, like
//!   pulldown-cmark's writer; one [`body`] call is one numbering.
//! - [`BlockKind::Include`] blocks that were not resolved render as nothing.
//!
//! ```
//! use exambook_syntax::html::{body, DefaultHooks};
//!
//! let (doc, _) = exambook_syntax::parse(":::tip[Remember]\nUse `virsh list --all`.\n:::\n");
//! let html = body(&doc.blocks, &mut DefaultHooks);
//! assert!(html.starts_with("<div class=\"admonition tip\">"));
//! ```

use std::collections::HashMap;

use crate::ast::{
    Admonition, Alignment, AnswerMatch, Block, BlockKind, Card, CardKind, CodeBlock, Details,
    Diagram, Heading, HtmlBlock, Image, IncludeDirective, Inline, InlineKind, Link, LinkKind,
    LinkTarget, List, Question, Span, Tabs,
};
use crate::escape;

/// Customisation points of the HTML writer. Every method has a default giving plain HTML.
pub trait Hooks {
    /// A code block: `<pre><code class="language-x">…</code></pre>`.
    fn code_block(&mut self, block: &CodeBlock, span: Span, out: &mut String) {
        let _ = span;
        default_code_block(block, out);
    }

    /// A diagram: rendered as a code block in its language.
    fn diagram(&mut self, d: &Diagram, span: Span, out: &mut String) {
        let _ = span;
        ensure_newline(out);
        out.push_str("<pre><code class=\"language-");
        escape::attr(out, &d.lang);
        out.push_str("\">");
        escape::text(out, &d.source);
        out.push_str("</code></pre>\n");
    }

    /// Opens an admonition; `title_html` is the rendered title, the kind's default title when
    /// none was written, or empty for an explicitly empty title (MkDocs `""`: no title bar).
    fn admonition_start(&mut self, a: &Admonition, title_html: &str, out: &mut String) {
        ensure_newline(out);
        let kind = a.kind.name();
        if a.collapsible {
            out.push_str("<details class=\"admonition ");
            out.push_str(kind);
            out.push('"');
            if a.open {
                out.push_str(" open");
            }
            out.push_str(">\n<summary>");
            out.push_str(title_html);
            out.push_str("</summary>\n");
        } else {
            out.push_str("<div class=\"admonition ");
            out.push_str(kind);
            out.push_str("\">\n");
            // An explicitly empty title (MkDocs `""`) means no title bar.
            if !title_html.is_empty() {
                out.push_str("<p class=\"admonition-title\">");
                out.push_str(title_html);
                out.push_str("</p>\n");
            }
        }
    }

    /// Closes an admonition.
    fn admonition_end(&mut self, a: &Admonition, out: &mut String) {
        ensure_newline(out);
        out.push_str(if a.collapsible {
            "</details>\n"
        } else {
            "</div>\n"
        });
    }

    /// A heading; `content_html` is its rendered content. Writes `id="…"` when [`Heading::id`]
    /// is set.
    fn heading(&mut self, h: &Heading, span: Span, content_html: &str, out: &mut String) {
        let _ = span;
        default_heading(h, content_html, out);
    }

    /// Opens a `<details>` block; `summary_html` is the rendered summary.
    fn details_start(&mut self, d: &Details, summary_html: &str, out: &mut String) {
        ensure_newline(out);
        out.push_str(if d.open {
            "<details open>\n"
        } else {
            "<details>\n"
        });
        out.push_str("<summary>");
        out.push_str(summary_html);
        out.push_str("</summary>\n");
    }

    /// Closes a `<details>` block.
    fn details_end(&mut self, d: &Details, out: &mut String) {
        let _ = d;
        ensure_newline(out);
        out.push_str("</details>\n");
    }

    /// Raw HTML, as written.
    fn html_block(&mut self, h: &HtmlBlock, span: Span, out: &mut String) {
        let _ = span;
        out.push_str(&h.raw);
    }

    /// Inline raw HTML, as written.
    fn inline_html(&mut self, html: &str, out: &mut String) {
        out.push_str(html);
    }

    /// A question, its parts already rendered: a form (see [`question_form`]) with English
    /// labels.
    fn question(&mut self, q: &Question, span: Span, parts: &QuestionHtml, out: &mut String) {
        let _ = span;
        question_form(q, parts, &QuestionLabels::default(), out);
    }

    /// An include the resolver left in place: nothing.
    fn include(&mut self, d: &IncludeDirective, span: Span, out: &mut String) {
        let _ = (d, span, out);
    }

    /// The URL written for a link or image (`image` tells which) whose destination is `url` as
    /// written and, in a resolved book, `target`: a renderer maps targets to its own paths.
    /// `None` keeps `url`.
    fn url(&mut self, url: &str, target: Option<&LinkTarget>, image: bool) -> Option<String> {
        let _ = (url, target, image);
        None
    }
}

/// The plain hooks: CommonMark HTML.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultHooks;

impl Hooks for DefaultHooks {}

/// Writes a newline unless `out` is empty or already ends with one.
pub fn ensure_newline(out: &mut String) {
    if !(out.is_empty() || out.ends_with('\n')) {
        out.push('\n');
    }
}

/// The default rendering of a code block (for hooks that only handle some languages).
pub fn default_code_block(block: &CodeBlock, out: &mut String) {
    ensure_newline(out);
    let lang = block.info.split(' ').next().unwrap_or("");
    if lang.is_empty() {
        out.push_str("<pre><code>");
    } else {
        out.push_str("<pre><code class=\"language-");
        escape::attr(out, lang);
        out.push_str("\">");
    }
    escape::text(out, &block.text);
    out.push_str("</code></pre>\n");
}

/// The default rendering of a heading.
pub fn default_heading(h: &Heading, content_html: &str, out: &mut String) {
    ensure_newline(out);
    let level = h.level.clamp(1, 6);
    out.push_str("<h");
    out.push(char::from(b'0' + level));
    if let Some(id) = &h.id {
        out.push_str(" id=\"");
        escape::attr(out, id);
        out.push('"');
    }
    if !h.classes.is_empty() {
        out.push_str(" class=\"");
        for (i, c) in h.classes.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            escape::attr(out, c);
        }
        out.push('"');
    }
    for (k, v) in &h.attrs {
        out.push(' ');
        escape::attr(out, k);
        out.push_str("=\"");
        if let Some(v) = v {
            escape::attr(out, v);
        }
        out.push('"');
    }
    out.push('>');
    out.push_str(content_html);
    out.push_str("</h");
    out.push(char::from(b'0' + level));
    out.push_str(">\n");
}

/// The rendered parts of a question, for [`Hooks::question`].
#[derive(Debug, Clone, Default)]
pub struct QuestionHtml {
    /// The element id: the question's `#id`, else `question-N` (N counting the questions of
    /// one [`body`] call from 1).
    pub id: String,
    /// The question text.
    pub text: String,
    /// Each option's content.
    pub options: Vec<String>,
    /// The explanation.
    pub explanation: String,
    /// More `data-NAME="value"` attributes of the form (a renderer's own: the objective, a
    /// book-wide key), unescaped.
    pub data: Vec<(String, String)>,
}

/// The words of a question form.
#[derive(Debug, Clone)]
pub struct QuestionLabels {
    /// The legend of a single-answer question.
    pub choose_one: String,
    /// The legend of a multiple-answer question.
    pub choose_all: String,
    /// The label of a fill-in field.
    pub your_answer: String,
    /// The button.
    pub check: String,
    /// The heading of the explanation.
    pub explanation: String,
}

impl Default for QuestionLabels {
    fn default() -> Self {
        QuestionLabels {
            choose_one: "Choose one answer".to_owned(),
            choose_all: "Choose all that apply".to_owned(),
            your_answer: "Your answer".to_owned(),
            check: "Check".to_owned(),
            explanation: "Explanation".to_owned(),
        }
    }
}

/// The answer key of a question as JSON, for a `data-key` attribute: the indexes of the
/// correct options (`[1,3]`), or the accepted answers (`[["exact","tap"],["pattern","ta?p"]]`).
pub fn answer_key(q: &Question) -> String {
    let mut out = String::from("[");
    if q.is_choice() {
        let correct: Vec<String> = q
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| o.correct)
            .map(|(i, _)| i.to_string())
            .collect();
        out.push_str(&correct.join(","));
    } else {
        for (i, a) in q.answers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("[\"");
            out.push_str(match a.how {
                AnswerMatch::Exact => "exact",
                AnswerMatch::AnyCase => "any-case",
                AnswerMatch::Pattern => "pattern",
            });
            out.push_str("\",");
            escape::json_string(&mut out, &a.text);
            out.push(']');
        }
    }
    out.push(']');
    out
}

/// A question as an accessible form: the text, a fieldset of radio buttons or checkboxes (or a
/// labelled text field), a Check button, a live feedback line and the explanation, hidden until
/// the reader has answered. The answer key is in `data-key` (see [`answer_key`]), never in the
/// visible text.
pub fn question_form(
    q: &Question,
    parts: &QuestionHtml,
    labels: &QuestionLabels,
    out: &mut String,
) {
    ensure_newline(out);
    let id = &parts.id;
    let kind = if !q.is_choice() {
        "fill"
    } else if q.is_multiple() {
        "multiple"
    } else {
        "single"
    };
    out.push_str("<form class=\"question\" id=\"");
    escape::attr(out, id);
    out.push_str("\" data-kind=\"");
    out.push_str(kind);
    out.push_str("\" data-key=\"");
    escape::attr(out, &answer_key(q));
    out.push('"');
    for (k, v) in &parts.data {
        out.push_str(" data-");
        escape::attr(out, k);
        out.push_str("=\"");
        escape::attr(out, v);
        out.push('"');
    }
    out.push_str(">\n<div class=\"question-text\" id=\"");
    escape::attr(out, id);
    out.push_str("-text\">\n");
    out.push_str(&parts.text);
    ensure_newline(out);
    out.push_str("</div>\n");
    if q.is_choice() {
        let multiple = q.is_multiple();
        out.push_str("<fieldset class=\"question-options\" aria-describedby=\"");
        escape::attr(out, id);
        out.push_str("-text\">\n<legend>");
        escape::text(
            out,
            if multiple {
                &labels.choose_all
            } else {
                &labels.choose_one
            },
        );
        out.push_str("</legend>\n");
        for (i, html) in parts.options.iter().enumerate() {
            out.push_str("<label class=\"question-option\"><input type=\"");
            out.push_str(if multiple { "checkbox" } else { "radio" });
            out.push_str("\" name=\"");
            escape::attr(out, id);
            out.push_str("\" value=\"");
            out.push_str(&i.to_string());
            out.push_str("\"> <span>");
            out.push_str(html);
            out.push_str("</span></label>\n");
        }
        out.push_str("</fieldset>\n");
    } else {
        out.push_str("<p class=\"question-fill\"><label for=\"");
        escape::attr(out, id);
        out.push_str("-answer\">");
        escape::text(out, &labels.your_answer);
        out.push_str("</label> <input type=\"text\" id=\"");
        escape::attr(out, id);
        out.push_str("-answer\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" aria-describedby=\"");
        escape::attr(out, id);
        out.push_str("-text\"></p>\n");
    }
    out.push_str("<p class=\"question-actions\"><button type=\"submit\" class=\"question-check\">");
    escape::text(out, &labels.check);
    out.push_str("</button> <span class=\"question-feedback\" role=\"status\" aria-live=\"polite\"></span></p>\n");
    if !parts.explanation.is_empty() {
        out.push_str(
            "<div class=\"question-explanation\" hidden>\n<p class=\"question-explanation-title\">",
        );
        escape::text(out, &labels.explanation);
        out.push_str("</p>\n");
        out.push_str(&parts.explanation);
        ensure_newline(out);
        out.push_str("</div>\n");
    }
    out.push_str("</form>\n");
}

/// The default title of an admonition kind, e.g. `Note`, `On the exam`.
pub fn default_title(kind: crate::ast::AdmonitionKind) -> &'static str {
    use crate::ast::AdmonitionKind as K;
    match kind {
        K::Note => "Note",
        K::Tip => "Tip",
        K::Important => "Important",
        K::Warning => "Warning",
        K::Caution => "Caution",
        K::Exam => "On the exam",
        K::Lab => "Lab",
    }
}

/// Renders blocks to HTML.
pub fn body(blocks: &[Block], hooks: &mut dyn Hooks) -> String {
    let mut out = String::new();
    push_body(&mut out, blocks, hooks);
    out
}

/// Renders blocks to HTML, appending to `out`.
pub fn push_body(out: &mut String, blocks: &[Block], hooks: &mut dyn Hooks) {
    let mut w = Writer {
        hooks,
        numbers: HashMap::new(),
        questions: 0,
        tabs: 0,
    };
    w.blocks(out, blocks, false);
}

/// Renders inlines to HTML (e.g. a title for a `<title>` element or a navigation entry).
pub fn inlines(inlines: &[Inline], hooks: &mut dyn Hooks) -> String {
    let mut out = String::new();
    let mut w = Writer {
        hooks,
        numbers: HashMap::new(),
        questions: 0,
        tabs: 0,
    };
    w.inlines(&mut out, inlines);
    out
}

struct Writer<'h> {
    hooks: &'h mut dyn Hooks,
    numbers: HashMap<String, usize>,
    /// Questions rendered so far (for the ids of those without one).
    questions: usize,
    /// Tab groups rendered so far (for the ids and names of their radio buttons).
    tabs: usize,
}

impl Writer<'_> {
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_owned()).or_insert(next)
    }

    /// `tight`: direct paragraphs render without `<p>` (tight list items).
    fn blocks(&mut self, out: &mut String, blocks: &[Block], tight: bool) {
        for b in blocks {
            self.block(out, b, tight);
        }
    }

    fn block(&mut self, out: &mut String, block: &Block, tight: bool) {
        match &block.kind {
            BlockKind::Paragraph(content) => {
                if tight {
                    self.inlines(out, content);
                } else {
                    ensure_newline(out);
                    out.push_str("<p>");
                    self.inlines(out, content);
                    out.push_str("</p>\n");
                }
            }
            BlockKind::Heading(h) => {
                let mut content = String::new();
                self.inlines(&mut content, &h.content);
                self.hooks.heading(h, block.span, &content, out);
            }
            BlockKind::ThematicBreak => {
                ensure_newline(out);
                out.push_str("<hr />\n");
            }
            BlockKind::BlockQuote(children) => {
                ensure_newline(out);
                out.push_str("<blockquote>\n");
                self.blocks(out, children, false);
                out.push_str("</blockquote>\n");
            }
            BlockKind::List(list) => self.list(out, list),
            BlockKind::CodeBlock(c) => self.hooks.code_block(c, block.span, out),
            BlockKind::Diagram(d) => self.hooks.diagram(d, block.span, out),
            BlockKind::Html(h) => self.hooks.html_block(h, block.span, out),
            BlockKind::Table(t) => {
                ensure_newline(out);
                out.push_str("<table><thead><tr>");
                for (i, cell) in t.head.iter().enumerate() {
                    self.cell(out, "th", t.alignments.get(i), &cell.content);
                }
                out.push_str("</tr></thead><tbody>\n");
                for row in &t.rows {
                    out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        self.cell(out, "td", t.alignments.get(i), &cell.content);
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
            BlockKind::FootnoteDefinition(f) => {
                ensure_newline(out);
                out.push_str("<div class=\"footnote-definition\" id=\"");
                escape::attr(out, &f.label);
                out.push_str("\"><sup class=\"footnote-definition-label\">");
                let n = self.number(&f.label);
                out.push_str(&n.to_string());
                out.push_str("</sup>");
                self.blocks(out, &f.blocks, false);
                out.push_str("</div>\n");
            }
            BlockKind::DefinitionList(items) => {
                ensure_newline(out);
                out.push_str("<dl>\n");
                for item in items {
                    out.push_str("<dt>");
                    self.inlines(out, &item.term);
                    out.push_str("</dt>\n");
                    for def in &item.definitions {
                        out.push_str("<dd>");
                        let single_para = matches!(
                            def.as_slice(),
                            [Block {
                                kind: BlockKind::Paragraph(_),
                                ..
                            }]
                        );
                        self.blocks(out, def, single_para);
                        out.push_str("</dd>\n");
                    }
                }
                out.push_str("</dl>\n");
            }
            BlockKind::Admonition(a) => {
                let mut title = String::new();
                match &a.title {
                    // A fold needs something to click on.
                    Some(t) if !(t.is_empty() && a.collapsible) => self.inlines(&mut title, t),
                    _ => escape::text(&mut title, default_title(a.kind)),
                }
                self.hooks.admonition_start(a, &title, out);
                self.blocks(out, &a.body, false);
                self.hooks.admonition_end(a, out);
            }
            BlockKind::Details(d) => {
                let mut summary = String::new();
                self.inlines(&mut summary, &d.summary);
                self.hooks.details_start(d, &summary, out);
                self.blocks(out, &d.body, false);
                self.hooks.details_end(d, out);
            }
            BlockKind::Include(d) => self.hooks.include(d, block.span, out),
            BlockKind::Question(q) => {
                self.questions += 1;
                let mut parts = QuestionHtml {
                    id: q.id.as_ref().map_or_else(
                        || format!("question-{}", self.questions),
                        |i| i.value.clone(),
                    ),
                    ..QuestionHtml::default()
                };
                self.blocks(&mut parts.text, &q.text, false);
                for o in &q.options {
                    let mut html = String::new();
                    self.inlines(&mut html, &o.content);
                    parts.options.push(html);
                }
                self.blocks(&mut parts.explanation, &q.explanation, false);
                self.hooks.question(q, block.span, &parts, out);
            }
            BlockKind::Tabs(t) => self.tabs(out, t),
            BlockKind::Card(c) => self.card(out, c),
            BlockKind::Figure(f) => {
                ensure_newline(out);
                out.push_str("<figure class=\"figure-image\">");
                self.inlines(out, &f.image);
                if !f.caption.is_empty() {
                    out.push_str("<figcaption>");
                    self.inlines(out, &f.caption);
                    out.push_str("</figcaption>");
                }
                out.push_str("</figure>\n");
            }
        }
    }

    /// Tabs without script: a radio button per tab, its label the tab's title, and the panel
    /// after it; the theme's CSS shows the panel of the checked one (all of them in print and
    /// without CSS). Radio buttons are one group for the keyboard (arrow keys move between tabs).
    fn tabs(&mut self, out: &mut String, t: &Tabs) {
        self.tabs += 1;
        let group = format!("tabs-{}", self.tabs);
        ensure_newline(out);
        out.push_str("<div class=\"tabs\">\n");
        for (i, tab) in t.tabs.iter().enumerate() {
            let id = format!("{group}-{}", i + 1);
            out.push_str("<input class=\"tab-input\" type=\"radio\" name=\"");
            out.push_str(&group);
            out.push_str("\" id=\"");
            out.push_str(&id);
            out.push('"');
            if i == 0 {
                out.push_str(" checked");
            }
            out.push_str("><label class=\"tab-label\" for=\"");
            out.push_str(&id);
            out.push_str("\">");
            if tab.title.is_empty() {
                out.push_str(&(i + 1).to_string());
            } else {
                self.inlines(out, &tab.title);
            }
            out.push_str("</label>\n<div class=\"tab-panel\">\n");
            self.blocks(out, &tab.body, false);
            ensure_newline(out);
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n");
    }

    /// A link card: an embed as its host and address (linked when it is an http(s) URL, never
    /// fetched), a content-ref as its body (the link, rewritten like any link).
    fn card(&mut self, out: &mut String, c: &Card) {
        ensure_newline(out);
        match c.kind {
            CardKind::Embed => {
                out.push_str("<div class=\"card card-embed\">");
                let url = c.url.trim();
                let web = url.starts_with("https://") || url.starts_with("http://");
                let host = url.split_once("://").map_or(url, |(_, rest)| {
                    rest.split(['/', '?', '#']).next().unwrap_or(rest)
                });
                if web {
                    out.push_str("<a class=\"card-link\" href=\"");
                    escape::href(out, url);
                    out.push_str("\">");
                }
                out.push_str("<span class=\"card-title\">");
                escape::text(out, host);
                out.push_str("</span> <span class=\"card-url\">");
                escape::text(out, url);
                out.push_str("</span>");
                if web {
                    out.push_str("</a>");
                }
                out.push_str("</div>\n");
            }
            CardKind::ContentRef => {
                out.push_str("<div class=\"card card-page\">\n");
                self.blocks(out, &c.body, false);
                ensure_newline(out);
                out.push_str("</div>\n");
            }
        }
    }

    fn list(&mut self, out: &mut String, list: &List) {
        ensure_newline(out);
        match list.start {
            None => out.push_str("<ul>\n"),
            Some(1) => out.push_str("<ol>\n"),
            Some(n) => {
                out.push_str("<ol start=\"");
                out.push_str(&n.to_string());
                out.push_str("\">\n");
            }
        }
        for item in &list.items {
            ensure_newline(out);
            out.push_str("<li>");
            let mut rest: &[Block] = &item.blocks;
            if let Some(checked) = item.task {
                let input = if checked {
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n"
                } else {
                    "<input disabled=\"\" type=\"checkbox\"/>\n"
                };
                // In a loose list the marker is inside the first paragraph.
                match rest.first() {
                    Some(Block {
                        kind: BlockKind::Paragraph(content),
                        ..
                    }) if !list.tight => {
                        out.push_str("<p>");
                        out.push_str(input);
                        self.inlines(out, content);
                        out.push_str("</p>\n");
                        rest = &rest[1..];
                    }
                    _ => out.push_str(input),
                }
            }
            self.blocks(out, rest, list.tight);
            out.push_str("</li>\n");
        }
        out.push_str(if list.start.is_some() {
            "</ol>\n"
        } else {
            "</ul>\n"
        });
    }

    fn cell(&mut self, out: &mut String, tag: &str, align: Option<&Alignment>, content: &[Inline]) {
        out.push('<');
        out.push_str(tag);
        match align {
            Some(Alignment::Left) => out.push_str(" style=\"text-align: left\""),
            Some(Alignment::Center) => out.push_str(" style=\"text-align: center\""),
            Some(Alignment::Right) => out.push_str(" style=\"text-align: right\""),
            Some(Alignment::None) | None => {}
        }
        out.push('>');
        self.inlines(out, content);
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }

    fn inlines(&mut self, out: &mut String, inlines: &[Inline]) {
        for i in inlines {
            self.inline(out, i);
        }
    }

    fn inline(&mut self, out: &mut String, inline: &Inline) {
        match &inline.kind {
            InlineKind::Text(t) => escape::text(out, t),
            InlineKind::Code(c) => {
                out.push_str("<code>");
                escape::text(out, c);
                out.push_str("</code>");
            }
            InlineKind::Emphasis(c) => self.wrap(out, "em", c),
            InlineKind::Strong(c) => self.wrap(out, "strong", c),
            InlineKind::Strikethrough(c) => self.wrap(out, "del", c),
            InlineKind::Link(link) => {
                let Link {
                    kind,
                    dest,
                    title,
                    content,
                    target,
                } = &**link;
                out.push_str("<a href=\"");
                if *kind == LinkKind::Email {
                    out.push_str("mailto:");
                }
                let url = self.hooks.url(dest, target.as_ref(), false);
                escape::href(out, url.as_deref().unwrap_or(dest));
                if !title.is_empty() {
                    out.push_str("\" title=\"");
                    escape::attr(out, title);
                }
                out.push_str("\">");
                self.inlines(out, content);
                out.push_str("</a>");
            }
            InlineKind::Image(image) => {
                let Image {
                    dest,
                    title,
                    alt,
                    target,
                } = &**image;
                out.push_str("<img src=\"");
                let url = self.hooks.url(dest, target.as_ref(), true);
                escape::href(out, url.as_deref().unwrap_or(dest));
                out.push_str("\" alt=\"");
                self.alt(out, alt);
                if !title.is_empty() {
                    out.push_str("\" title=\"");
                    escape::attr(out, title);
                }
                out.push_str("\" />");
            }
            InlineKind::FootnoteReference(label) => {
                out.push_str("<sup class=\"footnote-reference\"><a href=\"#");
                escape::attr(out, label);
                out.push_str("\">");
                let n = self.number(label);
                out.push_str(&n.to_string());
                out.push_str("</a></sup>");
            }
            InlineKind::SoftBreak => out.push('\n'),
            InlineKind::HardBreak => out.push_str("<br />\n"),
            InlineKind::Html(h) => self.hooks.inline_html(h, out),
            InlineKind::Anchor(a) => out.push_str(&a.raw),
        }
    }

    fn wrap(&mut self, out: &mut String, tag: &str, content: &[Inline]) {
        out.push('<');
        out.push_str(tag);
        out.push('>');
        self.inlines(out, content);
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }

    /// Alt text: the text content, escaped for an attribute.
    fn alt(&mut self, out: &mut String, inlines: &[Inline]) {
        for i in inlines {
            match &i.kind {
                InlineKind::Text(t) | InlineKind::Code(t) | InlineKind::Html(t) => {
                    escape::attr(out, t);
                }
                InlineKind::Anchor(a) => escape::attr(out, &a.raw),
                InlineKind::SoftBreak | InlineKind::HardBreak => out.push(' '),
                InlineKind::FootnoteReference(label) => {
                    let n = self.number(label);
                    out.push('[');
                    out.push_str(&n.to_string());
                    out.push(']');
                }
                InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
                    self.alt(out, c);
                }
                InlineKind::Link(l) => self.alt(out, &l.content),
                InlineKind::Image(i) => self.alt(out, &i.alt),
            }
        }
    }
}

//! Question blocks: `::: question {#id objective=351.3 multiple}` … `:::`.
//!
//! The lowering and the builder treat a question like a Docusaurus admonition whose kind is
//! `question`; when it closes, [`build`] sorts its body into the parts of a
//! [`Question`]: the text (every block before the options), the options (one GFM task list),
//! the accepted answers (`Answer: `text``, `Answer (any case): …`, `Answer (pattern): …` lines)
//! and the explanation (the paragraph starting with `Explanation:` and every block after it).
//!
//! Only the shape is checked here (a part in the wrong place, an attribute the syntax does not
//! know); whether a question makes sense (a correct option, answers, a valid pattern, a known
//! objective, a unique id) is the exam model's business in `exambook-core`, which knows the book.

use crate::ast::{
    Answer, AnswerMatch, Block, BlockKind, FileId, Inline, InlineKind, Question, QuestionOption,
    Span, Spanned,
};
use crate::diag::Diagnostic;

/// The kind word that makes a `:::` container a question.
pub const KIND: &str = "question";

/// What the attribute list of the opening line said.
#[derive(Debug, Default)]
pub(crate) struct Attrs {
    pub id: Option<Spanned<String>>,
    pub objective: Option<Spanned<String>>,
    pub multiple: bool,
}

/// Whether `s` is a valid question id: letters, digits, `-` and `_`.
pub fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
}

/// Reads the attributes of the opening line `marker` (source text starting at offset `at`).
pub(crate) fn attrs(marker: &str, at: usize, file: FileId, diags: &mut Vec<Diagnostic>) -> Attrs {
    let mut out = Attrs::default();
    let colons = marker.bytes().take_while(|&c| c == b':').count();
    let after_kind = marker[colons..]
        .find(KIND)
        .map_or(marker.len(), |i| colons + i + KIND.len());
    let rest = &marker[after_kind..];
    let trimmed = rest.trim();
    if trimmed.is_empty() {
        return out;
    }
    let base = at + after_kind + rest.len() - rest.trim_start().len();
    let span = |r: std::ops::Range<usize>| Span::new(file, base + r.start..base + r.end);
    let Some(inner) = trimmed.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        diags.push(
            Diagnostic::error(
                span(0..trimmed.len()),
                "a question's opening line takes only a `{…}` attribute list",
            )
            .with_hint("write `::: question {#some-id objective=351.3}`, the question below it"),
        );
        return out;
    };
    // Tokens separated by whitespace; a quoted value may hold spaces.
    let mut i = 0;
    let b = inner.as_bytes();
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut quote = None;
        while i < b.len() {
            match (quote, b[i]) {
                (None, b'"' | b'\'') => quote = Some(b[i]),
                (Some(q), c) if c == q => quote = None,
                (None, c) if c.is_ascii_whitespace() => break,
                _ => {}
            }
            i += 1;
        }
        let token = &inner[start..i];
        // +1: the `{`.
        let tspan = span(start + 1..i + 1);
        attr(token, tspan, &mut out, diags);
    }
    out
}

fn attr(token: &str, span: Span, out: &mut Attrs, diags: &mut Vec<Diagnostic>) {
    if let Some(id) = token.strip_prefix('#') {
        if !valid_id(id) {
            diags.push(
                Diagnostic::error(span, format!("`{token}` is not a valid question id"))
                    .with_hint("an id holds letters, digits, `-` and `_`"),
            );
        } else if out.id.is_some() {
            diags.push(Diagnostic::error(span, "a question has one `#id`"));
        } else {
            out.id = Some(Spanned {
                value: id.to_owned(),
                span,
            });
        }
        return;
    }
    if token == "multiple" {
        out.multiple = true;
        return;
    }
    if let Some(value) = token.strip_prefix("objective=") {
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .trim();
        if value.is_empty() {
            diags.push(Diagnostic::error(
                span,
                "`objective=` needs an objective id",
            ));
        } else {
            out.objective = Some(Spanned {
                value: value.to_owned(),
                span,
            });
        }
        return;
    }
    diags.push(
        Diagnostic::error(span, format!("unknown question attribute `{token}`"))
            .with_hint("a question takes `#id`, `objective=ID` and `multiple`"),
    );
}

/// Where the sorting of a question's body has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Text,
    Options,
    Answers,
    Explanation,
}

/// Sorts the body of a question into its parts.
pub(crate) fn build(
    attrs: Attrs,
    fence: usize,
    body: Vec<Block>,
    diags: &mut Vec<Diagnostic>,
) -> Question {
    let mut q = Question {
        id: attrs.id,
        objective: attrs.objective,
        multiple: attrs.multiple,
        fence,
        text: Vec::new(),
        options: Vec::new(),
        answers: Vec::new(),
        explanation: Vec::new(),
    };
    let mut part = Part::Text;
    for block in body {
        if part == Part::Explanation {
            q.explanation.push(block);
            continue;
        }
        let span = block.span;
        match block.kind {
            BlockKind::List(list) if list.items.iter().any(|i| i.task.is_some()) => {
                match part {
                    Part::Text => {}
                    Part::Options => diags.push(
                        Diagnostic::error(span, "a question has one list of options")
                            .with_hint("join the options into one `- [ ]` / `- [x]` list"),
                    ),
                    Part::Answers => diags.push(
                        Diagnostic::error(span, "a question has options or `Answer:` lines, not both")
                            .with_hint("a choice question ticks its correct options `- [x]`; a fill-in question lists `Answer:` lines"),
                    ),
                    Part::Explanation => {}
                }
                part = Part::Options;
                for item in list.items {
                    let Some(correct) = item.task else {
                        diags.push(
                            Diagnostic::error(item.span, "an option is a task list item")
                                .with_hint("start it with `- [ ]` (wrong) or `- [x]` (correct)"),
                        );
                        continue;
                    };
                    let mut blocks = item.blocks.into_iter();
                    let content = match blocks.next() {
                        Some(Block {
                            kind: BlockKind::Paragraph(inlines),
                            ..
                        }) => inlines,
                        Some(b) => {
                            diags.push(
                                Diagnostic::error(b.span, "an option is one line of text")
                                    .with_hint("inline markdown only: code, emphasis, links"),
                            );
                            Vec::new()
                        }
                        None => Vec::new(),
                    };
                    if let Some(b) = blocks.next() {
                        diags.push(
                            Diagnostic::error(b.span, "an option is one line of text")
                                .with_hint("move the details into the explanation"),
                        );
                    }
                    // The item's own line: its span may run on to the closing fence.
                    let span = match content.last() {
                        Some(last) => Span {
                            end: last.span.end.max(item.span.start),
                            ..item.span
                        },
                        None => item.span,
                    };
                    q.options.push(QuestionOption {
                        correct,
                        content,
                        span,
                    });
                }
            }
            BlockKind::Paragraph(inlines) if starts_with(&inlines, "Explanation:") => {
                part = Part::Explanation;
                let inlines = strip_prefix(inlines, "Explanation:");
                if !inlines.is_empty() {
                    q.explanation.push(Block {
                        kind: BlockKind::Paragraph(inlines),
                        span,
                    });
                }
            }
            BlockKind::Paragraph(inlines) if is_answer_start(&inlines) => {
                if part == Part::Options {
                    diags.push(
                        Diagnostic::error(span, "a question has options or `Answer:` lines, not both")
                            .with_hint("a choice question ticks its correct options `- [x]`; a fill-in question lists `Answer:` lines"),
                    );
                }
                part = Part::Answers;
                answers(&inlines, span, &mut q.answers, diags);
            }
            kind => {
                let block = Block { kind, span };
                if part == Part::Text {
                    q.text.push(block);
                } else {
                    diags.push(
                        Diagnostic::error(
                            span,
                            "only `Answer:` lines and the explanation may follow the options",
                        )
                        .with_hint(
                            "move it into the question text, or start the explanation with `Explanation:`",
                        ),
                    );
                    q.explanation.push(block);
                }
            }
        }
    }
    q
}

/// Whether the first inline is text starting with `prefix`.
fn starts_with(inlines: &[Inline], prefix: &str) -> bool {
    matches!(inlines.first(), Some(Inline { kind: InlineKind::Text(t), .. }) if t.starts_with(prefix))
}

/// Whether a paragraph starts like an `Answer` line.
fn is_answer_start(inlines: &[Inline]) -> bool {
    matches!(inlines.first(), Some(Inline { kind: InlineKind::Text(t), .. })
        if t.starts_with("Answer:") || t.starts_with("Answer ("))
}

/// Removes `prefix` and the whitespace after it from the first text inline.
fn strip_prefix(mut inlines: Vec<Inline>, prefix: &str) -> Vec<Inline> {
    if let Some(first) = inlines.first_mut()
        && let InlineKind::Text(t) = &mut first.kind
        && let Some(rest) = t.strip_prefix(prefix)
    {
        let rest = rest.trim_start();
        let cut = t.len() - rest.len();
        *t = rest.to_owned();
        first.span.start = first
            .span
            .start
            .saturating_add(cut as u32)
            .min(first.span.end);
        if t.is_empty() {
            inlines.remove(0);
        }
    }
    while matches!(
        inlines.first().map(|i| &i.kind),
        Some(InlineKind::SoftBreak | InlineKind::HardBreak)
    ) {
        inlines.remove(0);
    }
    inlines
}

/// Reads the `Answer` lines of one paragraph.
fn answers(inlines: &[Inline], para: Span, out: &mut Vec<Answer>, diags: &mut Vec<Diagnostic>) {
    for line in inlines.split(|i| matches!(i.kind, InlineKind::SoftBreak | InlineKind::HardBreak)) {
        let line_span = match (line.first(), line.last()) {
            (Some(a), Some(b)) => Span {
                file: a.span.file,
                start: a.span.start,
                end: b.span.end,
            },
            _ => para,
        };
        match answer_line(line) {
            Some(a) => out.push(a),
            None => diags.push(
                Diagnostic::error(line_span, "this is not an `Answer` line")
                    .with_hint("write ``Answer: `text` ``, ``Answer (any case): `text` `` or ``Answer (pattern): `regex` ``, one per line"),
            ),
        }
    }
}

fn answer_line(line: &[Inline]) -> Option<Answer> {
    let [first, code, rest @ ..] = line else {
        return None;
    };
    let InlineKind::Text(label) = &first.kind else {
        return None;
    };
    let InlineKind::Code(text) = &code.kind else {
        return None;
    };
    if !rest
        .iter()
        .all(|i| matches!(&i.kind, InlineKind::Text(t) if t.trim().is_empty()))
    {
        return None;
    }
    let how = match label.trim_end() {
        "Answer:" => AnswerMatch::Exact,
        "Answer (any case):" => AnswerMatch::AnyCase,
        "Answer (pattern):" => AnswerMatch::Pattern,
        _ => return None,
    };
    Some(Answer {
        how,
        text: text.clone(),
        span: code.span,
    })
}

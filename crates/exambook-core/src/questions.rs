//! The questions of a book: where each one is, which objective it belongs to, and the checks
//! that need more than one question block (the parser checks each block's shape).
//!
//! Checks (each an error at the offending line): a choice question with no correct option, with
//! fewer than two options or with the same option twice; a fill-in question without answers; a
//! pattern that is not a regular expression both JavaScript and Rust read the same way; a
//! question without text; an id used twice in the book (or also by a heading of its page); and,
//! in an exam book, an objective the exam does not have, or none at all on a page that is not an
//! objective page.

use std::collections::{BTreeMap, HashSet};

use exambook_syntax::ast::{AnswerMatch, BlockKind, Question, plain_text};
use exambook_syntax::{Diagnostic, Span, walk};

use crate::book::{Page, SourceMap};

/// One question of the book.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionEntry {
    /// Index into [`crate::Book::pages`].
    pub page: usize,
    /// The element id the HTML writer gives it on its page: its `#id`, else `question-N` (N
    /// counting the page's questions from 1, in reading order).
    pub anchor: String,
    /// The `#id` as written.
    pub id: Option<String>,
    /// The objective it counts for: its `objective=`, else its page's; `None` when neither.
    pub objective: Option<String>,
    /// Where the block starts.
    pub span: Span,
}

/// The questions of `pages` in reading order, checked. `objectives` are the exam's objective
/// ids (`None` in a book without `[exam]`, where objectives are not checked); `page_objective`
/// gives the objective of a page, if it is an objective page.
pub fn collect(
    pages: &[Page],
    sources: &SourceMap,
    objectives: Option<&HashSet<String>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<QuestionEntry> {
    let mut out = Vec::new();
    let mut ids: BTreeMap<String, Span> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        let page_objective = page
            .meta()
            .objective
            .as_ref()
            .map(|o| o.value.trim().to_owned());
        let heading_ids: HashSet<&str> = page.headings.iter().map(|h| h.id.as_str()).collect();
        let mut n = 0;
        walk::blocks(&page.doc.blocks, &mut |b| {
            let BlockKind::Question(q) = &b.kind else {
                return;
            };
            n += 1;
            check(q, first_line(b.span, sources), diagnostics);
            if let Some(id) = &q.id {
                if let Some(first) = ids.get(&id.value) {
                    diagnostics.push(Diagnostic::error(
                        id.span,
                        format!(
                            "question id `{}` is already used at {}",
                            id.value,
                            sources.location(*first)
                        ),
                    ));
                } else {
                    ids.insert(id.value.clone(), id.span);
                }
                if heading_ids.contains(id.value.as_str()) {
                    diagnostics.push(
                        Diagnostic::error(
                            id.span,
                            format!(
                                "question id `{}` is also a heading id on this page",
                                id.value
                            ),
                        )
                        .with_hint("give the question an id of its own, e.g. `q-` and a name"),
                    );
                }
            }
            let objective = match (&q.objective, &page_objective) {
                (Some(o), _) => {
                    if let Some(known) = objectives
                        && !known.contains(o.value.as_str())
                    {
                        let mut list: Vec<&str> = known.iter().map(String::as_str).collect();
                        list.sort_unstable();
                        diagnostics.push(
                            Diagnostic::error(o.span, format!("unknown objective `{}`", o.value))
                                .with_hint(format!("the exam's objectives: {}", list.join(", "))),
                        );
                    }
                    Some(o.value.clone())
                }
                (None, Some(p)) => Some(p.clone()),
                (None, None) => {
                    if objectives.is_some() {
                        diagnostics.push(
                            Diagnostic::error(
                                first_line(b.span, sources),
                                "this question names no objective, and its page is not an objective page",
                            )
                            .with_hint("write `::: question {objective=351.3}`"),
                        );
                    }
                    None
                }
            };
            out.push(QuestionEntry {
                page: index,
                anchor: q
                    .id
                    .as_ref()
                    .map_or_else(|| format!("question-{n}"), |i| i.value.clone()),
                id: q.id.as_ref().map(|i| i.value.clone()),
                objective,
                span: b.span,
            });
        });
    }
    out
}

/// The opening line of a block (`::: question {…}`), where problems of the whole question are
/// reported.
fn first_line(span: Span, sources: &SourceMap) -> Span {
    let end = sources
        .get(span.file)
        .and_then(|f| f.text.get(span.range()))
        .and_then(|t| t.find('\n'))
        .map_or(span.end, |n| span.start.saturating_add(n as u32));
    Span { end, ..span }
}

/// The checks of one question block that need no other.
fn check(q: &Question, span: Span, diagnostics: &mut Vec<Diagnostic>) {
    if q.text.is_empty() {
        diagnostics.push(
            Diagnostic::error(span, "this question has no text")
                .with_hint("write the question on the lines after `::: question`"),
        );
    }
    if q.is_choice() {
        if q.options.len() < 2 {
            diagnostics.push(
                Diagnostic::error(span, "a choice question needs at least two options")
                    .with_hint("the guide uses four: one `- [x]` and three `- [ ]`"),
            );
        }
        if !q.options.iter().any(|o| o.correct) {
            diagnostics.push(
                Diagnostic::error(span, "this question has no correct option")
                    .with_hint("tick the correct option(s): `- [x]`"),
            );
        }
        let mut seen: Vec<String> = Vec::new();
        for o in &q.options {
            let text = normalise(&plain_text(&o.content));
            if text.is_empty() {
                diagnostics.push(Diagnostic::error(o.span, "this option is empty"));
            } else if seen.contains(&text) {
                diagnostics.push(Diagnostic::error(
                    o.span,
                    format!(
                        "the option `{}` is listed twice",
                        plain_text(&o.content).trim()
                    ),
                ));
            } else {
                seen.push(text);
            }
        }
    } else if q.answers.is_empty() {
        diagnostics.push(
            Diagnostic::error(span, "this question has neither options nor answers")
                .with_hint(
                    "a fill-in question lists its accepted answers: ``Answer: `text` ``; a choice question lists `- [ ]` / `- [x]` options",
                ),
        );
    }
    for a in &q.answers {
        if a.text.trim().is_empty() {
            diagnostics.push(Diagnostic::error(a.span, "this answer is empty"));
        }
        if a.how == AnswerMatch::Pattern
            && let Err(why) = check_pattern(&a.text)
        {
            diagnostics.push(
                Diagnostic::error(a.span, format!("invalid pattern `{}`: {why}", a.text))
                    .with_hint("use the syntax JavaScript and Rust share: no look-around, no backreferences, no `(?flags)`, no `\\p{…}`"),
            );
        }
    }
}

/// Trims and folds inner whitespace: how two options are compared.
fn normalise(s: &str) -> String {
    // Letter case counts: options such as `:z` and `:Z`, or `-v` and `-V`, are different.
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `pattern` is a regular expression that reads the same in Rust (`regex-syntax`, which
/// refuses look-around and backreferences) and in JavaScript (which does not know Rust's
/// `(?flags)`, `(?P<name>`, `\A`, `\z`, `\p{…}` without the `u` flag, or POSIX classes).
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    for (bad, what) in [
        ("(?P<", "named groups in Rust's `(?P<…>` form"),
        ("\\A", "`\\A`"),
        ("\\z", "`\\z`"),
        ("\\p{", "Unicode classes"),
        ("\\P{", "Unicode classes"),
        ("[[:", "POSIX classes"),
        ("&&", "class intersection"),
    ] {
        if pattern.contains(bad) {
            return Err(format!("{what} are not read the same by JavaScript"));
        }
    }
    let b = pattern.as_bytes();
    for (i, w) in b.windows(3).enumerate() {
        let escaped = b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1;
        if w[0] == b'(' && w[1] == b'?' && w[2].is_ascii_alphabetic() && !escaped {
            return Err("inline flags `(?…)` are not read by JavaScript".to_owned());
        }
    }
    regex_syntax::Parser::new()
        .parse(pattern)
        .map(|_| ())
        .map_err(|e| match e {
            regex_syntax::Error::Parse(p) => p.kind().to_string(),
            regex_syntax::Error::Translate(t) => t.kind().to_string(),
            other => other.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::{check_pattern, normalise};

    #[test]
    fn options_differing_in_case_are_different() {
        // Found on book/ 352.1: `:z` and `:Z` of a bind mount were reported as one option twice.
        assert_ne!(normalise("`:z`"), normalise("`:Z`"));
        assert_eq!(normalise("  a \t b "), normalise("a b"));
    }

    #[test]
    fn patterns_are_the_common_subset() {
        for ok in ["ta+p", "^(tap|tun)$", "[a-z]{2,3}", "\\d+\\.\\d+", "a\\(?b"] {
            assert!(check_pattern(ok).is_ok(), "{ok}");
        }
        for bad in [
            "(?=x)",
            "(a)\\1",
            "(?i)tap",
            "(?P<n>a)",
            "\\p{L}",
            "[[:alpha:]]",
            "(unclosed",
            "a{2",
        ] {
            assert!(check_pattern(bad).is_err(), "{bad}");
        }
    }
}

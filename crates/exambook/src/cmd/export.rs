//! `exambook export questions`: every question of a book as CSV or as Anki's text import.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use exambook_core::Book;
use exambook_syntax::ast::{AnswerMatch, BlockKind, Question};
use exambook_syntax::html::{self as body_html, DefaultHooks};
use exambook_syntax::markdown::{self, WriteOptions};
use exambook_syntax::{escape, walk};

use crate::args::{ExportQuestionsArgs, Global, QuestionFormat, book_dir};
use crate::pipeline::{self, Outcome, Prepared, Settings};
use crate::report;

/// One question with what the formats need.
struct Row<'a> {
    id: String,
    page: &'a str,
    objective: String,
    q: Question,
}

/// Runs `exambook export questions`.
pub fn questions(args: &ExportQuestionsArgs, global: &Global) -> Result<ExitCode> {
    let dir = book_dir(args.book.as_ref());
    let built = match pipeline::run(&dir, &Settings::default(), |_| Ok(Prepared::default()))? {
        Outcome::Built(built) => built,
        Outcome::Failed {
            sources,
            diagnostics,
        } => {
            report::diagnostics(&sources, &diagnostics, global.quiet);
            return Ok(report::failed(&diagnostics, false));
        }
    };
    let rows = rows(&built.book);
    let text = match args.format {
        QuestionFormat::Csv => csv(&rows),
        QuestionFormat::Anki => anki(&rows),
    };
    match &args.output {
        Some(path) => write_file(path, &text)?,
        None => {
            // A closed pipe (`| head`) is the reader's choice, not an error worth a panic.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    if !global.quiet {
        eprintln!("exported {} question(s)", rows.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The book's questions in reading order, with their ids (the written one, else `page#question-N`)
/// and objectives (the written one, else the page's).
fn rows(book: &Book) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for page in &book.pages {
        let page_objective = page
            .meta()
            .objective
            .as_ref()
            .map(|o| o.value.trim().to_owned());
        let mut n = 0;
        walk::blocks(&page.doc.blocks, &mut |b| {
            if let BlockKind::Question(q) = &b.kind {
                n += 1;
                out.push(Row {
                    id: q.id.as_ref().map_or_else(
                        || format!("{}#question-{n}", page.stem),
                        |i| i.value.clone(),
                    ),
                    page: &page.stem,
                    objective: q
                        .objective
                        .as_ref()
                        .map(|o| o.value.clone())
                        .or_else(|| page_objective.clone())
                        .unwrap_or_default(),
                    q: q.as_ref().clone(),
                });
            }
        });
    }
    out
}

fn kind(q: &Question) -> &'static str {
    if !q.is_choice() {
        "fill-in"
    } else if q.is_multiple() {
        "multiple"
    } else {
        "single"
    }
}

fn answer_label(how: AnswerMatch) -> &'static str {
    match how {
        AnswerMatch::Exact => "exact",
        AnswerMatch::AnyCase => "any case",
        AnswerMatch::Pattern => "pattern",
    }
}

/// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv(rows: &[Row<'_>]) -> String {
    let mut out =
        String::from("id,page,objective,kind,question,options,correct,answers,explanation\r\n");
    let opts = WriteOptions::default();
    for r in rows {
        let options: Vec<String> =
            r.q.options
                .iter()
                .map(|o| markdown::inlines(&o.content))
                .collect();
        let correct: Vec<String> =
            r.q.options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.correct)
                .map(|(i, _)| char::from(b'A' + (i % 26) as u8).to_string())
                .collect();
        let answers: Vec<String> =
            r.q.answers
                .iter()
                .map(|a| format!("{} ({})", a.text, answer_label(a.how)))
                .collect();
        let lettered: Vec<String> = options
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{}) {o}", char::from(b'A' + (i % 26) as u8)))
            .collect();
        let fields = [
            r.id.clone(),
            r.page.to_owned(),
            r.objective.clone(),
            kind(&r.q).to_owned(),
            markdown::write_blocks(&r.q.text, &opts),
            lettered.join("\n"),
            correct.join(" "),
            answers.join("\n"),
            markdown::write_blocks(&r.q.explanation, &opts),
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, f.trim_end());
        }
        out.push_str("\r\n");
    }
    out
}

/// An Anki field: HTML on one line, no tabs.
fn anki_field(html: &str) -> String {
    html.replace(['\t', '\r'], " ")
        .replace('\n', " ")
        .trim()
        .to_owned()
}

fn anki(rows: &[Row<'_>]) -> String {
    let mut out = String::from("#separator:tab\n#html:true\n#tags column:3\n");
    for r in rows {
        let mut front = body_html::body(&r.q.text, &mut DefaultHooks);
        if r.q.is_choice() {
            front.push_str("<ol type=\"A\">");
            for o in &r.q.options {
                front.push_str("<li>");
                front.push_str(&body_html::inlines(&o.content, &mut DefaultHooks));
                front.push_str("</li>");
            }
            front.push_str("</ol>");
        }
        let mut back = String::new();
        if r.q.is_choice() {
            back.push_str("<ol type=\"A\">");
            for (i, o) in r.q.options.iter().enumerate() {
                if o.correct {
                    back.push_str(&format!("<li value=\"{}\">", i + 1));
                    back.push_str(&body_html::inlines(&o.content, &mut DefaultHooks));
                    back.push_str("</li>");
                }
            }
            back.push_str("</ol>");
        } else {
            back.push_str("<p>");
            for (i, a) in r.q.answers.iter().enumerate() {
                if i > 0 {
                    back.push_str(" · ");
                }
                back.push_str("<code>");
                escape::text(&mut back, &a.text);
                back.push_str("</code>");
                if a.how != AnswerMatch::Exact {
                    back.push_str(" (");
                    back.push_str(answer_label(a.how));
                    back.push(')');
                }
            }
            back.push_str("</p>");
        }
        back.push_str(&body_html::body(&r.q.explanation, &mut DefaultHooks));
        let mut tags = Vec::new();
        if !r.objective.is_empty() {
            tags.push(format!("objective::{}", r.objective));
            if let Some((topic, _)) = r.objective.rsplit_once('.') {
                tags.push(format!("topic::{topic}"));
            }
        }
        tags.push(format!("id::{}", r.id.replace(char::is_whitespace, "_")));
        out.push_str(&anki_field(&front));
        out.push('\t');
        out.push_str(&anki_field(&back));
        out.push('\t');
        out.push_str(&tags.join(" "));
        out.push('\n');
    }
    out
}

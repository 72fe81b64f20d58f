//! `exambook import-questions FILE`: reads practice questions in the common plain format and
//! writes them as question-bank pages in our syntax.
//!
//! The plain format: numbered questions (`1.`, `1)`, `**1.**`, `### 1`, `### Question 1`),
//! lettered options (`A)`, `a.`, `- A)`, `(B)`), fill-in questions (no options, usually a
//! `______` blank), and an answer key after a heading that says "answer" (`1-B`, `2 - C`,
//! `3. A, C`, ``121 `--all` ``; several entries a line). A question belongs to the objective
//! the nearest heading above it names (`351.3`), else to `--objective`, else it is reported.
//! Everything that cannot be read is reported with its line; what can be read is written,
//! one page per objective, and read back to check that the written answers are the key's.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use exambook_syntax::ast::BlockKind;
use exambook_syntax::walk;

use crate::args::{Global, ImportArgs, book_dir};

/// A question as read from the plain file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plain {
    /// Its number in the file.
    pub number: u32,
    /// The line it starts on.
    pub line: usize,
    /// The objective of the heading above it.
    pub objective: Option<String>,
    /// Text lines.
    pub text: Vec<String>,
    /// Options in order (text only; letters are their positions).
    pub options: Vec<String>,
}

/// One answer-key entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeyAnswer {
    /// Option letters as positions (A = 0).
    Letters(Vec<usize>),
    /// A fill-in answer.
    Text(String),
}

/// What reading a plain file gives.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub questions: Vec<Plain>,
    /// Question number → (line, column, answer).
    pub key: BTreeMap<u32, (usize, usize, KeyAnswer)>,
    /// What could not be read: (line, column, what).
    pub problems: Vec<(usize, usize, String)>,
}

/// An objective id in a heading: two or more dot-separated runs of digits (`351.3`).
fn objective_in(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|w| w.trim_matches('.'))
        .find(|w| {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() >= 2 && parts.iter().all(|p| !p.is_empty())
        })
        .map(str::to_owned)
}

/// Leading number and the rest: `12. text` / `12) text`.
fn numbered(s: &str) -> Option<(u32, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let n = s[..digits].parse().ok()?;
    let rest = &s[digits..];
    let rest = rest.strip_prefix(['.', ')'])?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((n, rest.trim()))
}

/// A question's first line: `1.`, `1)`, `**1.**`, `**1**`, or a heading `### 1`,
/// `### Question 1`.
fn question_start(line: &str) -> Option<(u32, String)> {
    let t = line.trim();
    if let Some(h) = t.strip_prefix('#') {
        let h = h.trim_start_matches('#').trim();
        let h = h
            .strip_prefix("Question")
            .or_else(|| h.strip_prefix("question"))
            .map_or(h, str::trim_start);
        let digits = h.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n = h[..digits].parse().ok()?;
        let rest = h[digits..].trim_start_matches(['.', ')', ':']).trim();
        // `### 351.3 Title` is an objective heading, not a question.
        if h[digits..].starts_with('.') && h[digits + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        return Some((n, rest.to_owned()));
    }
    if let Some(b) = t.strip_prefix("**") {
        let end = b.find("**")?;
        let inner = b[..end].trim().trim_end_matches(['.', ')']);
        let n = inner.parse().ok()?;
        return Some((n, b[end + 2..].trim().to_owned()));
    }
    numbered(t).map(|(n, rest)| (n, rest.to_owned()))
}

/// An option line: `A) text`, `a. text`, `- A) text`, `(B) text`; returns the letter's position.
fn option_line(line: &str) -> Option<(usize, String)> {
    let mut t = line.trim();
    if let Some(r) = t.strip_prefix(['-', '*', '+'])
        && r.starts_with(' ')
    {
        t = r.trim_start();
    }
    let paren = t.starts_with('(');
    let t = t.strip_prefix('(').unwrap_or(t);
    let mut chars = t.chars();
    let letter = chars.next()?;
    if !letter.is_ascii_alphabetic() {
        return None;
    }
    let rest = chars.as_str();
    let rest = if paren {
        rest.strip_prefix(')')?
    } else {
        rest.strip_prefix([')', '.'])?
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let pos = usize::from(letter.to_ascii_uppercase() as u8 - b'A');
    Some((pos, rest.trim().to_owned()))
}

/// A 1-based column of a byte offset.
fn column(line: &str, i: usize) -> usize {
    line.get(..i).map_or(i, |s| s.chars().count()) + 1
}

/// The entries of one answer-key line, each with the byte offset it starts at; and what could
/// not be read (its offset and text).
#[allow(clippy::type_complexity, reason = "a private helper's plain tuple")]
fn key_entries(line: &str) -> (Vec<(usize, u32, KeyAnswer)>, Option<(usize, String)>) {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let skip = |i: &mut usize, set: &[u8]| {
        while *i < b.len() && set.contains(&b[*i]) {
            *i += 1;
        }
    };
    loop {
        skip(&mut i, b" \t,;|*-");
        if i >= b.len() {
            return (out, None);
        }
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 6 {
            return (out, Some((i, line[i..].trim().to_owned())));
        }
        let start = i;
        let n: u32 = line[i..i + digits].parse().unwrap_or(0);
        i += digits;
        skip(&mut i, b" \t");
        if i < b.len() && b"-.:)=".contains(&b[i]) {
            i += 1;
        }
        skip(&mut i, b" \t");
        if i < b.len() && b[i] == b'`' {
            let Some(end) = line[i + 1..].find('`') else {
                return (out, Some((start, line[start..].trim().to_owned())));
            };
            out.push((
                start,
                n,
                KeyAnswer::Text(line[i + 1..i + 1 + end].to_owned()),
            ));
            i += end + 2;
            continue;
        }
        let mut letters = Vec::new();
        loop {
            let save = i;
            skip(&mut i, b" \t,&/");
            if line[i..].starts_with("and ") {
                i += 4;
                skip(&mut i, b" \t");
            }
            let single = i < b.len()
                && b[i].is_ascii_alphabetic()
                && !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
            if single {
                letters.push(usize::from(b[i].to_ascii_uppercase() - b'A'));
                i += 1;
            } else {
                i = save;
                break;
            }
        }
        if !letters.is_empty() {
            out.push((start, n, KeyAnswer::Letters(letters)));
            continue;
        }
        // A bare word: a fill-in answer up to the next separator.
        let end = line[i..].find([',', ';']).map_or(line.len(), |e| i + e);
        let word = line[i..end].trim();
        if word.is_empty() {
            return (out, Some((start, line[start..].trim().to_owned())));
        }
        out.push((start, n, KeyAnswer::Text(word.to_owned())));
        i = end;
    }
}

/// Reads a plain question file.
pub(crate) fn read(text: &str, default_objective: Option<&str>) -> Read {
    let mut r = Read::default();
    let mut objective: Option<String> = None;
    let mut in_key = false;
    let mut current: Option<Plain> = None;
    // The fence that opened the code block we are in (code lines are kept as they are).
    let mut fence: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let n = index + 1;
        let line = raw.trim_end();
        let t = line.trim();
        let indent = line.len() - line.trim_start().len();
        if let Some(open) = &fence {
            if t.starts_with(open.as_str()) && t.trim_start_matches(open.as_str()).trim().is_empty()
            {
                fence = None;
            }
            if let Some(q) = current.as_mut() {
                push_line(q, line);
            }
            continue;
        }
        if !in_key && let Some(open) = fence_open(t) {
            fence = Some(open);
            if let Some(q) = current.as_mut() {
                push_line(q, line);
            }
            continue;
        }
        let heading = t.starts_with('#');
        let lower = t.to_lowercase();
        // `## Answer key`, `**Answers**`: the key starts (an inline `**Answer:** B` does not).
        let bold_line = t.starts_with("**") && t.trim_end_matches(':').ends_with("**");
        if (heading || bold_line)
            && lower.contains("answer")
            && question_start(t).is_none()
            && inline_answer(t).is_none()
        {
            if let Some(q) = current.take() {
                r.questions.push(q);
            }
            in_key = true;
            continue;
        }
        if in_key {
            if t.is_empty() {
                continue;
            }
            key_line(&mut r, n, line, indent, t, 0);
            continue;
        }
        // An answer right under its question: `Answer: B`, `**Answer:** A, C`.
        if let Some(q) = current.as_ref()
            && let Some(rest) = inline_answer(t)
        {
            let offset = line.find(rest).unwrap_or(indent);
            let entry = format!("{}-{rest}", q.number);
            let skip = entry.len() - rest.len();
            key_line(&mut r, n, line, offset, &entry, skip);
            continue;
        }
        if let Some((number, first)) = question_start(t) {
            if let Some(q) = current.take() {
                r.questions.push(q);
            }
            let mut q = Plain {
                number,
                line: n,
                objective: objective.clone().or(default_objective.map(str::to_owned)),
                text: Vec::new(),
                options: Vec::new(),
            };
            if !first.is_empty() {
                q.text.push(first);
            }
            current = Some(q);
            continue;
        }
        if heading {
            if let Some(q) = current.take() {
                r.questions.push(q);
            }
            if let Some(o) = objective_in(t) {
                objective = Some(o);
            } else if t.chars().any(|c| c.is_ascii_digit()) {
                // A topic heading (`## Topic 351`): no objective until the next one.
                objective = None;
            }
            continue;
        }
        let Some(q) = current.as_mut() else {
            continue;
        };
        if let Some((pos, text)) = option_line(t)
            && pos == q.options.len()
        {
            q.options.push(text);
            continue;
        }
        if t.is_empty() {
            if q.options.is_empty() && q.text.last().is_some_and(|l| !l.is_empty()) {
                q.text.push(String::new());
            }
            continue;
        }
        match q.options.last_mut() {
            Some(last) => {
                last.push(' ');
                last.push_str(t);
            }
            None => q.text.push(t.to_owned()),
        }
    }
    if let Some(q) = current.take() {
        r.questions.push(q);
    }
    r
}

/// The answer of an `Answer: …` line (`**Answer:** B`, `- Answer: A, C`), if it is one.
fn inline_answer(t: &str) -> Option<&str> {
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start_matches('*');
    let head = t.get(..7)?;
    if !head.eq_ignore_ascii_case("answer:") {
        return None;
    }
    let rest = t[7..].trim_start_matches('*').trim();
    let rest = rest.strip_suffix("**").unwrap_or(rest).trim();
    (!rest.is_empty()).then_some(rest)
}

/// Reads the answer-key entries of `text` (which starts at byte `offset` of `line`, line `n`;
/// its first `skip` bytes are not in the line) into `r`.
fn key_line(r: &mut Read, n: usize, line: &str, offset: usize, text: &str, skip: usize) {
    let at_col = |at: usize| column(line, offset + at.saturating_sub(skip));
    let (entries, rest) = key_entries(text);
    for (at, number, answer) in entries {
        let col = at_col(at);
        if let Some((first, _, _)) = r.key.get(&number) {
            r.problems.push((
                n,
                col,
                format!("the key answers question {number} twice (first on line {first})"),
            ));
        } else {
            r.key.insert(number, (n, col, answer));
        }
    }
    if let Some((at, rest)) = rest {
        r.problems.push((
            n,
            at_col(at),
            format!(
                "cannot read the answer-key entry `{rest}` (write `12-B`, `13 - A, C` or ``14 `text` ``)"
            ),
        ));
    }
}

/// The fence (three or more backticks or tildes) that opens a code block on this line.
fn fence_open(t: &str) -> Option<String> {
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = t.chars().take_while(|x| *x == c).count();
    (len >= 3).then(|| c.to_string().repeat(len))
}

/// Adds a line to a question's text (or its last option), keeping code lines as they are.
fn push_line(q: &mut Plain, line: &str) {
    match q.options.last_mut() {
        Some(last) => {
            last.push(' ');
            last.push_str(line.trim());
        }
        None => q.text.push(line.to_owned()),
    }
}

/// A question as a block of our syntax.
pub(crate) fn block(q: &Plain, objective: &str, answer: &KeyAnswer, prefix: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "::: question {{#q-{}-{prefix}-{} objective={objective}}}",
        objective.replace('.', "-"),
        q.number
    );
    out.push_str(q.text.join("\n").trim_end());
    out.push_str("\n\n");
    match answer {
        KeyAnswer::Letters(letters) => {
            for (i, o) in q.options.iter().enumerate() {
                let mark = if letters.contains(&i) { "[x]" } else { "[ ]" };
                let _ = writeln!(out, "- {mark} {o}");
            }
        }
        KeyAnswer::Text(t) => {
            let ticks = if t.contains('`') { "``" } else { "`" };
            let pad = if t.starts_with('`') || t.ends_with('`') {
                " "
            } else {
                ""
            };
            let _ = writeln!(out, "Answer: {ticks}{pad}{t}{pad}{ticks}");
        }
    }
    out.push_str(":::\n");
    out
}

/// A safe file-name part.
fn slug(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "questions".into()
    } else {
        out
    }
}

/// A letter for an option position.
fn letter(pos: usize) -> char {
    u8::try_from(pos)
        .ok()
        .and_then(|p| p.checked_add(b'A'))
        .map_or('?', char::from)
}

/// One page to write: how many questions, and its markdown.
pub(crate) type Pages = BTreeMap<String, (usize, String)>;

/// The pages to write (objective → markdown) and the problems (line, column, what), in line
/// order.
pub(crate) fn convert(
    r: &Read,
    prefix: &str,
    known: &[String],
) -> (Pages, Vec<(usize, usize, String)>) {
    let mut pages = Pages::new();
    let mut problems = r.problems.clone();
    let mut seen = std::collections::BTreeMap::new();
    for q in &r.questions {
        let number = q.number;
        let at = |what: String| (q.line, 1, format!("question {number}: {what}"));
        if let Some(first) = seen.insert(number, q.line) {
            problems.push(at(format!(
                "the number is used twice (first on line {first})"
            )));
            continue;
        }
        let Some(objective) = &q.objective else {
            problems.push(at(
                "no objective: no heading above it names one, and no --objective was given".into(),
            ));
            continue;
        };
        if !known.contains(objective) {
            problems.push(at(format!(
                "the exam has no objective {objective} (named by the heading above it)"
            )));
            continue;
        }
        if q.text.iter().all(|l| l.trim().is_empty()) {
            problems.push(at("it has no text".into()));
            continue;
        }
        let Some((key_line, key_col, answer)) = r.key.get(&number) else {
            problems.push(at("the answer key has no entry for it".into()));
            continue;
        };
        let key_at = |what: String| (*key_line, *key_col, format!("question {number}: {what}"));
        match answer {
            KeyAnswer::Letters(_) if q.options.len() < 2 => {
                problems.push(key_at(format!(
                    "the key gives option letters, but the question (line {}) has {} option(s)",
                    q.line,
                    q.options.len()
                )));
                continue;
            }
            KeyAnswer::Letters(letters) if letters.iter().any(|&l| l >= q.options.len()) => {
                let missing: Vec<String> = letters
                    .iter()
                    .filter(|&&l| l >= q.options.len())
                    .map(|&l| letter(l).to_string())
                    .collect();
                problems.push(key_at(format!(
                    "the key names option {}, but the question (line {}) has only A to {}",
                    missing.join(", "),
                    q.line,
                    letter(q.options.len() - 1)
                )));
                continue;
            }
            KeyAnswer::Text(t) if !q.options.is_empty() => {
                problems.push(key_at(format!(
                    "the key gives the text `{t}`, but the question (line {}) has options",
                    q.line
                )));
                continue;
            }
            _ => {}
        }
        let entry = pages
            .entry(objective.clone())
            .or_insert_with(|| (0, format!("# Questions: {objective}\n")));
        entry.0 += 1;
        entry.1.push('\n');
        entry.1.push_str(&block(q, objective, answer, prefix));
    }
    for (number, (line, col, _)) in &r.key {
        if !seen.contains_key(number) {
            problems.push((
                *line,
                *col,
                format!("the key answers question {number}, which the file does not have"),
            ));
        }
    }
    problems.sort();
    (pages, problems)
}

/// The answers of the questions in written pages, by id: option letters or answer texts, as the
/// check that they reproduce the key.
pub(crate) fn written_answers(markdown: &str) -> Vec<(String, KeyAnswer)> {
    let (doc, _) = exambook_syntax::parse(markdown);
    let mut out = Vec::new();
    walk::blocks(&doc.blocks, &mut |b| {
        if let BlockKind::Question(q) = &b.kind {
            let id = q.id.as_ref().map(|i| i.value.clone()).unwrap_or_default();
            let answer = if q.is_choice() {
                KeyAnswer::Letters(
                    q.options
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.correct)
                        .map(|(i, _)| i)
                        .collect(),
                )
            } else {
                KeyAnswer::Text(
                    q.answers
                        .first()
                        .map(|a| a.text.clone())
                        .unwrap_or_default(),
                )
            };
            out.push((id, answer));
        }
    });
    out
}

/// Runs `exambook import-questions`.
pub fn run(args: &ImportArgs, global: &Global) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let dir = book_dir(args.into.as_ref());
    let loaded = exambook_core::load(&dir)
        .with_context(|| format!("cannot load the book in {}", dir.display()))?;
    let book = &loaded.book;
    let Some(exam) = book.exam.as_ref() else {
        bail!(
            "the book in {} has no [exam] in its book.toml: imported questions belong to its objectives",
            dir.display()
        );
    };
    let known: Vec<String> = exam
        .topics
        .iter()
        .flat_map(|t| &t.objectives)
        .map(|o| o.id.clone())
        .collect();
    if let Some(objective) = &args.objective
        && !known.contains(objective)
    {
        bail!(
            "--objective {objective}: the exam has no such objective (it has {})",
            known.join(", ")
        );
    }
    let stem = args
        .file
        .file_stem()
        .map_or_else(|| "questions".into(), |s| s.to_string_lossy().into_owned());
    let prefix = slug(&stem);
    let r = read(&text, args.objective.as_deref());
    let (pages, problems) = convert(&r, &prefix, &known);

    let folder: PathBuf = dir
        .join(&book.config.book.src)
        .join("imported")
        .join(&prefix);
    let mut written = Vec::new();
    for (objective, (count, markdown)) in &pages {
        // The written answers must be the key's, question by question.
        for (id, answer) in written_answers(markdown) {
            let number: Option<u32> = id.rsplit('-').next().and_then(|n| n.parse().ok());
            let want = number.and_then(|n| r.key.get(&n)).map(|(_, _, a)| a);
            if want != Some(&answer) {
                bail!("internal error: question {id} does not reproduce its key entry");
            }
        }
        let path = folder.join(format!("{}.md", slug(objective)));
        if !args.dry_run && path.exists() {
            bail!(
                "{} already exists: remove it, or rename the file to import",
                path.display()
            );
        }
        written.push((objective.clone(), *count, path, markdown.clone()));
    }
    let file = args.file.display();
    let level = if written.is_empty() {
        "error"
    } else {
        "warning"
    };
    for (line, col, what) in &problems {
        eprintln!("{level}: not imported: {what}\n  --> {file}:{line}:{col}");
    }
    if written.is_empty() {
        eprintln!(
            "error: no question could be imported from {file} ({} question(s) and {} answer-key entries found)",
            r.questions.len(),
            r.key.len()
        );
        if r.questions.is_empty() {
            eprintln!(
                "help: questions are numbered (`1.`, `**1.**`, `### 1`), options lettered (`A)`, `a.`), and the key follows a heading that says \"Answers\""
            );
        }
        return Ok(ExitCode::from(crate::EXIT_CONTENT));
    }
    if args.dry_run {
        for (_, _, path, markdown) in &written {
            let shown = path.strip_prefix(&dir).unwrap_or(path);
            println!("==> {} <==\n{markdown}", display(shown));
        }
    } else {
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        for (_, _, path, markdown) in &written {
            std::fs::write(path, markdown)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    if !global.quiet {
        let total: usize = written.iter().map(|w| w.1).sum();
        let verb = if args.dry_run {
            "would import"
        } else {
            "imported"
        };
        eprintln!(
            "{verb} {total} of {} question(s) from {file}; {} problem(s) reported",
            r.questions.len(),
            problems.len()
        );
        for (objective, count, path, _) in &written {
            let shown = path.strip_prefix(&dir).unwrap_or(path);
            eprintln!("  {objective}: {count} → {}", display(shown));
        }
        if !args.dry_run {
            eprintln!("list the pages in SUMMARY.md to publish them");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn key_lines() {
        let (e, rest) = key_entries("1-B, 2 - C; 3. a  4) A, C 5 `--all` 6: tap");
        assert_eq!(rest, None);
        let e: Vec<(u32, KeyAnswer)> = e.into_iter().map(|(_, n, a)| (n, a)).collect();
        assert_eq!(
            e,
            [
                (1, KeyAnswer::Letters(vec![1])),
                (2, KeyAnswer::Letters(vec![2])),
                (3, KeyAnswer::Letters(vec![0])),
                (4, KeyAnswer::Letters(vec![0, 2])),
                (5, KeyAnswer::Text("--all".into())),
                (6, KeyAnswer::Text("tap".into())),
            ]
        );
        let (e, rest) = key_entries("7-B, ??");
        assert_eq!(e, [(0, 7, KeyAnswer::Letters(vec![1]))]);
        assert_eq!(rest, Some((5, "??".into())));
    }

    #[test]
    fn code_inline_answers_and_the_key() {
        let text = "## 101.1 Disks\n\n1. Which?\n\n```\n2. not a question\nA) not an option\n```\n\nA) one\nB) two\n\n**Answer: B**\n\n3. Type it: ______\nAnswer: `gdisk`\n\n**Answers**\n\n4-A\n";
        let r = read(text, None);
        assert_eq!(r.questions.len(), 2);
        assert_eq!(r.questions[0].options, ["one", "two"]);
        assert_eq!(
            r.questions[0].text,
            [
                "Which?",
                "",
                "```",
                "2. not a question",
                "A) not an option",
                "```",
                ""
            ]
        );
        assert_eq!(r.key[&1], (13, 11, KeyAnswer::Letters(vec![1])));
        assert_eq!(r.key[&3], (16, 9, KeyAnswer::Text("gdisk".into())));
        assert_eq!(r.key[&4].0, 20);
        let (pages, problems) = convert(&r, "t", &["101.1".to_owned()]);
        assert_eq!(pages["101.1"].0, 2);
        assert_eq!(
            problems,
            [(
                20,
                1,
                "the key answers question 4, which the file does not have".to_owned()
            )]
        );
    }

    #[test]
    fn starts_and_options() {
        assert_eq!(question_start("12. What?"), Some((12, "What?".into())));
        assert_eq!(question_start("**3.** Which"), Some((3, "Which".into())));
        assert_eq!(question_start("### 4"), Some((4, String::new())));
        assert_eq!(
            question_start("### Question 5: Pick"),
            Some((5, "Pick".into()))
        );
        assert_eq!(question_start("## 351.3 QEMU"), None);
        assert_eq!(option_line("A) kvm"), Some((0, "kvm".into())));
        assert_eq!(option_line("- b. two"), Some((1, "two".into())));
        assert_eq!(option_line("(C) three"), Some((2, "three".into())));
        assert_eq!(option_line("A sentence."), None);
    }
}

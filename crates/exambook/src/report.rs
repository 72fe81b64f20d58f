//! Printing diagnostics with source snippets. Only the binary prints.

use std::collections::HashMap;
use std::io::IsTerminal;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use exambook_core::{Diagnostic, Severity, SourceMap};
use exambook_syntax::{FileId, LineIndex};

/// How many diagnostics with the same message in the same file are printed in full; the rest
/// are counted in one line at the end.
pub const MAX_ALIKE: usize = 10;

/// Prints diagnostics to stderr with source snippets; `quiet` drops warnings. After
/// [`MAX_ALIKE`] diagnostics with the same severity and message in one file, the others are
/// only counted ("… and 15990 more like this"); `check --format json` still lists them all.
pub fn diagnostics(sources: &SourceMap, diagnostics: &[Diagnostic], quiet: bool) {
    let shown = diagnostics
        .iter()
        .filter(|d| !(quiet && d.severity == Severity::Warning));
    for text in grouped(&terminal(), sources, shown) {
        if crate::print::stderr_closed() {
            return;
        }
        eprintln!("{text}");
    }
}

/// Diagnostics rendered for a terminal, grouped as [`diagnostics`] prints them: the first
/// [`MAX_ALIKE`] of each (severity, message, file) in full, then one line counting the rest.
/// Rendered lazily, so a long tail costs nothing.
pub fn grouped<'d>(
    renderer: &'d Renderer,
    sources: &'d SourceMap,
    diagnostics: impl Iterator<Item = &'d Diagnostic>,
) -> impl Iterator<Item = String> + 'd {
    let (printed, more) = group(diagnostics);
    let full = printed
        .into_iter()
        .map(move |d| render(renderer, sources, d));
    let counted = more.into_iter().map(move |(d, n)| {
        let file = sources
            .get(d.span.file)
            .map(|f| format!(" in {}", f.path.display()))
            .unwrap_or_default();
        format!("… and {n} more like this{file}: {}", d.message)
    });
    full.chain(counted)
}

/// The diagnostics to print in full, in order, and for each (severity, message, file) seen
/// more than [`MAX_ALIKE`] times its first diagnostic with the number left out.
fn group<'d>(
    diagnostics: impl Iterator<Item = &'d Diagnostic>,
) -> (Vec<&'d Diagnostic>, Vec<(&'d Diagnostic, usize)>) {
    // Per kind: how many were seen, and where its count of the left-out ones is in `more`.
    let mut seen: HashMap<(Severity, &str, FileId), (usize, usize)> = HashMap::new();
    let mut printed = Vec::new();
    let mut more: Vec<(&Diagnostic, usize)> = Vec::new();
    for d in diagnostics {
        let (count, at) = seen
            .entry((d.severity, d.message.as_str(), d.span.file))
            .or_insert((0, usize::MAX));
        *count += 1;
        if *count <= MAX_ALIKE {
            printed.push(d);
        } else if let Some(entry) = more.get_mut(*at) {
            entry.1 += 1;
        } else {
            *at = more.len();
            more.push((d, 1));
        }
    }
    (printed, more)
}

/// The renderer for diagnostics printed on stderr: styled on a terminal, unless `NO_COLOR` is
/// set (<https://no-color.org>). Every command prints through it.
pub fn terminal() -> Renderer {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// A diagnostic as JSON: what `check --format json` prints and what `serve` sends to the
/// browser overlay (which also gets the plain-text rendering as `text`).
#[derive(Debug, serde::Serialize)]
pub struct Json<'a> {
    severity: Severity,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    hints: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

impl<'a> Json<'a> {
    /// `d` with its position in `sources`.
    pub fn new(sources: &SourceMap, d: &'a Diagnostic) -> Json<'a> {
        let (file, (line, column), (end_line, end_column)) = match sources.get(d.span.file) {
            Some(f) => (
                f.path.display().to_string(),
                f.lines.line_col(&f.text, d.span.start as usize),
                f.lines.line_col(&f.text, d.span.end as usize),
            ),
            None => (String::new(), (0, 0), (0, 0)),
        };
        Json {
            severity: d.severity,
            file,
            line,
            column,
            end_line,
            end_column,
            message: &d.message,
            hints: &d.hints,
            text: None,
        }
    }

    /// With the diagnostic's plain-text rendering.
    pub fn with_text(mut self, text: String) -> Self {
        self.text = Some(text);
        self
    }
}

/// One diagnostic as text. The snippet holds only the lines the span covers, so the cost does
/// not grow with the size of the file.
pub fn render(renderer: &Renderer, sources: &SourceMap, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut groups: Vec<Group<'_>> = Vec::new();
    let title = level.primary_title(d.message.as_str());
    match sources.get(d.span.file) {
        Some(file) => {
            let path = file.path.display().to_string();
            let text = file.text.as_str();
            let (lines, first_line, span) = excerpt(
                text,
                &file.lines,
                d.span.start as usize,
                d.span.end as usize,
            );
            let snippet = Snippet::source(lines)
                .line_start(first_line)
                .path(path)
                .annotation(AnnotationKind::Primary.span(span));
            groups.push(title.element(snippet));
        }
        None => groups.push(Group::with_title(title)),
    }
    for hint in &d.hints {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(hint.as_str()),
        ));
    }
    renderer.render(&groups)
}

/// The whole lines of `text` that the byte range `start..end` touches, the number of the
/// first, and the range relative to them.
fn excerpt<'t>(
    text: &'t str,
    lines: &LineIndex,
    start: usize,
    end: usize,
) -> (&'t str, usize, std::ops::Range<usize>) {
    let len = text.len();
    let start = floor_char_boundary(text, start.min(len));
    let end = floor_char_boundary(text, end.clamp(start, len));
    let first = lines.line_of(start);
    let last = lines.line_of(end);
    let from = lines.line_range(text, first).start.min(start);
    // Through the line break, so that a span ending on it stays inside the excerpt.
    let to = lines.line_range(text, last + 1).start.max(end).min(len);
    let excerpt = text.get(from..to).unwrap_or_default();
    (excerpt, first, start - from..end - from)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Prints an error that stopped the command, with its causes.
pub fn error(err: &anyhow::Error) {
    eprintln!("error: {err}");
    let mut previous = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        // Our I/O errors already end with their cause's text; don't say it twice.
        if !previous.ends_with(&text) {
            eprintln!("  caused by: {text}");
        }
        previous = text;
    }
}

/// Prints the closing count and returns the content-error exit code.
pub fn failed(diagnostics: &[Diagnostic], deny_warnings: bool) -> std::process::ExitCode {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if deny_warnings && errors == 0 {
        eprintln!("error: {warnings} warning(s), and warnings are denied");
    } else {
        eprintln!("error: {errors} error(s), {warnings} warning(s); nothing was written");
    }
    std::process::ExitCode::from(crate::EXIT_CONTENT)
}

/// A spinner naming the current phase, shown only on a terminal; a bar of rendered pages
/// while pages render.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// A spinner on stderr, unless quiet or stderr is not a terminal.
    pub fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(80));
        Progress(Some(bar))
    }

    /// Names the phase now running.
    pub fn phase(&self, name: &'static str) {
        if let Some(bar) = &self.0 {
            bar.set_message(name);
        }
    }

    /// A callback for the renderer that turns the spinner into a bar of rendered pages; `None`
    /// when nothing is shown.
    pub fn pages(&self) -> Option<exambook_render::Progress> {
        let bar = self.0.clone()?;
        let style =
            indicatif::ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} pages")
                .ok()?
                .progress_chars("=> ");
        let styled = std::sync::Once::new();
        Some(exambook_render::Progress(std::sync::Arc::new(
            move |done, total| {
                styled.call_once(|| {
                    bar.set_length(total as u64);
                    bar.set_message("rendering");
                    bar.set_style(style.clone());
                });
                bar.set_position(done as u64);
            },
        )))
    }

    /// Removes the spinner.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use exambook_syntax::Span;

    fn at(sources: &SourceMap, needle: &str, message: &str) -> Diagnostic {
        let file = FileId(0);
        let text = &sources
            .get(file)
            .map(|f| f.text.clone())
            .unwrap_or_default();
        let start = text.find(needle).unwrap_or(0);
        Diagnostic::error(Span::new(file, start..start + needle.len()), message)
    }

    #[test]
    fn snippets_show_the_lines_of_the_span_with_their_numbers() {
        let mut sources = SourceMap::default();
        sources.add(
            "a.md".into(),
            "one\ntwo\nthree [x](#nope) four\nfive\n".into(),
        );
        let d = at(&sources, "[x](#nope)", "broken link");
        let text = render(&Renderer::plain(), &sources, &d);
        assert!(text.contains("--> a.md:3:7"), "{text}");
        assert!(text.contains("3 | three [x](#nope) four"), "{text}");
        assert!(!text.contains("two") && !text.contains("five"), "{text}");
        // A span over a line break and one at the very end stay inside their excerpt.
        let d = at(&sources, "four\nfive", "two lines");
        let text = render(&Renderer::plain(), &sources, &d);
        assert!(
            text.contains("a.md:3:18") && text.contains("4 | | five"),
            "{text}"
        );
        let end = u32::try_from(sources.get(FileId(0)).map_or(0, |f| f.text.len())).unwrap_or(0);
        let d = Diagnostic::error(Span::new(FileId(0), end as usize..end as usize + 9), "end");
        assert!(render(&Renderer::plain(), &sources, &d).contains("end"));
    }

    #[test]
    fn repeated_diagnostics_are_counted_after_a_few() {
        let mut sources = SourceMap::default();
        sources.add("a.md".into(), "[x](#nope)\n".into());
        let same = at(&sources, "[x]", "same");
        let other = at(&sources, "[x]", "other");
        let all: Vec<Diagnostic> = std::iter::repeat_n(same, 25)
            .chain(std::iter::repeat_n(other, 2))
            .collect();
        let (printed, more) = group(all.iter());
        assert_eq!(printed.len(), MAX_ALIKE + 2);
        assert_eq!(more.len(), 1);
        assert_eq!(
            (more[0].0.message.as_str(), more[0].1),
            ("same", 25 - MAX_ALIKE)
        );
    }

    #[test]
    fn rendered_pages_move_the_bar() {
        let bar = indicatif::ProgressBar::hidden();
        let progress = Progress(Some(bar.clone()));
        let Some(exambook_render::Progress(on_page)) = progress.pages() else {
            panic!("a shown progress display takes pages");
        };
        on_page(1, 40);
        on_page(3, 40);
        assert_eq!((bar.position(), bar.length()), (3, Some(40)));
        assert!(Progress(None).pages().is_none());
    }
}

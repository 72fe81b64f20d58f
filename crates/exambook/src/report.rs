//! Printing diagnostics with source snippets. Only the binary prints.

use std::io::IsTerminal;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use exambook_core::{Diagnostic, Severity, SourceMap};

/// Prints diagnostics to stderr with source snippets; `quiet` drops warnings.
pub fn diagnostics(sources: &SourceMap, diagnostics: &[Diagnostic], quiet: bool) {
    let renderer = if std::io::stderr().is_terminal() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for d in diagnostics {
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        eprintln!("{}", render(&renderer, sources, d));
    }
}

/// One diagnostic as text.
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
            let len = file.text.len();
            let start = (d.span.start as usize).min(len);
            let end = (d.span.end as usize).clamp(start, len);
            let snippet = Snippet::source(file.text.as_str())
                .path(path)
                .annotation(AnnotationKind::Primary.span(start..end));
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

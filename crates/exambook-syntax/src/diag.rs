//! Diagnostics as data, and mapping byte offsets to `line:col`.
//!
//! Libraries never print: content problems travel as [`Diagnostic`] values and the CLI renders
//! them with source snippets.

use serde::Serialize;

use crate::ast::Span;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the output is still right.
    Warning,
    /// The output would be wrong; the build fails.
    Error,
}

/// A problem in an author's (or translator's) input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the problem is.
    pub span: Span,
    /// What is wrong, one sentence, no trailing period.
    pub message: String,
    /// How to fix it.
    pub hints: Vec<String>,
    /// A warning while the author writes (`build`, `serve`) that `check` and
    /// `--deny-warnings` report as an error: a state that is normal half-way through, such as
    /// objective weights that do not sum to the question count yet.
    #[serde(skip)]
    pub strict: bool,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            hints: Vec::new(),
            strict: false,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            hints: Vec::new(),
            strict: false,
        }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Marks a warning as [`Diagnostic::strict`].
    #[must_use]
    pub fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// Makes a [`Diagnostic::strict`] warning an error (for `check` and `--deny-warnings`).
    pub fn enforce(&mut self) {
        if self.strict {
            self.severity = Severity::Error;
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Maps byte offsets of one source text to 1-based line and column numbers.
///
/// Lines end at `\n`; a `\r` before it belongs to the line break. Columns count characters
/// (Unicode scalar values), a tab counting as one, which is what editors' "go to column" expects.
/// A UTF-8 byte-order mark at the start is not a column.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    /// Length of a leading byte-order mark (0 or 3).
    bom: usize,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex { starts, bom }
    }

    /// The 1-based `(line, column)` of byte `offset` in `text` (the same text given to `new`).
    /// Offsets past the end map to the end; offsets inside a character map to that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let mut start = self.starts.get(line).copied().unwrap_or(0);
        if line == 0 {
            start = start.max(self.bom.min(offset));
        }
        let col = text
            .get(start..)
            .map(|rest| {
                rest.char_indices()
                    .take_while(|&(i, _)| start + i < offset)
                    .count()
            })
            .unwrap_or(0);
        (line + 1, col + 1)
    }

    /// The 1-based line holding byte `offset` (offsets past the end: the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The byte range of 1-based `line`, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len()..text.len();
        };
        let mut end = self.starts.get(line).map_or(text.len(), |&next| next - 1);
        if text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end -= 1;
        }
        start..end
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Never true: an empty text has one (empty) line.
    pub fn is_empty(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "ab\r\ncé\td\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 4), (2, 1));
        // 'd' comes after 'c', 'é' (2 bytes) and a tab: column 4.
        assert_eq!(idx.line_col(text, text.find('d').unwrap_or(0)), (2, 4));
        assert_eq!(idx.line_col(text, text.len()), (3, 2));
        assert_eq!(&text[idx.line_range(text, 1)], "ab");
        assert_eq!(&text[idx.line_range(text, 2)], "cé\td");
        let lines: Vec<usize> = [0, 3, 4, 9, 10, 99].map(|o| idx.line_of(o)).to_vec();
        assert_eq!(lines, [1, 1, 2, 2, 3, 3]);
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}# T";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 3), (1, 1));
        assert_eq!(idx.line_col(text, 5), (1, 3));
    }
}

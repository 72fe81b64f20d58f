//! Typed errors for what stops a book from loading or an output from being written.

use std::path::PathBuf;

use exambook_syntax::Diagnostic;

use crate::book::SourceMap;

/// Why loading or writing failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `book.toml` or the table of contents is unusable; the diagnostics say where.
    #[error("the book cannot be loaded")]
    Content {
        /// The files the diagnostics point into.
        sources: Box<SourceMap>,
        /// What is wrong.
        diagnostics: Vec<Diagnostic>,
    },
    /// The output folder is not one exambook may replace.
    #[error("refusing to write to {}: {reason}", path.display())]
    UnsafeOutput {
        /// The output folder.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Another build is writing the same output folder.
    #[error(
        "another exambook{} is writing {}; try again when it is done (its lock: {})",
        holder.map(|pid| format!(" (PID {pid})")).unwrap_or_default(),
        path.display(),
        lock.display()
    )]
    OutputLocked {
        /// The output folder.
        path: PathBuf,
        /// The lock file beside it.
        lock: PathBuf,
        /// The process holding the lock, when it could be read.
        holder: Option<u32>,
    },
    /// An output path would leave the output folder.
    #[error("output path `{0}` is not a relative path inside the output folder")]
    BadOutputPath(String),
}

/// The broad class of an [`Error`], for exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The author's content is wrong.
    Content,
    /// The file system or the invocation is wrong.
    Io,
}

impl Error {
    /// The broad class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Content { .. } => ErrorKind::Content,
            _ => ErrorKind::Io,
        }
    }
}

//! The markdown writer (stub, being written).

use crate::ast::{Dialect, Document};

/// Options for [`write`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// `None` keeps each admonition's dialect; `Some(d)` writes every admonition in `d`.
    pub dialect: Option<Dialect>,
}

/// Writes `doc` as markdown.
pub fn write(doc: &Document, opts: &WriteOptions) -> String {
    let _ = (doc, opts);
    String::new()
}

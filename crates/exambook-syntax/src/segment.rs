//! Translatable units of a document (stub, being written).

use crate::ast::{Document, Span};

/// What kind of unit a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    /// A heading.
    Heading,
    /// A paragraph.
    Paragraph,
}

/// One translatable unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// What it is.
    pub kind: SegmentKind,
    /// The unit as canonical inline markdown.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// The translatable units of `doc`, in document order.
pub fn segments(doc: &Document) -> Vec<Segment> {
    let _ = doc;
    Vec::new()
}

//! Lowering: line-based admonition syntax → text pulldown-cmark understands.
//!
//! Docusaurus (`:::kind[Title]` … `:::`), GitBook (`{% hint style="…" %}` … `{% endhint %}`) and
//! MkDocs (`!!! kind "Title"` + indented body) admonitions are *lines*, not CommonMark blocks.
//! Each marker line is replaced, byte for byte, by a placeholder that CommonMark parses as an empty
//! ATX heading (`#` followed by spaces), keeping the title's bytes in place so that pulldown-cmark
//! parses the title as the heading's inline content with exact offsets. An ATX heading interrupts
//! paragraphs, cannot be a lazy continuation line and closes list items it is not indented into,
//! which is exactly how a closing `:::` should behave; the tree builder pairs the placeholders into
//! [`crate::ast::Admonition`] nodes.
//!
//! MkDocs bodies are indented by four columns. Their indentation is removed and a closing
//! placeholder line is inserted after the body, which makes MkDocs admonitions look like
//! Docusaurus ones from then on. Removing and inserting bytes shifts offsets, so the lowered
//! text comes with a piecewise map back to the source ([`Lowered::orig`]).
//!
//! A marker that turns out to sit in a code block or raw HTML is restored to its original bytes
//! ([`Lowered::restore`]); fenced code is tracked here too so that markers in fences are not even
//! touched. Limitations (documented in `docs/authoring.md` terms): MkDocs admonitions are only
//! recognised where the line prefix is whitespace (not inside `>` block quotes).

use std::borrow::Cow;
use std::ops::Range;

use crate::ast::Dialect;

/// A marker found on one line.
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    /// Offset of the placeholder `#` in the lowered text.
    pub at: usize,
    /// What the line said.
    pub kind: MarkerKind,
    /// The marker text in the original source (zero-width for inserted MkDocs closers).
    pub span: Range<usize>,
}

/// Opening or closing marker.
#[derive(Debug, Clone)]
pub(crate) enum MarkerKind {
    /// Starts an admonition.
    Open(Opener),
    /// Ends one.
    Close {
        /// Which syntax.
        dialect: Dialect,
        /// Number of colons (Docusaurus), else 0.
        fence: usize,
    },
}

/// What an opening marker said.
#[derive(Debug, Clone)]
pub(crate) struct Opener {
    pub dialect: Dialect,
    /// The kind word as written.
    pub kind: String,
    /// Whether a title was written (its inlines are the placeholder heading's content).
    pub has_title: bool,
    pub collapsible: bool,
    pub open: bool,
    /// Number of colons (Docusaurus), else 0.
    pub fence: usize,
}

/// A stretch of lowered text and where it comes from.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Start in the lowered text.
    buf: usize,
    /// Corresponding source offset.
    orig: usize,
    /// Inserted bytes: all of them map to `orig`.
    inserted: bool,
}

/// Bytes of the lowered text that differ from the source.
#[derive(Debug, Clone)]
struct Replaced {
    range: Range<usize>,
    original: String,
}

/// The lowered text with its map back to the source.
#[derive(Debug)]
pub(crate) struct Lowered<'a> {
    /// What pulldown-cmark parses.
    pub text: Cow<'a, str>,
    /// Source offset of `text[0]` when `pieces` is empty.
    base: usize,
    /// Piecewise map, sorted by `buf`; empty = identity plus `base`.
    pieces: Vec<Piece>,
    /// Markers sorted by `at`.
    pub markers: Vec<Marker>,
    /// Replaced ranges sorted by start.
    replaced: Vec<Replaced>,
    /// Source offsets of GitBook tags exambook does not read (`{% swagger %}`), in order.
    pub unknown: Vec<usize>,
    /// The piece the last lookup landed in: spans are asked for in nearly increasing order, so
    /// most lookups are one range check and an addition.
    last: std::cell::Cell<Hit>,
}

/// A piece as the lowered range it covers and where that maps to.
#[derive(Debug, Clone, Copy)]
struct Hit {
    /// First lowered offset of the piece.
    lo: usize,
    /// First lowered offset after it.
    hi: usize,
    /// Source offset of `lo`.
    orig: usize,
    /// Inserted bytes: the whole range maps to `orig`.
    inserted: bool,
}

impl Hit {
    /// Source offset of lowered offset `b` (in this piece).
    #[inline]
    fn map(&self, b: usize) -> usize {
        if self.inserted {
            self.orig
        } else {
            self.orig + (b - self.lo)
        }
    }

    /// The whole lowered text, mapped by adding `base` (no pieces).
    fn identity(base: usize) -> Self {
        Hit {
            lo: 0,
            hi: usize::MAX,
            orig: base,
            inserted: false,
        }
    }
}

impl<'a> Lowered<'a> {
    /// `text` unchanged (no extension markers), starting at source offset `base`.
    pub fn identity(text: &'a str, base: usize) -> Self {
        Lowered {
            text: Cow::Borrowed(text),
            base,
            pieces: Vec::new(),
            markers: Vec::new(),
            replaced: Vec::new(),
            unknown: Vec::new(),
            last: std::cell::Cell::new(Hit::identity(base)),
        }
    }

    /// Source offsets of a lowered range's ends: one look-up when both lie in the last piece
    /// (the end may be that piece's end), as they nearly always do.
    #[inline]
    pub fn orig_range(&self, a: usize, b: usize) -> (usize, usize) {
        let h = self.last.get();
        if h.lo <= a && a <= b && b < h.hi {
            return (h.map(a), h.map(b));
        }
        let start = self.orig(a);
        (start, self.orig(b).max(start))
    }

    /// Source offset of lowered offset `b`.
    #[inline]
    pub fn orig(&self, b: usize) -> usize {
        let h = self.last.get();
        if h.lo <= b && b < h.hi {
            return h.map(b);
        }
        self.orig_search(b)
    }

    /// [`Lowered::orig`] for an offset outside the last piece: finds its piece.
    #[inline(never)]
    fn orig_search(&self, b: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.buf <= b)
            .saturating_sub(1);
        let Some(p) = self.pieces.get(i) else {
            return self.base + b;
        };
        let hit = Hit {
            lo: p.buf,
            hi: self.pieces.get(i + 1).map_or(usize::MAX, |n| n.buf),
            orig: p.orig,
            inserted: p.inserted,
        };
        self.last.set(hit);
        hit.map(b)
    }

    /// Index of the marker whose placeholder lies in `range` of the lowered text.
    pub fn marker_in(&self, range: &Range<usize>) -> Option<usize> {
        if self.markers.is_empty() {
            return None;
        }
        let i = self.markers.partition_point(|m| m.at < range.start);
        self.markers
            .get(i)
            .filter(|m| m.at < range.end.max(range.start + 1))
            .map(|_| i)
    }

    /// `text` (an event's text at `range` of the lowered text) with replaced bytes put back.
    pub fn restore<'t>(&self, text: &'t str, range: &Range<usize>) -> Cow<'t, str> {
        if self.replaced.is_empty() {
            return Cow::Borrowed(text);
        }
        let first = self
            .replaced
            .partition_point(|r| r.range.end <= range.start);
        let mut overlapping = self.replaced[first.min(self.replaced.len())..]
            .iter()
            .take_while(|r| r.range.start < range.end)
            .peekable();
        if overlapping.peek().is_none() {
            // Nearly every event: nothing was replaced here.
            return Cow::Borrowed(text);
        }
        let Some(buf_slice) = self.text.get(range.clone()) else {
            return Cow::Borrowed(text);
        };
        if buf_slice != text {
            // Not a verbatim slice (escapes, tabs): leave it.
            return Cow::Borrowed(text);
        }
        let mut out = String::new();
        let mut pos = range.start;
        let mut changed = false;
        for r in overlapping {
            if r.range.start < range.start || r.range.end > range.end {
                continue;
            }
            out.push_str(self.text.get(pos..r.range.start).unwrap_or(""));
            out.push_str(&r.original);
            pos = r.range.end;
            changed = true;
        }
        if !changed {
            return Cow::Borrowed(text);
        }
        out.push_str(self.text.get(pos..range.end).unwrap_or(""));
        Cow::Owned(out)
    }

    /// The original text of a replaced range that starts at `start`, if any.
    pub fn original_at(&self, start: usize) -> Option<&str> {
        let i = self.replaced.partition_point(|r| r.range.start < start);
        self.replaced
            .get(i)
            .filter(|r| r.range.start == start)
            .map(|r| r.original.as_str())
    }
}

/// An open fenced code block, as far as this line scanner can tell.
#[derive(Debug, Clone, Copy)]
struct Fence {
    ch: u8,
    len: usize,
    /// Leading whitespace columns of the opening line (after MkDocs de-indentation).
    indent: usize,
    /// Opened behind a `>`: a line without `>` ends it (no lazy continuation for code).
    quoted: bool,
    /// MkDocs nesting depth it was opened at.
    depth: usize,
}

/// An open MkDocs admonition.
#[derive(Debug, Clone, Copy)]
struct MkDocs {
    /// Indentation (columns, source) of the opening line.
    indent: usize,
    /// Indentation (columns) of the placeholder in the lowered text.
    lowered_indent: usize,
    /// Source offset just after the last non-blank body line.
    last_end: usize,
}

struct Lowerer<'s> {
    src: &'s str,
    base: usize,
    out: String,
    pieces: Vec<Piece>,
    markers: Vec<Marker>,
    replaced: Vec<Replaced>,
    unknown: Vec<usize>,
    fence: Option<Fence>,
    mk: Vec<MkDocs>,
    /// Blank lines held back inside a MkDocs body (a closer goes before them).
    pending: Vec<Range<usize>>,
    /// Whether `out` is a verbatim copy so far (no piece started).
    mapped: bool,
    /// The last non-blank line of the open MkDocs body may belong to an HTML block, which only
    /// a blank line ends (the closer then needs one before it). Only body lines count: it is
    /// cleared when an outermost MkDocs admonition opens.
    html_open: bool,
    /// Where the lines skipped before the current one start (the end of the line looked at
    /// before it): they hold no trigger, but may put the current line inside raw HTML.
    skipped_from: usize,
    /// Source bytes before this offset are in `out` (or deliberately held back).
    copied: usize,
}

/// Lowers `text` (the body of a page, starting at source offset `base`).
pub(crate) fn lower(text: &str, base: usize) -> Lowered<'_> {
    let mut l = Lowerer {
        src: text,
        base,
        out: String::new(),
        pieces: vec![Piece {
            buf: 0,
            orig: base,
            inserted: false,
        }],
        markers: Vec::new(),
        replaced: Vec::new(),
        unknown: Vec::new(),
        fence: None,
        mk: Vec::new(),
        pending: Vec::new(),
        mapped: false,
        html_open: false,
        skipped_from: 0,
        copied: 0,
    };
    let b = text.as_bytes();
    let mut start = 0;
    while start < text.len() {
        // Only a line holding a marker or fence characters can matter (see `next_trigger`):
        // jump from one to the next and copy the lines between lazily, in one go. MkDocs
        // bodies are read line by line (each loses its indentation), and so are fences opened
        // behind `>`, which a line without `>` ends.
        let every_line = !l.mk.is_empty() || l.fence.is_some_and(|f| f.quoted);
        let (line_start, end) = if every_line {
            (start, line_end(b, start))
        } else {
            let Some(at) = next_trigger(b, start) else {
                break;
            };
            let line_start = memchr::memrchr(b'\n', &b[start..at]).map_or(start, |i| start + i + 1);
            (line_start, line_end(b, at))
        };
        let line = &b[line_start..end];
        let skip = !every_line
            && match l.fence {
                None => !interesting(line),
                Some(f) => !may_close(f, line),
            };
        start = end;
        if skip {
            continue;
        }
        if l.out.capacity() == 0 {
            l.out.reserve(text.len() + 64);
        }
        l.copy(l.copied..line_start);
        l.skipped_from = l.copied;
        l.copied = end;
        l.line(line_start..end);
    }
    l.close_mkdocs(0);
    l.flush_pending();
    if l.markers.is_empty() {
        let mut lowered = Lowered::identity(text, base);
        lowered.unknown = l.unknown;
        return lowered;
    }
    l.copy(l.copied..text.len());
    let mapped = l.mapped;
    let pieces = if mapped { l.pieces } else { Vec::new() };
    Lowered {
        text: Cow::Owned(l.out),
        base,
        pieces,
        markers: l.markers,
        replaced: l.replaced,
        unknown: l.unknown,
        last: std::cell::Cell::new(if mapped {
            // Matches nothing: the first lookup searches.
            Hit {
                lo: usize::MAX,
                hi: 0,
                orig: base,
                inserted: false,
            }
        } else {
            Hit::identity(base)
        }),
    }
}

/// What a line that opens or closes a fence or an admonition starts with, after its container
/// prefix.
const TRIGGERS: [&str; 6] = ["```", "~~~", ":::", "!!!", "???", "{%"];

/// End of the line holding byte `at`: just after its `\n`, or the end of the text.
fn line_end(b: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i + 1)
}

/// Offset of the first trigger (`` ``` ``, `~~~`, `:::`, `!!!`, `???` or `{%`) at or after
/// `from`. A line can be a marker, open a fence or close one only if it holds a trigger, and
/// few lines do (two per code block, one per marker), so the lowering jumps from one to the
/// next instead of looking at every line. The search is aho-corasick's vectorised multi-pattern
/// one: measured on `book/`, the lowering takes 0.30 ms per MB instead of 0.47 with a line scan.
fn next_trigger(b: &[u8], from: usize) -> Option<usize> {
    static SEARCHER: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(TRIGGERS)
                .ok()
        });
    match SEARCHER.as_ref() {
        Some(ac) => ac
            .find(aho_corasick::Input::new(b).span(from..b.len()))
            .map(|m| m.start()),
        // The searcher cannot fail to build for these patterns; if it did, every line would be
        // looked at, which is slower but the same.
        None => (from < b.len()).then_some(from),
    }
}

/// Bytes of `line` before its content: indentation, `>` markers and, if `lists`, list markers
/// (not one that would take the whole line).
pub(crate) fn container_prefix(line: &[u8], lists: bool) -> usize {
    let mut i = 0;
    loop {
        while matches!(line.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        match line.get(i) {
            Some(b'>') => i += 1,
            Some(_) if lists => match list_marker(&line[i..]) {
                Some(w) if w > 0 && i + w < line.len() => i += w,
                _ => return i,
            },
            _ => return i,
        }
    }
}

/// Whether a line may be a marker or a fence: after its container prefix it starts with
/// `` ``` ``, `~~~`, `:::`, `{%`, `!!!` or `???`.
fn interesting(line: &[u8]) -> bool {
    let rest = &line[container_prefix(line, true)..];
    TRIGGERS.iter().any(|t| rest.starts_with(t.as_bytes()))
}

/// Whether a line inside fence `f` may close it: only one starting (after indentation) with the
/// fence character or a container prefix can; a fence opened behind `>` is never skipped.
fn may_close(f: Fence, line: &[u8]) -> bool {
    let first = line.iter().find(|c| !matches!(c, b' ' | b'\t'));
    f.quoted
        || first.is_some_and(|&c| {
            c == f.ch || matches!(c, b'>' | b'-' | b'*' | b'+' | b':' | b'0'..=b'9')
        })
}

/// Leading whitespace of `line`: (columns, bytes).
fn indentation(line: &[u8]) -> (usize, usize) {
    let mut cols = 0;
    let mut i = 0;
    while let Some(&c) = line.get(i) {
        match c {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            _ => break,
        }
        i += 1;
    }
    (cols, i)
}

fn is_blank(line: &str) -> bool {
    line.bytes()
        .all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Width of a list marker at the start of `s` (`- `, `* `, `+ `, `1. `, `1) `, and a
/// definition's `: `, which holds blocks as a list item does), including the following
/// whitespace, or `None`. (Found by the `parse` fuzz target: a fence opened after `: ` went
/// unseen, so its closing line was taken for an opening one and hid a `:::` closer.)
fn list_marker(s: &[u8]) -> Option<usize> {
    let mut i = 0;
    match s.first()? {
        b'-' | b'*' | b'+' => i = 1,
        b':' if matches!(s.get(1), Some(b' ' | b'\t')) => i = 1,
        b'0'..=b'9' => {
            while i < 9 && s.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if !matches!(s.get(i), Some(b'.' | b')')) {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    match s.get(i) {
        Some(b' ' | b'\t') => {
            let ws = s[i..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            // Five blanks or more: the item starts with indented code one column in.
            Some(if ws >= 5 { i + 1 } else { i + ws })
        }
        None | Some(b'\n' | b'\r') => Some(i),
        _ => None,
    }
}

impl Lowerer<'_> {
    /// Appends source bytes `range` verbatim.
    fn copy(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let at = self.out.len();
        let last = self.pieces.last().copied();
        let contiguous =
            last.is_some_and(|p| !p.inserted && p.orig + (at - p.buf) == self.base + range.start);
        if !contiguous {
            self.pieces.push(Piece {
                buf: at,
                orig: self.base + range.start,
                inserted: false,
            });
            self.mapped = true;
        }
        self.out.push_str(&self.src[range]);
    }

    /// Makes sure the next byte appended maps to source offset `at` (a verbatim stretch starts
    /// there).
    fn anchor(&mut self, at: usize) {
        let pos = self.out.len();
        let contiguous = self
            .pieces
            .last()
            .is_some_and(|p| !p.inserted && p.orig + (pos - p.buf) == self.base + at);
        if !contiguous {
            self.pieces.push(Piece {
                buf: pos,
                orig: self.base + at,
                inserted: false,
            });
            self.mapped = true;
        }
    }

    /// Appends bytes that are not in the source; they map to source offset `at`.
    fn insert(&mut self, text: &str, at: usize) {
        if text.ends_with('\n') && !(self.out.is_empty() || self.out.ends_with('\n')) {
            self.out.push('\n');
        }
        let start = self.out.len();
        self.pieces.push(Piece {
            buf: start,
            orig: self.base + at,
            inserted: true,
        });
        self.mapped = true;
        self.out.push_str(text);
        self.replaced.push(Replaced {
            range: start..self.out.len(),
            original: String::new(),
        });
    }

    /// Whether the line starting at `line_start` continues raw HTML: the run of non-blank lines
    /// just above it starts with `<` (the lines skipped since the last line looked at are read
    /// here; the state of that line carries over when no blank line is between).
    fn html_above(&self, line_start: usize) -> bool {
        let gap = self.src.get(self.skipped_from..line_start).unwrap_or("");
        if gap.is_empty() {
            return self.html_open;
        }
        let lines: Vec<&str> = gap.split_inclusive('\n').collect();
        let run = lines.iter().rev().take_while(|l| !is_blank(l)).count();
        if run == 0 {
            return false;
        }
        let first = lines[lines.len() - run].as_bytes();
        let starts_html = first.get(container_prefix(first, true)) == Some(&b'<');
        starts_html || (run == lines.len() && self.html_open)
    }

    fn line(&mut self, range: Range<usize>) {
        let line = &self.src[range.clone()];
        let bytes = line.as_bytes();
        let (cols, ws) = indentation(bytes);
        if !self.mk.is_empty() {
            if is_blank(line) {
                self.html_open = false;
                self.pending.push(range);
                return;
            }
            let keep = self.mk.iter().take_while(|m| cols >= m.indent + 4).count();
            self.close_mkdocs(keep);
            self.flush_pending();
        }
        // Remove four columns per open MkDocs admonition.
        let remove = 4 * self.mk.len();
        let (content_start, lowered_cols) = if remove == 0 {
            self.copy(range.start..range.start + ws);
            (range.start + ws, cols)
        } else {
            self.dedent(range.start, bytes, remove)
        };
        let rest = &self.src[content_start..range.end];
        let rest_b = rest.as_bytes();

        // The container prefix: `>` markers and list markers.
        let mut p = 0;
        let mut quoted = false;
        let mut listed = false;
        // Blanks enough for indented code behind a marker somewhere in the prefix.
        let mut deep = false;
        // Blanks between the last `>` or list marker and the content.
        let gap = loop {
            let skip = rest_b[p..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            let q = p + skip;
            // Four blanks or more behind a marker may be indented code (`*     *   ```` starts
            // with code; found by the `soup` fuzz target), or the indentation of list items
            // opened on an earlier line (`            >       > x` continues two nested items
            // in a quote): the markers after them are read, but such a line opens no fence
            // (wrongly seen, a fence would hide a closer; a box marker wrongly seen in code is
            // put back by `Lowered::restore`). A `>` takes one blank of its own (a list
            // marker's blanks are in its width), so behind it five.
            let code_at = if p > 0 && rest_b[p - 1] == b'>' { 5 } else { 4 };
            if p > 0 && skip >= code_at {
                deep = true;
            }
            if rest_b.get(q) == Some(&b'>') {
                quoted = true;
                p = q + 1;
                continue;
            }
            if let Some(w) = list_marker(&rest_b[q..])
                && w < rest_b.len() - q
            {
                listed = true;
                p = q + w;
                continue;
            }
            p = q;
            break skip;
        };
        let body = &rest[p..];
        let body_b = body.as_bytes();
        let body_start = content_start + p;
        // A line inside raw HTML never opens a fence (CommonMark ends an HTML block only at a
        // blank line or its end tag). Wrongly seeing a fence would hide an admonition's closing
        // marker; wrongly missing one is repaired by `Lowered::restore`.
        let in_html = self.html_above(range.start);
        self.html_open = in_html;
        if is_blank(body) {
            self.html_open = false;
        } else if body_b.first() == Some(&b'<') {
            self.html_open = true;
        }

        if let Some(f) = self.fence {
            // Code, not HTML, whatever its lines start with.
            self.html_open = false;
            let closes_lazily = f.quoted && !quoted;
            let run = body_b.iter().take_while(|&&c| c == f.ch).count();
            if closes_lazily || (run >= f.len && is_blank(&body[run..])) {
                self.fence = None;
            }
            self.copy(content_start..range.end);
            return;
        }
        // Four columns past the content column of the list item it may be in, the line is
        // indented code, not a fence (found by the `soup` fuzz target: a fence taken there hid
        // the box's closer).
        // A line indented as code opens no fence: indented before any marker (then `*` or `>`
        // is code text too), or behind its last one. (Only fences: `list_column` knows one level
        // of list, so a marker deep in nested lists is still looked at; a fence wrongly missed
        // is repaired by `Lowered::restore`, one wrongly seen would hide a closer.)
        let leading_code = lowered_cols >= 4 && {
            let list_col = if self.mk.is_empty() {
                self.list_column(range.start, lowered_cols)
            } else {
                0
            };
            lowered_cols - list_col.min(lowered_cols) >= 4
        };
        // `>` takes one blank of its own; a list marker's blanks are in its width.
        let indented_code = leading_code
            || deep
            || ((quoted || listed) && gap >= if quoted && !listed { 5 } else { 4 });
        if let Some(&c @ (b'`' | b'~')) = body_b.first()
            && !in_html
            && !indented_code
        {
            let run = body_b.iter().take_while(|&&x| x == c).count();
            if run >= 3 && !(c == b'`' && body[run..].contains('`')) {
                self.fence = Some(Fence {
                    ch: c,
                    len: run,
                    indent: lowered_cols,
                    quoted,
                    depth: self.mk.len(),
                });
                self.copy(content_start..range.end);
                return;
            }
        }

        let found = match body_b.first() {
            Some(b':') => docusaurus(body),
            Some(b'{') => match gitbook(body) {
                Ok(found) => found,
                Err(()) => {
                    // Another GitBook tag: it stays text, and the parser warns where it is text.
                    self.unknown.push(self.base + body_start);
                    None
                }
            },
            // Inside raw HTML a MkDocs line is HTML: its body's indentation, once removed, is
            // not put back by `Lowered::restore` (found by the `soup` fuzz target).
            Some(b'!' | b'?') if !quoted && !listed && !in_html => {
                // Relative to the list item it may be in: 4+ columns would be indented code.
                let list_col = if self.mk.is_empty() {
                    self.list_column(range.start, cols)
                } else {
                    0
                };
                let rel = lowered_cols - list_col.min(lowered_cols);
                if rel < 4 { mkdocs(body) } else { None }
            }
            _ => None,
        };
        let Some((kind, title, marker_len)) = found else {
            self.copy(content_start..range.end);
            return;
        };
        // Replace the marker, keep the title bytes in place.
        self.copy(content_start..body_start);
        let at = self.out.len();
        let mut placeholder = String::with_capacity(marker_len);
        placeholder.push('#');
        for (i, ch) in body[..marker_len].char_indices().skip(1) {
            match &title {
                Some(t) if t.contains(&i) => placeholder.push(ch),
                _ => placeholder.extend(std::iter::repeat_n(' ', ch.len_utf8())),
            }
        }
        self.anchor(body_start);
        self.out.push_str(&placeholder);
        self.replaced.push(Replaced {
            range: at..at + marker_len,
            original: body[..marker_len].to_owned(),
        });
        let src_span = self.base + body_start..self.base + body_start + marker_len;
        let is_mkdocs = matches!(&kind, MarkerKind::Open(o) if o.dialect == Dialect::MkDocs);
        self.markers.push(Marker {
            at,
            kind,
            span: src_span,
        });
        self.copy(body_start + marker_len..range.end);
        if is_mkdocs {
            if self.mk.is_empty() {
                // Only the body's own lines tell whether it ends in an HTML block.
                self.html_open = false;
            }
            self.mk.push(MkDocs {
                indent: cols,
                lowered_indent: lowered_cols,
                last_end: trim_newline_end(self.src, range.clone()),
            });
        }
        if let Some(mk) = self.mk.last_mut()
            && !is_mkdocs
        {
            mk.last_end = trim_newline_end(self.src, range);
        }
    }

    /// Content column of the list item a line indented by `cols` at `start` continues, found by
    /// looking back (a few hundred lines at most); 0 if none.
    fn list_column(&self, start: usize, cols: usize) -> usize {
        if cols < 4 {
            return 0;
        }
        let before = &self.src[..start];
        for line in before.trim_end_matches('\n').rsplit('\n').take(300) {
            let b = line.as_bytes();
            if is_blank(line) {
                continue;
            }
            let (c, ws) = indentation(b);
            if let Some(w) = list_marker(&b[ws..])
                && c + w <= cols
            {
                return c + w;
            }
            if c == 0 {
                return 0;
            }
        }
        0
    }

    /// Copies the line at `start` without its first `remove` columns of indentation.
    /// Returns the source offset where the copied content starts and its remaining columns.
    fn dedent(&mut self, start: usize, bytes: &[u8], remove: usize) -> (usize, usize) {
        let mut cols = 0;
        let mut i = 0;
        while cols < remove {
            match bytes.get(i) {
                Some(b' ') => cols += 1,
                Some(b'\t') => {
                    let next = cols + 4 - cols % 4;
                    if next > remove {
                        // Split the tab: the rest becomes spaces.
                        let spaces = " ".repeat(next - remove);
                        self.insert(&spaces, start + i);
                        // An inserted run is not "replaced" text; forget that record.
                        self.replaced.pop();
                        cols = next;
                        i += 1;
                        break;
                    }
                    cols = next;
                }
                _ => break,
            }
            i += 1;
        }
        let (rest_cols, rest_ws) = indentation(&bytes[i..]);
        self.copy(start + i..start + i + rest_ws);
        if let Some(mk) = self.mk.last_mut()
            && !is_blank(std::str::from_utf8(bytes).unwrap_or(""))
        {
            mk.last_end = start + bytes.len();
            if bytes.ends_with(b"\n") {
                mk.last_end -= 1;
            }
        }
        (start + i + rest_ws, cols.saturating_sub(remove) + rest_cols)
    }

    /// Closes MkDocs admonitions until `keep` remain; `at` is the current source offset.
    fn close_mkdocs(&mut self, keep: usize) {
        while self.mk.len() > keep {
            let Some(mk) = self.mk.pop() else { break };
            if let Some(f) = self.fence
                && f.depth > self.mk.len()
            {
                let mut line = " ".repeat(f.indent);
                line.extend(std::iter::repeat_n(f.ch as char, f.len));
                line.push('\n');
                self.insert(&line, mk.last_end);
                self.fence = None;
            }
            if std::mem::take(&mut self.html_open) {
                self.insert("\n", mk.last_end);
            }
            let mut line = " ".repeat(mk.lowered_indent);
            line.push_str("#\n");
            self.insert(&line, mk.last_end);
            let at = self.out.len() - 2;
            self.markers.push(Marker {
                at,
                kind: MarkerKind::Close {
                    dialect: Dialect::MkDocs,
                    fence: 0,
                },
                span: self.base + mk.last_end..self.base + mk.last_end,
            });
            if let Some(outer) = self.mk.last_mut() {
                outer.last_end = mk.last_end;
            }
        }
    }

    fn flush_pending(&mut self) {
        for r in std::mem::take(&mut self.pending) {
            // Keep only the line break: the whitespace of a blank line means nothing.
            let nl = self.src[r.clone()]
                .find(['\r', '\n'])
                .map_or(r.end, |i| r.start + i);
            self.copy(nl..r.end);
        }
    }
}

fn trim_newline_end(src: &str, r: Range<usize>) -> usize {
    let s = &src[r.clone()];
    r.start + s.trim_end_matches(['\n', '\r']).len()
}

/// A recognised marker: its kind, the byte range of the title within the marker text, and the
/// marker text's length (to the end of the line, without the line break).
type Found = (MarkerKind, Option<Range<usize>>, usize);

/// Length of `s` without its line break.
fn line_len(s: &str) -> usize {
    s.trim_end_matches(['\n', '\r']).len()
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic()
}

fn word_len(s: &[u8]) -> usize {
    s.iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
        .count()
}

/// `:::kind[Title]`, `:::kind Title`, `:::kind{attrs}` or a closing `:::`.
fn docusaurus(s: &str) -> Option<Found> {
    let b = s.as_bytes();
    let n = b.iter().take_while(|&&c| c == b':').count();
    if n < 3 {
        return None;
    }
    let len = line_len(s);
    let rest = &s[n..len];
    if rest.trim().is_empty() {
        return Some((
            MarkerKind::Close {
                dialect: Dialect::Docusaurus,
                fence: n,
            },
            None,
            len,
        ));
    }
    let rb = rest.as_bytes();
    let ws = rb.iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
    if !rb.get(ws).copied().is_some_and(is_word_start) {
        return None;
    }
    let kw = word_len(&rb[ws..]);
    let kind = rest[ws..ws + kw].to_owned();
    let after = n + ws + kw;
    let mut title = None;
    let tail = &s[after..len];
    let tb = tail.as_bytes();
    if tb.first() == Some(&b'[') {
        // Bracketed label, brackets balanced, backslash escapes.
        let mut depth = 0usize;
        let mut i = 0;
        let mut close = None;
        while i < tb.len() {
            match tb[i] {
                b'\\' => i += 1,
                b'[' => depth += 1,
                b']' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let close = close?;
        let trailing = &tail[close + 1..];
        if !(trailing.trim().is_empty() || trailing.trim_start().starts_with('{')) {
            return None;
        }
        if close > 1 {
            title = Some(after + 1..after + close);
        }
    } else if tb.first() == Some(&b'{')
        || tail.trim().is_empty()
        || (kind == "question" && tail.trim_start().starts_with('{'))
    {
        // Attributes only (a question's `::: question {#id}` too), or nothing.
    } else if matches!(tb.first(), Some(b' ' | b'\t')) {
        let t = tail.trim();
        let off = tail.find(t).unwrap_or(0);
        title = Some(after + off..after + off + t.len());
    } else {
        return None;
    }
    let opener = Opener {
        dialect: Dialect::Docusaurus,
        kind,
        has_title: title.is_some(),
        collapsible: false,
        open: false,
        fence: n,
    };
    Some((MarkerKind::Open(opener), title, len))
}

/// GitBook's block tags, as an [`Opener::fence`] (and a closer's `fence`): a closing tag closes
/// only the block its own opening tag opened.
pub(crate) mod tag {
    /// `{% hint style="…" %}` … `{% endhint %}`: an admonition.
    pub const HINT: usize = 0;
    /// `{% tabs %}` … `{% endtabs %}`.
    pub const TABS: usize = 1;
    /// `{% tab title="…" %}` … `{% endtab %}`.
    pub const TAB: usize = 2;
    /// `{% code title="…" %}` … `{% endcode %}` around a fenced code block.
    pub const CODE: usize = 3;
    /// `{% content-ref url="…" %}` … `{% endcontent-ref %}`.
    pub const CONTENT_REF: usize = 4;
    /// `{% embed url="…" %}` (a block of its own; an `{% endembed %}` is dropped).
    pub const EMBED: usize = 5;
}

/// The GitBook tags exambook reads, for the warning about the others.
pub(crate) const GITBOOK_TAGS: &str = "hint, tabs, tab, code, embed, content-ref";

/// A GitBook tag line `{% name args %}`: `Some(Found)` for the tags exambook reads, `Err(())`
/// for any other tag (left as text; the parser warns), `Ok(None)` for a line that is no tag.
fn gitbook(s: &str) -> Result<Option<Found>, ()> {
    let len = line_len(s);
    let line = s[..len].trim_end();
    let Some(inner) = line.strip_prefix("{%").and_then(|l| l.strip_suffix("%}")) else {
        return Ok(None);
    };
    // `{%- tag -%}` trims whitespace in Liquid; the same tag here.
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner);
    let body = inner.trim();
    let name_len = body
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
        .count();
    if name_len == 0 {
        return Err(());
    }
    let (name, args) = body.split_at(name_len);
    if !(args.is_empty() || args.starts_with([' ', '\t'])) {
        return Err(());
    }
    // `{% endhint %}**{% endhint %}` is a line of text holding tags, not one tag (only a tab's
    // title may hold `%}`); a closing tag takes no arguments.
    if (name != "tab" && args.contains("%}"))
        || (name.starts_with("end") && !args.trim().is_empty())
    {
        return Ok(None);
    }
    let close = |t: usize| {
        Ok(Some((
            MarkerKind::Close {
                dialect: Dialect::GitBook,
                fence: t,
            },
            None,
            len,
        )))
    };
    let open = |t: usize, kind: &str, title: Option<Range<usize>>| {
        Ok(Some((
            MarkerKind::Open(Opener {
                dialect: Dialect::GitBook,
                kind: kind.to_owned(),
                has_title: title.is_some(),
                collapsible: false,
                open: false,
                fence: t,
            }),
            title,
            len,
        )))
    };
    match name {
        "endhint" => close(tag::HINT),
        "endtabs" => close(tag::TABS),
        "endtab" => close(tag::TAB),
        "endcode" => close(tag::CODE),
        "endcontent-ref" => close(tag::CONTENT_REF),
        "endembed" => close(tag::EMBED),
        "tabs" => open(tag::TABS, name, None),
        "code" => open(tag::CODE, name, None),
        "content-ref" => open(tag::CONTENT_REF, name, None),
        "embed" => open(tag::EMBED, name, None),
        "tab" => {
            // The title's bytes stay in place: the placeholder heading's inline content.
            // `args` is a slice of `s`: its offset in the line.
            let at = args.as_ptr() as usize - s.as_ptr() as usize;
            let title = tag_value(args, "title")
                .filter(|r| !r.is_empty())
                .map(|r| at + r.start..at + r.end);
            open(tag::TAB, name, title)
        }
        "hint" => {
            let Some(style) = tag_value(args, "style") else {
                return Err(());
            };
            let style = &args[style];
            if style.is_empty() {
                return Err(());
            }
            open(tag::HINT, style, None)
        }
        _ => Err(()),
    }
}

/// A tag line's text between `{%` and `%}` (the whole text when it is not a tag).
pub(crate) fn tag_inner(line: &str) -> &str {
    let line = line.trim_end();
    line.strip_prefix("{%")
        .and_then(|l| l.strip_suffix("%}"))
        .map(|l| l.strip_prefix('-').unwrap_or(l))
        .map(|l| l.strip_suffix('-').unwrap_or(l))
        .unwrap_or(line)
}

/// Where the value of `key="…"` lies in a tag's arguments: from after the opening quote to the
/// first quote of the same kind that is not backslash-escaped and ends the arguments or comes
/// before the next `name=` (so a title may hold quotes and `%}`).
pub(crate) fn tag_value(args: &str, key: &str) -> Option<Range<usize>> {
    let b = args.as_bytes();
    let mut from = 0;
    while let Some(i) = args[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before_ok = at == 0 || b[at - 1].is_ascii_whitespace();
        let rest = args[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|_| before_ok) else {
            continue;
        };
        let rest = rest.trim_start();
        let q = *rest
            .as_bytes()
            .first()
            .filter(|c| matches!(c, b'"' | b'\''))?;
        let start = args.len() - rest.len() + 1;
        let mut j = start;
        while j < b.len() {
            if b[j] == q {
                let slashes = b[..j].iter().rev().take_while(|&&c| c == b'\\').count();
                let after = &args[j + 1..];
                let ends = after.trim().is_empty() || {
                    let t = after.trim_start();
                    t.len() < after.len() && {
                        let n = t
                            .bytes()
                            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
                            .count();
                        n > 0 && t[n..].trim_start().starts_with('=')
                    }
                };
                if slashes % 2 == 0 && ends {
                    return Some(start..j);
                }
            }
            j += 1;
        }
        return None;
    }
    None
}

/// `!!! kind "Title"`, `??? kind`, `???+ kind "Title"`.
fn mkdocs(s: &str) -> Option<Found> {
    let len = line_len(s);
    let line = &s[..len];
    let (collapsible, open, n) = if line.starts_with("???+") {
        (true, true, 4)
    } else if line.starts_with("???") {
        (true, false, 3)
    } else if line.starts_with("!!!") {
        (false, false, 3)
    } else {
        return None;
    };
    let rest = &line[n..];
    let rb = rest.as_bytes();
    let ws = rb.iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
    if ws == 0 || !rb.get(ws).copied().is_some_and(is_word_start) {
        return None;
    }
    let kw = word_len(&rb[ws..]);
    let kind = rest[ws..ws + kw].to_owned();
    let mut i = n + ws + kw;
    // Extra class words are allowed and ignored.
    loop {
        let b = line.as_bytes();
        let sp = b[i..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t'))
            .count();
        if sp > 0 && b.get(i + sp).copied().is_some_and(is_word_start) {
            i += sp + word_len(&b[i + sp..]);
        } else {
            break;
        }
    }
    let tail = &line[i..];
    let mut title = None;
    let t = tail.trim();
    if !t.is_empty() {
        if !(t.len() >= 2 && t.starts_with('"') && t.ends_with('"')) {
            return None;
        }
        let off = i + tail.find('"').unwrap_or(0);
        if t.len() > 2 {
            title = Some(off + 1..off + t.len() - 1);
        }
    }
    let opener = Opener {
        dialect: Dialect::MkDocs,
        kind,
        has_title: title.is_some() || t == "\"\"",
        collapsible,
        open,
        fence: 0,
    };
    Some((MarkerKind::Open(opener), title, len))
}

#[cfg(test)]
mod trigger_tests {
    use super::{TRIGGERS, next_trigger};

    #[test]
    fn finds_every_trigger() {
        let triggers = TRIGGERS;
        let mut text = String::new();
        // Near-misses everywhere, triggers at both sides of every 64-byte window edge.
        for i in 0..300 {
            text.push_str(["`x`", "~~", ": ", "!?", "{ %", "é", "\n", "ab"][i % 8]);
            if i % 37 == 0 {
                text.push_str(triggers[i % triggers.len()]);
            }
        }
        text.push_str("{%");
        let b = text.as_bytes();
        let expected: Vec<usize> = (0..b.len())
            .filter(|&i| triggers.iter().any(|t| b[i..].starts_with(t.as_bytes())))
            .collect();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(i) = next_trigger(b, from) {
            found.push(i);
            from = i + 1;
        }
        assert_eq!(found, expected);
        assert!(!expected.is_empty());
        assert_eq!(next_trigger(b"", 0), None);
        assert_eq!(next_trigger(b"::", 0), None);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn docusaurus_markers_become_placeholders() {
        let src = "a\n:::note[Hi *x*]\nbody\n:::\n";
        let l = lower(src, 0);
        assert_eq!(l.text, "a\n#       Hi *x* \nbody\n#  \n");
        assert_eq!(l.markers.len(), 2);
        assert_eq!(l.orig(5), 5);
    }

    #[test]
    fn mkdocs_body_is_dedented() {
        let src = "!!! tip \"T\"\n    body\n\n    more\nafter\n";
        let l = lower(src, 0);
        assert_eq!(l.text, "#        T \nbody\n\nmore\n#\nafter\n");
        let body = l.text.find("body").unwrap();
        assert_eq!(l.orig(body), src.find("body").unwrap());
        let after = l.text.find("after").unwrap();
        assert_eq!(l.orig(after), src.find("after").unwrap());
    }

    #[test]
    fn html_ends_a_mkdocs_body_before_its_closer() {
        // A body ending in an HTML block gets a blank line before the closer, which the block
        // would otherwise swallow.
        let l = lower("!!! note\n    <div>\n    x\n", 0);
        assert_eq!(l.text, "#       \n<div>\nx\n\n#\n");
        // HTML before the admonition (here in a code block) says nothing about its body.
        let l = lower("```\n<div>\n```\n!!! note\n    x\n", 0);
        assert_eq!(l.text, "```\n<div>\n```\n#       \nx\n#\n");
    }

    #[test]
    fn fences_hide_markers() {
        let src = "```\n:::note\n```\n";
        let l = lower(src, 0);
        assert!(l.markers.is_empty());
    }
}

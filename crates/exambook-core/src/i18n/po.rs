//! Reading and writing GNU gettext PO files.
//!
//! Our own reader and writer: the maintained crates we looked at lose parts of real catalogs
//! (`polib` 0.3 keeps neither obsolete `#~` entries nor `#|` previous msgids) or report a bad
//! file as one error string without a position. The reader never fails: it returns what it
//! could read and [`Diagnostic`]s pointing at the bad line and column, so a translator's typo
//! is reported like an author's.
//!
//! The writer wraps strings the way GNU gettext does (a `\n` inside a string ends a line, long
//! strings break after spaces at 79 columns), so catalogs that went through `msgmerge` or a PO
//! editor keep their layout when we rewrite them.

use exambook_syntax::Diagnostic;
use exambook_syntax::ast::{FileId, Span};

/// Width GNU gettext wraps PO lines at.
const WIDTH: usize = 79;

/// One message of a catalog (the header is the message whose msgid is empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// `# ` translator comments, one string per line (without the `# `).
    pub translator_comments: Vec<String>,
    /// `#. ` extracted comments (for translators, written by the extractor).
    pub extracted_comments: Vec<String>,
    /// `#: ` references (`src/page.md:12`), one string per reference.
    pub references: Vec<String>,
    /// `#, ` flags (`fuzzy`, `no-wrap`, …).
    pub flags: Vec<String>,
    /// `#| msgctxt`: the context before a fuzzy match.
    pub previous_msgctxt: Option<String>,
    /// `#| msgid`: the source text before a fuzzy match.
    pub previous_msgid: Option<String>,
    /// `#| msgid_plural`
    pub previous_msgid_plural: Option<String>,
    /// `msgctxt`
    pub msgctxt: Option<String>,
    /// `msgid`: the source text.
    pub msgid: String,
    /// `msgid_plural`
    pub msgid_plural: Option<String>,
    /// `msgstr` (one string) or `msgstr[0]`, `msgstr[1]`, … for a plural message.
    pub msgstr: Vec<String>,
    /// A `#~` entry: kept for reuse, never used.
    pub obsolete: bool,
    /// 1-based line of `msgid` in the file read (0 for messages made in memory).
    pub line: u32,
    /// 1-based line of the (first) `msgstr`.
    pub msgstr_line: u32,
}

impl Message {
    /// A new message for `msgid` with an empty translation.
    pub fn new(msgid: impl Into<String>) -> Self {
        Message {
            msgid: msgid.into(),
            msgstr: vec![String::new()],
            ..Message::default()
        }
    }

    /// Whether the message has the `fuzzy` flag.
    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    /// Sets or clears the `fuzzy` flag.
    pub fn set_fuzzy(&mut self, fuzzy: bool) {
        self.flags.retain(|f| f != "fuzzy");
        if fuzzy {
            self.flags.insert(0, "fuzzy".into());
        }
    }

    /// Whether every msgstr is non-empty.
    pub fn is_translated(&self) -> bool {
        !self.msgstr.is_empty() && self.msgstr.iter().all(|s| !s.is_empty())
    }

    /// Whether this is the header entry (empty msgid, no context).
    pub fn is_header(&self) -> bool {
        self.msgid.is_empty() && self.msgctxt.is_none() && !self.obsolete
    }

    /// The translation state counted by `stats`.
    pub fn state(&self) -> State {
        if self.is_fuzzy() {
            State::Fuzzy
        } else if self.is_translated() {
            State::Translated
        } else {
            State::Untranslated
        }
    }
}

/// What a (live) message's translation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Translated and not fuzzy: used by the build.
    Translated,
    /// Marked fuzzy: a translation to review, not used.
    Fuzzy,
    /// No translation yet.
    Untranslated,
}

/// A PO file (or a POT template): a header and messages, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// The header entry (`msgid ""`), with its comments.
    pub header: Option<Message>,
    /// Every other message, obsolete ones included, in file order.
    pub messages: Vec<Message>,
}

impl Catalog {
    /// Reads a PO file. Never fails: problems are diagnostics in `file` (byte spans into
    /// `text`), and what could be read is kept. A duplicate message keeps the first one.
    pub fn parse(text: &str, file: FileId) -> (Catalog, Vec<Diagnostic>) {
        Reader::new(text, file).run()
    }

    /// The messages a build uses, as `(msgid, msgstr, line of msgstr)`: translated, not fuzzy,
    /// not obsolete, not the header, singular, and **without** `msgctxt` (the extractor writes
    /// no contexts; a message with one is not ours and is skipped).
    pub fn translations(&self) -> impl Iterator<Item = (&str, &str, u32)> {
        self.messages
            .iter()
            .filter(|m| {
                !m.obsolete
                    && m.msgctxt.is_none()
                    && m.msgid_plural.is_none()
                    && !m.msgid.is_empty()
                    && !m.is_fuzzy()
                    && m.is_translated()
            })
            .map(|m| {
                (
                    m.msgid.as_str(),
                    m.msgstr.first().map(String::as_str).unwrap_or_default(),
                    m.msgstr_line,
                )
            })
    }

    /// The value of header field `name` (`Language`, `Plural-Forms`, …), if present.
    pub fn header_field(&self, name: &str) -> Option<&str> {
        let h = self.header.as_ref()?;
        h.msgstr.first()?.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    /// Sets header field `name` to `value` (added at the end when missing).
    pub fn set_header_field(&mut self, name: &str, value: &str) {
        let h = self.header.get_or_insert_with(|| Message::new(""));
        if h.msgstr.is_empty() {
            h.msgstr.push(String::new());
        }
        let mut out = String::new();
        let mut found = false;
        for line in h.msgstr[0].lines() {
            match line.split_once(':') {
                Some((k, _)) if k.trim().eq_ignore_ascii_case(name) => {
                    found = true;
                    out.push_str(&header_line(name, value));
                }
                _ => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        if !found {
            out.push_str(&header_line(name, value));
        }
        h.msgstr[0] = out;
    }

    /// The catalog as PO text, wrapped like GNU gettext writes it.
    pub fn write(&self) -> String {
        let mut out = String::new();
        let mut first = true;
        for m in self.header.iter().chain(&self.messages) {
            if !first {
                out.push('\n');
            }
            first = false;
            write_message(&mut out, m);
        }
        out
    }
}

/// `Name: value\n` (`Name: \n` for an empty value, as gettext writes it).
fn header_line(name: &str, value: &str) -> String {
    format!("{name}: {value}\n")
}

fn write_message(out: &mut String, m: &Message) {
    for c in &m.translator_comments {
        if c.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(c);
            out.push('\n');
        }
    }
    for c in &m.extracted_comments {
        out.push_str("#. ");
        out.push_str(c);
        out.push('\n');
    }
    // References: several a line, up to the width (a reference is never split).
    let mut line = String::new();
    for r in &m.references {
        if !line.is_empty() && line.len() + 1 + r.len() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if line.is_empty() {
            line.push_str("#:");
        }
        line.push(' ');
        line.push_str(r);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    if !m.flags.is_empty() {
        out.push_str("#, ");
        out.push_str(&m.flags.join(", "));
        out.push('\n');
    }
    let (prev, live) = if m.obsolete {
        ("#~| ", "#~ ")
    } else {
        ("#| ", "")
    };
    if let Some(s) = &m.previous_msgctxt {
        write_field(out, prev, "msgctxt", s);
    }
    if let Some(s) = &m.previous_msgid {
        write_field(out, prev, "msgid", s);
    }
    if let Some(s) = &m.previous_msgid_plural {
        write_field(out, prev, "msgid_plural", s);
    }
    if let Some(s) = &m.msgctxt {
        write_field(out, live, "msgctxt", s);
    }
    write_field(out, live, "msgid", &m.msgid);
    match &m.msgid_plural {
        Some(p) => {
            write_field(out, live, "msgid_plural", p);
            if m.msgstr.is_empty() {
                write_field(out, live, "msgstr[0]", "");
            }
            for (i, s) in m.msgstr.iter().enumerate() {
                write_field(out, live, &format!("msgstr[{i}]"), s);
            }
        }
        None => write_field(
            out,
            live,
            "msgstr",
            m.msgstr.first().map(String::as_str).unwrap_or_default(),
        ),
    }
}

/// Writes `prefix keyword "value"`, wrapped: a string holding a line break before its end, or
/// too long for one line, starts with `""` and continues one piece a line, each piece ending
/// after a `\n` or a space.
fn write_field(out: &mut String, prefix: &str, keyword: &str, value: &str) {
    let escaped = escape(value);
    let one_line = prefix.len() + keyword.len() + 3 + width(&escaped);
    let inner_break = escaped.find("\\n").is_some_and(|i| i + 2 < escaped.len());
    if one_line <= WIDTH && !inner_break {
        out.push_str(&format!("{prefix}{keyword} \"{escaped}\"\n"));
        return;
    }
    out.push_str(&format!("{prefix}{keyword} \"\"\n"));
    let room = WIDTH.saturating_sub(prefix.len() + 2).max(20);
    for piece in split_after_newlines(&escaped) {
        for chunk in wrap(piece, room) {
            out.push_str(&format!("{prefix}\"{chunk}\"\n"));
        }
    }
}

/// Display width in characters.
fn width(s: &str) -> usize {
    s.chars().count()
}

/// Splits an escaped string after each `\n` escape.
fn split_after_newlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            if bytes[i + 1] == b'n' {
                out.push(&s[start..i + 2]);
                start = i + 2;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Cuts an escaped piece into chunks of at most `room` characters, each ending after a space
/// (a word longer than `room` stays whole). Never cuts inside an escape.
fn wrap(piece: &str, room: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = piece;
    while width(rest) > room {
        // The last space within `room` characters.
        let mut cut = None;
        let mut escape = false;
        for (n, (i, c)) in rest.char_indices().enumerate() {
            if n >= room {
                break;
            }
            if escape {
                escape = false;
                continue;
            }
            if c == '\\' {
                escape = true;
            } else if c == ' ' {
                cut = Some(i + 1);
            }
        }
        let cut = match cut {
            Some(c) => c,
            // No space in reach: cut after the next space, or not at all.
            None => match rest.find(' ') {
                Some(i) if i + 1 < rest.len() => i + 1,
                _ => break,
            },
        };
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest);
    }
    out
}

/// Escapes a string for a PO file.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\{:03o}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Which string a continuation line adds to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    PrevCtxt,
    PrevId,
    PrevPlural,
    Ctxt,
    Id,
    Plural,
    Str(usize),
}

struct Reader<'a> {
    text: &'a str,
    file: FileId,
    diags: Vec<Diagnostic>,
    catalog: Catalog,
    cur: Message,
    /// The current message has a keyword (not only comments).
    started: bool,
    has_msgid: bool,
    has_msgstr: bool,
    /// The current message had an error: dropped at its end.
    bad: bool,
    field: Option<Field>,
    /// Start of the current message (for diagnostics about it as a whole).
    msg_start: usize,
    seen: std::collections::HashMap<(Option<String>, String, bool), u32>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, file: FileId) -> Self {
        Reader {
            text,
            file,
            diags: Vec::new(),
            catalog: Catalog::default(),
            cur: Message::default(),
            started: false,
            has_msgid: false,
            has_msgstr: false,
            bad: false,
            field: None,
            msg_start: 0,
            seen: Default::default(),
        }
    }

    /// The byte range `at..at + len`, clamped to the text and widened to whole characters.
    fn range(&self, at: usize, len: usize) -> std::ops::Range<usize> {
        let text = self.text;
        let mut start = at.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + len).min(text.len()).max(start);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    fn error(&mut self, at: usize, len: usize, message: impl Into<String>) {
        let range = self.range(at, len);
        self.diags
            .push(Diagnostic::error(Span::new(self.file, range), message));
    }

    fn run(mut self) -> (Catalog, Vec<Diagnostic>) {
        let text = self.text;
        let mut offset = 0;
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        if body.len() != text.len() {
            offset = text.len() - body.len();
        }
        for (n, raw) in body.split_inclusive('\n').enumerate() {
            let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let start = offset;
            offset += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            self.line(line, start, line_no);
        }
        self.finish(text.len());
        (self.catalog, self.diags)
    }

    /// Ends the current message when `keyword` cannot continue it.
    fn boundary(&mut self, at: usize) {
        if self.started && self.has_msgstr {
            self.finish(at);
        }
    }

    fn finish(&mut self, at: usize) {
        let had_comments = self.cur != Message::default();
        if self.started || had_comments {
            let mut m = std::mem::take(&mut self.cur);
            if !self.has_msgid {
                // Comments alone (at the end of a file) are dropped, as GNU gettext does.
                if self.started {
                    let start = self.msg_start;
                    self.error(start, 1, "entry without a `msgid`");
                }
            } else if !self.has_msgstr {
                let start = self.msg_start;
                self.error(
                    start,
                    1,
                    format!("`msgid \"{}\"` has no `msgstr`", short(&m.msgid)),
                );
            } else if !self.bad {
                if m.msgid_plural.is_some() && m.msgstr.is_empty() {
                    m.msgstr.push(String::new());
                }
                self.push(m);
            }
        }
        self.cur = Message::default();
        self.started = false;
        self.has_msgid = false;
        self.has_msgstr = false;
        self.bad = false;
        self.field = None;
        self.msg_start = at;
    }

    fn push(&mut self, m: Message) {
        if m.is_header() {
            if self.catalog.header.is_some() || !self.catalog.messages.is_empty() {
                let at = self.msg_start;
                self.error(at, 1, "a second header entry (`msgid \"\"`)");
                return;
            }
            self.catalog.header = Some(m);
            return;
        }
        let key = (m.msgctxt.clone(), m.msgid.clone(), m.obsolete);
        if let Some(first) = self.seen.get(&key) {
            let at = self.msg_start;
            let first = *first;
            self.diags.push(
                Diagnostic::error(
                    Span::new(self.file, self.range(at, 1)),
                    format!("duplicate message `{}`", short(&m.msgid)),
                )
                .with_hint(format!(
                    "the first one is at line {first}; remove one of them"
                )),
            );
            return;
        }
        self.seen.insert(key, m.line);
        self.catalog.messages.push(m);
    }

    fn line(&mut self, line: &str, start: usize, line_no: u32) {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let start = start + lead;
        if trimmed.is_empty() {
            // A blank line ends a message (GNU allows none, but writes one).
            if self.started && self.has_msgstr {
                self.finish(start);
            }
            return;
        }
        if let Some(rest) = trimmed.strip_prefix("#~") {
            // Obsolete: `#~ keyword`, `#~| previous`, `#~ "continuation"`.
            if !self.cur.obsolete && self.started {
                self.boundary(start);
            }
            if !self.started && !self.cur.obsolete {
                self.cur.obsolete = true;
            }
            let (rest, skip) = match rest.strip_prefix('|') {
                Some(r) => (r, 3),
                None => (rest, 2),
            };
            let prev = skip == 3;
            let inner = rest.trim_start();
            let at = start + skip + (rest.len() - inner.len());
            if inner.is_empty() {
                return;
            }
            self.keyword_line(inner, at, line_no, prev, true);
            return;
        }
        if let Some(rest) = trimmed.strip_prefix("#|") {
            let inner = rest.trim_start();
            let at = start + 2 + (rest.len() - inner.len());
            self.keyword_line(inner, at, line_no, true, false);
            return;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            self.boundary(start);
            if !self.started && self.cur == Message::default() {
                self.msg_start = start;
            }
            if self.started {
                // A comment after a keyword and before msgstr: GNU rejects it too.
                self.error(
                    start,
                    1,
                    "a comment inside an entry (comments come before `msgid`)",
                );
                return;
            }
            match rest.chars().next() {
                Some('.') => self.cur.extracted_comments.push(
                    rest[1..]
                        .strip_prefix(' ')
                        .unwrap_or(&rest[1..])
                        .to_string(),
                ),
                Some(':') => self
                    .cur
                    .references
                    .extend(rest[1..].split_whitespace().map(str::to_string)),
                Some(',') => self.cur.flags.extend(
                    rest[1..]
                        .split(',')
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(str::to_string),
                ),
                _ => self
                    .cur
                    .translator_comments
                    .push(rest.strip_prefix(' ').unwrap_or(rest).to_string()),
            }
            return;
        }
        if self.cur.obsolete && !trimmed.starts_with('"') {
            // A live keyword after obsolete lines: a new message.
            if self.started {
                self.finish(start);
            } else {
                self.error(start, 1, "a live keyword inside an obsolete (`#~`) entry");
                return;
            }
        }
        self.keyword_line(trimmed, start, line_no, false, self.cur.obsolete);
    }

    /// `keyword "string"` or `"continuation"` at byte `at`.
    fn keyword_line(&mut self, s: &str, at: usize, line_no: u32, prev: bool, obsolete: bool) {
        if s.starts_with('"') {
            let Some(field) = self.field else {
                self.error(at, 1, "a string continuation without a keyword before it");
                return;
            };
            let Some(value) = self.string(s, at) else {
                return;
            };
            let target = match field {
                Field::PrevCtxt => self.cur.previous_msgctxt.get_or_insert_default(),
                Field::PrevId => self.cur.previous_msgid.get_or_insert_default(),
                Field::PrevPlural => self.cur.previous_msgid_plural.get_or_insert_default(),
                Field::Ctxt => self.cur.msgctxt.get_or_insert_default(),
                Field::Id => &mut self.cur.msgid,
                Field::Plural => self.cur.msgid_plural.get_or_insert_default(),
                Field::Str(i) => match self.cur.msgstr.get_mut(i) {
                    Some(s) => s,
                    None => return,
                },
            };
            target.push_str(&value);
            return;
        }
        let word_end = s
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(s.len());
        let word = &s[..word_end];
        let rest = s[word_end..].trim_start();
        let rest_at = at + (s.len() - rest.len());
        if !rest.starts_with('"') {
            if word.is_empty() {
                self.error(
                    at,
                    1,
                    "expected a keyword (`msgid`, `msgstr`, …) or a string",
                );
            } else {
                self.error(
                    rest_at,
                    rest.len().max(1),
                    format!("`{word}` needs a string in double quotes after it"),
                );
            }
            return;
        }
        if prev {
            let field = match word {
                "msgctxt" => Field::PrevCtxt,
                "msgid" => Field::PrevId,
                "msgid_plural" => Field::PrevPlural,
                _ => {
                    self.error(
                        at,
                        word.len(),
                        format!("`#| {word}` is not a previous-message field"),
                    );
                    return;
                }
            };
            if self.started {
                self.boundary(at);
            }
            if self.started {
                self.error(
                    at,
                    1,
                    "a `#|` line inside an entry (it comes before `msgid`)",
                );
                return;
            }
            let Some(value) = self.string(rest, rest_at) else {
                return;
            };
            match field {
                Field::PrevCtxt => self.cur.previous_msgctxt = Some(value),
                Field::PrevId => self.cur.previous_msgid = Some(value),
                _ => self.cur.previous_msgid_plural = Some(value),
            }
            self.field = Some(field);
            return;
        }
        let field = match word {
            "msgctxt" => {
                self.boundary(at);
                if self.has_msgid {
                    self.error(at, word.len(), "`msgctxt` after `msgid`: it comes first");
                    return;
                }
                Field::Ctxt
            }
            "msgid" => {
                self.boundary(at);
                if self.has_msgid {
                    self.error(at, word.len(), "a second `msgid` before `msgstr`");
                    return;
                }
                Field::Id
            }
            "msgid_plural" => {
                if !self.has_msgid || self.has_msgstr || self.cur.msgid_plural.is_some() {
                    self.error(at, word.len(), "`msgid_plural` must follow `msgid`");
                    return;
                }
                Field::Plural
            }
            "msgstr" => {
                if !self.has_msgid || self.has_msgstr {
                    self.error(at, word.len(), "`msgstr` without a `msgid` before it");
                    return;
                }
                if self.cur.msgid_plural.is_some() {
                    self.error(
                        at,
                        word.len(),
                        "a plural message needs `msgstr[0]`, `msgstr[1]`, …",
                    );
                    return;
                }
                Field::Str(0)
            }
            w if w.starts_with("msgstr[") && w.ends_with(']') => {
                let n: Option<usize> = w["msgstr[".len()..w.len() - 1].parse().ok();
                let expected = if self.has_msgstr {
                    self.cur.msgstr.len()
                } else {
                    0
                };
                if !self.has_msgid || self.cur.msgid_plural.is_none() {
                    self.error(
                        at,
                        word.len(),
                        format!("`{w}` without `msgid_plural` before it"),
                    );
                    return;
                }
                if n != Some(expected) {
                    self.error(
                        at,
                        word.len(),
                        format!("expected `msgstr[{expected}]` here"),
                    );
                    return;
                }
                Field::Str(expected)
            }
            _ => {
                self.error(
                    at,
                    word.len().max(1),
                    format!("unknown keyword `{word}` (expected `msgctxt`, `msgid`, `msgid_plural` or `msgstr`)"),
                );
                return;
            }
        };
        // A bad string still counts as the keyword (no second error follows from it); the
        // message is dropped when it ends.
        let value = self.string(rest, rest_at).unwrap_or_else(|| {
            self.bad = true;
            String::new()
        });
        if !self.started && self.cur == Message::default() {
            self.msg_start = at;
        }
        if self.cur.obsolete != obsolete && !self.started {
            self.cur.obsolete = obsolete;
        }
        self.started = true;
        match field {
            Field::Ctxt => self.cur.msgctxt = Some(value),
            Field::Id => {
                self.cur.msgid = value;
                self.cur.line = line_no;
                self.has_msgid = true;
            }
            Field::Plural => self.cur.msgid_plural = Some(value),
            Field::Str(i) => {
                if i == 0 {
                    self.cur.msgstr_line = line_no;
                    self.cur.msgstr.clear();
                }
                self.cur.msgstr.push(value);
                self.has_msgstr = true;
            }
            _ => {}
        }
        self.field = Some(field);
    }

    /// Reads one `"…"` string (with nothing after it but whitespace or a `#` comment).
    fn string(&mut self, s: &str, at: usize) -> Option<String> {
        let mut out = String::new();
        let mut chars = s.char_indices().skip(1).peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    let after = s[i + 1..].trim();
                    if !after.is_empty() {
                        self.error(at + i + 1, s.len() - i - 1, "text after the closing quote");
                        return None;
                    }
                    return Some(out);
                }
                '\\' => {
                    let Some((j, e)) = chars.next() else {
                        break;
                    };
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'a' => out.push('\u{7}'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'v' => out.push('\u{b}'),
                        '"' | '\\' | '\'' | '?' => out.push(e),
                        '0'..='7' => {
                            let mut v = e.to_digit(8).unwrap_or(0);
                            for _ in 0..2 {
                                match chars.peek() {
                                    Some(&(_, d @ '0'..='7')) => {
                                        v = v * 8 + d.to_digit(8).unwrap_or(0);
                                        chars.next();
                                    }
                                    _ => break,
                                }
                            }
                            out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                        }
                        'x' => {
                            let mut v = 0u32;
                            let mut n = 0;
                            while let Some(&(_, d)) = chars.peek() {
                                match d.to_digit(16) {
                                    Some(x) if n < 2 => {
                                        v = v * 16 + x;
                                        n += 1;
                                        chars.next();
                                    }
                                    _ => break,
                                }
                            }
                            if n == 0 {
                                self.error(at + j - 1, 2, "`\\x` needs hexadecimal digits");
                                return None;
                            }
                            out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                        }
                        _ => {
                            self.error(
                                at + j - 1,
                                1 + e.len_utf8(),
                                format!("unknown escape `\\{e}`"),
                            );
                            return None;
                        }
                    }
                }
                c => out.push(c),
            }
        }
        self.error(at, s.len().max(1), "a string without its closing quote");
        None
    }
}

/// The first characters of a msgid, for messages.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out.replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Catalog, Vec<Diagnostic>) {
        Catalog::parse(text, FileId(0))
    }

    #[test]
    fn reads_and_writes_a_simple_message() {
        let text = "msgid \"Hello\"\nmsgstr \"Olá\"\n";
        let (c, d) = parse(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.messages.len(), 1);
        assert_eq!(c.write(), text);
        let t: Vec<_> = c.translations().collect();
        assert_eq!(t, vec![("Hello", "Olá", 2)]);
    }

    #[test]
    fn long_strings_wrap_after_spaces_and_newlines() {
        let long = "word ".repeat(30);
        let mut c = Catalog::default();
        let mut m = Message::new(long.trim_end());
        m.msgstr = vec!["a\nb".into()];
        c.messages.push(m);
        let out = c.write();
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(out.contains("msgstr \"\"\n\"a\\n\"\n\"b\"\n"), "{out}");
        let (back, d) = parse(&out);
        assert!(d.is_empty());
        assert_eq!(back.messages[0].msgid, long.trim_end());
    }

    #[test]
    fn bad_input_gives_diagnostics_not_panics() {
        for text in [
            "msgid \"a\nmsgstr \"b\"\n",
            "msgid \"a\"\n",
            "msgstr \"b\"\n",
            "msgid \"a\" x\nmsgstr \"\"\n",
            "msgid \"\\q\"\nmsgstr \"\"\n",
            "bogus \"a\"\n",
            "\"orphan\"\n",
            "msgid \"a\"\nmsgid_plural \"b\"\nmsgstr[1] \"x\"\n",
            "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n",
            "#~ msgid \"a\"\nmsgstr \"b\"\n",
            "msgid \"\\x\"\nmsgstr \"\"\n",
            "msgid \"é\\",
            "msgid",
            // Found by fuzzing: a one-byte span on a two-byte character.
            "#~| msgid \"a\"\né msgid \"b\"\n",
            "émsgid \"a\"\n",
        ] {
            let (_, d) = parse(text);
            assert!(!d.is_empty(), "no diagnostic for {text:?}");
            for diag in &d {
                assert!(diag.span.end as usize <= text.len());
                assert!(
                    text.is_char_boundary(diag.span.start as usize),
                    "{text:?} {diag:?}"
                );
                assert!(
                    text.is_char_boundary(diag.span.end as usize),
                    "{text:?} {diag:?}"
                );
            }
        }
    }

    #[test]
    fn error_positions_point_at_the_problem() {
        let text = "msgid \"ok\"\nmsgstr \"\"\n\nmsgid \"a\\q\"\nmsgstr \"\"\n";
        let (_, d) = parse(text);
        assert_eq!(d.len(), 1, "{d:?}");
        let lines = exambook_syntax::diag::LineIndex::new(text);
        assert_eq!(lines.line_col(text, d[0].span.start as usize), (4, 9));
    }
}

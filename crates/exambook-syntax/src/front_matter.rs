//! Front matter: TOML between `+++` lines or YAML between `---` lines → [`PageMeta`].
//!
//! Both formats are read into one small spanned value tree (our own [`Node`]: from `toml`'s
//! spanned document tree, and through `serde_saphyr::Spanned`), and the typed metadata is
//! taken from that tree, so every wrong value is reported at its own line whatever the format.
//! Unknown keys are warnings and are kept, as the text written after the key, in
//! [`PageMeta::extra`] so that the markdown writer gives them back unchanged.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::ast::{
    Cited, CitedKind, FileId, FrontMatter, FrontMatterFormat, PageMeta, Span, Spanned,
};
use crate::diag::{Diagnostic, LineIndex};

/// A value with its byte range in the front-matter text.
#[derive(Debug, Clone)]
struct Node {
    value: Value,
    span: Range<usize>,
}

#[derive(Debug, Clone)]
enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool,
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    Null,
}

impl Value {
    fn describe(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Bool => "a boolean",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a table",
            Value::Null => "nothing",
        }
    }
}

/// A value before its children are converted; `N` is the format's spanned node type.
enum Raw<N> {
    Str(String),
    Int(i64),
    Float(f64),
    Bool,
    Seq(Vec<N>),
    Map(Vec<(String, N)>),
    Null,
}

struct RawVisitor<N>(PhantomData<N>);

impl<'de, N: Deserialize<'de>> Visitor<'de> for RawVisitor<N> {
    type Value = Raw<N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw<N>, E> {
        {
            let _ = v;
            Ok(Raw::Bool)
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw<N>, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw<N>, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw<N>, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw<N>, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw<N>, E> {
        Ok(Raw::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw<N>, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw<N>, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw<N>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<N>, A::Error> {
        let mut out = Vec::new();
        while let Some(n) = seq.next_element::<N>()? {
            out.push(n);
        }
        Ok(Raw::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<N>, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<KeyString, N>()? {
            out.push((k.0, v));
        }
        Ok(Raw::Map(out))
    }
}

impl<'de, N: Deserialize<'de>> Deserialize<'de> for Raw<N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor(PhantomData))
    }
}

/// A map key of any scalar type, as a string.
struct KeyString(String);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyString, E> {
                Ok(KeyString(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyString, E> {
                Ok(KeyString(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

fn convert<N>(raw: Raw<N>, f: fn(N) -> Node) -> Value {
    match raw {
        Raw::Str(s) => Value::Str(s),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(x) => Value::Float(x),
        Raw::Bool => Value::Bool,
        Raw::Seq(v) => Value::Seq(v.into_iter().map(f).collect()),
        Raw::Map(v) => Value::Map(v.into_iter().map(|(k, n)| (k, f(n))).collect()),
        Raw::Null => Value::Null,
    }
}

/// A TOML value from `toml`'s spanned document tree (`DeTable`), which the `toml` crate
/// builds anyway: reading it directly skips a serde pass that took half of the TOML time.
fn toml_node(value: toml::de::DeValue<'_>, span: Range<usize>) -> Node {
    use toml::de::DeValue;
    let value = match value {
        DeValue::String(s) => Value::Str(s.into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            // Beyond i64 (TOML allows no more; `toml` checks the rest): keep it as a number.
            Err(_) => Value::Float(i.as_str().parse().unwrap_or(f64::NAN)),
        },
        DeValue::Float(f) => Value::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(_) => Value::Bool,
        DeValue::Datetime(d) => Value::Str(d.to_string()),
        DeValue::Array(items) => Value::Seq(
            items
                .into_iter()
                .map(|v| {
                    let span = v.span();
                    toml_node(v.into_inner(), span)
                })
                .collect(),
        ),
        DeValue::Table(table) => {
            // The table is a sorted map: put the keys back in the order they were written.
            let mut entries: Vec<(usize, String, Node)> = table
                .into_iter()
                .map(|(k, v)| {
                    let span = v.span();
                    (
                        k.span().start,
                        k.into_inner().into_owned(),
                        toml_node(v.into_inner(), span),
                    )
                })
                .collect();
            entries.sort_by_key(|e| e.0);
            Value::Map(entries.into_iter().map(|(_, k, v)| (k, v)).collect())
        }
    };
    Node { value, span }
}

/// A YAML node.
struct YamlNode(Node);

impl<'de> Deserialize<'de> for YamlNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<Raw<YamlNode>>::deserialize(d)?;
        let sp = s.referenced.span();
        let start = sp.byte_offset().unwrap_or(0) as usize;
        let len = sp.byte_len().unwrap_or(0) as usize;
        Ok(YamlNode(Node {
            value: convert(s.value, |n: YamlNode| n.0),
            span: start..start + len,
        }))
    }
}

/// Splits off and parses front matter. Returns it and the offset where the body starts.
pub(crate) fn parse(
    src: &str,
    bom: usize,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> (Option<FrontMatter>, usize) {
    let text = src.get(bom..).unwrap_or("");
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_end].trim_end();
    let format = match first {
        "+++" => FrontMatterFormat::Toml,
        "---" => FrontMatterFormat::Yaml,
        _ => return (None, bom),
    };
    // Find the closing line.
    let mut pos = first_end;
    let mut close = None;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        let closes = match format {
            FrontMatterFormat::Toml => line == "+++",
            FrontMatterFormat::Yaml => line == "---" || line == "...",
        };
        if closes {
            close = Some((pos, end));
            break;
        }
        pos = end;
    }
    let Some((close_start, close_end)) = close else {
        if format == FrontMatterFormat::Toml {
            diags.push(
                Diagnostic::error(
                    Span::new(file, bom..bom + 3),
                    "front matter opened with `+++` is never closed",
                )
                .with_hint("add a `+++` line after the last key"),
            );
        }
        // A YAML `---` without a closing line is a thematic break, not front matter.
        return (None, bom);
    };
    let content_start = bom + first_end;
    let content = &src[content_start..bom + close_start];
    let meta = match format {
        FrontMatterFormat::Toml => parse_toml(content, content_start, file, diags),
        FrontMatterFormat::Yaml => parse_yaml(content, content_start, file, diags),
    };
    let fm = FrontMatter {
        format,
        span: Span::new(file, bom..bom + close_end),
        meta,
    };
    (Some(fm), bom + close_end)
}

fn parse_toml(content: &str, base: usize, file: FileId, diags: &mut Vec<Diagnostic>) -> PageMeta {
    match toml::de::DeTable::parse(content) {
        Ok(table) => {
            let span = table.span();
            let node = toml_node(toml::de::DeValue::Table(table.into_inner()), span);
            typed(content, base, node, FrontMatterFormat::Toml, file, diags)
        }
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().to_owned();
            diags.push(
                Diagnostic::error(
                    Span::new(file, base + span.start..base + span.end),
                    format!("invalid TOML front matter: {msg}"),
                )
                .with_hint("front matter between `+++` lines is TOML: `key = \"value\"`"),
            );
            PageMeta::default()
        }
    }
}

fn parse_yaml(content: &str, base: usize, file: FileId, diags: &mut Vec<Diagnostic>) -> PageMeta {
    if content.trim().is_empty() {
        return PageMeta::default();
    }
    // YAML reads a lone `\r` as a line break; the raw text of unknown keys is cut at `\n` (as
    // every editor since classic Mac OS writes), so such front matter is refused, not misread.
    let bytes = content.as_bytes();
    if let Some(at) =
        (0..bytes.len()).find(|&i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
    {
        diags.push(
            Diagnostic::error(
                Span::new(file, base + at..base + at + 1),
                "YAML front matter ends a line with a lone carriage return (`\\r`)",
            )
            .with_hint("save the file with `\\n` or `\\r\\n` line endings"),
        );
        return PageMeta::default();
    }
    match serde_saphyr::from_str::<YamlNode>(content) {
        Ok(node) => typed(content, base, node.0, FrontMatterFormat::Yaml, file, diags),
        Err(e) => {
            let (start, len) = e
                .location()
                .map(|loc| {
                    let sp = loc.span();
                    let off = sp.byte_offset().map(|o| o as usize).unwrap_or_else(|| {
                        offset_of(content, loc.line() as usize, loc.column() as usize)
                    });
                    (off, sp.byte_len().unwrap_or(0) as usize)
                })
                .unwrap_or((0, 0));
            let start = start.min(content.len());
            let end = (start + len).min(content.len());
            let msg = yaml_message(&e.to_string());
            diags.push(
                Diagnostic::error(
                    Span::new(file, base + start..base + end),
                    format!("invalid YAML front matter: {msg}"),
                )
                .with_hint("front matter between `---` lines is YAML: `key: value`"),
            );
            PageMeta::default()
        }
    }
}

/// The first line of a serde-saphyr error message, without its location suffix.
fn yaml_message(full: &str) -> String {
    let mut line = full.lines().next().unwrap_or(full).trim();
    line = line.strip_prefix("error:").unwrap_or(line).trim_start();
    // "line 2 column 7: message" — the position is in the diagnostic's span already.
    if line.starts_with("line ")
        && let Some(i) = line.find(": ")
    {
        line = &line[i + 2..];
    }
    if let Some(i) = line.find(" at line ") {
        line = &line[..i];
    }
    line.trim_end_matches(['.', ':']).to_owned()
}

/// Byte offset of 1-based `line`, `col` (characters) in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let idx = LineIndex::new(text);
    let r = idx.line_range(text, line.max(1));
    let l = &text[r.clone()];
    r.start
        + l.char_indices()
            .nth(col.saturating_sub(1))
            .map_or(l.len(), |(i, _)| i)
}

/// Reads the typed fields from the top-level node.
fn typed(
    content: &str,
    base: usize,
    root: Node,
    format: FrontMatterFormat,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> PageMeta {
    let mut meta = PageMeta::default();
    let sp = |r: &Range<usize>| Span::new(file, base + r.start..base + r.end);
    // In source order (see `toml_node`; YAML maps come that way).
    let entries = match root.value {
        Value::Map(entries) => entries,
        Value::Null => return meta,
        other => {
            diags.push(Diagnostic::error(
                sp(&root.span),
                format!(
                    "front matter must be a table of keys, not {}",
                    other.describe()
                ),
            ));
            return meta;
        }
    };
    // Values move into the metadata: the tree is not needed afterwards.
    let mut entries = entries.into_iter().peekable();
    while let Some((key, node)) = entries.next() {
        let span = sp(&node.span);
        let found = node.value.describe();
        let wrong = |diags: &mut Vec<Diagnostic>, what: &str| {
            diags.push(Diagnostic::error(
                span,
                format!("`{key}` must be {what}, not {found}"),
            ));
        };
        match key.as_str() {
            "title" | "objective" | "description" => {
                let s = match node.value {
                    Value::Str(s) => Some(s),
                    Value::Int(n) if key == "objective" => Some(n.to_string()),
                    Value::Float(x) if key == "objective" => Some(x.to_string()),
                    _ => None,
                };
                match s {
                    Some(value) => {
                        let v = Some(Spanned { value, span });
                        match key.as_str() {
                            "title" => meta.title = v,
                            "objective" => meta.objective = v,
                            _ => meta.description = v,
                        }
                    }
                    None => wrong(diags, "a string"),
                }
            }
            "weight" => match &node.value {
                Value::Int(n) => match u32::try_from(*n) {
                    Ok(value) => meta.weight = Some(Spanned { value, span }),
                    Err(_) => diags.push(Diagnostic::error(
                        span,
                        format!(
                            "`weight` must be a whole number from 0 to {}, not {n}",
                            u32::MAX
                        ),
                    )),
                },
                _ => wrong(diags, "a whole number"),
            },
            "knowledge" => match node.value {
                Value::Seq(items) => {
                    for item in items {
                        match item.value {
                            Value::Str(s) => meta.knowledge.push(Spanned {
                                value: s,
                                span: sp(&item.span),
                            }),
                            other => diags.push(Diagnostic::error(
                                sp(&item.span),
                                format!(
                                    "`knowledge` entries must be strings, not {}",
                                    other.describe()
                                ),
                            )),
                        }
                    }
                }
                _ => wrong(diags, "a list of strings"),
            },
            "cited" => match node.value {
                Value::Seq(items) => {
                    for item in items {
                        let span = sp(&item.span);
                        if let Some(c) = cited(item, &sp, diags) {
                            meta.cited.push(Spanned { value: c, span });
                        }
                    }
                }
                _ => wrong(diags, "a list"),
            },
            _ => {
                let key_at = key_line(content, node.span.start);
                let key_end = key_text_end(content, key_at, format);
                diags.push(
                    Diagnostic::warning(sp(&(key_at..key_end)), {
                        format!("unknown front matter key `{key}`")
                    })
                    .with_hint(
                        "known keys: title, objective, weight, description, knowledge, cited",
                    ),
                );
                if format == FrontMatterFormat::Toml {
                    let raw = toml_raw(content, &key, &node.span, key_at..key_end);
                    meta.extra.push((key, Spanned { value: raw, span }));
                    continue;
                }
                // The raw text runs from after `key:` to the next entry's key.
                let start = value_text_start(content, key_end);
                let end = entries
                    .peek()
                    .map_or(content.len(), |(_, n)| key_line(content, n.span.start));
                let raw = content.get(start..end.max(start)).unwrap_or("");
                let raw = raw.trim_end();
                // A value on the lines below its key (`key:   ` then a list) keeps its line
                // break, even after trailing blanks on the key's line: moved up next to the key
                // it would be read as something else (`t: -` is the string "-").
                let below = raw.trim_start_matches([' ', '\t']);
                let raw = if below.starts_with(['\n', '\r']) {
                    below.to_owned()
                } else {
                    raw.trim_start().to_owned()
                };
                meta.extra.push((key, Spanned { value: raw, span }));
            }
        }
    }
    meta
}

/// One entry of `cited`: a string, or a table `{ name = "…", kind = "file|term|utility" }`.
fn cited(
    item: Node,
    sp: &dyn Fn(&Range<usize>) -> Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<Cited> {
    match item.value {
        Value::Str(name) => Some(Cited { name, kind: None }),
        Value::Map(fields) => {
            let mut name = None;
            let mut kind = None;
            for (k, v) in fields {
                match (k.as_str(), v.value) {
                    ("name", Value::Str(s)) => name = Some(s),
                    ("kind", Value::Str(s)) => {
                        kind = match s.as_str() {
                            "file" => Some(CitedKind::File),
                            "term" => Some(CitedKind::Term),
                            "utility" | "command" => Some(CitedKind::Utility),
                            _ => {
                                diags.push(
                                    Diagnostic::error(
                                        sp(&v.span),
                                        format!("unknown cited kind `{s}`"),
                                    )
                                    .with_hint("use file, term or utility"),
                                );
                                None
                            }
                        }
                    }
                    _ => diags.push(
                        Diagnostic::error(
                            sp(&v.span),
                            format!("unexpected `{k}` in a cited entry"),
                        )
                        .with_hint(
                            "a cited entry is a string or `{ name = \"…\", kind = \"file\" }`",
                        ),
                    ),
                }
            }
            match name {
                Some(name) => Some(Cited { name, kind }),
                None => {
                    diags.push(Diagnostic::error(
                        sp(&item.span),
                        "cited entry without a `name`",
                    ));
                    None
                }
            }
        }
        other => {
            diags.push(Diagnostic::error(
                sp(&item.span),
                format!(
                    "`cited` entries must be strings or tables, not {}",
                    other.describe()
                ),
            ));
            None
        }
    }
}

/// The TOML text of an unknown key's value, for the writer's `key = …`: the value as written
/// when its line reads `key = value`; otherwise (a dotted key `a.b = 1`, a `[a]` table, a
/// quoted key) the value written inline by the `toml` crate, since the text under the key would
/// mean something else once moved after `key =` (found by the `front_matter` fuzz target).
fn toml_raw(content: &str, key: &str, value: &Range<usize>, key_text: Range<usize>) -> String {
    let plain = content.get(key_text).map(str::trim) == Some(key);
    if let Some(text) = content.get(value.clone()).filter(|_| plain) {
        return text.trim().to_owned();
    }
    content
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get(key).map(ToString::to_string))
        .unwrap_or_default()
}

/// The start of the line that holds the key of the value starting at `value_start`: the
/// nearest line at or above it that begins at the root mapping's indentation with something
/// other than a comment or a sequence entry (a YAML list below its key may start at column 0).
/// Found from the text, not from the key's spelling, so quoted and escaped keys are found too.
fn key_line(content: &str, value_start: usize) -> usize {
    let indent_of = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let is_key = |line: &str, indent: usize| {
        let rest = &line[indent_of(line)..];
        // A sequence entry is `-` alone or followed by a blank.
        let entry =
            rest == "-" || rest.starts_with('-') && rest[1..].starts_with([' ', '\t', '\r', '\n']);
        indent_of(line) == indent
            && !rest.is_empty()
            && !rest.starts_with(['#', '\r', '\n'])
            && !entry
    };
    // The root mapping's indentation: that of the first line holding anything.
    let indent = content
        .lines()
        .find(|l| {
            let t = l.trim_start_matches([' ', '\t']);
            !t.is_empty() && !t.starts_with('#')
        })
        .map_or(0, indent_of);
    let mut end = value_start.min(content.len());
    while !content.is_char_boundary(end) {
        end -= 1;
    }
    let mut line_start = content[..end].rfind('\n').map_or(0, |n| n + 1);
    loop {
        let line_end = content[line_start..]
            .find('\n')
            .map_or(content.len(), |n| line_start + n);
        if is_key(&content[line_start..line_end], indent) || line_start == 0 {
            return line_start;
        }
        line_start = content[..line_start - 1].rfind('\n').map_or(0, |n| n + 1);
    }
}

/// Where the key that starts its line at `line_start` ends: after its closing quote when it is
/// quoted (with `\"` or `''` escapes), else before the separator (`=` in TOML, `: ` in YAML).
fn key_text_end(content: &str, line_start: usize, format: FrontMatterFormat) -> usize {
    let line = &content[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
    let key = &line[lead..];
    let len = match key.chars().next() {
        Some('"') => {
            let mut escaped = false;
            key.char_indices()
                .skip(1)
                .find(|&(_, c)| {
                    let close = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    close
                })
                .map_or(key.len(), |(i, _)| i + 1)
        }
        Some('\'') => {
            let bytes = key.as_bytes();
            let mut i = 1;
            loop {
                match bytes.get(i) {
                    None => break key.len(),
                    Some(b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    Some(b'\'') => break i + 1,
                    Some(_) => i += 1,
                }
            }
        }
        _ => match format {
            FrontMatterFormat::Toml => key.find('=').unwrap_or(key.len()),
            FrontMatterFormat::Yaml => key
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|&i| key[i + 1..].is_empty() || key[i + 1..].starts_with([' ', '\t', '\r']))
                .unwrap_or(key.len()),
        },
    };
    line_start + lead + key[..len].trim_end_matches([' ', '\t']).len()
}

/// Where a YAML value's text starts: after the `:` that follows the key.
fn value_text_start(content: &str, key_end: usize) -> usize {
    content
        .get(key_end..)
        .and_then(|r| r.find(':'))
        .map_or(key_end, |i| key_end + i + 1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn toml_fields() {
        let src =
            "+++\ntitle = \"T\"\nweight = 4\nknowledge = [\"a\", \"b\"]\ndraft = true\n+++\n# x\n";
        let mut d = Vec::new();
        let (fm, body) = parse(src, 0, FileId(0), &mut d);
        let fm = fm.unwrap();
        assert_eq!(&src[body..], "# x\n");
        assert_eq!(fm.meta.title.unwrap().value, "T");
        assert_eq!(fm.meta.weight.unwrap().value, 4);
        assert_eq!(fm.meta.knowledge.len(), 2);
        assert_eq!(fm.meta.extra[0].0, "draft");
        assert_eq!(fm.meta.extra[0].1.value, "true");
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn yaml_fields() {
        let src = "---\ntitle: T\nweight: 4\nknowledge:\n  - a\n  - b\ncited:\n  - x\n  - name: /etc\n    kind: file\n---\n";
        let mut d = Vec::new();
        let (fm, _) = parse(src, 0, FileId(0), &mut d);
        let fm = fm.unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(fm.meta.knowledge[1].value, "b");
        assert_eq!(&src[fm.meta.knowledge[1].span.range()], "b");
        assert_eq!(fm.meta.cited[1].value.kind, Some(CitedKind::File));
    }

    #[test]
    fn bad_weight_is_reported_at_its_line() {
        let src = "+++\ntitle = \"T\"\nweight = \"six\"\n+++\n";
        let mut d = Vec::new();
        parse(src, 0, FileId(0), &mut d);
        assert_eq!(d.len(), 1);
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_col(src, d[0].span.start as usize).0, 3);
    }
}

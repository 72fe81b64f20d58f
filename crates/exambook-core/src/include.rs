//! `{{#include}}` resolution: block-level includes splice in parsed markdown (or a code block for
//! other files); includes inside code blocks substitute text.
//!
//! Every included path must stay inside the book root after resolving symlinks. Cycles are
//! reported with the whole chain. A missing file, anchor or line range is an error; the directive
//! is never kept silently.
//!
//! Hostile books are contained: only regular files are read (a FIFO or a device is never opened:
//! it could block the build forever or never end), each at most [`MAX_INCLUDED_FILE`] bytes, and
//! a page may grow by at most [`MAX_EXPANDED`] bytes through [`MAX_INCLUDES`] includes (ten files
//! that include each other ten times, six deep, would otherwise make a million copies).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use exambook_syntax::ast::{Block, BlockKind, CodeBlock, IncludeDirective, IncludeSelector};
use exambook_syntax::{Diagnostic, ParseOptions, Span, include, parse_with};

use crate::book::SourceMap;

/// Resolves includes for one page.
pub struct Resolver<'a> {
    /// Canonical book root.
    pub root: &'a Path,
    /// Files read so far (shared by the whole book so messages can point into them).
    pub sources: &'a mut SourceMap,
    /// Raw file contents already read, by canonical path.
    pub cache: &'a mut HashMap<PathBuf, String>,
    /// Problems found.
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

/// An included file larger than this is refused, as pages are.
pub const MAX_INCLUDED_FILE: u64 = 64 * 1024 * 1024;
/// Bytes that includes may add to one page, all levels together. Far beyond a real page (the
/// bundled guide's largest adds a few KB), and bounded because a parsed page takes some 60 times
/// its text in memory: a page grown to 16 MiB through includes already costs about 1 GB.
pub const MAX_EXPANDED: usize = 16 * 1024 * 1024;
/// Includes that one page may expand, all levels together.
pub const MAX_INCLUDES: usize = 10_000;

/// What a page's includes may add, and have added so far.
struct Budget {
    max_bytes: usize,
    max_includes: usize,
    bytes: usize,
    includes: usize,
    /// Spent: every further include of the page is dropped without another message.
    spent: bool,
}

impl Budget {
    fn new(max_bytes: usize, max_includes: usize) -> Budget {
        Budget {
            max_bytes,
            max_includes,
            bytes: 0,
            includes: 0,
            spent: false,
        }
    }
}

/// One step of an include chain: the including file and where the directive is.
#[derive(Clone)]
struct Step {
    file: PathBuf,
    span: Span,
}

impl Resolver<'_> {
    /// Resolves every include in `blocks`, which belong to the file `file` (canonical path).
    pub fn resolve(&mut self, blocks: &mut Vec<Block>, file: &Path) {
        self.resolve_in(
            blocks,
            file,
            &mut Vec::new(),
            &mut Budget::new(MAX_EXPANDED, MAX_INCLUDES),
        );
    }

    fn resolve_in(
        &mut self,
        blocks: &mut Vec<Block>,
        file: &Path,
        chain: &mut Vec<Step>,
        budget: &mut Budget,
    ) {
        let mut i = 0;
        while i < blocks.len() {
            let span = blocks[i].span;
            match &mut blocks[i].kind {
                BlockKind::Include(directive) => {
                    let directive = directive.clone();
                    let replacement = self.block_include(&directive, span, file, chain, budget);
                    let n = replacement.len();
                    blocks.splice(i..=i, replacement);
                    i += n;
                    continue;
                }
                BlockKind::CodeBlock(code) => self.code_includes(code, span, file, chain, budget),
                kind => {
                    for child in exambook_syntax::walk::child_blocks_mut(kind) {
                        self.resolve_in(child, file, chain, budget);
                    }
                }
            }
            i += 1;
        }
    }

    /// The blocks an include on a line of its own stands for.
    fn block_include(
        &mut self,
        d: &IncludeDirective,
        span: Span,
        file: &Path,
        chain: &mut Vec<Step>,
        budget: &mut Budget,
    ) -> Vec<Block> {
        if budget.spent {
            return Vec::new();
        }
        let Some((target, text)) = self.read(d, span, file) else {
            return Vec::new();
        };
        let Some(text) = self.select(&text, d, span, &target) else {
            return Vec::new();
        };
        if !self.spend(budget, text.len(), span, chain, &target) {
            return Vec::new();
        }
        let is_markdown = target
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        if !is_markdown {
            let lang = target
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_string);
            return vec![Block {
                kind: BlockKind::CodeBlock(Box::new(CodeBlock {
                    fenced: true,
                    info: lang.clone().unwrap_or_default(),
                    lang,
                    attrs: Vec::new(),
                    text: ensure_newline(text),
                })),
                span,
            }];
        }
        if let Some(pos) = chain
            .iter()
            .position(|s| s.file == target)
            .or((target == file).then_some(0))
        {
            let mut parts: Vec<String> = chain[pos..]
                .iter()
                .map(|s| self.sources.location(s.span))
                .collect();
            parts.push(self.sources.location(span));
            parts.push(self.relative(&target));
            self.diagnostics.push(
                Diagnostic::error(span, format!("include cycle: {}", parts.join(" → "))).with_hint(
                    "an included file must not include, directly or not, the file that includes it",
                ),
            );
            return Vec::new();
        }
        let id = self.sources.add(self.relative_path(&target), text);
        let Some(source) = self.sources.get(id) else {
            return Vec::new();
        };
        let (doc, diags) = parse_with(
            &source.text,
            &ParseOptions {
                file: id,
                ..ParseOptions::default()
            },
        );
        self.diagnostics.extend(diags);
        let mut blocks = doc.blocks;
        chain.push(Step {
            file: file.to_path_buf(),
            span,
        });
        self.resolve_in(&mut blocks, &target, chain, budget);
        chain.pop();
        blocks
    }

    /// Counts `bytes` more of included text against the page's budget; past it, one error
    /// with the include chain, and `false` from then on.
    fn spend(
        &mut self,
        budget: &mut Budget,
        bytes: usize,
        span: Span,
        chain: &[Step],
        target: &Path,
    ) -> bool {
        if budget.spent {
            return false;
        }
        budget.bytes = budget.bytes.saturating_add(bytes);
        budget.includes += 1;
        let over = if budget.bytes > budget.max_bytes {
            format!("more than {} MiB included", budget.max_bytes >> 20)
        } else if budget.includes > budget.max_includes {
            format!("more than {} includes", budget.max_includes)
        } else {
            return true;
        };
        budget.spent = true;
        let mut parts: Vec<String> = chain
            .iter()
            .map(|s| self.sources.location(s.span))
            .collect();
        parts.push(self.sources.location(span));
        parts.push(self.relative(target));
        self.diagnostics.push(
            Diagnostic::error(
                span,
                format!(
                    "includes make this page too large ({over}): {}",
                    parts.join(" → ")
                ),
            )
            .with_hint(
                "the rest of the page's includes are left out; include fewer or smaller files",
            ),
        );
        false
    }

    fn code_includes(
        &mut self,
        code: &mut CodeBlock,
        span: Span,
        file: &Path,
        chain: &[Step],
        budget: &mut Budget,
    ) {
        let found = include::find_in_code(&code.text);
        if found.is_empty() {
            return;
        }
        let mut text = String::with_capacity(code.text.len());
        let mut last = 0;
        for (range, directive) in found {
            text.push_str(code.text.get(last..range.start).unwrap_or_default());
            if !budget.spent
                && let Some((target, raw)) = self.read(&directive, span, file)
                && let Some(selected) = self.select(&raw, &directive, span, &target)
                && self.spend(budget, selected.len(), span, chain, &target)
            {
                text.push_str(selected.trim_end_matches('\n'));
            }
            last = range.end;
        }
        text.push_str(code.text.get(last..).unwrap_or_default());
        code.text = text;
    }

    /// Reads the file a directive names: contained in the book root, symlinks resolved.
    fn read(&mut self, d: &IncludeDirective, span: Span, file: &Path) -> Option<(PathBuf, String)> {
        let base = file.parent().unwrap_or(self.root);
        let wanted = base.join(&d.path);
        let target = match wanted.canonicalize() {
            Ok(t) => t,
            Err(_) => {
                self.diagnostics.push(
                    Diagnostic::error(span, format!("included file `{}` does not exist", d.path))
                        .with_hint(format!("the path is relative to `{}`", self.relative(base))),
                );
                return None;
            }
        };
        if !target.starts_with(self.root) {
            self.diagnostics.push(
                Diagnostic::error(
                    span,
                    format!("included file `{}` is outside the book", d.path),
                )
                .with_hint("includes must stay inside the folder that holds book.toml"),
            );
            return None;
        }
        if let Some(text) = self.cache.get(&target) {
            return Some((target, text.clone()));
        }
        match read_regular(&target) {
            Ok(text) => {
                self.cache.insert(target.clone(), text.clone());
                Some((target, text))
            }
            Err(why) => {
                self.diagnostics.push(Diagnostic::error(
                    span,
                    format!("cannot include `{}`: {why}", d.path),
                ));
                None
            }
        }
    }

    /// The part of `text` the selector asks for; anchor marker lines are dropped.
    fn select(
        &mut self,
        text: &str,
        d: &IncludeDirective,
        span: Span,
        target: &Path,
    ) -> Option<String> {
        let lines: Vec<&str> = text.lines().collect();
        let picked: Vec<&str> = match &d.selector {
            IncludeSelector::All => lines,
            IncludeSelector::Lines { start, end } => {
                let first = start.unwrap_or(1).max(1);
                let last = end.unwrap_or(lines.len());
                if first > lines.len() || last < first {
                    self.diagnostics.push(Diagnostic::error(
                        span,
                        format!(
                            "line range {first}..{last} is outside `{}`, which has {} lines",
                            self.relative(target),
                            lines.len()
                        ),
                    ));
                    return None;
                }
                lines[first - 1..last.min(lines.len())].to_vec()
            }
            IncludeSelector::Anchor(name) => {
                let start = lines
                    .iter()
                    .position(|l| marker(l, "ANCHOR") == Some(name.as_str()));
                let end = lines
                    .iter()
                    .position(|l| marker(l, "ANCHOR_END") == Some(name.as_str()));
                match (start, end) {
                    (Some(s), Some(e)) if e > s => lines[s + 1..e].to_vec(),
                    (Some(_), _) => {
                        self.diagnostics.push(Diagnostic::error(
                            span,
                            format!(
                                "anchor `{name}` in `{}` has no `ANCHOR_END: {name}` after it",
                                self.relative(target)
                            ),
                        ));
                        return None;
                    }
                    (None, _) => {
                        self.diagnostics.push(
                            Diagnostic::error(span, format!("anchor `{name}` not found in `{}`", self.relative(target)))
                                .with_hint(format!("mark the lines with `ANCHOR: {name}` and `ANCHOR_END: {name}` comments")),
                        );
                        return None;
                    }
                }
            }
        };
        let kept: Vec<&str> = picked
            .into_iter()
            .filter(|l| marker(l, "ANCHOR").is_none() && marker(l, "ANCHOR_END").is_none())
            .collect();
        Some(kept.join("\n") + "\n")
    }

    fn relative_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }

    fn relative(&self, path: &Path) -> String {
        self.relative_path(path).display().to_string()
    }
}

/// The text of the regular file `path` (a canonical path): anything else is refused before it
/// is opened, and so is a file larger than [`MAX_INCLUDED_FILE`]; a file that changes into
/// something else or grows between the look and the read is refused too.
fn read_regular(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!(
            "it is {}, not a regular file",
            crate::paths::file_kind(&meta.file_type())
        ));
    }
    let too_large = || format!("it is larger than {} MiB", MAX_INCLUDED_FILE >> 20);
    if meta.len() > MAX_INCLUDED_FILE {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if !opened.is_file() || !crate::paths::same_file(&meta, &opened) {
        return Err("it changed while it was read".into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_INCLUDED_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_INCLUDED_FILE {
        return Err(too_large());
    }
    String::from_utf8(bytes)
        .map(crate::load::replace_nul)
        .map_err(|e| format!("it is not UTF-8 ({})", e.utf8_error()))
}

/// The name in an `ANCHOR: name` / `ANCHOR_END: name` marker line, in any comment syntax
/// (`# ANCHOR: x`, `// ANCHOR: x`, `<!-- ANCHOR: x -->`). `ANCHOR` never matches `ANCHOR_END`
/// because the colon must follow the word.
fn marker<'l>(line: &'l str, word: &str) -> Option<&'l str> {
    let at = line.find(&format!("{word}:"))?;
    let rest = &line[at + word.len() + 1..];
    let name = rest
        .split_whitespace()
        .next()?
        .trim_end_matches("-->")
        .trim_end_matches("*/");
    (!name.is_empty()).then_some(name)
}

fn ensure_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    /// Resolves `page` of a book made of `files` with the given limits; the diagnostics.
    fn resolve(
        files: &[(&str, &str)],
        page: &str,
        max_bytes: usize,
        max_includes: usize,
    ) -> Vec<String> {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        for (path, text) in files {
            std::fs::write(root.join(path), text).unwrap();
        }
        let mut sources = SourceMap::default();
        let file = root.join(page);
        let text = std::fs::read_to_string(&file).unwrap();
        let id = sources.add(page.into(), text.clone());
        let (mut doc, _) = parse_with(
            &text,
            &ParseOptions {
                file: id,
                ..ParseOptions::default()
            },
        );
        let mut diagnostics = Vec::new();
        let mut cache = HashMap::new();
        let mut resolver = Resolver {
            root: &root,
            sources: &mut sources,
            cache: &mut cache,
            diagnostics: &mut diagnostics,
        };
        let mut budget = Budget::new(max_bytes, max_includes);
        resolver.resolve_in(&mut doc.blocks, &file, &mut Vec::new(), &mut budget);
        diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn the_expanded_size_of_a_page_is_capped_once_with_the_chain() {
        let files = [
            ("index.md", "{{#include a.md}}\n"),
            (
                "a.md",
                "{{#include b.md}}\n{{#include b.md}}\n\n```\n{{#include b.md}}\n```\n",
            ),
            ("b.md", "0123456789\n"),
        ];
        assert!(resolve(&files, "index.md", 1 << 20, 100).is_empty());
        let found = resolve(&files, "index.md", 80, 100);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("index.md:1:1 → a.md:2:1 → b.md"),
            "{found:?}"
        );
        let found = resolve(&files, "index.md", 1 << 20, 2);
        assert_eq!(
            found,
            [
                "includes make this page too large (more than 2 includes): index.md:1:1 → a.md:2:1 → b.md"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a FIFO for reading would wait for a writer for ever.
            let why = read_regular(&fifo).err().unwrap_or_default();
            assert_eq!(why, "it is a FIFO, not a regular file");
        }
        let why = read_regular(tmp.path()).err().unwrap_or_default();
        assert_eq!(why, "it is a folder, not a regular file");
        let why = read_regular(Path::new("/dev/zero"))
            .err()
            .unwrap_or_default();
        assert_eq!(why, "it is a character device, not a regular file");
        std::fs::write(tmp.path().join("bad"), b"\xff").unwrap();
        assert!(read_regular(&tmp.path().join("bad")).is_err());
        std::fs::write(tmp.path().join("ok"), "text").unwrap();
        assert_eq!(read_regular(&tmp.path().join("ok")).unwrap(), "text");
    }
}

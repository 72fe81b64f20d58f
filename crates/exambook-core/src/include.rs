//! `{{#include}}` resolution: block-level includes splice in parsed markdown (or a code block for
//! other files); includes inside code blocks substitute text.
//!
//! Every included path must stay inside the book root after resolving symlinks. Cycles are
//! reported with the whole chain. A missing file, anchor or line range is an error; the directive
//! is never kept silently.

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

/// One step of an include chain: the including file and where the directive is.
#[derive(Clone)]
struct Step {
    file: PathBuf,
    span: Span,
}

impl Resolver<'_> {
    /// Resolves every include in `blocks`, which belong to the file `file` (canonical path).
    pub fn resolve(&mut self, blocks: &mut Vec<Block>, file: &Path) {
        self.resolve_in(blocks, file, &mut Vec::new());
    }

    fn resolve_in(&mut self, blocks: &mut Vec<Block>, file: &Path, chain: &mut Vec<Step>) {
        let mut i = 0;
        while i < blocks.len() {
            let span = blocks[i].span;
            match &mut blocks[i].kind {
                BlockKind::Include(directive) => {
                    let directive = directive.clone();
                    let replacement = self.block_include(&directive, span, file, chain);
                    let n = replacement.len();
                    blocks.splice(i..=i, replacement);
                    i += n;
                    continue;
                }
                BlockKind::CodeBlock(code) => self.code_includes(code, span, file),
                kind => {
                    for child in exambook_syntax::walk::child_blocks_mut(kind) {
                        self.resolve_in(child, file, chain);
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
    ) -> Vec<Block> {
        let Some((target, text)) = self.read(d, span, file) else {
            return Vec::new();
        };
        let Some(text) = self.select(&text, d, span, &target) else {
            return Vec::new();
        };
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
        self.resolve_in(&mut blocks, &target, chain);
        chain.pop();
        blocks
    }

    fn code_includes(&mut self, code: &mut CodeBlock, span: Span, file: &Path) {
        let found = include::find_in_code(&code.text);
        if found.is_empty() {
            return;
        }
        let mut text = String::with_capacity(code.text.len());
        let mut last = 0;
        for (range, directive) in found {
            text.push_str(code.text.get(last..range.start).unwrap_or_default());
            if let Some((target, raw)) = self.read(&directive, span, file)
                && let Some(selected) = self.select(&raw, &directive, span, &target)
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
        match std::fs::read_to_string(&target) {
            Ok(text) => {
                self.cache.insert(target.clone(), text.clone());
                Some((target, text))
            }
            Err(e) => {
                self.diagnostics.push(Diagnostic::error(
                    span,
                    format!("cannot read included file `{}`: {e}", d.path),
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

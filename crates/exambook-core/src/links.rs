//! Internal link checking: `other.md`, `other.md#id`, `#id` and links to files of the source
//! folder are checked after includes and ids are resolved, and each gets its format-neutral
//! [`LinkTarget`]; destinations stay as written. Renderers map targets to their own paths.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use exambook_syntax::ast::{BlockKind, Document, InlineKind, LinkKind, LinkTarget};
use exambook_syntax::{Diagnostic, Severity, Span};

use crate::book::{Asset, Page};
use crate::config::{Config, LinkPolicy};
use crate::paths::{normalize, percent_decode};
use exambook_syntax::walk;

/// What links are checked against: the book's pages, ids and assets. Built once per book;
/// [`Links::resolve`] checks one page.
#[derive(Debug, Clone)]
pub struct Links {
    by_source: HashMap<String, usize>,
    assets: BTreeSet<String>,
    severity: Severity,
    src_dir: PathBuf,
}

impl Links {
    /// The link index of a book's pages and assets.
    pub fn new(pages: &[Page], assets: &[Asset], config: &Config, src_dir: PathBuf) -> Links {
        Links {
            by_source: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.source_path.clone(), i))
                .collect(),
            assets: assets.iter().map(|a| a.out_path.clone()).collect(),
            severity: match config.build.broken_links {
                LinkPolicy::Error => Severity::Error,
                LinkPolicy::Warn => Severity::Warning,
            },
            src_dir,
        }
    }

    /// Checks every link and image of page `index` (whose source folder is `dir`, its document
    /// `doc`) against `ids` (every id of every page) and sets their targets: markdown links and
    /// images, and the URLs of raw HTML (`<a href>`, `<img src>`; their targets go into
    /// `doc.html_targets`).
    pub fn resolve(
        &self,
        index: usize,
        dir: &str,
        doc: &mut Document,
        ids: &[BTreeSet<String>],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut html: Vec<(String, Span)> = Vec::new();
        walk::blocks(&doc.blocks, &mut |block| {
            if let BlockKind::Html(h) = &block.kind {
                html.push((h.raw.clone(), block.span));
            }
        });
        walk::inlines_mut(&mut doc.blocks, &mut |inline| {
            let span = inline.span;
            let (dest, target, is_image) = match &mut inline.kind {
                InlineKind::Link(l) if l.kind == LinkKind::Email => {
                    // `<me@example.com>`: a mailto link, whatever it looks like.
                    l.target = None;
                    return;
                }
                InlineKind::Link(l) => (&l.dest, &mut l.target, false),
                InlineKind::Image(i) => (&i.dest, &mut i.target, true),
                InlineKind::Html(h) => {
                    html.push((h.clone(), span));
                    return;
                }
                _ => return,
            };
            if dest.trim().is_empty() {
                let what = if is_image { "image" } else { "link" };
                diagnostics.push(
                    Diagnostic::warning(span, format!("empty {what}: it has no destination"))
                        .with_hint("write where it leads between the parentheses, or remove it"),
                );
                *target = None;
                return;
            }
            *target = self.check(index, dir, dest, is_image, ids, span, diagnostics);
        });
        let mut targets = std::collections::BTreeMap::new();
        for (raw, span) in html {
            // The HTML as written is the node's source text when their lengths agree: the
            // diagnostic then points at the attribute itself.
            let exact = span.end.saturating_sub(span.start) as usize == raw.len();
            for attr in exambook_syntax::html_urls::url_attrs(&raw) {
                if attr.value.is_empty() || targets.contains_key(&attr.value) {
                    continue;
                }
                let at = if exact {
                    let start = span.start + u32::try_from(attr.range.start).unwrap_or(0);
                    let end = span.start + u32::try_from(attr.range.end).unwrap_or(0);
                    Span::new(span.file, start as usize..end as usize)
                } else {
                    span
                };
                if let Some(target) =
                    self.check(index, dir, &attr.value, attr.image, ids, at, diagnostics)
                {
                    targets.insert(attr.value, target);
                }
            }
        }
        doc.html_targets = targets;
    }

    /// The target of one destination `dest` (a link's, an image's when `is_image`) on page
    /// `index`, reporting what is wrong with it at `span`.
    #[allow(clippy::too_many_arguments, reason = "one call per kind of link")]
    fn check(
        &self,
        index: usize,
        dir: &str,
        dest: &str,
        is_image: bool,
        ids: &[BTreeSet<String>],
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<LinkTarget> {
        let mut report = |message: String, hint: Option<&str>| {
            let mut d = Diagnostic {
                severity: self.severity,
                span,
                message,
                hints: Vec::new(),
                strict: false,
            };
            if let Some(h) = hint {
                d = d.with_hint(h);
            }
            diagnostics.push(d);
        };
        if is_external(dest) {
            return None;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            // A broken anchor keeps its target: the page is right, and when the anchor
            // appears again the link is found by [`linking_to`].
            let f = fragment?;
            if !ids.get(index).is_some_and(|set| set.contains(f)) {
                report(
                    format!("broken link: no heading or anchor `#{f}` on this page"),
                    None,
                );
            }
            return Some(LinkTarget::Page {
                page: index,
                anchor: Some(f.to_owned()),
            });
        }
        // `/images/x.png` starts at the source folder, as GitBook and GitHub read it.
        let (base, relative_path) = match path.strip_prefix('/') {
            Some(rest) => ("", rest),
            None => (dir, path),
        };
        let decoded = percent_decode(relative_path);
        let Some(resolved) = normalize(base, decoded.as_deref().unwrap_or(relative_path)) else {
            report(
                format!("link `{dest}` points outside the source folder"),
                None,
            );
            return None;
        };
        if resolved.ends_with(".md") {
            let Some(&to) = self.by_source.get(&resolved) else {
                if self.src_dir.join(&resolved).is_file() {
                    report(
                        format!("broken link: `{path}` is not a page of this book"),
                        Some("pages must be listed in SUMMARY.md"),
                    );
                } else {
                    let near = self.nearest(&resolved, self.by_source.keys(), dir);
                    report(
                        format!("broken link: `{path}` does not exist"),
                        near.as_deref(),
                    );
                }
                return None;
            };
            if let Some(f) = fragment
                && !ids.get(to).is_some_and(|set| set.contains(f))
            {
                report(
                    format!("broken link: `{path}` has no heading or anchor `#{f}`"),
                    None,
                );
            }
            return Some(LinkTarget::Page {
                page: to,
                anchor: fragment.map(str::to_owned),
            });
        }
        if self.assets.contains(&resolved) {
            return Some(LinkTarget::Asset { path: resolved });
        }
        if !is_image && (resolved.is_empty() || self.src_dir.join(&resolved).is_dir()) {
            // A folder: its README or index page when it has one; else the folder itself,
            // whose files are then published (`Book::published_assets`).
            let prefix = if resolved.is_empty() {
                String::new()
            } else {
                format!("{resolved}/")
            };
            let page = ["README.md", "index.md"].iter().find_map(|name| {
                let &to = self.by_source.get(&format!("{prefix}{name}"))?;
                Some(LinkTarget::Page {
                    page: to,
                    anchor: fragment.map(str::to_owned),
                })
            });
            return page.or_else(|| {
                (!resolved.is_empty()).then_some(LinkTarget::Asset { path: resolved })
            });
        }
        let what = if is_image { "image" } else { "linked file" };
        let near = self.nearest(&resolved, self.assets.iter(), dir);
        report(
            format!("{what} `{path}` does not exist in the source folder"),
            near.as_deref(),
        );
        None
    }
}

impl Links {
    /// "did you mean …?" for a missing `wanted` (relative to the source folder): the closest of
    /// `candidates` by edit distance when it is close (at most a third of the name differs, and
    /// at most four edits), written relative to the linking page's folder `dir`.
    fn nearest<'a>(
        &self,
        wanted: &str,
        candidates: impl Iterator<Item = &'a String>,
        dir: &str,
    ) -> Option<String> {
        let limit = (wanted.chars().count() / 3).clamp(1, 4);
        let (distance, best) = candidates
            .map(|c| (strsim::levenshtein(wanted, c), c))
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))?;
        (distance <= limit).then(|| format!("did you mean `{}`?", relative(dir, best)))
    }
}

/// `path` (relative to the source folder) as a link from a page in the folder `dir`.
pub fn relative(dir: &str, path: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|c| !c.is_empty()).collect();
    let to: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(to.get(common..).unwrap_or_default());
    parts.join("/")
}

/// Pages with a link to an anchor on one of `pages` (whose links must be checked again when
/// those anchors change).
pub fn linking_to(all: &[Page], pages: &[usize]) -> Vec<usize> {
    if pages.is_empty() {
        return Vec::new();
    }
    all.iter()
        .enumerate()
        .filter(|(_, page)| {
            let mut hit = false;
            walk::inlines(&page.doc.blocks, &mut |inline| {
                if let InlineKind::Link(l) = &inline.kind
                    && let Some(LinkTarget::Page {
                        page,
                        anchor: Some(_),
                    }) = &l.target
                    && pages.contains(page)
                {
                    hit = true;
                }
            });
            hit
        })
        .map(|(q, _)| q)
        .collect()
}

/// Whether a destination leaves the book: a scheme (`https:`, `mailto:`) or `//host`.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme_end = dest.find(':');
    let first_sep = dest.find(['/', '#', '?']);
    match (scheme_end, first_sep) {
        (Some(c), Some(s)) => c < s,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_external, relative};

    #[test]
    fn relative_paths() {
        assert_eq!(relative("", "a/b.md"), "a/b.md");
        assert_eq!(relative("a", "a/b.md"), "b.md");
        assert_eq!(relative("a/c", "a/b.md"), "../b.md");
        assert_eq!(relative("x", "a/b.md"), "../a/b.md");
    }

    #[test]
    fn external_links() {
        assert!(is_external("https://lpi.org/"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example/x.js"));
        assert!(!is_external("a.md#x:y"));
        assert!(!is_external("../352/352.3-docker.md"));
    }
}

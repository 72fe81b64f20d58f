//! Internal link checking: `other.md`, `other.md#id`, `#id` and links to files of the source
//! folder are checked after includes and ids are resolved, and each gets its format-neutral
//! [`LinkTarget`]; destinations stay as written. Renderers map targets to their own paths.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use exambook_syntax::ast::{Document, InlineKind, LinkTarget};
use exambook_syntax::{Diagnostic, Severity};

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
    /// `doc`) against `ids` (every id of every page) and sets their targets.
    pub fn resolve(
        &self,
        index: usize,
        dir: &str,
        doc: &mut Document,
        ids: &[BTreeSet<String>],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        walk::inlines_mut(&mut doc.blocks, &mut |inline| {
            let span = inline.span;
            let (dest, target, is_image) = match &mut inline.kind {
                InlineKind::Link(l) => (&l.dest, &mut l.target, false),
                InlineKind::Image(i) => (&i.dest, &mut i.target, true),
                _ => return,
            };
            let severity = if is_image {
                Severity::Error
            } else {
                self.severity
            };
            let mut report = |message: String, hint: Option<&str>| {
                let mut d = Diagnostic {
                    severity,
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
            *target = None;
            if dest.is_empty() || is_external(dest) {
                return;
            }
            let (path, fragment) = match dest.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (dest.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                // A broken anchor keeps its target: the page is right, and when the anchor
                // appears again the link is found by [`linking_to`].
                if let Some(f) = fragment {
                    if !ids.get(index).is_some_and(|set| set.contains(f)) {
                        report(
                            format!("broken link: no heading or anchor `#{f}` on this page"),
                            None,
                        );
                    }
                    *target = Some(LinkTarget::Page {
                        page: index,
                        anchor: Some(f.to_owned()),
                    });
                }
                return;
            }
            if path.starts_with('/') {
                report(
                    format!(
                        "link `{dest}` is absolute; it breaks when the site is served under a base path"
                    ),
                    Some("write the link relative to this page"),
                );
                return;
            }
            let decoded = percent_decode(path);
            let Some(resolved) = normalize(dir, decoded.as_deref().unwrap_or(path)) else {
                report(
                    format!("link `{dest}` points outside the source folder"),
                    None,
                );
                return;
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
                    return;
                };
                if let Some(f) = fragment
                    && !ids.get(to).is_some_and(|set| set.contains(f))
                {
                    report(
                        format!("broken link: `{path}` has no heading or anchor `#{f}`"),
                        None,
                    );
                }
                *target = Some(LinkTarget::Page {
                    page: to,
                    anchor: fragment.map(str::to_owned),
                });
            } else if self.assets.contains(&resolved) {
                *target = Some(LinkTarget::Asset { path: resolved });
            } else {
                let what = if is_image { "image" } else { "linked file" };
                let near = self.nearest(&resolved, self.assets.iter(), dir);
                report(
                    format!("{what} `{path}` does not exist in the source folder"),
                    near.as_deref(),
                );
            }
        });
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
fn relative(dir: &str, path: &str) -> String {
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

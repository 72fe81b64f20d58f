//! Internal link checking and rewriting: `other.md`, `other.md#id` and `#id` are checked after
//! includes and ids are resolved, and `.md` links are rewritten to output paths.

use std::collections::{BTreeSet, HashMap};

use exambook_syntax::ast::InlineKind;
use exambook_syntax::{Diagnostic, Severity};

use crate::book::{Asset, Page};
use crate::config::{Config, LinkPolicy};
use crate::load::{normalize, percent_decode};
use crate::walk;

/// Checks and rewrites every link and image of every page.
pub fn resolve(
    pages: &mut [Page],
    ids: &[BTreeSet<String>],
    assets: &[Asset],
    config: &Config,
    src_dir: &std::path::Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let by_source: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source_path.clone(), i))
        .collect();
    let targets: Vec<(String, String)> = pages
        .iter()
        .map(|p| (p.out_path.clone(), p.root_prefix()))
        .collect();
    let asset_paths: BTreeSet<&str> = assets.iter().map(|a| a.out_path.as_str()).collect();
    let link_severity = match config.build.broken_links {
        LinkPolicy::Error => Severity::Error,
        LinkPolicy::Warn => Severity::Warning,
    };
    for (index, page) in pages.iter_mut().enumerate() {
        let dir = page
            .source_path
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_string();
        let prefix = targets.get(index).map(|t| t.1.clone()).unwrap_or_default();
        walk::inlines_mut(&mut page.doc.blocks, &mut |inline| {
            let span = inline.span;
            let (dest, is_image) = match &mut inline.kind {
                InlineKind::Link(l) => (&mut l.dest, false),
                InlineKind::Image(i) => (&mut i.dest, true),
                _ => return,
            };
            let severity = if is_image {
                Severity::Error
            } else {
                link_severity
            };
            let mut report = |message: String, hint: Option<String>| {
                let mut d = Diagnostic {
                    severity,
                    span,
                    message,
                    hints: Vec::new(),
                };
                if let Some(h) = hint {
                    d = d.with_hint(h);
                }
                diagnostics.push(d);
            };
            if dest.is_empty() || is_external(dest) {
                return;
            }
            let (path, fragment) = match dest.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (dest.clone(), None),
            };
            let path = path.split('?').next().unwrap_or_default().to_string();
            if path.is_empty() {
                if let Some(f) = &fragment
                    && !ids.get(index).is_some_and(|set| set.contains(f))
                {
                    report(
                        format!("broken link: no heading or anchor `#{f}` on this page"),
                        None,
                    );
                }
                return;
            }
            if path.starts_with('/') {
                report(
                    format!(
                        "link `{dest}` is absolute; it breaks when the site is served under a base path"
                    ),
                    Some("write the link relative to this page".into()),
                );
                return;
            }
            let Some(target) = normalize(&dir, &percent_decode(&path)) else {
                report(
                    format!("link `{dest}` points outside the source folder"),
                    None,
                );
                return;
            };
            if target.ends_with(".md") {
                let Some(&to) = by_source.get(&target) else {
                    if src_dir.join(&target).is_file() {
                        report(
                            format!("broken link: `{path}` is not a page of this book"),
                            Some("pages must be listed in SUMMARY.md".into()),
                        );
                    } else {
                        report(format!("broken link: `{path}` does not exist"), None);
                    }
                    return;
                };
                if let Some(f) = &fragment
                    && !ids.get(to).is_some_and(|set| set.contains(f))
                {
                    report(
                        format!("broken link: `{path}` has no heading or anchor `#{f}`"),
                        None,
                    );
                }
                let out = targets.get(to).map(|t| t.0.as_str()).unwrap_or_default();
                *dest = match &fragment {
                    Some(f) => format!("{prefix}{out}#{f}"),
                    None => format!("{prefix}{out}"),
                };
            } else if !asset_paths.contains(target.as_str()) {
                let what = if is_image { "image" } else { "linked file" };
                report(
                    format!("{what} `{path}` does not exist in the source folder"),
                    None,
                );
            }
        });
    }
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
    use super::is_external;

    #[test]
    fn external_links() {
        assert!(is_external("https://lpi.org/"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example/x.js"));
        assert!(!is_external("a.md#x:y"));
        assert!(!is_external("../352/352.3-docker.md"));
    }
}

//! Mermaid diagrams rendered to inline SVG at build time with merman (pure Rust, no browser).
//!
//! Design decisions:
//! - Only the diagram families a study guide needs are compiled in (flowchart, sequence,
//!   timeline, state); any other family fails like a syntax error does: the page shows the
//!   source and a visible error, the build a warning with the diagram's position.
//! - merman's static-inline contract: every id is rebased on a per-page prefix
//!   (`exambook-diagram-N`), so two diagrams on one page never share a marker or clip-path id;
//!   labels become SVG `<text>` instead of HTML in `<foreignObject>`, so the SVG prints,
//!   validates as HTML5 foreign content and needs no CSS from the page. (The resvg-safe preset
//!   combined with rebased ids loses the font family in merman 0.9.3; this one does not.)
//! - merman's stylesheet carries rules for every colour slot of the "neo" look (about 25 KB per
//!   flowchart); rules whose selectors need a `data-color-id` that no element of this SVG has
//!   cannot match (they are all scoped to the SVG's own id) and are dropped.
//! - merman's sequence diagrams put `name="…"` on `<rect>` and `<line>`, which SVG does not
//!   have (the Nu checker rejects it); those attributes are removed.
//! - merman runs in a `catch_unwind`: a panic in a third-party renderer on an author's input
//!   must not take the build down.

use merman::svg::{SvgPipeline, SvgRenderOptions};
use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};

/// Bumped whenever diagram output changes for the same input (cache key).
pub(crate) const DIAGRAM_VERSION: u32 = 1;

/// The id prefix of the `n`th diagram (from 1) of a page.
pub(crate) fn diagram_id(n: usize) -> String {
    format!("exambook-diagram-{n}")
}

/// Renders mermaid `source` to an SVG element whose ids all start with `id`.
pub fn mermaid_svg(source: &str, id: &str) -> Result<String, String> {
    let source = source.to_owned();
    let id = id.to_owned();
    let run = move || -> Result<String, String> {
        let request = SvgRequest {
            options: SvgRenderOptions::default(),
            pipeline: Some(SvgPipeline::parity().with_static_inline_contract(id.clone())),
            ..Default::default()
        };
        let output = Renderer::new()
            .render(RenderRequest::svg(
                &source,
                OperationControl::new(),
                request,
            ))
            .map_err(|e| e.to_string())?;
        match output {
            RenderOutput::Svg(Some(svg)) => Ok(svg.svg().to_owned()),
            _ => Err("not a mermaid diagram this build can render".to_owned()),
        }
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(result) => result.map(|svg| drop_name_attributes(&prune_styles(strip_xml_prolog(&svg)))),
        Err(_) => Err("the diagram renderer crashed on this input".to_owned()),
    }
}

/// The `<svg …>…</svg>` element without an XML declaration or doctype before it.
fn strip_xml_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => svg[i..].trim_end(),
        None => svg.trim(),
    }
}

/// Drops the rules of the SVG's `<style>` that select a `data-color-id` value no element of the
/// SVG carries. Everything else is kept byte for byte.
pub(crate) fn prune_styles(svg: &str) -> String {
    let (Some(open), Some(close)) = (svg.find("<style>"), svg.find("</style>")) else {
        return svg.to_owned();
    };
    let css_start = open + "<style>".len();
    if close < css_start {
        return svg.to_owned();
    }
    let css = &svg[css_start..close];
    let body = &svg[close..];
    let mut used = std::collections::BTreeSet::new();
    for quote in ["data-color-id=\"", "data-color-id='"] {
        let mut rest = body;
        while let Some(i) = rest.find(quote) {
            rest = &rest[i + quote.len()..];
            let end = rest.find(['"', '\'']).unwrap_or(rest.len());
            used.insert(&rest[..end]);
        }
    }
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..css_start]);
    for rule in top_level_rules(css) {
        match rule.split_once('{') {
            Some((selectors, decls)) if !selectors.trim_start().starts_with('@') => {
                let kept: Vec<&str> = split_selectors(selectors)
                    .into_iter()
                    .filter(|sel| color_ids(sel).iter().all(|c| used.contains(c)))
                    .collect();
                if !kept.is_empty() {
                    out.push_str(&kept.join(","));
                    out.push('{');
                    out.push_str(decls);
                }
            }
            _ => out.push_str(rule),
        }
    }
    out.push_str(body);
    out
}

/// The rules of a stylesheet at brace depth 0 (an `@` rule with its nested block is one rule).
fn top_level_rules(css: &str) -> Vec<&str> {
    let mut rules = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in css.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    rules.push(&css[start..=i]);
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    if start < css.len() {
        rules.push(&css[start..]);
    }
    rules
}

/// Splits a selector list at commas outside brackets and parentheses.
fn split_selectors(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in list.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

/// Removes every `name="…"` attribute from the tags (never from text) of an SVG.
pub(crate) fn drop_name_attributes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        // The tag runs to the first `>` outside a quoted value.
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        let tag = &rest[..end];
        let mut t = tag;
        while let Some(i) = t.find(" name=\"") {
            out.push_str(&t[..i]);
            let after = &t[i + " name=\"".len()..];
            t = after.find('"').map_or("", |j| &after[j + 1..]);
        }
        out.push_str(t);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The `data-color-id` values a selector requires.
fn color_ids(selector: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    let mut rest = selector;
    while let Some(i) = rest.find("data-color-id=") {
        rest = &rest[i + "data-color-id=".len()..];
        let value = rest
            .strip_prefix("&quot;")
            .or_else(|| rest.strip_prefix('"'))
            .unwrap_or(rest);
        let end = value.find(['&', '"', ']']).unwrap_or(value.len());
        ids.push(&value[..end]);
        rest = &value[end..];
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_attributes_leave_tags_but_not_text() {
        let svg = "<svg><rect x=\"1\" name=\"User\" y=\"2\"/><text>set name=\"x\"</text></svg>";
        assert_eq!(
            drop_name_attributes(svg),
            "<svg><rect x=\"1\" y=\"2\"/><text>set name=\"x\"</text></svg>"
        );
    }

    #[test]
    fn prunes_rules_for_absent_colours_only() {
        let svg = "<svg id=\"d\"><style>#d .a{x:1}#d [data-color-id=&quot;color-0&quot;] rect{y:1}\
                   #d [data-color-id=&quot;color-7&quot;] rect,#d .b{z:1}@keyframes k{from{o:0}}</style>\
                   <g data-color-id=\"color-0\"></g></svg>";
        let pruned = prune_styles(svg);
        assert!(pruned.contains("#d .a{x:1}"));
        assert!(pruned.contains("color-0&quot;] rect{y:1}"));
        assert!(!pruned.contains("color-7"));
        assert!(
            pruned.contains("#d .b{z:1}"),
            "the other selector of the list stays: {pruned}"
        );
        assert!(pruned.contains("@keyframes k{from{o:0}}"));
    }
}

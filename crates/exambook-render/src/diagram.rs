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
        Ok(result) => result.map(|svg| strip_xml_prolog(&svg).to_owned()),
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

//! Mermaid diagrams rendered to inline SVG at build time with merman (pure Rust, no browser).
//!
//! Design decisions:
//! - Only the diagram families a study guide needs are compiled in (flowchart, sequence,
//!   timeline, state); any other family fails like a syntax error does: the page shows the
//!   source and a visible error, the build a warning with the diagram's position.
//! - Labels are laid out as SVG `<text>` from the start (mermaid's `htmlLabels: false`), so the
//!   SVG prints, validates as HTML5 foreign content and needs no CSS from the page. merman's
//!   static-inline pipeline gets the same result by converting HTML labels afterwards and
//!   re-validating the document after every pass: 10 ms a diagram instead of 1. A diagram whose
//!   own `%%{init}%%` turns HTML labels back on still goes through that pipeline.
//! - Ids: merman prefixes every id with the diagram id we give it (`exambook-diagram-N`, N
//!   counting the diagrams of a page), so two diagrams on one page never share a marker or
//!   clip-path id, and its stylesheet is scoped to that id.
//! - [`tidy`] makes the SVG small in one pass over the markup: merman's stylesheet carries rules
//!   for every element, class and colour slot any flowchart might use (about 23 KB); a rule none
//!   of whose selectors can match an element of this SVG is dropped, and so is a `@keyframes`
//!   no kept rule names. Markers and filters nothing references, `data-*` attributes no rule
//!   selects (edge geometry in base64, among others), empty `style=""` and the `name="…"` that
//!   SVG does not have (the Nu checker rejects it) go too. A diagram shrinks from about 36 KB
//!   to 10 KB, which also shortens minification, writing and the render cache.
//! - merman runs in a `catch_unwind`: a panic in a third-party renderer on an author's input
//!   must not take the build down.
//!
//! Legibility (what a reader sees is what layout assumed):
//! - Layout measures text, and a browser draws it: they agree only when both use the same font.
//!   merman's own width tables guess at a font the page does not have, so labels ran past their
//!   boxes. Every label is now measured with [`FONT`] (Noto Sans Regular, from the
//!   `ttf-noto-sans` crate; advance widths read with `ttf-parser`, kerning left out so a box
//!   errs on the large side) through merman's width-callback measurer, the site publishes that
//!   very file at [`FONT_PATH`], and the theme draws all diagram text in it (`@font-face` and a
//!   `font-family … !important` in `content.css`, so neither merman's stylesheet nor an
//!   author's `%%{init}%%` can pick another font). Vertical metrics stay merman's: a subgraph
//!   title is moved down 3 units ([`lower_cluster_titles`]) because the font's ascent box is
//!   taller than merman allows for (mermaid's `subGraphTitleMargin` would instead detach the
//!   edges that end on a subgraph).
//!   Labels wrap at 165 px (mermaid's 120 px broke names like `containerd-shim-runc-v2`).
//! - Size on screen: [`legible`] gives the SVG a `min-width` so its 14 px labels never show
//!   under 11 px; a diagram wider than the column at that scale scrolls sideways. The column is
//!   [`COLUMN_PX`] at 1280 px; a flowchart that would scroll there is laid out a second time
//!   along its other axis (`LR` ↔ `TB`, [`turned`]) and the narrower layout is kept, unless the
//!   source has the line `%% exambook: keep-direction` (mermaid reads it as a comment).
//! - On the page, `static/diagram.js` (its own file, loaded on every page, idle without
//!   diagrams) adds under each diagram a cue shown while it scrolls sideways and a button that
//!   opens it at its natural size in a `<dialog>` (a click on the diagram does the same;
//!   Escape closes; the SVG moves into the dialog and back, so ids stay unique). Without
//!   JavaScript the diagram keeps its scroll bar. `tests/e2e/diagrams.test.mjs` measures every
//!   label of `book/` against its box, its SVG and the screen.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use merman::svg::{
    DeterministicTextMeasurer, MeasurementProfileId, SvgEnvironment, SvgPipeline, SvgRenderOptions,
    TextMeasurementPolicy, TextMeasurementProfile, TextMeasurementProfileIdentity, TextStyle,
};
use merman::{
    Engine, MermaidConfig, OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest,
};

/// Bumped whenever diagram output changes for the same input (cache key).
pub(crate) const DIAGRAM_VERSION: u32 = 5;

/// The font every diagram label is measured with and drawn in (Noto Sans Regular). The site
/// publishes it at [`FONT_PATH`]; the stylesheet declares it as [`FONT_FAMILY`].
pub const FONT: &[u8] = ttf_noto_sans::REGULAR;
/// Where the site publishes [`FONT`] (`static/exambook.css` names it relative to itself).
pub const FONT_PATH: &str = "static/diagram-font.ttf";
/// The CSS font family of [`FONT`], as the diagrams' stylesheet and the theme name it.
pub const FONT_FAMILY: &str = "exambook-diagram";

/// The width of the content column at 1280 px with the page's table of contents beside it
/// (`layout.css`), in CSS pixels: a diagram wider than this divided by [`MIN_SCALE`] would
/// scroll sideways, so a flowchart gets laid out along its other axis when that is narrower.
const COLUMN_PX: f64 = 608.0;

/// The size merman draws labels at (its theme's `fontSize`), in pixels.
const LABEL_PX: f64 = 14.0;

/// The smallest scale a diagram is shown at on screen: labels stay at least 11 px tall
/// ([`LABEL_PX`] × this). A diagram wider than the column at this scale scrolls sideways
/// instead of shrinking further, and says so (`diagram.js`); print CSS lifts the floor.
const MIN_SCALE: f64 = 11.0 / LABEL_PX;

/// The line of a mermaid source by which its author keeps the direction written.
const KEEP_DIRECTION: &str = "%% exambook: keep-direction";

/// The id prefix of the `n`th diagram (from 1) of a page.
pub(crate) fn diagram_id(n: usize) -> String {
    format!("exambook-diagram-{n}")
}

/// Renders mermaid `source` to an SVG element whose ids all start with `id`.
pub fn mermaid_svg(source: &str, id: &str) -> Result<String, String> {
    let run = || -> Result<String, String> {
        let svg = render_labels(source, id)?;
        // Too wide for the column at a legible scale: a flowchart is tried along its other
        // axis, and the narrower layout wins.
        let too_wide = natural_width(&svg).is_some_and(|w| w * MIN_SCALE > COLUMN_PX);
        if too_wide
            && let Some(turned) = turned(source)
            && let Ok(other) = render_labels(&turned, id)
            && natural_width(&other) < natural_width(&svg)
        {
            return Ok(other);
        }
        Ok(svg)
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(result) => {
            result.map(|svg| legible(tidy(&lower_cluster_titles(strip_xml_prolog(&svg)), id)))
        }
        Err(_) => Err("the diagram renderer crashed on this input".to_owned()),
    }
}

/// One render with SVG labels (see the module documentation).
fn render_labels(source: &str, id: &str) -> Result<String, String> {
    let svg = render(source, id, None)?;
    if svg.contains("<foreignObject") {
        // The diagram asked for HTML labels itself: convert them (slow, but rare).
        let pipeline = SvgPipeline::parity().with_static_inline_contract(id.to_owned());
        return render(source, id, Some(pipeline));
    }
    Ok(svg)
}

/// A flowchart's source with its direction turned a quarter (left-right becomes top-bottom
/// and back), or `None`: not a flowchart, or its author keeps the direction
/// ([`KEEP_DIRECTION`]).
fn turned(source: &str) -> Option<String> {
    if source.lines().any(|l| l.trim() == KEEP_DIRECTION) {
        return None;
    }
    let mut out = String::with_capacity(source.len() + 4);
    let mut lines = source.split_inclusive('\n');
    let mut in_front_matter = false;
    let mut first = true;
    for line in lines.by_ref() {
        let trimmed = line.trim();
        let was_first = std::mem::replace(&mut first, false);
        if trimmed == "---" && (was_first || in_front_matter) {
            in_front_matter = !in_front_matter;
            out.push_str(line);
            continue;
        }
        if in_front_matter || trimmed.is_empty() || trimmed.starts_with("%%") {
            out.push_str(line);
            continue;
        }
        // The header: `flowchart` or `graph`, then an optional direction.
        let mut words = trimmed.split_ascii_whitespace();
        let kind = words.next()?;
        if kind != "flowchart" && kind != "graph" {
            return None;
        }
        let direction = words.next().map(|d| d.trim_end_matches(';'));
        let other = match direction {
            Some("LR" | "RL" | ">" | "<") => "TB",
            Some("TB" | "TD" | "BT" | "v" | "^") | None => "LR",
            Some(_) => return None,
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        let _ = writeln!(out, "{indent}{kind} {other}");
        lines.for_each(|l| out.push_str(l));
        return Some(out);
    }
    None
}

/// The width of an SVG's `viewBox`, its natural width in CSS pixels.
fn natural_width(svg: &str) -> Option<f64> {
    let start = svg.find("<svg")?;
    let head_end = svg[start..].find('>')? + start;
    attributes(&svg[start..=head_end])
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("viewBox"))
        .and_then(|(_, v)| v.split_ascii_whitespace().nth(2))
        .and_then(|w| w.parse::<f64>().ok())
        .filter(|w| w.is_finite() && *w > 0.0)
}

/// How far [`lower_cluster_titles`] moves a subgraph's title down, in SVG units.
const TITLE_DROP: f64 = 3.0;

/// Moves each subgraph title [`TITLE_DROP`] down: merman sets the title's baseline one
/// ascent below the box's top edge by its own font metrics, and the diagram font's taller
/// ascent box then pokes out of the box by about a pixel. (Mermaid's `subGraphTitleMargin`
/// would make room, but it shifts the subgraph away from the edges that end on it.)
fn lower_cluster_titles(svg: &str) -> String {
    const START: &str = "class=\"cluster-label\" transform=\"translate(";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(START) {
        let after = &rest[i + START.len()..];
        let moved = after.find(')').and_then(|end| {
            let (x, y) = after[..end].split_once(',')?;
            let y: f64 = y.trim().parse().ok()?;
            Some((format!("{},{}", x.trim(), y + TITLE_DROP), end))
        });
        out.push_str(&rest[..i + START.len()]);
        match moved {
            Some((xy, end)) => {
                out.push_str(&xy);
                rest = &after[end..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// Adds `min-width` (the natural width, from the `viewBox`, times [`MIN_SCALE`]) to the root
/// element's `style`, which merman writes as `max-width:…px`.
fn legible(mut svg: String) -> String {
    let Some(head_end) = svg.find('>') else {
        return svg;
    };
    let (Some(width), Some(style)) = (natural_width(&svg), svg[..head_end].find("style=\"")) else {
        return svg;
    };
    let at = style + "style=\"".len();
    svg.insert_str(
        at,
        &format!("min-width:{:.0}px;", (width * MIN_SCALE).ceil()),
    );
    svg
}

/// The advance width of `text` set in [`FONT`] at `style`'s size, in CSS pixels: what a
/// browser draws the label as, since the page draws labels in that font. Kerning is left out
/// (it only narrows Latin text, so a box stays large enough); a character the font lacks counts
/// one em (a fallback font draws it), a format character (zero-width space, soft hyphen,
/// variation selector) nothing.
fn text_width(text: &str, style: &TextStyle) -> f64 {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    let size = if style.font_size.is_finite() && style.font_size > 0.0 {
        style.font_size
    } else {
        16.0
    };
    let Some(face) = FACE.get_or_init(|| ttf_parser::Face::parse(FONT, 0).ok()) else {
        // Never happens with the bundled font; half an em a character is a fair guess.
        return text.chars().count() as f64 * size * 0.55;
    };
    let per_unit = size / f64::from(face.units_per_em().max(1));
    let mut units = 0.0;
    for c in text.chars() {
        if matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}')
        {
            continue;
        }
        let advance = face
            .glyph_index(c)
            .and_then(|g| face.glyph_hor_advance(g))
            .map(f64::from);
        units += advance.unwrap_or_else(|| f64::from(face.units_per_em()));
    }
    units * per_unit
}

/// The renderer's settings: SVG labels, the diagram font's family, and its widths for layout.
fn environment() -> SvgEnvironment {
    let measurer = DeterministicTextMeasurer::default().with_width_callback(text_width);
    let identity = MeasurementProfileId::new("exambook-noto-sans")
        .ok()
        .and_then(|id| TextMeasurementProfileIdentity::new(id, "1").ok());
    match identity {
        Some(identity) => SvgEnvironment::deterministic().with_text_measurement_policy(
            TextMeasurementPolicy::uniform(TextMeasurementProfile::new(identity, measurer)),
        ),
        None => SvgEnvironment::deterministic(),
    }
}

fn render(source: &str, id: &str, pipeline: Option<SvgPipeline>) -> Result<String, String> {
    thread_local! {
        static RENDERER: Renderer = Renderer::new().with_engine(
            Engine::new().with_site_config(MermaidConfig::from_value(serde_json::json!({
                "htmlLabels": false,
                "flowchart": {
                    "htmlLabels": false,
                    // Mermaid's 120 px breaks names like `containerd-shim-runc-v2` mid-word.
                    "wrappingWidth": 165,
                    // A little tighter across a rank than mermaid's 50 px, so more fits the column.
                    "nodeSpacing": 36,
                },
                "fontFamily": format!("{FONT_FAMILY}, sans-serif"),
                "themeVariables": { "fontFamily": format!("{FONT_FAMILY}, sans-serif") },
            }))),
        );
        static ENVIRONMENT: SvgEnvironment = environment();
    }
    let request = SvgRequest {
        environment: ENVIRONMENT.with(Clone::clone),
        options: SvgRenderOptions {
            diagram_id: Some(id.to_owned()),
            ..SvgRenderOptions::default()
        },
        pipeline,
        ..Default::default()
    };
    let output = RENDERER
        .with(|r| r.render(RenderRequest::svg(source, OperationControl::new(), request)))
        .map_err(|e| e.to_string())?;
    match output {
        RenderOutput::Svg(Some(svg)) => Ok(svg.svg().to_owned()),
        _ => Err("not a mermaid diagram this build can render".to_owned()),
    }
}

/// The `<svg …>…</svg>` element without an XML declaration or doctype before it.
fn strip_xml_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => svg[i..].trim_end(),
        None => svg.trim(),
    }
}

/// One tag of the markup: `<name attrs>`, `</name>` or `<name attrs/>`.
struct Tag<'a> {
    /// The whole tag, `<` to `>`.
    text: &'a str,
    name: &'a str,
    closing: bool,
    self_closing: bool,
}

/// Splits `svg` into text and tags; `f` gets `Err(text)` or `Ok(tag)` in document order.
fn scan<'a>(svg: &'a str, mut f: impl FnMut(Result<Tag<'a>, &'a str>)) {
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        if lt > 0 {
            f(Err(&rest[..lt]));
        }
        rest = &rest[lt..];
        // A tag runs to the first `>` outside a quoted value.
        let bytes = rest.as_bytes();
        let mut quote = 0u8;
        let mut end = rest.len();
        for (i, &b) in bytes.iter().enumerate().skip(1) {
            match (quote, b) {
                (0, b'"' | b'\'') => quote = b,
                (q, b) if q != 0 && b == q => quote = 0,
                (0, b'>') => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        let text = &rest[..end];
        let closing = text.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name_end = text[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .map_or(text.len(), |i| i + name_start);
        f(Ok(Tag {
            text,
            name: &text[name_start..name_end],
            closing,
            self_closing: text.ends_with("/>"),
        }));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        f(Err(rest));
    }
}

/// The attributes of a start tag as `(name, value)`, values still escaped.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    let mut rest = inner
        .find(|c: char| c.is_ascii_whitespace())
        .map_or("", |i| &inner[i..]);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let Some(after_eq) = rest.strip_prefix('=') else {
            out.push((name, ""));
            continue;
        };
        let after_eq = after_eq.trim_start();
        let (value, next) = match after_eq.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let body = &after_eq[1..];
                let close = body.find(q as char).unwrap_or(body.len());
                (&body[..close], body.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let end = after_eq
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(after_eq.len());
                (&after_eq[..end], &after_eq[end..])
            }
        };
        out.push((name, value));
        rest = next;
        if name.is_empty() {
            break;
        }
    }
    out
}

/// What the markup of an SVG holds, for pruning its stylesheet.
#[derive(Default)]
struct Used<'a> {
    tags: HashSet<String>,
    classes: HashSet<&'a str>,
    ids: HashSet<&'a str>,
    /// `name=value` of every `data-*` attribute the stylesheet mentions.
    data: HashSet<(&'a str, &'a str)>,
}

/// Makes merman's SVG small; see the module documentation. Everything kept is kept byte for
/// byte, in order.
pub(crate) fn tidy(svg: &str, prefix: &str) -> String {
    // The stylesheet: merman writes one `<style>` right after the root's start tag.
    let (head, css, body) = match (svg.find("<style>"), svg.find("</style>")) {
        (Some(open), Some(close)) if open + "<style>".len() <= close => (
            &svg[..open],
            &svg[open + "<style>".len()..close],
            &svg[close + "</style>".len()..],
        ),
        _ => (svg, "", ""),
    };
    // Data attributes a rule can select; the others carry nothing a reader sees.
    let selected_data = |name: &str| css.contains(name);
    // Fragment references (`url(#x)`, `href="#x"`): markers and filters nobody points at go.
    let mut referenced: HashSet<&str> = HashSet::new();
    for marker in ["url(#", "href=\"#"] {
        let mut rest = svg;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            let end = rest.find([')', '"']).unwrap_or(rest.len());
            referenced.insert(&rest[..end]);
        }
    }

    // Ids merman did not prefix (sequence diagrams' actors): prefixed here, with their
    // references.
    let mut foreign: HashSet<&str> = HashSet::new();
    let mut rest = svg;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + " id=\"".len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        if !rest[..end].starts_with(prefix) {
            foreign.insert(&rest[..end]);
        }
    }

    let mut used = Used::default();
    let mut out_body = String::with_capacity(body.len());
    let mut skipping: Option<(&str, usize)> = None;

    // Root start tag (before the stylesheet) and the body, through one tag filter.
    let mut out_head = String::with_capacity(head.len());
    for (part, out) in [(head, &mut out_head), (body, &mut out_body)] {
        scan(part, |piece| match piece {
            Err(text) => {
                if skipping.is_none() {
                    out.push_str(text);
                }
            }
            Ok(tag) => {
                if let Some((name, depth)) = &mut skipping {
                    if tag.name == *name && !tag.self_closing {
                        if tag.closing {
                            *depth -= 1;
                            if *depth == 0 {
                                skipping = None;
                            }
                        } else {
                            *depth += 1;
                        }
                    }
                    return;
                }
                if tag.closing || tag.name.starts_with('!') || tag.name.starts_with('?') {
                    out.push_str(tag.text);
                    return;
                }
                let attrs = attributes(tag.text);
                if matches!(tag.name, "marker" | "filter" | "symbol")
                    && let Some((_, id)) = attrs.iter().find(|(k, _)| *k == "id")
                    && !referenced.contains(id)
                {
                    if !tag.self_closing {
                        skipping = Some((tag.name, 1));
                    }
                    return;
                }
                used.tags.insert(tag.name.to_ascii_lowercase());
                out.push('<');
                out.push_str(tag.name);
                for (name, value) in &attrs {
                    let drop = *name == "name"
                        || (*name == "style" && value.trim().is_empty())
                        || (name.starts_with("data-") && !selected_data(name));
                    if drop {
                        continue;
                    }
                    match *name {
                        "class" => used.classes.extend(value.split_ascii_whitespace()),
                        "id" => {
                            used.ids.insert(value);
                        }
                        n if n.starts_with("data-") => {
                            used.data.insert((n, value));
                        }
                        _ => {}
                    }
                    let value = if foreign.is_empty() {
                        std::borrow::Cow::Borrowed(*value)
                    } else {
                        rebase(name, value, prefix, &foreign)
                    };
                    let quote = if value.contains('"') { '\'' } else { '"' };
                    out.push(' ');
                    out.push_str(name);
                    out.push('=');
                    out.push(quote);
                    out.push_str(&value);
                    out.push(quote);
                }
                out.push_str(if tag.self_closing { "/>" } else { ">" });
            }
        });
    }
    if css.is_empty() {
        out_head.push_str(&out_body);
        return out_head;
    }

    // The stylesheet: rules that can match something, then the keyframes they name.
    let mut kept: Vec<String> = Vec::new();
    for rule in top_level_rules(css) {
        match rule.split_once('{') {
            Some((selectors, decls)) if !selectors.trim_start().starts_with('@') => {
                let selectors: Vec<&str> = split_selectors(selectors)
                    .into_iter()
                    .filter(|sel| can_match(sel, &used))
                    .collect();
                if !selectors.is_empty() {
                    kept.push(format!("{}{{{decls}", selectors.join(",")));
                }
            }
            _ => kept.push(rule.to_owned()),
        }
    }
    // The animation names the kept rules use.
    let mut animations: HashSet<&str> = HashSet::new();
    for rule in kept.iter().filter(|r| !r.trim_start().starts_with('@')) {
        let mut rest = rule.as_str();
        while let Some(i) = rest.find("animation") {
            rest = &rest[i + "animation".len()..];
            let Some(value) = rest.split_once(':').map(|(_, v)| v) else {
                break;
            };
            let value = value.split([';', '}']).next().unwrap_or("");
            animations.extend(value.split(|c: char| c.is_ascii_whitespace() || c == ','));
        }
    }
    let mut out = out_head;
    out.push_str("<style>");
    for rule in &kept {
        if let Some(name) = rule.trim_start().strip_prefix("@keyframes") {
            let name = name.split('{').next().unwrap_or("").trim();
            if !animations.contains(name) {
                continue;
            }
        }
        out.push_str(rule);
    }
    if used.classes.contains("edgeLabel") {
        // With SVG labels, mermaid draws an edge label's box at half opacity, so the edge
        // shows through the text; its HTML labels hide the edge. Do that here too.
        let _ = write!(out, "#{prefix} .edgeLabel rect{{opacity:1}}");
    }
    out.push_str("</style>");
    out.push_str(&out_body);
    out
}

/// An attribute value with the ids of `foreign` (and references to them) prefixed.
fn rebase<'v>(
    name: &str,
    value: &'v str,
    prefix: &str,
    foreign: &HashSet<&str>,
) -> std::borrow::Cow<'v, str> {
    use std::borrow::Cow;
    if name == "id" && foreign.contains(value) {
        return Cow::Owned(format!("{prefix}-{value}"));
    }
    if matches!(name, "href" | "xlink:href")
        && let Some(target) = value.strip_prefix('#')
        && foreign.contains(target)
    {
        return Cow::Owned(format!("#{prefix}-{target}"));
    }
    if !value.contains("url(#") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + prefix.len());
    let mut rest = value;
    while let Some(i) = rest.find("url(#") {
        out.push_str(&rest[..i + "url(#".len()]);
        rest = &rest[i + "url(#".len()..];
        let end = rest.find(')').unwrap_or(rest.len());
        if foreign.contains(&rest[..end]) {
            out.push_str(prefix);
            out.push('-');
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether a selector could match an element of the SVG: every class, id, type and
/// `[data-…=value]` it requires (outside `:not(…)` and other pseudo-class arguments) occurs.
fn can_match(selector: &str, used: &Used<'_>) -> bool {
    let b = selector.as_bytes();
    let ident_end = |from: usize| {
        let mut i = from;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'_') {
            i += 1;
        }
        i
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'.' => {
                let end = ident_end(i + 1);
                if !used.classes.contains(&selector[i + 1..end]) {
                    return false;
                }
                i = end;
            }
            b'#' => {
                let end = ident_end(i + 1);
                if !used.ids.contains(&selector[i + 1..end]) {
                    return false;
                }
                i = end;
            }
            b'[' => {
                let end = selector[i..].find(']').map_or(b.len(), |j| i + j);
                let inner = &selector[i + 1..end];
                if let Some((name, value)) = inner.split_once('=')
                    && name.starts_with("data-")
                    && !name.ends_with(['~', '|', '^', '$', '*'])
                {
                    let value = value
                        .trim()
                        .trim_start_matches("&quot;")
                        .trim_end_matches("&quot;")
                        .trim_matches(['"', '\'']);
                    if !used.data.contains(&(name.trim(), value)) {
                        return false;
                    }
                }
                i = end + 1;
            }
            b':' => {
                // A pseudo-class or -element; its argument requires nothing.
                i = ident_end(i + 1 + usize::from(b.get(i + 1) == Some(&b':')));
                if b.get(i) == Some(&b'(') {
                    let mut depth = 0;
                    while i < b.len() {
                        match b[i] {
                            b'(' => depth += 1,
                            b')' => {
                                depth -= 1;
                                if depth == 0 {
                                    i += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                }
            }
            c if c.is_ascii_alphabetic() => {
                let end = ident_end(i);
                if !used.tags.contains(&selector[i..end].to_ascii_lowercase()) {
                    return false;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    true
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn subgraph_titles_move_down_inside_their_box() {
        let svg = r#"<g class="cluster-label" transform="translate(99.5,8)"><text/></g><g class="cluster-label" transform="translate(1, 2.5)">"#;
        assert_eq!(
            lower_cluster_titles(svg),
            r#"<g class="cluster-label" transform="translate(99.5,11)"><text/></g><g class="cluster-label" transform="translate(1,5.5)">"#
        );
        // Not a translation this understands: unchanged.
        let odd = r#"<g class="cluster-label" transform="translate(7)"><g class="cluster-label" transform="translate(1,x)">"#;
        assert_eq!(lower_cluster_titles(odd), odd);
        // Rendered: the title sits lower than merman put it, in the same box.
        let svg = mermaid_svg(
            "flowchart TD\n  subgraph S[\"Title\"]\n    A\n  end\n  B --> S\n",
            "d",
        )
        .unwrap();
        assert!(
            svg.contains("class=cluster-label") || svg.contains("class=\"cluster-label\""),
            "{svg}"
        );
    }

    #[test]
    fn wide_diagrams_get_a_legible_minimum_width() {
        let svg = r#"<svg viewBox="0 0 1000 300" style="max-width:1000px" width="100%"><g/></svg>"#;
        assert_eq!(
            legible(svg.to_owned()),
            r#"<svg viewBox="0 0 1000 300" style="min-width:786px;max-width:1000px" width="100%"><g/></svg>"#
        );
        // Nothing to go by: unchanged.
        for odd in [
            r#"<svg style="a"><g/></svg>"#,
            r#"<svg viewBox="0 0 x 1" style="a">"#,
            "<svg",
        ] {
            assert_eq!(legible(odd.to_owned()), odd);
        }
    }

    #[test]
    fn flowcharts_turn_a_quarter_unless_the_author_keeps_the_direction() {
        assert_eq!(
            turned("---\ntitle: x\n---\n%% c\n  flowchart LR\n  A --> B\n").as_deref(),
            Some("---\ntitle: x\n---\n%% c\n  flowchart TB\n  A --> B\n")
        );
        assert_eq!(
            turned("graph TD;\nA-->B").as_deref(),
            Some("graph LR\nA-->B")
        );
        assert_eq!(
            turned("flowchart\nA-->B").as_deref(),
            Some("flowchart LR\nA-->B")
        );
        assert_eq!(
            turned("flowchart LR\n%% exambook: keep-direction\nA-->B"),
            None
        );
        assert_eq!(turned("sequenceDiagram\nA->>B: hi"), None);
        assert_eq!(turned("%% only a comment\n"), None);
    }

    #[test]
    fn labels_are_measured_with_the_published_font() {
        let style = TextStyle {
            font_size: 14.0,
            ..TextStyle::default()
        };
        let width = text_width("ioctl on /dev/kvm", &style);
        // What Chromium draws with the same font, kerning aside: about 112 px.
        assert!((100.0..125.0).contains(&width), "{width}");
        assert!(text_width("WWW", &style) > text_width("iii", &style) * 2.0);
        assert_eq!(text_width("a\u{200B}b", &style), text_width("ab", &style));
        // Twice the size, twice the width.
        let big = TextStyle {
            font_size: 28.0,
            ..TextStyle::default()
        };
        assert!((text_width("kvm", &big) - 2.0 * text_width("kvm", &style)).abs() < 1e-9);
    }

    #[test]
    fn a_too_wide_flowchart_is_laid_out_along_its_other_axis() {
        let long = "flowchart LR\n  A[\"first step of a long chain\"] --> B[\"second step of a long chain\"] --> C[\"third step of a long chain\"] --> D[\"fourth step of a long chain\"]\n";
        let svg = mermaid_svg(long, "d").unwrap();
        let width = natural_width(&svg).unwrap();
        assert!(width * MIN_SCALE <= COLUMN_PX, "{width}");
        let kept = format!("{long}{KEEP_DIRECTION}\n");
        let svg = mermaid_svg(&kept, "d").unwrap();
        assert!(natural_width(&svg).unwrap() * MIN_SCALE > COLUMN_PX);
    }

    #[test]
    fn name_and_unselected_data_attributes_go_but_text_stays() {
        let svg = "<svg id=\"d\"><style>#d [data-look=\"neo\"] rect{x:1}</style><rect x=\"1\" name=\"User\" data-points=\"QUJD\" data-look=\"neo\" style=\"\" y=\"2\"/><text>set name=\"x\"</text></svg>";
        assert_eq!(
            tidy(svg, "d"),
            "<svg id=\"d\"><style>#d [data-look=\"neo\"] rect{x:1}</style><rect x=\"1\" data-look=\"neo\" y=\"2\"/><text>set name=\"x\"</text></svg>"
        );
    }

    #[test]
    fn prunes_rules_that_cannot_match() {
        let svg = "<svg id=\"d\"><style>#d .a{x:1}#d [data-color-id=&quot;color-0&quot;] rect{y:1}\
                   #d [data-color-id=&quot;color-7&quot;] rect,#d .b{z:1}#d p{m:0}#d .a:not(.zz){w:1}\
                   #d .gone{animation:k 1s}@keyframes k{from{o:0}}@keyframes spin{to{o:1}}#d .b{animation:spin 2s}</style>\
                   <g class=\"a b\" data-color-id=\"color-0\"><rect/></g></svg>";
        let pruned = tidy(svg, "d");
        assert!(pruned.contains("#d .a{x:1}"), "{pruned}");
        assert!(pruned.contains("color-0&quot;] rect{y:1}"), "{pruned}");
        assert!(!pruned.contains("color-7"), "{pruned}");
        assert!(
            pruned.contains("#d .b{z:1}"),
            "the other selector of the list stays: {pruned}"
        );
        assert!(!pruned.contains("#d p{"), "no <p> in an SVG: {pruned}");
        assert!(pruned.contains(".a:not(.zz){w:1}"), "{pruned}");
        assert!(!pruned.contains(".gone"), "{pruned}");
        assert!(!pruned.contains("@keyframes k"), "{pruned}");
        assert!(pruned.contains("@keyframes spin{to{o:1}}"), "{pruned}");
    }

    #[test]
    fn unreferenced_markers_go() {
        let svg = "<svg id=\"d\"><defs><marker id=\"d-a\"><path d=\"M0\"/></marker><marker id=\"d-b\"><path/></marker></defs><path marker-end=\"url(#d-b)\"/></svg>";
        assert_eq!(
            tidy(svg, "d"),
            "<svg id=\"d\"><defs><marker id=\"d-b\"><path/></marker></defs><path marker-end=\"url(#d-b)\"/></svg>"
        );
    }

    #[test]
    fn unprefixed_ids_and_their_references_are_prefixed() {
        let svg = "<svg id=\"d\"><g id=\"actor0\"/><use href=\"#actor0\"/><path filter=\"url(#actor0)\"/><g id=\"d-x\"/></svg>";
        assert_eq!(
            tidy(svg, "d"),
            "<svg id=\"d\"><g id=\"d-actor0\"/><use href=\"#d-actor0\"/><path filter=\"url(#d-actor0)\"/><g id=\"d-x\"/></svg>"
        );
    }
}

use merman::svg::{SvgPipeline, SvgRenderOptions};
use merman::{OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest};
fn main() {
    let source = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let mk = |name: &str, pipeline: Option<SvgPipeline>, did: Option<String>| {
        let request = SvgRequest {
            options: SvgRenderOptions {
                diagram_id: did,
                ..Default::default()
            },
            pipeline,
            ..Default::default()
        };
        let out = Renderer::new().render(RenderRequest::svg(
            &source,
            OperationControl::new(),
            request,
        ));
        match out {
            Ok(RenderOutput::Svg(Some(svg))) => {
                let s = svg.svg().to_string();
                let ids: Vec<&str> = s
                    .split("id=\"")
                    .skip(1)
                    .map(|x| x.split('"').next().unwrap())
                    .collect();
                let mut sorted = ids.clone();
                sorted.sort();
                let n = sorted.len();
                sorted.dedup();
                let ff = s.find("font-family:").map(|i| &s[i..i + 60]).unwrap_or("");
                println!(
                    "{name}: {} bytes, {} ids, {} dups, fo={}, ff={ff}",
                    s.len(),
                    n,
                    n - sorted.len(),
                    s.matches("<foreignObject").count()
                );
                println!("   ids: {:?}", &ids[..ids.len().min(40)]);
                std::fs::write(format!("/tmp/probe-{name}.svg"), s).unwrap();
            }
            other => println!("{name}: {other:?}"),
        }
    };
    mk("parity", None, Some("d1".into()));
    mk("resvg", Some(SvgPipeline::resvg_safe()), Some("d1".into()));
    mk(
        "resvg-rebased",
        Some(SvgPipeline::resvg_safe().with_rebased_ids("d1")),
        None,
    );
    mk(
        "browser",
        Some(SvgPipeline::parity().with_browser_inline_contract("d1")),
        None,
    );
    mk(
        "static",
        Some(SvgPipeline::parity().with_static_inline_contract("d1")),
        None,
    );
}

//! Renders a mermaid file to SVG on stdout the way pages embed it:
//! `cargo run -p exambook-render --example diagram_svg -- diagram.mmd > out.svg`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: diagram_svg FILE.mmd")?;
    let source = std::fs::read_to_string(path)?;
    let t = std::time::Instant::now();
    let svg = exambook_render::diagram::mermaid_svg(&source, "exambook-diagram-1")?;
    eprintln!(
        "rendered in {:.1} ms, {} bytes",
        t.elapsed().as_secs_f64() * 1000.0,
        svg.len()
    );
    println!("{svg}");
    Ok(())
}

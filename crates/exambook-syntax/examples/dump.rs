//! Prints the tree, diagnostics and HTML of a markdown file (a debugging aid).

use std::io::Read;

fn main() {
    let mut src = String::new();
    match std::env::args().nth(1) {
        Some(path) => src = std::fs::read_to_string(path).unwrap_or_default(),
        None => {
            let _ = std::io::stdin().read_to_string(&mut src);
        }
    }
    let (doc, diags) = exambook_syntax::parse(&src);
    println!("{doc:#?}");
    let idx = exambook_syntax::LineIndex::new(&src);
    for d in &diags {
        let (l, c) = idx.line_col(&src, d.span.start as usize);
        println!("{l}:{c}: {:?}: {}", d.severity, d.message);
    }
    println!(
        "--- html\n{}",
        exambook_syntax::html::body(&doc.blocks, &mut exambook_syntax::html::DefaultHooks)
    );
    let md = exambook_syntax::markdown::write(&doc, &Default::default());
    println!("--- markdown\n{md}");
}

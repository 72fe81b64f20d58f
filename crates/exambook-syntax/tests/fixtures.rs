//! Golden fixtures: `tests/fixtures/<case>/input.md` with the expected tree (`ast.json`, spans
//! included), HTML (`output.html`), canonical markdown (`output.md`) and diagnostics
//! (`diagnostics.txt`, one `line:col: severity: message` per line). Cases named `convert-*` also
//! have `output.<dialect>.md` for each admonition dialect.
//!
//! Re-bless after an intended change: `EXAMBOOK_BLESS=1 cargo test -p exambook-syntax --test fixtures`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::Path;

use exambook_syntax::ast::Dialect;
use exambook_syntax::html::{DefaultHooks, body};
use exambook_syntax::markdown::{WriteOptions, write};
use exambook_syntax::{LineIndex, parse};

fn outputs(src: &str, convert: bool) -> Vec<(String, String)> {
    let (doc, diags) = parse(src);
    let idx = LineIndex::new(src);
    let mut diag_text = String::new();
    for d in &diags {
        let (line, col) = idx.line_col(src, d.span.start as usize);
        let sev = match d.severity {
            exambook_syntax::Severity::Error => "error",
            exambook_syntax::Severity::Warning => "warning",
        };
        diag_text.push_str(&format!("{line}:{col}: {sev}: {}\n", d.message));
    }
    let mut out = vec![
        (
            "ast.json".to_owned(),
            serde_json::to_string_pretty(&doc).unwrap() + "\n",
        ),
        (
            "output.html".to_owned(),
            body(&doc.blocks, &mut DefaultHooks),
        ),
        (
            "output.md".to_owned(),
            write(&doc, &WriteOptions::default()),
        ),
        ("diagnostics.txt".to_owned(), diag_text),
    ];
    if convert {
        for (name, d) in [
            ("github", Dialect::GitHub),
            ("mkdocs", Dialect::MkDocs),
            ("docusaurus", Dialect::Docusaurus),
            ("gitbook", Dialect::GitBook),
        ] {
            out.push((
                format!("output.{name}.md"),
                write(&doc, &WriteOptions { dialect: Some(d) }),
            ));
        }
    }
    out
}

#[test]
fn fixtures() {
    let bless = std::env::var_os("EXAMBOOK_BLESS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let Ok(src) = std::fs::read_to_string(case.join("input.md")) else {
            continue;
        };
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        for (file, actual) in outputs(&src, name.starts_with("convert-")) {
            let path = case.join(&file);
            if bless {
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if expected != actual {
                failures.push(format!("{name}/{file}"));
                eprintln!("=== {name}/{file}\n--- expected\n{expected}--- actual\n{actual}");
            }
        }
    }
    println!("fixtures: {} cases", cases.len());
    assert!(!cases.is_empty());
    assert!(
        failures.is_empty(),
        "fixtures differ (EXAMBOOK_BLESS=1 to re-bless): {failures:?}"
    );
}

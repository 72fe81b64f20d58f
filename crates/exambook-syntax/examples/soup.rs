//! Token soup: random sequences of markdown fragments (broken ones included) through parse,
//! the HTML writer, the segmenter and the markdown writer, for a number of seconds. Reports
//! panics, inputs slower than 200 ms, and inputs that do not round-trip (parse → write → parse
//! gives another tree), each shrunk to a minimal token sequence.
//!
//! `cargo run --release -p exambook-syntax --example soup -- SECONDS [SKIP_SUBSTRING ...]`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a search tool: fail loudly"
)]
use std::time::Instant;
/// xorshift64: fast and good enough to pick tokens.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The fragments documents are made of: block openers and closers of every dialect, inline
/// delimiters, HTML, URLs, odd characters.
const T: &[&str] = &[
    "\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "    ",
    "\t",
    "\r\n",
    "> ",
    ">",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "# ",
    "## ",
    "###### ",
    "```",
    "```mermaid\n",
    "```sh title=\"x\" {1,3}\n",
    "~~~",
    ":::",
    "::::",
    ":::note",
    ":::tip[T]",
    ":::warning Title",
    "!!! note",
    "!!! exam \"T\"",
    "??? tip",
    "???+ lab",
    "{% hint style=\"info\" %}",
    "{% endhint %}",
    "{% hint %}",
    "> [!NOTE]",
    "> [!TIP]",
    "> [!FOO]",
    "<details>",
    "<summary>S</summary>",
    "</details>",
    "<details open><summary>x</summary>",
    "<a name=\"a\"></a>",
    "<a id=\"b\">",
    "</a>",
    "<div>",
    "</div>",
    "{{#include x.md}}",
    "{{#include a.sh:1:3}}",
    "{{#include a.sh:anchor}}",
    "+++",
    "---",
    "title = \"x\"",
    "title: x",
    "weight: [",
    "|",
    "| a | b |",
    "|---|:-:|",
    "[^1]",
    "[^1]: note",
    "[x]: http://a",
    "[x]",
    "[a](b)",
    "![i](p.png)",
    "<http://a.b>",
    "https://x.y/z",
    "www.a.com",
    "a@b.co",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "``",
    "\\",
    "&amp;",
    "&#0;",
    "\u{0}",
    "é",
    "日本",
    "\u{feff}",
    "{#id .c k=v}",
    "term",
    ": def",
    "- [ ] ",
    "- [x] ",
    "word",
    "text",
    "<!-- c -->",
    "<script>",
    "]",
    "[",
    "(",
    ")",
    "!",
    "=",
    "===",
];
/// What one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Fine,
    NoRoundTrip,
    Panic,
}

fn run(tokens: &[usize]) -> Outcome {
    let src: String = tokens.iter().map(|&i| T[i]).collect();
    let result = std::panic::catch_unwind(|| {
        let (doc, _) = exambook_syntax::parse(&src);
        let _ = exambook_syntax::html::body(&doc.blocks, &mut exambook_syntax::html::DefaultHooks);
        let _ = exambook_syntax::segment::segments(&doc);
        let written = exambook_syntax::markdown::write(&doc, &Default::default());
        let (mut again, _) = exambook_syntax::parse(&written);
        let mut first = doc;
        first.strip_spans();
        again.strip_spans();
        first == again
    });
    match result {
        Ok(true) => Outcome::Fine,
        Ok(false) => Outcome::NoRoundTrip,
        Err(_) => Outcome::Panic,
    }
}

/// Drops tokens one at a time while the outcome stays the same.
fn shrink(mut tokens: Vec<usize>, outcome: Outcome) -> Vec<usize> {
    let mut changed = true;
    while changed {
        changed = false;
        let mut i = 0;
        while i < tokens.len() {
            let mut fewer = tokens.clone();
            fewer.remove(i);
            if run(&fewer) == outcome {
                tokens = fewer;
                changed = true;
            } else {
                i += 1;
            }
        }
    }
    tokens
}

fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(60);
    // Tokens containing any of these substrings are left out (to look past a known failure).
    let skip: Vec<String> = std::env::args().skip(2).collect();
    let allowed: Vec<usize> = (0..T.len())
        .filter(|&i| !skip.iter().any(|k| T[i].contains(k.as_str())))
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ u64::from(std::process::id()));
    std::panic::set_hook(Box::new(|_| {}));
    let start = Instant::now();
    let (mut docs, mut slow) = (0u64, 0u64);
    let mut counts = std::collections::BTreeMap::<Outcome, u64>::new();
    let mut found = std::collections::BTreeMap::<(Outcome, String), u64>::new();
    while start.elapsed().as_secs() < secs {
        let len = 1 + rng.below(40);
        let tokens: Vec<usize> = (0..len)
            .map(|_| allowed[rng.below(allowed.len())])
            .collect();
        docs += 1;
        let t = Instant::now();
        let outcome = run(&tokens);
        if t.elapsed().as_millis() > 200 {
            slow += 1;
            let src: String = tokens.iter().map(|&i| T[i]).collect();
            println!("slow ({:?}): {src:?}", t.elapsed());
        }
        if outcome == Outcome::Fine {
            continue;
        }
        *counts.entry(outcome).or_default() += 1;
        // Every panic is shown; of the rest, the first 40 kinds.
        if found.len() < 40 || outcome == Outcome::Panic {
            let small: String = shrink(tokens, outcome).iter().map(|&i| T[i]).collect();
            *found.entry((outcome, small)).or_default() += 1;
        }
    }
    for ((outcome, src), n) in &found {
        println!("{n:4} {outcome:?} {src:?}");
    }
    println!(
        "{docs} documents: {} panics, {} do not round-trip, {slow} slower than 200 ms",
        counts.get(&Outcome::Panic).unwrap_or(&0),
        counts.get(&Outcome::NoRoundTrip).unwrap_or(&0)
    );
}

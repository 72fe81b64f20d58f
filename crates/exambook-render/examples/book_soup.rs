//! Book soup: random small books (SUMMARY.md, pages, includes, front matter, exam sections)
//! through `exambook_core::load` and `exambook_render::html`, for a number of seconds. Reports
//! panics and books slower than a second, with the files that caused them.
//!
//! `cargo run --release -p exambook-render --example book_soup -- SECONDS`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a search tool: fail loudly"
)]
use std::path::Path;
use std::time::Instant;

/// xorshift64: fast and good enough to pick fragments.
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
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PAGE: &[&str] = &[
    "\n",
    "\n\n",
    "# Title\n",
    "## Same\n",
    "## Same\n",
    "### x {#dup}\n",
    "<a name=\"dup\"></a>\n",
    "[next](b.md)\n",
    "[sec](b.md#same)\n",
    "[self](#same)\n",
    "[gone](missing.md)\n",
    "[up](../a.md)\n",
    "![img](pic.png)\n",
    "![none](nope.png)\n",
    "{{#include inc.md}}\n",
    "{{#include b.md}}\n",
    "{{#include a.md}}\n",
    "{{#include lab.sh:2:3}}\n",
    "{{#include lab.sh:run}}\n",
    "{{#include lab.sh:none}}\n",
    "{{#include ../../etc/passwd}}\n",
    "```mermaid\ngraph TD\nA-->B\n```\n",
    "```mermaid\nnot a diagram\n```\n",
    "```mermaid\nsequenceDiagram\nA->>B: hi\n```\n",
    "```sh\nvirsh list\n```\n",
    "```console\n$ ls\nout\n```\n",
    "```nosuchlang\nx\n```\n",
    "```sh {1,9}\na\n```\n",
    ":::exam[On the exam]\nbody\n:::\n",
    ":::nokind\nx\n:::\n",
    ":::tip\n",
    "!!! lab \"L\"\n    x\n",
    "> [!WARNING]\n> w\n",
    "{% hint style=\"danger\" %}\nd\n{% endhint %}\n",
    "{% hint %}\n",
    "<details><summary>A</summary>\n\n**x**\n\n</details>\n",
    "<details>\n",
    "| a | b |\n|---|---|\n| `c` | d |\n",
    "- [ ] task\n",
    "1. one\n   - two\n",
    "[^n]\n\n[^n]: note\n",
    "Term\n: def\n",
    "text *em* **st**\n",
    "https://example.org www.example.com a@b.org\n",
    "<script>x</script>\n",
    "\u{feff}",
    "\r\n",
    "\t",
];
const FRONT: &[&str] = &[
    "",
    "",
    "+++\ntitle = \"T\"\n+++\n",
    "---\ntitle: T\nweight: 3\n---\n",
    "---\nobjective: \"351.1\"\nweight: 6\nknowledge: [a, b]\ncited: [virsh, /etc/xen/]\n---\n",
    "---\nobjective: \"999.9\"\n---\n",
    "+++\nweight = \"x\"\n+++\n",
    "---\n: bad\n  - [\n---\n",
    "+++\nunknown = 1\n+++\n",
];
const SUMMARY: &[&str] = &[
    "# Summary\n\n",
    "[Intro](a.md)\n",
    "- [A](a.md)\n",
    "- [B](b.md)\n",
    "  - [C](sub/c.md)\n",
    "- [A again](a.md)\n",
    "- [Missing](zz.md)\n",
    "- [Out](../x.md)\n",
    "- [Draft]()\n",
    "---\n",
    "# Part\n",
    "- [Bad link(a.md)\n",
    "    - [deep](b.md)\n",
];
const TOML: &[&str] = &[
    "[book]\ntitle = \"Soup\"\n",
    "[book]\ntitle = \"Soup\"\nlanguage = \"de\"\n",
    "[book]\ntitle = \"Soup\"\n[exam]\ncode = \"305-300\"\nquestions = 60\n",
    "[book]\ntitle = \"Soup\"\nwhat = 1\n",
    "[book\n",
    "[book]\ntitle = \"Soup\"\n[site]\nbase-path = \"/repo/\"\n",
];

fn page(rng: &mut Rng) -> String {
    let mut s = rng.pick(FRONT).to_owned();
    for _ in 0..rng.below(12) {
        s.push_str(rng.pick(PAGE));
    }
    s
}

fn write_book(dir: &Path, rng: &mut Rng) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src/sub")).unwrap();
    std::fs::write(dir.join("book.toml"), rng.pick(TOML)).unwrap();
    if rng.below(4) > 0 {
        let mut summary = String::new();
        for _ in 0..1 + rng.below(8) {
            summary.push_str(rng.pick(SUMMARY));
        }
        std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
    }
    for name in ["a.md", "b.md", "sub/c.md", "inc.md"] {
        if rng.below(6) > 0 {
            std::fs::write(dir.join("src").join(name), page(rng)).unwrap();
        }
    }
    std::fs::write(
        dir.join("src/lab.sh"),
        "#!/bin/sh\n# ANCHOR: run\nvirsh list\n# ANCHOR_END: run\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/pic.png"), b"\x89PNG\r\n\x1a\n").unwrap();
}

fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(60);
    let dir = std::env::temp_dir().join(format!("exambook-book-soup-{}", std::process::id()));
    let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ u64::from(std::process::id()));
    let theme = exambook_render::Theme::load(None).expect("the default theme loads");
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    let start = Instant::now();
    let (mut books, mut panics, mut slow, mut loaded_ok) = (0u64, 0u64, 0u64, 0u64);
    while start.elapsed().as_secs() < secs {
        write_book(&dir, &mut rng);
        books += 1;
        let t = Instant::now();
        let result = std::panic::catch_unwind(|| {
            let loaded = exambook_core::load(&dir).ok()?;
            let _ = exambook_render::html::render(&loaded.book, &theme, &Default::default());
            Some(())
        });
        let took = t.elapsed();
        if result.as_ref().is_ok_and(Option::is_some) {
            loaded_ok += 1;
        }
        if result.is_err() || took.as_secs() >= 1 {
            if result.is_err() {
                panics += 1;
            } else {
                slow += 1;
            }
            let keep = std::env::temp_dir().join(format!("exambook-book-soup-found-{books}"));
            let _ = std::fs::rename(&dir, &keep);
            println!(
                "{} ({took:?}): {}",
                if result.is_err() { "panic" } else { "slow" },
                keep.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("{books} books ({loaded_ok} loaded): {panics} panics, {slow} slower than 1 s");
}

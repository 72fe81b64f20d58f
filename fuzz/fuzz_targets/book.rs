//! Book soup: small books (book.toml, SUMMARY.md, pages with front matter, includes, diagrams,
//! exam sections, broken links of every kind) built from fragments, one per input byte, written
//! to a scratch folder and taken through `exambook_core::load` and the HTML renderer. Whatever
//! the book says, loading returns a book or diagnostics and rendering does not panic. This
//! replaces the random `book_soup` example: libFuzzer's coverage guidance picks the books.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use exambook_fuzz::Picks;
use libfuzzer_sys::fuzz_target;

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
    // GitBook blocks (appended: earlier indexes keep their fragments).
    "{% tabs %}\n{% tab title=\"A\" %}\n[x](a.md)\n{% endtab %}\n{% endtabs %}\n",
    "{% tab title=\"B\" %}\n",
    "{% code title=\"t.sh\" %}\n```sh\nls\n```\n{% endcode %}\n",
    "{% embed url=\"https://example.org/v\" %}\n",
    "{% content-ref url=\"a.md\" %}\n[a](a.md)\n{% endcontent-ref %}\n",
    "<figure><img src=\"pic.png\" alt=\"i\"><figcaption><p>c</p></figcaption></figure>\n",
    "{% unknown %}\n",
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

/// One scratch folder per fuzzing process, emptied for every input.
static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
    std::env::temp_dir().join(format!("exambook-fuzz-book-{}", std::process::id()))
});

static THEME: LazyLock<exambook_render::Theme> =
    LazyLock::new(|| exambook_render::Theme::load(None).expect("the default theme loads"));

fn page(picks: &mut Picks<'_>) -> Option<String> {
    let mut s = picks.pick(FRONT)?.to_owned();
    for _ in 0..picks.below(12)? {
        s.push_str(picks.pick(PAGE)?);
    }
    Some(s)
}

/// Writes the book the bytes describe; `None` when they run out first (nothing to test).
fn write_book(dir: &Path, picks: &mut Picks<'_>) -> Option<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src/sub")).ok()?;
    std::fs::write(dir.join("book.toml"), picks.pick(TOML)?).ok()?;
    if picks.below(4)? > 0 {
        let mut summary = String::new();
        for _ in 0..1 + picks.below(8)? {
            summary.push_str(picks.pick(SUMMARY)?);
        }
        std::fs::write(dir.join("src/SUMMARY.md"), summary).ok()?;
    }
    for name in ["a.md", "b.md", "sub/c.md", "inc.md"] {
        if picks.below(6)? > 0 {
            std::fs::write(dir.join("src").join(name), page(picks)?).ok()?;
        }
    }
    std::fs::write(
        dir.join("src/lab.sh"),
        "#!/bin/sh\n# ANCHOR: run\nvirsh list\n# ANCHOR_END: run\n",
    )
    .ok()?;
    std::fs::write(dir.join("src/pic.png"), b"\x89PNG\r\n\x1a\n").ok()?;
    // Sometimes a GitBook book: no book.toml, a `.gitbook.yaml` (read last, so that the inputs
    // found before it kept their meaning).
    if picks.below(4) == Some(0) {
        std::fs::remove_file(dir.join("book.toml")).ok()?;
        std::fs::write(dir.join(".gitbook.yaml"), picks.pick(GITBOOK)?).ok()?;
    }
    Some(())
}

const GITBOOK: &[&str] = &[
    "root: ./src/\n",
    "root: src\nstructure:\n  summary: SUMMARY.md\n  readme: a.md\n",
    "root: ../\n",
    "root: [\n",
    "root: src\nstructure:\n  summary: ../book.toml\n",
    "",
];

fuzz_target!(|data: &[u8]| {
    let dir: &Path = &DIR;
    if write_book(dir, &mut Picks(data)).is_none() {
        return;
    }
    if let Ok(loaded) = exambook_core::load(dir) {
        let _ = exambook_render::html::render(&loaded.book, &THEME, &Default::default());
    }
});

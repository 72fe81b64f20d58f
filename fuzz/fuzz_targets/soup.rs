//! Token soup: pages made of markdown fragments (block openers and closers of every dialect,
//! inline delimiters, HTML, URLs, odd characters, broken ones included), one fragment per input
//! byte. Checks what `parse` checks (spans point into the text, the writer is stable after one
//! round) and that the HTML writer and the segmenter take whatever the parser makes. This
//! replaces the random `soup` example: libFuzzer's coverage guidance picks the sequences.
#![no_main]

use exambook_fuzz::{FILE, Picks, assert_document, assert_writer_stable};
use exambook_syntax::{ParseOptions, parse_with};
use libfuzzer_sys::fuzz_target;

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
    // GitBook blocks (appended: earlier indexes keep their fragments).
    "{% tabs %}",
    "{% tab title=\"T\" %}",
    "{% tab title=\"a \\\" b\" %}",
    "{% endtab %}",
    "{% endtabs %}",
    "{% code title=\"x.sh\" overflow=\"wrap\" %}",
    "{% endcode %}",
    "{% embed url=\"https://x.y/v\" %}",
    "{% endembed %}",
    "{% content-ref url=\"a.md\" %}",
    "{% endcontent-ref %}",
    "{% swagger %}",
    "<figure><img src=\"a.png\" alt=\"A\"><figcaption><p>C</p></figcaption></figure>",
    "<figure>",
];

fuzz_target!(|data: &[u8]| {
    let mut picks = Picks(data);
    let mut text = String::new();
    while let Some(t) = picks.pick(T) {
        text.push_str(t);
    }
    let opts = ParseOptions {
        file: FILE,
        ..ParseOptions::default()
    };
    let (doc, diags) = parse_with(&text, &opts);
    assert_document(&text, &doc, &diags);
    let _ = exambook_syntax::html::body(&doc.blocks, &mut exambook_syntax::html::DefaultHooks);
    let _ = exambook_syntax::segment::segments(&doc);

    assert_writer_stable(&text, &doc, &opts);
});

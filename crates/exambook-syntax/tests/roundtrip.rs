//! Round trips through the markdown writer: parse → write → parse gives the same tree (spans
//! aside), and write → parse → write is a fixpoint, for every spec example, every fixture and
//! random documents built from study-guide fragments.
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use exambook_syntax::ast::{BlockKind, Document};
use exambook_syntax::markdown::{WriteOptions, write};
use exambook_syntax::{Extensions, ParseOptions, parse_with};
use proptest::prelude::*;

/// Spec examples that cannot round-trip, with the reason.
const EXCEPTIONS: &[(&str, usize, &str)] = &[];

fn tree(src: &str, exts: Extensions) -> Document {
    let (mut doc, _) = parse_with(
        src,
        &ParseOptions {
            extensions: exts,
            ..ParseOptions::default()
        },
    );
    doc.strip_spans();
    doc
}

/// `Err(description)` when `src` does not round-trip.
fn check(src: &str, exts: Extensions) -> Result<(), String> {
    let first = tree(src, exts);
    let written = write(&first, &WriteOptions::default());
    let second = tree(&written, exts);
    if first != second {
        return Err(format!(
            "tree changed\n--- source\n{src}\n--- written\n{written}\n--- first\n{first:#?}\n--- second\n{second:#?}"
        ));
    }
    let again = write(&second, &WriteOptions::default());
    if again != written {
        return Err(format!(
            "not a fixpoint\n--- written\n{written}\n--- again\n{again}"
        ));
    }
    Ok(())
}

fn spec_round_trip(file: &str, exts: Extensions, label: &str) {
    let mut failed = Vec::new();
    let mut excepted = 0;
    let examples = common::examples(file);
    for ex in &examples {
        let exception = EXCEPTIONS
            .iter()
            .any(|(f, n, _)| *f == file && *n == ex.example);
        match check(&ex.markdown, exts) {
            Ok(()) => {}
            Err(_) if exception => excepted += 1,
            Err(e) => {
                eprintln!("=== {file} example {} ({})\n{e}", ex.example, ex.section);
                failed.push(ex.example);
            }
        }
    }
    println!(
        "round trip {label}: {}/{} examples, {} listed exceptions",
        examples.len() - failed.len() - excepted,
        examples.len(),
        excepted
    );
    assert!(
        failed.is_empty(),
        "{label}: examples that do not round-trip: {failed:?}"
    );
}

#[test]
fn commonmark_examples_round_trip() {
    spec_round_trip(
        "commonmark-0.31.2.json",
        Extensions::ALL,
        "commonmark 0.31.2 (exambook dialect)",
    );
}

#[test]
fn commonmark_examples_round_trip_pure() {
    spec_round_trip(
        "commonmark-0.31.2.json",
        Extensions::COMMONMARK,
        "commonmark 0.31.2 (pure CommonMark)",
    );
}

#[test]
fn gfm_examples_round_trip() {
    spec_round_trip("gfm-extensions.json", Extensions::ALL, "gfm extensions");
}

#[test]
fn fixtures_round_trip() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path().join("input.md");
        let Ok(src) = std::fs::read_to_string(&path) else {
            continue;
        };
        n += 1;
        if let Err(e) = check(&src, Extensions::ALL) {
            panic!("{}: {e}", path.display());
        }
    }
    println!("round trip fixtures: {n}/{n}");
    assert!(n > 0);
}

/// Inputs a token-soup search (sequences of markdown fragments, now the `soup` fuzz target)
/// found not to round-trip, each fixed in the writer.
#[test]
fn found_by_token_soup_round_trip() {
    for src in [
        // A continuation line indented so that `<script>` stays inline HTML, not a new block.
        "<a name=\"a\"></a>\n\t<script>",
        "text\n    <details>",
        "**\n\t</div>",
        // A task item whose first block is a list: the list goes on the next line.
        "- [ ] \n  * ",
        "- [x]\n  > quote",
        // A byte order mark that is text (not the file's first bytes).
        "\n\n\u{feff}",
        "\u{feff}\u{feff}x",
        // An attribute block alone on a setext heading's last line: it was written back on a
        // line of its own, indented one column too far, which pulldown-cmark 0.13.6 panics on.
        "- a\n  {#c}\n  ---\n",
        "a\n{#c}\n===\n",
        "- [ ] :::tip[T]\r\n{% hint %}\n\t---",
        // Four blanks behind a `>` are no code (the `>` takes one): the closer of a box in a
        // list item in a quote in a list item was not seen, and written twice.
        "1. > 1. > {% hint style=\"info\" %}\n   >    > x\n   >    > {% endhint %}\n",
        "1. > 1. > {% tab title=\"a\" %}\n",
        "1. 1. 1. 1. > 1. 1. > {% tab title=\"a\" %}\n",
        ">    {% hint style=\"info\" %}\n> x\n> {% endhint %}\n",
        // A MkDocs line inside raw HTML is HTML: its body kept its indentation.
        "<details>\n??? tip\n\n\t\t\t\t\t\t# \n\n<details open><summary>x</summary>",
    ] {
        if let Err(e) = check(src, Extensions::ALL) {
            panic!("{src:?}: {e}");
        }
    }
}

/// Markdown fragments a study guide is made of; documents are random sequences of them,
/// nested into containers.
fn fragment() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "virsh",
        "pool",
        "QEMU",
        "the",
        "*emphasis*",
        "**strong**",
        "`code`",
        "[link](https://x.org)",
        "~~old~~",
        "snake_case",
        "a_b_",
        "2 * 3",
        "R&D",
        "&amp;",
        "<span>",
        "www.example.com",
        "foo@example.com",
        "[^1]",
        "#tag",
        "C#",
        "50%",
        "![alt](i.png)",
        "\\*",
        "1.",
        "-",
        "|",
        "{{#include x.sh}}",
        "<a name=\"q1\"></a>",
        "é",
        "!!!",
        "{%",
        "~/.bashrc",
    ]);
    let line = prop::collection::vec(word, 1..6).prop_map(|w| w.join(" "));
    let para = prop::collection::vec(line.clone(), 1..3).prop_map(|l| l.join("\n"));
    prop_oneof![
        para.clone(),
        line.clone().prop_map(|l| format!("## {l}")),
        line.clone().prop_map(|l| format!("# {l} {{#an-id .cls}}")),
        prop::collection::vec(line.clone(), 1..4).prop_map(|items| items
            .iter()
            .map(|i| format!("- {i}"))
            .collect::<Vec<_>>()
            .join("\n")),
        prop::collection::vec(line.clone(), 1..4).prop_map(|items| items
            .iter()
            .enumerate()
            .map(|(n, i)| format!("{}. {i}\n\n   more {n}", n + 3))
            .collect::<Vec<_>>()
            .join("\n\n")),
        line.clone().prop_map(|l| format!("- [ ] {l}\n- [x] done")),
        line.clone()
            .prop_map(|l| format!("```sh title=\"Run it\"\n{l}\n```")),
        line.clone().prop_map(|l| format!("    indented {l}")),
        line.clone()
            .prop_map(|l| format!("```mermaid\ngraph LR\n  A-->B\n```\n\n{l}")),
        (line.clone(), line.clone())
            .prop_map(|(a, b)| format!("| {a} | b |\n| :-- | --: |\n| {b} | c |")),
        para.clone()
            .prop_map(|p| format!("> {}", p.replace('\n', "\n> "))),
        para.clone()
            .prop_map(|p| format!("> [!TIP]\n> {}", p.replace('\n', "\n> "))),
        para.clone()
            .prop_map(|p| format!("> [!EXAM]\n> {}", p.replace('\n', "\n> "))),
        (line.clone(), para.clone()).prop_map(|(t, p)| format!(":::warning[{t}]\n{p}\n:::")),
        para.clone()
            .prop_map(|p| format!(":::tip\n{p}\n\n- item\n:::")),
        para.clone()
            .prop_map(|p| format!("::::note\n:::danger Nested\n{p}\n:::\n::::")),
        (line.clone(), para.clone()).prop_map(|(t, p)| format!(
            "!!! exam \"{}\"\n    {}",
            t.replace('"', ""),
            p.replace('\n', "\n    ")
        )),
        para.clone().prop_map(|p| format!(
            "??? lab\n    {}\n\n    ???+ tip \"Inner\"\n        body",
            p.replace('\n', "\n    ")
        )),
        para.clone()
            .prop_map(|p| format!("{{% hint style=\"success\" %}}\n{p}\n{{% endhint %}}")),
        para.clone()
            .prop_map(|p| format!("<details>\n<summary>Answer</summary>\n\n{p}\n\n</details>")),
        (line.clone(), para.clone(), para.clone()).prop_map(|(t, a, b)| format!(
            "{{% tabs %}}\n{{% tab title=\"{t}\" %}}\n{a}\n{{% endtab %}}\n\n{{% tab title=\"Two\" %}}\n{b}\n{{% endtab %}}\n{{% endtabs %}}"
        )),
        (line.clone(), line.clone()).prop_map(|(t, l)| format!(
            "{{% code title=\"{}\" %}}\n```sh\n{l}\n```\n{{% endcode %}}",
            t.replace('"', "")
        )),
        line.clone()
            .prop_map(|l| format!("{{% embed url=\"https://x.org/v\" %}}\n{l}\n{{% endembed %}}")),
        line.clone().prop_map(|l| format!(
            "{{% content-ref url=\"other.md\" %}}\n[{l}](other.md)\n{{% endcontent-ref %}}"
        )),
        line.clone().prop_map(|l| format!(
            "<figure><img src=\"a b.png\" alt=\"{}\"><figcaption><p>{}</p></figcaption></figure>",
            l.replace(['"', '<', '>', '&'], ""),
            l.replace(['<', '>', '&'], "")
        )),
        line.clone()
            .prop_map(|l| format!("{{% swagger method=\"get\" %}}\n{l}\n{{% endswagger %}}")),
        line.clone()
            .prop_map(|l| format!("Term {l}\n: Definition {l}")),
        para.clone().prop_map(|p| format!("[^1]: {p}")),
        (para.clone(), line.clone(), line.clone(), para.clone()).prop_map(|(q, a, b, e)| format!(
            "::: question {{#q-1 objective=351.3}}\n{q}\n\n- [ ] {a}\n- [x] {b}\n\nExplanation: {e}\n:::"
        )),
        (para.clone(), line.clone()).prop_map(|(q, e)| format!(
            "::: question {{multiple}}\n{q}\n\n- [x] one\n- [x] {e}\n- [ ] three\n:::"
        )),
        (line.clone(), para.clone()).prop_map(|(q, e)| format!(
            "::: question\n{q} ______\n\nAnswer: `tap`\nAnswer (any case): `T A P`\n\nAnswer (pattern): `ta+p`\n\nExplanation:\n\n```sh\nip tuntap\n```\n\n{e}\n:::"
        )),
        para.clone().prop_map(|p| format!(
            ":::: question\n- plain list\n\n- [ ] a\n- [x] b\n\nExplanation: {p}\n\n:::note\ninside\n:::\n::::"
        )),
        Just("___".to_owned()),
        Just("<div class=\"x\">\nraw\n</div>".to_owned()),
        Just("{{#include ../labs/x.sh:2:5}}".to_owned()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    let fm = prop_oneof![
        Just(String::new()),
        Just("+++\ntitle = \"QEMU\"\nobjective = \"351.3\"\nweight = 4\nknowledge = [\"a\", \"b\"]\ndraft = true\n+++\n".to_owned()),
        Just("---\ntitle: QEMU\nweight: 4\ncited:\n  - qemu\n  - name: /dev/kvm\n    kind: file\ntags: [a, b]\n---\n".to_owned()),
    ];
    let blocks = prop::collection::vec(fragment(), 1..8);
    let nested = prop::collection::vec(fragment(), 1..4).prop_map(|f| {
        let inner = f.join("\n\n");
        format!(
            "- item\n\n{}",
            inner
                .lines()
                .map(|l| if l.is_empty() {
                    String::new()
                } else {
                    format!("  {l}")
                })
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    (fm, blocks, nested).prop_map(|(fm, b, n)| format!("{fm}{}\n\n{n}\n", b.join("\n\n")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_round_trip(src in document()) {
        if let Err(e) = check(&src, Extensions::ALL) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Arbitrary printable text: never panics, and the writer's output is stable after one
    /// round (write → parse → write → parse → write gives the same text twice). The full tree
    /// round trip is asserted above for realistic documents; arbitrary punctuation soup can hit
    /// pulldown-cmark ambiguities (emphasis runs, lazy lines) that one canonical spelling cannot
    /// reproduce exactly.
    #[test]
    fn arbitrary_text_never_panics_and_stabilises(src in "[ -~\\n\\té]{0,200}") {
        let (doc, _) = exambook_syntax::parse(&src);
        let _ = exambook_syntax::html::body(&doc.blocks, &mut exambook_syntax::html::DefaultHooks);
        let _ = exambook_syntax::segment::segments(&doc);
        let opts = WriteOptions::default();
        let w1 = write(&doc, &opts);
        let w2 = write(&exambook_syntax::parse(&w1).0, &opts);
        let w3 = write(&exambook_syntax::parse(&w2).0, &opts);
        prop_assert_eq!(w2, w3);
    }
}

/// Found by the `parse` fuzz target (fuzz/fuzz_targets/parse.rs): the admonition line scanner
/// takes the fence inside the HTML block for a code fence, so the closing `:::` the writer adds
/// is swallowed into the HTML and every round trip adds a line. Not fixed yet.
#[test]
fn writer_is_stable_around_a_fence_in_html() {
    let opts = WriteOptions::default();
    let once = write(&exambook_syntax::parse(":::w\n<u>\n```").0, &opts);
    let twice = write(&exambook_syntax::parse(&once).0, &opts);
    let thrice = write(&exambook_syntax::parse(&twice).0, &opts);
    assert_eq!(twice, thrice);
}

/// Found by the `front_matter` fuzz target: an unknown key whose value starts on the next line
/// after trailing blanks (`t: ` then `-`) lost the line break, and was written back as `t: -`
/// (the string "-", not a list).
#[test]
fn unknown_front_matter_value_below_its_key_stays_below() {
    for src in ["---\nt: \n-\n---\n", "---\nt:\t\n  - a\n---\n"] {
        let (doc, _) = exambook_syntax::parse(src);
        let written = write(&doc, &WriteOptions::default());
        let (again, _) = exambook_syntax::parse(&written);
        let value = |d: &Document| {
            d.front_matter.as_ref().unwrap().meta.extra[0]
                .1
                .value
                .clone()
        };
        assert_eq!(value(&doc), value(&again), "{written:?}");
        assert!(value(&doc).starts_with('\n'), "{:?}", value(&doc));
    }
}

/// Found by the `front_matter` fuzz target: the reader finds an unknown key's raw value by
/// looking for the key as written, so a key the writer has to quote loses its value on the
/// next read. Not fixed yet.
#[test]
fn unknown_front_matter_key_that_needs_quotes_keeps_its_value() {
    let (doc, _) = exambook_syntax::parse("---\na# b\"c:\n  sh\n---\n");
    let written = write(&doc, &WriteOptions::default());
    let (again, _) = exambook_syntax::parse(&written);
    let value = |d: &Document| {
        d.front_matter.as_ref().unwrap().meta.extra[0]
            .1
            .value
            .clone()
    };
    assert_eq!(value(&doc), value(&again), "{written:?}");
}

/// The other side of the rule above: a paragraph that starts with inline HTML is not raw HTML,
/// so the fence after it is code, and a `:::` inside that code neither closes the admonition
/// nor is lost.
#[test]
fn fence_after_a_paragraph_starting_with_a_tag_is_code() {
    let src = ":::note\n<kbd>Ctrl</kbd> then\n```\n:::\n```\n:::\n";
    let (doc, diags) = exambook_syntax::parse(src);
    assert!(diags.is_empty(), "{diags:?}");
    let once = write(&doc, &WriteOptions::default());
    assert_eq!(
        write(&exambook_syntax::parse(&once).0, &WriteOptions::default()),
        once
    );
    let [block] = &doc.blocks[..] else {
        panic!("one admonition expected: {:#?}", doc.blocks)
    };
    let BlockKind::Admonition(adm) = &block.kind else {
        panic!("{block:#?}")
    };
    let code = adm.body.iter().find_map(|b| match &b.kind {
        BlockKind::CodeBlock(c) => Some(c.text.as_str()),
        _ => None,
    });
    assert_eq!(code, Some(":::\n"), "{:#?}", adm.body);
}

/// Found by the `parse` fuzz target: code whose lines end with a lone `\r` (a line ending in
/// CommonMark) was written back with its `\r`s, and lost one blank line per round.
#[test]
fn code_with_carriage_return_line_endings_is_stable() {
    let opts = WriteOptions::default();
    for src in [
        "\t\u{1}\r\r\r",
        "```\r\na\r\n\r\nb\r\n```\r\n",
        "    x\ry\r",
    ] {
        let once = write(&exambook_syntax::parse(src).0, &opts);
        let twice = write(&exambook_syntax::parse(&once).0, &opts);
        assert_eq!(once, twice, "{src:?}");
        assert!(!once.contains('\r'), "{once:?}");
    }
}

/// Found by the `front_matter` fuzz target: YAML reads a lone `\r` as a line break, our raw text
/// of unknown keys did not (`e:\r-` was written back as `e: -`, a string; `e:\rk:\r-` lost a
/// key). Such front matter is an error at the carriage return, not a silent misreading.
#[test]
fn yaml_front_matter_with_a_lone_carriage_return_is_an_error_at_it() {
    for src in ["---\ne:\r-\n---\n", "---\ne:\rut\"--e:\r-\n---"] {
        let (_, diags) = exambook_syntax::parse(src);
        let err = diags.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(err.span.start, 6, "{src:?}");
        assert!(err.message.contains("carriage return"), "{}", err.message);
    }
    // `\r\n` line endings are fine.
    let (doc, diags) = exambook_syntax::parse("---\r\ne:\r\n- a\r\n---\r\n");
    assert!(!diags.iter().any(|d| d.is_error()));
    assert_eq!(doc.front_matter.unwrap().meta.extra.len(), 1);
}

/// Found by the `front_matter` fuzz target: an unknown TOML key given as dotted keys
/// (`a.b = 1`) was written back as `a = <the text after the first =>`, which is other TOML.
#[test]
fn unknown_dotted_toml_keys_keep_their_value() {
    for src in [
        "+++\nx = \"t\"\nq.u = \"t\"\nq.4 = 1\n+++\ntext\n",
        "+++\nq.a = 1\nb = 2\nq.c = 3\n+++\ntext\n",
        "+++\nb = [\n  1, # one\n  2,\n]\n[q]\na = 1\n+++\ntext\n",
    ] {
        let (doc, diags) = exambook_syntax::parse(src);
        assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
        let written = write(&doc, &WriteOptions::default());
        let (again, diags) = exambook_syntax::parse(&written);
        assert!(!diags.iter().any(|d| d.is_error()), "{written}\n{diags:?}");
        let extra = |d: &Document| d.front_matter.as_ref().unwrap().meta.extra.clone();
        let keys = |d: &Document| extra(d).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(keys(&doc), keys(&again), "{written}");
        let reread = again.front_matter.as_ref().unwrap();
        assert_eq!(reread.meta.extra.len(), extra(&doc).len(), "{written}");
    }
}

/// Found by the `parse` and `soup` fuzz targets: a box whose body ends with raw HTML that only
/// its end tag ends (`<script>` without `</script>`) was given a closing line, which that HTML
/// block swallowed, so each round added one more.
#[test]
fn a_box_ending_in_unclosed_script_html_gets_no_closer_it_would_swallow() {
    for src in [
        ":::tip[T]\ntext\n<script>\n",
        ":::tip[T]\n::::note\n<!-- open comment\n",
        "{% hint style=\"info\" %}\n<pre>\n",
    ] {
        let (doc, _) = exambook_syntax::parse(src);
        let once = write(&doc, &WriteOptions::default());
        let (again, _) = exambook_syntax::parse(&once);
        let twice = write(&again, &WriteOptions::default());
        assert_eq!(once, twice, "{src:?}");
    }
    // A closed one keeps its closer.
    let (doc, _) = exambook_syntax::parse(":::tip[T]\n<script>x()</script>\n:::\n\nafter\n");
    let once = write(&doc, &WriteOptions::default());
    assert!(once.contains("\n:::\n"), "{once}");
}

/// Found by the `parse` fuzz target: a fence opened behind a definition's `: ` was not seen by
/// the lowering, which then took its closing line for an opening one and the box's `:::`
/// closer for code.
#[test]
fn a_fence_in_a_definition_does_not_hide_the_box_closer() {
    let src = ":::warning\nrm\n\n: ```m\n  ```\n:::\n\nafter\n";
    let (doc, diags) = exambook_syntax::parse(src);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(doc.blocks.len(), 2, "{:#?}", doc.blocks);
    let once = write(&doc, &WriteOptions::default());
    let (again, _) = exambook_syntax::parse(&once);
    assert_eq!(once, write(&again, &WriteOptions::default()));
}

/// Found by the `soup` fuzz target: a bare link whose text holds backslashes (`http://a\\\`)
/// was written as it reads, and each round turned two backslashes into one.
#[test]
fn a_bare_link_with_backslashes_or_entities_keeps_them() {
    for src in [
        "see http://a\\\\\\\\\\\\\n",
        "see www.a.com/x\\\\y and http://b.c/?a=1&amp;b\n",
    ] {
        let (doc, _) = exambook_syntax::parse(src);
        let once = write(&doc, &WriteOptions::default());
        let (again, _) = exambook_syntax::parse(&once);
        assert_eq!(
            exambook_syntax::html::body(&doc.blocks, &mut exambook_syntax::html::DefaultHooks),
            exambook_syntax::html::body(&again.blocks, &mut exambook_syntax::html::DefaultHooks),
            "{once}"
        );
        assert_eq!(once, write(&again, &WriteOptions::default()), "{src:?}");
    }
}

/// Found by the `soup` fuzz target: a line of backticks indented as code (not a fence) was
/// taken for a fence's opening line by the lowering, which then hid the box's closer.
#[test]
fn backticks_indented_as_code_do_not_hide_the_box_closer() {
    for src in [
        ":::warning[Title]\ntext\n\n       ```sh\n\nmore\n:::\n\nafter\n",
        "- item\n\n      ```sh\n      x\n      ```\n\n:::tip\nbody\n:::\n",
        ":::warning[Title]\n2)\n\n*      ```sh\n\ntext\n:::\n\nafter\n",
        ":::warning[Title]\n>      ```sh\n\ntext\n:::\n\nafter\n",
        ":::warning[Title]\n2)\n\n[//]: #\n\n    *   ```sh\n\ntext\n:::\n\nafter\n",
        ":::warning[Title]\n2) *     *   ```sh\n\ntext\n:::\n\nafter\n",
    ] {
        let (doc, diags) = exambook_syntax::parse(src);
        assert!(diags.is_empty(), "{src:?}: {diags:?}");
        let once = write(&doc, &WriteOptions::default());
        let (again, _) = exambook_syntax::parse(&once);
        assert_eq!(once, write(&again, &WriteOptions::default()), "{src:?}");
        assert!(
            doc.blocks
                .iter()
                .any(|b| matches!(b.kind, BlockKind::Admonition(_))),
            "{src:?}"
        );
    }
}

#[test]
fn question_blocks_round_trip() {
    for src in [
        "::: question {#q-351-3-amd objective=351.3}\nWhich two modules?\n\n```sh\nlsmod\n```\n\n- [ ] `kvm` and `kvm_intel`\n- [x] `kvm` and `kvm_amd`\n- [ ] *none*\n- [ ] [qemu](q.md)\n\nExplanation: See [KVM](#kvm).\n\nMore text.\n:::\n",
        "::: question {multiple}\nPick:\n\n- [x] a\n- [ ] b\n:::\n",
        "::: question\nFill ______ in.\n\nAnswer: `tap`\nAnswer (any case): `Tap`\n\nAnswer (pattern): `ta+p`\n\nExplanation: Because.\n:::\n",
        "::: question\nCode `` ` `` answer?\n\nAnswer: ``a`b``\n:::\n",
        ":::: question\nNested\n\n- [ ] a\n- [x] b\n\nExplanation:\n\n:::tip\nInside\n:::\n::::\n",
        "- item\n\n  ::: question\n  In a list?\n\n  - [ ] a\n  - [x] b\n  :::\n",
        "> ::: question\n> Quoted?\n>\n> - [ ] a\n> - [x] b\n> :::\n",
        "::: question\n* a plain list\n\n- [ ] a\n- [x] b\n:::\n",
        "::: question\nRaw:\n\n<div>x</div>\n\nAnswer: `x`\n\nExplanation:\n\n<div>y</div>\n\n:::\n",
    ] {
        check(src, Extensions::ALL).unwrap();
        let (_, diags) = exambook_syntax::parse(src);
        assert!(diags.is_empty(), "{src}: {diags:?}");
    }
}

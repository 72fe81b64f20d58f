//! The segmenter: which units a translator sees, and that a unit's text parses back to the
//! same inlines.
#![allow(clippy::unwrap_used, reason = "tests")]

use exambook_syntax::ast::strip_inlines;
use exambook_syntax::segment::{SegmentKind, segments};
use exambook_syntax::{ParseOptions, markdown, parse, parse_inlines};

const PAGE: &str = r#"+++
title = "351.3 QEMU"
description = "Install and use QEMU."
knowledge = ["Understand the architecture of QEMU"]
+++

# QEMU *basics*

Run `qemu-system-x86_64` with **KVM** enabled, see [the docs](https://qemu.org).

- Create an image with `qemu-img`.
- `qemu-img info`

| Option | Meaning |
| --- | --- |
| `-m` | Memory size |

:::tip[Remember this]
Use *virtio* devices.
:::

<details>
<summary>Answer</summary>

It is `-enable-kvm`.

</details>

![A diagram of the stack](stack.png)

Hypervisor
: Runs guests.

```sh
echo never a unit
```

```mermaid
graph LR
```

<div>raw html is not a unit</div>

https://example.org

`only code`
"#;

#[test]
fn units_of_a_page() {
    let (doc, _) = parse(PAGE);
    let units = segments(&doc);
    let got: Vec<(SegmentKind, &str)> = units.iter().map(|s| (s.kind, s.text.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (SegmentKind::Title, "351.3 QEMU"),
            (SegmentKind::Description, "Install and use QEMU."),
            (
                SegmentKind::Knowledge,
                "Understand the architecture of QEMU"
            ),
            (SegmentKind::Heading, "QEMU *basics*"),
            (
                SegmentKind::Paragraph,
                "Run `qemu-system-x86_64` with **KVM** enabled, see [the docs](https://qemu.org)."
            ),
            (SegmentKind::ListItem, "Create an image with `qemu-img`."),
            (SegmentKind::TableCell, "Option"),
            (SegmentKind::TableCell, "Meaning"),
            (SegmentKind::TableCell, "Memory size"),
            (SegmentKind::AdmonitionTitle, "Remember this"),
            (SegmentKind::Paragraph, "Use *virtio* devices."),
            (SegmentKind::DetailsSummary, "Answer"),
            (SegmentKind::Paragraph, "It is `-enable-kvm`."),
            (SegmentKind::ImageAlt, "A diagram of the stack"),
            (SegmentKind::DefinitionTerm, "Hypervisor"),
            (SegmentKind::Paragraph, "Runs guests."),
        ]
    );
    // Spans point at the units.
    let heading = &units[3];
    assert_eq!(&PAGE[heading.span.range()], "# QEMU *basics*\n");
}

#[test]
fn unit_text_parses_back_to_the_same_inlines() {
    let (doc, _) = parse(PAGE);
    for unit in segments(&doc) {
        // Front-matter units are plain text, not markdown.
        if matches!(
            unit.kind,
            SegmentKind::Title | SegmentKind::Description | SegmentKind::Knowledge
        ) {
            continue;
        }
        let mut a = parse_inlines(&unit.text, &ParseOptions::default());
        strip_inlines(&mut a);
        assert_eq!(markdown::inlines(&a), unit.text, "{unit:?}");
    }
}

#[test]
fn a_question_yields_its_text_options_and_explanation_not_its_answers() {
    let (doc, diags) = parse(
        "::: question {#q1}\nWhich *module*?\n\n- [ ] `kvm_intel`\n- [x] the AMD one\n\nExplanation: It drives AMD-V.\n:::\n\n::: question\nType it: ______\n\nAnswer: `tap`\n:::\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    let units: Vec<(SegmentKind, String)> = segments(&doc)
        .into_iter()
        .map(|s| (s.kind, s.text))
        .collect();
    assert_eq!(
        units,
        [
            (SegmentKind::Paragraph, "Which *module*?".to_owned()),
            (SegmentKind::QuestionOption, "the AMD one".to_owned()),
            (SegmentKind::Paragraph, "It drives AMD-V.".to_owned()),
            (
                SegmentKind::Paragraph,
                "Type it: \\_\\_\\_\\_\\_\\_".to_owned()
            ),
        ]
    );
}

/// `units_mut` hands out exactly the units of `segments`, in the same order, written the same:
/// on the page above and on every page of the bundled book.
#[test]
fn units_mut_visits_the_units_of_segments() {
    use exambook_syntax::segment::{UnitMut, units_mut};
    let mut pages = vec![PAGE.to_owned()];
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book/src");
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    assert!(pages.len() > 10);
    for page in pages {
        let (mut doc, _) = parse(&page);
        let want: Vec<_> = segments(&doc)
            .into_iter()
            .map(|s| (s.kind, s.text, s.span))
            .collect();
        let mut got = Vec::new();
        units_mut(&mut doc, &mut |u| match u {
            UnitMut::Plain(kind, s) => got.push((kind, s.value.clone(), s.span)),
            UnitMut::Inlines(kind, c, span) => got.push((kind, markdown::inlines(c), span)),
        });
        assert_eq!(got, want);
    }
}

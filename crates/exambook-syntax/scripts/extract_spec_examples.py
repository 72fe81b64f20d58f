#!/usr/bin/env python3
"""Extracts the examples of a CommonMark-style spec file into JSON test data.

Usage: extract_spec_examples.py SPEC.txt OUT.json

Only the examples are kept (markdown input, expected HTML, section heading, example number,
extension name), not the prose. An example is delimited by a line of 32 backticks followed by
` example` (optionally an extension name), the markdown, a line with a single `.`, the HTML, and
a closing line of 32 backticks. A `→` stands for a tab in both parts.
"""
import json
import re
import sys

FENCE = "`" * 32


def extract(text):
    examples = []
    section = ""
    number = 0
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^#{1,6} +(.*?)\s*$", line)
        if m:
            section = m.group(1)
        if line.startswith(FENCE + " example"):
            extension = line[len(FENCE + " example"):].strip()
            part = 0
            md, html = [], []
            i += 1
            while i < len(lines) and lines[i] != FENCE:
                if lines[i] == "." and part == 0:
                    part = 1
                else:
                    (md if part == 0 else html).append(lines[i])
                i += 1
            number += 1
            examples.append({
                "example": number,
                "section": section,
                "extension": extension,
                "markdown": "\n".join(md).replace("→", "\t") + ("\n" if md else ""),
                "html": "\n".join(html).replace("→", "\t") + ("\n" if html else ""),
            })
        i += 1
    return examples


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        examples = extract(f.read())
    with open(out, "w", encoding="utf-8") as f:
        json.dump(examples, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(examples)} examples -> {out}")


if __name__ == "__main__":
    main()

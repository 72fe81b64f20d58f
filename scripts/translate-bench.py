#!/usr/bin/env python3
"""What a second language costs: the shared synthetic corpus built in one language, then in two
with a generated pseudo-locale catalog (every message wrapped in ⟦…⟧, so every text is
translated and every placeholder kept).

Prints the median of --runs cold builds (no output folder, no cache) each way, their ratio
(goal: at most 2.2), and the time of `exambook i18n extract` (goal: at most 1 s).

    python3 scripts/translate-bench.py                      # 1000 pages, 3 runs
    python3 scripts/translate-bench.py --pages 1000 --runs 5 --exe path/to/exambook
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the corpus and the timer are bench.py's)

ROOT = Path(__file__).resolve().parent.parent
LANG = "de"


def write_toml(book: Path, languages: list[str]) -> None:
    text = '[book]\ntitle = "Benchmark guide"\nsrc = "src"\n'
    if len(languages) > 1:
        quoted = ", ".join(f'"{l}"' for l in languages)
        text += f'\n[i18n]\nlanguages = [{quoted}]\nkeep = ["QEMU", "KVM"]\n'
    (book / "book.toml").write_text(text)


def pseudo_catalog(pot: Path, po: Path) -> int:
    """Writes `po` from the template `pot`: each msgstr is its msgid's string literals between
    "⟦" and "⟧" (PO concatenates adjacent literals, so nothing is unescaped). Returns the count."""
    entries = pot.read_text(encoding="utf-8").split("\n\n")
    out, count = [], 0
    for entry in entries:
        lines = entry.strip("\n").split("\n")
        head, msgid, rest, state = [], [], [], "head"
        for line in lines:
            if state == "head" and line.startswith("msgid "):
                state = "msgid"
                msgid.append(line[len("msgid "):])
            elif state == "msgid" and line.startswith('"'):
                msgid.append(line)
            elif state in ("msgid", "msgstr") and line.startswith("msgstr"):
                state = "msgstr"
                rest.append(line)
            elif state == "msgstr" and line.startswith('"'):
                rest.append(line)
            else:
                head.append(line)
        if not msgid:
            continue
        if msgid == ['""']:
            # The header: say which language it is.
            header = "\n".join(rest).replace('"Language: \\n"', f'"Language: {LANG}\\n"')
            out.append("\n".join(head + ["msgid " + msgid[0], header]))
            continue
        count += 1
        out.append("\n".join(head + ["msgid " + msgid[0], *msgid[1:], 'msgstr "⟦"', *msgid, '"⟧"']))
    po.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--exe", help="an exambook binary (default: build the release binary)")
    ap.add_argument("--gen", type=Path, default=bench.GEN, help=f"the corpus generator (default {bench.GEN})")
    args = ap.parse_args()
    bench.GEN = args.gen
    if args.exe:
        exe = args.exe
    else:
        subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "exambook"], cwd=ROOT, check=True)
        target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
        exe = str(target / "release" / "exambook")

    with tempfile.TemporaryDirectory(prefix="exambook-i18n-bench-") as tmp:
        base = Path(tmp)
        book, _ = bench.make_corpus(args.pages, base)
        out = base / "out"

        write_toml(book, ["en", LANG])
        extract = [bench.timed([exe, "i18n", "extract", str(book)])[0] for _ in range(args.runs)]
        count = pseudo_catalog(book / "i18n" / "messages.pot", book / "i18n" / f"{LANG}.po")

        one, two, rss1, rss2 = [], [], [], []
        for _ in range(args.runs):
            for languages, times, rss in ((["en"], one, rss1), (["en", LANG], two, rss2)):
                write_toml(book, languages)
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(book / ".exambook", ignore_errors=True)
                t, m, _, _ = bench.timed([exe, "build", str(book), "-d", str(out), "-q"])
                times.append(t)
                rss.append(m)
        html = sum(1 for _ in (out / LANG).rglob("*.html"))
        wrapped = sum(1 for p in (out / LANG).rglob("*.html") if "⟦" in p.read_text(encoding="utf-8"))
        m1, m2 = bench.median(one), bench.median(two)
        print(f"{args.pages} pages, {count} messages, median of {args.runs} cold builds")
        print(f"  i18n extract          {bench.median(extract):6.2f} s   (goal ≤ 1 s)")
        print(f"  one language          {m1:6.2f} s   peak RSS {bench.median(rss1):.0f} MB")
        print(f"  two languages         {m2:6.2f} s   peak RSS {bench.median(rss2):.0f} MB")
        print(f"  ratio                 {m2 / m1:6.2f}     (goal ≤ 2.2)")
        print(f"  {LANG}/: {html} HTML files, {wrapped} with translated text")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Timing of `exambook i18n` on the shared 1000-page benchmark corpus.

Generates the corpus (../shared/bench/gen_corpus.py, through bench.py's make_corpus), then
prints the median wall time and peak RSS of:

- `i18n extract` (goal: at most 1 s for 1000 pages),
- `i18n update --lang qps` creating a catalog, then the same catalog filled with a pseudo-locale
  (every msgstr is its msgid wrapped in `[[ ]]`, code spans and link targets untouched),
  updated after 50 pages changed one paragraph each (every changed text goes through the
  similarity match),
- `i18n stats --format json`.

    python3 scripts/i18n-bench.py                 # 1000 pages, 5 runs
    python3 scripts/i18n-bench.py --pages 5000 --runs 3

The release binary comes from `cargo build --release` (CARGO_TARGET_DIR is honoured); it is
copied before use, so another build in the same target folder cannot change it mid-run.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the corpus and GNU time helpers)

ROOT = Path(__file__).resolve().parent.parent
# The corpus generator sits in `shared/` beside the repository; from a git worktree, look
# further up.
if not bench.GEN.is_file():
    for up in ROOT.parents:
        if (up / "shared" / "bench" / "gen_corpus.py").is_file():
            bench.GEN = up / "shared" / "bench" / "gen_corpus.py"
            break


def pseudo(po: Path) -> None:
    """Fills every empty msgstr of a catalog we wrote with its msgid wrapped in [[ ]]."""
    text = po.read_text(encoding="utf-8")
    out, entry = [], []

    def flush() -> None:
        ids, strs, mode = [], [], None
        for line in entry:
            m = re.match(r'^(msgid|msgstr) (".*")$', line)
            if m:
                mode = m.group(1)
                (ids if mode == "msgid" else strs).append(m.group(2))
            elif line.startswith('"') and mode:
                (ids if mode == "msgid" else strs).append(line)
        msgid = "".join(s[1:-1] for s in ids)
        if not msgid or "".join(s[1:-1] for s in strs):
            out.extend(entry)
            return
        for line in entry:
            if line.startswith("msgstr "):
                out.append(f'msgstr "[[{msgid}]]"')
                break
            out.append(line)

    for line in text.splitlines():
        if line == "":
            flush()
            out.append("")
            entry = []
        else:
            entry.append(line)
    flush()
    po.write_text("\n".join(out) + "\n", encoding="utf-8")


def change_pages(src: Path, count: int) -> None:
    """Adds a word to the first long paragraph of `count` pages."""
    pages = sorted(p for p in src.rglob("*.md") if p.name != "SUMMARY.md")[:count]
    for p in pages:
        lines = p.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            if len(line) > 60 and line[0].isalpha():
                lines[i] = line.replace(" ", " really ", 1)
                break
        p.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "exambook"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    with tempfile.TemporaryDirectory(prefix="exambook-i18n-bench-") as tmp:
        exe = str(Path(tmp) / "exambook")
        shutil.copy2(target / "release" / "exambook", exe)
        book, _ = bench.make_corpus(args.pages, Path(tmp) / "corpus")
        b = str(book)
        po = book / "i18n" / "qps.po"

        def run(name: str, cmd: list[str], before=None) -> None:
            times, rss = [], []
            for _ in range(args.runs):
                if before:
                    before()
                t, m, _, _ = bench.timed(cmd)
                times.append(t)
                rss.append(m)
            print(f"{name:<44} {statistics.median(times):6.3f} s  {statistics.median(rss):5.0f} MB")

        print(f"{args.pages} pages, median of {args.runs} runs")
        run("i18n extract", [exe, "i18n", "extract", b, "-q"])
        run("i18n update --lang qps (new catalog)", [exe, "i18n", "update", "--lang", "qps", b, "-q"],
            before=lambda: po.unlink(missing_ok=True))
        pseudo(po)
        filled = po.read_text(encoding="utf-8")
        run("i18n update (pseudo-locale, nothing changed)", [exe, "i18n", "update", b, "-q"])
        change_pages(book / "src", 50)
        subprocess.run([exe, "i18n", "extract", b, "-q"], check=True)
        run("i18n update (50 pages changed: fuzzy matches)", [exe, "i18n", "update", b, "-q"],
            before=lambda: po.write_text(filled, encoding="utf-8"))
        run("i18n stats --format json", [exe, "i18n", "stats", "--format", "json", b, "-q"])
        stats = subprocess.run([exe, "i18n", "stats", b], capture_output=True, text=True).stdout
        print(stats.splitlines()[0] if stats else "(no stats)")


if __name__ == "__main__":
    main()

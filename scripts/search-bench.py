#!/usr/bin/env python3
"""Benchmark of the search index (crates/exambook-render/src/search/, themes/default/static/search.js).

For book/ and the shared synthetic corpus (../shared/bench/gen_corpus.py, as scripts/bench.py
uses it) at each --pages count, prints:

- index bytes (everything under search/) as a share of the site's bytes (goal <= 10 %), with
  the part that a query loads (manifest + its shards) and the result sections;
- index build time (the `search index` phase of `exambook build -v`) as a share of the build's
  wall time (goal <= 10 %; median of --runs cold builds);
- query latency in headless Chromium from file:// on the largest corpus (scripts/search-latency.mjs):
  the first query of a page view (which loads the index parts: "load"), the same query with its
  parts loaded, and typing one character at a time (cold and warm), median and p95
  (goal: p95 <= 30 ms once the index part is loaded);
- with --pagefind, the same site indexed by Pagefind (`pip install pagefind-bin`) for comparison:
  its bytes and time (it cannot run from file://: it loads its index with fetch and WebAssembly).

    python3 scripts/search-bench.py                 # book/, 1000 and 5000 pages
    python3 scripts/search-bench.py --pages 1000 --runs 1 --pagefind
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
# Words of the corpus generator's vocabulary and of its code blocks, and exam-guide queries.
QUERIES = ["virtual", "snapshot migration", "qemu-img convert", "hypervisor", "bridged network",
           "docker image ls", "encrypted volume", "quota", "kernel", "xl create", "--privileged",
           "scheduler limits", "ip link show", "paravirtualized disk", "metadata service"]


def tree_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build(exe: str, book: Path, out: Path) -> tuple[float, float]:
    """A cold build (no output, no cache); returns (wall seconds, search index seconds)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(book / ".exambook", ignore_errors=True)
    t = time.perf_counter()
    proc = subprocess.run([exe, "build", str(book), "-d", str(out), "-v"], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"exambook build {book} failed:\n{proc.stderr[-3000:]}")
    m = re.search(r"search index:\s+([\d.]+) s", proc.stderr)
    if not m:
        sys.exit("`exambook build -v` did not report the search index phase")
    return wall, float(m.group(1))


def make_corpus(pages: int, base: Path) -> Path:
    if not GEN.is_file():
        sys.exit(f"corpus generator not found at {GEN} (it lives in the shared folder beside the repo)")
    subprocess.run([sys.executable, str(GEN), "--pages", str(pages), "--out", str(base), "--tools", "mdbook"],
                   check=True, stdout=subprocess.DEVNULL)
    book = base / "mdbook"
    (book / "book.toml").write_text('[book]\ntitle = "Benchmark guide"\nsrc = "src"\n')
    return book


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def pagefind(site: Path, work: Path) -> dict | None:
    try:
        import pagefind_bin  # type: ignore
        exe = str(pagefind_bin.get_executable())
    except Exception:
        return None
    copy = work / "pagefind-site"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("search"))
    t = time.perf_counter()
    subprocess.run([exe, "--site", str(copy), "--root-selector", "main"], check=True, capture_output=True)
    took = time.perf_counter() - t
    out = copy / "pagefind"
    data = tree_bytes(out / "index") + tree_bytes(out / "fragment") + sum(
        f.stat().st_size for f in out.iterdir() if f.is_file() and (f.suffix == ".pagefind" or ".pf_meta" in f.name))
    result = {"seconds": took, "bytes": tree_bytes(out), "data_bytes": data}
    shutil.rmtree(copy, ignore_errors=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="*", default=[1000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pagefind", action="store_true", help="index the same sites with Pagefind too")
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "exambook"], cwd=ROOT, check=True)
    exe = str(ROOT / "target" / "release" / "exambook")
    rows = []
    latency = None
    with tempfile.TemporaryDirectory(prefix="exambook-search-bench-") as tmp:
        tmp = Path(tmp)
        books = [("book/", ROOT / "book")]
        for n in args.pages:
            books.append((f"{n} pages", make_corpus(n, tmp / str(n))))
        for name, book in books:
            out = tmp / (name.replace(" ", "-").strip("/") + "-out")
            walls, searches = [], []
            for _ in range(args.runs):
                wall, search = build(exe, book, out)
                walls.append(wall)
                searches.append(search)
            site = tree_bytes(out)
            index = tree_bytes(out / "search")
            terms = tree_bytes(out / "search" / "t")
            docs = tree_bytes(out / "search" / "d")
            manifest = (out / "search" / "index.js").stat().st_size
            shards = sorted(f.stat().st_size for f in (out / "search" / "t").iterdir())
            row = {"name": name, "site": site, "index": index, "terms": terms, "docs": docs,
                   "manifest": manifest, "shards": len(shards), "shard_median": statistics.median(shards),
                   "shard_max": shards[-1], "wall": statistics.median(walls),
                   "search": statistics.median(searches)}
            if args.pagefind:
                row["pagefind"] = pagefind(out, tmp)
            rows.append(row)
            last_out = out
        if args.pages:
            page = next(p.relative_to(last_out).as_posix() for p in sorted(last_out.rglob("page-0001.html")))
            proc = subprocess.run(["node", str(ROOT / "scripts" / "search-latency.mjs"), str(last_out), page, *QUERIES],
                                  cwd=ROOT, capture_output=True, text=True)
            if proc.returncode != 0:
                sys.exit(f"search-latency.mjs failed:\n{proc.stderr[-3000:]}")
            latency = json.loads(proc.stdout)
        for name, book in books[1:]:
            shutil.rmtree(book.parent, ignore_errors=True)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nsearch index benchmark (median of {args.runs} cold builds; {os.cpu_count()} cores; "
          f"load average {load:.1f} at the end)")
    for r in rows:
        print(f"\n{r['name']}: site {r['site'] / 1e6:.2f} MB, index {r['index'] / 1e6:.2f} MB = "
              f"{100 * r['index'] / r['site']:.1f} % of the site ({100 * r['index'] / (r['site'] - r['index']):.1f} % "
              f"of the rest)")
        print(f"  terms {r['terms'] / 1e6:.2f} MB in {r['shards']} shards (median {r['shard_median'] / 1e3:.1f} kB, "
              f"largest {r['shard_max'] / 1e3:.1f} kB), result sections {r['docs'] / 1e6:.2f} MB, "
              f"manifest {r['manifest'] / 1e3:.1f} kB")
        print(f"  build {r['wall']:.2f} s wall, search index {r['search']:.3f} s = "
              f"{100 * r['search'] / r['wall']:.1f} % of it")
        pf = r.get("pagefind")
        if pf:
            print(f"  Pagefind: {pf['seconds']:.2f} s, {pf['bytes'] / 1e6:.2f} MB written "
                  f"({pf['data_bytes'] / 1e6:.2f} MB index, fragments and wasm; "
                  f"{100 * pf['bytes'] / (r['site'] - r['index']):.1f} % of the rest of the site)")
        elif args.pagefind:
            print("  Pagefind: not installed (pip install pagefind-bin)")
    if latency:
        print(f"\nquery latency, {rows[-1]['name']}, headless Chromium from file:// "
              f"({len(QUERIES)} queries; ms, median / p95):")
        for key, label in [("first", "first query of a page view (loads its index parts)"),
                           ("again", "the same query, parts loaded"),
                           ("typingCold", "typing, each keystroke (loading new parts)"),
                           ("typingWarm", "typing again, parts loaded")]:
            xs = latency[key]
            print(f"  {label:<52}: {statistics.median(xs):6.1f} / {pct(xs, 95):6.1f}")
        empty = [q for q, n in latency["results"].items() if n == 0]
        if empty:
            print(f"  queries without results: {empty}")


if __name__ == "__main__":
    main()

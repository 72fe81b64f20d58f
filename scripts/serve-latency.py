#!/usr/bin/env python3
"""Latency of `exambook serve`: from writing a page to the reload message on the WebSocket.

Generates a synthetic guide (../shared/bench/gen_corpus.py, mdBook layout, with an exambook
book.toml), builds it once so that `serve` starts from a warm render cache (mermaid is slow
cold), starts `exambook serve` on an ephemeral port, connects a WebSocket client the way a page
does, then edits one paragraph of one page N times and times each edit from just before the
write to the arrival of the reload message. Prints every run, the median and the p90, and the
server's own rebuild times.

    python3 scripts/serve-latency.py                 # 1000 pages, 10 edits
    python3 scripts/serve-latency.py --pages 200 --runs 20
    python3 scripts/serve-latency.py --pages 2000 --runs 3 --batch 1200   # + a 1200-page batch

With --batch N it also edits N pages in one go (a branch switch, a search and replace) and
prints that rebuild beside a full `exambook build` of the same book with the same warm cache.

Uses target/release/exambook (built with `cargo build --release --locked` when missing) and
only the Python standard library; the WebSocket client is the few lines of RFC 6455 it needs.
"""

import argparse
import base64
import hashlib
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def corpus(work: Path, pages: int) -> Path:
    book = work / f"corpus-{pages}" / "mdbook"
    if not (book / "src" / "SUMMARY.md").is_file():
        log(f"generating {pages} pages into {book.parent}")
        subprocess.run(
            [sys.executable, str(GEN), "--pages", str(pages), "--out", str(book.parent), "--tools", "mdbook"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # mdBook's book.toml has keys exambook does not know: replace it.
    (book / "book.toml").write_text('[book]\ntitle = "Bench"\nsrc = "src"\n')
    return book


def binary() -> Path:
    exe = ROOT / "target" / "release" / "exambook"
    if not exe.is_file():
        log("building the release binary")
        subprocess.run(["cargo", "build", "--release", "--locked", "-p", "exambook"], cwd=ROOT, check=True)
    return exe


class WebSocket:
    """A client that reads the server's text messages (unmasked frames, RFC 6455)."""

    def __init__(self, host: str, port: int):
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET /__exambook/ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: http://{host}:{port}\r\n\r\n"
            ).encode()
        )
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            byte = self.sock.recv(1)
            if not byte:
                raise RuntimeError("connection closed during the handshake")
            head += byte
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"handshake refused: {head!r}")
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        if accept not in head:
            raise RuntimeError("bad Sec-WebSocket-Accept")

    def _exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("connection closed")
            data += chunk
        return data

    def message(self, timeout: float) -> str:
        self.sock.settimeout(timeout)
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(self._exact(2), "big")
            elif n == 127:
                n = int.from_bytes(self._exact(8), "big")
            payload = self._exact(n)
            if b0 & 0x0F == 0x1:
                return payload.decode()
            if b0 & 0x0F == 0x8:
                raise RuntimeError("closed by the server")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--work", type=Path, default=ROOT / "target" / "serve-latency")
    ap.add_argument("--page", default="topic-01/page-0001.md", help="the page to edit (under src/)")
    ap.add_argument("--batch", type=int, default=0, help="also edit this many pages at once")
    args = ap.parse_args()

    exe = binary()
    book = corpus(args.work, args.pages)
    if not (book / ".exambook" / "cache").is_file():
        log("warming the render cache with one `exambook build` (cold: about a minute per 1000 pages)")
        subprocess.run([str(exe), "build", str(book), "--quiet"], check=True)

    page = book / "src" / args.page
    original = page.read_text()
    first_paragraph = next(p for p in original.split("\n\n") if p and not p.startswith(("#", ">", "-", "`", "|")))

    server = subprocess.Popen(
        [str(exe), "serve", str(book), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    rebuilds = []

    def read_stderr():
        for line in server.stderr:
            m = re.match(r"rebuilt (?:everything: )?(\d+) pages? in (\d+) ms", line)
            if m:
                rebuilds.append((int(m.group(1)), int(m.group(2))))
            elif line.startswith(("error", "warning: listening")):
                log("server:", line.rstrip())

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        started = time.perf_counter()
        line = server.stdout.readline()
        m = re.match(r"serving http://([\d.]+):(\d+)/", line)
        if not m:
            raise RuntimeError(f"unexpected first line: {line!r}")
        host, port = m.group(1), int(m.group(2))
        log(f"serving {args.pages} pages after {time.perf_counter() - started:.1f} s on port {port}")
        ws = WebSocket(host, port)

        latencies = []
        for run in range(args.runs + 1):
            text = original.replace(first_paragraph, f"{first_paragraph} Edit number {run}.", 1)
            time.sleep(0.3)  # let the previous save settle, so that edits are not merged
            t0 = time.perf_counter()
            page.write_text(text)
            while True:
                message = ws.message(timeout=30)
                if '"reload"' in message:
                    break
                if '"error"' in message:
                    raise RuntimeError(f"the edit broke the build: {message[:300]}")
            ms = (time.perf_counter() - t0) * 1000
            if run == 0:
                log(f"warm-up edit: {ms:.1f} ms")
                continue
            latencies.append(ms)
            log(f"edit {run:2}: {ms:6.1f} ms")

        print(
            f"serve latency, file write -> reload message, {args.pages}-page guide, {args.runs} one-paragraph edits: "
            f"median {statistics.median(latencies):.1f} ms, p90 {percentile(latencies, 90):.1f} ms, "
            f"min {min(latencies):.1f} ms, max {max(latencies):.1f} ms"
        )
        times = [ms for (_, ms) in rebuilds[1:]]
        if times:
            print(
                f"server-side rebuild (read, parse, render, write), same edits: median {statistics.median(times)} ms, "
                f"max {max(times)} ms; pages rendered per edit: {sorted({n for (n, _) in rebuilds[1:]})}"
            )
        if args.batch:
            batch_edit(book, ws, args.batch, rebuilds, exe)
    finally:
        page.write_text(original)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def batch_edit(book, ws, n, rebuilds, exe):
    """Edits n pages at once (at their end, so the edit is body text) and times it until the
    last reload (no message for 2 s). Then times a full `exambook build` of the same edited book
    into a folder holding the build from before the edit, so that it too writes the n changed
    pages, with the same warm cache; then restores the pages."""
    pages = sorted((book / "src").rglob("page-*.md"))[:n]
    originals = [p.read_text() for p in pages]
    full_out = str(book.parent / "batch-full")
    subprocess.run([str(exe), "build", str(book), "--quiet", "-d", full_out], check=True)
    time.sleep(1)
    before = len(rebuilds)
    t0 = time.perf_counter()
    for p, text in zip(pages, originals):
        p.write_text(text.rstrip("\n") + "\n\nBatch edit.\n")
    last = t0
    while True:
        try:
            message = ws.message(timeout=2 if last > t0 else 120)
        except (socket.timeout, TimeoutError):
            break
        if '"error"' in message:
            raise RuntimeError(f"the batch broke the build: {message[:300]}")
        if '"reload"' in message:
            last = time.perf_counter()
    ms = (last - t0) * 1000
    time.sleep(0.5)
    batch = rebuilds[before:]
    t1 = time.perf_counter()
    subprocess.run([str(exe), "build", str(book), "--quiet", "-d", full_out], check=True)
    full = (time.perf_counter() - t1) * 1000
    for p, text in zip(pages, originals):
        p.write_text(text)
    time.sleep(3)
    print(
        f"batch of {len(pages)} edited pages: first write -> last reload {ms:.0f} ms; the server rebuilt "
        f"{sum(r[0] for r in batch)} pages in {sum(r[1] for r in batch)} ms over {len(batch)} rebuild(s) {batch}; "
        f"a full `exambook build` of the edited book (writing the same changed pages, same warm cache): {full:.0f} ms"
    )


if __name__ == "__main__":
    main()

// Shared helpers of the browser tests: where the built sites are, a tiny static server, the
// browser, and the figures each test file reports. crates/exambook/tests/browser.rs builds the
// sites and sets the EXAMBOOK_E2E_* variables; see that file for how to run these tests.
import { createServer } from "node:http";
import { readFile, readdir, stat, mkdir, writeFile } from "node:fs/promises";
import { extname, join, relative, resolve, sep } from "node:path";
import { chromium } from "playwright-core";

function need(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through \`cargo test --workspace\` (crates/exambook/tests/browser.rs)`);
  }
  return value;
}

/** The bundled guide built at the root base path, the same built with `--base-path /repo/`,
 *  and a small fixture book (built at the root). */
export const SITE = () => need("EXAMBOOK_E2E_SITE");
export const SITE_REPO = () => need("EXAMBOOK_E2E_SITE_REPO");
export const FIXTURE = () => need("EXAMBOOK_E2E_FIXTURE");
/** An exam book with questions (crates/exambook/tests/cli/ok-questions/book). */
export const QUIZ = () => need("EXAMBOOK_E2E_QUIZ");
/** A small book in Brazilian Portuguese (tests/e2e/pt-book). */
export const FIXTURE_PT = () => need("EXAMBOOK_E2E_FIXTURE_PT");
/** The bundled guide in two languages: English at the root, a pseudo-locale German in de/. */
export const SITE_I18N = () => need("EXAMBOOK_E2E_SITE_I18N");
export const SCREENSHOTS = () => need("EXAMBOOK_E2E_SCREENSHOTS");
export const CHROMIUM = process.env.EXAMBOOK_E2E_CHROMIUM || "/usr/bin/chromium";

/** Every `.html` file under `dir`, as paths relative to it with `/` separators, sorted. */
export async function htmlFiles(dir) {
  const out = [];
  async function walk(d) {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith(".html")) out.push(relative(dir, path).split(sep).join("/"));
    }
  }
  await walk(dir);
  return out.sort();
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** Serves `root` on 127.0.0.1 under `prefix` ("/" or "/repo/") like GitHub Pages: folders
 *  serve their index.html, a missing file serves the site's 404.html with status 404.
 *  Returns { origin, base, close }, where `base` is origin + prefix. */
export async function serve(root, prefix = "/") {
  root = resolve(root);
  // The file a URL path names, or null: a folder names its index.html; nothing outside root.
  async function lookup(path) {
    if (!path.startsWith(prefix)) return null;
    let file = resolve(root, "./" + path.slice(prefix.length));
    if (file !== root && !file.startsWith(root + sep)) return null;
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      await stat(file);
      return file;
    } catch {
      return null;
    }
  }
  const server = createServer(async (req, res) => {
    const found = await lookup(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = found ?? join(root, "404.html");
    let body;
    try {
      body = await readFile(file);
    } catch {
      body = Buffer.from("not found");
    }
    res.writeHead(found ? 200 : 404, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base: origin + prefix,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Debian's Chromium, headless, in a fresh profile (Playwright makes a new --user-data-dir),
 *  with the background traffic that would flood a closed network switched off. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** True for URLs that stay on this machine: loopback hosts, file:, data:, blob:, about:. */
export function isLocal(url) {
  const u = new URL(url);
  if (["file:", "data:", "blob:", "about:"].includes(u.protocol)) return true;
  return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
}

/** Watches a browser context: console errors, uncaught exceptions and requests that leave the
 *  machine (those are also blocked, so a test never reaches the network). */
export async function watch(context) {
  const seen = { errors: [], external: [] };
  await context.route(
    (url) => !isLocal(url.href),
    (route) => {
      seen.external.push(route.request().url());
      return route.abort();
    },
  );
  const attach = (page) => {
    page.on("console", (msg) => {
      if (msg.type() === "error") seen.errors.push(`${page.url()}: console: ${msg.text()}`);
    });
    page.on("pageerror", (err) => seen.errors.push(`${page.url()}: exception: ${err.message}`));
  };
  context.pages().forEach(attach);
  context.on("page", attach);
  return seen;
}

/** Records this file's figures for the summary that browser.rs prints at the end of the run. */
export async function report(name, figures) {
  const dir = process.env.EXAMBOOK_E2E_REPORT;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.json`), JSON.stringify(figures));
}

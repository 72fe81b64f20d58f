// Every page of the built sites, in the browser: no console errors, no request leaving the
// machine, every internal link (href and src, fragments included) resolving — served at the
// root, served under a /repo/ prefix as GitHub Pages does for a project, and opened from disk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { stat } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SITE, SITE_REPO, FIXTURE, launch, serve, watch, htmlFiles, report } from "./lib.mjs";

let browser;
const figures = { pages: 0, externalRequests: 0, brokenLinks: 0, consoleErrors: 0 };

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await report("site", figures);
});

/** Runs in the page: the ids it has and every href and src it refers to, as absolute URLs. */
function onPage() {
  const xlink = "http://www.w3.org/1999/xlink";
  return {
    ids: [...document.querySelectorAll("[id], a[name]")].map((e) => e.id || e.getAttribute("name")),
    refs: [...document.querySelectorAll("[href], [src], [*|href]")].map(
      (e) => new URL(e.getAttribute("href") ?? e.getAttribute("src") ?? e.getAttributeNS(xlink, "href"), document.baseURI).href,
    ),
  };
}

const MISSING = "no/such/page.html"; // served with the site's 404.html, as GitHub Pages does

/** Loads `starts` and every internal page reachable from them and checks every internal href
 *  and src. Returns the pages crawled and the problems found, one line each. */
async function crawl(server, starts) {
  const context = await browser.newContext();
  const seen = await watch(context);
  const page = await context.newPage();
  const key = (url) => url.replace(/#.*/, "").replace(/\/$/, "/index.html");
  const queue = starts.map((path) => new URL(path, server.base).href);
  const crawled = new Map(); // page URL → ids on it
  const links = new Map(); // "from to" → [from, to]
  while (queue.length) {
    const url = queue.shift();
    if (crawled.has(key(url))) continue;
    crawled.set(key(url), new Set());
    const response = await page.goto(url);
    if (response.status() !== (url.endsWith(MISSING) ? 404 : 200)) continue;
    const found = await page.evaluate(onPage);
    crawled.set(key(url), new Set(found.ids));
    for (const ref of found.refs) {
      if (new URL(ref).origin !== server.origin) continue; // a link out of the site: not ours to check
      links.set(`${url} ${ref}`, [url, ref]);
      if (ref.startsWith(server.base) && /(\.html|\/)(#.*)?$/.test(ref) && !crawled.has(key(ref))) queue.push(ref);
    }
  }
  const problems = [];
  const status = new Map();
  for (const [from, to] of links.values()) {
    const target = key(to);
    if (target === key(from)) status.set(target, 200); // same page (the 404 page's skip link)
    else if (!status.has(target)) status.set(target, target.startsWith(server.base) ? (await fetch(target)).status : "outside the base path");
    const fragment = decodeURIComponent(new URL(to).hash.slice(1));
    if (status.get(target) !== 200) problems.push(`${from} → ${to}: ${status.get(target)}`);
    else if (fragment && crawled.has(target) && !crawled.get(target).has(fragment)) problems.push(`${from} → ${to}: no such anchor`);
  }
  await context.close();
  // The 404 page's own status shows as a console error; nothing else may.
  const errors = seen.errors.filter((e) => !(e.includes(MISSING) && /status of 404/.test(e)));
  figures.pages += crawled.size;
  figures.brokenLinks += problems.length;
  figures.externalRequests += seen.external.length;
  figures.consoleErrors += errors.length;
  return { crawled, problems, errors, external: seen.external };
}

/** The 404 page of the site or of a translation (`pt-BR/404.html`): linked from nowhere. */
const isNotFound = (path) => path.split("/").pop() === "404.html";

for (const [name, dir, prefix] of [
  ["the guide", SITE, "/"],
  ["the guide under /repo/", SITE_REPO, "/repo/"],
  ["the fixture book", FIXTURE, "/"],
]) {
  test(`${name}: every page reached, every internal link works, no console error, no external request`, async () => {
    const server = await serve(dir(), prefix);
    try {
      const { crawled, problems, errors, external } = await crawl(server, ["index.html", "toc.html", MISSING]);
      const unreached = (await htmlFiles(dir()))
        .filter((path) => !isNotFound(path) && !crawled.has(new URL(path, server.base).href));
      assert.deepEqual(unreached, [], "pages no link leads to");
      assert.deepEqual(problems, [], "broken links");
      assert.deepEqual(errors, [], "console errors");
      assert.deepEqual(external, [], "requests that left the site");
    } finally {
      await server.close();
    }
  });
}

test("every page opened from disk shows its sidebar, its links lead to files, no console error", async () => {
  const context = await browser.newContext();
  const seen = await watch(context);
  const page = await context.newPage();
  const paths = await htmlFiles(SITE());
  const broken = [];
  figures.pages += paths.length;
  for (const path of paths) {
    await page.goto(pathToFileURL(join(SITE(), path)).href);
    if (isNotFound(path)) continue; // absolute links: made to be served, not opened from disk
    // The print version has no sidebar (it is one page for paper); its links are checked.
    if (path.split("/").pop() !== "print.html") assert.equal(await page.locator("#sidebar > ol.toc-list").count(), 1, path);
    const { refs } = await page.evaluate(onPage);
    for (const ref of new Set(refs.filter((r) => r.startsWith("file:")))) {
      const file = fileURLToPath(ref.replace(/[?#].*/, ""));
      if (!(await stat(file).catch(() => null))?.isFile()) broken.push(`${path} → ${ref}`);
    }
  }
  const errors = seen.errors.filter((e) => !e.includes("/404.html:"));
  figures.externalRequests += seen.external.length;
  figures.consoleErrors += errors.length;
  figures.brokenLinks += broken.length;
  assert.deepEqual(broken, [], "links to no file (a folder link shows a listing, not its index.html)");
  assert.deepEqual(errors, [], "console errors");
  assert.deepEqual(seen.external, [], "requests that left the site");
  await context.close();
});

// The guide as a reader uses it: sidebar, prev/next, anchors, theme toggle, copy buttons,
// collapsible admonitions, diagrams, and the site opened straight from the disk (file://).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { SITE, launch, serve, watch, report } from "./lib.mjs";

const OBJECTIVE = "351/351.3-qemu.html";
const WITH_LAB = "351/351.4-libvirt.html"; // has a collapsible "lab" admonition
let browser, server;
const figures = { externalRequests: 0, consoleErrors: 0 };

before(async () => {
  browser = await launch();
  server = await serve(SITE());
});
after(async () => {
  await browser?.close();
  await server?.close();
  await report("navigation", figures);
});

async function open(path, options = {}) {
  const context = await browser.newContext({ colorScheme: "light", ...options });
  const seen = await watch(context);
  const page = await context.newPage();
  const response = await page.goto(new URL(path, server.base).href);
  assert.equal(response.status(), 200, path);
  return { context, page, seen };
}

function clean(seen) {
  figures.externalRequests += seen.external.length;
  figures.consoleErrors += seen.errors.length;
  assert.deepEqual(seen.errors, [], "console errors");
  assert.deepEqual(seen.external, [], "requests that left the site");
}

test("the sidebar comes from toc.js and marks the current page", async () => {
  const { context, page, seen } = await open(OBJECTIVE);
  const sidebar = page.locator("#sidebar > ol.toc-list");
  await assert.doesNotReject(sidebar.waitFor(), "toc.js inserted the table of contents");
  const current = page.locator('#sidebar a[aria-current="page"]');
  assert.equal(await current.count(), 1, "exactly one link is marked as the current page");
  assert.equal(await current.evaluate((a) => a.href), page.url());
  assert.ok(await current.isVisible(), "the current page's folder is unfolded");
  // A link of the sidebar leads to its page.
  const link = page.locator("#sidebar a", { hasText: "351.4" }).first();
  await Promise.all([page.waitForURL(/351\.4-libvirt\.html$/), link.click()]);
  assert.equal(await page.locator('#sidebar a[aria-current="page"]').evaluate((a) => a.href), page.url());
  clean(seen);
  await context.close();
});

test("prev/next links walk the whole guide in order, both ways", async () => {
  const { context, page, seen } = await open("index.html");
  // The book's pages in the sidebar's order, then the generated exam pages (the sidebar's
  // "Exam" part) in theirs: they follow the book's last page in the reading order.
  const inToc = await page.locator("#sidebar a[href]").evaluateAll((as) => {
    const hrefs = (exam) => as.filter((a) => !!a.closest(".toc-exam") === exam).map((a) => a.href);
    return [...hrefs(false), ...hrefs(true)];
  });
  const visited = [page.url()];
  for (;;) {
    const next = page.locator(".prev-next a.next");
    if ((await next.count()) === 0) break;
    await Promise.all([page.waitForURL((url) => url.href !== visited.at(-1)), next.click()]);
    // The practice exam keeps its draw in the address (`?seed=…`): compare without the query.
    const here = page.url().replace(/\?[^#]*/, "");
    assert.ok(!visited.includes(here), `next leads back to ${here}`);
    visited.push(here);
    assert.equal(await page.locator(".prev-next a.prev").evaluate((a) => a.href), visited.at(-2), "prev goes back");
    assert.equal(await page.locator('link[rel="prev"]').evaluate((l) => l.href), visited.at(-2));
  }
  assert.deepEqual(visited, inToc, "the chain of next links visits the sidebar's pages in its order");
  clean(seen);
  await context.close();
});

test("heading anchors and the page's own table of contents point at headings", async () => {
  const { context, page, seen } = await open(OBJECTIVE);
  const hrefs = await page.locator("a.heading-anchor, .page-toc a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.length > 4, "the page has heading anchors");
  for (const href of hrefs) {
    assert.match(href, /^#./);
    const target = page.locator(`[id="${decodeURIComponent(href.slice(1))}"]`);
    assert.equal(await target.count(), 1, `target of ${href}`);
  }
  const anchor = page.locator(".heading-2 > a.heading-anchor").nth(2);
  const id = await anchor.evaluate((a) => a.parentElement.querySelector("h2").id);
  await anchor.click();
  assert.equal(new URL(page.url()).hash, `#${id}`);
  assert.ok(await page.locator(`h2#${id}`).evaluate((h) => h.getBoundingClientRect().top < innerHeight), "heading scrolled into view");
  clean(seen);
  await context.close();
});

test("the theme toggle switches and persists across reloads and pages", async () => {
  const { context, page, seen } = await open(OBJECTIVE);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const toggle = page.locator("#theme-toggle");
  assert.equal(await theme(), "light", "follows the system preference at first");
  await toggle.click();
  assert.equal(await theme(), "dark");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await page.reload();
  assert.equal(await theme(), "dark", "kept across a reload");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await page.goto(new URL("index.html", server.base).href);
  assert.equal(await theme(), "dark", "kept on another page");
  await toggle.click();
  await page.reload();
  assert.equal(await theme(), "light", "switched back and kept");
  clean(seen);
  await context.close();
});

test("the copy button copies the command, not the prompt, and says so", async () => {
  const { context, page, seen } = await open(OBJECTIVE);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const block = page.locator(".code-block", { has: page.locator(".prompt") }).first();
  const button = block.locator("button.copy-button");
  assert.equal(await button.count(), 1, "exambook.js added a copy button");
  assert.ok(await button.getAttribute("aria-label"), "the button has an accessible name");
  await button.click();
  await assert.doesNotReject(page.locator(".copy-button.done .copy-label", { hasText: "Copied" }).waitFor());
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const shown = await block.locator("pre").innerText();
  assert.ok(copied.length > 0 && shown.includes(copied.split("\n")[0]), `copied ${JSON.stringify(copied)}`);
  assert.ok(!/^[#$] /.test(copied), "the prompt is not copied");
  clean(seen);
  await context.close();
});

test("collapsible admonitions open and close", async () => {
  const { context, page, seen } = await open(WITH_LAB);
  const box = page.locator("details.admonition").first();
  assert.equal(await box.count(), 1, "the page has a collapsible admonition");
  const body = box.locator(".admonition-body");
  assert.equal(await box.evaluate((d) => d.open), false, "starts closed");
  assert.equal(await body.isVisible(), false);
  await box.locator("summary").click();
  assert.equal(await box.evaluate((d) => d.open), true);
  assert.equal(await body.isVisible(), true);
  await box.locator("summary").focus();
  await page.keyboard.press("Enter");
  assert.equal(await box.evaluate((d) => d.open), false, "closes again from the keyboard");
  clean(seen);
  await context.close();
});

test("diagrams are inline SVG with a size", async (t) => {
  const { context, page, seen } = await open(OBJECTIVE);
  const diagrams = page.locator("figure.diagram");
  assert.ok((await diagrams.count()) > 0, "the page has a diagram");
  for (const figure of await diagrams.all()) {
    const svg = figure.locator(":scope > svg");
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 50 && box.height > 50, "the SVG is drawn");
    assert.ok((await figure.locator("svg text, svg foreignObject").count()) > 0, "with its labels");
    // How large its text shows once the SVG is scaled to the column (for people to judge).
    const px = await svg.evaluate((s) => parseFloat(getComputedStyle(s).fontSize) * (s.getBoundingClientRect().width / s.viewBox.baseVal.width));
    t.diagnostic(`${await svg.getAttribute("id")}: text shows at ${px.toFixed(1)} px at 1280 px wide`);
  }
  clean(seen);
  await context.close();
});

test("the site works opened from the disk (file://)", async () => {
  const context = await browser.newContext();
  const seen = await watch(context);
  const page = await context.newPage();
  for (const path of ["index.html", OBJECTIVE, "352/index.html"]) {
    const url = pathToFileURL(join(SITE(), path)).href;
    await page.goto(url);
    await page.locator("#sidebar > ol.toc-list").waitFor();
    assert.equal(await page.locator('#sidebar a[aria-current="page"]').evaluate((a) => a.href), url, path);
    const header = await page.locator(".site-header").evaluate((h) => getComputedStyle(h).position);
    assert.equal(header, "sticky", "the stylesheet loaded");
  }
  // Following a sidebar link from the disk.
  await Promise.all([page.waitForURL(/about\.html$/), page.locator('#sidebar a[href$="about.html"]').click()]);
  assert.equal(await page.locator('#sidebar a[aria-current="page"]').count(), 1);
  clean(seen);
  await context.close();
});

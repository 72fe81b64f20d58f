// Search: the header box over the build-time index in search/ (static/search.js). From file://
// (the index is loaded with script tags), under /repo/ over http, keyboard only, on a phone,
// with page text that looks like markup, and in a pt-BR book (Portuguese stemming).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { SITE, SITE_REPO, FIXTURE, FIXTURE_PT, launch, serve, watch, report } from "./lib.mjs";

let browser;
const figures = { searchQueries: 0, searchSlowestMs: 0 };
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await report("search", figures);
});

const fileUrl = (dir, path) => pathToFileURL(join(dir, path)).href;

// Types `query` into the box and waits for its results; returns them as
// [{ href, heading, text, page }].
async function query(page, text) {
  await page.fill("#search-input", text);
  await page.waitForFunction((q) => document.getElementById("search").getAttribute("data-query") === q, text);
  const took = Number(await page.getAttribute("#search", "data-took"));
  figures.searchQueries++;
  figures.searchSlowestMs = Math.max(figures.searchSlowestMs, Math.round(took));
  return page.$$eval(".search-result", (links) =>
    links.map((a) => ({
      href: a.href,
      heading: a.querySelector(".search-heading").textContent,
      text: a.textContent,
      page: a.closest(".search-group").querySelector(".search-page").textContent,
    })),
  );
}

async function open(url, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const seen = await watch(context);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page, seen };
}

test("a cited utility finds the section that explains it first, from file://", async () => {
  const { context, page, seen } = await open(fileUrl(SITE(), "index.html"));
  const results = await query(page, "brctl");
  assert.ok(results.length > 0, "no results for brctl");
  // 351.3 cites brctl; its Networking section is where the bridge commands are explained.
  assert.match(results[0].href, /351\/351\.3-qemu\.html\?highlight=brctl#networking$/);
  assert.match(results[0].page, /^351\.3/, "the group names the objective");
  // Typing a prefix finds it too.
  const typing = await query(page, "brct");
  assert.equal(typing[0]?.href.replace(/\?.*#/, "#"), results[0].href.replace(/\?.*#/, "#"));
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.external, []);
  await context.close();
});

test("a code option is found as written and highlighted on arrival", async () => {
  const { context, page, seen } = await open(fileUrl(SITE(), "352/index.html"));
  const results = await query(page, "--privileged");
  assert.ok(results.length > 0, "no results for --privileged");
  await page.click(".search-result");
  await page.waitForLoadState("load");
  assert.match(page.url(), /highlight=--privileged/);
  const marks = await page.$$eval("#content mark.search-mark", (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.includes("--privileged"), `marks on arrival: ${marks}`);
  // Paths are terms as written as well.
  const paths = await query(page, "/etc/libvirt/qemu.conf");
  assert.match(paths[0]?.href ?? "", /351\.4-libvirt\.html/);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.external, []);
  await context.close();
});

test("keyboard only: / and Ctrl+K focus, arrows move, Enter opens, Esc closes", async () => {
  const { context, page, seen } = await open(fileUrl(SITE(), "index.html"));
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  await page.keyboard.type("snapshot");
  await page.waitForFunction(() => document.getElementById("search").getAttribute("data-query") === "snapshot");
  assert.equal(await page.getAttribute("#search-input", "aria-expanded"), "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  const active = await page.getAttribute("#search-input", "aria-activedescendant");
  assert.equal(active, "search-option-0");
  assert.equal(await page.getAttribute("#search-option-0", "aria-selected"), "true");
  await page.keyboard.press("Escape");
  assert.equal(await page.isHidden("#search-results"), true, "Esc closes the results");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.isVisible("#search-results"), true, "ArrowDown opens them again");
  assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-option-0");
  const href = await page.getAttribute("#search-option-0", "href");
  await Promise.all([page.waitForURL((u) => u.href.includes("highlight=snapshot")), page.keyboard.press("Enter")]);
  assert.ok(page.url().endsWith(href.replace(/^.*\//, "")), `${page.url()} is ${href}`);
  assert.ok((await page.$$("#content mark.search-mark")).length > 0, "the match is marked on arrival");
  // Ctrl+K from anywhere on the new page.
  await page.locator("#content").focus();
  await page.keyboard.press("Control+k");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test("page text that looks like markup stays text", async () => {
  const { context, page, seen } = await open(fileUrl(FIXTURE(), "index.html"));
  const results = await query(page, "onerror");
  assert.ok(results.length > 0, "the hostile page is found");
  assert.match(results.map((r) => r.text).join(" "), /<img src=x onerror=/);
  assert.equal(await page.$$eval("#search-results img, #search-results script", (e) => e.length), 0);
  await page.click(".search-result");
  await page.waitForLoadState("load");
  assert.ok((await page.$$("#content mark.search-mark")).length > 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test("works under /repo/ over http and on a phone", async () => {
  const server = await serve(SITE_REPO(), "/repo/");
  try {
    const { context, page, seen } = await open(server.base + "351/351.2-xen.html", { width: 390, height: 844 });
    assert.equal(await page.isVisible("#search-input"), true);
    const results = await query(page, "qemu-img convert");
    assert.match(results[0]?.href ?? "", /\/repo\/351\/351\.5-disk-images\.html/);
    const box = await page.$eval("#search-results", (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });
    assert.ok(box.left >= 0 && box.right <= 390, `results fit the phone: ${JSON.stringify(box)}`);
    await page.click(".search-result");
    await page.waitForLoadState("load");
    assert.match(page.url(), /\/repo\/351\/351\.5-disk-images\.html\?highlight=/);
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.external, []);
    await context.close();
  } finally {
    await server.close();
  }
});

test("a Portuguese query finds the pt-BR page, whatever form of the word it uses", async () => {
  const { context, page, seen } = await open(fileUrl(FIXTURE_PT(), "index.html"));
  assert.equal(await page.getAttribute("html", "lang"), "pt-BR");
  // The page says "configurações"; the singular is a form the book never writes, found through
  // its stem, with or without accents.
  for (const q of ["configurações", "configuração", "configuracao"]) {
    const results = await query(page, q);
    assert.equal(results.length, 1, `${q}: ${JSON.stringify(results)}`);
    assert.match(results[0].href, /\/rede\.html\?highlight=[^#]*#rede$/, q);
    // The word as the page writes it is marked, whatever form was typed.
    assert.deepEqual(await page.$$eval(".search-snippet mark", (m) => m.map((x) => x.textContent)), ["configurações"], q);
  }
  // And on arrival.
  await Promise.all([page.waitForURL(/rede\.html/), page.click(".search-result")]);
  assert.deepEqual(await page.$$eval("mark.search-mark", (m) => m.map((x) => x.textContent)), ["configurações"]);
  // A heading word ranks its section first; stop words alone find nothing.
  const pontes = await query(page, "ponte");
  assert.match(pontes[0]?.href ?? "", /\/rede\.html\?highlight=ponte#pontes$/);
  assert.deepEqual(await query(page, "de da"), []);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.external, []);
  await context.close();
});

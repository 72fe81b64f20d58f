// A book in two languages (the guide with a pseudo-locale German, see browser.rs): the language
// switcher keeps the page and the section, untranslated text is marked as English, and the
// German pages pass axe as the English ones do.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { SITE_I18N, SCREENSHOTS, launch, serve, watch, report } from "./lib.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const OBJECTIVE = "351/351.3-qemu.html";
let browser, server;
const figures = { switches: 0, axeRunsTranslated: 0, axeViolationsTranslated: 0 };

before(async () => {
  browser = await launch();
  server = await serve(SITE_I18N());
});
after(async () => {
  await browser?.close();
  await server?.close();
  await report("languages", figures);
});

async function open(path) {
  const context = await browser.newContext({ colorScheme: "light", viewport: { width: 1280, height: 900 } });
  const seen = await watch(context);
  const page = await context.newPage();
  const response = await page.goto(new URL(path, server.base).href);
  assert.equal(response.status(), 200, path);
  return { context, page, seen };
}

/** Opens the switcher and follows the link to `lang`. */
async function switchTo(page, lang) {
  await page.locator(".language-switch > summary").click();
  const before = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== before), page.locator(`.language-switch a[hreflang="${lang}"]`).click()]);
  figures.switches += 1;
}

test("the switcher keeps the page and the anchor, both ways", async () => {
  const { context, page, seen } = await open(`${OBJECTIVE}#networking`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  await switchTo(page, "de");
  const url = new URL(page.url());
  assert.equal(url.pathname, `/de/${OBJECTIVE}`);
  assert.equal(url.hash, "#networking");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
  // The same section, translated (pseudo-locale), with the same id.
  const heading = await page.locator("#networking").textContent();
  assert.match(heading, /⟦Networking⟧/);
  await switchTo(page, "en");
  assert.equal(new URL(page.url()).pathname, `/${OBJECTIVE}`);
  assert.equal(new URL(page.url()).hash, "#networking");
  assert.deepEqual(seen.errors, [], "console errors");
  await context.close();
});

test("without an anchor the switcher keeps the section scrolled to", async () => {
  const { context, page } = await open(OBJECTIVE);
  await page.evaluate(() => document.getElementById("monitor").scrollIntoView());
  // Clicked from the page's script: Playwright's click would first scroll the sticky header's
  // link "into view", moving the page away from the section being read.
  const before = page.url();
  await Promise.all([
    page.waitForURL((u) => u.href !== before),
    page.evaluate(() => document.querySelector('.language-switch a[hreflang="de"]').click()),
  ]);
  assert.equal(new URL(page.url()).pathname, `/de/${OBJECTIVE}`);
  assert.equal(new URL(page.url()).hash, "#monitor");
  await context.close();
});

test("every page names its other language; untranslated text is marked English", async () => {
  const { context, page } = await open(`de/${OBJECTIVE}`);
  const alternates = await page.evaluate(() =>
    [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => [l.hreflang, new URL(l.href).pathname]),
  );
  assert.deepEqual(alternates, [["en", `/${OBJECTIVE}`], ["de", `/de/${OBJECTIVE}`]]);
  // Messages naming QEMU were left untranslated: they fall back to English, marked so.
  const marked = await page.locator('main [lang="en"]').count();
  assert.ok(marked > 0, "fallback text marked lang=en");
  assert.equal(await page.locator(".translation-notice").count(), 1);
  // Images and styles resolve from the language folder.
  const broken = await page.evaluate(() => [...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src));
  assert.deepEqual(broken, [], "broken images");
  await mkdir(SCREENSHOTS(), { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS(), "language-de-objective.png") });
  await context.close();
});

for (const path of ["de/index.html", `de/${OBJECTIVE}`, "de/blueprint.html", OBJECTIVE]) {
  test(`axe: ${path} of the two-language site`, async () => {
    const { context, page } = await open(path);
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    figures.axeRunsTranslated += 1;
    figures.axeViolationsTranslated += bad.reduce((n, v) => n + v.nodes.length, 0);
    const lines = bad.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
    assert.deepEqual(lines, [], `serious or critical axe violations on ${path}`);
    await context.close();
  });
}

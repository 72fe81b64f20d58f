// Accessibility: axe-core on each kind of page in the light and the dark theme (0 serious or
// critical violations), and by hand what axe cannot see: landmarks, the skip link, focus.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { SITE, launch, serve, report } from "./lib.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const KINDS = {
  home: "index.html",
  objective: "351/351.3-qemu.html",
  "objective with a lab": "351/351.4-libvirt.html",
  topic: "351/index.html",
  page: "about.html",
  toc: "toc.html",
  "404": "no/such/page.html",
  blueprint: "blueprint.html",
  "cited-objects index": "cited.html",
  "cheat sheet": "cheatsheet.html",
};
let browser, server;
let violations = 0;

before(async () => {
  browser = await launch();
  server = await serve(SITE());
});
after(async () => {
  await browser?.close();
  await server?.close();
  await report("a11y", { axeRuns: Object.keys(KINDS).length * 2, axeViolations: violations });
});

for (const scheme of ["light", "dark"]) {
  for (const [kind, path] of Object.entries(KINDS)) {
    test(`axe: ${kind} page, ${scheme} theme`, async () => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(new URL(path, server.base).href);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
      // Open every <details> so that answers and labs are checked too.
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      await page.addScriptTag({ path: AXE });
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      violations += bad.reduce((n, v) => n + v.nodes.length, 0);
      const lines = bad.map(
        (v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}\n    ` +
          v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`).join("\n    "),
      );
      assert.deepEqual(lines, [], `serious or critical axe violations on ${path}`);
      await context.close();
    });
  }
}

test("landmarks: one banner, one main, one contentinfo, named navigation", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of [KINDS.home, KINDS.objective, KINDS.toc]) {
    await page.goto(new URL(path, server.base).href);
    const count = (selector) => page.locator(selector).count();
    assert.equal(await count("body > header, [role=banner]"), 1, `${path}: banner`);
    assert.equal(await count("main, [role=main]"), 1, `${path}: main`);
    assert.equal(await count("body > footer, [role=contentinfo]"), 1, `${path}: contentinfo`);
    const unnamed = await page.locator("nav:not([aria-label]):not([aria-labelledby])").count();
    assert.equal(unnamed, 0, `${path}: every nav has a name`);
  }
  await context.close();
});

test("the skip link comes first, shows on focus and moves focus to the content", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL(KINDS.objective, server.base).href);
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, href: a.getAttribute("href"), top: r.top, height: r.height };
  });
  assert.equal(skip.cls, "skip-link");
  assert.ok(skip.top >= 0 && skip.height > 0, "visible when focused");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), skip.href.slice(1));
  await context.close();
});

test("every control shows where the keyboard focus is", async () => {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(new URL(KINDS.objective, server.base).href);
    const seen = new Set();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
        const shadow = style.boxShadow !== "none";
        return { what: `${el.tagName.toLowerCase()}.${el.className || el.id}`, visible: outline || shadow };
      });
      seen.add(focus.what);
      assert.ok(focus.visible, `${scheme}: focus indicator on ${focus.what}`);
    }
    assert.ok(seen.size > 5, "tabbed through several kinds of control");
    await context.close();
  }
});

// Every diagram of the bundled guide, measured as a reader sees it: at 1280 px and 390 px, in
// the light and the dark theme, each text element of each SVG must lie inside its box (node
// shape, edge label background, subgraph box, actor or note box) and inside the SVG, be
// reachable on screen (inside the viewport, or inside a diagram that scrolls and says so), and,
// at 1280 px, be drawn at least 11 px tall; no edge label may lie on a node. A diagram also
// opens full size in a dialog that Escape closes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SITE, htmlFiles, launch, report, serve } from "./lib.mjs";

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
/** The smallest text a reader gets at 1280 px, in CSS pixels (a little slack for rounding). */
const MIN_TEXT_PX = 11;
const SLACK = 0.75;

let browser, server, pages;
/** The figure of the report that counts each kind of problem. */
const TOTAL = { overflow: "overflows", clipped: "clipped", small: "small", overlap: "overlaps" };
const totals = { diagrams: 0, texts: 0, overflows: 0, clipped: 0, small: 0, overlaps: 0 };

before(async () => {
  browser = await launch();
  server = await serve(SITE());
  pages = [];
  for (const file of await htmlFiles(SITE())) {
    // print.html (and each translation's, pt-BR/print.html) is made for paper (no scripts, no
    // scroll cue): the PDF test (tests/pdf.rs) looks at it as printed.
    if (file.split("/").pop() === "print.html") continue;
    const html = await readFile(join(SITE(), file), "utf8");
    if (html.includes('class="diagram diagram-mermaid')) pages.push(file);
  }
});
after(async () => {
  await report("diagrams", totals);
  await browser?.close();
  await server?.close();
});

/** Runs in the page: one finding per text element that does not fit, and counts. */
function measure({ minPx, slack }) {
  const problems = [];
  let texts = 0;
  const viewportWidth = document.documentElement.clientWidth;
  const inside = (a, b) =>
    a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;
  const shapes = "rect, polygon, path, circle, ellipse";
  const sized = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  // The box a text belongs to: the shape of its node, the background of its edge label, the
  // rectangle of its subgraph, or the rectangle drawn with it in a sequence diagram.
  function boxOf(text) {
    const node = text.closest(".node");
    if (node) {
      const shape = [...node.children].find((c) => c.matches(shapes) && sized(c));
      if (shape) return shape;
    }
    const edge = text.closest(".edgeLabel");
    if (edge) return [...edge.querySelectorAll("rect")].find(sized) ?? null;
    const cluster = text.closest(".cluster");
    if (cluster) return [...cluster.children].find((c) => c.matches("rect, path") && sized(c)) ?? null;
    // Sequence and other diagrams: a sized rectangle that is a sibling of the text.
    const parent = text.parentElement;
    if (parent && !parent.matches("svg")) {
      const sibling = [...parent.children].find((c) => c !== text && c.matches("rect") && sized(c));
      if (sibling) return sibling;
    }
    return null;
  }
  const figures = [...document.querySelectorAll("figure.diagram-mermaid")];
  figures.forEach((figure, index) => {
    const svg = figure.querySelector("svg");
    const name = `diagram ${index + 1}`;
    const svgBox = svg.getBoundingClientRect();
    const scroller = figure.querySelector(".diagram-view") ?? figure;
    const scrolls = scroller.scrollWidth > scroller.clientWidth + 1;
    if (scrolls) {
      const cue = figure.querySelector(".diagram-scroll-hint");
      const visible = cue && cue.getClientRects().length > 0 && getComputedStyle(cue).visibility !== "hidden";
      if (!visible) problems.push({ kind: "clipped", where: name, text: "(scrolls sideways with no visible cue)" });
    }
    // Everything the reader can reach: the viewport, widened to the scrolled content when the
    // diagram scrolls.
    const reach = scroller.getBoundingClientRect();
    const reachable = {
      left: scrolls ? reach.left - scroller.scrollLeft : 0,
      right: scrolls ? reach.left - scroller.scrollLeft + scroller.scrollWidth : viewportWidth,
      top: -Infinity,
      bottom: Infinity,
    };
    // An edge label lies on its edge, never on a node.
    const nodeBoxes = [...svg.querySelectorAll(".node")].map((n) => [n, [...n.children].find((c) => c.matches(shapes) && sized(c))]);
    for (const label of svg.querySelectorAll(".edgeLabel")) {
      const back = [...label.querySelectorAll("rect")].find(sized);
      if (!back) continue;
      const a = back.getBoundingClientRect();
      for (const [node, shape] of nodeBoxes) {
        if (!shape) continue;
        const b = shape.getBoundingClientRect();
        const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (across > slack && down > slack) {
          problems.push({ kind: "overlap", where: name, text: label.textContent.trim(), detail: `on node "${node.textContent.trim()}"` });
        }
      }
    }
    for (const text of svg.querySelectorAll("text")) {
      const content = text.textContent.trim();
      if (!content) continue;
      texts++;
      const r = text.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const size = parseFloat(getComputedStyle(text).fontSize) * (svg.getScreenCTM()?.a ?? 1);
      if (minPx && size < minPx - 0.05) {
        problems.push({ kind: "small", where: name, text: content, detail: `${size.toFixed(1)} px` });
      }
      const box = boxOf(text);
      if (box && !inside(r, box.getBoundingClientRect())) {
        const b = box.getBoundingClientRect();
        problems.push({
          kind: "overflow",
          where: name,
          text: content,
          detail: `text ${r.left.toFixed(0)}..${r.right.toFixed(0)} (${r.width.toFixed(0)} px) in box ${b.left.toFixed(0)}..${b.right.toFixed(0)} (${b.width.toFixed(0)} px)`,
        });
      }
      if (!inside(r, svgBox)) {
        problems.push({ kind: "clipped", where: name, text: content, detail: "outside its SVG" });
      } else if (!inside(r, reachable)) {
        problems.push({ kind: "clipped", where: name, text: content, detail: "out of reach on screen" });
      }
    }
  });
  const page = document.scrollingElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    problems.push({ kind: "clipped", where: "page", text: "(the page scrolls sideways)" });
  }
  return { figures: figures.length, texts, problems };
}

for (const [device, options] of Object.entries(VIEWPORTS)) {
  for (const scheme of ["light", "dark"]) {
    test(`diagrams fit their boxes: ${device}, ${scheme}`, async () => {
      assert.ok(pages.length > 0, "no page of the guide has a diagram");
      const context = await browser.newContext({ ...options, colorScheme: scheme, reducedMotion: "reduce" });
      const page = await context.newPage();
      const found = [];
      let diagrams = 0;
      for (const path of pages) {
        await page.goto(new URL(path, server.base).href);
        await page.evaluate(() => document.fonts.ready);
        const result = await page.evaluate(measure, { minPx: device === "desktop" ? MIN_TEXT_PX : 0, slack: SLACK });
        diagrams += result.figures;
        totals.texts += result.texts;
        for (const p of result.problems) {
          found.push(`${path} ${p.where}: ${p.kind}: "${p.text}"${p.detail ? ` (${p.detail})` : ""}`);
          totals[TOTAL[p.kind]] += 1;
        }
      }
      totals.diagrams += diagrams;
      await context.close();
      const count = (kind) => found.filter((f) => f.includes(`: ${kind}: `)).length;
      assert.deepEqual(
        found,
        [],
        `${device}, ${scheme}: ${count("overflow")} overflows, ${count("clipped")} clipped, ${count("small")} too small, ${count("overlap")} edge labels on nodes in ${diagrams} diagrams:\n${found.join("\n")}`,
      );
    });
  }
}

test("a diagram opens full size in a dialog, and Escape closes it", async () => {
  const context = await browser.newContext(VIEWPORTS.phone);
  const page = await context.newPage();
  await page.goto(new URL(pages.find((p) => p.includes("351.3")) ?? pages[0], server.base).href);
  const open = page.locator("figure.diagram-mermaid .diagram-open").first();
  await open.focus();
  await page.keyboard.press("Enter");
  const dialog = page.locator("dialog.diagram-dialog");
  await dialog.waitFor({ state: "visible" });
  const shown = await dialog.evaluate((d) => {
    const svg = d.querySelector("svg");
    const box = svg.viewBox.baseVal;
    return { open: d.open, width: svg.getBoundingClientRect().width, natural: box.width };
  });
  assert.ok(shown.open, "the dialog is open");
  assert.ok(Math.abs(shown.width - shown.natural) < 2, `full size: ${shown.width} px for a ${shown.natural} px diagram`);
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await page.locator("figure.diagram-mermaid svg").count(), await page.locator("figure.diagram-mermaid").count(), "the diagram is back in the page");
  assert.ok(await open.evaluate((b) => b === document.activeElement), "focus returns to the button");
  // A click (tap) on the diagram opens it too.
  await page.locator("figure.diagram-mermaid svg").first().click();
  await dialog.waitFor({ state: "visible" });
  await page.locator("dialog.diagram-dialog .diagram-close").click();
  await dialog.waitFor({ state: "hidden" });
  await context.close();
});

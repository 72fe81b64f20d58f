// Query latency of the search box in headless Chromium, from file://, for scripts/search-bench.py.
//
//   node scripts/search-latency.mjs SITE_DIR PAGE QUERY...
//
// For each query, on a fresh page: the first run (manifest, shards and result sections loaded
// by script tags), the same query again (everything loaded), then typed one character at a
// time twice (the first pass loads what each prefix needs; the second is warm). Times are the
// box's own (`data-took`: from the input event to the results in the page). Prints JSON.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [site, pagePath, ...queries] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.EXAMBOOK_E2E_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const url = pathToFileURL(join(site, pagePath)).href;

// Runs one query in the page and returns the box's time for it.
async function run(page, text) {
  return page.evaluate(
    (text) =>
      new Promise((done) => {
        const box = document.getElementById("search");
        const input = document.getElementById("search-input");
        const seen = new MutationObserver(() => {
          if (box.getAttribute("data-query") === text) {
            seen.disconnect();
            done(Number(box.getAttribute("data-took")));
          }
        });
        seen.observe(box, { attributes: true });
        box.removeAttribute("data-query");
        input.value = text;
        input.dispatchEvent(new Event("input"));
      }),
    text,
  );
}

const out = { first: [], again: [], typingCold: [], typingWarm: [], results: {} };
for (const q of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  out.first.push(await run(page, q));
  out.again.push(await run(page, q));
  out.results[q] = await page.$$eval(".search-result", (a) => a.length);
  await context.close();
  const typing = await browser.newContext();
  const tpage = await typing.newPage();
  await tpage.goto(url);
  for (const pass of [out.typingCold, out.typingWarm]) {
    for (let i = 2; i <= q.length; i++) {
      const prefix = q.slice(0, i);
      if (prefix.trim() !== prefix) continue;
      pass.push(await run(tpage, prefix));
    }
  }
  await typing.close();
}
await browser.close();
console.log(JSON.stringify(out));

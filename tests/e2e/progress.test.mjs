// The reader's exam progress and the cited-objects index, in the browser: the "studied" toggle
// and the knowledge checkboxes persist across reloads (over http and from file://) and show in
// the sidebar and on the blueprint; progress exports to a JSON file and imports back, and a
// foreign or broken file is refused; the index filter hides what does not match.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SITE, launch, serve, watch, report } from "./lib.mjs";

const OBJECTIVE = "351/351.3-qemu.html"; // weight 4
const OTHER = "351/351.4-libvirt.html"; // weight 9
const KEY = "exambook:305-300:progress";
const QUESTIONS = 60;
let browser, server;
const figures = { externalRequests: 0, consoleErrors: 0 };

before(async () => {
  browser = await launch();
  server = await serve(SITE());
});
after(async () => {
  await browser?.close();
  await server?.close();
  await report("progress", figures);
});

async function fresh() {
  const context = await browser.newContext({ colorScheme: "light", acceptDownloads: true });
  const seen = await watch(context);
  const page = await context.newPage();
  return { context, page, seen };
}

async function open(page, path) {
  const response = await page.goto(new URL(path, server.base).href);
  assert.equal(response.status(), 200, path);
}

function clean(seen) {
  figures.externalRequests += seen.external.length;
  figures.consoleErrors += seen.errors.length;
  assert.deepEqual(seen.errors, [], "console errors");
  assert.deepEqual(seen.external, [], "requests that left the site");
}

const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) || "null"), KEY);
const meterText = (page, scope, of) => page.locator(`${scope} .meter[data-meter="${of}"] .meter-value`).first().textContent();
const blueprintRow = (page, id) => page.locator(`.blueprint-table:not(.heaviest) tr[data-objective="${id}"] .meter-value`);

test("progress: the studied toggle and the knowledge checkboxes persist and show in the sidebar and on the blueprint", async () => {
  const { context, page, seen } = await fresh();
  await open(page, OBJECTIVE);
  const toggle = page.locator(".objective .studied-toggle");
  assert.ok(await toggle.isVisible(), "exam.js shows the toggle");
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  const mini = page.locator('#sidebar li[data-objective="351.3"] > .toc-row .meter-mini');
  assert.equal(await mini.count(), 1, "the sidebar entry has a progress bar");
  assert.equal(await mini.evaluate((m) => m.classList.contains("is-started")), false);

  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  assert.ok(await mini.evaluate((m) => m.classList.contains("is-complete")), "the sidebar bar fills at once");

  await open(page, OTHER);
  const checks = page.locator(".objective .knowledge-check");
  const areas = await checks.count();
  assert.ok(areas >= 2, "the objective has knowledge areas");
  await page.locator(".objective-knowledge label").first().click();
  assert.equal(await checks.first().isChecked(), true);

  await page.reload();
  assert.equal(await checks.first().isChecked(), true, "the ticked area is kept across a reload");
  assert.equal(await checks.nth(1).isChecked(), false, "and only that one");
  await open(page, OBJECTIVE);
  assert.equal(await toggle.getAttribute("aria-pressed"), "true", "studied is kept on another page load");

  // The sidebar: the objective complete, its topic started, the total beside the blueprint link.
  assert.equal(await meterText(page, "#sidebar", "objective:351.3"), ", 100% studied");
  const partial = Math.round(100 / areas);
  assert.equal(await meterText(page, "#sidebar", "objective:351.4"), `, ${partial}% studied`);
  const topic = page.locator('#sidebar .meter[data-meter="topic:351"]');
  assert.equal(await topic.count(), 1, "the topic has a bar");
  assert.ok(await topic.evaluate((m) => m.classList.contains("is-started")));
  const total = Math.round(((4 * 1 + 9 / areas) / QUESTIONS) * 100);
  assert.equal(await meterText(page, "#sidebar", "total"), `, ${total}% studied`);

  const data = await stored(page);
  assert.equal(data.format, "exambook-progress");
  assert.equal(data.book, "305-300");
  assert.equal(data.objectives["351.3"].studied, true);
  assert.equal(data.objectives["351.4"].knowledge.length, 1);

  // The blueprint: each row, the topic and the total, and the summary.
  await open(page, "blueprint.html");
  assert.equal(await blueprintRow(page, "351.3").textContent(), "100%");
  assert.equal(await blueprintRow(page, "351.4").textContent(), `${partial}%`);
  assert.equal(await blueprintRow(page, "351.1").textContent(), "0%");
  assert.equal(await page.locator('.heaviest tr[data-objective="351.3"] .meter-value').textContent(), "100%");
  assert.equal(await meterText(page, ".progress-panel", "total"), `${total}%`);
  assert.match(await page.locator(".progress-summary").textContent(), / 1 of 13 objectives/);
  const width = await page.locator('.blueprint-table:not(.heaviest) tr[data-objective="351.3"] .meter-fill').evaluate((f) => f.style.width);
  assert.equal(width, "100%");

  // Unticking goes back to nothing, and the entry leaves the stored object.
  await open(page, OBJECTIVE);
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  assert.equal((await stored(page)).objectives["351.3"], undefined);
  clean(seen);
  await context.close();
});

test("progress: export then import round-trips; a foreign or broken file is refused", async () => {
  const { context, page, seen } = await fresh();
  await open(page, OBJECTIVE);
  await page.locator(".objective .studied-toggle").click();
  await page.locator(".objective-knowledge label").nth(1).click();
  const before = await stored(page);

  await open(page, "blueprint.html");
  const panel = page.locator(".progress-panel");
  assert.ok(await panel.isVisible(), "exam.js shows the progress panel");
  const [download] = await Promise.all([page.waitForEvent("download"), panel.locator(".progress-export").click()]);
  assert.equal(download.suggestedFilename(), "exambook-progress-305-300.json");
  const text = await readFile(await download.path(), "utf8");
  const exported = JSON.parse(text);
  assert.deepEqual(exported.objectives, before.objectives, "the file holds the progress");
  assert.equal(exported.book, "305-300");
  assert.match(await panel.locator(".progress-status").textContent(), /exported/);

  // Clear (confirmed), then import the file back.
  page.once("dialog", (dialog) => dialog.accept());
  await panel.locator(".progress-clear").click();
  assert.deepEqual((await stored(page)).objectives, {});
  assert.equal(await blueprintRow(page, "351.3").textContent(), "0%");
  await page.setInputFiles("#progress-file", { name: "progress.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.locator(".progress-status", { hasText: "Progress imported." }).waitFor();
  assert.deepEqual((await stored(page)).objectives, before.objectives, "imported as exported");
  assert.equal(await blueprintRow(page, "351.3").textContent(), "100%");
  await page.reload();
  assert.equal(await blueprintRow(page, "351.3").textContent(), "100%", "kept across a reload");

  // Refused: another guide's file, a file that is not JSON, and one of the wrong shape.
  const refuse = async (name, contents, message) => {
    await page.setInputFiles("#progress-file", { name, mimeType: "application/json", buffer: Buffer.from(contents) });
    const status = panel.locator(".progress-status.is-error", { hasText: message });
    await status.waitFor();
    assert.deepEqual((await stored(page)).objectives, before.objectives, `${name} changed nothing`);
  };
  await refuse("other.json", JSON.stringify({ ...exported, book: "101-500" }), "another guide (101-500)");
  await refuse("broken.json", "{ not json", "not an exambook progress file");
  await refuse("shape.json", JSON.stringify({ ...exported, objectives: { "351.3": { studied: "yes" } } }), "not an exambook progress file");
  await refuse("ids.json", JSON.stringify({ ...exported, objectives: { "<img>": { studied: true } } }), "not an exambook progress file");
  clean(seen);
  await context.close();
});

test("progress works from the disk (file://)", async () => {
  const { context, page, seen } = await fresh();
  const url = (path) => pathToFileURL(join(SITE(), path)).href;
  await page.goto(url(OBJECTIVE));
  const toggle = page.locator(".objective .studied-toggle");
  await toggle.click();
  await page.reload();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true", "kept across a reload from file://");
  await page.goto(url("blueprint.html"));
  assert.equal(await blueprintRow(page, "351.3").textContent(), "100%");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(".progress-export").click()]);
  assert.equal(JSON.parse(await readFile(await download.path(), "utf8")).objectives["351.3"].studied, true);
  clean(seen);
  await context.close();
});

test("the index filter hides entries that do not match and shows them again when cleared", async () => {
  const { context, page, seen } = await fresh();
  await open(page, "cited.html");
  const filter = page.locator("#cited-filter");
  assert.ok(await filter.isVisible(), "exam.js shows the filter");
  const entries = page.locator(".cited-entry");
  const all = await entries.count();
  assert.ok(all > 30, `the index lists ${all} entries`);
  const visible = () => page.locator(".cited-entry:visible").count();
  assert.equal(await visible(), all, "everything shows at first");

  await filter.fill("virsh");
  const shown = await visible();
  assert.ok(shown >= 1 && shown < all, `"virsh" leaves ${shown} of ${all}`);
  const names = await page.locator(".cited-entry:visible dt").allTextContents();
  assert.ok(names.every((n) => n.toLowerCase().includes("virsh")), names.join(", "));
  assert.equal(await page.locator("#kind-file").isVisible(), false, "a kind with no match hides");
  assert.equal(await page.locator(".cited-filter-count").textContent(), `${shown} of ${all} shown`);

  await filter.fill("352.2");
  const byObjective = await page.locator(".cited-entry:visible").evaluateAll((es) => es.map((e) => e.dataset.search));
  assert.ok(byObjective.length > 0 && byObjective.every((s) => s.includes("352.2")), "an objective id filters by objective");

  await filter.fill("no such thing at all");
  assert.equal(await visible(), 0);
  assert.ok(await page.locator(".cited-none").isVisible(), "says that nothing matches");

  await filter.fill("");
  assert.equal(await visible(), all, "clearing the filter shows every entry again");
  assert.equal(await page.locator(".cited-none").isVisible(), false);
  assert.equal(await page.locator(".cited-group:visible").count(), 3);
  clean(seen);
  await context.close();
});

test("a cited chip of an objective header leads to its index entry", async () => {
  const { context, page, seen } = await fresh();
  await open(page, OBJECTIVE);
  const chip = page.locator('.objective-cited a:has(code:text-is("/dev/kvm"))');
  await Promise.all([page.waitForURL(/cited\.html#file-dev-kvm$/), chip.click()]);
  const entry = page.locator("#file-dev-kvm");
  assert.ok(await entry.isVisible());
  assert.equal(await entry.evaluate((e) => e.matches(":target")), true);
  assert.ok(await entry.locator(`a[href$="${OBJECTIVE}"]`).count() > 0, "the entry links back to the objective");
  clean(seen);
  await context.close();
});

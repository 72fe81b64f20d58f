// Questions in the browser, on the quiz fixture book (crates/exambook/tests/cli/ok-questions):
// an inline question answered right and wrong (feedback, explanation, progress), the practice
// exam with a fixed seed (per-objective counts follow the weights, submit, score, review,
// retry), the countdown ending an attempt (Playwright's clock), attempts surviving a reload,
// file://, axe on the quiz and exam pages in both themes, and screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { QUIZ, SCREENSHOTS, launch, serve, watch, report } from "./lib.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const PAGE = "101/101.1-disks.html";
const KEY = "exambook:qz-100:progress";
// book.toml: questions = 10, weights 101.1 = 3, 101.2 = 2, 102.1 = 3, 102.2 = 2; 12 questions.
const WEIGHTS = { "101.1": 3, "101.2": 2, "102.1": 3, "102.2": 2 };
let browser, server;
const figures = { externalRequests: 0, consoleErrors: 0, axeRuns: 0, axeViolations: 0 };

before(async () => {
  browser = await launch();
  server = await serve(QUIZ());
});
after(async () => {
  await browser?.close();
  await server?.close();
  await report("quiz", figures);
});

async function fresh(options = {}) {
  const context = await browser.newContext({ colorScheme: "light", viewport: { width: 1280, height: 900 }, ...options });
  const seen = await watch(context);
  const page = await context.newPage();
  return { context, page, seen };
}

function clean(seen) {
  figures.externalRequests += seen.external.length;
  figures.consoleErrors += seen.errors.length;
  assert.deepEqual(seen.errors, [], "console errors");
  assert.deepEqual(seen.external, [], "requests that left the site");
}

const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) || "null"), KEY);

async function shot(page, name) {
  const dir = SCREENSHOTS();
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `quiz-${name}.png`), fullPage: false });
}

test("inline question: the answer is not in the visible text; right and wrong answers get feedback and the explanation", async () => {
  const { context, page, seen } = await fresh();
  await page.goto(new URL(PAGE, server.base).href);
  const q = page.locator("#q-101-1-gpt");
  const explanation = q.locator(".question-explanation");
  assert.equal(await explanation.isVisible(), false, "explanation hidden before answering");
  const visible = await page.evaluate(() => document.body.innerText);
  assert.ok(!visible.includes("GPT keeps a second header"), "no explanation text visible before answering");
  assert.equal(await q.locator(".is-correct").count(), 0, "no option marked before answering");
  await q.scrollIntoViewIfNeeded();
  await shot(page, "inline-before-desktop");

  // Wrong first: MBR.
  await q.getByLabel("MBR").check();
  await q.getByRole("button", { name: "Check" }).click();
  assert.equal(await q.locator(".question-feedback").textContent(), "Not quite.");
  assert.ok(await explanation.isVisible(), "explanation shown after answering");
  assert.equal(await q.locator(".question-option.is-wrong").count(), 1);
  assert.equal(await q.locator(".question-option.is-correct").count(), 1);
  let data = await stored(page);
  assert.deepEqual(data.questions["101/101.1-disks#q-101-1-gpt"], { ok: false, objective: "101.1" });

  // Then right, with the keyboard: focus the GPT radio and press Enter to submit the form.
  await q.getByLabel("GPT").focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  assert.equal(await q.locator(".question-feedback").textContent(), "Right.");
  data = await stored(page);
  assert.deepEqual(data.questions["101/101.1-disks#q-101-1-gpt"], { ok: true, objective: "101.1" });
  await shot(page, "inline-after-desktop");

  // A fill-in: wrong, then right with extra spaces; the multiple-answer question needs both.
  const fill = page.locator("#q-101-1-lsblk");
  await fill.getByLabel("Your answer").fill("lsusb");
  await fill.getByRole("button", { name: "Check" }).click();
  assert.equal(await fill.locator(".question-feedback").textContent(), "Not quite.");
  assert.match(await fill.locator(".question-accepted").textContent(), /lsblk/);
  await fill.getByLabel("Your answer").fill("  lsblk ");
  await fill.getByRole("button", { name: "Check" }).click();
  assert.equal(await fill.locator(".question-feedback").textContent(), "Right.");
  const multi = page.locator("#q-101-1-tools");
  await multi.getByLabel("gdisk").check();
  await multi.getByRole("button", { name: "Check" }).click();
  assert.equal(await multi.locator(".question-feedback").textContent(), "Not quite.");
  await multi.getByLabel("parted").check();
  await multi.getByRole("button", { name: "Check" }).click();
  assert.equal(await multi.locator(".question-feedback").textContent(), "Right.");

  // Patterns and any-case answers on other pages.
  await page.goto(new URL("102/102.2-routes.html", server.base).href);
  const route = page.locator("#q-102-2-default");
  await route.getByLabel("Your answer").fill("0.0.0.0/0");
  await route.getByRole("button", { name: "Check" }).click();
  assert.equal(await route.locator(".question-feedback").textContent(), "Right.");
  await page.goto(new URL("101/101.2-filesystems.html", server.base).href);
  const tune = page.locator("#q-101-2-tune");
  await tune.getByLabel("Your answer").fill("TUNE2FS");
  await tune.getByRole("button", { name: "Check" }).click();
  assert.equal(await tune.locator(".question-feedback").textContent(), "Right.");

  // The blueprint counts the right answers per objective.
  await page.goto(new URL("blueprint.html", server.base).href);
  const cell = page.locator('[data-quiz-objective="101.1"]');
  assert.match(await cell.textContent(), /^4\s*\(3 ✓\)$/);
  clean(seen);
  await context.close();
});

async function startExam(page, seed) {
  await page.goto(new URL(`practice.html?seed=${seed}`, server.base).href);
  assert.equal(await page.locator(".practice-seed-value").textContent(), seed, "the seed is shown");
  const counts = {};
  for (const li of await page.locator("[data-objective-count]").all()) {
    counts[await li.getAttribute("data-objective-count")] = Number(await li.getAttribute("data-count"));
  }
  await page.getByRole("button", { name: "Start" }).click();
  return counts;
}

// The questions of an attempt, in order, by their text.
const sheetTexts = (page) => page.locator(".practice-sheet .question-text").allTextContents();

test("practice exam: a fixed seed draws by weight, the same seed draws the same; submit scores and reviews", async () => {
  const { context, page, seen } = await fresh();
  const counts = await startExam(page, "abc123");
  assert.deepEqual(counts, WEIGHTS, "each objective brings as many questions as its weight");
  const first = await sheetTexts(page);
  assert.equal(first.length, 10);
  assert.equal(await page.locator(".practice-sheet .question-feedback").count(), 0, "no feedback while answering");
  await shot(page, "exam-progress-desktop");

  // Same seed, same draw.
  await startExam(page, "abc123");
  assert.deepEqual(await sheetTexts(page), first, "the same seed draws the same questions");

  // Answer the first question right if it is a choice question, leave the rest blank.
  const data = await page.evaluate(() => JSON.parse(document.getElementById("practice-data").textContent));
  const byText = new Map(data.questions.map((q) => [q.text.replace(/<[^>]+>/g, "").trim(), q]));
  let expectRight = 0;
  const forms = await page.locator(".practice-sheet form.question").all();
  for (const form of forms) {
    const text = (await form.locator(".question-text").textContent()).trim();
    const q = byText.get(text);
    assert.ok(q, `question found in the page data: ${text}`);
    if (q.kind === "fill") {
      await form.locator(".question-fill input").fill(q.answer[0][1]);
    } else {
      for (const i of q.answer) await form.locator(`input[value="${i}"]`).check();
    }
    expectRight++;
    if (expectRight === 7) break;
  }
  await page.getByRole("button", { name: "Submit" }).click();
  const summary = page.locator(".practice-summary");
  // 7 of 10 on 200–800: 200 + 600 × 0.7 = 620, passing 500.
  assert.match(await summary.textContent(), /Score: 620 \(7 of 10 right\); passing: 500/);
  assert.equal(await page.locator(".practice-verdict").textContent(), "Pass");
  assert.equal(await page.locator(".practice-review-list > li").count(), 10);
  assert.equal(await page.locator(".practice-review-list > li.is-wrong").count(), 3);
  assert.equal(await page.locator(".practice-review-list .practice-section-link").count(), 10);
  const rows = await page.locator("[data-objective-result]").count();
  assert.equal(rows, 4, "a breakdown row per objective");
  await shot(page, "exam-result-desktop");

  // A review link reaches the question on its page.
  const href = await page.locator(".practice-review-list .practice-section-link").first().getAttribute("href");
  assert.match(href, /^(10[12]\/[^#]+|bank)\.html#q-/);

  // Retry the missed ones: exactly the 3 wrong questions.
  await page.locator(".practice-retry").click();
  await page.getByRole("button", { name: "Start" }).click();
  assert.equal((await sheetTexts(page)).length, 3);

  // Attempts survive a reload and go into the exported progress.
  await page.reload();
  const attempts = page.locator(".practice-attempts li");
  assert.equal(await attempts.count(), 1);
  assert.match(await attempts.first().textContent(), /abc123 · 620 \(7\/10\) ✓/);
  const saved = await stored(page);
  assert.equal(saved.attempts.length, 1);
  assert.equal(saved.attempts[0].missed.length, 3);
  clean(seen);
  await context.close();
});

test("practice exam: the countdown ends the attempt", async () => {
  const { context, page, seen } = await fresh();
  await page.clock.install();
  await startExam(page, "timer1");
  assert.match(await page.locator(".practice-clock").textContent(), /^15:00$/);
  await page.clock.runFor(60_000);
  assert.match(await page.locator(".practice-clock").textContent(), /^14:00$/);
  await page.clock.runFor(14 * 60_000 + 1000);
  assert.ok(await page.locator(".practice-result").isVisible(), "time up shows the result");
  assert.match(await page.locator(".practice-time-up").textContent(), /Time is up/);
  assert.match(await page.locator(".practice-summary").textContent(), /Score: 200 \(0 of 10 right\)/);
  assert.equal(await page.locator(".practice-verdict").textContent(), "Not yet a pass");
  clean(seen);
  await context.close();
});

test("practice exam and inline questions work from file://", async () => {
  const { context, page, seen } = await fresh();
  await page.goto(pathToFileURL(join(QUIZ(), "practice.html")).href + "?seed=file1");
  await page.getByRole("button", { name: "Start" }).click();
  assert.equal((await sheetTexts(page)).length, 10);
  await page.goto(pathToFileURL(join(QUIZ(), PAGE)).href);
  const q = page.locator("#q-101-1-gpt");
  await q.getByLabel("GPT").check();
  await q.getByRole("button", { name: "Check" }).click();
  assert.equal(await q.locator(".question-feedback").textContent(), "Right.");
  clean(seen);
  await context.close();
});

test("phone: inline question and practice exam screenshots", async () => {
  const { context, page, seen } = await fresh({ viewport: { width: 390, height: 844 }, colorScheme: "dark", isMobile: true, hasTouch: true });
  await page.goto(new URL(PAGE, server.base).href);
  const q = page.locator("#q-101-1-gpt");
  await q.scrollIntoViewIfNeeded();
  await shot(page, "inline-before-phone");
  await q.getByLabel("MBR").check();
  await q.getByRole("button", { name: "Check" }).click();
  await q.locator(".question-explanation").scrollIntoViewIfNeeded();
  await shot(page, "inline-after-phone");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling (${width} px)`);
  await startExam(page, "phone1");
  await shot(page, "exam-progress-phone");
  await page.getByRole("button", { name: "Submit" }).click();
  await shot(page, "exam-result-phone");
  clean(seen);
  await context.close();
});

for (const scheme of ["light", "dark"]) {
  for (const [kind, prepare] of Object.entries({
    quiz: async (page) => {
      await page.goto(new URL(PAGE, server.base).href);
      const q = page.locator("#q-101-1-gpt");
      await q.getByLabel("MBR").check();
      await q.getByRole("button", { name: "Check" }).click();
    },
    exam: async (page) => {
      await startExam(page, "axe1");
    },
    result: async (page) => {
      await startExam(page, "axe2");
      await page.getByRole("button", { name: "Submit" }).click();
    },
  })) {
    test(`axe: ${kind} page, ${scheme} theme`, async () => {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await prepare(page);
      await page.addScriptTag({ path: AXE });
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      figures.axeRuns++;
      figures.axeViolations += bad.reduce((n, v) => n + v.nodes.length, 0);
      const lines = bad.map((v) => `${v.id} (${v.impact}): ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(lines, [], `serious or critical axe violations (${kind}, ${scheme})`);
      await context.close();
    });
  }
}

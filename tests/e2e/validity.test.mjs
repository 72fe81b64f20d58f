// HTML validity: the Nu HTML Checker (npm vnu-jar, on the machine's Java) over every page of
// the built guide, the fixture book and the guide in two languages, in one Java run. 0 errors.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { SITE, FIXTURE, SITE_I18N, htmlFiles, report } from "./lib.mjs";

const VNU = createRequire(import.meta.url).resolve("vnu-jar/build/dist/vnu.jar");
const figures = { pagesValidated: 0, vnuErrors: 0 };
after(() => report("validity", figures));

test("every page is valid HTML (vnu)", async () => {
  const files = [];
  // The two-language site: both languages (the switcher and hreflang on the English pages).
  for (const dir of [SITE(), FIXTURE(), SITE_I18N()]) files.push(...(await htmlFiles(dir)).map((f) => join(dir, f)));
  const stderr = await new Promise((ok, fail) => {
    // vnu exits 1 when it finds errors; its JSON report is on stderr either way.
    execFile("java", ["-jar", VNU, "--errors-only", "--format", "json", ...files], { maxBuffer: 64 << 20 }, (err, _out, stderr) => {
      if (err && !stderr.trimStart().startsWith("{")) fail(err);
      else ok(stderr);
    });
  });
  const messages = JSON.parse(stderr).messages.filter((m) => m.type !== "info"); // errors, fatal and I/O errors
  figures.pagesValidated = files.length;
  figures.vnuErrors = messages.length;
  const lines = messages.map((m) => `${m.url.replace(/^file:/, "")}:${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message}\n    ${m.extract ?? ""}`);
  assert.deepEqual(lines, [], "vnu errors");
  assert.ok(files.length >= 20, `validated ${files.length} pages`);
});

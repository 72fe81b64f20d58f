// Screenshots of a few kinds of page at desktop and phone widths, light and dark, for people to
// look at: target/screenshots/<kind>-<device>-<theme>.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { SITE, SCREENSHOTS, launch, serve } from "./lib.mjs";

const KINDS = {
  home: { path: "index.html" },
  objective: { path: "351/351.3-qemu.html" },
  "objective-diagram": { path: "351/351.3-qemu.html", scrollTo: "figure.diagram" },
  "objective-lab": { path: "351/351.4-libvirt.html", scrollTo: "details.admonition", open: true },
  topic: { path: "352/index.html" },
  blueprint: { path: "blueprint.html" },
  "cited-index": { path: "cited.html" },
  cheatsheet: { path: "cheatsheet.html" },
  "404": { path: "no/such/page.html" },
};
const DEVICES = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
let browser, server;

before(async () => {
  browser = await launch();
  server = await serve(SITE());
  await mkdir(SCREENSHOTS(), { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function shoot(name, device, scheme, path, prepare = async () => {}) {
  const context = await browser.newContext({ ...DEVICES[device], colorScheme: scheme, reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.goto(new URL(path, server.base).href);
  await prepare(page);
  const file = join(SCREENSHOTS(), `${name}-${device}-${scheme}.png`);
  await page.screenshot({ path: file });
  assert.ok((await stat(file)).size > 5000, file);
  await context.close();
}

for (const device of Object.keys(DEVICES)) {
  for (const scheme of ["light", "dark"]) {
    test(`screenshots: ${device}, ${scheme}`, async () => {
      for (const [name, kind] of Object.entries(KINDS)) {
        await shoot(name, device, scheme, kind.path, async (page) => {
          if (!kind.scrollTo) return;
          const target = page.locator(kind.scrollTo).first();
          if (kind.open) await target.evaluate((d) => (d.open = true));
          await target.evaluate((el) => el.scrollIntoView({ block: "start" }));
        });
      }
    });
  }
}

test("screenshots: phone navigation drawer", async () => {
  for (const scheme of ["light", "dark"]) {
    await shoot("drawer", "phone", scheme, KINDS.objective.path, async (page) => {
      await page.locator("#menu-toggle").click();
      assert.equal(await page.locator("#menu-toggle").getAttribute("aria-expanded"), "true");
      assert.ok(await page.locator('#sidebar a[aria-current="page"]').isVisible(), "the drawer shows the current page");
    });
  }
});

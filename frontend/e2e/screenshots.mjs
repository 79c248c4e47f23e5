// Screenshots of pages as each demo persona sees them, in each language (LANGS, default en,es,uk), at desktop and
// phone width, for looking at what a change did. Against a running demo (`veedor demo`):
//
//   node screenshots.mjs http://127.0.0.1:8080 OUT_DIR persona:/path [persona:/path …]
//
// persona is one of: public, citizen, moderator, officer, auditor, admin (the demo accounts).
import { mkdirSync } from "node:fs";
import path from "node:path";

import { chromium } from "playwright-core";

const [base, out, ...targets] = process.argv.slice(2);
const PASSWORD = "veedor-demo-2026";
const EMAILS = {
  citizen: "ciudadana@demo.veedor.org",
  moderator: "moderador@demo.veedor.org",
  officer: "funcionario@demo.veedor.org",
  auditor: "auditor@demo.veedor.org",
  admin: "admin@demo.veedor.org",
};
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
for (const target of targets) {
  const [persona, page_path] = target.split(/:(.*)/s);
  for (const lang of (process.env.LANGS ?? "en,es,uk").split(",")) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      const context = await browser.newContext({ viewport, locale: lang });
      const page = await context.newPage();
      if (persona !== "public") {
        await page.goto(`${base}/signin?lang=${lang}`);
        await page.fill("input[name=email]", EMAILS[persona]);
        await page.fill("input[name=password]", PASSWORD);
        await Promise.all([page.waitForNavigation(), page.click("form button[type=submit]")]);
      }
      const sep = page_path.includes("?") ? "&" : "?";
      await page.goto(`${base}${page_path}${sep}lang=${lang}`);
      const name = `${persona}-${page_path.replace(/[^a-z0-9]+/gi, "_")}-${lang}-${size}.png`;
      await page.screenshot({ path: path.join(out, name), fullPage: true });
      console.log(name);
      await context.close();
    }
  }
}
await browser.close();

// The redress loop in a real browser: a citizen signs up, confirms the address from the mail the
// SMTP server received, files a complaint with a photo on an imported process (after fixing a
// form error), a moderator accepts it, the agency's officer answers, the citizen says they are
// satisfied, and a signed-out visitor sees the answer on the process page. In English with
// JavaScript, in Spanish without it. Then an accessibility check of the main pages (axe-core).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";

import { catalogue, shot, startBrowser, startSmtp, startVeedor } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// A small real PNG (a red dot): the server checks evidence files by their bytes.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC",
  "base64",
);
// Category labels come from config/categories.toml, not the page catalogues.
const INFLATED_PRICE = { en: "Inflated price", es: "Precio inflado" };

let smtp;
let veedor;
let browser;

before(async () => {
  smtp = await startSmtp();
  veedor = await startVeedor(smtp.port);
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await veedor?.stop();
  await smtp?.close();
});

/// A browser context of its own (its own cookies), in `lang`.
async function visitor(lang, options = {}) {
  const context = await browser.newContext({
    locale: lang === "es" ? "es-PY" : "en-GB",
    baseURL: veedor.base,
    ...options,
  });
  const page = await context.newPage();
  return { context, page };
}

async function signIn(page, t, email, password) {
  await page.goto("/signin");
  await page.getByLabel(t("account.email")).fill(email);
  await page.getByLabel(t("account.password_plain"), { exact: true }).fill(password);
  await page.getByRole("button", { name: t("account.signin") }).click();
  await page.waitForURL(/\/account/);
}

/// The form of one action on one item of a work page.
function action(page, t, id, transition) {
  return page
    .locator(`#item-${id} form`)
    .filter({ has: page.getByRole("button", { name: t(`action.${transition}`) }) });
}

async function theLoop(lang, { javaScript }) {
  const t = catalogue(lang);
  const tag = `${lang}${javaScript ? "" : "-nojs"}`;
  const email = `citizen-${tag}@e2e.example.org`;
  const password = "a citizen's passphrase";
  const { context, page } = await visitor(lang, { javaScriptEnabled: javaScript });

  // Sign up, then confirm the address with the link that came by mail.
  await page.goto("/");
  assert.equal(await page.locator("html").getAttribute("lang"), lang);
  await page.getByRole("link", { name: t("account.signup"), exact: true }).first().click();
  await page.getByLabel(t("account.name")).fill(`Ciudadana ${tag}`);
  await page.getByLabel(t("account.email")).fill(email);
  await page.getByLabel(t("account.password")).fill(password);
  await shot(page, `${tag}-01-signup`);
  await page.getByRole("button", { name: t("account.signup") }).click();
  await page.getByText(t("account.check_email")).waitFor();
  const [link] = await smtp.waitFor(email, /https?:\/\/\S+\/verify\?token=[0-9a-f]{64}/);
  await page.goto(link);
  await page.getByRole("button", { name: t("account.verify_button") }).click();
  await page.getByText(t("account.verified")).waitFor();
  await signIn(page, t, email, password);

  // The imported process, its filing form; a first try without a description.
  await page.goto(`/processes/${encodeURIComponent(veedor.process.ocid)}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByRole("link", { name: t("give.link") }).click();
  await page.getByRole("link", { name: INFLATED_PRICE[lang] }).click();
  await page.getByLabel(t("give.stage")).selectOption({ label: t("stage.tender") });
  await page.locator('[id="f-answers.market_price"]').fill("120000");
  await page.getByLabel(t("give.attachments")).setInputFiles({
    name: "cotizacion.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  await page.getByLabel(t("give.anonymous")).check();
  await page.getByRole("button", { name: t("give.submit") }).click();
  const summary = page.getByRole("alert");
  await summary.waitFor();
  await shot(page, `${tag}-02-form-error`);
  assert.equal(
    await summary.locator('a[href="#f-description"]').count(),
    1,
    `the error links to its field: ${await summary.innerHTML()}`,
  );
  await summary.getByText(t("give.invalid.description")).waitFor();
  assert.equal(await page.getByLabel(t("give.description")).getAttribute("aria-invalid"), "true");
  if (javaScript) {
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, "error-summary", "the script moves the focus to the summary");
  } else {
    assert.equal(await page.locator("#f-description-left").count(), 0, "no script, no counter");
  }
  assert.ok(await page.getByLabel(t("give.anonymous")).isChecked(), "the anonymity choice is kept");
  // Fixed: the description, and the evidence again (a browser never keeps a chosen file).
  const description = `El precio unitario triplica el de mercado (${tag}).`;
  await page.getByLabel(t("give.description")).fill(description);
  await page.getByLabel(t("give.attachments")).setInputFiles({
    name: "cotizacion.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  await page.getByRole("button", { name: t("give.submit") }).click();
  await page.waitForURL(/\/feedback\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();
  await page.getByText(description).waitFor();
  await shot(page, `${tag}-03-filed`);

  // The moderator accepts it: the routing rules send it to the buyer.
  const moderator = await visitor(lang, { javaScriptEnabled: javaScript });
  await signIn(moderator.page, t, veedor.people.moderator, veedor.password);
  await moderator.page.goto("/work");
  await shot(moderator.page, `${tag}-04-triage`);
  await action(moderator.page, t, id, "accept").getByRole("button").click();
  await moderator.page.waitForURL(/\/work/);
  await moderator.context.close();

  // The buyer's officer answers, in public.
  const answer = `Revisamos el precio con el proveedor y corregimos el pliego (${tag}).`;
  const officer = await visitor(lang, { javaScriptEnabled: javaScript });
  await signIn(officer.page, t, veedor.people.officer, veedor.password);
  await officer.page.goto("/work");
  const form = action(officer.page, t, id, "answer");
  await form.getByRole("textbox").fill(answer);
  await shot(officer.page, `${tag}-05-agency-inbox`);
  await form.getByRole("button").click();
  await officer.page.waitForURL(/\/work/);
  await officer.context.close();

  // The citizen was told by mail, and says the answer satisfies them.
  await smtp.waitFor(email, new RegExp(id));
  await page.goto("/work");
  await action(page, t, id, "satisfied").getByRole("button").click();
  await page.waitForURL(/\/work/);
  await context.close();

  // Anyone, signed out, sees the answer beside the process; nothing of the citizen's identity.
  const reader = await visitor(lang, { javaScriptEnabled: javaScript });
  await reader.page.goto(`/processes/${encodeURIComponent(veedor.process.ocid)}`);
  const published = reader.page.locator("li").filter({ hasText: description });
  await published.getByText(answer).waitFor();
  await published.getByText(t("state.closed")).waitFor();
  const html = await reader.page.content();
  assert.ok(!html.includes(email) && !html.includes(`Ciudadana ${tag}`), "the complainant stays anonymous");
  await shot(reader.page, `${tag}-06-process-page-signed-out`);
  await published.getByRole("link").click();
  await reader.page.getByRole("heading", { name: t("feedback.answer") }).waitFor();
  await reader.page.getByText(t("feedback.deadline_met")).waitFor();
  await shot(reader.page, `${tag}-07-feedback-page`);
  await reader.context.close();
  return id;
}

describe("Veedor in Chromium", { concurrency: 1 }, () => {
  test("in English, with JavaScript", async () => {
    await theLoop("en", { javaScript: true });
  });

  test("in Spanish, without JavaScript", async () => {
    await theLoop("es", { javaScript: false });
  });

  test("the language choice is kept from page to page", async () => {
    const { context, page } = await visitor("en");
    await page.goto("/");
    await page.getByRole("link", { name: "Español" }).click();
    await page.getByRole("link", { name: catalogue("es")("nav.search") }).click();
    assert.equal(await page.locator("html").getAttribute("lang"), "es");
    await context.close();
  });

  test("accessibility: the main pages have no serious or critical axe-core violations", async () => {
    const t = catalogue("en");
    // axe runs as an injected script, which the pages' CSP rightly forbids: only here is it lifted.
    const { context, page } = await visitor("en", { bypassCSP: true });
    const ocid = encodeURIComponent(veedor.process.ocid);
    const feedback = await (await fetch(`${veedor.base}/api/v1/feedback?per_page=1`)).json();
    const pages = [
      "/",
      "/?lang=es",
      "/search?q=hospital",
      "/search?min_value=abc",
      `/processes/${ocid}`,
      `/feedback/${feedback.items[0].id}`,
      `/agencies/${encodeURIComponent(veedor.process.buyer.id)}`,
      "/agencies",
      "/signin",
      "/signup",
      "/password-reset",
      "/nowhere", // errors are pages too
    ];
    const problems = [];
    const check = async (name) => {
      await page.evaluate(AXE);
      const result = await page.evaluate(() =>
        window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }),
      );
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          problems.push(`${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target).join(", ")}`);
        }
      }
    };
    for (const url of pages) {
      await page.goto(url);
      await check(url);
    }
    await page.goto("/?lang=en"); // back from the Spanish page, which the browser remembers
    // Signed in: the work page, the account page and the filing form with its error.
    await signIn(page, t, veedor.people.officer, veedor.password);
    for (const url of [
      "/work",
      "/account",
      "/invitations/accept?token=not-a-real-one",
      `/processes/${ocid}/give?category=inflated_price`,
    ]) {
      await page.goto(url);
      await check(url);
    }
    await page.getByRole("button", { name: t("give.submit") }).click();
    await page.getByRole("alert").waitFor();
    await check("filing form with an error");
    await context.close();
    assert.deepEqual(problems, []);
  });
});

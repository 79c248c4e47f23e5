// The redress loop in a real browser, in English (with JavaScript), Spanish (without it) and
// Ukrainian: a citizen signs up, confirms the address from the mail the SMTP server received,
// files a complaint with a photo (after fixing a form error); a moderator accepts it from the
// item page, picking the agency by name; the agency's officer answers with a document; the
// citizen, from the link in the mail, finds the answer unsatisfying; the oversight body records
// its finding; a signed-out visitor reads the answer and the finding. A rejected item shows as
// the publication policy says, search finds a singular word and a pasted ocid, and the 404 is
// a page. Then axe-core on every page, in every language, at desktop and phone width.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";

import { catalogue, shot, startBrowser, startSmtp, startVeedor } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// A small real PNG (a red dot) and a small real PDF: the server checks files by their bytes.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC",
  "base64",
);
const PDF = (() => {
  const objects = [
    "<</Type/Catalog/Pages 2 0 R>>",
    "<</Type/Pages/Kids[3 0 R]/Count 1>>",
    "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
  ];
  let body = "%PDF-1.4\n";
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj${object}endobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) body += `${String(at).padStart(10, "0")} 00000 n \n`;
  body += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
})();
// Category labels come from config/categories.toml, not the page catalogues.
const INFLATED_PRICE = { en: "Inflated price", es: "Precio inflado", uk: "Завищена ціна" };
const LOCALES = { en: "en-GB", es: "es-PY", uk: "uk-UA" };

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
    locale: LOCALES[lang],
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

/// Takes one move on an item's page: the action, then what it asks, then Continue.
async function act(page, t, transition, fill = async () => {}) {
  await page.getByLabel(t(`action.${transition}`), { exact: true }).check();
  await fill(page);
  await page.getByRole("button", { name: t("act.continue") }).click();
}

/// The banner an item's page shows after a move.
async function done(page, t, transition) {
  await page.waitForURL(/[?&]done=/);
  const action = t(`action.${transition}`);
  await page.getByText(t("act.done", { action })).waitFor();
}

/// An API token for setting up a scene quickly (the pages are tested elsewhere in the loop).
async function token(email, password) {
  const r = await fetch(`${veedor.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return (await r.json()).access_token;
}

async function theLoop(lang, { javaScript }) {
  const t = catalogue(lang);
  const tag = `${lang}${javaScript ? "" : "-nojs"}`;
  const email = `citizen-${tag}@e2e.example.org`;
  const name = `Ciudadana ${tag}`;
  const password = "a citizen's passphrase";
  const { context, page } = await visitor(lang, { javaScriptEnabled: javaScript });

  // Sign up, then confirm the address with the link that came by mail.
  await page.goto(`/?lang=${lang}`);
  assert.equal(await page.locator("html").getAttribute("lang"), lang);
  await page.getByRole("link", { name: t("account.signup"), exact: true }).first().click();
  await page.getByLabel(t("account.name")).fill(name);
  await page.getByLabel(t("account.email")).fill(email);
  await page.getByLabel(t("account.password"), { exact: true }).fill(password);
  await shot(page, `${tag}-01-signup`);
  await page.getByRole("button", { name: t("account.signup") }).click();
  await page.getByText(t("account.check_email")).waitFor();
  const [link] = await smtp.waitFor(email, /https?:\/\/\S+\/verify\?token=[0-9a-f]{64}/);
  await page.goto(link);
  await page.getByRole("button", { name: t("account.verify_button") }).click();
  await page.getByText(t("account.verified")).waitFor();
  await signIn(page, t, email, password);

  // The header knows who is signed in, on cached public pages too.
  await page.goto(`/processes/${encodeURIComponent(veedor.process.ocid)}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByRole("link", { name: new RegExp(name) }).waitFor();
  await page.getByRole("button", { name: t("account.signout") }).waitFor();
  assert.equal(await page.getByRole("link", { name: t("account.signin"), exact: true }).count(), 0);
  await shot(page, `${tag}-02-process-signed-in`);

  // The filing form; a first try without a description.
  await page.getByText(t("give.link")).click();
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
  await shot(page, `${tag}-03-form-error`);
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
  await page.getByText(t("give.attachments_again")).waitFor();
  // Fixed: the description, and the evidence again (a browser never keeps a chosen file).
  const description = `El precio unitario triplica el de mercado (${tag}).`;
  await page.getByLabel(t("give.description")).fill(description);
  await page.getByLabel(t("give.attachments")).setInputFiles({
    name: "cotizacion.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  await page.getByRole("button", { name: t("give.submit") }).click();
  await page.waitForURL(/\/feedback\/[0-9a-f-]{36}\?done=filed/);
  const id = new URL(page.url()).pathname.split("/").pop();
  await page.getByText(t("act.filed")).waitFor();
  await page.getByText(description).waitFor();
  await page.getByText(t("next.open")).waitFor();
  await page.getByRole("img", { name: t("feedback.evidence_image", { n: 1 }) }).waitFor();
  await shot(page, `${tag}-04-filed`);

  // The moderator accepts it from the item page, naming the agency by (part of) its name.
  const moderator = await visitor(lang, { javaScriptEnabled: javaScript });
  await signIn(moderator.page, t, veedor.people.moderator, veedor.password);
  await moderator.page.goto("/work");
  await shot(moderator.page, `${tag}-05-triage`);
  await moderator.page.locator(`#item-${id}`).getByRole("link").first().click();
  await moderator.page.getByRole("img", { name: t("feedback.evidence_image", { n: 1 }) }).waitFor();
  await shot(moderator.page, `${tag}-06-item-moderator`);
  const words = veedor.buyerName.split(/\s+/).slice(-2).join(" ");
  await act(moderator.page, t, "accept", (p) => p.getByLabel(t("act.agency")).fill(words));
  const which = moderator.page.getByText(t("act.agency_which"));
  if (await which.count()) {
    await moderator.page.getByLabel(veedor.buyerName, { exact: true }).check();
    await act(moderator.page, t, "accept");
  }
  await done(moderator.page, t, "accept");
  await moderator.context.close();

  // The buyer's officer answers in public, with a document.
  const answer = `Revisamos el precio con el proveedor y corregimos el pliego (${tag}).`;
  const officer = await visitor(lang, { javaScriptEnabled: javaScript });
  await signIn(officer.page, t, veedor.people.officer, veedor.password);
  await officer.page.goto("/work");
  await officer.page.locator(`#item-${id}`).getByRole("link").first().click();
  await act(officer.page, t, "answer", async (p) => {
    await p.getByLabel(t("work.comment")).fill(answer);
    await p.getByLabel(t("act.documents")).setInputFiles({
      name: "informe.pdf",
      mimeType: "application/pdf",
      buffer: PDF,
    });
  });
  await done(officer.page, t, "answer");
  await shot(officer.page, `${tag}-07-answered`);
  await officer.context.close();

  // The citizen follows the link in the mail, reads the answer, and is not satisfied.
  const [mailed] = await smtp.waitFor(email, new RegExp(`https?://\\S+/feedback/${id}#act`));
  await page.goto(mailed);
  await page.getByText(answer).first().waitFor();
  await shot(page, `${tag}-08-rating`);
  await act(page, t, "unsatisfied", (p) =>
    p.getByLabel(t("work.comment")).fill("El pliego sigue sin cambios."),
  );
  await done(page, t, "unsatisfied");
  await context.close();

  // The oversight body records its finding.
  const auditor = await visitor(lang, { javaScriptEnabled: javaScript });
  await signIn(auditor.page, t, veedor.people.auditor, veedor.password);
  await auditor.page.goto(`/feedback/${id}`);
  const measure = `Se ordenó revisar el contrato (${tag}).`;
  await act(auditor.page, t, "record_finding", async (p) => {
    await p.getByLabel(t("work.yes"), { exact: true }).check();
    await p.getByLabel(t("work.action_taken")).fill(measure);
    await p.getByLabel(t("work.comment")).fill(measure);
  });
  await done(auditor.page, t, "record_finding");
  await auditor.context.close();

  // Anyone, signed out, sees the answer and the finding; nothing of the citizen's identity.
  const reader = await visitor(lang, { javaScriptEnabled: javaScript });
  await reader.page.goto(`/processes/${encodeURIComponent(veedor.process.ocid)}`);
  const published = reader.page.locator("li").filter({ hasText: description });
  await published.getByText(answer).waitFor();
  const html = await reader.page.content();
  assert.ok(!html.includes(email) && !html.includes(name), "the complainant stays anonymous");
  await shot(reader.page, `${tag}-09-process-page-signed-out`);
  await published.getByRole("link").first().click();
  await reader.page.getByRole("heading", { name: t("feedback.answer") }).waitFor();
  await reader.page.getByRole("heading", { name: t("feedback.finding") }).waitFor();
  await reader.page.getByText(t("feedback.violation_confirmed")).waitFor();
  await reader.page.getByText(measure).first().waitFor();
  await shot(reader.page, `${tag}-10-feedback-page`);
  await reader.context.close();
  return id;
}

/// A complaint the moderators turn away: the page asks to confirm, and the public then sees
/// that it was turned away, not its text.
async function aRejection(lang) {
  const t = catalogue(lang);
  const citizen = await token(veedor.people.citizen, veedor.password);
  const text = `Texto con datos personales que no se publica (${lang}).`;
  const r = await fetch(
    `${veedor.base}/api/v1/processes/${encodeURIComponent(veedor.process.ocid)}/feedback`,
    {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${citizen}` },
      body: JSON.stringify({
        kind: "complaint",
        category: "inflated_price",
        stage: "tender",
        description: text,
        answers: {},
        anonymous: true,
      }),
    },
  );
  assert.equal(r.status, 201, await r.clone().text());
  const { id } = await r.json();
  const moderator = await visitor(lang);
  await signIn(moderator.page, t, veedor.people.moderator, veedor.password);
  await moderator.page.goto(`/feedback/${id}`);
  await act(moderator.page, t, "reject", (p) =>
    p.getByLabel(t("work.comment")).fill("Contiene datos personales de terceros."),
  );
  const action = t("action.reject");
  await moderator.page.getByRole("heading", { name: t("act.confirm_title", { action }) }).waitFor();
  await shot(moderator.page, `${lang}-11-confirm-reject`);
  await moderator.page.getByRole("button", { name: t("act.confirm_button", { action }) }).click();
  await done(moderator.page, t, "reject");
  await moderator.context.close();
  const reader = await visitor(lang);
  await reader.page.goto(`/feedback/${id}`);
  await reader.page.getByText(t("feedback.withheld")).waitFor();
  assert.ok(!(await reader.page.content()).includes(text), "the text is withheld");
  await shot(reader.page, `${lang}-12-rejected-public`);
  await reader.context.close();
}

/// Search finds a word in another form, and a pasted ocid opens its process; unknown
/// addresses answer a page in the reader's language.
async function searching(lang) {
  const t = catalogue(lang);
  const { context, page } = await visitor(lang);
  await page.goto(`/?lang=${lang}`);
  // A word of the process's title in its other number: "puente" as "puentes", "obras" as "obra".
  const words = veedor.process.title.split(/[^\p{L}]+/u).filter((w) => w.length > 4);
  const word = words.find((w) => /[aeo]$/.test(w)) ?? words.find((w) => w.endsWith("s")) ?? words[0];
  const other = word.endsWith("s") ? word.slice(0, -1) : `${word}s`;
  await page.getByLabel(t("home.search_label")).fill(other);
  await page.getByRole("button", { name: t("home.search_button") }).click();
  await page.getByRole("link", { name: veedor.process.title }).first().waitFor();
  await shot(page, `${lang}-13-search-other-form`);
  await page.getByLabel(t("search.q")).fill(` ${veedor.process.ocid} `);
  await page.getByRole("button", { name: t("home.search_button") }).click();
  await page.waitForURL(/\/processes\//);
  await page.getByRole("heading", { level: 1, name: veedor.process.title }).waitFor();
  const missing = await page.goto("/nowhere");
  assert.equal(missing.status(), 404);
  await page.getByRole("heading", { name: t("error.not_found") }).waitFor();
  await shot(page, `${lang}-14-not-found`);
  await context.close();
}

/// A process some indicator flags: its page says which, what it means and that it is a reason
/// to look, not proof; the methodology page is one click away; and a moderator can work the
/// triage queue highest risk first.
async function riskIndicators(lang) {
  const t = catalogue(lang);
  const api = async (uri) => (await fetch(`${veedor.base}${uri}`)).json();
  const flagged = await api("/api/v1/processes?indicator=any&per_page=100");
  assert.ok(flagged.items.length > 0, "the generated processes raise some flags");
  const target = flagged.items[0];
  const detail = await api(`/api/v1/processes/${encodeURIComponent(target.ocid)}`);
  const code = Object.keys(detail.indicators)[0];
  assert.ok(code, "the API names the flag");
  const { context, page } = await visitor(lang);
  await page.goto(`/processes/${encodeURIComponent(target.ocid)}?lang=${lang}`);
  const section = page.locator("#indicators");
  const name = t(`indicator.${code}.name`);
  await section.getByRole("link", { name, exact: true }).first().waitFor();
  await section.getByText(t("risk.caveat")).first().waitFor();
  await shot(page, `${lang}-15-risk-flag`);
  await section.getByRole("link", { name, exact: true }).first().click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
  await shot(page, `${lang}-16-methodology`);
  await context.close();

  // Two complaints, the one on the unflagged process first: the risk order turns them round.
  const all = await api("/api/v1/processes?per_page=50");
  const flaggedOcids = new Set(flagged.items.map((p) => p.ocid));
  const calm = all.items.find((p) => !flaggedOcids.has(p.ocid));
  const citizen = await token(veedor.people.citizen, veedor.password);
  const texts = {};
  for (const p of [calm, target]) {
    texts[p.ocid] = `Riesgo ${lang}: ${p.ocid.slice(-8)} pide revisión.`;
    const r = await fetch(`${veedor.base}/api/v1/processes/${encodeURIComponent(p.ocid)}/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${citizen}` },
      body: JSON.stringify({
        kind: "complaint", category: "inflated_price", stage: "tender",
        description: texts[p.ocid], answers: {}, anonymous: true,
      }),
    });
    assert.equal(r.status, 201, await r.clone().text());
  }
  const moderator = await visitor(lang);
  await signIn(moderator.page, t, veedor.people.moderator, veedor.password);
  await moderator.page.goto("/work");
  await moderator.page.getByLabel(t("work.sort")).selectOption("risk");
  await moderator.page.getByRole("button", { name: t("work.apply") }).click();
  await moderator.page.waitForURL(/sort=risk/);
  const html = await moderator.page.content();
  const first = html.indexOf(texts[target.ocid]);
  const second = html.indexOf(texts[calm.ocid]);
  assert.ok(first >= 0, "the complaint on the flagged process is listed");
  assert.ok(second < 0 || first < second, "highest risk first");
  await shot(moderator.page, `${lang}-17-triage-by-risk`);
  await moderator.context.close();
}

describe("Veedor in Chromium", { concurrency: 1 }, () => {
  test("the loop in English, with JavaScript", async () => {
    await theLoop("en", { javaScript: true });
  });

  test("the loop in Spanish, without JavaScript", async () => {
    await theLoop("es", { javaScript: false });
  });

  test("the loop in Ukrainian", async () => {
    await theLoop("uk", { javaScript: true });
  });

  for (const lang of ["en", "es", "uk"]) {
    test(`a rejected item as the policy says, search and the 404 page (${lang})`, async () => {
      await aRejection(lang);
      await searching(lang);
    });
  }

  test("risk indicators: a flag on a process page, the methodology, the triage queue by risk", async () => {
    await riskIndicators("en");
    await riskIndicators("uk");
  });

  test("the language choice is kept from page to page", async () => {
    const { context, page } = await visitor("en");
    await page.goto("/");
    await page.getByRole("link", { name: "Українська" }).click();
    await page.getByRole("link", { name: catalogue("uk")("nav.search") }).click();
    assert.equal(await page.locator("html").getAttribute("lang"), "uk");
    await context.close();
  });

  test("accessibility: no serious or critical axe-core violations, every page, language and width", async () => {
    const problems = [];
    const ocid = encodeURIComponent(veedor.process.ocid);
    const feedback = await (await fetch(`${veedor.base}/api/v1/feedback?per_page=1`)).json();
    const item = feedback.items[0].id;
    const publicPages = [
      "/",
      "/search?q=hospital",
      "/search?value_min=abc",
      `/processes/${ocid}`,
      `/feedback/${item}`,
      `/agencies/${encodeURIComponent(veedor.process.buyer.id)}`,
      "/agencies",
      "/about",
      "/how-it-works",
      "/privacy",
      "/open-data",
      "/indicators",
      "/indicators/R024",
      "/search?indicator=any",
      "/signin",
      "/signup",
      "/password-reset",
      "/nowhere", // errors are pages too
    ];
    const signedIn = [
      "/work",
      "/work?sort=risk",
      "/account",
      `/feedback/${item}`,
      "/invitations/accept?token=not-a-real-one",
      `/processes/${ocid}/give?category=inflated_price`,
    ];
    const check = async (page, name) => {
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
    for (const lang of ["en", "es", "uk"]) {
      const t = catalogue(lang);
      for (const [width, height] of [
        [1280, 900],
        [390, 844],
      ]) {
        // axe runs as an injected script, which the pages' CSP rightly forbids: only here is it lifted.
        const { context, page } = await visitor(lang, {
          bypassCSP: true,
          viewport: { width, height },
        });
        await page.goto(`/?lang=${lang}`);
        for (const url of publicPages) {
          await page.goto(url);
          await check(page, `${lang} ${width}px ${url}`);
        }
        await signIn(page, t, veedor.people.officer, veedor.password);
        for (const url of signedIn) {
          await page.goto(url);
          await check(page, `${lang} ${width}px ${url} (signed in)`);
        }
        await page.getByRole("button", { name: t("give.submit") }).click();
        await page.getByRole("alert").waitFor();
        await check(page, `${lang} ${width}px filing form with an error`);
        await context.close();
      }
    }
    assert.deepEqual(problems, []);
  });
});

// What the browser tests run against: a real SMTP server on loopback that keeps every message,
// a fresh Veedor (the binary cargo built) on a fresh SQLite database with generated OCDS data
// imported, and Debian's Chromium driven by playwright-core.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { FluentBundle, FluentResource } from "@fluent/bundle";
import { chromium } from "playwright-core";
import PostalMime from "postal-mime";
import { SMTPServer } from "smtp-server";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const OUT = process.env.VEEDOR_E2E_OUT ?? path.join(ROOT, "var/e2e");
const BIN = process.env.VEEDOR_BIN ?? path.join(ROOT, "target/debug/veedor");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/// The page texts, from the same Fluent catalogues the server uses: `t(key, args)`.
export function catalogue(lang) {
  const bundle = new FluentBundle(lang, { useIsolating: false });
  const errors = bundle.addResource(
    new FluentResource(readFileSync(path.join(ROOT, `frontend/i18n/${lang}.ftl`), "utf8")),
  );
  if (errors.length) throw new Error(`frontend/i18n/${lang}.ftl: ${errors.join("; ")}`);
  return (key, args) => {
    const message = bundle.getMessage(key.replaceAll(".", "-"));
    if (!message?.value) throw new Error(`no text ${key} in ${lang}`);
    return bundle.formatPattern(message.value, args);
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/// An SMTP server that keeps what it receives, parsed.
export async function startSmtp() {
  const messages = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (c) => chunks.push(c));
      stream.on("end", async () => {
        try {
          const parsed = await PostalMime.parse(Buffer.concat(chunks));
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
          });
          callback();
        } catch (e) {
          callback(e);
        }
      });
    },
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    messages,
    /// Waits for a message to `address` whose text matches `pattern`; returns the match.
    async waitFor(address, pattern, timeoutMs = 20000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        for (const m of messages) {
          const found = m.to.includes(address.toLowerCase()) && m.text.match(pattern);
          if (found) return found;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no mail to ${address} matching ${pattern} (${messages.length} received)`);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/// A fresh Veedor with imported data and the people who work on feedback.
export async function startVeedor(smtpPort) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "veedor-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    VEEDOR_CONFIG_DIR: path.join(ROOT, "config"),
    VEEDOR_DATABASE_URL: `sqlite://${dir}/veedor.db`,
    VEEDOR_DATA_DIR: path.join(dir, "data"),
    VEEDOR_BIND: `127.0.0.1:${port}`,
    VEEDOR_BASE_URL: base,
    VEEDOR_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    VEEDOR_LOG: "warn",
  };
  const veedor = (...args) => execFileSync(BIN, args, { env, cwd: dir, encoding: "utf8" });
  veedor("generate", "--processes", "12", "--out", `${dir}/processes.jsonl`);
  veedor("migrate");
  veedor("import", `${dir}/processes.jsonl`);
  const server = spawn(BIN, ["serve"], { env, cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
  const until = Date.now() + 30000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error("veedor did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const processes = await (await fetch(`${base}/api/v1/processes?per_page=50`)).json();
  const target = processes.items.find((p) => p.buyer?.id && p.title);
  const password = "end-to-end passphrase 2026";
  veedor("cso", "create", "--id", "e2e-cso", "--name", "Observatorio E2E");
  const people = {
    moderator: "moderator@e2e.example.org",
    officer: "officer@e2e.example.org",
    auditor: "auditor@e2e.example.org",
    citizen: "citizen-api@e2e.example.org",
  };
  veedor("user", "create", "--email", people.moderator, "--password", password,
    "--role", "moderator", "--org", "e2e-cso", "--name", "Moderadora");
  veedor("user", "create", "--email", people.officer, "--password", password,
    "--role", "officer", "--org", target.buyer.id, "--name", "Oficial de compras");
  veedor("user", "create", "--email", people.auditor, "--password", password,
    "--role", "oversight", "--org", "audit-office", "--name", "Auditora");
  veedor("user", "create", "--email", people.citizen, "--password", password,
    "--role", "citizen", "--name", "Vecina");
  const agency = await (
    await fetch(`${base}/api/v1/agencies/${encodeURIComponent(target.buyer.id)}`)
  ).json();
  return {
    base,
    process: target,
    /// The buyer's name as the directory has it (moderators pick agencies by name).
    buyerName: agency.name ?? target.buyer.name,
    password,
    people,
    stop: () =>
      new Promise((resolve) => {
        server.once("exit", resolve);
        server.kill("SIGTERM");
      }),
  };
}

export async function startBrowser() {
  mkdirSync(path.join(OUT, "screenshots"), { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/// Keeps a full-page screenshot as test output.
export async function shot(page, name) {
  await page.screenshot({ path: path.join(OUT, "screenshots", `${name}.png`), fullPage: true });
}

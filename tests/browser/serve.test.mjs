// `vekha serve` in a real browser: an open page reloads itself after an edit,
// shows a broken edit as an overlay over the last good page, and does both
// when the site sits under a sub-path behind a proxy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, VEKHA, launch } from "./support.mjs";

const PLAN_PAGE = "primer/plan-2025/index.html";
let dir, server, address, proxy, proxyBase, browser, planFile, original;

/// Starts `vekha serve` on the sample site of `vekha init`.
before(async () => {
  execFileSync("cargo", ["build", "--quiet"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  const bin = VEKHA;
  dir = mkdtempSync(join(tmpdir(), "vekha-serve-"));
  execFileSync(bin, ["init", dir], { stdio: ["ignore", "pipe", "pipe"] });
  planFile = join(dir, "content", "primer", "plan-2025.md");
  original = readFileSync(planFile, "utf8");
  server = spawn(bin, ["serve", "--port", "0", "--root", dir], { stdio: ["ignore", "pipe", "ignore"] });
  address = await new Promise((ok, fail) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/([^/\s]+)\//);
      if (m) ok(m[1]);
    });
    server.on("exit", (code) => fail(new Error(`vekha serve exited with ${code}`)));
  });
  // A proxy that publishes the site under /sub/, as a hosting panel might.
  proxy = createServer((req, res) => {
    if (!req.url.startsWith("/sub/")) {
      res.writeHead(404).end();
      return;
    }
    const [host, port] = address.split(":");
    const upstream = request({ host, port, path: req.url.slice(4), method: req.method }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    upstream.end();
  });
  proxyBase = await new Promise((ok) =>
    proxy.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${proxy.address().port}/sub/`)),
  );
  browser = await launch();
});

after(async () => {
  await browser?.close();
  proxy?.close();
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const bodyHas = (page, text) =>
  page.waitForFunction((t) => document.body.innerText.includes(t), text, { timeout: 20000 });

for (const [name, base] of [
  ["at the root", () => `http://${address}/`],
  ["under a sub-path behind a proxy", () => proxyBase],
]) {
  test(`serve ${name}: an edit reloads the open page; a broken edit shows an overlay over the last good page`, async () => {
    const page = await browser.newPage();
    await page.goto(base() + PLAN_PAGE);
    assert.ok((await page.innerText("body")).includes("Анализ результатов ВПР"));

    const marker = `Анализ итогов ВПР ${name.length}`;
    writeFileSync(planFile, original.replace("Анализ результатов ВПР", marker));
    await bodyHas(page, marker); // no reload by hand: the page did it

    writeFileSync(planFile, original.replace("updated: 2025-03-20", "updated: НЕТАКОГО"));
    const overlay = page.locator("#vekha-error[role=alert]");
    await overlay.waitFor({ timeout: 20000 });
    assert.match(await overlay.innerText(), /НЕТАКОГО/);
    assert.ok((await page.innerText("body")).includes(marker), "the last good page stays");

    writeFileSync(planFile, original);
    await bodyHas(page, "Анализ результатов ВПР");
    await overlay.waitFor({ state: "detached", timeout: 20000 });
    await page.close();
  });
}

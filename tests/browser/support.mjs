// Shared machinery of the browser suite: build the site once, serve it on
// 127.0.0.1, drive Debian's Chromium through playwright-core.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, mkdirSync, readdirSync } from "node:fs";
import { join, extname, normalize, resolve, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/// Cargo's target folder (CI keeps one outside the clone) and the debug
/// binary in it.
export const CARGO_TARGET = process.env.CARGO_TARGET_DIR
  ? resolve(REPO, process.env.CARGO_TARGET_DIR)
  : join(REPO, "target");
export const VEKHA = join(CARGO_TARGET, "debug", "vekha");
export const SITE = join(REPO, "target", "browser-site");
export const SCREENSHOTS = join(REPO, "target", "screenshots");
export const PDFS = join(REPO, "target", "browser-pdf");
/// The seed plans of content/, by folder.
export const PLANS = [
  "vasileostrovsky/shnor-2023",
  "kirovsky/shnor-2023",
  "centralny/klaster-intellektualnogo-obrazovaniya",
  "livensky/programma-2023",
  "leningradskaya-oblast/kompleks-mer-2019-2020",
];

/// A fixed «today» so that «сейчас» and the timeline's line are stable.
export const TODAY = "2023-06-15";

/// Builds the site in `root` (content/ by default) into `out` with the
/// debug binary (the README's test command built it).
export function buildSite(root = REPO, out = SITE) {
  try {
    const manifest = join(REPO, "Cargo.toml");
    execFileSync("cargo", ["run", "--quiet", "--manifest-path", manifest, "--", "build", "--out", out, "--date", TODAY], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    throw new Error(`vekha build failed:\n${e.stderr}`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(PDFS, { recursive: true });
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

/// A static server for the built site (or the site in `root`) plus test
/// host pages given in `extra` (path → HTML). Listens on 127.0.0.1 only.
export function serve(extra = {}, root = SITE) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname);
    if (extra[path]) {
      res.writeHead(200, { "content-type": TYPES[".html"] });
      res.end(extra[path]);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    let target = file;
    if (existsSync(target) && statSync(target).isDirectory()) target = join(target, "index.html");
    if (!existsSync(target)) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(readFileSync(join(root, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(target)] || "application/octet-stream" });
    res.end(readFileSync(target));
  });
  return new Promise((ok) => {
    server.listen(0, "127.0.0.1", () => ok({ server, base: `http://127.0.0.1:${server.address().port}/` }));
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/// Every file of the built site (or of the site in `root`) with the given
/// extension, relative paths.
export function siteFiles(ext, root = SITE) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(ext)) out.push(relative(root, p).split(sep).join("/"));
    }
  };
  walk(root);
  return out;
}

/// Opens `path` of a served site in a new browser context of `viewport`;
/// a page that is not there fails the test.
export async function openPage(browser, base, path, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const response = await page.goto(base + path);
  if (!response || response.status() !== 200) throw new Error(`${path}: ${response?.status()}`);
  return { context, page };
}

/// The Nu Html Checker's errors on `files` (absolute paths), "" when none.
export function nuErrors(files) {
  const jar = join(REPO, "tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
  try {
    execFileSync("java", ["-jar", jar, "--errors-only", "--format", "gnu", ...files], { stdio: "pipe" });
    return "";
  } catch (e) {
    return `${e.stdout}${e.stderr}`.trim();
  }
}

export const AXE = readFileSync(join(REPO, "tests/browser/node_modules/axe-core/axe.min.js"), "utf8");

/// Runs axe-core with the WCAG 2.1 A and AA rules; returns the violations.
export async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} — ${n.failureSummary}`),
    }));
  });
}

/// Sets a «версия для слабовидящих» option the way a reader does.
export async function chooseOption(page, name, value) {
  const panel = page.locator("details.vi-panel");
  if (!(await panel.evaluate((d) => d.open))) await page.locator("details.vi-panel > summary").click();
  await page.locator(`input[name="${name}"][value="${value}"]`).check();
}

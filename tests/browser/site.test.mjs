// Vekha in a real browser. Builds content/ once, then checks every kind of
// page as a reader, a screen-reader user, a phone and a school would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO, SITE, SCREENSHOTS, PDFS, PLANS, buildSite, serve, launch, siteFiles, axe, chooseOption, nuErrors } from "./support.mjs";

/// One page of each kind, named for screenshots.
const KINDS = {
  home: "index.html",
  district: "kirovsky/index.html",
  plan: "kirovsky/shnor-2023/index.html",
  body: "kirovsky/bodies/coko-imc/index.html",
  glossary: "kirovsky/glossary.html",
  timeline: "kirovsky/shnor-2023/timeline.html",
  calendar: "calendar.html",
  embed: "kirovsky/shnor-2023/embed.html",
  notfound: "404.html",
};


/// Every page checked with axe in the normal view.
const PAGES = [
  ...Object.values(KINDS),
  ...PLANS.map((p) => `${p}/index.html`),
  ...PLANS.map((p) => `${p}/timeline.html`),
  ...PLANS.map((p) => `${p}/embed.html`),
  "centralny/index.html",
  "livensky/index.html",
  "centralny/bodies/schools/index.html",
  "centralny/bodies/schools/embed.html",
  "leningradskaya-oblast/bodies/kopo/index.html",
  "glossary.html",
  "vasileostrovsky/glossary.html",
].filter((p, i, all) => all.indexOf(p) === i);

let browser;
let site;
/// Test host pages served beside the site (a school's page).
const hostPages = {};

before(async () => {
  buildSite();
  hostPages["/host/fragment.html"] = hostWithFragment();
  site = await serve(hostPages);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

function hostWithFragment() {
  const fragment = readFileSync(join(SITE, "kirovsky/shnor-2023/fragment.html"), "utf8");
  const body = fragment.slice(fragment.indexOf("<body>") + 6, fragment.lastIndexOf("</body>"));
  return `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Сайт школы</title></head><body><main><h1>Школа № 1: дорожная карта района</h1>${body}</main></body></html>`;
}

async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(site.base + path);
  return { context, page };
}

function report(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n");
}

test("axe: no WCAG 2.1 A/AA violations on any page, normal view", async () => {
  const failures = [];
  for (const path of PAGES) {
    const { context, page } = await open(path);
    const violations = await axe(page);
    if (violations.length) failures.push(`${path}\n  ${report(violations)}`);
    await context.close();
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("axe: no violations in each colour scheme of the visually-impaired version", async () => {
  const failures = [];
  for (const scheme of ["bw", "wb", "blue"]) {
    for (const path of Object.values(KINDS)) {
      const { context, page } = await open(path);
      if (path.endsWith("embed.html")) {
        await context.close();
        continue; // the embed page has no site chrome, hence no switch
      }
      await chooseOption(page, "vi-scheme", scheme);
      await chooseOption(page, "vi-size", "large");
      const violations = await axe(page);
      if (violations.length) failures.push(`${scheme} ${path}\n  ${report(violations)}`);
      await context.close();
    }
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("Nu Html Checker: zero errors on every HTML file of the site", () => {
  const files = siteFiles(".html").map((f) => join(SITE, f));
  assert.ok(files.length > 100, `only ${files.length} pages`);
  const output = nuErrors(files);
  assert.equal(output, "", output.slice(0, 4000));
});

test("at 320 px (200 % zoom) no page scrolls sideways; wide tables scroll in a labelled, focusable region", async () => {
  const failures = [];
  for (const path of PAGES) {
    const { context, page } = await open(path, { viewport: { width: 320, height: 640 } });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) {
      const culprits = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest(".table-wrap, .timeline-wrap"))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
      );
      failures.push(`${path}: ${overflow}px (${culprits.join(", ")})`);
    }
    const regions = await page.$$eval(".table-wrap, .timeline-wrap", (els) =>
      els.map((el) => ({ label: el.getAttribute("aria-label") || el.getAttribute("aria-labelledby"), tab: el.getAttribute("tabindex"), role: el.getAttribute("role") })),
    );
    for (const r of regions) {
      if (!r.label || r.tab !== "0" || r.role !== "region") failures.push(`${path}: scroll container without label/tabindex/role`);
    }
    await context.close();
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("screenshots of each page kind at 1280 px", async () => {
  for (const [kind, path] of Object.entries(KINDS)) {
    const { context, page } = await open(path);
    await page.screenshot({ path: join(SCREENSHOTS, `${kind}.png`), fullPage: false });
    await context.close();
  }
  const { context, page } = await open(KINDS.plan, { viewport: { width: 320, height: 640 } });
  await page.screenshot({ path: join(SCREENSHOTS, "plan-320px.png") });
  await context.close();
});

test("keyboard: skip link first, Tab follows the page order, focus always visible", async () => {
  for (const path of [KINDS.home, KINDS.district, KINDS.body, KINDS.glossary, KINDS.calendar, KINDS.plan, KINDS.notfound]) {
    const { context, page } = await open(path);
    const expected = await page.evaluate(() => {
      const selector = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
      return [...document.querySelectorAll(selector)]
        .filter((el) => {
          const s = getComputedStyle(el);
          const hiddenByDetails = el.closest("details:not([open])") && el.tagName !== "SUMMARY" && !el.matches("details > summary");
          return s.visibility !== "hidden" && s.display !== "none" && !hiddenByDetails && el.getClientRects().length > 0 && !el.disabled;
        })
        .map((el) => el.outerHTML.slice(0, 80));
    });
    const steps = Math.min(expected.length, 60);
    const seen = [];
    for (let i = 0; i < steps; i++) {
      await page.keyboard.press("Tab");
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
        return { html: el.outerHTML.slice(0, 80), visible };
      });
      assert.ok(info.visible, `${path}: focus not visible on ${info.html}`);
      seen.push(info.html);
    }
    assert.match(seen[0], /skip-link/, `${path}: the first Tab stop is the skip link`);
    // Radio groups are one Tab stop each; compare the order of the rest.
    const strip = (list) => list.filter((h) => !h.startsWith("<input type=\"radio\""));
    assert.deepEqual(strip(seen), strip(expected).slice(0, strip(seen).length), `${path}: Tab order differs from the page order`);
    // The skip link lands on the main content.
    await page.goto(site.base + path);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "content", `${path}: skip link target`);
    await context.close();
  }
});

test("visually-impaired switch: size and scheme change and survive moving to another page", async () => {
  const { context, page } = await open(KINDS.home);
  const before = await page.evaluate(() => ({ size: parseFloat(getComputedStyle(document.body).fontSize), bg: getComputedStyle(document.body).backgroundColor }));
  await chooseOption(page, "vi-size", "huge");
  await chooseOption(page, "vi-scheme", "wb");
  await chooseOption(page, "vi-images", "off");
  await chooseOption(page, "vi-spacing", "wide");
  const after1 = await page.evaluate(() => ({ size: parseFloat(getComputedStyle(document.body).fontSize), bg: getComputedStyle(document.body).backgroundColor, ls: getComputedStyle(document.body).letterSpacing }));
  assert.ok(after1.size >= before.size * 1.5, `font grows: ${before.size} → ${after1.size}`);
  assert.equal(after1.bg, "rgb(0, 0, 0)");
  assert.notEqual(after1.ls, "normal");
  await page.screenshot({ path: join(SCREENSHOTS, "home-visually-impaired.png") });
  await page.click("a[href$='kirovsky/shnor-2023/timeline.html'], a[href$='kirovsky/index.html']");
  await page.waitForLoadState("load");
  const after2 = await page.evaluate(() => ({ size: parseFloat(getComputedStyle(document.body).fontSize), bg: getComputedStyle(document.body).backgroundColor }));
  assert.equal(after2.bg, "rgb(0, 0, 0)", "scheme remembered on the next page");
  assert.equal(after2.size, after1.size, "size remembered on the next page");
  await page.goto(site.base + KINDS.timeline);
  const svgShown = await page.evaluate(() => getComputedStyle(document.querySelector("svg.timeline")).display);
  assert.equal(svgShown, "none", "images off hides the timeline picture (its table stays)");
  await context.close();
});

test("visually-impaired switch works with JavaScript off", async () => {
  const { context, page } = await open(KINDS.plan, { javaScriptEnabled: false });
  await chooseOption(page, "vi-scheme", "blue");
  await chooseOption(page, "vi-size", "large");
  const style = await page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, size: parseFloat(getComputedStyle(document.body).fontSize) }));
  assert.equal(style.bg, "rgb(157, 209, 255)");
  assert.ok(style.size > 19, `large type: ${style.size}`);
  await context.close();
});

test("embed: the iframe grows to its content, no inner scrollbar, links open in the top window", async () => {
  // The snippet needs the site's address: content/ built again with
  // `base_url` set to where a second server publishes it.
  const dir = mkdtempSync(join(tmpdir(), "vekha-embed-"));
  cpSync(join(REPO, "content"), join(dir, "content"), { recursive: true });
  const out = join(dir, "public");
  const extra = {};
  const published = await serve(extra, out);
  const yaml = join(dir, "content", "site.yaml");
  writeFileSync(yaml, `base_url: ${published.base}\n` + readFileSync(yaml, "utf8"));
  buildSite(dir, out);
  const plan = readFileSync(join(out, KINDS.plan), "utf8");
  assert.ok(!plan.includes("АДРЕС-САЙТА"), "no placeholder with an address");
  const code = plan.match(/<textarea[^>]*id=iframe-code[^>]*>([\s\S]*?)<\/textarea>/)[1];
  const snippet = code.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  assert.ok(snippet.includes(`src="${published.base}${KINDS.embed}"`), snippet);
  extra["/host/embed.html"] = `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Школа</title></head><body><h1>Сайт школы</h1>${snippet}<p id="after">Подвал школы</p></body></html>`;
  after(() => published.server.close());
  const base = published.base;
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(base + "host/embed.html");
    const frame = page.frameLocator("iframe[data-vekha-embed]");
    await frame.locator("table").first().waitFor();
    await page.waitForFunction(() => parseInt(document.querySelector("iframe").style.height || "0", 10) > 1000);
    const sizes = await page.evaluate(() => {
      const f = document.querySelector("iframe");
      const d = f.contentDocument.documentElement;
      return { iframe: f.clientHeight, content: d.scrollHeight, innerScroll: d.scrollHeight - d.clientHeight };
    });
    assert.ok(sizes.innerScroll <= 1, `inner scrollbar: ${JSON.stringify(sizes)}`);
    assert.ok(Math.abs(sizes.iframe - sizes.content) <= 2, `iframe fits: ${JSON.stringify(sizes)}`);
    const target = await frame.locator("a[href]").first().evaluate((a) => a.target || document.querySelector("base")?.target);
    assert.equal(target, "_top");
    await frame.locator("a.abbr").first().click();
    await page.waitForLoadState("load");
    assert.match(page.url(), /glossary\.html/, "the link replaced the school's page, not the iframe");
    await context.close();
  }
});

test("fragment: pasted into a plain host page it looks like a table and passes axe", async () => {
  const { context, page } = await open("host/fragment.html");
  const look = await page.evaluate(() => {
    const td = document.querySelector("td");
    const s = getComputedStyle(td);
    return { tables: document.querySelectorAll("table").length, border: s.borderTopStyle, width: s.borderTopWidth, scripts: document.querySelectorAll("script").length };
  });
  assert.ok(look.tables >= 1);
  assert.equal(look.border, "solid");
  assert.equal(look.scripts, 0);
  const violations = await axe(page);
  assert.equal(violations.length, 0, report(violations));
  await page.screenshot({ path: join(SCREENSHOTS, "fragment-in-host.png") });
  await context.close();
});

function pdfText(file, pageNo) {
  return execFileSync("pdftotext", ["-layout", "-f", String(pageNo), "-l", String(pageNo), file, "-"], { encoding: "utf8" });
}

test("print: each plan prints as the document — header row repeated, no site chrome, sane page count", async () => {
  for (const plan of PLANS) {
    const { context, page } = await open(`${plan}/index.html`);
    await page.emulateMedia({ media: "print" });
    // For each table: a header word, and distinctive words of its first and last rows.
    const tables = await page.evaluate(() => {
      // The rarest long word of a row on the whole page locates that row in the PDF.
      const counts = {};
      for (const w of document.body.innerText.match(/[А-Яа-яЁё]{6,}/g) || []) counts[w] = (counts[w] || 0) + 1;
      const longest = (el) =>
        (el.innerText.match(/[А-Яа-яЁё]{6,}/g) || []).sort((a, b) => counts[a] - counts[b] || b.length - a.length)[0];
      return [...document.querySelectorAll("table.doc-table")].map((t) => {
        const rows = t.querySelectorAll("tbody tr.item");
        return {
          header: t.querySelector("thead th:last-child").textContent.trim().split(/\s+/)[0],
          first: longest(rows[0]),
          last: longest(rows[rows.length - 1]),
        };
      });
    });
    const file = join(PDFS, `${plan.replace("/", "_")}.pdf`);
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    await context.close();
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    const pages = parseInt(info.match(/Pages:\s+(\d+)/)[1], 10);
    assert.ok(pages >= 1 && pages <= 80, `${plan}: ${pages} pages`);
    const texts = Array.from({ length: pages }, (_, i) => pdfText(file, i + 1).replace(/\s+/g, " "));
    const all = texts.join("\n");
    for (const chrome of ["Версия для слабовидящих", "Разместить на сайте школы", "Перейти к содержанию", "Все планы"]) {
      assert.ok(!all.includes(chrome), `${plan}: «${chrome}» printed`);
    }
    let spanning = 0;
    for (const t of tables) {
      const start = texts.findIndex((text) => text.includes(t.first));
      // The last row's page: the first page from the start holding its word
      // (later pages may repeat the word in prose or the glossary).
      const end = texts.findIndex((text, i) => i >= start && text.includes(t.last));
      assert.ok(start >= 0 && end >= start, `${plan}: table rows not found in the PDF (${t.first} … ${t.last})`);
      for (let i = start; i <= end; i++) {
        assert.ok(texts[i].includes(t.header), `${plan}: page ${i + 1} lacks the header «${t.header}»`);
      }
      if (end > start) spanning++;
    }
    assert.ok(spanning >= 1, `${plan}: some table spans pages (header repetition was tested)`);
  }
});

test("opened from file://: navigation between pages works", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(SITE, "index.html")).href);
  await page.click("a[href='kirovsky/index.html']");
  assert.match(page.url(), /kirovsky\/index\.html$/);
  assert.match(await page.textContent("h1"), /Кировский/);
  await page.click("a[href$='shnor-2023/index.html']");
  assert.match(page.url(), /kirovsky\/shnor-2023\/index\.html$/);
  await page.click("a[href='timeline.html']");
  assert.match(await page.textContent("h1"), /Шкала времени/);
  const css = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).borderBottomStyle);
  assert.equal(css, "solid", "stylesheet loaded from the disk");
  await context.close();
});

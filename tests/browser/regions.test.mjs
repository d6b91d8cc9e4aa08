// The roadmap fragments of other regions (tests/regions/) in a real browser:
// what they exercise (sections in two cells, stamps in their own order,
// short names defined in the text) must be valid, accessible HTML that a
// phone can read.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO, buildSite, serve, launch, siteFiles, axe, nuErrors, openPage } from "./support.mjs";

const ROOT = join(REPO, "tests", "regions");
const OUT = join(REPO, "target", "browser-regions");

const PLANS = [
  "novosibirskaya-oblast/kompleks-mer-2021-2022",
  "krasnoselsky/programma-2022-2023",
  "verkhnemstinsky/dorozhnaya-karta-2019-2021",
  "kutuluksky/gia-2022",
  "ashitsky/programma-2021-2023",
];

let browser;
let site;

before(async () => {
  buildSite(ROOT, OUT);
  site = await serve({}, OUT);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

function open(path, viewport) {
  return openPage(browser, site.base, path, viewport);
}

test("Nu Html Checker: zero errors on every page of the fixtures", () => {
  const files = siteFiles(".html", OUT).map((f) => join(OUT, f));
  assert.ok(files.length > 50, `only ${files.length} pages`);
  const output = nuErrors(files);
  assert.equal(output, "", output.slice(0, 4000));
});

test("axe: no violations on the fixtures' plan pages and glossaries", async () => {
  const failures = [];
  const pages = [...PLANS.map((p) => `${p}/index.html`), "novosibirskaya-oblast/glossary.html", "about.html", "kutuluksky/index.html"];
  for (const path of pages) {
    const { context, page } = await open(path);
    const violations = await axe(page);
    if (violations.length) failures.push(`${path}: ${violations.map((v) => `${v.id}: ${v.nodes.join(" | ")}`).join("; ")}`);
    await context.close();
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("at 320 px no fixture plan page scrolls sideways", async () => {
  const failures = [];
  for (const plan of PLANS) {
    const { context, page } = await open(`${plan}/index.html`, { width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) failures.push(`${plan}: ${overflow} px`);
    await context.close();
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("the publisher: logo in the header, icon, contacts in the footer, «О сайте»; nothing sideways at 320 px", async () => {
  for (const [path, width] of [["kutuluksky/index.html", 320], ["about.html", 320], ["kutuluksky/index.html", 1280]]) {
    const { context, page } = await open(path, { width, height: 800 });
    const seen = await page.evaluate(() => {
      const logo = document.querySelector(".site-name img.site-logo");
      const box = logo?.getBoundingClientRect();
      return {
        logo: logo && logo.complete && logo.naturalWidth > 0 ? [box.width, box.height] : null,
        icon: document.querySelector('link[rel="icon"]')?.getAttribute("href"),
        contacts: document.querySelector(".site-footer .contacts")?.textContent ?? "",
        about: [...document.querySelectorAll(".site-footer a")].some((a) => a.textContent === "О сайте"),
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    assert.ok(seen.logo && seen.logo[1] > 30 && seen.logo[1] <= 48, `${path} at ${width}: logo ${seen.logo}`);
    assert.match(seen.icon, /assets\/site-icon\.svg$/);
    assert.match(seen.contacts, /Телефон: \+7/);
    assert.ok(seen.about, `${path}: no «О сайте» link`);
    assert.equal(seen.overflow, 0, `${path} at ${width}: ${seen.overflow} px sideways`);
    await context.close();
  }
  const { context, page } = await open("about.html");
  const headings = await page.$$eval("main h2", (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(headings, ["Кто ведёт сайт", "Контакты", "Как пользоваться сайтом", "Доступность"]);
  assert.match(await page.$eval("main", (m) => m.textContent), /Тексты вымышлены/);
  await context.close();
});

test("a single approval stamp stands at the right on a wide screen, in its own word order", async () => {
  const { context, page } = await open(`${PLANS[2]}/index.html`);
  const box = await page.evaluate(() => {
    const stamp = document.querySelector(".doc-approval .signature").getBoundingClientRect();
    const head = document.querySelector(".doc-approval").getBoundingClientRect();
    const lines = [...document.querySelectorAll(".doc-approval .signature > *")].map((el) => el.className);
    return { left: stamp.left - head.left, width: head.width, lines };
  });
  assert.ok(box.left > box.width / 3, `stamp starts ${box.left} px into ${box.width} px`);
  assert.deepEqual(box.lines, ["sig-heading", "sig-text"]);
  await context.close();
});

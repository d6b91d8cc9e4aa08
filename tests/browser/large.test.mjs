// The site pages of a large site (more than 300 plans in several regions):
// the home page listing districts and the site and region calendars, as
// a reader, a screen-reader user and a phone would meet them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { REPO, TODAY, serve, launch, axe, nuErrors, openPage } from "./support.mjs";

const SOURCES = join(REPO, "target", "browser-large-src");
const LARGE = join(REPO, "target", "browser-large");

let browser;
let site;
let pages;

function vekha(...args) {
  try {
    execFileSync("cargo", ["run", "--quiet", "--", ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`vekha ${args[0]} failed:\n${e.stderr}`);
  }
}

before(async () => {
  // gen-corpus writes only into a new folder.
  rmSync(SOURCES, { recursive: true, force: true });
  vekha("gen-corpus", "--plans", "320", "--seed", "1", "--from", "content", "--out", SOURCES);
  vekha("build", "--no-documents", "--root", SOURCES, "--out", LARGE, "--date", TODAY);
  const home = readFileSync(join(LARGE, "index.html"), "utf8");
  const regions = [...new Set(home.match(/regions\/[a-z0-9-]+\/calendar\.html/g) || [])];
  assert.ok(regions.length > 1, `region calendars linked from the home page: ${regions}`);
  pages = ["index.html", "calendar.html", regions[0]];
  site = await serve({}, LARGE);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

function open(path, viewport) {
  return openPage(browser, site.base, path, viewport);
}

test("the home page lists districts, not plans, and links each region's calendar", async () => {
  const { context, page } = await open("index.html");
  const plans = await page.locator('main a[href*="/plan-"]').count();
  assert.equal(plans, 0, "no plan links on the home page");
  const districts = await page.locator("main .district-list a").count();
  assert.ok(districts > 50, `${districts} districts listed`);
  await page.locator("main .region > p > a", { hasText: "Календарь мероприятий: " }).first().click();
  assert.match(page.url(), /regions\/[a-z0-9-]+\/calendar\.html$/);
  await page.locator("main .calendar-districts a").first().click();
  assert.match(page.url(), /rayon-\d+\/calendar\.html#m-\d{4}-\d{2}$/, "a region calendar leads to the month in a district calendar");
  await context.close();
});

test("axe: no WCAG 2.1 A/AA violations on the large site's pages", async () => {
  for (const path of pages) {
    const { context, page } = await open(path);
    const violations = await axe(page);
    await context.close();
    assert.deepEqual(violations, [], `${path}: ${JSON.stringify(violations, null, 1)}`);
  }
});

test("Nu Html Checker: zero errors on the large site's pages", () => {
  const output = nuErrors(pages.map((p) => join(LARGE, p)));
  assert.equal(output, "", output.slice(0, 4000));
});

test("at 320 px the large site's pages do not scroll sideways", async () => {
  for (const path of pages) {
    const { context, page } = await open(path, { width: 320, height: 640 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await context.close();
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
  }
});

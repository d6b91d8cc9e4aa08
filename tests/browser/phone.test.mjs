// Readers on phones (issue 24): every page kind at 320, 375 and 414 px, as
// a parent or a teacher opens it, and the visually-impaired version at
// 320 px in every scheme, size and spacing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { SITE, SCREENSHOTS, PLANS, buildSite, serve, launch } from "./support.mjs";

const WIDTHS = [320, 375, 414];
/// A phone's first screen (an iPhone X's, the measure).
const FIRST_SCREEN = { width: 375, height: 812 };


/// One page of each kind, named for screenshots, then every plan.
const KINDS = {
  home: "index.html",
  district: "kirovsky/index.html",
  plan: "kirovsky/shnor-2023/index.html",
  matrix: "centralny/klaster-intellektualnogo-obrazovaniya/index.html",
  body: "kirovsky/bodies/coko-imc/index.html",
  glossary: "kirovsky/glossary.html",
  "site-glossary": "glossary.html",
  timeline: "kirovsky/shnor-2023/timeline.html",
  calendar: "calendar.html",
  "district-calendar": "kirovsky/calendar.html",
  embed: "kirovsky/shnor-2023/embed.html",
  notfound: "404.html",
};
const PAGES = [...Object.values(KINDS), ...PLANS.map((p) => `${p}/index.html`), ...PLANS.map((p) => `${p}/embed.html`)]
  .filter((p, i, all) => all.indexOf(p) === i);

let browser;
let site;

before(async () => {
  buildSite();
  site = await serve({ "/host/fragment.html": hostWithFragment() });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

async function open(path, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(site.base + path);
  return { context, page };
}

/// How far the page scrolls sideways, and the elements (outside a region
/// that scrolls by itself) that stand past the right edge.
function sideways(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - width;
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1 && !el.closest(".timeline-wrap, .vi-panel:not([open])");
      })
      .slice(0, 4)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} «${(el.textContent || "").trim().slice(0, 30)}»`);
    return { overflow, culprits };
  });
}

test("at 320, 375 and 414 px no page scrolls sideways and every cell of a plan's table is on the screen", async () => {
  const failures = [];
  for (const width of WIDTHS) {
    for (const path of PAGES) {
      const { context, page } = await open(path, { width, height: 740 });
      const { overflow, culprits } = await sideways(page);
      if (overflow > 0 || culprits.length) failures.push(`${width}px ${path}: ${overflow}px (${culprits.join(", ")})`);
      const hidden = await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll(".doc-table td, .doc-table th, .passport td, .passport th")]
          .filter((c) => c.getClientRects().length > 0)
          .filter((c) => {
            const r = c.getBoundingClientRect();
            return r.left < -1 || r.right > w + 1;
          })
          .slice(0, 3)
          .map((c) => (c.textContent || "").trim().slice(0, 40));
      });
      if (hidden.length) failures.push(`${width}px ${path}: cells off the screen: ${hidden.join(" | ")}`);
      await context.close();
    }
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("on a phone each table row is a card whose cells carry their column's own header", async () => {
  const { context, page } = await open(KINDS.plan, FIRST_SCREEN);
  const cards = await page.evaluate(() => {
    const table = document.querySelector(".doc-table");
    const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const row = table.querySelector("tr.item:not(.group)");
    const labels = [...row.children]
      .filter((c) => c.getClientRects().length > 0)
      .map((c) => getComputedStyle(c, "::before").content.replace(/^["']|["']$/g, ""));
    return { headers, labels, display: getComputedStyle(row).display, head: getComputedStyle(table.tHead).display };
  });
  assert.equal(cards.display, "block", "a row is a card");
  assert.equal(cards.head, "none", "the header row gives way to the labels");
  assert.ok(cards.labels.length >= 3, `labels: ${cards.labels}`);
  for (const label of cards.labels) assert.ok(cards.headers.includes(label), `«${label}» is not a header of the document: ${cards.headers}`);
  await context.close();
  const wide = await open(KINDS.plan, { width: 1280, height: 900 });
  const display = await wide.page.evaluate(() => getComputedStyle(document.querySelector(".doc-table tr.item")).display);
  assert.equal(display, "table-row", "wide screens keep the table");
  await wide.context.close();
});

test("the first phone screen of a plan shows its title, period and contents", async () => {
  const failures = [];
  for (const plan of PLANS) {
    const { context, page } = await open(`${plan}/index.html`, FIRST_SCREEN);
    const seen = await page.evaluate((height) => {
      const onScreen = (el) => {
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < height && r.height > 0;
      };
      return {
        title: onScreen(document.querySelector("h1")),
        dates: onScreen(document.querySelector(".plan-meta p")),
        contents: onScreen(document.querySelector(".plan-meta nav a")),
      };
    }, FIRST_SCREEN.height);
    for (const [what, ok] of Object.entries(seen)) if (!ok) failures.push(`${plan}: no ${what} on the first screen`);
    await page.screenshot({ path: join(SCREENSHOTS, `phone-first-screen-${plan.replace("/", "-")}.png`) });
    await context.close();
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("visually-impaired version at 320 px: no page scrolls sideways in any scheme, size and spacing", async () => {
  const failures = [];
  const pages = [KINDS.home, KINDS.plan, KINDS.body, KINDS.calendar, KINDS.glossary, KINDS.timeline];
  for (const path of pages) {
    const { context, page } = await open(path, { width: 320, height: 640 });
    for (const scheme of ["normal", "bw", "wb", "blue"]) {
      for (const size of ["normal", "large", "huge"]) {
        for (const spacing of ["normal", "wide"]) {
          await page.evaluate(([scheme, size, spacing]) => {
            for (const [name, value] of [["vi-scheme", scheme], ["vi-size", size], ["vi-spacing", spacing]]) {
              document.querySelector(`input[name="${name}"][value="${value}"]`).checked = true;
            }
          }, [scheme, size, spacing]);
          const { overflow, culprits } = await sideways(page);
          if (overflow > 0 || culprits.length) failures.push(`${path} ${scheme}/${size}/${spacing}: ${overflow}px (${culprits.join(", ")})`);
        }
      }
    }
    if (path === KINDS.plan) await page.screenshot({ path: join(SCREENSHOTS, "phone-plan-320-vi-huge-wide.png") });
    await context.close();
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("a school's page with the pasted fragment does not scroll sideways on a phone", async () => {
  for (const width of WIDTHS) {
    const { context, page } = await open("host/fragment.html", { width, height: 740 });
    const { overflow } = await sideways(page);
    assert.equal(overflow, 0, `${width}px: the host page scrolls by ${overflow}px`);
    await context.close();
  }
});

test("calendar on a phone: the current month one tap away, tap targets of 44 px, items say who answers", async () => {
  for (const path of [KINDS.calendar, KINDS["district-calendar"]]) {
    const { context, page } = await open(path, FIRST_SCREEN);
    const soon = await page.$eval(".calendar-soon a", (a) => ({ href: a.getAttribute("href"), text: a.textContent }));
    assert.equal(soon.href, "#m-2023-06", `${path}: «today» is 2023-06-15`);
    assert.match(soon.text, /Текущий месяц: Июнь 2023/);
    await page.click(".calendar-soon a");
    const top = await page.$eval("#m-2023-06", (el) => el.getBoundingClientRect().top);
    assert.ok(Math.abs(top) < 100, `${path}: the month is at the top after the tap (${top}px)`);
    const small = await page.$$eval(".calendar-soon a, .month-index a, .calendar-items > li > a:first-child, .month summary", (els) =>
      els
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width < 44 || r.height < 44).length,
    );
    assert.equal(small, 0, `${path}: ${small} tap targets smaller than 44 × 44 px`);
    const lines = await page.$$eval(".calendar-items .period", (els) => els.map((el) => el.textContent));
    assert.ok(lines.some((l) => l.includes("; ")), `${path}: no line names who answers`);
    await context.close();
  }
});

test("timeline on a phone: a list of months with today's marked; the chart on wide screens", async () => {
  const { context, page } = await open(KINDS.timeline, FIRST_SCREEN);
  const phone = await page.evaluate(() => ({
    chart: getComputedStyle(document.querySelector(".timeline-wrap")).display,
    months: getComputedStyle(document.querySelector(".timeline-months")).display,
    current: [...document.querySelectorAll(".timeline-months h3")].filter((h) => h.querySelector(".badge")).map((h) => h.textContent),
    items: document.querySelectorAll(".timeline-months li").length,
  }));
  assert.equal(phone.chart, "none");
  assert.equal(phone.months, "block");
  assert.deepEqual(phone.current.map((t) => t.replace(/\s+/g, " ").trim()), ["Июнь 2023 текущий месяц"]);
  assert.ok(phone.items > 20, `${phone.items} lines`);
  await context.close();
  const wide = await open(KINDS.timeline, { width: 1280, height: 900 });
  const display = await wide.page.evaluate(() => [".timeline-wrap", ".timeline-months"].map((s) => getComputedStyle(document.querySelector(s)).display));
  assert.deepEqual(display, ["block", "none"]);
  // The chart's labels are wrapped, not cut: every line ends inside the
  // label column (the chart's first grid line), in this machine's font,
  // also with the widest spacing of the visually-impaired version.
  for (const spacing of ["normal", "wide"]) {
    await wide.page.evaluate((spacing) => {
      document.querySelector(`input[name="vi-spacing"][value="${spacing}"]`).checked = true;
    }, spacing);
    const labels = await wide.page.evaluate(() => {
      const column = document.querySelector("line.tl-grid").x1.baseVal.value;
      const lines = [...document.querySelectorAll("text.tl-label tspan")];
      return {
        lines: lines.length,
        rows: document.querySelectorAll("text.tl-label").length,
        // The labels' clip ends 6 px before the column does.
        over: lines.filter((t) => t.x.baseVal[0].value + t.getComputedTextLength() > column - 6).map((t) => t.textContent),
      };
    });
    assert.deepEqual(labels.over, [], `${spacing} spacing: label lines run into the chart`);
    assert.ok(labels.lines > labels.rows + 5, `${labels.lines} lines for ${labels.rows} labels: nothing wrapped`);
  }
  await wide.context.close();
});

test("filters: a plan's items by body, month and status, kept in the address; without JavaScript all stay", async () => {
  const { context, page } = await open(KINDS.plan, FIRST_SCREEN);
  const all = await page.$$eval(".doc-table tr.item", (rows) => rows.length);
  const body = await page.$eval('form.filters select[name="body"]', (s) => s.options[1].value);
  await page.selectOption('form.filters select[name="body"]', body);
  const visible = await page.$$eval(".doc-table tr.item", (rows) => rows.filter((r) => !r.hidden).map((r) => r.getAttribute("data-bodies")));
  assert.ok(visible.length > 0 && visible.length < all, `${visible.length} of ${all}`);
  assert.ok(visible.every((b) => b.split(" ").includes(body)), "only the body's items");
  assert.ok(page.url().endsWith(`?body=${body}`), page.url());
  assert.match(await page.textContent(".filters-count"), new RegExp(`Показано пунктов: ${visible.length} из ${all}`));
  await page.selectOption('form.filters select[name="month"]', "2023-03");
  const march = await page.$$eval(".doc-table tr.item", (rows) => rows.filter((r) => !r.hidden).map((r) => r.getAttribute("data-months")));
  assert.ok(march.length > 0 && march.every((m) => inMonths(m, "2023-03")), `only March: ${march}`);
  const shared = page.url();
  await context.close();
  // A shared link shows the same rows.
  const again = await browser.newContext({ viewport: FIRST_SCREEN });
  const second = await again.newPage();
  await second.goto(shared);
  const kept = await second.$$eval(".doc-table tr.item", (rows) => rows.filter((r) => !r.hidden).length);
  assert.equal(kept, march.length, "the address keeps the filter");
  assert.equal(await second.$eval('select[name="month"]', (s) => s.value), "2023-03");
  await again.close();
  // Without JavaScript: the form is there, every item in view.
  const plain = await browser.newContext({ viewport: FIRST_SCREEN, javaScriptEnabled: false });
  const third = await plain.newPage();
  await third.goto(shared);
  const shownWithout = await third.$$eval(".doc-table tr.item", (rows) => rows.filter((r) => !r.hidden && r.getClientRects().length > 0).length);
  assert.equal(shownWithout, all, "every item stays in view without JavaScript");
  await plain.close();
  // A body's page: by month.
  const b = await open(KINDS.body, FIRST_SCREEN);
  const month = await b.page.$eval('form.filters select[name="month"]', (s) => s.options[1].value);
  await b.page.selectOption('form.filters select[name="month"]', month);
  const rows = await b.page.$$eval(".body-items tr.item", (rows) => rows.map((r) => [r.hidden, r.getAttribute("data-months")]));
  assert.ok(rows.filter(([hidden]) => !hidden).every(([, m]) => inMonths(m, month)), `${month}: ${rows}`);
  assert.ok(rows.some(([hidden]) => !hidden));
  await b.context.close();
});

test("home on a phone: the site's name once; lists give plans their short titles", async () => {
  const { context, page } = await open(KINDS.home, FIRST_SCREEN);
  const names = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector(".site-name")).display,
    h1: document.querySelector("h1").textContent.trim(),
    plans: [...document.querySelectorAll(".plan-list > li > a")].map((a) => a.textContent.replace(/\s+/g, " ").trim()),
  }));
  assert.equal(names.header, "none");
  assert.match(names.h1, /^Дорожные карты/);
  assert.ok(names.plans.includes("Дорожная карта по работе со ШНОР, 2023"), names.plans.join(" | "));
  await context.close();
});

test("on a phone the site's navigation, the way back and a plan's contents are 44 px tap targets", async () => {
  const failures = [];
  for (const [kind, path] of Object.entries(KINDS)) {
    if (kind === "embed") continue;
    const { context, page } = await open(path, FIRST_SCREEN);
    const small = await page.$$eval(".site-nav a, .breadcrumbs a, .plan-links a, .vi-panel summary, .calendar-soon a, .month-index a", (els) =>
      els
        .filter((el) => el.getClientRects().length > 0)
        .filter((el) => { const r = el.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
        .map((el) => el.textContent.trim().slice(0, 20)),
    );
    if (small.length) failures.push(`${path}: ${small.join(", ")}`);
    await context.close();
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("screenshots of each page kind at 375 px", async () => {
  for (const [kind, path] of Object.entries(KINDS)) {
    const { context, page } = await open(path, FIRST_SCREEN);
    await page.screenshot({ path: join(SCREENSHOTS, `phone-${kind}-375.png`) });
    await context.close();
  }
});

/// Whether `month` (`2023-03`) falls in a row's `data-months`: spans
/// `2023-01/2023-12` or single months, space-separated.
function inMonths(spans, month) {
  return spans.split(" ").some((span) => {
    const [from, to = from] = span.split("/");
    return month >= from && month <= to;
  });
}

/// A school's page with the plan's fragment pasted in, as a CMS keeps it.
function hostWithFragment() {
  const doc = readFileSync(join(SITE, KINDS.plan.replace("index.html", "fragment.html")), "utf8");
  const body = doc.slice(doc.indexOf("<body>") + 6, doc.indexOf("</body>"));
  return `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Школа</title></head><body><main style="padding:8px">${body}</main></body></html>`;
}

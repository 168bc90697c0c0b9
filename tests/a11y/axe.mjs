// Runs axe-core's WCAG 2.1 A and AA rules on built pages in headless Chromium, at each width of
// WIDTHS (a phone's and a desktop's), and measures how wide each page lays out at that width.
// Usage: node tests/a11y/axe.mjs PAGE.html...   Prints {"<page>": {"<width>": {"violations": [...],
// "scrollWidth": n, "direction": "ltr", "titleSide": "left"}}} as JSON and exits 0 whatever it
// finds: tests/test_html_validity.py judges. `direction` is the main text's computed direction;
// `titleSide` is the side of its heading box the title's words are drawn against, as a
// screenshot shows them: "right" for a page in Arabic.
// Exits non-zero only if it breaks.
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const WIDTHS = [320, 1280];  // CSS pixels: WCAG's reflow width (1.4.10), and a desktop's
// Debian's Chromium, never a browser of puppeteer's own (it cannot be downloaded here).
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// Puppeteer adds --headless. Without the background-networking flags Chromium keeps trying to
// reach Google's services, which a closed network makes it stall on.
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The violations axe reports on one page at one width, trimmed to what a person needs to fix
 * them, and the width the page lays out at (wider than the window: it scrolls sideways). */
async function check(browser, file, width) {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width, height: 800 });
    const external = [];
    // A page is standalone: anything it asks of the network is refused and reported.
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (/^(file|data|about):/.test(request.url())) return request.continue();
      external.push(request.url());
      return request.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 30000 });
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async (tags) => {
      const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
      return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
      }));
    }, TAGS);
    if (external.length) {
      violations.push({ id: "external-request", impact: "serious",
        help: "The page must load nothing from the network", nodes: external.map((url) => ({ target: [url] })) });
    }
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    const { direction, titleSide } = await page.evaluate(() => {
      const main = document.querySelector("main") || document.body;
      const title = document.querySelector("h1");
      if (!title) return { direction: getComputedStyle(main).direction, titleSide: "none" };
      const words = document.createRange();
      words.selectNodeContents(title);
      const box = title.getBoundingClientRect(), drawn = words.getBoundingClientRect();
      const side = drawn.right >= box.right - 2 && drawn.left > box.left + 2 ? "right"
        : drawn.left <= box.left + 2 && drawn.right < box.right - 2 ? "left" : "both";
      return { direction: getComputedStyle(main).direction, titleSide: side };
    });
    return { violations, scrollWidth, direction, titleSide };
  } finally {
    await page.close();
  }
}

/** Check every page named on the command line with one browser, and print the results. */
async function main(files) {
  const profile = await mkdtemp(join(tmpdir(), "policynote-axe-"));  // a fresh profile each run
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true, args: FLAGS, userDataDir: profile,
  });
  const results = {};
  try {
    for (const file of files) {
      results[file] = {};
      for (const width of WIDTHS) results[file][width] = await check(browser, resolve(file), width);
    }
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
}

await main(process.argv.slice(2));

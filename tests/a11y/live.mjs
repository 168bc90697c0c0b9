// Drives `policynote serve`'s live preview in headless Chromium as an editor would: open a page,
// save a source file, and wait for the page to change by itself (the script never reloads it).
// Usage: node tests/a11y/live.mjs PLAN.json, where PLAN is
//   {"url": page, "file": source to save, "scroll": pixels down to scroll first (optional),
//    "steps": [{"save": text, "until": "title"|"banner"|"clear", "expect": text}, ...]}
// "title": the page's h1 holds `expect`; "banner": the problems banner holds `expect`; "clear": no
// banner. Prints [{"ms": time from the save to the page showing it, "seen": h1 or banner text,
// "loads": page loads so far, "scrollY": where the page is scrolled to}, ...] as JSON; exits
// non-zero if a step is not seen within 10 s.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** What the page shows of one kind of change: its title, or its problems banner. */
const SHOWN = {
  title: (expect) => (document.querySelector("h1")?.textContent || "").includes(expect),
  banner: (expect) => (document.getElementById("policynote-problems")?.textContent || "").includes(expect),
  clear: () => document.readyState === "complete" && !document.getElementById("policynote-problems"),
};

async function main(planFile) {
  const plan = JSON.parse(await readFile(planFile, "utf8"));
  const profile = await mkdtemp(join(tmpdir(), "policynote-live-"));
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: FLAGS, userDataDir: profile });
  const results = [];
  try {
    const page = await browser.newPage();
    let loads = 0;
    page.on("load", () => { loads += 1; });
    await page.goto(plan.url, { waitUntil: "load", timeout: 30000 });
    await page.waitForFunction(() => document.readyState === "complete");
    if (plan.scroll) await page.evaluate((y) => window.scrollTo(0, y), plan.scroll);
    for (const step of plan.steps) {
      const started = Date.now();
      await writeFile(plan.file, step.save, "utf8");
      await page.waitForFunction(SHOWN[step.until], { timeout: 10000, polling: 20 }, step.expect || "");
      const ms = Date.now() - started;
      await page.waitForFunction(() => document.readyState === "complete");  // its scroll restored
      const seen = await page.evaluate(() => (document.getElementById("policynote-problems")
        || document.querySelector("h1")).textContent);
      const scrollY = await page.evaluate(() => window.scrollY);
      results.push({ ms, seen, loads, scrollY });
    }
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(results));
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});

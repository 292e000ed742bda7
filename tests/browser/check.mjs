// The browser checks of the built example site (see run.sh, which builds it and calls this).
//
// Every HTML page is opened in Chromium at 375 and 1280 px (light), and at both widths in dark mode
// for one page of each kind: no console error, no failed request, no request leaving 127.0.0.1, no
// horizontal scroll, no axe-core violation of any impact. Then: the perspective tabs with
// JavaScript off, search by typing (over http and from file://, and its message when the index
// cannot load), redirect pages, and the Nu HTML checker on every file. Screenshots of each page
// kind at both widths go to --shots. With --hostile, the canary opens every page of the hostile site
// (tests/hostile.rs) and fails on any script it runs. Prints one summary line; exits 1 on any failure.

import { createServer } from "node:http";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, readdirSync, statSync, mkdirSync, existsSync } from "node:fs";
import { join, extname, relative, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const site = args.site;
const port = Number(args.port);
const base = args.base || "/parallax/";
const shots = args.shots;
const origin = `http://127.0.0.1:${port}`;
const WIDTHS = [375, 1280];
const started = Date.now();
const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

// ---- the pages -------------------------------------------------------------------------------

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** What kind of page a file is, from its path and (for redirects) its content. */
function kindOf(rel, html) {
  if (html.includes('http-equiv="refresh"')) return "redirect";
  const parts = rel.split("/");
  if (rel === "index.html") return "home";
  if (rel === "404.html") return "404";
  if (parts[0] === "page") return "page";
  if (parts[0] === "local") return parts.length === 2 ? "local" : parts.length === 3 ? "local-country" : "local-region";
  if (parts[0] === "stories") return "story";
  if (parts[0] === "editions") return parts.length === 2 ? "editions" : "edition";
  if (["topics", "sources"].includes(parts[0])) return parts.length === 2 ? parts[0] : parts[0].replace(/s$/, "");
  return parts[0];
}

const files = walk(site).filter((f) => f.endsWith(".html"));
const pages = files.map((file) => {
  const rel = relative(site, file).split("\\").join("/");
  const html = readFileSync(file, "utf8");
  const kind = kindOf(rel, html);
  const path = rel === "404.html" ? "no-such-page/" : rel.replace(/index\.html$/, "");
  return { file, rel, html, kind, url: origin + base + path };
});
pages.sort((a, b) => a.rel.localeCompare(b.rel));
// The page of each kind that the dark-mode pass and the screenshots use: the blindspot story has
// the most to show; otherwise the first of its kind.
const blindspotStory = pages.find((p) => p.kind === "story" && p.html.includes('class="bs bs-'));
const sample = new Map();
for (const p of pages) if (!sample.has(p.kind)) sample.set(p.kind, p);
if (blindspotStory) sample.set("blindspot-story", blindspotStory);
// An automatic story ("Why these articles?") and one with wire copies ("Also published by").
const autoStory = pages.find((p) => p.kind === "story" && p.html.includes('class="why"'));
if (autoStory) sample.set("automatic-story", autoStory);
const wireStory = pages.find((p) => p.kind === "story" && p.html.includes('class="also"'));
if (wireStory) sample.set("wire-story", wireStory);
for (const kind of ["home", "page", "story", "blindspot", "topics", "topic", "sources", "source", "local", "local-country", "search", "feeds", "editions", "edition", "404", "redirect"]) {
  if (!sample.has(kind)) fail("site", `no page of kind ${kind} in ${site}`);
}

// ---- the server --------------------------------------------------------------------------------

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".xml": "application/xml", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain", ".opml": "text/xml" };
// The example site under `base`, the hostile site (if given) under /hostile/, and the canary's
// control pages under /__canary/.
const hostile = args.hostile;
const HOSTILE_BASE = "/hostile/";
const CONTROLS = {
  // No policy: the payloads run, and the canary must see them run.
  "runs.html": "<!doctype html><title>control</title><img src=x onerror=alert(1)><script>alert(2)</script>",
  // The policy the site's pages carry: the payloads are blocked, and the canary must see that.
  "blocked.html": `<!doctype html><meta http-equiv="Content-Security-Policy" content="script-src 'self'"><title>control</title><img src=x onerror=alert(1)><script>alert(2)</script>`,
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, origin).pathname);
  if (path.startsWith("/__canary/") && CONTROLS[path.slice(10)]) {
    res.writeHead(200, { "content-type": TYPES[".html"] });
    return res.end(CONTROLS[path.slice(10)]);
  }
  const [root, prefix] = hostile && path.startsWith(HOSTILE_BASE) ? [hostile, HOSTILE_BASE] : [site, base];
  let file = path.startsWith(prefix) ? join(root, path.slice(prefix.length)) : null;
  if (file && !relative(root, file).startsWith("..") && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (file && !relative(root, file).startsWith("..") && existsSync(file)) {
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  } else {
    res.writeHead(404, { "content-type": TYPES[".html"] });
    res.end(readFileSync(join(root, "404.html")));
  }
});
await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));

// ---- the browser -------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const axeSource = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const axeViolations = [];
const timing = { load: 0, axe: 0, shots: 0 };
let axeRuns = 0;

/** A browser tab that visits pages one after another, watching console, requests and responses. */
class Tab {
  static async open(context) {
    const tab = new Tab();
    tab.page = await context.newPage();
    tab.visit_ = { url: "", expect: {}, problems: [] };
    const page = tab.page;
    const now = () => tab.visit_;
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      if (now().expect.status404 && /status of 404/.test(m.text())) return;
      now().problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => now().problems.push(`script error: ${e.message}`));
    page.on("requestfailed", (r) => {
      if (r.url() === now().expect.blocked) return;
      now().problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400 && !(now().expect.status404 && r.url() === now().url)) now().problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    // No request may leave 127.0.0.1 (or the disk, for file:// pages).
    await page.route("**/*", (route) => {
      const target = route.request().url();
      const local = target.startsWith(origin + "/") || target.startsWith("file:") || target.startsWith("data:");
      if (!local) {
        now().problems.push(`request leaving 127.0.0.1: ${target}`);
        return route.abort("blockedbyclient");
      }
      if (now().expect.blockNavigation && route.request().isNavigationRequest() && target !== now().url) {
        now().expect.blocked = target;
        return route.abort("aborted");
      }
      return route.continue();
    });
    return tab;
  }

  /** Opens `url`; `expect` tunes what is allowed (status404) or done (blockNavigation). */
  async visit(url, where, expect = {}) {
    this.visit_ = { url, where, expect, problems: [] };
    await this.page.goto(url, { waitUntil: "load" });
    if (expect.blockNavigation) await this.page.waitForTimeout(150);
  }

  /** Records the current visit's problems as failures. */
  report() {
    this.visit_.problems.forEach((p) => fail(this.visit_.where, p));
    this.visit_.problems = [];
  }
}

async function axe(page, where) {
  // Evaluated through the DevTools protocol: the pages' Content-Security-Policy forbids inline
  // script, so a <script> tag with axe in it would be blocked (and reported as a console error).
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  axeRuns++;
  for (const v of result.violations) {
    axeViolations.push(v);
    const nodes = v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}${n.any[0] ? ` (${n.any[0].message})` : ""}`);
    fail(where, `axe ${v.id} [${v.impact}] ${v.help}: ${v.nodes.length} node(s): ${nodes.join("; ")}`);
  }
}

/** The page is wider than the window: by how much, and the first elements that stick out. */
const overflowOf = () => {
  const doc = document.documentElement;
  if (doc.scrollWidth <= doc.clientWidth) return null;
  const wide = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1);
  return `${doc.scrollWidth} px wide in ${doc.clientWidth}: ${wide.slice(-3).map((e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "")).join(", ")}`;
};

/** One check of one page: `task` = {p, width, scheme, axe, shot}. */
async function checkPage(tab, task) {
  const { p, width, scheme } = task;
  const where = `${p.rel} @${width}${scheme === "dark" ? " dark" : ""}`;
  const expect = { status404: p.kind === "404", blockNavigation: p.kind === "redirect" };
  const page = tab.page;
  let t = Date.now();
  await tab.visit(p.url, where, expect);
  timing.load += Date.now() - t;
  try {
    if (p.kind === "redirect") {
      const target = await page.locator("a").first().getAttribute("href");
      if (!expect.blocked || !expect.blocked.endsWith(target)) fail(where, `the redirect went to ${expect.blocked}, not ${target}`);
    }
    const overflow = await page.evaluate(overflowOf);
    if (overflow) fail(where, `horizontal scroll: ${overflow}`);
    if (task.axe) {
      t = Date.now();
      // Closed <details> ("Why these articles?") are checked open.
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      await axe(page, where);
      timing.axe += Date.now() - t;
    }
    if (task.shot) {
      t = Date.now();
      await page.screenshot({ path: join(shots, `${task.shot}-${width}${scheme === "dark" ? "-dark" : ""}.png`), fullPage: true });
      timing.shots += Date.now() - t;
    }
    if (task.stress) {
      // Long unbreakable words (a URL in a title) in every heading, card, table cell and link.
      const long = ` https://news.example/${"very-long-unbroken-path-".repeat(6)}end`;
      await page.evaluate((text) => {
        for (const e of document.querySelectorAll("h1, h2, h3, .card p, .art p, td, th, dd, li > a, .results a")) e.append(text);
      }, long);
      const wide = await page.evaluate(overflowOf);
      if (wide) fail(where, `horizontal scroll with long words in titles: ${wide}`);
    }
  } finally {
    tab.report();
  }
}

mkdirSync(shots, { recursive: true });
// Every page at both widths (light); axe on every page at 1280 px, and at 375 px and in dark mode
// on one page of each kind, which also gets a screenshot and the long-word test.
// PARALLAX_BROWSER_PAGES=samples checks one page of each kind only (for quick local runs).
const kindOfSample = new Map([...sample].reverse().map(([kind, p]) => [p, kind]));
const everyPage = process.env.PARALLAX_BROWSER_PAGES === "samples" ? [...kindOfSample.keys()] : pages;
const tasks = [];
for (const width of WIDTHS) {
  for (const scheme of ["light", "dark"]) {
    const list = scheme === "light" ? everyPage : [...kindOfSample.keys()];
    for (const p of list) {
      const shot = kindOfSample.get(p) || null;
      tasks.push({ p, width, scheme, shot, axe: Boolean(shot) || width === 1280, stress: Boolean(shot) && scheme === "light" });
    }
  }
}
// Two tabs per width and scheme share the work (the machine may have two cores).
const contexts = new Map();
for (const width of WIDTHS) {
  for (const scheme of ["light", "dark"]) {
    contexts.set(`${width}-${scheme}`, await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, reducedMotion: "reduce" }));
  }
}
let next = 0;
let checked = 0;
await Promise.all(
  [0, 1].map(async () => {
    const tabs = new Map();
    while (next < tasks.length) {
      const task = tasks[next++];
      const key = `${task.width}-${task.scheme}`;
      if (!tabs.has(key)) tabs.set(key, await Tab.open(contexts.get(key)));
      await checkPage(tabs.get(key), task);
      checked++;
    }
  }),
);
for (const context of contexts.values()) await context.close();

// ---- perspective tabs without JavaScript -----------------------------------------------------

{
  const story = blindspotStory || sample.get("story");
  const context = await browser.newContext({ viewport: { width: 375, height: 900 }, javaScriptEnabled: false });
  const tab = await Tab.open(context);
  await tab.visit(story.url, `${story.rel} (JavaScript off)`);
  const page = tab.page;
  for (const side of ["left", "center", "right", "all"]) {
    const label = page.locator(`label[for="p-${side}"]`);
    const expected = Number((await label.textContent()).match(/\d+/)[0]);
    await label.click();
    const shown = await page.$$eval(".articles .art", (arts) => arts.filter((a) => a.offsetParent !== null).map((a) => a.className));
    const wrong = side === "all" ? [] : shown.filter((c) => !c.split(" ").includes(side));
    if (shown.length !== expected || wrong.length) fail(`${story.rel} (JavaScript off)`, `the ${side} tab shows ${shown.length} cards (${wrong.length} of another side), expected ${expected}`);
    if (side !== "all" && expected === 0 && !(await page.locator(".persp .empty").isVisible())) fail(story.rel, `the empty ${side} tab says nothing`);
  }
  tab.report();
  await context.close();
}

// ---- search ------------------------------------------------------------------------------------

/** A word of a story title that search must find the story by, and the story's link. */
const story = sample.get("story");
const entities = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" };
const title = story.html.match(/<h1[^>]*>([^<]+)<\/h1>/)[1].replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => entities[e]);
const word = title.split(/\W+/).sort((a, b) => b.length - a.length)[0];
const storyPath = base + story.rel.replace(/index\.html$/, "");

async function searchBy(page, where, expectUrl, shot) {
  await page.locator("#q").fill("");
  await page.locator("#q").pressSequentially(word.toLowerCase(), { delay: 10 });
  try {
    // Result links are relative to the page; compare where they lead.
    await page.waitForFunction((url) => [...document.querySelectorAll("#results a")].some((a) => a.href === url), expectUrl, { timeout: 5000 });
  } catch {
    fail(where, `typing "${word}" does not list ${expectUrl}; status: ${await page.locator("#status").textContent()}`);
    return false;
  }
  if (shot) await page.screenshot({ path: join(shots, shot) });
  const link = page.locator("#results a").filter({ hasText: title.trim() }).first();
  await Promise.all([page.waitForURL(expectUrl), link.click()]);
  const h1 = await page.locator("h1").textContent();
  if (h1.trim() !== title.trim()) fail(where, `the result opens "${h1}", not "${title}"`);
  return true;
}

{
  const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
  const where = "search (http)";
  const tab = await Tab.open(context);
  await tab.visit(sample.get("search").url, where);
  await searchBy(tab.page, where, origin + storyPath, "search-typed-375.png");
  tab.report();
  // A query in the address, as the form submits it without JavaScript's help.
  await tab.visit(`${sample.get("search").url}?q=${encodeURIComponent(word)}`, "search (?q=)");
  if (!(await tab.page.locator("#results li").count())) fail("search (?q=)", `no result for ?q=${word}`);
  tab.report();
  // file://: the page, its styles, the index and the results, straight from disk.
  const fileWhere = "search (file://)";
  const fileUrl = pathToFileURL(join(site, "search/index.html")).href;
  await tab.visit(fileUrl, fileWhere);
  const styled = await tab.page.evaluate(() => getComputedStyle(document.body).margin === "0px");
  if (!styled) fail(fileWhere, "the stylesheet did not load");
  await searchBy(tab.page, fileWhere, pathToFileURL(join(site, story.rel)).href);
  tab.report();
  // The index cannot load: the page says so.
  const broken = await context.newPage();
  await broken.route("**/search/index.js", (r) => r.abort());
  await broken.goto(sample.get("search").url);
  const status = (await broken.locator("#status").textContent()) || "";
  if (!/could not be loaded/i.test(status)) fail("search (no index)", `no message when the index cannot load: "${status}"`);
  await context.close();
}

// ---- the script-injection canary -----------------------------------------------------------------

// Every page of the hostile site (tests/hostile.rs: script-injection vectors in every field) opened
// twice: with its Content-Security-Policy bypassed, so that any payload that reached the markup
// runs and calls the canary (alert, confirm, prompt, print); and with the policy on, where a
// payload that reached the markup is blocked and reported as a policy violation. Either fails.
// Two control pages with a real payload prove the canary sees both.
let canaryPages = 0;
if (hostile) {
  const canary = () => {
    window.__canary = [];
    for (const name of ["alert", "confirm", "prompt", "print"]) {
      window[name] = (...a) => window.__canary.push(`${name}(${a.join(", ")}) was called`);
    }
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__canary.push(`blocked by the policy (${e.violatedDirective}): ${e.blockedURI || e.sample || "inline"}`),
    );
  };
  const sing = async (tab, url, where, expect = {}) => {
    await tab.visit(url, where, expect);
    await tab.page.waitForTimeout(50); // an <img src=x onerror=...> fires after its request fails
    return tab.page.evaluate(() => window.__canary);
  };
  const hostilePages = walk(hostile)
    .filter((f) => f.endsWith(".html"))
    .map((f) => relative(hostile, f).split("\\").join("/"))
    .sort();
  for (const bypassCSP of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP });
    await context.addInitScript(canary);
    const tab = await Tab.open(context);
    const mode = bypassCSP ? "policy bypassed" : "policy on";
    // The controls: the canary must hear the payloads.
    const control = bypassCSP ? "runs.html" : "blocked.html";
    const heard = await sing(tab, `${origin}/__canary/${control}`, `canary control (${mode})`);
    tab.visit_.problems = [];
    if (!heard.length) fail(`canary control (${mode})`, "a real payload went unnoticed: the canary is blind");
    for (const rel of hostilePages) {
      const where = `hostile ${rel} (${mode})`;
      const path = rel === "404.html" ? "no-such-page/" : rel.replace(/index\.html$/, "");
      const html = readFileSync(join(hostile, rel), "utf8");
      const expect = { status404: rel === "404.html", blockNavigation: html.includes('http-equiv="refresh"') };
      const sung = await sing(tab, origin + HOSTILE_BASE + path, where, expect);
      sung.forEach((s) => fail(where, `script ran: ${s}`));
      // No link or frame may lead to a script URL, whatever the markup looks like.
      const scriptUrls = await tab.page.evaluate(() =>
        [...document.querySelectorAll("[href], [src], [action], [formaction]")]
          .map((e) => e.href || e.src || e.action || "")
          .filter((u) => /^(javascript|vbscript|data):/i.test(String(u).trim())),
      );
      scriptUrls.forEach((u) => fail(where, `script URL: ${u.slice(0, 80)}`));
      tab.report();
      canaryPages++;
    }
    await context.close();
  }
}

await browser.close();
server.close();

// ---- the Nu HTML checker -----------------------------------------------------------------------

let vnuErrors = 0;
{
  const jar = join(here, "node_modules/vnu-jar/build/dist/vnu.jar");
  const run = promisify(execFile);
  let output;
  try {
    output = (await run("java", ["-jar", jar, "--errors-only", "--format", "json", ...files], { maxBuffer: 64 << 20 })).stderr;
  } catch (e) {
    output = e.stderr;
  }
  let messages;
  try {
    messages = JSON.parse(output).messages;
  } catch {
    fail("vnu", `unreadable output: ${String(output).slice(0, 500)}`);
    messages = [];
  }
  for (const m of messages) {
    if (m.type !== "error" && m.subType !== "fatal") continue;
    vnuErrors++;
    fail(`vnu ${relative(site, fileURLToPath(m.url))}:${m.lastLine}`, m.message);
  }
}

// ---- the summary -------------------------------------------------------------------------------

for (const f of failures) console.log(`FAIL ${f}`);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`screenshots: ${shots}`);
if (process.env.PARALLAX_BROWSER_TIMING) console.log(`time in page loads ${timing.load} ms, axe ${timing.axe} ms, screenshots ${timing.shots} ms`);
console.log(
  `browser stage: ${failures.length ? "FAILED" : "ok"}: ${pages.length} pages (${sample.size} kinds) at ${WIDTHS.join(" and ")} px, ${checked} page loads; ` +
    `axe violations: ${axeViolations.length}; vnu errors: ${vnuErrors}; ` +
    `canary: ${canaryPages} hostile page loads, ${failures.filter((f) => f.startsWith("hostile") || f.startsWith("canary")).length} problems; ` +
    `${failures.length} failures; ${seconds} s`,
);
process.exit(failures.length ? 1 : 0);

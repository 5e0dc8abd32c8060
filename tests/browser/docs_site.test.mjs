// Browser test of the documentation site (`build-marts docs --out DIR`), as a user would use
// it: opened from the file system (file://, no server, no network) in headless Debian chromium
// driven by playwright-core. Searches a column, opens a model page, follows a lineage edge,
// checks the lineage graph renders (pixels drawn, click selects, double-click opens) and the
// column-lineage graph reaches the source. Screenshots go to $ARTIFACTS (default
// target/test-artifacts/browser).
//
// With SYNTH_SITE=DIR (a site from `synthetic-docs --models 5000 --columns 20`), it also
// measures, without asserting, how long the large site takes to become interactive.
//
//   SITE=/tmp/site [SYNTH_SITE=/tmp/synth] [ARTIFACTS=dir] [CHROMIUM=/usr/bin/chromium] node docs_site.test.mjs
import { chromium } from "playwright-core";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const SITE = resolve(process.env.SITE || "target/docs-site");
const SYNTH = process.env.SYNTH_SITE ? resolve(process.env.SYNTH_SITE) : null;
const ART = resolve(process.env.ARTIFACTS || "target/test-artifacts/browser");
mkdirSync(ART, { recursive: true });

let failures = 0;
function check(cond, what) {
  if (cond) console.log(`ok   ${what}`);
  else { console.log(`FAIL ${what}`); failures++; }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--allow-file-access-from-files"],
});
const timings = {};
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Offline: any request that is not a local file fails the test.
  const remote = [];
  await context.route(/^(?!file:).*/, (route) => { remote.push(route.request().url()); route.abort(); });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const url = pathToFileURL(`${SITE}/index.html`).href;

  await page.goto(url);
  await page.waitForSelector("body[data-ready]");
  check((await page.locator("#results a.model-result").count()) > 10, "model list is shown by layer");

  // 1. Search a column.
  await page.fill("#search", "booking_amount");
  await page.waitForSelector("#results a.column-result");
  const colHits = await page.locator("#results a.column-result").allTextContents();
  check(colHits.some((t) => t.includes("booking_amount") && t.includes("mrt_global__booking")), `search finds column booking_amount in mrt_global__booking (${colHits.length} hits)`);
  await page.screenshot({ path: `${ART}/01-search-column.png` });

  // 2. Open the model page from the result.
  await page.locator("#results a.column-result", { hasText: "mrt_global__booking" }).first().click();
  await page.waitForSelector("#model-title");
  const title = await page.textContent("#model-title");
  check(title === "mrt_global__booking", `model page opens (${title})`);
  check(await page.locator("tr.hl#col-booking_amount").count() === 1, "searched column is highlighted");
  const meta = await page.textContent("table.meta");
  check(/grain/.test(meta) && /materialisation/.test(meta), "page shows grain and materialisation");
  check(/last run/.test(meta) && /rows/.test(meta), "page shows last run rows and time");
  check((await page.locator("#columns tbody tr").count()) > 20, "columns table is filled");
  check((await page.locator("#columns .badge.pass").count()) > 0, "column tests show their last result");
  check(/R-mrt_global__booking-\d/.test(meta), "spec rule ids are listed");
  await page.screenshot({ path: `${ART}/02-model-page.png`, fullPage: false });

  // 3. Follow a lineage edge upstream, then check the edge back.
  const up = page.locator("a.edge-up").first();
  const upName = await up.textContent();
  await up.click();
  await page.waitForFunction((n) => document.querySelector("#model-title")?.textContent === n, upName);
  check(true, `followed upstream edge to ${upName}`);
  const down = await page.locator("a.edge-down").allTextContents();
  check(down.includes("mrt_global__booking"), `${upName} lists mrt_global__booking downstream`);
  await page.screenshot({ path: `${ART}/03-upstream-model.png` });

  // 4. The lineage graph, focused on the mart.
  await page.goto(`${url}#/graph?focus=mrt_global__booking&dir=both`);
  await page.waitForSelector("body[data-graph-ready]");
  const drawn = await page.evaluate(() => {
    const c = document.getElementById("graph");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
    return { painted: n, nodes: window.__graph.nodes.length, edges: window.__graph.edges.length };
  });
  check(drawn.painted > 1000 && drawn.nodes > 5 && drawn.edges > 5, `graph renders (${drawn.nodes} nodes, ${drawn.edges} edges, ${drawn.painted} painted pixels)`);
  // Click a node: it becomes selected and offers a link; double-click opens its page.
  const target = upName;
  await page.evaluate((n) => window.__graph.center(n), target);
  await page.waitForTimeout(50);
  const pos = await page.evaluate((n) => window.__graph.screenPos(n), target);
  const box = await page.locator("#graph").boundingBox();
  await page.mouse.click(box.x + pos.x, box.y + pos.y);
  await page.waitForSelector("#graph-open");
  check((await page.textContent("#graph-open")).includes(target), `clicking node ${target} selects it`);
  await page.screenshot({ path: `${ART}/04-lineage-graph.png` });
  await page.mouse.dblclick(box.x + pos.x, box.y + pos.y);
  await page.waitForFunction((n) => document.querySelector("#model-title")?.textContent === n, target);
  check(true, "double-click on a graph node opens its page");

  // Pan and zoom change the view.
  await page.goto(`${url}#/graph`);
  await page.waitForSelector("body[data-graph-ready]");
  await page.screenshot({ path: `${ART}/05-whole-graph.png` });
  const before = await page.evaluate(() => ({ ...window.__graph.view }));
  await page.mouse.move(box.x + 400, box.y + 400);
  await page.mouse.wheel(0, -400);
  await page.mouse.down(); await page.mouse.move(box.x + 500, box.y + 450, { steps: 4 }); await page.mouse.up();
  await page.waitForTimeout(50);
  const after = await page.evaluate(() => ({ ...window.__graph.view }));
  check(after.k > before.k && after.x !== before.x, "wheel zooms and drag pans");
  await page.screenshot({ path: `${ART}/05b-graph-zoomed.png` });

  // 5. One column's lineage, down to the source file.
  await page.goto(`${url}#/column/mrt_global__booking.booking_amount?dir=up`);
  await page.waitForSelector("body[data-graph-ready]");
  const labels = await page.evaluate(() => window.__graph.nodes.map((n) => n.label));
  check(labels.includes("applicative.booking.booking_amount"), `column lineage reaches the source (${labels.length} columns)`);
  await page.screenshot({ path: `${ART}/06-column-lineage.png` });

  check(errors.length === 0, `no page errors ${errors.join(" | ")}`);
  check(remote.length === 0, `no network request ${remote.slice(0, 3).join(" ")}`);

  // 6. Scale: the synthetic project (measured and reported, never asserted).
  if (SYNTH) {
    const p = await context.newPage();
    const surl = pathToFileURL(`${SYNTH}/index.html`).href;
    const t0 = Date.now();
    await p.goto(`${surl}#/graph`);
    await p.waitForSelector("body[data-graph-ready]");
    const wall = Date.now() - t0;
    const t = await p.evaluate(() => ({ ...window.__timing, models: window.DOCS.models.length }));
    timings.synthetic_models = t.models;
    timings.graph_page_wall_ms = wall;
    timings.data_parsed_ms = Math.round(t.dataParsedMs);
    timings.interactive_ms = Math.round(t.interactiveMs);
    timings.graph_ready_ms = Math.round(t.graphReadyMs);
    await p.screenshot({ path: `${ART}/07-synthetic-graph.png` });
    // Time to interactive: the first page's handlers are attached and the graph drawn
    // (milliseconds since navigation start). Model search works at once; column search
    // needs the column chunks, which load in the background (all_columns_loaded_ms).
    let s = Date.now();
    await p.fill("#search", "m04999");
    await p.waitForSelector("#results a.model-result");
    timings.model_search_ms = Date.now() - s;
    s = Date.now();
    await p.fill("#search", "col_07 amount");
    await p.waitForSelector("#results a.column-result");
    timings.column_search_ms = Date.now() - s;
    await p.waitForFunction(() => window.__timing.allColumnsMs);
    timings.all_columns_loaded_ms = Math.round(await p.evaluate(() => window.__timing.allColumnsMs));
    s = Date.now();
    const name = await p.evaluate(() => window.DOCS.models[window.DOCS.models.length - 1].name);
    await p.evaluate((n) => { location.hash = "#/graph?focus=" + n + "&dir=up"; }, name);
    await p.waitForSelector("body[data-graph-ready]");
    timings.focus_graph_ms = Date.now() - s;
    s = Date.now();
    await p.evaluate((n) => { location.hash = "#/model/" + n; }, name);
    await p.waitForSelector("#model-title");
    timings.model_page_ms = Date.now() - s;
    await p.screenshot({ path: `${ART}/08-synthetic-focus.png` });
    console.log(`synthetic site (${t.models} nodes): ${JSON.stringify(timings)}`);
    writeFileSync(`${ART}/timings.json`, JSON.stringify(timings, null, 2) + "\n");
  }
} finally {
  await browser.close();
}
console.log(`screenshots: ${ART}`);
if (failures) { console.log(`${failures} check(s) failed`); process.exit(1); }
console.log("browser test passed");

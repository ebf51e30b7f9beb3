// Browser tests of the web page: the real `stemma serve` on a fresh demo database,
// driven in Debian's headless Chromium through playwright-core.
//
// node tests/web/browser.mjs --stemma BIN --demo examples/demo --web web [--screenshots DIR]
// Exit 0: all passed; 1: a test failed; 77: skipped (no Chromium on this machine).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'web-test-token-5b1c';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const key of ['stemma', 'demo', 'web']) {
    if (!args[key]) {
      console.error(`usage: browser.mjs --stemma BIN --demo DIR --web WEBDIR [--screenshots DIR] (missing --${key})`);
      process.exit(2);
    }
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
if (!fs.existsSync(CHROMIUM)) {
  console.log(`skipped: ${CHROMIUM} not installed (apt-get install chromium)`);
  process.exit(77);
}
const dist = path.resolve(args.web, 'dist');
const playwrightEntry = path.resolve(args.web, 'node_modules/playwright-core/index.mjs');
for (const [file, fix] of [[path.join(dist, 'index.html'), 'scripts/web-build'], [playwrightEntry, 'scripts/web-build (npm ci in web/)']]) {
  if (!fs.existsSync(file)) {
    console.error(`FAIL: ${file} is missing; run ${fix}`);
    process.exit(1);
  }
}
const { chromium } = await import(pathToFileURL(playwrightEntry).href);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stemma-web-test-'));
const db = path.join(work, 'demo.db');
const demo = spawnSync(args.stemma, ['demo', '--db', db, '--corpus', args.demo], { encoding: 'utf8' });
if (demo.status !== 0) {
  console.error(`FAIL: stemma demo exited ${demo.status}: ${demo.stderr}`);
  process.exit(1);
}

// The server picks a free loopback port (--port 0) and prints its URL.
function startServer() {
  const child = spawn(args.stemma, ['serve', '--db', db, '--host', '127.0.0.1', '--port', '0', '--token', TOKEN, '--web-root', dist, '--threads', '2'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`stemma serve printed no URL in 15 s: ${stdout} ${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`stemma serve exited ${code}: ${stderr}`)); });
  });
}

const results = [];
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${err.stack || err}`);
  }
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}

const { child: server, base } = await startServer();
const profile = fs.mkdtempSync(path.join(work, 'profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 1000 },
});
context.setDefaultTimeout(30000); // generous: CI runs other tests beside this one on 2 cores
const page = context.pages()[0] || await context.newPage();

// Any CSP violation, script error or dialog fails the run: the page must work under
// default-src 'self', and hostile article text must never execute.
const problems = [];
let dialogs = 0;
page.on('console', (msg) => {
  const text = msg.text();
  if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  else if (msg.type() === 'error') problems.push(`console error: ${text}`);
});
page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
page.on('dialog', async (dialog) => { dialogs += 1; await dialog.dismiss(); });
const noProblems = () => {
  check(problems.length === 0, `browser reported:\n  ${problems.join('\n  ')}`);
  check(dialogs === 0, `${dialogs} dialog(s) opened`);
};

async function shoot(name, locator, options = {}) {
  if (!args.screenshots) return;
  fs.mkdirSync(args.screenshots, { recursive: true });
  const file = path.join(args.screenshots, `${name}.png`);
  if (locator) await locator.screenshot({ path: file });
  else await page.screenshot({ path: file, ...options });
}

// Opens a view the way the page's own links do (history API). Full loads cost a fetch
// of the script bundle each, so only the tests of permalinks and reloads make them.
async function go(route) {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, route);
  await page.waitForFunction(() => document.querySelector('main .page') && !document.querySelector('main .loading'));
}

async function api(method, route, body, headers = {}) {
  const response = await fetch(`${base}/api/v1${route}`, { method, headers, body });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

// Code-point slicing, as the API's offsets mean it.
const slice = (text, begin, end) => Array.from(text).slice(begin, end).join('');

// Painted pixels of cytoscape's node layer: the graph really drew its nodes.
async function paintedNodePixels() {
  return page.evaluate(() => {
    const canvases = [...document.querySelectorAll('.graph-canvas canvas')];
    let painted = 0;
    for (const canvas of canvases) {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted += 1;
    }
    return painted;
  });
}

// Clicks the arrow end of edge parent→child on the canvas, as a person would.
async function clickEdge(parent, child) {
  const point = await page.evaluate(([p, c]) => {
    const container = document.querySelector('.graph');
    const cy = container.cy;
    const edge = cy.getElementById(`e${p}-${c}`);
    if (edge.empty()) return null;
    const box = edge.target().renderedBoundingBox();
    const rect = container.querySelector('.graph-canvas').getBoundingClientRect();
    return { x: rect.left + box.x1 - 12 * cy.zoom(), y: rect.top + (box.y1 + box.y2) / 2 };
  }, [parent, child]);
  check(point, `no edge ${parent}→${child} in the graph`);
  await page.mouse.click(point.x, point.y);
}

async function passageTexts(side) {
  return page.$$eval(`.pane-text[data-side="${side}"] span[data-passage]`, (spans) => {
    const byPassage = {};
    for (const s of spans) byPassage[s.dataset.passage] = (byPassage[s.dataset.passage] || '') + s.textContent;
    return byPassage;
  });
}

async function expectAlignedPassages(a, b) {
  const comparison = await api('GET', `/compare?a=${a}&b=${b}`);
  const [bodyA, bodyB] = await Promise.all([a, b].map(async (id) => (await api('GET', `/articles/${id}?body=1`)).body));
  check(comparison.passages.length > 0, `compare ${a} ${b} has no passage`);
  await page.locator('.pane-text[data-side="b"] span[data-passage]').first().waitFor();
  const shownA = await passageTexts('a');
  const shownB = await passageTexts('b');
  comparison.passages.forEach((p, i) => {
    const wantA = slice(bodyA, p.a.begin, p.a.end);
    const wantB = slice(bodyB, p.b.begin, p.b.end);
    check(shownA[i] === wantA, `passage ${i} of #${a}: highlighted "${(shownA[i] || '').slice(0, 60)}…", want "${wantA.slice(0, 60)}…"`);
    check(shownB[i] === wantB, `passage ${i} of #${b}: highlighted "${(shownB[i] || '').slice(0, 60)}…", want "${wantB.slice(0, 60)}…"`);
  });
  return comparison;
}

try {
  const stories = await api('GET', '/stories');
  const demoStory = stories.stories.find((s) => s.size >= 10);
  check(demoStory, `no demo story in ${JSON.stringify(stories)}`);
  const story = await api('GET', `/stories/${demoStory.id}`);

  await test('the stories page lists the demo story and opens it', async () => {
    await page.goto(`${base}/`);
    const card = page.locator('.story-card', { hasText: demoStory.title.slice(0, 40) });
    await card.waitFor();
    await shoot('stories');
    await card.locator('h3 a').click();
    await page.waitForURL(`${base}/story/${demoStory.id}`);
    noProblems();
  });

  await test('the story graph draws one node per article, a legend and a timeline', async () => {
    await page.locator('.graph-canvas canvas').first().waitFor();
    await page.waitForFunction((n) => document.querySelector('.graph')?.cy?.nodes().length === n, story.articles.length);
    const counts = await page.evaluate(() => {
      const cy = document.querySelector('.graph').cy;
      return { nodes: cy.nodes().length, edges: cy.edges('[kind = "edge"]').length };
    });
    check(counts.edges === story.edges.length, `${counts.edges} edges drawn, story has ${story.edges.length}`);
    await page.waitForTimeout(300); // one animation frame for the canvas
    const painted = await paintedNodePixels();
    check(painted > story.articles.length * 500, `only ${painted} painted pixels on the graph canvases`);
    check(await page.locator('.tl-item').count() === story.articles.length, 'timeline does not list every article');
    check(await page.locator('.graph-legend li').count() >= 8, 'legend is missing');
    check(await page.locator('.graph-axis .tick').count() >= 2, 'time axis has no ticks');
    noProblems();
  });

  const spin = story.edges.find((e) => e.relation === 'spin_uncredited') || story.edges[0];
  await test('clicking an edge opens both texts with aligned passages highlighted', async () => {
    await clickEdge(spin.parent, spin.child);
    await page.waitForURL(`${base}/story/${demoStory.id}/edge/${spin.parent}-${spin.child}`);
    const comparison = await expectAlignedPassages(spin.parent, spin.child);
    const synonyms = await page.locator('.pane-text[data-side="b"] .w-synonym').count();
    const edited = comparison.passages.flatMap((p) => p.edits || []).filter((e) => e.op === 'synonym').length;
    check(edited === 0 || synonyms > 0, `compare has ${edited} synonym edits but none is marked`);
    // Hovering a passage in one pane lights up its counterpart in the other.
    await page.locator('.pane-text[data-side="a"] span[data-passage="0"]').first().hover();
    const hotInB = await page.locator('.pane-text[data-side="b"] span[data-passage="0"].hot').count();
    check(hotInB > 0, 'hovering passage 1 on the left does not highlight it on the right');
    const listed = await page.locator('.mutation-item').count();
    check(listed === spin.mutations.length, `${listed} mutations listed, the edge has ${spin.mutations.length}`);
    await page.waitForTimeout(600);
    await shoot('compare', page.locator('.compare'));
    noProblems();
  });

  await test('the edge permalink opens the same view on a fresh load', async () => {
    await page.goto(`${base}/story/${demoStory.id}/edge/${spin.parent}-${spin.child}`);
    await expectAlignedPassages(spin.parent, spin.child);
    await page.waitForTimeout(800); // the smooth scroll to the compare view
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await shoot('story');
    noProblems();
  });

  await test('a stored article\u2019s trace and a compare view open', async () => {
    await go(`/article/${spin.child}`);
    await page.locator('.edge-card').first().waitFor();
    check(await page.locator('.trace h1').textContent() === story.articles.find((a) => a.id === spin.child).title, 'trace shows another title');
    await go(`/compare/${spin.parent}/${spin.child}`);
    await expectAlignedPassages(spin.parent, spin.child);
    noProblems();
  });

  await test('a pasted article and an uploaded page are traced to their source', async () => {
    const origin = fs.readFileSync(path.join(args.demo, '01-origin.txt'), 'utf8');
    const paragraphs = origin.split(/\n\s*\n/).slice(2, 7).join('\n\n');
    await page.click('.site-nav a[data-nav="trace"]');
    await page.waitForURL(`${base}/trace`);
    await page.fill('textarea[name="text"]', `${paragraphs}\n\nOur own reporting adds nothing to this.`);
    await page.fill('input[name="title"]', 'A pasted rewrite of the dam story');
    await page.fill('input[name="outlet"]', 'The Paste Test');
    await page.click('button[type="submit"]');
    const source = page.locator('.trace .edge-card', { hasText: 'The Harbor Gazette' }).first();
    await source.waitFor();
    check(await page.locator('.trace h1').textContent() === 'A pasted rewrite of the dam story', 'trace lost the title');
    await source.locator('.passages summary').click();
    await page.waitForTimeout(800); // the smooth scroll to the result
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await shoot('trace', null, { fullPage: true, clip: { x: 0, y: 0, width: 1440, height: 1500 } });
    await page.reload();
    await page.locator('.trace .edge-card').first().waitFor(); // kept for the session
    // An uploaded HTML page: the article is extracted from it, then traced.
    const html = `<!doctype html><html><head><title>Uploaded dam page</title></head><body><nav>Home | News</nav>
      <article><h1>Uploaded dam page</h1>${paragraphs.split('\n\n').map((p) => `<p>${p.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</p>`).join('')}</article></body></html>`;
    await page.setInputFiles('input[type="file"]', { name: 'dam.html', mimeType: 'text/html', buffer: Buffer.from(html) });
    await page.waitForFunction(() => document.querySelector('textarea[name="text"]').value.includes('<article>'));
    check(await page.isChecked('input[name="html"]'), 'an .html upload is not sent as HTML');
    await page.click('button[type="submit"]');
    await page.locator('.trace h1', { hasText: 'Uploaded dam page' }).waitFor();
    await page.locator('.trace .edge-card', { hasText: 'The Harbor Gazette' }).first().waitFor();
    noProblems();
  });

  await test('hostile titles, bodies and URLs show as text and never run', async () => {
    const payloads = [
      '<script>window.__xss = (window.__xss || 0) + 1</script>',
      '<img src=x onerror="window.__xss = (window.__xss || 0) + 1">',
      '"><svg onload=alert(1)>',
    ];
    // Non-ASCII before the shared text: the highlights must land by code point, not UTF-16 unit.
    const shared = 'The reservoir board voted on Tuesday to close the north spillway for an emergency survey after divers reported loose masonry, cracked mortar and a steady leak near the base of the wall, the board chair told Politico. Engineers from the regional water authority said the survey would take at least two weeks and cost about $180,000, paid from the maintenance reserve. Residents of the valley below were told there was no immediate risk, but the board asked them to sign up for text alerts and to keep an emergency bag ready.';
    const origin = {
      title: `Reservoir board closes spillway ${payloads[0]}`,
      outlet: `Valley Post ${payloads[1]}`,
      url: 'https://valley.example/2026/reservoir',
      published: '2026-05-02T09:00:00Z',
      text: `Reservoir board closes spillway ${payloads[0]}\n\n“Café owners 😀 fear the worst,” said Zoë Ångström. ${payloads[1]}\n\n${shared}\n\nMore on ${payloads[2]} soon.`,
    };
    const copy = {
      title: `COPY: ${payloads[1]} spillway closed`,
      outlet: 'Copy Desk Daily',
      url: 'javascript:window.__xss=1',
      published: '2026-05-02T15:00:00Z',
      text: `COPY: spillway closed\n\nÉdition spéciale — ✨ 🚰 ${payloads[2]} ${payloads[0]}\n\n${shared}\n\nWe added this line ourselves.`,
    };
    const lines = [origin, copy].map((d) => JSON.stringify(d)).join('\n');
    const unauthorised = await fetch(`${base}/api/v1/articles`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body: lines });
    check(unauthorised.status === 401 || unauthorised.status === 403, `ingest without the token answered ${unauthorised.status}`);
    const ingested = await api('POST', '/articles', lines, { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/x-ndjson' });
    const ids = ingested.ids ?? (ingested.articles || []).map((a) => a.id);
    check(ids.length === 2 && ids.every((id) => id > 0), `ingest answered ${JSON.stringify(ingested)}`);
    const [originId, copyId] = ids;
    const trace = await api('GET', `/articles/${copyId}/trace`);
    check(trace.sources.some((s) => s.parent === originId), `the copy does not trace to #${originId}: ${JSON.stringify(trace.sources.map((s) => s.parent))}`);
    const storyId = trace.story;

    const pages = [`/?q=${encodeURIComponent('reservoir')}`, `/story/${storyId}`, `/story/${storyId}/edge/${originId}-${copyId}`,
      `/article/${copyId}`, `/article/${originId}`, `/compare/${originId}/${copyId}`];
    for (const route of pages) {
      const t0 = Date.now();
      await go(route);
      if (process.env.STEMMA_WEB_TIMES) console.log(`     ${route}: ${Date.now() - t0} ms`);
      await page.waitForTimeout(200);
      const state = await page.evaluate(() => ({
        xss: window.__xss,
        text: document.querySelector('main').innerText,
        scripts: document.querySelectorAll('main script, main img, main svg, main iframe').length,
        badLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(https?:|\/)/.test(a.getAttribute('href'))).map((a) => a.getAttribute('href')),
      }));
      check(state.xss === undefined, `${route}: a hostile script ran (window.__xss = ${state.xss})`);
      check(state.scripts === 0, `${route}: ${state.scripts} script/img/svg/iframe element(s) made from data`);
      check(state.badLinks.length === 0, `${route}: links with other schemes: ${state.badLinks.join(', ')}`);
      if (route.startsWith('/story/') || route.startsWith('/article/')) {
        check(state.text.includes(payloads[0]) || state.text.includes(payloads[1]), `${route}: the hostile title is not shown literally`);
      }
      noProblems();
    }
    // The cited source that is not in the corpus is drawn as a placeholder node.
    const hostileStory = await api('GET', `/stories/${storyId}`);
    check((hostileStory.placeholders || []).length > 0, 'the story of the hostile pair has no placeholder (told Politico)');
    await go(`/story/${storyId}/edge/${originId}-${copyId}`);
    await page.waitForFunction(() => document.querySelector('.graph')?.cy);
    const placeholderNodes = await page.evaluate(() => document.querySelector('.graph').cy.nodes('[kind = "placeholder"]').length);
    check(placeholderNodes === hostileStory.placeholders.length, `${placeholderNodes} placeholder nodes drawn, the story has ${hostileStory.placeholders.length}`);
    await expectAlignedPassages(originId, copyId);
    const bodyText = await page.locator('.pane-text[data-side="a"]').textContent();
    check(bodyText.includes(payloads[1]) && bodyText.includes('😀'), 'the hostile body is not shown literally');
    check(await page.evaluate(() => window.__xss) === undefined, 'a hostile script ran');
    noProblems();
  });
} finally {
  await context.close().catch(() => {});
  server.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
console.log(`browser: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// The inspector on the page (issue #7): the toolbar's Inspector toggle opens a pane beside
// the terminal whose module (inspector.js + .wasm, Dear ImGui over WebGL2) is fetched only
// then, after the first prompt; variables defined at the prompt appear in its Variables
// panel (checked through window.pyshellInspector.drawn(): the text the frame drew, read back
// from ImGui's draw data, and the panels' rows); rows expand (children past the snapshot's
// depth come from the worker), the filter box gets keys only while the canvas has the focus,
// Escape gives them back, History lines go back to the prompt; hiding it gives the terminal
// its width back; the choice and the splitter's size survive a reload; narrow windows put it
// below the terminal; a broken font or a missing module does not break the page.
// Screenshots: test-results/page/inspector*.png. Run: node --test tests/page/inspector.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PageHarness, sleep } from './harness.mjs';

const MODULE_FILES = /\/(inspector\.js|inspector\.wasm|inspector-font\.ttf)$/;

let h;
const moduleRequests = [];   // {url, at}: every request for the module's files

before(async () => {
  h = await PageHarness.start({ viewport: { width: 1280, height: 720 } });
  h.page.on('request', (r) => { if (MODULE_FILES.test(new URL(r.url()).pathname)) moduleRequests.push({ url: r.url(), at: Date.now() }); });
  // Record the page hooks as main.js and the panel dispatch them.
  await h.page.addInitScript(() => {
    window.__hooks = [];
    for (const type of ['pyshell:ready', 'pyshell:inspect-subscribe', 'pyshell:inspect-request', 'pyshell:insert-line', 'pyshell:busy']) {
      window.addEventListener(type, (e) => window.__hooks.push({ type, detail: e.detail, t: performance.now() }));
    }
  });
  await h.open();
});
after(async () => { if (h) await h.close(); });

/** What the inspector drew in its next frame ({text, items}). */
const drawn = () => h.page.evaluate(() => window.pyshellInspector.drawn());

/** Polls drawn() until check(d) is true; fails with the last drawn text. */
async function waitForDrawn(check, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let d = null;
  for (;;) {
    d = await drawn();
    if (check(d)) return d;
    if (Date.now() > deadline) break;
    await sleep(200);
  }
  const shot = await h.screenshot(`inspector-timeout-${Date.now()}`);
  throw new Error(`the inspector never drew ${what}; it drew:\n${d && d.text}\nscreenshot: ${shot}\n` +
    `page log:\n${h.log.slice(-20).join('\n')}`);
}

/** The details of the page hooks of `type` seen so far, once until(details) holds (5 s at most). */
async function hooksOf(type, until) {
  const get = () => h.page.evaluate((t) => window.__hooks.filter((x) => x.type === t).map((x) => x.detail), type);
  const deadline = Date.now() + 5_000;
  for (;;) {
    const details = await get();
    if (until(details) || Date.now() > deadline) return details;
    await sleep(50);
  }
}
const rows = (d, panel) => d.items.filter((i) => i.panel === panel && i.kind === 'row').map((i) => i.text);
const termCols = () => h.page.evaluate(() => window.pyshell.term.cols);
const rect = (sel) => h.page.locator(sel).evaluate((el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });

test('the module is not fetched before the panel is opened', async () => {
  const ready = await hooksOf('pyshell:ready', (r) => r.length > 0);   // it follows the prompt's drawing
  assert.equal(ready.length, 1, 'main.js dispatched no pyshell:ready at the first prompt (the page hooks are missing)');
  await sleep(500);
  assert.deepEqual(moduleRequests, [], 'the inspector module was requested although the panel is closed');
  assert.equal(await h.page.getAttribute('#btn-inspector', 'aria-pressed'), 'false');
  assert.equal(await h.page.isVisible('#inspector-pane'), false);
});

test('the toggle opens the panel (keyboard), and it shows variables defined at the prompt', async (t) => {
  const colsAlone = await termCols();
  await h.page.focus('#btn-inspector');
  await h.page.keyboard.press('Enter');
  await h.page.waitForFunction(() => window.pyshellInspector.loaded || window.pyshellInspector.failed, null, { timeout: 20_000 });
  assert.equal(await h.page.evaluate(() => window.pyshellInspector.failed), false, await h.page.textContent('#inspector-status'));
  assert.equal(await h.page.getAttribute('#btn-inspector', 'aria-pressed'), 'true');
  const fetched = moduleRequests.map((r) => new URL(r.url).pathname).sort();
  assert.deepEqual(fetched, ['/inspector-font.ttf', '/inspector.js', '/inspector.wasm']);
  const subscribed = await h.page.evaluate(() => window.__hooks.filter((x) => x.type === 'pyshell:inspect-subscribe').map((x) => x.detail.on));
  assert.deepEqual(subscribed, [true]);
  assert.ok(!h.log.some((l) => l.includes('inspector-font.ttf')), `the panels' font did not load:\n${h.log.join('\n')}`);

  // The terminal refits to the narrower space; the pane sits beside it.
  await h.page.waitForFunction((n) => window.pyshell.term.cols < n, colsAlone, { timeout: 5_000 });
  const term = await rect('#terminal-wrap');
  const pane = await rect('#inspector-pane');
  assert.ok(pane.x >= term.x + term.w - 1, `the pane (${JSON.stringify(pane)}) is not right of the terminal (${JSON.stringify(term)})`);
  assert.ok(pane.w > 200 && pane.h > 300, `the pane is too small: ${JSON.stringify(pane)}`);

  // The canvas's backing store is its CSS size × devicePixelRatio.
  const canvas = await h.page.evaluate(() => {
    const c = document.getElementById('inspector-canvas');
    const r = c.getBoundingClientRect();
    return { w: c.width, h: c.height, cssW: r.width, cssH: r.height, dpr: window.devicePixelRatio };
  });
  await waitForDrawn(() => true, 'a frame');
  assert.ok(Math.abs(canvas.w - Math.round(canvas.cssW * canvas.dpr)) <= 1 && Math.abs(canvas.h - Math.round(canvas.cssH * canvas.dpr)) <= 1,
    `canvas backing store ${canvas.w}x${canvas.h} for ${canvas.cssW}x${canvas.cssH} CSS px at ratio ${canvas.dpr}`);

  await h.typeLine('x = [1, 2, 3]');
  await h.typeLine('name = "Ada"');
  const d = await waitForDrawn((d) => rows(d, 'Variables').includes('x') && rows(d, 'Variables').includes('name') &&
    d.text.includes('[1, 2, 3]') && d.text.includes("'Ada'"), 'x = [1, 2, 3] and name = \'Ada\'');
  assert.match(d.text, /^x +list +\[1, 2, 3\] +3$/m, 'the row of x');
  assert.match(d.text, /^name +str +'Ada' +3$/m, 'the row of name');
  assert.ok(rows(d, 'History').includes('x = [1, 2, 3]'), `History rows: ${JSON.stringify(rows(d, 'History'))}`);
  t.diagnostic(`screenshot: ${await h.screenshot('inspector')}`);
});

test('a variable assigned later appears without touching the panel', async () => {
  await h.typeLine('total = sum(x) * 10');
  await waitForDrawn((d) => rows(d, 'Variables').includes('total') && /^total +int +60\b/m.test(d.text), 'total = 60');
});

/** Clicks the middle of a drawn item (device pixels on the canvas). */
async function clickItem(item, { dx = null } = {}) {
  const box = await h.page.locator('#inspector-canvas').boundingBox();
  const dpr = await h.page.evaluate(() => window.devicePixelRatio);
  const x = box.x + (item.x + (dx === null ? item.w / 2 : dx)) / dpr;
  const y = box.y + (item.y + item.h / 2) / dpr;
  await h.page.mouse.click(x, y);
  // Let frames take the press and the release before anything else happens (a person
  // cannot type within the 16 ms a test can).
  await drawn();
  await drawn();
}
const item = (d, panel, kind, text) => d.items.find((i) => i.panel === panel && i.kind === kind && i.text === text);

test('expanding rows shows children; past the snapshot\'s depth they are asked of the worker', async () => {
  // A snapshot carries two levels of children; the third is fetched on demand.
  await h.typeLine('deep = [[[1, 2]]]');
  let d = await waitForDrawn((d) => rows(d, 'Variables').includes('deep'), 'deep');
  const expand = async (path) => {
    const before = rows(d, 'Variables');
    await clickItem(item(d, 'Variables', 'row', path), { dx: 8 });   // the row's arrow
    d = await waitForDrawn((d) => rows(d, 'Variables').length > before.length, `the children of ${path}`);
    const now = rows(d, 'Variables');
    return now[now.indexOf(path) + 1];   // the first child's row
  };
  const level1 = await expand('deep');
  const level2 = await expand(level1);
  const requestsBefore = (await hooksOf('pyshell:inspect-request', () => true)).length;
  await clickItem(item(d, 'Variables', 'row', level2), { dx: 8 });
  const requests = await hooksOf('pyshell:inspect-request', (r) => r.length > requestsBefore);
  const asked = requests.slice(requestsBefore).map((x) => JSON.parse(x.json));
  assert.ok(asked.some((r) => r.kind === 'request' && r.op === 'children'), `requests: ${JSON.stringify(asked)}`);
  await waitForDrawn((d) => /^\[0\] +int +1$/m.test(d.text) && /^\[1\] +int +2$/m.test(d.text), 'the children of deep[0][0] from the worker');
  // Fold deep again so the next tests see the short list.
  await clickItem(item(await drawn(), 'Variables', 'row', 'deep'), { dx: 8 });
  await waitForDrawn((d) => !rows(d, 'Variables').includes(level1), 'deep folded');
});

test('the filter box takes keys only while the panel has the focus', async () => {
  let d = await drawn();
  await clickItem(item(d, 'Variables', 'input', 'filter'));
  await h.page.keyboard.type('na');
  d = await waitForDrawn((d) => !rows(d, 'Variables').includes('x') && rows(d, 'Variables').includes('name'), 'only name under the filter "na"');
  // Back in the terminal, keys go to Python, not to the filter.
  await h.focus();
  await h.page.keyboard.type('me');
  await h.waitForText(/>>> me$/);
  d = await drawn();
  assert.ok(rows(d, 'Variables').includes('name') && !rows(d, 'Variables').includes('x'), `rows: ${rows(d, 'Variables')}`);
  await h.press('Control+u');   // clear the terminal's line
  await clickItem(item(d, 'Variables', 'input', 'filter'));
  await h.page.keyboard.press('Backspace');
  await h.page.keyboard.press('Backspace');
  await waitForDrawn((d) => rows(d, 'Variables').includes('x'), 'every variable again with the filter cleared');
});

test('Escape hands the keyboard back to the terminal', async () => {
  const d = await drawn();
  await clickItem(item(d, 'Variables', 'row', 'name'), { dx: 40 });
  assert.equal(await h.page.evaluate(() => document.activeElement.id), 'inspector-canvas');
  await drawn();   // a frame has taken the click (it ends editing the filter box, if it was)
  await h.page.keyboard.press('Escape');
  assert.equal(await h.page.evaluate(() => document.activeElement.classList.contains('xterm-helper-textarea')), true,
    'Escape in the panel did not give the terminal the focus');
});

test('clicking a History line puts it back at the prompt', async () => {
  const d = await drawn();
  await clickItem(item(d, 'History', 'row', 'name = "Ada"'));
  const inserted = await hooksOf('pyshell:insert-line', (r) => r.length > 0);
  assert.deepEqual(inserted.map((x) => x.text), ['name = "Ada"']);
  await h.waitForText(/>>> name = "Ada"$/);
  await h.press('Control+u');
  await h.waitForText(/>>> $/);
});

test('the toggle hides the panel, the terminal takes the width back, snapshots stop', async () => {
  const colsWith = await termCols();
  await h.page.click('#btn-inspector');
  assert.equal(await h.page.isVisible('#inspector-pane'), false);
  assert.equal(await h.page.getAttribute('#btn-inspector', 'aria-pressed'), 'false');
  await h.page.waitForFunction((n) => window.pyshell.term.cols > n, colsWith, { timeout: 5_000 });
  const term = await rect('#terminal-wrap');
  assert.ok(term.w > 1200, `the terminal did not take the whole width back: ${JSON.stringify(term)}`);
  const subscribed = await h.page.evaluate(() => window.__hooks.filter((x) => x.type === 'pyshell:inspect-subscribe').map((x) => x.detail.on));
  assert.deepEqual(subscribed, [true, false]);
  assert.equal(await h.page.evaluate(() => localStorage.getItem('pyshell.inspector')), '0');

  // Shown again: the same module (no new fetch), narrower terminal, still up to date.
  const fetchedBefore = moduleRequests.length;
  await h.typeLine('hidden_meanwhile = 1');
  await h.page.click('#btn-inspector');
  await h.page.waitForFunction((n) => window.pyshell.term.cols < n, colsWith + 1, { timeout: 5_000 });
  await waitForDrawn((d) => rows(d, 'Variables').includes('hidden_meanwhile'), 'hidden_meanwhile after showing it again');
  assert.equal(moduleRequests.length, fetchedBefore, 'showing the panel again fetched the module again');
});

test('the open panel is remembered across a reload, and loads only after the first prompt', async () => {
  assert.equal(await h.page.evaluate(() => localStorage.getItem('pyshell.inspector')), '1');
  moduleRequests.length = 0;
  await h.reload();
  await h.page.waitForFunction(() => window.pyshellInspector && window.pyshellInspector.loaded, null, { timeout: 20_000 });
  const timing = await h.page.evaluate(() => {
    const ready = window.__hooks.find((x) => x.type === 'pyshell:ready');
    const js = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/inspector.js'));
    return { ready: ready && ready.t, js: js && js.startTime };
  });
  assert.ok(timing.ready !== undefined && timing.js !== undefined, JSON.stringify(timing));
  assert.ok(timing.js >= timing.ready, `inspector.js was requested at ${timing.js} ms, before the first prompt (${timing.ready} ms)`);
  assert.equal(await h.page.isVisible('#inspector-pane'), true);
  // Files and history persist across reloads (the namespace does not).
  await waitForDrawn((d) => rows(d, 'History').includes('name = "Ada"'), 'the history after the reload');
});

test('the splitter resizes the panel (mouse and keyboard) and the size is kept', async () => {
  const before = await rect('#inspector-pane');
  const cols = await termCols();
  const bar = await rect('#inspector-splitter');
  await h.page.mouse.move(bar.x + bar.w / 2, bar.y + 200);
  await h.page.mouse.down();
  await h.page.mouse.move(bar.x - 150, bar.y + 200, { steps: 5 });
  await h.page.mouse.up();
  const after = await rect('#inspector-pane');
  assert.ok(after.w > before.w + 100, `dragging the splitter 150 px left: pane ${before.w} → ${after.w} px`);
  await h.page.waitForFunction((n) => window.pyshell.term.cols < n, cols, { timeout: 5_000 });
  const kept = Number(await h.page.evaluate(() => localStorage.getItem('pyshell.inspectorSize')));
  assert.ok(Math.abs(kept - after.w / 1280) < 0.02, `kept size ${kept} for a ${after.w} px pane`);
  // The canvas follows: its next frame is drawn at the new size.
  await h.page.waitForFunction(() => {
    const c = document.getElementById('inspector-canvas');
    return Math.abs(c.width - Math.round(c.getBoundingClientRect().width * devicePixelRatio)) <= 1;
  }, null, { timeout: 5_000 });
  await h.page.focus('#inspector-splitter');
  await h.page.keyboard.press('ArrowRight');
  const smaller = await rect('#inspector-pane');
  assert.ok(smaller.w < after.w - 10, `ArrowRight on the splitter: pane ${after.w} → ${smaller.w} px`);
});

test('on a narrow window the panel sits below the terminal', async () => {
  await h.page.setViewportSize({ width: 600, height: 800 });
  await h.page.waitForFunction(() => {
    const t = document.getElementById('terminal-wrap').getBoundingClientRect();
    const p = document.getElementById('inspector-pane').getBoundingClientRect();
    return p.top >= t.bottom - 1 && Math.abs(p.width - t.width) < 2;
  }, null, { timeout: 5_000 });
  await waitForDrawn((d) => d.text.includes('Variables'), 'the panels in the narrow layout');
  await h.screenshot('inspector-narrow');
  await h.page.setViewportSize({ width: 1280, height: 720 });
});

test('after Restart the panel follows the new session', async () => {
  await h.typeLine('before_restart = 1');
  await waitForDrawn((d) => rows(d, 'Variables').includes('before_restart'), 'before_restart');
  await h.page.click('#btn-restart');
  await h.waitForText(/restarted[\s\S]*>>> $/, 30_000);
  await h.typeLine('after_restart = 2');
  await waitForDrawn((d) => rows(d, 'Variables').includes('after_restart') && !rows(d, 'Variables').includes('before_restart'),
    'the new session\'s after_restart, without before_restart');
});

test('a broken font falls back to the built-in one; a missing module is reported in the pane', async () => {
  // A host that answers every path with an HTML page: the font is refused, the panels still draw.
  await h.page.route('**/inspector-font.ttf', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>not here</p>' }));
  h.log.length = 0;
  await h.reload();
  await h.page.waitForFunction(() => window.pyshellInspector && window.pyshellInspector.loaded, null, { timeout: 20_000 });
  await waitForDrawn((d) => d.text.includes('Variables') && d.text.includes('History'), 'the panels with the built-in font');
  assert.ok(h.log.some((l) => /inspector-font\.ttf could not be loaded \(not a TrueType font\)/.test(l)), h.log.join('\n'));
  await h.page.unroute('**/inspector-font.ttf');

  await h.page.route('**/inspector.js', (route) => route.fulfill({ status: 404, body: 'no' }));
  await h.reload();
  await h.page.waitForFunction(() => window.pyshellInspector && window.pyshellInspector.failed, null, { timeout: 20_000 });
  assert.match(await h.page.textContent('#inspector-status'), /inspector\.js could not be loaded/);
  assert.equal(await h.page.isVisible('#inspector-status'), true);
  await h.page.unroute('**/inspector.js');
  // The terminal is unaffected.
  await h.mark();
  await h.typeLine('6 * 7');
  await h.waitForText(/^42$/m, 10_000, { sinceMark: true });
});

// The page served WITHOUT the isolation headers (serve.py --no-isolation-headers: a plain
// static host) in Debian's Chromium, which has WebAssembly JS Promise Integration: main.js
// takes the JSPI transport at once (no service worker, no reload), and the whole shell
// works: input() however Python reaches it, Ctrl-C in running code and in sleep, a flood
// of output, files kept across a reload. Run: node --test tests/page/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PageHarness, PROMPT_AT_END, sleep } from './harness.mjs';
import { PY_VERSION_RE } from '../support/versions.mjs';
import { INPUT_THROUGH_C } from '../support/input_through_c.mjs';

let h;
before(async () => {
  h = await PageHarness.start({ isolation: false });
  await h.open();
});
after(async () => { if (h) await h.close(); });

/** Runs one entry and waits for the prompt after it; returns the text the entry printed. */
async function run(line, timeout = 10_000) {
  await h.mark();
  await h.inputLine(line);
  const text = await h.waitForText(/\n>>> $/, timeout, { sinceMark: true });
  return text.split('\n').slice(1, -1).join('\n');
}

test('reaches >>> on the JSPI transport, with no service worker and no reload', async () => {
  const response = await h.page.request.get(h.url);
  assert.equal(response.headers()['cross-origin-embedder-policy'], undefined, 'the server sent isolation headers');
  assert.match(await h.screenText(), new RegExp(`^Python ${PY_VERSION_RE} .* on emscripten\n[^\n]*\n>>> $`, 'm'));
  const how = await h.page.evaluate(() => ({
    isolated: window.crossOriginIsolated,
    transport: window.pyshell.transport,
    shown: document.getElementById('transport').textContent,
    controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    navigations: performance.getEntriesByType('navigation').map((n) => n.type),
    reloadFlag: sessionStorage.getItem('pyshell.coiReload'),
  }));
  assert.deepEqual(how, {
    isolated: false, transport: 'jspi', shown: 'JSPI', controlled: false, navigations: ['navigate'], reloadFlag: null,
  });
});

test('input() waits for the page, also when reached through C calls', async () => {
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const [code, exchanges, result] of INPUT_THROUGH_C) {
    await h.mark();
    await h.inputLine(code);
    for (const [prompt, answer] of exchanges) {
      // the question is on screen, the cursor after it (sys.stdin asks nothing: the line
      // typed ahead waits for its read, as on a terminal)
      if (prompt) await h.waitForText(new RegExp(`\n${escape(prompt)}$`), 5_000, { sinceMark: true });
      await h.inputLine(answer);
    }
    const text = await h.waitForText(/\n>>> $/, 10_000, { sinceMark: true });
    assert.equal(text.split('\n').slice(-2, -1)[0], result, `${code}:\n${text}`);
  }
});

test('Ctrl-C stops `while True: pass` twenty times in a row', async () => {
  const latencies = [];
  for (let i = 0; i < 20; i++) {
    await h.mark();
    await h.inputLine('while True: pass');
    await h.inputLine('');
    await h.waitForBusy();
    await sleep(30);
    const t0 = Date.now();
    await h.page.evaluate(() => window.pyshell.term.input('\x03', true));
    await h.waitForText(/KeyboardInterrupt\n>>> $/, 5_000, { sinceMark: true });
    latencies.push(Date.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  console.log(`Ctrl-C to KeyboardInterrupt on screen, JSPI, 20 times: median ${latencies[10]} ms, max ${latencies[19]} ms`);
  assert.ok(latencies[19] < 5_000);
});

test('Ctrl-C ends time.sleep(30) at once', async () => {
  await h.mark();
  await h.inputLine('import time; time.sleep(30)');
  await h.waitForBusy();
  await sleep(200);
  const t0 = Date.now();
  await h.page.evaluate(() => window.pyshell.term.input('\x03', true));
  await h.waitForText(/KeyboardInterrupt\n>>> $/, 5_000, { sinceMark: true });
  assert.ok(Date.now() - t0 < 3_000, `the sleep took ${Date.now() - t0} ms to stop`);
});

test('100,000 printed lines arrive complete, and Ctrl-C stops a flood', async () => {
  const text = await run('for i in range(100_000): print(i)\n', 120_000);
  assert.match(text, /\n99998\n99999$/);
  const visible = await h.visibleText();
  assert.match(visible, /\n99999\n>>> $/);
  await h.mark();
  await h.inputLine('i = 0');
  await h.waitForText(PROMPT_AT_END, 5_000);
  await h.inputLine('while True: i += 1; print(i)');
  await h.inputLine('');
  await h.waitForBusy();
  await sleep(500);
  await h.page.evaluate(() => window.pyshell.term.input('\x03', true));
  // The interrupt may land between print's number and its newline: the number stays in
  // sys.stdout's buffer and comes out before the next prompt, as in CPython's own REPL.
  await h.waitForText(/KeyboardInterrupt\n(\d+)?>>> $/, 10_000, { sinceMark: true });
  assert.equal(await run('i > 1000'), 'True');
});

test('files are kept across a reload', async () => {
  assert.equal(await run("open('kept.txt', 'w').write('jspi')"), '4');
  // kept when the write returned (web/lib/home_store.js): no wait before the reload
  assert.equal(await h.savedHomeFile('/home/user/kept.txt'), 'jspi', "kept.txt is not in the browser's storage");
  await h.reload();
  assert.equal(await h.page.evaluate(() => window.pyshell.transport), 'jspi');
  assert.equal(await run("open('kept.txt').read()"), "'jspi'");
});

// The page served WITHOUT the COOP/COEP headers (serve.py --no-isolation-headers), as on a
// static host, in a browser without JSPI (forced with ?transport=sab; Chromium would take
// the JSPI transport, tests/page/jspi.test.mjs): main.js registers coi-serviceworker.js,
// reloads once under it, and the page is then cross-origin isolated and runs as usual.
// Run: node --test tests/page/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PageHarness } from './harness.mjs';
import { PY_VERSION_RE } from '../support/versions.mjs';

let h;
before(async () => { h = await PageHarness.start({ isolation: false }); });
after(async () => { if (h) await h.close(); });

test('without isolation headers the service worker path reaches >>>', async () => {
  // the server really sends no isolation headers
  const response = await h.page.request.get(h.url);
  assert.equal(response.headers()['cross-origin-opener-policy'], undefined);
  assert.equal(response.headers()['cross-origin-embedder-policy'], undefined);

  await h.open('?transport=sab', { timeout: 45_000 });
  assert.match(await h.screenText(), new RegExp(`^Python ${PY_VERSION_RE} .* on emscripten\n[^\n]*\n>>> $`, 'm'));
  const how = await h.page.evaluate(() => ({
    isolated: window.crossOriginIsolated,
    controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    script: navigator.serviceWorker && navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL,
  }));
  assert.equal(how.isolated, true, 'the page is not cross-origin isolated');
  assert.equal(how.controlled, true, 'no service worker controls the page');
  assert.match(how.script, /\/coi-serviceworker\.js$/);
});

test('input() works on the service worker path', async () => {
  await h.mark();
  await h.typeLine("answer = input('favourite number? '); int(answer) * 2");
  await h.waitForText(/^favourite number\? $/m, 5_000, { sinceMark: true });
  await h.typeLine('21');
  await h.waitForText(/^favourite number\? 21\n42\n>>> $/m, 5_000, { sinceMark: true });
});

test('a reload under the service worker reaches >>> again', async () => {
  await h.reload({ timeout: 45_000 });
  await h.mark();
  await h.typeLine('sum(range(10))');
  await h.waitForText(/^45\n>>> $/m, 5_000, { sinceMark: true });
});

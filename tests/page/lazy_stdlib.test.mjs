// The stdlib in two parts on the page (web/pre.js, python-stdlib/make_stdlib_zip.py --start):
// before the first prompt the page downloads python313-start.data, never python313-rest.data;
// once the prompt is up main.js fetches the rest in the background. Served without the rest,
// the shell still starts and works, an import of a module outside the start set says on the
// terminal why it fails (the worker's synchronous request), and works once the file is there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PageHarness, webDir } from './harness.mjs';

const REST = 'python313-rest.data';
let h;
let root;
const requests = []; // [ms since the test began, file name]
const t0 = Date.now();

before(async () => {
  // A copy of the web folder without the rest (serve.py refuses symlinks out of its root).
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-page-lazy-'));
  fs.cpSync(webDir, root, { recursive: true, filter: (src) => !path.basename(src).startsWith(REST) });
  h = await PageHarness.start({ root });
  h.context.on('request', (r) => requests.push([Date.now() - t0, new URL(r.url()).pathname.replace(/^.*\//, '')]));
  await h.open();
});
after(async () => {
  if (h) await h.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('before the first prompt: the start part only; after it, the rest in the background', async () => {
  const atPrompt = Date.now() - t0;
  const before = requests.filter(([t]) => t <= atPrompt).map(([, name]) => name);
  assert.ok(before.includes('python313-start.data'), `start part requested: ${before.join(' ')}`);
  assert.ok(!before.includes(REST), `no rest before the prompt: ${before.join(' ')}`);
  assert.ok(!before.includes('python313.zip'), 'the whole zip is not downloaded');
  // main.js's background fetch, a moment after the prompt (it fails here: no such file).
  const deadline = Date.now() + 30_000;
  while (!requests.some(([, name]) => name === REST) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(requests.some(([, name]) => name === REST), 'the rest is prefetched after the prompt');
});

test('without the rest: the REPL works, an import outside the start set fails with a reason, then works once the file is there', async () => {
  await h.mark();
  await h.inputLine('import json; print(json.dumps([1, 2]))');
  await h.waitForText(/^\[1, 2\]\n>>> $/m, 20_000, { sinceMark: true });

  await h.mark();
  await h.inputLine('import decimal');
  const text = await h.waitForText(/OSError: \[Errno 29\] I\/O error\n>>> $/m, 20_000, { sinceMark: true });
  // The background fetch failed, so the worker said that it was loading (a toast, not the terminal).
  assert.match(await h.page.evaluate(() => document.getElementById('toasts').textContent),
    /Loading the rest of the Python standard library/);
  assert.match(text, /pyshell: could not load the rest of the Python standard library \(python313-rest\.data\): HTTP 404/);
  assert.equal(await h.sessionState(), 'running');

  for (const name of fs.readdirSync(webDir)) {
    if (name.startsWith(REST)) fs.copyFileSync(path.join(webDir, name), path.join(root, name));
  }
  await h.mark();
  await h.inputLine('import decimal, asyncio; print(decimal.Decimal(1) / 8)');
  await h.waitForText(/^0\.125\n>>> $/m, 30_000, { sinceMark: true });
});

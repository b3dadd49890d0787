// Deep recursion on the page in Chromium, whose worker stack (the JS engine's, about 1 MB)
// is what C-level recursion uses in WebAssembly: every case of tests/support/recursion_cases.py
// (a recursive __init__, __getattr__, __str__, __eq__, sum(map(...)), sorted(key=...), a
// 100,000-deep nested list's repr, a 100,000-deep expression) must end in RecursionError or
// MemoryError, at the default recursion limit and after sys.setrecursionlimit(10**6), with
// the worker alive after; pure-Python recursion 100,000 deep must still work with the higher
// limit. Without tools/patches/cpython-emscripten-c-recursion.patch the worker dies here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PageHarness } from './harness.mjs';
import { DEFINE_CASES, assertAllRaise } from '../support/recursion_cases.mjs';

let h;
before(async () => {
  h = await PageHarness.start();
  await h.open();
});
after(async () => { if (h) await h.close(); });

test('deep C-level recursion is a RecursionError, at the default limit and a raised one', async () => {
  await h.mark();
  await h.inputLine(DEFINE_CASES);
  await h.inputLine('run_cases("default")');
  let text = await h.waitForText(/^default: done\n>>> $/m, 60_000, { sinceMark: true });
  assertAllRaise(text, 'default');
  assert.equal(await h.sessionState(), 'running');

  await h.mark();
  await h.inputLine('sys.setrecursionlimit(10**6); run_cases("raised")');
  text = await h.waitForText(/^raised: done\n>>> $/m, 120_000, { sinceMark: true });
  assertAllRaise(text, 'raised');
  assert.equal(await h.sessionState(), 'running');
});

test('pure-Python recursion still goes 100,000 deep with a raised limit, and the shell goes on', async () => {
  await h.mark();
  await h.inputLine('pure(100000), 6 * 7');
  await h.waitForText(/^\(0, 42\)\n>>> $/m, 60_000, { sinceMark: true });
});

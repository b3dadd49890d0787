// Deep recursion through the web artifact under Node (a worker_threads Worker: 4 MB of JS
// engine stack, where C-level recursion lives in WebAssembly). The same cases as the page's
// test (tests/support/recursion_cases.py): each ends in RecursionError or MemoryError, at the
// default limit and after sys.setrecursionlimit(10**6), and the worker lives on.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Shell, WEB_DIR } from './driver.mjs';
import { DEFINE_CASES, assertAllRaise } from '../support/recursion_cases.mjs';

const haveBuild = fs.existsSync(path.join(WEB_DIR, 'pyshell.js'));

let sh = null;
after(async () => { if (sh) await sh.close(); });

test('deep C-level recursion is a RecursionError under Node; pure Python still goes deep', { skip: !haveBuild && 'no web build', timeout: 300_000 }, async () => {
  sh = await Shell.start({ cols: 200, rows: 50 });
  sh.type(DEFINE_CASES + '\n');
  await sh.waitFor({ prompt: true }, 30_000);
  for (const [label, setup] of [['default', ''], ['raised', 'sys.setrecursionlimit(10**6); ']]) {
    const since = sh.output().length;
    sh.type(`${setup}run_cases("${label}")\n`);
    await sh.waitFor({ prompt: true }, 120_000);
    const text = sh.plainTextSince(since);
    assert.match(text, new RegExp(`^${label}: done$`, 'm'));
    assertAllRaise(text, label);
  }
  const since = sh.output().length;
  sh.type('pure(100000), 6 * 7\n');
  await sh.waitFor({ prompt: true }, 60_000);
  assert.match(sh.output().subarray(since).toString('utf8'), /\(0, 42\)/);
  assert.equal(sh.exitCode(), null, 'the shell is still running');
});

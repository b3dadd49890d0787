// The stdlib in two parts (python-stdlib/make_stdlib_zip.py --start, web/pre.js): the shell
// starts, prints a traceback and completes a name with python313-start.data alone; the
// first import of another module reads python313-rest.data, and when that file is missing
// says so on the terminal, fails the import, and works once the file is there. Also: the
// two parts put back together are the zip, byte for byte.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Shell, WEB_DIR } from './driver.mjs';

const haveBuild = fs.existsSync(path.join(WEB_DIR, 'python313-start.data'));
const REST = 'python313-rest.data';

let sh = null;
let dir = null;
after(async () => {
  if (sh) await sh.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function enter(line, timeoutMs = 30_000) {
  const since = sh.output().length;
  sh.type(line + '\n');
  await sh.waitFor({ prompt: true }, timeoutMs);
  return sh.plainTextSince(since);
}

test('python313-start.data + python313-rest.data are python313.zip', { skip: !haveBuild && 'no web build' }, () => {
  const start = fs.readFileSync(path.join(WEB_DIR, 'python313-start.data'));
  const rest = fs.readFileSync(path.join(WEB_DIR, REST));
  const zip = fs.readFileSync(path.join(WEB_DIR, 'python313.zip'));
  assert.equal(start.subarray(0, 8).toString('latin1'), 'PYSHSTD1');
  const [startEnd, dirStart, size] = [8, 12, 16].map((o) => start.readUInt32LE(o));
  assert.equal(size, zip.length);
  assert.equal(dirStart - startEnd, rest.length);
  assert.ok(startEnd < zip.length / 5, `the start part is small (${startEnd} of ${zip.length} bytes)`);
  const joined = Buffer.concat([start.subarray(20, 20 + startEnd), rest, start.subarray(20 + startEnd)]);
  assert.ok(joined.equals(zip), 'start + rest == the zip');
});

test('the REPL starts and works without the rest of the stdlib; an import of it says why it fails, then works once it is there',
  { skip: !haveBuild && 'no web build', timeout: 180_000 }, async () => {
    // The web folder, less python313-rest.data (links to everything else).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-lazy-'));
    for (const name of fs.readdirSync(WEB_DIR)) {
      if (!name.startsWith(REST)) fs.symlinkSync(path.join(WEB_DIR, name), path.join(dir, name));
    }
    sh = await Shell.start({ cols: 120, rows: 40, webDir: dir });

    let out = await enter('1/0');
    assert.match(out, /ZeroDivisionError: division by zero/);
    out = await enter('import json; print(json.dumps({"a": [1, 2]}))');
    assert.match(out, /\{"a": \[1, 2\]\}/);
    // Tab completion imports rlcompleter, inspect, ast, dis: all start modules.
    let since = sh.output().length;
    sh.type('pri');
    sh.key('tab');
    await sh.waitFor({ output: 'print(', since }, 10_000);
    out = await enter('"done")');
    assert.match(out, /^done$/m);
    assert.doesNotMatch(sh.plainTextSince(), /could not load the rest/, 'nothing so far needed the rest');

    out = await enter('import decimal');
    assert.match(out, /pyshell: could not load the rest of the Python standard library \(python313-rest\.data\)/);
    assert.match(out, /OSError: \[Errno 29\] I\/O error/);

    fs.symlinkSync(path.join(WEB_DIR, REST), path.join(dir, REST));
    out = await enter('import decimal; print(decimal.Decimal(1) / 8)');
    assert.match(out, /^0\.125$/m);
    out = await enter('import asyncio, email.mime.text, unittest; print("more", len(asyncio.__file__) > 0)');
    assert.match(out, /^more True$/m);
    assert.equal(sh.exitCode(), null, 'the shell is still running');
  });

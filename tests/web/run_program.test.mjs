// `pyshell.wasm -c CODE`, the web build's one program under Node (through pyshell-node, as
// graders run it): the same checks tests/host/run_program_test.cpp makes of the native
// pyshell-run. The stdlib zip is mounted in the virtual FS by web/pre.js; Python sees no
// host file. PYSHELL_WEB_DIR is the built web folder (ctest sets it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = process.env.PYSHELL_WEB_DIR ?? path.join(here, '..', '..', 'build', 'web');
const bin = path.join(here, '..', '..', 'bin', 'pyshell-node.mjs');

function run(...args) {
  // cwd elsewhere on purpose: nothing may be looked up relative to the current directory.
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8', cwd: '/', timeout: 120_000, env: Object.assign({}, process.env, { PYSHELL_WEB_DIR: webDir }),
  });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('imports the stdlib and prints a computed value', () => {
  const r = run('-c', [
    'import json, re, decimal, zlib, bz2, lzma, sqlite3, hashlib, collections, asyncio, unittest',
    "db = sqlite3.connect(':memory:')",
    "n = db.execute('select 6*7').fetchone()[0]",
    "z = zlib.decompress(bz2.decompress(lzma.decompress(lzma.compress(bz2.compress(zlib.compress(b'ok'))))))",
    "print(json.dumps({'n': n, 'z': z.decode(), 'd': str(decimal.Decimal(1) / 8),",
    "                  'h': hashlib.sha256(b'abc').hexdigest()[:8], 're': re.sub('a+', '-', 'baaac')}))",
  ].join('\n'));
  assert.equal(r.err, '');
  assert.equal(r.code, 0);
  assert.equal(r.out, '{"n": 42, "z": "ok", "d": "0.125", "h": "ba7816bf", "re": "b-c"}\n');
});

test('the stdlib is the zip mounted at /lib/python313.zip; cwd is /home/user', () => {
  const r = run('-c', 'import json, os, sys; print(json.__file__); print(os.getcwd()); print(sys.platform)');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '/lib/python313.zip/json/__init__.pyc\n/home/user\nemscripten\n');
});

test('host files are not visible to Python', () => {
  const r = run('-c', "import os; print(os.path.exists('/etc/passwd'), os.path.exists('/usr/bin'))");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'False False\n');
});

test('sysconfig and time.sleep work (the sysconfigdata name and clock_nanosleep traps of earlier toolchains)', () => {
  const r = run('-c', 'import sysconfig, time; t = time.monotonic(); time.sleep(0.05); '
    + "print(sysconfig.get_platform().startswith('emscripten'), time.monotonic() - t >= 0.05)");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'True True\n');
});

test('arguments become sys.argv', () => {
  const r = run('-c', 'import sys; print(sys.argv)', 'a b', 'é');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, "['-c', 'a b', 'é']\n");
});

test('a syntax error exits 1 with a traceback on stderr', () => {
  const r = run('-c', '1 +');
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /SyntaxError: invalid syntax/);
});

test('an uncaught exception exits 1 with a traceback', () => {
  const r = run('-c', "def f():\n    raise ValueError('boom')\nf()");
  assert.equal(r.code, 1);
  assert.match(r.err, /Traceback \(most recent call last\):[\s\S]*ValueError: boom/);
});

test('sys.exit(3) exits 3; sys.exit("bye") prints and exits 1', () => {
  assert.equal(run('-c', 'import sys; sys.exit(3)').code, 3);
  const r = run('-c', "import sys; sys.exit('bye')");
  assert.equal(r.code, 1);
  assert.equal(r.err, 'bye\n');
});

test('pyshell.js run directly under Node cannot start host processes either (web/pre.js)', () => {
  // Not through pyshell-node's worker: the program's own require keeps child_process out.
  const marker = path.join(os.tmpdir(), `pyshell-direct-${process.pid}`);
  fs.rmSync(marker, { force: true });
  const r = spawnSync(process.execPath, [path.join(webDir, 'pyshell.js'), '-c', `import os; print(os.waitstatus_to_exitcode(os.system("touch ${marker}")))`],
    { encoding: 'utf8', cwd: os.tmpdir(), timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '127\n', 'system() answers "command not found"');
  assert.equal(fs.existsSync(marker), false, 'no host command ran');
});

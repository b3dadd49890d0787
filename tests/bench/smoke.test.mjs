// pyshell tests/bench/smoke.test.mjs: the bench command's smoke run (one iteration of
// every figure on tiny inputs), so `./dev.sh bench` cannot rot. It checks that every
// figure of issue #6 is in the JSON as a number, that the contestants' speed results
// agree, and that a smoke run leaves README.md, bench/results.json and bench/speed.svg
// alone. It measures nothing: speed targets live in bench/, never in tests.
// Needs build/web (./dev.sh build) and Debian's chromium and python3.13.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..', '..');
const RUN = path.join(REPO, 'bench', 'run.mjs');
const web = process.env.PYSHELL_WEB_DIR ?? path.join(REPO, 'build', 'web');

const digest = (f) => (fs.existsSync(f) ? crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex') : null);

function positive(value, where) {
  assert.equal(typeof value, 'number', `${where} should be a number, is ${JSON.stringify(value)}`);
  assert.ok(Number.isFinite(value) && value > 0, `${where} should be a positive number, is ${value}`);
}

function summaryOk(sum, where) {
  assert.ok(sum && typeof sum === 'object', `${where} should be a summary {median, min, max}`);
  for (const k of ['median', 'min', 'max']) positive(sum[k], `${where}.${k}`);
  assert.ok(sum.min <= sum.median && sum.median <= sum.max, `${where}: min ≤ median ≤ max`);
}

test('bench/run.mjs rejects an unknown part with a clear message', () => {
  const r = spawnSync(process.execPath, [RUN, '--only', 'speed,nonsense'], { encoding: 'utf8' });
  assert.equal(r.status, 2, 'a usage error exits with status 2');
  assert.match(r.stderr, /--only takes some of prompt,speed,throughput,memory,files; got nonsense/);
});

test('the smoke run of the bench produces every figure', { timeout: 360_000 }, () => {
  assert.ok(fs.existsSync(path.join(web, 'pyshell.wasm')), `no web build in ${web}: run ./dev.sh build first`);
  const watched = ['README.md', 'bench/results.json', 'bench/speed.svg'].map((f) => path.join(REPO, f));
  const before = watched.map(digest);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-bench-smoke-')), 'results.json');
  const r = spawnSync(process.execPath, [RUN, '--smoke', '--web', web, '--out', out], { encoding: 'utf8', timeout: 340_000 });
  assert.equal(r.status, 0, `the smoke run failed (status ${r.status}):\n${(r.stderr || '').slice(-4000)}`);
  assert.deepEqual(watched.map(digest), before, 'a smoke run must not touch README.md, bench/results.json or bench/speed.svg');
  assert.match(r.stdout, /\*\*Time to the first prompt\*\*/, 'the markdown table is printed');
  assert.match(r.stdout, /\| \*\*geometric mean\*\* \|/);
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });

  assert.equal(j.smoke, true);
  for (const k of ['node', 'python', 'pyodide', 'pyodidePython', 'chromium', 'emscripten', 'pyshell']) {
    assert.ok(j.versions[k], `versions.${k} is recorded`);
  }
  assert.match(j.versions.pyodidePython, /^3\.13\./, 'the Pyodide contestant runs CPython 3.13, like pyshell');
  // 1. time to first prompt
  summaryOk(j.firstPrompt.node.pyshell.ms, 'firstPrompt.node.pyshell.ms');
  summaryOk(j.firstPrompt.node.pyshellJspi.ms, 'firstPrompt.node.pyshellJspi.ms');
  summaryOk(j.firstPrompt.node.pyodide.ms, 'firstPrompt.node.pyodide.ms');
  summaryOk(j.firstPrompt.node.pyodideLoadPyodideOnly.ms, 'firstPrompt.node.pyodideLoadPyodideOnly.ms');
  for (const cache of ['cold', 'warm']) {
    for (const c of ['pyshell', 'pyshellJspi', 'pyodide']) summaryOk(j.firstPrompt.chromium[cache][c].ms, `firstPrompt.chromium.${cache}.${c}.ms`);
  }
  // 2. bytes, brotli and gzip; gzip sends more than brotli
  for (const enc of ['brotli', 'gzip']) {
    for (const c of ['pyshell', 'pyodide']) {
      summaryOk(j.bytes[enc][c], `bytes.${enc}.${c}`);
      assert.ok(j.bytes[enc][c].median > 1e6, `bytes.${enc}.${c}: a first prompt takes more than 1 MB (${j.bytes[enc][c].median})`);
    }
  }
  assert.ok(j.bytes.gzip.pyshell.median > j.bytes.brotli.pyshell.median, 'gzip transfers more than brotli');
  // 3. speed: ten programs, three contestants, the same answers
  const programs = Object.keys(j.speed.programs);
  assert.deepEqual(programs.sort(), ['dict_set', 'fannkuch', 'generators', 'json_work', 'nbody', 'pystone',
    'regex_work', 'richards', 'spectral_norm', 'unicode_work']);
  for (const p of programs) {
    const s = j.speed.programs[p];
    for (const c of ['native', 'pyshell', 'pyshellJspi', 'pyodide']) summaryOk(s.seconds[c], `speed.${p}.${c}`);
    assert.ok(s.checksAgree, `speed.${p}: every contestant computes the same result: ${JSON.stringify(s.checks)}`);
    positive(s.pyshellVsNative, `speed.${p}.pyshellVsNative`);
    positive(s.pyshellVsPyodide, `speed.${p}.pyshellVsPyodide`);
  }
  positive(j.speed.geomean.pyshellVsNative, 'speed.geomean.pyshellVsNative');
  positive(j.speed.geomean.pyshellVsPyodide, 'speed.geomean.pyshellVsPyodide');
  positive(j.speed.geomean.jspiVsSab, 'speed.geomean.jspiVsSab');
  // 4. throughput
  for (const mode of ['sab', 'jspi']) {
    summaryOk(j.throughput[mode].pyshell.ms, `throughput.${mode}.pyshell.ms`);
    summaryOk(j.throughput[mode].xtermDirect.ms, `throughput.${mode}.xtermDirect.ms`);
    assert.ok(j.throughput[mode].bytes >= j.throughput.lines * 50,
      `throughput ${mode}: the recorded bytes hold every line (${j.throughput[mode].bytes} B for ${j.throughput.lines} lines)`);
  }
  // 5. memory
  for (const c of ['pyshell', 'pyodide']) {
    for (const phase of ['idle', 'imports']) {
      summaryOk(j.memory[c][phase].heap, `memory.${c}.${phase}.heap`);
      summaryOk(j.memory[c][phase].rss, `memory.${c}.${phase}.rss`);
    }
  }
  summaryOk(j.memory.native.imports.rss, 'memory.native.imports.rss');
  assert.equal(j.memory.pyshell.importsRun, 'import json, re, decimal, sqlite3');
  // 6. writing files in the page (issue #14): the home folder and /tmp, both transports
  for (const t of ['sab', 'jspi']) {
    for (const kind of ['home', 'memory']) {
      summaryOk(j.files[t][kind].small, `files.${t}.${kind}.small`);
      summaryOk(j.files[t][kind].big, `files.${t}.${kind}.big`);
    }
  }
  // the targets, each judged
  assert.deepEqual(j.targets.map((t) => t.id), ['node-prompt', 'chromium-cold', 'bytes', 'speed-native', 'speed-pyodide',
    'speed-jspi', 'throughput-sab', 'throughput-jspi']);
  for (const t of j.targets) assert.equal(typeof t.met, 'boolean', `target ${t.id} is judged met or not`);
});

#!/usr/bin/env node
// pyshell bench/lib/memory_probe.mjs: the memory figures of one contestant, in a process of
// its own (so the RSS is that contestant's alone).
//
//   node bench/lib/memory_probe.mjs pyshell|pyodide [--web DIR]
//
// Prints one JSON line: {idle: {heap, rss}, imports: {heap, rss}, importsRun, note?} in bytes.
// heap: the wasm linear memory's size; rss: this process's resident set size. `idle`: at
// the first prompt (pyshell: '>>> ' under @xterm/headless, as tests/headless does;
// Pyodide: loadPyodide() resolved); `imports`: after `import json, re, decimal, sqlite3`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const IMPORTS = 'import json, re, decimal, sqlite3';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function rss() {
  return process.memoryUsage.rss();
}

async function pyshell(webDir) {
  const { Shell } = await import('../../tests/headless/driver.mjs');
  const heapCell = new Int32Array(new SharedArrayBuffer(4));
  const sh = await Shell.start({
    webDir,
    workerPath: path.join(here, 'heap_probe_worker.cjs'),
    workerData: { heapCell: heapCell.buffer, webDir: webDir || path.resolve(here, '..', '..', 'build', 'web') },
    timeoutMs: 60_000,
  });
  try {
    await sleep(300); // let the idle wait note the heap, and the GC settle
    const idle = { heap: Atomics.load(heapCell, 0) * 65536, rss: rss() };
    sh.type(IMPORTS + '\n');
    await sh.waitFor({ prompt: true }, 60_000);
    const screen = sh.screen().join('\n');
    if (/Error/.test(screen)) throw new Error('the imports failed:\n' + screen);
    await sleep(300);
    const imports = { heap: Atomics.load(heapCell, 0) * 65536, rss: rss() };
    return { idle, imports, importsRun: IMPORTS };
  } finally {
    await sh.close();
  }
}

async function pyodide() {
  const { loadPyodide } = require('pyodide');
  const py = await loadPyodide();
  await sleep(300);
  const heapOf = () => py._module.HEAP8.buffer.byteLength;
  const idle = { heap: heapOf(), rss: rss() };
  let importsRun = IMPORTS;
  let note;
  try {
    py.runPython(IMPORTS);
  } catch (error) {
    // sqlite3 is a separate Pyodide package (loadPackage('sqlite3'), fetched from its CDN
    // by default); the npm package does not hold it, and nothing is fetched here.
    importsRun = 'import json, re, decimal';
    const why = String(error.message || error).split('\n').find((l) => /Error:/.test(l)) || String(error);
    note = 'sqlite3 is not in the npm package (a separate Pyodide package fetched at run time): ' + why.trim();
    py.runPython(importsRun);
  }
  await sleep(300);
  const imports = { heap: heapOf(), rss: rss() };
  return { idle, imports, importsRun, note };
}

const [who, ...rest] = process.argv.slice(2);
const webIndex = rest.indexOf('--web');
const webDir = webIndex >= 0 ? path.resolve(rest[webIndex + 1]) : undefined;
try {
  const result = who === 'pyshell' ? await pyshell(webDir) : who === 'pyodide' ? await pyodide() : null;
  if (!result) throw new Error('usage: memory_probe.mjs pyshell|pyodide [--web DIR]');
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
} catch (error) {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exit(1);
}

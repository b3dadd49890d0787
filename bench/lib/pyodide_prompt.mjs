#!/usr/bin/env node
// pyshell bench/lib/pyodide_prompt.mjs: Pyodide's "first prompt" under Node: the npm
// package's loadPyodide() resolved. Prints how long loadPyodide() itself took and then
// '>>> ' (what bench/lib/pty_prompt.py waits for), and stays until stdin ends or a signal.
//
//   node bench/lib/pyodide_prompt.mjs
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const t0 = performance.now();
const { loadPyodide } = require('pyodide');
await loadPyodide();
const ms = performance.now() - t0;
process.stdout.write(`loadPyodide ${ms.toFixed(1)} ms\n>>> `);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));

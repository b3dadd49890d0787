#!/usr/bin/env node
// pyshell bench/first_prompt.mjs: how long the page takes to show its first '>>> ', and how
// many bytes it pulls over the wire until then. Not a test: it prints numbers.
//
//   node bench/first_prompt.mjs [--runs 5] [--json] [--root build/web] [--no-isolation-headers]
//
// * Serves the web build with serve.py on loopback (nothing else is reached: other host
//   names do not resolve in the browser), through a small TCP relay in this process that
//   counts every byte the server sends to the browser (HTTP headers included, compressed
//   bodies as sent: serve.py sends .br/.gz when the browser accepts them).
// * cold: a new Chromium profile per run (empty HTTP cache, no stored files), navigate.
// * warm: one profile, loaded once (not counted), then `runs` reloads. serve.py sends
//   Cache-Control: no-cache, so a warm load revalidates each file (304s).
// * time: from just before the navigation/reload is issued until the terminal's cursor line
//   is '>>> ' (checked every animation frame in the page), measured in this process.
//   Chromium's own start-up is not included.
// * bytes: counted by the relay between those two moments.
// Prints a markdown table (median and min–max), or with --json the raw runs and summaries.
// pyshell's page alone; bench/run.mjs measures it beside Pyodide with the same pieces.
import path from 'node:path';
import { startServer, launchBrowser, tempProfile, webDir } from '../tests/page/harness.mjs';
import { startRelay, installMilestones, measure, summary } from './lib/chromium.mjs';

function parseArgs(argv) {
  const o = { runs: 5, json: false, root: webDir, isolation: true, timeout: 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runs') o.runs = Number(value());
    else if (a.startsWith('--runs=')) o.runs = Number(a.slice(7));
    else if (a === '--json') o.json = true;
    else if (a === '--root') o.root = path.resolve(value());
    else if (a === '--no-isolation-headers') o.isolation = false;
    else if (a === '--timeout') o.timeout = Number(value());
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/first_prompt.mjs [--runs N] [--json] [--root DIR] [--no-isolation-headers] [--timeout MS]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs must be a positive integer');
  return o;
}

function fmtMs(v) { return `${(v / 1000).toFixed(2)} s`; }
function fmtBytes(v) {
  if (v < 1024) return `${Math.round(v)} B`;
  if (v < 1024 * 1024) return `${(v / 1024).toFixed(1)} KiB`;
  return `${(v / (1024 * 1024)).toFixed(2)} MiB`;
}
function cell(sum, fmt) {
  return sum.min === sum.max ? fmt(sum.median) : `${fmt(sum.median)} (${fmt(sum.min)}–${fmt(sum.max)})`;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const server = await startServer({ root: o.root, isolation: o.isolation });
  const relay = await startRelay(Number(new URL(server.url).port));
  const cold = [];
  const warm = [];
  try {
    for (let i = 0; i < o.runs; i++) {
      const profile = tempProfile('pyshell-bench-');
      const { context } = await launchBrowser({ profileDir: profile.dir });
      await installMilestones(context);
      try {
        const page = context.pages()[0] ?? await context.newPage();
        cold.push(await measure(page, relay, () => page.goto(relay.url), { timeout: o.timeout }));
      } finally {
        await context.close();
        profile.remove();
      }
      if (!o.json) process.stderr.write(`cold run ${i + 1}/${o.runs}: ${cold[i].ms} ms, ${cold[i].bytes} bytes\n`);
    }
    const profile = tempProfile('pyshell-bench-');
    const { context } = await launchBrowser({ profileDir: profile.dir });
    await installMilestones(context);
    try {
      const page = context.pages()[0] ?? await context.newPage();
      await measure(page, relay, () => page.goto(relay.url), { timeout: o.timeout }); // fills the cache
      for (let i = 0; i < o.runs; i++) {
        warm.push(await measure(page, relay, () => page.reload(), { timeout: o.timeout }));
        if (!o.json) process.stderr.write(`warm run ${i + 1}/${o.runs}: ${warm[i].ms} ms, ${warm[i].bytes} bytes\n`);
      }
    } finally {
      await context.close();
      profile.remove();
    }
  } finally {
    await relay.close();
    await server.stop();
  }

  const result = {
    root: path.relative(process.cwd(), o.root) || '.',
    isolationHeaders: o.isolation,
    runs: o.runs,
    cold: { runs: cold, ms: summary(cold.map((r) => r.ms)), bytes: summary(cold.map((r) => r.bytes)), requests: summary(cold.map((r) => r.requests)) },
    warm: { runs: warm, ms: summary(warm.map((r) => r.ms)), bytes: summary(warm.map((r) => r.bytes)), requests: summary(warm.map((r) => r.requests)) },
  };
  if (o.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(`First prompt (\`>>> \`), ${o.runs} runs each, serve.py on loopback` +
    `${o.isolation ? '' : ' without isolation headers (service worker path)'}; median (min–max):\n`);
  console.log('| cache | time to `>>> ` | bytes sent by the server | requests |');
  console.log('|---|---|---|---|');
  for (const [name, r] of [['cold (new profile)', result.cold], ['warm (reload)', result.warm]]) {
    console.log(`| ${name} | ${cell(r.ms, fmtMs)} | ${cell(r.bytes, fmtBytes)} | ${cell(r.requests, String)} |`);
  }
  const names = ['domContentLoaded', 'workerCreated', 'downloadStarted', 'phase:files', 'phase:start', 'firstOutput', 'ready', 'prompt'];
  const present = names.filter((n) => cold.concat(warm).some((r) => n in r.milestones));
  if (present.length) {
    console.log('\nIn-page milestones, ms since navigation start (median):\n');
    console.log(`| cache | ${present.join(' | ')} |`);
    console.log(`|---|${present.map(() => '---').join('|')}|`);
    for (const [name, runs] of [['cold', cold], ['warm', warm]]) {
      const cells = present.map((n) => {
        const v = runs.map((r) => r.milestones[n]).filter((x) => typeof x === 'number');
        return v.length ? String(Math.round(summary(v).median)) : '–';
      });
      console.log(`| ${name} | ${cells.join(' | ')} |`);
    }
  }
}

main().catch((error) => {
  console.error(error && error.stack || error);
  process.exit(1);
});

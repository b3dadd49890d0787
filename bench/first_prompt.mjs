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
import net from 'node:net';
import path from 'node:path';
import { startServer, launchBrowser, tempProfile, webDir } from '../tests/page/harness.mjs';

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

/** A TCP relay on a free loopback port to `port`; counts bytes server -> browser. */
function startRelay(port) {
  const relay = { bytes: 0, requests: 0, sockets: new Set() };
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    relay.sockets.add(client);
    relay.sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      relay.sockets.delete(client);
      relay.sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.on('data', (d) => {
      // count request lines (a rough request count; the bodies of GETs are empty)
      const m = d.toString('latin1').match(/^(GET|HEAD) /gm);
      if (m) relay.requests += m.length;
    });
    upstream.on('data', (d) => { relay.bytes += d.length; });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      relay.url = `http://127.0.0.1:${server.address().port}/`;
      relay.close = () => new Promise((done) => {
        for (const s of relay.sockets) s.destroy();
        server.close(() => done());
      });
      resolve(relay);
    });
  });
}

/**
 * Notes in the page when each milestone first happens (performance.now(), i.e. ms since
 * this document's navigation started): main.js running, the worker's messages (first
 * download progress, 'files' = restoring ~/, 'start' = wasm ready, Python starting,
 * 'ready' = first prompt requested), and the prompt seen.
 */
function installMilestones(context) {
  return context.addInitScript(() => {
    const marks = {};
    window.__pyshellBench = marks;
    const note = (name) => { if (!(name in marks)) marks[name] = Math.round(performance.now()); };
    document.addEventListener('DOMContentLoaded', () => note('domContentLoaded'));
    const RealWorker = window.Worker;
    if (typeof RealWorker !== 'function') return;
    window.Worker = function (url, options) {
      note('workerCreated');
      const w = new RealWorker(url, options);
      w.addEventListener('message', (event) => {
        const m = event.data || {};
        if (m.type === 'progress') note(m.phase === 'download' ? 'downloadStarted' : 'phase:' + m.phase);
        else if (m.type === 'output') note('firstOutput');
        else if (m.type === 'ready') note('ready');
      });
      return w;
    };
    window.Worker.prototype = RealWorker.prototype;
  });
}

/** Resolves when the terminal's cursor line is the primary prompt. */
function waitForPrompt(page, timeout) {
  return page.waitForFunction(() => {
    const p = window.pyshell;
    if (!p || !p.term) return false;
    const b = p.term.buffer.active;
    const line = b.getLine(b.baseY + b.cursorY);
    if (!line || line.translateToString(true) !== '>>> ') return false;
    if (window.__pyshellBench) window.__pyshellBench.prompt = Math.round(performance.now());
    return true;
  }, null, { timeout, polling: 'raf' });
}

async function measure(page, relay, go, timeout) {
  const bytes0 = relay.bytes;
  const requests0 = relay.requests;
  const t0 = performance.now();
  await go();
  await waitForPrompt(page, timeout);
  const ms = performance.now() - t0;
  const milestones = await page.evaluate(() => window.__pyshellBench || {});
  return { ms: Math.round(ms), bytes: relay.bytes - bytes0, requests: relay.requests - requests0, milestones };
}

function summary(values) {
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
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
        cold.push(await measure(page, relay, () => page.goto(relay.url), o.timeout));
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
      await measure(page, relay, () => page.goto(relay.url), o.timeout); // fills the cache
      for (let i = 0; i < o.runs; i++) {
        warm.push(await measure(page, relay, () => page.reload(), o.timeout));
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

#!/usr/bin/env node
// pyshell bench/run.mjs: pyshell side by side with native CPython 3.13 and Pyodide, every
// figure of issue #6, in one run. `./dev.sh bench` builds what it needs and runs this.
//
//   node bench/run.mjs [--smoke] [--only LIST] [--runs N] [--speed-runs N] [--scale F]
//                      [--no-readme] [--out FILE] [--web DIR]
//
//   --smoke        one iteration of everything on tiny inputs (the test suite runs this);
//                  writes only --out if given: never README.md, bench/results.json, the SVG
//   --only LIST    comma-separated parts: prompt (time to first prompt: Node, Chromium cold
//                  and warm, and the bytes), speed, throughput, memory, files (writing
//                  1,000 small files and one 64 MB file in the page). Default: all. A run
//                  with --only does not touch README.md (the table would be partial).
//   --runs N       timed runs per start-up / throughput figure (default 5)
//   --speed-runs N timed runs per speed program and contestant (default 3)
//   --scale F      work per speed program (default 1: each takes 1–2.5 s natively)
//   --no-readme    write results.json and speed.svg but leave README.md alone
//   --out FILE     where the JSON goes (default bench/results.json; with --smoke: nowhere)
//
// Contestants: pyshell's web artifact (build/web) under Node (bin/pyshell-node.mjs) and in
// headless Chromium (index.html served by serve.py on loopback); Debian's /usr/bin/python3.13;
// Pyodide from the locked npm package: loadPyodide() under Node, its console.html in the
// same Chromium behind the same serve.py (bench/lib/chromium.mjs prepares that folder).
// Every figure (but in --smoke): a warm-up that is not counted, then N runs with the contestants taking
// turns (A B A B ...); reported as median and min–max. Output: a markdown table on stdout,
// the raw figures as JSON, bench/speed.svg, and README.md's results section (between the
// <!-- bench:results:begin/end --> markers).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, tempProfile } from '../tests/page/harness.mjs';
import {
  startRelay, installMilestones, measure, summary, PROMPT_CHECKS, preparePyodideSite,
} from './lib/chromium.mjs';
import { speedSvg } from './lib/svg.mjs';
import { renderMarkdown, updateReadme, evaluateTargets } from './lib/report.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(here, '..');
const PYTHON = '/usr/bin/python3.13';
const NODE = process.execPath;
const PROGRAMS = ['pystone', 'richards', 'nbody', 'fannkuch', 'spectral_norm', 'regex_work',
  'json_work', 'unicode_work', 'dict_set', 'generators'];
const PARTS = ['prompt', 'speed', 'throughput', 'memory', 'files'];

function usage() {
  return fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(3, 18)
    .map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n';
}

class UsageError extends Error {}

function parseArgs(argv) {
  const o = {
    smoke: false, only: PARTS.slice(), runs: null, speedRuns: null, scale: null, readme: true,
    out: undefined, web: path.join(REPO, 'build', 'web'), onlyGiven: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    const number = (v, what) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${what} must be a positive number, not ${JSON.stringify(v)}`);
      return n;
    };
    if (a === '--smoke') o.smoke = true;
    else if (a === '--only') {
      o.only = value().split(',').map((s) => s.trim()).filter(Boolean);
      o.onlyGiven = true;
      const bad = o.only.filter((p) => !PARTS.includes(p));
      if (bad.length || !o.only.length) throw new UsageError(`--only takes some of ${PARTS.join(',')}; got ${bad.join(',') || 'nothing'}`);
    } else if (a === '--runs') o.runs = Math.round(number(value(), '--runs'));
    else if (a === '--speed-runs') o.speedRuns = Math.round(number(value(), '--speed-runs'));
    else if (a === '--scale') o.scale = number(value(), '--scale');
    else if (a === '--no-readme') o.readme = false;
    else if (a === '--out') o.out = path.resolve(value());
    else if (a === '--web') o.web = path.resolve(value());
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new UsageError(`unknown argument ${a}`);
  }
  o.runs = o.runs ?? (o.smoke ? 1 : 5);
  o.speedRuns = o.speedRuns ?? (o.smoke ? 1 : 3);
  o.scale = o.scale ?? (o.smoke ? 0.02 : 1);
  o.lines = o.smoke ? 2000 : 100_000;
  if (o.out === undefined) o.out = o.smoke ? null : path.join(here, 'results.json');
  if (o.smoke || o.onlyGiven) o.readme = false;
  return o;
}

const log = (...a) => process.stderr.write(a.join(' ') + '\n');

/** Runs a command; resolves {code, stdout, stderr, ms}. Never rejects on a status. */
function run(cmd, args, { cwd = REPO, timeout = 600_000, env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

function jsonLines(text) {
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

function fail(what, r) {
  throw new Error(`${what} failed (status ${r.code}${r.signal ? ', ' + r.signal : ''})\n${(r.stderr || '').slice(-3000)}\n${(r.stdout || '').slice(-2000)}`);
}

/* ------------------------------------------------------------------------------------
 * Versions and the machine.
 * ---------------------------------------------------------------------------------- */
function firstLine(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: REPO });
  return ((r.stdout || '') + (r.stderr || '')).trim().split('\n')[0] || null;
}

function machineInfo() {
  const cpus = os.cpus();
  let model = cpus[0] ? cpus[0].model.replace(/\s+/g, ' ').trim() : 'unknown';
  const versions = {
    node: process.version,
    python: firstLine(PYTHON, ['--version']),
    pyodide: require('pyodide/package.json').version,
    pyodidePython: require('pyodide/pyodide-lock.json').info.python,
    pyodideEmscripten: String(require('pyodide/pyodide-lock.json').info.platform || '').replace(/^emscripten_/, '').replace(/_/g, '.'),
    chromium: firstLine('/usr/bin/chromium', ['--version']),
    emscripten: firstLine('emcc', ['--version']),
    pyshellPython: (fs.readFileSync(path.join(REPO, 'tools', 'versions.env'), 'utf8').match(/^CPYTHON_VERSION=(.*)$/m) || [])[1],
    pyshell: firstLine('git', ['rev-parse', '--short', 'HEAD']),
    pyshellDirty: (spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', cwd: REPO }).stdout || '').trim() !== '',
  };
  if (versions.emscripten) versions.emscripten = (versions.emscripten.match(/\d+\.\d+\.\d+/) || [versions.emscripten])[0];
  let os_ = `${os.type()} ${os.release()}`;
  try {
    const rel = fs.readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)/m);
    if (rel) os_ = `${rel[1]} (${os.release()})`;
  } catch (_) { /* not Linux */ }
  return {
    date: new Date().toISOString(),
    machine: { cpu: model, cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), os: os_, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    versions,
  };
}

/* ------------------------------------------------------------------------------------
 * 1. Time to first prompt under Node.
 * ---------------------------------------------------------------------------------- */
async function ptyPrompt(command) {
  const r = await run(PYTHON, [path.join(here, 'lib', 'pty_prompt.py'), '--timeout', '120', '--', ...command]);
  const [j] = jsonLines(r.stdout);
  if (!j || !('ms' in j)) throw new Error(`no prompt from ${command.join(' ')}: ${j ? j.error : r.stderr}\n${j ? j.output : r.stdout}`);
  return j;
}

async function promptNode(o) {
  const contestants = {
    pyshell: [NODE, path.join(REPO, 'bin', 'pyshell-node.mjs'), '--web', o.web],
    pyshellJspi: [NODE, path.join(REPO, 'bin', 'pyshell-node.mjs'), '--transport', 'jspi', '--web', o.web],
    pyodide: [NODE, path.join(here, 'lib', 'pyodide_prompt.mjs')],
  };
  const runs = Object.fromEntries(Object.keys(contestants).map((c) => [c, []]));
  const loadOnly = [];
  if (!o.smoke) {
    log('prompt/node: warm-up');
    for (const c of Object.keys(contestants)) await ptyPrompt(contestants[c]);
  }
  for (let i = 0; i < o.runs; i++) {
    for (const c of Object.keys(contestants)) {
      const j = await ptyPrompt(contestants[c]);
      runs[c].push(j.ms);
      if (c === 'pyodide') {
        const m = j.output.match(/loadPyodide ([\d.]+) ms/);
        if (m) loadOnly.push(Number(m[1]));
      }
    }
    log(`prompt/node run ${i + 1}/${o.runs}: ` + Object.keys(contestants).map((c) => `${c} ${runs[c][i].toFixed(0)} ms`).join(', '));
  }
  return {
    how: 'process start (fork on a pseudo-terminal) until ">>> " is read from it; Pyodide: a Node script that prints ">>> " once loadPyodide() resolved',
    pyshell: { ms: summary(runs.pyshell), runs: runs.pyshell },
    pyshellJspi: { ms: summary(runs.pyshellJspi), runs: runs.pyshellJspi },
    pyodide: { ms: summary(runs.pyodide), runs: runs.pyodide },
    pyodideLoadPyodideOnly: { ms: summary(loadOnly), runs: loadOnly },
  };
}

/* ------------------------------------------------------------------------------------
 * 1+2. Time to first prompt in headless Chromium, cold and warm, and the bytes sent.
 * ---------------------------------------------------------------------------------- */
async function promptChromium(o) {
  const pyodideDir = preparePyodideSite(path.join(REPO, 'build', 'bench', 'pyodide'));
  const sites = {
    pyshell: { root: o.web, page: '', check: PROMPT_CHECKS.pyshell },
    // The same page served without the isolation headers: the JSPI transport.
    pyshellJspi: { root: o.web, page: '', check: PROMPT_CHECKS.pyshell, isolation: false },
    pyodide: { root: pyodideDir, page: 'console.html', check: PROMPT_CHECKS.pyodide },
  };
  const names = Object.keys(sites);
  const stopAll = async () => {
    for (const c of names) {
      if (sites[c].relay) await sites[c].relay.close();
      if (sites[c].server) await sites[c].server.stop();
    }
  };
  try {
    for (const c of names) {
      sites[c].server = await startServer({ root: sites[c].root, isolation: sites[c].isolation !== false });
      sites[c].port = Number(new URL(sites[c].server.url).port);
      sites[c].relay = await startRelay(sites[c].port);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const perSite = () => Object.fromEntries(names.map((c) => [c, []]));
  const cold = perSite();
  const warm = perSite();
  const gzip = perSite();
  const timeout = 120_000;
  async function coldOnce(c, relay) {
    const profile = tempProfile('pyshell-bench-');
    const { context } = await launchBrowser({ profileDir: profile.dir });
    try {
      await installMilestones(context);
      const page = context.pages()[0] ?? await context.newPage();
      return await measure(page, relay, () => page.goto(relay.url + sites[c].page), { check: sites[c].check, timeout });
    } finally {
      await context.close();
      profile.remove();
    }
  }
  try {
    if (!o.smoke) {
      log('prompt/chromium: warm-up (cold load of each, not counted)');
      for (const c of names) await coldOnce(c, sites[c].relay);
    }
    // (--smoke: the warm profiles' first loads below are the cold runs.)
    for (let i = 0; i < (o.smoke ? 0 : o.runs); i++) {
      for (const c of names) cold[c].push(await coldOnce(c, sites[c].relay));
      log(`prompt/chromium cold ${i + 1}/${o.runs}: ` + names.map((c) => `${c} ${cold[c][i].ms} ms ${cold[c][i].bytes} B`).join(', '));
    }
    // The same cold load by a browser that gets gzip (no brotli): the relay rewrites
    // Accept-Encoding. Bytes are what counts here; one run each is enough (they do not vary).
    for (const c of ['pyshell', 'pyodide']) {
      const relay = await startRelay(sites[c].port, { acceptEncoding: 'gzip, deflate' });
      try {
        gzip[c].push(await coldOnce(c, relay));
      } finally {
        await relay.close();
      }
      log(`prompt/chromium gzip: ${c} ${gzip[c][0].bytes} B`);
    }
    // warm: one profile per contestant, loaded once (not counted), then reloads in turn.
    const ctx = {};
    try {
      for (const c of names) {
        const profile = tempProfile('pyshell-bench-');
        const { context } = await launchBrowser({ profileDir: profile.dir });
        ctx[c] = { profile, context };
        await installMilestones(context);
        ctx[c].page = context.pages()[0] ?? await context.newPage();
        const first = await measure(ctx[c].page, sites[c].relay, () => ctx[c].page.goto(sites[c].relay.url + sites[c].page), { check: sites[c].check, timeout });
        if (o.smoke) cold[c].push(first);
      }
      for (let i = 0; i < o.runs; i++) {
        for (const c of names) {
          const page = ctx[c].page;
          warm[c].push(await measure(page, sites[c].relay, () => page.reload(), { check: sites[c].check, timeout }));
        }
        log(`prompt/chromium warm ${i + 1}/${o.runs}: ` + names.map((c) => `${c} ${warm[c][i].ms} ms`).join(', '));
      }
    } finally {
      for (const c of Object.keys(ctx)) {
        await ctx[c].context.close().catch(() => {});
        ctx[c].profile.remove();
      }
    }
  } finally {
    await stopAll();
  }
  const sum = (runs) => ({
    ms: summary(runs.map((r) => r.ms)),
    bytes: summary(runs.map((r) => r.bytes)),
    requests: summary(runs.map((r) => r.requests)),
    milestones: milestoneMedians(runs),
    runs,
  });
  return {
    how: 'headless Chromium, serve.py on loopback behind a byte-counting relay; from just before page.goto/reload until the prompt is on screen (checked every frame); cold = a new profile per run, warm = reload of a loaded page (serve.py sends no-cache: every file revalidated, 304)',
    cold: Object.fromEntries(names.map((c) => [c, sum(cold[c])])),
    warm: Object.fromEntries(names.map((c) => [c, sum(warm[c])])),
    bytes: {
      brotli: { pyshell: summary(cold.pyshell.map((r) => r.bytes)), pyodide: summary(cold.pyodide.map((r) => r.bytes)) },
      gzip: { pyshell: summary(gzip.pyshell.map((r) => r.bytes)), pyodide: summary(gzip.pyodide.map((r) => r.bytes)) },
      gzipRuns: gzip,
    },
  };
}

function milestoneMedians(runs) {
  const out = {};
  const keys = new Set(runs.flatMap((r) => Object.keys(r.milestones || {})));
  for (const k of keys) {
    const v = runs.map((r) => r.milestones[k]).filter((x) => typeof x === 'number');
    if (v.length) out[k] = summary(v).median;
  }
  return out;
}

/* ------------------------------------------------------------------------------------
 * 3. Speed: bench/programs under native CPython, pyshell under Node, Pyodide under Node.
 * ---------------------------------------------------------------------------------- */
function speedCommands(o, programs) {
  const runner = path.join(here, 'programs', '_runner.py');
  // --warmup: 2 s (the runner's default) lets V8 optimise CPython's eval loop before the
  // timed call; the smoke run only checks that everything runs.
  const args = ['--scale', String(o.scale), ...(o.smoke ? ['--warmup', '0'] : []), ...programs];
  return {
    native: [PYTHON, ['-B', '-E', '-s', runner, ...args]],
    // --home: the programs folder is the home (and the script's folder), so the runner
    // imports the programs from it, as python3.13 does beside the script.
    pyshell: [NODE, [path.join(REPO, 'bin', 'pyshell-node.mjs'), '--web', o.web, '--home', path.join(here, 'programs'), runner, ...args]],
    // The same over the JSPI transport: what the interpreter's yield (CPython's periodic
    // signal check suspending every 25 ms, web/lib/channel_jspi.js) costs.
    pyshellJspi: [NODE, [path.join(REPO, 'bin', 'pyshell-node.mjs'), '--transport', 'jspi', '--web', o.web, '--home', path.join(here, 'programs'), runner, ...args]],
    pyodide: [NODE, [path.join(here, 'lib', 'pyodide_run.mjs'), ...args]],
  };
}

async function speedOnce(o, contestant, programs) {
  const [cmd, args] = speedCommands(o, programs)[contestant];
  const r = await run(cmd, args, { timeout: 900_000 });
  if (r.code !== 0) fail(`${contestant} ${programs.join(' ')}`, r);
  const lines = jsonLines(r.stdout);
  if (lines.length !== programs.length) fail(`${contestant} ${programs.join(' ')} (expected ${programs.length} result lines)`, r);
  return lines;
}

function geomean(values) {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

async function speed(o) {
  const contestants = ['native', 'pyshell', 'pyshellJspi', 'pyodide'];
  const seconds = Object.fromEntries(PROGRAMS.map((p) => [p, Object.fromEntries(contestants.map((c) => [c, []]))]));
  const checks = Object.fromEntries(PROGRAMS.map((p) => [p, {}]));
  const note = (c, line) => {
    seconds[line.name][c].push(line.seconds);
    checks[line.name][c] = JSON.stringify(line.check);
  };
  if (o.smoke) {
    // One process per contestant runs every program (start-up dominates tiny inputs).
    for (const c of contestants) for (const line of await speedOnce(o, c, PROGRAMS)) note(c, line);
  } else {
    for (let i = 0; i < o.speedRuns; i++) {
      for (const p of PROGRAMS) {
        const order = i % 2 ? contestants.slice().reverse() : contestants; // A B C, C B A, ...
        for (const c of order) for (const line of await speedOnce(o, c, [p])) note(c, line);
        log(`speed run ${i + 1}/${o.speedRuns} ${p}: ` + contestants.map((c) => `${c} ${seconds[p][c][i].toFixed(2)} s`).join(', '));
      }
    }
  }
  const programs = {};
  for (const p of PROGRAMS) {
    const s = Object.fromEntries(contestants.map((c) => [c, summary(seconds[p][c])]));
    const same = new Set(Object.values(checks[p])).size === 1;
    programs[p] = {
      seconds: s,
      runs: seconds[p],
      pyshellVsNative: s.pyshell.median / s.native.median,
      pyshellVsPyodide: s.pyshell.median / s.pyodide.median,
      pyodideVsNative: s.pyodide.median / s.native.median,
      jspiVsSab: s.pyshellJspi.median / s.pyshell.median,
      checksAgree: same,
      checks: checks[p],
    };
    if (!same) log(`speed: ${p}: the contestants' results differ: ${JSON.stringify(checks[p])}`);
  }
  const ratios = (k) => geomean(PROGRAMS.map((p) => programs[p][k]));
  return {
    how: `each program: one warm-up call at 1/10 of the work, then one timed call (time.perf_counter around run()) per process; ${o.smoke ? 'all programs in one process per contestant' : 'one process per program, run and contestant, contestants in turns'}; scale ${o.scale}`,
    scale: o.scale,
    runs: o.smoke ? 1 : o.speedRuns,
    programs,
    geomean: {
      pyshellVsNative: ratios('pyshellVsNative'), pyshellVsPyodide: ratios('pyshellVsPyodide'),
      pyodideVsNative: ratios('pyodideVsNative'), jspiVsSab: ratios('jspiVsSab'),
    },
  };
}

/* ------------------------------------------------------------------------------------
 * 4. Terminal throughput in headless Chromium.
 * ---------------------------------------------------------------------------------- */
/** Both transports: SAB (serve.py's isolation headers) and JSPI (the same page served without them). */
async function throughput(o) {
  const out = {};
  for (const transport of ['sab', 'jspi']) out[transport] = await throughputOnce(o, transport);
  return { lines: o.lines, bytes: out.sab.bytes, how: out.sab.how, ...out };
}

async function throughputOnce(o, transport) {
  const server = await startServer({ root: o.web, isolation: transport === 'sab' });
  const profile = tempProfile('pyshell-bench-');
  const { context } = await launchBrowser({ profileDir: profile.dir });
  const code = `for i in range(${o.lines}): print(f"line {i:6d}: the quick brown fox jumps over the lazy dog")`;
  const pyshellRuns = [];
  const xtermRuns = [];
  let bytes = 0;
  let chunks = 0;
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(PROMPT_CHECKS.pyshell, null, { timeout: 120_000, polling: 100 });
    const chosen = await page.evaluate(() => window.pyshell.transport);
    if (chosen !== transport) throw new Error(`throughput: the page chose ${chosen}, not ${transport}`);
    const runOnce = async () => {
      // Record what the page writes into xterm.js from Enter to the next prompt.
      await page.evaluate(() => {
        const term = window.pyshell.term;
        if (!term.__benchWrite) {
          term.__benchWrite = term.write;
          term.write = function (data, callback) {
            if (window.__benchRec) window.__benchRec.push(typeof data === 'string' ? data : new Uint8Array(data));
            return term.__benchWrite.call(term, data, callback);
          };
        }
        term.clear();
        window.__benchRec = [];
      });
      await page.evaluate(() => window.pyshell.term.focus());
      await page.keyboard.insertText(code);
      const tail = () => {
        const b = window.pyshell.term.buffer.active;
        let text = '';
        for (let y = Math.max(0, b.baseY + b.cursorY - 3); y <= b.baseY + b.cursorY; y++) {
          const line = b.getLine(y);
          text += line ? line.translateToString(true) : '';
        }
        return text;
      };
      await page.waitForFunction(`(${tail})().endsWith('lazy dog")')`, null, { timeout: 30_000 });
      await page.evaluate(() => { window.__benchRec = []; });
      // A compound statement: Enter shows the '... ' prompt, a second Enter runs it.
      const t0 = performance.now();
      await page.keyboard.press('Enter');
      await page.waitForFunction(`(${tail})().endsWith('... ')`, null, { timeout: 30_000, polling: 'raf' });
      await page.keyboard.press('Enter');
      await page.waitForFunction((last) => {
        const b = window.pyshell.term.buffer.active;
        const line = b.getLine(b.baseY + b.cursorY);
        if (!line || line.translateToString(true) !== '>>> ') return false;
        const prev = b.getLine(b.baseY + b.cursorY - 1);
        return !!prev && prev.translateToString(true).startsWith(last);
      }, `line ${String(o.lines - 1).padStart(6)}:`, { timeout: o.smoke ? 120_000 : 600_000, polling: 'raf' });
      const ms = performance.now() - t0;
      // The same bytes, in the same pieces, written straight into xterm.js.
      const direct = await page.evaluate(() => new Promise((resolve) => {
        const term = window.pyshell.term;
        const rec = window.__benchRec;
        window.__benchRec = null;
        term.clear();
        const t = performance.now();
        let n = 0;
        for (const piece of rec) n += piece.length;
        rec.forEach((piece, k) => term.__benchWrite.call(term, piece, k === rec.length - 1
          ? () => requestAnimationFrame(() => resolve({ ms: performance.now() - t, bytes: n, chunks: rec.length }))
          : undefined));
      }));
      return { ms, direct };
    };
    if (!o.smoke) {
      log(`throughput ${transport}: warm-up`);
      await runOnce();
    }
    for (let i = 0; i < o.runs; i++) {
      const r = await runOnce();
      pyshellRuns.push(r.ms);
      xtermRuns.push(r.direct.ms);
      bytes = r.direct.bytes;
      chunks = r.direct.chunks;
      log(`throughput ${transport} ${i + 1}/${o.runs}: print→rendered ${r.ms.toFixed(0)} ms, xterm.js direct ${r.direct.ms.toFixed(0)} ms (${bytes} B in ${chunks} writes)`);
    }
  } finally {
    await context.close();
    profile.remove();
    await server.stop();
  }
  const p = summary(pyshellRuns);
  const x = summary(xtermRuns);
  return {
    how: 'headless Chromium: Enter on a print loop until its last line and the next ">>> " are in the terminal, vs the same bytes (recorded from term.write, same pieces) written straight into the same xterm.js until the last write callback and the next animation frame',
    lines: o.lines,
    code,
    bytes,
    writes: chunks,
    pyshell: { ms: p, runs: pyshellRuns, linesPerSecond: o.lines / (p.median / 1000) },
    xtermDirect: { ms: x, runs: xtermRuns, linesPerSecond: o.lines / (x.median / 1000) },
    ratio: p.median / x.median,
  };
}

/* ------------------------------------------------------------------------------------
 * 5. Memory.
 * ---------------------------------------------------------------------------------- */
async function memory(o) {
  const out = { runs: { pyshell: [], pyodide: [], native: [] } };
  const nativeProbe = `
import json, resource
def rss():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
idle = rss()
import json, re, decimal, sqlite3
print(json.dumps({"idle": {"heap": None, "rss": idle}, "imports": {"heap": None, "rss": rss()}, "importsRun": "import json, re, decimal, sqlite3"}))
`;
  const probes = {
    pyshell: [NODE, [path.join(here, 'lib', 'memory_probe.mjs'), 'pyshell', '--web', o.web]],
    pyodide: [NODE, [path.join(here, 'lib', 'memory_probe.mjs'), 'pyodide']],
    native: [PYTHON, ['-I', '-c', nativeProbe]],
  };
  const n = o.smoke ? 1 : 3;
  for (let i = 0; i < n; i++) {
    for (const c of Object.keys(probes)) {
      const r = await run(...probes[c], { timeout: 300_000 });
      if (r.code !== 0) fail(`memory probe ${c}`, r);
      out.runs[c].push(jsonLines(r.stdout)[0]);
    }
    log(`memory ${i + 1}/${n}: ` + Object.keys(probes).map((c) => `${c} rss ${(out.runs[c][i].idle.rss / 2 ** 20).toFixed(0)}→${(out.runs[c][i].imports.rss / 2 ** 20).toFixed(0)} MiB`).join(', '));
  }
  for (const c of Object.keys(probes)) {
    const runs = out.runs[c];
    const pick = (phase, k) => (runs[0][phase][k] === null ? null : summary(runs.map((r) => r[phase][k])));
    out[c] = {
      idle: { heap: pick('idle', 'heap'), rss: pick('idle', 'rss') },
      imports: { heap: pick('imports', 'heap'), rss: pick('imports', 'rss') },
      importsRun: runs[0].importsRun,
      note: runs[0].note,
    };
  }
  out.how = 'under Node, one process per contestant and run: wasm heap = the wasm memory\'s size, RSS = the process\'s resident set (pyshell: the Node process running its worker and @xterm/headless; Pyodide: a Node process after loadPyodide()); idle = at the first prompt, then after the imports; native python3.13 for reference';
  return out;
}

/* ------------------------------------------------------------------------------------
 * 6. Writing files in the page: the home folder (every write kept in the browser's storage
 *    before it returns, web/lib/home_store.js) against /tmp (memory only: what writing to
 *    the home folder cost before issue #14, when it was saved on a 2-second timer).
 * ---------------------------------------------------------------------------------- */
async function files(o) {
  const small = o.smoke ? 20 : 1000;
  const bigMiB = o.smoke ? 2 : 64;
  // Timed inside Python (perf_counter): the writes as the program sees them. One line at
  // the prompt (exec of the program), so the REPL's rules for blocks do not apply.
  const program = (dir) => `import os, time; d = ${JSON.stringify(dir)}; os.makedirs(d, exist_ok=True); t = time.perf_counter()
for i in range(${small}):
    with open(f'{d}/small{i}.txt', 'w') as f: f.write('x' * 100)
t1 = time.perf_counter(); chunk = b'y' * 2**20
with open(f'{d}/big.bin', 'wb') as f:
    for i in range(${bigMiB}): f.write(chunk)
t2 = time.perf_counter(); print('FILES', round((t1 - t) * 1000, 1), round((t2 - t1) * 1000, 1))
`;
  const code = (dir) => `exec(${JSON.stringify(program(dir))})`;
  const out = { how: `headless Chromium: ${small} files of 100 bytes (open, write, close each), then one ${bigMiB} MiB file in 1 MiB writes, timed in Python; home = ~/ (kept as each call returns: OPFS), memory = /tmp (MEMFS, what ~/ cost before issue #14)`, small, bigMiB };
  for (const transport of ['sab', 'jspi']) {
    const server = await startServer({ root: o.web, isolation: transport === 'sab' });
    const profile = tempProfile('pyshell-bench-');
    const { context } = await launchBrowser({ profileDir: profile.dir });
    const runs = { home: { small: [], big: [] }, memory: { small: [], big: [] } };
    try {
      const page = context.pages()[0] ?? await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(PROMPT_CHECKS.pyshell, null, { timeout: 120_000, polling: 100 });
      const once = async (dir) => {
        await page.evaluate(() => { window.pyshell.term.clear(); });
        await page.evaluate((c) => window.pyshell.term.input(c + '\r', true), code(dir));
        const handle = await page.waitForFunction(() => {
          const b = window.pyshell.term.buffer.active;
          for (let y = 0; y < b.length; y++) {
            const m = /^FILES ([\d.]+) ([\d.]+)/.exec(b.getLine(y).translateToString(true));
            if (m) return [Number(m[1]), Number(m[2])];
          }
          return null;
        }, null, { timeout: 600_000, polling: 100 });
        return handle.jsonValue();
      };
      const n = o.smoke ? 1 : 3;
      for (let i = 0; i < n + (o.smoke ? 0 : 1); i++) {
        for (const [kind, dir] of [['home', 'bench-files'], ['memory', '/tmp/bench-files']]) {
          const [a, b] = await once(dir);
          if (!o.smoke && i === 0) continue; // warm-up
          runs[kind].small.push(a);
          runs[kind].big.push(b);
          log(`files ${transport} ${kind}: ${small} small ${a} ms, ${bigMiB} MiB ${b} ms`);
        }
      }
    } finally {
      await context.close();
      profile.remove();
      await server.stop();
    }
    out[transport] = {};
    for (const kind of ['home', 'memory']) {
      out[transport][kind] = { small: summary(runs[kind].small), big: summary(runs[kind].big), runs: runs[kind] };
    }
  }
  return out;
}

/* ------------------------------------------------------------------------------------ */
async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench/run.mjs: ${error.message}\n${usage()}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(usage());
    return 0;
  }
  for (const f of ['index.html', 'pyshell.js', 'pyshell.wasm', 'python313-start.data', 'python313-start.data.br', 'python313-rest.data']) {
    if (!fs.existsSync(path.join(o.web, f))) {
      process.stderr.write(`bench/run.mjs: ${path.join(o.web, f)} is missing: build the web folder first (./dev.sh bench does)\n`);
      return 2;
    }
  }
  if (!fs.existsSync(PYTHON)) {
    process.stderr.write(`bench/run.mjs: ${PYTHON} is missing (Debian's python3.13 is the native contestant)\n`);
    return 2;
  }
  const t0 = performance.now();
  const results = { ...machineInfo(), smoke: o.smoke, runs: o.runs, parts: o.only };
  results.artifact = artifactSizes(o.web);
  if (o.only.includes('prompt')) {
    results.firstPrompt = { node: await promptNode(o) };
    const c = await promptChromium(o);
    results.firstPrompt.chromium = { how: c.how, cold: c.cold, warm: c.warm };
    results.bytes = c.bytes;
  }
  if (o.only.includes('speed')) results.speed = await speed(o);
  if (o.only.includes('throughput')) results.throughput = await throughput(o);
  if (o.only.includes('memory')) results.memory = await memory(o);
  if (o.only.includes('files')) results.files = await files(o);
  results.targets = evaluateTargets(results);
  results.seconds = Math.round((performance.now() - t0) / 1000);

  const markdown = renderMarkdown(results);
  process.stdout.write(markdown + '\n');
  if (o.out) {
    fs.writeFileSync(o.out, JSON.stringify(results, null, 1) + '\n');
    log(`wrote ${path.relative(process.cwd(), o.out)}`);
  }
  if (!o.smoke && results.speed) {
    fs.writeFileSync(path.join(here, 'speed.svg'), speedSvg(results));
    log('wrote bench/speed.svg');
  }
  if (o.readme) {
    updateReadme(path.join(REPO, 'README.md'), markdown);
    log('updated README.md (results section)');
  }
  return 0;
}

/** Raw / gzip / brotli sizes of the big files: the page downloads pyshell.js, .wasm and
 * python313-start.data before its first prompt, python313-rest.data after it; python313.zip
 * is start + rest. */
function artifactSizes(web) {
  const out = {};
  for (const f of ['pyshell.js', 'pyshell.wasm', 'python313-start.data', 'python313-rest.data', 'python313.zip']) {
    const size = (name) => (fs.existsSync(path.join(web, name)) ? fs.statSync(path.join(web, name)).size : null);
    out[f] = { raw: size(f), gzip: size(f + '.gz'), brotli: size(f + '.br') };
  }
  return out;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`bench/run.mjs: ${error && error.stack || error}\n`);
  process.exit(1); // harness.mjs kills serve.py on exit; a half-finished browser must not keep us alive
});

// pyshell bench/lib/report.mjs: turns bench/run.mjs's results into the markdown table it
// prints and puts into README.md (between <!-- bench:results:begin --> and
// <!-- bench:results:end -->), and checks them against the targets of issues #6 and #13.
import fs from 'node:fs';

export const README_BEGIN = '<!-- bench:results:begin (written by ./dev.sh bench; edits here are overwritten) -->';
export const README_END = '<!-- bench:results:end -->';

const MB = 1e6; // the issue's "3 MB": decimal megabytes

export function fmtMs(v) {
  if (v === null || v === undefined) return '–';
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`;
}
export function fmtS(v) { return `${v.toFixed(2)} s`; }
export function fmtBytes(v) {
  if (v === null || v === undefined) return '–';
  if (v < 1e3) return `${Math.round(v)} B`;
  if (v < 1e6) return `${(v / 1e3).toFixed(1)} kB`;
  return `${(v / 1e6).toFixed(2)} MB`;
}
const fmtX = (v) => `${v.toFixed(2)}×`;
const fmtN = (v) => String(Math.round(v));

/** "median (min–max)", or the median alone when all runs agree. */
export function cell(sum, fmt) {
  if (!sum) return '–';
  if (sum.n === 1 || sum.min === sum.max) return fmt(sum.median);
  return `${fmt(sum.median)} (${fmt(sum.min)}–${fmt(sum.max)})`;
}

/** The targets of issues #6 and #13: [{id, target, measured, value, limit, met}] for the figures present. */
export function evaluateTargets(r) {
  const t = [];
  const add = (id, target, value, limit, shown) => t.push({ id, target, value, limit, met: value <= limit, measured: shown });
  const fp = r.firstPrompt;
  if (fp && fp.node) {
    const v = fp.node.pyshell.ms.median / fp.node.pyodideLoadPyodideOnly.ms.median;
    add('node-prompt', 'time to first `>>> ` under Node ≤ 0.12× Pyodide\'s `loadPyodide()`', v, 0.12,
      `${fmtMs(fp.node.pyshell.ms.median)} vs ${fmtMs(fp.node.pyodideLoadPyodideOnly.ms.median)}: ${fmtX(v)}`);
  }
  if (fp && fp.chromium) {
    const v = fp.chromium.cold.pyshell.ms.median;
    add('chromium-cold', 'first `>>> ` in Chromium, cold, on loopback ≤ 0.8 s', v / 1000, 0.8, fmtMs(v));
  }
  if (r.bytes) {
    const v = r.bytes.brotli.pyshell.median;
    add('bytes', '≤ 3 MB transferred before the first prompt', v / MB, 3, `${fmtBytes(v)} (brotli), ${fmtBytes(r.bytes.gzip.pyshell.median)} (gzip)`);
  }
  if (r.speed) {
    const g = r.speed.geomean;
    add('speed-native', 'speed suite ≤ 1.8× native CPython (geometric mean)', g.pyshellVsNative, 1.8, fmtX(g.pyshellVsNative));
    add('speed-pyodide', 'speed suite ≤ 0.6× Pyodide (geometric mean)', g.pyshellVsPyodide, 0.6, fmtX(g.pyshellVsPyodide));
    if (g.jspiVsSab) {
      add('speed-jspi', 'JSPI transport: the interpreter\'s yield costs ≤ 3 % on the speed suite (#13)', g.jspiVsSab, 1.03,
        `${((g.jspiVsSab - 1) * 100).toFixed(1)} % (JSPI ÷ SAB ${fmtX(g.jspiVsSab)})`);
    }
  }
  if (r.throughput) {
    for (const mode of ['sab', 'jspi']) {
      const x = r.throughput[mode];
      if (x) add(`throughput-${mode}`, `${mode.toUpperCase()}: printing ${r.throughput.lines.toLocaleString('en')} lines ≤ 2× xterm.js writing them alone (#13)`, x.ratio, 2, fmtX(x.ratio));
    }
  }
  return t;
}

export function renderMarkdown(r) {
  const L = [];
  const v = r.versions;
  const m = r.machine;
  L.push(`Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.smoke ? ' (**smoke run: one iteration, tiny inputs — not a measurement**)' : ''} by \`./dev.sh bench\` ` +
    `(${r.smoke ? 'no warm-up, one run of each figure' : `${r.runs} runs per start-up and throughput figure after a warm-up, contestants in turns; median (min–max)`}) in ${r.seconds} s.`);
  L.push('');
  L.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; load average at the start ${m.loadAverage.join(' / ')} ` +
    '(other jobs share this machine: the ratios, measured in turns, hold better than the absolute times).');
  L.push(`Versions: pyshell ${v.pyshell}${v.pyshellDirty ? ' (with uncommitted changes)' : ''} (CPython ${v.pyshellPython || '?'}, Emscripten ${v.emscripten}); ` +
    `Pyodide ${v.pyodide} (CPython ${v.pyodidePython}, Emscripten ${v.pyodideEmscripten}) from npm; ${v.python} (Debian); ` +
    `Node ${v.node}; ${v.chromium || 'Chromium'}.`);

  const fp = r.firstPrompt;
  if (fp) {
    L.push('', '**Time to the first prompt**', '');
    L.push('| | pyshell | Pyodide | pyshell ÷ Pyodide |', '|---|---|---|---|');
    const row = (name, a, b) => L.push(`| ${name} | ${cell(a, fmtMs)} | ${cell(b, fmtMs)} | ${a && b ? fmtX(a.median / b.median) : ''} |`);
    row('Node: process start → `>>> ` on a terminal', fp.node.pyshell.ms, fp.node.pyodide.ms);
    if (fp.node.pyshellJspi) row('Node, JSPI (`--transport jspi`)', fp.node.pyshellJspi.ms, fp.node.pyodide.ms);
    L.push(`| Node: \`loadPyodide()\` alone (in process) | | ${cell(fp.node.pyodideLoadPyodideOnly.ms, fmtMs)} | ${fmtX(fp.node.pyshell.ms.median / fp.node.pyodideLoadPyodideOnly.ms.median)} |`);
    row('Chromium, cold (new profile)', fp.chromium.cold.pyshell.ms, fp.chromium.cold.pyodide.ms);
    row('Chromium, warm (reload, 304s)', fp.chromium.warm.pyshell.ms, fp.chromium.warm.pyodide.ms);
    if (fp.chromium.cold.pyshellJspi) {
      row('Chromium, cold, JSPI (no isolation headers)', fp.chromium.cold.pyshellJspi.ms, fp.chromium.cold.pyodide.ms);
      row('Chromium, warm, JSPI', fp.chromium.warm.pyshellJspi.ms, fp.chromium.warm.pyodide.ms);
    }
    const ms = fp.chromium.cold.pyshell.milestones;
    const phases = [['domContentLoaded', 'page parsed'], ['workerCreated', 'worker started'], ['phase:start', 'wasm compiled, runtime up'], ['ready', 'CPython initialised, first prompt asked'], ['prompt', 'prompt on screen']]
      .filter(([k]) => typeof ms[k] === 'number').map(([k, what]) => `${what} ${fmtMs(ms[k])}`);
    if (phases.length) L.push('', `pyshell's cold load in the page (ms since navigation start, medians): ${phases.join(', ')}.`);
  }
  if (r.bytes) {
    L.push('', '**Bytes before the first prompt** (a cold load; everything the server sent: headers and compressed bodies, as served)', '');
    L.push('| | pyshell | Pyodide |', '|---|---|---|');
    L.push(`| brotli (Chromium's default) | ${cell(r.bytes.brotli.pyshell, fmtBytes)} | ${cell(r.bytes.brotli.pyodide, fmtBytes)} |`);
    L.push(`| gzip (Accept-Encoding: gzip) | ${cell(r.bytes.gzip.pyshell, fmtBytes)} | ${cell(r.bytes.gzip.pyodide, fmtBytes)} |`);
    if (fp) L.push(`| requests | ${cell(fp.chromium.cold.pyshell.requests, fmtN)} | ${cell(fp.chromium.cold.pyodide.requests, fmtN)} |`);
  }
  if (r.speed) {
    const s = r.speed;
    L.push('', `**Speed** (seconds per program, ${s.runs} run${s.runs > 1 ? 's' : ''} each after a warm-up; pyshell and Pyodide under Node; ` +
      'pyshell over the SAB transport, and over JSPI, where CPython\'s signal check yields to the event loop every 25 ms)', '');
    L.push('| program | native python3.13 | pyshell | pyshell, JSPI | Pyodide | pyshell ÷ native | pyshell ÷ Pyodide | Pyodide ÷ native | JSPI ÷ SAB |', '|---|---|---|---|---|---|---|---|---|');
    for (const [name, p] of Object.entries(s.programs)) {
      L.push(`| ${name}${p.checksAgree ? '' : ' (results differ!)'} | ${cell(p.seconds.native, fmtS)} | ${cell(p.seconds.pyshell, fmtS)} | ${cell(p.seconds.pyshellJspi, fmtS)} | ${cell(p.seconds.pyodide, fmtS)} | ${fmtX(p.pyshellVsNative)} | ${fmtX(p.pyshellVsPyodide)} | ${fmtX(p.pyodideVsNative)} | ${fmtX(p.jspiVsSab)} |`);
    }
    L.push(`| **geometric mean** | | | | | **${fmtX(s.geomean.pyshellVsNative)}** | **${fmtX(s.geomean.pyshellVsPyodide)}** | **${fmtX(s.geomean.pyodideVsNative)}** | **${fmtX(s.geomean.jspiVsSab)}** |`);
    // On a shared machine the fastest run is the one least disturbed: the same ratios from the minimums.
    const best = (a, b) => Math.exp(Object.values(s.programs).reduce((acc, p) => acc + Math.log(p.seconds[a].min / p.seconds[b].min), 0) / Object.keys(s.programs).length);
    L.push(`| geometric mean of the best runs | | | | | ${fmtX(best('pyshell', 'native'))} | ${fmtX(best('pyshell', 'pyodide'))} | ${fmtX(best('pyodide', 'native'))} | ${fmtX(best('pyshellJspi', 'pyshell'))} |`);
    if (!r.smoke) L.push('', '![pyshell and Pyodide, time relative to native CPython 3.13 per program](bench/speed.svg)');
  }
  if (r.throughput) {
    const t = r.throughput;
    L.push('', `**Terminal throughput** (${t.lines.toLocaleString('en')} printed lines, ${fmtBytes(t.bytes)}, headless Chromium; ` +
      'SAB: the page served with the isolation headers, JSPI: without them)', '');
    L.push('| | SAB | JSPI |', '|---|---|---|');
    L.push(`| pyshell: \`print\` → rendered | ${cell(t.sab.pyshell.ms, fmtMs)} | ${cell(t.jspi.pyshell.ms, fmtMs)} |`);
    L.push(`| xterm.js writing the same bytes directly | ${cell(t.sab.xtermDirect.ms, fmtMs)} | ${cell(t.jspi.xtermDirect.ms, fmtMs)} |`);
    L.push(`| pyshell ÷ xterm.js alone | ${fmtX(t.sab.ratio)} | ${fmtX(t.jspi.ratio)} |`);
    L.push(`| lines/s | ${fmtN(t.sab.pyshell.linesPerSecond)} | ${fmtN(t.jspi.pyshell.linesPerSecond)} |`);
  }
  if (r.memory) {
    const mm = r.memory;
    L.push('', '**Memory** (under Node; wasm heap = the wasm memory\'s size, RSS = the whole process)', '');
    L.push('| | wasm heap at `>>> ` | after imports | RSS at `>>> ` | after imports |', '|---|---|---|---|---|');
    for (const [name, key] of [['pyshell', 'pyshell'], ['Pyodide', 'pyodide'], ['native python3.13', 'native']]) {
      const x = mm[key];
      L.push(`| ${name} | ${cell(x.idle.heap, fmtBytes)} | ${cell(x.imports.heap, fmtBytes)} | ${cell(x.idle.rss, fmtBytes)} | ${cell(x.imports.rss, fmtBytes)} |`);
    }
    L.push('', `Imports: \`import json, re, decimal, sqlite3\`${mm.pyodide.note ? `; Pyodide ran \`${mm.pyodide.importsRun}\` (${mm.pyodide.note})` : ''}.`);
  }
  if (r.files) {
    const f = r.files;
    L.push('', `**Writing files in the page** (issue #14; headless Chromium, timed in Python: ${f.small} files of 100 bytes, each opened, written and closed; one ${f.bigMiB} MiB file in 1 MiB writes)`, '');
    L.push('| | SAB | JSPI |', '|---|---|---|');
    L.push(`| ${f.small} small files in ~/ (each kept before its close returns) | ${cell(f.sab.home.small, fmtMs)} | ${cell(f.jspi.home.small, fmtMs)} |`);
    L.push(`| the same in /tmp (memory only: what ~/ cost before, saved 2 s later) | ${cell(f.sab.memory.small, fmtMs)} | ${cell(f.jspi.memory.small, fmtMs)} |`);
    L.push(`| ${f.bigMiB} MiB file in ~/ | ${cell(f.sab.home.big, fmtMs)} | ${cell(f.jspi.home.big, fmtMs)} |`);
    L.push(`| the same in /tmp | ${cell(f.sab.memory.big, fmtMs)} | ${cell(f.jspi.memory.big, fmtMs)} |`);
  }
  if (r.targets && r.targets.length) {
    L.push('', '**Targets** (issues #6 and #13)', '');
    L.push('| target | measured | met? |', '|---|---|---|');
    for (const t of r.targets) L.push(`| ${t.target} | ${t.measured} | ${t.met ? 'met' : '**not met**'} |`);
  }
  return L.join('\n');
}

/** Replaces README.md's results section (markers included) with `markdown`. */
export function updateReadme(file, markdown) {
  const text = fs.readFileSync(file, 'utf8');
  const begin = text.indexOf(README_BEGIN.slice(0, 28));
  const end = text.indexOf(README_END);
  if (begin < 0 || end < begin) {
    throw new Error(`${file} has no results section: put the lines\n${README_BEGIN}\n${README_END}\nwhere the table belongs`);
  }
  const next = text.slice(0, begin) + README_BEGIN + '\n' + markdown + '\n' + text.slice(end);
  fs.writeFileSync(file, next);
}

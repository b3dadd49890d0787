// pyshell tests/headless/transcript.mjs: the REPL transcript corpus (tests/transcripts/) played
// through the web artifact under Node. The session format and the way screens are compared
// follow tests/transcripts/run_transcripts.py (its README.md describes both): every session
// is typed into pyshell.js in a worker (the program is told 80x24; the screen is an
// @xterm/headless terminal 80 columns by 1000 rows, so nothing scrolls away), and the final
// screen, trailing spaces and empty rows removed, followed by "[exit: STATUS]", must equal
// expected/NAME.txt, CPython's screen recorded by the native runner.
//
// The native runner replaces its temporary $HOME by "/HOME~~~" of the same length in the
// raw output; here the home is /home/user, and it is replaced by that same placeholder (its
// length read from the expected file), so paths wrap exactly as they did for CPython.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Shell, KEYS as DRIVER_KEYS, REPO, renderScreen } from './driver.mjs';

export const TRANSCRIPTS_DIR = path.join(REPO, 'tests', 'transcripts');
export const SESSIONS_DIR = path.join(TRANSCRIPTS_DIR, 'sessions');
export const EXPECTED_DIR = path.join(TRANSCRIPTS_DIR, 'expected');

const COLUMNS = 80;
const ROWS = 24;
const SCREEN_ROWS = 1000;
const DEFAULT_PROMPTS = ['>>> ', '... '];
const STEP_TIMEOUT = 15;   // seconds
const QUIET_MS = 400;
const EXIT_TIMEOUT_MS = 10000;
const HOME = '/home/user';

// The runner's key names (run_transcripts.py KEYS).
const KEY_NAMES = ['enter', 'tab', 'esc', 'backspace', 'space', 'up', 'down', 'right', 'left', 'home', 'end', 'delete'];
const KEYS = {};
for (const k of KEY_NAMES) KEYS[k] = DRIVER_KEYS[k];
for (let i = 0; i < 26; i++) KEYS['ctrl-' + String.fromCharCode(97 + i)] = String.fromCharCode(i + 1);

export class SessionError extends Error {}

// Sessions whose screens differ for reasons inherent to the web build, not played (here
// and in Chromium, tests/page/transcripts.chromium.mjs).
export const SKIP = {
  exception_groups_notes: 'errno numbers are Emscripten\'s (WASI): OSError(2, ...) is EACCES there, ' +
    'so it prints PermissionError where CPython prints FileNotFoundError',
  import_errors: 'the web build\'s os module is frozen over /lib/python313.zip, so the ImportError names ' +
    '"(unknown location)" where CPython names /usr/lib/python3.13/os.py',
};

// Known differences that are fixable, elsewhere than in this test: played and reported as
// TODO (a failure does not fail the run; a pass shows that the entry can go). None now.
export const KNOWN = {};

/* ---- Python constant expressions: string/bytes/int literals joined by + and * ---- */

function parseLiteralExpr(src) {
  let i = 0;
  const ws = () => { while (i < src.length && /\s/.test(src[i])) i++; };
  const fail = (why) => { throw new Error(`${why} at ${i} in ${JSON.stringify(src)}`); };

  function stringLiteral() {
    let prefix = '';
    while (/[bBrRuU]/.test(src[i])) prefix += src[i++].toLowerCase();
    const quote = src[i];
    if (quote !== '"' && quote !== "'") fail('expected a quote');
    const triple = src.startsWith(quote.repeat(3), i);
    const close = triple ? quote.repeat(3) : quote;
    i += close.length;
    const raw = prefix.includes('r');
    const isBytes = prefix.includes('b');
    let out = '';
    for (;;) {
      if (i >= src.length) fail('unterminated string');
      if (src.startsWith(close, i)) { i += close.length; break; }
      const c = src[i++];
      if (c !== '\\' || raw) { out += c; continue; }
      const e = src[i++];
      const hex = (n) => {
        const h = src.slice(i, i + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) fail('bad escape');
        i += n;
        return parseInt(h, 16);
      };
      switch (e) {
        case '\n': break;
        case '\\': out += '\\'; break;
        case "'": out += "'"; break;
        case '"': out += '"'; break;
        case 'a': out += '\x07'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'x': out += String.fromCharCode(hex(2)); break;
        case 'u': if (isBytes) { out += '\\u'; break; } out += String.fromCodePoint(hex(4)); break;
        case 'U': if (isBytes) { out += '\\U'; break; } out += String.fromCodePoint(hex(8)); break;
        default:
          if (/[0-7]/.test(e)) {
            let oct = e;
            while (oct.length < 3 && /[0-7]/.test(src[i])) oct += src[i++];
            out += String.fromCharCode(parseInt(oct, 8));
          } else {
            out += '\\' + e;
          }
      }
    }
    // bytes: each char is a byte (0..255); str: UTF-8 when sent
    return isBytes ? { bytes: Buffer.from(out, 'latin1') } : { str: out };
  }

  function atom() {
    ws();
    if (src[i] === '(') {
      i++;
      const v = expr();
      ws();
      if (src[i] !== ')') fail('expected )');
      i++;
      return v;
    }
    const m = /^\d+/.exec(src.slice(i));
    if (m) { i += m[0].length; return { int: Number(m[0]) }; }
    let v = stringLiteral();
    // adjacent literals concatenate
    for (;;) {
      const save = i;
      ws();
      if (i < src.length && /^[bBrRuU]*["']/.test(src.slice(i))) v = join(v, stringLiteral());
      else { i = save; break; }
    }
    return v;
  }
  function join(a, b) {
    if (a.str !== undefined && b.str !== undefined) return { str: a.str + b.str };
    if (a.bytes && b.bytes) return { bytes: Buffer.concat([a.bytes, b.bytes]) };
    if (a.int !== undefined && b.int !== undefined) return { int: a.int + b.int };
    return fail('cannot add these');
  }
  function repeat(a, b) {
    if (b.int === undefined) [a, b] = [b, a];
    if (b.int === undefined) fail('* needs an int');
    if (a.str !== undefined) return { str: a.str.repeat(b.int) };
    if (a.bytes) return { bytes: Buffer.concat(Array(b.int).fill(a.bytes)) };
    return { int: a.int * b.int };
  }
  function term() {
    let v = atom();
    for (;;) {
      ws();
      if (src[i] !== '*') return v;
      i++;
      v = repeat(v, atom());
    }
  }
  function expr() {
    let v = term();
    for (;;) {
      ws();
      if (src[i] !== '+') return v;
      i++;
      v = join(v, term());
    }
  }
  const v = expr();
  ws();
  if (i !== src.length) fail('trailing text');
  return v;
}

/** A directive argument: a string expression, or else the text as written, stripped. */
function literal(arg, where) {
  const a = arg.trim();
  if (/^(["']|b["'])/.test(a)) {
    let v;
    try {
      v = parseLiteralExpr(a);
    } catch (error) {
      throw new SessionError(`${where}: bad string expression ${JSON.stringify(a)}: ${error.message}`);
    }
    if (v.str !== undefined) return v.str;
    if (v.bytes) return v.bytes;
  }
  return a;
}

const encode = (v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8'));

/** Parses a session file (run_transcripts.py parse_session). */
export function parseSession(file) {
  const name = path.basename(file).replace(/\.txt$/, '');
  const session = { name, path: file, steps: [], env: {}, xfail: '', timeout: STEP_TIMEOUT };
  let prompts = null;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const lineno = index + 1;
    const where = `${file}:${lineno}`;
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('##')) return;
    const step = (data, text, extra) => session.steps.push(Object.assign({ data, text, wait: prompts, lineno }, extra || {}));
    if (!line.startsWith('#!')) {
      step(Buffer.concat([encode(line), Buffer.from('\r')]), line);
      return;
    }
    const rest = line.slice(2).trim();
    const sp = rest.indexOf(' ');
    const word = sp < 0 ? rest : rest.slice(0, sp);
    const arg = sp < 0 ? '' : rest.slice(sp + 1);
    switch (word) {
      case 'xfail':
        session.xfail = arg.trim() || '(no reason given)';
        break;
      case 'env': {
        const eq = arg.trim().indexOf('=');
        if (eq < 0) throw new SessionError(`${where}: #! env NAME=VALUE`);
        session.env[arg.trim().slice(0, eq)] = arg.trim().slice(eq + 1);
        break;
      }
      case 'timeout':
        session.timeout = Number(arg);
        break;
      case 'prompts': {
        const items = arg.trim() ? parseList(arg, where) : [];
        prompts = items.length ? { any: items } : null;
        break;
      }
      case 'line': {
        const text = literal(arg, where);
        step(Buffer.concat([encode(text), Buffer.from('\r')]), String(text));
        break;
      }
      case 'key': {
        const keys = arg.split(/\s+/).filter(Boolean);
        if (!keys.length || keys.some((k) => !(k.toLowerCase() in KEYS))) {
          throw new SessionError(`${where}: unknown key in ${JSON.stringify(arg)}`);
        }
        step(Buffer.from(keys.map((k) => KEYS[k.toLowerCase()]).join(''), 'utf8'), `<${arg.trim()}>`);
        break;
      }
      case 'send':
        step(encode(literal(arg, where)), `send ${arg.trim()}`);
        break;
      case 'paste': {
        const text = encode(literal(arg, where)).toString('utf8').replace(/\r\n/g, '\r').replace(/\n/g, '\r');
        step(Buffer.from(text, 'utf8'), `paste ${arg.trim()}`, { paste: true });
        break;
      }
      case 'wait': {
        if (!session.steps.length) throw new SessionError(`${where}: #! wait must follow a step`);
        const what = arg.trim();
        const last = session.steps[session.steps.length - 1];
        if (what === 'quiet') last.wait = { quiet: true };
        else if (what === 'exit') last.wait = { exit: true };
        else last.wait = { any: [String(literal(arg, where))] };
        break;
      }
      default:
        throw new SessionError(`${where}: unknown directive #! ${word}`);
    }
  });
  if (!session.steps.length) throw new SessionError(`${file}: no steps`);
  return session;
}

/** `"a", "b"` (a Python list's items) → ['a', 'b']. */
function parseList(arg, where) {
  // split on commas outside quotes
  const items = [];
  let cur = '';
  let quote = null;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    if (quote) {
      cur += c;
      if (c === '\\') cur += arg[++i] || '';
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ',') {
      items.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (cur.trim()) items.push(cur);
  return items.map((s) => {
    const v = literal(s, where);
    if (typeof v !== 'string') throw new SessionError(`${where}: prompts must be strings`);
    return v;
  });
}

/**
 * Whether a session name is chosen by `globs`, a comma-separated list of shell-style globs
 * (`ctrl_*,walrus`; `*` and `?`) as the PYSHELL_*TRANSCRIPTS variables take; empty: all.
 */
export function sessionMatcher(globs) {
  const res = String(globs || '').split(',').filter(Boolean)
    .map((g) => new RegExp('^' + g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$'));
  return (name) => !res.length || res.some((re) => re.test(name));
}

export function listSessions() {
  return fs.readdirSync(SESSIONS_DIR).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => path.join(SESSIONS_DIR, f));
}

export function readExpected(name) {
  try {
    return fs.readFileSync(path.join(EXPECTED_DIR, name + '.txt'), 'utf8').split('\n').slice(0, -1);
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

/** The "/HOME~~~" placeholder: as long as in the expected screen, else as the native runner makes it. */
export function homePlaceholder(name, expected) {
  const found = expected && expected.join('\n').match(/\/HOME~+/);
  const length = found ? found[0].length : `/tmp/transcript-${name}-`.length + 8;
  return '/HOME'.padEnd(length, '~');
}

/**
 * Plays a session through pyshell under Node. Returns {lines, exit, error, raw, seconds}:
 * lines = the final screen followed by "[exit: STATUS]".
 */
export async function runSession(session, { expected, webDir, wasmModule } = {}) {
  const t0 = Date.now();
  const sh = new Shell({ cols: COLUMNS, rows: ROWS, screenRows: SCREEN_ROWS, scrollback: 0, webDir, wasmModule });
  let error = '';
  let stillRunning = true;
  const timeoutMs = session.timeout * 1000;
  try {
    try {
      await sh.waitFor({ prompt: DEFAULT_PROMPTS }, timeoutMs * 2);
    } catch (e) {
      throw new SessionError(sh.exit !== null ? `exited before its first prompt\n${e.message}` : `no first prompt: ${e.message}`);
    }
    for (let k = 0; k < session.steps.length; k++) {
      const step = session.steps[k];
      let data = step.data;
      if (step.paste && sh.term.modes.bracketedPasteMode) {
        data = Buffer.concat([Buffer.from('\x1b[200~'), data, Buffer.from('\x1b[201~')]);
      }
      if (data.length === 1 && data[0] === 3) sh.send('\x03'); // Ctrl-C: an interrupt while busy, as on the page
      else sh.sendBytes(new Uint8Array(data));
      const wait = step.wait;
      try {
        if (!wait) await sh.waitFor({ prompt: DEFAULT_PROMPTS }, timeoutMs);
        else if (wait.any) await sh.waitFor({ prompt: wait.any }, timeoutMs);
        else if (wait.quiet) await sh.waitFor({ quiet: QUIET_MS }, timeoutMs);
        else if (wait.exit) {
          await sh.waitFor({ exit: true }, timeoutMs);
          stillRunning = false;
        }
      } catch (e) {
        if (sh.exit !== null && !sh.error) {
          stillRunning = false;
          if (k !== session.steps.length - 1) {
            error = `ended after line ${step.lineno} (${JSON.stringify(step.text)}), before the session did`;
          }
          break;
        }
        error = `line ${step.lineno} (${JSON.stringify(step.text)}): ${e.message}`;
        break;
      }
    }
    if (!stillRunning && !error) {
      try {
        await sh.waitFor({ exit: true }, EXIT_TIMEOUT_MS);
      } catch (e) {
        error = e.message;
      }
    }
  } catch (e) {
    error = e.message;
  } finally {
    await sh.waitFor({ quiet: 0 }, 2000).catch(() => {});
    await sh.close();
  }
  const raw = sh.output();
  const placeholder = Buffer.from(homePlaceholder(session.name, expected));
  const replaced = replaceAll(raw, Buffer.from(HOME), placeholder);
  // pyte (the native runner's screen) joins a combining mark to the character before it in
  // NFC; xterm.js keeps the two code points: compare them alike.
  const screen = (await renderScreen(new Uint8Array(replaced), { cols: COLUMNS, rows: SCREEN_ROWS }))
    .map((line) => line.normalize('NFC'));
  const exit = sh.exit !== null ? sh.exit : 'running';
  return {
    lines: screen.concat([`[exit: ${exit}]`]),
    exit,
    error: error || sh.error || '',
    raw,
    replaced,
    pyteLines: () => {
      const rendered = renderWithPyte(replaced);
      return rendered && rendered.concat([`[exit: ${exit}]`]);
    },
    seconds: (Date.now() - t0) / 1000,
  };
}

// The native runner's own rendering (run_transcripts.py final_screen), for screens where
// xterm.js and pyte differ as terminals: a wide character in the last column (pyte draws
// it there, xterm.js wraps it), invalid UTF-8 (pyte shows U+FFFD, xterm.js nothing).
const PYTE_RENDER = `
import json, sys, pyte
screen = pyte.Screen(${COLUMNS}, ${SCREEN_ROWS})
pyte.ByteStream(screen).feed(sys.stdin.buffer.read())
rows = ["".join(screen.buffer[y][x].data for x in range(screen.columns)).rstrip() for y in range(screen.lines)]
while rows and not rows[-1]:
    rows.pop()
json.dump(rows, sys.stdout)
`;
let pyteState = null;
/** Renders raw output with pyte as the native runner does; null when pyte is not installed. */
export function renderWithPyte(bytes) {
  if (pyteState === false) return null;
  const r = spawnSync('/usr/bin/python3', ['-c', PYTE_RENDER], { input: bytes, maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    pyteState = false;
    return null;
  }
  pyteState = true;
  return JSON.parse(r.stdout.toString('utf8'));
}

function replaceAll(buf, from, to) {
  const parts = [];
  let start = 0;
  for (;;) {
    const at = buf.indexOf(from, start);
    if (at < 0) break;
    parts.push(buf.subarray(start, at), to);
    start = at + from.length;
  }
  if (!parts.length) return buf;
  parts.push(buf.subarray(start));
  return Buffer.concat(parts);
}

/** A diff of two line arrays (changed lines with 3 lines of context), for failure messages. */
export function diffLines(a, b, nameA, nameB, context = 3) {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push('  ' + a[i]); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push('+ ' + b[j++]);
    else ops.push('- ' + a[i++]);
  }
  const keep = ops.map(() => false);
  ops.forEach((op, k) => {
    if (op[0] === ' ') return;
    for (let d = Math.max(0, k - context); d <= Math.min(ops.length - 1, k + context); d++) keep[d] = true;
  });
  const out = [`--- ${nameA}`, `+++ ${nameB}`];
  ops.forEach((op, k) => {
    if (keep[k]) out.push(op);
    else if (k > 0 && keep[k - 1]) out.push('@@');
  });
  return out.join('\n');
}

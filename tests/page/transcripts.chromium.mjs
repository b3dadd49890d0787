// The REPL transcript corpus (tests/transcripts/), a sampled subset, played on the real page
// in Debian's Chromium: the third way the one corpus runs (natively: tests/transcripts/;
// through the web artifact under Node: tests/headless/transcripts.test.mjs).
//
// Each session gets a fresh page (home folder and history cleared first, the HTTP cache kept)
// and is typed the way a person's keyboard reaches pyshell: through the page's own xterm.js
// (term.input for keys, term.paste for pastes, so bracketed paste and Ctrl-C-while-busy go
// through web/main.js). The program is told 80x24, as CPython was when the expected screens
// were recorded; the page's terminal is 80x1000 so nothing scrolls away, and its buffer is the
// screen compared with expected/NAME.txt, less the page's own additions: CPython's banner
// (the corpus was recorded with -q) and the "[Python exited …]" line main.js adds.
//
// Sampled: every k-th playable session, about SAMPLE_SIZE of them. Not playable in a browser:
// sessions that send bytes that are not UTF-8 (a keyboard cannot), and those whose screen
// shows the home folder's path (the headless runner rewrites it in the raw stream). The
// headless list of inherent differences (SKIP, KNOWN) applies here too.
//
// Run: node --test tests/page/transcripts.chromium.mjs   (ctest: web.transcripts.chromium)
//   PYSHELL_PAGE_TRANSCRIPTS=all | glob,glob   play all playable sessions, or these
//   PYSHELL_PAGE_TRANSPORT=sab | jspi          the page served with the isolation headers
//                                              (SAB, the default) or without them (JSPI)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PageHarness, PAGE_TRANSPORT as TRANSPORT, resultsDir, sleep } from './harness.mjs';
import {
  listSessions, parseSession, readExpected, diffLines, renderWithPyte, sessionMatcher, SKIP, KNOWN,
} from '../headless/transcript.mjs';

const SAMPLE_SIZE = 16;
const COLUMNS = 80;
const ROWS = 24;            // what the program is told
const SCREEN_ROWS = 1000;   // the page terminal's own height, as the headless runner's
const SETTLE_MS = 60;       // quiet this long at a prompt = ready
const QUIET_MS = 400;
const DEFAULT_PROMPTS = ['>>> ', '... '];

const utf8 = new TextDecoder('utf-8', { fatal: true });
function playable(session, expected) {
  if (!expected || expected.join('\n').includes('/HOME~')) return false;
  if (session.xfail || SKIP[session.name] || KNOWN[session.name]) return false;
  try {
    for (const step of session.steps) utf8.decode(step.data);
  } catch (_) {
    return false;
  }
  return true;
}

function choose() {
  const all = listSessions().map(parseSession).filter((s) => playable(s, readExpected(s.name)));
  const want = process.env.PYSHELL_PAGE_TRANSCRIPTS || '';
  if (want === 'all') return all;
  if (want) {
    const chosen = sessionMatcher(want);
    return all.filter((s) => chosen(s.name));
  }
  const stride = Math.max(1, Math.ceil(all.length / SAMPLE_SIZE));
  return all.filter((_, i) => i % stride === 0);
}

// Installed before the page's scripts: records what main.js writes into xterm.js (bytes from
// the worker, and main.js's own text) so the test knows when output has settled, and keeps
// the worker's bytes for the pyte fallback.
function recorder() {
  let value;
  Object.defineProperty(window, 'pyshell', {
    configurable: true,
    get() { return value; },
    set(v) {
      value = v;
      const rec = { chunks: [], bytes: 0, last: Date.now(), pending: 0 };
      window.__pyshellRecord = rec;
      const term = v.term;
      const write = term.write.bind(term);
      term.write = (data, cb) => {
        if (data instanceof Uint8Array) rec.chunks.push(Array.from(data));
        rec.bytes += data.length;
        rec.last = Date.now();
        rec.pending += 1;
        return write(data, () => {
          rec.pending -= 1;
          rec.last = Date.now();
          if (cb) cb();
        });
      };
    },
  });
}

/** One session on the page; the waits mirror tests/headless/driver.mjs's Shell.waitFor. */
class PageSession {
  constructor(page) {
    this.page = page;
    this.sentMark = 0;
    this.sentAt = 0;
    this.sentEsc = false;
  }

  state() {
    return this.page.evaluate(() => {
      const p = window.pyshell;
      const r = window.__pyshellRecord;
      const b = p.term.buffer.active;
      const line = b.getLine(b.baseY + b.cursorY);
      return {
        bytes: r.bytes, last: Date.now() - r.last, pending: r.pending,
        busy: p.session.busy, state: p.session.state, exitCode: p.session.exitCode,
        cursorText: line ? line.translateToString(false, 0, b.cursorX) : '',
      };
    });
  }

  async send(text, { paste = false } = {}) {
    this.sentMark = (await this.state()).bytes;
    this.sentAt = Date.now();
    this.sentEsc = text.endsWith('\x1b');
    await this.page.evaluate(({ text, paste }) => {
      const term = window.pyshell.term;
      if (paste) term.paste(text.replace(/\r/g, '\n'));
      else term.input(text, true);
    }, { text, paste });
  }

  async waitFor(what, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let s;
    for (;;) {
      s = await this.state();
      if (what.exit && s.state === 'exited' && !s.pending) return;
      if (s.state === 'failed') throw new Error('the page reports Python failed');
      if (!what.exit && s.state === 'exited') throw new Error(`Python exited (status ${s.exitCode})`);
      if (what.quiet !== undefined && !s.pending && s.last >= what.quiet) return;
      if (what.prompt && !s.pending && !s.busy && s.bytes > this.sentMark && s.last >= SETTLE_MS &&
          !(this.sentEsc && Date.now() - this.sentAt < 120) &&
          what.prompt.some((p) => s.cursorText.endsWith(p))) return;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${JSON.stringify(what)} ` +
          `(busy=${s.busy}, state=${s.state}, cursor line ${JSON.stringify(s.cursorText)})`);
      }
      await sleep(15);
    }
  }

  /** The page terminal's buffer, trailing spaces and rows dropped, page additions removed. */
  async screen() {
    let lines = await this.page.evaluate(() => {
      const b = window.pyshell.term.buffer.active;
      const out = [];
      for (let y = 0; y < b.length; y++) {
        const line = b.getLine(y);
        out.push(line ? line.translateToString(true).trimEnd() : '');
      }
      return out;
    });
    lines = dropPageAdditions(lines);
    return lines.map((l) => l.normalize('NFC'));
  }

  /** What the worker sent, banner dropped, for rendering with pyte. */
  async raw() {
    const chunks = await this.page.evaluate(() => window.__pyshellRecord.chunks);
    const bytes = Buffer.from(chunks.flat());
    const prompt = bytes.indexOf('>>> ');
    const cut = prompt > 0 ? bytes.lastIndexOf('\n', prompt) + 1 : 0;
    return bytes.subarray(cut);
  }
}

function dropPageAdditions(input) {
  const lines = input.slice();
  const trim = () => { while (lines.length && !lines[lines.length - 1]) lines.pop(); };
  trim();
  if (lines.length && /^\[Python exited with status -?\d+/.test(lines[lines.length - 1])) {
    lines.pop();
    trim();
  }
  // CPython's banner: "Python 3.13.15 (main, …) [Clang …] on emscripten" and "Type "help", …".
  if (lines.length > 1 && /^Python 3\.\d+/.test(lines[0]) && /^Type "help"/.test(lines[1])) lines.splice(0, 2);
  return lines;
}

async function play(h, session) {
  const page = await h.context.newPage();
  h.watch(page);
  try {
    // A fresh home folder and history for every session, on the page's own origin.
    await page.goto(h.url + 'xterm/xterm.css');
    await page.evaluate(async () => {
      localStorage.clear();
      sessionStorage.clear();
      const root = await navigator.storage.getDirectory(); // web/lib/home_store.js's folder
      for (const name of ['pyshell-home', 'pyshell-home.json']) await root.removeEntry(name, { recursive: true }).catch(() => {});
      await new Promise((resolve) => {
        const r = indexedDB.deleteDatabase('/home/user');
        r.onsuccess = r.onerror = r.onblocked = () => resolve();
      });
    });
    await page.goto(h.url);
    await page.waitForFunction(() => window.pyshell && window.pyshell.session && window.pyshell.session.ready &&
      window.__pyshellRecord, null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.pyshell.transport), TRANSPORT, 'the page chose another transport');
    const ps = new PageSession(page);
    ps.sentMark = -1;
    await ps.waitFor({ prompt: DEFAULT_PROMPTS }, 60_000);
    await page.evaluate(({ cols, rows, screenRows }) => {
      window.pyshell.term.resize(cols, screenRows);
      window.pyshell.session.resize(cols, rows);
    }, { cols: COLUMNS, rows: ROWS, screenRows: SCREEN_ROWS });

    let error = '';
    const timeoutMs = session.timeout * 1000;
    for (const step of session.steps) {
      const text = utf8.decode(step.data);
      await ps.send(text, { paste: Boolean(step.paste) });
      const wait = step.wait;
      try {
        if (!wait) await ps.waitFor({ prompt: DEFAULT_PROMPTS }, timeoutMs);
        else if (wait.any) await ps.waitFor({ prompt: wait.any }, timeoutMs);
        else if (wait.quiet) await ps.waitFor({ quiet: QUIET_MS }, timeoutMs);
        else if (wait.exit) await ps.waitFor({ exit: true }, timeoutMs);
      } catch (e) {
        const s = await ps.state();
        if (s.state === 'exited' && step === session.steps[session.steps.length - 1]) break;
        error = `line ${step.lineno} (${JSON.stringify(step.text)}): ${e.message}`;
        break;
      }
    }
    await ps.waitFor({ quiet: 100 }, 5_000).catch(() => {});
    const s = await ps.state();
    const exit = s.state === 'exited' ? s.exitCode : 'running';
    const tail = [`[exit: ${exit}]`];
    const lines = (await ps.screen()).concat(tail);
    const pyte = () => {
      return ps.raw().then((raw) => {
        const rendered = renderWithPyte(raw);
        return rendered && rendered.concat(tail);
      });
    };
    return { lines, error, pyte, page };
  } catch (e) {
    await page.close().catch(() => {});
    throw e;
  }
}

const sessions = choose();
let h = null;

before(async () => {
  h = await PageHarness.start({ isolation: TRANSPORT !== 'jspi', viewport: { width: 1200, height: 800 } });
  await h.context.addInitScript(recorder);
});
after(async () => { if (h) await h.close(); });

describe(`REPL transcripts on the page in Chromium, ${TRANSPORT} (${sessions.length} sampled)`, () => {
  for (const session of sessions) {
    test(session.name, { timeout: 120_000 }, async (t) => {
      const expected = readExpected(session.name);
      const result = await play(h, session);
      try {
        let lines = result.lines;
        assert.equal(result.error, '', `${session.name}: ${result.error}\n` +
          diffLines(expected, lines, `${session.name} (CPython, expected)`, `${session.name} (pyshell page)`));
        if (JSON.stringify(lines) !== JSON.stringify(expected)) {
          const pyte = await result.pyte();
          if (pyte && JSON.stringify(pyte) === JSON.stringify(expected)) {
            t.diagnostic('equal as pyte renders the stream; xterm.js draws it differently:\n' +
              diffLines(expected, lines, 'pyte', 'xterm.js'));
            lines = pyte;
          }
        }
        if (JSON.stringify(lines) !== JSON.stringify(expected)) {
          fs.mkdirSync(resultsDir, { recursive: true });
          const shot = path.join(resultsDir, `transcript-${session.name}.png`);
          await result.page.screenshot({ path: shot }).catch(() => {});
          assert.fail(`${session.name}: screens differ (${path.relative(process.cwd(), session.path)})\n` +
            diffLines(expected, lines, `${session.name} (CPython, expected)`, `${session.name} (pyshell page)`) +
            (shot ? `\nscreenshot: ${shot}` : ''));
        }
      } finally {
        await result.page.close().catch(() => {});
      }
    });
  }
});

// pyshell tests/headless/driver.mjs: drives the web artifact (build/web/worker.js running
// pyshell.js + pyshell.wasm) under Node, with @xterm/headless as the terminal, through the
// page's own session client (web/lib/session.js) over either transport: SAB (shared rings,
// the default) or JSPI (messages; Node 24 has WebAssembly.Suspending). Output batches are
// written into the terminal and acknowledged (backpressure window) once drawn.
// PYSHELL_TRANSPORT=jspi (or the transport option) picks the transport.
//
//   const sh = await Shell.start({ cols: 80, rows: 24 });   // resolves at the first prompt
//   sh.type('1 + 1\n');                  // text; "\n" is Enter ("\r")
//   await sh.waitFor({ prompt: true });  // ready again: prompt at the cursor, input awaited
//   sh.screen();                         // visible rows, trailing spaces trimmed
//   sh.key('ctrl+c'); sh.key('up');      // named keys (KEYS below)
//   await sh.waitFor(/KeyboardInterrupt/, 2000);
//   sh.resize(40, 24); sh.files(); sh.exitCode(); await sh.waitExit(); await sh.close();
//
// A wait that times out throws an Error whose message holds the whole screen.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Terminal } = require('@xterm/headless');
const { Unicode11Addon } = require('@xterm/addon-unicode11');

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '..', '..');
/** The web artifact folder: $PYSHELL_WEB_DIR, else build/web of this checkout. */
export const WEB_DIR = process.env.PYSHELL_WEB_DIR ? path.resolve(process.env.PYSHELL_WEB_DIR) : path.join(REPO, 'build', 'web');

/** The transport of sessions that do not name one: $PYSHELL_TRANSPORT, else SAB. */
export const DEFAULT_TRANSPORT = process.env.PYSHELL_TRANSPORT || 'sab';
const SETTLE_MS = 40;                 // quiet this long at a prompt = ready (as the native runner)
const DEFAULT_PROMPTS = ['>>> ', '... '];
const ESC_WAIT_MS = 120;              // the shell takes a lone ESC as the Escape key after 50 ms

/** Key names → bytes (xterm's normal-mode sequences, as the transcript runner sends them). */
export const KEYS = {
  enter: '\r', return: '\r', tab: '\t', esc: '\x1b', escape: '\x1b', backspace: '\x7f', space: ' ',
  up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', home: '\x1b[H', end: '\x1b[F',
  delete: '\x1b[3~', pageup: '\x1b[5~', pagedown: '\x1b[6~',
  'alt-b': '\x1bb', 'alt-f': '\x1bf', 'alt-d': '\x1bd', 'alt-backspace': '\x1b\x7f',
  'ctrl-left': '\x1b[1;5D', 'ctrl-right': '\x1b[1;5C',
};
for (let i = 0; i < 26; i++) KEYS['ctrl-' + String.fromCharCode(97 + i)] = String.fromCharCode(i + 1);

/** 'ctrl+c', 'Ctrl-C', 'UP' → the KEYS entry; throws on an unknown name. */
export function keyBytes(name) {
  const k = String(name).trim().toLowerCase().replace(/\+/g, '-');
  if (!(k in KEYS)) throw new Error(`unknown key ${JSON.stringify(name)}; known: ${Object.keys(KEYS).join(' ')}`);
  return KEYS[k];
}


/** All rows of a terminal's active buffer (scrollback and screen), trailing spaces trimmed. */
export function bufferLines(term) {
  const b = term.buffer.active;
  const out = [];
  for (let y = 0; y < b.length; y++) {
    const line = b.getLine(y);
    out.push(line ? line.translateToString(true).trimEnd() : '');
  }
  return out;
}

/** Writes bytes into a fresh terminal and returns its rows (trailing empty rows removed). */
export async function renderScreen(bytes, { cols = 80, rows = 1000, scrollback = 0 } = {}) {
  const term = makeTerminal(cols, rows, scrollback);
  await new Promise((resolve) => term.write(bytes, resolve));
  const lines = bufferLines(term);
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  term.dispose();
  return lines;
}

function makeTerminal(cols, rows, scrollback) {
  // As the page: Unicode 11 widths (web/main.js loads the same addon).
  const term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  return term;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Shell {
  /**
   * Starts a session; resolves once the first prompt is ready (or at once with ready: false).
   * @param {object} o
   * @param {number} [o.cols=80] @param {number} [o.rows=24]  the size the program is told
   * @param {number} [o.screenRows]  the terminal's own height, if not `rows` (the transcript
   *   runner's screen is 1000 rows while the program is told 24)
   * @param {number} [o.scrollback=1000]
   * @param {string} [o.home]  host folder mapped at /home/user (default: a fresh temp dir, removed by close())
   * @param {string} [o.webDir]  the web artifact (default WEB_DIR)
   * @param {string} [o.script='pyshell.js'] @param {string[]} [o.args=['-q']]
   * @param {object} [o.options]  worker init options (ttyFds, onlcr, splitOutput, persistIntervalMs)
   * @param {WebAssembly.Module} [o.wasmModule]  the program's wasm, compiled once for many sessions
   * @param {number} [o.outWindow]  output backpressure window in bytes (0: none)
   * @param {string} [o.transport]  'sab' or 'jspi' (default DEFAULT_TRANSPORT)
   * @param {string} [o.workerPath]  the worker script (default: worker.js of the web folder;
   *   the bench wraps it to read the wasm heap size)
   * @param {*} [o.workerData]  passed to that worker (worker_threads workerData)
   * @param {boolean} [o.ready=true]  wait for the first prompt
   * @param {number} [o.timeoutMs=30000]  for that first prompt
   */
  static async start(o = {}) {
    const shell = new Shell(o);
    if (o.ready !== false) {
      try {
        await shell.waitFor({ prompt: o.prompts || true }, o.timeoutMs || 30000);
      } catch (error) {
        await shell.close();
        throw error;
      }
    }
    return shell;
  }

  constructor(o = {}) {
    this.cols = o.cols || 80;
    this.rows = o.rows || 24;
    this.webDir = path.resolve(o.webDir || WEB_DIR);
    const workerPath = path.join(this.webDir, 'worker.js');
    if (!fs.existsSync(path.join(this.webDir, o.script || 'pyshell.js'))) {
      throw new Error(`no web build in ${this.webDir}: build it (cmake --build --preset web)`);
    }
    const { createSession } = require(path.join(this.webDir, 'lib', 'session.js'));
    this.ownHome = !o.home;
    this.home = o.home ? path.resolve(o.home) : fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-home-'));
    this.term = makeTerminal(this.cols, o.screenRows || this.rows, o.scrollback === undefined ? 1000 : o.scrollback);
    this.encoder = new TextEncoder();
    this.chunks = [];          // every output batch, as received
    this.outputBytes = 0;
    this.pendingWrites = 0;    // batches given to xterm and not parsed yet
    this.lastOutputAt = Date.now();
    this.sentMark = 0;         // outputBytes when input was last sent
    this.lastState = null;     // busy flag of the last {type:'state'} message
    this.exit = null;
    this.error = null;
    this.messages = [];        // non-output messages, for debugging
    this.closed = false;
    this.exited = new Promise((resolve) => { this._resolveExit = resolve; });

    this.term.onData((data) => this.send(data)); // the terminal's answers (cursor position reports)
    this.term.onBinary((data) => this.sendBytes(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));

    this.worker = new Worker(o.workerPath || workerPath, o.workerData === undefined ? undefined : { workerData: o.workerData });
    this.worker.on('exit', () => {
      if (this.exit === null && !this.closed) this.error = this.error || 'the worker thread ended without an exit message';
      this._resolveExit();
    });
    this.transport = o.transport || DEFAULT_TRANSPORT;
    this.session = createSession({
      transport: this.transport,
      worker: this.worker,
      cols: this.cols,
      rows: this.rows,
      outWindow: o.outWindow,
      init: {
        base: this.webDir + path.sep,
        script: o.script || 'pyshell.js',
        args: o.args || ['-q'],
        homeDir: this.home,
        options: Object.assign({ persistIntervalMs: 2000 }, o.options || {}),
        wasmModule: o.wasmModule || undefined,
      },
      on: {
        output: (data, fd, ack) => this._onOutput(data, ack),
        message: (m) => this._onMessage(m),
      },
    });
  }

  _onOutput(data, ack) {
    if (this.closed) return;
    this.chunks.push(data);
    this.outputBytes += data.length;
    this.lastOutputAt = Date.now();
    this.pendingWrites += 1;
    this.term.write(data, () => {
      this.pendingWrites -= 1;
      this.lastOutputAt = Date.now();
      ack();
    });
  }

  _onMessage(m) {
    if (this.closed) return;
    switch (m.type) {
      case 'state':
        this.lastState = m.busy;
        break;
      case 'exit':
        this.exit = m.code;
        this._resolveExit();
        break;
      case 'error':
        this.error = this.error || m.message;
        break;
      default:
        break;
    }
    this.messages.push(m.type === 'persist' ? { type: 'persist', paths: m.paths } : m);
  }

  /* ---- input ---- */

  /**
   * Sends what a terminal would send for these characters; ^C while busy interrupts and is
   * echoed as "^C" (the session client's rule, protocol.js splitInterrupt).
   */
  send(data) {
    this.sendBytes(this.encoder.encode(data));
  }

  sendBytes(bytes) {
    this.sentMark = this.outputBytes;
    this.sentAt = Date.now();
    this.sentEsc = bytes.length > 0 && bytes[bytes.length - 1] === 0x1b; // a lone ESC waits for what follows
    this.session.sendInput(bytes);
  }

  /** SIGINT for the running code (what Ctrl-C while busy does), and wake any wait. */
  interrupt() {
    this.sentMark = this.outputBytes;
    this.session.interrupt();
  }

  /** Types text; "\n" is the Enter key ("\r"). */
  type(text) {
    this.send(String(text).replace(/\r?\n/g, '\r'));
  }

  /** Presses keys: key('ctrl+c'), key('up', 'up', 'enter'). */
  key(...names) {
    for (const name of names) this.send(keyBytes(name));
  }

  /** Pastes text (bracketed when the program turned bracketed paste on; "\n" → "\r"). */
  paste(text) {
    const body = String(text).replace(/\r?\n/g, '\r');
    this.send(this.term.modes.bracketedPasteMode ? '\x1b[200~' + body + '\x1b[201~' : body);
  }

  /** Ends the input (the stdin ring is closed): the shell sees end of file. */
  closeInput() {
    this.session.closeInput();
  }

  /** Resizes the terminal and tells the program (as the page's fit does). */
  resize(cols, rows, screenRows) {
    this.cols = cols;
    this.rows = rows;
    this.term.resize(cols, screenRows || rows);
    this.session.resize(cols, rows);
  }

  /* ---- what the terminal shows ---- */

  /** The visible rows, trailing spaces trimmed. */
  screen() {
    const b = this.term.buffer.active;
    const out = [];
    for (let y = 0; y < this.term.rows; y++) {
      const line = b.getLine(b.viewportY + y);
      out.push(line ? line.translateToString(true).trimEnd() : '');
    }
    return out;
  }

  /** Scrollback and screen, trailing spaces and trailing empty rows trimmed. */
  lines() {
    const lines = bufferLines(this.term);
    while (lines.length && !lines[lines.length - 1]) lines.pop();
    return lines;
  }

  /** The cursor: {x, y} on the visible screen (0-based). */
  cursor() {
    const b = this.term.buffer.active;
    return { x: b.cursorX, y: b.cursorY };
  }

  /** The text of the cursor's row left of the cursor. */
  cursorText() {
    const b = this.term.buffer.active;
    const line = b.getLine(b.baseY + b.cursorY);
    return line ? line.translateToString(false, 0, b.cursorX) : '';
  }

  /** Every output byte received so far (a Buffer). */
  output() {
    return Buffer.concat(this.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.length)));
  }

  /** Output decoded as text (UTF-8). */
  outputText() {
    return this.output().toString('utf8');
  }

  /** Output from byte offset `since` (an earlier output().length) as text, without CRs and escape sequences. */
  plainTextSince(since = 0) {
    return this.output().subarray(since).toString('utf8').replace(/\r|\x1b\[[0-9;?]*[a-zA-Z]/g, '');
  }

  /** Files in the mapped home folder, relative paths (folders end in "/"), sorted. */
  files() {
    const out = [];
    const walk = (dir, rel) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const r = rel ? rel + '/' + e.name : e.name;
        if (e.isDirectory()) {
          out.push(r + '/');
          walk(path.join(dir, e.name), r);
        } else {
          out.push(r);
        }
      }
    };
    if (fs.existsSync(this.home)) walk(this.home, '');
    return out.sort();
  }

  /** Python's exit status, or null while it runs. */
  exitCode() {
    return this.exit;
  }

  describe() {
    const c = this.cursor();
    return `screen (${this.term.cols}x${this.term.rows}, cursor ${c.x},${c.y}):\n` +
      this.screen().map((l) => '|' + l).join('\n') +
      `\n[${this.transport} busy=${this.session.busy} exit=${this.exit} error=${this.error || ''} output=${this.outputBytes} bytes]`;
  }

  /** True when the program waits for input with `prompts` left of the cursor and all is drawn. */
  ready(prompts = DEFAULT_PROMPTS, settleMs = SETTLE_MS) {
    if (this.pendingWrites || this.outputBytes <= this.sentMark) return false;
    if (this.session.queuedInputBytes) return false;
    if (this.session.busy || this.lastState !== false) return false;
    if (Date.now() - this.lastOutputAt < settleMs) return false;
    if (this.sentEsc && Date.now() - this.sentAt < ESC_WAIT_MS) return false;
    const before = this.cursorText();
    return prompts.some((p) => before.endsWith(p));
  }

  /**
   * Waits for:
   *   a RegExp or string      on the visible screen (rows joined by "\n")
   *   {output: RegExp|string, since?: byteOffset}  in the output text (since a byte offset)
   *   {prompt: true | 'text' | ['a', 'b']}         ready at a prompt (see ready())
   *   {quiet: ms}             no output for ms
   *   {exit: true}            the program exited
   * Throws on timeout, or when the program ends or fails first, with the screen in the message.
   */
  async waitFor(what, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    let test;
    let label;
    if (what instanceof RegExp || typeof what === 'string') {
      const re = what instanceof RegExp ? what : null;
      test = () => { const s = this.screen().join('\n'); return re ? re.test(s) : s.includes(what); };
      label = String(what);
    } else if (what && what.output !== undefined) {
      const since = what.since || 0;
      const re = what.output instanceof RegExp ? what.output : null;
      test = () => {
        const text = this.output().subarray(since).toString('utf8');
        return re ? re.test(text) : text.includes(what.output);
      };
      label = 'output ' + String(what.output);
    } else if (what && what.prompt !== undefined) {
      const prompts = what.prompt === true ? DEFAULT_PROMPTS : [].concat(what.prompt);
      test = () => this.ready(prompts, what.settleMs);
      label = 'a prompt ' + JSON.stringify(prompts);
    } else if (what && what.quiet !== undefined) {
      test = () => !this.pendingWrites && Date.now() - this.lastOutputAt >= what.quiet;
      label = `${what.quiet} ms without output`;
    } else if (what && what.exit) {
      test = () => this.exit !== null && !this.pendingWrites;
      label = 'the program to exit';
    } else {
      throw new TypeError('waitFor: a RegExp, a string, {output}, {prompt}, {quiet} or {exit}');
    }
    for (;;) {
      if (test()) return;
      if (this.error) throw new Error(`pyshell failed while waiting for ${label}: ${this.error}\n${this.describe()}`);
      if (this.exit !== null && !(what && what.exit) && !this.pendingWrites) {
        if (test()) return;
        throw new Error(`pyshell exited (status ${this.exit}) while waiting for ${label}\n${this.describe()}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}\n${this.describe()}`);
      await sleep(5);
    }
  }

  /** Waits for the exit; resolves to the status. */
  async waitExit(timeoutMs = 10000) {
    await this.waitFor({ exit: true }, timeoutMs);
    return this.exit;
  }

  /** Stops the worker, removes the temporary home folder (unless `home` was given). */
  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.session.close();
    this.term.dispose();
    if (this.ownHome) fs.rmSync(this.home, { recursive: true, force: true });
  }
}

// pyshell tests/page/harness.mjs: the helpers the page tests (tests/page/*.test.mjs) share.
// It serves build/web with serve.py on a free loopback port, launches the system Chromium
// (headless, fresh temporary profile, no network beyond 127.0.0.1), opens the page and
// reads the xterm.js buffer through window.pyshell.term (web/main.js exposes it for tests).
//
//   const h = await PageHarness.start({ isolation: true });   // in before()
//   await h.open();                                            // page reaches '>>> '
//   await h.typeLine('1+1'); await h.waitForText(/^2$/m);
//   await h.close();                                           // in after()
//
// Environment: PYSHELL_WEB_DIR (default build/web), PYSHELL_CHROMIUM (default
// /usr/bin/chromium), PYSHELL_PYTHON (the Python that runs serve.py, default /usr/bin/python3),
// PYSHELL_PAGE_TRANSPORT (sab or jspi: see PAGE_TRANSPORT).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const webDir = process.env.PYSHELL_WEB_DIR ?? path.join(repoRoot, 'build', 'web');
export const resultsDir = path.join(repoRoot, 'test-results', 'page');
const chromiumPath = process.env.PYSHELL_CHROMIUM ?? '/usr/bin/chromium';
const pythonPath = process.env.PYSHELL_PYTHON ?? '/usr/bin/python3';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-extensions',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
  // Loopback only: every other host name fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** The primary prompt at the end of the screen (the cursor line), nothing typed after it. */
export const PROMPT_AT_END = />>> $/;

/**
 * For a server process the tests started: it is killed if the test process exits without
 * stopping it; returns stop(), which sends `signal` (SIGKILL after `graceMs`) and resolves
 * once the process has exited.
 */
export function serverStopper(child, signal, graceMs = 2000) {
  const killOnExit = () => { try { child.kill('SIGKILL'); } catch (_) { /* gone */ } };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    child.once('exit', () => resolve());
    child.kill(signal);
    setTimeout(() => { if (child.exitCode === null) child.kill('SIGKILL'); }, graceMs).unref();
  });
}

/**
 * The transport page tests get unless they say: $PYSHELL_PAGE_TRANSPORT (sab: serve.py's
 * isolation headers, the default; jspi: the same pages served without them).
 */
export const PAGE_TRANSPORT = process.env.PYSHELL_PAGE_TRANSPORT || 'sab';

/** Starts serve.py on port 0; resolves {url, stop()} once it prints its address. */
export function startServer({ root = webDir, isolation = PAGE_TRANSPORT !== 'jspi', extraArgs = [] } = {}) {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: build the page first (./dev.sh build)`);
  }
  const args = [path.join(repoRoot, 'serve.py'), '--root', root, '--port', '0', '--quiet'];
  if (!isolation) args.push('--no-isolation-headers');
  args.push(...extraArgs);
  const child = spawn(pythonPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const stop = serverStopper(child, 'SIGTERM');
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { stop(); reject(new Error('serve.py did not print its address in 10 s\n' + stderr)); }, 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve({ url: m[1], child, stop }); }
    });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve.py exited (${code}) before serving\n${stderr}`)); });
  });
}

/** A fresh temporary profile folder, removed by the returned function. */
export function tempProfile(prefix = 'pyshell-page-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Launches Chromium with a persistent context on a fresh profile (or the one given). */
export async function launchBrowser({ profileDir, viewport = { width: 1000, height: 640 } } = {}) {
  const profile = profileDir ? { dir: profileDir, remove: () => {} } : tempProfile();
  const context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    serviceWorkers: 'allow',
  });
  return { context, profile };
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One served page in one browser; the test files keep one per file. */
export class PageHarness {
  constructor() {
    this.server = null;
    this.context = null;
    this.profile = null;
    this.page = null;
    this.url = null;
    this.log = [];   // console messages and page errors, shown when a wait fails
  }

  static async start(opts = {}) {
    const h = new PageHarness();
    try {
      // opts.server: a running server of the caller's ({url, stop}) instead of serve.py.
      h.server = opts.server || await startServer(opts);
      h.url = h.server.url;
      const { context, profile } = await launchBrowser(opts);
      h.context = context;
      h.profile = profile;
      h.page = context.pages()[0] ?? await context.newPage();
      h.watch(h.page);
    } catch (error) {
      await h.close();
      throw error;
    }
    return h;
  }

  watch(page) {
    page.on('console', (m) => this.log.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => this.log.push(`pageerror: ${e.message}`));
    page.on('crash', () => this.log.push('page crashed'));
  }

  async close() {
    try { if (this.context) await this.context.close(); } catch (_) { /* already gone */ }
    try { if (this.server) await this.server.stop(); } catch (_) { /* already gone */ }
    if (this.profile) this.profile.remove();
    this.context = null;
    this.server = null;
    this.profile = null;
  }

  /** Navigates to the page (or `rel` under it) and waits for the first prompt. */
  async open(rel = '', { timeout = 30_000 } = {}) {
    await this.page.goto(this.url + rel);
    await this.waitForPrompt(timeout);
  }

  async reload({ timeout = 30_000 } = {}) {
    await this.page.reload();
    await this.waitForPrompt(timeout);
  }

  /** Waits for window.pyshell and the primary prompt as the last thing on the screen. */
  async waitForPrompt(timeout = 30_000) {
    await this.page.waitForFunction(() => window.pyshell && window.pyshell.term, null, { timeout });
    return this.waitForText(PROMPT_AT_END, timeout);
  }

  /** The terminal's active buffer (scrollback + screen) as text, trailing blank lines dropped. */
  async screenText() {
    return this.page.evaluate(() => {
      const p = window.pyshell;
      if (!p || !p.term) return '';
      const b = p.term.buffer.active;
      const lines = [];
      for (let i = 0; i < b.length; i++) {
        const line = b.getLine(i);
        lines.push(line ? line.translateToString(true) : '');
      }
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      return lines.join('\n');
    });
  }

  /** The visible rows only (viewport), trailing blank lines dropped. */
  async visibleText() {
    return this.page.evaluate(() => {
      const b = window.pyshell.term.buffer.active;
      const rows = window.pyshell.term.rows;
      const lines = [];
      for (let i = b.viewportY; i < b.viewportY + rows; i++) {
        const line = b.getLine(i);
        lines.push(line ? line.translateToString(true) : '');
      }
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      return lines.join('\n');
    });
  }

  /**
   * Marks the cursor's line (an xterm.js marker, so it follows the line when the
   * scrollback drops old lines); textSinceMark() is the text from that line on.
   */
  async mark() {
    await this.page.evaluate(() => {
      if (window.__pyshellTestMark) window.__pyshellTestMark.dispose();
      window.__pyshellTestMark = window.pyshell.term.registerMarker(0);
    });
  }

  async textSinceMark() {
    return this.page.evaluate(() => {
      const b = window.pyshell.term.buffer.active;
      const m = window.__pyshellTestMark;
      const start = m && !m.isDisposed && m.line >= 0 ? m.line : 0;
      const lines = [];
      for (let i = start; i < b.length; i++) {
        const line = b.getLine(i);
        lines.push(line ? line.translateToString(true) : '');
      }
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      return lines.join('\n');
    });
  }

  /**
   * Waits until the screen text matches (a RegExp, or a string it must contain). With
   * {sinceMark: true} only the text after the last mark() counts. Fails with the screen
   * (its last 60 lines) and the page's console log.
   */
  async waitForText(pattern, timeout = 10_000, { sinceMark = false } = {}) {
    const test = typeof pattern === 'string' ? (s) => s.includes(pattern) : (s) => pattern.test(s);
    const deadline = Date.now() + timeout;
    let text = '';
    for (;;) {
      try {
        text = sinceMark ? await this.textSinceMark() : await this.screenText();
      } catch (error) {
        // the page is navigating (a reload, the service worker's one reload): look again
        if (!/Execution context was destroyed|navigat|Target closed|Cannot find context/i.test(String(error && error.message))) throw error;
        text = '';
      }
      if (test(text)) return text;
      if (Date.now() > deadline) break;
      await sleep(50);
    }
    const shot = await this.screenshot(`timeout-${Date.now()}`).catch(() => null);
    const tail = text.split('\n').slice(-60).join('\n');
    throw new Error(`timed out after ${timeout} ms waiting for ${pattern}\n` +
      `---- screen (last 60 lines) ----\n${tail}\n---- end of screen ----\n` +
      (this.log.length ? `---- page log ----\n${this.log.slice(-30).join('\n')}\n` : '') +
      (shot ? `screenshot: ${shot}\n` : ''));
  }

  /** Types text into the terminal (as keystrokes) and presses Enter. */
  /** One line (then Enter) as one terminal input through xterm.js's own input path: fast, unlike keystrokes. */
  async inputLine(text) {
    await this.page.evaluate((t) => window.pyshell.term.input(t + '\r', true), text);
  }

  async typeLine(text) {
    await this.focus();
    if (text) await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  async type(text) {
    await this.focus();
    await this.page.keyboard.type(text);
  }

  /** Presses a key ('ArrowUp', 'Tab', 'Control+c', …). */
  async press(key) {
    await this.focus();
    await this.page.keyboard.press(key);
  }

  async focus() {
    await this.page.evaluate(() => window.pyshell.term.focus());
  }

  /** Saves a PNG under test-results/page/ and returns its path. */
  async screenshot(name, { terminalOnly = false } = {}) {
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, name.replace(/[^\w.-]+/g, '_') + '.png');
    if (terminalOnly) await this.page.locator('#terminal').screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * The contents (as text) of a file of the home folder as the browser keeps it, or null:
   * the Origin Private File System's "pyshell-home" folder (web/lib/home_store.js), else
   * the IndexedDB database "/home/user" (IDBFS's layout: store FILE_DATA, key = absolute
   * path). Never creates either.
   */
  async savedHomeFile(absPath) {
    return this.page.evaluate(async (key) => {
      const rel = key.replace(/^\/home\/user\//, '');
      try {
        let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('pyshell-home');
        const parts = rel.split('/');
        for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
        const file = await (await dir.getFileHandle(parts[parts.length - 1])).getFile();
        return await file.text();
      } catch (_) { /* not in OPFS (or no OPFS): IndexedDB */ }
      const dbs = indexedDB.databases ? await indexedDB.databases() : [];
      if (!dbs.some((d) => d.name === '/home/user')) return null;
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('/home/user');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      try {
        if (!db.objectStoreNames.contains('FILE_DATA')) return null;
        const value = await new Promise((resolve, reject) => {
          const r = db.transaction('FILE_DATA', 'readonly').objectStore('FILE_DATA').get(key);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        return value && value.contents ? new TextDecoder().decode(value.contents) : null;
      } finally {
        db.close();
      }
    }, absPath);
  }

  /** Polls savedHomeFile until it equals `expected` or `timeout` passes; true when it did. */
  async waitForSavedHomeFile(absPath, expected, timeout = 5_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (await this.savedHomeFile(absPath) === expected) return true;
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
  }

  /** Resolves once the worker reports Python running code (window.pyshell.session.busy). */
  async waitForBusy(timeout = 5_000) {
    await this.page.waitForFunction(() => window.pyshell.session && window.pyshell.session.busy === true, null, { timeout });
  }

  /** Session state from window.pyshell ('loading' | 'running' | 'exited' | 'failed' | 'closed'). */
  async sessionState() {
    return this.page.evaluate(() => window.pyshell && window.pyshell.session && window.pyshell.session.state);
  }
}

// pyshell bench/lib/chromium.mjs: what the Chromium figures of the bench share: a byte
// counting relay in front of serve.py, the page milestones, "prompt visible" for pyshell's
// page and for Pyodide's console.html, one timed navigation, and the served Pyodide folder.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A TCP relay on a free loopback port to `port`; counts bytes server -> browser (headers
 * included, bodies as sent) and GET/HEAD request lines. With `acceptEncoding` set, every
 * request's Accept-Encoding header is replaced by it (e.g. 'gzip': what a browser that
 * cannot use brotli would get); the relay then buffers each request's header block.
 */
export function startRelay(port, { acceptEncoding = null } = {}) {
  const relay = { bytes: 0, requests: 0, sockets: new Set(), acceptEncoding };
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
    for (const s of [client, upstream]) {
      s.on('error', drop);
      s.on('close', drop);
    }
    let pending = '';
    client.on('data', (d) => {
      const text = d.toString('latin1');
      const m = text.match(/^(GET|HEAD) /gm);
      if (m) relay.requests += m.length;
      if (!relay.acceptEncoding) {
        upstream.write(d);
        return;
      }
      // Requests here are header blocks only (GET/HEAD): rewrite each complete one.
      pending += text;
      let end;
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        let head = pending.slice(0, end + 4);
        pending = pending.slice(end + 4);
        head = head.replace(/^Accept-Encoding:.*\r\n/im, '');
        head = head.replace(/\r\n\r\n$/, `\r\nAccept-Encoding: ${relay.acceptEncoding}\r\n\r\n`);
        upstream.write(Buffer.from(head, 'latin1'));
      }
    });
    client.on('end', () => upstream.end());
    upstream.on('data', (d) => { relay.bytes += d.length; });
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
 * 'ready' = first prompt requested), and the prompt seen. Harmless on other pages.
 */
export function installMilestones(context) {
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

/** In-page checks, each true once that page shows its first prompt ready for input. */
export const PROMPT_CHECKS = {
  // pyshell: the terminal's cursor line is exactly the primary prompt.
  pyshell: () => {
    const p = window.pyshell;
    if (!p || !p.term) return false;
    const b = p.term.buffer.active;
    const line = b.getLine(b.baseY + b.cursorY);
    return !!line && line.translateToString(true) === '>>> ';
  },
  // Pyodide's console.html: jQuery Terminal is up (window.term, set after loadPyodide()
  // and the console's set-up) and its command line shows the '>>>' prompt.
  pyodide: () => {
    if (!window.term) return false;
    const prompt = document.querySelector('.cmd-prompt');
    return !!prompt && prompt.textContent.replace(/\u00a0/g, ' ').trim() === '>>>';
  },
};

/** Resolves when `check` (a PROMPT_CHECKS entry) holds, looked at every animation frame. */
export function waitForPrompt(page, check, timeout) {
  return page.waitForFunction(`(() => {
    const ok = (${check.toString()})();
    if (ok && window.__pyshellBench && !('prompt' in window.__pyshellBench)) window.__pyshellBench.prompt = Math.round(performance.now());
    return ok;
  })()`, null, { timeout, polling: 'raf' });
}

/** One navigation (`go`), timed from just before it until the prompt; bytes from the relay. */
export async function measure(page, relay, go, { check = PROMPT_CHECKS.pyshell, timeout = 60_000 } = {}) {
  const bytes0 = relay.bytes;
  const requests0 = relay.requests;
  const t0 = performance.now();
  await go();
  await waitForPrompt(page, check, timeout);
  const ms = performance.now() - t0;
  const milestones = await page.evaluate(() => window.__pyshellBench || {});
  return { ms: Math.round(ms), bytes: relay.bytes - bytes0, requests: relay.requests - requests0, milestones };
}

/** {median, min, max, n} of numbers. */
export function summary(values) {
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

const VENDOR = [
  // [npm package file, served name]: what console.html takes from a CDN, from the locked packages
  ['jquery/dist/jquery.min.js', 'vendor/jquery.min.js'],
  ['jquery.terminal/js/jquery.terminal.min.js', 'vendor/jquery.terminal.min.js'],
  ['jquery.terminal/js/unix_formatting.js', 'vendor/unix_formatting.js'],
  ['jquery.terminal/css/jquery.terminal.min.css', 'vendor/jquery.terminal.min.css'],
];
const PYODIDE_FILES = ['pyodide.js', 'pyodide.mjs', 'pyodide.asm.js', 'pyodide.asm.wasm',
  'python_stdlib.zip', 'pyodide-lock.json', 'package.json'];
const COMPRESSED = /\.(html|js|mjs|css|wasm|zip|json)$/;

function fresh(derived, source) {
  return fs.existsSync(derived) && fs.statSync(derived).mtimeMs >= fs.statSync(source).mtimeMs;
}

/**
 * Builds the folder that serves Pyodide's own console.html (from the npm package) the way
 * build/web is served: the package's files, console.html with its four CDN addresses
 * (jQuery, jQuery Terminal and its CSS, unix_formatting) pointed at copies from the locked
 * npm packages (vendor/), and a .gz (level 9) and .br (quality 10, as tools/web_dist.py)
 * beside every file a page downloads. Returns the folder. Idempotent and quick when fresh.
 */
export function preparePyodideSite(dir) {
  const pkgDir = path.dirname(require.resolve('pyodide/package.json'));
  fs.mkdirSync(path.join(dir, 'vendor'), { recursive: true });
  const copies = PYODIDE_FILES.map((f) => [path.join(pkgDir, f), f]);
  for (const [from, to] of VENDOR) copies.push([require.resolve(from), to]);
  for (const [from, to] of copies) {
    const dest = path.join(dir, to);
    if (!fresh(dest, from)) fs.copyFileSync(from, dest);
  }
  let html = fs.readFileSync(path.join(pkgDir, 'console.html'), 'utf8');
  const before = html;
  html = html.replace(/src="[^"]*\/npm\/jquery(@[0-9.]+)?"/, 'src="vendor/jquery.min.js"')
    .replace(/src="[^"]*\/jquery\.terminal\.min\.js"/, 'src="vendor/jquery.terminal.min.js"')
    .replace(/src="[^"]*\/unix_formatting\.min\.js"/, 'src="vendor/unix_formatting.js"')
    .replace(/href="[^"]*\/jquery\.terminal\.min\.css"/, 'href="vendor/jquery.terminal.min.css"');
  if (html === before || /<(script|link)[^>]+(src|href)="https?:/.test(html)) {
    throw new Error('Pyodide\'s console.html no longer has the four CDN addresses this bench replaces: update bench/lib/chromium.mjs');
  }
  // index.html too: the folder's own page (serve.py and the page harness expect one).
  for (const name of ['console.html', 'index.html']) {
    const page = path.join(dir, name);
    if (!fs.existsSync(page) || fs.readFileSync(page, 'utf8') !== html) fs.writeFileSync(page, html);
  }
  const files = copies.map(([, to]) => to).concat('console.html', 'index.html');
  for (const name of files) {
    if (!COMPRESSED.test(name)) continue;
    const file = path.join(dir, name);
    const gz = file + '.gz';
    const br = file + '.br';
    if (!fresh(gz, file)) fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
    if (!fresh(br, file)) {
      fs.writeFileSync(br, zlib.brotliCompressSync(fs.readFileSync(file), {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 10 },
      }));
    }
  }
  return dir;
}

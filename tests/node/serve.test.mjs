// Tests for serve.py: run with `node --test tests/node/` from the repo root.
// Builds a throw-away web root in a temp dir, starts serve.py on a free port,
// and checks headers, MIME types, precompressed files and traversal refusal.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SERVE = process.env.SERVE_PY || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../serve.py');
const PYTHON = process.env.PYTHON || 'python3';
const URL_LINE = /^pyshell: serving (.+) at (http:\/\/([^/]+):(\d+)\/)$/m;
const SECRET = `TOP-SECRET-${process.pid}-${Date.now()}`;
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};
const ALWAYS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };

const children = new Set();

/** Spawn serve.py; resolve with { child, url, port, line, stderr() } once the URL line is printed. */
function startServer(args, opts = {}) {
  const child = spawn(PYTHON, [opts.script || SERVE, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env }, cwd: opts.cwd || os.tmpdir(),
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '', err = '';
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line; stderr: ${err}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(URL_LINE);
      if (m) {
        clearTimeout(timer);
        resolve({ child, root: m[1], url: m[2], host: m[3], port: Number(m[4]), stdout: () => out, stderr: () => err });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code} early; stderr: ${err}`)); });
  });
}

/** Run serve.py expecting it to exit on its own; resolve with { code, stdout, stderr }. */
function runToExit(args, timeoutMs = 10000) {
  const child = spawn(PYTHON, [SERVE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('serve.py did not exit')); }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer); children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function waitExit(child, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => reject(new Error('child did not exit')), timeoutMs);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal }); });
  });
}

/** Raw HTTP request: the path is sent byte-for-byte (fetch would normalise ../ and %2e%2e). */
function raw(port, reqPath, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: reqPath, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function assertHeaders(headers, expected, what) {
  for (const [k, v] of Object.entries(expected)) assert.equal(headers[k], v, `${what}: header ${k}`);
}

// ---- fixture -------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-serve-'));
const root = path.join(tmp, 'web');
const secretFile = path.join(tmp, 'secret.txt');
const X_JS = Buffer.from(`// x.js\n${'console.log("pyshell precompressed");\n'.repeat(50)}`);
const X_GZ = zlib.gzipSync(X_JS);
const X_BR = zlib.brotliCompressSync(X_JS);
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const INDEX = '<!doctype html><title>pyshell test</title>\n';
const MIME = {
  '/index.html': 'text/html; charset=utf-8',
  '/a.js': 'text/javascript; charset=utf-8',
  '/m.mjs': 'text/javascript; charset=utf-8',
  '/a.wasm': 'application/wasm',
  '/s.css': 'text/css; charset=utf-8',
  '/d.json': 'application/json',
  '/i.svg': 'image/svg+xml',
  '/i.png': 'image/png',
  '/favicon.ico': 'image/x-icon',
  '/b.zip': 'application/zip',
  '/p.data': 'application/octet-stream',
  '/a.js.map': 'application/json',
  '/t.txt': 'text/plain; charset=utf-8',
  '/mod.py': 'text/plain; charset=utf-8',
  '/f.woff2': 'font/woff2',
  '/UPPER.WASM': 'application/wasm',
};

function buildFixture() {
  const w = (rel, data) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
  };
  fs.writeFileSync(secretFile, SECRET);
  fs.mkdirSync(path.join(tmp, 'web-evil'));            // sibling whose name starts with the root's
  fs.writeFileSync(path.join(tmp, 'web-evil', 'secret.txt'), SECRET);
  for (const p of Object.keys(MIME)) w(p, `content of ${p}\n`);
  w('index.html', INDEX);
  w('a.wasm', WASM);
  w('b.zip', Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18)])); // empty zip
  w('x.js', X_JS); w('x.js.gz', X_GZ); w('x.js.br', X_BR);
  w('gzonly.js', X_JS); w('gzonly.js.gz', X_GZ);
  w('sub/file.txt', 'in sub\n');                       // a directory without index.html
  w('app/index.html', '<p>app index</p>\n');            // a directory with one
  w('evil.js', 'harmless\n');                          // its .br sibling is a symlink out of the root
  fs.symlinkSync(secretFile, path.join(root, 'evil.js.br'));
  fs.symlinkSync(secretFile, path.join(root, 'leak.txt'));
  fs.symlinkSync(tmp, path.join(root, 'leakdir'));
  fs.symlinkSync(path.join(tmp, 'web-evil'), path.join(root, 'prefix'));
  fs.symlinkSync(path.join(root, 'sub', 'file.txt'), path.join(root, 'inside.txt')); // allowed
  w('blobs/0a1b2c', WASM);                             // build systems may symlink to hash-named blobs
  fs.symlinkSync(path.join(root, 'blobs', '0a1b2c'), path.join(root, 'alias.wasm'));
}
buildFixture();

after(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

// ---- tests against one running server -------------------------------------
describe('serve.py (isolated, default host)', () => {
  let srv;
  before(async () => { srv = await startServer(['--root', root, '--port', '0']); });
  after(async () => { srv.child.kill('SIGTERM'); await waitExit(srv.child); });

  test('prints one URL line with the real root, 127.0.0.1 and the actual port', () => {
    const lines = srv.stdout().split('\n').filter(Boolean);
    assert.equal(lines.length, 1, srv.stdout());
    assert.equal(srv.root, fs.realpathSync(root));
    assert.equal(srv.host, '127.0.0.1');
    assert.ok(srv.port > 0 && srv.port !== 8000);
  });

  test('binds loopback only (not reachable on a non-loopback address)', async (t) => {
    const addr = Object.values(os.networkInterfaces()).flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal && !i.address.startsWith('127.'));
    if (!addr) return t.skip('no non-loopback IPv4 interface here');
    const err = await new Promise((resolve) => {
      const s = net.connect({ host: addr.address, port: srv.port });
      s.setTimeout(3000, () => { s.destroy(); resolve(new Error('timeout')); });
      s.on('connect', () => { s.destroy(); resolve(null); });
      s.on('error', resolve);
    });
    assert.ok(err, `connected to ${addr.address}:${srv.port}, so it is not bound to loopback only`);
  });

  test('GET / serves index.html with every required header', async () => {
    const res = await fetch(srv.url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), INDEX);
    const h = Object.fromEntries(res.headers);
    assertHeaders(h, { ...ISOLATION, ...ALWAYS, 'content-type': 'text/html; charset=utf-8' }, 'GET /');
    assert.ok(h.etag, 'ETag present');
    assert.ok(h['last-modified'], 'Last-Modified present');
  });

  test('MIME types come from the built-in table', async () => {
    for (const [p, type] of Object.entries(MIME)) {
      const res = await raw(srv.port, p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers['content-type'], type, p);
      assertHeaders(res.headers, { ...ISOLATION, ...ALWAYS }, p);
    }
  });

  test('binary bodies arrive intact; query strings are ignored', async () => {
    const res = await raw(srv.port, '/a.wasm?v=123');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, WASM);
    assert.equal(res.headers['content-length'], String(WASM.length));
  });

  test('HEAD gives headers and length but no body', async () => {
    const res = await raw(srv.port, '/a.wasm', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers['content-length'], String(WASM.length));
    assertHeaders(res.headers, { ...ISOLATION, ...ALWAYS, 'content-type': 'application/wasm' }, 'HEAD');
  });

  test('404 for a missing file still carries every header', async () => {
    const res = await raw(srv.port, '/nope.js');
    assert.equal(res.status, 404);
    assertHeaders(res.headers, { ...ISOLATION, ...ALWAYS }, '404');
  });

  test('no directory listings: a directory without index.html is 404', async () => {
    for (const p of ['/sub/', '/sub']) {
      const res = await raw(srv.port, p);
      assert.equal(res.status, 404, p);
      assert.ok(!res.body.toString().includes('file.txt'), `${p} lists the directory`);
    }
    assert.equal((await raw(srv.port, '/sub/file.txt')).status, 200);
  });

  test('a directory with index.html: /app redirects to /app/, which serves it', async () => {
    const r1 = await raw(srv.port, '/app?x=1');
    assert.equal(r1.status, 301);
    assert.equal(r1.headers.location, '/app/?x=1');
    const r2 = await raw(srv.port, '/app/');
    assert.equal(r2.status, 200);
    assert.equal(r2.body.toString(), '<p>app index</p>\n');
    assert.equal(r2.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal((await raw(srv.port, '/a.js/')).status, 404, 'a file with a trailing slash');
  });

  test('redirects never become protocol-relative (//host) open redirects', async () => {
    for (const p of ['//app', '/%2fapp', '/%2F%2Fapp']) {
      const res = await raw(srv.port, p);
      assert.equal(res.status, 301, p);
      assert.equal(res.headers.location, '/app/', p);
    }
  });

  test('only GET and HEAD: POST, PUT, DELETE, OPTIONS get 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const res = await raw(srv.port, '/index.html', { method, body: method === 'POST' ? 'x=1' : undefined });
      assert.equal(res.status, 405, method);
      assert.match(res.headers.allow || '', /GET/, method);
      assert.match(res.headers.allow || '', /HEAD/, method);
      assertHeaders(res.headers, { ...ISOLATION, ...ALWAYS }, method);
    }
  });

  test('precompressed: .br only when br is accepted, else .gz, else identity', async () => {
    const cases = [
      ['br, gzip', 'br', X_BR],
      ['gzip, deflate, br', 'br', X_BR],
      ['gzip', 'gzip', X_GZ],
      ['br;q=0, gzip', 'gzip', X_GZ],
      ['gzip;q=0, br;q=0', undefined, X_JS],
      ['identity', undefined, X_JS],
      ['deflate', undefined, X_JS],
      ['*', 'br', X_BR],
      ['*, br;q=0', 'gzip', X_GZ],
      [undefined, undefined, X_JS],
    ];
    for (const [ae, enc, bytes] of cases) {
      const res = await raw(srv.port, '/x.js', { headers: ae === undefined ? {} : { 'accept-encoding': ae } });
      assert.equal(res.status, 200, `AE ${ae}`);
      assert.equal(res.headers['content-encoding'], enc, `AE ${ae}`);
      assert.deepEqual(res.body, bytes, `AE ${ae}: body`);
      assert.equal(res.headers['content-length'], String(bytes.length), `AE ${ae}`);
      assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8', `AE ${ae}`);
      assert.match(res.headers.vary || '', /accept-encoding/i, `AE ${ae}: Vary`);
      assertHeaders(res.headers, { ...ISOLATION, ...ALWAYS }, `AE ${ae}`);
    }
    const gz = await raw(srv.port, '/gzonly.js', { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gz.body, X_GZ);
    const none = await raw(srv.port, '/gzonly.js', { headers: { 'accept-encoding': 'br' } });
    assert.equal(none.headers['content-encoding'], undefined);
    assert.deepEqual(none.body, X_JS);
    const head = await raw(srv.port, '/x.js', { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    assert.equal(head.headers['content-encoding'], 'br');
    assert.equal(head.headers['content-length'], String(X_BR.length));
    assert.equal(head.body.length, 0);
  });

  test('fetch (which accepts br and decodes) gets the original x.js', async () => {
    const res = await fetch(new URL('x.js', srv.url));
    assert.equal(res.status, 200);
    assert.ok(['br', 'gzip'].includes(res.headers.get('content-encoding')));
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), X_JS);
  });

  test('revalidation: a matching ETag gets 304, per-encoding ETags differ', async () => {
    const first = await raw(srv.port, '/a.js');
    const again = await raw(srv.port, '/a.js', { headers: { 'if-none-match': first.headers.etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assertHeaders(again.headers, { ...ISOLATION, ...ALWAYS }, '304');
    const stale = await raw(srv.port, '/a.js', { headers: { 'if-none-match': '"nope"' } });
    assert.equal(stale.status, 200);
    const br = await raw(srv.port, '/x.js', { headers: { 'accept-encoding': 'br' } });
    const plain = await raw(srv.port, '/x.js');
    assert.notEqual(br.headers.etag, plain.headers.etag);
    const cross = await raw(srv.port, '/x.js', { headers: { 'if-none-match': br.headers.etag } });
    assert.equal(cross.status, 200, 'br ETag must not validate the identity response');
  });

  test('symlinks that stay inside the root are served', async () => {
    const res = await raw(srv.port, '/inside.txt');
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), 'in sub\n');
    const alias = await raw(srv.port, '/alias.wasm');
    assert.equal(alias.status, 200);
    assert.equal(alias.headers['content-type'], 'application/wasm', 'type comes from the requested name');
    assert.deepEqual(alias.body, WASM);
  });

  // Every case below leaks the secret from at least one naive server:
  // join(root, unquote(path)) leaks ../ and %2e%2e and //abs; a server that
  // maps \ to / leaks %5c; a server that doesn't resolve symlinks (or checks
  // with a string startswith) leaks the symlink cases.
  const rel = path.relative('/', secretFile);
  const traversal = [
    '/../secret.txt',
    '/../../../../../../' + rel,
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub/../../secret.txt',
    '/sub/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/sub%5c..%5c..%5csecret.txt',
    '//' + rel,
    '/%2f' + rel.split('/').join('%2f'),
    '/%2F' + encodeURIComponent(secretFile).slice(3),
    '/leak.txt',
    '/leakdir/secret.txt',
    '/leakdir/web/../secret.txt',
    '/prefix/secret.txt',
    '/..%252fsecret.txt',
    '/secret.txt%00.html',
  ];
  for (const p of traversal) {
    test(`traversal refused: ${p}`, async () => {
      for (const headers of [{}, { 'accept-encoding': 'br, gzip' }]) {
        const res = await raw(srv.port, p, { headers });
        assert.ok([400, 403, 404].includes(res.status), `${p} -> ${res.status}`);
        assert.ok(!res.body.toString('latin1').includes(SECRET), `${p} leaked the secret`);
        assertHeaders(res.headers, { ...ISOLATION, ...ALWAYS }, p);
      }
    });
  }

  test('a .br sibling that is a symlink out of the root is never sent', async () => {
    const res = await raw(srv.port, '/evil.js', { headers: { 'accept-encoding': 'br' } });
    assert.ok(!res.body.toString('latin1').includes(SECRET), 'leaked via evil.js.br');
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), 'harmless\n');
    assert.equal(res.headers['content-encoding'], undefined);
  });

  test('access log: one short line per request on stderr', async () => {
    await raw(srv.port, '/t.txt?logmarker');
    for (let i = 0; i < 50 && !srv.stderr().includes('logmarker'); i++) await new Promise((r) => setTimeout(r, 20));
    const lines = srv.stderr().split('\n').filter((l) => l.includes('logmarker'));
    assert.equal(lines.length, 1, srv.stderr());
    assert.match(lines[0], /200/);
    assert.ok(lines[0].length < 120, lines[0]);
    assert.ok(!srv.stderr().includes('Traceback'), srv.stderr());
  });
});

// ---- separate runs ---------------------------------------------------------
test('--no-isolation-headers drops only the Cross-Origin-* headers', async () => {
  const srv = await startServer(['--root', root, '--port', '0', '--no-isolation-headers']);
  try {
    for (const p of ['/', '/missing']) {
      const res = await raw(srv.port, p);
      for (const k of Object.keys(ISOLATION)) assert.equal(res.headers[k], undefined, `${p}: ${k}`);
      assertHeaders(res.headers, ALWAYS, p);
    }
  } finally { srv.child.kill('SIGTERM'); await waitExit(srv.child); }
});

test('--quiet: no access log', async () => {
  const srv = await startServer(['--root', root, '--port', '0', '--quiet']);
  await raw(srv.port, '/');
  await raw(srv.port, '/missing');
  srv.child.kill('SIGINT');
  const { code } = await waitExit(srv.child);
  assert.equal(code, 0);
  assert.equal(srv.stderr(), '');
});

test('Ctrl-C (SIGINT) exits 0 without a traceback', async () => {
  const srv = await startServer(['--root', root, '--port', '0']);
  await raw(srv.port, '/');
  srv.child.kill('SIGINT');
  const { code, signal } = await waitExit(srv.child);
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.ok(!srv.stderr().includes('Traceback'), srv.stderr());
});

test('a missing root exits 2 with a message naming it', async () => {
  const missing = path.join(tmp, 'does-not-exist');
  const r = await runToExit(['--root', missing, '--port', '0']);
  assert.equal(r.code, 2);
  assert.ok(r.stderr.includes(missing), r.stderr);
  assert.ok(!r.stderr.includes('Traceback'), r.stderr);
  assert.doesNotMatch(r.stdout, URL_LINE);
});

test('a port already in use exits 2 with a message', async () => {
  const blocker = net.createServer();
  await new Promise((r) => blocker.listen(0, '127.0.0.1', r));
  const { port } = blocker.address();
  try {
    const r = await runToExit(['--root', root, '--port', String(port)]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(String(port)), r.stderr);
    assert.ok(!r.stderr.includes('Traceback'), r.stderr);
  } finally { blocker.close(); }
});

test('default root is build/web beside the script, whatever the cwd', async () => {
  const copy = path.join(tmp, 'checkout');
  fs.mkdirSync(path.join(copy, 'build', 'web'), { recursive: true });
  fs.copyFileSync(SERVE, path.join(copy, 'serve.py'));
  fs.writeFileSync(path.join(copy, 'build', 'web', 'index.html'), 'default-root-marker');
  const srv = await startServer(['--port', '0'], { script: path.join(copy, 'serve.py'), cwd: root });
  try {
    assert.equal(srv.root, fs.realpathSync(path.join(copy, 'build', 'web')));
    assert.equal((await raw(srv.port, '/')).body.toString(), 'default-root-marker');
  } finally { srv.child.kill('SIGTERM'); await waitExit(srv.child); }
});

test('--open hands the URL to the browser ($BROWSER)', async () => {
  const opened = path.join(tmp, 'opened.txt');
  const browser = path.join(tmp, 'fake-browser.sh');
  fs.writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
  const srv = await startServer(['--root', root, '--port', '0', '--open'], { env: { BROWSER: browser } });
  try {
    for (let i = 0; i < 100 && !(fs.existsSync(opened) && fs.readFileSync(opened, 'utf8')); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(fs.readFileSync(opened, 'utf8'), srv.url);
  } finally { srv.child.kill('SIGTERM'); await waitExit(srv.child); }
});

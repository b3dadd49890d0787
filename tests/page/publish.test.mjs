// The README's "Publishing the folder", tried for real: build/web/ copied as it is behind a
// second web server, Debian's nginx on loopback, its workers running as `nobody` (not the
// user who built the folder), with gzip_static and brotli_static sending the precompressed
// copies and the isolation headers added by the server's own configuration. Every published
// file must be world-readable, the copies must be what is sent, and the page must reach >>>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PageHarness, serverStopper } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..', '..', 'build', 'web');
const NGINX = '/usr/sbin/nginx';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const skip = !fs.existsSync(NGINX) ? `no ${NGINX} (Debian package nginx)` :
  !fs.existsSync(BROTLI_MODULE) ? `no ${BROTLI_MODULE} (libnginx-mod-http-brotli-static)` : false;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * nginx serving a copy of `web` (modes kept: the first test checks them on build/web itself)
 * from a folder every user can reach, whatever the checkout's own folders allow, on
 * 127.0.0.1; resolves {url, stop(), errorLog()} once it answers.
 */
async function startNginx(web) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-nginx-'));
  fs.chmodSync(dir, 0o755);
  const root = path.join(dir, 'site');
  fs.cpSync(web, root, { recursive: true });
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `
load_module ${BROTLI_MODULE};
user nobody nogroup;
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  types { application/wasm wasm; application/octet-stream data; }
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    gzip_static on;
    brotli_static on;
    add_header Cross-Origin-Opener-Policy same-origin always;
    add_header Cross-Origin-Embedder-Policy require-corp always;
    add_header Cross-Origin-Resource-Policy same-origin always;
  }
}
`);
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const stopNginx = serverStopper(child, 'SIGQUIT', 3000); // SIGQUIT: nginx's graceful stop
  const stop = async () => {
    await stopNginx();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}/`;
  // Ready when it answers (an event: the first successful response), for at most 10 s.
  for (const deadline = Date.now() + 10_000; ;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(url)).ok) return { url, stop, errorLog: () => fs.readFileSync(path.join(dir, 'error.log'), 'utf8') };
    } catch (_) { /* not listening yet */ }
    if (Date.now() > deadline) { await stop(); throw new Error(`nginx did not answer at ${url} in 10 s: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 50)); // nginx says nothing when it is ready: try again
  }
}

let server;
let h;
before(async () => {
  if (skip) return;
  server = await startNginx(webDir);
  h = await PageHarness.start({ server });
});
after(async () => { if (h) await h.close(); });

test('every published file is world-readable, every folder world-searchable', { skip }, () => {
  const bad = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const mode = fs.statSync(p).mode;
      if (e.isDirectory()) {
        if ((mode & 0o005) !== 0o005) bad.push(p);
        walk(p);
      } else if ((mode & 0o004) === 0) {
        bad.push(`${p} (${(mode & 0o777).toString(8)})`);
      }
    }
  };
  walk(webDir);
  assert.deepEqual(bad, [], 'not readable by a web server running as another user');
});

test('nginx, running as nobody, sends the brotli and gzip copies', { skip }, async () => {
  for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    for (const name of ['pyshell.wasm', 'python313-start.data', 'index.html']) {
      const r = await fetch(server.url + name, { headers: { 'Accept-Encoding': encoding } });
      assert.equal(r.status, 200, `${name} (${encoding}): ${server.errorLog()}`);
      assert.equal(r.headers.get('content-encoding'), encoding, `${name}: the ${suffix} copy is sent`);
      assert.equal(Number(r.headers.get('content-length')), fs.statSync(path.join(webDir, name + suffix)).size,
        `${name}: the body is the ${suffix} file`);
      await r.arrayBuffer();
    }
  }
  const wasm = await fetch(server.url + 'pyshell.wasm');
  assert.equal(wasm.headers.get('content-type'), 'application/wasm', 'streaming compilation needs the wasm type');
  assert.equal(wasm.headers.get('cross-origin-embedder-policy'), 'require-corp');
  await wasm.arrayBuffer();
});

test('the page served by nginx reaches >>> and runs Python', { skip }, async () => {
  await h.open('', { timeout: 45_000 });
  assert.equal(await h.page.evaluate(() => window.crossOriginIsolated), true, 'isolated by nginx\'s own headers');
  await h.mark();
  await h.typeLine('6 * 7');
  await h.waitForText(/^42\n>>> $/m, 10_000, { sinceMark: true });
});

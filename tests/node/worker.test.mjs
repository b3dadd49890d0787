// Tests for web/worker.js under Node's worker_threads (the environment the headless runner
// uses), driven through the page's own session client (web/lib/session.js), every test over
// both transports: SAB (shared rings and control block) and JSPI (messages; the wasm
// suspends). Instead of the real CPython build it loads a toy C program (below) compiled by
// the toolchain root's Emscripten with pyshell's JSPI link flags, which calls every
// Module.pyshellHost function through EM_JS. Skipped when emcc is not installed. Run with
// `node --test tests/node/` from the repo root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.join(here, '..', '..', 'web');
const workerPath = path.join(webDir, 'worker.js');
const { createSession } = require(path.join(webDir, 'lib', 'session.js'));

// The toy shell: reads lines through readInput, answers commands. Each command exercises
// one part of the host contract.
const TOY_C = String.raw`
#include <emscripten.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>


// As web/shell_main.cpp: the answers that wait may be Promises (JSPI).
EM_JS(int, host_read, (char* buf, int max, int timeout), {
  var put = function (b) {
    if (b === null) return -1;
    HEAPU8.set(b, buf);
    return b.length;
  };
  var r = Module.pyshellHost.readInput(max, timeout);
  return r instanceof Promise ? r.then(put) : put(r);
});
EM_JS(void, host_write, (const char* s, int n), { return Module.pyshellHost.writeOutput(HEAPU8.subarray(s, s + n)); });
EM_JS(int, host_cols, (void), { return Module.pyshellHost.terminalSize().cols; });
EM_JS(int, host_rows, (void), { return Module.pyshellHost.terminalSize().rows; });
EM_JS(int, host_size_changed, (void), { return Module.pyshellHost.sizeChanged() ? 1 : 0; });
EM_JS(int, host_sleep, (int ms), {
  var r = Module.pyshellHost.sleep(ms);
  return r instanceof Promise ? r.then(function (b) { return b ? 1 : 0; }) : (r ? 1 : 0);
});
EM_JS(void, host_idle, (void), { Module.pyshellHost.idle(); });
EM_JS(int, host_download, (const char* p), { return Module.pyshellHost.download(UTF8ToString(p)) ? 1 : 0; });
EM_JS(int, host_inspect_next, (void), { return Module.pyshellHost.inspectNext(); });
EM_JS(void, host_inspect_take, (char* buf), { HEAPU8.set(Module.pyshellHost.inspectTake(), buf); });
EM_JS(void, host_inspect_reply, (const char* s, int n), { Module.pyshellHost.inspectReply(HEAPU8.slice(s, s + n)); });
EM_JS(int, host_inspect_subscribed, (void), { return Module.pyshellHost.inspectSubscribed() ? 1 : 0; });
// What CPython's _Py_CheckEmscriptenSignals_Helper does.
EM_JS(int, check_signal, (void), {
  var r = Module.Py_EmscriptenSignalBuffer[0];
  Module.Py_EmscriptenSignalBuffer[0] = 0;
  return r;
});

static void say(const char* s) { host_write(s, (int)strlen(s)); }

static void sayf(const char* fmt, long a, long b) {
  char out[256];
  snprintf(out, sizeof out, fmt, a, b);
  say(out);
}

static char inbuf[64];
static int inpos = 0, inlen = 0;
static long snapshots = 0;

/* As shell_main.cpp: answer every queued inspector request (here: echo it back). */
static int serve_inspect(void) {
  int served = 0, n;
  while ((n = host_inspect_next()) >= 0) {
    char req[1024], reply[1200];
    if (n >= (int)sizeof req) n = sizeof req - 1;
    host_inspect_take(req);
    req[n] = 0;
    int k = snprintf(reply, sizeof reply, "{\"kind\":\"echo\",\"request\":%s}", req);
    host_inspect_reply(reply, k);
    served = 1;
  }
  return served;
}

/* The next input byte, or -1 at end of input. */
static int next_byte(void) {
  while (inpos == inlen) {
    int n = host_read(inbuf, sizeof inbuf, -1);
    if (n < 0) {
      if (serve_inspect()) continue;
      if (host_size_changed()) sayf("[resized %ldx%ld]\r\n", host_cols(), host_rows());
      continue;
    }
    if (n == 0) return -1;
    inpos = 0;
    inlen = n;
  }
  return (unsigned char)inbuf[inpos++];
}

int main(void) {
  char line[4096];
  int len = 0;
  say("toy ready\r\n");
  for (;;) {
    host_idle();
    say("> ");
    len = 0;
    for (;;) {
      int c = next_byte();
      if (c < 0) { say("[eof]\r\n"); return 0; }
      if (c == '\r' || c == '\n') break;
      if (c == 3) { say("^C\r\n"); len = 0; break; }
      if (len < (int)sizeof line - 1) line[len++] = (char)c;
    }
    line[len] = 0;
    if (!strncmp(line, "echo ", 5)) { say(line + 5); say("\r\n"); }
    else if (!strncmp(line, "printf ", 7)) { printf("%s\n", line + 7); fflush(stdout); }
    else if (!strcmp(line, "size")) sayf("%ldx%ld\r\n", host_cols(), host_rows());
    else if (!strncmp(line, "sleep ", 6)) sayf("slept interrupted=%ld\r\n", host_sleep(atoi(line + 6)), 0);
    else if (!strcmp(line, "spin")) {
      long spins = 0; int sig = 0;
      while (!(sig = check_signal())) spins++;
      sayf("interrupted signal=%ld\r\n", sig, 0);
    }
    else if (!strncmp(line, "spam ", 5)) {
      int count = atoi(line + 5);
      char out[64];
      for (int i = 0; i < count; i++) { int k = snprintf(out, sizeof out, "line %d\r\n", i); host_write(out, k); }
    }
    else if (!strncmp(line, "timeout ", 8)) {
      char buf[8];
      int n = host_read(buf, sizeof buf, atoi(line + 8));
      sayf("read=%ld\r\n", n, 0);
    }
    else if (!strncmp(line, "cat ", 4)) {
      FILE* f = fopen(line + 4, "rb");
      if (!f) { say("no such file\r\n"); continue; }
      char buf[256]; size_t n;
      while ((n = fread(buf, 1, sizeof buf, f)) > 0) host_write(buf, (int)n);
      fclose(f);
      say("\r\n");
    }
    else if (!strncmp(line, "write ", 6)) {
      char* sp = strchr(line + 6, ' ');
      if (!sp) continue;
      *sp = 0;
      FILE* f = fopen(line + 6, "wb");
      fputs(sp + 1, f);
      fclose(f);
      say("written\r\n");
    }
    else if (!strncmp(line, "download ", 9)) sayf("download=%ld\r\n", host_download(line + 9), 0);
    else if (!strcmp(line, "ls")) {
      DIR* d = opendir("/home/user");
      struct dirent* e;
      while ((e = readdir(d))) if (e->d_name[0] != '.') { say(e->d_name); say(" "); }
      closedir(d);
      say("\r\n");
    }
    else if (!strncmp(line, "exit ", 5)) exit(atoi(line + 5));
    else if (len) say("?\r\n");
    if (len && host_inspect_subscribed()) { /* as Session's on_snapshot after an entry */
      char snap[64];
      int k = snprintf(snap, sizeof snap, "{\"kind\":\"snapshot\",\"seq\":%ld}", ++snapshots);
      host_inspect_reply(snap, k);
    }
  }
}
`;

const LINK_FLAGS = ['-sALLOW_MEMORY_GROWTH=1', '-sENVIRONMENT=web,worker,node', '-sFORCE_FILESYSTEM=1',
  '-sEXIT_RUNTIME=1', '-sEXPORTED_RUNTIME_METHODS=FS', '-lidbfs.js', '-lnodefs.js',
  '-sJSPI=1', '-sJSPI_IMPORTS=host_read,host_sleep,host_write,check_signal']; // as cmake/web.cmake

const hasEmcc = spawnSync('emcc', ['--version'], { encoding: 'utf8' }).status === 0;
let buildDir = null;

before(() => {
  if (!hasEmcc) return;
  const key = createHash('sha256').update(TOY_C + LINK_FLAGS.join(' ')).digest('hex').slice(0, 16);
  buildDir = path.join(os.tmpdir(), `pyshell-toy-${key}`);
  if (fs.existsSync(path.join(buildDir, 'pyshell.wasm'))) return;
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(path.join(buildDir, 'toy.c'), TOY_C);
  const r = spawnSync('emcc', ['toy.c', '-O1', '-o', 'pyshell.js', ...LINK_FLAGS], { cwd: buildDir, encoding: 'utf8' });
  if (r.status !== 0) {
    fs.rmSync(path.join(buildDir, 'pyshell.wasm'), { force: true });
    throw new Error('emcc could not build the toy program:\n' + r.stderr);
  }
});

const sessions = new Set();
after(async () => {
  for (const s of sessions) await s.client.close();
});

/** Starts worker.js through the session client; returns helpers to type, wait for output, etc. */
function startSession({ transport, outWindow = 0, cols = 80, rows = 24, homeDir } = {}) {
  const worker = new Worker(workerPath);
  const s = { worker, messages: [], text: '', outputs: 0, waiters: [], autoAck: true, acks: [] };
  const decoder = new TextDecoder();
  const check = () => {
    for (const w of s.waiters.slice()) {
      if (w.test()) {
        s.waiters.splice(s.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve();
      }
    }
  };
  s.client = createSession({
    transport, worker, cols, rows, outWindow, stdinBytes: 4096, mailboxBytes: 65536,
    init: { base: buildDir + path.sep, script: 'pyshell.js', args: [], homeDir },
    on: {
      output(data, fd, ack) {
        s.messages.push({ type: 'output', data });
        s.outputs += 1;
        s.text += decoder.decode(data, { stream: true });
        if (s.autoAck) ack();
        else s.acks.push(ack);
        check();
      },
      message(m) {
        s.messages.push(m.type === 'error' && /worker error/.test(m.message) ? { type: 'worker-error', message: m.message } : m);
        check();
      },
    },
  });
  s.until = (test, what, ms = 10000) => new Promise((resolve, reject) => {
    if (test()) { resolve(); return; }
    const w = { test, resolve };
    w.timer = setTimeout(() => {
      s.waiters.splice(s.waiters.indexOf(w), 1);
      reject(new Error(`timed out waiting for ${what} (${transport}); output so far:\n${s.text}\nmessages: ` +
        JSON.stringify(s.messages.filter((m) => m.type !== 'output'))));
    }, ms);
    s.waiters.push(w);
  });
  s.waitText = (needle, ms) => s.until(() => s.text.includes(needle), JSON.stringify(needle), ms);
  s.waitPrompt = (ms) => s.until(() => s.text.endsWith('> '), 'a prompt', ms);
  s.waitMessage = (type, ms) => s.until(() => s.messages.some((m) => m.type === type), `a ${type} message`, ms);
  // Busy after the last input: a state message posted once the worker took that input.
  s.waitBusy = () => s.until(() => s.messages.slice(s.typedAt).some((m) => m.type === 'state' && m.busy), 'the busy state');
  s.type = (str) => { s.typedAt = s.messages.length; s.client.sendInput(str); };
  s.request = (header, payload) => { s.client.request(header, payload); };
  /** Types a command and waits for the next prompt after it; returns what it printed. */
  s.run = async (command, ms) => {
    const start = s.text.length;
    s.type(command + '\r');
    await s.until(() => s.text.indexOf('> ', start) >= 0, `the prompt after ${command}`, ms);
    return s.text.slice(start, s.text.indexOf('> ', start));
  };
  sessions.add(s);
  return s;
}

const skip = hasEmcc ? false : 'emcc (Emscripten) is not installed';

for (const transport of ['sab', 'jspi']) {
  test(`starts, reports progress and ready, and echoes through readInput/writeOutput (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('toy ready\r\n> ');
    await s.waitMessage('ready');
    const progress = s.messages.find((m) => m.type === 'progress' && m.phase === 'download');
    assert.ok(progress && progress.file === 'pyshell.wasm' && progress.done && progress.loaded > 1000,
      'the wasm download is reported: ' + JSON.stringify(progress));
    assert.ok(s.messages.some((m) => m.type === 'progress' && m.phase === 'start'));
    assert.equal(await s.run('echo héllo wörld'), 'héllo wörld\r\n');
    // fd 1 (printf) reaches the terminal too, with \n turned into \r\n like a tty does.
    assert.equal(await s.run('printf from stdio'), 'from stdio\r\n');
    const states = s.messages.filter((m) => m.type === 'state').map((m) => m.busy);
    assert.deepEqual(states.slice(0, 3), [false, true, false], 'busy flips when input arrives and back at the next read');
  });

  test(`terminal size and resize: readInput returns null on a resize, sizeChanged clears (${transport})`, { skip }, async () => {
    const s = startSession({ transport, cols: 100, rows: 40 });
    await s.waitText('> ');
    assert.equal(await s.run('size'), '100x40\r\n');
    const before = s.text.length;
    s.client.resize(120, 50);
    await s.until(() => s.text.includes('[resized 120x50]', before), 'the resize notice');
    assert.equal(await s.run('size'), '120x50\r\n', 'the new size, and no second resize notice');
  });

  test(`readInput with a timeout returns null (-1 in the toy) when nothing is typed (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    const t0 = Date.now();
    assert.equal(await s.run('timeout 150'), 'read=-1\r\n');
    assert.ok(Date.now() - t0 >= 140, 'returned before its timeout');
  });

  test(`Ctrl-C while busy: the interrupt cell stops a spin loop and wakes sleep early (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    s.type('spin\r');
    await s.waitBusy();
    await new Promise((r) => setTimeout(r, 50));
    s.type('\x03'); // the key: while busy, the interrupt (and its echo)
    await s.waitText('^Cinterrupted signal=2\r\n> ');
    assert.equal(s.client.interruptPending(), false, 'reading Py_EmscriptenSignalBuffer[0] takes the signal');
    const start = s.text.length;
    const t0 = Date.now();
    s.type('sleep 20000\r');
    await s.waitBusy();
    await new Promise((r) => setTimeout(r, 100));
    s.client.interrupt();
    await s.until(() => s.text.includes('slept interrupted=1', start), 'the interrupted sleep');
    assert.ok(Date.now() - t0 < 5000, 'sleep did not wake early');
    await s.waitPrompt();
    assert.equal(await s.run('sleep 30'), 'slept interrupted=0\r\n', 'a stale interrupt was cleared at the prompt');
  });

  test(`100,000 lines of output arrive exactly, in few messages (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    const before = s.outputs;
    const out = await s.run('spam 100000', 30000);
    let expected = '';
    for (let i = 0; i < 100000; i++) expected += `line ${i}\r\n`;
    assert.equal(out, expected);
    const messages = s.outputs - before;
    assert.ok(messages < 200, `${messages} output messages for 100,000 lines`);
  });

  test(`output backpressure: the worker pauses while the page has not drawn its window (${transport})`, { skip }, async () => {
    const s = startSession({ transport, outWindow: 8192 });
    await s.waitText('> ');
    s.autoAck = false;
    const start = s.text.length;
    s.type('spam 20000\r');
    await new Promise((r) => setTimeout(r, 500));
    const stalled = s.text.length - start;
    assert.ok(stalled < 8192 + 70000, `the worker sent ${stalled} bytes past an 8 KiB window`);
    assert.ok(!s.text.includes('line 19999'), 'all output went out without acknowledgements');
    s.autoAck = true;
    for (const ack of s.acks.splice(0)) ack();
    await s.waitText('line 19999\r\n> ', 20000);
  });

  test(`mailbox: uploads land in the home folder (names checked), download requests answer (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    s.request({ type: 'upload', name: 'data.txt' }, new TextEncoder().encode('uploaded bytes'));
    s.request({ type: 'upload', name: '../evil' }, new Uint8Array(1));
    s.request({ type: 'upload', name: 'a/b' }, new Uint8Array(1));
    await s.until(() => s.messages.filter((m) => m.type === 'notice').length >= 3, 'three notices');
    const notices = s.messages.filter((m) => m.type === 'notice');
    assert.match(notices[0].text, /Uploaded data\.txt to ~\/data\.txt \(14 bytes\)/);
    assert.equal(notices[1].level, 'error');
    assert.equal(notices[2].level, 'error');
    assert.equal(await s.run('cat /home/user/data.txt'), 'uploaded bytes\r\n');
    assert.equal(await s.run('ls'), 'data.txt \r\n');
    s.request({ type: 'download-request', name: '~/data.txt' });
    await s.waitMessage('download');
    const d = s.messages.find((m) => m.type === 'download');
    assert.equal(d.name, 'data.txt');
    assert.equal(new TextDecoder().decode(d.data), 'uploaded bytes');
    s.request({ type: 'download-request', name: '../../etc/passwd' });
    s.request({ type: 'download-request', name: 'missing.txt' });
    await s.until(() => s.messages.filter((m) => m.type === 'notice').length >= 5, 'two more notices');
    assert.ok(s.messages.filter((m) => m.type === 'notice').slice(3).every((m) => m.level === 'error'));
    assert.equal(s.messages.filter((m) => m.type === 'download').length, 1);
  });

  test(`download(path) from the program posts the file; a missing one returns false (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    assert.equal(await s.run('write out.txt result!'), 'written\r\n');
    assert.equal(await s.run('download out.txt'), 'download=1\r\n', 'a path relative to the cwd');
    const d = s.messages.find((m) => m.type === 'download');
    assert.equal(d.name, 'out.txt');
    assert.equal(new TextDecoder().decode(d.data), 'result!');
    assert.equal(await s.run('download /home/user/nothing'), 'download=0\r\n');
  });

  test(`exit(n) posts {type:"exit", code:n} after the last output (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    s.type('echo bye\rexit 7\r');
    await s.waitMessage('exit');
    const exitMsg = s.messages.find((m) => m.type === 'exit');
    assert.equal(exitMsg.code, 7);
    assert.ok(s.text.includes('bye\r\n'));
    const lastOutput = s.messages.map((m) => m.type).lastIndexOf('output');
    assert.ok(lastOutput < s.messages.indexOf(exitMsg), 'output after exit');
    assert.ok(!s.messages.some((m) => m.type === 'error' || m.type === 'worker-error'), JSON.stringify(s.messages.filter((m) => m.type !== 'output')));
  });

  test(`end of input (stdin ring closed) reads as an empty array (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    s.client.closeInput();
    await s.waitText('[eof]');
    await s.waitMessage('exit');
    assert.equal(s.messages.find((m) => m.type === 'exit').code, 0);
  });

  test(`a home folder mapped from the host with NODEFS (homeDir) (${transport})`, { skip }, async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-home-'));
    try {
      fs.writeFileSync(path.join(home, 'hostfile.txt'), 'from the host');
      const s = startSession({ transport, homeDir: home });
      await s.waitText('> ');
      assert.equal(await s.run('cat /home/user/hostfile.txt'), 'from the host\r\n');
      assert.equal(await s.run('write /home/user/new.txt made in wasm'), 'written\r\n');
      assert.equal(fs.readFileSync(path.join(home, 'new.txt'), 'utf8'), 'made in wasm');
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test(`inspector: requests through the mailbox are served while the program waits for input (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    const inspects = () => s.messages.filter((m) => m.type === 'inspect').map((m) => JSON.parse(m.json));
    s.request({ type: 'inspect', json: '{"kind":"request","op":"children","ref":"r1"}' });
    s.request({ type: 'inspect', json: '{"kind":"request","op":"preview","path":"é.txt"}' });
    await s.until(() => inspects().length >= 2, 'two inspect replies');
    assert.deepEqual(inspects(), [
      { kind: 'echo', request: { kind: 'request', op: 'children', ref: 'r1' } },
      { kind: 'echo', request: { kind: 'request', op: 'preview', path: 'é.txt' } },
    ], 'each request reaches the program once, in order, UTF-8 intact');
    // Typing still works afterwards, and the reads after a served request wait again.
    assert.equal(await s.run('echo still here'), 'still here\r\n');
    assert.equal(inspects().length, 2, 'no snapshots while nobody subscribed');
    // A request sent while the program is busy waits for the next read.
    s.type('sleep 300\r');
    await s.waitBusy();
    s.request({ type: 'inspect', json: '{"kind":"request","op":"snapshot"}' });
    await s.until(() => inspects().length === 3, 'the reply after the command');
    const order = s.messages.map((m) => m.type === 'output' ? 'output' : m.type).filter((t) => t !== 'progress');
    assert.ok(s.text.indexOf('slept interrupted=0') >= 0);
    assert.ok(order.lastIndexOf('inspect') > order.indexOf('state'), 'answered after the command ended');
  });

  test(`inspector: subscribing posts one snapshot now and one after every command, until unsubscribed (${transport})`, { skip }, async () => {
    const s = startSession({ transport });
    await s.waitText('> ');
    const inspects = () => s.messages.filter((m) => m.type === 'inspect').map((m) => JSON.parse(m.json));
    s.request({ type: 'inspect-subscribe', on: true });
    await s.until(() => inspects().length === 1, 'the snapshot asked for by subscribing');
    assert.deepEqual(inspects()[0], { kind: 'echo', request: { kind: 'request', op: 'snapshot' } });
    const start = s.messages.length;
    assert.equal(await s.run('echo one'), 'one\r\n');
    await s.until(() => inspects().length === 2, 'a snapshot after the command');
    assert.deepEqual(inspects()[1], { kind: 'snapshot', seq: 1 });
    // The command's output comes first, then the snapshot, then busy off.
    await s.until(() => s.messages.slice(start).some((m) => m.type === 'state' && !m.busy), 'busy off');
    const after = s.messages.slice(start).map((m) => m.type);
    const snapshotAt = after.indexOf('inspect');
    assert.ok(after.indexOf('output') < snapshotAt, after.join(','));
    assert.ok(after.lastIndexOf('state') > snapshotAt, 'busy goes off after the snapshot: ' + after.join(','));
    await s.run('echo two');
    await s.until(() => inspects().length === 3, 'a snapshot after the second command');
    s.request({ type: 'inspect-subscribe', on: false });
    await s.run('echo three');
    await s.run('echo four');
    assert.equal(inspects().length, 3, 'no snapshots after unsubscribing');
  });
}

test('a missing pyshell.js is reported as a clear error message', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pyshell-empty-'));
  try {
    let client;
    const m = await new Promise((resolve) => {
      client = createSession({
        transport: 'sab', worker: new Worker(workerPath), init: { base: empty + path.sep, script: 'pyshell.js' },
        on: { message: (msg) => { if (msg.type === 'error') resolve(msg); } },
      });
    });
    await client.close();
    assert.match(m.message, /Could not load pyshell\.js/);
    assert.match(m.message, /build/);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});


// Tests for web/lib/ring.js (the stdin and mailbox rings between the page and the worker)
// and web/lib/control.js: run with `node --test tests/node/` from the repo root. The last
// test streams 1 MB through a 4 KiB ring between two real worker_threads, the reader
// blocking in Atomics.wait, the writer retrying on drain notifications as the page does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const ringPath = path.join(here, '..', '..', 'web', 'lib', 'ring.js');
const controlPath = path.join(here, '..', '..', 'web', 'lib', 'control.js');
const { Ring, QueuedWriter, HEADER_BYTES } = require(ringPath);
const C = require(controlPath);

const bytes = (...values) => Uint8Array.from(values);
const seq = (n, start = 0) => Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);

test('the UMD wrapper also defines the global a classic script would see', () => {
  assert.equal(globalThis.PyshellRing.Ring, Ring);
});

test('capacity must be a power of two', () => {
  assert.throws(() => Ring.create(1000), /power of two/);
  assert.throws(() => Ring.create(1), /power of two/);
  assert.throws(() => new Ring(new SharedArrayBuffer(HEADER_BYTES + 12)), /power of two/);
  assert.throws(() => new Ring(new ArrayBuffer(HEADER_BYTES + 16)), /SharedArrayBuffer/);
  assert.equal(Ring.create(16).capacity, 16);
});

test('bytes come out in order, and available/free add up', () => {
  const r = Ring.create(16);
  assert.equal(r.available(), 0);
  assert.equal(r.free(), 16);
  assert.equal(r.write(bytes(1, 2, 3)), 3);
  assert.equal(r.available(), 3);
  assert.equal(r.free(), 13);
  assert.deepEqual(r.tryRead(2), bytes(1, 2));
  assert.deepEqual(r.tryRead(10), bytes(3));
  assert.equal(r.tryRead(10), null);
});

test('a full ring takes only what fits (partial write) and nothing more', () => {
  const r = Ring.create(8);
  assert.equal(r.write(seq(5)), 5);
  assert.equal(r.write(seq(5, 5)), 3);
  assert.equal(r.free(), 0);
  assert.equal(r.write(bytes(99)), 0);
  assert.deepEqual(r.tryRead(100), seq(8));
});

test('wrap-around keeps the bytes intact on both the write and the read side', () => {
  const r = Ring.create(8);
  r.write(seq(6));
  assert.deepEqual(r.tryRead(6), seq(6));
  // head and tail are now at slot 6: the next 7 bytes go to slots 6,7,0..4
  assert.equal(r.write(seq(7, 100)), 7);
  assert.deepEqual(r.tryRead(3), seq(3, 100));
  assert.deepEqual(r.tryRead(8), seq(4, 103));
});

test('the free-running counters survive passing 2^31 and 2^32', () => {
  for (const startAt of [0x7ffffffc, -4]) {
    const r = Ring.create(8);
    r.header[0] = startAt; // HEAD
    r.header[1] = startAt; // TAIL
    const got = [];
    for (let round = 0; round < 5; round++) {
      assert.equal(r.write(seq(6, round * 6)), 6);
      assert.equal(r.available(), 6);
      got.push(...r.tryRead(4), ...r.tryRead(4));
    }
    assert.deepEqual(Uint8Array.from(got), seq(30));
    // the writer side right after HEAD wrapped and TAIL did not: only the free bytes fit
    r.header[0] = startAt;
    r.header[1] = startAt;
    assert.equal(r.write(seq(6)), 6);
    assert.equal(r.write(seq(6, 6)), 2, 'a full ring took more than its free space');
    assert.deepEqual(r.tryRead(8), seq(8));
  }
});

test('read with a timeout returns null after about that long; tryRead never waits', () => {
  const r = Ring.create(8);
  const t0 = performance.now();
  assert.equal(r.read(4, 60), null);
  const waited = performance.now() - t0;
  assert.ok(waited >= 55, `read returned after ${waited} ms, before its 60 ms timeout`);
  assert.ok(waited < 2000, `read waited ${waited} ms for a 60 ms timeout`);
  assert.equal(r.read(4, 0), null);
  r.write(bytes(7));
  assert.deepEqual(r.read(4, 1000), bytes(7));
});

test('read rejects a max below 1', () => {
  assert.throws(() => Ring.create(8).tryRead(0), /max >= 1/);
});

test('close: queued bytes still come out, then an empty array means end of input', () => {
  const r = Ring.create(8);
  r.write(bytes(5, 6));
  r.close();
  assert.ok(r.closed);
  assert.throws(() => r.write(bytes(1)), /after close/);
  assert.deepEqual(r.read(8, -1), bytes(5, 6));
  assert.deepEqual(r.read(8, -1), new Uint8Array(0));
});

test('a reader is told to send a drain only after a write did not fit', () => {
  const r = Ring.create(8);
  let drains = 0;
  r.onDrain = () => { drains += 1; };
  r.write(seq(4));
  r.tryRead(4);
  assert.equal(drains, 0, 'no drain was asked for');
  r.write(seq(10)); // 8 fit, the writer now wants to hear about space
  r.tryRead(1);
  assert.equal(drains, 1);
  r.tryRead(1);
  assert.equal(drains, 1, 'one drain per request');
});

test('QueuedWriter keeps what does not fit, in order, and copies it', () => {
  const r = Ring.create(8);
  const w = new QueuedWriter(r);
  const a = seq(6);
  assert.equal(w.write(a), true);
  const b = seq(6, 6);
  assert.equal(w.write(b), false);
  b.fill(0); // the caller reuses its buffer: the queue must have copied
  assert.equal(w.write(seq(3, 12)), false);
  assert.equal(w.queuedBytes, 7);
  const out = [];
  while (out.length < 15) {
    const chunk = r.tryRead(3);
    if (chunk) out.push(...chunk);
    w.pump();
  }
  assert.deepEqual(Uint8Array.from(out), seq(15));
  assert.equal(w.queuedBytes, 0);
});

test('control block: size changes are flagged once, interrupts set SIGINT and ring the doorbell', () => {
  const ctl = C.create(80, 24, 4096);
  const cell = C.createInterruptCell();
  assert.equal(ctl[C.COLS], 80);
  assert.equal(ctl[C.OUT_WINDOW], 4096);
  assert.equal(C.setSize(ctl, 80, 24), false, 'same size is not a change');
  assert.equal(C.takeSizeChanged(ctl), false);
  assert.equal(C.setSize(ctl, 100, 30), true);
  assert.equal(ctl[C.RESIZE_SEQ], 1);
  assert.equal(C.takeSizeChanged(ctl), true);
  assert.equal(C.takeSizeChanged(ctl), false);
  const wake = ctl[C.WAKE];
  C.interrupt(ctl, cell);
  assert.equal(cell[0], 2);
  assert.equal(ctl[C.WAKE], wake + 1);
  Atomics.add(ctl, C.OUT_PENDING, 100);
  C.acknowledgeOutput(ctl, 60);
  assert.equal(ctl[C.OUT_PENDING], 40);
});

test('1 MB goes through a 4 KiB ring between two worker threads, complete and in order', async () => {
  const ring = Ring.create(4096);
  const { port1, port2 } = new MessageChannel();
  const size = 1 << 20;
  const reader = new Worker(`
    const { workerData, parentPort } = require('node:worker_threads');
    const { createHash } = require('node:crypto');
    const { Ring } = require(workerData.ringPath);
    const ring = new Ring(workerData.buffer);
    ring.onDrain = () => workerData.drainPort.postMessage('drain');
    const hash = createHash('sha256');
    let got = 0, reads = 0, seed = 7;
    while (got < workerData.size) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const chunk = ring.read(1 + (seed % 3000), 10000); // blocks in Atomics.wait
      if (chunk === null) throw new Error('reader timed out after ' + got + ' bytes');
      hash.update(chunk);
      got += chunk.length;
      reads += 1;
    }
    parentPort.postMessage({ got, reads, digest: hash.digest('hex') });
  `, { eval: true, workerData: { ringPath, buffer: ring.buffer, size, drainPort: port2 }, transferList: [port2] });

  const writer = new Worker(`
    const { workerData, parentPort } = require('node:worker_threads');
    const { createHash } = require('node:crypto');
    const { Ring, QueuedWriter } = require(workerData.ringPath);
    const w = new QueuedWriter(new Ring(workerData.buffer));
    const data = new Uint8Array(workerData.size);
    let x = 12345;
    for (let i = 0; i < data.length; i++) { x = (x * 1664525 + 1013904223) >>> 0; data[i] = x >>> 24; }
    let drains = 0;
    // Like the page: never wait, write pieces of random size, retry on each drain.
    workerData.drainPort.on('message', () => { drains += 1; if (w.pump() && done) finish(); });
    let done = false;
    function finish() { parentPort.postMessage({ drains, digest: createHash('sha256').update(data).digest('hex') }); workerData.drainPort.close(); }
    let offset = 0, seed = 3;
    while (offset < data.length) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = Math.min(1 + (seed % 9000), data.length - offset);
      w.write(data.subarray(offset, offset + n));
      offset += n;
    }
    done = true;
    if (w.queuedBytes === 0) finish();
  `, { eval: true, workerData: { ringPath, buffer: ring.buffer, size, drainPort: port1 }, transferList: [port1] });

  const result = (worker) => new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const [r, w] = await Promise.all([result(reader), result(writer)]);
  await Promise.all([reader.terminate(), writer.terminate()]);
  assert.equal(r.got, size);
  assert.equal(r.digest, w.digest, 'the reader got different bytes than the writer sent');
  assert.ok(w.drains > 0, 'a 1 MB stream through 4 KiB must have needed drain notifications');
  assert.ok(r.reads > size / 4096, `only ${r.reads} reads for 1 MB through 4 KiB`);
  // sanity: the digest is of the real data, not of nothing
  assert.notEqual(r.digest, createHash('sha256').update(new Uint8Array(0)).digest('hex'));
});

// Tests for web/lib/mailbox.js, the framed requests (uploads, download requests, sync)
// the page sends the worker through the mailbox ring: run with `node --test tests/node/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { encodeFrame, FrameDecoder } = require('../../web/lib/mailbox.js');
const { Ring, QueuedWriter } = require('../../web/lib/ring.js');

test('a frame round-trips, header and payload', () => {
  const payload = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
  const frames = new FrameDecoder().push(encodeFrame({ type: 'upload', name: 'data é.csv' }, payload));
  assert.equal(frames.length, 1);
  assert.deepEqual(frames[0].header, { type: 'upload', name: 'data é.csv' });
  assert.deepEqual(frames[0].payload, payload);
});

test('frames split into single bytes, and several in one chunk, come out whole and in order', () => {
  const a = encodeFrame({ type: 'sync' });
  const b = encodeFrame({ type: 'upload', name: 'x' }, Uint8Array.from([9, 8, 7]));
  const c = encodeFrame({ type: 'download-request', name: 'y' });
  const stream = new Uint8Array([...a, ...b, ...c]);
  const d = new FrameDecoder();
  const out = [];
  for (const byte of stream) out.push(...d.push(Uint8Array.of(byte)));
  assert.deepEqual(out.map((f) => f.header.type), ['sync', 'upload', 'download-request']);
  assert.deepEqual(out[1].payload, Uint8Array.from([9, 8, 7]));
  assert.equal(d.partial, false);
  const whole = new FrameDecoder().push(stream);
  assert.deepEqual(whole.map((f) => f.header.type), ['sync', 'upload', 'download-request']);
});

test('a 3 MB upload passes through a 64 KiB ring in pieces', () => {
  const ring = Ring.create(65536);
  const writer = new QueuedWriter(ring);
  const payload = Uint8Array.from({ length: 3 << 20 }, (_, i) => (i * 31) & 0xff);
  writer.write(encodeFrame({ type: 'upload', name: 'big.bin' }, payload));
  const d = new FrameDecoder();
  const frames = [];
  while (!frames.length) {
    const chunk = ring.tryRead(ring.capacity);
    assert.ok(chunk, 'the ring ran dry before the frame was complete');
    frames.push(...d.push(chunk));
    writer.pump();
  }
  assert.deepEqual(frames[0].payload, payload);
});

test('bad input is refused with a sentence', () => {
  assert.throws(() => encodeFrame({ name: 'no type' }), /type/);
  assert.throws(() => encodeFrame({ type: 'upload' }, [1, 2]), /Uint8Array/);
  const zero = new Uint8Array(8); // header length 0
  assert.throws(() => new FrameDecoder().push(zero), /corrupt/);
  const notJson = new Uint8Array([3, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7b, 0x7b]);
  assert.throws(() => new FrameDecoder().push(notJson), /not JSON/);
});

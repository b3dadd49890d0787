// Tests for web/lib/batcher.js, the worker's output batcher: run with
// `node --test tests/node/` from the repo root. A fake clock drives the time rules; the
// posted batches are checked to concatenate to exactly what was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { OutputBatcher } = require('../../web/lib/batcher.js');

function setup(options = {}) {
  const clock = { t: 1000 };
  const posts = [];
  const b = new OutputBatcher({ post: (bytes) => posts.push(bytes), now: () => clock.t, ...options });
  return { b, posts, clock };
}

const text = (posts) => Buffer.concat(posts.map((p) => Buffer.from(p))).toString('utf8');
const enc = (s) => new TextEncoder().encode(s);

test('the UMD wrapper also defines the global a worker script would see', () => {
  assert.equal(globalThis.PyshellBatcher.OutputBatcher, OutputBatcher);
});

test('needs a post function', () => {
  assert.throws(() => new OutputBatcher({}), /post/);
});

test('the first write after a quiet spell goes out at once; the following ones wait', () => {
  const { b, posts, clock } = setup();
  b.write(enc('prompt> '));
  assert.equal(posts.length, 1, 'a lone write before a long computation must be shown');
  clock.t += 1;
  b.write(enc('a'));
  b.write(enc('b'));
  assert.equal(posts.length, 1);
  assert.equal(b.pending, 2);
});

test('size rule: pending bytes reaching maxBytes are flushed in one post', () => {
  const { b, posts, clock } = setup({ maxBytes: 1000 });
  b.write(enc('x'));              // quiet-spell flush
  clock.t += 1;
  for (let i = 0; i < 99; i++) b.write(enc('0123456789'));  // 990 bytes pending
  assert.equal(posts.length, 1);
  assert.equal(b.pending, 990);
  b.write(enc('0123456789'));     // 1000: flush
  assert.equal(posts.length, 2);
  assert.equal(posts[1].length, 1000);
  assert.equal(b.pending, 0);
});

test('time rule: a write 16 ms after the first unflushed byte flushes', () => {
  const { b, posts, clock } = setup();
  b.write(enc('start\n'));        // quiet-spell flush at t=1000
  clock.t += 2;
  b.write(enc('a'));              // first unflushed byte at t=1002
  clock.t += 13;
  b.write(enc('b'));              // 13 ms: stays
  assert.equal(posts.length, 1);
  clock.t += 3;
  b.write(enc('c'));              // 16 ms since 'a': flush all three
  assert.equal(posts.length, 2);
  assert.equal(text(posts.slice(1)), 'abc');
});

test('flushIfStale only flushes old output; flush() always does, once', () => {
  const { b, posts, clock } = setup();
  b.write(enc('q'));
  clock.t += 1;
  b.write(enc('hello'));
  assert.equal(b.flushIfStale(), 0);
  clock.t += 20;
  assert.equal(b.flushIfStale(), 5);
  assert.equal(posts.length, 2);
  assert.equal(b.flush(), 0, 'nothing pending, nothing posted');
  assert.equal(posts.length, 2);
  clock.t += 1;
  b.write(enc('!'));
  assert.equal(b.flush(), 1);
  assert.equal(posts.length, 3);
});

test('batches are exact-sized copies (cheap to transfer, immune to the caller reusing its buffer)', () => {
  const { b, posts, clock } = setup();
  b.write(enc('q'));
  clock.t += 1;
  const heap = enc('abcdef');
  b.write(heap.subarray(1, 4));
  heap.fill(0);
  b.flush();
  assert.equal(posts[1].byteLength, 3);
  assert.equal(posts[1].buffer.byteLength, 3, 'the posted view must own its whole ArrayBuffer');
  assert.equal(text([posts[1]]), 'bcd');
});

test('strings are written as UTF-8', () => {
  const { b, posts } = setup();
  b.write('é→🐍');
  b.flush();
  assert.equal(text(posts), 'é→🐍');
});

test('100,000 one-line writes make few posts and exactly the same bytes', () => {
  const { b, posts, clock } = setup();
  let expected = '';
  for (let i = 0; i < 100000; i++) {
    const line = `line ${i}\r\n`;
    expected += line;
    b.write(enc(line));
    clock.t += 0.002; // a fast loop: 2 µs per print
  }
  b.flush();
  assert.equal(text(posts), expected);
  // ~1.1 MB at 64 KiB per batch, plus the 16 ms rule over 200 ms of fake time.
  assert.ok(posts.length <= 40, `${posts.length} posts for 100,000 lines`);
  assert.ok(posts.length >= 17, `${posts.length} posts: the 64 KiB rule did not apply`);
});

test('a single write larger than the buffer grows it and keeps every byte', () => {
  const { b, posts } = setup({ initialCapacity: 16, maxBytes: 1 << 20 });
  const big = Uint8Array.from({ length: 100000 }, (_, i) => i & 0xff);
  b.write(big);
  b.flush();
  assert.deepEqual(Buffer.concat(posts.map((p) => Buffer.from(p))), Buffer.from(big));
});

test('writeOnlcr (the fd 1/2 path) writes "\\n" as "\\r\\n" and batches as write does', () => {
  const { b, posts, clock } = setup({ initialCapacity: 16 });
  let expected = '';
  for (let i = 0; i < 2000; i++) {
    const piece = i % 3 === 0 ? `row ${i}\n` : i % 3 === 1 ? `no newline ${i} ` : `\n\ntwo ${i}\n`;
    expected += piece.replace(/\n/g, '\r\n');
    b.writeOnlcr(enc(piece));
    clock.t += 0.05;
  }
  b.writeOnlcr(new Uint8Array(0));
  b.flush();
  assert.equal(text(posts), expected);
  assert.ok(posts.length < 20, `${posts.length} posts for 2000 writes`);
  const before = posts.length;
  clock.t += 100;
  b.writeOnlcr(enc('A'));                 // quiet spell: out at once
  clock.t += 20;
  b.writeOnlcr(enc('B\n'));               // 20 ms after the first unflushed byte: flush
  assert.deepEqual(posts.slice(before).map((p) => Buffer.from(p).toString()), ['A', 'B\r\n']);
});

// Tests for web/lib/progress.js, download progress for pyshell.wasm and python313.zip:
// run with `node --test tests/node/` from the repo root. Fake Responses over
// ReadableStreams and a fake clock check totals, throttling and the untouched body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { totalFromHeaders, createThrottle, countingResponse, fetchWithProgress } = require('../../web/lib/progress.js');

/** A Response whose body yields `chunks`, advancing the fake clock by `stepMs` per chunk. */
function fakeResponse(chunks, { headers = {}, status = 200, clock = null, stepMs = 0, failAfter = -1 } = {}) {
  let i = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (i === failAfter) {
        controller.error(new Error('connection reset'));
        return;
      }
      if (i >= chunks.length) {
        controller.close();
        return;
      }
      if (clock) clock.t += stepMs;
      controller.enqueue(chunks[i++]);
    },
  });
  return new Response(body, { status, headers });
}

const chunk = (n, fill = 1) => new Uint8Array(n).fill(fill);

test('the UMD wrapper also defines the global a worker script would see', () => {
  assert.equal(globalThis.PyshellProgress.countingResponse, countingResponse);
});

test('total: Content-Length, unless missing or counting compressed bytes', () => {
  assert.equal(totalFromHeaders(new Headers({ 'content-length': '1234' })), 1234);
  assert.equal(totalFromHeaders(new Headers({})), 0);
  assert.equal(totalFromHeaders(new Headers({ 'content-length': 'abc' })), 0);
  assert.equal(totalFromHeaders(new Headers({ 'content-length': '99', 'content-encoding': 'gzip' })), 0);
  assert.equal(totalFromHeaders(new Headers({ 'content-length': '99', 'content-encoding': 'identity' })), 99);
});

test('reports at most every 50 ms, plus the first and a final done report', async () => {
  const clock = { t: 0 };
  const reports = [];
  const chunks = Array.from({ length: 20 }, () => chunk(100));
  const original = fakeResponse(chunks, { headers: { 'content-length': '2000', 'content-type': 'application/wasm' }, clock, stepMs: 10 });
  const counted = countingResponse(original, (p) => reports.push({ ...p, at: clock.t }), { now: () => clock.t });
  const body = new Uint8Array(await counted.arrayBuffer());
  assert.equal(body.length, 2000);
  assert.deepEqual(reports[0], { loaded: 0, total: 2000, done: false, at: 0 });
  const last = reports[reports.length - 1];
  assert.deepEqual(last, { loaded: 2000, total: 2000, done: true, at: 200 });
  const middle = reports.slice(1, -1);
  for (let i = 1; i < middle.length; i++) {
    assert.ok(middle[i].at - middle[i - 1].at >= 50, `reports ${middle[i - 1].at} and ${middle[i].at} ms are closer than 50 ms`);
  }
  assert.ok(middle.length >= 3 && middle.length <= 4, `${middle.length} intermediate reports over 200 ms`);
  for (let i = 1; i < reports.length; i++) assert.ok(reports[i].loaded >= reports[i - 1].loaded);
});

test('the counted body is byte for byte the original, with status and headers kept', async () => {
  const parts = [Uint8Array.from([1, 2, 3]), Uint8Array.from([4]), Uint8Array.from([5, 6])];
  const original = fakeResponse(parts, { status: 203, headers: { 'content-type': 'application/wasm', 'content-length': '6' } });
  const counted = countingResponse(original, () => {});
  assert.equal(counted.status, 203);
  assert.equal(counted.headers.get('content-type'), 'application/wasm');
  assert.deepEqual(new Uint8Array(await counted.arrayBuffer()), Uint8Array.from([1, 2, 3, 4, 5, 6]));
});

test('an unknown total is 0 while loading and the byte count when done', async () => {
  const reports = [];
  const original = fakeResponse([chunk(10), chunk(15)], { headers: { 'content-encoding': 'br', 'content-length': '7' } });
  await countingResponse(original, (p) => reports.push(p), { intervalMs: 0 }).arrayBuffer();
  assert.ok(reports.slice(0, -1).every((r) => r.total === 0));
  assert.deepEqual(reports[reports.length - 1], { loaded: 25, total: 25, done: true });
});

test('responses that are not ok are passed through; fetchWithProgress rejects them clearly', async () => {
  const notFound = new Response('nope', { status: 404, statusText: 'Not Found' });
  assert.equal(countingResponse(notFound, () => {}), notFound);
  const fakeFetch = async () => new Response('missing', { status: 404, statusText: 'Not Found' });
  await assert.rejects(fetchWithProgress('pyshell.wasm', () => {}, { fetch: fakeFetch }), /HTTP 404 Not Found for pyshell\.wasm/);
});

test('fetchWithProgress passes the init through and counts the body', async () => {
  let seenInit = null;
  const fakeFetch = async (url, init) => {
    seenInit = init;
    return fakeResponse([chunk(300), chunk(200)], { headers: { 'content-length': '500' } });
  };
  const reports = [];
  const response = await fetchWithProgress('python313.zip', (p) => reports.push(p),
    { fetch: fakeFetch, init: { credentials: 'same-origin' }, intervalMs: 0 });
  assert.equal((await response.arrayBuffer()).byteLength, 500);
  assert.deepEqual(seenInit, { credentials: 'same-origin' });
  assert.deepEqual(reports.map((r) => r.loaded), [0, 300, 500, 500]);
  assert.equal(reports[reports.length - 1].done, true);
});

test('a body that fails midway rejects the reader and sends no done report', async () => {
  const reports = [];
  const original = fakeResponse([chunk(10), chunk(10), chunk(10)], { failAfter: 2, headers: { 'content-length': '30' } });
  await assert.rejects(countingResponse(original, (p) => reports.push(p), { intervalMs: 0 }).arrayBuffer(), /connection reset/);
  assert.ok(reports.every((r) => !r.done));
});

test('the throttle drops reports closer than intervalMs but never the done one', () => {
  let t = 0;
  const got = [];
  const report = createThrottle((p) => got.push(p.loaded), { now: () => t, intervalMs: 50 });
  report(0, 100);
  t = 10; report(10, 100);
  t = 49; report(20, 100);
  t = 50; report(30, 100);
  t = 51; report(100, 100, true);
  t = 200; report(100, 100, true);
  assert.deepEqual(got, [0, 30, 100]);
});

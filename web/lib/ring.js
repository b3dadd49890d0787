// pyshell web/lib/ring.js: a single-producer single-consumer byte ring over a
// SharedArrayBuffer. The page (main thread) is the writer and never waits; the worker
// that runs the wasm is the reader and blocks in Atomics.wait until bytes arrive. Two
// rings exist: stdin (keystrokes, pastes) and the mailbox (framed requests such as
// uploads, see mailbox.js), because a worker blocked inside wasm never sees postMessage.
//
// Layout: an Int32 header of HEADER_INTS cells, then `capacity` data bytes (a power of
// two). HEAD and TAIL are free-running byte counters (wrapping at 2^32); the slot of a
// counter is `counter & (capacity - 1)`. SEQ is a doorbell bumped after every write,
// close and wake(): the reader reads SEQ, looks for data, then waits on SEQ, so a wake-up
// between the look and the wait is never lost. WANT_DRAIN is set by a writer whose write
// did not fit; the reader clears it after freeing space and calls `onDrain` (the worker
// turns that into a {type:'drain'} message) so the writer can retry.
//
// Loads as a classic <script>, through importScripts in a worker, and with require() or
// import from Node: it defines globalThis.PyshellRing and module.exports.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellRing = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const HEAD = 0;        // bytes ever written (mod 2^32), stored by the writer
  const TAIL = 1;        // bytes ever read (mod 2^32), stored by the reader
  const CLOSED = 2;      // 1 once the writer closed the ring (end of input)
  const SEQ = 3;         // doorbell the reader waits on
  const WANT_DRAIN = 4;  // 1 while a writer waits to hear that space was freed
  const HEADER_INTS = 8; // the rest is reserved
  const HEADER_BYTES = HEADER_INTS * 4;

  const now = (typeof performance === 'object' && performance && typeof performance.now === 'function')
    ? () => performance.now() : () => Date.now();

  function isPowerOfTwo(n) {
    return Number.isInteger(n) && n >= 2 && n <= 0x40000000 && (n & (n - 1)) === 0;
  }

  class Ring {
    /** Allocates a new ring of `capacity` data bytes (a power of two, at least 2). */
    static create(capacity) {
      if (typeof SharedArrayBuffer !== 'function') {
        throw new Error('PyshellRing needs SharedArrayBuffer: the page must be cross-origin isolated.');
      }
      if (!isPowerOfTwo(capacity)) {
        throw new RangeError(`PyshellRing capacity must be a power of two from 2 to 2^30, got ${capacity}.`);
      }
      return new Ring(new SharedArrayBuffer(HEADER_BYTES + capacity));
    }

    /** Wraps an existing ring buffer (e.g. one received in a message). */
    constructor(buffer) {
      if (typeof SharedArrayBuffer !== 'function' || !(buffer instanceof SharedArrayBuffer)) {
        throw new TypeError('PyshellRing must be built over a SharedArrayBuffer (from Ring.create).');
      }
      const capacity = buffer.byteLength - HEADER_BYTES;
      if (!isPowerOfTwo(capacity)) {
        throw new RangeError(`PyshellRing buffer of ${buffer.byteLength} bytes is not a header plus a power of two.`);
      }
      this.buffer = buffer;
      this.capacity = capacity;
      this.mask = capacity - 1;
      this.header = new Int32Array(buffer, 0, HEADER_INTS);
      this.data = new Uint8Array(buffer, HEADER_BYTES, capacity);
      /** Reader side: called (no arguments) after a read freed space a writer asked for. */
      this.onDrain = null;
    }

    /** Bytes waiting to be read. */
    available() {
      return (Atomics.load(this.header, HEAD) - Atomics.load(this.header, TAIL)) | 0;
    }

    /** Bytes that can be written now. */
    free() {
      return this.capacity - this.available();
    }

    get closed() {
      return Atomics.load(this.header, CLOSED) !== 0;
    }

    /** The doorbell's current value, for seq()/tryRead()/waitChange() loops. */
    seq() {
      return Atomics.load(this.header, SEQ);
    }

    /**
     * Writer: copies as many bytes as fit, never blocks, wakes the reader. Returns how
     * many bytes were taken (0..bytes.length). When not all fit, the ring remembers that
     * the writer wants a drain notification.
     */
    write(bytes) {
      if (!(bytes instanceof Uint8Array)) throw new TypeError('PyshellRing.write takes a Uint8Array.');
      if (this.closed) throw new Error('PyshellRing.write after close(): the reader has been told input ended.');
      let n = this._put(bytes);
      if (n < bytes.length) {
        // Ask for a drain, then look again: either this second look sees the space the
        // reader freed meanwhile, or the reader sees the flag after freeing it.
        Atomics.store(this.header, WANT_DRAIN, 1);
        n += this._put(bytes.subarray(n));
      }
      return n;
    }

    _put(bytes) {
      const h = this.header;
      const head = Atomics.load(h, HEAD);
      const tail = Atomics.load(h, TAIL);
      const room = this.capacity - ((head - tail) | 0);
      const n = Math.min(room, bytes.length);
      if (n <= 0) return 0;
      const start = head & this.mask;
      const first = Math.min(n, this.capacity - start);
      this.data.set(bytes.subarray(0, first), start);
      if (n > first) this.data.set(bytes.subarray(first, n), 0);
      Atomics.store(h, HEAD, (head + n) | 0);
      this.wake();
      return n;
    }

    /** Rings the doorbell: a waiting reader wakes and looks again (also with no new data). */
    wake() {
      Atomics.add(this.header, SEQ, 1);
      Atomics.notify(this.header, SEQ);
    }

    /** Writer: no more data will come; a reader that drained the ring gets end of input. */
    close() {
      Atomics.store(this.header, CLOSED, 1);
      this.wake();
    }

    /** Reader: takes up to `max` bytes without waiting; null when the ring is empty. */
    tryRead(max) {
      if (!(max >= 1)) throw new RangeError(`PyshellRing.read needs max >= 1, got ${max}.`);
      const h = this.header;
      const tail = Atomics.load(h, TAIL);
      const avail = (Atomics.load(h, HEAD) - tail) | 0;
      if (avail <= 0) return null;
      const n = Math.min(avail, Math.floor(max));
      const out = new Uint8Array(n);
      const start = tail & this.mask;
      const first = Math.min(n, this.capacity - start);
      out.set(this.data.subarray(start, start + first), 0);
      if (n > first) out.set(this.data.subarray(0, n - first), first);
      Atomics.store(h, TAIL, (tail + n) | 0);
      Atomics.notify(h, TAIL);
      if (this.onDrain && Atomics.load(h, WANT_DRAIN) !== 0 &&
          Atomics.compareExchange(h, WANT_DRAIN, 1, 0) === 1) {
        this.onDrain();
      }
      return out;
    }

    /**
     * Reader: sleeps until the doorbell differs from `seq` or `timeoutMs` passed
     * (negative = no limit). Only where Atomics.wait is allowed (workers, Node).
     * Returns Atomics.wait's answer: 'ok', 'not-equal' or 'timed-out'.
     */
    waitChange(seq, timeoutMs) {
      return Atomics.wait(this.header, SEQ, seq, timeoutMs < 0 ? Infinity : timeoutMs);
    }

    /**
     * Reader: up to `max` bytes, waiting up to `timeoutMs` (negative = forever) for the
     * first one. Returns a Uint8Array of 1..max bytes, an empty Uint8Array at end of
     * input (closed and drained), or null when the time ran out.
     */
    read(max, timeoutMs = -1) {
      const deadline = timeoutMs < 0 ? Infinity : now() + timeoutMs;
      for (;;) {
        const seq = this.seq();
        const got = this.tryRead(max);
        if (got) return got;
        if (this.closed) return new Uint8Array(0);
        const left = deadline - now();
        if (left <= 0) return null;
        this.waitChange(seq, left === Infinity ? -1 : left);
      }
    }
  }

  /**
   * Writer-side queue in front of a ring: write() never loses or reorders bytes; what
   * does not fit waits here until pump() is called again (on a drain notification, or a
   * timer as a fallback). The queue copies what it keeps, so callers may reuse buffers.
   */
  class QueuedWriter {
    constructor(ring) {
      if (!(ring instanceof Ring)) throw new TypeError('QueuedWriter needs a PyshellRing.Ring.');
      this.ring = ring;
      this.queue = [];
      this.queuedBytes = 0;
    }

    /** Sends `bytes` now or after what is queued. Returns true when nothing is left queued. */
    write(bytes) {
      if (!(bytes instanceof Uint8Array)) throw new TypeError('QueuedWriter.write takes a Uint8Array.');
      if (bytes.length === 0) return this.queue.length === 0;
      if (this.queue.length === 0) {
        const n = this.ring.write(bytes);
        if (n === bytes.length) return true;
        bytes = bytes.subarray(n);
      }
      this.queue.push(bytes.slice());
      this.queuedBytes += bytes.length;
      return this.pump();
    }

    /** Moves queued bytes into the ring while they fit. Returns true when the queue is empty. */
    pump() {
      while (this.queue.length) {
        const head = this.queue[0];
        const n = this.ring.write(head);
        this.queuedBytes -= n;
        if (n < head.length) {
          this.queue[0] = head.subarray(n);
          return false;
        }
        this.queue.shift();
      }
      return true;
    }

    /** Forgets everything queued (e.g. when the reader is gone). */
    clear() {
      this.queue = [];
      this.queuedBytes = 0;
    }
  }

  return { Ring, QueuedWriter, HEADER_BYTES, isPowerOfTwo };
}));

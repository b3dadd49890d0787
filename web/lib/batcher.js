// pyshell web/lib/batcher.js: gathers the terminal output the wasm writes (through
// Module.pyshellHost.writeOutput and the fd 1/2 devices) into few large messages to the
// page. An SAB worker is blocked inside wasm while Python runs, so no timer can fire there:
// the batcher checks the clock on each write instead, and the worker also flushes
// explicitly whenever it is about to block (readInput, sleep, idle, exit).
//
// Flush rules (one post per flush, carrying a fresh exactly-sized Uint8Array whose
// ArrayBuffer the caller may transfer):
//   * pending bytes reach `maxBytes` (64 KiB);
//   * `maxDelayMs` (16 ms) passed since the first unflushed byte;
//   * the first write after a quiet spell of `maxDelayMs` since the last flush goes out at
//     once, so a lone print() before a long computation is shown without waiting;
//   * flush() / flushIfStale() called by the worker.
// `post` and `now` are injected, so the rules are testable with a fake clock.
//
// Loads as a classic <script>, through importScripts, and with require()/import from Node:
// defines globalThis.PyshellBatcher and module.exports.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellBatcher = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const defaultNow = (typeof performance === 'object' && performance && typeof performance.now === 'function')
    ? () => performance.now() : () => Date.now();
  const NEWLINE = 10;

  class OutputBatcher {
    /**
     * @param {object} options
     * @param {(bytes: Uint8Array) => void} options.post  receives each batch (owns it)
     * @param {() => number} [options.now]                milliseconds clock
     * @param {number} [options.maxBytes=65536]
     * @param {number} [options.maxDelayMs=16]
     * @param {number} [options.initialCapacity=16384]
     */
    constructor(options) {
      const o = options || {};
      if (typeof o.post !== 'function') throw new TypeError('OutputBatcher needs a post(bytes) function.');
      this._post = o.post;
      this._now = o.now || defaultNow;
      this.maxBytes = o.maxBytes || 65536;
      this.maxDelayMs = o.maxDelayMs === undefined ? 16 : o.maxDelayMs;
      this._buf = new Uint8Array(Math.max(16, o.initialCapacity || 16384));
      this._len = 0;
      this._firstAt = 0;           // clock when the first unflushed byte arrived
      this._lastFlushAt = -Infinity;
      this._encoder = null;
      this.posts = 0;              // number of batches posted (for tests and stats)
      this.bytesPosted = 0;
    }

    /** Bytes written but not posted yet. */
    get pending() {
      return this._len;
    }

    _reserve(extra) {
      const need = this._len + extra;
      if (need <= this._buf.length) return;
      let size = this._buf.length * 2;
      while (size < need) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(this._buf.subarray(0, this._len));
      this._buf = bigger;
    }

    /** Starts a batch: notes the time; true when it should go out at once (quiet spell). */
    _begin(t) {
      this._firstAt = t;
      return t - this._lastFlushAt >= this.maxDelayMs;
    }

    /** Appends a copy of `bytes` (a Uint8Array, or a string sent as UTF-8). */
    write(bytes) {
      if (typeof bytes === 'string') {
        if (!this._encoder) this._encoder = new TextEncoder();
        bytes = this._encoder.encode(bytes);
      }
      if (!(bytes instanceof Uint8Array)) throw new TypeError('OutputBatcher.write takes a Uint8Array or a string.');
      if (bytes.length === 0) return;
      const t = this._now();
      const urgent = this._len === 0 && this._begin(t);
      this._reserve(bytes.length);
      this._buf.set(bytes, this._len);
      this._len += bytes.length;
      if (urgent || this._len >= this.maxBytes || t - this._firstAt >= this.maxDelayMs) this.flush();
    }

    /**
     * Appends a copy of `bytes` with every "\n" as "\r\n" (a terminal's ONLCR output
     * processing), in one pass and one look at the clock: the path of fd 1 and 2.
     */
    writeOnlcr(bytes) {
      if (bytes.length === 0) return;
      let newlines = 0;
      for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) newlines++;
      const t = this._now();
      const urgent = this._len === 0 && this._begin(t);
      this._reserve(bytes.length + newlines);
      const buf = this._buf;
      let len = this._len;
      let start = 0;
      for (let nl = newlines ? bytes.indexOf(NEWLINE) : -1; nl >= 0; nl = bytes.indexOf(NEWLINE, start)) {
        buf.set(bytes.subarray(start, nl), len);
        len += nl - start;
        buf[len++] = 13;
        buf[len++] = NEWLINE;
        start = nl + 1;
      }
      buf.set(bytes.subarray(start), len);
      this._len = len + bytes.length - start;
      if (urgent || this._len >= this.maxBytes || t - this._firstAt >= this.maxDelayMs) this.flush();
    }

    /** Posts everything pending as one batch. Returns the number of bytes posted. */
    flush() {
      const n = this._len;
      if (n === 0) return 0;
      const out = this._buf.slice(0, n);
      this._len = 0;
      this._lastFlushAt = this._now();
      this.posts += 1;
      this.bytesPosted += n;
      this._post(out);
      return n;
    }

    /** Flushes only when the oldest pending byte waited `maxDelayMs` or more. */
    flushIfStale() {
      if (this._len !== 0 && this._now() - this._firstAt >= this.maxDelayMs) return this.flush();
      return 0;
    }
  }

  return { OutputBatcher };
}));

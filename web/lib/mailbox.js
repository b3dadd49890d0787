// pyshell web/lib/mailbox.js: framed requests from the page to the worker, carried by a
// second PyshellRing (the "mailbox"). While Python runs, or waits for a key in
// Atomics.wait, the worker never returns to its event loop, so postMessage from the page
// would not be seen; the worker reads the mailbox ring instead, whenever it waits for input
// and at each prompt (idle). Requests: upload, download-request, sync, resync, notice,
// inspect ({json}: an inspector Request), inspect-subscribe ({on}: snapshots after each entry).
//
// Frame: u32 header length, u32 payload length (little endian), the header as UTF-8 JSON
// (an object with a `type`), then the payload bytes (file contents, may be empty).
// FrameDecoder takes the ring's bytes in chunks of any size and returns whole frames.
//
// Loads as a classic <script>, through importScripts, and with require()/import from Node:
// defines globalThis.PyshellMailbox and module.exports.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellMailbox = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const PREFIX = 8;
  const MAX_HEADER = 1 << 20; // a header is a small JSON object; more means a corrupt stream

  /** One frame as bytes: header (a JSON-able object with a type) and optional payload. */
  function encodeFrame(header, payload) {
    if (!header || typeof header.type !== 'string') throw new TypeError('A mailbox frame needs a header with a string type.');
    const body = payload || new Uint8Array(0);
    if (!(body instanceof Uint8Array)) throw new TypeError('A mailbox payload must be a Uint8Array.');
    const json = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(PREFIX + json.length + body.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, json.length, true);
    view.setUint32(4, body.length, true);
    out.set(json, PREFIX);
    out.set(body, PREFIX + json.length);
    return out;
  }

  /** Reassembles frames from a byte stream; push() returns the frames completed by a chunk. */
  class FrameDecoder {
    constructor() {
      this._prefix = new Uint8Array(PREFIX);
      this._prefixLen = 0;
      this._header = null;   // Uint8Array being filled
      this._payload = null;  // Uint8Array being filled
      this._filled = 0;      // bytes of header + payload filled so far
      this._decoder = new TextDecoder();
    }

    /** True while a frame is partly received. */
    get partial() {
      return this._prefixLen > 0 || this._header !== null;
    }

    push(chunk) {
      const frames = [];
      let i = 0;
      while (i < chunk.length) {
        if (this._header === null) {
          const take = Math.min(PREFIX - this._prefixLen, chunk.length - i);
          this._prefix.set(chunk.subarray(i, i + take), this._prefixLen);
          this._prefixLen += take;
          i += take;
          if (this._prefixLen < PREFIX) break;
          const view = new DataView(this._prefix.buffer);
          const headerLen = view.getUint32(0, true);
          const payloadLen = view.getUint32(4, true);
          if (headerLen === 0 || headerLen > MAX_HEADER) {
            throw new Error(`Mailbox stream is corrupt: a frame header of ${headerLen} bytes.`);
          }
          this._header = new Uint8Array(headerLen);
          this._payload = new Uint8Array(payloadLen);
          this._filled = 0;
          this._prefixLen = 0;
        }
        const hl = this._header.length;
        const total = hl + this._payload.length;
        const take = Math.min(total - this._filled, chunk.length - i);
        let from = i;
        let left = take;
        if (this._filled < hl) {
          const h = Math.min(hl - this._filled, left);
          this._header.set(chunk.subarray(from, from + h), this._filled);
          this._filled += h;
          from += h;
          left -= h;
        }
        if (left > 0) {
          this._payload.set(chunk.subarray(from, from + left), this._filled - hl);
          this._filled += left;
        }
        i += take;
        if (this._filled === total) {
          let header;
          try {
            header = JSON.parse(this._decoder.decode(this._header));
          } catch (error) {
            throw new Error(`Mailbox stream is corrupt: a frame header is not JSON (${error.message}).`);
          }
          frames.push({ header, payload: this._payload });
          this._header = null;
          this._payload = null;
          this._filled = 0;
        }
      }
      return frames;
    }
  }

  return { encodeFrame, FrameDecoder };
}));

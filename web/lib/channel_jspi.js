// pyshell web/lib/channel_jspi.js: the worker's side of the JSPI transport, for pages that
// are not cross-origin isolated (no SharedArrayBuffer): a course page's iframe, a static
// host, a file opened from disk. The wasm suspends (WebAssembly.Suspending) instead of
// blocking, so the worker's event loop runs and the page's messages arrive as messages:
//
//   page ──{input}──────▶ queue ──▶ tryRead()     (^C while busy: the interrupt, echoed)
//   page ──{request}────▶ takeRequests()          page ──{resize}──▶ size()
//   page ──{interrupt}──▶ takeSignal()            page ──{ack}─────▶ the output window
//
// A wait (run(step)) is a Promise that the next message, or its timeout, resolves. While
// Python code runs, CPython's periodic signal check (pollSignal, every 1000th eval-breaker check)
// suspends on a macrotask once YIELD_MS of running have passed (never per check), so that
// messages are read while code runs: Ctrl-C raises KeyboardInterrupt in the running code,
// and output beyond the window waits for the page's acknowledgements.
//
// The same interface as channel_sab.js. Loads through importScripts and require():
// defines globalThis.PyshellChannelJspi.
(function (root, factory) {
  'use strict';
  const api = factory(root);
  root.PyshellChannelJspi = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  const P = root.PyshellProtocol || require('./protocol.js');
  const YIELD_MS = 25; // running code reads the page's messages this often (the issue asks for 20-50 ms)
  const now = () => performance.now();

  /** A fresh macrotask: no timer clamping (a chain of setTimeout(0) is clamped to 4 ms). */
  function macrotaskScheduler() {
    if (typeof setImmediate === 'function') return (fn) => setImmediate(fn); // Node
    const channel = new MessageChannel();
    const queue = [];
    channel.port1.onmessage = () => { const fn = queue.shift(); if (fn) fn(); };
    return (fn) => { queue.push(fn); channel.port2.postMessage(0); };
  }

  class JspiChannel {
    /**
     * @param {object} init the init message (cols, rows, outWindow)
     * @param {object} hooks {echo(text): write to the terminal, onBadRequest(error)}
     */
    constructor(init, hooks) {
      if (typeof WebAssembly.Suspending !== 'function') {
        throw new Error('the JSPI transport needs WebAssembly.Suspending (JavaScript Promise Integration)');
      }
      this.kind = 'jspi';
      this.hooks = hooks;
      this.queue = [];           // input chunks, oldest first
      this.inputClosed = false;
      this.requests = [];
      this.cols = init.cols | 0 || 80;
      this.rows = init.rows | 0 || 24;
      this.sizeChanged = false;
      this.resizePending = false;
      this.signal = 0;
      this.busy = false;
      this.outPending = 0;
      this.outWindow = init.outWindow | 0;
      this.seqNo = 0;
      this.waiter = null;
      this.lastYield = now();
      this.macrotask = macrotaskScheduler();
    }

    /** A message from the session client (everything after init). */
    receive(m) {
      P.checkToWorker(m);
      switch (m.type) {
        case 'input': {
          const { interrupt, rest } = P.splitInterrupt(m.data, this.busy);
          if (interrupt) {
            this.signal = P.SIGINT;
            this.hooks.echo(P.INTERRUPT_ECHO);
          }
          if (rest.length) this.queue.push(rest);
          break;
        }
        case 'interrupt':
          this.signal = P.SIGINT;
          break;
        case 'resize':
          if (m.cols !== this.cols || m.rows !== this.rows) {
            this.cols = m.cols;
            this.rows = m.rows;
            this.sizeChanged = true;
            this.resizePending = true;
          }
          break;
        case 'request':
          this.requests.push({ header: m.header, payload: m.payload || new Uint8Array(0) });
          break;
        case 'ack':
          this.outPending = Math.max(0, this.outPending - m.bytes);
          break;
        case 'close-input':
          this.inputClosed = true;
          break;
        default:
          throw new TypeError('pyshell: "' + m.type + '" is not for a running session');
      }
      this._bump();
    }

    _bump() {
      this.seqNo++;
      const w = this.waiter;
      this.waiter = null;
      if (w) w();
    }

    /** Resolves once anything arrives after `seq`, or after ms (Infinity: no limit). */
    _wait(seq, ms) {
      if (seq !== this.seqNo) return Promise.resolve();
      return new Promise((resolve) => {
        let timer = 0;
        this.waiter = () => { clearTimeout(timer); resolve(); };
        if (ms !== Infinity) timer = setTimeout(() => { if (this.waiter) this.waiter = null; resolve(); }, Math.max(0, ms));
      });
    }

    /** Runs a waiting loop (see channel_sab.js) as a Promise: the wasm suspends on it. */
    async run(step) {
      for (;;) {
        const seq = this.seqNo;
        const r = step();
        if (r.done) return r.value;
        await this._wait(seq, r.wait);
      }
    }

    tryRead(max) {
      const first = this.queue[0];
      if (!first) return null;
      if (first.length <= max) {
        this.queue.shift();
        return first;
      }
      this.queue[0] = first.subarray(max);
      return first.subarray(0, max);
    }
    hasInput() { return this.queue.length > 0; }
    get closed() { return this.inputClosed && this.queue.length === 0; }

    takeRequests() { return this.requests.splice(0, this.requests.length); }

    size() { return { cols: this.cols, rows: this.rows }; }
    takeSizeChanged() {
      this.resizePending = false;
      const changed = this.sizeChanged;
      this.sizeChanged = false;
      return changed;
    }
    resizedSinceLook() {
      const r = this.resizePending;
      this.resizePending = false;
      return r;
    }

    interruptPending() { return this.signal !== 0; }
    takeSignal() { const s = this.signal; this.signal = 0; return s; }
    clearInterrupt() { this.signal = 0; }
    raise(signal) { if (signal) this.signal = signal; }

    setBusy(busy) { this.busy = !!busy; }

    afterOutput(n) {
      if (this.outWindow > 0) this.outPending += n;
    }

    /**
     * After a write: a Promise (the wasm suspends) while the page has more than its window
     * of output not drawn, until its acknowledgements bring it back or Ctrl-C comes; else
     * undefined. So a runaway print loop cannot queue gigabytes (as channel_sab.js's
     * afterOutput, which blocks instead).
     */
    backpressure() {
      if (!(this.outWindow > 0 && this.outPending > this.outWindow)) return undefined;
      return this.run(() => (this.outPending > this.outWindow && this.signal === 0 ? { wait: 250 } : { done: true }));
    }

    /**
     * CPython's periodic signal check: the pending signal (0: none), at once while less
     * than YIELD_MS passed since the last yield and the output window has room; otherwise
     * a Promise (the wasm suspends) that lets the event loop run once, then waits while
     * the page has more than its window of output not drawn (unless Ctrl-C comes).
     */
    pollSignal(beforeYield) {
      if (this.signal !== 0) return this.takeSignal();
      const full = this.outWindow > 0 && this.outPending > this.outWindow;
      if (!full && now() - this.lastYield < YIELD_MS) return 0;
      if (beforeYield) beforeYield();
      return this._yield();
    }

    async _yield() {
      await new Promise((resolve) => this.macrotask(resolve));
      while (this.outWindow > 0 && this.outPending > this.outWindow && this.signal === 0) {
        await this._wait(this.seqNo, 250);
      }
      this.lastYield = now();
      return this.takeSignal();
    }
  }

  return { JspiChannel, YIELD_MS };
}));

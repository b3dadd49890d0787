// pyshell web/lib/session.js: the one session client. The page (main.js), pyshell-node,
// the headless test driver and the bench start the worker through it, over either
// transport, and see the same events:
//
//   createSession(o) ──init──────────────────────────────▶ worker.js
//   sendInput(keys) ─┬─ SAB:  stdin ring (SharedArrayBuffer; ^C while busy: interrupt cell)
//   request(header) ─┤        mailbox ring; resize and acks in the control block
//   resize(), ack    └─ JSPI: postMessage {input, request, resize, ack, interrupt}
//   on.output(data, fd, ack) ◀── {output} (call ack() once drawn: the output window)
//   on.message(m)            ◀── every other message of protocol.js (state, ready, exit, …)
//
// o: {transport: 'sab' | 'jspi', worker (a Web Worker or a Node worker_threads Worker),
//     cols, rows, outWindow (bytes in flight before the worker pauses; 0: none),
//     stdinBytes, mailboxBytes (SAB ring sizes), init: {base, script, args, options,
//     homeDir, files, wasmModule, inline} (worker.js), on: {output, message, error}}
//
// Loads as a classic <script>, through importScripts, and with require()/import from Node:
// defines globalThis.PyshellSession and module.exports.
(function (root, factory) {
  'use strict';
  const api = factory(root);
  root.PyshellSession = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  const lib = (global, file) => root[global] || require('./' + file);
  const P = lib('PyshellProtocol', 'protocol.js');

  const DEFAULTS = {
    stdinBytes: 64 * 1024,
    mailboxBytes: 1024 * 1024,  // an upload is one frame: bigger files go in pieces
    outWindow: 1024 * 1024,     // output bytes the worker may have in flight before it pauses
  };
  const PUMP_MS = 20;           // retry queued SAB input this often until the worker drains

  /** Which transport this environment gives: 'sab', 'jspi', or null (with why in `missing`). */
  function chooseTransport(g) {
    const env = g || root;
    if (env.crossOriginIsolated !== false && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object') {
      return { transport: 'sab' };
    }
    if (typeof WebAssembly === 'object' && typeof WebAssembly.Suspending === 'function' &&
        typeof WebAssembly.promising === 'function') {
      return { transport: 'jspi' };
    }
    return { transport: null, missing: 'cross-origin isolation (SharedArrayBuffer) or WebAssembly JSPI (WebAssembly.Suspending)' };
  }

  function listen(worker, onMessage, onError, onExit) {
    if (typeof worker.on === 'function') { // Node worker_threads
      worker.on('message', onMessage);
      worker.on('error', (e) => onError('worker error: ' + (e && e.stack || e)));
      worker.on('exit', () => onExit());
      return;
    }
    worker.onmessage = (event) => onMessage(event.data);
    worker.onerror = (event) => {
      if (event.preventDefault) event.preventDefault();
      onError(event.message || 'The Python worker (worker.js) could not be loaded or crashed: is this folder complete?');
    };
    worker.onmessageerror = () => onError('a message from the worker could not be read');
  }

  /* ---- SAB: shared rings and control block ---- */
  function sabTransport(o, worker, echo) {
    const { Ring, QueuedWriter } = lib('PyshellRing', 'ring.js');
    const C = lib('PyshellControl', 'control.js');
    const { encodeFrame } = lib('PyshellMailbox', 'mailbox.js');
    const stdinRing = Ring.create(o.stdinBytes);
    const mailboxRing = Ring.create(o.mailboxBytes);
    const stdin = new QueuedWriter(stdinRing);
    const mailbox = new QueuedWriter(mailboxRing);
    const ctl = C.create(o.cols, o.rows, o.outWindow);
    const cell = C.createInterruptCell();
    let pumpTimer = null;
    let closing = false;

    function pump() {
      stdin.pump();
      const queued = mailbox.queuedBytes;
      mailbox.pump();
      if (mailbox.queuedBytes !== queued) stdinRing.wake(); // the worker waits on stdin's doorbell
      if (closing && !stdin.queuedBytes && !stdinRing.closed) stdinRing.close();
      if (!stdin.queuedBytes && !mailbox.queuedBytes && pumpTimer) {
        clearInterval(pumpTimer);
        pumpTimer = null;
      }
    }
    function ensurePump() {
      if (!pumpTimer && (stdin.queuedBytes || mailbox.queuedBytes)) pumpTimer = setInterval(pump, PUMP_MS);
    }
    const t = {
      init: { stdin: stdinRing.buffer, mailbox: mailboxRing.buffer, control: ctl, interrupt: cell },
      get busy() { return Atomics.load(ctl, C.BUSY) === 1; },
      get queuedInputBytes() { return stdin.queuedBytes + stdinRing.available(); }, // not yet read by the worker
      interruptPending() { return Atomics.load(cell, 0) !== 0; },
      input(bytes) {
        if (closing || stdinRing.closed) return false;
        const { interrupt, rest } = P.splitInterrupt(bytes, t.busy);
        if (interrupt) {
          echo(P.INTERRUPT_ECHO);
          t.interrupt();
        }
        if (rest.length) {
          stdin.write(rest);
          ensurePump();
        }
        return interrupt;
      },
      interrupt() {
        C.interrupt(ctl, cell);
        stdinRing.wake(); // a worker waiting for input or sleeping looks at the cell
      },
      resize(cols, rows) { if (C.setSize(ctl, cols, rows)) stdinRing.wake(); },
      request(header, payload) {
        mailbox.write(encodeFrame(header, payload));
        stdinRing.wake();
        ensurePump();
      },
      ack(n) { C.acknowledgeOutput(ctl, n); },
      closeInput() { closing = true; pump(); },
      onDrain() { pump(); },
      stop() { clearInterval(pumpTimer); pumpTimer = null; },
    };
    return t;
  }

  /* ---- JSPI: messages ---- */
  function jspiTransport(o, worker) {
    let busy = false;
    const post = (m, transfer) => worker.postMessage(P.checkToWorker(m), transfer || []);
    return {
      init: { cols: o.cols, rows: o.rows, outWindow: o.outWindow },
      get busy() { return busy; },
      get queuedInputBytes() { return 0; },
      interruptPending() { return false; },
      input(bytes) {
        post({ type: 'input', data: bytes }); // the worker applies the interrupt rule (it knows when it is busy)
        return false;
      },
      interrupt() { post({ type: 'interrupt' }); },
      resize(cols, rows) { post({ type: 'resize', cols, rows }); },
      request(header, payload) { post(payload ? { type: 'request', header, payload } : { type: 'request', header }); },
      ack(n) { post({ type: 'ack', bytes: n }); },
      closeInput() { post({ type: 'close-input' }); },
      onState(m) { busy = !!m.busy; },
      onDrain() {},
      stop() {},
    };
  }

  function createSession(options) {
    const o = Object.assign({}, DEFAULTS, options);
    o.cols = o.cols || 80;
    o.rows = o.rows || 24;
    if (!P.TRANSPORTS.includes(o.transport)) throw new TypeError(`pyshell: transport must be one of ${P.TRANSPORTS.join(', ')}`);
    const on = o.on || {};
    const worker = o.worker;
    const encoder = new TextEncoder();
    let closed = false;

    const echo = (text) => { if (on.output) on.output(encoder.encode(text), 1, () => {}); };
    const t = o.transport === 'sab' ? sabTransport(o, worker, echo) : jspiTransport(o, worker);

    const session = {
      transport: o.transport,
      worker,
      get busy() { return t.busy; },
      get closed() { return closed; },
      get queuedInputBytes() { return t.queuedInputBytes; },
      /** True while an interrupt is raised and Python has not taken it yet (SAB; JSPI: unknown, false). */
      interruptPending() { return t.interruptPending(); },
      /** Keys, a paste, or a program's stdin (string or bytes). True when it raised an interrupt (SAB). */
      sendInput(data) {
        if (closed) return false;
        const bytes = typeof data === 'string' ? encoder.encode(data) : data;
        return bytes.length ? t.input(bytes) : false;
      },
      /** SIGINT for the running code (a Node runner's own SIGINT; a key ^C goes through sendInput). */
      interrupt() { if (!closed) t.interrupt(); },
      resize(cols, rows) { if (!closed) t.resize(cols, rows); },
      /** A request of protocol.js REQUESTS (upload, sync, inspect, …). */
      request(header, payload) {
        if (closed) return;
        P.checkRequest(header);
        t.request(header, payload);
      },
      /** End of input: the program's reads then see end of file. */
      closeInput() { if (!closed) t.closeInput(); },
      close() {
        if (closed) return Promise.resolve();
        closed = true;
        t.stop();
        const r = worker.terminate();
        return r && typeof r.then === 'function' ? r.then(() => {}, () => {}) : Promise.resolve();
      },
    };

    listen(worker, (m) => {
      if (closed) return;
      try {
        P.checkToPage(m);
      } catch (error) {
        console.warn(String(error && error.message || error)); // a worker.js of another build?
        return;
      }
      switch (m.type) {
        case 'output': {
          const n = m.data.length;
          if (on.output) on.output(m.data, m.fd || 1, () => { if (!closed) t.ack(n); });
          else t.ack(n);
          return;
        }
        case 'drain':
          t.onDrain();
          return;
        case 'state':
          if (t.onState) t.onState(m);
          break;
        default:
          break;
      }
      if (on.message) on.message(m);
    }, (text) => {
      if (!closed && on.message) on.message({ type: 'error', message: text });
    }, () => {
      if (!closed && on.message) on.message({ type: 'worker-exit' });
    });

    const init = Object.assign({ type: 'init', transport: o.transport }, o.init || {}, t.init);
    worker.postMessage(P.checkToWorker(init));
    return session;
  }

  return { createSession, chooseTransport };
}));

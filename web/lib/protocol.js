// pyshell web/lib/protocol.js: the messages between a session client (web/lib/session.js:
// the page, pyshell-node, the tests) and the worker (web/worker.js), named and checked in
// this one place, and the rules both transports share.
//
//   session client ──postMessage: init; JSPI also input/interrupt/resize/request/ack──▶ worker
//                  ◀─postMessage: output, state, ready, progress, notice, … ───────────
//   SAB transport: after init, input, requests (the mailbox), the size, interrupts and
//   output acknowledgements go through shared memory (ring.js, control.js), because a
//   worker blocked in Atomics.wait sees no message. JSPI transport: they are messages,
//   which the worker reads whenever the wasm is suspended (waiting for input, sleeping, or
//   at the interpreter's periodic yield).
//
// Loads as a classic <script>, through importScripts, and with require()/import from Node:
// defines globalThis.PyshellProtocol and module.exports.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellProtocol = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const TRANSPORTS = ['sab', 'jspi'];

  // Field checks: 'string', 'number', 'boolean', 'bytes' (Uint8Array), 'object', 'any';
  // a trailing '?' makes the field optional.
  const TO_WORKER = {
    // transport 'sab': stdin, mailbox (SharedArrayBuffer rings), control, interrupt (shared
    // arrays); transport 'jspi': cols, rows, outWindow. Both: base, script, args, options,
    // and for Node homeDir, files, wasmModule (see web/worker.js).
    init: { transport: 'string', base: 'string?', script: 'string?', args: 'object?', options: 'object?' },
    // JSPI only (SAB carries these through shared memory):
    input: { data: 'bytes' },           // keys and pastes; ^C while busy is an interrupt (splitInterrupt)
    interrupt: {},                      // SIGINT for the running code (the Node runner's SIGINT)
    resize: { cols: 'number', rows: 'number' },
    request: { header: 'object', payload: 'bytes?' },   // a REQUESTS entry (as the mailbox frames)
    ack: { bytes: 'number' },           // this many output bytes are drawn (backpressure)
    'close-input': {},                  // end of input: reads return end of file
  };

  const TO_PAGE = {
    output: { data: 'bytes', fd: 'number?' },           // acknowledge data.length once drawn
    state: { busy: 'boolean' },                         // busy: Python runs code; false: it waits for input
    ready: {},                                          // the first wait for input
    progress: { phase: 'string' },                      // download (file, loaded, total, done), files, start
    notice: { level: 'string', text: 'string' },        // a toast: info | error
    // The home folder, once at start: where it is kept (backend 'opfs' | 'idb' | 'memory');
    // readOnly: the sentence why it cannot be changed, or null. (A later take-over by
    // another tab reaches the page from that tab: web/lib/home_owner.js.)
    home: { backend: 'string', readOnly: 'any' },
    download: { name: 'string', data: 'bytes' },        // offer a file to the user
    inspect: { json: 'string' },                        // an inspector reply or snapshot
    drain: { ring: 'string' },                          // SAB: a ring has room again
    exit: { code: 'number' },
    error: { message: 'string' },                       // the session cannot go on
  };

  // Requests (the header.type of a mailbox frame, or of a JSPI request message).
  const REQUESTS = {
    upload: { name: 'string' },                 // payload: the file's bytes, saved as ~/name
    'download-request': { name: 'string' },     // a path in the home folder
    'export-home': {},                          // the whole home folder as a download, pyshell-home.zip
    'import-zip': { name: 'string' },           // payload: a .zip, unpacked into the home folder
    notice: { text: 'string' },                 // a red line to print at the next prompt
    inspect: { json: 'string' },                // an inspector Request (src/core/inspect_model.h)
    'inspect-subscribe': { on: 'boolean' },     // a snapshot after every entry
    'stdlib-prefetched': {},                    // python313-rest.data is in the browser's cache
  };

  function fieldOk(value, kind) {
    switch (kind) {
      case 'string': return typeof value === 'string';
      case 'number': return typeof value === 'number' && Number.isFinite(value);
      case 'boolean': return typeof value === 'boolean';
      case 'bytes': return value instanceof Uint8Array;
      case 'object': return typeof value === 'object' && value !== null;
      default: return true;
    }
  }

  /** Throws a TypeError naming what is wrong unless `message` is a valid `table` entry. */
  function checkAgainst(table, what, message) {
    if (!message || typeof message.type !== 'string') throw new TypeError(`pyshell: a ${what} needs a string type`);
    const fields = table[message.type];
    if (!fields) throw new TypeError(`pyshell: unknown ${what} type "${message.type}"`);
    for (const [name, spec] of Object.entries(fields)) {
      const optional = spec.endsWith('?');
      const kind = optional ? spec.slice(0, -1) : spec;
      if (message[name] === undefined && optional) continue;
      if (!fieldOk(message[name], kind)) {
        throw new TypeError(`pyshell: ${what} "${message.type}" needs ${name} as ${kind}, got ${typeof message[name]}`);
      }
    }
    return message;
  }

  const checkToWorker = (m) => checkAgainst(TO_WORKER, 'message to the worker', m);
  const checkToPage = (m) => checkAgainst(TO_PAGE, 'message from the worker', m);
  const checkRequest = (header) => checkAgainst(REQUESTS, 'request', header);

  /**
   * The terminal's interrupt rule, as a tty's line discipline has it (ISIG): input that
   * arrives while code runs and holds ^C raises SIGINT; what was typed before the last ^C is
   * discarded with it (the tty flushes its input queue), what comes after is kept.
   * Returns {interrupt, rest}: rest is the input to pass on (all of it when no interrupt).
   */
  function splitInterrupt(bytes, busy) {
    const at = busy ? bytes.lastIndexOf(3) : -1;
    if (at < 0) return { interrupt: false, rest: bytes };
    return { interrupt: true, rest: bytes.subarray(at + 1) };
  }

  /** What a tty echoes for ^C (ECHOCTL). */
  const INTERRUPT_ECHO = '^C';

  return {
    TRANSPORTS, TO_WORKER, TO_PAGE, REQUESTS, checkToWorker, checkToPage, checkRequest,
    splitInterrupt, INTERRUPT_ECHO, SIGINT: 2,
  };
}));

// pyshell web/lib/control.js: the shared control block between the page and the worker,
// an Int32Array over a SharedArrayBuffer that both sides read and write without messages
// (the worker, blocked in wasm, cannot receive any). The page writes the terminal size
// and interrupts; the worker writes whether it is running code; output backpressure is a
// counter both sides move.
//
//   COLS, ROWS      terminal size (the page's xterm after fit)
//   FLAGS           bit FLAG_SIZE_CHANGED: set by the page, cleared by sizeChanged()
//   RESIZE_SEQ      bumped on each resize; a readInput waiting for keys returns null on it
//   WAKE            doorbell bumped with every interrupt; the worker's sleep() waits on it
//   BUSY            1 while the worker runs code, 0 while it waits for input
//   OUT_PENDING     output bytes posted by the worker that xterm has not written yet
//   OUT_WINDOW      the worker pauses (Atomics.wait) while OUT_PENDING exceeds this
//                   (0 = no backpressure, for hosts that never acknowledge output)
//
// The interrupt cell is separate: a 1-byte shared Uint8Array, CPython 3.13's
// Module.Py_EmscriptenSignalBuffer (the page stores 2 = SIGINT, CPython polls and clears).
//
// Loads as a classic <script>, through importScripts, and with require()/import from Node:
// defines globalThis.PyshellControl and module.exports.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellControl = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const COLS = 0;
  const ROWS = 1;
  const FLAGS = 2;
  const RESIZE_SEQ = 3;
  const WAKE = 4;
  const BUSY = 5;
  const OUT_PENDING = 6;
  const OUT_WINDOW = 7;
  const INTS = 16; // the rest is reserved
  const FLAG_SIZE_CHANGED = 1;
  const SIGINT = 2;

  /** A new control block (Int32Array over a SharedArrayBuffer) for a cols x rows terminal. */
  function create(cols, rows, outWindow) {
    const ctl = new Int32Array(new SharedArrayBuffer(INTS * 4));
    ctl[COLS] = cols;
    ctl[ROWS] = rows;
    ctl[OUT_WINDOW] = outWindow || 0;
    return ctl;
  }

  /** A new interrupt cell: the 1-byte shared Uint8Array CPython polls. */
  function createInterruptCell() {
    return new Uint8Array(new SharedArrayBuffer(1));
  }

  /** Page side: records a new terminal size and flags it. Returns true when it changed. */
  function setSize(ctl, cols, rows) {
    if (Atomics.load(ctl, COLS) === cols && Atomics.load(ctl, ROWS) === rows) return false;
    Atomics.store(ctl, COLS, cols);
    Atomics.store(ctl, ROWS, rows);
    Atomics.or(ctl, FLAGS, FLAG_SIZE_CHANGED);
    Atomics.add(ctl, RESIZE_SEQ, 1);
    return true;
  }

  /** Worker side: true once after each size change (clears the flag). */
  function takeSizeChanged(ctl) {
    return (Atomics.and(ctl, FLAGS, ~FLAG_SIZE_CHANGED) & FLAG_SIZE_CHANGED) !== 0;
  }

  /** Page side: raises SIGINT in CPython and wakes a sleeping worker. */
  function interrupt(ctl, cell) {
    Atomics.store(cell, 0, SIGINT);
    Atomics.add(ctl, WAKE, 1);
    Atomics.notify(ctl, WAKE);
  }

  /** Page side: xterm has written `n` more output bytes; a paused worker may go on. */
  function acknowledgeOutput(ctl, n) {
    Atomics.sub(ctl, OUT_PENDING, n);
    Atomics.notify(ctl, OUT_PENDING);
  }

  return {
    COLS, ROWS, FLAGS, RESIZE_SEQ, WAKE, BUSY, OUT_PENDING, OUT_WINDOW, INTS, FLAG_SIZE_CHANGED, SIGINT,
    create, createInterruptCell, setSize, takeSizeChanged, interrupt, acknowledgeOutput,
  };
}));

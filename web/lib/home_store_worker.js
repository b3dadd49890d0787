// pyshell web/lib/home_store_worker.js: the home folder's store (home_store.js) in a worker
// of the shell's worker, for the SAB transport. There the shell's worker runs Python on its
// own stack and never returns to its event loop while Python runs, so it cannot await the
// browser's storage: it posts each op here and waits (Atomics.wait) on shared memory for the
// answer this worker writes once the op is kept.
//
//   shell worker                                  this worker
//   {type:'open', mode, control: SAB} ─────────▶  openStore()
//               ◀──────── {type:'opened', backend, wholeFiles, readOnly, entries, notes}
//                                                  or {type:'failed', message}
//   {type:'op', seq, op} ──────────────────────▶  store.apply(op), in order
//   Atomics.wait(control[0] === seq) ◀──────────  control: [0] seq answered, [1] errno,
//                                                  [2] sentence length; bytes from 16 on
//
// Loaded as a script URL beside home_store.js, or (the single-file page) from a Blob with
// home_store.js's source before it.
'use strict';
/* global importScripts, PyshellHomeStore */
if (typeof PyshellHomeStore === 'undefined') importScripts('home_store.js');

const { ANSWER, ERRNO } = PyshellHomeStore;
let store = null;
let control = null;
let chain = Promise.resolve();

function answer(seq, result) {
  const words = new Int32Array(control, 0, 4);
  const text = new Uint8Array(control, ANSWER.TEXT);
  const bytes = new TextEncoder().encode(result && result.message ? result.message : '').subarray(0, text.length);
  text.set(bytes);
  words[1] = result && result.errno ? result.errno : 0;
  words[2] = bytes.length;
  Atomics.store(words, 0, seq);
  Atomics.notify(words, 0);
}

self.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'open') {
    control = m.control;
    PyshellHomeStore.openStore({ mode: m.mode }).then((s) => {
      store = s;
      const transfer = s.entries.filter((e) => e.data).map((e) => e.data.buffer);
      self.postMessage({ type: 'opened', backend: s.backend, wholeFiles: s.wholeFiles, readOnly: s.readOnly, entries: s.entries, notes: s.notes }, transfer);
    }, (error) => self.postMessage({ type: 'failed', message: String(error && error.message || error) }));
  } else if (m.type === 'op') {
    chain = chain.then(() => store.apply(m.op)).then((result) => answer(m.seq, result),
      (error) => answer(m.seq, { errno: ERRNO.EIO, message: 'the browser storage failed: ' + String(error && error.message || error) }));
  }
};

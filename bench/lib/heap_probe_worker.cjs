// pyshell bench/lib/heap_probe_worker.cjs: web/worker.js, plus a window on the size of the
// wasm linear memory (the "wasm heap") for the memory figures of bench/run.mjs.
//
// Once pyshell's main() runs, its worker never returns to the event loop, so it cannot
// answer a message. It waits in Atomics.wait whenever it is idle (at the prompt), so this
// wrapper notes the memory's size in a shared cell (workerData.heapCell, an Int32Array on
// a SharedArrayBuffer: [0] = size in 64 KiB pages) before each wait. Nothing else changes.
'use strict';
const { workerData } = require('node:worker_threads');
const path = require('node:path');

const cell = new Int32Array(workerData.heapCell);
let memory = null;
const realInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = function instantiateAndNoteMemory(...args) {
  return realInstantiate.apply(this, args).then((result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    if (instance && instance.exports.memory instanceof WebAssembly.Memory) memory = instance.exports.memory;
    return result;
  });
};
const realWait = Atomics.wait;
Atomics.wait = function waitAndNoteHeap(...args) {
  if (memory) Atomics.store(cell, 0, memory.buffer.byteLength / 65536);
  return realWait.apply(Atomics, args);
};
require(path.join(workerData.webDir, 'worker.js'));

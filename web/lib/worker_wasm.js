// pyshell web/lib/worker_wasm.js: fetching and instantiating pyshell.wasm in the worker
// (Module.instantiateWasm), with download progress, and the transport's view of
// WebAssembly's JS Promise Integration:
//
//   SAB:  WebAssembly.Suspending and .promising become plain pass-throughs in this worker,
//         so the program (linked with -sJSPI) runs exactly as a program without JSPI:
//         main() on the worker's own stack, every import called and returning at once.
//   JSPI: the real ones. The imports that may wait (web/shell_main.cpp's read and sleep,
//         CPython's signal check: -sJSPI_IMPORTS in cmake/web.cmake) are wrapped by
//         Emscripten; fd_read and fd_write are wrapped here, so that a read of fd 0
//         (sys.stdin) suspends until there is input and a write to fd 1/2 suspends while
//         the output window is full, while every other fd reads and writes as before.
//
// Loads through importScripts and require(): defines globalThis.PyshellWorkerWasm.
(function (root, factory) {
  'use strict';
  const api = factory(root);
  root.PyshellWorkerWasm = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  /** Makes this worker's WebAssembly fit the transport (see above). Call before pyshell.js loads. */
  function prepareWebAssembly(kind) {
    if (kind === 'jspi') {
      if (typeof WebAssembly.Suspending !== 'function' || typeof WebAssembly.promising !== 'function') {
        throw new Error('this JavaScript engine has no WebAssembly.Suspending / WebAssembly.promising (JSPI)');
      }
      return;
    }
    // `new Suspending(f)` returns f itself (a constructor returning a function gives that function).
    WebAssembly.Suspending = function Suspending(fn) { return fn; };
    WebAssembly.promising = function promising(fn) { return fn; };
  }

  /**
   * JSPI: wraps the fd_read and fd_write imports of `imports` (wasi and env may be one
   * object: a wrapped import is no longer a function and is not wrapped twice), and the
   * system calls that change the home folder (worker_home.js), where imported.
   * wrappers: {fd_read(original) → function, fd_write(original) → function, …}.
   */
  function wrapImports(kind, imports, wrappers) {
    if (kind !== 'jspi') return imports;
    const found = new Set();
    for (const ns of Object.keys(imports)) {
      const table = imports[ns];
      for (const name of Object.keys(wrappers)) {
        if (table && typeof table[name] === 'function') {
          table[name] = new WebAssembly.Suspending(wrappers[name](table[name]));
          found.add(name);
        }
      }
    }
    for (const name of ['fd_read', 'fd_write']) { // the rest (worker_home.js's system calls) only where imported
      if (wrappers[name] && !found.has(name)) throw new Error(`pyshell.wasm imports no ${name}: this worker.js does not match the build`);
    }
    return imports;
  }

  /**
   * Instantiates the wasm: a module compiled by the host (shared by many sessions), the
   * file under Node, or a streaming fetch with progress in a browser.
   * @param {object} o {url, isNode, readBinary, wasmModule, wasmBytes, fetchWithProgress,
   *   report(progress)}
   */
  async function loadWasm(o, imports) {
    if (o.wasmModule instanceof WebAssembly.Module) {
      const instance = await WebAssembly.instantiate(o.wasmModule, imports);
      return { instance, module: o.wasmModule };
    }
    if (o.wasmBytes) { // the single-file page: inlined
      o.report({ loaded: o.wasmBytes.length, total: o.wasmBytes.length, done: true });
      return WebAssembly.instantiate(o.wasmBytes, imports);
    }
    if (o.isNode) {
      const bytes = o.readBinary(o.url);
      o.report({ loaded: bytes.length, total: bytes.length, done: true });
      return WebAssembly.instantiate(bytes, imports);
    }
    const response = await o.fetchWithProgress(o.url, o.report, { init: { credentials: 'same-origin' } });
    const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    if (typeof WebAssembly.instantiateStreaming === 'function' && type === 'application/wasm') {
      try {
        return await WebAssembly.instantiateStreaming(response, imports);
      } catch (error) {
        if (error instanceof WebAssembly.LinkError) throw error;
        console.warn('pyshell: streaming compile failed, downloading again without it:', error);
        const again = await fetch(o.url, { credentials: 'same-origin' });
        return WebAssembly.instantiate(await again.arrayBuffer(), imports);
      }
    }
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  }

  /**
   * A ceiling on the wasm memory (options.maxMemoryBytes: pyshell-node's --max-memory), so
   * that a program's allocations past it fail inside Python (MemoryError, which it may
   * catch) instead of growing the host's memory without end. Emscripten grows the heap
   * through the import emscripten_resize_heap(requested total): it is refused (0, as when
   * the engine cannot grow) for more than the ceiling, so sbrk and malloc fail. Below the
   * ceiling Emscripten over-allocates (up to +20% of the heap), so the memory's own grow()
   * is clamped to the ceiling too: growth then stops exactly there. Call before
   * instantiating (imports: as wrapImports); returns a function to apply to the instance.
   */
  function limitMemory(imports, maxBytes) {
    if (!maxBytes) return (instance) => instance;
    const PAGE = 65536;
    const limit = Math.floor(maxBytes / PAGE) * PAGE;
    let found = false;
    for (const ns of Object.keys(imports)) {
      const table = imports[ns];
      const resize = table && table.emscripten_resize_heap;
      if (typeof resize !== 'function') continue;
      found = true;
      if (resize.pyshellLimit) continue; // env and wasi_snapshot_preview1 may be one object
      const limited = (requested) => ((requested >>> 0) > limit ? 0 : resize(requested));
      limited.pyshellLimit = limit;
      table.emscripten_resize_heap = limited;
    }
    if (!found) throw new Error('pyshell.wasm imports no emscripten_resize_heap: this worker.js does not match the build');
    return (instance) => {
      const memory = instance.exports.memory;
      if (memory.buffer.byteLength > limit) {
        throw new Error(`the memory limit of ${limit / 1048576} MiB is below the ${memory.buffer.byteLength / 1048576} MiB ` +
          'the program starts with');
      }
      const grow = memory.grow;
      memory.grow = function growUpToLimit(pages) {
        const room = Math.max(0, limit / PAGE - memory.buffer.byteLength / PAGE);
        return grow.call(memory, Math.min(pages, room));
      };
      return instance;
    };
  }

  return { prepareWebAssembly, wrapImports, loadWasm, limitMemory };
}));

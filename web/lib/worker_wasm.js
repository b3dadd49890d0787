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
   * object: a wrapped import is no longer a function and is not wrapped twice).
   * wrappers: {fd_read(original) → function, fd_write(original) → function}.
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
    for (const name of Object.keys(wrappers)) {
      if (!found.has(name)) throw new Error(`pyshell.wasm imports no ${name}: this worker.js does not match the build`);
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

  return { prepareWebAssembly, wrapImports, loadWasm };
}));

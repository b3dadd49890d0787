// pyshell web/lib/progress.js: download progress for the big files the worker fetches
// (pyshell.wasm, python313.zip). Wraps a fetch Response so that reading its body counts
// bytes against Content-Length and reports {loaded, total, done} at most every
// `intervalMs` (50 ms), with a first report at once and a final one when the body ends.
// The wrapped Response keeps status and headers (Content-Type: application/wasm), so
// WebAssembly.instantiateStreaming still compiles the wasm while it downloads.
//
// `total` is 0 when unknown: no Content-Length, or a Content-Encoding (then the length
// counts compressed bytes while the reader sees decompressed ones). The final report
// always has total === loaded.
//
// Loads as a classic <script>, through importScripts, and with require()/import from Node:
// defines globalThis.PyshellProgress and module.exports.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellProgress = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const defaultNow = (typeof performance === 'object' && performance && typeof performance.now === 'function')
    ? () => performance.now() : () => Date.now();

  /** Expected body size from response headers, or 0 when it cannot be known. */
  function totalFromHeaders(headers) {
    const encoding = (headers.get('content-encoding') || '').trim().toLowerCase();
    if (encoding && encoding !== 'identity') return 0;
    const length = Number(headers.get('content-length'));
    return Number.isFinite(length) && length > 0 ? length : 0;
  }

  /**
   * A reporter that calls onProgress({loaded, total, done}) at most every intervalMs,
   * except for the first and the final (done) report, which always go out.
   */
  function createThrottle(onProgress, options) {
    const o = options || {};
    const now = o.now || defaultNow;
    const intervalMs = o.intervalMs === undefined ? 50 : o.intervalMs;
    let last = -Infinity;
    let finished = false;
    return function report(loaded, total, done) {
      if (finished) return;
      const t = now();
      if (!done && t - last < intervalMs) return;
      last = t;
      if (done) finished = true;
      onProgress({ loaded, total: done ? loaded : total, done: !!done });
    };
  }

  /**
   * A Response equal to `response` whose body reports progress as it is read.
   * Responses that are not ok, or have no body, are returned as they are.
   */
  function countingResponse(response, onProgress, options) {
    if (!response.ok || !response.body) return response;
    const total = totalFromHeaders(response.headers);
    const report = createThrottle(onProgress, options);
    const reader = response.body.getReader();
    let loaded = 0;
    report(0, total, false);
    const body = new ReadableStream({
      async pull(controller) {
        let step;
        try {
          step = await reader.read();
        } catch (error) {
          controller.error(error);
          return;
        }
        if (step.done) {
          report(loaded, total, true);
          controller.close();
          return;
        }
        loaded += step.value.byteLength;
        report(loaded, total, false);
        controller.enqueue(step.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  /**
   * fetch(url) and wrap the answer with countingResponse. Options: fetch (the fetch
   * function, default globalThis.fetch), init (fetch's second argument), now, intervalMs.
   * Rejects with a readable Error when the server answers with an error status.
   */
  async function fetchWithProgress(url, onProgress, options) {
    const o = options || {};
    const fetchImpl = o.fetch || globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new Error('fetchWithProgress: no fetch() here.');
    const response = await fetchImpl(url, o.init);
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} ${response.statusText || ''} for ${url}`.replace(/ +/g, ' ').trim());
    }
    return countingResponse(response, onProgress, o);
  }

  return { totalFromHeaders, createThrottle, countingResponse, fetchWithProgress };
}));

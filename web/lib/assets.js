// pyshell web/lib/assets.js: where the page's other files come from.
//   Served (index.html): beside the page, by relative URL.
//   The single-file build (pyshell.html, tools/single_file.py): from the page itself.
//     window.pyshellInlineAssets = {name: {type, gzip: base64}} holds each file gzipped;
//     bytes(name) inflates it (DecompressionStream), url(name) makes a blob: URL of it, so a
//     file opened from disk fetches nothing and needs no server.
//
// Loads as a classic <script>: defines globalThis.PyshellAssets.
(function (root, factory) {
  'use strict';
  const api = factory(root);
  root.PyshellAssets = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  const inline = root.pyshellInlineAssets || null;
  const bytesCache = new Map();
  const urlCache = new Map();

  async function inflate(entry) {
    // A data: URL is the quickest base64 decoder a page has; then gunzip as a stream.
    const packed = await (await fetch('data:application/octet-stream;base64,' + entry.gzip)).blob();
    const stream = packed.stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /** True when `name` is inside this page (the single-file build). */
  function has(name) {
    return !!(inline && Object.prototype.hasOwnProperty.call(inline, name));
  }

  /** The file's bytes: inflated from the page, or fetched beside it. */
  function bytes(name) {
    if (!has(name)) {
      return fetch(new URL(name, root.location.href), { credentials: 'same-origin' }).then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${name}`);
        return response.arrayBuffer();
      }).then((buffer) => new Uint8Array(buffer));
    }
    if (!bytesCache.has(name)) bytesCache.set(name, inflate(inline[name]));
    return bytesCache.get(name);
  }

  /** A URL to load the file from: a blob: URL of the inline copy, or its address beside the page. */
  async function url(name) {
    if (!has(name)) return new URL(name, root.location.href).href;
    if (!urlCache.has(name)) {
      urlCache.set(name, bytes(name).then((b) => URL.createObjectURL(new Blob([b], { type: inline[name].type }))));
    }
    return urlCache.get(name);
  }

  return { inline: !!inline, names: inline ? Object.keys(inline) : [], has, bytes, url };
}));

// pyshell web/worker.js: runs the wasm (CPython 3.13 + the C++ shell) off the page's main
// thread, in a browser's dedicated worker or a Node worker_threads Worker (the headless
// runner uses this very file). A session client (web/lib/session.js) sends one init
// message naming the transport; this script puts the parts together and loads pyshell.js:
//
//   session.js ──init──▶ worker.js ─┬─ channel_sab.js / channel_jspi.js   the transport
//                                   ├─ worker_host.js    Module.pyshellHost, fd 0/1/2, requests
//                                   ├─ worker_home.js    /home/user: home_fs.js over home_store.js
//                                   │                    (SAB: in home_store_worker.js), kept as written
//                                   ├─ worker_wasm.js    instantiate, JSPI wrapping
//                                   └─ batcher.js        output in few messages
//
// The messages are defined in web/lib/protocol.js. The init message: {type:'init',
// transport: 'sab' | 'jspi', base, script ('pyshell.js'), args (main's argv after the
// program name), options: {homeMode (worker_home.js), ttyFds, onlcr, splitOutput (worker_host.js),
// maxMemoryBytes (the wasm memory's ceiling, worker_wasm.js's limitMemory)};
// SAB: stdin, mailbox (ring buffers), control, interrupt; JSPI: cols, rows, outWindow;
// and mostly for Node: homeDir (a host folder mapped at /home/user with NODEFS), files
// ([{path, data}] written into the virtual FS before main), wasmModule (a WebAssembly.Module
// compiled once and shared by several sessions); for the single-file page: inline
// ({name: Uint8Array} instead of fetching pyshell.wasm and the stdlib parts)}.
'use strict';

/* ------------------------------------------------------------------------------------
 * Environment adapter: post/receive messages, load scripts, resolve and read files.
 * ---------------------------------------------------------------------------------- */
const env = (function makeEnvironment() {
  if (typeof importScripts === 'function' && typeof self === 'object') {
    return {
      kind: 'browser',
      defaultBase: self.location.href,
      post(message, transfer) { self.postMessage(message, transfer || []); },
      onMessage(handler) { self.onmessage = (event) => handler(event.data); },
      onUncaught(handler) {
        self.addEventListener('error', (event) => handler(event.error || event.message));
        self.addEventListener('unhandledrejection', (event) => handler(event.reason));
      },
      loadLibrary(name, base) {
        // The single-file page hands the libraries over as source (no URL to load from).
        if (self.pyshellInlineLibs && self.pyshellInlineLibs[name]) (0, eval)(self.pyshellInlineLibs[name]);
        else importScripts(new URL('lib/' + name, base || self.location.href).href);
      },
      resolve(base, name) { return new URL(name, base).href; },
      dirOf(url) { return new URL('.', url).href; },
      loadModuleScript(url, Module, source) {
        self.Module = Module; // Emscripten's `var Module` at script top level is this global
        if (source) (0, eval)(source);
        else importScripts(url);
      },
      readBinary: null,
      /** A worker of this worker running lib/<name> (the single-file page: its inline source). */
      startWorker(name, base, before) {
        const inline = self.pyshellInlineLibs;
        if (inline && inline[name]) {
          const source = (before || []).map((lib) => inline[lib]).join('\n') + '\n' + inline[name];
          return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
        }
        return new Worker(new URL('lib/' + name, base || self.location.href).href);
      },
    };
  }
  /* global require, __dirname */
  const workerThreads = require('node:worker_threads');
  const fs = require('node:fs');
  const path = require('node:path');
  const vm = require('node:vm');
  const port = workerThreads.parentPort;
  if (!port) throw new Error('pyshell worker.js must run in a Web Worker or a Node worker_threads Worker.');
  return {
    kind: 'node',
    defaultBase: __dirname + path.sep,
    post(message, transfer) { port.postMessage(message, transfer || []); },
    onMessage(handler) { port.on('message', handler); },
    onUncaught(handler) {
      process.on('uncaughtException', handler);
      process.on('unhandledRejection', handler);
    },
    loadLibrary(name) { return require(path.join(__dirname, 'lib', name)); },
    resolve(base, name) { return path.resolve(base, name); },
    dirOf(file) { return path.dirname(file) + path.sep; },
    loadModuleScript(file, Module) {
      // A function wrapper whose `Module` parameter the script's own `var Module = typeof
      // Module != 'undefined' ? Module : {}` keeps; require, __dirname etc. as in CommonJS
      // (web/pre.js keeps host processes and the network out of the program's require).
      const source = fs.readFileSync(file, 'utf8');
      const wrapper = vm.runInThisContext(
        '(function (Module, require, module, exports, __filename, __dirname) {' + source + '\n})',
        { filename: file });
      const fakeModule = { exports: {} };
      wrapper(Module, require, fakeModule, fakeModule.exports, file, path.dirname(file));
    },
    readBinary(file) { return fs.readFileSync(file); },
  };
}());

['protocol.js', 'ring.js', 'batcher.js', 'progress.js', 'mailbox.js', 'control.js', 'channel_sab.js',
  'channel_jspi.js', 'home_fs.js', 'home_store.js', 'worker_home.js', 'worker_host.js', 'worker_wasm.js'].forEach((name) => env.loadLibrary(name));
/* global PyshellProtocol, PyshellBatcher, PyshellProgress, PyshellChannelSab, PyshellChannelJspi,
   PyshellWorkerHome, PyshellWorkerHost, PyshellWorkerWasm (home_fs.js and home_store.js: for worker_home.js) */

const now = () => performance.now();
let channel = null;
let fatalSent = false;
let flushOutput = () => {};

function describe(error) {
  if (error && typeof error === 'object' && error.message) return error.message;
  return String(error);
}

/** Reports an error the session cannot go on from (once: the first one is the cause). */
function fatal(message) {
  if (fatalSent) return;
  fatalSent = true;
  try { flushOutput(); } catch (_) { /* the error below matters more */ }
  env.post({ type: 'error', message });
}

env.onUncaught((error) => {
  // Emscripten throws ExitStatus / 'unwind' to leave main(); those are not errors.
  if (error && (error.name === 'ExitStatus' || error === 'unwind')) return;
  fatal('pyshell worker: ' + describe(error));
});

env.onMessage((message) => {
  if (channel && channel.kind === 'jspi' && message && message.type !== 'init') {
    try {
      channel.receive(message);
    } catch (error) {
      console.warn('pyshell worker:', describe(error));
    }
    return;
  }
  if (!message || message.type !== 'init') {
    // SAB: everything else comes through shared memory, which works while wasm runs.
    console.warn('pyshell worker: ignoring a message of type', message && message.type);
    return;
  }
  if (channel) {
    console.warn('pyshell worker: a second init was ignored; start a new worker instead.');
    return;
  }
  try {
    start(message);
  } catch (error) {
    fatal(describe(error));
  }
});

/* ------------------------------------------------------------------------------------
 * The session: the parts, then Module, then pyshell.js.
 * ---------------------------------------------------------------------------------- */
function start(init) {
  PyshellProtocol.checkToWorker(init);
  const kind = init.transport;
  if (!PyshellProtocol.TRANSPORTS.includes(kind)) throw new Error(`unknown transport "${kind}"`);
  const options = init.options || {};
  const base = init.base || env.defaultBase;
  const scriptUrl = env.resolve(base, init.script || 'pyshell.js');
  const assetBase = env.dirOf(scriptUrl);
  const scriptName = scriptUrl.replace(/^.*[\\/]/, '');
  const wasmName = scriptName.replace(/\.js$/, '') + '.wasm';
  const inline = init.inline || null; // {file name: Uint8Array}: the single-file page
  const post = (message, transfer) => env.post(message, transfer);
  const notice = (level, text) => post({ type: 'notice', level, text });
  const reportDownload = (file, p) =>
    post({ type: 'progress', phase: 'download', file, loaded: p.loaded, total: p.total, done: p.done });

  let Module = null;
  let host = null;
  const batcher = new PyshellBatcher.OutputBatcher({ post: (bytes) => host.postOutput(bytes), now });
  flushOutput = () => batcher.flush();
  const hooks = {
    post,
    echo: (text) => { batcher.write(text); batcher.flush(); },
    onBadRequest: (error) => notice('error', 'pyshell: a request from the page was lost: ' + describe(error)),
  };
  channel = kind === 'sab' ? new PyshellChannelSab.SabChannel(init, hooks) : new PyshellChannelJspi.JspiChannel(init, hooks);
  PyshellWorkerWasm.prepareWebAssembly(kind);
  const home = PyshellWorkerHome.createHome({
    post, notice, isNode: env.kind === 'node', homeDir: init.homeDir, files: init.files,
    transport: kind, homeMode: options.homeMode || 'owner',
    storeWorker: () => env.startWorker('home_store_worker.js', base, ['home_store.js']),
  });
  // fflate (npm; the build copies its UMD file to lib/fflate.js), loaded when a zip is made or read.
  const zipLibrary = () => globalThis.fflate || env.loadLibrary('fflate.js', base) || globalThis.fflate;
  host = PyshellWorkerHost.createHost({ channel, batcher, home, post, notice, getModule: () => Module, options, zipLibrary });

  /** web/pre.js's fetch of a stdlib part: inline, or counted on the way for the progress bar. */
  function fetchAsset(url) {
    const name = String(url).split(/[?#]/)[0].replace(/^.*\//, '');
    if (inline && inline[name]) return Promise.resolve(inline[name].slice().buffer);
    return PyshellProgress.fetchWithProgress(url, (p) => reportDownload(name, p)).then((r) => r.arrayBuffer());
  }

  Module = {
    arguments: Array.isArray(init.args) ? init.args.slice() : [],
    locateFile: (name) => env.resolve(assetBase, name),
    preRun: [() => home.setup(Module)],
    print: (text) => batcher.write(text + '\r\n'),
    printErr: (text) => console.warn('pyshell:', text),
    // web/pre.js's hooks. pyshellFetch: the start of the stdlib; pyshellRestBytes: its
    // rest, synchronously, when the page has it inline (else pre.js downloads it).
    pyshellFetch: fetchAsset,
    pyshellRestBytes: (name) => (inline && inline[name]) || null,
    // A problem the user should see now (the rest of the stdlib did not load).
    pyshellWarn: (text) => { batcher.write('\x1b[31m' + text + '\x1b[0m\r\n'); batcher.flush(); },
    // pre.js is about to fetch the rest of the stdlib, synchronously. Unless the page has it
    // already (its background fetch landed: 'stdlib-prefetched'), that is a real download:
    // a toast says why Python is waiting (the terminal is left as it is).
    pyshellRestLoading: () => {
      if (!host.restPrefetched) notice('info', 'Loading the rest of the Python standard library…');
    },
    Py_EmscriptenSignalBuffer: host.signalBuffer,
    pyshellHost: host.api,
    pyshellTransport: kind,
    instantiateWasm(imports, receiveInstance) {
      const limited = PyshellWorkerWasm.limitMemory(imports, options.maxMemoryBytes); // growth past it fails: MemoryError
      PyshellWorkerWasm.loadWasm({
        url: env.resolve(assetBase, wasmName), isNode: env.kind === 'node', readBinary: env.readBinary,
        wasmModule: init.wasmModule, wasmBytes: inline && inline[wasmName], report: (p) => reportDownload(wasmName, p),
        fetchWithProgress: PyshellProgress.fetchWithProgress,
      }, PyshellWorkerWasm.wrapImports(kind, home.fixImports(imports),
        home.suspendingSyscalls({ fd_read: host.wrapFdRead, fd_write: host.wrapFdWrite }))).then(
        (result) => receiveInstance(limited(result.instance), result.module),
        (error) => fatal(`Could not load ${wasmName}: ${describe(error)}`));
      return {}; // exports arrive later, through receiveInstance
    },
    onRuntimeInitialized() {
      host.routeStdio(Module);
      post({ type: 'progress', phase: 'start' });
    },
    onExit(code) {
      host.setBusy(false);
      try { host.flushProgramOutput(); } catch (_) { /* the runtime is gone: nothing was gathered */ }
      batcher.flush();
      post({ type: 'exit', code });
    },
    onAbort(what) {
      fatal('Python stopped: ' + describe(what));
    },
    // Leave main() by throwing (caught by Emscripten's callMain) instead of ending the
    // process: under Node that would end the thread before our messages are delivered.
    quit(status, toThrow) { throw toThrow; },
  };

  const inlineScript = inline && inline[scriptName] ? new TextDecoder().decode(inline[scriptName]) : null;
  try {
    env.loadModuleScript(scriptUrl, Module, inlineScript);
  } catch (error) {
    console.warn('pyshell: loading', scriptUrl, 'failed:', error);
    fatal(/^(ENOENT|NetworkError)$/.test(error && (error.code || error.name)) || /failed to load|ENOENT/i.test(describe(error))
      ? `Could not load ${scriptName} (${scriptUrl}): the web build is not in this folder. Build it (./dev.sh build) and reload.`
      : `Could not load ${scriptName} (${scriptUrl}): ${describe(error)}`);
  }
}

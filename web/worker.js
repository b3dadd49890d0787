// pyshell web/worker.js: runs the wasm (CPython 3.13 + the C++ shell) off the page's main
// thread. The page (main.js) sends one {type:'init'} message with shared memory; this
// script then loads pyshell.js (Emscripten 6, a classic script) and provides
// Module.pyshellHost, the functions the C++ side calls synchronously from inside wasm
// (EM_JS): readInput blocks in Atomics.wait on the stdin ring, writeOutput batches bytes
// into few postMessages, sleep waits on the interrupt doorbell, idle flushes and saves the
// home folder. Once main() runs, this worker never returns to its event loop, so after
// init the page talks to it only through shared memory: the stdin ring, the mailbox ring
// (uploads, download requests, sync, inspector requests), the control block and the
// interrupt cell.
//
// The inspector (issue #7): the page sends {type:'inspect', json} (a Request JSON of
// src/core/inspect_model.h) and {type:'inspect-subscribe', on} through the mailbox. Requests
// wait in a queue until the C++ side takes them (inspectNext/inspectTake, whenever Python
// waits for input: readInput returns null once to let it look); each reply, and the
// snapshot after every entry while subscribed, comes back as {type:'inspect', json}.
//
// Runs in a browser's dedicated worker (importScripts) and under Node's worker_threads
// (require + vm; the headless runner uses this very file): everything that differs is in
// the small environment adapter right below.
//
// The init message: {type:'init', stdin, mailbox (ring buffers), control, interrupt,
// base, script ('pyshell.js'), args (main's argv after the program
// name), options: {persistIntervalMs, ttyFds, onlcr, splitOutput (see routeStdio)},
// and, mostly for Node: homeDir (a host folder mapped at /home/user with NODEFS),
// files ([{path, data}] written into the virtual FS before main), wasmModule (a
// WebAssembly.Module compiled once and shared by several sessions)}.
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
      loadLibrary(name) { importScripts(new URL('lib/' + name, self.location.href).href); },
      resolve(base, name) { return new URL(name, base).href; },
      dirOf(url) { return new URL('.', url).href; },
      loadModuleScript(url, Module) {
        self.Module = Module; // Emscripten's `var Module` at script top level is this global
        importScripts(url);
      },
      readBinary: null,
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
    onUncaught(handler) { process.on('uncaughtException', handler); },
    loadLibrary(name) { require(path.join(__dirname, 'lib', name)); },
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

['ring.js', 'batcher.js', 'progress.js', 'mailbox.js', 'control.js'].forEach(env.loadLibrary);
/* global PyshellRing, PyshellBatcher, PyshellProgress, PyshellMailbox, PyshellControl */
const { Ring } = PyshellRing;
const { OutputBatcher } = PyshellBatcher;
const { countingResponse, fetchWithProgress } = PyshellProgress;
const { FrameDecoder } = PyshellMailbox;
const C = PyshellControl;

const HOME = '/home/user';
const now = () => performance.now();

let started = false;
let fatalSent = false;
let flushOutput = () => {};

function post(message, transfer) {
  env.post(message, transfer);
}

function describe(error) {
  if (error && typeof error === 'object' && error.message) return error.message;
  return String(error);
}

/** Reports an error the session cannot go on from (once: the first one is the cause). */
function fatal(message) {
  if (fatalSent) return;
  fatalSent = true;
  try { flushOutput(); } catch (_) { /* the error below matters more */ }
  post({ type: 'error', message });
}

env.onUncaught((error) => {
  // Emscripten throws ExitStatus / 'unwind' to leave main(); those are not errors.
  if (error && (error.name === 'ExitStatus' || error === 'unwind')) return;
  fatal('pyshell worker: ' + describe(error));
});

env.onMessage((message) => {
  if (!message || message.type !== 'init') {
    // Anything else is sent through the mailbox ring, which works while wasm runs.
    console.warn('pyshell worker: ignoring a message of type', message && message.type);
    return;
  }
  if (started) {
    console.warn('pyshell worker: a second init was ignored; start a new worker instead.');
    return;
  }
  started = true;
  try {
    start(message);
  } catch (error) {
    fatal(describe(error));
  }
});

/* ------------------------------------------------------------------------------------
 * The session: set up Module, load pyshell.js, serve Module.pyshellHost.
 * ---------------------------------------------------------------------------------- */
function start(init) {
  const stdin = new Ring(init.stdin);
  const mailbox = new Ring(init.mailbox);
  const ctl = init.control instanceof Int32Array ? init.control : new Int32Array(init.control);
  const cell = init.interrupt instanceof Uint8Array ? init.interrupt : new Uint8Array(init.interrupt);
  const options = init.options || {};
  const persistIntervalMs = options.persistIntervalMs === undefined ? 2000 : options.persistIntervalMs;
  const base = init.base || env.defaultBase;
  const scriptUrl = env.resolve(base, init.script || 'pyshell.js');
  const assetBase = env.dirOf(scriptUrl);
  const wasmName = scriptUrl.replace(/^.*[\\/]/, '').replace(/\.js$/, '') + '.wasm';

  stdin.onDrain = () => post({ type: 'drain', ring: 'stdin' });
  mailbox.onDrain = () => post({ type: 'drain', ring: 'mailbox' });

  /* ---- output: batcher + backpressure ---- */
  function postOutput(bytes) {
    const n = bytes.length; // read before the transfer empties `bytes`
    post(splitOutput ? { type: 'output', data: bytes, fd: outputFd } : { type: 'output', data: bytes }, [bytes.buffer]);
    const window = Atomics.load(ctl, C.OUT_WINDOW);
    if (window <= 0) return;
    Atomics.add(ctl, C.OUT_PENDING, n);
    // Pause Python while the page has more than `window` bytes not yet drawn, so a
    // runaway print loop cannot queue gigabytes and Ctrl-C takes effect at once.
    for (;;) {
      const pending = Atomics.load(ctl, C.OUT_PENDING);
      if (pending <= window || Atomics.load(ctl, C.OUT_WINDOW) <= 0) return;
      Atomics.wait(ctl, C.OUT_PENDING, pending, 250);
    }
  }
  const batcher = new OutputBatcher({ post: postOutput, now });
  flushOutput = () => batcher.flush();

  /*
   * Standard streams (options, all optional; the page uses the defaults):
   *   ttyFds       fds among 0, 1, 2 that are terminals (isatty); default all three
   *   onlcr        fd 1/2 output "\n" becomes "\r\n", as a terminal does; default true
   *   splitOutput  output messages carry `fd` (1 or 2; shell output counts as 1); default false
   * fd 0 reads take bytes from the stdin ring (blocking), see routeStdio().
   */
  const ttyFds = Array.isArray(options.ttyFds) ? options.ttyFds : [0, 1, 2];
  const onlcr = options.onlcr !== false;
  const splitOutput = !!options.splitOutput;
  let outputFd = 1; // the fd of the bytes pending in the batcher (splitOutput)

  /** Bytes from fd 1/2 (or shell output, fd 1); with splitOutput, a change of fd flushes first. */
  function fdBytes(fd, bytes) {
    if (splitOutput && fd !== outputFd) {
      batcher.flush();
      outputFd = fd;
    }
    if (!onlcr) {
      batcher.write(bytes);
      return;
    }
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 10) batcher.writeByte(13);
      batcher.writeByte(bytes[i]);
    }
  }

  /* ---- state reported to the page ---- */
  let resizeSeen = Atomics.load(ctl, C.RESIZE_SEQ); // the last resize readInput/sizeChanged told about
  let ready = false;
  let busy = null; // unknown until the first setBusy, which is always reported
  function markReady() {
    if (ready) return;
    ready = true;
    post({ type: 'ready' });
  }
  function setBusy(value) {
    Atomics.store(ctl, C.BUSY, value ? 1 : 0);
    if (busy === value) return;
    busy = value;
    post({ type: 'state', busy: value });
  }
  function notice(level, text) {
    post({ type: 'notice', level, text });
  }
  function reportDownload(file, p) {
    post({ type: 'progress', phase: 'download', file, loaded: p.loaded, total: p.total, done: p.done });
  }

  /* ---- the interrupt cell, seen by CPython as Module.Py_EmscriptenSignalBuffer ---- */
  // CPython only does `x = buf[0]; buf[0] = 0` on it, every 50 bytecodes while Python
  // runs. This accessor makes that pair atomic (the read takes and clears the byte, so a
  // Ctrl-C stored between CPython's read and its clear is not lost; clearing writes are
  // then no-ops) and, on the way, sends output that has waited 16 ms: the only moment JS
  // gets control while pure Python code runs.
  const signalBuffer = Object.defineProperty({}, '0', {
    get() {
      if (batcher.pending) batcher.flushIfStale();
      return Atomics.exchange(cell, 0, 0);
    },
    set(value) { if (value) Atomics.store(cell, 0, value); },
    enumerable: true,
  });

  /* ---- the home folder and its persistence ---- */
  let Module = null;
  let persistEnabled = false;     // only after a successful restore: never overwrite saved files with nothing
  let saved = new Map();          // path -> what it was when last sent to the page
  let lastPersist = now();
  let savePending = false;
  const terminalNotices = [];     // red lines to print at the next prompt (idle)

  function walkHome(visit) {
    const FS = Module.FS;
    const stack = [HOME];
    while (stack.length) {
      const dir = stack.pop();
      let names;
      try { names = FS.readdir(dir); } catch (_) { continue; }
      for (const name of names) {
        if (name === '.' || name === '..') continue;
        const p = dir + '/' + name;
        let st;
        try { st = FS.lstat(p); } catch (_) { continue; }
        if (FS.isDir(st.mode)) {
          visit(p, st, true);
          stack.push(p);
        } else if (FS.isFile(st.mode)) {
          visit(p, st, false);
        } // symlinks and devices are not kept (IDBFS could not store them either)
      }
    }
  }

  /** Posts the changed files of the home folder ({type:'persist'}); `record` only notes them. */
  function persistHome(record) {
    lastPersist = now();
    if (!persistEnabled || !Module || !Module.FS) return;
    const FS = Module.FS;
    const paths = [];
    const entries = [];
    const transfer = [];
    const next = new Map();
    walkHome((p, st, isDir) => {
      const mtime = st.mtime instanceof Date ? st.mtime.getTime() : Number(st.mtime);
      const key = (isDir ? 'd' : 'f') + st.mode + ':' + mtime + (isDir ? '' : ':' + st.size);
      paths.push(p);
      next.set(p, key);
      if (record || saved.get(p) === key) return;
      const entry = { path: p, mode: st.mode, timestamp: mtime };
      if (!isDir) {
        entry.contents = FS.readFile(p);
        transfer.push(entry.contents.buffer);
      }
      entries.push(entry);
    });
    let removed = false;
    for (const p of saved.keys()) if (!next.has(p)) { removed = true; break; }
    saved = next;
    if (record || (!entries.length && !removed)) return;
    post({ type: 'persist', mount: HOME, paths, entries }, transfer);
  }

  /**
   * Ends IDBFS's hold on the database before main() runs. IDBFS keeps its connection
   * open, and a transaction stays active until the event-loop task that used it ends:
   * if main() started inside that task (it does when the restore is the last thing
   * main() waited for), the worker never returns and the page's saves would wait for
   * that transaction forever. So: queue an empty read-write transaction (it can only
   * complete after every earlier one), then close the connection, then go on in a
   * fresh task.
   */
  function releaseDatabase(IDBFS, then) {
    const db = IDBFS.dbs && IDBFS.dbs[HOME];
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      try { if (db) db.close(); } catch (_) { /* already closed */ }
      if (IDBFS.dbs) delete IDBFS.dbs[HOME];
      setTimeout(then, 0);
    };
    if (!db) {
      release();
      return;
    }
    try {
      const barrier = db.transaction([IDBFS.DB_STORE_NAME], 'readwrite');
      barrier.oncomplete = release;
      barrier.onabort = release;
    } catch (_) {
      release();
      return;
    }
    setTimeout(release, 5000);
  }

  /** preRun: the home folder, restored from IndexedDB before main() (IDBFS), or a host folder under Node. */
  function setupHome() {
    const FS = Module.FS;
    FS.mkdirTree(HOME);
    // init.files: [{path, data}] placed in the virtual file system before main() (the Node
    // runner hands over a script from outside the home folder this way).
    for (const file of Array.isArray(init.files) ? init.files : []) {
      FS.mkdirTree(String(file.path).replace(/\/[^/]*$/, '') || '/');
      FS.writeFile(file.path, file.data);
    }
    if (env.kind === 'node') {
      if (init.homeDir) FS.mount(FS.filesystems.NODEFS, { root: init.homeDir }, HOME);
      return;
    }
    const IDBFS = FS.filesystems && FS.filesystems.IDBFS;
    if (!IDBFS || typeof indexedDB === 'undefined') {
      notice('error', 'Your files cannot be kept in this browser (no IndexedDB): they last until the tab closes.');
      return;
    }
    FS.mount(IDBFS, {}, HOME);
    post({ type: 'progress', phase: 'files' });
    Module.addRunDependency('pyshell-home');
    let finished = false;
    const finish = (error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (error) {
        notice('error', 'Your saved files could not be restored (' + describe(error) +
          '); changes in this session will not be saved, so that the saved copy stays intact.');
      } else {
        persistEnabled = true;
        persistHome(true);
      }
      releaseDatabase(IDBFS, () => Module.removeRunDependency('pyshell-home'));
    };
    const timer = setTimeout(() => finish(new Error('IndexedDB did not answer in 15 s')), 15000);
    try {
      FS.syncfs(true, (error) => finish(error));
    } catch (error) {
      finish(error);
    }
  }

  /* ---- the inspector: requests for the C++ side, replies to the page ---- */
  const inspectQueue = [];        // Request JSON texts, oldest first
  let inspectAnnounced = false;   // readInput has returned null for the queued requests
  let inspectBytes = null;        // inspectQueue[0] encoded, between inspectNext and inspectTake
  let inspectSubscribed = false;  // a snapshot after every entry
  const textEncoder = new TextEncoder();
  const textDecoder = new TextDecoder();

  /* ---- mailbox: requests from the page ---- */
  let decoder = new FrameDecoder();
  let restPrefetched = false;

  function homePath(name) {
    let rel = String(name || '').trim().replace(/^~\//, '').replace(/^\/home\/user\//, '');
    if (!rel || rel.startsWith('/') || rel.split('/').some((part) => part === '..' || part === '.')) return null;
    rel = rel.replace(/\/+/g, '/').replace(/\/$/, '');
    return rel ? HOME + '/' + rel : null;
  }

  function uploadName(name) {
    const n = String(name || '');
    if (!n || n === '.' || n === '..' || /[/\\\0]/.test(n) || /[\x00-\x1f\x7f]/.test(n)) return null;
    if (new TextEncoder().encode(n).length > 255) return null;
    return n;
  }

  function handleRequest(header, payload) {
    const FS = Module && Module.FS;
    switch (header.type) {
      case 'upload': {
        const name = uploadName(header.name);
        if (!name) {
          notice('error', `Refused to upload "${header.name}": a file name may not be empty, "..", or contain slashes.`);
          return false;
        }
        try {
          FS.writeFile(HOME + '/' + name, payload);
          notice('info', `Uploaded ${name} to ~/${name} (${payload.length} bytes).`);
          return true;
        } catch (error) {
          notice('error', `Could not save the upload ${name}: ${describe(error)}.`);
          return false;
        }
      }
      case 'download-request': {
        const p = homePath(header.name);
        if (!p) {
          notice('error', `"${header.name}" is not a file name inside your home folder.`);
          return false;
        }
        if (!hostApi.download(p)) notice('error', `There is no file ~/${p.slice(HOME.length + 1)} to download.`);
        return false;
      }
      case 'sync':
        persistHome(false);
        return false;
      case 'resync': // the page could not save: send everything at the next save
        saved = new Map();
        return false;
      case 'notice':
        terminalNotices.push(String(header.text));
        return false;
      case 'inspect':
        inspectQueue.push(String(header.json));
        return false;
      case 'stdlib-prefetched': // main.js: python313-rest.data is in the browser's cache
        restPrefetched = true;
        return false;
      case 'inspect-subscribe':
        inspectSubscribed = !!header.on;
        if (inspectSubscribed) inspectQueue.push('{"kind":"request","op":"snapshot"}'); // one now
        return false;
      default:
        console.warn('pyshell worker: unknown mailbox request', header.type);
        return false;
    }
  }

  /** Handles every complete request waiting in the mailbox ring. */
  function serviceMailbox() {
    if (!Module || !Module.FS) return;
    let changed = false;
    for (;;) {
      const chunk = mailbox.tryRead(mailbox.capacity);
      if (!chunk) break;
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        decoder = new FrameDecoder();
        notice('error', 'pyshell: a request from the page was lost: ' + describe(error));
        continue;
      }
      for (const frame of frames) if (handleRequest(frame.header, frame.payload)) changed = true;
    }
    if (changed) persistHome(false);
  }

  function printTerminalNotices() {
    while (terminalNotices.length) batcher.write('\x1b[31m' + terminalNotices.shift() + '\x1b[0m\r\n');
  }

  /* ---- Module.pyshellHost: what the C++ side calls ---- */
  const hostApi = {
    /**
     * Waits for input: a Uint8Array of 1..maxBytes bytes; an empty Uint8Array at end of
     * input (the stdin ring was closed, Node runner only); null when timeoutMs passed or
     * the terminal was resized meanwhile (check sizeChanged()). timeoutMs < 0: no limit.
     */
    readInput(maxBytes, timeoutMs) {
      const max = Math.max(1, Math.floor(Number(maxBytes)) || 1);
      const limit = timeoutMs === undefined || timeoutMs === null ? -1 : Number(timeoutMs);
      batcher.flush();
      markReady();
      if (busy === true || Atomics.load(ctl, C.BUSY)) Atomics.store(cell, 0, 0); // an interrupt that came after the code finished
      setBusy(false);
      const deadline = limit < 0 ? Infinity : now() + limit;
      for (;;) {
        const seq = stdin.seq(); // before looking anywhere, so no wake-up is missed
        serviceMailbox();
        batcher.flush();
        if (inspectQueue.length && !inspectAnnounced) { // the caller serves them, then reads again
          inspectAnnounced = true;
          return null;
        }
        const bytes = stdin.tryRead(max);
        if (bytes) {
          setBusy(true);
          return bytes;
        }
        if (stdin.closed) return new Uint8Array(0);
        const resizeSeq = Atomics.load(ctl, C.RESIZE_SEQ);
        if (resizeSeq !== resizeSeen) { // once per resize, even one that came between two reads
          resizeSeen = resizeSeq;
          return null;
        }
        const left = deadline - now();
        if (left <= 0) return null;
        if (savePending) {
          const due = lastPersist + persistIntervalMs - now();
          if (due <= 0) { savePending = false; persistHome(false); continue; }
          stdin.waitChange(seq, Math.min(left, due));
          continue;
        }
        stdin.waitChange(seq, left === Infinity ? -1 : left);
      }
    },

    /** Queues terminal output (copied; a Uint8Array, e.g. a HEAPU8 view, or a string). */
    writeOutput(bytes) {
      if (splitOutput && outputFd !== 1) {
        batcher.flush();
        outputFd = 1;
      }
      batcher.write(bytes);
    },

    /** Sends queued output to the page now. */
    flush() {
      batcher.flush();
    },

    /** The terminal size: {cols, rows}. */
    terminalSize() {
      return { cols: Atomics.load(ctl, C.COLS), rows: Atomics.load(ctl, C.ROWS) };
    },

    /** True once after each resize of the terminal (reading clears it). */
    sizeChanged() {
      resizeSeen = Atomics.load(ctl, C.RESIZE_SEQ);
      return C.takeSizeChanged(ctl);
    },

    /** Sleeps ms milliseconds; returns true early when an interrupt (Ctrl-C) is pending. */
    sleep(ms) {
      batcher.flush();
      const deadline = now() + Math.max(0, Number(ms) || 0);
      for (;;) {
        const wake = Atomics.load(ctl, C.WAKE);
        if (Atomics.load(cell, 0) !== 0) return true;
        const left = deadline - now();
        if (left <= 0) return false;
        Atomics.wait(ctl, C.WAKE, wake, left);
      }
    },

    /**
     * Called at each fresh prompt, before it is drawn: flushes output, handles requests
     * from the page, prints pending notices (red lines), saves the home folder when the
     * last save is persistIntervalMs old.
     */
    idle() {
      markReady();
      serviceMailbox();
      printTerminalNotices();
      if (now() - lastPersist >= persistIntervalMs) persistHome(false);
      else savePending = true;
      batcher.flush();
    },

    /** The byte length of the next inspector request (kept for inspectTake), or -1 when none is waiting. */
    inspectNext() {
      if (!inspectQueue.length) {
        inspectAnnounced = false;
        inspectBytes = null;
        return -1;
      }
      inspectBytes = textEncoder.encode(inspectQueue[0]);
      return inspectBytes.length;
    },

    /** The request inspectNext measured, as UTF-8 bytes; it leaves the queue. */
    inspectTake() {
      const bytes = inspectBytes || textEncoder.encode(inspectQueue[0] || '');
      inspectQueue.shift();
      inspectBytes = null;
      return bytes;
    },

    /** Posts a reply or snapshot (UTF-8 JSON bytes) to the page, after the output before it. */
    inspectReply(bytes) {
      batcher.flush();
      post({ type: 'inspect', json: textDecoder.decode(bytes) });
      savePending = true; // a delete changed the home folder: save it with the next save
    },

    /** True while the page wants a snapshot after every entry. */
    inspectSubscribed() {
      return inspectSubscribed;
    },

    /** Offers the file at `path` (absolute, or relative to the cwd) to the user as a download. True when sent. */
    download(path) {
      const FS = Module.FS;
      try {
        const abs = String(path).startsWith('/') ? String(path) : FS.cwd().replace(/\/$/, '') + '/' + path;
        const st = FS.stat(abs);
        if (!FS.isFile(st.mode)) return false;
        const data = FS.readFile(abs);
        post({ type: 'download', name: abs.replace(/^.*\//, ''), data }, [data.buffer]);
        return true;
      } catch (_) {
        return false;
      }
    },
  };

  /* ---- Module: everything set before pyshell.js runs ---- */
  if (env.kind === 'browser' && typeof self.fetch === 'function') {
    // web/pre.js downloads the stdlib's start file with fetch(); count its bytes on the way.
    const realFetch = self.fetch.bind(self);
    self.fetch = function fetchWithStdlibProgress(input, fetchInit) {
      const url = typeof input === 'string' ? input : (input && input.url) || String(input);
      const name = url.split(/[?#]/)[0].replace(/^.*\//, '');
      const answer = realFetch(input, fetchInit);
      if (!/\.data$/.test(name)) return answer;
      return answer.then((response) => countingResponse(response, (p) => reportDownload(name, p)));
    };
  }

  async function loadWasm(url, imports) {
    if (init.wasmModule instanceof WebAssembly.Module) {
      // Compiled once by the host and shared by many sessions (the headless tests).
      const instance = await WebAssembly.instantiate(init.wasmModule, imports);
      return { instance, module: init.wasmModule };
    }
    if (env.kind === 'node') {
      const bytes = env.readBinary(url);
      reportDownload(wasmName, { loaded: bytes.length, total: bytes.length, done: true });
      return WebAssembly.instantiate(bytes, imports);
    }
    const response = await fetchWithProgress(url, (p) => reportDownload(wasmName, p),
      { init: { credentials: 'same-origin' } });
    const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    if (typeof WebAssembly.instantiateStreaming === 'function' && type === 'application/wasm') {
      try {
        return await WebAssembly.instantiateStreaming(response, imports);
      } catch (error) {
        if (error instanceof WebAssembly.LinkError) throw error;
        console.warn('pyshell: streaming compile failed, downloading again without it:', error);
        const again = await fetch(url, { credentials: 'same-origin' });
        return WebAssembly.instantiate(await again.arrayBuffer(), imports);
      }
    }
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  }

  /**
   * The standard streams fd 0, 1, 2 (Emscripten's TTY devices) get stream operations of
   * their own: writes go to the batcher (fdBytes); reads of fd 0 block on the stdin ring
   * until at least one byte is there and return what is (like a pipe, or a raw terminal),
   * 0 at end of input (ring closed), EINTR when an interrupt is pending, so that CPython's
   * read loop checks signals and raises KeyboardInterrupt. An fd not in ttyFds loses its
   * `tty`, so isatty() is false for it (and Python buffers it like a pipe).
   */
  function routeStdio() {
    const FS = Module.FS;
    const EINTR = 27; // Emscripten's errno numbers (ERRNO_CODES.EINTR)
    let leftover = null; // bytes read from the ring past a newline (terminal fd 0)
    function readStdin(stream, buffer, offset, length) {
      if (length <= 0) return 0;
      batcher.flush(); // a prompt without a newline shows before the wait
      for (;;) {
        const seq = stdin.seq();
        serviceMailbox();
        let bytes = leftover || stdin.tryRead(length);
        leftover = null;
        if (bytes) {
          // A terminal (canonical mode) hands out one line per read: C stdio (input() on a
          // terminal reads with fgets) must not swallow the lines after it.
          let n = Math.min(bytes.length, length);
          if (stream.tty) {
            const nl = bytes.indexOf(10);
            if (nl >= 0 && nl + 1 < n) n = nl + 1;
          }
          if (n < bytes.length) leftover = bytes.subarray(n);
          buffer.set(bytes.subarray(0, n), offset);
          return n;
        }
        if (stdin.closed) return 0;
        if (Atomics.load(cell, 0) !== 0) throw new FS.ErrnoError(EINTR);
        batcher.flush();
        stdin.waitChange(seq, 100); // also looks at the interrupt cell this often
      }
    }
    for (const fd of [0, 1, 2]) {
      const stream = FS.getStream ? FS.getStream(fd) : FS.streams && FS.streams[fd];
      if (!stream || !stream.tty) continue; // Module.stdin & co. set: not the TTY devices
      const ops = Object.assign({}, stream.stream_ops);
      ops.open = () => {};
      ops.close = () => {};
      ops.flush = () => {};
      ops.read = fd === 0 || ttyFds.includes(fd) ? readStdin : () => { throw new FS.ErrnoError(8 /* EBADF */); };
      ops.write = (s, buffer, offset, length) => { // buffer: HEAP8, an Int8Array
        fdBytes(fd === 0 ? 1 : fd, new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length));
        return length;
      };
      stream.stream_ops = ops;
      if (!ttyFds.includes(fd)) stream.tty = undefined;
    }
  }

  Module = {
    arguments: Array.isArray(init.args) ? init.args.slice() : [],
    locateFile: (name) => env.resolve(assetBase, name),
    preRun: [setupHome],
    print: (text) => batcher.write(text + '\r\n'),
    printErr: (text) => console.warn('pyshell:', text),
    // web/pre.js: a problem the user should see now (the rest of the stdlib did not load).
    pyshellWarn: (text) => { batcher.write('\x1b[31m' + text + '\x1b[0m\r\n'); batcher.flush(); },
    // web/pre.js is about to fetch the rest of the stdlib, synchronously. Unless the page
    // has it already (its background fetch landed: 'stdlib-prefetched'), that is a real
    // download: a toast says why Python is waiting (the terminal is left as it is).
    pyshellRestLoading: () => {
      if (!restPrefetched) notice('info', 'Loading the rest of the Python standard library…');
    },
    Py_EmscriptenSignalBuffer: signalBuffer,
    pyshellInterruptCell: cell,
    pyshellHost: hostApi,
    instantiateWasm(imports, receiveInstance) {
      loadWasm(env.resolve(assetBase, wasmName), imports).then(
        (result) => receiveInstance(result.instance, result.module),
        (error) => fatal(`Could not load ${wasmName}: ${describe(error)}`));
      return {}; // exports arrive later, through receiveInstance
    },
    onRuntimeInitialized() {
      routeStdio();
      post({ type: 'progress', phase: 'start' });
    },
    onExit(code) {
      setBusy(false);
      batcher.flush();
      try { persistHome(false); } catch (error) { console.warn('pyshell: saving files at exit failed', error); }
      post({ type: 'exit', code });
    },
    onAbort(what) {
      fatal('Python stopped: ' + describe(what));
    },
    // Leave main() by throwing (caught by Emscripten's callMain) instead of ending the
    // process: under Node that would end the thread before our messages are delivered.
    quit(status, toThrow) { throw toThrow; },
  };

  try {
    env.loadModuleScript(scriptUrl, Module);
  } catch (error) {
    console.warn('pyshell: loading', scriptUrl, 'failed:', error);
    const name = scriptUrl.replace(/^.*[\\/]/, '');
    fatal(/^(ENOENT|NetworkError)$/.test(error && (error.code || error.name)) || /failed to load|ENOENT/i.test(describe(error))
      ? `Could not load ${name} (${scriptUrl}): the web build is not in this folder. Build it (./dev.sh build) and reload.`
      : `Could not load ${name} (${scriptUrl}): ${describe(error)}`);
  }
}

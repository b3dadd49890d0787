// pyshell web/lib/worker_home.js: the worker's home folder, /home/user. In a browser it is
// HOMEFS (home_fs.js) over the store of home_store.js: filled from the store before main()
// runs, and every change kept before the system call that made it returns:
//
//   SAB:  the store runs in home_store_worker.js; each op is posted there and this worker
//         waits on shared memory for the answer (syncSink).
//   JSPI: the store runs here; each op is a Promise, and the system calls that change files
//         are suspending imports that wait for it (suspendingSyscalls(), worker_wasm.js).
//
// Under Node it is a host folder mapped with NODEFS (kept by the host's own file system).
// Files given in the init message are written first (the Node runner hands over a script
// from outside the home folder this way).
//
// Loads through importScripts and require(): defines globalThis.PyshellWorkerHome.
/* global PyshellHomeFs, PyshellHomeStore */
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellWorkerHome = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const HOME = '/home/user';
  const STORE_TIMEOUT_MS = 30000;
  // The system calls that may change a file in the home folder: under JSPI they wait for
  // the store (fd_write is wrapped with the terminal's output wait, worker_host.js). Not
  // fd_sync: Emscripten makes it a suspending import itself, which waits for the mount's
  // syncfs (home_fs.js).
  const CHANGING_SYSCALLS = ['fd_write', 'fd_pwrite', 'fd_close', '__syscall_openat',
    '__syscall_ftruncate64', '__syscall_truncate64', '__syscall_unlinkat', '__syscall_renameat',
    '__syscall_mkdirat', '__syscall_rmdir', '__syscall_fdatasync'];

  function describe(error) {
    return error && typeof error === 'object' && error.message ? error.message : String(error);
  }

  /**
   * @param {object} o {post(message, transfer), notice(level, text), isNode, homeDir, files,
   *   transport: 'sab' | 'jspi', homeMode: 'owner' | 'steal' | 'read-only',
   *   storeWorker(): a Worker running home_store_worker.js (SAB)}
   */
  function createHome(o) {
    let Module = null;
    let homeFs = null;

    /** SAB: one op to the store's worker, answered through shared memory. */
    function makeSyncSink(worker, control) {
      const { ANSWER, ERRNO } = PyshellHomeStore;
      const words = new Int32Array(control, 0, 4);
      let seq = 0;
      return (op) => {
        seq++;
        const transfer = op.data && op.data.buffer ? [op.data.buffer] : [];
        worker.postMessage({ type: 'op', seq, op }, transfer);
        const deadline = performance.now() + STORE_TIMEOUT_MS;
        for (;;) {
          const seen = Atomics.load(words, 0);
          if (seen === seq) break;
          const left = deadline - performance.now();
          if (left <= 0) return { errno: ERRNO.EIO, message: `the browser storage did not answer in ${STORE_TIMEOUT_MS / 1000} s` };
          Atomics.wait(words, 0, seen, left);
        }
        if (!words[1]) return null;
        const text = new Uint8Array(control, ANSWER.TEXT, words[2]).slice();
        return { errno: words[1], message: new TextDecoder().decode(text) || null };
      };
    }

    /** Opens the store: here (JSPI) or in its worker (SAB). Resolves {store summary, sink}. */
    function openStore() {
      if (o.transport === 'jspi') {
        return PyshellHomeStore.openStore({
          mode: o.homeMode,
          onReadOnly: (why) => { if (homeFs) homeFs.setReadOnly(why); }, // (the page hears it from the other tab)
        }).then((store) => ({ store, sink: (op) => store.apply(op) }));
      }
      return new Promise((resolve, reject) => {
        const worker = o.storeWorker();
        const control = new SharedArrayBuffer(PyshellHomeStore.ANSWER.BYTES);
        worker.onmessage = (event) => {
          const m = event.data;
          if (m.type === 'opened') resolve({ store: m, sink: makeSyncSink(worker, control) });
          else if (m.type === 'failed') reject(new Error(m.message));
        };
        worker.onerror = (event) => reject(new Error(event.message || 'the storage worker did not start'));
        worker.postMessage({ type: 'open', mode: o.homeMode, control });
      });
    }

    function fill(FS, entries) {
      homeFs.quietly(() => {
        for (const e of entries) {
          const p = HOME + '/' + e.path;
          try {
            if (e.dir) FS.mkdirTree(p);
            else {
              FS.writeFile(p, e.data);
              if (e.mtime) FS.utime(p, e.mtime, e.mtime);
            }
          } catch (error) {
            console.warn('pyshell: could not restore', p, error);
          }
        }
      });
    }

    /** Module.preRun: the home folder, filled from the store before main(), or a host folder under Node. */
    function setup(module) {
      Module = module;
      const FS = Module.FS;
      FS.mkdirTree(HOME);
      for (const file of Array.isArray(o.files) ? o.files : []) {
        FS.mkdirTree(String(file.path).replace(/\/[^/]*$/, '') || '/');
        FS.writeFile(file.path, file.data);
      }
      if (o.isNode) {
        if (o.homeDir) FS.mount(FS.filesystems.NODEFS, { root: o.homeDir }, HOME);
        return;
      }
      o.post({ type: 'progress', phase: 'files' });
      Module.addRunDependency('pyshell-home');
      const mount = (sink, wholeFiles) => {
        homeFs = PyshellHomeFs.createHomeFs({ FS, MEMFS: FS.filesystems.MEMFS, mountPoint: HOME, sink, wholeFiles });
        FS.mount(homeFs.HOMEFS, {}, HOME);
      };
      openStore().then(({ store, sink }) => {
        mount(sink, store.wholeFiles);
        fill(FS, store.entries);
        if (store.readOnly) homeFs.setReadOnly(store.readOnly);
        for (const note of store.notes) o.notice('info', note);
        o.post({ type: 'home', backend: store.backend, readOnly: store.readOnly || null });
      }, (error) => {
        mount(() => null, false);
        o.notice('error', 'Your files cannot be kept in this browser (' + describe(error) + '): they last until the tab closes.');
        o.post({ type: 'home', backend: 'memory', readOnly: null });
      }).finally(() => Module.removeRunDependency('pyshell-home'));
    }

    /**
     * JSPI: wraps the system calls that change files so that they return once the store has
     * kept the change (or with its errno). wrappers: {name: (original) → function} already
     * there (fd_write's output wait) are composed with.
     */
    function suspendingSyscalls(existing) {
      const out = Object.assign({}, existing);
      const errnoResult = (name, errno) => (name.startsWith('__syscall_') ? -errno : errno);
      for (const name of CHANGING_SYSCALLS) {
        const inner = existing[name];
        out[name] = (original) => {
          const call = inner ? inner(original) : original;
          return function (...args) {
            const r = call.apply(this, args);
            if (!homeFs || !homeFs.hasPending()) return r;
            return Promise.resolve(r).then((value) => homeFs.settle().then((errno) => (errno ? errnoResult(name, errno) : value)));
          };
        };
      }
      return out;
    }

    /**
     * Emscripten's fdatasync does nothing ("the in-memory FS is already synced"): here it is
     * the stream's fsync, as os.fsync() gets it (under JSPI it then waits for the store as
     * every changing call does: suspendingSyscalls). Not through the fd_sync import: under
     * JSPI Emscripten has made that a Suspending object already, not a function to call.
     */
    function fixImports(imports) {
      const fdatasync = (fd) => {
        try {
          const stream = Module.FS.getStreamChecked(fd);
          if (stream.stream_ops.fsync) stream.stream_ops.fsync(stream);
          return 0;
        } catch (error) {
          if (error && typeof error.errno === 'number') return -error.errno;
          throw error;
        }
      };
      for (const ns of Object.keys(imports)) {
        const table = imports[ns];
        if (table && typeof table.__syscall_fdatasync === 'function') table.__syscall_fdatasync = fdatasync;
      }
      return imports;
    }

    return {
      HOME,
      setup,
      fixImports,
      suspendingSyscalls,
      /** At the prompt: the whole-file store gets the files written since (flush() without close). */
      atPrompt() {
        if (homeFs) homeFs.flushDirty();
      },
      /** The sentence for a failed change with this errno (strerror's text for Python's OSError), once. */
      detail(errno) { return homeFs ? homeFs.detail(errno) : null; },
      /**
       * JSPI: a Promise of the errno (0: kept) once the store has every change made from
       * JavaScript (uploads); null when nothing waits (always under SAB).
       */
      settle() { return homeFs && homeFs.hasPending() ? homeFs.settle() : null; },
    };
  }

  return { createHome, HOME };
}));

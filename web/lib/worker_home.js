// pyshell web/lib/worker_home.js: the worker's home folder, /home/user. In a browser it is
// restored from IndexedDB (Emscripten's IDBFS) before main() runs, and its changed files
// are posted to the page ({type:'persist'}), which stores them (homestore.js); under Node
// it is a host folder mapped with NODEFS. Files given in the init message are written
// first (the Node runner hands over a script from outside the home folder this way).
//
// Loads through importScripts and require(): defines globalThis.PyshellWorkerHome.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellWorkerHome = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const HOME = '/home/user';
  const now = () => performance.now();

  function describe(error) {
    return error && typeof error === 'object' && error.message ? error.message : String(error);
  }

  /**
   * @param {object} o {post(message, transfer), notice(level, text), isNode, homeDir,
   *   files, persistIntervalMs}
   */
  function createHome(o) {
    let Module = null;
    let persistEnabled = false; // only after a successful restore: never overwrite saved files with nothing
    let saved = new Map();      // path -> what it was when last sent to the page
    let lastPersist = now();

    function walk(visit) {
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
    function persist(record) {
      lastPersist = now();
      if (!persistEnabled || !Module || !Module.FS) return;
      const FS = Module.FS;
      const paths = [];
      const entries = [];
      const transfer = [];
      const next = new Map();
      walk((p, st, isDir) => {
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
      o.post({ type: 'persist', mount: HOME, paths, entries }, transfer);
    }

    /**
     * Ends IDBFS's hold on the database before main() runs. IDBFS keeps its connection
     * open, and a transaction stays active until the event-loop task that used it ends:
     * if main() started inside that task (it does when the restore is the last thing
     * main() waited for), an SAB worker never returns and the page's saves would wait for
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

    /** Module.preRun: the home folder, restored before main() (IDBFS), or a host folder under Node. */
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
      const IDBFS = FS.filesystems && FS.filesystems.IDBFS;
      if (!IDBFS || typeof indexedDB === 'undefined') {
        o.notice('error', 'Your files cannot be kept in this browser (no IndexedDB): they last until the tab closes.');
        return;
      }
      FS.mount(IDBFS, {}, HOME);
      o.post({ type: 'progress', phase: 'files' });
      Module.addRunDependency('pyshell-home');
      let finished = false;
      const finish = (error) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        if (error) {
          o.notice('error', 'Your saved files could not be restored (' + describe(error) +
            '); changes in this session will not be saved, so that the saved copy stays intact.');
        } else {
          persistEnabled = true;
          persist(true);
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

    return {
      HOME,
      setup,
      persist,
      /** The page could not save: send everything with the next save. */
      forget() { saved = new Map(); },
      /** When the next timed save is due (ms from now; <= 0: now). */
      dueIn() { return lastPersist + o.persistIntervalMs - now(); },
    };
  }

  return { createHome, HOME };
}));

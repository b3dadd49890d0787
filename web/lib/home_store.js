// pyshell web/lib/home_store.js: where the home folder is kept in a browser, and who may
// change it. It answers the ops of web/lib/home_fs.js one at a time, in order, each once it
// is written (a Promise of null or {errno, message}), and gives the whole folder at start.
//
//   backend 'opfs' (Origin Private File System, the directory "pyshell-home"): a write goes
//     to the file at its offset through a synchronous access handle, kept open while Python
//     has the file open for writing (flushed and closed at its close, flushed at fsync).
//     Needs a worker (sync handles exist only there) and a secure origin, not file://.
//   backend 'idb' (where there is no OPFS, e.g. the single-file page opened from disk):
//     IndexedDB in Emscripten IDBFS's layout (database "/home/user", store "FILE_DATA", key
//     the absolute path, value {timestamp, mode, contents?}); it takes whole files
//     (`wholeFiles`), so a file is saved at its close and fsync, and at the next prompt.
//
// One owner: the Web Lock "pyshell-home" is held by the store of the one tab that may
// write. Another tab's store gets the folder read-only (ops answer EROFS), unless it was
// started to take over (steal: the first tab's lock is released and its store turns
// read-only, saying why through onReadOnly). The first OPFS start copies an IndexedDB home
// of an older pyshell into OPFS (the IndexedDB copy stays as it was).
//
// Runs in the shell's worker (JSPI) or in home_store_worker.js (SAB). Defines
// globalThis.PyshellHomeStore (importScripts, require).
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellHomeStore = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const HOME = '/home/user';
  const LOCK = 'pyshell-home';
  const OPFS_DIR = 'pyshell-home';
  const OPFS_META = 'pyshell-home.json';   // {version, migrated}: beside the folder, not in it
  const IDB_NAME = HOME;
  const IDB_VERSION = 21;
  const IDB_STORE = 'FILE_DATA';
  const ERRNO = { EIO: 29, ENOSPC: 51, EROFS: 69, ENOENT: 44 };
  const S_IFDIR = 0o040000;
  const OWNER_WAIT_MS = 3000;
  // home_store_worker.js's answer in shared memory: Int32 [0] seq answered, [1] errno,
  // [2] sentence length; the sentence's UTF-8 from byte TEXT on.
  const ANSWER = { TEXT: 16, BYTES: 16 + 4096 };

  const describe = (e) => (e && e.message ? e.message : String(e));
  const size = (n) => (n >= 1073741824 ? (n / 1073741824).toFixed(1) + ' GB'
    : n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.ceil(n / 1024) + ' KB');
  const isQuota = (e) => !!e && (e.name === 'QuotaExceededError' || /quota/i.test(String(e.message || '')));

  async function usage() {
    try {
      const e = await navigator.storage.estimate();
      return ` (${size(e.usage || 0)} used of the ${size(e.quota || 0)} this site may use)`;
    } catch (_) {
      return '';
    }
  }
  async function errorResult(error, what) {
    if (isQuota(error)) {
      return { errno: ERRNO.ENOSPC, message: `No space left: the browser's storage for this site is full${await usage()}; ${what} was not saved. Delete files (or download them) to make room.` };
    }
    if (error && error.name === 'NotFoundError') return { errno: ERRNO.ENOENT, message: null };
    return { errno: ERRNO.EIO, message: `the browser storage failed (${describe(error)}); ${what} was not saved` };
  }

  /* ---------------------------------------------------------------------------------
   * OPFS
   * ------------------------------------------------------------------------------- */
  function opfsBackend(rootDir, homeDir) {
    const dirs = new Map([['', homeDir]]);   // path -> FileSystemDirectoryHandle
    const handles = new Map();               // path -> FileSystemSyncAccessHandle
    const files = new Map();                 // path -> FileSystemFileHandle (one lookup per file, not per op)

    const split = (p) => {
      const i = p.lastIndexOf('/');
      return i < 0 ? ['', p] : [p.slice(0, i), p.slice(i + 1)];
    };
    async function dir(p, create) {
      if (dirs.has(p)) return dirs.get(p);
      const [parent, name] = split(p);
      const h = await (await dir(parent, create)).getDirectoryHandle(name, { create: !!create });
      dirs.set(p, h);
      return h;
    }
    function forget(p) { // p and everything under it ('': everything)
      const under = (key) => p === '' || key === p || key.startsWith(p + '/');
      for (const key of Array.from(dirs.keys())) if (under(key)) dirs.delete(key);
      for (const key of Array.from(files.keys())) if (under(key)) files.delete(key);
      for (const [key, h] of Array.from(handles)) {
        if (under(key)) {
          try { h.flush(); h.close(); } catch (_) { /* closed */ }
          handles.delete(key);
        }
      }
    }
    async function fileHandle(p) {
      let file = files.get(p);
      if (!file) {
        const [parent, name] = split(p);
        file = await (await dir(parent, true)).getFileHandle(name, { create: true });
        files.set(p, file);
      }
      return file;
    }
    async function handle(p) {
      let h = handles.get(p);
      if (h) return h;
      const file = await fileHandle(p);
      for (let attempt = 0; ; attempt++) {
        try {
          h = await file.createSyncAccessHandle();
          break;
        } catch (error) {
          // Another handle on the file (this origin's other tab, reading it): wait a little.
          if (error.name !== 'NoModificationAllowedError' || attempt >= 40) throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      handles.set(p, h);
      return h;
    }
    async function copyTree(from, toParent, toName) {
      if (from.kind === 'file') {
        const data = new Uint8Array(await (await from.getFile()).arrayBuffer());
        const target = await (await toParent.getFileHandle(toName, { create: true })).createSyncAccessHandle();
        try { target.truncate(0); target.write(data, { at: 0 }); target.flush(); } finally { target.close(); }
        return;
      }
      const made = await toParent.getDirectoryHandle(toName, { create: true });
      for await (const [name, child] of from.entries()) await copyTree(child, made, name);
    }

    return {
      kind: 'opfs',
      wholeFiles: false,
      async apply(op) {
        switch (op.op) {
          case 'create': await fileHandle(op.path); return;
          case 'mkdir': await dir(op.path, true); return;
          case 'write': (await handle(op.path)).write(op.data, { at: op.at }); return;
          case 'truncate': (await handle(op.path)).truncate(op.size); return;
          case 'sync': { const h = handles.get(op.path); if (h) h.flush(); return; }
          case 'close': {
            const h = handles.get(op.path);
            if (h) { handles.delete(op.path); h.flush(); h.close(); }
            return;
          }
          case 'remove': {
            forget(op.path);
            const [d, n] = split(op.path);
            try { await (await dir(d, false)).removeEntry(n, { recursive: true }); } catch (error) { if (error.name !== 'NotFoundError') throw error; }
            return;
          }
          case 'rename': {
            forget(op.from);
            forget(op.to);
            const [fd, fn] = split(op.from);
            const [td, tn] = split(op.to);
            const fromDir = await dir(fd, false);
            const toDir = await dir(td, true);
            let entry;
            try { entry = await fromDir.getFileHandle(fn); } catch (_) { entry = await fromDir.getDirectoryHandle(fn); }
            try { await toDir.removeEntry(tn, { recursive: true }); } catch (_) { /* nothing there */ }
            if (entry.kind === 'file' && typeof entry.move === 'function') {
              await entry.move(toDir, tn);
            } else { // directories cannot move in OPFS (Chromium 14x): copy, then remove
              await copyTree(entry, toDir, tn);
              await fromDir.removeEntry(fn, { recursive: true });
            }
            return;
          }
          default: throw new Error('unknown op ' + op.op);
        }
      },
      /** Every directory and file, parents first: [{path, dir, data?, mtime}]. */
      async load() {
        const out = [];
        const skipped = [];
        async function walk(handleDir, prefix) {
          for await (const [name, child] of handleDir.entries()) {
            const p = prefix ? prefix + '/' + name : name;
            if (child.kind === 'directory') {
              out.push({ path: p, dir: true });
              dirs.set(p, child);
              await walk(child, p);
            } else {
              try {
                const file = await child.getFile();
                out.push({ path: p, dir: false, data: new Uint8Array(await file.arrayBuffer()), mtime: file.lastModified });
              } catch (error) {
                skipped.push(p + ' (' + describe(error) + ')');
              }
            }
          }
        }
        await walk(homeDir, '');
        return { entries: out, skipped };
      },
      async readMeta() {
        try {
          const f = await (await rootDir.getFileHandle(OPFS_META)).getFile();
          return JSON.parse(await f.text());
        } catch (_) {
          return null;
        }
      },
      async writeMeta(meta) {
        const h = await (await rootDir.getFileHandle(OPFS_META, { create: true })).createSyncAccessHandle();
        try {
          const bytes = new TextEncoder().encode(JSON.stringify(meta));
          h.truncate(0);
          h.write(bytes, { at: 0 });
          h.flush();
        } finally {
          h.close();
        }
      },
      closeAll() { forget(''); dirs.set('', homeDir); },
    };
  }

  /* ---------------------------------------------------------------------------------
   * IndexedDB (IDBFS's layout)
   * ------------------------------------------------------------------------------- */
  function idbOpen(create) {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(IDB_NAME, IDB_VERSION);
      request.onupgradeneeded = (event) => {
        if (!create && event.oldVersion === 0) { // it did not exist: do not leave an empty one
          request.transaction.abort();
          return;
        }
        const db = request.result;
        const store = db.objectStoreNames.contains(IDB_STORE) ? request.transaction.objectStore(IDB_STORE) : db.createObjectStore(IDB_STORE);
        if (!store.indexNames.contains('timestamp')) store.createIndex('timestamp', 'timestamp', { unique: false });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => (create ? reject(request.error) : resolve(null));
      request.onblocked = () => reject(new Error('IndexedDB is held by another tab with an older pyshell'));
    });
  }
  const idbDone = (tx) => new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
    tx.onerror = (event) => event.preventDefault(); // onabort reports it
  });
  async function idbReadAll(db) {
    const tx = db.transaction([IDB_STORE], 'readonly');
    const store = tx.objectStore(IDB_STORE);
    const keys = store.getAllKeys();
    const values = store.getAll();
    await idbDone(tx);
    const out = [];
    keys.result.forEach((key, i) => {
      const v = values.result[i];
      const k = String(key);
      if (!k.startsWith(HOME + '/') || !v) return;
      const isDir = (v.mode & 0o170000) === S_IFDIR;
      out.push({ path: k.slice(HOME.length + 1), dir: isDir, data: isDir ? undefined : new Uint8Array(v.contents || []), mtime: +v.timestamp || 0 });
    });
    out.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
    return out;
  }

  function idbBackend(db) {
    const put = (store, path, isDir, data) => store.put(
      isDir ? { timestamp: new Date(), mode: S_IFDIR | 0o777 } : { timestamp: new Date(), mode: 0o100666, contents: data || new Uint8Array(0) },
      HOME + '/' + path);
    async function run(fn) {
      const tx = db.transaction([IDB_STORE], 'readwrite');
      const store = tx.objectStore(IDB_STORE);
      await fn(store);
      await idbDone(tx);
    }
    const under = (store, p) => new Promise((resolve) => {
      const r = store.getAllKeys(IDBKeyRange.bound(HOME + '/' + p + '/', HOME + '/' + p + '/\uffff'));
      r.onsuccess = () => resolve(r.result);
    });
    return {
      kind: 'idb',
      wholeFiles: true,
      async apply(op) {
        switch (op.op) {
          case 'create': return run((s) => put(s, op.path, false));
          case 'mkdir': return run((s) => put(s, op.path, true));
          case 'sync': case 'close': return run((s) => put(s, op.path, false, op.data));
          case 'remove': return run(async (s) => {
            s.delete(HOME + '/' + op.path);
            for (const k of await under(s, op.path)) s.delete(k);
          });
          case 'rename': return run(async (s) => {
            const keys = [HOME + '/' + op.from, ...(await under(s, op.from))];
            const values = await Promise.all(keys.map((k) => new Promise((resolve) => { const r = s.get(k); r.onsuccess = () => resolve(r.result); })));
            for (const k of await under(s, op.to)) s.delete(k);
            keys.forEach((k, i) => {
              if (!values[i]) return;
              s.delete(k);
              s.put(values[i], HOME + '/' + op.to + k.slice(HOME.length + 1 + op.from.length));
            });
          });
          case 'write': case 'truncate': return undefined; // whole files only
          default: throw new Error('unknown op ' + op.op);
        }
      },
      async load() { return { entries: await idbReadAll(db), skipped: [] }; },
      closeAll() {},
    };
  }

  /* ---------------------------------------------------------------------------------
   * The store: backend, lock, queue.
   * ------------------------------------------------------------------------------- */
  /**
   * @param {object} o {mode: 'owner' | 'steal' | 'read-only', onReadOnly(sentence): another
   *   tab took the files over}
   * Resolves {backend, wholeFiles, readOnly (sentence or null), entries, notes: [text]}.
   */
  async function openStore(o) {
    const notes = [];
    let backend = null;
    if (typeof navigator === 'object' && navigator.storage && typeof navigator.storage.getDirectory === 'function') {
      try {
        const rootDir = await navigator.storage.getDirectory();
        const homeDir = await rootDir.getDirectoryHandle(OPFS_DIR, { create: true });
        backend = opfsBackend(rootDir, homeDir);
      } catch (error) {
        // (file:// pages in Chromium: SecurityError) IndexedDB then; the page's badge says which
        console.info('pyshell: no Origin Private File System here (' + describe(error) + '): the home folder is kept in IndexedDB');
      }
    }
    if (!backend) {
      if (typeof indexedDB === 'undefined') throw new Error('this browser offers neither the Origin Private File System nor IndexedDB (private mode?)');
      backend = idbBackend(await idbOpen(true));
    }

    /* ---- the owner lock ---- */
    let readOnly = null;
    const locks = typeof navigator === 'object' && navigator.locks;
    if (o.mode === 'read-only') {
      readOnly = 'this tab opened your files read-only (pyshell is open in another tab, which saves them)';
    } else if (locks) {
      let granted = false;
      const got = new Promise((resolve) => {
        // 'owner': wait a little for a worker that is going away (a reload's old page).
        const options = o.mode === 'steal' ? { steal: true } : { signal: AbortSignal.timeout(OWNER_WAIT_MS) };
        locks.request(LOCK, options, (lock) => {
          resolve(!!lock);
          if (!lock) return null;
          granted = true;
          return new Promise(() => {}); // held until the tab goes, or another takes over
        }).catch(() => {
          if (!granted) { resolve(false); return; }
          readOnly = 'pyshell was opened in another tab, which now keeps your files: this tab can no longer save them (Take over, or a reload, takes them back)';
          backend.closeAll();
          if (o.onReadOnly) o.onReadOnly(readOnly);
        });
      });
      if (!(await got)) readOnly = 'pyshell is open in another tab, which saves your files: this tab has them read-only';
    }

    /* ---- migration from the IndexedDB home of earlier versions (once) ---- */
    if (backend.kind === 'opfs' && !readOnly) {
      const meta = await backend.readMeta();
      if (!meta || !meta.migrated) {
        const db = await idbOpen(false).catch(() => null);
        let moved = 0;
        if (db) {
          try {
            for (const e of await idbReadAll(db)) {
              if (e.dir) await backend.apply({ op: 'mkdir', path: e.path });
              else {
                await backend.apply({ op: 'truncate', path: e.path, size: 0 });
                if (e.data.length) await backend.apply({ op: 'write', path: e.path, at: 0, data: e.data });
                await backend.apply({ op: 'close', path: e.path });
                moved++;
              }
            }
          } finally {
            db.close();
          }
        }
        await backend.writeMeta({ version: 1, migrated: true, from: db ? 'indexeddb' : null, files: moved });
        if (moved) notes.push(`Your ${moved} saved file${moved === 1 ? '' : 's'} moved to this browser's file system (the old IndexedDB copy is kept).`);
      }
    }

    const { entries, skipped } = await backend.load();
    if (skipped.length) notes.push('Some files could not be read (another tab has them open): ' + skipped.slice(0, 5).join(', '));

    let chain = Promise.resolve();
    return {
      backend: backend.kind,
      wholeFiles: backend.wholeFiles,
      get readOnly() { return readOnly; },
      entries,
      notes,
      /** One op, after every earlier one: null, or {errno, message}. */
      apply(op) {
        const run = async () => {
          if (readOnly) return { errno: ERRNO.EROFS, message: readOnly };
          try {
            await backend.apply(op);
            return null;
          } catch (error) {
            const what = op.path ? `"${op.path}"` : op.to ? `"${op.to}"` : 'the change';
            return errorResult(error, what);
          }
        };
        const result = chain.then(run, run);
        chain = result.catch(() => {});
        return result;
      },
    };
  }

  return { openStore, LOCK, HOME, OPFS_DIR, IDB_NAME, ERRNO, ANSWER };
}));

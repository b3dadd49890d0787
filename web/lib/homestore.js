// pyshell web/lib/homestore.js: saves the user's home folder (/home/user) into IndexedDB
// from the page's main thread, in exactly the layout Emscripten's IDBFS uses, so the
// worker restores it at start with IDBFS's own FS.syncfs(true).
//
// Why the page saves and not the worker: IDBFS's syncfs(false) needs IndexedDB callbacks,
// which only run when the worker returns to its event loop, and a worker running the
// REPL never does (it is blocked in wasm, or in Atomics.wait for a key). So at each
// prompt the worker walks the home folder and posts {type:'persist', ...} with the changed
// files; this module applies that snapshot in one IndexedDB transaction.
//
// IDBFS layout (Emscripten 3.1.6 library_idbfs.js): database named after the mount point
// ("/home/user"), version 21, object store "FILE_DATA" with an index "timestamp"; key =
// absolute path; value = {timestamp: Date, mode: number, contents?: Uint8Array} (contents
// for files only).
//
// Loads as a classic <script> and with require()/import from Node: defines
// globalThis.PyshellHomeStore and module.exports.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellHomeStore = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const DB_VERSION = 21;
  const STORE = 'FILE_DATA';

  function isQuotaError(error) {
    if (!error) return false;
    const name = String(error.name || '');
    return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
      /quota/i.test(String(error.message || ''));
  }

  class HomeStore {
    /** @param {{indexedDB?: IDBFactory, dbName?: string, timeoutMs?: number}} [options] */
    constructor(options) {
      const o = options || {};
      this.indexedDB = o.indexedDB || (typeof indexedDB !== 'undefined' ? indexedDB : null);
      this.dbName = o.dbName || '/home/user';
      this.timeoutMs = o.timeoutMs || 20000;
      this._db = null;
      this._chain = Promise.resolve();
    }

    _open() {
      if (this._db) return Promise.resolve(this._db);
      if (!this.indexedDB) return Promise.reject(new Error('this browser offers no IndexedDB (private mode?)'));
      return new Promise((resolve, reject) => {
        let request;
        try {
          request = this.indexedDB.open(this.dbName, DB_VERSION);
        } catch (error) {
          reject(error);
          return;
        }
        request.onupgradeneeded = (event) => {
          // The same upgrade IDBFS does, so either side may create the database.
          const db = request.result;
          const tx = event.target.transaction;
          const store = db.objectStoreNames.contains(STORE) ? tx.objectStore(STORE) : db.createObjectStore(STORE);
          if (!store.indexNames.contains('timestamp')) store.createIndex('timestamp', 'timestamp', { unique: false });
        };
        request.onsuccess = () => {
          this._db = request.result;
          this._db.onversionchange = () => { this._db.close(); this._db = null; };
          resolve(this._db);
        };
        request.onerror = () => reject(request.error || new Error('IndexedDB open failed'));
        request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab holding an old version'));
      });
    }

    /**
     * Applies one snapshot: {paths: [every path under the mount now], entries: [{path,
     * mode, timestamp (ms), contents?}]}. Stored paths not listed are deleted. Calls are
     * queued, so snapshots land in the order they were given. Resolves when committed.
     */
    apply(snapshot) {
      const run = () => this._open().then((db) => new Promise((resolve, reject) => {
        const keep = new Set(snapshot.paths);
        let tx;
        try {
          tx = db.transaction([STORE], 'readwrite');
        } catch (error) {
          reject(error);
          return;
        }
        const store = tx.objectStore(STORE);
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
        tx.onerror = (event) => { event.preventDefault(); };  // the abort handler reports it
        try {
          for (const e of snapshot.entries) {
            const value = { timestamp: new Date(e.timestamp), mode: e.mode };
            if (e.contents) value.contents = e.contents;
            store.put(value, e.path);
          }
          const keys = store.getAllKeys();
          keys.onsuccess = () => {
            for (const key of keys.result) if (!keep.has(key)) store.delete(key);
          };
        } catch (error) {
          try { tx.abort(); } catch (_) { /* already finished */ }
          reject(error);
        }
      }));
      const guarded = () => new Promise((resolve, reject) => {
        // A transaction can wait forever behind another connection's (e.g. a stuck tab):
        // report it instead of queueing every later save behind it.
        const timer = setTimeout(() => reject(new Error('the browser storage did not answer in time')), this.timeoutMs);
        run().then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
      });
      const result = this._chain.then(guarded, guarded);
      this._chain = result.catch(() => {});
      return result;
    }

    /** Resolves once every snapshot given so far has been written (or failed). */
    whenIdle() {
      return this._chain;
    }
  }

  return { HomeStore, isQuotaError, DB_VERSION, STORE };
}));

// pyshell web/lib/home_fs.js: HOMEFS, the Emscripten file system mounted at /home/user in
// a browser. Python reads and writes it as MEMFS (every byte is in memory); each change is
// also handed, before the system call returns, to a store that keeps it in the browser
// (web/lib/home_store.js: the Origin Private File System, or IndexedDB where there is none):
//
//   Python ─ open/write/close/rename/unlink ─▶ Emscripten FS ─▶ HOMEFS node and stream ops
//                                                                  │ 1. MEMFS does the change
//                                                                  │ 2. sink(op): the store
//      SAB:  home_store_worker.js (a worker of this worker) ◀──────┤    keeps it; Atomics.wait
//            answers through shared memory                         │    for its answer
//      JSPI: home_store.js in this worker ◀────────────────────────┘    a Promise, awaited by
//            the suspending system call (worker_wasm.js)                the suspended import
//
// The ops (all paths relative to the home folder): {op:'create'|'mkdir', path},
// {op:'write', path, at, data}, {op:'truncate', path, size}, {op:'remove', path},
// {op:'rename', from, to}, {op:'close'|'sync', path, data?}. A store that cannot write at
// an offset (IndexedDB) says `wholeFiles`: writes then only mark the file, and close/fsync
// (and the prompt, through flushDirty) send its whole content.
//
// A failed op undoes what MEMFS did where that matters (a write that grew the file, a file
// that was created) and becomes the system call's errno (ENOSPC for a full quota, EROFS
// when another tab owns the home folder); its sentence is kept for strerror (detail()).
//
// Loads through importScripts and require(): defines globalThis.PyshellHomeFs.
(function (root, factory) {
  'use strict';
  const api = factory();
  root.PyshellHomeFs = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  const ERRNO = { EIO: 29, ENOSPC: 51, EROFS: 69 }; // Emscripten's (WASI) numbers
  const O_ACCMODE = 3;
  const S_IFMT = 0o170000;
  const S_IFDIR = 0o040000;
  const S_IFREG = 0o100000;

  /**
   * @param {object} o {FS, MEMFS, mountPoint,
   *   sink(op) → null | {errno, message} (synchronous) | Promise of the same (JSPI),
   *   wholeFiles: the store takes whole files at close/fsync, not writes}
   */
  function createHomeFs(o) {
    const { FS, MEMFS } = o;
    let quiet = 0;            // > 0: changes are not handed to the store (restoring it)
    let readOnly = null;      // a sentence: the home folder cannot be changed, and why
    let lastDetail = null;    // {errno, message}: the last failure's sentence, for strerror
    const pending = [];       // JSPI: [{promise, undo}] for the system call in progress
    const dirty = new Set();  // wholeFiles: nodes written since their last whole-file save

    function rel(node) {
      const full = FS.getPath(node);
      const base = o.mountPoint;
      return full === base ? '' : full.slice(base.length + 1);
    }
    /** A node still in the tree (not an open file whose name was unlinked). */
    function linked(node) {
      for (let n = node; n.parent !== n; n = n.parent) {
        if (!n.parent.contents || n.parent.contents[n.name] !== n) return false;
      }
      return true;
    }
    function fail(result) {
      lastDetail = { errno: result.errno, message: result.message || null };
      return new FS.ErrnoError(result.errno);
    }
    function checkWritable() {
      if (readOnly && !quiet) throw fail({ errno: ERRNO.EROFS, message: readOnly });
    }
    /** Hands one op to the store; a synchronous failure undoes and throws, a Promise waits in `pending`. */
    function send(op, undo) {
      if (quiet) return;
      let result;
      try {
        result = o.sink(op);
      } catch (error) {
        result = { errno: ERRNO.EIO, message: 'the browser storage failed: ' + String(error && error.message || error) };
      }
      if (result && typeof result.then === 'function') {
        pending.push({ promise: result, undo });
        return;
      }
      if (result && result.errno) {
        if (undo) undo();
        throw fail(result);
      }
    }
    function fileData(node) { return MEMFS.getFileDataAsTypedArray(node).slice(); }
    function saveWhole(node, kind) {
      dirty.delete(node);
      send({ op: kind, path: rel(node), data: fileData(node) });
    }

    const fileNode = {
      getattr: (node) => MEMFS.node_ops.getattr(node),
      setattr(node, attr) {
        if (attr.size !== undefined) checkWritable();
        const before = node.usedBytes;
        MEMFS.node_ops.setattr(node, attr);
        if (attr.size === undefined || !FS.isFile(node.mode) || !linked(node)) return;
        if (o.wholeFiles) {
          dirty.add(node);
          if (attr.size === 0 || before === 0) saveWhole(node, 'sync'); // open('w'): the common case, cheap
        } else {
          send({ op: 'truncate', path: rel(node), size: attr.size });
        }
      },
    };
    const fileStream = {
      llseek: (...a) => MEMFS.stream_ops.llseek(...a),
      read: (...a) => MEMFS.stream_ops.read(...a),
      mmap: (...a) => MEMFS.stream_ops.mmap(...a),
      msync(stream, buffer, offset, length) {
        fileStream.write(stream, buffer, 0, length, offset, false);
        return 0;
      },
      write(stream, buffer, offset, length, position, canOwn) {
        checkWritable();
        const node = stream.node;
        const before = node.usedBytes;
        const n = MEMFS.stream_ops.write(stream, buffer, offset, length, position, canOwn);
        if (!n || !linked(node)) return n;
        if (o.wholeFiles) {
          dirty.add(node);
          return n;
        }
        const undo = () => { if (node.usedBytes > before) node.usedBytes = before; };
        send({ op: 'write', path: rel(node), at: position, data: buffer.slice(offset, offset + n) }, undo);
        return n;
      },
      fsync(stream) {
        const node = stream.node;
        if (!linked(node) || quiet) return 0;
        if (o.wholeFiles) saveWhole(node, 'sync');
        else send({ op: 'sync', path: rel(node) });
        return 0;
      },
      close(stream) {
        const node = stream.node;
        if ((stream.flags & O_ACCMODE) === 0 || !linked(node) || quiet) return;
        if (o.wholeFiles) {
          if (dirty.has(node)) saveWhole(node, 'close');
          return;
        }
        // The store closes its handle once no other stream writes to the file.
        const others = FS.streams.some((s) => s && s !== stream && s.node === node && (s.flags & O_ACCMODE) !== 0);
        send({ op: others ? 'sync' : 'close', path: rel(node) });
      },
    };
    const dirNode = {
      getattr: (node) => MEMFS.node_ops.getattr(node),
      setattr: (node, attr) => MEMFS.node_ops.setattr(node, attr),
      lookup: (parent, name) => MEMFS.node_ops.lookup(parent, name),
      readdir: (node) => MEMFS.node_ops.readdir(node),
      readlink: (node) => MEMFS.node_ops.readlink(node),
      mknod(parent, name, mode, dev) {
        checkWritable();
        const node = adopt(MEMFS.node_ops.mknod(parent, name, mode, dev));
        const kind = (mode & S_IFMT) === S_IFDIR ? 'mkdir' : (mode & S_IFMT) === S_IFREG ? 'create' : null;
        if (kind && linked(node)) {
          send({ op: kind, path: rel(node) }, () => { if (parent.contents[name] === node) delete parent.contents[name]; FS.hashRemoveNode(node); });
        }
        return node;
      },
      symlink(parent, newname, oldpath) {
        checkWritable();
        return adopt(MEMFS.node_ops.symlink(parent, newname, oldpath)); // kept in memory only
      },
      rename(oldNode, newDir, newName) {
        checkWritable();
        const from = rel(oldNode);
        MEMFS.node_ops.rename(oldNode, newDir, newName);
        // (FS.rename re-hashes the node after this returns; rel() needs the new parent now)
        const to = (rel(newDir) ? rel(newDir) + '/' : '') + newName;
        if (FS.isFile(oldNode.mode) || FS.isDir(oldNode.mode)) send({ op: 'rename', from, to });
      },
      unlink(parent, name) {
        checkWritable();
        const node = parent.contents[name];
        const path = node ? rel(node) : null;
        MEMFS.node_ops.unlink(parent, name);
        if (node && (FS.isFile(node.mode) || FS.isDir(node.mode))) {
          dirty.delete(node);
          send({ op: 'remove', path });
        }
      },
      rmdir(parent, name) {
        checkWritable();
        const node = parent.contents[name];
        const path = node ? rel(node) : null;
        MEMFS.node_ops.rmdir(parent, name);
        if (path !== null) send({ op: 'remove', path });
      },
    };
    const dirStream = { llseek: (...a) => MEMFS.stream_ops.llseek(...a) };

    /** Gives a node MEMFS made this file system's ops. */
    function adopt(node) {
      if (FS.isDir(node.mode)) {
        node.node_ops = dirNode;
        node.stream_ops = dirStream;
      } else if (FS.isFile(node.mode)) {
        node.node_ops = fileNode;
        node.stream_ops = fileStream;
      }
      return node;
    }

    /**
     * JSPI: waits for the store's answers to the ops handed over so far; resolves to the
     * first failure's errno (its undo done, its sentence kept) or 0.
     */
    async function settle() {
      let errno = 0;
      while (pending.length) {
        const { promise, undo } = pending.shift();
        let result;
        try {
          result = await promise;
        } catch (error) {
          result = { errno: ERRNO.EIO, message: 'the browser storage failed: ' + String(error && error.message || error) };
        }
        if (result && result.errno && !errno) {
          if (undo) undo();
          fail(result);
          errno = result.errno;
        }
      }
      return errno;
    }

    const HOMEFS = {
      mount(mount) { return adopt(MEMFS.mount(mount)); },
      // fsync()'s wait under JSPI: Emscripten's fd_sync (a suspending import there) calls
      // the stream's fsync, then this, and returns when the callback is called.
      syncfs(mount, populate, callback) {
        settle().then((errno) => callback(errno ? new FS.ErrnoError(errno) : null));
      },
    };

    return {
      HOMEFS,
      /** Runs fn without handing anything to the store (filling the home folder from it). */
      quietly(fn) {
        quiet++;
        try { return fn(); } finally { quiet--; }
      },
      /** From now on every change fails with EROFS, `why` its sentence (null: writable again). */
      setReadOnly(why) { readOnly = why || null; },
      /** JSPI: true while the system call in progress has ops the store has not answered. */
      hasPending() { return pending.length > 0; },
      settle,
      /** wholeFiles: saves every file written since its last save (at the prompt). */
      flushDirty() {
        for (const node of Array.from(dirty)) {
          if (linked(node)) saveWhole(node, 'sync');
          else dirty.delete(node);
        }
      },
      /** The sentence of the last failure with this errno (once), for strerror. */
      detail(errno) {
        if (!lastDetail || lastDetail.errno !== errno) return null;
        const m = lastDetail.message;
        lastDetail = null;
        return m;
      },
      ERRNO,
    };
  }

  return { createHomeFs, ERRNO };
}));

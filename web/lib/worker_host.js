// pyshell web/lib/worker_host.js: Module.pyshellHost, the functions the C++ side calls from
// inside wasm (web/shell_main.cpp's EM_JS), the standard streams fd 0/1/2, the page's
// requests and the inspector queue, over either transport's channel (channel_sab.js,
// channel_jspi.js). What waits (readInput, sleep, a read of fd 0) is written once as a
// step function that the channel runs: blocking in Atomics.wait (SAB), or as a Promise
// the wasm suspends on (JSPI), which the EM_JS callers accept either way.
//
//   readInput(maxBytes, timeoutMs) → Uint8Array | null (timeout, resize, inspector requests
//                                    waiting) | empty (input closed); or a Promise of it
//   writeOutput(bytes) (or a Promise under JSPI: the output window is full),
//   outputBackpressure() (that Promise alone), flush(), terminalSize(), sizeChanged()
//   sleep(ms) → true if woken early by an interrupt (or a Promise of it)
//   idle()    at every fresh prompt: requests, notices, files flushed but not closed (IDB)
//   errnoDetail(errno) → the sentence of the home folder's last refused change, or null
//   inspectNext() / inspectTake() / inspectReply(bytes) / inspectSubscribed()
//   download(path) → bool
//
// Loads through importScripts and require(): defines globalThis.PyshellWorkerHost.
(function (root, factory) {
  'use strict';
  const api = factory(root);
  root.PyshellWorkerHost = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  const P = root.PyshellProtocol || require('./protocol.js');
  const now = () => performance.now();
  const done = (value) => ({ done: true, value });
  const EINTR = 27; // Emscripten's errno numbers (ERRNO_CODES)
  const EAGAIN = 6;
  const EBADF = 8;
  const MAX_UNZIPPED = 512 * 1048576; // Import .zip: at most this much unpacked (it all sits in memory)

  function describe(error) {
    return error && typeof error === 'object' && error.message ? error.message : String(error);
  }

  /**
   * @param {object} o {channel, batcher, home (worker_home.js), post(message, transfer),
   *   notice(level, text), getModule(), options: {ttyFds, onlcr, splitOutput},
   *   zipLibrary() → fflate}
   */
  function createHost(o) {
    const { channel, batcher, home } = o;
    const HOME = home.HOME;
    const options = o.options || {};
    const ttyFds = Array.isArray(options.ttyFds) ? options.ttyFds : [0, 1, 2];
    const onlcr = options.onlcr !== false;
    const splitOutput = !!options.splitOutput;
    const textEncoder = new TextEncoder();
    const textDecoder = new TextDecoder();

    let outputFd = 1;              // the fd of the bytes pending in the batcher (splitOutput)
    let ready = false;
    let busy = null;               // unknown until the first setBusy, which is always reported
    let restPrefetched = false;
    const terminalNotices = [];    // red lines to print at the next prompt (idle)
    const inspectQueue = [];       // Request JSON texts, oldest first
    let inspectAnnounced = false;  // readInput has returned null for the queued requests
    let inspectBytes = null;       // inspectQueue[0] encoded, between inspectNext and inspectTake
    let inspectSubscribed = false; // a snapshot after every entry
    let leftover = null;           // bytes read for fd 0 past a newline (terminal fd 0)

    /* ---- state reported to the page ---- */
    function markReady() {
      if (ready) return;
      ready = true;
      o.post({ type: 'ready' });
    }
    function setBusy(value) {
      channel.setBusy(value);
      if (busy === value) return;
      busy = value;
      o.post({ type: 'state', busy: value });
    }

    /* ---- output ---- */
    /** The shell's gathered output (web/shell_main.cpp's JsSink) into the batcher now. */
    let flushFailed = false;
    function flushProgramOutput() {
      const M = o.getModule();
      if (!M || !M._pyshell_flush_output) return;
      try {
        M._pyshell_flush_output();
      } catch (error) {
        // Called from CPython's signal check, whose JavaScript swallows every exception:
        // say it here, once, or output would vanish without a word.
        if (flushFailed) return;
        flushFailed = true;
        console.error('pyshell: handing the output over failed', error);
        o.notice('error', 'pyshell: some output could not be shown (' + describe(error) + ')');
      }
    }

    /** Bytes from fd 1/2 (or shell output, fd 1); with splitOutput, a change of fd flushes first. */
    function fdBytes(fd, bytes) {
      if (splitOutput && fd !== outputFd) {
        batcher.flush();
        outputFd = fd;
      }
      if (onlcr) batcher.writeOnlcr(bytes);
      else batcher.write(bytes);
    }
    /** The batcher's post(): one output message, then the channel's backpressure. */
    function postOutput(bytes) {
      const n = bytes.length; // read before the transfer empties `bytes`
      o.post(splitOutput ? { type: 'output', data: bytes, fd: outputFd } : { type: 'output', data: bytes }, [bytes.buffer]);
      channel.afterOutput(n);
    }

    /* ---- requests from the page (the mailbox, or JSPI request messages) ---- */
    function homePath(name) {
      let rel = String(name || '').trim().replace(/^~\//, '').replace(/^\/home\/user\//, '');
      if (!rel || rel.startsWith('/') || rel.split('/').some((part) => part === '..' || part === '.')) return null;
      rel = rel.replace(/\/+/g, '/').replace(/\/$/, '');
      return rel ? HOME + '/' + rel : null;
    }
    function uploadName(name) {
      const n = String(name || '');
      if (!n || n === '.' || n === '..' || /[/\\\0]/.test(n) || /[\x00-\x1f\x7f]/.test(n)) return null;
      if (textEncoder.encode(n).length > 255) return null;
      return n;
    }

    /** One request; true when it changed the home folder. */
    function handleRequest(header, payload) {
      try {
        P.checkRequest(header);
      } catch (error) {
        console.warn('pyshell worker:', describe(error));
        return false;
      }
      const FS = o.getModule().FS;
      switch (header.type) {
        case 'upload': {
          const name = uploadName(header.name);
          if (!name) {
            o.notice('error', `Refused to upload "${header.name}": a file name may not be empty, "..", or contain slashes.`);
            return false;
          }
          try {
            FS.writeFile(HOME + '/' + name, payload);
            afterChange(`Uploaded ${name} to ~/${name} (${payload.length} bytes).`, `Could not save the upload ${name}`);
            return true;
          } catch (error) {
            o.notice('error', `Could not save the upload ${name}: ${fsError(error)}.`);
            return false;
          }
        }
        case 'download-request': {
          const p = homePath(header.name);
          if (!p) {
            o.notice('error', `"${header.name}" is not a file name inside your home folder.`);
            return false;
          }
          if (!api.download(p)) o.notice('error', `There is no file ~/${p.slice(HOME.length + 1)} to download.`);
          return false;
        }
        case 'export-home': exportHome(); return false;
        case 'import-zip': return importZip(header.name, payload);
        case 'notice': terminalNotices.push(String(header.text)); return false;
        case 'inspect': inspectQueue.push(String(header.json)); return false;
        case 'stdlib-prefetched': restPrefetched = true; return false;
        case 'inspect-subscribe':
          inspectSubscribed = !!header.on;
          if (inspectSubscribed) inspectQueue.push('{"kind":"request","op":"snapshot"}'); // one now
          return false;
        default:
          return false;
      }
    }

    /** Handles every request waiting in the channel. */
    function serviceRequests() {
      const M = o.getModule();
      if (!M || !M.FS) return;
      for (const r of channel.takeRequests()) handleRequest(r.header, r.payload);
    }

    /** An FS error in words: the home folder's sentence when it refused the change. */
    function fsError(error) {
      const detail = error && error.errno ? home.detail(error.errno) : null;
      return detail || describe(error);
    }
    /** After a change made from here: `ok` once the store has it (JSPI waits for it), else why not. */
    function afterChange(ok, failed) {
      const report = (errno) => {
        if (errno) o.notice('error', `${failed}: ${home.detail(errno) || 'error ' + errno}.`);
        else if (ok) o.notice('info', ok);
      };
      // (SAB: the store has answered already, and a Promise's callback would wait until
      // this worker next returns to its event loop, which a waiting prompt never does.)
      const pending = home.settle();
      if (pending) pending.then(report);
      else report(0);
    }

    /** The whole home folder as pyshell-home.zip (a download). */
    function exportHome() {
      const FS = o.getModule().FS;
      const files = {};
      let count = 0;
      (function walk(dir, prefix) {
        for (const name of FS.readdir(dir)) {
          if (name === '.' || name === '..') continue;
          const p = dir + '/' + name;
          const st = FS.lstat(p);
          if (FS.isDir(st.mode)) {
            files[prefix + name + '/'] = new Uint8Array(0);
            walk(p, prefix + name + '/');
          } else if (FS.isFile(st.mode)) {
            files[prefix + name] = [FS.readFile(p), { mtime: st.mtime }];
            count++;
          }
        }
      }(HOME, ''));
      const data = o.zipLibrary().zipSync(files, { level: 6 });
      o.post({ type: 'download', name: 'pyshell-home.zip', data }, [data.buffer]);
      o.notice('info', `Exported ${count} file${count === 1 ? '' : 's'} as pyshell-home.zip (${data.length} bytes).`);
    }

    /** Unpacks a .zip into the home folder (names checked: nothing outside it). */
    function importZip(name, payload) {
      const FS = o.getModule().FS;
      let entries;
      try {
        let total = 0; // what it unpacks to, before unpacking: a zip bomb is refused, not unpacked
        entries = o.zipLibrary().unzipSync(payload, {
          filter(file) {
            total += file.originalSize;
            if (total > MAX_UNZIPPED) throw new Error(`it would unpack to more than ${MAX_UNZIPPED / 1048576} MB`);
            return true;
          },
        });
      } catch (error) {
        o.notice('error', `${name} is not a zip file that can be read (${describe(error)}).`);
        return false;
      }
      const names = Object.keys(entries);
      const bad = names.find((n) => n.startsWith('/') || n.includes('\\') || n.split('/').some((part) => part === '..'));
      if (bad !== undefined) {
        o.notice('error', `Refused ${name}: the entry "${bad}" would be written outside your home folder.`);
        return false;
      }
      let count = 0;
      try {
        for (const n of names.sort()) {
          const p = HOME + '/' + n.replace(/\/+$/, '');
          if (n.endsWith('/')) { FS.mkdirTree(p); continue; }
          FS.mkdirTree(p.replace(/\/[^/]*$/, ''));
          FS.writeFile(p, entries[n]);
          count++;
        }
      } catch (error) {
        o.notice('error', `Importing ${name} stopped after ${count} files: ${fsError(error)}.`);
        return true;
      }
      afterChange(`Imported ${count} file${count === 1 ? '' : 's'} from ${name} into your home folder.`, `Importing ${name} failed`);
      return true;
    }

    function printTerminalNotices() {
      while (terminalNotices.length) batcher.write('\x1b[31m' + terminalNotices.shift() + '\x1b[0m\r\n');
    }

    /* ---- Module.pyshellHost ---- */
    const api = {
      readInput(maxBytes, timeoutMs) {
        const max = Math.max(1, Math.floor(Number(maxBytes)) || 1);
        const limit = timeoutMs === undefined || timeoutMs === null ? -1 : Number(timeoutMs);
        batcher.flush();
        markReady();
        if (busy !== false) channel.clearInterrupt(); // an interrupt that came after the code finished
        setBusy(false);
        const deadline = limit < 0 ? Infinity : now() + limit;
        return channel.run(() => {
          serviceRequests();
          batcher.flush();
          if (inspectQueue.length && !inspectAnnounced) { // the caller serves them, then reads again
            inspectAnnounced = true;
            return done(null);
          }
          const bytes = channel.tryRead(max);
          if (bytes) {
            setBusy(true);
            return done(bytes);
          }
          if (channel.closed) return done(new Uint8Array(0));
          if (channel.resizedSinceLook()) return done(null); // once per resize, even one between two reads
          const left = deadline - now();
          if (left <= 0) return done(null);
          return { wait: left };
        });
      },

      /**
       * Queues terminal output (copied; a Uint8Array, e.g. a HEAPU8 view, or a string).
       * Under JSPI it may answer a Promise: the output window is full (backpressure).
       */
      writeOutput(bytes) {
        if (splitOutput && outputFd !== 1) {
          batcher.flush();
          outputFd = 1;
        }
        batcher.write(bytes);
        return channel.backpressure();
      },

      /** Under JSPI a Promise while the page has more than its window of output not drawn; else undefined. */
      outputBackpressure() { return channel.backpressure(); },

      flush() { batcher.flush(); },
      terminalSize() { return channel.size(); },
      sizeChanged() { return channel.takeSizeChanged(); },

      sleep(ms) {
        batcher.flush();
        const deadline = now() + Math.max(0, Number(ms) || 0);
        return channel.run(() => {
          if (channel.interruptPending()) return done(true);
          const left = deadline - now();
          return left <= 0 ? done(false) : { wait: left };
        });
      },

      idle() {
        markReady();
        serviceRequests();
        printTerminalNotices();
        home.atPrompt();
        batcher.flush();
      },

      inspectNext() {
        if (!inspectQueue.length) {
          inspectAnnounced = false;
          inspectBytes = null;
          return -1;
        }
        inspectBytes = textEncoder.encode(inspectQueue[0]);
        return inspectBytes.length;
      },
      inspectTake() {
        const bytes = inspectBytes || textEncoder.encode(inspectQueue[0] || '');
        inspectQueue.shift();
        inspectBytes = null;
        return bytes;
      },
      inspectReply(bytes) {
        batcher.flush();
        o.post({ type: 'inspect', json: textDecoder.decode(bytes) });
      },
      inspectSubscribed() { return inspectSubscribed; },
      errnoDetail(errno) { return home.detail(errno); },

      download(path) {
        const FS = o.getModule().FS;
        try {
          const abs = String(path).startsWith('/') ? String(path) : FS.cwd().replace(/\/$/, '') + '/' + path;
          const st = FS.stat(abs);
          if (!FS.isFile(st.mode)) return false;
          const data = FS.readFile(abs);
          o.post({ type: 'download', name: abs.replace(/^.*\//, ''), data }, [data.buffer]);
          return true;
        } catch (_) {
          return false;
        }
      },
    };

    /** JSPI: the fd_write import, suspended after a write while the output window is full. */
    function wrapFdWrite(fdWrite) {
      return (fd, iov, iovcnt, pnum) => {
        const r = fdWrite(fd, iov, iovcnt, pnum);
        const wait = fd === 1 || fd === 2 ? channel.backpressure() : undefined;
        return wait ? wait.then(() => r) : r;
      };
    }

    /* ---- fd 0 ---- */
    function stdinReadable() {
      return !!leftover || channel.hasInput() || channel.closed || channel.interruptPending();
    }

    /**
     * The standard streams fd 0, 1, 2 (Emscripten's TTY devices) get stream operations of
     * their own: writes go to the batcher (fdBytes); a read of fd 0 waits until at least one
     * byte is there and returns what is (like a pipe, or a raw terminal), 0 at end of
     * input, EINTR when an interrupt is pending, so that CPython's read loop checks signals
     * and raises KeyboardInterrupt. An fd not in ttyFds loses its `tty`, so isatty() is
     * false for it (and Python buffers it like a pipe). Under JSPI the wait happens before
     * (wrapFdRead), so the read itself never waits.
     */
    function routeStdio(Module) {
      const FS = Module.FS;
      function readStdin(stream, buffer, offset, length) {
        if (length <= 0) return 0;
        batcher.flush(); // a prompt without a newline shows before the wait
        const step = () => {
          serviceRequests();
          let bytes = leftover || channel.tryRead(length);
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
            return done(n);
          }
          if (channel.closed) return done(0);
          if (channel.interruptPending()) return done(-EINTR);
          batcher.flush();
          return { wait: 100 };
        };
        const n = channel.kind === 'sab' ? channel.run(step) : (step().value ?? -EAGAIN);
        if (n < 0) throw new FS.ErrnoError(-n);
        return n;
      }
      for (const fd of [0, 1, 2]) {
        const stream = FS.getStream ? FS.getStream(fd) : FS.streams && FS.streams[fd];
        if (!stream || !stream.tty) continue; // Module.stdin & co. set: not the TTY devices
        const ops = Object.assign({}, stream.stream_ops);
        ops.open = () => {};
        ops.close = () => {};
        ops.flush = () => {};
        ops.read = fd === 0 || ttyFds.includes(fd) ? readStdin : () => { throw new FS.ErrnoError(EBADF); };
        ops.write = (s, buffer, offset, length) => { // buffer: HEAP8, an Int8Array
          const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
          // What the shell gathered comes first. (That call allocates nothing in wasm, so
          // the memory cannot grow under `bytes`.)
          flushProgramOutput();
          fdBytes(fd === 0 ? 1 : fd, bytes);
          return length;
        };
        stream.stream_ops = ops;
        if (!ttyFds.includes(fd)) stream.tty = undefined;
      }
    }

    /** JSPI: the fd_read import, waiting (suspended) for fd 0 to have something to read. */
    function wrapFdRead(fdRead) {
      return (fd, iov, iovcnt, pnum) => {
        if (fd !== 0 || stdinReadable()) return fdRead(fd, iov, iovcnt, pnum);
        batcher.flush();
        return channel.run(() => {
          serviceRequests();
          batcher.flush();
          return stdinReadable() ? done() : { wait: Infinity };
        }).then(() => fdRead(fd, iov, iovcnt, pnum));
      };
    }

    /*
     * Module.Py_EmscriptenSignalBuffer: CPython only does `x = buf[0]; buf[0] = 0` on it,
     * at every 1000th eval-breaker check while Python runs (src/python/python_host.cpp).
     * The getter takes and clears the signal in one step (so a Ctrl-C between CPython's
     * read and its clear is not lost; clearing writes are no-ops), sends output that
     * waited 16 ms, and under JSPI may answer a Promise: the interpreter's yield to the
     * event loop (channel_jspi.js pollSignal).
     */
    let lastFlush = now();
    const signalBuffer = Object.defineProperty({}, '0', {
      get() {
        // Output that waited 16 ms goes out (the shell's gathered lines, then the batch).
        const t = now();
        if (t - lastFlush >= 16) {
          lastFlush = t;
          flushProgramOutput();
          batcher.flushIfStale();
        }
        return channel.pollSignal(() => { flushProgramOutput(); batcher.flush(); });
      },
      set(value) { channel.raise(value); },
      enumerable: true,
    });

    return {
      api,
      signalBuffer,
      routeStdio,
      wrapFdRead,
      wrapFdWrite,
      postOutput,
      setBusy,
      flushProgramOutput,
      get restPrefetched() { return restPrefetched; },
    };
  }

  return { createHost };
}));

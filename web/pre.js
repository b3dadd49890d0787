// pyshell web/pre.js: runs inside the Emscripten module (--pre-js), before main().
//
// 1. Mounts the Python standard library (one zip of .pyc files) at /lib/python313.zip in
//    the virtual file system, in two parts (python-stdlib/make_stdlib_zip.py --start):
//    python313-start.data, downloaded before main() runs, holds the modules start-up and
//    the REPL need plus the zip's directory; python313-rest.data, every other module, is
//    read on the first read of the zip that touches it (a synchronous request: allowed in
//    a worker, where this runs; main.js also fetches it once the prompt is up, so that the
//    request is usually answered from the browser's cache). Under Node both are read from
//    beside this script. Python never sees the host's files. The worker's hooks
//    (Module.pyshellFetch, Module.pyshellRestBytes) count the download or give the bytes
//    of the single-file page.
// 2. Makes the user's home, /home/user, the working directory of Python.
// 3. Under Node, keeps the host's processes and network out of reach, as in a browser,
//    however the program is started (pyshell-node's worker, or pyshell.js run directly):
//    Emscripten's system() would run a host shell command (child_process.spawnSync,
//    shell: true): it answers "command not found" (status 127) instead. Its sockets would
//    use the `ws` package: connecting fails (EHOSTUNREACH, as when a browser's WebSocket
//    cannot connect) and listen() is EOPNOTSUPP, as in a browser.

/* eslint-disable no-var */
var pyshellIsNode = typeof process === 'object' && typeof process.versions === 'object' &&
    typeof process.versions.node === 'string';
// (3) `var` redeclares this module's own CommonJS `require` (the same binding every
// Emscripten library function uses), keeping its value for everything else.
if (pyshellIsNode) {
  var require = (function (hostRequire) {
    var noChildProcess = Object.freeze({
      spawnSync: function () { return { status: 127, signal: null, output: [], stdout: null, stderr: null }; },
    });
    function NoWebSocket() { throw new Error('pyshell: no network under Node'); }
    NoWebSocket.Server = function NoWebSocketServer() { throw new FS.ErrnoError(138 /* EOPNOTSUPP */); };
    return function pyshellRequire(name) {
      if (/^(node:)?child_process$/.test(name)) return noChildProcess;
      if (name === 'ws') return NoWebSocket;
      return hostRequire(name);
    };
  })(require);
}

Module.preRun = Module.preRun || [];
var pyshellStdlib = {
  zip: '/lib/python313.zip',
  startName: 'python313-start.data',
  restName: 'python313-rest.data',
  magic: 'PYSHSTD1',
  restLoaded: false,
};

// The whole zip's bytes, from python313-start.data: a 20-byte header (magic, then u32
// start_end, dir_start, size), bytes [0, start_end) and [dir_start, size) of the zip.
// [start_end, dir_start) stays zero until pyshellLoadRest() fills it.
function pyshellZipFromStart(start) {
  var view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  var magic = String.fromCharCode.apply(null, start.subarray(0, 8));
  if (start.length < 20 || magic !== pyshellStdlib.magic) {
    throw new Error(pyshellStdlib.startName + ' is not a pyshell stdlib start file (rebuild: ./dev.sh build)');
  }
  var startEnd = view.getUint32(8, true), dirStart = view.getUint32(12, true), size = view.getUint32(16, true);
  if (!(startEnd <= dirStart && dirStart <= size && 20 + startEnd + (size - dirStart) === start.length)) {
    throw new Error(pyshellStdlib.startName + ' is damaged (its sizes do not add up)');
  }
  var zip = new Uint8Array(size);
  zip.set(start.subarray(20, 20 + startEnd), 0);
  zip.set(start.subarray(20 + startEnd), dirStart);
  pyshellStdlib.restStart = startEnd;
  pyshellStdlib.restEnd = dirStart;
  pyshellStdlib.restLoaded = startEnd === dirStart;
  return zip;
}

// Fills the zip's middle from python313-rest.data (once). On failure: a message on the
// terminal, EIO for Python's read (the import fails with OSError), and the next read tries
// again.
function pyshellLoadRest(zip) {
  var name = pyshellStdlib.restName, bytes;
  try {
    if (pyshellIsNode) {
      bytes = require('fs').readFileSync(require('path').join(__dirname, name));
    } else if (Module.pyshellRestBytes && Module.pyshellRestBytes(name)) {
      bytes = Module.pyshellRestBytes(name); // the single-file page has it inline
    } else {
      if (Module.pyshellRestLoading) Module.pyshellRestLoading(); // the page may say so: this can take a while
      var xhr = new XMLHttpRequest();
      xhr.open('GET', locateFile(name), false); // synchronous: the read waits for it (worker only)
      xhr.responseType = 'arraybuffer';
      xhr.send(null);
      if (xhr.status !== 200) throw new Error('HTTP ' + xhr.status);
      bytes = new Uint8Array(xhr.response);
    }
    if (bytes.length !== pyshellStdlib.restEnd - pyshellStdlib.restStart) {
      throw new Error('it is ' + bytes.length + ' bytes, not the ' + (pyshellStdlib.restEnd - pyshellStdlib.restStart) +
                      ' this build expects: reload the page');
    }
  } catch (error) {
    var text = 'pyshell: could not load the rest of the Python standard library (' + name + '): ' +
        (error && error.message || error) + '. Modules outside the start-up set cannot be imported until it ' +
        'loads; importing again tries again.';
    (Module.pyshellWarn || err)(text);
    throw new FS.ErrnoError(29 /* EIO */);
  }
  zip.set(bytes, pyshellStdlib.restStart);
  pyshellStdlib.restLoaded = true;
}

// /lib/python313.zip: a read-only MEMFS file over `zip` whose reads of the missing middle
// load it first. (A read of the last start module reads on into the zeros of a padding
// entry make_stdlib_zip.py puts after the start modules, not into the middle.)
function pyshellMountZip(zip) {
  FS.writeFile(pyshellStdlib.zip, zip, { canOwn: true });
  FS.chmod(pyshellStdlib.zip, 292 /* 0444 */);
  var node = FS.lookupPath(pyshellStdlib.zip).node;
  var ops = node.stream_ops, ensure = function (position, length) {
    if (!pyshellStdlib.restLoaded && position < pyshellStdlib.restEnd && position + length > pyshellStdlib.restStart) {
      pyshellLoadRest(node.contents);
    }
  };
  node.stream_ops = Object.assign({}, ops, {
    read: function (stream, buffer, offset, length, position) {
      ensure(position, length);
      return ops.read(stream, buffer, offset, length, position);
    },
    mmap: function (stream, address, length, position, prot, flags) {
      ensure(position, length);
      return ops.mmap(stream, address, length, position, prot, flags);
    },
  });
}

// In a page the start file is requested now, while the wasm downloads and compiles (main()
// cannot run before both are here); Module.locateFile is the worker's, already set.
var pyshellStartDownload = !pyshellIsNode && Module.locateFile ? pyshellFetchStart() : null;
// Its failure is reported in preRun (below), not as an unhandled rejection now.
if (pyshellStartDownload) pyshellStartDownload.catch(function () {});

// The worker's hook (web/worker.js: progress, or the single-file page's inline copy), else fetch.
function pyshellFetchStart() {
  var url = locateFile(pyshellStdlib.startName);
  if (Module.pyshellFetch) return Module.pyshellFetch(url);
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + response.url);
    return response.arrayBuffer();
  });
}

Module.preRun.push(function pyshellMountStdlib() {
  var startName = pyshellStdlib.startName;
  FS.mkdirTree('/lib');
  FS.mkdirTree('/home/user');
  if (pyshellIsNode) {
    pyshellMountZip(pyshellZipFromStart(new Uint8Array(require('fs').readFileSync(require('path').join(__dirname, startName)))));
    return;
  }
  addRunDependency('pyshell-stdlib');
  (pyshellStartDownload || pyshellFetchStart()).then(function (buffer) {
    pyshellMountZip(pyshellZipFromStart(new Uint8Array(buffer)));
  }).then(function () {
    // The last run dependency gone, main() runs: in a task of its own, not inside this
    // promise chain, so whatever it throws is not taken for a download failure, and it
    // starts on an empty stack (C recursion uses the JS engine's stack).
    setTimeout(function () { removeRunDependency('pyshell-stdlib'); }, 0);
  }, function (error) {
    abort('could not download the Python standard library (' + startName + '): ' + error.message);
  });
});

// pyshell web/pre.js: runs inside the Emscripten module (--pre-js), before main().
//
// 1. Under Node, hides the global fetch() from the module. Emscripten 3.1.6's loader
//    prefers fetch() whenever it exists, and Node 18+ has one that cannot read a file
//    path, so loading the .wasm would fail ("Failed to parse URL"). Without fetch it
//    reads the file with fs, as it did before Node had fetch.
// 2. Mounts the Python standard library (one zip of .pyc files) at /lib/python311.zip in
//    the virtual file system: read from beside this script under Node, downloaded by a
//    page. Python never sees the host's files.
// 3. Makes the user's home, /home/user, the working directory of Python.

/* eslint-disable no-var */
var pyshellIsNode = typeof process === 'object' && typeof process.versions === 'object' &&
    typeof process.versions.node === 'string';
// (1) `var` so it shadows the global inside this module's scope only under Node.
var fetch = pyshellIsNode ? undefined : globalThis.fetch && globalThis.fetch.bind(globalThis);

Module.preRun = Module.preRun || [];
Module.preRun.push(function pyshellMountStdlib() {
  var zipName = 'python311.zip';
  FS.mkdirTree('/lib');
  FS.mkdirTree('/home/user');
  if (pyshellIsNode) {
    var path = require('path');
    var file = path.join(__dirname, zipName);
    FS.writeFile('/lib/' + zipName, require('fs').readFileSync(file));
    return;
  }
  addRunDependency('pyshell-stdlib');
  fetch(locateFile(zipName)).then(function (response) {
    if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + response.url);
    return response.arrayBuffer();
  }).then(function (buffer) {
    FS.writeFile('/lib/' + zipName, new Uint8Array(buffer));
  }).then(function () {
    // The last run dependency gone, main() runs: in a task of its own, not inside this
    // promise chain, so whatever it throws is not taken for a download failure, and it
    // starts on an empty stack (C recursion uses the JS engine's stack).
    setTimeout(function () { removeRunDependency('pyshell-stdlib'); }, 0);
  }, function (error) {
    abort('could not download the Python standard library (' + zipName + '): ' + error.message);
  });
});

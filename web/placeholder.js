// The placeholder page's script: runs the wasm build of pyshell-run once and shows what
// Python printed. Proves the artifact loads in a page; the terminal replaces it.
(function () {
  'use strict';
  var status = document.getElementById('status');
  var output = document.getElementById('output');
  function fail(message) {
    status.textContent = message;
    status.className = 'error';
  }
  if (typeof WebAssembly !== 'object') {
    fail('This browser has no WebAssembly, which pyshell needs. Try a current Chromium, Firefox or Safari.');
    return;
  }
  window.Module = {
    arguments: ['-c', "import sys, platform\nprint('Python', sys.version)\nprint('on', platform.machine(), sys.platform)"],
    print: function (text) { output.textContent += text + '\n'; },
    printErr: function (text) { output.textContent += text + '\n'; },
    onExit: function (code) {
      if (code === 0) status.textContent = 'Python ran and exited normally.';
      else fail('Python exited with status ' + code + '.');
    },
    onAbort: function (what) { fail('pyshell failed to start: ' + what); },
  };
  var script = document.createElement('script');
  script.src = 'pyshell-run.js';
  script.onerror = function () { fail('Could not load pyshell-run.js: is the web build there (./dev.sh serve)?'); };
  document.body.appendChild(script);
}());

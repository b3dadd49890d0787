// Web (Emscripten) backend of app/platform.h: web/pre.js mounts the stdlib zip at
// /lib/python311.zip in the virtual file system and makes /home/user before main() runs.
// Every C extension module is built into the wasm, so no extra path is needed.
//
// C recursion runs on the JS engine's stack, whose size the page cannot choose (about 1 MB
// in a Chromium worker, 4 MB in a Node worker): it is measured here, before Python starts,
// and CPython's C-level recursion is capped to what it holds
// (tools/patches/cpython-emscripten-c-recursion.patch), so deep recursion through C code is
// a RecursionError instead of a dead worker.
#include <emscripten.h>

#include "app/platform.h"

// clang-format off
// How many calls of a small JS function fit on the stack from here (main's frame).
EM_JS(int, pyshell_js_stack_depth, (), {
  let depth = 0;
  function down() { depth++; down(); }
  try { down(); } catch (e) { /* RangeError: the stack is full */ }
  return depth;
});
// clang-format on

namespace pyshell::app {

namespace {
// Small JS frames that fit per C-level recursion of CPython, measured as the worst case
// over the recursion paths in tests/page/recursion.test.mjs (a recursive __init__,
// __getattr__, sorted(key=...), sum(map(...)), __str__), in Chromium and Node.
constexpr int kJsFramesPerCLevel = 24;
constexpr int kMinCLevels = 200;  // below this Python itself cannot start
}  // namespace

PlatformPaths platform_paths(const char*) {
    PlatformPaths p;
    p.stdlib_zip = "/lib/python311.zip";
    p.home = "/home/user";
    int levels = pyshell_js_stack_depth() / kJsFramesPerCLevel;
    p.c_recursion_limit = levels < kMinCLevels ? kMinCLevels : levels;
    return p;
}

}  // namespace pyshell::app

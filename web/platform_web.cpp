// Web (Emscripten) backend of app/platform.h: web/pre.js mounts the stdlib zip at
// /lib/python313.zip in the virtual file system and makes /home/user before main() runs.
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
// Measured over the recursion paths of tests/support/recursion_cases.py (a recursive
// __init__, __getattr__, __str__, __eq__, sorted(key=...), sum(map(...))), which stack
// frames of different sizes: in Chromium's worker (6,361 small JS frames) a cap of 265
// C levels held and 530 did not; in a Node worker (55,187 frames) 1,200 held and 1,600
// did not, sometimes (a function still in V8's baseline tier has bigger frames). So: a
// third more margin than Chromium needed, and never above what Node needed.
constexpr int kJsFramesPerCLevel = 32;
constexpr int kMaxCLevels = 1000;
constexpr int kMinCLevels = 100;  // CPython's own start-up needs some
}  // namespace

PlatformPaths platform_paths(const char*) {
    PlatformPaths p;
    p.stdlib_zip = "/lib/python313.zip";
    p.home = "/home/user";
    const int levels = pyshell_js_stack_depth() / kJsFramesPerCLevel;
    p.c_recursion_limit = levels < kMinCLevels ? kMinCLevels : levels > kMaxCLevels ? kMaxCLevels : levels;
    return p;
}

}  // namespace pyshell::app

// strerror(), through the linker's --wrap=strerror (cmake/web.cmake): when the last change
// the worker's home folder refused has this errno, its sentence (web/lib/home_fs.js) instead
// of the C library's words, so that Python's OSError says why: "[Errno 28] No space left: the
// browser's storage for this site is full (…)". Once: the next strerror is the plain one.
EM_JS_DEPS(pyshell_errno_detail, "$stringToUTF8");
// clang-format off
EM_JS(int, pyshell_js_errno_detail, (int errnum, char* buf, int size), {
  const host = Module.pyshellHost;
  const text = host && host.errnoDetail ? host.errnoDetail(errnum) : null;
  if (!text) return 0;
  return stringToUTF8(text, buf, size);
});
// clang-format on

extern "C" char* __real_strerror(int errnum);
extern "C" char* __wrap_strerror(int errnum) {
    static char detail[512];
    if (pyshell_js_errno_detail(errnum, detail, sizeof detail) > 0) return detail;
    return __real_strerror(errnum);
}

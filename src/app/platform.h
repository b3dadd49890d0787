// Where the running platform keeps what the Python host needs. One small backend per
// platform implements this: native/platform_native.cpp (a Linux binary beside its stdlib
// zip) and web/platform_web.cpp (Emscripten's virtual file system).
#pragma once

#include <string>
#include <vector>

namespace pyshell::app {

struct PlatformPaths {
    std::string stdlib_zip;                // the stdlib zip of .pyc files
    std::vector<std::string> extra_paths;  // more sys.path entries (native: lib-dynload)
    std::string home;                      // the user's working directory ("" = leave as is)
    int c_recursion_limit = 0;             // wasm: C-level recursion the stack holds (0: not capped here)
};

PlatformPaths platform_paths(const char* argv0);

}  // namespace pyshell::app

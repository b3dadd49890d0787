// Web (Emscripten) backend of app/platform.h: web/pre.js mounts the stdlib zip at
// /lib/python311.zip in the virtual file system and makes /home/user before main() runs.
// Every C extension module is built into the wasm, so no extra path is needed.
#include "app/platform.h"

namespace pyshell::app {

PlatformPaths platform_paths(const char*) {
    PlatformPaths p;
    p.stdlib_zip = "/lib/python311.zip";
    p.home = "/home/user";
    return p;
}

}  // namespace pyshell::app

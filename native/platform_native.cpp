// Native (Linux) backend of app/platform.h: the stdlib zip sits beside the executable
// (the build puts it there), and Debian's lib-dynload supplies the C extension modules
// that Debian builds as shared objects (_ssl, _sqlite3, _ctypes, ...).
#include "app/platform.h"

#include <unistd.h>

#include <climits>
#include <string>

#ifndef PYSHELL_NATIVE_DYNLOAD
#error "PYSHELL_NATIVE_DYNLOAD (Debian's lib-dynload folder) is set by CMakeLists.txt"
#endif

namespace pyshell::app {

static std::string executable_dir(const char* argv0) {
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    std::string exe = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string(argv0 ? argv0 : "");
    auto slash = exe.rfind('/');
    return slash == std::string::npos ? "." : exe.substr(0, slash);
}

PlatformPaths platform_paths(const char* argv0) {
    PlatformPaths p;
    p.stdlib_zip = executable_dir(argv0) + "/python313.zip";
    p.extra_paths.push_back(PYSHELL_NATIVE_DYNLOAD);
    return p;
}

}  // namespace pyshell::app

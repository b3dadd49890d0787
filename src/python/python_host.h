// pyshell's CPython host: the one place that talks to CPython's C API.
//
// Only python_host.cpp includes <Python.h>; everything else in pyshell sees this header,
// which names no CPython type. The host starts an *isolated* interpreter (PyConfig from
// PyConfig_InitIsolatedConfig: no environment variables, no user site, no host paths)
// whose standard library is one zip of .pyc files (python-stdlib/make_stdlib_zip.py),
// mounted at /lib/python311.zip on the web and beside the binary natively.
#pragma once

#include <string>
#include <vector>

namespace pyshell::python {

struct HostConfig {
    std::string stdlib_zip;                   // path of the stdlib zip (must exist)
    std::vector<std::string> extra_paths;     // appended to sys.path after the zip (native: lib-dynload)
    std::vector<std::string> argv;            // sys.argv as `python -c` sets it: {"-c", args...}
    std::string working_dir;                  // chdir here first when not empty
    bool install_signal_handlers = true;      // SIGINT → KeyboardInterrupt
};

// Runs `code` as `python -c code` does and returns Python's exit status: 0 on success,
// 1 after an uncaught exception (traceback on stderr), n after sys.exit(n).
// Initialises and finalises the interpreter; call once per process.
int run_command(const HostConfig& config, const std::string& code);

}  // namespace pyshell::python

// The Python host's configuration from the platform's paths: the one place a pyshell
// program turns app::PlatformPaths (app/platform.h) into python::HostConfig
// (python/python_host.h), so a field added to either is passed on here, once.
// Programs add what is theirs on top (pyshell-gui: --home; run_dash_c below: sys.argv).
#pragma once

#include "app/platform.h"
#include "python/python_host.h"

namespace pyshell::app {

inline python::HostConfig host_config(const PlatformPaths& paths) {
    python::HostConfig config;
    config.stdlib_zip = paths.stdlib_zip;
    config.extra_paths = paths.extra_paths;
    config.working_dir = paths.home;
    config.c_recursion_limit = paths.c_recursion_limit;
    return config;
}

// `PROGRAM -c CODE [ARG...]` (argv[1] == "-c", argc >= 3) as `python -c` runs it:
// sys.argv == ['-c', ARG...]; returns Python's exit status. pyshell-run and the web program.
inline int run_dash_c(const PlatformPaths& paths, int argc, char** argv) {
    python::HostConfig config = host_config(paths);
    config.argv.push_back("-c");
    for (int i = 3; i < argc; ++i) config.argv.push_back(argv[i]);
    return python::run_command(config, argv[2]);
}

}  // namespace pyshell::app

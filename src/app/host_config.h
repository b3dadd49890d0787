// The Python host's configuration from the platform's paths: the one place a pyshell
// program turns app::PlatformPaths (app/platform.h) into python::HostConfig
// (python/python_host.h), so a field added to either is passed on here, once.
// Programs add what is theirs on top (pyshell-run: sys.argv; pyshell-gui: --home).
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

}  // namespace pyshell::app

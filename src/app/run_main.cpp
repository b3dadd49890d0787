// pyshell-run: the smallest real pyshell program, the same source on every platform.
//
//   pyshell-run -c CODE [ARG...]
//
// Starts the isolated CPython of python/python_host.h over the platform's stdlib zip, runs
// CODE as `python -c` does (sys.argv == ['-c', ARG...]) and exits with Python's status.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/host_config.h"
#include "app/platform.h"
#include "python/python_host.h"

int main(int argc, char** argv) {
    if (argc < 3 || std::strcmp(argv[1], "-c") != 0) {
        std::fprintf(stderr, "usage: %s -c CODE [ARG...]\n", argc > 0 ? argv[0] : "pyshell-run");
        return 2;
    }
    return pyshell::app::run_dash_c(pyshell::app::platform_paths(argv[0]), argc, argv);
}

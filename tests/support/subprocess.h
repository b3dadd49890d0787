// Test support: run a program to completion with fixed stdin, capturing stdout, stderr
// and its exit status. POSIX only (native tests).
#pragma once

#include <string>
#include <vector>

namespace pyshell::test {

struct ProcessResult {
    int exit_code = -1;    // the program's exit status, or 128+signal if a signal killed it
    std::string out;       // everything it wrote to stdout
    std::string err;       // everything it wrote to stderr
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_data = "");

}  // namespace pyshell::test

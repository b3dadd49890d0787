// The native `pyshell` binary driven through pipes (stdin not a terminal): no echo,
// prompts on stderr as CPython's, exit status from exit()/sys.exit()/end of input, and a
// process that survives deep C-level recursion.
#include <gtest/gtest.h>

#include "support/subprocess.h"

using pyshell::test::run_process;

namespace {

const char* const kShell = PYSHELL_EXE;

TEST(ShellPipe, RunsLinesAndPrintsResultsOnStdoutPromptsOnStderr) {
    auto r = run_process({kShell, "-q"}, "x = 6\nx * 7\ndef f():\n    return 'ok'\n\nf()\n");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "42\n'ok'\n");
    EXPECT_EQ(r.err, ">>> >>> >>> ... ... >>> >>> \n");
}

TEST(ShellPipe, BannerUnlessQuiet) {
    auto r = run_process({kShell}, "");
    EXPECT_EQ(r.err.rfind("Python 3.13", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("Type \"help\", \"copyright\", \"credits\" or \"license\" for more information."),
              std::string::npos);
}

TEST(ShellPipe, ExitStatusComesFromPython) {
    EXPECT_EQ(run_process({kShell, "-q"}, "import sys\nsys.exit(5)\nprint('not reached')\n").exit_code, 5);
    EXPECT_EQ(run_process({kShell, "-q"}, "exit(3)\n").exit_code, 3);
    EXPECT_EQ(run_process({kShell, "-q"}, "quit()\n").exit_code, 0);
    EXPECT_EQ(run_process({kShell, "-q"}, "1/0\n").exit_code, 0) << "end of input after an error: 0, as CPython";
}

TEST(ShellPipe, InputReadsTheNextLine) {
    auto r = run_process({kShell, "-q"}, "name = input('name? ')\nAda\nprint('hi', name)\n");
    EXPECT_EQ(r.out, "name? hi Ada\n");
}

TEST(ShellPipe, DeepCLevelRecursionDoesNotKillTheProcess) {
    // Under a 10**6 recursion limit. CPython 3.11 segfaulted on the comparison (C stack
    // exhausted); 3.13 caps C-level recursion on its own (Py_C_RECURSION_LIMIT, whatever
    // sys.setrecursionlimit says), so the comparison is a RecursionError, in pyshell too.
    auto r = run_process({kShell, "-q"},
        "import sys; sys.setrecursionlimit(10**6)\n"
        "a = []; b = []\n"
        "for i in range(300000): a = [a]; b = [b]\n\n"
        "a == b\n"
        "def f(n): return f(n + 1)\n\n"
        "try:\n    f(0)\nexcept RecursionError:\n    print('RecursionError')\n\n"
        "print('alive')\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "RecursionError\nalive\n");
    EXPECT_NE(r.err.find("RecursionError: maximum recursion depth exceeded in comparison"), std::string::npos)
        << r.err;
}

TEST(ShellPipe, UnknownOptionIsAUsageError) {
    auto r = run_process({kShell, "--frobnicate"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("usage:"), std::string::npos);
}

}  // namespace

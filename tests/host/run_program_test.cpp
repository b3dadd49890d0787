// pyshell-run, the smallest real program, natively: an isolated CPython over the stdlib
// zip runs `-c` code and exits with Python's status. tests/web/run_program.test.mjs makes
// the same checks of the wasm build under Node.
#include <gtest/gtest.h>

#include "support/subprocess.h"

using pyshell::test::run_process;

namespace {

const char* const kExe = PYSHELL_RUN_EXE;

TEST(RunProgram, ImportsTheStdlibAndPrintsAComputedValue) {
    auto r = run_process({kExe, "-c",
        "import json, re, decimal, zlib, bz2, lzma, sqlite3, hashlib, collections, asyncio, unittest\n"
        "db = sqlite3.connect(':memory:')\n"
        "n = db.execute('select 6*7').fetchone()[0]\n"
        "z = zlib.decompress(bz2.decompress(lzma.decompress(lzma.compress(bz2.compress(zlib.compress(b'ok'))))))\n"
        "print(json.dumps({'n': n, 'z': z.decode(), 'd': str(decimal.Decimal(1) / 8),\n"
        "                  'h': hashlib.sha256(b'abc').hexdigest()[:8], 're': re.sub('a+', '-', 'baaac')}))\n"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "{\"n\": 42, \"z\": \"ok\", \"d\": \"0.125\", \"h\": \"ba7816bf\", \"re\": \"b-c\"}\n");
    EXPECT_EQ(r.err, "");
}

TEST(RunProgram, StdlibComesFromTheZip) {
    auto r = run_process({kExe, "-c", "import json, sys; print(json.__file__); print(sys.flags.isolated)"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("python313.zip/json/__init__.pyc\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n1\n"), std::string::npos) << r.out;
}

TEST(RunProgram, ArgumentsBecomeSysArgv) {
    auto r = run_process({kExe, "-c", "import sys; print(sys.argv)", "a b", "é"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "['-c', 'a b', 'é']\n");
}

TEST(RunProgram, SyntaxErrorExitsOneWithTracebackOnStderr) {
    auto r = run_process({kExe, "-c", "1 +"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("SyntaxError: invalid syntax"), std::string::npos) << r.err;
}

TEST(RunProgram, UncaughtExceptionExitsOneWithTraceback) {
    auto r = run_process({kExe, "-c", "def f():\n    raise ValueError('boom')\nf()"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("Traceback (most recent call last):"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("ValueError: boom"), std::string::npos) << r.err;
}

TEST(RunProgram, SysExitStatusIsTheProcessStatus) {
    EXPECT_EQ(run_process({kExe, "-c", "import sys; sys.exit(3)"}).exit_code, 3);
    EXPECT_EQ(run_process({kExe, "-c", "raise SystemExit(0)"}).exit_code, 0);
    auto r = run_process({kExe, "-c", "import sys; sys.exit('bye')"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "bye\n");
}

TEST(RunProgram, UsageErrorWithoutCode) {
    auto r = run_process({kExe});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("usage:"), std::string::npos);
}

}  // namespace

// python::Session, in process, through fake front-end I/O: CPython's REPL semantics as the
// core's Interpreter port sees them, interrupts from another thread, bad input, restarts.
// (tests/transcripts compares whole sessions against Debian's python3.13 on a pty.)
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <string>
#include <thread>

#include "python/python_host.h"

#ifndef PYSHELL_TEST_STDLIB_ZIP
#error "PYSHELL_TEST_STDLIB_ZIP is set by tests/CMakeLists.txt"
#endif

namespace {

using pyshell::core::ReadResult;
using pyshell::core::RunStatus;
using pyshell::python::HostConfig;
using pyshell::python::Session;
using pyshell::python::SessionIo;

struct FakeIo {
    std::string out, err;
    std::deque<ReadResult> lines;    // what the "line editor" answers, in order
    std::vector<std::string> prompts;  // prompts it was asked to show
    std::vector<std::string> shown;    // what the terminal line already showed then

    SessionIo io() {
        SessionIo io;
        io.write = [this](int fd, std::string_view b) { (fd == 2 ? err : out).append(b); };
        io.read_line = [this](std::string_view shown_text, std::string_view prompt, bool) {
            prompts.emplace_back(prompt);
            shown.emplace_back(shown_text);
            if (lines.empty()) return ReadResult{ReadResult::Eof, ""};
            ReadResult r = lines.front();
            lines.pop_front();
            return r;
        };
        return io;
    }
};

HostConfig config() {
    HostConfig c;
    c.stdlib_zip = PYSHELL_TEST_STDLIB_ZIP;
    c.extra_paths.push_back(PYSHELL_TEST_DYNLOAD);
    c.install_signal_handlers = true;  // PyErr_SetInterrupt needs Python's SIGINT handler
    return c;
}

class SessionTest : public ::testing::Test {
protected:
    FakeIo fake;
    std::unique_ptr<Session> session;
    void SetUp() override {
        session = std::make_unique<Session>(config(), fake.io());
        ASSERT_TRUE(session->ok()) << session->error();
    }
    RunStatus run(const std::string& src) { return session->run_source(src).status; }
};

TEST_F(SessionTest, ExpressionResultsGoThroughTheDisplayhookAndSetUnderscore) {
    EXPECT_EQ(run("6 * 7"), RunStatus::Complete);
    EXPECT_EQ(run("_ + 1"), RunStatus::Complete);
    EXPECT_EQ(run("None"), RunStatus::Complete);
    EXPECT_EQ(run("'é' * 2"), RunStatus::Complete);
    EXPECT_EQ(fake.out, "42\n43\n'éé'\n");
    EXPECT_EQ(fake.err, "");
}

TEST_F(SessionTest, IncompleteInputAsksForMoreThenRuns) {
    EXPECT_EQ(run("def f(x):"), RunStatus::Incomplete);
    EXPECT_EQ(run("def f(x):\n    return x * 2"), RunStatus::Incomplete);
    EXPECT_EQ(run("def f(x):\n    return x * 2\n"), RunStatus::Complete);
    EXPECT_EQ(run("f(21)"), RunStatus::Complete);
    EXPECT_EQ(fake.out, "42\n");
}

TEST_F(SessionTest, SyntaxErrorIsReportedLikeTheRealRepl) {
    EXPECT_EQ(run("1 +"), RunStatus::SyntaxError);
    EXPECT_EQ(fake.err, "  File \"<stdin>\", line 1\n    1 +\n       ^\nSyntaxError: invalid syntax\n");
}

TEST_F(SessionTest, BlankLineEndsABlockAsTheRealReplDoes) {
    EXPECT_EQ(run("if True:"), RunStatus::Incomplete);
    EXPECT_EQ(run("if True:\n"), RunStatus::SyntaxError);
    EXPECT_NE(fake.err.find("IndentationError: expected an indented block"), std::string::npos) << fake.err;
    EXPECT_EQ(run("(1,\n"), RunStatus::Incomplete) << "a blank line inside brackets is just a line";
}

TEST_F(SessionTest, ExceptionTracebackHasNoHostFrames) {
    // The entry's line is quoted (with carets) as CPython 3.13's REPL quotes it: its source is
    // in linecache under the entry's "<stdin-N>", which the traceback shows as "<stdin>".
    EXPECT_EQ(run("1/0"), RunStatus::Complete);
    EXPECT_EQ(fake.err,
              "Traceback (most recent call last):\n"
              "  File \"<stdin>\", line 1, in <module>\n"
              "    1/0\n"
              "    ~^~\n"
              "ZeroDivisionError: division by zero\n");
}

TEST_F(SessionTest, EntryCodeRunsWithNoHostFrameUnderIt) {
    // As in CPython's REPL: the entry's frame is the only one (the host runs the code from C).
    EXPECT_EQ(run("import inspect; print(len(inspect.stack()))"), RunStatus::Complete);
    EXPECT_EQ(run("import sys; print(sys._getframe().f_back)"), RunStatus::Complete);
    EXPECT_EQ(fake.out, "1\nNone\n");
    EXPECT_EQ(fake.err, "");
}

TEST_F(SessionTest, RunSourceAtEofReportsOrRunsThePendingEntry) {
    auto r = session->run_source_at_eof("if True:");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, RunStatus::SyntaxError);
    EXPECT_NE(fake.err.find("IndentationError: expected an indented block"), std::string::npos) << fake.err;
    fake.err.clear();
    r = session->run_source_at_eof("x = (1,");
    EXPECT_EQ(r->status, RunStatus::SyntaxError);
    EXPECT_NE(fake.err.find("SyntaxError: '(' was never closed"), std::string::npos) << fake.err;
    fake.err.clear();
    r = session->run_source_at_eof("if True:\n    'completed'");
    EXPECT_EQ(r->status, RunStatus::Complete);
    EXPECT_EQ(fake.out, "'completed'\n");
    r = session->run_source_at_eof("if True:\n    raise SystemExit(4)");
    EXPECT_EQ(r->status, RunStatus::Exit);
    EXPECT_EQ(r->exit_code, 4);
    r = session->run_source_at_eof("# only a comment");
    EXPECT_EQ(r->status, RunStatus::Complete);
    EXPECT_EQ(fake.err, "");
}

TEST_F(SessionTest, InputIsABuiltinFunctionAsInCPython) {
    EXPECT_EQ(run("print(repr(input), type(input).__name__, input.__module__, input.__self__.__name__)"),
              RunStatus::Complete);
    EXPECT_EQ(run("import inspect; print(inspect.signature(input))"), RunStatus::Complete);
    EXPECT_EQ(fake.out, "<built-in function input> builtin_function_or_method builtins builtins\n"
                        "(prompt='', /)\n");
    fake.out.clear();
    EXPECT_EQ(run("input(1, 2)"), RunStatus::Complete);
    EXPECT_NE(fake.err.find("TypeError: input expected at most 1 argument, got 2"), std::string::npos) << fake.err;
    fake.lines.push_back({ReadResult::Line, "yes"});
    EXPECT_EQ(run("input(42)"), RunStatus::Complete);
    ASSERT_EQ(fake.prompts.size(), 1u);
    EXPECT_EQ(fake.prompts[0], "42");
    EXPECT_EQ(fake.out, "'yes'\n");
}

TEST_F(SessionTest, PromptsFollowSysPs1AndPs2) {
    EXPECT_EQ(session->prompt(false), ">>> ");
    EXPECT_EQ(session->prompt(true), "... ");
    run("import sys; sys.ps1 = 'py> '; sys.ps2 = 42");
    EXPECT_EQ(session->prompt(false), "py> ");
    EXPECT_EQ(session->prompt(true), "42");
}

TEST_F(SessionTest, ExitAndSysExitEndTheSessionWithTheirStatus) {
    EXPECT_EQ(session->run_source("import sys; sys.exit(5)").exit_code, 5);
    EXPECT_EQ(session->run_source("exit()").status, RunStatus::Exit);
    EXPECT_EQ(session->run_source("exit()").exit_code, 0);
    auto r = session->run_source("raise SystemExit('bye')");
    EXPECT_EQ(r.status, RunStatus::Exit);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(fake.err, "bye\n");
}

TEST_F(SessionTest, InputReadsThroughTheFrontEndWithItsPrompt) {
    fake.lines.push_back({ReadResult::Line, "Ada"});
    EXPECT_EQ(run("print('hello', input('name? '))"), RunStatus::Complete);
    ASSERT_EQ(fake.prompts.size(), 1u);
    EXPECT_EQ(fake.prompts[0], "name? ");
    EXPECT_EQ(fake.out, "hello Ada\n");
}

TEST_F(SessionTest, StdinReadlineKnowsWhatTheLineAlreadyShows) {
    fake.lines.push_back({ReadResult::Line, "42"});
    EXPECT_EQ(run("import sys; print('n: ', end='', flush=True); n = sys.stdin.readline(); print(repr(n))"), RunStatus::Complete);
    ASSERT_EQ(fake.shown.size(), 1u);
    EXPECT_EQ(fake.shown[0], "n: ");
    EXPECT_EQ(fake.out, "n: '42\\n'\n");
}

TEST_F(SessionTest, CtrlCInInputIsKeyboardInterruptAndCtrlDIsEOFError) {
    fake.lines.push_back({ReadResult::Interrupt, ""});
    run("input()");
    EXPECT_NE(fake.err.find("KeyboardInterrupt"), std::string::npos) << fake.err;
    fake.err.clear();
    run("input()");  // no more lines: Eof
    EXPECT_NE(fake.err.find("EOFError"), std::string::npos) << fake.err;
}

TEST_F(SessionTest, CompletionUsesRlcompleter) {
    auto m = session->complete("str.up");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0], "str.upper(");
    run("my_variable = 1");
    m = session->complete("my_v");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0], "my_variable");
    EXPECT_FALSE(session->complete("whi").empty());  // keyword `while`
}

TEST_F(SessionTest, CompletionNeverRaises) {
    run("class Evil:\n    def __getattr__(self, name): raise RuntimeError(name)\n    def __dir__(self): raise RuntimeError('dir')\n");
    run("e = Evil()");
    EXPECT_NO_THROW(session->complete("e."));
    EXPECT_EQ(run("1"), RunStatus::Complete);
}

// 100 interrupts in a row: each stops the loop (bounded at 1 s, so a missed interrupt
// fails rather than hangs), the next entry works, and the median latency is under the
// 100 ms target. The median, not each one, carries the target: a loaded 2-core CI machine
// may deschedule any single run.
TEST_F(SessionTest, InterruptFromAnotherThreadStopsAnInfiniteLoopWithin100ms) {
    using clock = std::chrono::steady_clock;
    std::string expected_out;
    std::vector<long> latencies_ms;
    for (int i = 0; i < 100; ++i) {
        fake.err.clear();
        clock::time_point sent;
        std::thread interrupter([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the loop start
            sent = clock::now();
            session->request_interrupt();
        });
        EXPECT_EQ(run("while True: pass"), RunStatus::Incomplete) << "a compound statement waits for its blank line";
        EXPECT_EQ(run("while True: pass\n"), RunStatus::Complete);
        const auto done = clock::now();
        interrupter.join();
        latencies_ms.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(done - sent).count());
        EXPECT_LT(latencies_ms.back(), 1000) << "interrupt " << i;
        EXPECT_NE(fake.err.find("KeyboardInterrupt"), std::string::npos) << fake.err;
        ASSERT_EQ(run("1 + 1"), RunStatus::Complete) << "the next entry must work after interrupt " << i;
        expected_out += "2\n";
    }
    EXPECT_EQ(fake.out, expected_out);
    std::nth_element(latencies_ms.begin(), latencies_ms.begin() + 50, latencies_ms.end());
    EXPECT_LT(latencies_ms[50], 100) << "median interrupt latency (ms)";
}

TEST_F(SessionTest, DeepRecursionIsARecursionError) {
    EXPECT_EQ(run("def f(n): return f(n + 1) + 1 if n < 10000 else 0"), RunStatus::Incomplete);
    EXPECT_EQ(run("def f(n): return f(n + 1) + 1 if n < 10000 else 0\n"), RunStatus::Complete);
    EXPECT_EQ(run("f(0)"), RunStatus::Complete);
    EXPECT_NE(fake.err.find("RecursionError: maximum recursion depth exceeded"), std::string::npos) << fake.err;
    EXPECT_EQ(run("import sys; sys.setrecursionlimit(200000)"), RunStatus::Complete);
    EXPECT_EQ(run("f(0)"), RunStatus::Complete);
    EXPECT_EQ(fake.out, "10000\n");
}

TEST_F(SessionTest, BadSourceNeverBreaksTheSession) {
    EXPECT_EQ(run(std::string("x = 1\0 + 2", 10)), RunStatus::SyntaxError);
    EXPECT_NE(fake.err.find("null"), std::string::npos) << fake.err;
    EXPECT_EQ(run("'\xff\xfe'"), RunStatus::SyntaxError) << "invalid UTF-8 is an error, not a crash";
    EXPECT_EQ(run("s = '" + std::string(1 << 20, 'x') + "'"), RunStatus::Complete) << "a 1 MB line";
    EXPECT_EQ(run("len(s)"), RunStatus::Complete);
    EXPECT_NE(fake.out.find("1048576\n"), std::string::npos);
}

TEST(SessionTerminalSize, PythonSeesTheTerminalsSizeAndItsChanges) {
    FakeIo fake;
    std::pair<int, int> size{100, 30};
    SessionIo io = fake.io();
    io.terminal_size = [&] { return size; };
    Session s(config(), io);
    ASSERT_TRUE(s.ok()) << s.error();
    s.run_source("import shutil; print(tuple(shutil.get_terminal_size()))");
    size = {40, 12};
    s.run_source("print(tuple(shutil.get_terminal_size()))");
    EXPECT_EQ(fake.out, "(100, 30)\n(40, 12)\n");
    EXPECT_EQ(fake.err, "");
}

TEST(SessionRestart, ASecondSessionStartsFreshAfterTheFirstEnds) {
    FakeIo a;
    {
        Session s(config(), a.io());
        ASSERT_TRUE(s.ok()) << s.error();
        s.run_source("x = 41");
        EXPECT_EQ(s.run_source("exit(2)").exit_code, 2);
    }
    FakeIo b;
    Session s(config(), b.io());
    ASSERT_TRUE(s.ok()) << s.error();
    s.run_source("print('x' in dir())");
    s.run_source("import json; print(json.dumps([1]))");
    EXPECT_EQ(b.out, "False\n[1]\n");
}

}  // namespace

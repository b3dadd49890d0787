// pyshell-gui's shell thread (native/imgui/gui_shell.h) without a window: CPython, the Repl
// and the LineEditor on their own thread, driven as the GUI drives them: bytes in, the
// screen model out, inspector requests served while Python waits for input, Ctrl-C while
// code runs and at a prompt, resize, and closing while code runs.
#include "gui_shell.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>

#include "core/inspect_model.h"

namespace pyshell::gui {
namespace {

namespace inspect = core::inspect;

GuiShell::Options options() {
    GuiShell::Options o;
    o.config.stdlib_zip = PYSHELL_TEST_STDLIB_ZIP;
    o.config.extra_paths.push_back(PYSHELL_TEST_DYNLOAD);
    o.quiet = true;
    o.cols = 60;
    o.rows = 20;
    return o;
}

std::string text(GuiShell& shell) {
    std::string t;
    shell.with_screen([&](const core::TerminalScreen& s) { t = s.text(); });
    return t;
}

std::string last_line(GuiShell& shell) {
    const std::string t = text(shell);
    return t.substr(t.rfind('\n') == std::string::npos ? 0 : t.rfind('\n') + 1);
}

// Polls until `ok` holds (the shell works on its own thread); false after 30 s.
bool eventually(const std::function<bool()>& ok) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (ok()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return ok();
}

TEST(GuiShell, RunsCommandsAndDrawsTheScreen) {
    GuiShell shell(options());
    ASSERT_TRUE(shell.start([] {}));
    ASSERT_TRUE(eventually([&] { return last_line(shell) == ">>>"; })) << text(shell);
    shell.send_input("x = 6 * 7\rprint(x)\r");
    ASSERT_TRUE(eventually([&] { return text(shell).find("\n42\n>>>") != std::string::npos; })) << text(shell);
    // Program output and the editor's echo share the screen: "\n" became a new line.
    shell.send_input("print('a\\nb')\r");
    ASSERT_TRUE(eventually([&] { return text(shell).find("\na\nb\n>>>") != std::string::npos; })) << text(shell);
    EXPECT_TRUE(shell.close());
    EXPECT_TRUE(shell.finished());
    EXPECT_EQ(shell.exit_status(), 0);
}

TEST(GuiShell, ServesInspectorRequestsAndSendsSnapshotsAfterCommands) {
    GuiShell shell(options());
    ASSERT_TRUE(shell.start([] {}));
    ASSERT_TRUE(eventually([&] { return last_line(shell) == ">>>"; }));
    shell.send_input("items = [1, 2]\r");
    inspect::Snapshot snap;
    ASSERT_TRUE(eventually([&] {
        for (const std::string& m : shell.take_messages()) {
            if (inspect::kind_of(m) == "snapshot" && inspect::from_json(m, snap)) {
                for (const auto& v : snap.variables) {
                    if (v.name == "items") return true;
                }
            }
        }
        return false;
    })) << "a snapshot after the command, with the new variable";
    EXPECT_FALSE(snap.history.empty());
    shell.request(inspect::to_json(inspect::Request{inspect::Request::Op::Snapshot, ""}));
    ASSERT_TRUE(eventually([&] {
        for (const std::string& m : shell.take_messages()) {
            if (inspect::kind_of(m) == "snapshot") return true;
        }
        return false;
    })) << "a requested snapshot, served at the prompt";
    EXPECT_TRUE(shell.close());
}

TEST(GuiShell, CtrlCInterruptsRunningCodeAndCancelsALineAtThePrompt) {
    GuiShell shell(options());
    ASSERT_TRUE(shell.start([] {}));
    ASSERT_TRUE(eventually([&] { return last_line(shell) == ">>>"; }));
    shell.send_input("while True: pass\r\r");
    ASSERT_TRUE(eventually([&] { return shell.busy(); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    shell.interrupt();
    ASSERT_TRUE(eventually([&] { return !shell.busy() && last_line(shell) == ">>>"; })) << text(shell);
    EXPECT_NE(text(shell).find("^CTraceback (most recent call last):"), std::string::npos)
        << "echoed as a tty does: " << text(shell);
    EXPECT_NE(text(shell).find("KeyboardInterrupt"), std::string::npos);
    shell.send_input("abc");
    ASSERT_TRUE(eventually([&] { return last_line(shell) == ">>> abc"; }));
    shell.interrupt();  // not running: the editor gets Ctrl-C and drops the line, as CPython's REPL
    ASSERT_TRUE(eventually([&] { return text(shell).find(">>> abc\nKeyboardInterrupt\n>>>") != std::string::npos; }))
        << text(shell);
    EXPECT_EQ(text(shell).find("NameError"), std::string::npos) << "the line was not run";
    EXPECT_TRUE(shell.close());
}

TEST(GuiShell, ResizeReachesTheScreenAndPython) {
    GuiShell shell(options());
    ASSERT_TRUE(shell.start([] {}));
    ASSERT_TRUE(eventually([&] { return last_line(shell) == ">>>"; }));
    shell.resize(33, 11);
    shell.send_input("import shutil; shutil.get_terminal_size()\r");
    ASSERT_TRUE(eventually([&] {
        std::string t = text(shell);  // wrapped at 33 columns: join the rows
        t.erase(std::remove(t.begin(), t.end(), '\n'), t.end());
        return t.find("os.terminal_size(columns=33, lines=11)") != std::string::npos;
    })) << text(shell);
    int cols = 0;
    shell.with_screen([&](const core::TerminalScreen& s) { cols = s.cols(); });
    EXPECT_EQ(cols, 33);
    EXPECT_TRUE(shell.close());
}

TEST(GuiShell, ClosingWhileCodeRunsEndsTheSession) {
    GuiShell shell(options());
    ASSERT_TRUE(shell.start([] {}));
    ASSERT_TRUE(eventually([&] { return last_line(shell) == ">>>"; }));
    shell.send_input("import time; time.sleep(60)\r");
    ASSERT_TRUE(eventually([&] { return shell.busy(); }));
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(shell.close(10.0));
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
    EXPECT_TRUE(shell.finished());
}

TEST(GuiShell, ExitEndsTheSessionWithItsStatus) {
    GuiShell shell(options());
    ASSERT_TRUE(shell.start([] {}));
    ASSERT_TRUE(eventually([&] { return last_line(shell) == ">>>"; }));
    shell.send_input("exit(5)\r");
    ASSERT_TRUE(eventually([&] { return shell.finished(); }));
    EXPECT_EQ(shell.exit_status(), 5);
}

}  // namespace
}  // namespace pyshell::gui

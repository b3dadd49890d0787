// The interactive shell every pyshell front end runs: the line editor (src/core) drawing
// on the front end's terminal, the REPL's history (kept in a store) and input()'s own, the
// CPython session (python/python_host.h) reading its lines through the editor, CPython's
// banner, and core::Repl over all of it. The tty (native/tty), the window (native/imgui)
// and the web worker (web/shell_main.cpp) each bring only their terminal backend: where
// the editor's bytes go, where keys come from, where program output goes, and the two
// hooks of Options (the tty's terminal mode, the window's busy flag, the worker's idle
// point).
//
// Everything runs on the calling thread, which must be the one Python runs on: the
// constructor starts Python, run() runs the REPL, the destructor finalises Python.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/history.h"
#include "core/line_editor.h"
#include "core/ports.h"
#include "python/python_host.h"

namespace pyshell::app {

class InteractiveShell {
public:
    struct Options {
        python::HostConfig config;
        // The front end's half of the session's I/O: write (program output), and the
        // optional sleep, download, terminal_size, on_snapshot, snapshot_wanted. Leave
        // read_line and history unset: they are the shell's (the editor, its history).
        python::SessionIo io;
        core::HistoryStore* history_store = nullptr;  // the REPL's history is kept here (nullptr: in memory)
        int columns = 80;                            // the terminal's width now; editor().set_width later
        bool quiet = false;                          // no banner
        // Optional: Python starts running (true) or stops (false): around every entry, and
        // around every line it reads (input(), sys.stdin), which it waits for.
        std::function<void(bool running)> on_running;
        // Optional: the REPL is about to show a fresh ps1 prompt: before the first one and
        // after every entry that was not incomplete.
        std::function<void()> at_prompt;
    };

    // `terminal` is where the editor draws (raw-terminal bytes), `in` where its keys come
    // from; both, and options.history_store, must outlive the shell (Python may still read
    // a line as it finalises: an atexit handler's input()). Starts Python: see ok().
    InteractiveShell(core::TerminalSink& terminal, core::InputSource& in, Options options);
    InteractiveShell(const InteractiveShell&) = delete;
    InteractiveShell& operator=(const InteractiveShell&) = delete;

    bool ok() const { return session_.ok(); }  // false: Python did not start (error() says why)
    const std::string& error() const { return session_.error(); }

    // The banner (unless quiet), then the REPL until the program exits or the input ends.
    // Returns the exit status (0 at the end of input).
    int run();

    core::LineEditor& editor() { return editor_; }    // e.g. set_width() on a resize
    python::Session& session() { return session_; }   // e.g. inspect(), request_interrupt()

private:
    class Entries;  // the Repl's Interpreter: the session, with the hooks around entries
    python::SessionIo session_io();
    core::ReadResult read_line(std::string_view shown, std::string_view prompt, bool for_input);
    void set_running(bool running);
    void entry_done(core::RunStatus status);

    core::TerminalSink& terminal_;
    core::InputSource& in_;
    Options options_;
    core::LineEditor editor_;
    core::History history_;        // the REPL's
    core::History input_history_;  // input()'s own (SessionIo::read_line's for_input)
    bool running_ = false;
    python::Session session_;  // last: starts once the rest is in place, and finalises first
};

}  // namespace pyshell::app

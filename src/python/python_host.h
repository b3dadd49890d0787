// pyshell's CPython host: the one place that talks to CPython's C API.
//
// Only src/python/*.cpp include <Python.h> (through py_object.h): python_host.cpp, the
// embedding, and python_inspect.cpp, the inspector's half; everything else in pyshell sees
// this header, which names no CPython type. The host starts an *isolated* interpreter
// (PyConfig from PyConfig_InitIsolatedConfig: no environment variables, no user site, no
// host paths) whose standard library is one zip of .pyc files (python-stdlib/make_stdlib_zip.py),
// mounted at /lib/python313.zip on the web and beside the binary natively.
//
// Two ways in:
//   run_command()  `python -c CODE`: run, finalise, return the exit status (pyshell-run).
//   Session        the interactive shell's interpreter: implements core::Interpreter for
//                  core::Repl, with sys.stdin/stdout/stderr wired to the terminal through
//                  SessionIo (src/python/_pyshell_support.py holds the Python half), and
//                  Session::inspect() for the inspector panels (_pyshell_inspect.py).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/line_editor.h"
#include "core/ports.h"

namespace pyshell::python {

struct HostConfig {
    std::string stdlib_zip;                   // path of the stdlib zip (must exist)
    std::vector<std::string> extra_paths;     // appended to sys.path after the zip (native: lib-dynload)
    std::vector<std::string> argv;            // sys.argv as `python -c` sets it: {"-c", args...}
    std::string working_dir;                  // chdir here first when not empty
    bool install_signal_handlers = true;      // SIGINT → KeyboardInterrupt (Session::request_interrupt needs it)
    int c_recursion_limit = 0;                // wasm: the C-level recursion the stack holds (0: the build's default)
};

// Runs `code` as `python -c code` does and returns Python's exit status: 0 on success,
// 1 after an uncaught exception (traceback on stderr), n after sys.exit(n).
// Initialises and finalises the interpreter; call once per process.
int run_command(const HostConfig& config, const std::string& code);

// What the interactive interpreter needs from its front end.
struct SessionIo {
    // Program output, as the program wrote it ("\n" newlines); fd 1 = stdout, 2 = stderr.
    std::function<void(int fd, std::string_view bytes)> write;
    // One edited line for input() (`for_input`, its own history) or a sys.stdin read.
    // `shown` is what the terminal line already shows (output since the last newline, e.g.
    // print('x', end='')); `prompt` is for the editor to write after it. Interrupt becomes
    // KeyboardInterrupt in Python, Eof becomes end of file.
    std::function<core::ReadResult(std::string_view shown, std::string_view prompt, bool for_input)> read_line;
    // Optional: time.sleep() through the front end (the web worker's Atomics.wait, which an
    // interrupt wakes). Returns true when woken early. Unset: CPython's own time.sleep.
    std::function<bool(double seconds)> sleep;
    // Optional: hand a file to the user (the web page saves it as a download). Returns
    // false if it could not. Set: Python gets a builtin download(path).
    std::function<bool(const std::string& path)> download;
    // Optional: the terminal's size {columns, rows}. Set: before every entry the session
    // keeps COLUMNS and LINES in os.environ up to date, so shutil.get_terminal_size() (and
    // what uses it: pprint users, argparse help, textwrap callers) sees the real terminal.
    std::function<std::pair<int, int>()> terminal_size;
    // Optional: the session's history, oldest first (the line editor's), for inspector
    // snapshots. Unset: snapshots carry no history.
    std::function<std::vector<std::string>()> history;
    // Optional: a snapshot (core::inspect::Snapshot JSON) after every entry that ran or
    // failed to compile (not after an incomplete one, nor when the session ends). Unset, or
    // snapshot_wanted() false: nothing is computed, so a plain terminal pays nothing.
    std::function<void(const std::string& json)> on_snapshot;
    std::function<bool()> snapshot_wanted;  // optional gate for on_snapshot (e.g. a panel is open)
};

// A live CPython for one interactive session. At most one exists at a time (CPython has
// one main interpreter); destroying it finalises Python, and a new one starts afresh.
class Session final : public core::Interpreter {
public:
    Session(const HostConfig& config, SessionIo io);
    ~Session() override;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool ok() const { return error_.empty(); }      // false: Python did not start
    const std::string& error() const { return error_; }

    core::RunResult run_source(const std::string& source) override;
    std::optional<core::RunResult> run_source_at_eof(const std::string& source) override;  // never nullopt
    std::string prompt(bool continuation) override;
    std::vector<std::string> complete(const std::string& word) override;
    void request_interrupt() override;                // async-signal-safe, any thread
    std::string banner();                             // CPython's interactive banner

    // The inspector (src/core/inspect_model.h): answers one Request JSON with the reply JSON
    // (op snapshot and delete: a Snapshot, whose "error" says why a delete was refused;
    // children: Children; preview: Preview; download: through SessionIo::download when set,
    // then a Snapshot). A malformed request gets {"kind":"error","error":…}. Runs Python
    // (the _pyshell_inspect module, imported on first use) holding the GIL, so call it on
    // the interpreter's thread between entries or while it waits in read_line (input()).
    // Never prints, never changes `_`; only the objects' __repr__/__len__ run, under a
    // time budget. Files are those under home() only.
    std::string inspect(std::string_view request_json);
    const std::string& home() const { return home_; }  // HostConfig::working_dir, or the cwd at start

    // The bytes written since the last newline (what the terminal line already shows),
    // handed to the line editor so the next prompt's redraws keep it.
    std::string take_partial_line() override { return std::exchange(partial_line_, std::string()); }

    // Called by the _pyshell module (C callbacks); not for front ends.
    // sys.stdout/sys.stderr's buffer (_pyshell_support's _TerminalOut): on_write holds a
    // stream's bytes, as CPython's BufferedWriter does, until on_flush (TextIOWrapper's
    // line buffering flushes at every newline; flush(), input() and the prompt do too) or
    // kStreamBufferBytes; only then do they reach SessionIo::write.
    void on_write(int fd, std::string_view bytes);
    void on_flush(int fd);
    core::ReadResult on_read_line(std::string_view prompt, bool for_input);
    bool has_sleep() const { return static_cast<bool>(io_.sleep); }
    bool on_sleep(double seconds) { return io_.sleep(seconds); }
    bool has_download() const { return static_cast<bool>(io_.download); }
    bool on_download(const std::string& path) { return io_.download(path); }

private:
    core::RunResult run_entry(const std::string& source, bool at_eof);

    SessionIo io_;
    std::string error_;
    std::string partial_line_;
    static constexpr size_t kStreamBufferBytes = 8192;  // io.DEFAULT_BUFFER_SIZE, as BufferedWriter's
    std::string held_[3];                                // by fd: written, not flushed yet
    std::pair<int, int> exported_size_{0, 0};  // COLUMNS/LINES last put in os.environ
    void export_terminal_size();
    std::string snapshot_json(const std::string& error);  // GIL held
    void* support_ = nullptr;  // the _pyshell_support module (a PyObject*)
    void* inspector_ = nullptr;  // the _pyshell_inspect module once imported (a PyObject*)
    std::string home_;
#ifndef __EMSCRIPTEN__
    unsigned long python_thread_ = 0;  // the thread that runs Python (a pthread_t)
#endif
};

}  // namespace pyshell::python

// pyshell: the interactive shell in a native terminal.
//
//   pyshell [-q]
//
// On a terminal: pyshell's line editor (src/core) in raw mode, CPython's REPL semantics
// (src/python), history in ~/.pyshell_history, Ctrl-C → KeyboardInterrupt, Ctrl-D or
// exit() → exit with Python's status. With stdin not a terminal (a pipe, a file): lines
// are read as they come, nothing is echoed, and prompts go to stderr as CPython's do, so
// the shell can be driven by other programs.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "app/file_history.h"
#include "app/host_config.h"
#include "app/interactive_shell.h"
#include "app/platform.h"
#include "python/python_host.h"
#include "tty.h"

namespace {

using namespace pyshell;

// Reads whole lines from a byte source (pipe mode).
class LineReader {
public:
    explicit LineReader(core::InputSource& in) : in_(in) {}
    bool next(std::string& line) {
        for (;;) {
            auto nl = buf_.find('\n');
            if (nl != std::string::npos) {
                line = buf_.substr(0, nl);
                buf_.erase(0, nl + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                return true;
            }
            if (eof_ || !in_.read(buf_)) {
                eof_ = true;
                if (buf_.empty()) return false;
                line = std::move(buf_);
                buf_.clear();
                return true;
            }
        }
    }

private:
    core::InputSource& in_;
    std::string buf_;
    bool eof_ = false;
};

int run_interactive(const python::HostConfig& config, bool quiet) {
    native::Tty tty(0, 1);
    native::FdSink out(1);
    native::FdInput in(0, &tty);
    app::FileHistoryStore store(app::FileHistoryStore::default_path());
    app::InteractiveShell::Options options;
    options.config = config;
    options.io.write = [](int fd, std::string_view bytes) { native::FdSink(fd == 2 ? 2 : 1).write(bytes); };
    options.io.terminal_size = [&] { return std::pair{tty.columns(), tty.rows()}; };
    options.history_store = &store;
    options.columns = tty.columns();
    options.quiet = quiet;
    // Python runs with the terminal in its own mode (so Ctrl-C is SIGINT), the editor with it
    // raw (FdInput::read makes it so): whenever Python starts or stops running, the terminal
    // goes back to its own mode (a no-op unless the editor had it raw).
    options.on_running = [&](bool) { tty.cooked(); };
    app::InteractiveShell shell(out, in, std::move(options));
    if (!shell.ok()) {
        std::fprintf(stderr, "pyshell: %s\n", shell.error().c_str());
        return 1;
    }
    in.on_resize([&](int columns) { shell.editor().set_width(columns); });
    const int status = shell.run();
    tty.cooked();
    return status;
}

int run_piped(const python::HostConfig& config, bool quiet) {
    native::FdInput in(0, nullptr);
    LineReader lines(in);
    native::FdSink out(1), err(2);
    python::SessionIo io;
    io.write = [&](int fd, std::string_view bytes) { (fd == 2 ? err : out).write(bytes); };
    io.read_line = [&](std::string_view, std::string_view prompt, bool) {
        out.write(prompt);
        core::ReadResult r;
        if (!lines.next(r.text)) r.kind = core::ReadResult::Eof;
        return r;
    };
    python::Session session(config, io);
    if (!session.ok()) {
        std::fprintf(stderr, "pyshell: %s\n", session.error().c_str());
        return 1;
    }
    if (!quiet) err.write(session.banner());
    std::string pending, line;
    for (;;) {
        err.write(session.prompt(!pending.empty()));
        if (!lines.next(line)) {
            err.write("\n");
            if (pending.empty()) return 0;
            // As CPython: the end of input ends the pending entry (its error, or the block
            // it completes), then the REPL prompts once more and sees the end again.
            core::RunResult r = session.run_source_at_eof(pending).value_or(core::RunResult{core::RunStatus::Exit, 0});
            pending.clear();
            if (r.status == core::RunStatus::Exit) return r.exit_code;
            continue;
        }
        pending += pending.empty() ? line : "\n" + line;
        core::RunResult r = session.run_source(pending);
        if (r.status == core::RunStatus::Incomplete) continue;
        pending.clear();
        if (r.status == core::RunStatus::Exit) return r.exit_code;
    }
}

// Python runs on a thread with a large stack: C-level recursion (repr of a deeply nested
// list, recursive __eq__, ...) under sys.setrecursionlimit(10**6) then ends in
// RecursionError instead of a segfault at the main thread's 8 MiB. The stack is reserved,
// not committed: untouched pages cost nothing. Asynchronous signals are blocked on the
// process's first thread so that SIGINT and SIGWINCH reach the Python thread, where
// CPython handles signals (it is the thread that initialised Python).
constexpr size_t kPythonStackBytes = size_t{1} << 30;

template <class F>
int run_on_python_thread(F body) {
    sigset_t async_signals, previous;
    sigemptyset(&async_signals);
    for (int sig : {SIGINT, SIGWINCH, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&async_signals, sig);
    pthread_sigmask(SIG_BLOCK, &async_signals, &previous);
    struct Job {
        F* body;
        sigset_t mask;
        int status = 1;
    } job{&body, previous};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kPythonStackBytes);
    pthread_t thread;
    const int err = pthread_create(&thread, &attr, [](void* p) -> void* {
        auto* j = static_cast<Job*>(p);
        pthread_sigmask(SIG_SETMASK, &j->mask, nullptr);
        j->status = (*j->body)();
        return nullptr;
    }, &job);
    pthread_attr_destroy(&attr);
    if (err != 0) {  // no thread to be had: run here, with the ordinary stack
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        return body();
    }
    pthread_join(thread, nullptr);
    return job.status;
}

}  // namespace

int main(int argc, char** argv) {
    bool quiet = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "-q") == 0) {
            quiet = true;
        } else {
            std::fprintf(stderr, "usage: %s [-q]\n  -q  don't print the version banner\n", argv[0]);
            return std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
        }
    }
    const python::HostConfig config = app::host_config(app::platform_paths(argv[0]));
    const bool interactive = isatty(0) && isatty(1);
    return run_on_python_thread([&] { return interactive ? run_interactive(config, quiet) : run_piped(config, quiet); });
}

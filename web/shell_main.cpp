// pyshell (web): the interactive shell inside a Web Worker (or Node worker_threads), and
// the one wasm program of the web build:
//
//   pyshell [-q]                 the interactive shell (the page; pyshell-node on a terminal)
//   pyshell -c CODE [ARG...]     CODE as `python -c` runs it, exit status Python's (pyshell-node's
//                                scripts and -c; output through the same worker streams)
//
//   xterm.js ──keys──▶ session.js ──SAB ring, or JSPI messages──▶ worker.js ──▶ [this program]
//   xterm.js ◀──────── session.js ◀──batched postMessage──────── worker.js ◀── output
//                 Ctrl-C while busy ──▶ Module.Py_EmscriptenSignalBuffer (polled by CPython)
//
// The same line editor, REPL and Python host as the native shell; only the terminal
// backend differs. Everything it needs from JavaScript is one object, Module.pyshellHost
// (web/lib/worker_host.js), called from here; readInput, sleep and writeOutput may answer
// with a Promise (the JSPI transport), on which the wasm suspends:
//   readInput(maxBytes, timeoutMs) → Uint8Array | null (timeout); empty array: input closed
//   writeOutput(Uint8Array)          terminal bytes (batched by the worker)
//   terminalSize() → {cols, rows};   sizeChanged() → bool (once per resize)
//   sleep(ms) → bool                 waits; true if woken early by an interrupt
//   idle()                           at every fresh prompt: flush output, persist the home folder
//   download(path) → bool            offer a file of the virtual FS to the user as a download
//   inspectNext() → bytes of the next inspector request (Request JSON), -1: none;
//   inspectTake() → those bytes      (readInput returns null once when requests arrive)
//   inspectReply(bytes)              post a reply / snapshot JSON to the page
//   inspectSubscribed() → bool       the page wants a snapshot after every entry
#include <emscripten.h>

#include <cassert>
#include <cstdio>
#include <string>
#include <utility>

#include "app/file_history.h"
#include "app/host_config.h"
#include "app/interactive_shell.h"
#include "app/platform.h"
#include "core/text.h"

// clang-format off
// The ones that wait answer at once (SAB) or with a Promise the wasm suspends on (JSPI:
// -sJSPI_IMPORTS in cmake/web.cmake); HEAPU8 is looked up when the answer is there. They
// must only be called from C++ that JavaScript did not call (see pyshell_js_write_output).
EM_JS(int, pyshell_js_read_input, (char* buf, int max_bytes, int timeout_ms), {
  const put = (bytes) => {
    if (bytes === null) return -1;
    HEAPU8.set(bytes, buf);
    return bytes.length;
  };
  const answer = Module.pyshellHost.readInput(max_bytes, timeout_ms);
  return answer instanceof Promise ? answer.then(put) : put(answer);
});
EM_JS(int, pyshell_js_sleep, (double ms), {
  const answer = Module.pyshellHost.sleep(ms);
  return answer instanceof Promise ? answer.then((early) => (early ? 1 : 0)) : (answer ? 1 : 0);
});
// Not a waiting import: JsSink::flush() is also called from JavaScript (pyshell_flush_output
// below), and a Suspending import under a JavaScript frame throws, even when it would not
// suspend (Chromium 156; Node 24 lets it pass). The wait for a full output window is its own
// import, called only from C++ that JavaScript did not call.
EM_JS(void, pyshell_js_write_output, (const char* data, int n), {
  Module.pyshellHost.writeOutput(HEAPU8.slice(data, data + n));
});
EM_JS(void, pyshell_js_output_wait, (), {
  return Module.pyshellHost.outputBackpressure(); // JSPI: a Promise while the window is full
});
EM_JS(int, pyshell_js_columns, (), { return Module.pyshellHost.terminalSize().cols | 0; });
EM_JS(int, pyshell_js_rows, (), { return Module.pyshellHost.terminalSize().rows | 0; });
EM_JS(int, pyshell_js_size_changed, (), { return Module.pyshellHost.sizeChanged() ? 1 : 0; });
EM_JS(void, pyshell_js_idle, (), { Module.pyshellHost.idle(); });
EM_JS(int, pyshell_js_download, (const char* path), {
  return Module.pyshellHost.download(UTF8ToString(path)) ? 1 : 0;
});
EM_JS(int, pyshell_js_inspect_next, (), { return Module.pyshellHost.inspectNext(); });
EM_JS(void, pyshell_js_inspect_take, (char* buf), { HEAPU8.set(Module.pyshellHost.inspectTake(), buf); });
EM_JS(void, pyshell_js_inspect_reply, (const char* json, int n), {
  Module.pyshellHost.inspectReply(HEAPU8.slice(json, json + n));
});
EM_JS(int, pyshell_js_inspect_subscribed, (), { return Module.pyshellHost.inspectSubscribed() ? 1 : 0; });
// clang-format on

namespace {

using namespace pyshell;

constexpr int kEscapeTimeoutMs = 50;  // a lone ESC followed by silence is the Escape key

// The terminal's output, gathered here and handed to JavaScript in pieces: a line-buffered
// print makes one write per line, and a crossing into JS per line cost as much as the
// print itself. Sent before every wait (a read, a sleep, a prompt, a download, an
// inspector reply, the exit), at kFlushBytes, and while code runs at most 16 ms late: the
// worker's periodic signal check calls pyshell_flush_output() (below), as it does before
// the program writes to fd 1/2 directly, so the two keep their order. It only ever holds
// what Python itself has already written out (line buffering is unchanged).
// The first bytes after a quiet spell go out at once (a print before a long computation
// in C shows before it, as the worker's batcher does for its own writes).
class JsSink final : public core::TerminalSink {
public:
    void write(std::string_view bytes) override {
        if (bytes.empty()) return;
        const bool first = pending_.empty();
        pending_.append(bytes);
        if (pending_.size() >= kFlushBytes) {
            flush();
            pyshell_js_output_wait();  // a runaway print loop waits for the page here (JSPI)
        } else if (first && emscripten_get_now() - flushed_at_ >= kQuietMs) {
            flush();
        }
    }
    void flush() {
        if (pending_.empty()) return;
        std::string out;
        out.swap(pending_);  // a write during the hand-over (there is none today) starts afresh
        flushed_at_ = emscripten_get_now();
        pyshell_js_write_output(out.data(), static_cast<int>(out.size()));
    }

private:
    static constexpr size_t kFlushBytes = 32 * 1024;
    static constexpr double kQuietMs = 16;
    std::string pending_;
    double flushed_at_ = 0;
};

JsSink* g_sink = nullptr;  // for pyshell_flush_output(), called from JavaScript

// Answers the inspector requests the page has sent (through the mailbox), one reply each.
// Returns whether there were any.
bool serve_inspect_requests(python::Session& session) {
    if (g_sink) g_sink->flush();  // the replies come after the output before them
    bool served = false;
    for (int n; (n = pyshell_js_inspect_next()) >= 0;) {
        std::string request(static_cast<size_t>(n), '\0');
        pyshell_js_inspect_take(request.data());
        const std::string reply = session.inspect(request);
        pyshell_js_inspect_reply(reply.data(), static_cast<int>(reply.size()));
        served = true;
    }
    return served;
}

// Bytes typed into xterm.js, through the worker's ring buffer. While waiting it notices
// resizes, answers the inspector's requests (at the prompt and inside input(): Python is
// waiting either way) and turns a lone ESC into the Escape key after a short silence.
// Made before the shell it reads for (which holds it), and told about it once it started.
class JsInput final : public core::InputSource {
public:
    void attach(app::InteractiveShell& shell) { shell_ = &shell; }
    bool read(std::string& out) override {
        assert(shell_ && "the shell reads only once it started, and main() attaches it then");
        if (g_sink) g_sink->flush();  // what was written shows before the wait
        char buf[4096];
        for (;;) {
            if (pyshell_js_size_changed()) shell_->editor().set_width(pyshell_js_columns());
            int n = pyshell_js_read_input(buf, sizeof buf, kEscapeTimeoutMs);
            if (n > 0) {
                out.append(buf, static_cast<size_t>(n));
                return true;
            }
            if (n == 0) return false;  // the page closed the input
            if (serve_inspect_requests(shell_->session())) continue;  // not the ESC timeout
            shell_->editor().flush_escape();
        }
    }

private:
    app::InteractiveShell* shell_ = nullptr;
};

}  // namespace

// The worker's hook: hand the gathered output to JavaScript now (see JsSink).
extern "C" EMSCRIPTEN_KEEPALIVE void pyshell_flush_output() {
    if (g_sink) g_sink->flush();
}

int main(int argc, char** argv) {
    const app::PlatformPaths paths = app::platform_paths(argc > 0 ? argv[0] : nullptr);
    if (argc > 1 && std::string(argv[1]) == "-c") {
        if (argc < 3) {
            std::fprintf(stderr, "usage: pyshell -c CODE [ARG...]\n");
            return 2;
        }
        return app::run_dash_c(paths, argc, argv);
    }
    const bool quiet = argc > 1 && std::string(argv[1]) == "-q";

    JsSink out;
    g_sink = &out;
    JsInput in;
    app::FileHistoryStore store(paths.home + "/.pyshell_history");
    app::InteractiveShell::Options options;
    options.config = app::host_config(paths);
    options.config.install_signal_handlers = true;  // SIGINT arrives through the emscripten signal buffer
    options.io.write = [&](int, std::string_view bytes) { out.write(core::onlcr(bytes)); };
    options.io.sleep = [&](double seconds) {
        out.flush();
        return pyshell_js_sleep(seconds * 1000.0) != 0;
    };
    options.io.download = [&](const std::string& path) {
        out.flush();
        return pyshell_js_download(path.c_str()) != 0;
    };
    options.io.terminal_size = [] { return std::pair{pyshell_js_columns(), pyshell_js_rows()}; };
    // The inspector panel: snapshots after each entry only while the page subscribes.
    options.io.on_snapshot = [&](const std::string& json) {
        out.flush();
        pyshell_js_inspect_reply(json.data(), static_cast<int>(json.size()));
    };
    options.io.snapshot_wanted = [] { return pyshell_js_inspect_subscribed() != 0; };
    options.history_store = &store;
    options.columns = pyshell_js_columns();
    options.quiet = quiet;
    // Every fresh prompt: the worker flushes output and persists the home folder.
    options.at_prompt = [&] {
        out.flush();
        pyshell_js_idle();
    };
    int status = 1;
    {
        app::InteractiveShell shell(out, in, std::move(options));
        if (shell.ok()) {
            in.attach(shell);
            status = shell.run();
        } else {
            out.write("pyshell: " + shell.error() + "\r\n");
        }
    }  // Python finalises here: what atexit handlers print still goes through `out`
    out.flush();
    g_sink = nullptr;  // `out` ends with main(); a late call from JS must not reach it
    return status;
}

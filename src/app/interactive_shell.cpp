// The interactive shell of every front end: see interactive_shell.h.
#include "app/interactive_shell.h"

#include <cassert>
#include <optional>
#include <utility>
#include <vector>

#include "core/repl.h"

namespace pyshell::app {

// The session as the Repl runs it, with the front end told around each entry.
class InteractiveShell::Entries final : public core::ForwardingInterpreter {
public:
    explicit Entries(InteractiveShell& shell) : ForwardingInterpreter(shell.session_), shell_(shell) {}
    core::RunResult run_source(const std::string& source) override {
        shell_.set_running(true);
        const core::RunResult r = inner_.run_source(source);
        shell_.entry_done(r.status);
        return r;
    }
    std::optional<core::RunResult> run_source_at_eof(const std::string& source) override {
        shell_.set_running(true);
        const std::optional<core::RunResult> r = inner_.run_source_at_eof(source);
        // Never incomplete; without a result the REPL ends, as on Ctrl-D at ps1.
        shell_.entry_done(r ? r->status : core::RunStatus::Complete);
        return r;
    }

private:
    InteractiveShell& shell_;
};

InteractiveShell::InteractiveShell(core::TerminalSink& terminal, core::InputSource& in, Options options)
    : terminal_(terminal),
      in_(in),
      options_(std::move(options)),
      editor_(terminal),
      session_(options_.config, session_io()) {
    editor_.set_width(options_.columns);
    if (options_.history_store) history_.attach(options_.history_store);
}

// Called by the constructor before session_ exists: uses only the members declared before it.
python::SessionIo InteractiveShell::session_io() {
    assert(!options_.io.read_line && !options_.io.history &&
           "read_line and history are the shell's: its editor and its history answer them");
    python::SessionIo io = options_.io;
    io.read_line = [this](std::string_view shown, std::string_view prompt, bool for_input) {
        return read_line(shown, prompt, for_input);
    };
    // The inspector's snapshots carry the REPL's history (input()'s stays out).
    io.history = [this] { return std::vector<std::string>(history_.entries().begin(), history_.entries().end()); };
    return io;
}

core::ReadResult InteractiveShell::read_line(std::string_view shown, std::string_view prompt, bool for_input) {
    // input() reads through the editor as CPython's does through readline; a sys.stdin read
    // stands in for a plain read of a terminal in cooked mode, whose echo the editor mimics
    // (Ctrl-C shows "^C").
    core::ReadOptions read_options;
    read_options.shown = shown;
    read_options.cooked_echo = !for_input;
    // Python waits while the line is typed, then goes on with what it was doing (an entry, or
    // an inspector request at the prompt, which is not one).
    const bool was_running = running_;
    set_running(false);
    core::ReadResult r = editor_.read_line(prompt, for_input ? input_history_ : history_, in_, read_options);
    set_running(was_running);
    return r;
}

void InteractiveShell::set_running(bool running) {
    running_ = running;
    if (options_.on_running) options_.on_running(running);
}

void InteractiveShell::entry_done(core::RunStatus status) {
    set_running(false);
    if (status != core::RunStatus::Incomplete && options_.at_prompt) options_.at_prompt();
}

int InteractiveShell::run() {
    assert(ok() && "run() needs the Python that the constructor started (check ok() first)");
    // Program output, as CPython writes its banner to stdout.
    if (!options_.quiet) options_.io.write(1, session_.banner());
    if (options_.at_prompt) options_.at_prompt();
    Entries interpreter(*this);
    core::Repl repl(editor_, interpreter, terminal_, history_);
    return repl.run(in_);
}

}  // namespace pyshell::app

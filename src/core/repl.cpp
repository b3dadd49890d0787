// Repl: see repl.h.
#include "core/repl.h"

#include <cassert>

namespace pyshell::core {

Repl::Repl(LineEditor& editor, Interpreter& interp, TerminalSink& out,
           History& history, ReplOptions options)
    : editor_(editor),
      interp_(interp),
      out_(out),
      history_(history),
      options_(options) {
  editor_.set_completer(
      [this](const std::string& word) { return interp_.complete(word); });
}

Repl::~Repl() { editor_.set_completer(nullptr); }

std::string Repl::prompt() { return interp_.prompt(!pending_.empty()); }

std::string Repl::prefill() const {
  if (!options_.auto_indent || pending_.empty()) return std::string();
  const std::size_t end = last_line_.find_first_not_of(" \t");
  std::string indent =
      last_line_.substr(0, end == std::string::npos ? last_line_.size() : end);
  const std::size_t last = last_line_.find_last_not_of(" \t");
  if (last != std::string::npos && last_line_[last] == ':') indent += "    ";
  return indent;
}

std::optional<int> Repl::handle(const ReadResult& result) {
  switch (result.kind) {
    case ReadResult::Eof: {
      out_.write("\r\n");
      if (pending_.empty()) return 0;
      // Ctrl-D at a continuation prompt: CPython's REPL takes what it has as
      // a whole entry (reports its error, or runs a block that the end of
      // input completed) and prompts again.
      const std::optional<RunResult> run = interp_.run_source_at_eof(pending_);
      pending_.clear();
      if (!run) return 0;  // the interpreter cannot: end as at ">>> "
      if (run->status == RunStatus::Exit) return run->exit_code;
      return std::nullopt;
    }
    case ReadResult::Interrupt:
      // The editor echoed nothing (readline): CPython's REPL ends the line.
      out_.write("\r\nKeyboardInterrupt\r\n");
      pending_.clear();
      // A tty flushes its input queue on SIGINT: type-ahead is dropped.
      editor_.discard_pending_input();
      return std::nullopt;
    case ReadResult::Line:
      break;
  }
  // A blank line at ">>> " is an entry too: CPython 3.13's REPL compiles it as
  // `pass`, and it takes a "<stdin-N>" number as every entry does.
  if (!pending_.empty()) pending_ += '\n';
  pending_ += result.text;
  last_line_ = result.text;
  const RunResult run = interp_.run_source(pending_);
  switch (run.status) {
    case RunStatus::Incomplete:
      return std::nullopt;
    case RunStatus::Complete:
    case RunStatus::SyntaxError:
      pending_.clear();
      return std::nullopt;
    case RunStatus::Exit:
      pending_.clear();
      return run.exit_code;
  }
  assert(false && "every RunStatus is handled above");
  return std::nullopt;
}

int Repl::run(InputSource& in) {
  while (!exit_code_) {
    const std::string p = prompt();
    const std::string fill = prefill();
    const std::string shown = interp_.take_partial_line();
    const ReadResult r =
        editor_.read_line(p, history_, in, ReadOptions{fill, shown});
    exit_code_ = handle(r);
  }
  return *exit_code_;
}

void Repl::begin_next() {
  const std::string p = prompt();
  const std::string fill = prefill();
  const std::string shown = interp_.take_partial_line();
  editor_.begin(p, history_, ReadOptions{fill, shown});
}

std::optional<int> Repl::drain() {
  while (!exit_code_) {
    std::optional<ReadResult> r = editor_.poll();
    if (!r) break;
    exit_code_ = handle(*r);
    if (!exit_code_) begin_next();
  }
  return exit_code_;
}

std::optional<int> Repl::start() {
  if (exit_code_) return exit_code_;
  begin_next();
  return drain();
}

std::optional<int> Repl::feed(std::string_view bytes) {
  if (exit_code_) return exit_code_;
  editor_.feed(bytes);
  return drain();
}

std::optional<int> Repl::end_of_input() {
  while (!exit_code_) {
    editor_.end_of_input();
    if (!drain() && !editor_.active()) break;  // defensive: no progress
  }
  return exit_code_;
}

}  // namespace pyshell::core

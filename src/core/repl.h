// Repl: the CPython interactive loop on top of the LineEditor.  Shows
// sys.ps1 / sys.ps2 (asked from the Interpreter each time), accumulates
// lines into the pending source until run_source() stops answering
// Incomplete, prints "KeyboardInterrupt" on Ctrl-C and ends on Ctrl-D
// (after a newline, as CPython does) or when the program exits.  Ctrl-D at
// a continuation prompt ends the entry instead (run_source_at_eof), as in
// CPython.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/history.h"
#include "core/line_editor.h"
#include "core/ports.h"

namespace pyshell::core {

struct ReplOptions {
  // After a line ending in ':' the next continuation line is pre-filled with
  // that line's indentation + 4 spaces (other continuation lines keep the
  // previous indentation).  A bracketed paste replaces the pre-fill.
  bool auto_indent = false;
};

class Repl {
 public:
  // All references must outlive the Repl.  Installs interp.complete as the
  // editor's completer.
  Repl(LineEditor& editor, Interpreter& interp, TerminalSink& out,
       History& history, ReplOptions options = {});
  ~Repl();  // uninstalls the completer
  Repl(const Repl&) = delete;
  Repl& operator=(const Repl&) = delete;

  // Pull mode: runs until the program exits or the input ends; returns the
  // exit status (0 on Ctrl-D / end of input).
  int run(InputSource& in);

  // Push mode (for hosts that cannot block): start() shows the first
  // prompt, feed() passes terminal input on, end_of_input() reports that no
  // more will come.  Each returns the exit status once the REPL is over.
  std::optional<int> start();
  std::optional<int> feed(std::string_view bytes);
  std::optional<int> end_of_input();

  bool finished() const { return exit_code_.has_value(); }
  // Lines accepted so far for the statement being entered.
  const std::string& pending_source() const { return pending_; }

 private:
  std::optional<int> handle(const ReadResult& result);
  std::optional<int> drain();  // push mode: handle every ready result
  void begin_next();
  std::string prompt();
  std::string prefill() const;

  LineEditor& editor_;
  Interpreter& interp_;
  TerminalSink& out_;
  History& history_;
  ReplOptions options_;
  std::string pending_;
  std::string last_line_;
  std::optional<int> exit_code_;
};

}  // namespace pyshell::core

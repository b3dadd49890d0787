// Ports: the small interfaces through which the portable terminal core talks
// to the outside world (a terminal, a byte source, a Python interpreter, a
// history file).  Front ends and the CPython host implement them; tests use
// the fakes in tests/core/fakes.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pyshell::core {

// Where terminal output goes (xterm.js, a pty, an ImGui console, a test).
// Bytes use raw-terminal conventions: "\r\n" for newline, ANSI escapes.
struct TerminalSink {
  virtual ~TerminalSink() = default;
  virtual void write(std::string_view bytes) = 0;
};

// Blocking byte source: returns false on end of input; otherwise appends
// >= 1 byte to `out`.
struct InputSource {
  virtual ~InputSource() = default;
  virtual bool read(std::string& out) = 0;
};

enum class RunStatus {
  Complete,     // the source was compiled and run (errors included)
  Incomplete,   // not run: more lines are needed (ps2)
  SyntaxError,  // not run: the host already printed the error
  Exit,         // SystemExit was raised: leave the REPL with exit_code
};

struct RunResult {
  RunStatus status;
  int exit_code = 0;
};

// The program side of the REPL; implemented over CPython in src/python/.
struct Interpreter {
  virtual ~Interpreter() = default;
  // Whole pending source, lines joined by '\n'.  Incomplete = not run, need
  // more lines.
  virtual RunResult run_source(const std::string& source) = 0;
  // Optional: the input ended (Ctrl-D) with `source` pending at a
  // continuation prompt.  CPython then compiles what it has as a whole entry:
  // reports its error (SyntaxError) or runs it (Complete, Exit); never
  // Incomplete.  nullopt (the default): not supported, the REPL ends as on
  // Ctrl-D at the first prompt.
  virtual std::optional<RunResult> run_source_at_eof(const std::string& source) {
    (void)source;
    return std::nullopt;
  }
  // sys.ps1 / sys.ps2 (read each time: the program may change them).
  virtual std::string prompt(bool continuation) = 0;
  // Full replacements for the word before the cursor.
  virtual std::vector<std::string> complete(const std::string& word) = 0;
  // Safe to call from another thread or a signal handler.
  virtual void request_interrupt() = 0;
  // Optional: returns and forgets what the program printed since its last
  // newline (e.g. print('x', end='')), which the next prompt follows on the
  // same terminal line.  The Repl passes it to the editor as
  // ReadOptions::shown so that wrapping and redraws stay right.
  virtual std::string take_partial_line() { return std::string(); }
};

// An Interpreter that forwards every call to another one. A front end derives from it to
// add one thing around a call (switch the terminal mode before code runs, persist files
// after it) without restating the rest of the port.
class ForwardingInterpreter : public Interpreter {
 public:
  explicit ForwardingInterpreter(Interpreter& inner) : inner_(inner) {}
  RunResult run_source(const std::string& source) override {
    return inner_.run_source(source);
  }
  std::optional<RunResult> run_source_at_eof(const std::string& source) override {
    return inner_.run_source_at_eof(source);
  }
  std::string prompt(bool continuation) override {
    return inner_.prompt(continuation);
  }
  std::vector<std::string> complete(const std::string& word) override {
    return inner_.complete(word);
  }
  void request_interrupt() override { inner_.request_interrupt(); }
  std::string take_partial_line() override { return inner_.take_partial_line(); }

 protected:
  Interpreter& inner_;
};

// Persistent history (a file, IndexedDB, ...).
struct HistoryStore {
  virtual ~HistoryStore() = default;
  virtual std::vector<std::string> load() = 0;  // oldest first
  virtual void append(const std::string& line) = 0;
};

}  // namespace pyshell::core

// EditorHarness: a LineEditor wired to a FakeTerminal and a History, with
// helpers to type bytes, collect results and take the bytes written since
// the last check.  Shared by the line editor tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/history.h"
#include "core/line_editor.h"
#include "fakes.h"

namespace pyshell::core::fakes {

// Escape sequences as a terminal (xterm) sends them.
namespace keys {
inline constexpr const char* kUp = "\x1b[A";
inline constexpr const char* kDown = "\x1b[B";
inline constexpr const char* kRight = "\x1b[C";
inline constexpr const char* kLeft = "\x1b[D";
inline constexpr const char* kHome = "\x1b[H";
inline constexpr const char* kEnd = "\x1b[F";
inline constexpr const char* kDelete = "\x1b[3~";
inline constexpr const char* kCtrlLeft = "\x1b[1;5D";
inline constexpr const char* kCtrlRight = "\x1b[1;5C";
inline constexpr const char* kPasteBegin = "\x1b[200~";
inline constexpr const char* kPasteEnd = "\x1b[201~";
inline constexpr char kBackspace = '\x7f';
constexpr char ctrl(char letter) { return static_cast<char>(letter & 0x1f); }
inline std::string alt(char c) { return std::string("\x1b") + c; }
}  // namespace keys

struct EditorHarness {
  explicit EditorHarness(int width = 80, std::string prompt_text = ">>> ")
      : term(width), editor(term), prompt(std::move(prompt_text)) {
    editor.set_width(width);
    editor.enable_bracketed_paste(false);  // most tests: less noise
  }

  // Starts a read; returns the bytes it wrote.
  std::string begin(std::string_view initial = {}, std::string_view shown_text = {},
                    bool cooked_echo = false) {
    shown = std::string(shown_text);
    ReadOptions options;
    options.initial_text = initial;
    options.shown = shown;
    options.cooked_echo = cooked_echo;
    editor.begin(prompt, history, options);
    collect();
    return term.take();
  }

  // Feeds bytes; returns the bytes written in response.
  std::string type(std::string_view bytes) {
    editor.feed(bytes);
    collect();
    return term.take();
  }

  void collect() {
    while (auto r = editor.poll()) {
      results.push_back(*r);
      if (!restart) break;
      // Like the REPL: after Ctrl-D or Ctrl-C the program ends the line.
      if (r->kind != ReadResult::Line) term.write("\r\n");
      shown.clear();
      editor.begin(prompt, history);
    }
  }

  const FakeScreen& screen() const { return term.screen; }

  // The editor's idea of the cursor matches the terminal's (relative to
  // the row where the prompt starts).
  bool cursor_in_sync(int origin_row = 0) const {
    const ScreenPos p = editor.cursor_position();
    return term.screen.cursor_row() == origin_row + p.row &&
           term.screen.cursor_col() == p.col && !term.screen.pending_wrap();
  }

  FakeTerminal term;
  History history;
  LineEditor editor;
  std::string prompt;
  std::string shown;  // ReadOptions::shown of the current read
  std::vector<ReadResult> results;
  // Begin a new read after each result, as a REPL would (paste tests).
  bool restart = false;
};

}  // namespace pyshell::core::fakes

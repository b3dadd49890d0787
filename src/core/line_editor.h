// LineEditor: readline-class line editing for a raw-mode terminal, written
// without any platform dependency so that it runs the same in a browser tab
// (xterm.js), a native pty, an ImGui console or a unit test.
//
//         lower = the terminal                       upper = the program
//
//   keys, escape sequences, pastes               submitted lines, EOF,
//   (feed() or InputSource::read())              interrupt (ReadResult)
//              |                                         ^
//              v                                         |
//   +------------------------------------------------------------------+
//   | input queue --> InputDecoder --> key bindings --> buffer, cursor |
//   | (bytes after a   (UTF-8, CSI,    (emacs keys,     history, kill  |
//   |  submitted line   SS3, bracketed  Ctrl-R search,   buffer, undo, |
//   |  stay queued)     paste)          Tab)             completions   |
//   |                                                        |         |
//   |                  renderer: wrap, wide chars, redraws <-+         |
//   +-----------------------------------+------------------------------+
//              ^                          |
//              +---- TerminalSink <-------+
//   echo, cursor moves, redraws ("\r\n" newlines, ANSI escapes)
//
// Drive it either by pulling (read_line blocks on an InputSource) or by
// pushing (begin / feed / poll); both run the same code.  Every byte after
// a submitted line stays queued and is handled by the next read, exactly as
// if it had been typed then: that is how a multi-line paste submits one
// line at a time.
//
// Keys (readline's emacs mode): Left/Right Ctrl-B/F, Home/End Ctrl-A/E,
// Alt-B/F Ctrl-Left/Right (words), Backspace, Delete, Ctrl-D (delete, or
// EOF on an empty line), Ctrl-K/U/W Alt-D Alt-Backspace (kill), Ctrl-Y
// (yank), Ctrl-T (transpose), Alt-U/L/C (case), Ctrl-_ (undo), Ctrl-L
// (clear screen), Up/Down Ctrl-P/N Alt-</> (history), Ctrl-R (reverse
// search; Ctrl-G cancels), Tab (complete; a literal tab when the word
// before the cursor is empty, as Python 3.13's rlcompleter does), Enter,
// Ctrl-C.
// Inside a bracketed paste only text, Tab (literal) and Enter count.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/history.h"
#include "core/input_decoder.h"
#include "core/ports.h"
#include "core/text.h"

namespace pyshell::core {

struct ReadResult {
  enum Kind { Line, Eof, Interrupt } kind = Line;
  std::string text;  // the line (Line) or the abandoned line (Interrupt)
};

// Candidates for the word before the cursor (full replacements).
using Completer =
    std::function<std::vector<std::string>(const std::string& word)>;

// readline's default word delimiters for Python completion ('.' is not one,
// so "str.up" is a single word).
inline constexpr std::string_view kCompleterDelimiters =
    " \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?";

// A cell position relative to the row where the prompt's (last) line
// starts; col is 0-based.
struct ScreenPos {
  int row = 0;
  int col = 0;
  bool operator==(const ScreenPos& o) const {
    return row == o.row && col == o.col;
  }
};

// Per-read options.
struct ReadOptions {
  // An editable pre-filled line (e.g. auto-indent); a paste replaces it
  // while it is untouched.
  std::string_view initial_text;
  // What the terminal's current line already shows: program output since
  // the last newline (e.g. print('x', end='')).  The prompt follows it; it
  // is laid out and redrawn as part of the prompt but not written again.
  std::string_view shown;
  // Echo as a terminal in cooked mode does (ECHO, ECHOCTL), for reads that
  // stand in for a plain read of the terminal (Python's sys.stdin): Ctrl-C
  // echoes "^C" (no newline).  Off (GNU readline, as for the REPL's prompts
  // and input()): Ctrl-C echoes nothing.  Both move the cursor to the end of
  // the input first; Enter ends the row either way (readline 8.3 does so
  // even after an empty prompt on an empty line).
  bool cooked_echo = false;
};

// Not thread-safe: drive one LineEditor from one thread (interrupting a
// running program is Interpreter::request_interrupt's job).  Assumes the
// terminal cursor is at column 0 when a read begins, unless
// ReadOptions::shown says what the line already shows.
class LineEditor {
 public:
  explicit LineEditor(TerminalSink& out);

  // ---- pull -------------------------------------------------------------
  // Blocks on `in` until a line is submitted, Ctrl-D on an empty line, Ctrl-C,
  // or the end of `in` (a non-empty line is then submitted, else Eof).
  ReadResult read_line(std::string_view prompt, History& history,
                       InputSource& in, const ReadOptions& options = {});

  // ---- push -------------------------------------------------------------
  // Starts a read: writes the prompt (and options.initial_text) and
  // processes queued input.
  void begin(std::string_view prompt, History& history,
             const ReadOptions& options = {});
  // Queues bytes; while a read is active, processes them up to the end of
  // the next line.  Bytes fed between reads wait for the next begin().
  void feed(std::string_view bytes);
  // The result of the current read, once (then the read is over).
  std::optional<ReadResult> poll();
  // The input has ended: a partial sequence is flushed, then a non-empty
  // line is submitted, an empty one gives Eof.
  void end_of_input();
  // A lone ESC stays pending until the next byte tells whether it starts a
  // sequence; front ends with a timer call this after ~50 ms of silence to
  // make it a plain Escape (cancels Ctrl-R).
  void flush_escape();

  bool active() const { return active_; }
  bool has_pending_input() const { return queue_pos_ < queue_.size(); }
  void discard_pending_input();  // e.g. on Ctrl-C while a program runs

  // ---- settings ---------------------------------------------------------
  void set_width(int columns);  // at any time; redraws (>= 2)
  int width() const { return width_; }
  // When on (default), writes "\x1b[?2004h" at begin() and "\x1b[?2004l"
  // when the read ends, like readline 8.1.
  void enable_bracketed_paste(bool on) { bracketed_paste_ = on; }
  bool bracketed_paste() const { return bracketed_paste_; }
  void set_completer(Completer completer) { completer_ = std::move(completer); }
  void set_bell(bool on) { bell_ = on; }  // "\a" on failures (default on)
  // Longest line accepted, in bytes (default 16 MiB): text that would go
  // past it is dropped with a bell, so a runaway paste or yank loop cannot
  // exhaust memory.
  void set_max_line_bytes(std::size_t bytes) { max_line_bytes_ = bytes; }
  std::size_t max_line_bytes() const { return max_line_bytes_; }

  // ---- state as data (for front ends that draw it themselves) ------------
  const std::string& prompt() const { return prompt_; }
  const std::string& buffer() const { return buffer_; }
  std::size_t cursor() const { return cursor_; }  // byte offset in buffer()
  // Display columns of buffer()[0, cursor()) (no prompt, no wrapping).
  int cursor_column() const;
  // Where the cursor is on screen (see ScreenPos), and where the displayed
  // text ends (the cell after it).
  ScreenPos cursor_position() const;
  ScreenPos end_position() const;
  const std::vector<std::string>& completions() const { return completions_; }
  bool is_searching() const { return searching_; }
  const std::string& search_query() const { return search_query_; }
  bool search_failed() const { return search_failed_; }
  const std::string& kill_buffer() const { return kill_buffer_; }

 private:
  struct PromptItem {
    std::string bytes;
    int width = 0;
    enum Kind { Char, Tab, Raw } kind = Char;  // Raw: escape, no cell
  };
  struct Layout {
    ScreenPos cursor;
    ScreenPos end;
  };
  struct Snapshot {
    std::string buffer;
    std::size_t cursor;
  };

  // Input processing.
  void process();
  void dispatch(const KeyEvent& ev);
  void handle_key(const KeyEvent& ev);
  bool handle_search_key(const KeyEvent& ev);  // false: not consumed
  void flush_insert();
  void insert_text(std::string_view text);

  // Editing commands.
  void move_to(std::size_t pos);
  void delete_range(std::size_t from, std::size_t to);
  void kill_range(std::size_t from, std::size_t to, bool backward);
  void backspace();
  void delete_forward();
  void transpose();
  void change_case(char mode);
  void yank();
  void undo();
  void checkpoint(bool typing);
  void history_move(int direction);
  void history_jump(bool oldest);
  void recall(bool moved, const std::string& line);
  void complete();
  void list_completions();
  void clear_screen();
  void submit();
  void eof();
  void interrupt();
  void finish(ReadResult::Kind kind, std::string text);

  // Incremental search.
  void search_start();
  void search_update(bool from_current);
  void search_next();
  void search_accept();
  void search_cancel();
  void search_apply(std::optional<History::Match> match);
  void update_search_prompt();

  // Word boundaries.
  std::size_t word_left(std::size_t pos) const;
  std::size_t word_right(std::size_t pos) const;
  std::size_t unix_word_left(std::size_t pos) const;

  // Rendering.
  static std::vector<PromptItem> parse_prompt(std::string_view s);
  const std::vector<PromptItem>& display_prompt() const;
  Layout layout(std::string* out, bool write_shown = true) const;
  void emit_move(ScreenPos from, ScreenPos to);
  void echo_append(std::string_view text);  // fast path: typing at the end
  void refresh();                            // full redraw of the line
  void render_fresh(bool write_shown = true);  // draw from the current row
  void flush_display();
  void write_out();
  void bell();

  TerminalSink& sink_;
  std::string out_;  // bytes waiting for sink_.write

  // Settings.
  int width_ = 80;
  bool bracketed_paste_ = true;
  bool bell_ = true;
  std::size_t max_line_bytes_ = std::size_t{16} << 20;
  Completer completer_;

  // Input queue (survives across reads).
  std::string queue_;
  std::size_t queue_pos_ = 0;
  InputDecoder decoder_;

  // The current read.
  bool active_ = false;
  std::optional<ReadResult> result_;
  History* history_ = nullptr;
  HistoryNavigator nav_;
  std::string prompt_;
  std::string prompt_head_;  // up to the prompt's last '\n' (written once)
  std::vector<PromptItem> prompt_items_;
  std::vector<PromptItem> shown_items_;  // ReadOptions::shown
  bool cooked_echo_ = false;             // ReadOptions::cooked_echo
  std::string buffer_;
  std::size_t cursor_ = 0;
  std::string pending_insert_;  // typed text not yet applied (batching)
  std::string prefill_;
  bool prefill_pending_ = false;

  // Command state.
  std::string kill_buffer_;
  bool last_was_kill_ = false;
  bool this_is_kill_ = false;
  bool last_was_complete_ = false;
  bool this_is_complete_ = false;
  std::vector<std::string> completions_;
  std::vector<Snapshot> undo_;
  bool last_was_typing_ = false;

  // Ctrl-R.
  bool searching_ = false;
  bool search_failed_ = false;
  std::string search_query_;
  std::string last_search_;
  std::string search_saved_buffer_;
  std::size_t search_saved_cursor_ = 0;
  std::size_t search_start_index_ = 0;
  std::optional<History::Match> search_match_;
  std::vector<PromptItem> search_prompt_items_;

  // What the terminal shows (valid when !dirty_).
  bool dirty_ = false;
  bool cursor_moved_ = false;
  ScreenPos shown_cursor_;
  ScreenPos shown_end_;
};

}  // namespace pyshell::core

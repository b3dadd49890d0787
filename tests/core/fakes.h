// Fakes for the core ports, reusable by any test:
//  - FakeScreen: a tiny terminal model (a grid of cells) that interprets the
//    escape sequences the editor emits, with VT100 auto-wrap ("pending
//    wrap") semantics, wide characters taking two cells, combining marks
//    joining the previous cell, and xterm.js-like reflow on resize.
//  - FakeTerminal: a TerminalSink that records every byte and feeds the
//    screen, so tests can assert both the byte stream and what is visible.
//  - FakeInput, FakeHistoryStore, FakeInterpreter: scripted ports.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ports.h"
#include "core/text.h"
#include "core/wcwidth.h"

namespace pyshell::core::fakes {

class FakeScreen {
 public:
  explicit FakeScreen(int cols = 80) : cols_(cols) { ensure_row(0); }

  int cols() const { return cols_; }
  int cursor_row() const { return row_; }
  int cursor_col() const { return col_; }
  bool pending_wrap() const { return pending_wrap_; }
  bool bracketed_paste() const { return bracketed_paste_; }
  int bells() const { return bells_; }
  // Escape sequences this model does not know (the editor should emit none).
  const std::vector<std::string>& unknown_sequences() const { return unknown_; }
  int row_count() const { return static_cast<int>(rows_.size()); }
  // Whether row r continues on row r + 1 (a soft wrap).
  bool wrapped(int r) const {
    return r >= 0 && r < row_count() && wrapped_[static_cast<std::size_t>(r)];
  }

  // Text of one row with trailing blanks removed.
  std::string line(int r) const {
    if (r < 0 || r >= row_count()) return std::string();
    std::string s;
    for (const Cell& c : rows_[static_cast<std::size_t>(r)]) {
      if (c.kind == Cell::Cont) continue;
      s += c.text.empty() ? std::string(" ") : c.text;
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  }

  // All rows, trailing empty rows dropped.
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (int r = 0; r < row_count(); ++r) out.push_back(line(r));
    while (!out.empty() && out.back().empty()) out.pop_back();
    return out;
  }

  std::string text() const {
    std::string s;
    for (const std::string& l : lines()) {
      if (!s.empty()) s += '\n';
      s += l;
    }
    return s;
  }

  void write(std::string_view bytes) {
    for (char ch : bytes) byte(static_cast<unsigned char>(ch));
  }

  // Changes the width, re-wrapping soft-wrapped lines as xterm.js does.
  void resize(int cols) {
    struct Logical {
      std::vector<Cell> cells;
      int cursor = -1;  // cell offset of the cursor, if on this line
    };
    std::vector<Logical> lines;
    for (int r = 0; r < row_count(); ++r) {
      const bool continues = r > 0 && wrapped_[static_cast<std::size_t>(r - 1)];
      if (!continues) lines.emplace_back();
      Logical& l = lines.back();
      const int base = static_cast<int>(l.cells.size());
      const auto& row = rows_[static_cast<std::size_t>(r)];
      l.cells.insert(l.cells.end(), row.begin(), row.end());
      if (r == row_) l.cursor = base + col_ + (pending_wrap_ ? 1 : 0);
    }
    for (Logical& l : lines) {  // trim trailing blanks (not the cursor)
      while (!l.cells.empty() && l.cells.back().text.empty() &&
             l.cells.back().kind == Cell::Normal &&
             static_cast<int>(l.cells.size()) > l.cursor) {
        l.cells.pop_back();
      }
    }
    cols_ = cols;
    rows_.clear();
    wrapped_.clear();
    pending_wrap_ = false;
    int new_row = 0;
    int new_col = 0;
    for (const Logical& l : lines) {
      int r = static_cast<int>(rows_.size());
      ensure_row(r);
      int c = 0;
      const int n = static_cast<int>(l.cells.size());
      for (int k = 0; k <= std::max(n, l.cursor); ++k) {
        const bool wide = k < n && l.cells[static_cast<std::size_t>(k)].kind == Cell::Wide;
        if (c >= cols_ || (wide && c + 1 >= cols_)) {
          wrapped_[static_cast<std::size_t>(r)] = true;
          ++r;
          ensure_row(r);
          c = 0;
        }
        if (k == l.cursor) {
          new_row = r;
          new_col = c;
        }
        if (k < n) {
          const Cell& cell = l.cells[static_cast<std::size_t>(k)];
          rows_[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = cell;
          ++c;
        }
      }
    }
    row_ = new_row;
    col_ = std::min(new_col, cols_ - 1);
    ensure_row(row_);
  }

 private:
  struct Cell {
    std::string text;  // empty = blank
    enum Kind { Normal, Wide, Cont } kind = Normal;
  };

  void ensure_row(int r) {
    while (row_count() <= r) {
      rows_.emplace_back(static_cast<std::size_t>(cols_));
      wrapped_.push_back(false);
    }
  }

  Cell& cell(int r, int c) {
    return rows_[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
  }

  void clear_cell(int r, int c) {
    Cell& x = cell(r, c);
    if (x.kind == Cell::Wide && c + 1 < cols_) cell(r, c + 1) = Cell{};
    if (x.kind == Cell::Cont && c > 0) cell(r, c - 1) = Cell{};
    x = Cell{};
  }

  void line_feed() {
    ++row_;
    ensure_row(row_);
  }

  void print(char32_t cp) {
    const int w = cp == kReplacementChar ? 1 : std::max(0, wcwidth(cp));
    if (w == 0) {  // combining: joins the previous cell
      int c = pending_wrap_ ? col_ : col_ - 1;
      if (c >= 0 && cell(row_, c).kind == Cell::Cont) --c;
      if (c >= 0) append_utf8(cell(row_, c).text, cp);
      return;
    }
    if (pending_wrap_) {
      wrapped_[static_cast<std::size_t>(row_)] = true;
      line_feed();
      col_ = 0;
      pending_wrap_ = false;
    }
    if (w == 2 && col_ == cols_ - 1) {  // does not fit: wraps whole
      clear_cell(row_, col_);
      wrapped_[static_cast<std::size_t>(row_)] = true;
      line_feed();
      col_ = 0;
    }
    clear_cell(row_, col_);
    if (w == 2) clear_cell(row_, col_ + 1);
    Cell& c = cell(row_, col_);
    c.text.clear();
    append_utf8(c.text, cp);
    c.kind = w == 2 ? Cell::Wide : Cell::Normal;
    if (w == 2) cell(row_, col_ + 1) = Cell{std::string(), Cell::Cont};
    col_ += w;
    if (col_ >= cols_) {
      col_ = cols_ - 1;
      pending_wrap_ = true;
    }
  }

  void byte(unsigned char b) {
    switch (state_) {
      case State::Esc:
        if (b == '[') {
          state_ = State::Csi;
          seq_ = "\x1b[";
        } else {
          state_ = State::Ground;
          unknown_.push_back(std::string("\x1b") + static_cast<char>(b));
        }
        return;
      case State::Csi:
        seq_ += static_cast<char>(b);
        if (b >= 0x40 && b <= 0x7E) {
          state_ = State::Ground;
          csi(seq_);
        }
        return;
      case State::Ground:
        break;
    }
    if (utf8_need_ > 0) {
      utf8_ += static_cast<char>(b);
      if (--utf8_need_ > 0) return;
      std::size_t len = 0;
      const char32_t cp = decode_utf8(utf8_, 0, &len);
      utf8_.clear();
      print(cp);
      return;
    }
    if (b >= 0x80) {
      utf8_need_ = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
      utf8_.assign(1, static_cast<char>(b));
      if (utf8_need_ == 0) {
        utf8_.clear();
        print(kReplacementChar);
      }
      return;
    }
    if (b >= 0x20 && b < 0x7F) {
      print(b);
      return;
    }
    switch (b) {
      case '\r':
        col_ = 0;
        pending_wrap_ = false;
        return;
      case '\n':
        line_feed();
        pending_wrap_ = false;
        return;
      case '\b':
        if (col_ > 0 && !pending_wrap_) --col_;
        pending_wrap_ = false;
        return;
      case '\a':
        ++bells_;
        return;
      case 0x1B:
        state_ = State::Esc;
        return;
      default:
        unknown_.push_back(std::string(1, static_cast<char>(b)));
        return;
    }
  }

  void csi(const std::string& seq) {
    const char final_byte = seq.back();
    const std::string params = seq.substr(2, seq.size() - 3);
    if (params == "?2004" && (final_byte == 'h' || final_byte == 'l')) {
      bracketed_paste_ = final_byte == 'h';
      return;
    }
    std::vector<int> nums;
    int value = -1;
    for (char c : params) {
      if (c >= '0' && c <= '9') {
        value = (value < 0 ? 0 : value * 10) + (c - '0');
      } else if (c == ';') {
        nums.push_back(value);
        value = -1;
      } else {
        unknown_.push_back(seq);
        return;
      }
    }
    nums.push_back(value);
    const int n = nums[0] < 1 ? 1 : nums[0];
    switch (final_byte) {
      case 'A':
        row_ = std::max(0, row_ - n);
        break;
      case 'B':
        row_ += n;
        ensure_row(row_);
        break;
      case 'C':
        col_ = std::min(cols_ - 1, col_ + n);
        break;
      case 'D':
        col_ = std::max(0, col_ - n);
        break;
      case 'G':
        col_ = std::min(cols_ - 1, n - 1);
        break;
      case 'H':
        row_ = n - 1;
        col_ = nums.size() > 1 && nums[1] > 0 ? std::min(cols_ - 1, nums[1] - 1) : 0;
        ensure_row(row_);
        break;
      case 'J':
        if (nums[0] == 2) {
          for (int r = 0; r < row_count(); ++r) clear_row(r, 0);
        } else if (nums[0] <= 0) {
          clear_row(row_, col_);
          for (int r = row_ + 1; r < row_count(); ++r) clear_row(r, 0);
        } else {
          unknown_.push_back(seq);
        }
        break;
      case 'K':
        if (nums[0] <= 0) {
          clear_row(row_, col_);
        } else {
          unknown_.push_back(seq);
        }
        break;
      case 'm':
        break;  // colours: no effect on the text
      default:
        unknown_.push_back(seq);
        return;
    }
    pending_wrap_ = false;
  }

  void clear_row(int r, int from) {
    for (int c = from; c < cols_; ++c) clear_cell(r, c);
    wrapped_[static_cast<std::size_t>(r)] = false;
  }

  enum class State { Ground, Esc, Csi };

  int cols_;
  std::vector<std::vector<Cell>> rows_;
  std::vector<bool> wrapped_;
  int row_ = 0;
  int col_ = 0;
  bool pending_wrap_ = false;
  bool bracketed_paste_ = false;
  int bells_ = 0;
  State state_ = State::Ground;
  std::string seq_;
  std::string utf8_;
  int utf8_need_ = 0;
  std::vector<std::string> unknown_;
};

// Records the exact bytes written and keeps a screen model up to date.
class FakeTerminal : public TerminalSink {
 public:
  explicit FakeTerminal(int cols = 80) : screen(cols) {}
  void write(std::string_view bytes) override {
    all.append(bytes.data(), bytes.size());
    fresh.append(bytes.data(), bytes.size());
    ++writes;
    screen.write(bytes);
  }
  // Bytes written since the last take().
  std::string take() { return std::exchange(fresh, std::string()); }

  std::string all;    // everything ever written
  std::string fresh;  // since the last take()
  int writes = 0;     // number of write() calls
  FakeScreen screen;
};

// Counts bytes without keeping them (for throughput tests).
class CountingTerminal : public TerminalSink {
 public:
  void write(std::string_view bytes) override { size += bytes.size(); }
  std::size_t size = 0;
};

// Hands out scripted chunks, then reports end of input.
class FakeInput : public InputSource {
 public:
  FakeInput() = default;
  explicit FakeInput(std::vector<std::string> chunks)
      : chunks_(std::move(chunks)) {}
  void push(std::string chunk) { chunks_.push_back(std::move(chunk)); }
  bool read(std::string& out) override {
    ++reads;
    if (next_ >= chunks_.size()) return false;
    out += chunks_[next_++];
    return true;
  }
  std::size_t remaining() const { return chunks_.size() - next_; }
  int reads = 0;

 private:
  std::vector<std::string> chunks_;
  std::size_t next_ = 0;
};

class FakeHistoryStore : public HistoryStore {
 public:
  FakeHistoryStore() = default;
  explicit FakeHistoryStore(std::vector<std::string> initial)
      : lines(std::move(initial)) {}
  std::vector<std::string> load() override {
    ++loads;
    return lines;
  }
  void append(const std::string& line) override {
    lines.push_back(line);
    appended.push_back(line);
  }
  std::vector<std::string> lines;     // the "file"
  std::vector<std::string> appended;  // what append() received
  int loads = 0;
};

// A scripted stand-in for CPython:
//  - a source where some line ends with ':' is Incomplete until its last
//    line is blank;
//  - "exit()" / "exit(N)" is Exit with code N;
//  - a source containing '$' is a SyntaxError (prints a message);
//  - print(...) writes its argument (quotes stripped) and "\r\n";
//  - write(...) writes its argument without a newline (a partial line);
//  - complete(word) returns the vocabulary entries starting with word.
class FakeInterpreter : public Interpreter {
 public:
  explicit FakeInterpreter(TerminalSink* out = nullptr) : out_(out) {}

  RunResult run_source(const std::string& source) override {
    sources.push_back(source);
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (;;) {
      const std::size_t nl = source.find('\n', start);
      lines.push_back(source.substr(start, nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    const auto blank = [](const std::string& s) {
      return s.find_first_not_of(" \t") == std::string::npos;
    };
    const bool block = std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
      const std::size_t last = l.find_last_not_of(" \t");
      return last != std::string::npos && l[last] == ':';
    });
    if (block && !blank(lines.back())) return {RunStatus::Incomplete};
    if (source.find('$') != std::string::npos) {
      if (out_ != nullptr) out_->write("SyntaxError: invalid syntax\r\n");
      return {RunStatus::SyntaxError};
    }
    if (source.rfind("exit(", 0) == 0) {
      const std::string arg = source.substr(5, source.find(')') - 5);
      return {RunStatus::Exit, arg.empty() ? 0 : std::stoi(arg)};
    }
    for (const char* fn : {"print(", "write("}) {
      const std::size_t n = std::char_traits<char>::length(fn);
      if (source.rfind(fn, 0) != 0 || source.back() != ')') continue;
      std::string arg = source.substr(n, source.size() - n - 1);
      if (arg.size() >= 2 && (arg[0] == '\'' || arg[0] == '"')) {
        arg = arg.substr(1, arg.size() - 2);
      }
      const bool newline = fn[0] == 'p';
      partial_line = newline ? std::string() : partial_line + arg;
      if (out_ != nullptr) out_->write(onlcr(newline ? arg + "\n" : arg));
    }
    executed.push_back(source);
    return {RunStatus::Complete};
  }

  // As CPython at Ctrl-D on a continuation line: the pending lines are one
  // whole entry ('$' is still a SyntaxError; a block runs).  nullopt (the
  // port's default) when eof_entries is off.
  std::optional<RunResult> run_source_at_eof(const std::string& source) override {
    if (!eof_entries) return std::nullopt;
    eof_sources.push_back(source);
    if (source.find('$') != std::string::npos) {
      if (out_ != nullptr) out_->write("SyntaxError: invalid syntax\r\n");
      return RunResult{RunStatus::SyntaxError};
    }
    if (source.rfind("exit(", 0) == 0) return RunResult{RunStatus::Exit, 7};
    executed.push_back(source);
    return RunResult{RunStatus::Complete};
  }

  std::string prompt(bool continuation) override {
    ++prompt_calls;
    return continuation ? ps2 : ps1;
  }

  std::vector<std::string> complete(const std::string& word) override {
    completion_requests.push_back(word);
    std::vector<std::string> out;
    for (const std::string& v : vocabulary) {
      if (v.compare(0, word.size(), word) == 0) out.push_back(v);
    }
    return out;
  }

  void request_interrupt() override { ++interrupts; }

  std::string take_partial_line() override {
    return std::exchange(partial_line, std::string());
  }

  std::string ps1 = ">>> ";
  std::string ps2 = "... ";
  std::vector<std::string> vocabulary;
  std::vector<std::string> sources;   // every run_source argument
  std::vector<std::string> executed;  // the Complete ones
  bool eof_entries = true;            // implement run_source_at_eof
  std::vector<std::string> eof_sources;  // every run_source_at_eof argument
  std::vector<std::string> completion_requests;
  std::string partial_line;  // output since the last newline
  int prompt_calls = 0;
  int interrupts = 0;

 private:
  TerminalSink* out_;
};

}  // namespace pyshell::core::fakes

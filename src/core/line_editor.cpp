// LineEditor: see line_editor.h for the flow.  Rendering follows linenoise's
// multi-line mode: the editor knows which row of the (possibly wrapped)
// line the terminal cursor is on; a redraw moves up to the first row,
// "\r\x1b[J", rewrites prompt + buffer and moves to the cursor.  The
// terminal cursor is never left in the "pending wrap" state: when text ends
// exactly at the right edge, " \r" forces the wrap (keeping it a soft wrap
// for terminals that reflow on resize).
#include "core/line_editor.h"

#include <algorithm>
#include <cassert>
#include <climits>

#include "core/wcwidth.h"

namespace pyshell::core {
namespace {

constexpr std::size_t kMaxUndo = 64;                    // steps
constexpr std::size_t kMaxUndoBytes = std::size_t{32} << 20;  // all steps
constexpr std::size_t kCompactThreshold = 1 << 16;
constexpr int kMaxWidth = 1 << 16;
constexpr const char* kPasteOn = "\x1b[?2004h";
constexpr const char* kPasteOff = "\x1b[?2004l";

std::string csi(int n, char final_byte) {
  std::string s = "\x1b[";
  s += std::to_string(n);
  s += final_byte;
  return s;
}

bool is_word_cp(char32_t cp) {
  return cp >= 0x80 || (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
         (cp >= 'A' && cp <= 'Z');
}

bool is_blank_byte(char c) { return c == ' ' || c == '\t'; }

bool is_delimiter(char c) {
  return kCompleterDelimiters.find(c) != std::string_view::npos;
}

char32_t cp_at(std::string_view s, std::size_t pos, std::size_t* len) {
  return decode_utf8(s, pos, len);
}

int cell_width(char32_t cp) { return std::max(0, wcwidth(cp)); }

// The longest prefix of valid UTF-8 `s` of at most `max` bytes that ends on
// a code point boundary.
std::size_t utf8_prefix_length(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s.size();
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

// Longest common prefix, cut back to a code point boundary.
std::string common_prefix(const std::vector<std::string>& sorted) {
  assert(!sorted.empty() && "common_prefix needs candidates");
  const std::string& a = sorted.front();
  const std::string& b = sorted.back();
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  while (n > 0 && n < a.size() &&
         (static_cast<unsigned char>(a[n]) & 0xC0) == 0x80) {
    --n;
  }
  return a.substr(0, n);
}

// Walks cells left to right the way a VT100-style terminal with auto-wrap
// places them, optionally writing the bytes that produce that placement.
class Walker {
 public:
  Walker(int width, std::string* out, ScreenPos start = {})
      : width_(width), out_(out), pos_(start) {}

  // Where a character of width w would be drawn.
  ScreenPos where(int w) const {
    if (pos_.col >= width_ || (w > 0 && pos_.col + w > width_)) {
      return {pos_.row + 1, 0};
    }
    return pos_;
  }

  void put(std::string_view bytes, int w) {
    if (w > 0 && pos_.col + w > width_) {
      // A wide character that does not fit: pad the row so the terminal
      // wraps it exactly as we expect.
      if (pos_.col < width_ && out_ != nullptr) {
        out_->append(static_cast<std::size_t>(width_ - pos_.col), ' ');
      }
      ++pos_.row;
      pos_.col = 0;
    }
    if (out_ != nullptr) out_->append(bytes);
    pos_.col = std::min(width_, pos_.col + w);
  }

  void tab() {
    if (pos_.col >= width_) {
      ++pos_.row;
      pos_.col = 0;
    }
    const int w = std::min(8 - pos_.col % 8, width_ - pos_.col);
    if (out_ != nullptr) out_->append(static_cast<std::size_t>(w), ' ');
    pos_.col += w;
  }

  void set_out(std::string* out) { out_ = out; }

  void raw(std::string_view bytes) {
    if (out_ != nullptr) out_->append(bytes);
  }

  // Leaves the terminal cursor on the next row if the text ended exactly at
  // the right edge (pending wrap): " \r" makes the terminal wrap for real.
  void finish() {
    if (pos_.col >= width_) {
      if (out_ != nullptr) out_->append(" \r");
      ++pos_.row;
      pos_.col = 0;
    }
  }

  // Walks buffer text (tabs expand to the next multiple of 8).
  void text(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
      std::size_t len = 0;
      const char32_t cp = cp_at(s, i, &len);
      if (cp == '\t') {
        tab();
      } else {
        put(s.substr(i, len), cell_width(cp));
      }
      i += len;
    }
  }

  ScreenPos pos() const { return pos_; }

 private:
  int width_;
  std::string* out_;
  ScreenPos pos_;
};

}  // namespace

LineEditor::LineEditor(TerminalSink& out) : sink_(out) {}

// ---------------------------------------------------------------------------
// Driving

ReadResult LineEditor::read_line(std::string_view prompt, History& history,
                                 InputSource& in,
                                 const ReadOptions& options) {
  begin(prompt, history, options);
  while (!result_) {
    std::string chunk;
    if (!in.read(chunk)) {
      end_of_input();
      break;
    }
    feed(chunk);
  }
  std::optional<ReadResult> r = poll();
  assert(r.has_value() && "a read ends with a result");
  return std::move(*r);
}

void LineEditor::begin(std::string_view prompt, History& history,
                       const ReadOptions& options) {
  active_ = true;
  result_.reset();
  history_ = &history;
  nav_.reset(history);
  prompt_ = std::string(prompt);
  const std::size_t nl = prompt.rfind('\n');
  const std::string_view head =
      nl == std::string_view::npos ? std::string_view() : prompt.substr(0, nl + 1);
  prompt_head_ = std::string(head);
  prompt_items_ = parse_prompt(prompt.substr(head.size()));
  cooked_echo_ = options.cooked_echo;
  shown_items_.clear();
  if (head.empty()) {  // after a prompt with newlines, shown text is above
    std::string_view shown = options.shown;
    const std::size_t cr = shown.find_last_of("\r\n");
    if (cr != std::string_view::npos) shown.remove_prefix(cr + 1);
    shown_items_ = parse_prompt(shown);
  }
  buffer_ = sanitize_line(options.initial_text);
  buffer_.resize(utf8_prefix_length(buffer_, max_line_bytes_));
  cursor_ = buffer_.size();
  prefill_ = buffer_;
  prefill_pending_ = !buffer_.empty();
  pending_insert_.clear();
  completions_.clear();
  undo_.clear();
  last_was_kill_ = last_was_complete_ = last_was_typing_ = false;
  searching_ = false;
  search_failed_ = false;
  search_query_.clear();
  search_match_.reset();

  if (bracketed_paste_) out_ += kPasteOn;
  if (!head.empty()) out_ += onlcr(head);
  render_fresh(/*write_shown=*/false);  // the terminal already shows it
  process();
  write_out();
}

void LineEditor::feed(std::string_view bytes) {
  queue_.append(bytes.data(), bytes.size());
  if (active_) process();
  write_out();
}

std::optional<ReadResult> LineEditor::poll() {
  std::optional<ReadResult> r;
  r.swap(result_);
  return r;
}

void LineEditor::end_of_input() {
  if (!active_) return;
  process();
  if (!result_ && !has_pending_input()) {
    KeyEvent ev;
    if (decoder_.flush(ev)) dispatch(ev);
    flush_insert();
  }
  if (active_ && !result_) {
    if (searching_) search_accept();
    if (buffer_.empty()) {
      eof();
    } else {
      submit();
    }
  }
  write_out();
}

void LineEditor::flush_escape() {
  if (!active_ || has_pending_input()) return;
  KeyEvent ev;
  if (decoder_.flush(ev)) {
    dispatch(ev);
    if (active_ && !result_) {
      flush_insert();
      flush_display();
    }
  }
  write_out();
}

void LineEditor::discard_pending_input() {
  queue_.clear();
  queue_pos_ = 0;
  decoder_.reset();
}

void LineEditor::process() {
  while (active_ && !result_ && queue_pos_ < queue_.size()) {
    KeyEvent ev;
    const auto step =
        decoder_.step(static_cast<unsigned char>(queue_[queue_pos_]), ev);
    if (step != InputDecoder::Step::Reprocess) ++queue_pos_;
    if (step != InputDecoder::Step::NeedMore) dispatch(ev);
  }
  if (active_ && !result_) {
    flush_insert();
    flush_display();
  }
  if (queue_pos_ >= queue_.size()) {
    queue_.clear();
    queue_pos_ = 0;
  } else if (queue_pos_ > kCompactThreshold && queue_pos_ * 2 > queue_.size()) {
    queue_.erase(0, queue_pos_);
    queue_pos_ = 0;
  }
}

// ---------------------------------------------------------------------------
// Key dispatch

void LineEditor::dispatch(const KeyEvent& ev) {
  assert(active_ && "keys are only handled during a read");
  if (ev.key == Key::PasteBegin || ev.key == Key::PasteEnd ||
      ev.key == Key::Ignored) {
    return;  // no effect on the line, nor on command sequences
  }
  if (prefill_pending_) {
    // A paste replaces an untouched auto-indent prefill: pasted code
    // carries its own indentation.
    const bool content = ev.key == Key::Text || ev.key == Key::Enter ||
                         ev.key == Key::Tab;
    if (ev.pasted && content && buffer_ == prefill_ && pending_insert_.empty()) {
      buffer_.clear();
      cursor_ = 0;
      dirty_ = true;
    }
    prefill_pending_ = false;
  }
  if (searching_) {
    flush_insert();
    if (handle_search_key(ev)) {
      last_was_kill_ = last_was_complete_ = last_was_typing_ = false;
      completions_.clear();
      return;
    }
  }
  if (ev.key == Key::Text || (ev.key == Key::Tab && ev.pasted)) {
    checkpoint(/*typing=*/true);
    last_was_typing_ = true;
    last_was_kill_ = last_was_complete_ = false;
    completions_.clear();
    append_utf8(pending_insert_, ev.key == Key::Tab ? U'\t' : ev.ch);
    return;
  }
  flush_insert();
  this_is_kill_ = false;
  this_is_complete_ = false;
  handle_key(ev);
  last_was_typing_ = false;
  last_was_kill_ = this_is_kill_;
  last_was_complete_ = this_is_complete_;
  if (!this_is_complete_) completions_.clear();
}

void LineEditor::handle_key(const KeyEvent& ev) {
  switch (ev.key) {
    case Key::Enter: submit(); return;
    case Key::Tab: complete(); return;
    case Key::Backspace: backspace(); return;
    case Key::Delete: delete_forward(); return;
    case Key::Left: move_to(prev_char_boundary(buffer_, cursor_)); return;
    case Key::Right: move_to(next_char_boundary(buffer_, cursor_)); return;
    case Key::Home: move_to(0); return;
    case Key::End: move_to(buffer_.size()); return;
    case Key::WordLeft: move_to(word_left(cursor_)); return;
    case Key::WordRight: move_to(word_right(cursor_)); return;
    case Key::Up: history_move(-1); return;
    case Key::Down: history_move(+1); return;
    case Key::AltBackspace:
      kill_range(word_left(cursor_), cursor_, /*backward=*/true);
      return;
    case Key::Ctrl:
      switch (ev.ch) {
        case 'a': move_to(0); return;
        case 'b': move_to(prev_char_boundary(buffer_, cursor_)); return;
        case 'c': interrupt(); return;
        case 'd':
          if (buffer_.empty()) {
            eof();
          } else if (cursor_ < buffer_.size()) {
            delete_forward();
          } else {
            bell();
          }
          return;
        case 'e': move_to(buffer_.size()); return;
        case 'f': move_to(next_char_boundary(buffer_, cursor_)); return;
        case 'g': bell(); return;
        case 'k': kill_range(cursor_, buffer_.size(), false); return;
        case 'l': clear_screen(); return;
        case 'n': history_move(+1); return;
        case 'p': history_move(-1); return;
        case 'r': search_start(); return;
        case 't': transpose(); return;
        case 'u': kill_range(0, cursor_, /*backward=*/true); return;
        case 'w': kill_range(unix_word_left(cursor_), cursor_, true); return;
        case 'y': yank(); return;
        case '_': undo(); return;
        default: return;  // unbound control: ignored
      }
    case Key::Alt:
      switch (ev.ch) {
        case 'b': move_to(word_left(cursor_)); return;
        case 'f': move_to(word_right(cursor_)); return;
        case 'd': kill_range(cursor_, word_right(cursor_), false); return;
        case 'u':
        case 'l':
        case 'c': change_case(static_cast<char>(ev.ch)); return;
        case '<': history_jump(/*oldest=*/true); return;
        case '>': history_jump(/*oldest=*/false); return;
        default: return;
      }
    default:
      return;  // Escape, PageUp/Down, Insert: nothing
  }
}

bool LineEditor::handle_search_key(const KeyEvent& ev) {
  switch (ev.key) {
    case Key::Text:
      append_utf8(search_query_, ev.ch);
      search_update(/*from_current=*/true);
      return true;
    case Key::Backspace:
      if (search_query_.empty()) {
        bell();
      } else {
        search_query_.erase(prev_char_boundary(search_query_, search_query_.size()));
        search_update(/*from_current=*/false);
      }
      return true;
    case Key::Ctrl:
      if (ev.ch == 'r') {
        search_next();
        return true;
      }
      if (ev.ch == 'g') {
        search_cancel();
        return true;
      }
      break;
    case Key::Escape:
      search_accept();
      return true;
    case Key::Tab:
      if (ev.pasted) return true;
      break;
    default:
      break;
  }
  // Any other key ends the search with the match in the buffer, then does
  // its usual job (readline).
  search_accept();
  return false;
}

// ---------------------------------------------------------------------------
// Editing

void LineEditor::flush_insert() {
  if (pending_insert_.empty()) return;
  std::string text;
  text.swap(pending_insert_);
  insert_text(text);
}

void LineEditor::insert_text(std::string_view text) {
  const std::size_t room =
      buffer_.size() < max_line_bytes_ ? max_line_bytes_ - buffer_.size() : 0;
  if (text.size() > room) {
    text = text.substr(0, utf8_prefix_length(text, room));
    bell();
  }
  if (text.empty()) return;
  const bool fast = !dirty_ && !cursor_moved_ && !searching_ &&
                    cursor_ == buffer_.size();
  buffer_.insert(cursor_, text.data(), text.size());
  cursor_ += text.size();
  if (fast) {
    echo_append(text);
  } else {
    dirty_ = true;
  }
}

void LineEditor::move_to(std::size_t pos) {
  assert(pos <= buffer_.size() && "the cursor stays inside the buffer");
  if (pos == cursor_) return;
  cursor_ = pos;
  cursor_moved_ = true;
}

void LineEditor::delete_range(std::size_t from, std::size_t to) {
  assert(from <= to && to <= buffer_.size() && "a valid byte range");
  buffer_.erase(from, to - from);
  if (cursor_ > to) {
    cursor_ -= to - from;
  } else if (cursor_ > from) {
    cursor_ = from;
  }
  dirty_ = true;
}

void LineEditor::kill_range(std::size_t from, std::size_t to, bool backward) {
  this_is_kill_ = true;
  if (from >= to) return;
  checkpoint(false);
  std::string text = buffer_.substr(from, to - from);
  if (last_was_kill_) {
    kill_buffer_ = backward ? text + kill_buffer_ : kill_buffer_ + text;
  } else {
    kill_buffer_ = std::move(text);
  }
  delete_range(from, to);
  cursor_ = from;
}

void LineEditor::backspace() {
  if (cursor_ == 0) return;
  checkpoint(false);
  const std::size_t from = prev_char_boundary(buffer_, cursor_);
  const bool at_end = cursor_ == buffer_.size();
  const bool clean = !dirty_ && !cursor_moved_ && !searching_;
  buffer_.erase(from, cursor_ - from);
  cursor_ = from;
  if (at_end && clean) {
    // Deleting the last character on the same row: back up and erase the
    // rest of the row instead of redrawing everything.
    const Layout l = layout(nullptr);
    if (l.end.row == shown_end_.row && l.end.col < shown_end_.col) {
      emit_move(shown_end_, l.end);
      out_ += "\x1b[K";
      shown_cursor_ = shown_end_ = l.end;
      return;
    }
  }
  dirty_ = true;
}

void LineEditor::delete_forward() {
  if (cursor_ >= buffer_.size()) return;
  checkpoint(false);
  delete_range(cursor_, next_char_boundary(buffer_, cursor_));
}

void LineEditor::transpose() {
  if (cursor_ == 0 || buffer_.empty()) {
    bell();
    return;
  }
  const std::size_t mid = cursor_ == buffer_.size()
                              ? prev_char_boundary(buffer_, cursor_)
                              : cursor_;
  if (mid == 0) {
    bell();
    return;
  }
  checkpoint(false);
  const std::size_t start = prev_char_boundary(buffer_, mid);
  const std::size_t end = next_char_boundary(buffer_, mid);
  const std::string swapped =
      buffer_.substr(mid, end - mid) + buffer_.substr(start, mid - start);
  buffer_.replace(start, end - start, swapped);
  cursor_ = end;
  dirty_ = true;
}

void LineEditor::change_case(char mode) {
  const std::size_t end = word_right(cursor_);
  if (end == cursor_) return;
  checkpoint(false);
  bool first = true;
  for (std::size_t i = cursor_; i < end; ++i) {
    char& c = buffer_[i];
    const auto u = static_cast<unsigned char>(c);
    const bool word = is_word_cp(u);
    if (u < 0x80) {
      const bool upper =
          mode == 'u' || (mode == 'c' && first && word);
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (word) first = false;
  }
  cursor_ = end;
  dirty_ = true;
}

void LineEditor::yank() {
  if (kill_buffer_.empty()) return;
  checkpoint(false);
  insert_text(kill_buffer_);
}

void LineEditor::checkpoint(bool typing) {
  if (typing && last_was_typing_) return;  // one undo step per typed run
  undo_.push_back(Snapshot{buffer_, cursor_});
  std::size_t bytes = 0;
  for (const Snapshot& s : undo_) bytes += s.buffer.size();
  while (undo_.size() > 1 &&
         (undo_.size() > kMaxUndo || bytes > kMaxUndoBytes)) {
    bytes -= undo_.front().buffer.size();
    undo_.erase(undo_.begin());
  }
}

void LineEditor::undo() {
  if (undo_.empty()) {
    bell();
    return;
  }
  buffer_ = std::move(undo_.back().buffer);
  cursor_ = std::min(undo_.back().cursor, buffer_.size());
  undo_.pop_back();
  dirty_ = true;
}

void LineEditor::history_move(int direction) {
  std::string line = buffer_;
  recall(direction < 0 ? nav_.older(line) : nav_.newer(line), line);
}

void LineEditor::history_jump(bool oldest) {
  std::string line = buffer_;
  recall(oldest ? nav_.oldest(line) : nav_.newest(line), line);
}

// After a history move: edit the entry moved to, or ring if there was nowhere to go.
void LineEditor::recall(bool moved, const std::string& line) {
  if (!moved) {
    bell();
    return;
  }
  buffer_ = sanitize_line(line);
  cursor_ = buffer_.size();
  undo_.clear();
  dirty_ = true;
}

std::size_t LineEditor::word_left(std::size_t pos) const {
  std::size_t len = 0;
  while (pos > 0) {
    const std::size_t p = prev_code_point(buffer_, pos);
    if (is_word_cp(cp_at(buffer_, p, &len))) break;
    pos = p;
  }
  while (pos > 0) {
    const std::size_t p = prev_code_point(buffer_, pos);
    if (!is_word_cp(cp_at(buffer_, p, &len))) break;
    pos = p;
  }
  return pos;
}

std::size_t LineEditor::word_right(std::size_t pos) const {
  std::size_t len = 0;
  while (pos < buffer_.size() && !is_word_cp(cp_at(buffer_, pos, &len))) {
    pos += len;
  }
  while (pos < buffer_.size() && is_word_cp(cp_at(buffer_, pos, &len))) {
    pos += len;
  }
  return pos;
}

std::size_t LineEditor::unix_word_left(std::size_t pos) const {
  while (pos > 0 && is_blank_byte(buffer_[pos - 1])) --pos;
  while (pos > 0 && !is_blank_byte(buffer_[pos - 1])) --pos;
  return pos;
}

// ---------------------------------------------------------------------------
// Completion

void LineEditor::complete() {
  std::size_t start = cursor_;
  while (start > 0 && !is_delimiter(buffer_[start - 1])) --start;
  if (start == cursor_) {
    // No word (line start, after a blank or a delimiter): a literal tab, as
    // Python 3.13's rlcompleter inserts (shown up to the next 8-column stop).
    checkpoint(false);
    insert_text("\t");
    return;
  }
  const std::string word = buffer_.substr(start, cursor_ - start);

  std::vector<std::string> candidates;
  if (completer_) {
    for (const std::string& c : completer_(word)) {
      std::string clean = sanitize_line(c, /*keep_tabs=*/false);
      if (!clean.empty()) candidates.push_back(std::move(clean));
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()),
                   candidates.end());
  completions_ = candidates;
  this_is_complete_ = true;

  std::string replacement;
  if (!candidates.empty()) {
    replacement =
        candidates.size() == 1 ? candidates.front() : common_prefix(candidates);
  }
  const bool progress =
      !candidates.empty() && replacement != word &&
      (candidates.size() == 1 || replacement.size() >= word.size());
  if (progress) {
    checkpoint(false);
    if (replacement.compare(0, word.size(), word) == 0) {
      insert_text(std::string_view(replacement).substr(word.size()));
    } else if (buffer_.size() - (cursor_ - start) + replacement.size() <=
               max_line_bytes_) {
      buffer_.replace(start, cursor_ - start, replacement);
      cursor_ = start + replacement.size();
      dirty_ = true;
    } else {
      bell();  // would exceed max_line_bytes
    }
    return;
  }
  if (last_was_complete_ && !candidates.empty()) {
    list_completions();
  } else {
    bell();
  }
}

void LineEditor::list_completions() {
  flush_display();
  emit_move(shown_cursor_, shown_end_);
  if (!(shown_end_.col == 0 && shown_end_.row > 0)) out_ += "\r\n";

  // readline's rl_display_match_list: sorted, column-major, columns of the
  // longest width + 2, no padding after the last column.
  const std::size_t n = completions_.size();
  int longest = 0;
  for (const std::string& c : completions_) {
    longest = std::max(longest, display_width(c));
  }
  const int col_width = longest + 2;
  int cols = width_ / col_width;
  if (cols != 1 && cols * col_width == width_) --cols;
  if (cols <= 0) cols = 1;
  const std::size_t ncols = static_cast<std::size_t>(cols);
  const std::size_t rows = (n + ncols - 1) / ncols;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < ncols; ++c) {
      const std::size_t i = r + c * rows;
      if (i >= n) break;
      out_ += completions_[i];
      if (c + 1 < ncols && i + rows < n) {
        out_.append(static_cast<std::size_t>(
                        col_width - display_width(completions_[i])),
                    ' ');
      }
    }
    out_ += "\r\n";
  }
  render_fresh();
}

// ---------------------------------------------------------------------------
// Incremental search (Ctrl-R)

void LineEditor::search_start() {
  searching_ = true;
  search_failed_ = false;
  search_query_.clear();
  search_match_.reset();
  search_saved_buffer_ = buffer_;
  search_saved_cursor_ = cursor_;
  search_start_index_ = nav_.index();
  update_search_prompt();
  dirty_ = true;
}

void LineEditor::update_search_prompt() {
  std::string p = search_failed_ ? "(failed reverse-i-search)`"
                                 : "(reverse-i-search)`";
  p += search_query_;
  p += "': ";
  search_prompt_items_ = parse_prompt(p);
}

void LineEditor::search_apply(std::optional<History::Match> match) {
  if (match) {
    search_match_ = match;
    search_failed_ = false;
    buffer_ = sanitize_line(history_->at(match->index));
    cursor_ = std::min(match->pos, buffer_.size());
  } else {
    search_failed_ = true;
    bell();
  }
  update_search_prompt();
  dirty_ = true;
}

void LineEditor::search_update(bool from_current) {
  if (search_query_.empty()) {
    buffer_ = search_saved_buffer_;
    cursor_ = search_saved_cursor_;
    search_match_.reset();
    search_failed_ = false;
    update_search_prompt();
    dirty_ = true;
    return;
  }
  last_search_ = search_query_;
  if (from_current && search_match_) {
    search_apply(history_->search_backward(search_query_, search_match_->index,
                                           search_match_->pos));
  } else {
    search_apply(history_->search_backward(search_query_, search_start_index_));
  }
}

void LineEditor::search_next() {
  if (search_query_.empty()) {
    if (last_search_.empty()) return;
    search_query_ = last_search_;
    search_update(/*from_current=*/false);
    return;
  }
  if (!search_match_) {
    search_apply(std::nullopt);
    return;
  }
  const History::Match m = *search_match_;
  if (m.pos > 0) {
    search_apply(history_->search_backward(search_query_, m.index, m.pos - 1));
  } else if (m.index > 0) {
    search_apply(history_->search_backward(search_query_, m.index - 1));
  } else {
    search_apply(std::nullopt);
  }
}

void LineEditor::search_accept() {
  searching_ = false;
  if (search_match_) {
    std::string line = search_saved_buffer_;
    nav_.go_to(search_match_->index, line);
    buffer_ = sanitize_line(history_->at(search_match_->index));
    cursor_ = std::min(search_match_->pos, buffer_.size());
  } else {
    buffer_ = search_saved_buffer_;
    cursor_ = search_saved_cursor_;
  }
  undo_.clear();
  dirty_ = true;
}

void LineEditor::search_cancel() {
  searching_ = false;
  buffer_ = search_saved_buffer_;
  cursor_ = search_saved_cursor_;
  dirty_ = true;
}

// ---------------------------------------------------------------------------
// Ending a read

void LineEditor::submit() {
  if (searching_) search_accept();
  move_to(buffer_.size());
  flush_display();
  assert(shown_cursor_ == shown_end_ && "the cursor is at the end of input");
  // After a row filled exactly, the cursor already sits on a fresh row.
  // Otherwise the row ends, even after an empty prompt on an empty line:
  // GNU readline 8.3 writes that newline too (8.2 wrote none), as a cooked
  // terminal echoes it.
  const bool fresh_row = shown_end_.col == 0 && shown_end_.row > 0;
  if (!fresh_row) out_ += "\r\n";
  std::string line = std::move(buffer_);
  if (history_ != nullptr) history_->add(line);
  finish(ReadResult::Line, std::move(line));
}

void LineEditor::eof() {
  flush_display();
  finish(ReadResult::Eof, std::string());
}

void LineEditor::interrupt() {
  if (searching_) search_accept();
  move_to(buffer_.size());
  flush_display();
  // readline echoes nothing (the program writes what follows); a cooked
  // terminal echoes the control character (ECHOCTL).
  if (cooked_echo_) out_ += "^C";
  std::string line = std::move(buffer_);
  finish(ReadResult::Interrupt, std::move(line));
}

void LineEditor::finish(ReadResult::Kind kind, std::string text) {
  if (bracketed_paste_) out_ += kPasteOff;
  result_ = ReadResult{kind, std::move(text)};
  active_ = false;
  searching_ = false;
  buffer_.clear();
  cursor_ = 0;
  pending_insert_.clear();
  completions_.clear();
  undo_.clear();
  dirty_ = false;
  cursor_moved_ = false;
}

void LineEditor::clear_screen() {
  out_ += "\x1b[H\x1b[2J";
  out_ += onlcr(prompt_head_);
  render_fresh();
}

// ---------------------------------------------------------------------------
// Rendering

std::vector<LineEditor::PromptItem> LineEditor::parse_prompt(
    std::string_view s) {
  std::vector<PromptItem> items;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0x01) {  // readline's RL_PROMPT_START_IGNORE ... END_IGNORE
      std::size_t j = s.find('\x02', i + 1);
      if (j == std::string_view::npos) j = s.size();
      items.push_back({std::string(s.substr(i + 1, j - i - 1)), 0, PromptItem::Raw});
      i = std::min(s.size(), j + 1);
      continue;
    }
    if (c == 0x1B) {  // colours etc.: written as is, take no cell
      std::size_t j = i + 1;
      if (j < s.size() && s[j] == '[') {
        ++j;
        while (j < s.size() && !(s[j] >= 0x40 && s[j] <= 0x7E)) ++j;
        j = std::min(s.size(), j + 1);
      } else if (j < s.size() && s[j] == ']') {
        while (j < s.size() && s[j] != '\x07' &&
               !(s[j] == '\\' && s[j - 1] == '\x1b')) {
          ++j;
        }
        j = std::min(s.size(), j + 1);
      } else {
        j = std::min(s.size(), j + 1);
      }
      items.push_back({std::string(s.substr(i, j - i)), 0, PromptItem::Raw});
      i = j;
      continue;
    }
    if (c == '\t') {
      items.push_back({std::string(), 0, PromptItem::Tab});
      ++i;
      continue;
    }
    std::size_t len = 0;
    const char32_t cp = decode_utf8(s, i, &len);
    const int w = wcwidth(cp);
    if (w >= 0 && cp != 0) items.push_back({to_utf8(cp), w, PromptItem::Char});
    i += len;
  }
  return items;
}

const std::vector<LineEditor::PromptItem>& LineEditor::display_prompt() const {
  return searching_ ? search_prompt_items_ : prompt_items_;
}

LineEditor::Layout LineEditor::layout(std::string* out, bool write_shown) const {
  Walker w(width_, out);
  const auto walk = [&w](const std::vector<PromptItem>& items) {
    for (const PromptItem& item : items) {
      switch (item.kind) {
        case PromptItem::Char: w.put(item.bytes, item.width); break;
        case PromptItem::Tab: w.tab(); break;
        case PromptItem::Raw: w.raw(item.bytes); break;
      }
    }
  };
  if (!write_shown) w.set_out(nullptr);
  walk(shown_items_);
  w.set_out(out);
  walk(display_prompt());
  Layout l;
  bool cursor_found = false;
  std::size_t i = 0;
  while (i < buffer_.size()) {
    std::size_t len = 0;
    const char32_t cp = cp_at(buffer_, i, &len);
    const int cw = cp == '\t' ? 1 : cell_width(cp);
    if (i == cursor_) {
      l.cursor = w.where(cw);
      cursor_found = true;
    }
    if (cp == '\t') {
      w.tab();
    } else {
      w.put(std::string_view(buffer_).substr(i, len), cw);
    }
    i += len;
  }
  w.finish();
  l.end = w.pos();
  if (!cursor_found) l.cursor = l.end;
  return l;
}

void LineEditor::emit_move(ScreenPos from, ScreenPos to) {
  if (to.row < from.row) out_ += csi(from.row - to.row, 'A');
  if (to.row > from.row) out_ += csi(to.row - from.row, 'B');
  if (to.col == from.col) return;
  if (to.col == 0) {
    out_ += '\r';
  } else if (to.col < from.col) {
    const int d = from.col - to.col;
    if (d == 1) {
      out_ += '\b';
    } else {
      out_ += csi(d, 'D');
    }
  } else {
    out_ += csi(to.col - from.col, 'C');
  }
}

void LineEditor::echo_append(std::string_view text) {
  assert(shown_cursor_ == shown_end_ && "typing at the end of a clean line");
  Walker w(width_, &out_, shown_end_);
  w.text(text);
  w.finish();
  shown_cursor_ = shown_end_ = w.pos();
}

void LineEditor::refresh() {
  if (shown_cursor_.row > 0) out_ += csi(shown_cursor_.row, 'A');
  out_ += "\r\x1b[J";
  render_fresh();
}

void LineEditor::render_fresh(bool write_shown) {
  const Layout l = layout(&out_, write_shown);
  emit_move(l.end, l.cursor);
  shown_cursor_ = l.cursor;
  shown_end_ = l.end;
  dirty_ = false;
  cursor_moved_ = false;
}

void LineEditor::flush_display() {
  if (!active_) return;
  if (dirty_) {
    refresh();
  } else if (cursor_moved_) {
    const Layout l = layout(nullptr);
    emit_move(shown_cursor_, l.cursor);
    shown_cursor_ = l.cursor;
    cursor_moved_ = false;
  }
}

void LineEditor::write_out() {
  if (out_.empty()) return;
  sink_.write(out_);
  out_.clear();
}

void LineEditor::bell() {
  if (bell_) out_ += '\a';
}

void LineEditor::set_width(int columns) {
  columns = std::clamp(columns, 2, kMaxWidth);
  if (columns == width_) return;
  width_ = columns;
  if (!active_) return;
  // Terminals that reflow on resize (xterm.js, VTE, ...) re-wrap the line:
  // the cursor is now where the new width puts it.
  const Layout l = layout(nullptr);
  shown_cursor_ = l.cursor;
  shown_end_ = l.end;
  dirty_ = true;
  flush_display();
  write_out();
}

// ---------------------------------------------------------------------------
// State as data

int LineEditor::cursor_column() const {
  Walker w(INT_MAX / 2, nullptr);
  w.text(std::string_view(buffer_).substr(0, cursor_));
  return w.pos().col;
}

ScreenPos LineEditor::cursor_position() const { return layout(nullptr).cursor; }

ScreenPos LineEditor::end_position() const { return layout(nullptr).end; }

}  // namespace pyshell::core

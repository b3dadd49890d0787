// Randomised (fixed-seed) key sequences checking the editor's invariants
// after every feed: the buffer is valid UTF-8, the cursor sits on a code
// point boundary inside it, the terminal cursor is where the editor thinks,
// and the screen shows exactly the prompt + buffer with nothing stale
// below.
#include <gtest/gtest.h>

#include <random>

#include "harness.h"

namespace pyshell::core::fakes {
namespace {

// What prompt + buffer look like on a terminal `width` columns wide (ASCII
// and tabs only).
std::vector<std::string> expected_rows(const std::string& text, int width) {
  std::vector<std::string> rows(1);
  int col = 0;
  for (char c : text) {
    if (col == width) {
      rows.emplace_back();
      col = 0;
    }
    if (c == '\t') {
      const int n = std::min(8 - col % 8, width - col);
      rows.back().append(static_cast<std::size_t>(n), ' ');
      col += n;
    } else {
      rows.back() += c;
      ++col;
    }
  }
  if (col == width) rows.emplace_back();
  for (std::string& r : rows) {
    while (!r.empty() && r.back() == ' ') r.pop_back();
  }
  return rows;
}

std::string shown_prompt(const EditorHarness& h) {
  const LineEditor& ed = h.editor;
  if (!ed.is_searching()) return h.shown + ed.prompt();
  return h.shown +
         (ed.search_failed() ? "(failed reverse-i-search)`" : "(reverse-i-search)`") +
         ed.search_query() + "': ";
}

void check_invariants(const EditorHarness& h, bool check_screen_text,
                      const std::string& context) {
  const LineEditor& ed = h.editor;
  ASSERT_TRUE(is_valid_utf8(ed.buffer())) << context;
  ASSERT_LE(ed.cursor(), ed.buffer().size()) << context;
  if (ed.cursor() < ed.buffer().size()) {
    ASSERT_NE(static_cast<unsigned char>(ed.buffer()[ed.cursor()]) & 0xC0, 0x80)
        << "cursor inside a UTF-8 sequence: " << context;
  }
  ASSERT_TRUE(h.screen().unknown_sequences().empty()) << context;
  if (!ed.active()) return;
  const ScreenPos pos = ed.cursor_position();
  const ScreenPos end = ed.end_position();
  ASSERT_EQ(h.screen().cursor_col(), pos.col) << context;
  ASSERT_FALSE(h.screen().pending_wrap()) << context;
  const int origin = h.screen().cursor_row() - pos.row;
  ASSERT_GE(origin, 0) << context;
  if (!check_screen_text) return;
  const auto rows = expected_rows(shown_prompt(h) + ed.buffer(), ed.width());
  ASSERT_EQ(static_cast<int>(rows.size()), end.row + 1) << context;
  for (int r = 0; r <= end.row; ++r) {
    ASSERT_EQ(h.screen().line(origin + r), rows[static_cast<std::size_t>(r)])
        << "row " << r << ": " << context;
  }
  for (int r = origin + end.row + 1; r < h.screen().row_count(); ++r) {
    ASSERT_EQ(h.screen().line(r), "") << "stale row " << r << ": " << context;
  }
}

std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

const std::vector<std::string> kAsciiKeys = {
    "a", "b", "x", " ", "(", ".", "pr", "\x7f", "\x08", "\x1b[D", "\x1b[C",
    "\x1b[H", "\x1b[F", "\x01", "\x05", "\x02", "\x06", "\x0b", "\x15", "\x17",
    "\x19", "\x14", "\x1b" "b", "\x1b" "f", "\x1b" "d", "\x1b\x7f", "\x1b[3~",
    "\x04", "\x1b[A", "\x1b[B", "\x10", "\x0e", "\x12", "\x07", "\t", "\x1f",
    "\x0c", "\r", "\x03", "\x1b[200~", "\x1b[201~", "\x1b[1;5C", "\x1b[1;5D",
    "\x1b" "u", "\x1b" "c", "\x1b<", "\x1b>", "\x1b[15~", "\x1b", "\x1b[2"};

const std::vector<std::string> kUnicodeKeys = {
    "a", " ", "\xE4\xBD\xA0", "\xF0\x9F\x98\x80", "\xCC\x81", "e\xCC\x81",
    "\xE2\x80\x8D", "\xF0\x9F\x8F\xBD", "\xFF", "\xE4\xBD", "\xC3", "\t",
    "\x7f", "\x1b[D", "\x1b[C", "\x01", "\x05", "\x14", "\x17", "\x0b", "\x19",
    "\x1b" "b", "\x1b" "f", "\x1b[3~", "\x1b[200~", "\x1b[201~", "\r", "\x12",
    "\x1b[A"};

void run_random(const std::vector<std::string>& alphabet, bool check_text,
                unsigned seed, int rounds, bool resize) {
  std::mt19937 rng(seed);
  const int widths[] = {5, 7, 10, 13, 80};
  for (int round = 0; round < rounds; ++round) {
    const int width = widths[rng() % 5];
    EditorHarness h(width);
    h.restart = true;
    h.editor.set_bell(round % 2 == 0);
    h.editor.enable_bracketed_paste(round % 3 == 0);
    h.editor.set_completer([](const std::string& w) {
      std::vector<std::string> out;
      for (const char* v : {"print(", "property(", "pr", "abs(", "x.bar"}) {
        if (std::string(v).compare(0, w.size(), w) == 0) out.emplace_back(v);
      }
      return out;
    });
    h.history.add("print(1)");
    h.history.add("x = 2");
    // Some reads start after program output that did not end its line.
    const std::string shown = round % 4 == 1 ? std::string(rng() % 12, 'o') : "";
    h.term.write(shown);
    h.begin({}, shown);
    std::string log = "<shown " + std::to_string(shown.size()) + ">";
    for (int step = 0; step < 60; ++step) {
      std::string chunk;
      const int keys = 1 + static_cast<int>(rng() % 3);
      for (int k = 0; k < keys; ++k) chunk += alphabet[rng() % alphabet.size()];
      log += chunk;
      h.type(chunk);
      if (resize && rng() % 10 == 0) {
        const int w = widths[rng() % 5];
        h.term.screen.resize(w);
        h.editor.set_width(w);
        h.term.take();
        log += "<resize " + std::to_string(w) + ">";
      }
      check_invariants(h, check_text,
                       "seed " + std::to_string(seed) + " round " +
                           std::to_string(round) + " width " +
                           std::to_string(h.editor.width()) + " input " +
                           printable(log));
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

TEST(LineEditorProperty, AsciiScreenAlwaysMatchesState) {
  run_random(kAsciiKeys, /*check_text=*/true, 1234, 300, /*resize=*/false);
}

TEST(LineEditorProperty, AsciiWithResizes) {
  run_random(kAsciiKeys, /*check_text=*/true, 99, 200, /*resize=*/true);
}

TEST(LineEditorProperty, UnicodeCursorStaysInSync) {
  run_random(kUnicodeKeys, /*check_text=*/false, 4321, 300, /*resize=*/false);
}

}  // namespace
}  // namespace pyshell::core::fakes

// libFuzzer target: arbitrary bytes into a LineEditor wired to fake ports.
// Checks after every chunk: no crash / sanitizer report, the buffer is
// valid UTF-8, the cursor is inside it on a code point boundary, submitted
// lines are valid UTF-8, and (without resizes) the terminal model's cursor
// is where the editor says it is.
//
// Build: cmake -DPYSHELL_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ...
// Run:   ./fuzz_line_editor -max_len=4096 [corpus_dir]
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/history.h"
#include "core/line_editor.h"
#include "core/text.h"
#include "fakes.h"

namespace {

using pyshell::core::History;
using pyshell::core::LineEditor;
using pyshell::core::ReadResult;
using pyshell::core::ScreenPos;

void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

void check(const LineEditor& ed, const pyshell::core::fakes::FakeScreen& screen,
           bool screen_in_sync) {
  const std::string& buf = ed.buffer();
  require(pyshell::core::is_valid_utf8(buf), "buffer is valid UTF-8");
  require(ed.cursor() <= buf.size(), "cursor within the buffer");
  require(ed.cursor() == buf.size() ||
              (static_cast<unsigned char>(buf[ed.cursor()]) & 0xC0) != 0x80,
          "cursor on a code point boundary");
  require(screen.unknown_sequences().empty(), "only known escape sequences");
  if (ed.active() && screen_in_sync) {
    const ScreenPos pos = ed.cursor_position();
    require(screen.cursor_col() == pos.col, "terminal cursor column in sync");
    require(screen.cursor_row() >= pos.row, "terminal cursor row in sync");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t config = data[0];
  const int width = 2 + config % 61;
  pyshell::core::fakes::FakeTerminal term(width);
  LineEditor ed(term);
  ed.set_width(width);
  ed.enable_bracketed_paste((config & 0x40) != 0);
  ed.set_completer([](const std::string& word) {
    std::vector<std::string> out;
    for (const char* c : {"print(", "property(", "pr", "\xE4\xBD\xA0\xE5\xA5\xBD", "x.y"}) {
      if (std::string_view(c).substr(0, word.size()) == word) out.emplace_back(c);
    }
    if (word == "bad") out.emplace_back("b\xFF\x1b[31m\n");
    return out;
  });
  ed.set_max_line_bytes(4096);  // keeps yank loops (3x per round) fast
  History history(8);
  history.add("print(1)");
  history.add("x = \xE4\xBD\xA0");
  // Optionally every read follows program output on the same line, and
  // echoes as a cooked terminal does.
  const std::string shown((config & 0x20) != 0 ? static_cast<std::size_t>(config % 23) : 0, 'o');
  pyshell::core::ReadOptions options;
  options.shown = shown;
  options.cooked_echo = (config & 0x10) != 0;
  term.write(shown);
  ed.begin(">>> ", history, options);

  bool in_sync = true;
  std::size_t i = 1;
  while (i < size) {
    const std::size_t n = std::min<std::size_t>(size - i, 1 + (i * 7 + config) % 16);
    ed.feed(std::string_view(reinterpret_cast<const char*>(data + i), n));
    i += n;
    while (auto r = ed.poll()) {
      require(pyshell::core::is_valid_utf8(r->text), "results are valid UTF-8");
      // As the REPL: after Ctrl-D or Ctrl-C the program ends the line.
      if (r->kind != ReadResult::Line) term.write("\r\n");
      term.write(shown);
      ed.begin(">>> ", history, options);
    }
    if ((config & 0x80) != 0 && i > size / 2 && in_sync) {
      const int w = 2 + (config * 13) % 50;
      term.screen.resize(w);
      ed.set_width(w);
      in_sync = false;  // reflow of padded wide characters may differ
    }
    check(ed, term.screen, in_sync);
  }
  ed.flush_escape();
  check(ed, term.screen, in_sync);
  ed.end_of_input();
  while (auto r = ed.poll()) {
    require(pyshell::core::is_valid_utf8(r->text), "results are valid UTF-8");
  }
  return 0;
}

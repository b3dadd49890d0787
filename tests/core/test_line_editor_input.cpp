// LineEditor input handling: bracketed and plain pastes (each line submitted
// in turn, the rest queued), pull vs push driving, pending input, garbage
// input (NUL, unknown escapes), and 1 MB pastes.
#include <gtest/gtest.h>

#include <chrono>

#include "harness.h"

namespace pyshell::core::fakes {
namespace {

using namespace keys;

// "Well under a second"; sanitizer builds run several times slower.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kBudgetMs = 3000;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr long kBudgetMs = 3000;
#else
constexpr long kBudgetMs = 1000;
#endif
#else
constexpr long kBudgetMs = 1000;
#endif

TEST(LineEditorPaste, PlainMultiLinePasteSubmitsEachLine) {
  EditorHarness h;
  h.restart = true;
  h.begin();
  EXPECT_EQ(h.type("a = 1\rb = 2\rc"), "a = 1\r\n>>> b = 2\r\n>>> c");
  ASSERT_EQ(h.results.size(), 2U);
  EXPECT_EQ(h.results[0].text, "a = 1");
  EXPECT_EQ(h.results[1].text, "b = 2");
  EXPECT_EQ(h.editor.buffer(), "c");
  EXPECT_EQ(h.screen().lines(),
            (std::vector<std::string>{">>> a = 1", ">>> b = 2", ">>> c"}));
}

TEST(LineEditorPaste, RemainderStaysQueuedUntilTheNextRead) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type("one\rtwo\rthr"), "one\r\n");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_TRUE(h.editor.has_pending_input());
  EXPECT_FALSE(h.editor.active());
  // The program may print something and use another prompt.
  h.term.write("out\r\n");
  h.prompt = "... ";
  EXPECT_EQ(h.begin(), "out\r\n... two\r\n");
  ASSERT_EQ(h.results.size(), 2U);
  EXPECT_EQ(h.results[1].text, "two");
  EXPECT_EQ(h.begin(), "... thr");
  EXPECT_FALSE(h.editor.has_pending_input());
  EXPECT_EQ(h.editor.buffer(), "thr");
}

TEST(LineEditorPaste, BytesFedBetweenReadsWaitForBegin) {
  EditorHarness h;
  h.begin();
  h.type("x\r");
  EXPECT_EQ(h.type("typed ahead"), "");
  EXPECT_TRUE(h.editor.has_pending_input());
  EXPECT_EQ(h.begin(), ">>> typed ahead");
}

TEST(LineEditorPaste, BracketedPasteSubmitsLinesAndTogglesMode) {
  EditorHarness h;
  h.editor.enable_bracketed_paste(true);
  h.restart = true;
  EXPECT_EQ(h.begin(), "\x1b[?2004h>>> ");
  EXPECT_TRUE(h.screen().bracketed_paste());
  EXPECT_EQ(h.type(std::string(kPasteBegin) + "x = 1\ny = 2" + kPasteEnd),
            "x = 1\r\n\x1b[?2004l\x1b[?2004h>>> y = 2");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].text, "x = 1");
  EXPECT_EQ(h.editor.buffer(), "y = 2");
  EXPECT_EQ(h.type("\r"), "\r\n\x1b[?2004l\x1b[?2004h>>> ");
  EXPECT_EQ(h.results[1].text, "y = 2");
}

TEST(LineEditorPaste, PasteStaysInPasteModeAcrossLines) {
  EditorHarness h;
  std::vector<std::string> asked;
  h.editor.set_completer([&](const std::string& w) {
    asked.push_back(w);
    return std::vector<std::string>{};
  });
  h.begin();
  h.type(std::string(kPasteBegin) + "if x:\r\n");
  ASSERT_EQ(h.results.size(), 1U);
  h.begin();  // the paste goes on in the next read
  h.type("\tpass \x01" + std::string(kPasteEnd) + "\t");
  EXPECT_EQ(h.editor.buffer(), "\tpass \t");  // then a typed Tab, literal too
  EXPECT_TRUE(asked.empty());
}

TEST(LineEditorPaste, PastedControlsAndEscapesAreDropped) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type(std::string(kPasteBegin) + "a\x03\x04\x7f\x1b[Db" + kPasteEnd), "ab");
  EXPECT_EQ(h.editor.buffer(), "ab");
  EXPECT_TRUE(h.results.empty());
}

TEST(LineEditorPaste, CrLfInsidePasteIsOneEnter) {
  EditorHarness h;
  h.restart = true;
  h.begin();
  h.type(std::string(kPasteBegin) + "a\r\nb\r\n" + kPasteEnd);
  ASSERT_EQ(h.results.size(), 2U);
  EXPECT_EQ(h.results[0].text, "a");
  EXPECT_EQ(h.results[1].text, "b");
}

TEST(LineEditorPaste, PasteReplacesUntouchedInitialText) {
  EditorHarness h;
  h.begin("    ");
  h.type(std::string(kPasteBegin) + "    x = 1" + kPasteEnd);
  EXPECT_EQ(h.editor.buffer(), "    x = 1");
}

TEST(LineEditorPaste, TypingKeepsInitialText) {
  EditorHarness h;
  h.begin("    ");
  h.type("x");
  h.type(std::string(kPasteBegin) + "y" + kPasteEnd);
  EXPECT_EQ(h.editor.buffer(), "    xy");
}

TEST(LineEditorPaste, OneMegabyteSingleLinePaste) {
  CountingTerminal term;
  LineEditor ed(term);
  History history;
  ed.begin(">>> ", history);
  const std::string big(1 << 20, 'x');
  const auto t0 = std::chrono::steady_clock::now();
  ed.feed(kPasteBegin + big + kPasteEnd);
  ed.feed("\r");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
  auto r = ed.poll();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->text.size(), big.size());
  EXPECT_LT(ms, kBudgetMs);
  EXPECT_LT(term.size, big.size() + 1000);  // echoed once, no redraws
}

TEST(LineEditorPaste, OneMegabyteInsertedInTheMiddle) {
  CountingTerminal term;
  LineEditor ed(term);
  History history;
  ed.begin(">>> ", history);
  ed.feed("()\x1b[D");
  const std::string big(1 << 20, 'y');
  const auto t0 = std::chrono::steady_clock::now();
  ed.feed(big);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
  EXPECT_EQ(ed.buffer().size(), big.size() + 2);
  EXPECT_EQ(ed.cursor(), big.size() + 1);
  EXPECT_LT(ms, kBudgetMs);
  EXPECT_LT(term.size, 2 * big.size() + 1000);  // one redraw
}

TEST(LineEditorPaste, OneMegabyteOfManyLines) {
  CountingTerminal term;
  LineEditor ed(term);
  History history;
  std::string paste;
  const std::string line(63, 'z');
  while (paste.size() < (1 << 20)) paste += line + "\n";
  const std::size_t nlines = paste.size() / 64;
  const auto t0 = std::chrono::steady_clock::now();
  ed.begin(">>> ", history);
  ed.feed(paste);
  std::size_t count = 0;
  while (auto r = ed.poll()) {
    EXPECT_EQ(r->text, line);
    ++count;
    ed.begin(">>> ", history);
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
  EXPECT_EQ(count, nlines);
  EXPECT_LT(ms, kBudgetMs);
  EXPECT_FALSE(ed.has_pending_input());
}

TEST(LineEditorPaste, MaxLineBytesCapsInsertion) {
  EditorHarness h;
  h.editor.set_max_line_bytes(8);
  h.begin();
  EXPECT_EQ(h.type("abcdef\xE4\xBD\xA0"), "\aabcdef");  // 你 would not fit
  EXPECT_EQ(h.editor.buffer(), "abcdef");
  EXPECT_EQ(h.type("gh"), "gh");
  EXPECT_EQ(h.type("\x15\x19\x19"), "\a\r\x1b[J>>> abcdefgh");
  EXPECT_EQ(h.editor.buffer(), "abcdefgh");  // the second yank did not fit
}

TEST(LineEditorInput, NulAndC1AreIgnored) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type(std::string("a\0b\xC2\x9B" "c", 6)), "abc");
  EXPECT_EQ(h.editor.buffer(), "abc");
}

TEST(LineEditorInput, UnknownEscapeSequencesAreSwallowed) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type("a\x1b[15~b\x1b[<0;3;4Mc\x1b[1;2Pd\x1bOPe\x1b[?1;2cf"), "abcdef");
  EXPECT_EQ(h.editor.buffer(), "abcdef");
  EXPECT_TRUE(h.screen().unknown_sequences().empty());
}

TEST(LineEditorInput, EscapeSequenceSplitAcrossFeeds) {
  EditorHarness h;
  h.begin();
  h.type("ab");
  EXPECT_EQ(h.type("\x1b"), "");
  EXPECT_EQ(h.type("["), "");
  EXPECT_EQ(h.type("D"), "\b");
  EXPECT_EQ(h.editor.cursor(), 1U);
}

TEST(LineEditorInput, EscapeFollowedByCharIsAlt) {
  EditorHarness h;
  h.begin();
  h.type("foo bar");
  h.type("\x1b");
  EXPECT_EQ(h.type("b"), "\x1b[3D");  // Alt-B
  EXPECT_EQ(h.type("\x1bx"), "");      // unbound Alt-X: nothing inserted
  EXPECT_EQ(h.editor.buffer(), "foo bar");
}

TEST(LineEditorInput, PullModeReadLine) {
  FakeTerminal term;
  LineEditor ed(term);
  ed.enable_bracketed_paste(false);
  History history;
  FakeInput in({"pri", "nt(1)\rsecond", "\r"});
  ReadResult r = ed.read_line(">>> ", history, in);
  EXPECT_EQ(r.kind, ReadResult::Line);
  EXPECT_EQ(r.text, "print(1)");
  EXPECT_EQ(in.reads, 2);
  r = ed.read_line("... ", history, in);
  EXPECT_EQ(r.text, "second");
  EXPECT_EQ(term.all, ">>> print(1)\r\n... second\r\n");
  r = ed.read_line(">>> ", history, in);
  EXPECT_EQ(r.kind, ReadResult::Eof);
}

TEST(LineEditorInput, EndOfInputSubmitsAPartialLine) {
  FakeTerminal term;
  LineEditor ed(term);
  ed.enable_bracketed_paste(false);
  History history;
  FakeInput in({"tail"});
  ReadResult r = ed.read_line(">>> ", history, in);
  EXPECT_EQ(r.kind, ReadResult::Line);
  EXPECT_EQ(r.text, "tail");
  r = ed.read_line(">>> ", history, in);
  EXPECT_EQ(r.kind, ReadResult::Eof);
}

TEST(LineEditorInput, EndOfInputFlushesALoneEscape) {
  EditorHarness h;
  h.history.add("abc");
  h.begin();
  h.type("\x12" "b\x1b");
  EXPECT_TRUE(h.editor.is_searching());
  h.editor.end_of_input();
  h.collect();
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].text, "abc");
}

TEST(LineEditorInput, DiscardPendingInput) {
  EditorHarness h;
  h.begin();
  h.type("a\rb\rc\x1b[20");
  EXPECT_TRUE(h.editor.has_pending_input());
  h.editor.discard_pending_input();
  EXPECT_FALSE(h.editor.has_pending_input());
  EXPECT_EQ(h.begin(), ">>> ");
  EXPECT_EQ(h.type("0~z"), "0~z");  // the half sequence was forgotten too
}

TEST(LineEditorInput, FlushEscapeWithNothingPendingDoesNothing) {
  EditorHarness h;
  h.begin();
  h.type("ab");
  h.editor.flush_escape();
  EXPECT_EQ(h.term.take(), "");
  EXPECT_EQ(h.editor.buffer(), "ab");
}

TEST(LineEditorInput, InterruptLeavesQueuedInputForTheFrontEnd) {
  EditorHarness h;
  h.begin();
  h.type("x\x03more");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Interrupt);
  EXPECT_TRUE(h.editor.has_pending_input());
}

}  // namespace
}  // namespace pyshell::core::fakes

// LineEditor history keys: Up/Down, Ctrl-P/N, Alt-</>, and Ctrl-R reverse
// incremental search with readline's display.
#include <gtest/gtest.h>

#include "harness.h"

namespace pyshell::core::fakes {
namespace {

using namespace keys;

void seed(History& h, std::initializer_list<const char*> lines) {
  for (const char* l : lines) h.add(l);
}

TEST(LineEditorHistory, UpDownRecallAndKeepTheScratchLine) {
  EditorHarness h;
  seed(h.history, {"one", "two"});
  h.begin();
  h.type("cur");
  EXPECT_EQ(h.type(kUp), "\r\x1b[J>>> two");
  EXPECT_EQ(h.editor.buffer(), "two");
  EXPECT_EQ(h.editor.cursor(), 3U);
  EXPECT_EQ(h.type(kUp), "\r\x1b[J>>> one");
  EXPECT_EQ(h.type(kUp), "\a");  // nothing older
  EXPECT_EQ(h.type(kDown), "\r\x1b[J>>> two");
  EXPECT_EQ(h.type(kDown), "\r\x1b[J>>> cur");
  EXPECT_EQ(h.editor.buffer(), "cur");
  EXPECT_EQ(h.type(kDown), "\a");  // already on the scratch line
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> cur"}));
}

TEST(LineEditorHistory, CtrlPAndCtrlN) {
  EditorHarness h;
  seed(h.history, {"one", "two"});
  h.begin();
  EXPECT_EQ(h.type("\x10"), "\r\x1b[J>>> two");
  EXPECT_EQ(h.type("\x10"), "\r\x1b[J>>> one");
  EXPECT_EQ(h.type("\x0e"), "\r\x1b[J>>> two");
  EXPECT_EQ(h.type("\x0e"), "\r\x1b[J>>> ");
  EXPECT_EQ(h.editor.buffer(), "");
}

TEST(LineEditorHistory, SubmittedLinesAreAddedWithoutDuplicatesOrBlanks) {
  EditorHarness h;
  h.restart = true;
  h.begin();
  h.type("a\ra\r\r   \rb\ra\r");
  EXPECT_EQ(std::vector<std::string>(h.history.entries().begin(), h.history.entries().end()),
            (std::vector<std::string>{"a", "b", "a"}));
  EXPECT_EQ(h.results.size(), 6U);
}

TEST(LineEditorHistory, EditsToRecalledLinesAreKeptDuringTheRead) {
  EditorHarness h;
  seed(h.history, {"one", "two"});
  h.begin();
  h.type(kUp);
  h.type("!");                   // "two!"
  h.type(kUp);                   // "one"
  h.type(kDown);
  EXPECT_EQ(h.editor.buffer(), "two!");
  h.type("\r");
  EXPECT_EQ(h.results.back().text, "two!");
  EXPECT_EQ(h.history.at(1), "two");  // the entry itself is unchanged
  EXPECT_EQ(h.history.at(2), "two!");
  h.begin();
  h.type(kUp);
  h.type(kUp);
  EXPECT_EQ(h.editor.buffer(), "two");  // edits do not outlive the read
}

TEST(LineEditorHistory, AltLessAndGreaterJumpToEnds) {
  EditorHarness h;
  seed(h.history, {"first", "middle", "last"});
  h.begin();
  h.type("typed");
  EXPECT_EQ(h.type(alt('<')), "\r\x1b[J>>> first");
  EXPECT_EQ(h.type(alt('>')), "\r\x1b[J>>> typed");
}

TEST(LineEditorHistory, UpWithEmptyHistoryRingsTheBell) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type(kUp), "\a");
  h.editor.set_bell(false);
  EXPECT_EQ(h.type(kUp), "");
}

class LineEditorSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    seed(h.history, {"print(1)", "x = 2", "print(x)"});
    h.begin();
  }
  EditorHarness h;
};

TEST_F(LineEditorSearch, ShowsReadlinePromptAndFindsNewestMatch) {
  EXPECT_EQ(h.type("\x12"), "\r\x1b[J(reverse-i-search)`': ");
  EXPECT_TRUE(h.editor.is_searching());
  EXPECT_EQ(h.type("pr"), "\r\x1b[J(reverse-i-search)`pr': print(x)\x1b[8D");
  EXPECT_EQ(h.editor.search_query(), "pr");
  EXPECT_EQ(h.editor.buffer(), "print(x)");
  EXPECT_EQ(h.editor.cursor(), 0U);
  EXPECT_EQ(h.screen().lines(),
            (std::vector<std::string>{"(reverse-i-search)`pr': print(x)"}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST_F(LineEditorSearch, CursorSitsOnTheMatch) {
  h.type("\x12" "(x");
  EXPECT_EQ(h.editor.buffer(), "print(x)");
  EXPECT_EQ(h.editor.cursor(), 5U);
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST_F(LineEditorSearch, CtrlRAgainFindsOlder) {
  h.type("\x12pr");
  EXPECT_EQ(h.type("\x12"), "\r\x1b[J(reverse-i-search)`pr': print(1)\x1b[8D");
  EXPECT_EQ(h.type("\x12"), "\a\r\x1b[J(failed reverse-i-search)`pr': print(1)\x1b[8D");
  EXPECT_TRUE(h.editor.search_failed());
  EXPECT_EQ(h.editor.buffer(), "print(1)");  // the last match stays
}

TEST_F(LineEditorSearch, EnterAcceptsAndSubmits) {
  h.type("\x12pr\x12");
  EXPECT_EQ(h.type("\r"), "\r\x1b[J>>> print(1)\r\n");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Line);
  EXPECT_EQ(h.results[0].text, "print(1)");
  EXPECT_EQ(h.history.entries().back(), "print(1)");
  EXPECT_FALSE(h.editor.is_searching());
}

TEST_F(LineEditorSearch, FailingQueryRingsAndShowsFailed) {
  EXPECT_EQ(h.type("\x12zz"), "\a\a\r\x1b[J(failed reverse-i-search)`zz': ");
  EXPECT_TRUE(h.editor.search_failed());
}

TEST_F(LineEditorSearch, BackspaceShortensTheQuery) {
  h.type("\x12" "print(1");
  EXPECT_EQ(h.editor.buffer(), "print(1)");
  EXPECT_EQ(h.type("\x7f"), "\r\x1b[J(reverse-i-search)`print(': print(x)\x1b[8D");
  EXPECT_EQ(h.editor.search_query(), "print(");
  h.type("\x7f\x7f\x7f\x7f\x7f\x7f");
  EXPECT_EQ(h.editor.search_query(), "");
  EXPECT_EQ(h.editor.buffer(), "");
  EXPECT_EQ(h.type("\x7f"), "\a");
}

TEST_F(LineEditorSearch, CtrlGRestoresTheOriginalLine) {
  h.type("abc");
  h.type(kLeft);
  h.type("\x12pr");
  EXPECT_EQ(h.type("\x07"), "\r\x1b[J>>> abc\b");
  EXPECT_EQ(h.editor.buffer(), "abc");
  EXPECT_EQ(h.editor.cursor(), 2U);
  EXPECT_FALSE(h.editor.is_searching());
}

TEST_F(LineEditorSearch, EscapeAcceptsForEditing) {
  h.type("\x12" "x =");
  EXPECT_EQ(h.type("\x1b"), "");  // a lone ESC waits for more bytes
  EXPECT_TRUE(h.editor.is_searching());
  h.editor.flush_escape();
  EXPECT_EQ(h.term.take(), "\r\x1b[J>>> x = 2\x1b[5D");
  EXPECT_FALSE(h.editor.is_searching());
  EXPECT_EQ(h.editor.buffer(), "x = 2");
  EXPECT_EQ(h.editor.cursor(), 0U);
  EXPECT_TRUE(h.results.empty());
}

TEST_F(LineEditorSearch, EscapeThenAKeyAcceptsAndRunsTheKey) {
  h.type("\x12" "x =");
  h.type("\x1b");
  h.type("\x1b[F");  // ESC ESC [ F: Escape, then End
  EXPECT_FALSE(h.editor.is_searching());
  EXPECT_EQ(h.editor.buffer(), "x = 2");
  EXPECT_EQ(h.editor.cursor(), 5U);
}

TEST_F(LineEditorSearch, MovementKeyAcceptsAndMoves) {
  h.type("\x12" "1");
  EXPECT_EQ(h.editor.cursor(), 6U);
  EXPECT_EQ(h.type("\x05"), "\r\x1b[J>>> print(1)");
  EXPECT_FALSE(h.editor.is_searching());
  EXPECT_EQ(h.editor.cursor(), 8U);
  h.type(kLeft);
  EXPECT_EQ(h.editor.cursor(), 7U);
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST_F(LineEditorSearch, EditingKeyAcceptsThenEdits) {
  h.type("\x12" "x =");
  h.type("\x0b");  // Ctrl-K kills from the match to the end
  EXPECT_EQ(h.editor.buffer(), "");
  EXPECT_EQ(h.editor.kill_buffer(), "x = 2");
}

TEST_F(LineEditorSearch, CtrlRTwiceRepeatsTheLastSearch) {
  h.type("\x12" "x =\x07");
  h.type("\x12\x12");
  EXPECT_EQ(h.editor.search_query(), "x =");
  EXPECT_EQ(h.editor.buffer(), "x = 2");
}

TEST_F(LineEditorSearch, HistoryNavigationContinuesFromTheMatch) {
  h.type("mine");
  h.type("\x12" "x =");
  h.type("\x1b");
  h.editor.flush_escape();
  h.type(kUp);
  EXPECT_EQ(h.editor.buffer(), "print(1)");
  h.type(kDown);
  h.type(kDown);
  EXPECT_EQ(h.editor.buffer(), "print(x)");
  h.type(kDown);
  EXPECT_EQ(h.editor.buffer(), "mine");
}

TEST_F(LineEditorSearch, CtrlCInterruptsTheSearch) {
  h.type("\x12pr");
  EXPECT_EQ(h.type("\x03"), "\r\x1b[J>>> print(x)");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Interrupt);
}

TEST_F(LineEditorSearch, SearchWithEmptyHistoryFails) {
  EditorHarness e;
  e.begin();
  EXPECT_EQ(e.type("\x12" "a"), "\a\r\x1b[J(failed reverse-i-search)`a': ");
}

}  // namespace
}  // namespace pyshell::core::fakes

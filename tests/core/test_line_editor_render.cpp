// LineEditor rendering: UTF-8 and wide characters, wrapping at the right
// edge (including exactly-full rows), redraws of multi-row lines, resize,
// prompts with escape sequences and newlines.
#include <gtest/gtest.h>

#include "harness.h"

namespace pyshell::core::fakes {
namespace {

using namespace keys;

const std::string kNi = "\xE4\xBD\xA0";            // 你
const std::string kHao = "\xE5\xA5\xBD";           // 好
const std::string kGrin = "\xF0\x9F\x98\x80";      // 😀
const std::string kAcute = "\xCC\x81";             // combining acute

TEST(LineEditorUnicode, CursorColumnAfterWideCharacters) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type(kNi + kHao), kNi + kHao);
  EXPECT_EQ(h.editor.cursor(), 6U);
  EXPECT_EQ(h.editor.cursor_column(), 4);
  EXPECT_EQ(h.screen().cursor_col(), 8);
  EXPECT_EQ(h.type(kLeft), "\x1b[2D");  // one character = two columns
  EXPECT_EQ(h.editor.cursor(), 3U);
  EXPECT_EQ(h.editor.cursor_column(), 2);
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorUnicode, BackspaceOverEmoji) {
  EditorHarness h;
  h.begin();
  h.type("a" + kGrin);
  EXPECT_EQ(h.type("\x7f"), "\x1b[2D\x1b[K");
  EXPECT_EQ(h.editor.buffer(), "a");
  EXPECT_EQ(h.screen().line(0), ">>> a");
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorUnicode, CombiningMarkMovesWithItsBase) {
  EditorHarness h;
  h.begin();
  h.type("e" + kAcute + "x");
  EXPECT_EQ(h.editor.cursor_column(), 2);
  h.type(kLeft);
  EXPECT_EQ(h.type(kLeft), "\b");  // over "é" (3 bytes, 1 column)
  EXPECT_EQ(h.editor.cursor(), 0U);
  h.type(kDelete);
  EXPECT_EQ(h.editor.buffer(), "x");
  EXPECT_EQ(h.screen().line(0), ">>> x");
}

TEST(LineEditorUnicode, BackspaceDeletesBaseWithMarks) {
  EditorHarness h;
  h.begin();
  h.type("ae" + kAcute);
  EXPECT_EQ(h.type("\x7f"), "\b\x1b[K");
  EXPECT_EQ(h.editor.buffer(), "a");
}

TEST(LineEditorUnicode, InvalidUtf8InputBecomesReplacementCharacter) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type("a\xFF" "b\xE4\xBD" "c"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
  EXPECT_EQ(h.editor.buffer(), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
  EXPECT_TRUE(is_valid_utf8(h.editor.buffer()));
}

TEST(LineEditorUnicode, Utf8SplitAcrossFeeds) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type("\xE4"), "");
  EXPECT_EQ(h.type("\xBD"), "");
  EXPECT_EQ(h.type("\xA0"), kNi);
  EXPECT_EQ(h.editor.buffer(), kNi);
}

TEST(LineEditorWrap, ExactlyFullRowMovesCursorToNextRow) {
  EditorHarness h(10);
  h.begin();
  EXPECT_EQ(h.type("abcdef"), "abcdef \r");  // 4 + 6 = 10 columns
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{1, 0}));
  EXPECT_EQ(h.screen().cursor_row(), 1);
  EXPECT_EQ(h.screen().cursor_col(), 0);
  EXPECT_FALSE(h.screen().pending_wrap());
  EXPECT_TRUE(h.screen().wrapped(0));  // still a soft wrap
  EXPECT_EQ(h.type("g"), "g");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcdef", "g"}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorWrap, EnterAfterExactlyFullRowAddsNoBlankLine) {
  EditorHarness h(10);
  h.begin();
  h.type("abcdef");
  EXPECT_EQ(h.type("\r"), "");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.screen().cursor_row(), 1);
  EXPECT_EQ(h.screen().cursor_col(), 0);
}

TEST(LineEditorWrap, TypingAcrossTheEdgeWrapsNaturally) {
  EditorHarness h(10);
  h.begin();
  EXPECT_EQ(h.type("abcdefgh"), "abcdefgh");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcdef", "gh"}));
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{1, 2}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorWrap, MovingAcrossRows) {
  EditorHarness h(10);
  h.begin();
  h.type("abcdefgh");
  EXPECT_EQ(h.type(std::string(kLeft) + kLeft + kLeft), "\x1b[1A\x1b[7C");
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 9}));
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.type(kRight), "\x1b[1B\r");
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.type("\x01"), "\x1b[1A\x1b[4C");
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.type("\x05"), "\x1b[1B\x1b[2D");
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorWrap, RedrawFromSecondRowMovesUpFirst) {
  EditorHarness h(10);
  h.begin();
  h.type("abcdefgh");
  h.type(kLeft);
  EXPECT_EQ(h.type("X"), "\x1b[1A\r\x1b[J>>> abcdefgXh\b");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcdef", "gXh"}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorWrap, InsertPushesTextOntoANewRow) {
  EditorHarness h(10);
  h.begin();
  h.type("abcdef");  // exactly full
  h.type("\x01");
  EXPECT_EQ(h.type("X"), "\r\x1b[J>>> Xabcdef\x1b[1A\x1b[4C");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> Xabcde", "f"}));
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 5}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorWrap, BackspaceAtStartOfRowRedraws) {
  EditorHarness h(10);
  h.begin();
  h.type("abcdefg");
  // The row below becomes empty: back to its start, erase it.
  EXPECT_EQ(h.type("\x7f"), "\r\x1b[K");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcdef"}));
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{1, 0}));
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.type("\x7f"), "\x1b[1A\r\x1b[J>>> abcde");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcde"}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorWrap, ManyRows) {
  EditorHarness h(10);
  h.begin();
  h.type(std::string(30, 'x'));  // 34 columns: 4 rows
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{3, 4}));
  h.type("\x01");
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.type("Y"), "\r\x1b[J>>> Y" + std::string(30, 'x') + "\x1b[3A");
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 5}));
  EXPECT_EQ(h.editor.end_position(), (ScreenPos{3, 5}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorWrap, WideCharacterAtTheEdgeIsPadded) {
  EditorHarness h(10);
  h.begin();
  h.type("abcde");  // column 9: one cell left
  EXPECT_EQ(h.type(kNi), " " + kNi);
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcde", kNi}));
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{1, 2}));
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.type(kLeft), "\r");  // the wide char is drawn on row 1
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorWrap, WideCharactersFillingRowsExactly) {
  EditorHarness h(8);
  h.begin();
  EXPECT_EQ(h.type(kNi + kHao), kNi + kHao + " \r");  // 4 + 4 = 8
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{1, 0}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorResize, WiderTerminalReflowsAndRedraws) {
  EditorHarness h(10);
  h.begin();
  h.type("abcdefgh");  // rows: ">>> abcdef" "gh"
  h.term.screen.resize(20);
  h.editor.set_width(20);
  EXPECT_EQ(h.term.take(), "\r\x1b[J>>> abcdefgh");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcdefgh"}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorResize, NarrowerTerminalRedrawsFromFirstRow) {
  EditorHarness h(20);
  h.begin();
  h.type("abcdefghijkl");
  h.type(kLeft);
  h.term.screen.resize(10);
  h.editor.set_width(10);
  EXPECT_EQ(h.term.take(), "\x1b[1A\r\x1b[J>>> abcdefghijkl\b");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcdef", "ghijkl"}));
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.editor.width(), 10);
}

TEST(LineEditorResize, WidthBetweenReadsJustApplies) {
  EditorHarness h(80);
  h.editor.set_width(10);
  EXPECT_EQ(h.term.take(), "");
  h.term.screen.resize(10);
  h.begin();
  EXPECT_EQ(h.type("abcdef"), "abcdef \r");
  EXPECT_EQ(h.editor.width(), 10);
  h.editor.set_width(0);  // clamped
  EXPECT_EQ(h.editor.width(), 2);
}

TEST(LineEditorPrompt, EscapeSequencesInPromptTakeNoColumns) {
  EditorHarness h(10, "\x1b[32m>>>\x1b[0m ");
  EXPECT_EQ(h.begin(), "\x1b[32m>>>\x1b[0m ");
  h.type("abcdef");
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{1, 0}));
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_TRUE(h.screen().unknown_sequences().empty());
}

TEST(LineEditorPrompt, ReadlineIgnoreMarkersAreStripped) {
  EditorHarness h(80, "\x01\x1b[1m\x02In: \x01\x1b[0m\x02");
  EXPECT_EQ(h.begin(), "\x1b[1mIn: \x1b[0m");
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 4}));
}

TEST(LineEditorPrompt, MultiLinePromptRedrawsOnlyItsLastLine) {
  EditorHarness h(80, "header\n$ ");
  EXPECT_EQ(h.begin(), "header\r\n$ ");
  h.type("ab");
  h.type(kLeft);
  EXPECT_EQ(h.type("X"), "\r\x1b[J$ aXb\b");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{"header", "$ aXb"}));
  EXPECT_EQ(h.editor.prompt(), "header\n$ ");
}

TEST(LineEditorPrompt, CtrlLRedrawsTheWholePrompt) {
  EditorHarness h(80, "header\n$ ");
  h.begin();
  h.type("ab");
  EXPECT_EQ(h.type("\x0c"), "\x1b[H\x1b[2Jheader\r\n$ ab");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{"header", "$ ab"}));
  EXPECT_TRUE(h.cursor_in_sync(1));
}

TEST(LineEditorPrompt, PromptFillingTheRowPutsTheCursorBelow) {
  EditorHarness h(4, "1234");
  EXPECT_EQ(h.begin(), "1234 \r");
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{1, 0}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorShown, PromptFollowsOutputOnTheSameLine) {
  EditorHarness h(10, "? ");
  h.term.write("abc");  // the program printed this without a newline
  EXPECT_EQ(h.begin({}, "abc"), "abc? ");  // our write + the prompt only
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 5}));
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.type("defgh"), "defgh \r");  // 3 + 2 + 5 = 10 columns
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.type("\x01"), "\x1b[1A\x1b[5C");
  EXPECT_EQ(h.type("X"), "\r\x1b[J" "abc? Xdefgh\x1b[1A\x1b[5C");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{"abc? Xdefg", "h"}));
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_EQ(h.editor.prompt(), "? ");
}

TEST(LineEditorShown, OnlyTheTextAfterTheLastCarriageReturnCounts) {
  EditorHarness h(80, "> ");
  h.term.write("10%\r20%");
  h.begin({}, "10%\r20%");
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 5}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorShown, OutputEndingAtTheEdgeWrapsThePrompt) {
  EditorHarness h(5, "> ");
  h.term.write("abcde");  // the terminal is in the pending-wrap state
  EXPECT_EQ(h.begin({}, "abcde"), "abcde> ");  // our write + the prompt
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{"abcde", ">"}));
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{1, 2}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorPrompt, WidePromptCharacters) {
  EditorHarness h(80, kNi + "> ");
  h.begin();
  h.type("a");  // 你 takes two columns
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 5}));
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorTabs, PastedTabsExpandToTabStops) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type(std::string(kPasteBegin) + "a\tb" + kPasteEnd), "a   b");
  EXPECT_EQ(h.editor.buffer(), "a\tb");
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 9}));
  EXPECT_EQ(h.editor.cursor_column(), 9);
  EXPECT_TRUE(h.cursor_in_sync());
}

}  // namespace
}  // namespace pyshell::core::fakes

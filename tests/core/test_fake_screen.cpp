// Tests for the FakeScreen terminal model itself, so that screen
// assertions in other tests can be trusted.
#include <gtest/gtest.h>

#include "fakes.h"

namespace pyshell::core::fakes {
namespace {

TEST(FakeScreen, PrintsAndMovesWithCrLf) {
  FakeScreen s(10);
  s.write("ab\r\ncd");
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"ab", "cd"}));
  EXPECT_EQ(s.cursor_row(), 1);
  EXPECT_EQ(s.cursor_col(), 2);
}

TEST(FakeScreen, PendingWrapAtRightEdge) {
  FakeScreen s(4);
  s.write("abcd");
  EXPECT_EQ(s.cursor_row(), 0);
  EXPECT_EQ(s.cursor_col(), 3);
  EXPECT_TRUE(s.pending_wrap());
  s.write("e");
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"abcd", "e"}));
  EXPECT_TRUE(s.wrapped(0));
  EXPECT_EQ(s.cursor_col(), 1);
}

TEST(FakeScreen, CarriageReturnCancelsPendingWrap) {
  FakeScreen s(4);
  s.write("abcd\rX");
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"Xbcd"}));
}

TEST(FakeScreen, WideCharactersTakeTwoCellsAndWrapWhole) {
  FakeScreen s(5);
  s.write("ab\xE4\xBD\xA0");  // a b 你
  EXPECT_EQ(s.cursor_col(), 4);
  s.write("\xE5\xA5\xBD");  // 好 does not fit in the last cell
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"ab\xE4\xBD\xA0", "\xE5\xA5\xBD"}));
  EXPECT_EQ(s.cursor_row(), 1);
  EXPECT_EQ(s.cursor_col(), 2);
}

TEST(FakeScreen, CombiningMarkJoinsPreviousCell) {
  FakeScreen s(10);
  s.write("e\xCC\x81x");
  EXPECT_EQ(s.line(0), "e\xCC\x81x");
  EXPECT_EQ(s.cursor_col(), 2);
}

TEST(FakeScreen, CursorMovementAndErase) {
  FakeScreen s(10);
  s.write("0123456789");
  s.write("\r\n");
  s.write("abcdef\x1b[1A\x1b[3G\x1b[K");
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"01", "abcdef"}));
  s.write("\x1b[1B\x1b[2D\x1b[J");
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"01"}));
  EXPECT_EQ(s.cursor_row(), 1);
  EXPECT_EQ(s.cursor_col(), 0);
  s.write("xy\b\x1b[1C");
  EXPECT_EQ(s.cursor_col(), 2);
}

TEST(FakeScreen, ClearScreenAndHome) {
  FakeScreen s(10);
  s.write("abc\r\ndef");
  s.write("\x1b[H\x1b[2J");
  EXPECT_TRUE(s.lines().empty());
  EXPECT_EQ(s.cursor_row(), 0);
  EXPECT_EQ(s.cursor_col(), 0);
}

TEST(FakeScreen, RecordsModesBellsAndUnknownSequences) {
  FakeScreen s(10);
  s.write("\x1b[?2004h\a\x1b[31mred\x1b[0m");
  EXPECT_TRUE(s.bracketed_paste());
  EXPECT_EQ(s.bells(), 1);
  EXPECT_EQ(s.line(0), "red");
  EXPECT_TRUE(s.unknown_sequences().empty());
  s.write("\x1b[?2004l\x1b[5n\x1b" "c");
  EXPECT_FALSE(s.bracketed_paste());
  EXPECT_EQ(s.unknown_sequences(), (std::vector<std::string>{"\x1b[5n", "\x1b" "c"}));
}

TEST(FakeScreen, ResizeReflowsSoftWrappedLines) {
  FakeScreen s(4);
  s.write("abcdefghij");  // 3 rows: abcd efgh ij
  ASSERT_EQ(s.lines(), (std::vector<std::string>{"abcd", "efgh", "ij"}));
  s.resize(6);
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"abcdef", "ghij"}));
  EXPECT_EQ(s.cursor_row(), 1);
  EXPECT_EQ(s.cursor_col(), 4);
  s.resize(3);
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"abc", "def", "ghi", "j"}));
  EXPECT_EQ(s.cursor_row(), 3);
  EXPECT_EQ(s.cursor_col(), 1);
}

TEST(FakeScreen, ResizeKeepsHardLineBreaks) {
  FakeScreen s(4);
  s.write("ab\r\ncd");
  s.resize(10);
  EXPECT_EQ(s.lines(), (std::vector<std::string>{"ab", "cd"}));
  EXPECT_EQ(s.cursor_row(), 1);
  EXPECT_EQ(s.cursor_col(), 2);
}

}  // namespace
}  // namespace pyshell::core::fakes

// LineEditor byte transcripts for typing, cursor movement and editing keys.
// Each test asserts the exact bytes written, the editor state and what the
// screen model shows.
#include <gtest/gtest.h>

#include "harness.h"

namespace pyshell::core::fakes {
namespace {

using namespace keys;

TEST(LineEditorTyping, PromptThenEchoThenEnter) {
  EditorHarness h;
  EXPECT_EQ(h.begin(), ">>> ");
  EXPECT_EQ(h.type("abc"), "abc");
  EXPECT_EQ(h.editor.buffer(), "abc");
  EXPECT_EQ(h.editor.cursor(), 3U);
  EXPECT_TRUE(h.results.empty());
  EXPECT_EQ(h.type("\r"), "\r\n");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Line);
  EXPECT_EQ(h.results[0].text, "abc");
  EXPECT_FALSE(h.editor.active());
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abc"}));
  EXPECT_EQ(h.screen().cursor_row(), 1);
  EXPECT_EQ(h.screen().cursor_col(), 0);
}

TEST(LineEditorTyping, EnterVariantsLfAndCrLf) {
  EditorHarness h;
  h.restart = true;
  h.begin();
  EXPECT_EQ(h.type("a\nb\r\nc\r"), "a\r\n>>> b\r\n>>> c\r\n>>> ");
  ASSERT_EQ(h.results.size(), 3U);
  EXPECT_EQ(h.results[0].text, "a");
  EXPECT_EQ(h.results[1].text, "b");
  EXPECT_EQ(h.results[2].text, "c");
}

TEST(LineEditorTyping, EmptyLineSubmits) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type("\r"), "\r\n");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Line);
  EXPECT_EQ(h.results[0].text, "");
}

TEST(LineEditorTyping, OneWritePerFeed) {
  EditorHarness h;
  h.begin();
  const int before = h.term.writes;
  h.type("hello world");
  EXPECT_EQ(h.term.writes, before + 1);
}

TEST(LineEditorMovement, LeftRightArrowsAndSs3) {
  EditorHarness h;
  h.begin();
  h.type("abc");
  EXPECT_EQ(h.type(kLeft), "\b");
  EXPECT_EQ(h.editor.cursor(), 2U);
  EXPECT_EQ(h.type("\x1bOD"), "\b");
  EXPECT_EQ(h.editor.cursor(), 1U);
  EXPECT_EQ(h.type(kRight), "\x1b[1C");
  EXPECT_EQ(h.type("\x1bOC"), "\x1b[1C");
  EXPECT_EQ(h.editor.cursor(), 3U);
  EXPECT_EQ(h.type(kRight), "");  // at the end: nothing
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorMovement, SeveralMovesInOneFeedEmitOneMove) {
  EditorHarness h;
  h.begin();
  h.type("abcdef");
  EXPECT_EQ(h.type(std::string(kLeft) + kLeft + kLeft + kLeft + kRight), "\x1b[3D");
  EXPECT_EQ(h.editor.cursor(), 3U);
  EXPECT_EQ(h.screen().cursor_col(), 7);
}

TEST(LineEditorMovement, HomeEndAllVariants) {
  for (const std::string home : {"\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH", "\x01"}) {
    EditorHarness h;
    h.begin();
    h.type("abcd");
    EXPECT_EQ(h.type(home), "\x1b[4D") << home;
    EXPECT_EQ(h.editor.cursor(), 0U);
  }
  for (const std::string end : {"\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF", "\x05"}) {
    EditorHarness h;
    h.begin();
    h.type("abcd");
    h.type("\x01");
    EXPECT_EQ(h.type(end), "\x1b[4C") << end;
    EXPECT_EQ(h.editor.cursor(), 4U);
  }
}

TEST(LineEditorMovement, CtrlBAndCtrlF) {
  EditorHarness h;
  h.begin();
  h.type("ab");
  EXPECT_EQ(h.type(std::string(1, ctrl('b'))), "\b");
  EXPECT_EQ(h.editor.cursor(), 1U);
  EXPECT_EQ(h.type(std::string(1, ctrl('f'))), "\x1b[1C");
  EXPECT_EQ(h.editor.cursor(), 2U);
}

TEST(LineEditorMovement, AltBAndAltFMoveByWords) {
  EditorHarness h;
  h.begin();
  h.type("foo bar.baz");
  EXPECT_EQ(h.type(alt('b')), "\x1b[3D");  // to "baz"
  EXPECT_EQ(h.editor.cursor(), 8U);
  EXPECT_EQ(h.type(alt('b')), "\x1b[4D");  // to "bar"
  EXPECT_EQ(h.editor.cursor(), 4U);
  EXPECT_EQ(h.type(alt('b')), "\x1b[4D");  // to "foo"
  EXPECT_EQ(h.editor.cursor(), 0U);
  EXPECT_EQ(h.type(alt('f')), "\x1b[3C");  // end of "foo"
  EXPECT_EQ(h.editor.cursor(), 3U);
  EXPECT_EQ(h.type(alt('f')), "\x1b[4C");  // end of "bar"
  EXPECT_EQ(h.editor.cursor(), 7U);
}

TEST(LineEditorMovement, CtrlLeftRightMoveByWords) {
  EditorHarness h;
  h.begin();
  h.type("one two");
  EXPECT_EQ(h.type(kCtrlLeft), "\x1b[3D");
  EXPECT_EQ(h.editor.cursor(), 4U);
  EXPECT_EQ(h.type(kCtrlLeft), "\x1b[4D");
  EXPECT_EQ(h.editor.cursor(), 0U);
  EXPECT_EQ(h.type(kCtrlRight), "\x1b[3C");
  EXPECT_EQ(h.editor.cursor(), 3U);
}

TEST(LineEditorEditing, InsertInTheMiddleRedraws) {
  EditorHarness h;
  h.begin();
  h.type("ac");
  h.type(kLeft);
  EXPECT_EQ(h.type("b"), "\r\x1b[J>>> abc\b");
  EXPECT_EQ(h.editor.buffer(), "abc");
  EXPECT_EQ(h.editor.cursor(), 2U);
  EXPECT_EQ(h.screen().line(0), ">>> abc");
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorEditing, BackspaceAtEndErasesInPlace) {
  EditorHarness h;
  h.begin();
  h.type("abc");
  EXPECT_EQ(h.type(std::string(1, kBackspace)), "\b\x1b[K");
  EXPECT_EQ(h.type("\x08"), "\b\x1b[K");  // Ctrl-H
  EXPECT_EQ(h.editor.buffer(), "a");
  EXPECT_EQ(h.screen().line(0), ">>> a");
  EXPECT_TRUE(h.cursor_in_sync());
}

TEST(LineEditorEditing, BackspaceInTheMiddleAndAtStart) {
  EditorHarness h;
  h.begin();
  h.type("abc");
  h.type(kLeft);
  EXPECT_EQ(h.type("\x7f"), "\r\x1b[J>>> ac\b");
  EXPECT_EQ(h.editor.buffer(), "ac");
  h.type("\x01");
  EXPECT_EQ(h.type("\x7f"), "");  // nothing before the cursor
  EXPECT_EQ(h.editor.buffer(), "ac");
}

TEST(LineEditorEditing, DeleteKeyDeletesUnderCursor) {
  EditorHarness h;
  h.begin();
  h.type("abc");
  h.type(kHome);
  EXPECT_EQ(h.type(kDelete), "\r\x1b[J>>> bc\x1b[2D");
  EXPECT_EQ(h.editor.buffer(), "bc");
  EXPECT_EQ(h.editor.cursor(), 0U);
  h.type(kEnd);
  EXPECT_EQ(h.type(kDelete), "");  // at the end: nothing
  EXPECT_EQ(h.editor.buffer(), "bc");
}

TEST(LineEditorEditing, CtrlDDeletesOrBellsAtEnd) {
  EditorHarness h;
  h.begin();
  h.type("ab");
  h.type(kLeft);
  EXPECT_EQ(h.type("\x04"), "\r\x1b[J>>> a");
  EXPECT_EQ(h.editor.buffer(), "a");
  EXPECT_EQ(h.type("\x04"), "\a");  // at the end of a non-empty line
  EXPECT_TRUE(h.results.empty());
}

TEST(LineEditorEditing, CtrlDOnEmptyLineIsEof) {
  EditorHarness h;
  h.editor.enable_bracketed_paste(true);
  EXPECT_EQ(h.begin(), "\x1b[?2004h>>> ");
  EXPECT_EQ(h.type("\x04rest"), "\x1b[?2004l");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Eof);
  EXPECT_TRUE(h.editor.has_pending_input());  // "rest" stays queued
}

TEST(LineEditorEditing, CtrlCInterruptsFromTheMiddle) {
  EditorHarness h;
  h.begin();
  h.type("abcd");
  h.type("\x01");
  // As GNU readline: to the end of the input, nothing echoed (the REPL or
  // the program's traceback ends the line).
  EXPECT_EQ(h.type("\x03"), "\x1b[4C");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Interrupt);
  EXPECT_EQ(h.results[0].text, "abcd");
  EXPECT_EQ(h.editor.buffer(), "");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abcd"}));
  EXPECT_EQ(h.screen().cursor_col(), 8);
  EXPECT_TRUE(h.history.empty());  // not added
}

TEST(LineEditorEditing, CtrlKKillsToEndAndCtrlYYanks) {
  EditorHarness h;
  h.begin();
  h.type("abcdef");
  h.type(std::string(kLeft) + kLeft + kLeft);
  EXPECT_EQ(h.type("\x0b"), "\r\x1b[J>>> abc");
  EXPECT_EQ(h.editor.buffer(), "abc");
  EXPECT_EQ(h.editor.kill_buffer(), "def");
  EXPECT_EQ(h.type("\x19"), "def");  // yank at the end just echoes
  EXPECT_EQ(h.editor.buffer(), "abcdef");
  h.type("\x01");
  EXPECT_EQ(h.type("\x19"), "\r\x1b[J>>> defabcdef\x1b[6D");
  EXPECT_EQ(h.editor.cursor(), 3U);
}

TEST(LineEditorEditing, CtrlUKillsToStart) {
  EditorHarness h;
  h.begin();
  h.type("abc def");
  h.type(std::string(kLeft) + kLeft + kLeft);
  EXPECT_EQ(h.type("\x15"), "\r\x1b[J>>> def\x1b[3D");
  EXPECT_EQ(h.editor.buffer(), "def");
  EXPECT_EQ(h.editor.cursor(), 0U);
  EXPECT_EQ(h.editor.kill_buffer(), "abc ");
}

TEST(LineEditorEditing, CtrlWKillsWhitespaceDelimitedWordsAndAccumulates) {
  EditorHarness h;
  h.begin();
  h.type("x = print(foo.bar  ");
  EXPECT_EQ(h.type("\x17"), "\r\x1b[J>>> x = ");
  EXPECT_EQ(h.editor.kill_buffer(), "print(foo.bar  ");
  h.type("\x17");
  EXPECT_EQ(h.editor.buffer(), "x ");
  EXPECT_EQ(h.editor.kill_buffer(), "= print(foo.bar  ");  // prepended
  h.type("z");  // breaks the kill sequence
  h.type("\x17");
  EXPECT_EQ(h.editor.kill_buffer(), "z");
}

TEST(LineEditorEditing, AltDKillsWordForward) {
  EditorHarness h;
  h.begin();
  h.type("foo bar");
  h.type("\x01");
  EXPECT_EQ(h.type(alt('d')), "\r\x1b[J>>>  bar\x1b[4D");
  EXPECT_EQ(h.editor.buffer(), " bar");
  EXPECT_EQ(h.editor.kill_buffer(), "foo");
  h.type(alt('d'));  // consecutive kills append
  EXPECT_EQ(h.editor.buffer(), "");
  EXPECT_EQ(h.editor.kill_buffer(), "foo bar");
}

TEST(LineEditorEditing, AltBackspaceKillsWordBackward) {
  EditorHarness h;
  h.begin();
  h.type("foo.bar");
  EXPECT_EQ(h.type("\x1b\x7f"), "\r\x1b[J>>> foo.");
  EXPECT_EQ(h.editor.kill_buffer(), "bar");
}

TEST(LineEditorEditing, CtrlTTransposes) {
  EditorHarness h;
  h.begin();
  h.type("ab");
  EXPECT_EQ(h.type("\x14"), "\r\x1b[J>>> ba");  // at end: last two
  EXPECT_EQ(h.editor.buffer(), "ba");
  h.type("c");
  h.type(std::string(kLeft) + kLeft);  // between b and a
  h.type("\x14");
  EXPECT_EQ(h.editor.buffer(), "abc");
  EXPECT_EQ(h.editor.cursor(), 2U);
  h.type("\x01");
  EXPECT_EQ(h.type("\x14"), "\a");  // at the start: nothing to swap
}

TEST(LineEditorEditing, AltUlcChangeCase) {
  EditorHarness h;
  h.begin();
  h.type("hello wORLD x");
  h.type("\x01");
  h.type(alt('u'));
  EXPECT_EQ(h.editor.buffer(), "HELLO wORLD x");
  EXPECT_EQ(h.editor.cursor(), 5U);
  h.type(alt('c'));
  EXPECT_EQ(h.editor.buffer(), "HELLO World x");
  h.type(alt('l'));
  EXPECT_EQ(h.editor.buffer(), "HELLO World x");
  EXPECT_EQ(h.editor.cursor(), 13U);
}

TEST(LineEditorEditing, CtrlUnderscoreUndoes) {
  EditorHarness h;
  h.begin();
  h.type("abc def");
  h.type("\x17");
  EXPECT_EQ(h.editor.buffer(), "abc ");
  h.type("\x1f");
  EXPECT_EQ(h.editor.buffer(), "abc def");
  h.type("\x1f");  // the whole typed run is one step
  EXPECT_EQ(h.editor.buffer(), "");
  EXPECT_EQ(h.type("\x1f"), "\a");
}

TEST(LineEditorEditing, CtrlLClearsScreenAndRedraws) {
  EditorHarness h;
  h.term.write("old output\r\n");
  h.begin();
  h.type("abc");
  h.type(kLeft);
  EXPECT_EQ(h.type("\x0c"), "\x1b[H\x1b[2J>>> abc\b");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abc"}));
  EXPECT_EQ(h.screen().cursor_row(), 0);
  EXPECT_EQ(h.screen().cursor_col(), 6);
  EXPECT_EQ(h.editor.buffer(), "abc");
}

TEST(LineEditorEditing, UnboundControlsAreIgnored) {
  EditorHarness h;
  h.begin();
  EXPECT_EQ(h.type(std::string("a\x00\x0f\x11\x13\x16\x18\x1a\x1c\x1d\x1e" "b", 12)), "ab");
  EXPECT_EQ(h.editor.buffer(), "ab");
  EXPECT_EQ(h.type("\x07"), "\a");  // Ctrl-G outside search: bell only
}

TEST(LineEditorEditing, StateAsData) {
  EditorHarness h;
  h.begin();
  h.type("x\xE4\xBD\xA0y");
  h.type(kLeft);
  EXPECT_EQ(h.editor.prompt(), ">>> ");
  EXPECT_EQ(h.editor.buffer(), "x\xE4\xBD\xA0y");
  EXPECT_EQ(h.editor.cursor(), 4U);
  EXPECT_EQ(h.editor.cursor_column(), 3);
  EXPECT_EQ(h.editor.cursor_position(), (ScreenPos{0, 7}));
  EXPECT_EQ(h.editor.end_position(), (ScreenPos{0, 8}));
  EXPECT_FALSE(h.editor.is_searching());
  EXPECT_TRUE(h.editor.completions().empty());
}

TEST(LineEditorEditing, InitialTextIsEditable) {
  EditorHarness h;
  EXPECT_EQ(h.begin("    "), ">>>     ");
  EXPECT_EQ(h.editor.cursor(), 4U);
  h.type("x\r");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].text, "    x");
}

TEST(LineEditorEditing, KillBufferSurvivesAcrossReads) {
  EditorHarness h;
  h.begin();
  h.type("abc\x15\r");
  h.begin();
  EXPECT_EQ(h.type("\x19"), "abc");
}

}  // namespace
}  // namespace pyshell::core::fakes

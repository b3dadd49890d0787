// LineEditor echo at the end of a read, per ReadOptions::cooked_echo: GNU
// readline's (the REPL's prompts, input()) or a cooked terminal's (a plain
// read of the terminal, as Python's sys.stdin does).  Bytes as CPython 3.13
// with readline, and its cooked tty, write them (tests/transcripts).
#include <gtest/gtest.h>

#include "harness.h"

namespace pyshell::core::fakes {
namespace {

using namespace keys;

// ---- Ctrl-C ----------------------------------------------------------------

TEST(LineEditorEcho, CtrlCEchoesNothingAsReadline) {
  EditorHarness h;
  h.begin();
  h.type("abc");
  EXPECT_EQ(h.type("\x03"), "");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Interrupt);
  EXPECT_EQ(h.results[0].text, "abc");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>> abc"}));
  EXPECT_EQ(h.screen().cursor_col(), 7);  // what follows starts right there
}

TEST(LineEditorEcho, CtrlCOnAWrappedLineEndsOnItsLastRow) {
  EditorHarness h(10);
  h.begin();
  h.type("abcdefghij");  // ">>> abcdefghij": two rows
  h.type("\x01");
  EXPECT_EQ(h.type("\x03"), "\x1b[1B");
  EXPECT_EQ(h.screen().cursor_row(), 1);
  EXPECT_EQ(h.screen().cursor_col(), 4);
}

TEST(LineEditorEcho, CtrlCCookedEchoesCaretCWithoutNewline) {
  EditorHarness h(80, "");
  h.begin({}, {}, /*cooked_echo=*/true);
  h.type("abcd");
  h.type(std::string(kLeft) + kLeft);
  EXPECT_EQ(h.type("\x03"), "\x1b[2C^C");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Interrupt);
  EXPECT_EQ(h.results[0].text, "abcd");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{"abcd^C"}));
  EXPECT_EQ(h.screen().cursor_col(), 6);
}

TEST(LineEditorEcho, CtrlCCookedOnAnEmptyLine) {
  EditorHarness h(80, "");
  h.editor.enable_bracketed_paste(true);
  EXPECT_EQ(h.begin({}, {}, true), "\x1b[?2004h");
  EXPECT_EQ(h.type("\x03"), "^C\x1b[?2004l");
}

TEST(LineEditorEcho, CtrlCInSearchIsCookedToo) {
  EditorHarness h(80, "");
  h.history.add("print(1)");
  h.begin({}, {}, true);
  h.type("\x12pr");
  EXPECT_EQ(h.type("\x03"), "\r\x1b[Jprint(1)^C");
}

TEST(LineEditorEcho, CookedEchoIsPerRead) {
  EditorHarness h(80, "");
  h.begin({}, {}, true);
  EXPECT_EQ(h.type("\x03"), "^C");
  h.begin();
  EXPECT_EQ(h.type("\x03"), "");
}

// ---- Enter ------------------------------------------------------------------

TEST(LineEditorEcho, EnterAfterAnEmptyPromptOnAnEmptyLineEndsTheRow) {
  // GNU readline 8.3 writes the newline here too (8.2 wrote nothing).
  EditorHarness h(80, "");
  h.editor.enable_bracketed_paste(true);
  EXPECT_EQ(h.begin(), "\x1b[?2004h");
  EXPECT_EQ(h.type("\r"), "\r\n\x1b[?2004l");
  ASSERT_EQ(h.results.size(), 1U);
  EXPECT_EQ(h.results[0].kind, ReadResult::Line);
  EXPECT_EQ(h.results[0].text, "");
  EXPECT_EQ(h.screen().cursor_row(), 1);
  EXPECT_EQ(h.screen().cursor_col(), 0);
}

TEST(LineEditorEcho, EnterAfterAnEmptyPromptWithTextEndsTheRow) {
  EditorHarness h(80, "");
  h.begin();
  EXPECT_EQ(h.type("x\r"), "x\r\n");
}

TEST(LineEditorEcho, EnterOnAnEmptyLineAfterAPromptEndsTheRow) {
  EditorHarness h(80, "> ");
  h.begin();
  EXPECT_EQ(h.type("\r"), "\r\n");
}

TEST(LineEditorEcho, EnterOnALineEmptiedByEditingEndsTheRow) {
  EditorHarness h(80, "");
  h.begin();
  h.type("ab");
  EXPECT_EQ(h.type("\x7f\x7f\r"), "\b\x1b[K\r\x1b[K\r\n");
}

TEST(LineEditorEcho, EnterAfterWhatTheRowAlreadyShowsEndsTheRow) {
  // print('x', end=''); input() with an empty answer: "x", then the newline.
  EditorHarness h(80, "");
  h.term.write("x");
  h.term.take();
  h.begin({}, "x");
  EXPECT_EQ(h.type("\r"), "\r\n");
  EXPECT_EQ(h.screen().cursor_row(), 1);
  EXPECT_EQ(h.screen().cursor_col(), 0);
}

TEST(LineEditorEcho, EnterAfterAMultiLinePromptWithAnEmptyLastLine) {
  EditorHarness h(80, "head\n");
  EXPECT_EQ(h.begin(), "head\r\n");
  EXPECT_EQ(h.type("\r"), "\r\n");
}

TEST(LineEditorEcho, EnterAfterAnInvisiblePromptEndsTheRow) {
  // Between \001 and \002 (no cells) or not: readline 8.3 ends the row.
  for (const char* prompt : {"\x01\x1b[1m\x02", "\x1b[1m"}) {
    EditorHarness h(80, prompt);
    EXPECT_EQ(h.begin(), "\x1b[1m");
    EXPECT_EQ(h.type("\r"), "\r\n");
  }
}

TEST(LineEditorEcho, EnterCookedAlwaysEndsTheRow) {
  EditorHarness h(80, "");
  h.begin({}, {}, true);
  EXPECT_EQ(h.type("\r"), "\r\n");
  h.term.write("x");
  h.term.take();
  h.begin({}, "x", true);
  EXPECT_EQ(h.type("\r"), "\r\n");
}

TEST(LineEditorEcho, EnterCookedAfterARowFilledExactly) {
  // The editor already moved to the fresh row (" \r"), where a cooked
  // terminal's echoed newline would have taken the cursor.
  EditorHarness h(10, "");
  h.begin({}, {}, true);
  EXPECT_EQ(h.type("0123456789"), "0123456789 \r");
  EXPECT_EQ(h.type("\r"), "");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{"0123456789"}));
  EXPECT_EQ(h.screen().cursor_row(), 1);
}

TEST(LineEditorEcho, EndOfInputSubmitsWithTheSameRules) {
  EditorHarness h(80, "");
  h.begin();
  h.type("x");
  h.editor.end_of_input();
  EXPECT_EQ(h.term.take(), "\r\n");
  ASSERT_EQ(h.editor.poll()->text, "x");
}

}  // namespace
}  // namespace pyshell::core::fakes

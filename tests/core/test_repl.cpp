// Repl transcripts with a scripted FakeInterpreter: ps1/ps2, blocks,
// KeyboardInterrupt, Ctrl-D, exit status, syntax errors, completion,
// auto-indent, pastes, and the push-mode API.
#include <gtest/gtest.h>

#include "core/repl.h"
#include "harness.h"

namespace pyshell::core::fakes {
namespace {

using namespace keys;

struct ReplHarness {
  ReplHarness() { editor.enable_bracketed_paste(false); }
  int run(std::vector<std::string> chunks, ReplOptions options = {}) {
    FakeInput in(std::move(chunks));
    Repl repl(editor, interp, term, history, options);
    return repl.run(in);
  }
  FakeTerminal term;
  FakeInterpreter interp{&term};
  History history;
  LineEditor editor{term};
};

TEST(Repl, Ps1AndPs2ForABlock) {
  ReplHarness h;
  EXPECT_EQ(h.run({"for x in y:\r", "  pass\r", "\r", "\x04"}), 0);
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{
                                  "for x in y:", "for x in y:\n  pass",
                                  "for x in y:\n  pass\n"}));
  EXPECT_EQ(h.interp.executed.size(), 1U);
  EXPECT_EQ(h.term.all, ">>> for x in y:\r\n...   pass\r\n... \r\n>>> \r\n");
}

TEST(Repl, PromptIsAskedForEveryRead) {
  ReplHarness h;
  h.interp.ps1 = "In: ";
  h.run({"1\r", "2\r", "\x04"});
  EXPECT_EQ(h.interp.prompt_calls, 3);
  EXPECT_EQ(h.term.all, "In: 1\r\nIn: 2\r\nIn: \r\n");
}

TEST(Repl, CtrlCAtThePromptPrintsKeyboardInterrupt) {
  ReplHarness h;
  EXPECT_EQ(h.run({"abc\x03", "\x04"}), 0);
  EXPECT_EQ(h.term.all, ">>> abc\r\nKeyboardInterrupt\r\n>>> \r\n");
  EXPECT_TRUE(h.interp.sources.empty());
}

TEST(Repl, CtrlCInABlockDropsThePendingSource) {
  ReplHarness h;
  h.run({"if x:\r", "\x03", "print('hi')\r", "\x04"});
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"if x:", "print('hi')"}));
  EXPECT_EQ(h.term.all,
            ">>> if x:\r\n... \r\nKeyboardInterrupt\r\n>>> print('hi')\r\nhi\r\n>>> \r\n");
}

TEST(Repl, CtrlCDiscardsTypeAhead) {
  ReplHarness h;
  h.run({"x\x03typed ahead\r", "\x04"});
  EXPECT_TRUE(h.interp.sources.empty());
  EXPECT_EQ(h.term.all, ">>> x\r\nKeyboardInterrupt\r\n>>> \r\n");
}

TEST(Repl, CtrlDExitsWithZeroAfterANewline) {
  ReplHarness h;
  EXPECT_EQ(h.run({"\x04", "never read"}), 0);
  EXPECT_EQ(h.term.all, ">>> \r\n");
}

TEST(Repl, CtrlCFromTheMiddleOfTheLineEndsItsLastRow) {
  ReplHarness h;
  h.run({"abc", "\x01", "\x03", "\x04"});
  EXPECT_EQ(h.term.all, ">>> abc\x1b[3D\x1b[3C\r\nKeyboardInterrupt\r\n>>> \r\n");
}

TEST(Repl, CtrlCAfterARowFilledExactlyLeavesItsEmptyRow) {
  // As CPython with readline: the cursor already sits on the fresh row, and
  // "\nKeyboardInterrupt" follows it.
  ReplHarness h;
  h.run({std::string(76, 'x') + "\x03", "\x04"});
  EXPECT_EQ(h.term.all,
            ">>> " + std::string(76, 'x') + " \r\r\nKeyboardInterrupt\r\n>>> \r\n");
  EXPECT_EQ(h.term.screen.lines(),
            (std::vector<std::string>{">>> " + std::string(76, 'x'), "", "KeyboardInterrupt", ">>>"}));
}

TEST(Repl, CtrlDInAContinuationEndsTheEntryAndPromptsAgain) {
  ReplHarness h;
  EXPECT_EQ(h.run({"if x:\r", "\x04", "if $x:\r", "\x04", "print(1)\r", "\x04"}), 0);
  EXPECT_EQ(h.interp.eof_sources, (std::vector<std::string>{"if x:", "if $x:"}));
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"if x:", "if $x:", "print(1)"}));
  EXPECT_EQ(h.term.all,
            ">>> if x:\r\n... \r\n"
            ">>> if $x:\r\n... \r\nSyntaxError: invalid syntax\r\n"
            ">>> print(1)\r\n1\r\n>>> \r\n");
}

TEST(Repl, CtrlDInAContinuationRunsTheBlock) {
  ReplHarness h;
  EXPECT_EQ(h.run({"for x in y:\r", "  pass\r", "\x04", "\x04"}), 0);
  EXPECT_EQ(h.interp.eof_sources, (std::vector<std::string>{"for x in y:\n  pass"}));
  EXPECT_EQ(h.interp.executed, (std::vector<std::string>{"for x in y:\n  pass"}));
  EXPECT_EQ(h.term.all, ">>> for x in y:\r\n...   pass\r\n... \r\n>>> \r\n");
  EXPECT_TRUE(h.history.size() == 2U);
}

TEST(Repl, CtrlDInAContinuationCanExit) {
  ReplHarness h;
  EXPECT_EQ(h.run({"exit(if:\r", "\x04", "never\r"}), 7);
  EXPECT_EQ(h.term.all, ">>> exit(if:\r\n... \r\n");
}

TEST(Repl, CtrlDInAContinuationExitsWithoutRunSourceAtEof) {
  ReplHarness h;
  h.interp.eof_entries = false;  // the port's default
  EXPECT_EQ(h.run({"if x:\r", "\x04", "never\r"}), 0);
  EXPECT_EQ(h.term.all, ">>> if x:\r\n... \r\n");
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"if x:"}));
}

TEST(Repl, EndOfInputInAContinuationEndsTheEntryThenTheRepl) {
  ReplHarness h;
  EXPECT_EQ(h.run({"if x:\r", "  pass\r"}), 0);
  EXPECT_EQ(h.interp.eof_sources, (std::vector<std::string>{"if x:\n  pass"}));
  EXPECT_EQ(h.term.all, ">>> if x:\r\n...   pass\r\n... \r\n>>> \r\n");
}

TEST(Repl, PushModeCtrlDInAContinuation) {
  ReplHarness h;
  Repl repl(h.editor, h.interp, h.term, h.history);
  repl.start();
  EXPECT_FALSE(repl.feed("if y:\r"));
  EXPECT_EQ(repl.pending_source(), "if y:");
  EXPECT_FALSE(repl.feed("\x04"));
  EXPECT_EQ(repl.pending_source(), "");
  EXPECT_EQ(h.term.take(), ">>> if y:\r\n... \r\n>>> ");
  EXPECT_EQ(repl.feed("\x04"), std::optional<int>(0));
}

TEST(Repl, EndOfInputExitsWithZero) {
  ReplHarness h;
  EXPECT_EQ(h.run({"1\r"}), 0);
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"1"}));
}

TEST(Repl, ExitReturnsItsStatus) {
  ReplHarness h;
  EXPECT_EQ(h.run({"exit(3)\r", "print('never')\r"}), 3);
  EXPECT_EQ(h.term.all, ">>> exit(3)\r\n");
}

TEST(Repl, SyntaxErrorClearsThePendingSource) {
  ReplHarness h;
  h.run({"$x\r", "1\r", "\x04"});
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"$x", "1"}));
  EXPECT_EQ(h.term.all, ">>> $x\r\nSyntaxError: invalid syntax\r\n>>> 1\r\n>>> \r\n");
}

TEST(Repl, BlankLineAtPs1IsAnEntry) {
  // CPython's REPL compiles it (as `pass`): the interpreter counts it.
  ReplHarness h;
  h.run({"\r   \r", "\x04"});
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"", "   "}));
  EXPECT_EQ(h.term.all, ">>> \r\n>>>    \r\n>>> \r\n");
}

TEST(Repl, PromptFollowsAPartialOutputLine) {
  ReplHarness h;
  h.run({"write('abc')\r", "x\x01", "\x0c\x04\x04"});
  EXPECT_EQ(h.term.all,
            ">>> write('abc')\r\nabc>>> x\b"  // Ctrl-A: "abc" is not re-written
            "\x1b[H\x1b[2Jabc>>> x\b"         // Ctrl-L redraws it with the prompt
            "\r\x1b[Jabc>>> "                  // Ctrl-D deletes x, then Ctrl-D: EOF
            "\r\n");
  EXPECT_TRUE(h.interp.partial_line.empty());
}

TEST(Repl, CompletionUsesTheInterpreter) {
  ReplHarness h;
  h.interp.vocabulary = {"print(", "property("};
  h.run({"pri\t'x')\r", "\x04"});
  EXPECT_EQ(h.interp.completion_requests, (std::vector<std::string>{"pri"}));
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"print('x')"}));
  EXPECT_EQ(h.term.all, ">>> print('x')\r\nx\r\n>>> \r\n");
}

TEST(Repl, LinesGoToHistory) {
  ReplHarness h;
  h.run({"a = 1\r", "\x1b[A\r", "\x04"});
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"a = 1", "a = 1"}));
  EXPECT_EQ(h.history.size(), 1U);
}

TEST(Repl, AutoIndentPrefillsContinuationLines) {
  ReplHarness h;
  h.run({"for x in y:\r", "if x:\r", "pass\r", "\r", "\x04"}, ReplOptions{true});
  EXPECT_EQ(h.interp.sources.back(), "for x in y:\n    if x:\n        pass\n        ");
  EXPECT_EQ(h.term.all,
            ">>> for x in y:\r\n...     if x:\r\n...         pass\r\n...         \r\n>>> \r\n");
}

TEST(Repl, AutoIndentIsOffByDefault) {
  ReplHarness h;
  h.run({"for x in y:\r", "pass\r", "\r", "\x04"});
  EXPECT_EQ(h.interp.sources[1], "for x in y:\npass");
}

TEST(Repl, BracketedPasteReplacesAutoIndent) {
  ReplHarness h;
  const std::string paste = std::string(kPasteBegin) + "for x in y:\n    pass\n\n" + kPasteEnd;
  h.run({paste, "\x04"}, ReplOptions{true});
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{
                                  "for x in y:", "for x in y:\n    pass",
                                  "for x in y:\n    pass\n"}));
}

TEST(Repl, PlainMultiLinePasteRunsEachLine) {
  ReplHarness h;
  h.run({"a = 1\nb = 2\n", "\x04"});
  EXPECT_EQ(h.interp.executed, (std::vector<std::string>{"a = 1", "b = 2"}));
  EXPECT_EQ(h.term.all, ">>> a = 1\r\n>>> b = 2\r\n>>> \r\n");
}

TEST(Repl, BracketedPasteModeIsToggledAroundEachRead) {
  ReplHarness h;
  h.editor.enable_bracketed_paste(true);
  h.run({"1\r", "\x04"});
  EXPECT_EQ(h.term.all,
            "\x1b[?2004h>>> 1\r\n\x1b[?2004l\x1b[?2004h>>> \x1b[?2004l\r\n");
  EXPECT_FALSE(h.term.screen.bracketed_paste());
}

TEST(Repl, DestructorUninstallsTheCompleter) {
  ReplHarness h;
  h.interp.vocabulary = {"abc"};
  { Repl repl(h.editor, h.interp, h.term, h.history); }
  h.editor.begin(">>> ", h.history);
  h.editor.feed("a\t");
  EXPECT_EQ(h.editor.buffer(), "a");
  EXPECT_TRUE(h.interp.completion_requests.empty());
}

TEST(Repl, PushModeStartFeedExit) {
  ReplHarness h;
  Repl repl(h.editor, h.interp, h.term, h.history);
  EXPECT_FALSE(repl.start());
  EXPECT_EQ(h.term.take(), ">>> ");
  EXPECT_FALSE(repl.feed("print('x')"));
  EXPECT_EQ(h.term.take(), "print('x')");
  EXPECT_FALSE(repl.feed("\rif y:\r"));
  EXPECT_EQ(h.term.take(), "\r\nx\r\n>>> if y:\r\n... ");
  EXPECT_EQ(repl.pending_source(), "if y:");
  EXPECT_EQ(repl.feed("\rexit(2)\rignored\r"), std::optional<int>(2));
  EXPECT_TRUE(repl.finished());
  EXPECT_EQ(repl.feed("more"), std::optional<int>(2));
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{
                                  "print('x')", "if y:", "if y:\n", "exit(2)"}));
}

TEST(Repl, PushModeEndOfInput) {
  ReplHarness h;
  Repl repl(h.editor, h.interp, h.term, h.history);
  repl.start();
  repl.feed("abc");
  EXPECT_EQ(repl.end_of_input(), std::optional<int>(0));
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"abc"}));
  EXPECT_EQ(h.term.all, ">>> abc\r\n>>> \r\n");
}

TEST(Repl, PushModeQueuedLinesRunOnStart) {
  ReplHarness h;
  Repl repl(h.editor, h.interp, h.term, h.history);
  h.editor.feed("1\r2\r");  // typed before the REPL started
  EXPECT_FALSE(repl.start());
  EXPECT_EQ(h.interp.sources, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(h.term.take(), ">>> 1\r\n>>> 2\r\n>>> ");
}

}  // namespace
}  // namespace pyshell::core::fakes

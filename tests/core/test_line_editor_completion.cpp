// LineEditor Tab: a literal tab where there is no word (as Python 3.13's
// rlcompleter), completion of the word before the cursor (readline's Python
// delimiters), common prefixes, listing in columns.
#include <gtest/gtest.h>

#include "harness.h"

namespace pyshell::core::fakes {
namespace {

using namespace keys;

struct CompletionHarness : EditorHarness {
  explicit CompletionHarness(std::vector<std::string> vocab, int width = 80)
      : EditorHarness(width), vocabulary(std::move(vocab)) {
    editor.set_completer([this](const std::string& word) {
      asked.push_back(word);
      std::vector<std::string> out;
      for (const std::string& v : vocabulary) {
        if (v.compare(0, word.size(), word) == 0) out.push_back(v);
      }
      return out;
    });
  }
  std::vector<std::string> vocabulary;
  std::vector<std::string> asked;
};

TEST(LineEditorTab, AtStartOfLineInsertsATab) {
  CompletionHarness h({"x"});
  h.begin();
  // Shown up to the next 8-column stop: ">>> " is 4 columns.
  EXPECT_EQ(h.type("\t"), "    ");
  EXPECT_EQ(h.editor.buffer(), "\t");
  EXPECT_EQ(h.type("\t"), "        ");
  EXPECT_EQ(h.editor.buffer(), "\t\t");
  EXPECT_EQ(h.type("x"), "x");
  EXPECT_EQ(h.screen().lines(), (std::vector<std::string>{">>>             x"}));
  EXPECT_TRUE(h.cursor_in_sync());
  EXPECT_TRUE(h.asked.empty());
}

TEST(LineEditorTab, AfterWhitespaceInsertsATab) {
  CompletionHarness h({"x"});
  h.begin();
  h.type("if x: ");
  EXPECT_EQ(h.type("\t"), "      ");  // ">>> if x: " is 10 columns: to 16
  EXPECT_EQ(h.editor.buffer(), "if x: \t");
  EXPECT_TRUE(h.asked.empty());
}

TEST(LineEditorTab, AfterADelimiterInsertsATab) {
  CompletionHarness h({"x"});
  h.begin();
  h.type("print(");
  EXPECT_EQ(h.type("\t"), "      ");
  EXPECT_EQ(h.editor.buffer(), "print(\t");
  EXPECT_TRUE(h.asked.empty());
}

TEST(LineEditorTab, TabInTheMiddleRedrawsAndUndoes) {
  CompletionHarness h({"x"});
  h.begin();
  h.type("ab");
  h.type(std::string(kLeft) + kLeft);
  EXPECT_EQ(h.type("\t"), "\r\x1b[J>>>     ab\x1b[2D");
  EXPECT_EQ(h.editor.buffer(), "\tab");
  EXPECT_EQ(h.editor.cursor(), 1U);
  EXPECT_TRUE(h.cursor_in_sync());
  h.type("\x1f");  // Ctrl-_: undo
  EXPECT_EQ(h.editor.buffer(), "ab");
}

TEST(LineEditorTab, SingleCandidateReplacesTheWord) {
  CompletionHarness h({"print(", "property("});
  h.begin();
  h.type("x = pri");
  EXPECT_EQ(h.type("\t"), "nt(");
  EXPECT_EQ(h.editor.buffer(), "x = print(");
  EXPECT_EQ(h.asked, (std::vector<std::string>{"pri"}));
  EXPECT_EQ(h.editor.completions(), (std::vector<std::string>{"print("}));
}

TEST(LineEditorTab, DotIsNotADelimiter) {
  CompletionHarness h({"str.upper(", "str.update(", "str.zfill("});
  h.begin();
  h.type("(str.u");
  EXPECT_EQ(h.type("\t"), "p");  // common prefix of update( and upper(
  EXPECT_EQ(h.asked, (std::vector<std::string>{"str.u"}));
  EXPECT_EQ(h.editor.buffer(), "(str.up");
  EXPECT_EQ(h.editor.completions(),
            (std::vector<std::string>{"str.update(", "str.upper("}));
}

TEST(LineEditorTab, SecondTabListsCandidatesInColumns) {
  CompletionHarness h({"str.upper(", "str.update("});
  h.begin();
  h.type("str.u\t");
  EXPECT_EQ(h.type("\t"), "\r\nstr.update(  str.upper(\r\n>>> str.up");
  EXPECT_EQ(h.screen().lines(),
            (std::vector<std::string>{">>> str.up", "str.update(  str.upper(", ">>> str.up"}));
  EXPECT_TRUE(h.cursor_in_sync(2));
  EXPECT_EQ(h.editor.completions().size(), 2U);
}

TEST(LineEditorTab, AmbiguousFirstTabRingsThenSecondLists) {
  CompletionHarness h({"abc", "abd"});
  h.begin();
  h.type("ab");
  EXPECT_EQ(h.type("\t"), "\a");
  EXPECT_EQ(h.type("\t"), "\r\nabc  abd\r\n>>> ab");
}

TEST(LineEditorTab, ListingIsColumnMajorAndFitsTheWidth) {
  CompletionHarness h({"a1", "a2", "a3", "a4", "a5", "a6", "a7"}, 20);
  h.begin();
  h.type("a\t");
  // 4-column cells; 5 fit exactly in 20 columns, so readline uses 4.
  EXPECT_EQ(h.type("\t"), "\r\na1  a3  a5  a7\r\na2  a4  a6\r\n>>> a");
}

TEST(LineEditorTab, ListingKeepsTheCursorWhereItWas) {
  CompletionHarness h({"foo1", "foo2"});
  h.begin();
  h.type("foo)");
  h.type(kLeft);
  h.type("\t");
  EXPECT_EQ(h.type("\t"), "\x1b[1C\r\nfoo1  foo2\r\n>>> foo)\b");
  EXPECT_EQ(h.editor.cursor(), 3U);
}

TEST(LineEditorTab, ManyCandidatesAreListedWithoutAsking) {
  std::vector<std::string> vocab;
  for (int i = 0; i < 150; ++i) vocab.push_back("n" + std::to_string(1000 + i));
  CompletionHarness h(vocab);
  h.begin();
  h.type("n\t");
  const std::string out = h.type("\t");
  EXPECT_EQ(out.find("Display all"), std::string::npos);
  // width 5 + 2 = 7 -> 11 columns -> 14 rows.
  EXPECT_EQ(h.screen().line(1), "n1000  n1014  n1028  n1042  n1056  n1070  n1084  n1098  n1112  n1126  n1140");
  EXPECT_EQ(h.screen().line(14), "n1013  n1027  n1041  n1055  n1069  n1083  n1097  n1111  n1125  n1139");
  EXPECT_EQ(h.screen().line(15), ">>> n1");
}

TEST(LineEditorTab, NoCandidatesRingsTheBell) {
  CompletionHarness h({"abc"});
  h.begin();
  h.type("zz");
  EXPECT_EQ(h.type("\t"), "\a");
  EXPECT_EQ(h.type("\t"), "\a");
  EXPECT_EQ(h.editor.buffer(), "zz");
}

TEST(LineEditorTab, NoCompleterRingsTheBell) {
  EditorHarness h;
  h.begin();
  h.type("abc");
  EXPECT_EQ(h.type("\t"), "\a");
}

TEST(LineEditorTab, CompletesTheWordBeforeTheCursorOnly) {
  CompletionHarness h({"length"});
  h.begin();
  h.type("len(x)");
  h.type(std::string(kLeft) + kLeft + kLeft);
  EXPECT_EQ(h.type("\t"), "\r\x1b[J>>> length(x)\x1b[3D");
  EXPECT_EQ(h.editor.buffer(), "length(x)");
  EXPECT_EQ(h.editor.cursor(), 6U);
}

TEST(LineEditorTab, ReplacementNeedNotExtendTheWord) {
  EditorHarness h;
  h.editor.set_completer([](const std::string&) {
    return std::vector<std::string>{"Print"};
  });
  h.begin();
  h.type("pri");
  EXPECT_EQ(h.type("\t"), "\r\x1b[J>>> Print");
  EXPECT_EQ(h.editor.buffer(), "Print");
}

TEST(LineEditorTab, CandidatesAreSanitizedSortedAndDeduplicated) {
  EditorHarness h;
  h.editor.set_completer([](const std::string&) {
    return std::vector<std::string>{"xb", "xa\x1b[31m", "xb", "", "xa\xFF"};
  });
  h.begin();
  h.type("x\t");
  EXPECT_EQ(h.editor.completions(),
            (std::vector<std::string>{"xa[31m", "xa\xEF\xBF\xBD", "xb"}));
}

TEST(LineEditorTab, CommonPrefixStopsAtCodePointBoundary) {
  CompletionHarness h({"x\xC3\xA9", "x\xC3\xA8"});  // xé, xè share a lead byte
  h.begin();
  EXPECT_EQ(h.type("x\t"), "x\a");
  EXPECT_EQ(h.editor.buffer(), "x");
}

TEST(LineEditorTab, CompletionsAreClearedByOtherKeys) {
  CompletionHarness h({"abc", "abd"});
  h.begin();
  h.type("a\t");
  EXPECT_EQ(h.editor.completions().size(), 2U);
  h.type("c");
  EXPECT_TRUE(h.editor.completions().empty());
}

TEST(LineEditorTab, TabInsidePasteIsLiteral) {
  CompletionHarness h({"abc"});
  h.begin();
  h.type(std::string(kPasteBegin) + "ab\t" + kPasteEnd);
  EXPECT_EQ(h.editor.buffer(), "ab\t");
  EXPECT_TRUE(h.asked.empty());
}

}  // namespace
}  // namespace pyshell::core::fakes

// core::TerminalScreen, the screen model pyshell-gui draws: text, wrapping, control
// characters, cursor moves, erase, clear screen into the scrollback, the scrollback limit,
// wide and combining characters, colours, resize; and, driven by a real LineEditor, the
// same screen as the tests' FakeScreen.
#include "core/terminal_screen.h"

#include <gtest/gtest.h>

#include <random>

#include "core/history.h"
#include "core/line_editor.h"
#include "fakes.h"

namespace pyshell::core {
namespace {

TEST(TerminalScreen, TextNewlinesAndCarriageReturn) {
    TerminalScreen s(20, 5);
    s.write("hello\r\nworld");
    EXPECT_EQ(s.text(), "hello\nworld");
    EXPECT_EQ(s.cursor_line(), 1);
    EXPECT_EQ(s.cursor_col(), 5);
    s.write("\rW");
    EXPECT_EQ(s.line(1), "World");
    s.write("\n!");  // LF alone keeps the column
    EXPECT_EQ(s.line(2), " !");
}

TEST(TerminalScreen, AutoWrapWithPendingWrapColumn) {
    TerminalScreen s(4, 5);
    s.write("abcd");
    EXPECT_TRUE(s.pending_wrap());
    EXPECT_EQ(s.cursor_line(), 0);
    EXPECT_EQ(s.cursor_col(), 3);
    s.write("\r\n");  // a newline right at the edge: no blank row
    EXPECT_EQ(s.line_count(), 2);
    s.write("efghij");
    EXPECT_EQ(s.text(), "abcd\nefgh\nij");
    EXPECT_TRUE(s.wrapped(1));
    EXPECT_FALSE(s.wrapped(0));
}

TEST(TerminalScreen, BackspaceTabAndBell) {
    TerminalScreen s(20, 5);
    s.write("abc\b\bX\tY\a");
    EXPECT_EQ(s.line(0), "aXc     Y");
    EXPECT_EQ(s.bells(), 1);
}

TEST(TerminalScreen, CursorMovesAndErase) {
    TerminalScreen s(20, 5);
    s.write("line one\r\nline two");
    s.write("\x1b[A\x1b[3D\x1b[K");
    EXPECT_EQ(s.line(0), "line");
    s.write("\x1b[B\x1b[2G\x1b[J");
    EXPECT_EQ(s.line(1), "l");
    s.write("\x1b[1;3HZ");
    EXPECT_EQ(s.line(0), "liZe");
    s.write("\x1b[2K");
    EXPECT_EQ(s.line(0), "");
    s.write("\r0123456789\x1b[5G\x1b[2P");
    EXPECT_EQ(s.line(0), "01236789");
    s.write("\x1b[2@");
    EXPECT_EQ(s.line(0), "0123  6789");
    s.write("\x1b[1G\x1b[3X");
    EXPECT_EQ(s.line(0), "   3  6789");
    EXPECT_TRUE(s.unknown_sequences().empty());
}

TEST(TerminalScreen, ClearScreenMovesTheScreenIntoTheScrollback) {
    TerminalScreen s(20, 3);
    s.write("a\r\nb\r\n>>> x");
    s.write("\x1b[H\x1b[2J>>> x");  // the editor's Ctrl-L
    EXPECT_EQ(s.text(), "a\nb\n>>> x\n>>> x");
    EXPECT_EQ(s.top(), 3);
    EXPECT_EQ(s.cursor_line(), 3);
    EXPECT_EQ(s.cursor_col(), 5);
    s.write("\x1b[A");  // cannot leave the screen upwards
    EXPECT_EQ(s.cursor_line(), 3);
}

TEST(TerminalScreen, ScrollbackKeepsAtMostItsLimit) {
    TerminalScreen s(10, 5, 10);
    for (int i = 0; i < 100; ++i) s.write(std::to_string(i) + "\r\n");
    EXPECT_EQ(s.line_count(), 15);
    EXPECT_EQ(s.dropped_lines(), 86u);
    EXPECT_EQ(s.line(0), "86");
    EXPECT_EQ(s.line(13), "99");
    EXPECT_EQ(s.cursor_line(), 14);
    EXPECT_EQ(s.top(), 10);
}

TEST(TerminalScreen, WideCombiningAndInvalidUtf8) {
    TerminalScreen s(5, 5);
    s.write("a\xE4\xBD\xA0");  // a你
    EXPECT_EQ(s.cursor_col(), 3);
    s.write("b\xE5\xA5\xBD");  // 好 does not fit in the last column: wraps whole
    EXPECT_EQ(s.line(0), "a\xE4\xBD\xA0" "b");
    EXPECT_EQ(s.line(1), "\xE5\xA5\xBD");
    EXPECT_EQ(s.cells(1)[0].kind, TerminalScreen::Cell::Wide);
    EXPECT_EQ(s.cells(1)[1].kind, TerminalScreen::Cell::Cont);
    s.write("\r\ne\xCC\x81!");  // e + combining acute
    EXPECT_EQ(s.line(2), "e\xCC\x81!");
    s.write("\r\n\xFFz\xE4z");
    EXPECT_EQ(s.line(3), "\xEF\xBF\xBDz\xEF\xBF\xBDz");
}

TEST(TerminalScreen, ColoursAndIgnoredSequences) {
    TerminalScreen s(20, 5);
    s.write("\x1b[31mr\x1b[1mR\x1b[0md\x1b[92mg\x1b[39m.");
    EXPECT_EQ(s.line(0), "rRdg.");
    EXPECT_EQ(s.cells(0)[0].color, 1);
    EXPECT_EQ(s.cells(0)[1].color, 9);
    EXPECT_EQ(s.cells(0)[2].color, -1);
    EXPECT_EQ(s.cells(0)[3].color, 10);
    EXPECT_EQ(s.cells(0)[4].color, -1);
    s.write("\x1b]0;title\x07\x1b(B\x1b[?25l\x1b[?2004h\x1b[38;5;200mx");
    EXPECT_EQ(s.line(0), "rRdg.x");
    EXPECT_FALSE(s.cursor_visible());
    EXPECT_TRUE(s.bracketed_paste());
    EXPECT_TRUE(s.unknown_sequences().empty());
    const auto before = s.version();
    s.write("y");
    EXPECT_GT(s.version(), before);
}

TEST(TerminalScreen, ResizeRewrapsSoftWrappedLines) {
    TerminalScreen s(4, 10);
    s.write("abcdefgh\r\nxy");
    EXPECT_EQ(s.text(), "abcd\nefgh\nxy");
    s.resize(10, 10);
    EXPECT_EQ(s.text(), "abcdefgh\nxy");
    EXPECT_EQ(s.cursor_line(), 1);
    EXPECT_EQ(s.cursor_col(), 2);
    s.resize(3, 10);
    EXPECT_EQ(s.text(), "abc\ndef\ngh\nxy");
    EXPECT_EQ(s.cursor_line(), 3);
}

// The LineEditor's output drawn by TerminalScreen looks as on the FakeScreen the editor's
// own tests use (a model checked against xterm behaviour), through random editing.
TEST(TerminalScreen, MatchesTheFakeScreenUnderRandomLineEditing) {
    const std::vector<std::string> keys = {
        "a", "b", " ", "\xE4\xBD\xA0", "e\xCC\x81", "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F", "\x7f",
        "\x1b[3~", "\x01", "\x05", "\x0b", "\x15", "\x17", "\x19", "\x1b" "b", "\x1b" "f", "\x1b[A",
        "\x1b[B", "\r", "xyz", "0123456789"};
    std::mt19937 rng(7);
    for (int run = 0; run < 40; ++run) {
        const int width = 5 + run % 17;
        fakes::FakeTerminal fake(width);
        struct Both : TerminalSink {
            fakes::FakeTerminal* fake;
            TerminalScreen screen;
            Both(fakes::FakeTerminal* f, int w) : fake(f), screen(w, 1000) {}
            void write(std::string_view b) override {
                fake->write(b);
                screen.write(b);
            }
        } sink(&fake, width);
        LineEditor editor(sink);
        editor.set_width(width);
        History history;
        editor.begin(">>> ", history);
        for (int step = 0; step < 60; ++step) {
            editor.feed(keys[rng() % keys.size()]);
            if (auto r = editor.poll()) {
                sink.write("\r\n");
                editor.begin(">>> ", history);
            }
            ASSERT_EQ(sink.screen.line_count() > 0, true);
            // Ctrl-L: FakeScreen clears in place, TerminalScreen keeps the old screen as
            // scrollback (top() moves); this run ends there.
            if (sink.screen.top() != 0) break;
            std::vector<std::string> mine;
            for (int i = 0; i < sink.screen.line_count(); ++i) mine.push_back(sink.screen.line(i));
            while (!mine.empty() && mine.back().empty()) mine.pop_back();
            std::vector<std::string> theirs = fake.screen.lines();
            ASSERT_EQ(sink.screen.cursor_line(), fake.screen.cursor_row()) << "run " << run << " step " << step;
            ASSERT_EQ(mine, theirs) << "run " << run << " step " << step;
            ASSERT_EQ(sink.screen.cursor_col(), fake.screen.cursor_col()) << "run " << run << " step " << step;
        }
    }
}

}  // namespace
}  // namespace pyshell::core

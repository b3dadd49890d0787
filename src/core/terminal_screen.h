// TerminalScreen: a terminal's screen and scrollback as data, for front ends that draw the
// shell themselves (pyshell-gui's console pane) instead of handing bytes to a terminal.
// It interprets what the LineEditor and Python's output emit, the same TerminalSink bytes
// a tty or xterm.js gets:
//  - UTF-8 text (wide characters take two cells, combining marks join the previous cell,
//    invalid bytes show U+FFFD), VT100 auto-wrap with the "pending wrap" column,
//  - CR, LF, BS, TAB (stops every 8 columns), BEL (counted),
//  - CSI cursor moves (A B C D E F G H f d), erase (J 0/1/2/3, K 0/1/2, X), delete and
//    insert characters (P @), SGR colours (30–37, 90–97, 39, 1 = bright, 0), private modes
//    ?2004 (bracketed paste) and ?25 (cursor shown), everything else parsed and ignored
//    (OSC titles, ESC 7/8, charset selection), counted in unknown_sequences().
// Lines that scroll off the screen stay in the scrollback, up to a limit. "Clear screen"
// (CSI 2J, the editor's Ctrl-L) moves what the screen shows into the scrollback, as a
// terminal with scrollback does. resize() re-wraps soft-wrapped lines as xterm.js does.
// Portable C++17; not thread-safe (a front end guards it with its own lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace pyshell::core {

class TerminalScreen {
public:
    struct Cell {
        std::string text;  // UTF-8 of one character (+ its combining marks); empty: blank
        enum Kind : std::uint8_t { Normal, Wide, Cont } kind = Normal;  // Cont: right half of a Wide
        std::int8_t color = -1;  // -1: default; 0–15: the ANSI palette (8–15 bright)
    };

    explicit TerminalScreen(int cols = 80, int rows = 24, std::size_t scrollback = 10000);

    void write(std::string_view bytes);
    // New size; soft-wrapped lines are re-wrapped, the cursor stays on its character.
    void resize(int cols, int rows);

    int cols() const { return cols_; }
    int rows() const { return rows_; }
    // All lines, scrollback first: line 0 is the oldest kept.
    int line_count() const { return static_cast<int>(lines_.size()); }
    const std::vector<Cell>& cells(int line) const;
    std::string line(int line) const;  // text with trailing blanks removed
    bool wrapped(int line) const;      // continues on the next line (a soft wrap)
    int top() const;                   // first line of the screen (what CSI H addresses)
    int cursor_line() const { return row_; }  // absolute line
    int cursor_col() const { return col_; }
    bool pending_wrap() const { return pending_wrap_; }
    bool cursor_visible() const { return cursor_visible_; }
    bool bracketed_paste() const { return bracketed_paste_; }
    int bells() const { return bells_; }
    std::size_t dropped_lines() const { return dropped_; }  // scrolled out of the scrollback
    // Grows with every change: a front end redraws when it differs from what it drew.
    std::uint64_t version() const { return version_; }
    const std::vector<std::string>& unknown_sequences() const { return unknown_; }

    // Every line's text joined by '\n', trailing empty lines dropped.
    std::string text() const;

private:
    void ensure_line(int line);
    Cell& cell(int line, int col);
    void clear_cell(int line, int col);
    void clear_line(int line, int from, int to);
    void line_feed();
    void print(char32_t cp);
    void byte(unsigned char b);
    void csi(char final_byte);
    void esc(unsigned char b);
    void sgr(const std::vector<int>& params);
    void trim_scrollback();
    void note_unknown(std::string seq);

    enum class State { Ground, Esc, EscIntermediate, Csi, Osc, OscEsc };

    int cols_;
    int rows_;
    std::size_t scrollback_;
    std::deque<std::vector<Cell>> lines_;
    std::deque<bool> wrapped_;
    int floor_ = 0;  // the screen starts here or below (after a clear screen)
    int row_ = 0;
    int col_ = 0;
    int saved_row_ = 0, saved_col_ = 0;  // ESC 7 / ESC 8, relative to top()
    bool pending_wrap_ = false;
    bool cursor_visible_ = true;
    bool bracketed_paste_ = false;
    std::int8_t color_ = -1;
    bool bold_ = false;
    int bells_ = 0;
    std::size_t dropped_ = 0;
    std::uint64_t version_ = 0;
    State state_ = State::Ground;
    std::string seq_;  // the escape sequence being read
    std::string utf8_;
    int utf8_need_ = 0;
    std::vector<std::string> unknown_;
};

}  // namespace pyshell::core

// TerminalScreen: see terminal_screen.h.
#include "core/terminal_screen.h"

#include <algorithm>
#include <cassert>

#include "core/text.h"
#include "core/wcwidth.h"

namespace pyshell::core {

TerminalScreen::TerminalScreen(int cols, int rows, std::size_t scrollback)
    : cols_(std::max(2, cols)), rows_(std::max(1, rows)), scrollback_(scrollback) {
    ensure_line(0);
}

const std::vector<TerminalScreen::Cell>& TerminalScreen::cells(int line) const {
    assert(line >= 0 && line < line_count() && "TerminalScreen::cells: line out of range");
    return lines_[static_cast<std::size_t>(line)];
}

std::string TerminalScreen::line(int line) const {
    if (line < 0 || line >= line_count()) return std::string();
    std::string s;
    for (const Cell& c : lines_[static_cast<std::size_t>(line)]) {
        if (c.kind == Cell::Cont) continue;
        s += c.text.empty() ? std::string(" ") : c.text;
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

bool TerminalScreen::wrapped(int line) const {
    return line >= 0 && line < line_count() && wrapped_[static_cast<std::size_t>(line)];
}

int TerminalScreen::top() const { return std::max(floor_, line_count() - rows_); }

std::string TerminalScreen::text() const {
    int last = line_count() - 1;
    while (last >= 0 && line(last).empty()) --last;
    std::string s;
    for (int i = 0; i <= last; ++i) {
        if (i > 0) s += '\n';
        s += line(i);
    }
    return s;
}

void TerminalScreen::ensure_line(int line) {
    while (line_count() <= line) {
        lines_.emplace_back(static_cast<std::size_t>(cols_));
        wrapped_.push_back(false);
    }
}

void TerminalScreen::trim_scrollback() {
    const std::size_t keep = scrollback_ + static_cast<std::size_t>(rows_);
    while (lines_.size() > keep && row_ > 0) {
        lines_.pop_front();
        wrapped_.pop_front();
        --row_;
        floor_ = std::max(0, floor_ - 1);
        ++dropped_;
    }
}

TerminalScreen::Cell& TerminalScreen::cell(int line, int col) {
    return lines_[static_cast<std::size_t>(line)][static_cast<std::size_t>(col)];
}

void TerminalScreen::clear_cell(int line, int col) {
    Cell& x = cell(line, col);
    if (x.kind == Cell::Wide && col + 1 < cols_) cell(line, col + 1) = Cell{};
    if (x.kind == Cell::Cont && col > 0) cell(line, col - 1) = Cell{};
    x = Cell{};
}

void TerminalScreen::clear_line(int line, int from, int to) {
    for (int c = std::max(0, from); c < std::min(cols_, to); ++c) clear_cell(line, c);
    if (to >= cols_) wrapped_[static_cast<std::size_t>(line)] = false;
}

void TerminalScreen::line_feed() {
    if (row_ - top() >= rows_ - 1 || row_ + 1 >= line_count()) {
        ++row_;
        ensure_line(row_);
        trim_scrollback();
    } else {
        ++row_;
    }
}

void TerminalScreen::print(char32_t cp) {
    const int w = cp == kReplacementChar ? 1 : std::max(0, wcwidth(cp));
    if (w == 0) {  // combining: joins the previous cell
        int c = pending_wrap_ ? col_ : col_ - 1;
        if (c >= 0 && cell(row_, c).kind == Cell::Cont) --c;
        if (c >= 0) append_utf8(cell(row_, c).text, cp);
        return;
    }
    if (pending_wrap_) {
        wrapped_[static_cast<std::size_t>(row_)] = true;
        line_feed();
        col_ = 0;
        pending_wrap_ = false;
    }
    if (w == 2 && col_ == cols_ - 1) {  // does not fit: wraps whole
        clear_cell(row_, col_);
        wrapped_[static_cast<std::size_t>(row_)] = true;
        line_feed();
        col_ = 0;
    }
    clear_cell(row_, col_);
    if (w == 2) clear_cell(row_, col_ + 1);
    Cell& c = cell(row_, col_);
    c.text.clear();
    append_utf8(c.text, cp);
    c.kind = w == 2 ? Cell::Wide : Cell::Normal;
    c.color = bold_ && color_ >= 0 && color_ < 8 ? static_cast<std::int8_t>(color_ + 8) : color_;
    if (w == 2) cell(row_, col_ + 1) = Cell{std::string(), Cell::Cont, c.color};
    col_ += w;
    if (col_ >= cols_) {
        col_ = cols_ - 1;
        pending_wrap_ = true;
    }
}

void TerminalScreen::note_unknown(std::string seq) {
    if (unknown_.size() < 64) unknown_.push_back(std::move(seq));
}

void TerminalScreen::write(std::string_view bytes) {
    if (bytes.empty()) return;
    for (char ch : bytes) byte(static_cast<unsigned char>(ch));
    ++version_;
}

void TerminalScreen::byte(unsigned char b) {
    switch (state_) {
        case State::Esc:
            esc(b);
            return;
        case State::EscIntermediate:  // ESC ( B and friends: charset selection, ignored
            state_ = State::Ground;
            return;
        case State::Csi:
            if (b == 0x1B) {  // a broken sequence: start again
                state_ = State::Esc;
                return;
            }
            seq_ += static_cast<char>(b);
            if (b >= 0x40 && b <= 0x7E) {
                state_ = State::Ground;
                csi(static_cast<char>(b));
            } else if (seq_.size() > 64) {
                note_unknown("\x1b[" + seq_);
                state_ = State::Ground;
            }
            return;
        case State::Osc:  // OSC ... BEL or ESC \ (window titles): ignored
            if (b == 0x07) state_ = State::Ground;
            else if (b == 0x1B) state_ = State::OscEsc;
            return;
        case State::OscEsc:
            state_ = b == '\\' ? State::Ground : State::Osc;
            return;
        case State::Ground:
            break;
    }
    if (utf8_need_ > 0) {
        if ((b & 0xC0) == 0x80) {
            utf8_ += static_cast<char>(b);
            if (--utf8_need_ > 0) return;
            std::size_t len = 0;
            const char32_t cp = decode_utf8(utf8_, 0, &len);
            utf8_.clear();
            print(len == 0 ? kReplacementChar : cp);
            return;
        }
        utf8_need_ = 0;  // a truncated sequence: one replacement, then this byte afresh
        utf8_.clear();
        print(kReplacementChar);
    }
    if (b >= 0x80) {
        utf8_need_ = b >= 0xF8 ? 0 : b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC2 ? 1 : 0;
        utf8_.assign(1, static_cast<char>(b));
        if (utf8_need_ == 0) {
            utf8_.clear();
            print(kReplacementChar);
        }
        return;
    }
    if (b >= 0x20 && b < 0x7F) {
        print(b);
        return;
    }
    switch (b) {
        case '\r':
            col_ = 0;
            pending_wrap_ = false;
            return;
        case '\n':
        case '\v':
        case '\f':
            line_feed();
            pending_wrap_ = false;
            return;
        case '\b':
            if (pending_wrap_) pending_wrap_ = false;
            else if (col_ > 0) --col_;
            return;
        case '\t':
            if (!pending_wrap_) col_ = std::min(cols_ - 1, (col_ / 8 + 1) * 8);
            return;
        case '\a':
            ++bells_;
            return;
        case 0x1B:
            state_ = State::Esc;
            return;
        case 0x00:
        case 0x7F:
            return;  // NUL, DEL: nothing
        default:
            note_unknown(std::string(1, static_cast<char>(b)));
            return;
    }
}

void TerminalScreen::esc(unsigned char b) {
    state_ = State::Ground;
    switch (b) {
        case '[':
            state_ = State::Csi;
            seq_.clear();
            return;
        case ']':
            state_ = State::Osc;
            return;
        case '(':
        case ')':
        case '*':
        case '+':
        case '#':
            state_ = State::EscIntermediate;
            return;
        case '7':
            saved_row_ = row_ - top();
            saved_col_ = col_;
            return;
        case '8':
            row_ = top() + saved_row_;
            col_ = std::min(cols_ - 1, saved_col_);
            ensure_line(row_);
            pending_wrap_ = false;
            return;
        case 'D':
            line_feed();
            return;
        case 'E':
            line_feed();
            col_ = 0;
            pending_wrap_ = false;
            return;
        case 'M':
            row_ = std::max(top(), row_ - 1);
            pending_wrap_ = false;
            return;
        case '=':
        case '>':
        case 'c':
            return;  // keypad modes, reset: nothing to show
        default:
            note_unknown(std::string("\x1b") + static_cast<char>(b));
            return;
    }
}

void TerminalScreen::csi(char final_byte) {
    std::string params = seq_.substr(0, seq_.size() - 1);
    char prefix = 0;
    if (!params.empty() && (params[0] == '?' || params[0] == '>' || params[0] == '=')) {
        prefix = params[0];
        params.erase(0, 1);
    }
    std::vector<int> nums;
    int value = -1;
    for (char c : params) {
        if (c >= '0' && c <= '9') {
            value = std::min(99999, (value < 0 ? 0 : value * 10) + (c - '0'));
        } else if (c == ';' || c == ':') {
            nums.push_back(value);
            value = -1;
        } else {
            note_unknown("\x1b[" + seq_);
            return;
        }
    }
    nums.push_back(value);
    if (prefix == '?') {
        const bool on = final_byte == 'h';
        if (final_byte != 'h' && final_byte != 'l') return;
        for (int mode : nums) {
            if (mode == 2004) bracketed_paste_ = on;
            if (mode == 25) cursor_visible_ = on;
        }
        return;
    }
    if (prefix != 0) return;  // ESC [ > c and friends: queries, nothing to show
    const int n = nums[0] < 1 ? 1 : nums[0];
    const int t = top();
    switch (final_byte) {
        case 'A':
            row_ = std::max(t, row_ - n);
            break;
        case 'B':
            row_ = std::min(t + rows_ - 1, row_ + n);
            ensure_line(row_);
            break;
        case 'C':
            col_ = std::min(cols_ - 1, col_ + n);
            break;
        case 'D':
            col_ = std::max(0, col_ - n);
            break;
        case 'E':
            row_ = std::min(t + rows_ - 1, row_ + n);
            ensure_line(row_);
            col_ = 0;
            break;
        case 'F':
            row_ = std::max(t, row_ - n);
            col_ = 0;
            break;
        case 'G':
        case '`':
            col_ = std::min(cols_ - 1, n - 1);
            break;
        case 'd':
            row_ = t + std::min(rows_ - 1, n - 1);
            ensure_line(row_);
            break;
        case 'H':
        case 'f':
            row_ = t + std::min(rows_ - 1, n - 1);
            col_ = nums.size() > 1 && nums[1] > 0 ? std::min(cols_ - 1, nums[1] - 1) : 0;
            ensure_line(row_);
            break;
        case 'J': {
            const int mode = std::max(0, nums[0]);
            if (mode == 0) {
                clear_line(row_, col_, cols_);
                for (int r = row_ + 1; r < line_count(); ++r) clear_line(r, 0, cols_);
            } else if (mode == 1) {
                for (int r = t; r < row_; ++r) clear_line(r, 0, cols_);
                clear_line(row_, 0, col_ + 1);
            } else if (mode == 2) {
                // What the screen shows moves into the scrollback; the screen starts blank
                // after the last line that has anything on it.
                int last = line_count() - 1;
                while (last >= t && line(last).empty()) --last;
                const int relative = row_ - t;
                floor_ = std::max(t, last + 1);
                for (int r = floor_; r < line_count(); ++r) clear_line(r, 0, cols_);
                row_ = floor_ + relative;
                ensure_line(row_);
            } else if (mode == 3) {  // forget the scrollback
                while (top() > 0 && row_ > 0) {
                    lines_.pop_front();
                    wrapped_.pop_front();
                    --row_;
                    floor_ = std::max(0, floor_ - 1);
                    ++dropped_;
                }
            }
            break;
        }
        case 'K': {
            const int mode = std::max(0, nums[0]);
            if (mode == 0) clear_line(row_, col_, cols_);
            else if (mode == 1) clear_line(row_, 0, col_ + 1);
            else clear_line(row_, 0, cols_);
            break;
        }
        case 'X':
            clear_line(row_, col_, std::min(cols_, col_ + n));
            break;
        case 'P': {  // delete characters: the rest of the line moves left
            auto& cells = lines_[static_cast<std::size_t>(row_)];
            const int k = std::min(n, cols_ - col_);
            cells.erase(cells.begin() + col_, cells.begin() + col_ + k);
            cells.resize(static_cast<std::size_t>(cols_));
            break;
        }
        case '@': {  // insert blanks: the rest of the line moves right
            auto& cells = lines_[static_cast<std::size_t>(row_)];
            const int k = std::min(n, cols_ - col_);
            cells.insert(cells.begin() + col_, static_cast<std::size_t>(k), Cell{});
            cells.resize(static_cast<std::size_t>(cols_));
            break;
        }
        case 'm':
            sgr(nums);
            return;  // colours do not end a pending wrap
        case 'h':
        case 'l':
        case 'r':
        case 'n':
        case 'c':
        case 't':
        case 'q':
            return;  // modes, scroll regions, reports, cursor style: nothing to show
        default:
            note_unknown("\x1b[" + seq_);
            return;
    }
    pending_wrap_ = false;
}

void TerminalScreen::sgr(const std::vector<int>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int p = std::max(0, params[i]);
        if (p == 0) {
            color_ = -1;
            bold_ = false;
        } else if (p == 1) {
            bold_ = true;
        } else if (p == 22) {
            bold_ = false;
        } else if (p >= 30 && p <= 37) {
            color_ = static_cast<std::int8_t>(p - 30);
        } else if (p >= 90 && p <= 97) {
            color_ = static_cast<std::int8_t>(p - 90 + 8);
        } else if (p == 39) {
            color_ = -1;
        } else if (p == 38 || p == 48) {  // 256-colour / true colour: skip the arguments
            if (i + 1 < params.size() && params[i + 1] == 5) i += 2;
            else if (i + 1 < params.size() && params[i + 1] == 2) i += 4;
        }
    }
}

void TerminalScreen::resize(int cols, int rows) {
    cols = std::max(2, cols);
    rows = std::max(1, rows);
    ++version_;
    rows_ = rows;
    if (cols == cols_) return;
    struct Logical {
        std::vector<Cell> cells;
        int cursor = -1;  // cell offset of the cursor, if on this line
        bool floor = false;  // the screen's floor starts at this line
    };
    std::vector<Logical> logical;
    for (int r = 0; r < line_count(); ++r) {
        const bool continues = r > 0 && wrapped_[static_cast<std::size_t>(r - 1)];
        if (!continues) {
            logical.emplace_back();
            logical.back().floor = r == floor_;
        }
        Logical& l = logical.back();
        const int base = static_cast<int>(l.cells.size());
        const auto& row = lines_[static_cast<std::size_t>(r)];
        l.cells.insert(l.cells.end(), row.begin(), row.end());
        if (r == row_) l.cursor = base + col_ + (pending_wrap_ ? 1 : 0);
    }
    for (Logical& l : logical) {  // trim trailing blanks (not the cursor)
        while (!l.cells.empty() && l.cells.back().text.empty() && l.cells.back().kind == Cell::Normal &&
               static_cast<int>(l.cells.size()) > l.cursor) {
            l.cells.pop_back();
        }
    }
    cols_ = cols;
    lines_.clear();
    wrapped_.clear();
    pending_wrap_ = false;
    int new_row = 0, new_col = 0, new_floor = 0;
    for (const Logical& l : logical) {
        int r = line_count();
        ensure_line(r);
        if (l.floor) new_floor = r;
        int c = 0;
        const int n = static_cast<int>(l.cells.size());
        for (int k = 0; k <= std::max(n, l.cursor); ++k) {
            const bool wide = k < n && l.cells[static_cast<std::size_t>(k)].kind == Cell::Wide;
            const bool cont = k < n && l.cells[static_cast<std::size_t>(k)].kind == Cell::Cont;
            if (!cont && (c >= cols_ || (wide && c + 1 >= cols_))) {
                wrapped_[static_cast<std::size_t>(r)] = true;
                ++r;
                ensure_line(r);
                c = 0;
            }
            if (k == l.cursor) {
                new_row = r;
                new_col = c;
            }
            if (k < n && c < cols_) {
                cell(r, c) = l.cells[static_cast<std::size_t>(k)];
                ++c;
            }
        }
    }
    row_ = new_row;
    col_ = std::min(new_col, cols_ - 1);
    if (new_col >= cols_) pending_wrap_ = true;
    floor_ = new_floor;
    ensure_line(row_);
    trim_scrollback();
}

}  // namespace pyshell::core

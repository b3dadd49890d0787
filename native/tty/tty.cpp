#include "tty.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace pyshell::native {
namespace {

termios g_saved;              // the terminal's mode as we found it
std::atomic<bool> g_have_saved{false};
std::atomic<bool> g_is_raw{false};
int g_fd = 0;
volatile sig_atomic_t g_resized = 0;

void restore_terminal() {
    if (g_have_saved && g_is_raw) {
        tcsetattr(g_fd, TCSAFLUSH, &g_saved);
        g_is_raw = false;
    }
}

void on_fatal_signal(int sig) {
    restore_terminal();          // tcsetattr is async-signal-safe
    signal(sig, SIG_DFL);
    raise(sig);
}

void on_winch(int) { g_resized = 1; }

}  // namespace

Tty::Tty(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {
    interactive_ = isatty(in_fd) && isatty(out_fd);
    if (!interactive_) return;
    if (tcgetattr(in_fd, &g_saved) != 0) {
        interactive_ = false;
        return;
    }
    g_fd = in_fd;
    g_have_saved = true;
    std::atexit(restore_terminal);
    for (int sig : {SIGTERM, SIGHUP, SIGQUIT}) signal(sig, on_fatal_signal);
    struct sigaction sa {};
    sa.sa_handler = on_winch;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked read() returns EINTR so the editor redraws at once
    sigaction(SIGWINCH, &sa, nullptr);
}

Tty::~Tty() { restore_terminal(); }

void Tty::raw() {
    if (!interactive_ || g_is_raw) return;
    termios t = g_saved;
    t.c_iflag &= ~static_cast<tcflag_t>(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
    t.c_oflag &= ~static_cast<tcflag_t>(OPOST);
    t.c_cflag |= CS8;
    t.c_lflag &= ~static_cast<tcflag_t>(ECHO | ICANON | IEXTEN | ISIG);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(in_fd_, TCSADRAIN, &t) == 0) g_is_raw = true;
}

void Tty::cooked() {
    if (!interactive_ || !g_is_raw) return;
    tcsetattr(in_fd_, TCSADRAIN, &g_saved);
    g_is_raw = false;
}

int Tty::columns() const {
    winsize ws{};
    if (ioctl(out_fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

int Tty::rows() const {
    winsize ws{};
    if (ioctl(out_fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return ws.ws_row;
    return 24;
}

bool Tty::take_resized() {
    if (!g_resized) return false;
    g_resized = 0;
    return true;
}

bool FdInput::read(std::string& out) {
    if (tty_) tty_->raw();
    char buf[4096];
    for (;;) {
        if (tty_ && Tty::take_resized() && on_resize_) on_resize_(tty_->columns());
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n > 0) {
            out.append(buf, static_cast<size_t>(n));
            return true;
        }
        if (n < 0 && errno == EINTR) continue;
        return false;  // end of input or a read error
    }
}

void FdSink::write(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the terminal went away; nothing sensible to do
        bytes.remove_prefix(static_cast<size_t>(n));
    }
}

}  // namespace pyshell::native

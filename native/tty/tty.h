// native/tty backend: a POSIX terminal for the line editor.
//
// Supports: raw mode while a line is edited and the terminal's own (cooked) mode while
// Python runs, so Ctrl-C is a real SIGINT that CPython turns into KeyboardInterrupt;
// the terminal restored on every exit path (normal exit, exit(), SIGTERM/SIGHUP/SIGQUIT);
// SIGWINCH → the editor learns the new width at once; reading bytes from a fd.
// Does not support: Windows consoles, job control (Ctrl-Z suspends with the terminal raw
// restored by the shell only).
#pragma once

#include <functional>
#include <string>

#include "core/ports.h"

namespace pyshell::native {

class Tty {
public:
    explicit Tty(int in_fd = 0, int out_fd = 1);
    ~Tty();
    Tty(const Tty&) = delete;
    Tty& operator=(const Tty&) = delete;

    bool interactive() const { return interactive_; }  // stdin and stdout are terminals
    void raw();      // no echo, no line buffering, no signals from keys, no output processing
    void cooked();   // back to the terminal's mode as we found it
    int columns() const;
    int rows() const;
    // True once after the terminal was resized (SIGWINCH).
    static bool take_resized();

private:
    int in_fd_, out_fd_;
    bool interactive_ = false;
};

// Bytes from a file descriptor; reports resizes to a callback between reads.
class FdInput final : public core::InputSource {
public:
    FdInput(int fd, Tty* tty) : fd_(fd), tty_(tty) {}
    bool read(std::string& out) override;
    void on_resize(std::function<void(int)> f) { on_resize_ = std::move(f); }

private:
    int fd_;
    Tty* tty_;
    std::function<void(int)> on_resize_;
};

// Writes everything to a file descriptor.
class FdSink final : public core::TerminalSink {
public:
    explicit FdSink(int fd) : fd_(fd) {}
    void write(std::string_view bytes) override;

private:
    int fd_;
};

}  // namespace pyshell::native

// pyshell-gui's shell: app::InteractiveShell (CPython, core::Repl, core::LineEditor) on its
// own thread, as native/tty runs it, with the terminal replaced by data the window draws:
//
//   GUI thread (GLFW + Dear ImGui)                     interpreter thread (1 GiB stack)
//     keys → send_input(bytes) ──────── inbox ───────▶ InputSource::read → LineEditor → Repl
//     Ctrl-C → interrupt()   (running: SIGINT to the interpreter thread; at a prompt: "\x03")
//     panels → request(json) ──────── inbox ───────▶ Session::inspect, served while Python
//                                                     waits for input (prompt or input())
//     with_screen(draw) ◀──── core::TerminalScreen ◀── TerminalSink bytes (editor, program)
//     take_messages() ◀─────── snapshots, replies ◀─── SessionIo::on_snapshot, inspect()
//
// So the window never freezes while code runs. Supports closing at any time: close() ends
// the input (input() sees EOF, the REPL ends) and interrupts running code.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/ports.h"
#include "core/terminal_screen.h"
#include "python/python_host.h"

namespace pyshell::gui {

class GuiShell final : public core::InputSource {
public:
    struct Options {
        python::HostConfig config;
        bool quiet = false;        // no banner
        std::string history_file;  // "" keeps history in memory only
        int cols = 80, rows = 24;
    };

    explicit GuiShell(Options options);
    ~GuiShell() override;  // close() and wait for the thread (see close())
    GuiShell(const GuiShell&) = delete;
    GuiShell& operator=(const GuiShell&) = delete;

    // Starts the interpreter thread; `wake` is called (from any thread) when there is
    // something new to draw. False: no thread could be started.
    bool start(std::function<void()> wake);

    // ---- from the GUI thread --------------------------------------------------------
    void send_input(std::string bytes);   // keys, as a terminal sends them
    void interrupt();                     // Ctrl-C
    void request(std::string json);       // an inspector Request (core/inspect_model.h)
    void resize(int cols, int rows);      // the console's size in cells
    void set_snapshots_wanted(bool on) { snapshots_wanted_ = on; }
    std::vector<std::string> take_messages();  // inspector snapshots and replies, in order
    template <class F>
    void with_screen(F&& f) {  // f(const core::TerminalScreen&) under the screen's lock
        std::lock_guard<std::mutex> lock(screen_mutex_);
        f(static_cast<const core::TerminalScreen&>(screen_));
    }
    bool busy() const { return busy_; }            // Python is running an entry
    bool finished() const { return finished_; }    // the REPL ended (exit(), Ctrl-D, close())
    int exit_status() const { return exit_status_; }

    // Ends the session: no more input (EOF), running code interrupted. Waits up to
    // `seconds` for the interpreter thread (interrupting it again every 250 ms); true when it
    // ended. Code that ignores KeyboardInterrupt may outlive the wait: then the caller
    // should end the process (the thread is left running).
    bool close(double seconds = 3.0);

    // core::InputSource, called on the interpreter thread only.
    bool read(std::string& out) override;

private:
    struct ScreenSink final : core::TerminalSink {
        GuiShell* shell;
        bool program = false;  // program output: "\n" becomes "\r\n" (a tty's ONLCR)
        void write(std::string_view bytes) override;
    };
    int run();  // the interpreter thread's body
    void write_screen(std::string_view bytes, bool program);
    void post_message(std::string json);
    void set_busy(bool on);
    void wake();

    Options options_;
    std::function<void()> wake_;

    std::mutex screen_mutex_;
    core::TerminalScreen screen_;
    char last_program_byte_ = 0;

    std::mutex inbox_mutex_;
    std::condition_variable inbox_cv_;
    std::string input_;
    std::deque<std::string> requests_;
    int pending_width_ = 0;  // 0: none
    bool closed_ = false;

    std::mutex messages_mutex_;
    std::vector<std::string> messages_;

    std::mutex session_mutex_;           // guards session_ against its destruction
    python::Session* session_ = nullptr; // alive on the interpreter thread while set
    core::LineEditor* editor_ = nullptr; // interpreter thread only

    std::atomic<bool> busy_{false};
    std::atomic<bool> finished_{false};
    std::atomic<bool> snapshots_wanted_{true};
    std::atomic<int> cols_, rows_;
    int exit_status_ = 0;
    bool started_ = false;
    unsigned long thread_ = 0;  // a pthread_t
    std::mutex done_mutex_;
    std::condition_variable done_cv_;
};

}  // namespace pyshell::gui

// pyshell-gui's shell thread: see gui_shell.h.
#include "gui_shell.h"

#include <pthread.h>

#include <chrono>
#include <cstdio>
#include <utility>

#include "app/file_history.h"
#include "app/interactive_shell.h"

namespace pyshell::gui {

namespace {

// Python runs on a thread with a large stack, as in native/tty: deep C-level recursion
// under sys.setrecursionlimit(10**6) ends in RecursionError instead of a segfault. The
// stack is reserved, not committed: untouched pages cost nothing.
constexpr size_t kPythonStackBytes = size_t{1} << 30;

}  // namespace

GuiShell::GuiShell(Options options)
    : options_(std::move(options)), screen_(options_.cols, options_.rows), cols_(options_.cols), rows_(options_.rows) {}

GuiShell::~GuiShell() {
    if (!started_) return;
    close();
    if (finished_) pthread_join(static_cast<pthread_t>(thread_), nullptr);
    else pthread_detach(static_cast<pthread_t>(thread_));  // the caller should have ended the process
}

bool GuiShell::start(std::function<void()> wake) {
    wake_ = std::move(wake);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kPythonStackBytes);
    pthread_t thread;
    const int err = pthread_create(&thread, &attr, [](void* p) -> void* {
        auto* self = static_cast<GuiShell*>(p);
        const int status = self->run();
        {
            std::lock_guard<std::mutex> lock(self->done_mutex_);
            self->exit_status_ = status;
            self->finished_ = true;
        }
        self->done_cv_.notify_all();
        self->wake();
        return nullptr;
    }, this);
    pthread_attr_destroy(&attr);
    if (err != 0) return false;
    thread_ = static_cast<unsigned long>(thread);
    started_ = true;
    return true;
}

void GuiShell::wake() {
    if (wake_) wake_();
}

void GuiShell::ScreenSink::write(std::string_view bytes) { shell->write_screen(bytes, program); }

void GuiShell::write_screen(std::string_view bytes, bool program) {
    {
        std::lock_guard<std::mutex> lock(screen_mutex_);
        if (!program) {
            screen_.write(bytes);
        } else {  // a tty in cooked mode turns "\n" into "\r\n" (ONLCR); so does this
            std::string out;
            out.reserve(bytes.size() + 16);
            for (char c : bytes) {
                if (c == '\n' && last_program_byte_ != '\r') out += '\r';
                out += c;
                last_program_byte_ = c;
            }
            screen_.write(out);
        }
        if (!bytes.empty()) last_program_byte_ = bytes.back();
    }
    wake();
}

void GuiShell::post_message(std::string json) {
    {
        std::lock_guard<std::mutex> lock(messages_mutex_);
        messages_.push_back(std::move(json));
    }
    wake();
}

std::vector<std::string> GuiShell::take_messages() {
    std::lock_guard<std::mutex> lock(messages_mutex_);
    return std::exchange(messages_, {});
}

void GuiShell::set_busy(bool on) {
    busy_ = on;
    wake();
}

void GuiShell::send_input(std::string bytes) {
    if (bytes.empty()) return;
    {
        std::lock_guard<std::mutex> lock(inbox_mutex_);
        input_ += bytes;
    }
    inbox_cv_.notify_all();
}

void GuiShell::interrupt() {
    if (busy_) {
        // As a terminal's Ctrl-C: typed-ahead input is dropped, "^C" is echoed (ECHOCTL, as
        // the page and a tty show it), the program gets SIGINT.
        {
            std::lock_guard<std::mutex> lock(inbox_mutex_);
            input_.clear();
        }
        write_screen("^C", false);
        std::lock_guard<std::mutex> lock(session_mutex_);
        if (session_ != nullptr) session_->request_interrupt();
        return;
    }
    send_input("\x03");  // at a prompt: the editor cancels the line
}

void GuiShell::request(std::string json) {
    {
        std::lock_guard<std::mutex> lock(inbox_mutex_);
        requests_.push_back(std::move(json));
    }
    inbox_cv_.notify_all();
}

void GuiShell::resize(int cols, int rows) {
    cols = std::max(2, cols);
    rows = std::max(1, rows);
    if (cols == cols_ && rows == rows_) return;
    {
        std::lock_guard<std::mutex> lock(screen_mutex_);
        screen_.resize(cols, rows);  // the screen re-wraps now; the editor learns it at its next read
    }
    cols_ = cols;
    rows_ = rows;
    {
        std::lock_guard<std::mutex> lock(inbox_mutex_);
        pending_width_ = cols;
    }
    inbox_cv_.notify_all();
    wake();
}

bool GuiShell::read(std::string& out) {
    std::unique_lock<std::mutex> lock(inbox_mutex_);
    for (;;) {
        if (!requests_.empty()) {
            std::string json = std::move(requests_.front());
            requests_.pop_front();
            lock.unlock();
            if (session_ != nullptr) post_message(session_->inspect(json));
            lock.lock();
            continue;
        }
        if (pending_width_ != 0) {
            const int width = std::exchange(pending_width_, 0);
            lock.unlock();
            if (editor_ != nullptr && editor_->width() != width) editor_->set_width(width);
            lock.lock();
            continue;
        }
        if (!input_.empty()) {
            out += input_;
            input_.clear();
            return true;
        }
        if (closed_) return false;
        inbox_cv_.wait(lock);
    }
}

bool GuiShell::close(double seconds) {
    {
        std::lock_guard<std::mutex> lock(inbox_mutex_);
        closed_ = true;
    }
    inbox_cv_.notify_all();
    if (!started_) return true;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    std::unique_lock<std::mutex> lock(done_mutex_);
    while (!finished_) {
        if (busy_) {
            std::lock_guard<std::mutex> session_lock(session_mutex_);
            if (session_ != nullptr) session_->request_interrupt();
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) break;
        done_cv_.wait_until(lock, std::min(deadline, now + std::chrono::milliseconds(250)));
    }
    return finished_;
}

int GuiShell::run() {
    ScreenSink terminal;
    terminal.shell = this;
    ScreenSink program;
    program.shell = this;
    program.program = true;

    app::FileHistoryStore store(options_.history_file);
    app::InteractiveShell::Options shell_options;
    shell_options.config = options_.config;
    shell_options.io.write = [&](int, std::string_view bytes) { program.write(bytes); };
    shell_options.io.terminal_size = [&] { return std::pair<int, int>{cols_, rows_}; };
    shell_options.io.on_snapshot = [&](const std::string& json) { post_message(json); };
    shell_options.io.snapshot_wanted = [&] { return snapshots_wanted_.load(); };
    shell_options.history_store = options_.history_file.empty() ? nullptr : &store;
    shell_options.columns = cols_;
    shell_options.quiet = options_.quiet;
    shell_options.on_running = [this](bool running) { set_busy(running); };  // busy(): an entry runs, not waiting for input

    app::InteractiveShell shell(terminal, *this, std::move(shell_options));
    if (!shell.ok()) {
        std::fprintf(stderr, "pyshell-gui: %s\n", shell.error().c_str());
        program.write("pyshell-gui: " + shell.error() + "\n");
        return 1;
    }
    {
        std::lock_guard<std::mutex> lock(session_mutex_);
        session_ = &shell.session();
    }
    editor_ = &shell.editor();
    const int status = shell.run();
    editor_ = nullptr;
    {
        std::lock_guard<std::mutex> lock(session_mutex_);
        session_ = nullptr;
    }
    return status;
}

}  // namespace pyshell::gui

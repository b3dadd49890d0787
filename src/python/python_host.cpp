// CPython embedding for pyshell: see python_host.h. Session::inspect, the inspector's
// half, is python_inspect.cpp.
#include "python/py_object.h"  // <Python.h>, first

#include "python/python_host.h"

#ifndef __EMSCRIPTEN__
#include <pthread.h>
#endif
#include <signal.h>

#include <cassert>
#include <cstdio>
#include <string>
#include <utility>

#ifdef __EMSCRIPTEN__
// CPython's Python/emscripten_signal.c: when set, the eval loop polls
// Module.Py_EmscriptenSignalBuffer (a SharedArrayBuffer cell the page writes on Ctrl-C).
extern "C" int Py_EMSCRIPTEN_SIGNAL_HANDLING;
extern "C" void _Py_CheckEmscriptenSignals(void);  // reads the buffer now, raises the signal
// tools/patches/cpython-emscripten-signal-interval.patch: eval-breaker checks between two
// looks at the buffer (each a call into JavaScript; upstream looks at every 50th).
extern "C" int _Py_emscripten_signal_interval;
constexpr int kSignalCheckInterval = 1000;  // still microseconds of running code
// tools/patches/cpython-emscripten-c-recursion.patch: Py_C_RECURSION_LIMIT is this variable
// (in <Python.h>), since overflowing the JS engine's stack kills the program instead of raising.
#endif

namespace pyshell::python {
namespace {

// The live Session, for the _pyshell module's C callbacks (CPython has one main interpreter).
Session* g_session = nullptr;

// Reports a failed PyStatus the way CPython's own main does and returns its exit code.
int report(const PyStatus& status) {
    if (PyStatus_IsExit(status)) return status.exitcode;
    std::fprintf(stderr, "pyshell: cannot start Python: %s%s%s\n",
                 status.func ? status.func : "", status.func ? ": " : "",
                 status.err_msg ? status.err_msg : "unknown error");
    return 1;
}

std::string describe(const PyStatus& status) {
    std::string s = "cannot start Python: ";
    if (status.func) s += std::string(status.func) + ": ";
    s += status.err_msg ? status.err_msg : "unknown error";
    return s;
}

PyStatus append_path(PyWideStringList* list, const std::string& value) {
    wchar_t* wide = Py_DecodeLocale(value.c_str(), nullptr);
    if (!wide) return PyStatus_NoMemory();
    PyStatus status = PyWideStringList_Append(list, wide);
    PyMem_RawFree(wide);
    return status;
}

// Isolated pre-config and config shared by both entry points; `code` set = `python -c`.
PyStatus initialize(const HostConfig& host, const std::vector<std::string>& argv, const std::string* code) {
#ifdef __EMSCRIPTEN__
    // Read when each thread state is made, so before Py_InitializeFromConfig.
    if (host.c_recursion_limit > 0) _Py_EmscriptenCRecursionLimit = host.c_recursion_limit;
#endif
    // UTF-8 everywhere, whatever the locale (Emscripten's is "C").
    PyPreConfig preconfig;
    PyPreConfig_InitIsolatedConfig(&preconfig);
    preconfig.utf8_mode = 1;
    PyStatus status = Py_PreInitialize(&preconfig);
    if (PyStatus_Exception(status)) return status;

    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.install_signal_handlers = host.install_signal_handlers ? 1 : 0;
    config.parse_argv = 0;
    config.write_bytecode = 0;           // the stdlib is a read-only zip of .pyc already
    config.module_search_paths_set = 1;  // no path search: the zip and what we name, nothing else
    status = append_path(&config.module_search_paths, host.stdlib_zip);
    for (size_t i = 0; !PyStatus_Exception(status) && i < host.extra_paths.size(); ++i)
        status = append_path(&config.module_search_paths, host.extra_paths[i]);
    for (size_t i = 0; !PyStatus_Exception(status) && i < argv.size(); ++i)
        status = append_path(&config.argv, argv[i]);
    if (!PyStatus_Exception(status) && code)
        status = PyConfig_SetBytesString(&config, &config.run_command, (*code + "\n").c_str());
    if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
#ifdef __EMSCRIPTEN__
    // The eval loop polls Module.Py_EmscriptenSignalBuffer (Ctrl-C) only once this is set.
    Py_EMSCRIPTEN_SIGNAL_HANDLING = 1;
    _Py_emscripten_signal_interval = kSignalCheckInterval;
#endif
    return status;
}

// A shell always takes Ctrl-C, even when started with SIGINT ignored (as background jobs
// and some CI runners are): CPython would keep ignoring it, and PyErr_SetInterrupt too.
void take_sigint() {
    const PyRef signal(PyImport_ImportModule("signal"));
    const PyRef handler(signal ? PyObject_GetAttrString(signal.get(), "default_int_handler") : nullptr);
    const PyRef r(handler ? PyObject_CallMethod(signal.get(), "signal", "iO", SIGINT, handler.get()) : nullptr);
    if (!r) PyErr_Print();
}

std::string current_directory() {
    const PyRef os(PyImport_ImportModule("os"));
    const PyRef r(os ? PyObject_CallMethod(os.get(), "getcwd", nullptr) : nullptr);
    std::string dir;
    Py_ssize_t n = 0;
    const char* p = r ? PyUnicode_AsUTF8AndSize(r.get(), &n) : nullptr;
    if (p) dir.assign(p, static_cast<size_t>(n));
    else PyErr_Clear();
    return dir;
}

void change_directory(const std::string& dir) {
    if (dir.empty()) return;
    const PyRef os(PyImport_ImportModule("os"));
    const PyRef r(os ? PyObject_CallMethod(os.get(), "chdir", "s", dir.c_str()) : nullptr);
    if (!r) PyErr_Print();
}

// ---- the _pyshell built-in module: Python → C++ ------------------------------------

PyObject* pyshell_write(PyObject*, PyObject* args) {
    int fd = 1;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "iy*:write", &fd, &data)) return nullptr;
    if (g_session) g_session->on_write(fd, std::string_view(static_cast<const char*>(data.buf),
                                                            static_cast<size_t>(data.len)));
    const Py_ssize_t n = data.len;
    PyBuffer_Release(&data);
    return PyLong_FromSsize_t(n);  // a stream's write(): the bytes taken
}

PyObject* pyshell_flush(PyObject*, PyObject* arg) {
    const int fd = PyLong_AsInt(arg);
    if (fd == -1 && PyErr_Occurred()) return nullptr;
    if (g_session) g_session->on_flush(fd);
    Py_RETURN_NONE;
}

PyObject* pyshell_readline(PyObject*, PyObject* args) {
    const char* prompt = "";
    Py_ssize_t prompt_len = 0;
    const char* kind = "stdin";
    if (!PyArg_ParseTuple(args, "s#s:readline", &prompt, &prompt_len, &kind)) return nullptr;
    if (!g_session) return PyBytes_FromStringAndSize("", 0);
    const bool for_input = std::string_view(kind) == "input";
    core::ReadResult r;
    Py_BEGIN_ALLOW_THREADS  // the read blocks on the terminal: let other Python threads run
    r = g_session->on_read_line(std::string_view(prompt, static_cast<size_t>(prompt_len)), for_input);
    Py_END_ALLOW_THREADS
    switch (r.kind) {
        case core::ReadResult::Interrupt:
            PyErr_SetNone(PyExc_KeyboardInterrupt);
            return nullptr;
        case core::ReadResult::Eof:
            return PyBytes_FromStringAndSize("", 0);
        case core::ReadResult::Line:
            break;
    }
    r.text += '\n';
    return PyBytes_FromStringAndSize(r.text.data(), static_cast<Py_ssize_t>(r.text.size()));
}

PyObject* pyshell_sleep(PyObject*, PyObject* args) {
    double seconds = 0;
    if (!PyArg_ParseTuple(args, "d:sleep", &seconds)) return nullptr;
    if (!g_session || !g_session->has_sleep()) {
        PyErr_SetString(PyExc_RuntimeError, "this front end has no sleep");
        return nullptr;
    }
    Py_BEGIN_ALLOW_THREADS
    g_session->on_sleep(seconds);
    Py_END_ALLOW_THREADS
#ifdef __EMSCRIPTEN__
    _Py_CheckEmscriptenSignals();  // a Ctrl-C that woke us becomes KeyboardInterrupt now
#endif
    if (PyErr_CheckSignals() < 0) return nullptr;
    Py_RETURN_NONE;
}

PyObject* pyshell_has_sleep(PyObject*, PyObject*) {
    return PyBool_FromLong(g_session && g_session->has_sleep());
}

PyObject* pyshell_download(PyObject*, PyObject* args) {
    const char* path = nullptr;
    if (!PyArg_ParseTuple(args, "s:download", &path)) return nullptr;
    if (!g_session || !g_session->has_download()) {
        PyErr_SetString(PyExc_RuntimeError, "downloads need the web page");
        return nullptr;
    }
    return PyBool_FromLong(g_session->on_download(path));
}

PyObject* pyshell_has_download(PyObject*, PyObject*) {
    return PyBool_FromLong(g_session && g_session->has_download());
}

// builtins.input: a C function, so that its repr, type, signature and help are the builtin's
// (`<built-in function input>`, module "builtins"); the work is _pyshell_support._input's.
PyObject* pyshell_input(PyObject*, PyObject* args) {
    PyObject* prompt = nullptr;
    if (!PyArg_UnpackTuple(args, "input", 0, 1, &prompt)) return nullptr;
    const PyRef support(PyImport_ImportModule("_pyshell_support"));
    if (!support) return nullptr;
    return prompt ? PyObject_CallMethod(support.get(), "_input", "O", prompt)
                  : PyObject_CallMethod(support.get(), "_input", nullptr);
}

// CPython 3.13's builtin_input__doc__ (Python/clinic/bltinmodule.c.h), text signature included.
PyMethodDef input_def = {
    "input", pyshell_input, METH_VARARGS,
    "input($module, prompt='', /)\n"
    "--\n"
    "\n"
    "Read a string from standard input.  The trailing newline is stripped.\n"
    "\n"
    "The prompt string, if given, is printed to standard output without a\n"
    "trailing newline before reading input.\n"
    "\n"
    "If the user hits EOF (*nix: Ctrl-D, Windows: Ctrl-Z+Return), raise EOFError.\n"
    "On *nix systems, readline is used if available."};

PyMethodDef pyshell_methods[] = {
    {"download", pyshell_download, METH_VARARGS, "download(path) -> bool: offer a file to the user"},
    {"has_download", pyshell_has_download, METH_NOARGS, "has_download() -> bool"},
    {"sleep", pyshell_sleep, METH_VARARGS, "sleep(seconds): the front end's interruptible sleep"},
    {"has_sleep", pyshell_has_sleep, METH_NOARGS, "has_sleep() -> bool: whether sleep() is there"},
    {"write", pyshell_write, METH_VARARGS, "write(fd, data) -> len(data): program output, held until flush(fd)"},
    {"flush", pyshell_flush, METH_O, "flush(fd): what write(fd, ...) holds, to the terminal now"},
    {"readline", pyshell_readline, METH_VARARGS,
     "readline(prompt, kind) -> bytes: one edited line, b'' at end of input"},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef pyshell_module = {PyModuleDef_HEAD_INIT, "_pyshell", "pyshell's terminal, for _pyshell_support",
                              -1, pyshell_methods, nullptr, nullptr, nullptr, nullptr};

PyObject* init_pyshell_module() {
    PyRef module(PyModule_Create(&pyshell_module));
    if (!module) return nullptr;
    // _pyshell.input, bound to the builtins module as the builtin is (for install() to put in
    // builtins).
    const PyRef builtins(PyImport_ImportModule("builtins"));
    const PyRef name(PyUnicode_FromString("builtins"));
    const PyRef input(builtins && name ? PyCFunction_NewEx(&input_def, builtins.get(), name.get()) : nullptr);
    if (!input || PyModule_AddObjectRef(module.get(), "input", input.get()) < 0) return nullptr;
    return module.release();
}

// What _pyshell_support's prepare() and finish() say of an entry, as its COMPLETE,
// INCOMPLETE, SYNTAX_ERROR and EXIT name them (Session's constructor asserts that they agree).
enum class EntryStatus : int {
    Complete = 0,     // it ran (its error, if any, is reported), or there was nothing to run
    Incomplete = 1,   // not run: more lines are needed
    SyntaxError = 2,  // not run: its compile error is reported
    Exit = 3,         // SystemExit: leave the REPL with the exit code
};

// Whether _pyshell_support's constants are EntryStatus's values. Leaves no exception set.
[[maybe_unused]] bool entry_statuses_match(PyObject* support) {
    static constexpr std::pair<const char*, EntryStatus> kNames[] = {
        {"COMPLETE", EntryStatus::Complete},
        {"INCOMPLETE", EntryStatus::Incomplete},
        {"SYNTAX_ERROR", EntryStatus::SyntaxError},
        {"EXIT", EntryStatus::Exit},
    };
    bool match = true;
    for (const auto& [name, status] : kNames) {
        const PyRef value(PyObject_GetAttrString(support, name));
        match = match && value && PyLong_AsLong(value.get()) == static_cast<long>(status);
    }
    PyErr_Clear();  // a missing name, or not an int
    return match;
}

// What the REPL makes of an entry's status (core's Interpreter port).
core::RunResult run_result(int status, int exit_code) {
    switch (static_cast<EntryStatus>(status)) {
        case EntryStatus::Incomplete: return {core::RunStatus::Incomplete, 0};
        case EntryStatus::SyntaxError: return {core::RunStatus::SyntaxError, 0};
        case EntryStatus::Exit: return {core::RunStatus::Exit, exit_code};
        case EntryStatus::Complete: break;
    }
    return {core::RunStatus::Complete, 0};
}

}  // namespace

int run_command(const HostConfig& host, const std::string& code) {
    std::vector<std::string> argv = host.argv;
    if (argv.empty()) argv.push_back("-c");
    PyStatus status = initialize(host, argv, &code);
    if (PyStatus_Exception(status)) return report(status);
    assert(Py_IsInitialized() && "Py_InitializeFromConfig succeeded, so the interpreter must be up");
    change_directory(host.working_dir);
    // Runs config.run_command like `python -c`, prints any traceback, finalises and
    // returns the exit status (sys.exit(n) → n, uncaught exception → 1).
    return Py_RunMain();
}

// ---- Session ---------------------------------------------------------------------

Session::Session(const HostConfig& host, SessionIo io) : io_(std::move(io)) {
    assert(!g_session && "one Session at a time: CPython has one main interpreter");
    assert(io_.write && io_.read_line && "a Session needs somewhere to write and read");
    static bool inittab_added = false;  // the inittab outlives Py_Finalize: add once
    if (!inittab_added) {
        if (PyImport_AppendInittab("_pyshell", init_pyshell_module) < 0) {
            error_ = "cannot register the _pyshell module";
            return;
        }
        inittab_added = true;
    }
    PyStatus status = initialize(host, {""}, nullptr);
    if (PyStatus_Exception(status)) {
        error_ = describe(status);
        return;
    }
    g_session = this;
#ifndef __EMSCRIPTEN__
    python_thread_ = pthread_self();
#endif
    PyRef support(PyImport_ImportModule("_pyshell_support"));
    assert((!support || entry_statuses_match(support.get())) &&
           "_pyshell_support's COMPLETE, INCOMPLETE, SYNTAX_ERROR and EXIT must be EntryStatus's values");
    const PyRef installed(support ? PyObject_CallMethod(support.get(), "install", nullptr) : nullptr);
    if (!installed) {
        PyErr_Print();
        error_ = "cannot set up the terminal streams (_pyshell_support)";
    }
    support_ = support.release();  // the session's until it ends (see ~Session)
    if (host.install_signal_handlers) take_sigint();
    change_directory(host.working_dir);
    home_ = host.working_dir.empty() ? current_directory() : host.working_dir;
}

Session::~Session() {
    if (!Py_IsInitialized()) return;
    Py_XDECREF(static_cast<PyObject*>(support_));
    support_ = nullptr;
    Py_XDECREF(static_cast<PyObject*>(inspector_));
    inspector_ = nullptr;
    if (Py_FinalizeEx() < 0) io_.write(2, "pyshell: Python did not shut down cleanly\n");
    on_flush(1);  // anything a replaced stream left held (finalising flushes sys.stdout/stderr)
    on_flush(2);
    g_session = nullptr;
}

namespace {

// _pyshell_support.finish(the current exception or None) → (status, exit_code), or nullptr
// with an error set. A KeyboardInterrupt that arrives just as finish() is called (before its
// own handlers are in place) is reported by a second call.
PyRef finish_entry(PyObject* support) {
    for (int attempt = 0;; ++attempt) {
        const PyRef error = take_exception();
        PyRef r(PyObject_CallMethod(support, "finish", "O", error.get()));
        if (r || attempt == 1) return r;
    }
}

}  // namespace

void Session::export_terminal_size() {
    if (!io_.terminal_size) return;
    const std::pair<int, int> size = io_.terminal_size();
    if (size == exported_size_ || size.first <= 0 || size.second <= 0) return;
    const PyRef os(PyImport_ImportModule("os"));
    const PyRef environ(os ? PyObject_GetAttrString(os.get(), "environ") : nullptr);
    bool ok = static_cast<bool>(environ);
    for (const auto& [name, value] : {std::pair{"COLUMNS", size.first}, std::pair{"LINES", size.second}}) {
        const PyRef text(ok ? PyUnicode_FromFormat("%d", value) : nullptr);
        ok = text && PyMapping_SetItemString(environ.get(), name, text.get()) == 0;
    }
    if (ok) exported_size_ = size;
    else PyErr_Clear();  // a replaced os.environ must not break the entry
}

core::RunResult Session::run_source(const std::string& source) { return run_entry(source, false); }

std::optional<core::RunResult> Session::run_source_at_eof(const std::string& source) {
    return run_entry(source, true);
}

// One REPL entry as CPython's REPL runs it: _pyshell_support.prepare() compiles it (or says it
// is incomplete, or reports its error), the code runs right here with
// PyEval_EvalCode(code, __main__.__dict__, __main__.__dict__), and finish() reports what it
// raised. No Python frame of ours sits under the entry's code, so the recursion limit leaves
// the program the depth it has in CPython.
core::RunResult Session::run_entry(const std::string& source, bool at_eof) {
    auto* support = static_cast<PyObject*>(support_);
    if (!support) return {core::RunStatus::Complete, 0};
    partial_line_.clear();  // the line with the REPL's prompt ended with Enter
    export_terminal_size();
    PyRef r;  // (status, exit_code)
    int status = 0, exit_code = 0;
    {
        const PyRef text = decode(source);
        const PyRef prepared(
            text ? PyObject_CallMethod(support, "prepare", "OO", text.get(), at_eof ? Py_True : Py_False) : nullptr);
        PyObject* code = nullptr;  // borrowed from `prepared`
        if (prepared && PyArg_ParseTuple(prepared.get(), "iiO", &status, &exit_code, &code)) {
            if (code == Py_None) {
                r.reset(Py_BuildValue("ii", status, exit_code));
            } else {
                PyObject* main_module = PyImport_AddModule("__main__");  // borrowed
                PyObject* globals = main_module ? PyModule_GetDict(main_module) : nullptr;
                {  // its value (None: 'single' mode hands results to sys.displayhook) goes before finish()
                    const PyRef result(globals && PyCode_Check(code) ? PyEval_EvalCode(code, globals, globals) : nullptr);
                    if (!result && !PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "pyshell: cannot run the entry");
                }
                r = finish_entry(support);
            }
        } else {
            // An interrupt as prepare() was called (or a bug in _pyshell_support): report it.
            r = finish_entry(support);
        }
    }
    if (!r || !PyArg_ParseTuple(r.get(), "ii", &status, &exit_code)) {
        // Only a bug in _pyshell_support gets here; show it and keep the shell alive.
        if (PyErr_ExceptionMatches(PyExc_SystemExit)) {
            PyErr_Clear();
            return {core::RunStatus::Exit, 1};
        }
        PyErr_Print();
        return {core::RunStatus::Complete, 0};
    }
    // The inspector's snapshot after an entry that ran or failed to compile, when wanted.
    const auto entry = static_cast<EntryStatus>(status);
    if ((entry == EntryStatus::Complete || entry == EntryStatus::SyntaxError) && io_.on_snapshot &&
        (!io_.snapshot_wanted || io_.snapshot_wanted()))
        io_.on_snapshot(snapshot_json(""));
    return run_result(status, exit_code);
}

std::string Session::banner() {
    auto* support = static_cast<PyObject*>(support_);
    const PyRef r(support ? PyObject_CallMethod(support, "banner", nullptr) : nullptr);
    std::string s = r ? encode(r.get()) : std::string();
    if (!r) PyErr_Clear();
    return s;
}

std::string Session::prompt(bool continuation) {
    auto* support = static_cast<PyObject*>(support_);
    if (!support) return continuation ? "... " : ">>> ";
    const PyRef r(PyObject_CallMethod(support, "prompt", "O", continuation ? Py_True : Py_False));
    std::string s = r ? encode(r.get()) : std::string(continuation ? "... " : ">>> ");
    if (!r) PyErr_Clear();
    return s;
}

std::vector<std::string> Session::complete(const std::string& word) {
    std::vector<std::string> out;
    auto* support = static_cast<PyObject*>(support_);
    if (!support) return out;
    const PyRef text = decode(word);
    const PyRef r(text ? PyObject_CallMethod(support, "complete", "O", text.get()) : nullptr);
    if (r && PyList_Check(r.get())) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(r.get()); ++i) out.push_back(encode(PyList_GET_ITEM(r.get(), i)));
    } else {
        PyErr_Clear();  // completion never breaks the line being edited
    }
    return out;
}

void Session::request_interrupt() {
#ifdef __EMSCRIPTEN__
    // No threads on the web: the page writes SIGINT into Module.Py_EmscriptenSignalBuffer,
    // which the eval loop polls; this call only comes from the interpreter's own thread.
    PyErr_SetInterrupt();
#else
    // CPython 3.13's PyErr_SetInterrupt, called from another thread, marks SIGINT pending
    // but computes the eval breaker for the *calling* thread, so a busy main thread may
    // never look. A real SIGINT delivered to the interpreter's thread is always seen, and
    // pthread_kill is async-signal-safe.
    pthread_kill(static_cast<pthread_t>(python_thread_), SIGINT);
#endif
}

void Session::on_write(int fd, std::string_view bytes) {
    std::string& held = held_[fd == 2 ? 2 : 1];
    held.append(bytes);
    if (held.size() >= kStreamBufferBytes) on_flush(fd);
}

void Session::on_flush(int fd) {
    std::string bytes = std::exchange(held_[fd == 2 ? 2 : 1], std::string());
    if (bytes.empty()) return;
    auto nl = bytes.rfind('\n');
    if (nl == std::string::npos) partial_line_.append(bytes);
    else partial_line_.assign(bytes.substr(nl + 1));
    io_.write(fd, bytes);
}

core::ReadResult Session::on_read_line(std::string_view prompt, bool for_input) {
    std::string shown = std::exchange(partial_line_, std::string());
    return io_.read_line(shown, prompt, for_input);
}

}  // namespace pyshell::python

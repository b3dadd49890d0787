// CPython embedding for pyshell: see python_host.h. The only translation unit with <Python.h>.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "python/python_host.h"

#include "core/inspect_model.h"

#ifndef __EMSCRIPTEN__
#include <pthread.h>
#endif
#include <signal.h>

#include <cassert>
#include <cstdio>
#include <string>
#include <utility>

#ifdef __EMSCRIPTEN__
// CPython 3.11's Python/emscripten_signal.c: when set, the eval loop polls
// Module.Py_EmscriptenSignalBuffer (a SharedArrayBuffer cell the page writes on Ctrl-C).
extern "C" int Py_EMSCRIPTEN_SIGNAL_HANDLING;
extern "C" void _Py_CheckEmscriptenSignals(void);  // reads the buffer now, raises the signal
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
    return status;
}

// A shell always takes Ctrl-C, even when started with SIGINT ignored (as background jobs
// and some CI runners are): CPython would keep ignoring it, and PyErr_SetInterrupt too.
void take_sigint() {
    PyObject* signal = PyImport_ImportModule("signal");
    PyObject* handler = signal ? PyObject_GetAttrString(signal, "default_int_handler") : nullptr;
    PyObject* r = handler ? PyObject_CallMethod(signal, "signal", "iO", SIGINT, handler) : nullptr;
    if (!r) PyErr_Print();
    Py_XDECREF(r);
    Py_XDECREF(handler);
    Py_XDECREF(signal);
}

std::string current_directory() {
    PyObject* os = PyImport_ImportModule("os");
    PyObject* r = os ? PyObject_CallMethod(os, "getcwd", nullptr) : nullptr;
    std::string dir;
    Py_ssize_t n = 0;
    const char* p = r ? PyUnicode_AsUTF8AndSize(r, &n) : nullptr;
    if (p) dir.assign(p, static_cast<size_t>(n));
    else PyErr_Clear();
    Py_XDECREF(r);
    Py_XDECREF(os);
    return dir;
}

void change_directory(const std::string& dir) {
    if (dir.empty()) return;
    PyObject* os = PyImport_ImportModule("os");
    PyObject* r = os ? PyObject_CallMethod(os, "chdir", "s", dir.c_str()) : nullptr;
    if (!r) PyErr_Print();
    Py_XDECREF(r);
    Py_XDECREF(os);
}

// ---- the _pyshell built-in module: Python → C++ ------------------------------------

PyObject* pyshell_write(PyObject*, PyObject* args) {
    int fd = 1;
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "iy*:write", &fd, &data)) return nullptr;
    if (g_session) g_session->on_write(fd, std::string_view(static_cast<const char*>(data.buf),
                                                            static_cast<size_t>(data.len)));
    PyBuffer_Release(&data);
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
    PyObject* support = PyImport_ImportModule("_pyshell_support");
    if (!support) return nullptr;
    PyObject* r = prompt ? PyObject_CallMethod(support, "_input", "O", prompt)
                         : PyObject_CallMethod(support, "_input", nullptr);
    Py_DECREF(support);
    return r;
}

// CPython 3.11's builtin_input__doc__ (Python/clinic/bltinmodule.c.h), text signature included.
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
    {"write", pyshell_write, METH_VARARGS, "write(fd, data): program output to the terminal"},
    {"readline", pyshell_readline, METH_VARARGS,
     "readline(prompt, kind) -> bytes: one edited line, b'' at end of input"},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef pyshell_module = {PyModuleDef_HEAD_INIT, "_pyshell", "pyshell's terminal, for _pyshell_support",
                              -1, pyshell_methods, nullptr, nullptr, nullptr, nullptr};

PyObject* init_pyshell_module() {
    PyObject* module = PyModule_Create(&pyshell_module);
    if (!module) return nullptr;
    // _pyshell.input, bound to the builtins module as the builtin is (for install() to put in
    // builtins).
    PyObject* builtins = PyImport_ImportModule("builtins");
    PyObject* name = PyUnicode_FromString("builtins");
    PyObject* input = builtins && name ? PyCFunction_NewEx(&input_def, builtins, name) : nullptr;
    Py_XDECREF(name);
    Py_XDECREF(builtins);
    if (!input || PyModule_AddObject(module, "input", input) < 0) {
        Py_XDECREF(input);
        Py_DECREF(module);
        return nullptr;
    }
    return module;
}

PyObject* decode(const std::string& s) {
    return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape");
}

std::string encode(PyObject* str) {
    Py_ssize_t n = 0;
    const char* p = str && PyUnicode_Check(str) ? PyUnicode_AsUTF8AndSize(str, &n) : nullptr;
    if (!p) {
        PyErr_Clear();
        return {};
    }
    return std::string(p, static_cast<size_t>(n));
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
    PyObject* support = PyImport_ImportModule("_pyshell_support");
    PyObject* r = support ? PyObject_CallMethod(support, "install", nullptr) : nullptr;
    if (!r) {
        PyErr_Print();
        error_ = "cannot set up the terminal streams (_pyshell_support)";
    }
    Py_XDECREF(r);
    support_ = support;
    if (host.install_signal_handlers) take_sigint();
    change_directory(host.working_dir);
    home_ = host.working_dir.empty() ? current_directory() : host.working_dir;
#ifdef __EMSCRIPTEN__
    Py_EMSCRIPTEN_SIGNAL_HANDLING = 1;
#endif
}

Session::~Session() {
    if (!Py_IsInitialized()) return;
    Py_XDECREF(static_cast<PyObject*>(support_));
    support_ = nullptr;
    Py_XDECREF(static_cast<PyObject*>(inspector_));
    inspector_ = nullptr;
    if (Py_FinalizeEx() < 0) io_.write(2, "pyshell: Python did not shut down cleanly\n");
    g_session = nullptr;
}

namespace {

// The exception being raised, normalised, with its traceback attached; None if there is none.
// Clears the error indicator. New reference.
PyObject* take_exception() {
    PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
    PyErr_Fetch(&type, &value, &tb);
    if (!type) return Py_NewRef(Py_None);
    PyErr_NormalizeException(&type, &value, &tb);
    if (value && tb) PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return value ? value : Py_NewRef(Py_None);
}

// _pyshell_support.finish(the current exception or None) → (status, exit_code) (new
// reference), or nullptr with an error set. A KeyboardInterrupt that arrives just as finish()
// is called (before its own handlers are in place) is reported by a second call.
PyObject* finish_entry(PyObject* support) {
    for (int attempt = 0;; ++attempt) {
        PyObject* error = take_exception();
        PyObject* r = PyObject_CallMethod(support, "finish", "O", error);
        Py_DECREF(error);
        if (r || attempt == 1) return r;
    }
}

}  // namespace

void Session::export_terminal_size() {
    if (!io_.terminal_size) return;
    const std::pair<int, int> size = io_.terminal_size();
    if (size == exported_size_ || size.first <= 0 || size.second <= 0) return;
    PyObject* os = PyImport_ImportModule("os");
    PyObject* environ = os ? PyObject_GetAttrString(os, "environ") : nullptr;
    bool ok = environ != nullptr;
    for (const auto& [name, value] : {std::pair{"COLUMNS", size.first}, std::pair{"LINES", size.second}}) {
        PyObject* text = ok ? PyUnicode_FromFormat("%d", value) : nullptr;
        ok = text && PyMapping_SetItemString(environ, name, text) == 0;
        Py_XDECREF(text);
    }
    if (ok) exported_size_ = size;
    else PyErr_Clear();  // a replaced os.environ must not break the entry
    Py_XDECREF(environ);
    Py_XDECREF(os);
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
    PyObject* text = decode(source);
    PyObject* prepared =
        text ? PyObject_CallMethod(support, "prepare", "OO", text, at_eof ? Py_True : Py_False) : nullptr;
    Py_XDECREF(text);
    PyObject* r = nullptr;  // (status, exit_code)
    int status = 0, exit_code = 0;
    PyObject* code = nullptr;
    if (prepared && PyArg_ParseTuple(prepared, "iiO", &status, &exit_code, &code)) {
        if (code == Py_None) {
            r = Py_BuildValue("ii", status, exit_code);
        } else {
            PyObject* main_module = PyImport_AddModule("__main__");  // borrowed
            PyObject* globals = main_module ? PyModule_GetDict(main_module) : nullptr;
            PyObject* result = globals && PyCode_Check(code) ? PyEval_EvalCode(code, globals, globals) : nullptr;
            if (!result && !PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "pyshell: cannot run the entry");
            Py_XDECREF(result);
            r = finish_entry(support);
        }
    } else {
        // An interrupt as prepare() was called (or a bug in _pyshell_support): report it.
        r = finish_entry(support);
    }
    Py_XDECREF(prepared);
    if (!r || !PyArg_ParseTuple(r, "ii", &status, &exit_code)) {
        // Only a bug in _pyshell_support gets here; show it and keep the shell alive.
        if (PyErr_ExceptionMatches(PyExc_SystemExit)) {
            Py_XDECREF(r);
            PyErr_Clear();
            return {core::RunStatus::Exit, 1};
        }
        PyErr_Print();
        Py_XDECREF(r);
        return {core::RunStatus::Complete, 0};
    }
    Py_DECREF(r);
    // The inspector's snapshot after an entry that ran or failed to compile, when wanted.
    if ((status == 0 || status == 2) && io_.on_snapshot && (!io_.snapshot_wanted || io_.snapshot_wanted()))
        io_.on_snapshot(snapshot_json(""));
    switch (status) {
        case 1: return {core::RunStatus::Incomplete, 0};
        case 2: return {core::RunStatus::SyntaxError, 0};
        case 3: return {core::RunStatus::Exit, exit_code};
        default: return {core::RunStatus::Complete, 0};
    }
}

// ---- the inspector ------------------------------------------------------------------

namespace {

std::string error_reply(std::string message) {
    core::inspect::Error e;
    e.error = std::move(message);
    return core::inspect::to_json(e);
}

// The pending Python exception as "Type: message" (cleared), for error replies.
std::string describe_exception() {
    PyObject* error = take_exception();
    std::string text = "unknown error";
    if (error != Py_None) {
        PyObject* name = PyObject_GetAttrString(reinterpret_cast<PyObject*>(Py_TYPE(error)), "__name__");
        PyObject* message = PyObject_Str(error);
        text = encode(name);
        const std::string m = encode(message);
        if (!m.empty()) text += ": " + m;
        Py_XDECREF(name);
        Py_XDECREF(message);
        PyErr_Clear();
    }
    Py_DECREF(error);
    return text;
}

}  // namespace

// _pyshell_inspect.snapshot(home, history, error) as JSON; an error reply if it fails.
std::string Session::snapshot_json(const std::string& error) {
    auto* inspector = static_cast<PyObject*>(inspector_);
    if (!inspector) {
        // Imported on first use (never at start-up), from the stdlib zip: sys.path's "" (the
        // user's folder) is left out meanwhile, so a user file of that name cannot stand in.
        auto* support = static_cast<PyObject*>(support_);
        inspector = support ? PyObject_CallMethod(support, "load_inspector", nullptr) : nullptr;
        if (!inspector) return error_reply("the inspector did not load: " + describe_exception());
        inspector_ = inspector;
    }
    PyObject* history = PyList_New(0);
    if (history && io_.history) {
        for (const std::string& line : io_.history()) {
            PyObject* item = decode(line);
            if (!item || PyList_Append(history, item) < 0) {
                Py_XDECREF(item);
                PyErr_Clear();
                break;
            }
            Py_DECREF(item);
        }
    }
    PyObject* home = decode(home_);
    PyObject* why = decode(error);
    PyObject* r = history && home && why ? PyObject_CallMethod(inspector, "snapshot", "OOO", home, history, why) : nullptr;
    Py_XDECREF(history);
    Py_XDECREF(home);
    Py_XDECREF(why);
    std::string json = r ? encode(r) : std::string();
    Py_XDECREF(r);
    if (json.empty()) return error_reply("the snapshot failed: " + describe_exception());
    return json;
}

std::string Session::inspect(std::string_view request_json) {
    namespace ins = core::inspect;
    ins::Request request;
    std::string why;
    if (!ins::from_json(request_json, request, &why)) return error_reply("bad inspect request: " + why);
    if (!support_ || !Py_IsInitialized()) return error_reply("Python is not running");
    PyGILState_STATE gil = PyGILState_Ensure();
    // An exception being raised (we may be called from inside input()) waits outside.
    PyObject *saved_type = nullptr, *saved_value = nullptr, *saved_tb = nullptr;
    PyErr_Fetch(&saved_type, &saved_value, &saved_tb);
    std::string reply;
    if (request.op == ins::Request::Op::Snapshot) {
        reply = snapshot_json("");
    } else {
        // Every other op needs the module loaded: a snapshot_json("") would do more work.
        if (!inspector_) {
            auto* support = static_cast<PyObject*>(support_);
            inspector_ = PyObject_CallMethod(support, "load_inspector", nullptr);
        }
        auto* inspector = static_cast<PyObject*>(inspector_);
        PyObject* arg = decode(request.arg);
        PyObject* home = decode(home_);
        PyObject* r = nullptr;
        if (!inspector || !arg || !home) {
            reply = error_reply("the inspector did not load: " + describe_exception());
        } else if (request.op == ins::Request::Op::Children) {
            r = PyObject_CallMethod(inspector, "children", "O", arg);
            reply = r ? encode(r) : error_reply("children failed: " + describe_exception());
        } else if (request.op == ins::Request::Op::Preview) {
            r = PyObject_CallMethod(inspector, "preview", "OO", home, arg);
            reply = r ? encode(r) : error_reply("preview failed: " + describe_exception());
        } else if (request.op == ins::Request::Op::Delete) {
            r = PyObject_CallMethod(inspector, "delete", "OO", home, arg);
            std::string refused = r ? encode(r) : "cannot delete " + request.arg + ": " + describe_exception();
            reply = snapshot_json(refused);
        } else {  // Download
            r = PyObject_CallMethod(inspector, "resolve", "OO", home, arg);
            PyObject* path = r && PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 2 ? PyTuple_GET_ITEM(r, 0) : nullptr;
            PyObject* error = path ? PyTuple_GET_ITEM(r, 1) : nullptr;
            std::string refused = error ? encode(error) : "cannot download " + request.arg + ": " + describe_exception();
            if (refused.empty() && !io_.download) refused = "downloads are the front end's (this one has none)";
            if (refused.empty() && !io_.download(encode(path))) refused = "could not send " + request.arg;
            reply = snapshot_json(refused);
        }
        Py_XDECREF(r);
        Py_XDECREF(arg);
        Py_XDECREF(home);
    }
    if (reply.empty()) reply = error_reply("the inspector failed: " + describe_exception());
    PyErr_Clear();
    PyErr_Restore(saved_type, saved_value, saved_tb);
    PyGILState_Release(gil);
    return reply;
}

std::string Session::banner() {
    auto* support = static_cast<PyObject*>(support_);
    PyObject* r = support ? PyObject_CallMethod(support, "banner", nullptr) : nullptr;
    std::string s = r ? encode(r) : std::string();
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
    return s;
}

std::string Session::prompt(bool continuation) {
    auto* support = static_cast<PyObject*>(support_);
    if (!support) return continuation ? "... " : ">>> ";
    PyObject* r = PyObject_CallMethod(support, "prompt", "O", continuation ? Py_True : Py_False);
    std::string s = r ? encode(r) : std::string(continuation ? "... " : ">>> ");
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
    return s;
}

std::vector<std::string> Session::complete(const std::string& word) {
    std::vector<std::string> out;
    auto* support = static_cast<PyObject*>(support_);
    if (!support) return out;
    PyObject* text = decode(word);
    PyObject* r = text ? PyObject_CallMethod(support, "complete", "O", text) : nullptr;
    Py_XDECREF(text);
    if (r && PyList_Check(r)) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(r); ++i) out.push_back(encode(PyList_GET_ITEM(r, i)));
    } else {
        PyErr_Clear();  // completion never breaks the line being edited
    }
    Py_XDECREF(r);
    return out;
}

void Session::request_interrupt() {
#ifdef __EMSCRIPTEN__
    // No threads on the web: the page writes SIGINT into Module.Py_EmscriptenSignalBuffer,
    // which the eval loop polls; this call only comes from the interpreter's own thread.
    PyErr_SetInterrupt();
#else
    // CPython 3.11's PyErr_SetInterrupt, called from another thread, marks SIGINT pending
    // but computes the eval breaker for the *calling* thread, so a busy main thread may
    // never look. A real SIGINT delivered to the interpreter's thread is always seen, and
    // pthread_kill is async-signal-safe.
    pthread_kill(static_cast<pthread_t>(python_thread_), SIGINT);
#endif
}

void Session::on_write(int fd, std::string_view bytes) {
    auto nl = bytes.rfind('\n');
    if (nl == std::string_view::npos) partial_line_.append(bytes);
    else partial_line_.assign(bytes.substr(nl + 1));
    io_.write(fd, bytes);
}

core::ReadResult Session::on_read_line(std::string_view prompt, bool for_input) {
    std::string shown = std::exchange(partial_line_, std::string());
    return io_.read_line(shown, prompt, for_input);
}

}  // namespace pyshell::python

// CPython embedding for pyshell: see python_host.h. The only translation unit with <Python.h>.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "python/python_host.h"

#include <cassert>
#include <cstdio>
#include <string>

namespace pyshell::python {
namespace {

// Reports a failed PyStatus the way CPython's own main does and returns its exit code.
int report(const PyStatus& status, PyConfig* config) {
    if (config) PyConfig_Clear(config);
    if (PyStatus_IsExit(status)) return status.exitcode;
    std::fprintf(stderr, "pyshell: cannot start Python: %s%s%s\n",
                 status.func ? status.func : "", status.func ? ": " : "",
                 status.err_msg ? status.err_msg : "unknown error");
    return 1;
}

bool set_wide(PyConfig* config, wchar_t** field, const std::string& value, PyStatus* status) {
    *status = PyConfig_SetBytesString(config, field, value.c_str());
    return !PyStatus_Exception(*status);
}

bool append_wide(PyConfig* config, PyWideStringList* list, const std::string& value, PyStatus* status) {
    wchar_t* wide = Py_DecodeLocale(value.c_str(), nullptr);
    if (!wide) {
        *status = PyStatus_NoMemory();
        return false;
    }
    *status = PyWideStringList_Append(list, wide);
    PyMem_RawFree(wide);
    (void)config;
    return !PyStatus_Exception(*status);
}

}  // namespace

int run_command(const HostConfig& host, const std::string& code) {
    // UTF-8 everywhere, whatever the locale (Emscripten's is "C"): isolated pre-config.
    PyPreConfig preconfig;
    PyPreConfig_InitIsolatedConfig(&preconfig);
    preconfig.utf8_mode = 1;
    PyStatus status = Py_PreInitialize(&preconfig);
    if (PyStatus_Exception(status)) return report(status, nullptr);

    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.install_signal_handlers = host.install_signal_handlers ? 1 : 0;
    config.parse_argv = 0;
    config.write_bytecode = 0;          // the stdlib is a read-only zip of .pyc already
    config.module_search_paths_set = 1; // no path search: the zip and what we name, nothing else
    if (!append_wide(&config, &config.module_search_paths, host.stdlib_zip, &status)) return report(status, &config);
    for (const auto& p : host.extra_paths)
        if (!append_wide(&config, &config.module_search_paths, p, &status)) return report(status, &config);

    std::vector<std::string> argv = host.argv;
    if (argv.empty()) argv.push_back("-c");
    for (const auto& a : argv)
        if (!append_wide(&config, &config.argv, a, &status)) return report(status, &config);
    if (!set_wide(&config, &config.run_command, code + "\n", &status)) return report(status, &config);

    status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) return report(status, nullptr);
    assert(Py_IsInitialized() && "Py_InitializeFromConfig succeeded, so the interpreter must be up");

    if (!host.working_dir.empty()) {
        PyObject* os = PyImport_ImportModule("os");
        PyObject* r = os ? PyObject_CallMethod(os, "chdir", "s", host.working_dir.c_str()) : nullptr;
        if (!r) PyErr_Print();
        Py_XDECREF(r);
        Py_XDECREF(os);
    }
    // Runs config.run_command like `python -c`, prints any traceback, finalises and
    // returns the exit status (sys.exit(n) → n, uncaught exception → 1).
    return Py_RunMain();
}

}  // namespace pyshell::python

// Holding and converting Python objects in the host's C++: what python_host.cpp (the
// embedding) and python_inspect.cpp (the inspector) share. Private to src/python/: the
// one header with <Python.h>, included first by those two files (CPython asks that
// <Python.h> come before any standard header).
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string>
#include <utility>

namespace pyshell::python {

// An owned (new) reference, released when it goes out of scope, so that no return path
// forgets a Py_DECREF. Built from what a "new reference" C API call returns; nullptr is
// allowed (the call failed, its exception is set) and tests false.
class PyRef {
public:
    PyRef() = default;
    explicit PyRef(PyObject* owned) : p_(owned) {}
    ~PyRef() { Py_XDECREF(p_); }
    PyRef(PyRef&& other) noexcept : p_(other.release()) {}
    PyRef& operator=(PyRef&& other) noexcept {
        reset(other.release());
        return *this;
    }
    PyRef(const PyRef&) = delete;
    PyRef& operator=(const PyRef&) = delete;

    PyObject* get() const { return p_; }                        // borrowed: the PyRef still owns it
    PyObject* release() { return std::exchange(p_, nullptr); }  // the caller owns it now
    void reset(PyObject* owned = nullptr) { Py_XDECREF(std::exchange(p_, owned)); }
    explicit operator bool() const { return p_ != nullptr; }

private:
    PyObject* p_ = nullptr;
};

// A str from UTF-8 bytes; bytes that are not UTF-8 come through as lone surrogates.
inline PyRef decode(const std::string& s) {
    return PyRef(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape"));
}

// A str's UTF-8 bytes; "" (and no exception left set) for anything else or on failure.
inline std::string encode(PyObject* str) {
    Py_ssize_t n = 0;
    const char* p = str && PyUnicode_Check(str) ? PyUnicode_AsUTF8AndSize(str, &n) : nullptr;
    if (!p) {
        PyErr_Clear();
        return {};
    }
    return std::string(p, static_cast<size_t>(n));
}

// The exception being raised, normalised, with its traceback attached; None if there is
// none. Clears the error indicator.
inline PyRef take_exception() {
    PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
    PyErr_Fetch(&type, &value, &tb);
    if (!type) return PyRef(Py_NewRef(Py_None));
    PyErr_NormalizeException(&type, &value, &tb);
    const PyRef owned_type(type), owned_tb(tb);  // value is what this returns
    if (value && tb) PyException_SetTraceback(value, tb);
    return value ? PyRef(value) : PyRef(Py_NewRef(Py_None));
}

}  // namespace pyshell::python

// The inspector's half of the Python host: Session::inspect and the snapshots it and the
// REPL's entries send (python_host.h), over src/python/_pyshell_inspect.py. The embedding
// itself is python_host.cpp.
#include "python/py_object.h"  // <Python.h>, first

#include "python/python_host.h"

#include <string>
#include <utility>

#include "core/inspect_model.h"

namespace pyshell::python {
namespace {

std::string error_reply(std::string message) {
    core::inspect::Error e;
    e.error = std::move(message);
    return core::inspect::to_json(e);
}

// The pending Python exception as "Type: message" (cleared), for error replies.
std::string describe_exception() {
    const PyRef error = take_exception();
    std::string text = "unknown error";
    if (error.get() != Py_None) {
        {
            const PyRef name(PyObject_GetAttrString(reinterpret_cast<PyObject*>(Py_TYPE(error.get())), "__name__"));
            const PyRef message(PyObject_Str(error.get()));
            text = encode(name.get());
            const std::string m = encode(message.get());
            if (!m.empty()) text += ": " + m;
        }
        PyErr_Clear();
    }
    return text;
}

// The _pyshell_inspect module (borrowed: `slot` keeps it, the Session's inspector_), imported
// on first use, never at start-up; nullptr with the error set when it does not load.
// _pyshell_support.load_inspector() imports it from the stdlib zip: sys.path's "" (the user's
// folder) is left out meanwhile, so a user file of that name cannot stand in.
PyObject* loaded_inspector(void*& slot, void* support) {
    if (!slot && support) slot = PyObject_CallMethod(static_cast<PyObject*>(support), "load_inspector", nullptr);
    return static_cast<PyObject*>(slot);
}

}  // namespace

// _pyshell_inspect.snapshot(home, history, error) as JSON; an error reply if it fails.
std::string Session::snapshot_json(const std::string& error) {
    PyObject* inspector = loaded_inspector(inspector_, support_);
    if (!inspector) return error_reply("the inspector did not load: " + describe_exception());
    std::string json;
    {
        const PyRef history(PyList_New(0));
        if (history && io_.history) {
            for (const std::string& line : io_.history()) {
                const PyRef item = decode(line);
                if (!item || PyList_Append(history.get(), item.get()) < 0) {
                    PyErr_Clear();
                    break;
                }
            }
        }
        const PyRef home = decode(home_);
        const PyRef why = decode(error);
        const PyRef r(history && home && why
                          ? PyObject_CallMethod(inspector, "snapshot", "OOO", home.get(), history.get(), why.get())
                          : nullptr);
        if (r) json = encode(r.get());
    }
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
        PyObject* inspector = loaded_inspector(inspector_, support_);
        const PyRef arg = decode(request.arg);
        const PyRef home = decode(home_);
        PyRef r;
        if (!inspector || !arg || !home) {
            reply = error_reply("the inspector did not load: " + describe_exception());
        } else if (request.op == ins::Request::Op::Children) {
            r.reset(PyObject_CallMethod(inspector, "children", "O", arg.get()));
            reply = r ? encode(r.get()) : error_reply("children failed: " + describe_exception());
        } else if (request.op == ins::Request::Op::Preview) {
            r.reset(PyObject_CallMethod(inspector, "preview", "OO", home.get(), arg.get()));
            reply = r ? encode(r.get()) : error_reply("preview failed: " + describe_exception());
        } else if (request.op == ins::Request::Op::Delete) {
            r.reset(PyObject_CallMethod(inspector, "delete", "OO", home.get(), arg.get()));
            std::string refused = r ? encode(r.get()) : "cannot delete " + request.arg + ": " + describe_exception();
            reply = snapshot_json(refused);
        } else {  // Download
            r.reset(PyObject_CallMethod(inspector, "resolve", "OO", home.get(), arg.get()));
            // (path, error), both borrowed from r
            PyObject* path =
                r && PyTuple_Check(r.get()) && PyTuple_GET_SIZE(r.get()) == 2 ? PyTuple_GET_ITEM(r.get(), 0) : nullptr;
            PyObject* error = path ? PyTuple_GET_ITEM(r.get(), 1) : nullptr;
            std::string refused = error ? encode(error) : "cannot download " + request.arg + ": " + describe_exception();
            if (refused.empty() && !io_.download) refused = "downloads are the front end's (this one has none)";
            if (refused.empty() && !io_.download(encode(path))) refused = "could not send " + request.arg;
            reply = snapshot_json(refused);
        }
    }
    if (reply.empty()) reply = error_reply("the inspector failed: " + describe_exception());
    PyErr_Clear();
    PyErr_Restore(saved_type, saved_value, saved_tb);  // steals the three references
    PyGILState_Release(gil);
    return reply;
}

}  // namespace pyshell::python

// The inspector's data: what the Python host reports about the user's session (variables,
// files under the home folder, history) and the requests a UI sends back for more.
//
//   Python host (src/python, worker / interpreter thread)            UI (src/inspector panels)
//     Session::inspect(request json) ──▶ Snapshot / Children / Preview json ──▶ from_json()
//     ◀────────────── Request json ({"op":"children","ref":…}, …) ◀──────────── to_json()
//
// Everything crosses as JSON text, so the same messages go through a function call natively
// and through postMessage between the web worker and the page. Portable C++17: no Python,
// Emscripten or ImGui headers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pyshell::core::inspect {

// One value: a variable of the user namespace or a child of another value.
struct Value {
    std::string name;       // as shown: "x" for a variable; "[0]", "['key']", ".attr" for children
    std::string type;       // type(obj).__name__: "int", "list", "Point"
    std::string repr;       // bounded repr (reprlib-style limits, a time budget); "…" marks a cut
    std::int64_t length = -1;  // len(obj) for lists, tuples, dicts, sets, str, bytes; -1 otherwise
    std::string ref;        // host handle for asking for this value's children; empty: none
    bool expanded = false;  // `children` holds this value's children (the snapshot's depth, or a reply)
    std::vector<Value> children;
};

// One entry under the home folder.
struct FileInfo {
    std::string path;       // relative to the home folder, '/'-separated ("data/in.txt")
    std::int64_t size = 0;  // bytes; 0 for folders
    double mtime = 0;       // seconds since the epoch
    bool is_dir = false;
};

// What the host reports after every completed command and when asked.
struct Snapshot {
    std::uint64_t seq = 0;              // grows with every snapshot of one session
    std::string home;                   // absolute path of the home folder
    std::vector<Value> variables;       // the __main__ namespace, sorted by name, dunders left out
    std::vector<FileInfo> files;        // everything under `home`, parents before children
    std::vector<std::string> history;   // the session's history, oldest first
    bool truncated = false;             // a limit (count, time budget) cut something short
    std::string error;                  // not empty: the delete/download that asked for it failed, why
};

// The children of one value, in reply to {"op":"children","ref":…}.
struct Children {
    std::string ref;
    std::vector<Value> children;
    std::string error;  // not empty: the value is gone or its children could not be listed
};

// A read-only look at one file, in reply to {"op":"preview","path":…}.
struct Preview {
    std::string path;
    std::string text;       // UTF-8 (invalid bytes replaced); empty for binary files
    bool binary = false;    // not text: the UI shows the size instead
    bool truncated = false; // only the first part of the file is in `text`
    std::string error;
};

// The host's answer to a request it could not serve at all (malformed JSON, an unknown op,
// Python not running): {"kind":"error","error":…}.
struct Error {
    std::string error;
};

// What a UI asks of the host.
struct Request {
    enum class Op { Snapshot, Children, Preview, Delete, Download };
    Op op = Op::Snapshot;
    std::string arg;  // Children: the ref; Preview / Delete / Download: the path (home-relative)
};

std::string to_json(const Snapshot& snapshot);
std::string to_json(const Children& children);
std::string to_json(const Preview& preview);
std::string to_json(const Request& request);
std::string to_json(const Error& error);

// Each returns false (and says why in *error when given) on malformed JSON or a message of
// another kind; `out` is then unspecified.
bool from_json(std::string_view json, Snapshot& out, std::string* error = nullptr);
bool from_json(std::string_view json, Children& out, std::string* error = nullptr);
bool from_json(std::string_view json, Preview& out, std::string* error = nullptr);
bool from_json(std::string_view json, Request& out, std::string* error = nullptr);
bool from_json(std::string_view json, Error& out, std::string* error = nullptr);

// Every message carries "kind": "snapshot" | "children" | "preview" | "request" | "error".
std::string kind_of(std::string_view json);  // "" when it is not a JSON object with a kind

}  // namespace pyshell::core::inspect

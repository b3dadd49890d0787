// The inspector panels' state and logic, without any UI: what the Variables, Files and
// History panels show and what they ask the host for. src/inspector/panels.cpp draws it
// with Dear ImGui; this file has no ImGui (nor Python, Emscripten) header, so every rule
// here is unit-tested on its own (tests/inspector/panel_model_test.cpp).
//
// Supports:
//  - Variables: sorting the top-level rows by name, type, value or length (children keep
//    the host's order: list indexes, dict insertion order); a case-insensitive name filter;
//    expansion state keyed by the row's path (names from the top), so it survives a new
//    snapshot; an expanded value whose children the snapshot does not hold asks for them
//    (a Children request) and shows a loading row until the reply is merged.
//  - Files: a folder tree built from the snapshot's flat list (missing parents made up,
//    folders first, then names); the selected file survives a snapshot and is previewed
//    (a Preview request), asked again when its size or mtime changed.
//  - History: the lines, oldest first.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/inspect_model.h"

namespace pyshell::inspector {

namespace inspect = core::inspect;

// ---- Variables -----------------------------------------------------------------------

enum class SortColumn { Name, Type, Value, Length };

struct VariableRow {
    enum class Kind { Value, Loading, Error };
    Kind kind = Kind::Value;
    const inspect::Value* value = nullptr;  // Kind::Value: the row's value (owned by the model)
    std::string path;                       // unique id: names from the top, joined by '\x1f'
    int depth = 0;                          // 0 for variables, 1 for their children, ...
    bool expandable = false;                // has children (given, or to ask for by ref)
    bool open = false;                      // shown expanded
    std::string message;                    // Kind::Error: why the children are missing
};

class VariablesModel {
public:
    // Takes the snapshot's variables. Returns the Children requests that reopening the
    // rows open before needs (their values' children are not in the snapshot).
    std::vector<inspect::Request> set_variables(std::vector<inspect::Value> variables);

    void set_sort(SortColumn column, bool ascending);
    SortColumn sort_column() const { return sort_column_; }
    bool sort_ascending() const { return ascending_; }

    void set_filter(std::string filter);  // case-insensitive substring of a variable's name
    const std::string& filter() const { return filter_; }

    // Opens or closes the row at `path`. Opening a value whose children are unknown returns
    // the Children request to send (the row then shows a loading child until apply()).
    std::optional<inspect::Request> set_open(const std::string& path, bool open);
    std::optional<inspect::Request> toggle(const std::string& path) { return set_open(path, !is_open(path)); }
    bool is_open(const std::string& path) const { return open_.count(path) != 0; }

    // Merges a Children reply into the value with that ref. False: no such value (a stale
    // reply from before the last snapshot), nothing changed.
    bool apply(const inspect::Children& children);
    bool waiting(const std::string& ref) const { return pending_.count(ref) != 0; }

    // The rows to show, top to bottom: filtered, sorted, open rows followed by their children.
    std::vector<VariableRow> rows() const;
    const std::vector<inspect::Value>& variables() const { return variables_; }

    static std::string child_path(const std::string& parent, const std::string& name);

private:
    inspect::Value* find_path(const std::string& path);
    inspect::Value* find_ref(const std::string& ref);
    void resort();
    void collect(const inspect::Value& v, const std::string& path, int depth, std::vector<VariableRow>& out) const;
    void reopen(inspect::Value& v, const std::string& path, std::vector<inspect::Request>& out);

    std::vector<inspect::Value> variables_;
    SortColumn sort_column_ = SortColumn::Name;
    bool ascending_ = true;
    std::string filter_;
    std::set<std::string> open_;                   // paths shown expanded
    std::map<std::string, std::string> pending_;   // ref -> path, Children asked for
    std::map<std::string, std::string> errors_;    // path -> why its children are missing
};

// ---- Files ---------------------------------------------------------------------------

struct FileNode {
    std::string name;  // last path component ("" for the root)
    std::string path;  // home-relative, '/'-separated ("" for the root)
    bool is_dir = true;  // the root is a folder; build_file_tree sets each entry's
    std::int64_t size = 0;
    double mtime = 0;
    std::vector<FileNode> children;  // folders first, then by name
};

// Builds the tree under a root folder from the flat list (any order; parents not listed
// are made up).
FileNode build_file_tree(const std::vector<inspect::FileInfo>& files);

class FilesModel {
public:
    // Takes the snapshot's files. Returns a Preview request when the selected file changed
    // (size or mtime); a selection that is gone is dropped.
    std::optional<inspect::Request> set_files(const std::vector<inspect::FileInfo>& files);
    const FileNode& root() const { return root_; }

    // Selects a file (a Preview request to send) or a folder (no preview); "" selects nothing.
    std::optional<inspect::Request> select(const std::string& path);
    const std::string& selected() const { return selected_; }
    const FileNode* selected_node() const { return selected_.empty() ? nullptr : find(selected_); }
    const FileNode* find(const std::string& path) const;

    // The preview of the selected file: nullopt while waiting or when nothing is selected.
    bool apply(const inspect::Preview& preview);  // false: not the selected file's (stale)
    const std::optional<inspect::Preview>& preview() const { return preview_; }
    bool preview_waiting() const { return preview_waiting_; }

    void set_dir_open(const std::string& path, bool open);
    bool dir_open(const std::string& path) const { return open_dirs_.count(path) != 0; }

private:
    FileNode root_;
    std::string selected_;
    std::int64_t selected_size_ = -1;  // the selected file's size and mtime when last previewed
    double selected_mtime_ = 0;
    std::optional<inspect::Preview> preview_;
    bool preview_waiting_ = false;
    std::set<std::string> open_dirs_;
};

// ---- Formatting ----------------------------------------------------------------------

std::string format_size(std::int64_t bytes);    // "0 B", "512 B", "1.5 KB", "2.0 MB"
std::string format_length(std::int64_t length); // "" for -1, else the number
// A local time "YYYY-MM-DD HH:MM" for a file's mtime.
std::string format_mtime(double seconds);
// Case-insensitive (ASCII) substring test; an empty needle matches.
bool contains_ci(std::string_view haystack, std::string_view needle);

}  // namespace pyshell::inspector

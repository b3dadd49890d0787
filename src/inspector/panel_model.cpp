// The inspector panels' UI-free state: see panel_model.h.
#include "inspector/panel_model.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <functional>
#include <utility>

namespace pyshell::inspector {

namespace {

constexpr char kPathSeparator = '\x1f';

int compare_ci(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const int ca = std::tolower(static_cast<unsigned char>(a[i]));
        const int cb = std::tolower(static_cast<unsigned char>(b[i]));
        if (ca != cb) return ca < cb ? -1 : 1;
    }
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t at = s.find(sep, start);
        parts.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return parts;
        start = at + 1;
    }
}

}  // namespace

bool contains_ci(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    if (needle.size() > haystack.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size() && std::tolower(static_cast<unsigned char>(haystack[i + k])) ==
                                        std::tolower(static_cast<unsigned char>(needle[k]))) {
            ++k;
        }
        if (k == needle.size()) return true;
    }
    return false;
}

// ---- Variables -----------------------------------------------------------------------

std::string VariablesModel::child_path(const std::string& parent, const std::string& name) {
    return parent + kPathSeparator + name;
}

std::vector<inspect::Request> VariablesModel::set_variables(std::vector<inspect::Value> variables) {
    variables_ = std::move(variables);
    pending_.clear();  // refs belong to the snapshot they came with
    errors_.clear();
    resort();
    std::vector<inspect::Request> requests;
    for (inspect::Value& v : variables_) reopen(v, v.name, requests);
    return requests;
}

void VariablesModel::reopen(inspect::Value& v, const std::string& path, std::vector<inspect::Request>& out) {
    if (!is_open(path)) return;
    if (v.expanded) {
        for (inspect::Value& child : v.children) reopen(child, child_path(path, child.name), out);
    } else if (!v.ref.empty() && pending_.count(v.ref) == 0) {
        pending_[v.ref] = path;
        out.push_back(inspect::Request{inspect::Request::Op::Children, v.ref});
    }
}

void VariablesModel::set_sort(SortColumn column, bool ascending) {
    sort_column_ = column;
    ascending_ = ascending;
    resort();
}

void VariablesModel::resort() {
    const SortColumn column = sort_column_;
    auto key_compare = [column](const inspect::Value& a, const inspect::Value& b) {
        switch (column) {
            case SortColumn::Name: return 0;
            case SortColumn::Type: return compare_ci(a.type, b.type);
            case SortColumn::Value: return a.repr.compare(b.repr) < 0 ? -1 : a.repr == b.repr ? 0 : 1;
            case SortColumn::Length: return a.length < b.length ? -1 : a.length == b.length ? 0 : 1;
        }
        return 0;
    };
    const bool ascending = ascending_;
    std::stable_sort(variables_.begin(), variables_.end(), [&](const inspect::Value& a, const inspect::Value& b) {
        int c = key_compare(a, b);
        if (c == 0) c = compare_ci(a.name, b.name);  // ties (and the Name column) by name
        return ascending ? c < 0 : c > 0;
    });
}

void VariablesModel::set_filter(std::string filter) { filter_ = std::move(filter); }

inspect::Value* VariablesModel::find_path(const std::string& path) {
    const std::vector<std::string> names = split(path, kPathSeparator);
    std::vector<inspect::Value>* level = &variables_;
    inspect::Value* found = nullptr;
    for (const std::string& name : names) {
        auto it = std::find_if(level->begin(), level->end(), [&](const inspect::Value& v) { return v.name == name; });
        if (it == level->end()) return nullptr;
        found = &*it;
        level = &found->children;
    }
    return found;
}

inspect::Value* VariablesModel::find_ref(const std::string& ref) {
    std::function<inspect::Value*(std::vector<inspect::Value>&)> walk = [&](std::vector<inspect::Value>& level) -> inspect::Value* {
        for (inspect::Value& v : level) {
            if (v.ref == ref) return &v;
            if (inspect::Value* inner = walk(v.children)) return inner;
        }
        return nullptr;
    };
    return walk(variables_);
}

std::optional<inspect::Request> VariablesModel::set_open(const std::string& path, bool open) {
    if (!open) {
        open_.erase(path);
        return std::nullopt;
    }
    open_.insert(path);
    inspect::Value* v = find_path(path);
    if (v == nullptr || v->expanded || v->ref.empty() || pending_.count(v->ref) != 0) return std::nullopt;
    errors_.erase(path);
    pending_[v->ref] = path;
    return inspect::Request{inspect::Request::Op::Children, v->ref};
}

bool VariablesModel::apply(const inspect::Children& children) {
    auto pending = pending_.find(children.ref);
    const std::string path = pending != pending_.end() ? pending->second : std::string();
    if (pending != pending_.end()) pending_.erase(pending);
    inspect::Value* v = path.empty() ? find_ref(children.ref) : find_path(path);
    if (v == nullptr || v->ref != children.ref) return false;
    if (!children.error.empty()) {
        errors_[path.empty() ? v->name : path] = children.error;
        return true;
    }
    v->children = children.children;
    v->expanded = true;
    return true;
}

void VariablesModel::collect(const inspect::Value& v, const std::string& path, int depth,
                             std::vector<VariableRow>& out) const {
    VariableRow row;
    row.value = &v;
    row.path = path;
    row.depth = depth;
    row.expandable = v.expanded ? !v.children.empty() : !v.ref.empty();
    row.open = row.expandable && is_open(path);
    out.push_back(row);
    if (!row.open) return;
    if (v.expanded) {
        for (const inspect::Value& child : v.children) collect(child, child_path(path, child.name), depth + 1, out);
        return;
    }
    VariableRow more;
    more.path = child_path(path, std::string());
    more.depth = depth + 1;
    auto error = errors_.find(path);
    if (error != errors_.end()) {
        more.kind = VariableRow::Kind::Error;
        more.message = error->second;
    } else {
        more.kind = VariableRow::Kind::Loading;
    }
    out.push_back(more);
}

std::vector<VariableRow> VariablesModel::rows() const {
    std::vector<VariableRow> out;
    for (const inspect::Value& v : variables_) {
        if (contains_ci(v.name, filter_)) collect(v, v.name, 0, out);
    }
    return out;
}

// ---- Files ---------------------------------------------------------------------------

namespace {

void sort_tree(FileNode& node) {
    std::sort(node.children.begin(), node.children.end(), [](const FileNode& a, const FileNode& b) {
        if (a.is_dir != b.is_dir) return a.is_dir;
        return compare_ci(a.name, b.name) < 0;
    });
    for (FileNode& child : node.children) sort_tree(child);
}

}  // namespace

FileNode build_file_tree(const std::vector<inspect::FileInfo>& files) {
    FileNode root;
    root.is_dir = true;
    for (const inspect::FileInfo& info : files) {
        FileNode* node = &root;
        std::string path;
        for (const std::string& part : split(info.path, '/')) {
            if (part.empty() || part == ".") continue;  // "a//b", "./a": no empty names
            path += path.empty() ? part : "/" + part;
            auto it = std::find_if(node->children.begin(), node->children.end(),
                                   [&](const FileNode& c) { return c.name == part; });
            if (it == node->children.end()) {
                FileNode child;
                child.name = part;
                child.path = path;
                child.is_dir = true;  // until the entry itself says otherwise
                node->children.push_back(std::move(child));
                it = node->children.end() - 1;
            }
            node = &*it;
        }
        if (node == &root) continue;
        node->is_dir = info.is_dir;
        node->size = info.is_dir ? 0 : info.size;
        node->mtime = info.mtime;
    }
    sort_tree(root);
    return root;
}

const FileNode* FilesModel::find(const std::string& path) const {
    if (path.empty()) return &root_;
    const FileNode* node = &root_;
    for (const std::string& part : split(path, '/')) {
        auto it = std::find_if(node->children.begin(), node->children.end(),
                               [&](const FileNode& c) { return c.name == part; });
        if (it == node->children.end()) return nullptr;
        node = &*it;
    }
    return node;
}

std::optional<inspect::Request> FilesModel::set_files(const std::vector<inspect::FileInfo>& files) {
    root_ = build_file_tree(files);
    if (selected_.empty()) return std::nullopt;
    const FileNode* node = find(selected_);
    if (node == nullptr) {
        selected_.clear();
        preview_.reset();
        preview_waiting_ = false;
        return std::nullopt;
    }
    if (node->is_dir || (node->size == selected_size_ && node->mtime == selected_mtime_)) return std::nullopt;
    selected_size_ = node->size;
    selected_mtime_ = node->mtime;
    preview_waiting_ = true;  // the old preview stays on screen until the new one comes
    return inspect::Request{inspect::Request::Op::Preview, selected_};
}

std::optional<inspect::Request> FilesModel::select(const std::string& path) {
    const FileNode* node = path.empty() ? nullptr : find(path);
    if (node == nullptr) {
        selected_.clear();
        preview_.reset();
        preview_waiting_ = false;
        return std::nullopt;
    }
    if (path == selected_ && (preview_ || preview_waiting_)) return std::nullopt;
    selected_ = path;
    preview_.reset();
    preview_waiting_ = false;
    if (node->is_dir) return std::nullopt;
    selected_size_ = node->size;
    selected_mtime_ = node->mtime;
    preview_waiting_ = true;
    return inspect::Request{inspect::Request::Op::Preview, path};
}

bool FilesModel::apply(const inspect::Preview& preview) {
    if (preview.path != selected_ || selected_.empty()) return false;
    preview_ = preview;
    preview_waiting_ = false;
    return true;
}

void FilesModel::set_dir_open(const std::string& path, bool open) {
    if (open) open_dirs_.insert(path);
    else open_dirs_.erase(path);
}

// ---- Formatting ----------------------------------------------------------------------

std::string format_size(std::int64_t bytes) {
    char buf[32];
    if (bytes < 1024) {
        std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
        return buf;
    }
    static const char* const units[] = {"KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = -1;
    while (value >= 1024 && unit < 3) {
        value /= 1024;
        ++unit;
    }
    std::snprintf(buf, sizeof buf, "%.1f %s", value, units[unit]);
    return buf;
}

std::string format_length(std::int64_t length) {
    return length < 0 ? std::string() : std::to_string(length);
}

std::string format_mtime(double seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    const std::tm* tm = std::localtime(&t);
    if (tm == nullptr) return std::string();
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", tm);
    return buf;
}

}  // namespace pyshell::inspector

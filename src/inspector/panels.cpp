// The inspector panels drawn with Dear ImGui: see panels.h. The state and its rules are in
// panel_model.cpp; this file only lays them out and turns clicks and keys into model calls
// and host requests.
#include "inspector/panels.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <utility>

#include "imgui.h"

namespace pyshell::inspector {

namespace inspect = core::inspect;

namespace {

constexpr const char* kVariables = "Variables";
constexpr const char* kFiles = "Files";
constexpr const char* kHistory = "History";

// "…" when the font has it (the host's font usually does), else three dots. Dear ImGui 1.92
// keeps glyphs per size drawn (ImFontBaked): asking the current one loads the glyph if the
// font has it (a renderer with ImGuiBackendFlags_RendererHasTextures bakes on demand).
const char* ellipsis() {
    ImFontBaked* baked = ImGui::GetFontBaked();
    return baked != nullptr && baked->FindGlyphNoFallback(0x2026) != nullptr ? "\xE2\x80\xA6" : "...";
}

// A single line for table cells: the text up to its first newline, marked as cut.
std::string one_line(const std::string& text) {
    const std::size_t nl = text.find('\n');
    if (nl == std::string::npos) return text;
    return text.substr(0, nl) + ellipsis();
}

}  // namespace

Panels::Panels(PanelActions actions) : actions_(std::move(actions)) {}

void Panels::apply_style(float scale) {
    const ImGuiStyle& current = ImGui::GetStyle();
    ImGuiStyle style;
    // The font and its size are the host's (style.FontSizeBase, and the scale factors 1.92
    // applies to it): a fresh style would reset them, so they carry over.
    style.FontSizeBase = current.FontSizeBase;
    style.FontScaleMain = current.FontScaleMain;
    style.FontScaleDpi = current.FontScaleDpi;
    ImGui::StyleColorsDark(&style);
    style.WindowPadding = ImVec2(10, 10);
    style.FramePadding = ImVec2(6, 4);
    style.ItemSpacing = ImVec2(8, 6);
    style.ItemInnerSpacing = ImVec2(6, 4);
    style.CellPadding = ImVec2(6, 3);
    style.IndentSpacing = 18;
    style.ScrollbarSize = 14;
    style.GrabMinSize = 12;
    style.WindowRounding = 4;
    style.ChildRounding = 3;
    style.FrameRounding = 3;
    style.PopupRounding = 3;
    style.ScrollbarRounding = 6;
    style.GrabRounding = 3;
    style.TabRounding = 3;
    style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

void Panels::set_ui_scale(float scale) {
    if (!(scale > 0.25f)) scale = 1.0f;  // NaN, zero or absurd: keep things readable
    scale_ = std::min(scale, 8.0f);
}

void Panels::set_snapshot(inspect::Snapshot snapshot) {
    snapshot_ = std::move(snapshot);
    have_snapshot_ = true;
    host_error_.clear();
    for (const inspect::Request& r : variables_.set_variables(snapshot_.variables)) send(r);
    if (auto r = files_.set_files(snapshot_.files)) send(*r);
    if (!confirm_delete_.empty() && files_.find(confirm_delete_) == nullptr) confirm_delete_.clear();
}

void Panels::apply(const inspect::Children& children) { variables_.apply(children); }

void Panels::apply(const inspect::Preview& preview) { files_.apply(preview); }

bool Panels::handle_message(std::string_view json) {
    const std::string kind = inspect::kind_of(json);
    std::string error;
    if (kind == "snapshot") {
        inspect::Snapshot s;
        if (inspect::from_json(json, s, &error)) {
            set_snapshot(std::move(s));
            return true;
        }
    } else if (kind == "children") {
        inspect::Children c;
        if (inspect::from_json(json, c, &error)) {
            apply(c);
            return true;
        }
    } else if (kind == "preview") {
        inspect::Preview p;
        if (inspect::from_json(json, p, &error)) {
            apply(p);
            return true;
        }
    } else if (kind == "error") {
        inspect::Error e;
        if (inspect::from_json(json, e, &error)) {
            host_error_ = e.error;
            return true;
        }
    } else {
        error = kind.empty() ? "not a JSON object with a \"kind\"" : "a \"" + kind + "\" message is not for the panels";
    }
    last_error_ = error;
    return false;
}

void Panels::set_busy(bool running) {
    busy_ = running;
    if (!busy_) flush();
}

void Panels::send(const inspect::Request& request) {
    outbox_.push_back(request);
    if (!busy_) flush();
}

void Panels::flush() {
    std::vector<inspect::Request> out = std::exchange(outbox_, {});
    if (!actions_.request) return;
    for (const inspect::Request& r : out) actions_.request(r);
}

void Panels::record(const char* panel, const char* kind, const std::string& text) {
    if (!record_) return;
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    items_.push_back(DrawnItem{panel, kind, text, min.x, min.y, max.x - min.x, max.y - min.y});
}

void Panels::draw() {
    items_.clear();
    window_flags_ = 0;
    if (applied_scale_ != scale_) {
        apply_style(scale_);
        applied_scale_ = scale_;
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float pad = 10 * scale_;
    const float w = std::max(200.0f, display.x * 0.36f);
    ImGui::SetNextWindowPos(ImVec2(display.x - w - pad, pad), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(w, display.y * 0.45f), ImGuiCond_FirstUseEver);
    draw_variables();
    ImGui::SetNextWindowPos(ImVec2(display.x - w - pad, display.y * 0.45f + 2 * pad), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(w, display.y * 0.3f), ImGuiCond_FirstUseEver);
    draw_files();
    ImGui::SetNextWindowPos(ImVec2(display.x - w - pad, display.y * 0.75f + 3 * pad), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(w, display.y * 0.25f - 4 * pad), ImGuiCond_FirstUseEver);
    draw_history();
}

void Panels::draw_in(float x, float y, float w, float h) {
    items_.clear();
    window_flags_ = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings;
    if (applied_scale_ != scale_) {
        apply_style(scale_);
        applied_scale_ = scale_;
    }
    struct Rect {
        float x, y, w, h;
    } vars, files, hist;
    if (w > h * 1.2f) {  // wide: variables on the left, files over history on the right
        const float left = std::floor(w * 0.55f);
        vars = {x, y, left, h};
        files = {x + left, y, w - left, std::floor(h * 0.6f)};
        hist = {x + left, y + files.h, w - left, h - files.h};
    } else {  // tall: stacked
        vars = {x, y, w, std::floor(h * 0.45f)};
        files = {x, y + vars.h, w, std::floor(h * 0.33f)};
        hist = {x, y + vars.h + files.h, w, h - vars.h - files.h};
    }
    auto place = [](const Rect& r) {
        ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(r.w, r.h), ImGuiCond_Always);
    };
    place(vars);
    draw_variables();
    place(files);
    draw_files();
    place(hist);
    draw_history();
}

// ---- Variables -----------------------------------------------------------------------

void Panels::draw_variables() {
    if (!ImGui::Begin(kVariables, nullptr, ImGuiWindowFlags_NoCollapse | window_flags_)) {
        ImGui::End();
        return;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputTextWithHint("##filter", "Filter by name", filter_, sizeof filter_)) {
        variables_.set_filter(filter_);
    }
    record(kVariables, "input", "filter");
    if (!host_error_.empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), "%s", host_error_.c_str());
        record(kVariables, "text", host_error_);
    }
    if (busy_) {
        ImGui::TextDisabled("Running%s", ellipsis());
        record(kVariables, "text", "running");
    } else if (!have_snapshot_) {
        ImGui::TextDisabled("Waiting for the first snapshot%s", ellipsis());
    } else if (variables_.variables().empty()) {
        ImGui::TextDisabled("No variables yet: assign one at the prompt.");
        record(kVariables, "text", "empty");
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("variables", 4, flags, ImVec2(0.0f, ImGui::GetContentRegionAvail().y))) {
        const float em = ImGui::GetFontSize();
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthStretch, 1.2f,
                                static_cast<ImGuiID>(SortColumn::Name));
        ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthStretch, 0.8f, static_cast<ImGuiID>(SortColumn::Type));
        ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.2f, static_cast<ImGuiID>(SortColumn::Value));
        ImGui::TableSetupColumn("Length", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                                4.0f * em, static_cast<ImGuiID>(SortColumn::Length));
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
            if (specs->SpecsDirty && specs->SpecsCount > 0) {
                const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
                variables_.set_sort(static_cast<SortColumn>(s.ColumnUserID),
                                    s.SortDirection != ImGuiSortDirection_Descending);
                specs->SpecsDirty = false;
            }
        }
        const std::vector<VariableRow> rows = variables_.rows();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const VariableRow& row = rows[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(row.path.c_str());
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + static_cast<float>(row.depth) * ImGui::GetStyle().IndentSpacing);
                if (row.kind != VariableRow::Kind::Value) {
                    if (row.kind == VariableRow::Kind::Loading) {
                        ImGui::TextDisabled("%s", ellipsis());
                        record(kVariables, "text", "loading");
                    } else {
                        ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), "%s", row.message.c_str());
                        record(kVariables, "text", row.message);
                    }
                    ImGui::PopID();
                    continue;
                }
                const inspect::Value& v = *row.value;
                ImGuiTreeNodeFlags tf = ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_NoTreePushOnOpen;
                if (!row.expandable) tf |= ImGuiTreeNodeFlags_Leaf;
                ImGui::SetNextItemOpen(row.open, ImGuiCond_Always);
                const float label_x = ImGui::GetCursorScreenPos().x;
                const bool open = ImGui::TreeNodeEx("##row", tf, "%s", v.name.c_str());
                record(kVariables, "row", row.path);
                if (record_) {  // where the row's own content starts (indented by depth)
                    items_.back().w -= label_x - items_.back().x;
                    items_.back().x = label_x;
                }
                if (row.expandable && open != row.open) {
                    if (auto r = variables_.set_open(row.path, open)) send(*r);
                }
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(v.type.c_str());
                record(kVariables, "cell", v.type);
                ImGui::TableNextColumn();
                const std::string shown = one_line(v.repr);
                ImGui::TextUnformatted(shown.c_str());
                record(kVariables, "cell", shown);
                if (ImGui::IsItemHovered() && (shown != v.repr || ImGui::CalcTextSize(shown.c_str()).x >
                                                                      ImGui::GetColumnWidth())) {
                    ImGui::BeginTooltip();
                    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
                    ImGui::TextUnformatted(v.repr.c_str());
                    ImGui::PopTextWrapPos();
                    ImGui::EndTooltip();
                }
                ImGui::TableNextColumn();
                const std::string length = format_length(v.length);
                ImGui::TextUnformatted(length.c_str());
                if (!length.empty()) record(kVariables, "cell", length);
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    if (snapshot_.truncated) ImGui::TextDisabled("(some values were cut short)");
    ImGui::End();
}

// ---- Files ---------------------------------------------------------------------------

void Panels::draw_file_node(const FileNode& node) {
    ImGuiTreeNodeFlags tf = ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_OpenOnArrow |
                            ImGuiTreeNodeFlags_OpenOnDoubleClick;
    if (!node.is_dir) tf |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
    if (node.path == files_.selected()) tf |= ImGuiTreeNodeFlags_Selected;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(node.path.c_str());
    if (node.is_dir) ImGui::SetNextItemOpen(files_.dir_open(node.path), ImGuiCond_Always);
    const bool open = ImGui::TreeNodeEx("##file", tf, "%s%s", node.name.c_str(), node.is_dir ? "/" : "");
    record(kFiles, "row", node.path);
    const bool activated = ImGui::IsItemFocused() && ImGui::IsKeyPressed(ImGuiKey_Enter);
    if ((ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen()) || activated) {
        if (auto r = files_.select(node.path)) send(*r);
    }
    if (node.is_dir && open != files_.dir_open(node.path)) files_.set_dir_open(node.path, open);
    ImGui::TableNextColumn();
    if (!node.is_dir) {
        const std::string size = format_size(node.size);
        ImGui::TextDisabled("%s", size.c_str());
    }
    ImGui::PopID();
    if (node.is_dir && open) {
        for (const FileNode& child : node.children) draw_file_node(child);
        ImGui::TreePop();
    }
}

void Panels::draw_delete_confirmation() {
    if (!ImGui::BeginPopupModal("Delete file?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::Text("Delete %s? This cannot be undone.", confirm_delete_.c_str());
    if (ImGui::Button("Delete") || ImGui::IsKeyPressed(ImGuiKey_Enter)) {
        if (!confirm_delete_.empty()) send(inspect::Request{inspect::Request::Op::Delete, confirm_delete_});
        confirm_delete_.clear();
        ImGui::CloseCurrentPopup();
    }
    record(kFiles, "button", "Confirm delete");
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
        confirm_delete_.clear();
        ImGui::CloseCurrentPopup();
    }
    record(kFiles, "button", "Cancel");
    ImGui::EndPopup();
}

void Panels::draw_files() {
    if (!ImGui::Begin(kFiles, nullptr, ImGuiWindowFlags_NoCollapse | window_flags_)) {
        ImGui::End();
        return;
    }
    if (!snapshot_.home.empty()) {
        ImGui::TextDisabled("%s", snapshot_.home.c_str());
        record(kFiles, "text", snapshot_.home);
    }
    if (!snapshot_.error.empty()) {  // the delete (or download) that asked for this snapshot failed
        ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), "%s", snapshot_.error.c_str());
        record(kFiles, "text", snapshot_.error);
    }
    const FileNode* selected = files_.selected_node();
    const bool has_file = selected != nullptr && !selected->is_dir;
    const bool has_folder = selected != nullptr && selected->is_dir;
    const float avail = ImGui::GetContentRegionAvail().y;
    const float tree_h = has_file ? std::floor(avail * 0.45f)
                                  : has_folder ? avail - ImGui::GetFrameHeightWithSpacing() : avail;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuterH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("files", 2, flags, ImVec2(0.0f, tree_h))) {
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed, 5.5f * ImGui::GetFontSize());
        if (files_.root().children.empty() && have_snapshot_) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("No files yet.");
        }
        for (const FileNode& node : files_.root().children) draw_file_node(node);
        ImGui::EndTable();
    }
    if (has_folder) {  // folders: only Delete (the host refuses one that is not empty)
        if (ImGui::Button("Delete folder")) {
            confirm_delete_ = selected->path;
            ImGui::OpenPopup("Delete file?");
        }
        record(kFiles, "button", "Delete folder");
        ImGui::SameLine();
        ImGui::TextDisabled("%s/", selected->path.c_str());
        draw_delete_confirmation();
    }
    if (has_file) {
        const std::string path = selected->path;
        ImGui::TextUnformatted(path.c_str());
        record(kFiles, "text", path);
        ImGui::SameLine();
        ImGui::TextDisabled("%s, %s", format_size(selected->size).c_str(), format_mtime(selected->mtime).c_str());
        if (ImGui::Button("Delete")) {
            confirm_delete_ = path;
            ImGui::OpenPopup("Delete file?");
        }
        record(kFiles, "button", "Delete");
        if (actions_.offer_download) {
            ImGui::SameLine();
            if (ImGui::Button("Download")) send(inspect::Request{inspect::Request::Op::Download, path});
            record(kFiles, "button", "Download");
        }
        draw_delete_confirmation();
        const auto& preview = files_.preview();
        if (!preview) {
            ImGui::TextDisabled("Loading%s", ellipsis());
        } else if (!preview->error.empty()) {
            ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), "%s", preview->error.c_str());
            record(kFiles, "text", preview->error);
        } else if (preview->binary) {
            ImGui::TextDisabled("Binary file (%s): no preview.", format_size(selected->size).c_str());
            record(kFiles, "text", "binary");
        } else {
            // Read-only, but selectable and copyable. ImGui wants a char buffer; with
            // ReadOnly it never writes to it.
            std::string& text = const_cast<std::string&>(preview->text);
            const float h = ImGui::GetContentRegionAvail().y - (preview->truncated ? ImGui::GetFrameHeightWithSpacing() : 0);
            ImGui::InputTextMultiline("##preview", text.data(), text.size() + 1, ImVec2(-FLT_MIN, std::max(h, 2 * ImGui::GetFontSize())),
                                      ImGuiInputTextFlags_ReadOnly);
            record(kFiles, "text", "preview:" + preview->path);
            if (preview->truncated) ImGui::TextDisabled("(only the start of the file is shown)");
        }
    }
    ImGui::End();
}

// ---- History -------------------------------------------------------------------------

void Panels::draw_history() {
    if (!ImGui::Begin(kHistory, nullptr, ImGuiWindowFlags_NoCollapse | window_flags_)) {
        ImGui::End();
        return;
    }
    const std::vector<std::string>& history = snapshot_.history;
    if (history.empty() && have_snapshot_) ImGui::TextDisabled("No history yet.");
    ImGui::BeginChild("lines", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_HorizontalScrollbar);
    for (std::size_t i = 0; i < history.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const bool clicked = ImGui::Selectable(history[i].c_str());
        record(kHistory, "row", history[i]);
        const bool enter = ImGui::IsItemFocused() && ImGui::IsKeyPressed(ImGuiKey_Enter);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click or Enter: put this line into the prompt");
        if ((clicked || enter) && actions_.insert_line) actions_.insert_line(history[i]);
        ImGui::PopID();
    }
    if (history.size() != history_seen_) {  // new lines: show the newest
        ImGui::SetScrollHereY(1.0f);
        history_seen_ = history.size();
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace pyshell::inspector

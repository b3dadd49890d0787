// The inspector panels: Variables, Files and History drawn with Dear ImGui, one code base
// for the native pyshell-gui (native/imgui/) and the page's WebGL panel (web/inspector/).
// Only imgui.h: no backend, no platform header; builds natively and with em++.
//
// The host feeds the panels the host's JSON messages (core/inspect_model.h) and passes on
// what they ask for (PanelActions). Supports: a sortable, filterable variables table with
// expandable rows (children asked for on demand), a file tree with a read-only preview,
// delete (after a confirmation) and download, a history list whose lines go back into the
// prompt (click or Enter), keyboard navigation (the host sets
// ImGuiConfigFlags_NavEnableKeyboard), and a UI scale for HiDPI screens.
// The UI-free rules live in panel_model.h.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/inspect_model.h"
#include "inspector/panel_model.h"

namespace pyshell::inspector {

struct PanelActions {                      // what the panels ask of their host; each may be empty
    std::function<void(const core::inspect::Request&)> request;  // children / preview / delete / download / snapshot
    std::function<void(const std::string& line)> insert_line;    // History: put this line into the prompt
    bool offer_download = true;  // show Files' Download button (the page; natively the file is already on disk)
};

// One thing the panels drew in the last frame, for tests and for hosts that need to find
// a row on screen (e.g. a browser test clicking into the canvas). Recorded only when
// Panels::set_record_items(true).
struct DrawnItem {
    std::string panel;  // "Variables", "Files", "History"
    std::string kind;   // "row", "cell", "button", "text", "input"
    std::string text;   // a row's id (variable path, file path, history index) or the shown text
    float x = 0, y = 0, w = 0, h = 0;  // screen rectangle (ImGui coordinates)
};

class Panels {
public:
    explicit Panels(PanelActions actions);

    void set_snapshot(core::inspect::Snapshot snapshot);  // keeps expansion, selection, sort, filter
    void apply(const core::inspect::Children& children);
    void apply(const core::inspect::Preview& preview);
    bool handle_message(std::string_view json);  // any host reply/snapshot JSON: dispatches by kind; false if malformed
                                                  // ({"kind":"error"} replies are shown, and count as handled)
    void set_busy(bool running);                  // code is running: show it, requests wait
    void draw();   // between ImGui::NewFrame() and ImGui::Render(): Variables, Files, History
    void draw_in(float x, float y, float w, float h);  // same, laid out in that rectangle (web: the whole canvas)

    // Readable defaults: the panels' style (spacing, rounding, colours) scaled by `scale`
    // (HiDPI: the framebuffer / window size ratio, or the monitor's content scale). The
    // font is the host's: it adds it at its size for scale 1 (16 px) and scales it with
    // style.FontScaleDpi = scale (Dear ImGui 1.92 bakes glyphs at the size drawn).
    // Applied to the current ImGui context at the next draw.
    void set_ui_scale(float scale);
    float ui_scale() const { return scale_; }

    bool busy() const { return busy_; }
    const core::inspect::Snapshot& snapshot() const { return snapshot_; }
    const VariablesModel& variables() const { return variables_; }
    const FilesModel& files() const { return files_; }
    const std::string& last_error() const { return last_error_; }  // the last malformed message, why
    const std::string& host_error() const { return host_error_; }  // the host's last {"kind":"error"} reply

    void set_record_items(bool on) { record_ = on; }
    const std::vector<DrawnItem>& drawn_items() const { return items_; }

    // Sets the style (dark, readable spacing) scaled by `scale` on the current context,
    // keeping its font size and font scale factors (the host's); the panels call it
    // themselves, hosts may call it once before their first frame.
    static void apply_style(float scale);

private:
    void send(const core::inspect::Request& request);
    void flush();
    void draw_variables();
    void draw_files();
    void draw_file_node(const FileNode& node);
    void draw_delete_confirmation();
    void draw_history();
    void record(const char* panel, const char* kind, const std::string& text);

    PanelActions actions_;
    core::inspect::Snapshot snapshot_;
    VariablesModel variables_;
    FilesModel files_;
    bool busy_ = false;
    bool have_snapshot_ = false;
    std::vector<core::inspect::Request> outbox_;  // waiting while busy
    std::string last_error_;
    std::string host_error_;  // shown until the next snapshot

    float scale_ = 1.0f;
    float applied_scale_ = 0.0f;  // the scale apply_style last ran with
    char filter_[128] = {};
    std::string confirm_delete_;  // path waiting for the delete confirmation
    std::size_t history_seen_ = 0;  // history length last drawn (scroll to new lines)
    bool record_ = false;
    int window_flags_ = 0;  // draw_in: the windows stay where they are put
    std::vector<DrawnItem> items_;
};

}  // namespace pyshell::inspector

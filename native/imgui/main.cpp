// pyshell-gui: the shell in a window, with the inspector panels beside it.
//
//   pyshell-gui [-q] [--home DIR] [--size WxH] [--no-panels] [--dump-screen FILE]
//
// A console pane draws the shell from core::TerminalScreen (scrollback, the LineEditor's
// live edit line, the cursor); keys go to the core as the bytes a terminal sends
// (native/imgui/keys.h); CPython runs on its own thread (gui_shell.h), so the window never
// freezes. Ctrl-C interrupts running code, or cancels the line at a prompt. The panels
// (src/inspector) show the variables, the files under the home folder and the history,
// refreshed after every command. GLFW + OpenGL 3 through Debian's Dear ImGui backends.
//
// --dump-screen FILE writes the console's text (and the Variables panel's rows) to FILE
// whenever it changes: for automated tests that drive the window with real key events.
#include <GLFW/glfw3.h>
#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "app/file_history.h"
#include "app/host_config.h"
#include "app/platform.h"
#include "core/inspect_model.h"
#include "gui_shell.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "inspector/panels.h"
#include "keys.h"

namespace {

using namespace pyshell;

struct Args {
    bool quiet = false;
    bool panels = true;
    std::string home;
    std::string dump_screen;
    int width = 1280, height = 800;
};

void usage(FILE* to, const char* argv0) {
    std::fprintf(to,
                 "usage: %s [-q] [--home DIR] [--size WxH] [--no-panels] [--dump-screen FILE]\n"
                 "  -q                 don't print the version banner\n"
                 "  --home DIR         the working folder shown in the Files panel (default: the current one)\n"
                 "  --size WxH         the window's size (default 1280x800)\n"
                 "  --no-panels        start with the inspector panels hidden (F2 shows them)\n"
                 "  --dump-screen FILE write the console's text to FILE whenever it changes (tests)\n",
                 argv0);
}

// Key and character events of one frame, in order (GLFW callbacks; handled by the console
// when it has the keyboard).
struct InputEvent {
    bool is_char = false;
    int key = 0;
    int mods = 0;
    unsigned int codepoint = 0;
};
std::vector<InputEvent> g_events;

void on_key(GLFWwindow*, int key, int, int action, int mods) {
    if (action == GLFW_PRESS || action == GLFW_REPEAT) g_events.push_back({false, key, mods, 0});
}
void on_char_mods(GLFWwindow*, unsigned int codepoint, int mods) { g_events.push_back({true, 0, mods, codepoint}); }

// xterm's 16 colours.
ImU32 palette(int index) {
    static const ImU32 colors[16] = {
        IM_COL32(0x2e, 0x34, 0x36, 255), IM_COL32(0xef, 0x5f, 0x5f, 255), IM_COL32(0x6c, 0xc6, 0x4a, 255),
        IM_COL32(0xd7, 0xb8, 0x4a, 255), IM_COL32(0x5f, 0x9a, 0xef, 255), IM_COL32(0xc6, 0x7a, 0xd8, 255),
        IM_COL32(0x4a, 0xc6, 0xc6, 255), IM_COL32(0xd3, 0xd7, 0xcf, 255), IM_COL32(0x88, 0x8a, 0x85, 255),
        IM_COL32(0xff, 0x7b, 0x7b, 255), IM_COL32(0x8a, 0xe2, 0x34, 255), IM_COL32(0xfc, 0xe9, 0x4f, 255),
        IM_COL32(0x72, 0x9f, 0xef, 255), IM_COL32(0xe0, 0x9a, 0xf0, 255), IM_COL32(0x34, 0xe2, 0xe2, 255),
        IM_COL32(0xff, 0xff, 0xff, 255)};
    return colors[index & 15];
}
constexpr ImU32 kForeground = IM_COL32(0xe6, 0xe6, 0xe6, 255);
constexpr ImU32 kBackground = IM_COL32(0x16, 0x18, 0x1c, 255);

// Fonts: DejaVu (Debian's fonts-dejavu-core) when present, else Dear ImGui's own (13 px).
// Added once, at their size for UI scale 1: Dear ImGui 1.92 fonts have no fixed size, the
// renderer backend bakes each glyph when it is first drawn, at the size drawn (the size
// times style.FontScaleDpi, rasterised at the framebuffer's density), so a new scale needs
// no rebuild, and every character the font has is drawn (no glyph ranges to list).
struct Fonts {
    ImFont* ui = nullptr;
    ImFont* mono = nullptr;
};

Fonts load_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    Fonts fonts;
    auto load = [&](const char* path) -> ImFont* {
        if (access(path, R_OK) != 0) return nullptr;
        ImFontConfig config;
        config.Flags |= ImFontFlags_NoLoadError;  // a file that cannot be read: nullptr (the built-in font), not an assertion
        return io.Fonts->AddFontFromFileTTF(path, 16.0f, &config);
    };
    fonts.ui = load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    fonts.mono = load("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf");
    if (fonts.ui == nullptr || fonts.mono == nullptr) {
        ImFont* fallback = io.Fonts->AddFontDefault();
        if (fonts.ui == nullptr) fonts.ui = fallback;
        if (fonts.mono == nullptr) fonts.mono = fallback;
    }
    io.FontDefault = fonts.ui;
    ImGui::GetStyle().FontSizeBase = fonts.ui->LegacySize;  // the size AddFont* was given
    return fonts;
}

// The console pane: the screen, scrolled to the end while new output comes unless the user
// scrolled up; the keyboard while it has focus.
class Console {
public:
    Console(gui::GuiShell& shell, GLFWwindow* window) : shell_(shell), window_(window) {}

    void draw(float x, float y, float w, float h, ImFont* mono, bool take_focus) {
        ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
        if (take_focus) ImGui::SetNextWindowFocus();
        ImGui::PushStyleColor(ImGuiCol_WindowBg, kBackground);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 4));
        ImGui::Begin("Console", nullptr,
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                         ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                         ImGuiWindowFlags_NoBringToFrontOnFocus);
        ImGui::PopStyleVar();
        const bool focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows);
        had_keyboard_ = focused;
        const float status_h = ImGui::GetFrameHeightWithSpacing();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        ImGui::BeginChild("screen", ImVec2(avail.x, avail.y - status_h), ImGuiChildFlags_None,
                          ImGuiWindowFlags_AlwaysVerticalScrollbar | ImGuiWindowFlags_NoNav);
        ImGui::PushFont(mono, mono->LegacySize);  // its own size (the built-in fallback's is 13 px), scaled
        const float font_size = ImGui::GetFontSize();
        const float cw = mono->CalcTextSizeA(font_size, FLT_MAX, 0.0f, "M").x;
        const float lh = std::floor(font_size * 1.15f);
        const ImVec2 inner = ImGui::GetContentRegionAvail();
        const int cols = std::max(20, static_cast<int>(inner.x / cw));
        const int rows = std::max(4, static_cast<int>(inner.y / lh));
        shell_.resize(cols, rows);

        bool stick = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
        page_scroll_ = 0;
        if (focused && !ImGui::GetIO().WantTextInput) stick |= handle_keys();
        if (page_scroll_ != 0) {  // Shift+Page Up/Down: through the scrollback, as terminals do
            ImGui::SetScrollY(std::clamp(ImGui::GetScrollY() + static_cast<float>(page_scroll_) * (inner.y - lh), 0.0f,
                                         ImGui::GetScrollMaxY()));
            stick = false;
        }
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        ImDrawList* draw = ImGui::GetWindowDrawList();
        int line_count = 0, cursor_line = 0;
        // Mouse selection: press, drag, release; a click without a drag clears it.
        auto cell_at = [&](ImVec2 p) {
            return Cell{static_cast<int>(std::floor((p.y - origin.y) / lh)),
                        std::clamp(static_cast<int>(std::lround((p.x - origin.x) / cw)), 0, cols)};
        };
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (ImGui::IsWindowHovered() && ImGui::IsMouseClicked(0) && mouse.x < origin.x + inner.x) {
            selecting_ = true;
            sel_a_ = sel_b_ = cell_at(mouse);
        } else if (selecting_ && ImGui::IsMouseDown(0)) {
            sel_b_ = cell_at(mouse);
        } else if (selecting_) {
            selecting_ = false;
            if (sel_a_.line == sel_b_.line && sel_a_.col == sel_b_.col) sel_a_ = sel_b_ = Cell{};
        }
        Cell s0 = sel_a_, s1 = sel_b_;
        if (s1.line < s0.line || (s1.line == s0.line && s1.col < s0.col)) std::swap(s0, s1);
        const bool has_selection = s0.line != s1.line || s0.col != s1.col;
        shell_.with_screen([&](const core::TerminalScreen& screen) {
            line_count = screen.line_count();
            cursor_line = screen.cursor_line();
            changed_ = screen.version() != version_;
            version_ = screen.version();
            if (screen.dropped_lines() != dropped_) {  // the scrollback moved under the selection
                dropped_ = screen.dropped_lines();
                sel_a_ = sel_b_ = Cell{};
            }
            if (copy_selection_ && has_selection) {
                const std::string text = screen.text_range(s0.line, s0.col, s1.line, s1.col);
                glfwSetClipboardString(window_, text.c_str());
            }
            copy_selection_ = false;
            const float scroll = ImGui::GetScrollY();
            const int first = std::max(0, static_cast<int>(scroll / lh) - 1);
            const int last = std::min(line_count, first + rows + 3);
            std::string run;
            for (int i = first; i < last; ++i) {
                const auto& cells = screen.cells(i);
                const float ly = origin.y + static_cast<float>(i) * lh;
                if (has_selection && i >= s0.line && i <= s1.line) {
                    const int c0 = i == s0.line ? s0.col : 0;
                    const int c1 = i == s1.line ? s1.col : cols;
                    draw->AddRectFilled(ImVec2(origin.x + static_cast<float>(c0) * cw, ly),
                                        ImVec2(origin.x + static_cast<float>(c1) * cw, ly + lh),
                                        IM_COL32(0x3a, 0x5f, 0x9a, 200));
                }
                int run_start = 0;
                int run_color = -2;
                auto flush = [&](int end_col) {
                    if (!run.empty()) {
                        draw->AddText(mono, font_size, ImVec2(origin.x + static_cast<float>(run_start) * cw, ly),
                                      run_color < 0 ? kForeground : palette(run_color), run.c_str());
                    }
                    run.clear();
                    run_start = end_col;
                };
                for (int c = 0; c < static_cast<int>(cells.size()); ++c) {
                    const core::TerminalScreen::Cell& cell = cells[static_cast<std::size_t>(c)];
                    if (cell.kind == core::TerminalScreen::Cell::Cont) continue;
                    // Runs of one colour and single-width cells; a wide character is drawn
                    // at its own cell so what follows it stays on the grid.
                    if (cell.color != run_color || cell.kind == core::TerminalScreen::Cell::Wide || run.empty()) {
                        flush(c);
                        run_color = cell.color;
                    }
                    run += cell.text.empty() ? std::string(" ") : cell.text;
                    if (cell.kind == core::TerminalScreen::Cell::Wide) flush(c + 2);
                }
                flush(0);
            }
            if (screen.cursor_visible()) {
                const ImVec2 a(origin.x + static_cast<float>(screen.cursor_col()) * cw,
                               origin.y + static_cast<float>(screen.cursor_line()) * lh);
                const ImVec2 b(a.x + cw, a.y + lh);
                if (focused) {
                    draw->AddRectFilled(a, b, IM_COL32(0xe6, 0xe6, 0xe6, 170));
                } else {
                    draw->AddRect(a, b, IM_COL32(0xe6, 0xe6, 0xe6, 170));
                }
            }
        });
        geometry_[0] = origin.x;
        geometry_[1] = origin.y;
        geometry_[2] = cw;
        geometry_[3] = lh;
        ImGui::Dummy(ImVec2(static_cast<float>(cols) * cw, static_cast<float>(std::max(line_count, cursor_line + 1)) * lh));
        if (stick && changed_) ImGui::SetScrollY(std::max(0.0f, static_cast<float>(line_count) * lh - inner.y));
        if (ImGui::BeginPopupContextWindow("console-menu")) {
            if (ImGui::MenuItem("Copy", "Ctrl+Shift+C", false, has_selection)) copy_selection_ = true;
            if (ImGui::MenuItem("Copy all text")) {
                std::string text;
                shell_.with_screen([&](const core::TerminalScreen& s) { text = s.text(); });
                glfwSetClipboardString(window_, text.c_str());
            }
            if (ImGui::MenuItem("Paste", "Ctrl+V")) paste();
            ImGui::EndPopup();
        }
        ImGui::PopFont();
        ImGui::EndChild();
        if (shell_.busy()) {
            ImGui::TextColored(ImVec4(0.95f, 0.8f, 0.35f, 1.0f), "Running: Ctrl+C interrupts");
        } else if (shell_.finished()) {
            ImGui::TextDisabled("The session has ended.");
        } else {
            ImGui::TextDisabled("Ready");
        }
        ImGui::SameLine();
        ImGui::TextDisabled("   F2: panels   Ctrl+Tab: switch pane   drag: select, Ctrl+Shift+C: copy");
        ImGui::End();
        ImGui::PopStyleColor();
    }

    bool changed() const { return changed_; }
    bool had_keyboard() const { return had_keyboard_; }  // this frame's keys went to the console
    // Where line 0's first cell is on screen (scrolled), and a cell's width and height.
    const float* geometry() const { return geometry_; }

    void paste() {
        const char* text = glfwGetClipboardString(window_);
        if (text == nullptr || *text == '\0') return;
        bool bracketed = true;
        shell_.with_screen([&](const core::TerminalScreen& s) { bracketed = s.bracketed_paste(); });
        shell_.send_input(gui::paste_bytes(text, bracketed));
    }

private:
    // This frame's keys and characters → terminal bytes. True when something was sent.
    bool handle_keys() {
        bool sent = false;
        for (const InputEvent& e : g_events) {
            if (e.is_char) {
                const std::string bytes = gui::char_bytes(e.codepoint, e.mods);
                if (!bytes.empty()) shell_.send_input(bytes), sent = true;
                continue;
            }
            const bool ctrl = (e.mods & GLFW_MOD_CONTROL) != 0;
            const bool shift = (e.mods & GLFW_MOD_SHIFT) != 0;
            if (ctrl && !shift && e.key == GLFW_KEY_C) {
                shell_.interrupt();
                sent = true;
                continue;
            }
            if (ctrl && shift && e.key == GLFW_KEY_C) {  // copy the selection (Ctrl+C is interrupt)
                copy_selection_ = true;
                continue;
            }
            if ((ctrl && e.key == GLFW_KEY_V) || (shift && e.key == GLFW_KEY_INSERT)) {
                paste();
                sent = true;
                continue;
            }
            if (ctrl && e.key == GLFW_KEY_TAB) continue;  // Dear ImGui's window switching
            if (shift && !ctrl && (e.key == GLFW_KEY_PAGE_UP || e.key == GLFW_KEY_PAGE_DOWN)) {
                page_scroll_ += e.key == GLFW_KEY_PAGE_UP ? -1 : 1;
                continue;
            }
            const std::string bytes = gui::key_bytes(e.key, e.mods);
            if (!bytes.empty()) shell_.send_input(bytes), sent = true;
        }
        return sent;
    }

    gui::GuiShell& shell_;
    GLFWwindow* window_;
    std::uint64_t version_ = ~std::uint64_t{0};
    bool changed_ = true;
    int page_scroll_ = 0;  // pages to scroll this frame (Shift+Page Up/Down)
    struct Cell {
        int line = 0, col = 0;  // col: the boundary before that cell
    };
    Cell sel_a_, sel_b_;       // the selection's anchor and moving end (equal: none)
    bool selecting_ = false;   // the mouse button is down, dragging out a selection
    bool copy_selection_ = false;
    std::size_t dropped_ = 0;  // TerminalScreen::dropped_lines() the selection belongs to
    bool had_keyboard_ = false;
    float geometry_[4] = {0, 0, 0, 0};
};

// --dump-screen: the console text, then the Variables panel's rows.
void dump_screen(const std::string& path, gui::GuiShell& shell, const inspector::Panels& panels, const Console& console) {
    std::string text;
    shell.with_screen([&](const core::TerminalScreen& s) { text = s.text(); });
    text += "\n--- variables ---\n";
    for (const inspector::VariableRow& row : panels.variables().rows()) {
        if (row.value == nullptr) continue;
        text += std::string(static_cast<std::size_t>(row.depth) * 2, ' ') + row.value->name + " : " + row.value->type +
                " = " + row.value->repr + "\n";
    }
    text += "--- items ---\n";  // where the panels drew their rows and buttons (tests click them)
    {
        const float* g = console.geometry();  // the console's cell grid: line 0's origin, cell size
        char grid[128];
        std::snprintf(grid, sizeof grid, "Console\tgrid\t%.1f %.1f %.2f %.2f\tcells\n", g[0], g[1], g[2], g[3]);
        text += grid;
    }
    for (const inspector::DrawnItem& item : panels.drawn_items()) {
        char rect[96];
        std::snprintf(rect, sizeof rect, "%.0f %.0f %.0f %.0f", item.x, item.y, item.w, item.h);
        std::string id = item.text;
        for (char& c : id) if (c == '\n' || c == '\x1f') c = c == '\n' ? ' ' : '/';
        text += item.panel + "\t" + item.kind + "\t" + rect + "\t" + id + "\n";
    }
    text += shell.busy() ? "--- busy ---\n" : "--- idle ---\n";
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out) return;
    }
    std::rename(tmp.c_str(), path.c_str());
}

// AddressSanitizer builds: the GL driver (Mesa's *_dri.so, dlopen'ed by libGL) keeps a few
// bytes to the end, which LeakSanitizer reports as "<unknown module>" once glfwTerminate has
// unloaded it. Pinning the driver keeps its name, which native/sanitizer_defaults.cpp
// suppresses; pyshell's own leaks are still reported.
void pin_gl_driver_for_leak_checks() {
#if defined(__SANITIZE_ADDRESS__)
    dl_iterate_phdr([](dl_phdr_info* info, size_t, void*) {
        if (info->dlpi_name != nullptr && std::strstr(info->dlpi_name, "_dri.so") != nullptr) {
            dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
        }
        return 0;
    }, nullptr);
#endif
}

int run(const Args& args, const char* argv0) {
    glfwSetErrorCallback([](int code, const char* what) { std::fprintf(stderr, "pyshell-gui: GLFW error %d: %s\n", code, what); });
    if (!glfwInit()) {
        std::fprintf(stderr, "pyshell-gui: cannot open a window (no display? DISPLAY=%s)\n",
                     std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "");
        return 1;
    }
    // OpenGL 3.0 + GLSL 130: what Dear ImGui's Linux example uses; Mesa provides it in
    // software too (Xvfb), so the window opens on any X server.
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(args.width, args.height, "pyshell", nullptr, nullptr);
    if (window == nullptr) {
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    pin_gl_driver_for_leak_checks();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is computed each frame; nothing to keep
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // Ours first: Dear ImGui's backend calls the callbacks it finds installed after its own.
    glfwSetKeyCallback(window, on_key);
    glfwSetCharModsCallback(window, on_char_mods);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    // HiDPI: text is rasterised at the monitor's content scale; ImGui's coordinates are
    // window coordinates, which on some systems (macOS, Wayland) are the framebuffer divided
    // by a ratio: the UI scale is what is left. Dear ImGui 1.92 rasterises at that ratio by
    // itself (io.DisplayFramebufferScale, from the GLFW backend), so the fonts and the panels
    // only get the UI scale (style.FontScaleDpi). PYSHELL_GUI_SCALE overrides.
    auto scales = [&](float& content, float& ratio) {
        float sx = 1, sy = 1;
        glfwGetWindowContentScale(window, &sx, &sy);
        int ww = 0, wh = 0, fw = 0, fh = 0;
        glfwGetWindowSize(window, &ww, &wh);
        glfwGetFramebufferSize(window, &fw, &fh);
        ratio = ww > 0 && fw > 0 ? static_cast<float>(fw) / static_cast<float>(ww) : 1.0f;
        content = std::max(sx, ratio);
        if (const char* env = std::getenv("PYSHELL_GUI_SCALE")) {
            const float forced = std::strtof(env, nullptr);
            if (forced > 0.25f && forced < 8.0f) content = forced * ratio;
        }
    };
    float content_scale = 0, fb_ratio = 0;
    scales(content_scale, fb_ratio);
    const Fonts fonts = load_fonts();
    ImGui::GetStyle().FontScaleDpi = content_scale / fb_ratio;

    const app::PlatformPaths paths = app::platform_paths(argv0);
    gui::GuiShell::Options options;
    options.config = app::host_config(paths);
    if (!args.home.empty()) options.config.working_dir = args.home;
    options.quiet = args.quiet;
    options.history_file = app::FileHistoryStore::default_path();
    gui::GuiShell shell(options);

    inspector::PanelActions actions;
    bool focus_console = true;
    actions.request = [&](const core::inspect::Request& r) { shell.request(core::inspect::to_json(r)); };
    actions.insert_line = [&](const std::string& line) {
        bool bracketed = true;
        shell.with_screen([&](const core::TerminalScreen& s) { bracketed = s.bracketed_paste(); });
        shell.send_input(gui::paste_bytes(line, bracketed));
        focus_console = true;
    };
    actions.offer_download = false;  // natively the file is already on disk
    inspector::Panels panels(actions);
    panels.set_record_items(!args.dump_screen.empty());
    panels.set_ui_scale(content_scale / fb_ratio);
    bool show_panels = args.panels;
    shell.set_snapshots_wanted(show_panels);

    if (!shell.start([] { glfwPostEmptyEvent(); })) {
        std::fprintf(stderr, "pyshell-gui: cannot start the interpreter thread\n");
        return 1;
    }
    shell.request(core::inspect::to_json(core::inspect::Request{}));  // the first snapshot
    Console console(shell, window);
    bool was_busy = false;
    int idle_frames = 0;
    std::uint64_t dumped_version = 0;
    bool dump_due = true;
    std::string dumped_items;

    while (!glfwWindowShouldClose(window)) {
        // Sleep until something happens (input, output, a snapshot); a few frames after it,
        // so hover and animations settle.
        if (idle_frames > 3) glfwWaitEventsTimeout(0.5);
        else glfwPollEvents();

        float content = 0, ratio = 0;
        scales(content, ratio);
        if (content != content_scale || ratio != fb_ratio) {  // moved to another monitor
            content_scale = content;
            fb_ratio = ratio;
            ImGui::GetStyle().FontScaleDpi = content_scale / fb_ratio;  // glyphs get baked at the new size
            panels.set_ui_scale(content_scale / fb_ratio);
        }

        for (const std::string& message : shell.take_messages()) {
            if (!panels.handle_message(message)) std::fprintf(stderr, "pyshell-gui: inspector: %s\n", panels.last_error().c_str());
            dump_due = true;
        }
        if (shell.busy() != was_busy) {
            was_busy = shell.busy();
            panels.set_busy(was_busy);
            dump_due = true;
        }

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        bool global_key = false;
        for (const InputEvent& e : g_events) {
            if (!e.is_char && e.key == GLFW_KEY_F2) {
                show_panels = !show_panels;
                shell.set_snapshots_wanted(show_panels);
                if (show_panels) shell.request(core::inspect::to_json(core::inspect::Request{}));
                global_key = true;
            }
        }
        const ImVec2 display = io.DisplaySize;
        const float console_w = show_panels ? std::floor(display.x * 0.58f) : display.x;
        console.draw(0, 0, console_w, display.y, fonts.mono, false);
        if (show_panels) panels.draw_in(console_w, 0, display.x - console_w, display.y);
        if (shell.busy() && !io.WantTextInput && !console.had_keyboard()) {
            // Ctrl+C stops running code wherever the keyboard is, except in a text field
            // (there it copies); in the console, the console handled it already.
            for (const InputEvent& e : g_events) {
                if (!e.is_char && e.key == GLFW_KEY_C && e.mods == GLFW_MOD_CONTROL) shell.interrupt();
            }
        }
        if (focus_console) {  // after the panels: a window seen for the first time takes the focus
            ImGui::SetWindowFocus("Console");
            focus_console = false;
        }
        ImGui::Render();

        int fw = 0, fh = 0;
        glfwGetFramebufferSize(window, &fw, &fh);
        glViewport(0, 0, fw, fh);
        glClearColor(0.09f, 0.09f, 0.11f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);

        const bool active = !g_events.empty() || console.changed() || global_key || io.MouseDown[0] ||
                            io.MouseWheel != 0.0f || ImGui::IsAnyItemActive();
        idle_frames = active ? 0 : idle_frames + 1;
        g_events.clear();

        if (!args.dump_screen.empty()) {
            std::uint64_t version = 0;
            shell.with_screen([&](const core::TerminalScreen& s) { version = s.version(); });
            std::string signature;
            for (const inspector::DrawnItem& item : panels.drawn_items()) {
                signature += item.text;
                signature += std::to_string(static_cast<int>(item.y));
            }
            if (signature != dumped_items) {
                dumped_items = signature;
                dump_due = true;
            }
            if (dump_due || version != dumped_version) {
                dump_screen(args.dump_screen, shell, panels, console);
                dumped_version = version;
                dump_due = false;
            }
        }
        if (shell.finished()) glfwSetWindowShouldClose(window, GLFW_TRUE);  // exit(), Ctrl-D
    }

    // Closing while code runs: interrupt it and give it a moment; code that will not stop
    // is not waited for (the process ends without finalising Python).
    const bool ended = shell.close(3.0);
    const int status = shell.finished() ? shell.exit_status() : 0;
    if (!ended) {  // the interpreter thread still uses the shell: end here, without teardown
        std::fprintf(stderr, "pyshell-gui: the running code did not stop; leaving without finalising Python\n");
        std::fflush(nullptr);
        std::_Exit(status);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s: %s needs a value\n", argv[0], a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "-q") {
            args.quiet = true;
        } else if (a == "--home") {
            args.home = value();
        } else if (a == "--size") {
            const std::string v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &args.width, &args.height) != 2 || args.width < 200 || args.height < 150) {
                std::fprintf(stderr, "%s: --size wants WIDTHxHEIGHT (at least 200x150), not '%s'\n", argv[0], v.c_str());
                return 2;
            }
        } else if (a == "--no-panels") {
            args.panels = false;
        } else if (a == "--dump-screen") {
            args.dump_screen = value();
        } else if (a == "-h" || a == "--help") {
            usage(stdout, argv[0]);
            return 0;
        } else {
            usage(stderr, argv[0]);
            return 2;
        }
    }
    if (!args.home.empty() && access(args.home.c_str(), R_OK | X_OK) != 0) {
        std::fprintf(stderr, "%s: --home %s: %s\n", argv[0], args.home.c_str(), std::strerror(errno));
        return 2;
    }
    return run(args, argv[0]);
}

// web/inspector/inspector_main.cpp: the page's inspector, a second small wasm module (no
// CPython) that runs on the page's main thread and draws the Dear ImGui panels
// (pyshell::inspector::Panels: Variables, Files, History) into a <canvas> beside the terminal
// with WebGL2, through Emscripten's built-in GLFW and ImGui's GLFW + OpenGL3 backends.
//
//   web/lib/inspector_page.js ──inspector_feed(json) / inspector_set_busy──▶ this module
//   this module ──EM_JS: CustomEvents pyshell:inspect-request / pyshell:insert-line──▶ main.js
//
// It draws only when something changed (input on the canvas, a message, a resize) and not
// at all while the panel is hidden, so an idle panel costs the page nothing. The canvas's
// backing store follows its CSS size times devicePixelRatio; the font (DejaVu Sans, cut to
// the scripts the panels draw: inspector-font.ttf, passed in by the page) is drawn at 16 px
// times that ratio and the panels' style scaled by it, so text is sharp on HiDPI screens.
// Dear ImGui 1.92 bakes each glyph when it is first drawn, at the size drawn, and the
// OpenGL3 backend uploads the atlas texture as it grows (ImGuiBackendFlags_RendererHasTextures).
// inspector_capture_text() records what the next frame drew (its text, read back from the
// draw data, and the panels' drawn items as JSON), which the page test checks.
#include <emscripten.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "drawn_text.h"

#include "core/inspect_model.h"
#include "inspector/panels.h"

namespace {

// The panels' font size at scale 1 (as pyshell-gui's). inspector-font.ttf holds what
// cmake/web.cmake cuts DejaVu Sans to (U+0020-024F, 0370-03FF, 0400-04FF, 2000-206F,
// 2190-21FF, 2500-259F, FFFD: Latin, Greek, Cyrillic, punctuation "…", arrows, boxes);
// Dear ImGui 1.92 bakes the glyphs drawn, from whatever the font has, so no ranges here.
constexpr float kFontPixels = 16.0f;
constexpr int kFramesAfterChange = 20;     // frames drawn after a change: ImGui settles hover, layout, scrolling

struct InspectorWeb {
    GLFWwindow* window = nullptr;
    float scale = 0;            // devicePixelRatio the font and style are scaled for
    int width = 0, height = 0;  // canvas backing store, device pixels
    int frames_left = kFramesAfterChange;
    bool capture = false;       // record what the next frame draws
    std::string drawn_text;     // the last captured frame's text
    std::string drawn_items;    // ... and the panels' items, as JSON
    bool builtin_font = true;   // ImGui's ProggyClean (13 px), until inspector-font.ttf is in
    std::unique_ptr<pyshell::inspector::Panels> panels;
};

InspectorWeb app;

void wake() { app.frames_left = kFramesAfterChange; }

}  // namespace

// ---- JS side, inside the module's factory (Module is the instance createInspector made) ----

// The panels' requests and History clicks become the page hooks main.js serves.
EM_JS(void, inspector_js_request, (const char* json), {
    window.dispatchEvent(new CustomEvent('pyshell:inspect-request', { detail: { json: UTF8ToString(json) } }));
});
EM_JS(void, inspector_js_insert_line, (const char* text), {
    window.dispatchEvent(new CustomEvent('pyshell:insert-line', { detail: { text: UTF8ToString(text) } }));
});

// The canvas's CSS size (CSS pixels) and the device pixel ratio, written to *w, *h, *dpr.
EM_JS(void, inspector_js_canvas_metrics, (double* w, double* h, double* dpr), {
    var c = Module['canvas'];
    var r = c.getBoundingClientRect();
    HEAPF64[w >> 3] = r.width;
    HEAPF64[h >> 3] = r.height;
    HEAPF64[dpr >> 3] = window.devicePixelRatio || 1;
});

// Emscripten's GLFW listens for keys on `window`, so every key typed into the terminal
// would reach ImGui too, and it cancels Backspace and Tab page-wide. Move those listeners to
// the canvas (focusable, tabindex=0): the panels get keys only while they have the focus.
EM_JS(void, inspector_js_keys_to_canvas, (void), {
    var c = Module['canvas'];
    ['keydown', 'keypress', 'keyup'].forEach(function (type) {
        var handler = { keydown: GLFW.onKeydown, keypress: GLFW.onKeyPress, keyup: GLFW.onKeyup }[type];
        window.removeEventListener(type, handler, true);
        c.addEventListener(type, handler, true);
    });
    if (!c.hasAttribute('tabindex')) c.setAttribute('tabindex', '0');
    // A click gives the canvas the keyboard (GLFW's mousedown handler does not focus it).
    c.addEventListener('mousedown', function () { if (document.activeElement !== c) c.focus({ preventScroll: true }); });
});

// No WebGL2 here: say so in the panel's place instead of leaving it blank.
EM_JS(void, inspector_js_fail, (const char* message), {
    if (Module['onInspectorError']) Module['onInspectorError'](UTF8ToString(message));
});

namespace {

// Font and style for `scale` device pixels per CSS pixel (a new monitor or a browser zoom
// changes it): ImGui's coordinates here are device pixels. Dear ImGui 1.92 draws the font at
// style.FontSizeBase × style.FontScaleDpi and bakes glyphs at that size as they are drawn:
// a new scale is a style change, not a rebuild of the font.
void set_scale(float scale) {
    // ProggyClean is a pixel font: below its 13 px it is unreadable.
    ImGui::GetStyle().FontScaleDpi = app.builtin_font ? std::max(1.0f, scale) : scale;
    app.panels->set_ui_scale(scale);
    app.scale = scale;
}

// The panels' font: ImGui's built-in one at start, inspector-font.ttf once the page has it
// (the built-in one then stays in the atlas, unused). Between frames only.
void use_builtin_font() {
    ImGuiIO& io = ImGui::GetIO();
    io.FontDefault = io.Fonts->AddFontDefault();  // ProggyClean, 13 px
    ImGui::GetStyle().FontSizeBase = io.FontDefault->LegacySize;
    app.builtin_font = true;
}

// Takes `data` (malloc'ed by the page with this module's malloc; the atlas frees it).
void use_font(unsigned char* data, int size) {
    ImGuiIO& io = ImGui::GetIO();
    // Not a font stb_truetype can read: AddFont returns null (and frees the bytes) instead of
    // asserting, and the panels go on with the built-in font.
    const bool asserts = io.ConfigErrorRecoveryEnableAssert;
    io.ConfigErrorRecoveryEnableAssert = false;
    ImFontConfig config;  // FontDataOwnedByAtlas: no copy, the atlas owns the bytes
    ImFont* font = io.Fonts->AddFontFromMemoryTTF(data, size, kFontPixels, &config);
    io.ConfigErrorRecoveryEnableAssert = asserts;
    if (!font) {
        std::fprintf(stderr, "pyshell inspector: inspector-font.ttf could not be read; using ImGui's built-in font\n");
        return;
    }
    io.FontDefault = font;
    ImGui::GetStyle().FontSizeBase = font->LegacySize;
    app.builtin_font = false;
    set_scale(app.scale > 0 ? app.scale : 1.0f);
}

// Keeps the backing store at CSS size × devicePixelRatio; true when it changed.
bool fit_canvas() {
    double css_w = 0, css_h = 0, dpr = 1;
    inspector_js_canvas_metrics(&css_w, &css_h, &dpr);
    if (css_w < 1 || css_h < 1) return false;  // hidden or not laid out yet
    const int w = static_cast<int>(std::lround(css_w * dpr));
    const int h = static_cast<int>(std::lround(css_h * dpr));
    bool changed = false;
    if (w != app.width || h != app.height) {
        glfwSetWindowSize(app.window, w, h);  // sets canvas.width/height; CSS keeps its size
        app.width = w;
        app.height = h;
        changed = true;
    }
    if (static_cast<float>(dpr) != app.scale) {
        set_scale(static_cast<float>(dpr));
        changed = true;
    }
    return changed;
}

void append_json_string(std::string& out, const std::string& text) {
    out += '"';
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

// The panels' drawn items as a JSON array of {panel, kind, text, x, y, w, h} (device pixels).
std::string items_json(const std::vector<pyshell::inspector::DrawnItem>& items) {
    std::string out = "[";
    for (const auto& item : items) {
        if (out.size() > 1) out += ',';
        out += "{\"panel\":";
        append_json_string(out, item.panel);
        out += ",\"kind\":";
        append_json_string(out, item.kind);
        out += ",\"text\":";
        append_json_string(out, item.text);
        char rect[160];
        std::snprintf(rect, sizeof rect, ",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", item.x, item.y, item.w, item.h);
        out += rect;
    }
    out += ']';
    return out;
}

void frame() {
    if (fit_canvas()) wake();
    if (app.frames_left <= 0 && !app.capture) return;  // nothing changed: draw nothing
    --app.frames_left;

    ImGuiIO& io = ImGui::GetIO();
    const ImTextureData* texture = io.Fonts->TexData;  // the atlas's texture before this frame
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    const bool capture = app.capture;
    app.panels->set_record_items(capture);
    const ImVec2 size = io.DisplaySize;
    app.panels->draw_in(0, 0, size.x, size.y);
    ImGui::Render();
    // A frame that grew the atlas (new glyphs did not fit) drew its first text on the old
    // texture, which drawn_text cannot read back: the next frame is captured instead.
    if (capture && io.Fonts->TexData == texture) {
        app.drawn_text = pyshell::inspector_web::drawn_text(*ImGui::GetDrawData(), *io.Fonts);
        app.drawn_items = items_json(app.panels->drawn_items());
        app.capture = false;
    }

    glViewport(0, 0, app.width, app.height);
    glClearColor(0.118f, 0.118f, 0.118f, 1.0f);  // the page's --bg, #1e1e1e
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());  // also creates and updates the atlas texture
}

// Any input on the canvas: draw the next frames. ImGui's backend calls these before its own
// handling (they are installed before it, so it chains to them). Keys go to ImGui through
// the backend: ImGui (1.87 on) queues input events and spreads a key's down and up over two
// frames (io.ConfigInputTrickleEventQueue), so a quick tap between two slow frames is kept.
void on_cursor(GLFWwindow*, double, double) { wake(); }
void on_button(GLFWwindow*, int, int, int) { wake(); }
void on_scroll(GLFWwindow*, double x, double y) {
#ifndef EMSCRIPTEN_USE_PORT_CONTRIB_GLFW3
    // 1.92's GLFW backend drops the scroll events of Emscripten's built-in GLFW: it wants its
    // own wheel listener, from ImGui_ImplGlfw_InstallEmscriptenCallbacks, which also resizes
    // the canvas to its CSS size (against fit_canvas). The wheel goes to ImGui from here, as
    // the backend passed it before.
    ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(x), static_cast<float>(y));
#else
    (void)x, (void)y;
#endif
    wake();
}
void on_key(GLFWwindow*, int, int, int, int) { wake(); }
void on_char(GLFWwindow*, unsigned int) { wake(); }
void on_focus(GLFWwindow*, int) { wake(); }
void on_enter(GLFWwindow*, int) { wake(); }

}  // namespace

// ---- called from JS (web/lib/inspector_page.js) ----
extern "C" {

// A snapshot / children / preview reply (the detail.json of pyshell:inspect). 1 if taken,
// 0 if malformed (the panels keep what they had).
EMSCRIPTEN_KEEPALIVE int inspector_feed(const char* json) {
    wake();
    if (app.panels->handle_message(std::string_view(json))) return 1;
    std::fprintf(stderr, "pyshell inspector: a malformed message was ignored: %s\n", app.panels->last_error().c_str());
    return 0;
}

// Python started (1) or finished (0) running an entry.
EMSCRIPTEN_KEEPALIVE void inspector_set_busy(int busy) {
    app.panels->set_busy(busy != 0);
    wake();
}

// The panel was shown (1: draw again, refit) or hidden (0: stop the frame loop).
EMSCRIPTEN_KEEPALIVE void inspector_set_visible(int visible) {
    if (visible) {
        wake();
        emscripten_resume_main_loop();
    } else {
        emscripten_pause_main_loop();
    }
}

// 1 while a widget holds the keyboard (the filter box, a preview): Escape is then ImGui's.
EMSCRIPTEN_KEEPALIVE int inspector_item_active() { return ImGui::GetCurrentContext() && ImGui::IsAnyItemActive() ? 1 : 0; }

// Draw again (the canvas moved or the page asks for it).
EMSCRIPTEN_KEEPALIVE void inspector_wake() { wake(); }

// Record the text of the next drawn frame; inspector_drawn_text() then returns it (NULL
// until that frame is drawn).
EMSCRIPTEN_KEEPALIVE void inspector_capture_text() {
    app.capture = true;
    app.drawn_text.clear();
}
EMSCRIPTEN_KEEPALIVE const char* inspector_drawn_text() { return app.capture ? nullptr : app.drawn_text.c_str(); }
EMSCRIPTEN_KEEPALIVE const char* inspector_drawn_items() { return app.capture ? nullptr : app.drawn_items.c_str(); }

// The font (inspector-font.ttf's bytes, malloc'ed by the page; the module takes them).
EMSCRIPTEN_KEEPALIVE void inspector_set_font(unsigned char* data, int size) {
    use_font(data, size);
    wake();
}

}  // extern "C"

int main() {
    if (!glfwInit()) {
        inspector_js_fail("GLFW could not start in this page.");
        return 1;
    }
    // WebGL2 (OpenGL ES 3.0): what imgui_impl_opengl3's "#version 300 es" shaders need.
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    app.window = glfwCreateWindow(300, 300, "pyshell inspector", nullptr, nullptr);
    if (!app.window) {
        inspector_js_fail("This browser gave the page no WebGL2, which the inspector draws with.");
        return 1;
    }
    glfwMakeContextCurrent(app.window);
    inspector_js_keys_to_canvas();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini: the module has no file system
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

    glfwSetCursorPosCallback(app.window, on_cursor);
    glfwSetMouseButtonCallback(app.window, on_button);
    glfwSetScrollCallback(app.window, on_scroll);
    glfwSetKeyCallback(app.window, on_key);
    glfwSetCharCallback(app.window, on_char);
    glfwSetWindowFocusCallback(app.window, on_focus);
    glfwSetCursorEnterCallback(app.window, on_enter);
    ImGui_ImplGlfw_InitForOpenGL(app.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");  // sets ImGuiBackendFlags_RendererHasTextures

    pyshell::inspector::PanelActions actions;
    actions.request = [](const pyshell::core::inspect::Request& request) {
        inspector_js_request(pyshell::core::inspect::to_json(request).c_str());
    };
    actions.insert_line = [](const std::string& line) { inspector_js_insert_line(line.c_str()); };
    actions.offer_download = true;  // the page's download path saves the file to the computer
    app.panels = std::make_unique<pyshell::inspector::Panels>(std::move(actions));

    use_builtin_font();
    fit_canvas();
    if (app.scale == 0) set_scale(1.0f);  // not laid out yet: 1 until the first fit

    // requestAnimationFrame drives frame(); main returns, the runtime stays (EXIT_RUNTIME=0).
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}

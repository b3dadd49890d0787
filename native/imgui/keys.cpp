// pyshell-gui's key translation: see keys.h.
#include "keys.h"

#include <GLFW/glfw3.h>

#include "core/text.h"

namespace pyshell::gui {

namespace {

// xterm's modifier parameter: 1 + Shift(1) + Alt(2) + Ctrl(4).
int xterm_modifier(int mods) {
    return 1 + ((mods & GLFW_MOD_SHIFT) ? 1 : 0) + ((mods & GLFW_MOD_ALT) ? 2 : 0) + ((mods & GLFW_MOD_CONTROL) ? 4 : 0);
}

// CSI final-letter keys (arrows, Home, End): "\x1b[A", or "\x1b[1;5A" with modifiers.
std::string csi_letter(char letter, int mods) {
    const int m = xterm_modifier(mods);
    if (m == 1) return std::string("\x1b[") + letter;
    return "\x1b[1;" + std::to_string(m) + letter;
}

// CSI number-tilde keys (Delete, Insert, Page Up/Down): "\x1b[3~", or "\x1b[3;5~".
std::string csi_tilde(int number, int mods) {
    const int m = xterm_modifier(mods);
    if (m == 1) return "\x1b[" + std::to_string(number) + "~";
    return "\x1b[" + std::to_string(number) + ";" + std::to_string(m) + "~";
}

}  // namespace

std::string key_bytes(int key, int mods) {
    const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0;
    const bool alt = (mods & GLFW_MOD_ALT) != 0;
    const std::string meta = alt ? "\x1b" : "";
    switch (key) {
        case GLFW_KEY_ENTER:
        case GLFW_KEY_KP_ENTER:
            return meta + "\r";
        case GLFW_KEY_BACKSPACE:
            return meta + (ctrl ? "\x08" : "\x7f");
        case GLFW_KEY_TAB:
            return (mods & GLFW_MOD_SHIFT) ? "\x1b[Z" : meta + "\t";
        case GLFW_KEY_ESCAPE:
            return "\x1b";
        case GLFW_KEY_UP: return csi_letter('A', mods);
        case GLFW_KEY_DOWN: return csi_letter('B', mods);
        case GLFW_KEY_RIGHT: return csi_letter('C', mods);
        case GLFW_KEY_LEFT: return csi_letter('D', mods);
        case GLFW_KEY_HOME: return csi_letter('H', mods);
        case GLFW_KEY_END: return csi_letter('F', mods);
        case GLFW_KEY_INSERT: return csi_tilde(2, mods);
        case GLFW_KEY_DELETE: return csi_tilde(3, mods);
        case GLFW_KEY_PAGE_UP: return csi_tilde(5, mods);
        case GLFW_KEY_PAGE_DOWN: return csi_tilde(6, mods);
        default:
            break;
    }
    if (!ctrl) return std::string();  // text comes through char_bytes
    if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) return meta + static_cast<char>(key - GLFW_KEY_A + 1);
    switch (key) {
        case GLFW_KEY_SPACE:
        case GLFW_KEY_2:  // Ctrl-@
            return meta + std::string(1, '\0');
        case GLFW_KEY_LEFT_BRACKET: return "\x1b";
        case GLFW_KEY_BACKSLASH: return meta + "\x1c";
        case GLFW_KEY_RIGHT_BRACKET: return meta + "\x1d";
        case GLFW_KEY_6: return meta + "\x1e";  // Ctrl-^
        case GLFW_KEY_MINUS:                    // Ctrl-_ (undo), as xterm sends for Ctrl+-
        case GLFW_KEY_SLASH:
            return meta + "\x1f";
        default:
            return std::string();
    }
}

std::string char_bytes(unsigned int codepoint, int mods) {
    if ((mods & GLFW_MOD_CONTROL) != 0) return std::string();
    if (codepoint < 0x20 || codepoint == 0x7F || codepoint > 0x10FFFF || (codepoint >= 0xD800 && codepoint <= 0xDFFF)) {
        return std::string();
    }
    std::string out = (mods & GLFW_MOD_ALT) != 0 ? "\x1b" : "";
    core::append_utf8(out, static_cast<char32_t>(codepoint));
    return out;
}

std::string paste_bytes(std::string_view text, bool bracketed) {
    std::string body;
    body.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            body += '\r';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (text[i] == '\n') {
            body += '\r';
        } else {
            body += text[i];
        }
    }
    if (!bracketed) return body;
    const std::string end_marker = "\x1b[201~";
    for (std::size_t at; (at = body.find(end_marker)) != std::string::npos;) body.erase(at, end_marker.size());
    return "\x1b[200~" + body + end_marker;
}

}  // namespace pyshell::gui

// pyshell-gui's keyboard: GLFW key and character events turned into the bytes a terminal
// (xterm) sends for them, so the console pane feeds the core's LineEditor exactly what the
// tty front end and xterm.js feed it. Supports: printable text (any Unicode, UTF-8), Enter,
// Backspace, Tab, Escape, Delete, Insert, arrows, Home/End, Page Up/Down, Ctrl+letter and
// Ctrl+[ \ ] ^ _ - @ space, Alt as an ESC prefix (Alt-B, Alt-Backspace), Ctrl/Alt/Shift
// with arrows, Home and End (xterm's "1;N" modifiers); pastes as bracketed pastes.
// Takes GLFW's key and modifier constants; no window or GL needed (unit-tested).
#pragma once

#include <string>
#include <string_view>

namespace pyshell::gui {

// The bytes for a key press or repeat (GLFW_KEY_*, GLFW_MOD_* bits); "" when the key sends
// nothing by itself (letters without Ctrl: they come as characters; modifiers alone).
std::string key_bytes(int glfw_key, int mods);

// The bytes for a typed character (GLFW's char-with-mods event); "" when Ctrl is held (the
// key event sends the control byte) or the code point is not a character.
std::string char_bytes(unsigned int codepoint, int mods);

// A paste: line endings become '\r' as a terminal sends them; wrapped in ESC[200~ … ESC[201~
// when `bracketed` (the editor asked for bracketed paste), and any ESC[201~ inside the text
// is dropped so the paste cannot end early.
std::string paste_bytes(std::string_view text, bool bracketed);

}  // namespace pyshell::gui

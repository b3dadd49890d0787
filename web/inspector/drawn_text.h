// web/inspector/drawn_text.h: reads back the text a Dear ImGui frame drew, from its draw
// data (every glyph is a textured quad whose UVs name one glyph of the font atlas), as lines
// top to bottom, left to right. The page test asserts on it ("x", "[1, 2, 3]" are in the
// Variables panel) without knowing how the panels are built; it sees exactly what reached
// the screen (text scrolled or clipped out of view is not there). imgui.h only.
#pragma once

#include <string>

struct ImDrawData;
struct ImFontAtlas;

namespace pyshell::inspector_web {

// The text of `draw_data` (after ImGui::Render()), drawn with fonts from `atlas`.
std::string drawn_text(const ImDrawData& draw_data, const ImFontAtlas& atlas);

}  // namespace pyshell::inspector_web

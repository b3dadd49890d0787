// web/inspector/drawn_text.h: reads back the text a Dear ImGui frame drew, from its draw
// data (every glyph is a textured quad whose UVs name one glyph of the font atlas), as lines
// top to bottom, left to right. The page test asserts on it ("x", "[1, 2, 3]" are in the
// Variables panel) without knowing how the panels are built; it sees exactly what reached
// the screen (text scrolled or clipped out of view is not there). No backend or GL: imgui.h,
// and imgui_internal.h for the atlas's glyphs of every size (Dear ImGui 1.92).
#pragma once

#include <string>

struct ImDrawData;
struct ImFontAtlas;

namespace pyshell::inspector_web {

// The text of `draw_data` (after ImGui::Render()), drawn with fonts from `atlas`. Text a
// frame drew before it grew the atlas (a new texture, the glyphs moved) is not read back:
// the next frame draws all of it on the new texture.
std::string drawn_text(const ImDrawData& draw_data, const ImFontAtlas& atlas);

}  // namespace pyshell::inspector_web

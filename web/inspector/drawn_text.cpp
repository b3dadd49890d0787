// web/inspector/drawn_text.cpp: see drawn_text.h. ImFont::RenderText emits each visible
// glyph as two triangles (a, b, c) (a, c, d) over four fresh vertices whose UVs are the
// glyph's (U0,V0) (U1,V0) (U1,V1) (U0,V1); glyphs cut by the clip rectangle get other UVs
// and are skipped, like those outside their draw command's clip rectangle.
#include "drawn_text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "imgui.h"

namespace pyshell::inspector_web {
namespace {

std::uint64_t uv_key(const ImVec2& uv) {
    std::uint32_t u, v;
    std::memcpy(&u, &uv.x, sizeof u);
    std::memcpy(&v, &uv.y, sizeof v);
    return (std::uint64_t{u} << 32) | v;
}

struct Placed {
    float x;        // the glyph's pen position
    float advance;  // where the next glyph would start, from x
    float space;    // the width of a space in this font and size
    unsigned codepoint;
};

}  // namespace

std::string drawn_text(const ImDrawData& draw_data, const ImFontAtlas& atlas) {
    struct GlyphOf {
        const ImFontGlyph* glyph;
        const ImFont* font;
    };
    std::unordered_map<std::uint64_t, GlyphOf> by_uv;
    for (const ImFont* font : atlas.Fonts) {
        for (const ImFontGlyph& g : font->Glyphs) {
            if (g.Visible) by_uv.emplace(uv_key(ImVec2(g.U0, g.V0)), GlyphOf{&g, font});
        }
    }

    std::map<long, std::vector<Placed>> lines;  // line top (rounded px) → its glyphs
    for (int l = 0; l < draw_data.CmdListsCount; ++l) {
        const ImDrawList& list = *draw_data.CmdLists[l];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback || cmd.ElemCount < 6) continue;
            const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
            const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
            for (unsigned t = 0; t + 2 < cmd.ElemCount; t += 3) {
                const unsigned a = idx[t];
                if (idx[t + 1] != a + 1 || idx[t + 2] != a + 2) continue;
                if (cmd.VtxOffset + a + 3 >= static_cast<unsigned>(list.VtxBuffer.Size)) continue;
                const auto found = by_uv.find(uv_key(vtx[a].uv));
                if (found == by_uv.end()) continue;
                const ImFontGlyph& g = *found->second.glyph;
                if (vtx[a + 1].uv.x != g.U1 || vtx[a + 1].uv.y != g.V0 || vtx[a + 2].uv.x != g.U1 ||
                    vtx[a + 2].uv.y != g.V1)
                    continue;
                const ImVec2 p0 = vtx[a].pos, p2 = vtx[a + 2].pos;
                const ImVec2 mid((p0.x + p2.x) / 2, (p0.y + p2.y) / 2);
                if (mid.x < cmd.ClipRect.x || mid.x > cmd.ClipRect.z || mid.y < cmd.ClipRect.y ||
                    mid.y > cmd.ClipRect.w)
                    continue;  // scissored away
                const float w = g.X1 - g.X0;
                const float scale = w > 0 ? (p2.x - p0.x) / w : 1.0f;
                const ImFont& font = *found->second.font;
                const ImFontGlyph* space = font.FindGlyphNoFallback(' ');
                const float space_w = (space ? space->AdvanceX : font.FontSize / 2) * scale;
                const long top = std::lround(p0.y - g.Y0 * scale);
                lines[top].push_back(Placed{p0.x - g.X0 * scale, g.AdvanceX * scale, space_w, g.Codepoint});
                t += 3;  // the quad's second triangle
            }
        }
    }

    std::string out;
    for (auto& [top, glyphs] : lines) {
        (void)top;
        std::stable_sort(glyphs.begin(), glyphs.end(), [](const Placed& a, const Placed& b) { return a.x < b.x; });
        float pen = glyphs.front().x;
        for (const Placed& p : glyphs) {
            // Spaces are not drawn: a gap of n spaces' width stands for n of them (at most
            // three, so table columns far apart read "a   b").
            if (p.space > 0) {
                const long gap = std::lround((p.x - pen) / p.space);
                for (long i = 0; i < std::min(gap, 3L); ++i) out += ' ';
            }
            core::append_utf8(out, static_cast<char32_t>(p.codepoint));
            pen = p.x + p.advance;
        }
        out += '\n';
    }
    return out;
}

}  // namespace pyshell::inspector_web

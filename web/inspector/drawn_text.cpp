// web/inspector/drawn_text.cpp: see drawn_text.h. ImFont::RenderText emits each visible
// glyph as two triangles (a, b, c) (a, c, d) over four fresh vertices whose UVs are the
// glyph's (U0,V0) (U1,V0) (U1,V1) (U0,V1); glyphs cut by the clip rectangle get other UVs
// and are skipped, like those outside their draw command's clip rectangle.
//
// Dear ImGui 1.92 keeps glyphs per font *and size* (ImFontBaked, baked on demand), all of
// them in the atlas builder's pool (imgui_internal.h: imgui.h gives no way to list them).
// Their UVs are for the atlas's current texture; a frame that grew the atlas drew its
// earlier text on the texture before, with other UVs: those draw commands are skipped.
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
#include "imgui_internal.h"

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
        float space;  // the advance of a space at the glyph's font and size (unscaled)
    };
    std::unordered_map<std::uint64_t, GlyphOf> by_uv;
    if (atlas.Builder != nullptr) {
        const auto& pool = atlas.Builder->BakedPool;
        for (int i = 0; i < pool.Size; ++i) {
            const ImFontBaked& baked = pool[i];
            if (baked.WantDestroy) continue;  // discarded: its glyphs' places in the texture are free for others
            float space = baked.Size / 2;  // no space glyph loaded: about what a proportional font has
            for (const ImFontGlyph& g : baked.Glyphs) {
                if (g.Codepoint == ' ') space = g.AdvanceX;
            }
            for (const ImFontGlyph& g : baked.Glyphs) {
                if (g.Visible && g.PackId != ImFontAtlasRectId_Invalid) {
                    by_uv.emplace(uv_key(ImVec2(g.U0, g.V0)), GlyphOf{&g, space});
                }
            }
        }
    }

    std::map<long, std::vector<Placed>> lines;  // line top (rounded px) → its glyphs
    for (int l = 0; l < draw_data.CmdListsCount; ++l) {
        const ImDrawList& list = *draw_data.CmdLists[l];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback || cmd.ElemCount < 6) continue;
            if (cmd.TexRef != atlas.TexRef) continue;  // another texture: not the glyphs' current UVs
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
                const float space_w = found->second.space * scale;
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

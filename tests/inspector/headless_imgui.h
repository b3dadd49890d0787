// tests/inspector/headless_imgui.h: an ImGui context with no window and no GPU, for the
// panels' and the web inspector's unit tests. Dear ImGui 1.92 bakes font glyphs on demand
// when the renderer says it handles texture requests (ImGuiBackendFlags_RendererHasTextures,
// as imgui_impl_opengl3 does in pyshell-gui and on the page); this stands in for that
// renderer: it uploads nothing, it only answers the requests, so the tests draw through the
// same font path as the real hosts (glyphs loaded while drawing, the atlas texture created,
// grown and updated between frames).
#pragma once

#include <cstdint>

#include "imgui.h"

namespace pyshell::test {

// A context drawing into `size` at 60 frames per second, no imgui.ini; the font is the
// atlas's default (ProggyClean 13 px) unless the test adds one.
inline ImGuiContext* create_headless_context(ImVec2 size) {
    ImGuiContext* context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = size;
    io.DeltaTime = 1.0f / 60.0f;
    io.IniFilename = nullptr;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
    return context;
}

// What a renderer does after ImGui::Render(), without the drawing: honours the frame's
// texture requests, as ImGui_ImplOpenGL3_UpdateTexture does (the id only has to be unique
// and valid, ImGui never looks into it).
inline void settle_textures(ImDrawData& draw_data) {
    if (draw_data.Textures == nullptr) return;
    for (ImTextureData* tex : *draw_data.Textures) {
        if (tex->Status == ImTextureStatus_WantCreate) {
            tex->SetTexID(static_cast<ImTextureID>(static_cast<std::uint64_t>(tex->UniqueID) + 1));
            tex->SetStatus(ImTextureStatus_OK);
        } else if (tex->Status == ImTextureStatus_WantUpdates) {
            tex->SetStatus(ImTextureStatus_OK);
        } else if (tex->Status == ImTextureStatus_WantDestroy && tex->UnusedFrames > 0) {
            tex->SetTexID(ImTextureID_Invalid);
            tex->SetStatus(ImTextureStatus_Destroyed);
        }
    }
}

}  // namespace pyshell::test

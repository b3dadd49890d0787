// tests/web_inspector/drawn_text_test.cpp: web/inspector/drawn_text.cpp reads a frame's text
// back from Dear ImGui's draw data (what the page test asserts on). An ImGui context with no
// backend draws fixed windows; the text read back must be what was drawn, line by line,
// without what was clipped away.
#include "drawn_text.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "headless_imgui.h"
#include "imgui.h"

namespace {

class DrawnTextTest : public ::testing::Test {
protected:
    // The default font (ProggyClean), its glyphs baked as the frames draw them.
    void SetUp() override { context_ = pyshell::test::create_headless_context(ImVec2(480, 320)); }
    void TearDown() override { ImGui::DestroyContext(context_); }

    // Draws `body` for two frames (a new window is laid out in its first) and reads the second back.
    std::string draw(const std::function<void()>& body) {
        std::string text;
        for (int i = 0; i < 2; ++i) {
            ImGui::NewFrame();
            body();
            ImGui::Render();
            text = pyshell::inspector_web::drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
            pyshell::test::settle_textures(*ImGui::GetDrawData());
        }
        return text;
    }

    static void window(const char* title, const std::function<void()>& contents) {
        ImGui::SetNextWindowPos(ImVec2(10, 10));
        ImGui::SetNextWindowSize(ImVec2(400, 200));
        ImGui::Begin(title, nullptr, ImGuiWindowFlags_NoSavedSettings);
        contents();
        ImGui::End();
    }

    ImGuiContext* context_ = nullptr;
};

TEST_F(DrawnTextTest, LinesTopToBottomWithTheirSpaces) {
    const std::string text = draw([] {
        window("Variables", [] {
            ImGui::TextUnformatted("x = [1, 2, 3]");
            ImGui::TextUnformatted("name = 'Ada'");
        });
    });
    EXPECT_EQ(text, "Variables\nx = [1, 2, 3]\nname = 'Ada'\n");
}

TEST_F(DrawnTextTest, ItemsOnOneLineReadLeftToRightWithAtMostThreeSpacesBetween) {
    const std::string text = draw([] {
        window("T", [] {
            ImGui::TextUnformatted("b");
            ImGui::SameLine(200);
            ImGui::TextUnformatted("c");
            ImGui::SameLine(40);  // drawn after "c" but left of it
            ImGui::TextUnformatted("a");
        });
    });
    EXPECT_NE(text.find("b   a   c\n"), std::string::npos) << text;
}

TEST_F(DrawnTextTest, TextClippedOutOfViewIsNotThere) {
    const std::string text = draw([] {
        window("Scroll", [] {
            ImGui::BeginChild("lines", ImVec2(0, 60));
            for (int i = 0; i < 40; ++i) ImGui::Text("line %d", i);
            ImGui::EndChild();
        });
    });
    EXPECT_NE(text.find("line 0\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("line 39"), std::string::npos) << text;
}

TEST_F(DrawnTextTest, Latin1ComesBackAsUtf8) {
    const std::string text = draw([] { window("W", [] { ImGui::TextUnformatted("caf\xC3\xA9"); }); });
    EXPECT_NE(text.find("caf\xC3\xA9\n"), std::string::npos) << text;
}

TEST_F(DrawnTextTest, TextOfEverySizeIsRead) {
    // Dear ImGui 1.92 bakes each size drawn apart (ImFontBaked): both sizes' glyphs count.
    const std::string text = draw([] {
        window("Sizes", [] {
            ImGui::TextUnformatted("small");
            ImGui::PushFont(nullptr, 40.0f);
            ImGui::TextUnformatted("Big Text");
            ImGui::PopFont();
        });
    });
    EXPECT_NE(text.find("small\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Big Text\n"), std::string::npos) << text;
}

TEST_F(DrawnTextTest, AFrameThatGrewTheAtlasReadsOnlyWhatItDrewAfterwardsAndTheNextFrameAll) {
    // Glyphs this large do not fit the first texture (512 x 128): baking them makes a bigger
    // one and moves every glyph, so text drawn before them has UVs of the old texture.
    auto body = [] {
        window("Grow", [] { ImGui::TextUnformatted("small"); });
        ImGui::GetForegroundDrawList()->AddText(ImGui::GetFont(), 300.0f, ImVec2(10, 0), IM_COL32_WHITE, "WX");
    };
    auto one_frame = [&] {
        ImGui::NewFrame();
        body();
        ImGui::Render();
        const std::string text = pyshell::inspector_web::drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
        pyshell::test::settle_textures(*ImGui::GetDrawData());
        return text;
    };
    const ImTextureData* first_texture = nullptr;
    ImGui::NewFrame();  // the atlas's first texture, for the assertion below
    ImGui::Render();
    pyshell::test::settle_textures(*ImGui::GetDrawData());
    first_texture = ImGui::GetIO().Fonts->TexData;
    const std::string grew = one_frame();
    ASSERT_NE(ImGui::GetIO().Fonts->TexData, first_texture) << "the large glyphs must have grown the atlas";
    EXPECT_EQ(grew.find("small"), std::string::npos) << "drawn on the old texture, not readable: " << grew;
    EXPECT_EQ(grew.find_first_not_of("WX\n"), std::string::npos) << "nothing misread from old UVs: " << grew;
    const std::string next = one_frame();
    EXPECT_NE(next.find("small\n"), std::string::npos) << next;
    EXPECT_NE(next.find("WX"), std::string::npos) << next;
}

TEST_F(DrawnTextTest, AFrameWithoutTextReadsEmpty) {
    const std::string text = draw([] {
        ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(50, 50), IM_COL32_WHITE);
    });
    EXPECT_EQ(text, "");
}

}  // namespace

// tests/web_inspector/drawn_text_test.cpp: web/inspector/drawn_text.cpp reads a frame's text
// back from Dear ImGui's draw data (what the page test asserts on). An ImGui context with no
// backend draws fixed windows; the text read back must be what was drawn, line by line,
// without what was clipped away.
#include "drawn_text.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "imgui.h"

namespace {

class DrawnTextTest : public ::testing::Test {
protected:
    void SetUp() override {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(480, 320);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the default font (ProggyClean)
    }
    void TearDown() override { ImGui::DestroyContext(context_); }

    // Draws `body` for two frames (a new window is laid out in its first) and reads the second back.
    std::string draw(const std::function<void()>& body) {
        std::string text;
        for (int i = 0; i < 2; ++i) {
            ImGui::NewFrame();
            body();
            ImGui::Render();
            text = pyshell::inspector_web::drawn_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
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

TEST_F(DrawnTextTest, AFrameWithoutTextReadsEmpty) {
    const std::string text = draw([] {
        ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(50, 50), IM_COL32_WHITE);
    });
    EXPECT_EQ(text, "");
}

}  // namespace

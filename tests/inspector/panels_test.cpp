// The Dear ImGui panels drawn headlessly: an ImGui context with no backend (DisplaySize
// set, texture requests answered by headless_imgui.h, NewFrame / draw / Render), over fixed
// snapshots, asserting on what was submitted (windows, the panels' drawn items, draw lists)
// and on what simulated mouse clicks and keys (ImGuiIO's input events) ask of the host.
#include "inspector/panels.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "headless_imgui.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace pyshell::inspector {
namespace {

namespace inspect = core::inspect;

inspect::Value value(std::string name, std::string type, std::string repr, std::int64_t length = -1, std::string ref = "") {
    inspect::Value v;
    v.name = std::move(name);
    v.type = std::move(type);
    v.repr = std::move(repr);
    v.length = length;
    v.ref = std::move(ref);
    return v;
}

inspect::Snapshot fixed_snapshot() {
    inspect::Snapshot s;
    s.seq = 3;
    s.home = "/home/user";
    s.variables = {value("x", "int", "42"), value("items", "list", "[1, 2, 3]", 3, "ref-items"),
                   value("name", "str", "'Ada'", 3)};
    inspect::FileInfo a;
    a.path = "notes.txt";
    a.size = 12;
    a.mtime = 1700000000;
    inspect::FileInfo d;
    d.path = "data";
    d.is_dir = true;
    inspect::FileInfo b;
    b.path = "data/in.csv";
    b.size = 2048;
    s.files = {d, b, a};
    s.history = {"x = 42", "items = [1, 2, 3]", "name = 'Ada'"};
    return s;
}

class PanelsTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::create_headless_context(ImVec2(1200, 800));
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        panels = std::make_unique<Panels>(PanelActions{
            [this](const inspect::Request& r) { requests.push_back(r); },
            [this](const std::string& line) { inserted.push_back(line); }});
        panels->set_record_items(true);
    }
    void TearDown() override {
        panels.reset();
        ImGui::DestroyContext();
    }

    void frame() {
        ImGui::NewFrame();
        panels->draw_in(0, 0, 1200, 800);
        ImGui::Render();
        test::settle_textures(*ImGui::GetDrawData());
    }

    const DrawnItem* find(const std::string& panel, const std::string& kind, const std::string& text) {
        for (const DrawnItem& item : panels->drawn_items()) {
            if (item.panel == panel && item.kind == kind && item.text == text) return &item;
        }
        return nullptr;
    }
    std::vector<std::string> texts(const std::string& panel, const std::string& kind) {
        std::vector<std::string> out;
        for (const DrawnItem& item : panels->drawn_items()) {
            if (item.panel == panel && item.kind == kind) out.push_back(item.text);
        }
        return out;
    }

    // Moves the mouse to (x, y), presses and releases the left button, a frame for each.
    void click_at(float x, float y) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(x, y);
        frame();
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
        frame();
        io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
        frame();
    }
    // Clicks into the item (its middle, at most 40 px in from the left).
    void click(const DrawnItem& item) {
        click_at(item.x + std::min(item.w / 2, 40.0f), item.y + item.h / 2);
        frame();  // what the click changed shows from the next frame on
    }
    void press(ImGuiKey key) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddKeyEvent(key, true);
        frame();
        io.AddKeyEvent(key, false);
        frame();
    }

    std::unique_ptr<Panels> panels;
    std::vector<inspect::Request> requests;
    std::vector<std::string> inserted;
};

TEST_F(PanelsTest, DrawsTheThreeWindowsInTheGivenRectangle) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    for (const char* name : {"Variables", "Files", "History"}) {
        ImGuiWindow* w = ImGui::FindWindowByName(name);
        ASSERT_NE(w, nullptr) << name;
        EXPECT_TRUE(w->WasActive) << name << " was drawn this frame";
        EXPECT_GE(w->Pos.x, 0.0f);
        EXPECT_LE(w->Pos.x + w->Size.x, 1200.5f) << name << " stays inside the rectangle";
        EXPECT_LE(w->Pos.y + w->Size.y, 800.5f) << name << " stays inside the rectangle";
        EXPECT_GT(w->DrawList->VtxBuffer.Size, 0) << name << " submitted geometry";
    }
    ImDrawData* data = ImGui::GetDrawData();
    ASSERT_NE(data, nullptr);
    EXPECT_TRUE(data->Valid);
    EXPECT_GT(data->TotalVtxCount, 500) << "text and frames were drawn";
}

TEST_F(PanelsTest, VariablesShowNameTypeValueAndLengthSortedByName) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    EXPECT_EQ(texts("Variables", "row"), (std::vector<std::string>{"items", "name", "x"}));
    const auto cells = texts("Variables", "cell");
    for (const char* want : {"int", "42", "list", "[1, 2, 3]", "3", "str", "'Ada'"}) {
        EXPECT_NE(std::find(cells.begin(), cells.end(), want), cells.end()) << want;
    }
    // Rows are laid out top to bottom in that order.
    EXPECT_LT(find("Variables", "row", "items")->y, find("Variables", "row", "x")->y);
}

TEST_F(PanelsTest, ClickingAnExpandableRowAsksForItsChildrenAndShowsThemWhenTheyCome) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    const DrawnItem* row = find("Variables", "row", "items");
    ASSERT_NE(row, nullptr);
    click(*row);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].op, inspect::Request::Op::Children);
    EXPECT_EQ(requests[0].arg, "ref-items");
    EXPECT_NE(find("Variables", "text", "loading"), nullptr) << "a loading row while waiting";

    inspect::Children reply;
    reply.ref = "ref-items";
    reply.children = {value("[0]", "int", "1"), value("[1]", "int", "2"), value("[2]", "int", "3")};
    EXPECT_TRUE(panels->handle_message(inspect::to_json(reply)));
    frame();
    EXPECT_EQ(find("Variables", "text", "loading"), nullptr);
    const auto rows = texts("Variables", "row");
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_EQ(rows[1], std::string("items\x1f[0]"));
    // Children are indented under their parent.
    EXPECT_GT(find("Variables", "row", "items\x1f[0]")->x, find("Variables", "row", "items")->x);
    // The expansion survives a new snapshot, which asks for the children again.
    panels->set_snapshot(fixed_snapshot());
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[1].arg, "ref-items");
}

TEST_F(PanelsTest, ArrowKeysCloseAndOpenAFocusedRow) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    click(*find("Variables", "row", "items"));  // opens it and gives it the keyboard focus
    ASSERT_TRUE(panels->variables().is_open("items"));
    press(ImGuiKey_LeftArrow);
    frame();
    EXPECT_FALSE(panels->variables().is_open("items"));
    press(ImGuiKey_RightArrow);
    frame();
    EXPECT_TRUE(panels->variables().is_open("items"));
}

TEST_F(PanelsTest, RequestsWaitWhileCodeRuns) {
    panels->set_snapshot(fixed_snapshot());
    panels->set_busy(true);
    frame();
    frame();
    EXPECT_NE(find("Variables", "text", "running"), nullptr);
    click(*find("Variables", "row", "items"));
    EXPECT_TRUE(requests.empty());
    panels->set_busy(false);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].arg, "ref-items");
}

TEST_F(PanelsTest, TypingInTheFilterBoxFiltersRows) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    click(*find("Variables", "input", "filter"));
    ImGui::GetIO().AddInputCharactersUTF8("NA");
    frame();
    frame();
    EXPECT_EQ(texts("Variables", "row"), (std::vector<std::string>{"name"}));
    EXPECT_EQ(panels->variables().filter(), "NA");
}

TEST_F(PanelsTest, ClickingAHistoryLineInsertsIt) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    const DrawnItem* row = find("History", "row", "items = [1, 2, 3]");
    ASSERT_NE(row, nullptr);
    click(*row);
    EXPECT_EQ(inserted, (std::vector<std::string>{"items = [1, 2, 3]"}));
    EXPECT_TRUE(requests.empty());
}

TEST_F(PanelsTest, KeyboardNavigationAndEnterInsertAHistoryLine) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    click(*find("History", "row", "x = 42"));
    ASSERT_EQ(inserted.size(), 1u);
    press(ImGuiKey_DownArrow);
    press(ImGuiKey_Enter);
    ASSERT_EQ(inserted.size(), 2u);
    EXPECT_EQ(inserted[1], "items = [1, 2, 3]");
}

TEST_F(PanelsTest, SelectingAFilePreviewsItAndDeleteAsksFirst) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    EXPECT_EQ(texts("Files", "row"), (std::vector<std::string>{"data", "notes.txt"})) << "folders first, closed";
    click(*find("Files", "row", "notes.txt"));
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].op, inspect::Request::Op::Preview);
    EXPECT_EQ(requests[0].arg, "notes.txt");
    inspect::Preview p;
    p.path = "notes.txt";
    p.text = "hello\nworld\n";
    EXPECT_TRUE(panels->handle_message(inspect::to_json(p)));
    frame();
    EXPECT_NE(find("Files", "text", "preview:notes.txt"), nullptr);
    ASSERT_NE(find("Files", "button", "Download"), nullptr);
    click(*find("Files", "button", "Download"));
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[1].op, inspect::Request::Op::Download);

    click(*find("Files", "button", "Delete"));
    EXPECT_EQ(requests.size(), 2u) << "nothing deleted before the confirmation";
    frame();  // the dialog sizes itself on its first frame
    const DrawnItem* confirm = find("Files", "button", "Confirm delete");
    ASSERT_NE(confirm, nullptr) << "the confirmation dialog is open";
    click(*confirm);
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(requests[2].op, inspect::Request::Op::Delete);
    EXPECT_EQ(requests[2].arg, "notes.txt");
}

TEST_F(PanelsTest, OpeningAFolderShowsItsFiles) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    const DrawnItem* folder = find("Files", "row", "data");
    ASSERT_NE(folder, nullptr);
    click_at(folder->x + 4, folder->y + folder->h / 2);  // the arrow
    EXPECT_EQ(texts("Files", "row"), (std::vector<std::string>{"data", "data/in.csv", "notes.txt"}));
    EXPECT_TRUE(requests.empty()) << "a folder has no preview";
}

TEST_F(PanelsTest, AFolderCanBeDeletedAndARefusalIsShown) {
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    const DrawnItem* folder = find("Files", "row", "data");
    ASSERT_NE(folder, nullptr);
    click(*folder);  // on the name: selects (the arrow opens)
    ASSERT_NE(find("Files", "button", "Delete folder"), nullptr);
    click(*find("Files", "button", "Delete folder"));
    frame();
    ASSERT_NE(find("Files", "button", "Confirm delete"), nullptr);
    click(*find("Files", "button", "Confirm delete"));
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].op, inspect::Request::Op::Delete);
    EXPECT_EQ(requests[0].arg, "data");
    inspect::Snapshot refused = fixed_snapshot();
    refused.error = "data is not empty";
    panels->set_snapshot(refused);
    frame();
    EXPECT_NE(find("Files", "text", "data is not empty"), nullptr);
}

TEST_F(PanelsTest, TheHostsErrorRepliesAreShownUntilTheNextSnapshot) {
    panels->set_snapshot(fixed_snapshot());
    inspect::Error e;
    e.error = "bad inspect request: unknown op";
    EXPECT_TRUE(panels->handle_message(inspect::to_json(e)));
    frame();
    EXPECT_NE(find("Variables", "text", "bad inspect request: unknown op"), nullptr);
    panels->set_snapshot(fixed_snapshot());
    frame();
    EXPECT_EQ(find("Variables", "text", "bad inspect request: unknown op"), nullptr);
}

TEST_F(PanelsTest, NoDownloadButtonWhenTheHostHasNone) {
    panels = std::make_unique<Panels>(PanelActions{[this](const inspect::Request& r) { requests.push_back(r); }, nullptr, false});
    panels->set_record_items(true);
    panels->set_snapshot(fixed_snapshot());
    frame();
    frame();
    click(*find("Files", "row", "notes.txt"));
    EXPECT_NE(find("Files", "button", "Delete"), nullptr);
    EXPECT_EQ(find("Files", "button", "Download"), nullptr);
}

TEST_F(PanelsTest, HandleMessageDispatchesByKindAndRejectsMalformedInput) {
    EXPECT_TRUE(panels->handle_message(inspect::to_json(fixed_snapshot())));
    EXPECT_EQ(panels->snapshot().seq, 3u);
    EXPECT_EQ(panels->variables().variables().size(), 3u);
    EXPECT_FALSE(panels->handle_message("{not json"));
    EXPECT_FALSE(panels->last_error().empty());
    EXPECT_FALSE(panels->handle_message(inspect::to_json(inspect::Request{})));
    EXPECT_EQ(panels->snapshot().seq, 3u) << "a bad message loses nothing";
}

TEST_F(PanelsTest, UiScaleScalesTheStyle) {
    panels->set_ui_scale(2.0f);
    frame();
    const float scaled = ImGui::GetStyle().FramePadding.x;
    panels->set_ui_scale(1.0f);
    frame();
    EXPECT_FLOAT_EQ(scaled, 2.0f * ImGui::GetStyle().FramePadding.x);
}

TEST_F(PanelsTest, TheStyleKeepsTheHostsFontSizeAndScale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style.FontSizeBase = 13.0f;
    style.FontScaleDpi = 2.0f;  // what a host on a 2x screen sets
    panels->set_ui_scale(2.0f);
    frame();
    EXPECT_FLOAT_EQ(ImGui::GetStyle().FontSizeBase, 13.0f) << "apply_style must not reset the host's font size";
    EXPECT_FLOAT_EQ(ImGui::GetStyle().FontScaleDpi, 2.0f) << "apply_style must not reset the host's font scale";
    ImGui::NewFrame();
    EXPECT_FLOAT_EQ(ImGui::GetFontSize(), 26.0f) << "the font is drawn at its size times the host's scale";
    ImGui::Render();
}

TEST_F(PanelsTest, FreeWindowsWhenDrawnWithoutARectangle) {
    panels->set_snapshot(fixed_snapshot());
    for (int i = 0; i < 2; ++i) {
        ImGui::NewFrame();
        panels->draw();
        ImGui::Render();
        test::settle_textures(*ImGui::GetDrawData());
    }
    EXPECT_EQ(texts("Variables", "row").size(), 3u);
    EXPECT_EQ(texts("History", "row").size(), 3u);
}

}  // namespace
}  // namespace pyshell::inspector

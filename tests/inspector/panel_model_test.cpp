// The inspector panels' UI-free model (src/inspector/panel_model.h): sorting, filtering,
// expansion that survives snapshots, Children / Preview requests and merging their replies,
// the file tree.
#include "inspector/panel_model.h"

#include <gtest/gtest.h>

namespace pyshell::inspector {
namespace {

using inspect::Request;
using inspect::Value;

Value value(std::string name, std::string type, std::string repr, std::int64_t length = -1, std::string ref = "") {
    Value v;
    v.name = std::move(name);
    v.type = std::move(type);
    v.repr = std::move(repr);
    v.length = length;
    v.ref = std::move(ref);
    return v;
}

std::vector<std::string> paths(const VariablesModel& m) {
    std::vector<std::string> out;
    for (const VariableRow& r : m.rows()) {
        std::string p = r.path;
        for (char& c : p) if (c == '\x1f') c = '/';
        if (r.kind == VariableRow::Kind::Loading) p += "(loading)";
        if (r.kind == VariableRow::Kind::Error) p += "(error:" + r.message + ")";
        out.push_back(p);
    }
    return out;
}

std::vector<Value> sample() {
    return {value("zeta", "int", "3"), value("Alpha", "str", "'hello'", 5),
            value("items", "list", "[1, 2, 3]", 3, "r1"), value("beta", "dict", "{}", 0)};
}

TEST(VariablesModel, SortsByNameCaseInsensitivelyByDefault) {
    VariablesModel m;
    m.set_variables(sample());
    EXPECT_EQ(paths(m), (std::vector<std::string>{"Alpha", "beta", "items", "zeta"}));
}

TEST(VariablesModel, SortsByEachColumnBothWays) {
    VariablesModel m;
    m.set_variables(sample());
    m.set_sort(SortColumn::Type, true);
    EXPECT_EQ(paths(m), (std::vector<std::string>{"beta", "zeta", "items", "Alpha"}));
    m.set_sort(SortColumn::Length, false);
    EXPECT_EQ(paths(m), (std::vector<std::string>{"Alpha", "items", "beta", "zeta"}));
    m.set_sort(SortColumn::Value, true);
    EXPECT_EQ(paths(m), (std::vector<std::string>{"Alpha", "zeta", "items", "beta"}));
    m.set_sort(SortColumn::Name, false);
    EXPECT_EQ(paths(m), (std::vector<std::string>{"zeta", "items", "beta", "Alpha"}));
}

TEST(VariablesModel, SortSurvivesANewSnapshot) {
    VariablesModel m;
    m.set_sort(SortColumn::Length, false);
    m.set_variables(sample());
    EXPECT_EQ(paths(m).front(), "Alpha");
}

TEST(VariablesModel, FiltersByNameCaseInsensitively) {
    VariablesModel m;
    m.set_variables(sample());
    m.set_filter("ET");
    EXPECT_EQ(paths(m), (std::vector<std::string>{"beta", "zeta"}));
    m.set_filter("nothing");
    EXPECT_TRUE(m.rows().empty());
    m.set_filter("");
    EXPECT_EQ(m.rows().size(), 4u);
}

TEST(VariablesModel, OpeningAnUnexpandedRefAsksForChildrenAndShowsLoading) {
    VariablesModel m;
    m.set_variables(sample());
    auto r = m.set_open("items", true);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->op, Request::Op::Children);
    EXPECT_EQ(r->arg, "r1");
    EXPECT_TRUE(m.waiting("r1"));
    EXPECT_FALSE(m.set_open("items", true).has_value()) << "asked once while waiting";
    EXPECT_EQ(paths(m), (std::vector<std::string>{"Alpha", "beta", "items", "items/(loading)", "zeta"}));
}

TEST(VariablesModel, MergesChildrenAndShowsThemInTheHostsOrder) {
    VariablesModel m;
    m.set_variables(sample());
    m.set_open("items", true);
    inspect::Children c;
    c.ref = "r1";
    c.children = {value("[0]", "int", "1"), value("[1]", "list", "[2]", 1, "r2"), value("[2]", "int", "3")};
    EXPECT_TRUE(m.apply(c));
    EXPECT_FALSE(m.waiting("r1"));
    EXPECT_EQ(paths(m), (std::vector<std::string>{"Alpha", "beta", "items", "items/[0]", "items/[1]", "items/[2]", "zeta"}));
    const auto rows = m.rows();
    EXPECT_EQ(rows[3].depth, 1);
    EXPECT_FALSE(rows[3].expandable);
    EXPECT_TRUE(rows[4].expandable);
    // Nested: a child's own children.
    auto r = m.set_open(VariablesModel::child_path("items", "[1]"), true);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->arg, "r2");
    inspect::Children c2;
    c2.ref = "r2";
    c2.children = {value("[0]", "int", "2")};
    EXPECT_TRUE(m.apply(c2));
    EXPECT_EQ(paths(m)[5], "items/[1]/[0]");
    EXPECT_EQ(m.rows()[5].depth, 2);
}

TEST(VariablesModel, ClosingHidesChildrenAndReopeningNeedsNoRequest) {
    VariablesModel m;
    m.set_variables(sample());
    m.set_open("items", true);
    inspect::Children c;
    c.ref = "r1";
    c.children = {value("[0]", "int", "1")};
    m.apply(c);
    EXPECT_FALSE(m.toggle("items").has_value());
    EXPECT_EQ(m.rows().size(), 4u);
    EXPECT_FALSE(m.toggle("items").has_value()) << "children are already known";
    EXPECT_EQ(m.rows().size(), 5u);
}

TEST(VariablesModel, ExpansionSurvivesANewSnapshotAndAsksAgain) {
    VariablesModel m;
    m.set_variables(sample());
    m.set_open("items", true);
    auto next = sample();
    next[2].ref = "r9";  // a new snapshot, new handles
    const auto requests = m.set_variables(next);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].arg, "r9");
    EXPECT_TRUE(m.is_open("items"));
    EXPECT_EQ(paths(m)[3], "items/(loading)");
    inspect::Children stale;
    stale.ref = "r1";
    EXPECT_FALSE(m.apply(stale)) << "a reply about the old snapshot changes nothing";
}

TEST(VariablesModel, ASnapshotThatCarriesTheChildrenNeedsNoRequest) {
    VariablesModel m;
    m.set_variables(sample());
    m.set_open("items", true);
    auto next = sample();
    next[2].expanded = true;
    next[2].children = {value("[0]", "int", "1")};
    EXPECT_TRUE(m.set_variables(next).empty());
    EXPECT_EQ(paths(m)[3], "items/[0]");
}

TEST(VariablesModel, AChildrenErrorIsShownInsteadOfTheChildren) {
    VariablesModel m;
    m.set_variables(sample());
    m.set_open("items", true);
    inspect::Children c;
    c.ref = "r1";
    c.error = "the value is gone";
    EXPECT_TRUE(m.apply(c));
    EXPECT_EQ(paths(m)[3], "items/(error:the value is gone)");
}

TEST(VariablesModel, ValuesWithoutChildrenDoNotOpen) {
    VariablesModel m;
    m.set_variables(sample());
    EXPECT_FALSE(m.set_open("zeta", true).has_value());
    EXPECT_EQ(m.rows().size(), 4u);
    EXPECT_FALSE(m.rows()[3].open);
}

// ---- Files ---------------------------------------------------------------------------

inspect::FileInfo file(std::string path, std::int64_t size, double mtime = 1, bool dir = false) {
    inspect::FileInfo f;
    f.path = std::move(path);
    f.size = size;
    f.mtime = mtime;
    f.is_dir = dir;
    return f;
}

TEST(FileTree, BuildsFoldersFirstThenNamesAndMakesUpMissingParents) {
    const FileNode root = build_file_tree({file("b.txt", 3), file("data", 0, 1, true), file("data/in.csv", 10),
                                           file("A.py", 7), file("deep/er/x.txt", 1)});
    ASSERT_EQ(root.children.size(), 4u);
    EXPECT_EQ(root.children[0].name, "data");
    EXPECT_EQ(root.children[1].name, "deep");
    EXPECT_TRUE(root.children[1].is_dir);
    EXPECT_EQ(root.children[1].children[0].children[0].path, "deep/er/x.txt");
    EXPECT_EQ(root.children[2].name, "A.py");
    EXPECT_EQ(root.children[3].name, "b.txt");
    EXPECT_EQ(root.children[0].children[0].size, 10);
    EXPECT_EQ(root.children[0].children[0].path, "data/in.csv");
}

TEST(FilesModel, SelectingAFileAsksForAPreviewAndTakesOnlyItsReply) {
    FilesModel m;
    m.set_files({file("a.txt", 3), file("d", 0, 1, true)});
    auto r = m.select("a.txt");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->op, Request::Op::Preview);
    EXPECT_EQ(r->arg, "a.txt");
    EXPECT_TRUE(m.preview_waiting());
    inspect::Preview other;
    other.path = "b.txt";
    EXPECT_FALSE(m.apply(other));
    inspect::Preview p;
    p.path = "a.txt";
    p.text = "abc";
    EXPECT_TRUE(m.apply(p));
    EXPECT_EQ(m.preview()->text, "abc");
    EXPECT_FALSE(m.select("d").has_value()) << "folders have no preview";
    EXPECT_FALSE(m.preview().has_value());
}

TEST(FilesModel, SelectionSurvivesASnapshotAndIsPreviewedAgainWhenTheFileChanged) {
    FilesModel m;
    m.set_files({file("a.txt", 3, 100)});
    m.select("a.txt");
    inspect::Preview p;
    p.path = "a.txt";
    m.apply(p);
    EXPECT_FALSE(m.set_files({file("a.txt", 3, 100), file("b", 1)}).has_value());
    EXPECT_EQ(m.selected(), "a.txt");
    auto r = m.set_files({file("a.txt", 5, 101)});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->arg, "a.txt");
    EXPECT_FALSE(m.set_files({file("b", 1)}).has_value());
    EXPECT_EQ(m.selected(), "") << "a deleted file is no longer selected";
    EXPECT_FALSE(m.preview().has_value());
}

TEST(Formatting, SizesLengthsAndFilters) {
    EXPECT_EQ(format_size(0), "0 B");
    EXPECT_EQ(format_size(1023), "1023 B");
    EXPECT_EQ(format_size(1536), "1.5 KB");
    EXPECT_EQ(format_size(std::int64_t{3} << 20), "3.0 MB");
    EXPECT_EQ(format_length(-1), "");
    EXPECT_EQ(format_length(12), "12");
    EXPECT_TRUE(contains_ci("MyVariable", "var"));
    EXPECT_FALSE(contains_ci("x", "xy"));
    EXPECT_EQ(format_mtime(0).size(), 16u);
}

}  // namespace
}  // namespace pyshell::inspector

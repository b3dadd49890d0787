// python::Session::inspect and the snapshots after each entry (src/python/_pyshell_inspect.py),
// in process: bounded reprs, a __repr__ that raises, hangs or prints, cycles, huge
// containers, depth limits, children by ref, files under the home folder (preview, delete,
// paths that escape it), and that none of it changes what the REPL shows. Replies are
// read back with core/inspect_model's strict reader, so both ends are checked.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/inspect_model.h"
#include "python/python_host.h"

#ifndef PYSHELL_TEST_STDLIB_ZIP
#error "PYSHELL_TEST_STDLIB_ZIP is set by tests/CMakeLists.txt"
#endif

namespace {

namespace fs = std::filesystem;
namespace ins = pyshell::core::inspect;
using pyshell::core::ReadResult;
using pyshell::core::RunStatus;
using pyshell::python::HostConfig;
using pyshell::python::Session;
using pyshell::python::SessionIo;

fs::path make_temp_home() {
    std::string tmpl = (fs::temp_directory_path() / "pyshell-inspect-XXXXXX").string();
    const char* made = mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed";
    return fs::path(tmpl);
}

void write_file(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

class InspectTest : public ::testing::Test {
protected:
    fs::path home;
    std::string out, err;
    std::vector<std::string> history{"x = 1", "print(x)"};
    std::vector<std::string> snapshots;              // what on_snapshot received
    bool want_snapshots = true;
    std::function<void()> during_input;              // runs while Python waits in input()
    std::unique_ptr<Session> session;

    void SetUp() override {
        home = make_temp_home();
        HostConfig c;
        c.stdlib_zip = PYSHELL_TEST_STDLIB_ZIP;
        c.extra_paths.push_back(PYSHELL_TEST_DYNLOAD);
        c.working_dir = home.string();
        SessionIo io;
        io.write = [this](int fd, std::string_view b) { (fd == 2 ? err : out).append(b); };
        io.read_line = [this](std::string_view, std::string_view, bool) {
            if (during_input) during_input();
            return ReadResult{ReadResult::Line, "typed"};
        };
        io.history = [this] { return history; };
        session = std::make_unique<Session>(c, io);
        ASSERT_TRUE(session->ok()) << session->error();
    }
    void TearDown() override {
        session.reset();
        std::error_code ec;
        fs::remove_all(home, ec);
    }

    RunStatus run(const std::string& src) { return session->run_source(src).status; }
    // Runs a (possibly multi-line) entry to completion: the blank line ends a block.
    void run_block(const std::string& src) {
        ASSERT_EQ(run(src + "\n"), RunStatus::Complete) << src << "\n" << err;
    }

    ins::Snapshot snapshot() {
        const std::string json = session->inspect(R"({"kind":"request","op":"snapshot"})");
        ins::Snapshot s;
        std::string error;
        EXPECT_TRUE(ins::from_json(json, s, &error)) << error << "\n" << json.substr(0, 2000);
        return s;
    }
    ins::Children children(const std::string& ref) {
        const std::string json = session->inspect(ins::to_json(ins::Request{ins::Request::Op::Children, ref}));
        ins::Children c;
        std::string error;
        EXPECT_TRUE(ins::from_json(json, c, &error)) << error << "\n" << json.substr(0, 2000);
        return c;
    }
    ins::Preview preview(const std::string& path) {
        const std::string json = session->inspect(ins::to_json(ins::Request{ins::Request::Op::Preview, path}));
        ins::Preview p;
        std::string error;
        EXPECT_TRUE(ins::from_json(json, p, &error)) << error << "\n" << json.substr(0, 2000);
        return p;
    }
    ins::Snapshot remove(const std::string& path) {
        const std::string json = session->inspect(ins::to_json(ins::Request{ins::Request::Op::Delete, path}));
        ins::Snapshot s;
        std::string error;
        EXPECT_TRUE(ins::from_json(json, s, &error)) << error << "\n" << json.substr(0, 2000);
        return s;
    }
};

const ins::Value* find(const std::vector<ins::Value>& values, const std::string& name) {
    for (const auto& v : values)
        if (v.name == name) return &v;
    return nullptr;
}

const ins::FileInfo* find_file(const ins::Snapshot& s, const std::string& path) {
    for (const auto& f : s.files)
        if (f.path == path) return &f;
    return nullptr;
}

std::vector<std::string> names(const std::vector<ins::Value>& values) {
    std::vector<std::string> n;
    for (const auto& v : values) n.push_back(v.name);
    return n;
}

TEST_F(InspectTest, SnapshotListsTheNamespaceSortedWithoutDundersWithTypesReprsAndLengths) {
    run("b = 'hello'");
    run_block("class Point:\n    def __init__(self): self.x, self.y = 1, 2\n");
    run("a = [1, 2.5, None]");
    run("_private = (7,)");
    run("p = Point()");
    const ins::Snapshot s = snapshot();
    EXPECT_EQ(names(s.variables), (std::vector<std::string>{"Point", "_private", "a", "b", "p"}));
    const ins::Value* a = find(s.variables, "a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->type, "list");
    EXPECT_EQ(a->repr, "[1, 2.5, None]");
    EXPECT_EQ(a->length, 3);
    EXPECT_FALSE(a->ref.empty());
    EXPECT_TRUE(a->expanded);
    EXPECT_EQ(names(a->children), (std::vector<std::string>{"[0]", "[1]", "[2]"}));
    EXPECT_EQ(a->children[1].type, "float");
    EXPECT_EQ(find(s.variables, "b")->repr, "'hello'");
    EXPECT_EQ(find(s.variables, "b")->length, 5);
    EXPECT_EQ(find(s.variables, "b")->ref, "") << "a str has no children";
    EXPECT_EQ(find(s.variables, "_private")->repr, "(7,)");
    const ins::Value* p = find(s.variables, "p");
    EXPECT_EQ(p->type, "Point");
    EXPECT_EQ(p->length, -1);
    EXPECT_EQ(names(p->children), (std::vector<std::string>{".x", ".y"}));
    EXPECT_EQ(find(s.variables, "Point")->type, "type");
    EXPECT_FALSE(find(s.variables, "Point")->expanded) << "classes expand only on request";
    EXPECT_EQ(s.history, history);
    EXPECT_EQ(s.home, home.string());
    EXPECT_FALSE(s.truncated);
    EXPECT_EQ(out, "");
    EXPECT_EQ(err, "");
}

TEST_F(InspectTest, ReprsAreBoundedLikeReprlib) {
    run("s = 'x' * 1000");
    run("big = list(range(10**6))");
    run("deep = [[[[['bottom']]]]]");
    run("d = {i: str(i) for i in range(1000)}");
    run("raw = bytes(range(256)) * 100");
    run("from collections import deque, defaultdict, OrderedDict");
    run("q = deque(range(50), maxlen=60)");
    run("dd = defaultdict(list, a=[1])");
    run("od = OrderedDict(a=1)");
    run("fs = frozenset({1})");
    const auto t0 = std::chrono::steady_clock::now();
    const ins::Snapshot s = snapshot();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(ms, 5000) << "a million-item list must not be walked";
    EXPECT_EQ(find(s.variables, "s")->repr, "'" + std::string(80, 'x') + "\xE2\x80\xA6'");
    EXPECT_EQ(find(s.variables, "s")->length, 1000);
    EXPECT_EQ(find(s.variables, "big")->repr, "[0, 1, 2, 3, 4, 5, 6, 7, \xE2\x80\xA6]");
    EXPECT_EQ(find(s.variables, "big")->length, 1000000);
    EXPECT_EQ(find(s.variables, "deep")->repr, "[[[[\xE2\x80\xA6]]]]") << "nesting is cut at 3 levels";
    EXPECT_EQ(find(s.variables, "d")->repr.substr(0, 20), "{0: '0', 1: '1', 2: ");
    EXPECT_EQ(find(s.variables, "raw")->length, 25600);
    EXPECT_LE(find(s.variables, "raw")->repr.size(), 4u * 80 + 10);
    EXPECT_EQ(find(s.variables, "q")->repr, "deque([0, 1, 2, 3, 4, 5, 6, 7, \xE2\x80\xA6], maxlen=60)");
    EXPECT_EQ(find(s.variables, "dd")->repr, "defaultdict(<class 'list'>, {'a': [1]})");
    EXPECT_EQ(find(s.variables, "od")->repr, "OrderedDict([('a', 1)])");
    EXPECT_EQ(find(s.variables, "fs")->repr, "frozenset({1})");
    for (const auto& v : s.variables) EXPECT_LE(v.repr.size(), 200u * 4 + 3) << v.name;
}

TEST_F(InspectTest, ARaisingReprIsShownAndNothingElseChanges) {
    run_block("class Bad:\n    def __repr__(self): raise ValueError('boom')\n    def __len__(self): raise TypeError('no len')\n");
    run("bad = Bad()");
    run("42");
    out.clear();
    const ins::Snapshot s = snapshot();
    EXPECT_EQ(find(s.variables, "bad")->repr, "<repr failed: ValueError: boom>");
    EXPECT_EQ(find(s.variables, "bad")->length, -1);
    EXPECT_EQ(run("_"), RunStatus::Complete);
    EXPECT_EQ(run("import sys; print(hasattr(sys, 'last_value'))"), RunStatus::Complete);
    EXPECT_EQ(out, "42\nFalse\n") << "`_` and sys.last_* are the program's";
    EXPECT_EQ(err, "");
}

TEST_F(InspectTest, AHangingReprIsCutOffAndTheTraceFunctionIsPutBack) {
    run_block("class Hang:\n    def __repr__(self):\n        while True: pass\n    def __len__(self):\n        while True: pass\n");
    run("h = Hang()");
    run("ok = 1");
    const auto t0 = std::chrono::steady_clock::now();
    const ins::Snapshot s = snapshot();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(find(s.variables, "h")->repr, "<repr timed out>");
    EXPECT_EQ(find(s.variables, "h")->length, -1);
    EXPECT_EQ(find(s.variables, "ok")->repr, "1");
    EXPECT_TRUE(s.truncated);
    EXPECT_LT(ms, 3000);
    // No trace function is left behind, and the program's own is kept.
    run("import sys; print(sys.gettrace())");
    run_block("def mine(frame, event, arg):\n    return None\n");
    run("sys.settrace(mine)");
    snapshot();
    run("print(sys.gettrace() is mine); sys.settrace(None)");
    EXPECT_EQ(out, "None\nTrue\n");
    EXPECT_EQ(run("print('still fine')"), RunStatus::Complete);
    EXPECT_EQ(out, "None\nTrue\nstill fine\n");
    EXPECT_EQ(err, "");
}

TEST_F(InspectTest, WhatAReprPrintsIsSwallowed) {
    run_block("class Loud:\n    def __repr__(self):\n        print('side effect'); import sys; print('err', file=sys.stderr); return 'Loud()'\n");
    run("loud = Loud()");
    const ins::Snapshot s = snapshot();
    EXPECT_EQ(find(s.variables, "loud")->repr, "Loud()");
    EXPECT_EQ(out, "");
    EXPECT_EQ(err, "");
    run("print('after')");
    EXPECT_EQ(out, "after\n");
}

TEST_F(InspectTest, AReprThatReadsInputGetsEndOfInputNotTheTerminal) {
    bool asked = false;
    during_input = [&] { asked = true; };
    run_block("class Asks:\n    def __repr__(self): return input('repr? ')\n");
    run("a = Asks()");
    const ins::Snapshot s = snapshot();
    EXPECT_FALSE(asked) << "the terminal was asked for a line";
    EXPECT_EQ(find(s.variables, "a")->repr.rfind("<repr failed: EOFError", 0), 0u) << find(s.variables, "a")->repr;
    EXPECT_EQ(out, "");
    EXPECT_EQ(run("print(input('real? '))"), RunStatus::Complete);
    EXPECT_TRUE(asked) << "input() reads from the terminal again";
    EXPECT_EQ(out, "typed\n");
}

TEST_F(InspectTest, CyclesShowAsPythonShowsThemAndAreNotExpandedForever) {
    run("a = [1]; a.append(a)");
    run("d = {}; d['self'] = d");
    const ins::Snapshot s = snapshot();
    const ins::Value* a = find(s.variables, "a");
    EXPECT_EQ(a->repr, "[1, [...]]");
    ASSERT_EQ(a->children.size(), 2u);
    EXPECT_EQ(a->children[1].repr, "[1, [...]]");
    EXPECT_FALSE(a->children[1].expanded) << "a value inside itself is not expanded again";
    EXPECT_EQ(a->children[1].ref.empty(), false) << "but it can be, on request";
    const ins::Children again = children(a->children[1].ref);
    EXPECT_EQ(again.error, "");
    EXPECT_EQ(names(again.children), (std::vector<std::string>{"[0]", "[1]"}));
    EXPECT_EQ(find(s.variables, "d")->repr, "{'self': {...}}");
    EXPECT_EQ(find(s.variables, "d")->children.at(0).name, "['self']");
}

TEST_F(InspectTest, SnapshotsGoTwoLevelsDeepAndRefsGiveTheRest) {
    run("nested = [[[[1, 2]]]]");
    const ins::Snapshot s = snapshot();
    const ins::Value& level0 = *find(s.variables, "nested");
    ASSERT_TRUE(level0.expanded);
    const ins::Value& level1 = level0.children.at(0);
    ASSERT_TRUE(level1.expanded);
    const ins::Value& level2 = level1.children.at(0);
    EXPECT_FALSE(level2.expanded);
    EXPECT_TRUE(level2.children.empty());
    ASSERT_FALSE(level2.ref.empty());
    const ins::Children c = children(level2.ref);
    EXPECT_EQ(c.ref, level2.ref);
    ASSERT_EQ(c.children.size(), 1u);
    EXPECT_EQ(c.children[0].name, "[0]");
    EXPECT_EQ(c.children[0].repr, "[1, 2]");
    const ins::Children leaf = children(c.children[0].ref);
    EXPECT_EQ(names(leaf.children), (std::vector<std::string>{"[0]", "[1]"}));
    // The same path keeps its ref in the next snapshot (panels keep their expansion).
    EXPECT_EQ(find(snapshot().variables, "nested")->children.at(0).children.at(0).ref, level2.ref);
}

TEST_F(InspectTest, HugeContainersAndNamespacesStayWithinTheLimits) {
    run("big = {i: [i] * 3 for i in range(100000)}");
    ins::Snapshot s = snapshot();
    const ins::Value* big = find(s.variables, "big");
    ASSERT_EQ(big->children.size(), 101u) << "100 items and a row for the rest";
    const ins::Value& more = big->children.back();
    EXPECT_EQ(more.name, "\xE2\x80\xA6");
    EXPECT_EQ(more.repr, "99900 more");
    EXPECT_EQ(more.ref, big->ref + "@100");
    const ins::Children page = children(more.ref);
    EXPECT_EQ(page.children.front().name, "[100]");
    EXPECT_EQ(page.children.front().repr, "[100, 100, 100]");
    EXPECT_EQ(page.children.back().ref, big->ref + "@200");

    run("globals().update({f'v{i:04}': list(range(i % 50)) for i in range(3000)})");
    s = snapshot();
    EXPECT_EQ(s.variables.size(), 1000u);
    EXPECT_TRUE(s.truncated);
    size_t nodes = 0;
    std::function<void(const std::vector<ins::Value>&)> count = [&](const std::vector<ins::Value>& vs) {
        for (const auto& v : vs) {
            ++nodes;
            count(v.children);
        }
    };
    count(s.variables);
    EXPECT_LE(nodes, 2000u + 1000u) << "the node budget (plus at most one \"more\" row per container)";
}

TEST_F(InspectTest, ChildrenOfObjectsDictsSetsAndRefsThatGoStale) {
    run_block("class Box:\n    pass\n");
    run("b = Box(); b.items = {'k': (1, 2)}; b.tags = {3}");
    ins::Snapshot s = snapshot();
    const ins::Value* b = find(s.variables, "b");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(names(b->children), (std::vector<std::string>{".items", ".tags"}));
    const ins::Value& items = b->children[0];
    ASSERT_TRUE(items.expanded);
    EXPECT_EQ(items.children.at(0).name, "['k']");
    EXPECT_EQ(items.children.at(0).type, "tuple");
    EXPECT_EQ(b->children[1].children.at(0).name, "#0");
    const ins::Children tuple = children(items.children.at(0).ref);
    EXPECT_EQ(names(tuple.children), (std::vector<std::string>{"[0]", "[1]"}));
    const std::string items_ref = items.ref;  // `s` is replaced below
    // A module's and a class's attributes on request, dunders left out.
    run("import math");
    s = snapshot();
    const ins::Children math = children(find(s.variables, "math")->ref);
    EXPECT_NE(find(math.children, ".pi"), nullptr);
    EXPECT_EQ(find(math.children, ".__name__"), nullptr);
    // Gone values say so.
    run("del b");
    const ins::Children gone = children(items_ref);
    EXPECT_FALSE(gone.error.empty());
    EXPECT_TRUE(gone.children.empty());
    EXPECT_FALSE(children("r999999").error.empty());
    EXPECT_FALSE(children("nonsense").error.empty());
}

TEST_F(InspectTest, FilesUnderTheHomeFolderParentsFirst) {
    write_file(home / "notes.txt", "hello\n");
    write_file(home / "data" / "in.csv", "a,b\n1,2\n");
    fs::create_directories(home / "empty");
    const ins::Snapshot s = snapshot();
    std::vector<std::string> paths;
    for (const auto& f : s.files) paths.push_back(f.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"data", "data/in.csv", "empty", "notes.txt"}));
    EXPECT_TRUE(find_file(s, "data")->is_dir);
    EXPECT_EQ(find_file(s, "data")->size, 0);
    EXPECT_EQ(find_file(s, "data/in.csv")->size, 8);
    EXPECT_FALSE(find_file(s, "notes.txt")->is_dir);
    EXPECT_GT(find_file(s, "notes.txt")->mtime, 1.6e9);
    EXPECT_FALSE(s.truncated);
}

TEST_F(InspectTest, DeleteRemovesFilesAndEmptyFoldersInsideHomeOnly) {
    write_file(home / "old.py", "x = 1\n");
    write_file(home / "full" / "keep.txt", "keep");
    fs::create_directories(home / "empty");
    const fs::path outside = make_temp_home();
    write_file(outside / "secret.txt", "do not touch");
    fs::create_symlink(outside / "secret.txt", home / "link.txt");

    ins::Snapshot s = remove("old.py");
    EXPECT_EQ(s.error, "");
    EXPECT_FALSE(fs::exists(home / "old.py"));
    EXPECT_EQ(find_file(s, "old.py"), nullptr) << "the reply is the snapshot after the delete";
    s = remove("empty");
    EXPECT_EQ(s.error, "");
    EXPECT_FALSE(fs::exists(home / "empty"));
    s = remove("full");
    EXPECT_NE(s.error.find("not empty"), std::string::npos) << s.error;
    EXPECT_TRUE(fs::exists(home / "full" / "keep.txt"));
    const std::vector<std::string> escapes{"../" + outside.filename().string() + "/secret.txt",
                                           (outside / "secret.txt").string(), "full/../../x", "..", "", "."};
    for (const std::string& escape : escapes) {
        s = remove(escape);
        EXPECT_FALSE(s.error.empty()) << "deleting \"" << escape << "\" must be refused";
    }
    EXPECT_TRUE(fs::exists(outside / "secret.txt"));
    EXPECT_TRUE(fs::exists(home));
    // A link is itself: deleting it leaves what it points to.
    s = remove("link.txt");
    EXPECT_EQ(s.error, "");
    EXPECT_FALSE(fs::is_symlink(home / "link.txt"));
    EXPECT_TRUE(fs::exists(outside / "secret.txt"));
    s = remove("missing.txt");
    EXPECT_NE(s.error.find("no such file"), std::string::npos) << s.error;
    fs::remove_all(outside);
}

TEST_F(InspectTest, PreviewShowsTextCutsLongFilesAndRecognisesBinary) {
    write_file(home / "hello.txt", "Gr\xC3\xBC\xC3\x9F" "e\n");
    std::string long_text;
    while (long_text.size() < 70000) long_text += "0123456789\xE2\x82\xAC\n";  // € straddles the 64 KiB cut
    write_file(home / "long.txt", long_text);
    write_file(home / "image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    write_file(home / "latin1.txt", "caf\xE9\n");
    write_file(home / "dir" / "x.txt", "x");
    const fs::path outside = make_temp_home();
    write_file(outside / "secret.txt", "secret");
    fs::create_symlink(outside / "secret.txt", home / "escape.txt");

    ins::Preview p = preview("hello.txt");
    EXPECT_EQ(p.error, "");
    EXPECT_EQ(p.text, "Gr\xC3\xBC\xC3\x9F" "e\n");
    EXPECT_FALSE(p.binary);
    EXPECT_FALSE(p.truncated);
    p = preview("long.txt");
    EXPECT_TRUE(p.truncated);
    EXPECT_LE(p.text.size(), 65536u);
    EXPECT_GE(p.text.size(), 65530u);
    EXPECT_EQ(p.text.find("\xEF\xBF\xBD"), std::string::npos) << "a character cut at the end is left out, not replaced";
    EXPECT_EQ(long_text.compare(0, p.text.size(), p.text), 0);
    p = preview("image.png");
    EXPECT_TRUE(p.binary);
    EXPECT_EQ(p.text, "");
    p = preview("latin1.txt");
    EXPECT_FALSE(p.binary);
    EXPECT_EQ(p.text, "caf\xEF\xBF\xBD\n");
    EXPECT_FALSE(preview("dir").error.empty());
    EXPECT_FALSE(preview("nothing.txt").error.empty());
    EXPECT_FALSE(preview("escape.txt").error.empty()) << "a link out of home is not followed";
    EXPECT_EQ(preview("escape.txt").text, "");
    EXPECT_FALSE(preview("../" + outside.filename().string() + "/secret.txt").error.empty());
    EXPECT_FALSE(preview("/etc/passwd").error.empty());
    fs::remove_all(outside);
}

TEST_F(InspectTest, BadRequestsGetAnErrorReply) {
    for (const char* bad : {"", "{", "[]", R"({"kind":"request","op":"explode"})",
                                  R"({"kind":"snapshot"})", R"({"kind":"request","op":"children"})"}) {
        const std::string reply = session->inspect(bad);
        EXPECT_EQ(ins::kind_of(reply), "error") << bad << " → " << reply;
        ins::Error e;
        ASSERT_TRUE(ins::from_json(reply, e)) << reply;
        EXPECT_NE(e.error.find("bad inspect request"), std::string::npos) << e.error;
    }
    const std::string reply = session->inspect(R"({"kind":"request","op":"download","path":"x"})");
    ins::Snapshot s;
    ASSERT_TRUE(ins::from_json(reply, s)) << reply;
    EXPECT_FALSE(s.error.empty()) << "a missing file, and this front end has no downloads";
    EXPECT_EQ(run("print('fine')"), RunStatus::Complete);
    EXPECT_EQ(out, "fine\n");
}

TEST_F(InspectTest, SnapshotsAfterEachEntryOnlyWhenWanted) {
    // No on_snapshot: nothing is computed; the inspector is not even imported.
    run("x = 1");
    run("import sys; print('_pyshell_inspect' in sys.modules, 'json' in sys.modules)");
    EXPECT_EQ(out, "False False\n") << "a plain terminal pays nothing at start-up or per entry";
    out.clear();

    // Another session with on_snapshot (and its gate).
    session.reset();
    HostConfig c;
    c.stdlib_zip = PYSHELL_TEST_STDLIB_ZIP;
    c.extra_paths.push_back(PYSHELL_TEST_DYNLOAD);
    c.working_dir = home.string();
    SessionIo io;
    io.write = [this](int fd, std::string_view b) { (fd == 2 ? err : out).append(b); };
    io.read_line = [](std::string_view, std::string_view, bool) { return ReadResult{ReadResult::Eof, ""}; };
    io.history = [this] { return history; };
    io.on_snapshot = [this](const std::string& json) { snapshots.push_back(json); };
    io.snapshot_wanted = [this] { return want_snapshots; };
    session = std::make_unique<Session>(c, io);
    ASSERT_TRUE(session->ok());
    EXPECT_EQ(run("y = [1, 2]"), RunStatus::Complete);
    ASSERT_EQ(snapshots.size(), 1u);
    ins::Snapshot s;
    ASSERT_TRUE(ins::from_json(snapshots[0], s));
    EXPECT_EQ(find(s.variables, "y")->repr, "[1, 2]");
    EXPECT_EQ(s.history, history);
    EXPECT_EQ(run("if True:"), RunStatus::Incomplete);
    EXPECT_EQ(snapshots.size(), 1u) << "no snapshot for an incomplete entry";
    EXPECT_EQ(run("1 +"), RunStatus::SyntaxError);
    EXPECT_EQ(snapshots.size(), 2u) << "a syntax error is an entry too (its line is in the history)";
    want_snapshots = false;
    run("z = 3");
    EXPECT_EQ(snapshots.size(), 2u) << "the gate is closed";
    want_snapshots = true;
    run("z = 4");
    ASSERT_EQ(snapshots.size(), 3u);
    ASSERT_TRUE(ins::from_json(snapshots[2], s));
    EXPECT_GT(s.seq, 1u);
    EXPECT_EQ(find(s.variables, "z")->repr, "4");
    EXPECT_EQ(session->run_source("exit()").status, RunStatus::Exit);
    EXPECT_EQ(snapshots.size(), 3u) << "none when the session ends";
}

TEST_F(InspectTest, InspectWhilePythonWaitsInInput) {
    std::string during;
    during_input = [&] { during = session->inspect(R"({"kind":"request","op":"snapshot"})"); };
    run("before = 'set'");
    EXPECT_EQ(run("answer = input('? ')"), RunStatus::Complete);
    ins::Snapshot s;
    ASSERT_TRUE(ins::from_json(during, s)) << during;
    EXPECT_NE(find(s.variables, "before"), nullptr);
    EXPECT_EQ(find(s.variables, "answer"), nullptr) << "input() has not returned yet";
    run("print(answer)");
    EXPECT_EQ(out, "typed\n");
    EXPECT_EQ(err, "");
}

TEST_F(InspectTest, AUserFileCannotStandInForTheInspector) {
    write_file(home / "_pyshell_inspect.py", "raise SystemExit('imported the impostor')\n");
    run("x = 5");
    const ins::Snapshot s = snapshot();
    EXPECT_EQ(find(s.variables, "x")->repr, "5");
    EXPECT_EQ(err, "");
}

}  // namespace

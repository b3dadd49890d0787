// Tests for inspect_model.h: every message round-trips through to_json / from_json, the
// writer emits valid escaped UTF-8, and the reader rejects malformed input with a message.
#include <gtest/gtest.h>

#include <string>

#include "core/inspect_model.h"

namespace pyshell::core::inspect {
namespace {

Value leaf(std::string name, std::string type, std::string repr, std::int64_t length = -1) {
  Value v;
  v.name = std::move(name);
  v.type = std::move(type);
  v.repr = std::move(repr);
  v.length = length;
  return v;
}

Snapshot sample_snapshot() {
  Snapshot s;
  s.seq = 42;
  s.home = "/home/user";
  Value xs = leaf("xs", "list", "[1, 'two', {...}]", 3);
  xs.ref = "r7";
  xs.expanded = true;
  xs.children.push_back(leaf("[0]", "int", "1"));
  xs.children.push_back(leaf("[1]", "str", "'two'", 3));
  Value d = leaf("[2]", "dict", "{'k': ...}", 1);
  d.ref = "r8";
  xs.children.push_back(d);
  s.variables.push_back(xs);
  s.variables.push_back(leaf("z\xC3\xA9", "str", "'caf\xC3\xA9 \xF0\x9F\x98\x80\\n\"q\"'", 7));
  s.files.push_back({"data", 0, 1732420000.0, true});
  s.files.push_back({"data/in.txt", 1234, 1732420000.25, false});
  s.history = {"x = 1", "for i in range(3):\n    print(i)", "tab\there"};
  s.truncated = true;
  return s;
}

void expect_same(const Value& a, const Value& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.repr, b.repr);
  EXPECT_EQ(a.length, b.length);
  EXPECT_EQ(a.ref, b.ref);
  EXPECT_EQ(a.expanded, b.expanded);
  ASSERT_EQ(a.children.size(), b.children.size());
  for (size_t i = 0; i < a.children.size(); ++i) expect_same(a.children[i], b.children[i]);
}

TEST(InspectModel, SnapshotRoundTrips) {
  const Snapshot s = sample_snapshot();
  const std::string json = to_json(s);
  EXPECT_EQ(kind_of(json), "snapshot");
  Snapshot back;
  std::string error;
  ASSERT_TRUE(from_json(json, back, &error)) << error << "\n" << json;
  EXPECT_EQ(back.seq, 42u);
  EXPECT_EQ(back.home, "/home/user");
  ASSERT_EQ(back.variables.size(), 2u);
  for (size_t i = 0; i < s.variables.size(); ++i) expect_same(back.variables[i], s.variables[i]);
  ASSERT_EQ(back.files.size(), 2u);
  EXPECT_EQ(back.files[0].path, "data");
  EXPECT_TRUE(back.files[0].is_dir);
  EXPECT_EQ(back.files[1].size, 1234);
  EXPECT_DOUBLE_EQ(back.files[1].mtime, 1732420000.25);
  EXPECT_DOUBLE_EQ(back.files[0].mtime, 1732420000.0);
  EXPECT_EQ(back.history, s.history);
  EXPECT_TRUE(back.truncated);
  // Writing again gives the same text: the writer is deterministic.
  EXPECT_EQ(to_json(back), json);
}

TEST(InspectModel, ChildrenAndPreviewRoundTrip) {
  Children c;
  c.ref = "r12";
  c.children.push_back(leaf(".x", "int", "3"));
  c.children.push_back(leaf("['k']", "tuple", "(1, 2)", 2));
  Children cb;
  std::string error;
  ASSERT_TRUE(from_json(to_json(c), cb, &error)) << error;
  EXPECT_EQ(cb.ref, "r12");
  ASSERT_EQ(cb.children.size(), 2u);
  expect_same(cb.children[1], c.children[1]);
  EXPECT_EQ(cb.error, "");

  Children gone;
  gone.ref = "r3";
  gone.error = "the value is gone";
  ASSERT_TRUE(from_json(to_json(gone), cb, &error)) << error;
  EXPECT_EQ(cb.error, "the value is gone");
  EXPECT_TRUE(cb.children.empty());

  Preview p;
  p.path = "notes/a.txt";
  p.text = std::string("line1\nline2\r\n\x01\x7f end", 20);
  p.truncated = true;
  Preview pb;
  ASSERT_TRUE(from_json(to_json(p), pb, &error)) << error;
  EXPECT_EQ(pb.path, p.path);
  EXPECT_EQ(pb.text, p.text);
  EXPECT_FALSE(pb.binary);
  EXPECT_TRUE(pb.truncated);
  EXPECT_EQ(kind_of(to_json(p)), "preview");
}

TEST(InspectModel, RequestsRoundTrip) {
  const Request requests[] = {
      {Request::Op::Snapshot, ""},
      {Request::Op::Children, "r5"},
      {Request::Op::Preview, "a/b.txt"},
      {Request::Op::Delete, "old.py"},
      {Request::Op::Download, "out.csv"},
  };
  for (const Request& r : requests) {
    const std::string json = to_json(r);
    Request back;
    std::string error;
    ASSERT_TRUE(from_json(json, back, &error)) << error << "\n" << json;
    EXPECT_EQ(back.op, r.op) << json;
    EXPECT_EQ(back.arg, r.arg) << json;
    EXPECT_EQ(kind_of(json), "request");
  }
  EXPECT_EQ(to_json(Request{Request::Op::Children, "r5"}),
            R"({"kind":"request","op":"children","ref":"r5"})");
  EXPECT_EQ(to_json(Request{Request::Op::Preview, "a.txt"}),
            R"({"kind":"request","op":"preview","path":"a.txt"})");
  EXPECT_EQ(to_json(Request{}), R"({"kind":"request","op":"snapshot"})");
}

TEST(InspectModel, WriterEscapesControlsAndRepairsUtf8) {
  Preview p;
  p.text = std::string("a\x00" "b\x1b[0m\"\\\x7f", 10) + "\xE2\x80\xA8" + "\xFF\xC3" + "\xE2\x82";
  const std::string json = to_json(p);
  for (unsigned char c : json) EXPECT_GE(c, 0x20) << "raw control byte in " << json;
  EXPECT_NE(json.find(R"(a\u0000b\u001b[0m\"\\\u007f\u2028)"), std::string::npos) << json;
  // Invalid bytes became U+FFFD (EF BF BD), one per bad byte or truncated sequence start.
  EXPECT_NE(json.find("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"), std::string::npos) << json;
  Preview back;
  std::string error;
  ASSERT_TRUE(from_json(json, back, &error)) << error;
  EXPECT_EQ(back.text.substr(0, 10), p.text.substr(0, 10));
}

TEST(InspectModel, ReaderDecodesEscapesAndSurrogates) {
  Preview p;
  std::string error;
  ASSERT_TRUE(from_json(
      R"({"kind":"preview","text":"\u00e9\ud83d\ude00\/\b\f\n\r\t\u0041","path":"x"})", p, &error))
      << error;
  EXPECT_EQ(p.text, "\xC3\xA9\xF0\x9F\x98\x80/\b\f\n\r\tA");
  // A lone surrogate (Python's json.dumps writes them for surrogate-escaped file names) is
  // valid JSON but not Unicode: it becomes U+FFFD, the rest stays.
  ASSERT_TRUE(from_json(R"({"kind":"preview","path":"a\udcff.txt\ud800"})", p, &error)) << error;
  EXPECT_EQ(p.path, "a\xEF\xBF\xBD.txt\xEF\xBF\xBD");
  ASSERT_TRUE(from_json(R"({"kind":"preview","path":"\ud800\u0041"})", p, &error)) << error;
  EXPECT_EQ(p.path, "\xEF\xBF\xBD" "A");
}

TEST(InspectModel, MissingFieldsTakeDefaultsUnknownOnesAreIgnored) {
  Snapshot s;
  std::string error;
  ASSERT_TRUE(from_json(R"( {"kind":"snapshot","variables":[{"name":"x","future":[1,{"a":null}]}],
                            "extra":3.5e2} )",
                        s, &error))
      << error;
  ASSERT_EQ(s.variables.size(), 1u);
  EXPECT_EQ(s.variables[0].name, "x");
  EXPECT_EQ(s.variables[0].length, -1);
  EXPECT_FALSE(s.variables[0].expanded);
  EXPECT_TRUE(s.files.empty());
  EXPECT_EQ(s.seq, 0u);
}

TEST(InspectModel, NumbersAreExactAndRangeChecked) {
  Snapshot s;
  std::string error;
  ASSERT_TRUE(from_json(R"({"kind":"snapshot","seq":18446744073709551615,
      "variables":[{"length":-9223372036854775808},{"length":9223372036854775807},{"length":-0}],
      "files":[{"path":"a","size":5,"mtime":-1.5e-3}]})",
                        s, &error))
      << error;
  EXPECT_EQ(s.seq, 18446744073709551615u);
  EXPECT_EQ(s.variables[0].length, INT64_MIN);
  EXPECT_EQ(s.variables[1].length, INT64_MAX);
  EXPECT_EQ(s.variables[2].length, 0);
  EXPECT_DOUBLE_EQ(s.files[0].mtime, -0.0015);

  EXPECT_FALSE(from_json(R"({"kind":"snapshot","seq":18446744073709551616})", s, &error));
  EXPECT_NE(error.find("seq: integer out of range"), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"snapshot","seq":-1})", s, &error));
  EXPECT_NE(error.find("seq"), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"snapshot","variables":[{"length":1.5}]})", s, &error));
  EXPECT_NE(error.find("variables[0].length: expected an integer"), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"snapshot","files":[{"mtime":1e999}]})", s, &error));
  EXPECT_NE(error.find("files[0].mtime"), std::string::npos) << error;
}

TEST(InspectModel, MalformedJsonIsRejectedWithAMessage) {
  const char* bad[] = {
      "",
      "   ",
      "{",
      "{\"kind\":\"request\",\"op\":\"snapshot\"",
      "{\"kind\":\"request\",\"op\":\"snapshot\",}",
      "{\"kind\":\"request\" \"op\":\"snapshot\"}",
      "{kind:\"request\"}",
      "{'kind':'request'}",
      "{\"kind\":\"request\",\"op\":\"snapshot\"} x",
      "{\"kind\":\"request\",\"op\":\"snapshot\"}{}",
      "{\"kind\":\"request\",\"op\":\"snap\nshot\"}",
      "{\"kind\":\"request\",\"op\":\"\\x\"}",
      "{\"kind\":\"request\",\"op\":\"\\u12G4\"}",
      "{\"kind\":\"request\",\"op\":\"\\u12\"}",
      "{\"kind\":\"request\",\"op\":\"snapshot\",\"n\":01}",
      "{\"kind\":\"request\",\"op\":\"snapshot\",\"n\":1.}",
      "{\"kind\":\"request\",\"op\":\"snapshot\",\"n\":.5}",
      "{\"kind\":\"request\",\"op\":\"snapshot\",\"n\":+1}",
      "{\"kind\":\"request\",\"op\":\"snapshot\",\"n\":1e}",
      "{\"kind\":\"request\",\"op\":\"snapshot\",\"n\":NaN}",
      "{\"kind\":\"request\",\"op\":\"snapshot\",\"n\":tru}",
      "{\"kind\":\"request\",\"op\":\"snapshot\",\"n\":[1,]}",
      "{\"kind\":\"request\",\"kind\":\"request\",\"op\":\"snapshot\"}",
      "{\"kind\":\"request\",\"op\":\"sn\xFFpshot\"}",
      "{\"kind\":\"request\",\"op\":\"\xC0\xAF\"}",
      "{\"kind\":\"request\",\"op\":\"\xED\xA0\x80\"}",
      "{\"kind\":\"request\",\"op\":\"\xE2\x82\"}",
      "[\"kind\",\"request\"]",
      "\"request\"",
  };
  for (const char* text : bad) {
    Request r;
    std::string error;
    EXPECT_FALSE(from_json(text, r, &error)) << "accepted: " << text;
    EXPECT_FALSE(error.empty()) << "no message for: " << text;
    EXPECT_EQ(kind_of(text), "") << text;
  }
  std::string error;
  Request r;
  EXPECT_FALSE(from_json("{\"kind\":\"request\",\"op\":\"snapshot\",}", r, &error));
  EXPECT_EQ(error.substr(0, 25), "malformed JSON at byte 34") << error;
  EXPECT_FALSE(from_json("{\"kind\":\"request\",\"kind\":\"request\"}", r, &error));
  EXPECT_NE(error.find("duplicate key \"kind\""), std::string::npos) << error;
}

TEST(InspectModel, NestingIsDepthLimited) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += '[';  // would overflow an unlimited recursive reader
  Request r;
  std::string error;
  EXPECT_FALSE(from_json(deep, r, &error));
  EXPECT_NE(error.find("nested deeper than 64"), std::string::npos) << error;
  EXPECT_EQ(kind_of(deep), "");

  // 64 levels are fine; 65 are not.
  auto nested = [](int levels) {
    std::string s = R"({"kind":"snapshot","x":)";
    for (int i = 1; i < levels; ++i) s += '[';
    for (int i = 1; i < levels; ++i) s += ']';
    return s + "}";
  };
  Snapshot s;
  EXPECT_TRUE(from_json(nested(64), s, &error)) << error;
  EXPECT_FALSE(from_json(nested(65), s, &error));

  // A deep value tree (children of children) reads back to the depth the reader allows.
  Value v = leaf("root", "list", "[[...]]", 1);
  Value* at = &v;
  for (int i = 0; i < 20; ++i) {
    at->expanded = true;
    at->children.push_back(leaf("[0]", "list", "[...]", 1));
    at = &at->children.back();
  }
  Children c;
  c.ref = "r1";
  c.children.push_back(v);
  Children back;
  ASSERT_TRUE(from_json(to_json(c), back, &error)) << error;
  expect_same(back.children[0], v);
}

TEST(InspectModel, ErrorRepliesAndSnapshotErrorsRoundTrip) {
  Error e;
  e.error = "bad inspect request: \"x\"";
  const std::string json = to_json(e);
  EXPECT_EQ(json, R"({"kind":"error","error":"bad inspect request: \"x\""})");
  EXPECT_EQ(kind_of(json), "error");
  Error back;
  std::string error;
  ASSERT_TRUE(from_json(json, back, &error)) << error;
  EXPECT_EQ(back.error, e.error);
  Snapshot s;
  EXPECT_FALSE(from_json(json, s, &error));

  // A snapshot carries "error" only when a delete/download behind it failed.
  Snapshot ok;
  EXPECT_EQ(to_json(ok).find("\"error\""), std::string::npos);
  Snapshot refused;
  refused.error = "cannot delete: ../x is outside the home folder";
  ASSERT_TRUE(from_json(to_json(refused), s, &error)) << error;
  EXPECT_EQ(s.error, refused.error);
}

TEST(InspectModel, WrongKindAndBadRequestsSayWhy) {
  std::string error;
  Snapshot s;
  EXPECT_FALSE(from_json(R"({"kind":"preview","path":"a"})", s, &error));
  EXPECT_NE(error.find("\"preview\" message, not \"snapshot\""), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"seq":1})", s, &error));
  EXPECT_NE(error.find("no \"kind\""), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"snapshot","variables":{}})", s, &error));
  EXPECT_NE(error.find("variables: expected an array"), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"snapshot","variables":[{"children":[{"name":3}]}]})", s, &error));
  EXPECT_NE(error.find("variables[0].children[0].name: expected a string"), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"snapshot","history":["a",1]})", s, &error));
  EXPECT_NE(error.find("history[1]: expected a string"), std::string::npos) << error;

  Request r;
  EXPECT_FALSE(from_json(R"({"kind":"request","op":"explode"})", r, &error));
  EXPECT_NE(error.find("unknown op \"explode\""), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"request"})", r, &error));
  EXPECT_NE(error.find("op"), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"request","op":"children"})", r, &error));
  EXPECT_NE(error.find("needs a string \"ref\""), std::string::npos) << error;
  EXPECT_FALSE(from_json(R"({"kind":"request","op":"preview","path":7})", r, &error));
  EXPECT_NE(error.find("needs a string \"path\""), std::string::npos) << error;
  // Null error pointers are fine.
  EXPECT_FALSE(from_json("nope", r));
  EXPECT_EQ(kind_of(R"({"kind":3})"), "");
  EXPECT_EQ(kind_of(R"({"kind":"children","ref":"r1"})"), "children");
}

}  // namespace
}  // namespace pyshell::core::inspect

// Tests for History and HistoryNavigator.
#include <gtest/gtest.h>

#include "core/history.h"
#include "fakes.h"

namespace pyshell::core {
namespace {

using fakes::FakeHistoryStore;

std::vector<std::string> all(const History& h) {
  return {h.entries().begin(), h.entries().end()};
}

TEST(History, AddsLinesOldestFirst) {
  History h;
  EXPECT_TRUE(h.add("a"));
  EXPECT_TRUE(h.add("b"));
  EXPECT_EQ(all(h), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(h.at(0), "a");
  EXPECT_EQ(h.size(), 2U);
}

TEST(History, SkipsConsecutiveDuplicatesOnly) {
  History h;
  h.add("x");
  EXPECT_FALSE(h.add("x"));
  h.add("y");
  EXPECT_TRUE(h.add("x"));
  EXPECT_EQ(all(h), (std::vector<std::string>{"x", "y", "x"}));
}

TEST(History, SkipsBlankLines) {
  History h;
  EXPECT_FALSE(h.add(""));
  EXPECT_FALSE(h.add("   "));
  EXPECT_FALSE(h.add("\t \t"));
  EXPECT_TRUE(h.add("  x"));
  EXPECT_EQ(all(h), (std::vector<std::string>{"  x"}));
}

TEST(History, CapDropsOldest) {
  History h(3);
  for (const char* s : {"1", "2", "3", "4", "5"}) h.add(s);
  EXPECT_EQ(all(h), (std::vector<std::string>{"3", "4", "5"}));
  h.set_max_size(2);
  EXPECT_EQ(all(h), (std::vector<std::string>{"4", "5"}));
  EXPECT_EQ(h.max_size(), 2U);
}

TEST(History, DefaultCapIs1000) {
  History h;
  EXPECT_EQ(h.max_size(), 1000U);
  for (int i = 0; i < 1005; ++i) h.add(std::to_string(i));
  EXPECT_EQ(h.size(), 1000U);
  EXPECT_EQ(h.at(0), "5");
}

TEST(History, LoadsFromStoreAndAppendsToIt) {
  FakeHistoryStore store({"old1", "old1", "  ", "old2"});
  History h(store);
  EXPECT_EQ(store.loads, 1);
  EXPECT_EQ(all(h), (std::vector<std::string>{"old1", "old2"}));
  EXPECT_TRUE(store.appended.empty());  // loading does not write back
  h.add("new");
  h.add("new");
  h.add("");
  EXPECT_EQ(store.appended, (std::vector<std::string>{"new"}));
}

TEST(History, LoadKeepsNewestWhenStoreExceedsCap) {
  FakeHistoryStore store({"1", "2", "3", "4"});
  History h(store, 2);
  EXPECT_EQ(all(h), (std::vector<std::string>{"3", "4"}));
}

TEST(History, AttachPutsStoredEntriesFirst) {
  History h;
  h.add("session");
  FakeHistoryStore store({"stored"});
  h.attach(&store);
  EXPECT_EQ(all(h), (std::vector<std::string>{"stored", "session"}));
  h.add("more");
  EXPECT_EQ(store.appended, (std::vector<std::string>{"more"}));
  h.attach(nullptr);
  h.add("unsaved");
  EXPECT_EQ(store.appended.size(), 1U);
}

TEST(History, SearchBackwardFindsNewestThenOlder) {
  History h;
  for (const char* s : {"print(1)", "x = 2", "print(x)", "len(x)"}) h.add(s);
  auto m = h.search_backward("print", h.size());
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (History::Match{2, 0}));
  m = h.search_backward("print", 1);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (History::Match{0, 0}));
  m = h.search_backward("x", h.size());
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (History::Match{3, 4}));
  // Inside one entry: an earlier occurrence before pos.
  History h2;
  h2.add("abcabc");
  m = h2.search_backward("abc", 0, 2);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (History::Match{0, 0}));
  EXPECT_FALSE(h.search_backward("nothing", h.size()));
  EXPECT_FALSE(History().search_backward("x", 0));
}

TEST(HistoryNavigator, UpDownKeepsScratchLine) {
  History h;
  h.add("one");
  h.add("two");
  HistoryNavigator nav;
  nav.reset(h);
  std::string line = "typed";
  EXPECT_TRUE(nav.at_scratch());
  EXPECT_TRUE(nav.older(line));
  EXPECT_EQ(line, "two");
  EXPECT_TRUE(nav.older(line));
  EXPECT_EQ(line, "one");
  EXPECT_FALSE(nav.older(line));
  EXPECT_EQ(line, "one");
  EXPECT_TRUE(nav.newer(line));
  EXPECT_TRUE(nav.newer(line));
  EXPECT_EQ(line, "typed");
  EXPECT_TRUE(nav.at_scratch());
  EXPECT_FALSE(nav.newer(line));
}

TEST(HistoryNavigator, EditsToRecalledEntriesLastUntilReset) {
  History h;
  h.add("one");
  h.add("two");
  HistoryNavigator nav;
  nav.reset(h);
  std::string line;
  nav.older(line);       // "two"
  line = "two edited";
  nav.older(line);       // "one"
  EXPECT_EQ(line, "one");
  nav.newer(line);
  EXPECT_EQ(line, "two edited");
  EXPECT_EQ(h.at(1), "two");  // the history itself is untouched
  nav.reset(h);
  line.clear();
  nav.older(line);
  EXPECT_EQ(line, "two");
}

TEST(HistoryNavigator, JumpsToOldestAndNewest) {
  History h;
  for (const char* s : {"a", "b", "c"}) h.add(s);
  HistoryNavigator nav;
  nav.reset(h);
  std::string line = "cur";
  EXPECT_TRUE(nav.oldest(line));
  EXPECT_EQ(line, "a");
  EXPECT_EQ(nav.index(), 0U);
  EXPECT_TRUE(nav.newest(line));
  EXPECT_EQ(line, "cur");
  EXPECT_TRUE(nav.go_to(1, line));
  EXPECT_EQ(line, "b");
}

TEST(HistoryNavigator, EmptyHistoryGoesNowhere) {
  History h;
  HistoryNavigator nav;
  nav.reset(h);
  std::string line = "x";
  EXPECT_FALSE(nav.older(line));
  EXPECT_FALSE(nav.newer(line));
  EXPECT_EQ(line, "x");
}

}  // namespace
}  // namespace pyshell::core

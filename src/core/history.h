// History: the list of previously entered lines, shared by the line editor
// across reads.  Capped (oldest dropped), no consecutive duplicates, blank
// lines never stored, optionally persisted through a HistoryStore.
// HistoryNavigator is the per-read cursor the editor uses for Up/Down: the
// line being edited is kept as a "scratch" entry past the newest one, and
// edits to recalled entries are remembered until the read ends (readline
// with revert-all-at-newline).  search_backward() backs Ctrl-R.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/ports.h"

namespace pyshell::core {

class History {
 public:
  static constexpr std::size_t kDefaultMaxSize = 1000;

  explicit History(std::size_t max_size = kDefaultMaxSize);
  // Loads `store` (keeping the newest max_size entries) and appends every
  // added line to it.  The store must outlive the History.
  explicit History(HistoryStore& store,
                   std::size_t max_size = kDefaultMaxSize);

  // Attaches a store (or detaches with nullptr); entries it holds are
  // loaded in front of the current ones.
  void attach(HistoryStore* store);

  // Adds a line unless it is blank or equal to the newest entry.
  // Returns whether it was stored.  Persists through the store if any.
  bool add(std::string_view line);

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::string& at(std::size_t index) const;  // 0 = oldest
  const std::deque<std::string>& entries() const { return entries_; }
  void clear() { entries_.clear(); }

  std::size_t max_size() const { return max_size_; }
  void set_max_size(std::size_t max_size);  // drops the oldest as needed

  struct Match {
    std::size_t index;  // entry index
    std::size_t pos;    // byte offset of the match inside the entry
    bool operator==(const Match& o) const {
      return index == o.index && pos == o.pos;
    }
  };
  // Newest occurrence of `query` at or before (index, pos): first inside
  // entry `index` starting at byte <= pos, then in older entries (their
  // last occurrence).  index >= size() starts at the newest entry.
  std::optional<Match> search_backward(std::string_view query,
                                       std::size_t index,
                                       std::size_t pos = std::string::npos) const;

 private:
  bool push(std::string_view line);  // add without persisting

  std::deque<std::string> entries_;
  std::size_t max_size_;
  HistoryStore* store_ = nullptr;
};

class HistoryNavigator {
 public:
  // Starts a read: positioned on the scratch entry (index == size()).
  void reset(const History& history);

  std::size_t index() const { return index_; }
  bool at_scratch() const;

  // Each of these stores `line` as the edited text of the current position,
  // moves, and replaces `line` with the (possibly edited) text there.
  // They return false (and leave `line` alone) when there is nowhere to go.
  bool older(std::string& line);
  bool newer(std::string& line);
  bool go_to(std::size_t index, std::string& line);  // size() = scratch
  bool oldest(std::string& line) { return go_to(0, line); }
  bool newest(std::string& line);  // back to the scratch entry

 private:
  const History* history_ = nullptr;
  std::size_t index_ = 0;
  std::map<std::size_t, std::string> edits_;
};

}  // namespace pyshell::core

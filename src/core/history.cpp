// History and HistoryNavigator: see history.h.
#include "core/history.h"

#include <algorithm>
#include <cassert>

#include "core/text.h"

namespace pyshell::core {
namespace {

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
  });
}

}  // namespace

History::History(std::size_t max_size) : max_size_(std::max<std::size_t>(1, max_size)) {}

History::History(HistoryStore& store, std::size_t max_size)
    : History(max_size) {
  attach(&store);
}

void History::attach(HistoryStore* store) {
  store_ = nullptr;  // loading must not write back
  if (store != nullptr) {
    std::deque<std::string> current;
    current.swap(entries_);
    for (const std::string& line : store->load()) push(line);
    for (const std::string& line : current) push(line);
  }
  store_ = store;
}

bool History::push(std::string_view line) {
  if (is_blank(line)) return false;
  std::string clean = sanitize_line(line);
  if (!entries_.empty() && entries_.back() == clean) return false;
  entries_.push_back(std::move(clean));
  while (entries_.size() > max_size_) entries_.pop_front();
  return true;
}

bool History::add(std::string_view line) {
  if (!push(line)) return false;
  if (store_ != nullptr) store_->append(entries_.back());
  return true;
}

const std::string& History::at(std::size_t index) const {
  assert(index < entries_.size() && "history index out of range");
  return entries_[index];
}

void History::set_max_size(std::size_t max_size) {
  max_size_ = std::max<std::size_t>(1, max_size);
  while (entries_.size() > max_size_) entries_.pop_front();
}

std::optional<History::Match> History::search_backward(
    std::string_view query, std::size_t index, std::size_t pos) const {
  if (entries_.empty()) return std::nullopt;
  if (index >= entries_.size()) {
    index = entries_.size() - 1;
    pos = std::string::npos;
  }
  for (std::size_t i = index + 1; i-- > 0;) {
    const std::string& e = entries_[i];
    const std::size_t found =
        e.rfind(query, i == index ? pos : std::string::npos);
    if (found != std::string::npos) return Match{i, found};
  }
  return std::nullopt;
}

void HistoryNavigator::reset(const History& history) {
  history_ = &history;
  index_ = history.size();
  edits_.clear();
}

bool HistoryNavigator::at_scratch() const {
  return history_ == nullptr || index_ >= history_->size();
}

bool HistoryNavigator::go_to(std::size_t index, std::string& line) {
  assert(history_ != nullptr && "reset() binds the navigator first");
  const std::size_t size = history_->size();
  if (index > size || index == index_) return false;
  // Remember the edit (dropping it if the entry was restored unchanged).
  if (index_ < size && history_->at(index_) == line) {
    edits_.erase(index_);
  } else {
    edits_[index_] = line;
  }
  index_ = index;
  auto it = edits_.find(index_);
  if (it != edits_.end()) {
    line = it->second;
  } else {
    assert(index_ < size && "the scratch entry always has an edit saved");
    line = history_->at(index_);
  }
  return true;
}

bool HistoryNavigator::older(std::string& line) {
  if (history_ == nullptr || index_ == 0) return false;
  return go_to(index_ - 1, line);
}

bool HistoryNavigator::newer(std::string& line) {
  if (history_ == nullptr || index_ >= history_->size()) return false;
  return go_to(index_ + 1, line);
}

bool HistoryNavigator::newest(std::string& line) {
  if (history_ == nullptr) return false;
  return go_to(history_->size(), line);
}

}  // namespace pyshell::core

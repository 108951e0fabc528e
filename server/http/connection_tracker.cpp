#include "server/http/connection_tracker.h"

#include <vector>

namespace loket::server {

ConnectionTracker::Handle::~Handle() {
  if (tracker_ != nullptr) tracker_->remove(id_);
}

void ConnectionTracker::Handle::reset() {
  if (tracker_ != nullptr) tracker_->remove(id_);
  tracker_ = nullptr;
}

bool ConnectionTracker::Handle::enter_idle() {
  std::lock_guard lock(tracker_->mutex_);
  if (tracker_->stopping_) return false;
  tracker_->entries_[id_].idle = true;
  return true;
}

void ConnectionTracker::Handle::leave_idle() {
  std::lock_guard lock(tracker_->mutex_);
  tracker_->entries_[id_].idle = false;
}

ConnectionTracker::Handle ConnectionTracker::add(Closer closer) {
  std::lock_guard lock(mutex_);
  if (stopping_ || entries_.size() >= capacity_) return {};
  auto id = next_id_++;
  entries_.emplace(id, Entry{std::move(closer), false});
  return Handle(this, id);
}

void ConnectionTracker::remove(std::uint64_t id) {
  std::function<void()> drained;
  {
    std::lock_guard lock(mutex_);
    entries_.erase(id);
    if (stopping_ && entries_.empty()) drained = std::move(drained_);
  }
  if (drained) drained();
}

void ConnectionTracker::stop(std::function<void()> drained) {
  std::vector<Closer> to_close;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (entries_.empty()) {
      drained_ = nullptr;
    } else {
      drained_ = std::move(drained);
      drained = nullptr;
    }
    for (auto& [id, entry] : entries_)
      if (entry.idle) to_close.push_back(entry.closer);
  }
  for (auto& close : to_close) close();
  if (drained) drained();
}

void ConnectionTracker::close_all() {
  std::vector<Closer> to_close;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, entry] : entries_) to_close.push_back(entry.closer);
  }
  for (auto& close : to_close) close();
}

bool ConnectionTracker::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

std::size_t ConnectionTracker::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace loket::server

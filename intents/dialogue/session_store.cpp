#include "intents/dialogue/session_store.h"

namespace loket::dialogue {

std::optional<SessionState> SessionStore::get(const std::string& id, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= now) {
    lru_.erase(it->second.lru);
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.state;
}

void SessionStore::put(const std::string& id, SessionState state, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(id); it != entries_.end()) {
    it->second.state = std::move(state);
    it->second.expires = now + ttl_;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return;
  }
  while (entries_.size() >= capacity_ && !lru_.empty()) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
  lru_.push_front(id);
  entries_.emplace(id, Entry{std::move(state), now + ttl_, lru_.begin()});
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace loket::dialogue

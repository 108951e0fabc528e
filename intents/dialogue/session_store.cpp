#include "intents/dialogue/session_store.h"

namespace loket::dialogue {

SessionStore::Entry* SessionStore::find(const std::string& id, Clock::time_point now) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return nullptr;
  if (it->second.expires <= now) {
    lru_.erase(it->second.lru);
    entries_.erase(it);
    return nullptr;
  }
  return &it->second;
}

std::optional<SessionState> SessionStore::get(const std::string& id, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const Entry* entry = find(id, now);
  if (entry == nullptr) return std::nullopt;
  return entry->state;
}

std::optional<SessionStore::Versioned> SessionStore::get_versioned(const std::string& id,
                                                                   Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const Entry* entry = find(id, now);
  if (entry == nullptr) return std::nullopt;
  return Versioned{entry->state, entry->version};
}

void SessionStore::put(const std::string& id, SessionState state, Clock::time_point now) {
  put(id, std::move(state), 0, now);
}

void SessionStore::put(const std::string& id, SessionState state, std::int64_t version,
                       Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(id); it != entries_.end()) {
    it->second.state = std::move(state);
    it->second.expires = now + ttl_;
    it->second.version = version;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return;
  }
  while (entries_.size() >= capacity_ && !lru_.empty()) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
  lru_.push_front(id);
  entries_.emplace(id, Entry{std::move(state), now + ttl_, lru_.begin(), version});
}

void SessionStore::erase(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace loket::dialogue

#include "server/notify/live_sessions.h"

#include <vector>

namespace loket::server {

std::uint64_t LiveSessionRegistry::add(const std::string& session, Push push) {
  std::lock_guard lock(mutex_);
  const auto token = next_++;
  sockets_.emplace(session, std::make_pair(token, std::move(push)));
  return token;
}

void LiveSessionRegistry::remove(std::uint64_t token) {
  std::lock_guard lock(mutex_);
  for (auto it = sockets_.begin(); it != sockets_.end(); ++it) {
    if (it->second.first == token) {
      sockets_.erase(it);
      return;
    }
  }
}

bool LiveSessionRegistry::push(const std::string& session, std::string json) {
  std::vector<Push> targets;
  {
    std::lock_guard lock(mutex_);
    auto [begin, end] = sockets_.equal_range(session);
    for (auto it = begin; it != end; ++it) targets.push_back(it->second.second);
  }
  bool taken = false;
  for (auto& push : targets) taken = push(json) || taken;  // outside the lock: posts to a strand
  return taken;
}

}  // namespace loket::server

#include "server/chat/live_sessions.h"

namespace loket::server {

std::uint64_t LiveSessionRegistry::add(const std::string& session, Push push, std::int64_t seen,
                                       bool resumed) {
  std::lock_guard lock(mutex_);
  const auto token = next_++;
  by_token_.emplace(token, Entry{session, Socket{token, seen, resumed}, std::move(push)});
  by_session_.emplace(session, token);
  return token;
}

void LiveSessionRegistry::remove(std::uint64_t token) {
  std::lock_guard lock(mutex_);
  const auto it = by_token_.find(token);
  if (it == by_token_.end()) return;
  auto [begin, end] = by_session_.equal_range(it->second.session);
  for (auto s = begin; s != end; ++s)
    if (s->second == token) {
      by_session_.erase(s);
      break;
    }
  by_token_.erase(it);
}

std::vector<LiveSessionRegistry::Socket> LiveSessionRegistry::sockets(
    const std::string& session) const {
  std::lock_guard lock(mutex_);
  std::vector<Socket> out;
  auto [begin, end] = by_session_.equal_range(session);
  for (auto s = begin; s != end; ++s) out.push_back(by_token_.at(s->second).socket);
  return out;
}

std::vector<std::string> LiveSessionRegistry::sessions() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (auto it = by_session_.begin(); it != by_session_.end();
       it = by_session_.upper_bound(it->first))
    out.push_back(it->first);
  return out;
}

bool LiveSessionRegistry::push_once(std::uint64_t token, std::int64_t id, std::string frame) {
  Push push;
  {
    std::lock_guard lock(mutex_);
    const auto it = by_token_.find(token);
    if (it == by_token_.end() || it->second.socket.seen >= id) return false;
    it->second.socket.seen = id;
    push = it->second.push;
  }
  return push(std::move(frame));  // outside the lock: posts to the socket's strand
}

}  // namespace loket::server

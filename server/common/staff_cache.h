// Staff tokens recently checked against the database, so that not every staff request costs a
// lookup; a revoked token stops working within kTtl. Thread-safe: one mutex, held for a map
// lookup only.
#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace loket::server {

// Who is calling the staff API.
struct Staff {
  std::string name;  // the token's name, or the account's
  // editor, campaigns, agent (the handoff inbox) or admin; an account signed in through OpenID
  // Connect may have several, separated by spaces ("editor campaigns").
  std::string role;

  // Whether the staff member has `wanted` (admin has every role).
  bool may(std::string_view wanted) const {
    for (std::size_t at = 0; at < role.size();) {
      const std::size_t end = std::min(role.find(' ', at), role.size());
      const std::string_view one = std::string_view(role).substr(at, end - at);
      if (one == "admin" || one == wanted) return true;
      at = end + 1;
    }
    return false;
  }
};

class StaffCache {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kTtl{30};
  static constexpr std::size_t kMaxEntries = 1000;

  // `hash`: the token's hash, never the token.
  std::optional<Staff> find(const std::string& hash, Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(hash);
    if (it == entries_.end() || now > it->second.second) return std::nullopt;
    return it->second.first;
  }
  void put(const std::string& hash, Staff staff, Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mutex_);
    // Full: start again rather than track age; the next requests look their tokens up anew.
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[hash] = {std::move(staff), now + kTtl};
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::pair<Staff, Clock::time_point>> entries_;
};

}  // namespace loket::server

// Staff tokens recently checked against the database, so that not every staff request costs a
// lookup; a revoked token stops working within kTtl. Thread-safe: one mutex, held for a map
// lookup only.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace loket::server {

// Who is calling the staff API.
struct Staff {
  std::string name;  // the token's name
  std::string role;  // editor, campaigns, agent (the handoff inbox) or admin
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

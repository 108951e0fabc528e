// The chat sockets open right now, by chat session: the `websocket` channel pushes notifications
// through them. Thread-safe: sockets on any strand register and leave; pushes come from the
// dispatcher's strand and are handed to each socket's own strand by its push function.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "connectors/websocket_connector.h"

namespace loket::server {

class LiveSessionRegistry final : public connectors::LiveSessions {
 public:
  using Push = std::function<bool(std::string)>;  // false: the socket did not take it

  // Returns a token for remove().
  std::uint64_t add(const std::string& session, Push push);
  void remove(std::uint64_t token);
  bool push(const std::string& session, std::string json) override;

 private:
  std::mutex mutex_;
  std::uint64_t next_ = 1;
  std::multimap<std::string, std::pair<std::uint64_t, Push>> sockets_;
};

}  // namespace loket::server

// The chat sockets open on this instance, by chat session, with the last mailbox entry each has
// shown, so that an alert reaches each open chat once. Thread-safe: sockets on any strand
// register and leave; the mailbox relay pushes, and each socket's push function hands the frame
// to the socket's own strand.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace loket::server {

class LiveSessionRegistry {
 public:
  using Push = std::function<bool(std::string)>;  // false: the socket did not take it

  struct Socket {
    std::uint64_t token = 0;
    std::int64_t seen = 0;  // the last mailbox entry it showed
    bool resumed = false;   // the chat said what it had seen (else: show what was never shown)
  };

  // Returns a token for remove() and push_once().
  std::uint64_t add(const std::string& session, Push push, std::int64_t seen, bool resumed);
  void remove(std::uint64_t token);
  std::vector<Socket> sockets(const std::string& session) const;
  std::vector<std::string> sessions() const;

  // Pushes mailbox entry `id` to the socket unless it has seen it (or a later one); true when
  // the socket took it.
  bool push_once(std::uint64_t token, std::int64_t id, std::string frame);

 private:
  struct Entry {
    std::string session;
    Socket socket;
    Push push;
  };
  mutable std::mutex mutex_;
  std::uint64_t next_ = 1;
  std::unordered_map<std::uint64_t, Entry> by_token_;
  std::multimap<std::string, std::uint64_t> by_session_;
};

}  // namespace loket::server

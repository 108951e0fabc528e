// Keeps count of open connections and which of them sit idle (waiting for a new request or
// message), so a graceful stop can close the idle ones at once and let busy ones finish.
// Thread-safe: connections on any strand register, change state and leave under one mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace loket::server {

class ConnectionTracker {
 public:
  // Closes the connection; called from any thread, so it must post to the connection's strand.
  using Closer = std::function<void()>;

  class Handle {
   public:
    Handle() = default;
    Handle(ConnectionTracker* tracker, std::uint64_t id) : tracker_(tracker), id_(id) {}
    Handle(Handle&& other) noexcept : tracker_(other.tracker_), id_(other.id_) {
      other.tracker_ = nullptr;
    }
    Handle& operator=(Handle&&) = delete;
    ~Handle();

    explicit operator bool() const { return tracker_ != nullptr; }
    // Leaves the tracker now (the connection was handed to another session).
    void reset();
    // False when the server is stopping: the caller should close instead of waiting.
    bool enter_idle();
    void leave_idle();

   private:
    ConnectionTracker* tracker_ = nullptr;
    std::uint64_t id_ = 0;
  };

  explicit ConnectionTracker(std::size_t capacity) : capacity_(capacity) {}

  // An empty handle when the server is full or stopping.
  Handle add(Closer closer);
  // Stops admitting connections, closes idle ones now and the rest once they turn idle;
  // `drained` runs (on the thread of the last connection to leave) when none is left.
  void stop(std::function<void()> drained);
  // Closes every connection, busy or not (the drain timeout has passed).
  void close_all();
  std::size_t size() const;
  bool stopping() const;

 private:
  struct Entry {
    Closer closer;
    bool idle = false;
  };
  void remove(std::uint64_t id);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::function<void()> drained_;
};

}  // namespace loket::server

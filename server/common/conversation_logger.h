// Collects what residents ask for the conversation log, off the chat path: the chat only appends
// to a bounded queue; a flusher (in the server) takes it every second, redacts personal data and
// inserts the batch on a database thread. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace loket::server {

class ConversationLogger {
 public:
  struct Entry {
    std::string channel, lang, intent, text;  // text: not yet redacted
    double confidence = 0;
    double response_ms = 0;
    bool handoff_offered = false;  // the answer offered a person
    std::string session;           // stored only as conversation_log_key(session)
    std::string nearest;           // not understood: the intent it came nearest to
  };
  static constexpr std::size_t kCapacity = 20000;

  // Drops the entry (and counts it) when the queue is full: the chat never waits on the log.
  void record(Entry entry);
  std::vector<Entry> take();
  // A batch taken that the database could not store (the connection went away mid-write): back
  // in front of what came since, for the next try. Beyond the capacity the newest are dropped
  // and counted.
  void put_back(std::vector<Entry> batch);
  std::uint64_t dropped() const { return dropped_; }
  // Entries taken but refused by the database (each tried alone): lost, and counted as dropped.
  void count_refused(std::size_t n) { dropped_ += n; }

 private:
  std::mutex mutex_;
  std::vector<Entry> queue_;
  std::atomic<std::uint64_t> dropped_{0};
};

// How the log knows a session's lines (to answer the resident's request for their data): the
// first 32 hex digits of its SHA-256. The session itself is a credential and is not stored.
std::string conversation_log_key(std::string_view session);

}  // namespace loket::server

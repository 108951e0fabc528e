// Counters and histograms for GET /metrics (Prometheus text format): requests by route and
// status, request latency, chat fallbacks, deliveries by channel and outcome, messaging
// channels' inbound messages. Thread-safe: every
// update is a relaxed atomic add or a short mutex-held map update; rendering takes the same locks.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace loket::server {

class Metrics {
 public:
  // `route` is one of a fixed set (route_table.h), never a raw path: labels stay few.
  void observe_request(std::string_view route, unsigned status, std::chrono::duration<double> took);
  void observe_chat(bool answered);
  // A chat turn answered again: another turn of its conversation was stored first.
  void observe_turn_retried();
  void observe_delivery(std::string_view channel, std::string_view outcome);
  // A resident's message on a messaging channel: taken, a redelivery, refused (bad signature)
  // or its answer (answered, failed).
  void observe_inbound(std::string_view channel, std::string_view outcome);
  void observe_reload(bool ok);
  // A resident's thumb on an answer; `intent` is one of the content's (labels stay few).
  void observe_feedback(std::string_view intent, bool helpful);
  // A step of handing residents to a person on `channel`: offered, started, taken, abandoned,
  // callback, closed.
  void observe_handoff(std::string_view channel, std::string_view event);
  // A handoff taken after `waited` in the queue, by staff member `agent`.
  void observe_handoff_taken(std::string_view agent, std::chrono::duration<double> waited);

  // The whole exposition; `extra` lines (gauges read elsewhere, e.g. queue depth) are appended.
  std::string render(const std::string& extra = {}) const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   1.0};
  // Counters by two labels, looked up by string_view: an observation builds no string.
  template <typename Second>
  using Counts = std::map<std::string, std::map<Second, std::uint64_t, std::less<>>, std::less<>>;

  mutable std::mutex mutex_;
  Counts<unsigned> requests_;                                         // route -> status -> count
  std::array<std::uint64_t, kBuckets.size() + 1> latency_buckets_{};  // the last is +Inf
  double latency_sum_ = 0;
  std::uint64_t latency_count_ = 0;
  Counts<std::string> deliveries_;  // channel -> outcome -> count
  Counts<std::string> inbound_;     // channel -> outcome -> count
  Counts<std::string> feedback_;    // intent -> helpful (yes, no) -> count
  Counts<std::string> handoffs_;    // channel -> event -> count
  std::map<std::string, std::uint64_t, std::less<>> handled_;  // staff member -> taken
  static constexpr std::array<double, 9> kWaitBuckets = {10,  30,   60,   120, 300,
                                                         600, 1200, 1800, 3600};
  std::array<std::uint64_t, kWaitBuckets.size() + 1> wait_buckets_{};
  double wait_sum_ = 0;
  std::uint64_t wait_count_ = 0;
  std::atomic<std::uint64_t> chat_answered_{0}, chat_fallbacks_{0}, turns_retried_{0};
  std::atomic<std::uint64_t> reloads_ok_{0}, reloads_refused_{0};
};

}  // namespace loket::server

#include "server/metrics.h"

#include <cstdio>

namespace loket::server {

std::string_view Metrics::route_label(std::string_view path) {
  for (std::string_view known : {"/api/v1/chat", "/api/v1/chat/ws", "/healthz", "/readyz",
                                 "/metrics", "/", "/widget.js", "/widget.css"})
    if (path == known) return known;
  if (path.starts_with("/admin/v1/notifications")) return "/admin/v1/notifications";
  if (path.starts_with("/admin/v1/contacts")) return "/admin/v1/contacts";
  if (path.starts_with("/admin/")) return "/admin/other";
  return "other";
}

void Metrics::observe_request(std::string_view route, unsigned status,
                              std::chrono::duration<double> took) {
  const double seconds = took.count();
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  ++latency_buckets_[b];
  latency_sum_ += seconds;
  ++latency_count_;
}

void Metrics::observe_chat(bool answered) {
  (answered ? chat_answered_ : chat_fallbacks_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_reload(bool ok) {
  (ok ? reloads_ok_ : reloads_refused_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_delivery(std::string_view channel, std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++deliveries_[{std::string(channel), std::string(outcome)}];
}

std::string Metrics::render(const std::string& extra) const {
  std::string out;
  char line[256];
  std::lock_guard lock(mutex_);
  out += "# HELP loket_requests_total HTTP requests and WebSocket messages by route and status.\n"
         "# TYPE loket_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    std::snprintf(line, sizeof line, "loket_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
                  key.first.c_str(), key.second, static_cast<unsigned long long>(n));
    out += line;
  }
  out += "# HELP loket_request_duration_seconds Time to answer a request.\n"
         "# TYPE loket_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < latency_buckets_.size(); ++b) {
    cumulative += latency_buckets_[b];
    if (b < kBuckets.size())
      std::snprintf(line, sizeof line, "loket_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                    kBuckets[b], static_cast<unsigned long long>(cumulative));
    else
      std::snprintf(line, sizeof line, "loket_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                    static_cast<unsigned long long>(cumulative));
    out += line;
  }
  std::snprintf(line, sizeof line,
                "loket_request_duration_seconds_sum %.6f\nloket_request_duration_seconds_count %llu\n",
                latency_sum_, static_cast<unsigned long long>(latency_count_));
  out += line;
  std::snprintf(line, sizeof line,
                "# HELP loket_chat_messages_total Resident messages, by whether they were answered.\n"
                "# TYPE loket_chat_messages_total counter\n"
                "loket_chat_messages_total{outcome=\"answered\"} %llu\n"
                "loket_chat_messages_total{outcome=\"fallback\"} %llu\n",
                static_cast<unsigned long long>(chat_answered_.load()),
                static_cast<unsigned long long>(chat_fallbacks_.load()));
  out += line;
  std::snprintf(line, sizeof line,
                "# HELP loket_reloads_total Content reloads, by outcome.\n"
                "# TYPE loket_reloads_total counter\n"
                "loket_reloads_total{outcome=\"ok\"} %llu\n"
                "loket_reloads_total{outcome=\"refused\"} %llu\n",
                static_cast<unsigned long long>(reloads_ok_.load()),
                static_cast<unsigned long long>(reloads_refused_.load()));
  out += line;
  out += "# HELP loket_deliveries_total Notification sends by channel and outcome.\n"
         "# TYPE loket_deliveries_total counter\n";
  for (const auto& [key, n] : deliveries_) {
    std::snprintf(line, sizeof line, "loket_deliveries_total{channel=\"%s\",outcome=\"%s\"} %llu\n",
                  key.first.c_str(), key.second.c_str(), static_cast<unsigned long long>(n));
    out += line;
  }
  out += extra;
  return out;
}

}  // namespace loket::server

#include "server/common/metrics.h"

#include <cstdio>
#include <string>

namespace loket::server {
namespace {

// The counter for (first, second), made the first time it is seen.
template <typename Counts, typename Second>
std::uint64_t& counter(Counts& counts, std::string_view first, const Second& second) {
  auto outer = counts.find(first);
  if (outer == counts.end())
    outer = counts.emplace(std::string(first), typename Counts::mapped_type{}).first;
  auto& inner = outer->second;
  auto it = inner.find(second);
  if (it == inner.end())
    it = inner.emplace(typename Counts::mapped_type::key_type(second), 0).first;
  return it->second;
}

}  // namespace

void Metrics::observe_request(std::string_view route, unsigned status,
                              std::chrono::duration<double> took) {
  const double seconds = took.count();
  std::lock_guard lock(mutex_);
  ++counter(requests_, route, status);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  ++latency_buckets_[b];
  latency_sum_ += seconds;
  ++latency_count_;
}

void Metrics::observe_chat(bool answered) {
  (answered ? chat_answered_ : chat_fallbacks_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_turn_retried() {
  turns_retried_.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_reload(bool ok) {
  (ok ? reloads_ok_ : reloads_refused_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_delivery(std::string_view channel, std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++counter(deliveries_, channel, outcome);
}

void Metrics::observe_inbound(std::string_view channel, std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++counter(inbound_, channel, outcome);
}

void Metrics::observe_feedback(std::string_view intent, bool helpful) {
  std::lock_guard lock(mutex_);
  ++counter(feedback_, intent, helpful ? "yes" : "no");
}

void Metrics::observe_handoff(std::string_view channel, std::string_view event) {
  std::lock_guard lock(mutex_);
  ++counter(handoffs_, channel, event);
}

void Metrics::observe_handoff_taken(std::string_view agent, std::chrono::duration<double> waited) {
  const double seconds = waited.count();
  std::lock_guard lock(mutex_);
  auto it = handled_.find(agent);
  if (it == handled_.end()) it = handled_.emplace(std::string(agent), 0).first;
  ++it->second;
  std::size_t b = 0;
  while (b < kWaitBuckets.size() && seconds > kWaitBuckets[b]) ++b;
  ++wait_buckets_[b];
  wait_sum_ += seconds;
  ++wait_count_;
}

namespace {

// One exposition line; `labels` come from label() below, joined by commas.
void append_sample(std::string& out, std::string_view name, std::string_view labels,
                   std::uint64_t value) {
  out += name;
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(std::to_string(value)).append("\n");
}

void append_header(std::string& out, std::string_view name, std::string_view type,
                   std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

// Values are escaped as the exposition format asks, so a channel name from the YAML cannot
// break the line.
std::string label(std::string_view key, std::string_view value) {
  std::string out(key);
  out += "=\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? std::string_view("\\n") : std::string_view(&c, 1);
  }
  out += '"';
  return out;
}

// A histogram's buckets (cumulative, then +Inf), sum and count; `buckets` has one more entry than
// `bounds`, the last for what lies above them all.
template <std::size_t N>
void append_histogram(std::string& out, std::string_view name, const std::array<double, N>& bounds,
                      const std::array<std::uint64_t, N + 1>& buckets, double sum,
                      std::uint64_t count) {
  const std::string bucket = std::string(name).append("_bucket");
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < buckets.size(); ++b) {
    cumulative += buckets[b];
    char bound[32];
    if (b < bounds.size())
      std::snprintf(bound, sizeof bound, "%g", bounds[b]);
    else
      std::snprintf(bound, sizeof bound, "+Inf");
    append_sample(out, bucket, label("le", bound), cumulative);
  }
  char total[64];
  std::snprintf(total, sizeof total, " %.6f\n", sum);
  out.append(name).append("_sum").append(total);
  append_sample(out, std::string(name).append("_count"), "", count);
}

}  // namespace

std::string Metrics::render(const std::string& extra) const {
  std::string out;
  std::lock_guard lock(mutex_);
  append_header(out, "loket_requests_total", "counter",
                "HTTP requests and WebSocket messages by route and status.");
  for (const auto& [route, by_status] : requests_)
    for (const auto& [status, n] : by_status)
      append_sample(out, "loket_requests_total",
                    label("route", route) + "," + label("status", std::to_string(status)), n);

  append_header(out, "loket_request_duration_seconds", "histogram", "Time to answer a request.");
  append_histogram(out, "loket_request_duration_seconds", kBuckets, latency_buckets_, latency_sum_,
                   latency_count_);

  append_header(out, "loket_chat_messages_total", "counter",
                "Resident messages, by whether they were answered.");
  append_sample(out, "loket_chat_messages_total", label("outcome", "answered"),
                chat_answered_.load());
  append_sample(out, "loket_chat_messages_total", label("outcome", "fallback"),
                chat_fallbacks_.load());
  append_header(out, "loket_chat_turns_retried_total", "counter",
                "Chat turns answered again because another turn of the conversation was stored "
                "first.");
  append_sample(out, "loket_chat_turns_retried_total", "", turns_retried_.load());

  append_header(out, "loket_reloads_total", "counter", "Content reloads, by outcome.");
  append_sample(out, "loket_reloads_total", label("outcome", "ok"), reloads_ok_.load());
  append_sample(out, "loket_reloads_total", label("outcome", "refused"), reloads_refused_.load());

  append_header(out, "loket_deliveries_total", "counter",
                "Notification sends by channel and outcome.");
  for (const auto& [channel, by_outcome] : deliveries_)
    for (const auto& [outcome, n] : by_outcome)
      append_sample(out, "loket_deliveries_total",
                    label("channel", channel) + "," + label("outcome", outcome), n);
  append_header(out, "loket_inbound_messages_total", "counter",
                "Residents' messages on the messaging channels by outcome.");
  for (const auto& [channel, by_outcome] : inbound_)
    for (const auto& [outcome, n] : by_outcome)
      append_sample(out, "loket_inbound_messages_total",
                    label("channel", channel) + "," + label("outcome", outcome), n);
  append_header(out, "loket_answer_feedback_total", "counter",
                "Residents' answers to 'was this helpful?' by intent.");
  for (const auto& [intent, by_answer] : feedback_)
    for (const auto& [helpful, n] : by_answer)
      append_sample(out, "loket_answer_feedback_total",
                    label("intent", intent) + "," + label("helpful", helpful), n);
  append_header(out, "loket_handoffs_total", "counter",
                "Residents handed to a person, by channel and step (offered, started, taken, "
                "abandoned, callback, closed).");
  for (const auto& [channel, by_event] : handoffs_)
    for (const auto& [event, n] : by_event)
      append_sample(out, "loket_handoffs_total",
                    label("channel", channel) + "," + label("event", event), n);
  append_header(out, "loket_handoffs_handled_total", "counter", "Handoffs taken, by staff member.");
  for (const auto& [agent, n] : handled_)
    append_sample(out, "loket_handoffs_handled_total", label("agent", agent), n);
  append_header(out, "loket_handoff_wait_seconds", "histogram",
                "How long residents waited for a person.");
  append_histogram(out, "loket_handoff_wait_seconds", kWaitBuckets, wait_buckets_, wait_sum_,
                   wait_count_);
  out += extra;
  return out;
}

}  // namespace loket::server

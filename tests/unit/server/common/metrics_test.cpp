// The /metrics exposition: cumulative histogram buckets, counters by label, and label values
// escaped so that a name from the YAML cannot break a line.
#include "server/common/metrics.h"

#include <gtest/gtest.h>

namespace loket::server {
namespace {

using namespace std::chrono_literals;

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics m;
  m.observe_request("/healthz", 200, 200us);
  m.observe_request("/healthz", 200, 3ms);
  m.observe_request("/api/v1/chat", 503, 2s);
  const std::string out = m.render();
  EXPECT_NE(std::string::npos,
            out.find("loket_requests_total{route=\"/healthz\",status=\"200\"} 2\n"));
  EXPECT_NE(std::string::npos,
            out.find("loket_requests_total{route=\"/api/v1/chat\",status=\"503\"} 1\n"));
  EXPECT_NE(std::string::npos,
            out.find("loket_request_duration_seconds_bucket{le=\"0.0005\"} 1\n"));
  EXPECT_NE(std::string::npos, out.find("loket_request_duration_seconds_bucket{le=\"0.005\"} 2\n"));
  EXPECT_NE(std::string::npos, out.find("loket_request_duration_seconds_bucket{le=\"1\"} 2\n"));
  EXPECT_NE(std::string::npos, out.find("loket_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
  EXPECT_NE(std::string::npos, out.find("loket_request_duration_seconds_count 3\n"));
  EXPECT_NE(std::string::npos, out.find("loket_request_duration_seconds_sum 2.003200\n"));
}

TEST(Metrics, HandoffsByStepAndStaffMemberWithTheirWaits) {
  Metrics m;
  m.observe_handoff("websocket", "started");
  m.observe_handoff("websocket", "started");
  m.observe_handoff("telegram", "callback");
  m.observe_handoff_taken("Anna", 45s);
  m.observe_handoff_taken("Anna", 2h);
  const std::string out = m.render();
  EXPECT_NE(std::string::npos,
            out.find("loket_handoffs_total{channel=\"websocket\",event=\"started\"} 2\n"));
  EXPECT_NE(std::string::npos,
            out.find("loket_handoffs_total{channel=\"telegram\",event=\"callback\"} 1\n"));
  EXPECT_NE(std::string::npos, out.find("loket_handoffs_handled_total{agent=\"Anna\"} 2\n"));
  EXPECT_NE(std::string::npos, out.find("loket_handoff_wait_seconds_bucket{le=\"30\"} 0\n"));
  EXPECT_NE(std::string::npos, out.find("loket_handoff_wait_seconds_bucket{le=\"60\"} 1\n"));
  EXPECT_NE(std::string::npos, out.find("loket_handoff_wait_seconds_bucket{le=\"3600\"} 1\n"));
  EXPECT_NE(std::string::npos, out.find("loket_handoff_wait_seconds_bucket{le=\"+Inf\"} 2\n"));
  EXPECT_NE(std::string::npos, out.find("loket_handoff_wait_seconds_sum 7245.000000\n"));
  EXPECT_NE(std::string::npos, out.find("loket_handoff_wait_seconds_count 2\n"));
}

TEST(Metrics, CountsOutcomesAndEscapesLabelValues) {
  Metrics m;
  m.observe_chat(true);
  m.observe_chat(false);
  m.observe_chat(false);
  m.observe_reload(false);
  m.observe_delivery("we\"b\\hook\nx", "sent");
  const std::string out = m.render("loket_extra 1\n");
  EXPECT_NE(std::string::npos, out.find("loket_chat_messages_total{outcome=\"answered\"} 1\n"));
  EXPECT_NE(std::string::npos, out.find("loket_chat_messages_total{outcome=\"fallback\"} 2\n"));
  EXPECT_NE(std::string::npos, out.find("loket_reloads_total{outcome=\"ok\"} 0\n"));
  EXPECT_NE(std::string::npos, out.find("loket_reloads_total{outcome=\"refused\"} 1\n"));
  EXPECT_NE(
      std::string::npos,
      out.find("loket_deliveries_total{channel=\"we\\\"b\\\\hook\\nx\",outcome=\"sent\"} 1\n"));
  EXPECT_TRUE(out.ends_with("loket_extra 1\n"));
}

}  // namespace
}  // namespace loket::server

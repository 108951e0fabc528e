// Several municipalities' metrics as one exposition: labelled, each family described once.
#include <gtest/gtest.h>

#include "server/common/labelled_metrics.h"

namespace loket::server {
namespace {

const std::string kOne =
    "# HELP loket_requests_total Requests.\n"
    "# TYPE loket_requests_total counter\n"
    "loket_requests_total{route=\"/api/v1/chat\",status=\"200\"} N\n"
    "# HELP loket_request_duration_seconds Time.\n"
    "# TYPE loket_request_duration_seconds histogram\n"
    "loket_request_duration_seconds_bucket{le=\"0.1\"} N\n"
    "loket_request_duration_seconds_sum N\n"
    "loket_content_follow_failures_total N\n";

std::string with(std::string text, const std::string& n) {
  for (auto at = text.find(" N\n"); at != std::string::npos; at = text.find(" N\n", at))
    text.replace(at + 1, 1, n);
  return text;
}

TEST(LabelledMetrics, EachSampleNamesItsMunicipalityAndEachFamilyIsDescribedOnce) {
  const std::string merged = merge_labelled_expositions(
      {{"noorderhaven", with(kOne, "1")}, {"zuiderdam", with(kOne, "2")}});
  EXPECT_EQ(
      "# HELP loket_requests_total Requests.\n"
      "# TYPE loket_requests_total counter\n"
      "loket_requests_total{municipality=\"noorderhaven\",route=\"/api/v1/chat\",status=\"200\"} "
      "1\n"
      "loket_requests_total{municipality=\"zuiderdam\",route=\"/api/v1/chat\",status=\"200\"} 2\n"
      "# HELP loket_request_duration_seconds Time.\n"
      "# TYPE loket_request_duration_seconds histogram\n"
      "loket_request_duration_seconds_bucket{municipality=\"noorderhaven\",le=\"0.1\"} 1\n"
      "loket_request_duration_seconds_sum{municipality=\"noorderhaven\"} 1\n"
      "loket_request_duration_seconds_bucket{municipality=\"zuiderdam\",le=\"0.1\"} 2\n"
      "loket_request_duration_seconds_sum{municipality=\"zuiderdam\"} 2\n"
      "loket_content_follow_failures_total{municipality=\"noorderhaven\"} 1\n"
      "loket_content_follow_failures_total{municipality=\"zuiderdam\"} 2\n",
      merged);
}

}  // namespace
}  // namespace loket::server

// `loket dispatch --listen`: the dispatcher alone answers the operator's probes and /metrics,
// ready once its database is, and stops on SIGTERM with its HTTP side.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdio>

#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

TEST(DispatchProbes, AnswersHealthReadinessAndMetrics) {
  TestDatabase db;
  ServerProcess dispatch(kFastNotificationsYaml, {{"LOKET_DATABASE_URL", db.url()}},
                         LOKET_EXAMPLE_CONTENT, "dispatch");
  EXPECT_EQ(200u, http_request(dispatch.port(), http::verb::get, "/healthz").status);
  EXPECT_TRUE(wait_until([&] {
    return http_request(dispatch.port(), http::verb::get, "/readyz").status == 200;
  })) << dispatch.log();
  EXPECT_NE(std::string::npos, http_request(dispatch.port(), http::verb::get, "/readyz")
                                   .body.find("\"database\":\"reachable\""))
      << "in the words of serve's /readyz";
  const auto metrics = http_request(dispatch.port(), http::verb::get, "/metrics");
  EXPECT_EQ(200u, metrics.status);
  EXPECT_NE(std::string::npos, metrics.body.find("loket_deliveries_pending{state=\"due\"} 0"))
      << metrics.body;
  EXPECT_EQ(404u, http_request(dispatch.port(), http::verb::post, "/api/v1/chat", "{}").status)
      << "no chat here";
  EXPECT_EQ(0, dispatch.stop(SIGTERM)) << dispatch.log();
}

TEST(DispatchProbes, ASighupIsSaidToDoNothingAndTheDispatcherSendsOn) {
  TestDatabase db;
  ServerProcess dispatch(kFastNotificationsYaml, {{"LOKET_DATABASE_URL", db.url()}},
                         LOKET_EXAMPLE_CONTENT, "dispatch");
  ASSERT_TRUE(wait_until([&] {
    return http_request(dispatch.port(), http::verb::get, "/readyz").status == 200;
  })) << dispatch.log();
  ASSERT_EQ(0, kill(dispatch.pid(), SIGHUP));
  EXPECT_TRUE(dispatch.wait_for_log("SIGHUP ignored")) << dispatch.log();
  EXPECT_EQ(200u, http_request(dispatch.port(), http::verb::get, "/healthz").status)
      << "still running";
  EXPECT_EQ(0, dispatch.stop(SIGTERM)) << dispatch.log();
}

TEST(DispatchProbes, NotReadyWhileTheDatabaseIsAway) {
  TestDatabase db;
  ServerProcess dispatch(kFastNotificationsYaml, {{"LOKET_DATABASE_URL", db.url()}},
                         LOKET_EXAMPLE_CONTENT, "dispatch");
  const auto ready = [&] {
    return http_request(dispatch.port(), http::verb::get, "/readyz").status == 200;
  };
  ASSERT_TRUE(wait_until(ready)) << dispatch.log();
  db.allow_connections(false);
  EXPECT_TRUE(wait_until([&] { return !ready(); })) << dispatch.log();
  const std::string away = http_request(dispatch.port(), http::verb::get, "/readyz").body;
  EXPECT_NE(std::string::npos, away.find("\"status\":\"database unreachable\"")) << away;
  EXPECT_NE(std::string::npos, away.find("\"database\":\"unreachable\"")) << away;
  EXPECT_EQ(200u, http_request(dispatch.port(), http::verb::get, "/healthz").status)
      << "alive all the same: restarting it would not bring the database back";
  db.allow_connections(true);
  EXPECT_TRUE(wait_until(ready, std::chrono::seconds(20))) << dispatch.log();
}

TEST(DispatchProbes, ADatabaseThatDoesNotExistIsNamedWithPostgresqlsAnswer) {
  TestDatabase db;  // a server to ask, with a database name it does not have
  std::string url = db.url();
  url.insert(url.find('?') == std::string::npos ? url.size() : url.find('?'), "_missing");
  ServerProcess dispatch(kFastNotificationsYaml, {{"LOKET_DATABASE_URL", url}},
                         LOKET_EXAMPLE_CONTENT, "dispatch");
  std::string body;
  EXPECT_TRUE(wait_until([&] {
    body = http_request(dispatch.port(), http::verb::get, "/readyz").body;
    return body.find("does not exist") != std::string::npos;
  })) << body
      << dispatch.log();
  EXPECT_NE(std::string::npos, body.find("\"database\":\"unreachable: ")) << body;
  EXPECT_EQ(std::string::npos, body.find("\\n")) << "one line: " << body;
  EXPECT_TRUE(dispatch.wait_for_log("fix=", std::chrono::seconds(5))) << dispatch.log();
  EXPECT_EQ(std::string::npos, dispatch.log().find("\\x0a")) << dispatch.log();
}

TEST(DispatchProbes, TooFewOpenFilesForItsSendsRefuseToStart) {
  TestDatabase db;
  // 300 files cannot hold the example's 2 x 128 sends under way beside the probes and the rest.
  const std::string command = "LOKET_DATABASE_URL='" + db.url() +
                              "' timeout 20 sh -c 'ulimit -n 300 && exec \"$0\" \"$@\"' " +
                              std::string(loket_binary()) + " dispatch --config " +
                              LOKET_EXAMPLE_CONTENT + "/../loket.yaml 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(nullptr, pipe);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << out;
  EXPECT_NE(std::string::npos, out.find("too few open files")) << out;
  EXPECT_NE(std::string::npos, out.find("notifications.sends_in_flight")) << out;
}

TEST(DispatchProbes, WithoutADatabaseItRefusesToStart) {
  EXPECT_THROW(ServerProcess("", {{"LOKET_DATABASE_URL", ""}}, LOKET_EXAMPLE_CONTENT, "dispatch"),
               std::runtime_error);
}

}  // namespace
}  // namespace loket::testing

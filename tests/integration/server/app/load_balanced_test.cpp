// Three `loket serve` on one PostgreSQL behind HAProxy (the shipped deploy/haproxy/haproxy.cfg,
// round robin): a conversation continues whichever instance each turn reaches, a session loket
// did not issue gets nothing of another resident's, a rolling restart under a steady chat load
// fails no request, and a killed instance fails at most the requests it had in flight while its
// residents' conversations go on elsewhere. Skipped where haproxy is not installed.
#include <gtest/gtest.h>

#include <signal.h>

#include <boost/json.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "haproxy_process.h"
#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kSessionSecret = "load-balanced-session-secret-0123456789abcdef";
constexpr int kInstances = 3;
constexpr int kLoadThreads = 6;        // each one resident, one request in flight at most
constexpr double kRatePerThread = 50;  // about 300 requests/s in all
constexpr const char* kQuestion = "wanneer wordt het afval opgehaald";

// A steady chat load through HAProxy: each thread a resident who asks for the waste calendar,
// gives the postcode when asked, and then asks again and again in the session loket issued it:
// loket remembers the postcode, so every later answer is the calendar at once. An answer without
// it is a conversation that did not carry over from one instance to the next.
class ChatLoad {
 public:
  ChatLoad(unsigned short port) : port_(port) {
    for (int i = 0; i < kLoadThreads; ++i) threads_.emplace_back([this] { resident(); });
  }
  ~ChatLoad() { stop(); }
  void stop() {
    stopping_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::size_t ok() const { return ok_; }
  std::size_t failed() const { return failed_; }
  std::size_t wrong() const { return wrong_; }
  std::string errors() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& e : errors_) out += e + "\n";
    return out;
  }

 private:
  void resident() {
    std::string session;
    int turn = 0;  // 0: first question, 1: the postcode, 2 and on: asked again
    auto next = std::chrono::steady_clock::now();
    const auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / kRatePerThread));
    while (!stopping_) {
      next += period;
      std::this_thread::sleep_until(next);
      json::object request{{"text", turn == 1 ? "9701 AB" : kQuestion}};
      if (!session.empty()) request["session"] = session;
      try {
        const auto r =
            http_request(port_, http::verb::post, "/api/v1/chat", json::serialize(request));
        if (r.status != 200) {
          fail("status " + std::to_string(r.status) + ": " + r.body);
          session.clear();
          turn = 0;
          continue;
        }
        const json::value reply = json::parse(r.body);
        session = std::string(reply.at("session").as_string());
        const bool calendar = r.body.find("Binnenstad") != std::string::npos;
        const bool right = turn == 0 ? reply.as_object().contains("expecting") : calendar;
        ++ok_;
        if (!right) {
          ++wrong_;
          note("turn " + std::to_string(turn) + " answered wrongly: " + r.body.substr(0, 300));
          session.clear();
          turn = 0;
          continue;
        }
        turn = std::min(turn + 1, 2);
      } catch (const std::exception& e) {
        fail(e.what());
        session.clear();
        turn = 0;
      }
    }
  }
  void fail(const std::string& why) {
    ++failed_;
    note(why);
  }
  void note(const std::string& what) {
    std::lock_guard lock(mutex_);
    if (errors_.size() < 20) errors_.push_back(what);
  }

  unsigned short port_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> ok_{0}, failed_{0}, wrong_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> errors_;
  std::vector<std::thread> threads_;
};

class LoadBalanced : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HAProxyProcess::available()) GTEST_SKIP() << "haproxy is not installed";
    for (int i = 0; i < kInstances; ++i) {
      ports_.push_back(free_port());
      servers_.emplace_back();
      start(i);
    }
    haproxy_ = std::make_unique<HAProxyProcess>(ports_);
    ASSERT_TRUE(wait_until([&] { return haproxy_->servers_up() == kInstances; }, 10s))
        << haproxy_->log();
  }
  void start(int i) {
    servers_[i] = std::make_unique<ServerProcess>(
        // Out of HAProxy's rotation (checks every second, down after two) before it stops.
        "server: {shutdown_delay_s: 3, trusted_proxies: [127.0.0.1/32]}\n",
        ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                   {"LOKET_SESSION_SECRET", kSessionSecret}},
        LOKET_EXAMPLE_CONTENT, "serve", ports_[i]);
    ASSERT_TRUE(wait_until(
        [&] { return http_request(ports_[i], http::verb::get, "/readyz").status == 200; }, 15s))
        << servers_[i]->log();
  }
  std::pair<json::object, std::string> say(const std::string& session, const std::string& text) {
    json::object request{{"text", text}};
    if (!session.empty()) request["session"] = session;
    const auto r =
        http_request(haproxy_->port(), http::verb::post, "/api/v1/chat", json::serialize(request));
    EXPECT_EQ(200u, r.status) << r.body;
    return {json::parse(r.body).as_object(), std::string(r.headers["X-Served-By"])};
  }
  static std::string text_of(const json::object& reply) {
    std::string out;
    for (const auto& m : reply.at("messages").as_array()) out += m.at("text").as_string();
    return out;
  }

  TestDatabase db_;
  std::vector<unsigned short> ports_;
  std::vector<std::unique_ptr<ServerProcess>> servers_;
  std::unique_ptr<HAProxyProcess> haproxy_;
};

TEST_F(LoadBalanced, AConversationContinuesWhicheverInstanceEachTurnReaches) {
  std::set<std::string> served_by;
  auto [ask, a] = say("", "stuur me een herinnering als het afval wordt opgehaald");
  EXPECT_EQ("postcode", ask["expecting"]) << text_of(ask);
  const std::string session(ask["session"].as_string());
  auto [confirm, b] = say(session, "9701 AB");
  EXPECT_EQ("confirmation", confirm["expecting"]) << text_of(confirm);
  auto [done, c] = say(session, "ja graag");
  EXPECT_NE(std::string::npos, text_of(done).find("afvalinzameling")) << text_of(done);
  served_by = {a, b, c};
  EXPECT_EQ(3u, served_by.size()) << "round robin: each turn on another instance";
  EXPECT_EQ("afval", db_.scalar("SELECT s.topic FROM subscriptions s JOIN contacts c ON c.id = "
                                "s.contact_id WHERE c.address = '" +
                                session + "'"));
}

TEST_F(LoadBalanced, ASessionLoketDidNotIssueGetsANewOneAndNothingOfAnother) {
  auto [ask, a] = say("", kQuestion);
  const std::string resident(ask["session"].as_string());
  std::string forged = resident;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  for (const auto& id : {std::string("abc"), forged}) {
    auto [reply, by] = say(id, "9701 AB");
    EXPECT_NE(id, reply["session"].as_string());
    EXPECT_NE(resident, reply["session"].as_string());
    EXPECT_EQ(std::string::npos, text_of(reply).find("Binnenstad"))
        << "the other resident's question is not this session's: " << text_of(reply);
  }
  auto [answer, b] = say(resident, "9701 AB");
  EXPECT_NE(std::string::npos, text_of(answer).find("Binnenstad")) << text_of(answer);
}

TEST_F(LoadBalanced, ARollingRestartUnderLoadFailsNoRequest) {
  const auto begin = std::chrono::steady_clock::now();
  ChatLoad load(haproxy_->port());
  std::this_thread::sleep_for(3s);
  for (int i = 0; i < kInstances; ++i) {
    EXPECT_EQ(0, servers_[i]->stop(SIGTERM, 30s)) << servers_[i]->log();
    start(i);
    ASSERT_TRUE(wait_until([&] { return haproxy_->servers_up() == kInstances; }, 10s))
        << haproxy_->log();
  }
  // A minute of load in all, the restart inside it.
  std::this_thread::sleep_until(begin + 60s);
  load.stop();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::cout << "rolling restart: " << load.ok() << " answered in " << seconds << " s ("
            << load.ok() / seconds << "/s), " << load.failed() << " failed, " << load.wrong()
            << " conversations broken\n";
  EXPECT_EQ(0u, load.failed()) << load.errors();
  EXPECT_EQ(0u, load.wrong()) << load.errors();
  EXPECT_GT(load.ok() / seconds, 200.0) << "the load was steady";
}

TEST_F(LoadBalanced, AKilledInstanceFailsAtMostItsRequestsInFlight) {
  ChatLoad load(haproxy_->port());
  std::this_thread::sleep_for(5s);
  kill(servers_[1]->pid(), SIGKILL);
  std::this_thread::sleep_for(10s);
  load.stop();
  std::cout << "SIGKILL of one of three: " << load.ok() << " answered, " << load.failed()
            << " failed, " << load.wrong() << " conversations broken\n";
  EXPECT_LE(load.failed(), static_cast<std::size_t>(kLoadThreads))
      << "at most one request in flight per resident" << load.errors();
  EXPECT_EQ(0u, load.wrong()) << "its residents' conversations go on elsewhere: " << load.errors();
}

}  // namespace
}  // namespace loket::testing

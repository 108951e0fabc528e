// Staff change content while loket serves: a good change is taken on a reload (API, SIGHUP or a
// saved file), a bad one is refused with its problems while the old content keeps answering,
// and no request fails or stalls during reloads under load.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "server_process.h"

namespace loket::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "reload-token";

constexpr const char* kNewIntent = R"(intents:
  - id: hondenuitlaatplaats
    title: {nl: Hondenuitlaatplaatsen, en: Dog walking areas}
    examples:
      nl: [waar mag mijn hond loslopen, hondenuitlaatplaats in de buurt, losloopgebied honden]
      en: [where can my dog run off the lead, dog walking area nearby]
    answer:
      nl: "Honden mogen los in de losloopgebieden aan de Dijkweg en in het Noorderpark."
      en: "Dogs may run free in the off-lead areas on Dijkweg and in Noorderpark."
)";

class Reload : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("loket-reload-" + std::to_string(std::random_device{}()));
    fs::copy(LOKET_EXAMPLE_CONTENT, dir_, fs::copy_options::recursive);
    server_ = std::make_unique<ServerProcess>(
        "", ServerProcess::Environment{{"LOKET_ADMIN_TOKEN", kToken}},
        "['" LOKET_REGION_CONTENT "', '" + dir_.string() + "']");
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }
  HttpReply reload() {
    return http_request(server_->port(), http::verb::post, "/admin/v1/config:reload", "",
                        "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  }
  json::object ask(const std::string& text) {
    auto r = http_request(server_->port(), http::verb::post, "/api/v1/chat",
                          json::serialize(json::object{{"session", "reload"}, {"text", text}}));
    EXPECT_EQ(200u, r.status);
    return json::parse(r.body).as_object();
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }

  fs::path dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(Reload, TakesAGoodChangeThroughTheApi) {
  EXPECT_NE("hondenuitlaatplaats", ask("waar mag de hond loslopen")["intent"]);
  write("honden.yaml", kNewIntent);
  auto r = reload();
  ASSERT_EQ(200u, r.status) << r.body;
  auto body = json::parse(r.body).as_object();
  EXPECT_EQ(100, body["intents"].to_number<int>());
  EXPECT_FALSE(body.contains("restart_needed")) << "only the content changed";
  EXPECT_GT(body["seconds"].to_number<double>(), 0.0) << "how long it took (docs/benchmarks.md)";
  // As people write numbers, not Boost.JSON's 1E-1.
  EXPECT_EQ(std::string::npos, r.body.find("E-")) << r.body;
  EXPECT_EQ("hondenuitlaatplaats", ask("waar mag de hond loslopen")["intent"]);
}

// The server's limits are read at start-up (as the docs say): a reload takes the content and
// leaves them, so the new files (or another instance's published copy) cannot change them.
TEST(ReloadLimits, KeepTheLimitsReadAtStartUp) {
  const std::string content =
      "intents:\n  - id: paspoort\n    title: {nl: Paspoort}\n"
      "    examples: {nl: [paspoort aanvragen, nieuw paspoort, paspoort verlengen]}\n"
      "    answer: {nl: Maak een afspraak.}\n"
      "messages: {fallback: {nl: Dat begrijp ik niet.}}\n";
  const auto server_file = [](int max_text_chars) {
    return "municipality: Test\nlanguages: {default: nl, supported: [nl]}\n"
           "content: [content.yaml]\nserver: {listen: 127.0.0.1:0}\nlimits: {max_text_chars: " +
           std::to_string(max_text_chars) + "}\n";
  };
  ServerProcess server(
      ServerProcess::Files{{{"loket.yaml", server_file(20)}, {"content.yaml", content}},
                           "loket.yaml"},
      {{"LOKET_ADMIN_TOKEN", kToken}, {"LOKET_DATABASE_URL", ""}});
  const std::string long_text = R"({"text":"hoe vraag ik een nieuw paspoort aan"})";
  EXPECT_EQ(400u, http_request(server.port(), http::verb::post, "/api/v1/chat", long_text).status);
  std::ofstream(server.dir() / "loket.yaml") << server_file(2000);
  const auto r =
      http_request(server.port(), http::verb::post, "/admin/v1/config:reload", "",
                   "application/json", {{"Authorization", std::string("Bearer ") + kToken}});
  ASSERT_EQ(200u, r.status) << r.body;
  EXPECT_EQ(400u, http_request(server.port(), http::verb::post, "/api/v1/chat", long_text).status)
      << "the limit read at start-up still holds";
  // The operator is told, in the answer and in the log, which settings wait for a restart.
  const auto answer = json::parse(r.body);
  EXPECT_EQ(json::value(json::array{"limits"}), answer.at("restart_needed")) << r.body;
  EXPECT_TRUE(server.wait_for_log("restart to apply them"));
  EXPECT_NE(std::string::npos, server.log().find("sections=limits")) << server.log();
}

TEST_F(Reload, RefusesABadChangeAndKeepsServing) {
  write("kapot.yaml", "intents:\n  - id: kapot\n    examples: {nl: [iets]}\n    anwser: {nl: x}\n");
  auto r = reload();
  EXPECT_EQ(422u, r.status);
  auto body = json::parse(r.body).as_object();
  const std::string first(body["problems"].as_array().at(0).as_string());
  EXPECT_NE(std::string::npos, first.find("kapot.yaml:4:5: unknown key 'anwser'")) << first;
  EXPECT_EQ("paspoort-aanvragen", ask("Hoe vraag ik een paspoort aan?")["intent"]);
  EXPECT_TRUE(
      server_->wait_for_log("event=\"content reload refused; the old content keeps serving\""));
}

// A file emptied by accident (a save cut short, `: > afval.yaml`) would take the municipality's
// own waste answers out and leave the region's general one: refused, with what the file held. A
// file deleted on purpose goes live, and the answer says what it took away.
TEST_F(Reload, RefusesAnEmptiedFileAndNamesWhatADeletedOneTookOut) {
  const auto local_answer = [&] {
    return json::serialize(ask("wanneer komt de vuilniswagen op 9705AB")["messages"]);
  };
  ASSERT_NE(std::string::npos, local_answer().find("De Dijken")) << local_answer();

  write("afval.yaml", "# afval\n\n");
  auto r = reload();
  ASSERT_EQ(422u, r.status) << r.body;
  const std::string problem(
      json::parse(r.body).as_object()["problems"].as_array().at(0).as_string());
  EXPECT_NE(std::string::npos,
            problem.find("afval.yaml:1:1: this file is empty now; it defined "
                         "or changed 7 topics (afval-niet-opgehaald, afvalkalender,"))
      << problem;
  EXPECT_NE(std::string::npos, local_answer().find("De Dijken")) << "the old content serves";

  fs::remove(dir_ / "afval.yaml");
  r = reload();
  ASSERT_EQ(200u, r.status) << r.body;
  auto taken = json::parse(r.body).as_object()["taken_out"].as_object();
  EXPECT_EQ(0, taken["removed_count"].to_number<int>());
  EXPECT_EQ(7, taken["changes_gone_count"].to_number<int>());
  auto first = taken["changes_gone"].as_array().at(0).as_object();
  EXPECT_EQ("afvalkalender", first["id"]);
  EXPECT_NE(std::string::npos, json::serialize(first["now"]).find("regio-noord/content/"))
      << "the region's answer serves again: " << first;
  EXPECT_EQ(std::string::npos, local_answer().find("De Dijken"));
  EXPECT_TRUE(server_->wait_for_log("the new content takes topics or local changes out"));
}

TEST_F(Reload, ReloadsOnSighupAndOnASavedFile) {
  write("honden.yaml", kNewIntent);
  kill(server_->pid(), SIGHUP);
  ASSERT_TRUE(server_->wait_for_log("event=\"content reloaded\" reason=SIGHUP", 10s))
      << server_->log();
  EXPECT_EQ("hondenuitlaatplaats", ask("losloopgebied voor honden")["intent"]);

  // An edited answer, picked up by the watcher without being asked.
  std::string changed = kNewIntent;
  changed.replace(changed.find("aan de Dijkweg"), 14, "aan de Zeeweg");
  write("honden.yaml", changed);
  bool seen = false;
  // A poll of the watcher and a training: a sanitized build trains slower.
  for (int i = 0; i < 100 * kTrainingSlowdown && !seen; ++i) {
    std::this_thread::sleep_for(100ms);
    auto reply = ask("losloopgebied voor honden");
    seen = std::string(reply["messages"].as_array()[0].at("text").as_string()).find("Zeeweg") !=
           std::string::npos;
  }
  EXPECT_TRUE(seen) << server_->log();
}

TEST_F(Reload, NoRequestFailsWhileReloadingUnderLoad) {
  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&] {
      while (!done) {
        try {
          auto r = http_request(server_->port(), http::verb::post, "/api/v1/chat",
                                R"({"session":"load","text":"wanneer is de milieustraat open"})");
          (r.status == 200 ? ok : failed)++;
        } catch (const std::exception&) {
          ++failed;
        }
      }
    });
  for (int i = 0; i < 5; ++i) {
    if (i % 2)
      write("honden.yaml", kNewIntent);
    else
      fs::remove(dir_ / "honden.yaml");
    EXPECT_EQ(200u, reload().status);
  }
  done = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(0, failed.load());
  EXPECT_GT(ok.load(), 20);
}

}  // namespace
}  // namespace loket::testing

// The neighbourhood page from a real server and PostgreSQL: the waste days for a postcode, the
// alerts on public topics current there (and not the others), the schemes and the staff hours,
// as JSON and as a page; a postcode elsewhere is a 404 naming the municipality.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server_process.h"
#include "test_database.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kToken = "area-token";

class Neighbourhood : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(
        "handoff:\n  office_hours: {time_zone: Europe/Amsterdam, mon: \"08:30-17:00\"}\n"
        "area: {locations: '" LOKET_EXAMPLE_CONTENT "/tabellen/postcode-locaties.csv'}\n",
        ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                   {"LOKET_ADMIN_TOKEN", kToken}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }
  // `area` and `extra`: JSON members (with their trailing or leading comma) put in the request.
  void alert(const std::string& topic, const std::string& area, const std::string& text,
             const std::string& extra = "") {
    const std::string texts = json::serialize(json::object{{"nl", text}, {"en", text + " (en)"}});
    auto r =
        staff_request(server_->port(), kToken, http::verb::post, "notifications",
                      "{\"topic\":\"" + topic + "\"," + area + "\"text\":" + texts + extra + "}");
    ASSERT_EQ(202u, r.status) << r.body;
  }
  json::object area(const std::string& path) {
    auto r = http_request(server_->port(), http::verb::get, path);
    EXPECT_EQ(200u, r.status) << r.body;
    return json::parse(r.body).as_object();
  }

  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(Neighbourhood, WasteDaysAndTheAlertsCurrentThere) {
  alert("werkzaamheden", R"("area":{"postcodes":["9701 AB"]},)", "Kerkstraat dicht");
  alert("werkzaamheden", R"("area":{"postcode_prefixes":["9701"]},)", "Markt opgebroken");
  alert("werkzaamheden", "", "Brug overal dicht");
  alert("werkzaamheden", R"("area":{"postcodes":["9702 CD"]},)", "Havenweg dicht");
  // Expired while it was current (the API refuses one that has expired already).
  db_.scalar(
      "INSERT INTO notifications (topic, texts, default_lang, created_by, send_at, expires_at) "
      "VALUES ('werkzaamheden', '{\"nl\": \"Al voorbij\"}', 'nl', 'test', "
      "now() - interval '1 day', now() - interval '1 hour') RETURNING id");
  // Sent at 00:30 on 1 July in Amsterdam, which is still 30 June in UTC (stored as sent then:
  // the API refuses a send_at that long ago).
  db_.scalar(
      "INSERT INTO notifications (topic, texts, default_lang, created_by, send_at, expires_at) "
      "VALUES ('werkzaamheden', '{\"nl\": \"Nachtwerk\", \"en\": \"Nachtwerk (en)\"}', 'nl', "
      "'test', '2025-06-30T22:30:00Z', '2099-01-01T00:00:00Z') RETURNING id");
  alert("afval", "", "Geen publiek onderwerp");
  // 9701 lies at 53.3300, 6.9200 (the example's postcode-locaties.csv): 300 m from the first
  // point, some 3 km from the second.
  alert("werkzaamheden", R"("area":{"point":{"lat":53.3327,"lon":6.9200},"radius_m":500},)",
        "Gracht afgezet");
  alert("werkzaamheden", R"("area":{"point":{"lat":53.3050,"lon":6.9450},"radius_m":800},)",
        "Kwelderweg dicht");

  const auto body = area("/api/v1/area/9701ab");
  EXPECT_EQ("9701AB", body.at("postcode"));
  const auto& collection = body.at("collection").as_array();
  ASSERT_EQ(1u, collection.size()) << json::serialize(body);
  EXPECT_EQ("afvalkalender", collection[0].at("intent"));
  EXPECT_NE(std::string::npos,
            std::string(collection[0].at("text").as_string()).find("wijk Binnenstad"));
  std::vector<std::string> alerts;
  for (const auto& a : body.at("alerts").as_array())
    alerts.push_back(std::string(a.at("text").as_string()));
  std::sort(alerts.begin(), alerts.end());
  EXPECT_EQ((std::vector<std::string>{"Brug overal dicht", "Gracht afgezet", "Kerkstraat dicht",
                                      "Markt opgebroken", "Nachtwerk"}),
            alerts)
      << "a point and radius covering the postcode's place, and not one elsewhere";
  EXPECT_FALSE(body.at("schemes").as_array().empty());
  EXPECT_EQ("regelingen-zoeken", body.at("scheme_finder").at("intent"));
  EXPECT_EQ("08:30-17:00",
            body.at("staff_hours").at("days").as_array()[0].at("hours").as_array()[0]);
  std::vector<std::string> public_topics;
  for (const auto& t : body.at("subscribe").at("topics").as_array())
    public_topics.push_back(std::string(t.at("topic").as_string()));
  EXPECT_EQ((std::vector<std::string>{"werkzaamheden", "bedrijven"}), public_topics);
  // Entrepreneurs too: their schemes and their finder.
  EXPECT_FALSE(body.at("business_schemes").as_array().empty());
  EXPECT_EQ("regelingen-ondernemers", body.at("business_scheme_finder").at("intent"));

  const auto english = area("/api/v1/area/9701AB?lang=en");
  EXPECT_EQ("en", english.at("lang"));
  EXPECT_NE(std::string::npos, json::serialize(english).find("Kerkstraat dicht (en)"));

  auto page = http_request(server_->port(), http::verb::get, "/buurt/9701%20AB");
  ASSERT_EQ(200u, page.status);
  EXPECT_EQ("text/html; charset=utf-8", page.headers[http::field::content_type]);
  EXPECT_EQ("public, max-age=60", page.headers[http::field::cache_control]);
  EXPECT_NE(std::string::npos, page.body.find("<html lang=\"nl\">"));
  EXPECT_NE(std::string::npos, page.body.find("<h1>Uw buurt: 9701AB</h1>"));
  EXPECT_NE(std::string::npos, page.body.find("Kerkstraat dicht"));
  EXPECT_EQ(std::string::npos, page.body.find("Havenweg dicht"));
  EXPECT_NE(std::string::npos, page.body.find("<h2 id=\"business\">Voor ondernemers</h2>"));
  EXPECT_NE(std::string::npos,
            page.body.find("<time datetime=\"2025-06-30T22:30:00Z\">1 juli 2025</time>: Nachtwerk "
                           "(tot <time datetime=\"2099-01-01T00:00:00Z\">1 januari 2099</time>)"))
      << "the day in the municipality's time zone, as residents write it: " << page.body;
  EXPECT_NE(std::string::npos, page.body.find("Dat kan hier op de site. <a")) << page.body;
  auto german = http_request(server_->port(), http::verb::get, "/buurt/9701AB?lang=de");
  EXPECT_NE(std::string::npos, german.body.find(">1. Juli 2025</time>")) << german.body;
}

TEST_F(Neighbourhood, APostcodeElsewhereOrNoPostcodeIsRefusedClearly) {
  auto elsewhere = http_request(server_->port(), http::verb::get, "/api/v1/area/1234AB");
  EXPECT_EQ(404u, elsewhere.status);
  EXPECT_EQ("postcode 1234AB is not in Test", json::parse(elsewhere.body).at("error").as_string());
  auto page = http_request(server_->port(), http::verb::get, "/buurt/1234AB");
  EXPECT_EQ(404u, page.status);
  EXPECT_NE(std::string::npos, page.body.find("Postcode 1234AB ligt niet in Test.")) << page.body;
  auto german = http_request(server_->port(), http::verb::get, "/buurt/abc?lang=de");
  EXPECT_EQ(400u, german.status);
  EXPECT_NE(std::string::npos, german.body.find("<html lang=\"de\">"));
  EXPECT_NE(std::string::npos, german.body.find("niederländischen Postleitzahl")) << german.body;
  for (const char* bad : {"/api/v1/area/", "/api/v1/area/abc", "/api/v1/area/0123AB",
                          "/api/v1/area/9701ABC", "/api/v1/area/9701%3Cscript%3E"}) {
    auto r = http_request(server_->port(), http::verb::get, bad);
    EXPECT_EQ(400u, r.status) << bad;
    EXPECT_NE(std::string::npos, r.body.find("Dutch postcode")) << r.body;
  }
}

// Without a database nothing can be subscribed to: the page does not say how.
TEST(NeighbourhoodWithoutDatabase, OffersNoSubscription) {
  ServerProcess server("area: {locations: '" LOKET_EXAMPLE_CONTENT
                       "/tabellen/postcode-locaties.csv'}\n",
                       ServerProcess::Environment{{"LOKET_DATABASE_URL", ""}});
  const auto page = http_request(server.port(), http::verb::get, "/buurt/9701AB");
  EXPECT_EQ(200u, page.status) << page.body;
  EXPECT_NE(std::string::npos, page.body.find("<h1>Uw buurt: 9701AB</h1>"));
  EXPECT_EQ(std::string::npos, page.body.find("Meldingen ontvangen")) << page.body;
  const auto api = http_request(server.port(), http::verb::get, "/api/v1/area/9701AB");
  EXPECT_TRUE(json::parse(api.body).at("subscribe").at("topics").as_array().empty()) << api.body;
}

}  // namespace
}  // namespace loket::testing

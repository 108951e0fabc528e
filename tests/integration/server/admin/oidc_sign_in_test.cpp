// Staff sign in with the municipality's own accounts: OpenID Connect's authorization code flow
// with PKCE against a fake issuer on 127.0.0.1 that follows the discovery, JWKS and token
// endpoints. The account's roles become loket's; a replayed, foreign or wrongly signed answer,
// and an account without a loket role, are turned back to the sign-in page with the reason.
#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <chrono>
#include <mutex>

#include "fake_receiver.h"
#include "server_process.h"
#include "test_database.h"
#include "test_jwt.h"

namespace loket::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string sha256(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::map<std::string, std::string> query_of(const std::string& url) {
  std::map<std::string, std::string> out;
  auto parsed = boost::urls::parse_uri_reference(url);
  if (parsed)
    for (const auto& p : parsed->params()) out[p.key] = p.value;
  return out;
}

std::vector<std::string> set_cookies(const HttpReply& r) {
  std::vector<std::string> out;
  const auto [first, last] = r.headers.equal_range(http::field::set_cookie);
  for (auto it = first; it != last; ++it) out.emplace_back(it->value());
  return out;
}

class OidcSignIn : public ::testing::Test {
 protected:
  void SetUp() override {
    issuer_ = "http://127.0.0.1:" + std::to_string(fake_.port());
    const std::string yaml =
        "oidc:\n"
        "  name: Noorderhaven-account\n"
        "  issuer: " +
        issuer_ +
        "\n"
        "  client_id: loket\n"
        "  client_secret: {env: LOKET_TEST_OIDC_SECRET}\n"
        "  redirect_uri: http://127.0.0.1:8080/admin/v1/session/oidc/callback\n"
        "  roles_claim: realm_access.roles\n"
        "  roles: {loket-redactie: editor, loket-communicatie: campaigns}\n";
    server_ = std::make_unique<ServerProcess>(
        yaml, ServerProcess::Environment{{"LOKET_DATABASE_URL", db_.url()},
                                         {"LOKET_TEST_OIDC_SECRET", "s3cret"}});
    ASSERT_TRUE(server_->wait_for_log("event=\"dispatcher started\"", 10s)) << server_->log();
  }

  FakeAnswer issue(const ReceivedRequest& r) {
    if (r.target == "/.well-known/openid-configuration")
      return {200,
              json::serialize(json::object{{"issuer", issuer_},
                                           {"authorization_endpoint", issuer_ + "/authorize"},
                                           {"token_endpoint", issuer_ + "/token"},
                                           {"jwks_uri", issuer_ + "/jwks"}}),
              {{"Content-Type", "application/json"}}};
    if (r.target == "/jwks")
      return {200, json::serialize(json::object{{"keys", json::array{key_.jwk()}}}), {}};
    if (r.target == "/token") {
      std::lock_guard lock(mutex_);
      return {200,
              json::serialize(json::object{{"id_token", id_token_}, {"token_type", "Bearer"}}),
              {}};
    }
    return {404, "", {}};
  }

  // Starts a sign-in: the issuer's URL the browser is sent to, and the state cookie.
  std::pair<std::map<std::string, std::string>, std::string> start() {
    auto r = http_request(server_->port(), http::verb::get, "/admin/v1/session/oidc");
    EXPECT_EQ(302u, r.status) << r.body;
    const std::string location(r.headers[http::field::location]);
    EXPECT_EQ(0u, location.find(issuer_ + "/authorize?")) << location;
    const auto cookies = set_cookies(r);
    EXPECT_EQ(1u, cookies.size());
    const std::string cookie = cookies.empty() ? "" : cookies[0].substr(0, cookies[0].find(';'));
    return {query_of(location), cookie};
  }

  // The issuer's answer as it will give it, with `nonce` and these roles.
  void will_issue(const std::string& nonce, json::array roles) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    std::lock_guard lock(mutex_);
    id_token_ = key_.sign({{"iss", issuer_},
                           {"aud", "loket"},
                           {"sub", "u-42"},
                           {"exp", now + 300},
                           {"iat", now},
                           {"nonce", nonce},
                           {"name", "Els Redacteur"},
                           {"preferred_username", "els.redacteur"},
                           {"realm_access", json::object{{"roles", std::move(roles)}}}});
  }

  HttpReply come_back(const std::string& state, const std::string& cookie) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
    return http_request(server_->port(), http::verb::get,
                        "/admin/v1/session/oidc/callback?code=the-code&state=" + state, "",
                        "application/json", headers);
  }

  TestSigningKey key_{"issuer-key-1"};
  std::mutex mutex_;
  std::string id_token_;
  FakeReceiver fake_{[this](const ReceivedRequest& r) { return issue(r); }};
  std::string issuer_;
  TestDatabase db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(OidcSignIn, AnAccountWithARoleGetsASession) {
  const auto offered = http_request(server_->port(), http::verb::get, "/admin/v1/session");
  EXPECT_EQ(401u, offered.status);
  EXPECT_EQ("Noorderhaven-account", json::parse(offered.body).at("oidc").at("name").as_string());

  auto [sent, cookie] = start();
  EXPECT_EQ("code", sent["response_type"]);
  EXPECT_EQ("loket", sent["client_id"]);
  EXPECT_EQ("S256", sent["code_challenge_method"]);
  EXPECT_EQ("http://127.0.0.1:8080/admin/v1/session/oidc/callback", sent["redirect_uri"]);
  EXPECT_EQ("loket_oidc=" + sent["state"], cookie);
  will_issue(sent["nonce"], {"loket-redactie", "loket-communicatie", "iets-anders"});

  const auto back = come_back(sent["state"], cookie);
  ASSERT_EQ(302u, back.status) << back.body << server_->log();
  EXPECT_EQ("/admin", back.headers[http::field::location]);
  std::string session;
  for (const auto& c : set_cookies(back))
    if (c.starts_with("loket_staff=")) session = c.substr(0, c.find(';'));
  ASSERT_FALSE(session.empty());

  // The code went back with the client's secret and the verifier of the challenge sent.
  const auto token_requests = fake_.requests();
  const auto exchange = std::find_if(token_requests.begin(), token_requests.end(),
                                     [](const ReceivedRequest& r) { return r.target == "/token"; });
  ASSERT_NE(token_requests.end(), exchange);
  const auto form = query_of("x:?" + exchange->body);
  EXPECT_EQ("authorization_code", form.at("grant_type"));
  EXPECT_EQ("the-code", form.at("code"));
  EXPECT_EQ("s3cret", form.at("client_secret"));
  EXPECT_EQ(sent["code_challenge"], base64url(sha256(form.at("code_verifier"))));

  const auto who = http_request(server_->port(), http::verb::get, "/admin/v1/session", "",
                                "application/json", {{"Cookie", session}});
  ASSERT_EQ(200u, who.status) << who.body;
  const auto described = json::parse(who.body).as_object();
  EXPECT_EQ("els.redacteur", described.at("name").as_string())
      << "the account's unique login, not its display name";
  EXPECT_EQ((json::array{"editor", "campaigns"}), described.at("roles"));
  const std::string csrf(described.at("csrf").as_string());
  EXPECT_EQ(200u, http_request(server_->port(), http::verb::get, "/admin/v1/stats", "",
                               "application/json", {{"Cookie", session}})
                      .status);
  EXPECT_EQ(200u, http_request(server_->port(), http::verb::post, "/admin/v1/notifications:count",
                               R"({"topic":"afval"})", "application/json",
                               {{"Cookie", session}, {"X-CSRF-Token", csrf}})
                      .status);
  EXPECT_EQ(403u, http_request(server_->port(), http::verb::get, "/admin/v1/audit", "",
                               "application/json", {{"Cookie", session}})
                      .status)
      << "no admin role";
  EXPECT_EQ("1", db_.scalar("SELECT count(*) FROM audit_log WHERE actor = 'els.redacteur' AND "
                            "action = 'GET /admin/v1/session/oidc/callback'"));

  // The same answer again (a replay), and one without the browser's state cookie.
  EXPECT_EQ("/admin?sign_in=expired",
            come_back(sent["state"], cookie).headers[http::field::location]);
  auto [other, other_cookie] = start();
  will_issue(other["nonce"], {"loket-redactie"});
  EXPECT_EQ("/admin?sign_in=expired", come_back(other["state"], "").headers[http::field::location]);
  EXPECT_EQ(std::string::npos, server_->log().find("s3cret")) << "the secret never reaches the log";
}

TEST_F(OidcSignIn, AWrongTokenOrAnAccountWithoutARoleIsTurnedBack) {
  auto [sent, cookie] = start();
  will_issue("not-the-nonce", {"loket-redactie"});
  EXPECT_EQ("/admin?sign_in=refused",
            come_back(sent["state"], cookie).headers[http::field::location]);
  EXPECT_TRUE(server_->wait_for_log("its nonce is not this sign-in's"));

  auto [again, again_cookie] = start();
  will_issue(again["nonce"], {"bezoeker"});
  EXPECT_EQ("/admin?sign_in=no-role",
            come_back(again["state"], again_cookie).headers[http::field::location]);

  auto [forged, forged_cookie] = start();
  TestSigningKey impostor("issuer-key-1");
  {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    std::lock_guard lock(mutex_);
    id_token_ = impostor.sign({{"iss", issuer_},
                               {"aud", "loket"},
                               {"sub", "u-1"},
                               {"exp", now + 300},
                               {"nonce", forged["nonce"]},
                               {"realm_access", json::object{{"roles", {"loket-redactie"}}}}});
  }
  EXPECT_EQ("/admin?sign_in=refused",
            come_back(forged["state"], forged_cookie).headers[http::field::location]);
  EXPECT_EQ("0", db_.scalar("SELECT count(*) FROM staff_sessions"));
}

}  // namespace
}  // namespace loket::testing

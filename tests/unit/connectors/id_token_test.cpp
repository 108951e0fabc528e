// ID tokens as an OpenID Connect client must check them: the issuer's signature (RS256 only), the
// issuer, the audience, the expiry and the nonce; anything else is refused with the reason.
#include <gtest/gtest.h>

#include "../../integration/support/test_jwt.h"
#include "connectors/id_token.h"

namespace loket::connectors {
namespace {

namespace json = boost::json;

class IdTokenTest : public ::testing::Test {
 protected:
  json::object claims() const {
    return {{"iss", "https://login.example"},
            {"aud", "loket"},
            {"sub", "u-1"},
            {"exp", kNow + 300},
            {"iat", kNow},
            {"nonce", "n-1"},
            {"name", "Els Redacteur"}};
  }
  json::value jwks() const { return json::object{{"keys", json::array{key_.jwk()}}}; }
  boost::system::result<json::object, std::string> verify(const std::string& token) const {
    return verify_id_token(token, jwks(), {"https://login.example", "loket", "n-1", kNow});
  }
  std::string refusal(const std::string& token) const {
    auto r = verify(token);
    return r ? "accepted" : r.error();
  }

  static constexpr std::int64_t kNow = 1800000000;
  testing::TestSigningKey key_{"k1"};
};

TEST_F(IdTokenTest, AcceptsTheIssuersSignedTokenForThisSignIn) {
  auto r = verify(key_.sign(claims()));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ("Els Redacteur", r->at("name").as_string());
  auto c = claims();
  c["aud"] = json::array{"other", "loket"};
  EXPECT_TRUE(verify(key_.sign(c)));
  EXPECT_TRUE(id_token_key_known(key_.sign(c), jwks()));
}

TEST_F(IdTokenTest, RefusesWhatAnotherKeyOrNoKeySigned) {
  testing::TestSigningKey other("k1");
  EXPECT_EQ("the signature does not hold", refusal(other.sign(claims())));
  EXPECT_EQ("the token is signed with 'none', not RS256", refusal(key_.sign(claims(), "none")));
  testing::TestSigningKey unknown("k9");
  EXPECT_EQ("no key 'k9' in the issuer's JWKS", refusal(unknown.sign(claims())));
  EXPECT_FALSE(id_token_key_known(unknown.sign(claims()), jwks()));
  auto token = key_.sign(claims());
  char& inside = token[token.size() - 10];  // the last character holds padding bits too
  inside = inside == 'A' ? 'B' : 'A';
  EXPECT_EQ("the signature does not hold", refusal(token));
  EXPECT_EQ("not a signed JSON Web Token", refusal("a.b"));
}

TEST_F(IdTokenTest, RefusesAnotherIssuerAudienceNonceOrAnExpiredToken) {
  auto c = claims();
  c["iss"] = "https://evil.example";
  EXPECT_NE(std::string::npos, refusal(key_.sign(c)).find("not by the configured issuer"));
  c = claims();
  c["aud"] = "someone-else";
  EXPECT_EQ("not issued for this client", refusal(key_.sign(c)));
  c = claims();
  c["exp"] = kNow - 61;
  EXPECT_EQ("expired", refusal(key_.sign(c)));
  c["exp"] = kNow - 59;
  EXPECT_EQ("accepted", refusal(key_.sign(c))) << "a minute's leeway for the clocks";
  c = claims();
  c["nonce"] = "n-2";
  EXPECT_EQ("its nonce is not this sign-in's", refusal(key_.sign(c)));
  c = claims();
  c.erase("sub");
  EXPECT_EQ("it names no subject", refusal(key_.sign(c)));
}

}  // namespace
}  // namespace loket::connectors

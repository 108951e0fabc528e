// The channels' cryptography against the published vectors in ../shared/vectors: webhook
// signatures, the X CRC answer, RFC 8291 Web Push encryption and an RFC 8292 VAPID token.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "connectors/crypto.h"
#include "connectors/signatures.h"
#include "connectors/vapid.h"
#include "connectors/web_push_encryption.h"

namespace loket::connectors {
namespace {

using Section = std::map<std::string, std::string>;

// "[section]" lines (a trailing "# note" allowed), then "key = value" lines.
std::map<std::string, Section> read_vectors(const std::string& name) {
  std::ifstream in(std::string(LOKET_VECTORS) + "/" + name);
  EXPECT_TRUE(in) << "missing vector file " << name;
  std::map<std::string, Section> out;
  std::string line, current;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      current = line.substr(1, line.find(']') - 1);
      continue;
    }
    const auto eq = line.find(" = ");
    if (eq != std::string::npos) out[current][line.substr(0, eq)] = line.substr(eq + 3);
  }
  return out;
}

std::string b64(const std::string& text) {
  auto decoded = base64_decode(text);
  EXPECT_TRUE(decoded) << text;
  return decoded.value_or("");
}

TEST(ChannelCrypto, MetaSignatureMatchesPublishedVectors) {
  auto v = read_vectors("webhook_signatures.txt");
  const auto& meta = v.at("meta.whatsapp.x_hub_signature_256");
  EXPECT_EQ(meta_signature(meta.at("app_secret"), meta.at("raw_body")), meta.at("expected_header"));
  EXPECT_TRUE(verify_meta_signature(meta.at("app_secret"), meta.at("raw_body"),
                                    meta.at("expected_header")));
  const auto& github = v.at("github.x_hub_signature_256");
  EXPECT_TRUE(verify_meta_signature(github.at("secret"), github.at("payload"),
                                    github.at("expected_header")));
}

TEST(ChannelCrypto, MetaSignatureRejectsForgeries) {
  auto meta = read_vectors("webhook_signatures.txt").at("meta.whatsapp.x_hub_signature_256");
  std::string header = meta.at("expected_header");
  EXPECT_FALSE(verify_meta_signature(meta.at("app_secret"), meta.at("raw_body") + " ", header));
  EXPECT_FALSE(verify_meta_signature("other secret", meta.at("raw_body"), header));
  EXPECT_FALSE(verify_meta_signature(meta.at("app_secret"), meta.at("raw_body"), header.substr(7)));
  EXPECT_FALSE(verify_meta_signature(meta.at("app_secret"), meta.at("raw_body"), ""));
  EXPECT_FALSE(verify_meta_signature("", "", meta_signature("", "")));  // no secret: nothing passes
  header.back() = header.back() == '0' ? '1' : '0';
  EXPECT_FALSE(verify_meta_signature(meta.at("app_secret"), meta.at("raw_body"), header));
}

TEST(ChannelCrypto, XCrcResponseMatchesVector) {
  auto x = read_vectors("webhook_signatures.txt").at("x.crc");
  EXPECT_EQ(
      x_crc_response(x.at("consumer_secret"), x.at("crc_token")),
      // The vector's JSON has a space after the colon; the value is what counts.
      std::string(R"({"response_token":)") +
          x.at("response_json_computed").substr(x.at("response_json_computed").find('"', 18)));
  const std::string signature = x_signature(x.at("consumer_secret"), "{\"body\":1}");
  EXPECT_TRUE(verify_x_signature(x.at("consumer_secret"), "{\"body\":1}", signature));
  EXPECT_FALSE(verify_x_signature(x.at("consumer_secret"), "{\"body\":2}", signature));
}

TEST(ChannelCrypto, SecretTokenNeedsAnExactNonEmptyMatch) {
  EXPECT_TRUE(verify_secret_token("s3cret-token", "s3cret-token"));
  EXPECT_FALSE(verify_secret_token("s3cret-token", "s3cret-tokeN"));
  EXPECT_FALSE(verify_secret_token("s3cret-token", "s3cret"));
  EXPECT_FALSE(verify_secret_token("", ""));
}

// The Standard Webhooks specification's published example (its reference libraries test it).
TEST(ChannelCrypto, StandardWebhookSignatureMatchesThePublishedExample) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const std::string body = R"({"test": 2432232314})";
  const std::string expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  EXPECT_EQ(expected, standard_webhook_signature(secret, id, 1614265330, body));
  EXPECT_TRUE(verify_standard_webhook(secret, id, "1614265330", body, expected, 1614265330));
  // One of several (a secret being rotated).
  EXPECT_TRUE(verify_standard_webhook(secret, id, "1614265330", body, "v1,bm9wZQ== " + expected,
                                      1614265400));
}

TEST(ChannelCrypto, StandardWebhookRefusesForgeriesAndReplays) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const std::string body = R"({"test": 2432232314})";
  const std::string good = standard_webhook_signature(secret, id, 1614265330, body);
  EXPECT_FALSE(verify_standard_webhook(secret, id, "1614265330", body + " ", good, 1614265330));
  EXPECT_FALSE(verify_standard_webhook(secret, "msg_other", "1614265330", body, good, 1614265330));
  EXPECT_FALSE(verify_standard_webhook("whsec_b3RoZXI=", id, "1614265330", body, good, 1614265330));
  EXPECT_FALSE(verify_standard_webhook("", id, "1614265330", body, good, 1614265330));
  // Six minutes late, or from the future: a replay.
  EXPECT_FALSE(verify_standard_webhook(secret, id, "1614265330", body, good, 1614265330 + 360));
  EXPECT_FALSE(verify_standard_webhook(secret, id, "1614265330", body, good, 1614265330 - 360));
  EXPECT_FALSE(verify_standard_webhook(secret, id, "16142653x0", body, good, 1614265330));
  EXPECT_FALSE(verify_standard_webhook(secret, id, "1614265330", body, "", 1614265330));
  // A secret without the prefix is the key itself.
  EXPECT_TRUE(verify_standard_webhook("plain", id, "5", body,
                                      standard_webhook_signature("plain", id, 5, body), 5));
}

TEST(ChannelCrypto, Base64RoundTripsBothAlphabets) {
  const std::string bytes("\xfb\xff\x00\x10\x3e", 5);
  EXPECT_EQ(base64_encode(bytes), "+/8AED4=");
  EXPECT_EQ(base64url_encode(bytes), "-_8AED4");
  EXPECT_EQ(base64_decode("+/8AED4="), bytes);
  EXPECT_EQ(base64_decode("-_8AED4"), bytes);
  EXPECT_FALSE(base64_decode("abcde"));
  EXPECT_FALSE(base64_decode("ab$d"));
  EXPECT_EQ(base64_decode(""), std::string());
}

TEST(ChannelCrypto, WebPushEncryptionReproducesRfc8291ExampleByteForByte) {
  auto v = read_vectors("webpush.txt");
  const auto& in = v.at("rfc8291.inputs");
  auto body =
      encrypt_web_push(b64(in.at("plaintext")), b64(in.at("ua_public")), b64(in.at("auth_secret")),
                       b64(in.at("as_private")), b64(in.at("salt")));
  ASSERT_TRUE(body);
  EXPECT_EQ(body->size(), 144u);
  EXPECT_EQ(base64url_encode(*body), v.at("rfc8291.output").at("body"));
}

TEST(ChannelCrypto, WebPushEncryptionIsFreshEachTimeAndRefusesBadKeys) {
  auto in = read_vectors("webpush.txt").at("rfc8291.inputs");
  const std::string ua = b64(in.at("ua_public")), auth = b64(in.at("auth_secret"));
  auto a = encrypt_web_push("hello", ua, auth);
  auto b = encrypt_web_push("hello", ua, auth);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);  // fresh salt and key pair
  EXPECT_EQ(a->size(), 16 + 4 + 1 + 65 + 5 + 1 + 16u);
  EXPECT_FALSE(encrypt_web_push("hello", ua, auth.substr(1)));
  std::string off_curve = ua;
  off_curve[40] ^= 1;
  EXPECT_FALSE(encrypt_web_push("hello", off_curve, auth));
  EXPECT_FALSE(encrypt_web_push("hello", ua.substr(1), auth));
  EXPECT_FALSE(encrypt_web_push(std::string(kWebPushMaxPlaintext + 1, 'x'), ua, auth));
  EXPECT_TRUE(encrypt_web_push(std::string(kWebPushMaxPlaintext, 'x'), ua, auth));
}

TEST(ChannelCrypto, Rfc8292ExampleTokenVerifiesAgainstItsPublicKey) {
  auto ex = read_vectors("webpush.txt").at("rfc8292.example");
  const std::string k = b64(ex.at("k"));
  EXPECT_TRUE(verify_es256_jwt(ex.at("t"), k));
  std::string tampered = ex.at("t");
  tampered[40] = tampered[40] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_es256_jwt(tampered, k));
  EXPECT_EQ(ex.at("authorization_header"), "vapid t=" + ex.at("t") + ", k=" + ex.at("k"));
}

TEST(ChannelCrypto, VapidTokensWeSignVerifyAndCarryTheClaims) {
  auto key = VapidKey::generate();
  ASSERT_EQ(key.public_key().size(), 65u);
  const std::string jwt =
      key.sign_jwt("https://push.example.net", 1453523768, "mailto:push@example.com");
  EXPECT_TRUE(verify_es256_jwt(jwt, key.public_key()));
  EXPECT_FALSE(verify_es256_jwt(jwt, VapidKey::generate().public_key()));
  const auto first = jwt.find('.'), second = jwt.rfind('.');
  EXPECT_EQ(b64(jwt.substr(0, first)), R"({"typ":"JWT","alg":"ES256"})");
  EXPECT_EQ(
      b64(jwt.substr(first + 1, second - first - 1)),
      R"({"aud":"https://push.example.net","exp":1453523768,"sub":"mailto:push@example.com"})");
  const std::string header = key.authorization("https://push.example.net", 1, "mailto:a@b.c");
  EXPECT_EQ(header.rfind("vapid t=", 0), 0u);
  EXPECT_NE(header.find(", k=" + base64url_encode(key.public_key())), std::string::npos);
}

TEST(ChannelCrypto, VapidKeyLoadsFromPemAndRefusesOtherKeys) {
  // A test-only P-256 key (`openssl ecparam -name prime256v1 -genkey -noout`) and its public
  // point as `openssl ec -pubout` gives it.
  const std::string pem =
      "-----BEGIN EC PRIVATE KEY-----\n"
      "MHcCAQEEIABHCnoMpvFJCEBLr905C5DrehJIZATaN7JUgKFYmSwkoAoGCCqGSM49\n"
      "AwEHoUQDQgAE85NzlJKXZHA+YapTaTqd6AqPWeGP7gkJRLKHbvjv1vp6Se/8wJUn\n"
      "80Lxs+6io9EZfgDOKH39MczGegmr8HUj6w==\n"
      "-----END EC PRIVATE KEY-----\n";
  auto key = VapidKey::from_pem(pem);
  ASSERT_TRUE(key);
  EXPECT_EQ(
      base64url_encode(key->public_key()),
      "BPOTc5SSl2RwPmGqU2k6negKj1nhj-4JCUSyh27479b6eknv_MCVJ_NC8bPuoqPRGX4Azih9_THMxnoJq_B1I-s");
  EXPECT_TRUE(
      verify_es256_jwt(key->sign_jwt("https://a.example", 1, "mailto:a@b.c"), key->public_key()));
  EXPECT_FALSE(VapidKey::from_pem(pem.substr(0, 100)));  // truncated: refused, not a crash
  EXPECT_FALSE(VapidKey::from_pem("not a key"));
  const std::string ed25519 =
      "-----BEGIN PRIVATE KEY-----\n"
      "MC4CAQAwBQYDK2VwBCIEIFCHkbebvlmuvZcVJAXur+bHcjQIVBGkdYunDJcs9m14\n"
      "-----END PRIVATE KEY-----\n";
  EXPECT_FALSE(VapidKey::from_pem(ed25519));
}

}  // namespace
}  // namespace loket::connectors

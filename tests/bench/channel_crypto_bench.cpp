// The channels' per-message cryptography, on one core: what a Web Push alert costs (RFC 8291
// encryption with a fresh key pair, and the VAPID ES256 token), and what checking a webhook's
// signature costs. Prints one line per operation: operations per second and microseconds each.
// Usage: loket_channel_crypto_bench [SECONDS_PER_OPERATION]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "connectors/crypto.h"
#include "connectors/signatures.h"
#include "connectors/vapid.h"
#include "connectors/web_push_encryption.h"

namespace {

void measure(const char* name, double seconds, const std::function<void()>& op) {
  using Clock = std::chrono::steady_clock;
  long n = 0;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  while (Clock::now() < end) {
    for (int i = 0; i < 16; ++i) op();
    n += 16;
  }
  const double took = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%-44s %10.0f /s  %8.1f us\n", name, n / took, took / n * 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace loket::connectors;
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  // RFC 8291's example browser keys.
  const auto ua = *base64_decode(
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
  const auto auth = *base64_decode("BTBZMqHH6r4Tts7J_aSIgg");
  const std::string alert(300, 'a');
  const auto key = VapidKey::generate();
  const std::string body(4096, 'x');
  const std::string signature = meta_signature("app-secret", body);
  volatile std::size_t sink = 0;
  measure("web push: encrypt a 300-byte alert (RFC 8291)", seconds,
          [&] { sink = sink + encrypt_web_push(alert, ua, auth)->size(); });
  measure("web push: VAPID token (ES256)", seconds, [&] {
    sink = sink + key.authorization("https://push.example.net", 1, "mailto:a@b.c").size();
  });
  measure("webhook: X-Hub-Signature-256 over 4 KiB", seconds,
          [&] { sink = sink + verify_meta_signature("app-secret", body, signature); });
  return sink == 0 ? 1 : 0;
}

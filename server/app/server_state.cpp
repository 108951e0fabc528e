#include "server/app/server_state.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "connectors/crypto.h"

namespace loket::server {

ProcessParts::ProcessParts(unsigned threads, std::size_t max_connections)
    : tracker(max_connections) {
  for (unsigned i = 1; i < threads; ++i) more_io.push_back(std::make_unique<asio::io_context>(1));
}

ServerState::ServerState(ContentHolder& holder, ProcessParts& process, std::string id)
    : content(holder),
      municipality(std::move(id)),
      limits(holder.current()->config().limits),
      tracker(process.tracker),
      proxies(holder.current()->config().server.trusted_proxies,
              holder.current()->config().server.client_address_header),
      conversations(holder.current()->sessions(), limits.session_ttl),
      blocking(process.blocking),
      io(process.io),
      dispatch_io(process.dispatch_io),
      channel_hub(
          holder.current()->config().channels,
          std::chrono::duration_cast<std::chrono::milliseconds>(
              holder.current()->config().notifications.send_timeout),
          [&holder](const std::string& topic, const std::string& lang) {
            return topic_info(holder.current()->config(), topic, lang);
          },
          holder.current()->config().municipality) {
  if (limits.subscriptions_per_minute > 0)
    subscription_pace.set_default_limit(limits.subscriptions_per_minute / 60.0,
                                        limits.subscriptions_per_minute);
  // A burst of a quarter of a minute's messages (at least 3): a resident who types quickly, or
  // taps a few suggestions, is never held up.
  const auto per_minute = [](connectors::RateLimiter& pace, double n) {
    if (n > 0) pace.set_default_limit(n / 60.0, std::max(3.0, n / 4));
  };
  per_minute(client_pace, limits.chat_per_client_per_minute);
  per_minute(session_pace, limits.chat_per_session_per_minute);
}

std::string ServerState::municipality_secret(const std::string& secret, const std::string& id) {
  if (id.empty()) return secret;
  return connectors::hmac_sha256(secret, "loket municipality " + id);
}

std::string ServerState::environment_secret(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

asio::io_context& io_for_connection(ProcessParts& process) {
  const std::size_t n = process.next_io++ % (process.more_io.size() + 1);
  return n == 0 ? process.io : *process.more_io[n - 1];
}

}  // namespace loket::server

// Mastodon (many Dutch government bodies post there): alerts as statuses, public on the
// municipality's account (language set) for the topics it posts publicly, and direct (an
// @mention) to a resident; answers to mentions as direct replies. Every status carries the
// delivery's Idempotency-Key, so a retry never posts twice. Respects X-RateLimit-Remaining and
// -Reset: at zero it holds further posts until the reset. Thread-safe.
#pragma once

#include <boost/system/result.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <vector>

#include "config/config.h"
#include "connectors/connector.h"
#include "connectors/http_client.h"

namespace loket::connectors {

class MastodonConnector final : public Connector {
 public:
  static constexpr std::string_view kChannel = "mastodon";
  // The account's own timeline; no resident's acct starts with '@'.
  static constexpr std::string_view kPublicAddress = "@public";

  MastodonConnector(config::MastodonChannel settings, std::chrono::milliseconds timeout);
  std::string_view channel() const override { return kChannel; }
  boost::asio::awaitable<SendResult> send(const OutgoingMessage& message) override;
  boost::asio::awaitable<SendResult> reply(Reply& reply) override;

  // The mentions after `since_id` (empty: the newest page), oldest first, leaving out those
  // written before `not_before`; `since_id` moves on to the newest seen. Errors: the instance
  // did not answer, or not with a list.
  boost::asio::awaitable<boost::system::result<std::vector<InboundMessage>>> fetch_mentions(
      std::string& since_id, std::chrono::system_clock::time_point not_before = {});

 private:
  boost::asio::awaitable<SendResult> post_status(std::string status, std::string visibility,
                                                 std::string lang, std::string in_reply_to,
                                                 std::string idempotency_key);
  void note_rate_limit(const HttpResponse& answer);
  std::chrono::milliseconds held_for() const;  // until the rate limit resets; zero: not held

  config::MastodonChannel settings_;
  HttpClient client_;
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point held_until_{};
};

// One page of GET /api/v1/notifications?types[]=mention: the residents' messages (newest first,
// as listed; none older than `not_before`), how many entries it listed, and `since_id` raised to
// the highest notification id seen. invalid_argument: not a JSON array.
struct MentionsPage {
  std::vector<InboundMessage> messages;
  std::size_t listed = 0;
};
boost::system::result<MentionsPage> parse_mastodon_mentions(
    std::string_view body, std::string& since_id, std::chrono::system_clock::time_point not_before);

// A status's HTML as plain text, without the @mentions that address it.
std::string mention_text(std::string_view html);

}  // namespace loket::connectors

// Mentions of the municipality's Mastodon account, fetched every poll interval and answered
// like any channel's messages (receive_inbound drops what this or another instance took).
// Also keeps the account's public-topics subscription in the store in step with the config.
#include "connectors/mastodon_connector.h"
#include "db/inbound_store.h"
#include "server/channels/channels.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/notify/dispatcher.h"

namespace loket::server {

asio::awaitable<void> poll_mastodon(ChannelState& state, asio::steady_timer& timer) {
  auto* connector = dynamic_cast<connectors::MastodonConnector*>(
      state.hub.find(connectors::MastodonConnector::kChannel));
  const auto& settings = state.hub.settings().mastodon;
  if (connector == nullptr || !settings) co_return;
  std::string since_id;
  bool public_account_set = false;
  bool failing = false;
  while (!state.chat.tracker.stopping()) {
    const bool database = state.chat.notifications.ready();
    if (database && !public_account_set) {
      const auto content = state.chat.content.current();
      std::vector<std::string> topics;
      for (const auto& t : settings->public_topics)
        if (content->config().find_topic(t) != nullptr)
          topics.push_back(t);
        else
          log::warn("mastodon public topic is not a topic", {{"topic", t}});
      const auto job = [topics,
                        lang = content->config().default_language](pqxx::connection_base& c) {
        db::set_public_account(c, std::string(connectors::MastodonConnector::kChannel),
                               std::string(connectors::MastodonConnector::kPublicAddress), lang,
                               topics);
        return true;
      };
      const auto stored = co_await db_call(*state.chat.notifications.database, job);
      if (stored)
        public_account_set = true;
      else
        log::warn("mastodon public account not stored", {{"error", describe(stored.error())}});
    }
    // Without the shared memory of answered messages, a restart must not answer old mentions
    // again: the first fetch then only finds where the timeline stands. With it, the first fetch
    // after a start answers what came in during the last hour (not years of mentions).
    const bool answer = state.chat.notifications.database != nullptr || !since_id.empty();
    const auto not_before = since_id.empty()
                                ? std::chrono::system_clock::now() - std::chrono::hours(1)
                                : std::chrono::system_clock::time_point{};
    std::string next = since_id;
    auto mentions = co_await connector->fetch_mentions(next, not_before);
    if (!mentions) {
      if (!failing)
        log::warn("mastodon mentions not fetched", {{"error", mentions.error().message()}});
      failing = true;
    } else {
      if (failing) log::info("mastodon mentions fetched again");
      failing = false;
      // Moves on only past what was taken: mentions the store could not take are read again.
      bool taken = true;
      if (answer) taken = co_await receive_inbound(state, std::move(*mentions));
      if (taken) since_id = next;
    }
    timer.expires_after(settings->poll_interval);
    auto [ec] = co_await timer.async_wait(use_nothrow);
    if (ec) co_return;
  }
}

}  // namespace loket::server

// One chat exchange, REST or WebSocket: the chat service answers, and when the resident asked
// to (un)subscribe, the change is made in the store on the database threads before the reply
// goes out. The chat's own contacts live on the `websocket` channel, addressed by chat session.
#include "db/notification_store.h"
#include "server/db_call.h"
#include "server/dispatcher.h"
#include "server/log.h"
#include "server/net.h"

namespace loket::server {

asio::awaitable<ChatOutcome> run_chat_exchange(ServerState& state, std::string_view body) {
  ChatOutcome outcome = state.chat.handle_json(body);
  if (!outcome.action) co_return outcome;
  ActionResult result;
  if (state.database != nullptr && state.dispatcher != nullptr && state.dispatcher->ready()) {
    const auto job = [action = *outcome.action](pqxx::connection_base& c) {
      switch (action.kind) {
        case config::Action::Kind::subscribe:
          return db::subscribe(c, std::string(kChatChannel), action.session, action.lang,
                               action.postcode, action.topic);
        case config::Action::Kind::unsubscribe:
          return db::unsubscribe(c, std::string(kChatChannel), action.session, action.topic);
        case config::Action::Kind::list_subscriptions:
          break;
      }
      return db::subscriptions(c, std::string(kChatChannel), action.session);
    };
    try {
      result.topics = co_await db_call(*state.database, job);
      result.ok = true;
    } catch (const std::exception& e) {
      log::warn("chat action failed", {{"intent", outcome.intent}, {"error", e.what()}});
    }
  }
  state.chat.finish_action(outcome, result);
  co_return outcome;
}

}  // namespace loket::server

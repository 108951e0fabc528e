#include "server/notify/chat_mailbox.h"

#include "db/chat_mailbox.h"
#include "server/common/db_call.h"
#include "server/common/log.h"

namespace loket::server {

boost::asio::awaitable<bool> DatabaseChatMailbox::post(std::string session,
                                                       std::int64_t delivery_id,
                                                       std::string frame) {
  const auto job = [session = std::move(session), delivery_id,
                    frame = std::move(frame)](pqxx::connection_base& c) {
    db::post_to_chat_mailbox(c, session, delivery_id, frame);
    return true;
  };
  const auto posted = co_await db_call(database_, job);
  if (!posted)
    log::warn("chat mailbox not written",
              {{"delivery", delivery_id}, {"error", describe(posted.error())}});
  co_return posted.has_value();
}

}  // namespace loket::server

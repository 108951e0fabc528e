#include "server/chat/mailbox_relay.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "db/chat_mailbox.h"
#include "db/notification_listener.h"
#include "server/common/db_call.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

constexpr std::size_t kBatch = 50;  // entries per round trip; a chat has rarely more waiting

// The entry's frame with its mailbox id first: the chat tells it back when it reconnects.
std::string with_id(const std::string& frame, std::int64_t id) {
  std::string out = "{\"id\":" + std::to_string(id);
  if (frame.size() > 2) out += ',';
  out.append(frame, 1, std::string::npos);
  return out;
}

}  // namespace

struct MailboxRelay::Shared : std::enable_shared_from_this<Shared> {
  Shared(LiveSessionRegistry& live, boost::asio::any_io_executor executor)
      : live(live), strand(boost::asio::make_strand(std::move(executor))) {}

  LiveSessionRegistry& live;
  boost::asio::strand<boost::asio::any_io_executor> strand;
  db::Database* database = nullptr;
  std::function<bool()> available;
  std::atomic<bool> stopping{false};

  boost::asio::awaitable<void> catch_up(std::string session) {
    auto keep = shared_from_this();
    if (stopping || database == nullptr || !available()) co_return;
    for (const LiveSessionRegistry::Socket& socket : live.sockets(session)) {
      std::int64_t seen = socket.seen;
      for (;;) {
        const auto job = [session, seen, unshown = !socket.resumed](pqxx::connection_base& c) {
          return db::chat_mailbox_after(c, session, seen, unshown, kBatch);
        };
        const auto entries = co_await db_call(*database, job);
        if (!entries) {
          log::warn("chat mailbox not read", {{"error", describe(entries.error())}});
          co_return;
        }
        std::vector<std::int64_t> shown;
        for (const db::MailboxEntry& e : *entries) {
          seen = e.id;
          if (live.push_once(socket.token, e.id, with_id(e.frame, e.id))) shown.push_back(e.id);
        }
        if (!shown.empty()) {
          const auto mark = [shown](pqxx::connection_base& c) {
            db::mark_chat_mailbox_shown(c, shown);
            return true;
          };
          if (const auto marked = co_await db_call(*database, mark); !marked)
            log::warn("chat mailbox not marked shown", {{"error", describe(marked.error())}});
        }
        if (entries->size() < kBatch) break;
      }
    }
  }

  void wake(const std::string& session) {
    if (stopping) return;
    boost::asio::post(strand, [self = shared_from_this(), session] {
      const std::vector<std::string> sessions =
          session.empty() ? self->live.sessions() : std::vector<std::string>{session};
      for (const std::string& s : sessions)
        if (!self->live.sockets(s).empty())
          boost::asio::co_spawn(self->strand, self->catch_up(s), boost::asio::detached);
    });
  }
};

MailboxRelay::MailboxRelay(LiveSessionRegistry& live, boost::asio::any_io_executor executor)
    : shared_(std::make_shared<Shared>(live, std::move(executor))) {}

MailboxRelay::~MailboxRelay() {
  stop();
}

void MailboxRelay::use_database(db::Database* database, std::function<bool()> available) {
  shared_->database = database;
  shared_->available = std::move(available);
  if (database == nullptr) return;
  listener_ = std::make_unique<db::NotificationListener>(
      database->url(), db::kChatMailboxChannel,
      [shared = shared_](const std::string& session) { shared->wake(session); });
}

void MailboxRelay::stop() {
  shared_->stopping = true;
  listener_.reset();
}

void MailboxRelay::wake(const std::string& session) {
  shared_->wake(session);
}

}  // namespace loket::server

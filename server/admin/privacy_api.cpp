// Residents' rights and the audit trail, for the municipality's privacy officer (role admin;
// docs/privacy.md): GET /admin/v1/residents?channel=C&address=A returns everything loket holds
// about that person, DELETE with the same query erases it everywhere; GET /admin/v1/audit pages
// through the audit log. The address is never written to the audit log or the server's log.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <charconv>

#include "connectors/mastodon_connector.h"
#include "connectors/meta_connector.h"
#include "connectors/telegram_connector.h"
#include "connectors/web_push_connector.h"
#include "connectors/webhook_connector.h"
#include "connectors/websocket_connector.h"
#include "connectors/x_connector.h"
#include "db/resident_data.h"
#include "db/staff_store.h"
#include "server/admin/admin.h"
#include "server/admin/staff_call.h"
#include "server/common/conversation_logger.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/http/refusal.h"
#include "server/notify/channel_hub.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxAddress = 2048;  // a Web Push endpoint is the longest
constexpr std::int64_t kMaxAuditPage = 500;

// The web chat's residents are known by their chat session, on the contacts' "websocket" channel.
constexpr std::string_view kChatChannel = "websocket";

class PrivacyApi final : public StaffCall {
 public:
  using StaffCall::StaffCall;

  const std::string& target() const { return audit_target_; }

 private:
  Response reply_text(std::string body) const {
    return make_response(http::status::ok, req_, "application/json", std::move(body));
  }

  asio::awaitable<Response> answer() override {
    auto target = boost::urls::parse_origin_form(req_.target());
    if (!target) throw Refusal{400, "request target is not a valid path"};
    path_ = target->path();
    if (!staff_.may("admin"))
      throw Refusal{403, "this needs the 'admin' role; the token '" + staff_.name + "' has '" +
                             staff_.role + "'"};
    if (state_.notifications.database == nullptr)
      throw Refusal{503, "this needs the database (LOKET_DATABASE_URL)"};
    if (!state_.notifications.ready())
      throw Refusal{503, "the database is not ready yet; try again shortly"};
    if (path_ == "/admin/v1/audit") {
      if (req_.method() != http::verb::get) throw Refusal{405, "use GET here"};
      co_return co_await audit_page(*target);
    }
    if (path_ != "/admin/v1/residents") throw Refusal{404, "no such path: " + path_.substr(0, 80)};
    const db::ResidentKeys who = resident(*target);
    audit_target_ = "channel=" + who.channel;
    if (req_.method() == http::verb::get) co_return co_await show(who);
    if (req_.method() == http::verb::delete_) co_return co_await erase(who);
    throw Refusal{405, "use GET or DELETE here"};
  }

  // A platform loket speaks on, switched on here or not: a resident reached on one that is
  // off now (its secrets removed) may still have data stored, to be shown and erased.
  static bool is_a_platform(std::string_view channel) {
    for (const std::string_view known :
         {connectors::TelegramConnector::kChannel, connectors::MetaConnector::kWhatsApp,
          connectors::MetaConnector::kMessenger, connectors::XConnector::kChannel,
          connectors::MastodonConnector::kChannel, connectors::WebPushConnector::kChannel,
          connectors::WebhookConnector::kChannel, connectors::WebsocketConnector::kChannel})
      if (channel == known) return true;
    return false;
  }

  static std::string query(const boost::urls::url_view& target, std::string_view key) {
    auto it = target.params().find(key);
    return it == target.params().end() ? std::string() : std::string((*it).value);
  }

  db::ResidentKeys resident(const boost::urls::url_view& target) const {
    db::ResidentKeys who;
    who.channel = query(target, "channel");
    who.address = query(target, "address");
    if (who.channel.empty() || who.address.empty())
      throw Refusal{400,
                    "give channel and address: ?channel=telegram&address=<chat id>, or "
                    "?channel=web&address=<chat session> for the web chat"};
    if (who.address.size() > kMaxAddress)
      throw Refusal{400, "address is longer than " + std::to_string(kMaxAddress) + " bytes"};
    if (who.channel == "web" || who.channel == kChatChannel) {
      who.channel = std::string(kChatChannel);
      who.session = who.address;
    } else if (state_.channels.count(who.channel) == 0 && !is_a_platform(who.channel)) {
      throw Refusal{400, "channel '" + who.channel.substr(0, 40) +
                             "' is none of telegram, whatsapp, messenger, x, mastodon, webpush, "
                             "webhook, websocket or web"};
    } else {
      who.session = channel_session(who.channel, who.address);
    }
    who.log_key = conversation_log_key(who.session);
    return who;
  }

  asio::awaitable<Response> show(const db::ResidentKeys& who) {
    const auto job = [who](pqxx::connection_base& c) { return db::resident_data_json(c, who); };
    std::string data = co_await in_database(job);
    co_return reply_text(std::move(data));
  }

  asio::awaitable<Response> erase(const db::ResidentKeys& who) {
    const auto job = [who](pqxx::connection_base& c) { return db::erase_resident(c, who); };
    const auto erased = co_await in_database(job);
    json::object counts;
    long long total = 0;
    for (const auto& [kind, n] : erased) {
      counts[kind] = n;
      total += n;
    }
    audit_target_ += " erased=" + std::to_string(total);
    co_return reply(http::status::ok, json::object{{"erased", std::move(counts)}});
  }

  asio::awaitable<Response> audit_page(const boost::urls::url_view& target) {
    std::int64_t before = 0, limit = 100;
    for (auto [key, field, max] :
         {std::tuple{"before", &before, INT64_MAX}, std::tuple{"limit", &limit, kMaxAuditPage}}) {
      const std::string text = query(target, key);
      if (text.empty()) continue;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *field);
      if (ec != std::errc{} || end != text.data() + text.size() || *field < 1 || *field > max)
        throw Refusal{400, std::string("'") + key + "' must be a whole number from 1 to " +
                               std::to_string(max)};
    }
    const auto job = [before, limit](pqxx::connection_base& c) {
      return db::audit_page(c, before, limit);
    };
    std::string page = co_await in_database(job);
    co_return reply_text(std::move(page));
  }

  std::string audit_target_;
};

}  // namespace

asio::awaitable<Response> run_privacy_api(const Request& request, RequestContext& context,
                                          AdminState& state) {
  PrivacyApi api(request, context, state);
  Response response = co_await api.run();
  auto auditing = audit_staff_call(state, context.staff->name, request, api.path(), api.target(),
                                   response.result_int());
  co_await std::move(auditing);
  co_return response;
}

}  // namespace loket::server

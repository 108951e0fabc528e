// The contact centre's system answering handed-over residents: /webhooks/chatwoot (Chatwoot's
// webhook, with the configured token in its URL, since Chatwoot does not sign) and
// /webhooks/handoff (the generic system, signed with Standard Webhooks). An agent's reply
// reaches the resident on the channel they came from (the first one tells them a person
// joined); a resolved or closed conversation goes back to the bot. A webhook delivered twice
// reaches the resident once.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <variant>

#include "connectors/chatwoot_client.h"
#include "connectors/platform_answer.h"
#include "connectors/signatures.h"
#include "db/handoff_store.h"
#include "intents/text_normalizer.h"
#include "server/channels/channels.h"
#include "server/common/db_call.h"
#include "server/common/log.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxAgentText = 4000;  // characters, more than any platform shows at once
constexpr std::size_t kMaxAgentName = 100;
constexpr std::size_t kMaxReason = 200;

// Where a call about a handoff stands; `status` 0: done.
struct Outcome {
  unsigned status = 200;
  std::string error;
  bool duplicate = false;
};

Response answer(const Request& request, const Outcome& outcome) {
  if (outcome.status != 200)
    return json_error(static_cast<http::status>(outcome.status), request.version(),
                      request.keep_alive(), outcome.error);
  return make_response(http::status::ok, request, "application/json",
                       outcome.duplicate ? R"({"duplicate":true})" : "{}");
}

Response refuse(const Request& request, std::string_view system, http::status status,
                std::string_view why) {
  log::warn("contact centre webhook refused",
            {{"system", system}, {"status", static_cast<unsigned>(status)}, {"why", why}});
  return json_error(status, request.version(), request.keep_alive(), why);
}

const config::ContactCentre* configured(ChannelState& state, config::ContactCentre::Kind kind) {
  const auto chat = state.chat.content.current();
  const auto& handoff = chat->config().handoff;
  if (!handoff || !handoff->contact_centre || handoff->contact_centre->kind != kind) return nullptr;
  // The configuration stays alive while the content it belongs to is current; a reload in
  // between gives the next call the new one.
  return &*handoff->contact_centre;
}

// How staff are shown to the resident: the configured name, else the agent's own.
std::string display_name(ChannelState& state, const std::string& agent) {
  const auto chat = state.chat.content.current();
  const auto& handoff = chat->config().handoff;
  if (handoff && !handoff->display_name.empty()) return handoff->display_name;
  return agent.empty() ? chat->config().municipality : agent;
}

asio::awaitable<void> tell(ChannelState& state, const db::Handoff& handoff,
                           HandoffDesk::Said said) {
  auto telling = state.chat.handoffs.tell_resident(handoff, std::move(said));
  const bool told = co_await std::move(telling);
  if (!told) log::warn("the resident was not told", {{"handoff", handoff.id}});
}

Outcome database_failed(std::int64_t id, const std::exception_ptr& error) {
  log::warn("contact centre webhook failed", {{"handoff", id}, {"error", describe(error)}});
  Outcome out;
  out.status = 503;
  out.error = "the database is not reachable; deliver this again shortly";
  return out;
}

Outcome closed_already() {
  Outcome out;
  out.status = 409;
  out.error = "this conversation is closed";
  return out;
}

// An agent of the contact centre wrote `text` (their system's id for it: `external_id`).
asio::awaitable<Outcome> agent_message(ChannelState& state, db::Handoff handoff,
                                       std::string external_id, std::string agent,
                                       std::string text) {
  db::Database& database = *state.chat.notifications.database;
  const std::int64_t id = handoff.id;
  if (handoff.status == "closed") co_return closed_already();
  const std::string name = display_name(state, agent);
  if (handoff.status == "waiting" || handoff.status == "callback") {
    const auto take = [id, agent](pqxx::connection_base& c) {
      return db::take_handoff(c, id, agent);
    };
    const auto taken = co_await db_call(database, take);
    if (!taken) co_return database_failed(id, taken.error());
    if (taken->outcome == db::HandoffChange::done) {
      const bool was_waiting = handoff.status == "waiting";
      handoff = *taken->handoff;
      state.chat.metrics.observe_handoff(handoff.channel, "taken");
      state.chat.metrics.observe_handoff_taken(agent, std::chrono::seconds(handoff.waited_s));
      if (was_waiting) co_await tell(state, handoff, staff_joined(handoff, name));
    }
  }
  const auto add = [id, agent, text, external_id](pqxx::connection_base& c) {
    return db::add_external_handoff_message(c, id, {"staff", text, agent}, external_id);
  };
  const auto added = co_await db_call(database, add);
  if (!added) co_return database_failed(id, added.error());
  if (*added == 0) co_return closed_already();
  Outcome out;
  if (*added < 0) {
    out.duplicate = true;
    co_return out;
  }
  if (handoff.status != "callback") co_await tell(state, handoff, staff_said(handoff, name, text));
  co_return out;
}

// The contact centre is done with the conversation: the resident goes back to the bot.
asio::awaitable<Outcome> handed_back(ChannelState& state, db::Handoff handoff, std::string by,
                                     std::string reason) {
  const std::int64_t id = handoff.id;
  const auto close = [id, by, reason](pqxx::connection_base& c) {
    return db::close_handoff(c, id, by, reason);
  };
  const auto closed = co_await db_call(*state.chat.notifications.database, close);
  if (!closed) co_return database_failed(id, closed.error());
  Outcome out;
  if (closed->outcome != db::HandoffChange::done) co_return out;  // closed before: nothing new
  const db::Handoff& now = *closed->handoff;
  state.chat.metrics.observe_handoff(now.channel,
                                     handoff.status == "waiting" ? "abandoned" : "closed");
  if (handoff.status != "callback")
    co_await tell(state, now, staff_ended(now, display_name(state, handoff.agent), true));
  co_return out;
}

std::optional<std::string> query_value(const Request& request, std::string_view key) {
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target) return std::nullopt;
  auto it = target->params().find(key);
  if (it == target->params().end()) return std::nullopt;
  return std::string((*it).value);
}

// The handoff `system` knows as `ref`, read on a database thread; an outcome when there is none
// or the database failed.
asio::awaitable<std::variant<db::Handoff, Outcome>> find_by_ref(ChannelState& state,
                                                                std::string desk, std::string ref) {
  const auto find = [desk, ref](pqxx::connection_base& c) {
    return db::find_handoff_by_external_ref(c, desk, ref);
  };
  const auto found = co_await db_call(*state.chat.notifications.database, find);
  if (!found) co_return database_failed(0, found.error());
  if (!*found) {
    Outcome out;
    out.status = 404;
    out.error = "no handoff is known by " + desk + " as " + ref.substr(0, 40);
    co_return out;
  }
  co_return std::move(**found);
}

bool database_ready(ChannelState& state) {
  return state.chat.notifications.database != nullptr && state.chat.notifications.ready();
}

// A member of the generic webhook's event: text of 1 to `max` characters.
std::optional<std::string> text_of(const json::object& o, std::string_view key, std::size_t max) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  std::string s(v->get_string());
  if (s.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  if (intents::count_code_points(s) > max || s.find('\0') != std::string::npos) return std::nullopt;
  return s;
}

struct GenericEvent {
  std::string type, error;
  std::int64_t handoff = 0;
  std::string id, agent, text, reason;
};

GenericEvent parse_generic_event(std::string_view body) {
  GenericEvent out;
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    out.error = "body is not a JSON object";
    return out;
  }
  const json::object& o = v.get_object();
  out.type = text_of(o, "type", 40).value_or("");
  if (out.type != "agent.message" && out.type != "handoff.closed") {
    out.error = "'type' must be agent.message or handoff.closed";
    return out;
  }
  const auto* h = o.if_contains("handoff");
  if (h == nullptr || !h->is_int64() || h->get_int64() <= 0) {
    out.error = "'handoff' must be the handoff's id (a positive whole number)";
    return out;
  }
  out.handoff = h->get_int64();
  out.agent = text_of(o, "agent", kMaxAgentName).value_or("");
  if (out.type == "handoff.closed") {
    out.reason = text_of(o, "reason", kMaxReason).value_or("closed by the contact centre");
    return out;
  }
  auto id = text_of(o, "id", 100);
  auto text = text_of(o, "text", kMaxAgentText);
  if (!id)
    out.error = "'id' (the message's id in your system, 1 to 100 characters) is missing";
  else if (!text)
    out.error = "'text' must be 1 to " + std::to_string(kMaxAgentText) + " characters of text";
  if (out.error.empty()) {
    out.id = std::move(*id);
    out.text = std::move(*text);
  }
  return out;
}

long long unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

asio::awaitable<Response> chatwoot_webhook(const Request& request, ChannelState& state) {
  const auto* system = configured(state, config::ContactCentre::Kind::chatwoot);
  if (system == nullptr)
    co_return json_error(http::status::not_found, request.version(), request.keep_alive(),
                         "chatwoot is not the contact centre of this server");
  const std::string secret = system->secret;  // the configuration may be reloaded meanwhile
  const auto token = query_value(request, "token");
  if (!token)
    co_return refuse(request, "chatwoot", http::status::unauthorized,
                     "the webhook URL's token is missing (?token=...)");
  if (!connectors::verify_secret_token(secret, *token))
    co_return refuse(request, "chatwoot", http::status::forbidden,
                     "the webhook URL's token does not match");
  const connectors::ChatwootEvent event = connectors::parse_chatwoot_event(request.body());
  if (event.kind == connectors::ChatwootEvent::Kind::invalid)
    co_return refuse(request, "chatwoot", http::status::bad_request,
                     "body is not a Chatwoot webhook event");
  if (event.kind == connectors::ChatwootEvent::Kind::ignored) co_return answer(request, Outcome{});
  if (!database_ready(state))
    co_return json_error(http::status::service_unavailable, request.version(), request.keep_alive(),
                         "the database is not ready yet");
  auto finding = find_by_ref(state, "chatwoot", event.conversation_id);
  auto found = co_await std::move(finding);
  // Conversations loket did not open (the inbox serves other channels too) are not loket's.
  if (auto* outcome = std::get_if<Outcome>(&found))
    co_return answer(request, outcome->status == 404 ? Outcome{} : *outcome);
  db::Handoff handoff = std::get<db::Handoff>(std::move(found));
  Outcome outcome;
  if (event.kind == connectors::ChatwootEvent::Kind::agent_message) {
    // Longer than any platform shows at once: cut whole characters.
    std::string text = connectors::truncate_utf8(event.text, 4 * kMaxAgentText);
    auto replying =
        agent_message(state, std::move(handoff), event.message_id,
                      connectors::truncate_utf8(event.agent, kMaxAgentName), std::move(text));
    outcome = co_await std::move(replying);
    // Chatwoot cannot do anything about a reply to a conversation the resident ended.
    if (outcome.status == 409) outcome = Outcome{};
  } else {
    auto closing = handed_back(state, std::move(handoff), std::string("chatwoot"),
                               std::string("resolved in Chatwoot"));
    outcome = co_await std::move(closing);
  }
  co_return answer(request, outcome);
}

asio::awaitable<Response> handoff_webhook(const Request& request, ChannelState& state) {
  const auto* system = configured(state, config::ContactCentre::Kind::webhook);
  if (system == nullptr)
    co_return json_error(http::status::not_found, request.version(), request.keep_alive(),
                         "the handoff webhook is not the contact centre of this server");
  const std::string secret = system->secret;
  const std::string id(request["webhook-id"]);
  const std::string timestamp(request["webhook-timestamp"]);
  const std::string signatures(request["webhook-signature"]);
  if (id.empty() || timestamp.empty() || signatures.empty())
    co_return refuse(request, "webhook", http::status::unauthorized,
                     "webhook-id, webhook-timestamp and webhook-signature are required "
                     "(Standard Webhooks)");
  if (!connectors::verify_standard_webhook(secret, id, timestamp, request.body(), signatures,
                                           unix_now()))
    co_return refuse(request, "webhook", http::status::forbidden,
                     "webhook-signature does not match, or webhook-timestamp is more than five "
                     "minutes off");
  GenericEvent event = parse_generic_event(request.body());
  if (!event.error.empty())
    co_return refuse(request, "webhook", http::status::bad_request, event.error);
  if (!database_ready(state))
    co_return json_error(http::status::service_unavailable, request.version(), request.keep_alive(),
                         "the database is not ready yet");
  auto finding = find_by_ref(state, "webhook", std::to_string(event.handoff));
  auto found = co_await std::move(finding);
  if (auto* outcome = std::get_if<Outcome>(&found)) co_return answer(request, *outcome);
  db::Handoff handoff = std::get<db::Handoff>(std::move(found));
  Outcome outcome;
  if (event.type == "agent.message") {
    auto replying = agent_message(state, std::move(handoff), std::move(event.id),
                                  std::move(event.agent), std::move(event.text));
    outcome = co_await std::move(replying);
  } else {
    auto closing = handed_back(state, std::move(handoff),
                               event.agent.empty() ? std::string("contact centre") : event.agent,
                               std::move(event.reason));
    outcome = co_await std::move(closing);
  }
  co_return answer(request, outcome);
}

}  // namespace loket::server

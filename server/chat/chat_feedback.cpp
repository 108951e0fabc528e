// "Was this answer helpful?" under the web chat's answers: {"session", "intent", "lang",
// "helpful"} records a thumb and returns its id; {"session", "id", "comment"} adds the optional
// short comment to it (redacted, like the conversation log). Counted in /metrics, shown on the
// dashboard per intent.
#include <boost/json.hpp>

#include "db/answer_feedback.h"
#include "intents/redaction.h"
#include "intents/text_normalizer.h"
#include "server/chat/chat.h"
#include "server/chat/chat_side_call.h"
#include "server/common/db_call.h"
#include "server/common/json_text.h"
#include "server/common/log.h"
#include "server/http/refusal.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxCommentChars = 500;

struct FeedbackRequest {
  std::string session;
  // A thumb:
  std::string intent, lang;
  bool helpful = false;
  // Or a comment on thumb `id`:
  std::int64_t id = 0;
  std::string comment;
};

Refusable<std::string> string_field(const json::object& obj, const char* key, std::size_t max) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_string() || v->get_string().empty())
    return Refusal{400, std::string("'") + key + "' must be a non-empty string"};
  if (v->get_string().size() > max) return Refusal{400, std::string("'") + key + "' is too long"};
  return std::string(v->get_string());
}

Refusable<FeedbackRequest> read_feedback(std::string_view body, const config::Config& config,
                                         const SessionIssuer& sessions) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec) return Refusal{400, json_body_problem(body, ec.message())};
  const json::object* obj = v.if_object();
  if (obj == nullptr) return Refusal{400, "body must be a JSON object"};
  FeedbackRequest out;
  auto session = string_field(*obj, "session", 128);
  if (!session) return session.error();
  if (!sessions.issued(*session)) return Refusal{404, "no such chat session"};
  out.session = std::move(*session);
  if (obj->contains("comment")) {
    const json::value* id = obj->if_contains("id");
    if (id == nullptr || !id->is_int64() || id->get_int64() <= 0)
      return Refusal{400, "'id' must be the id the thumb was given"};
    out.id = id->get_int64();
    // Four bytes per character at most: the limit in characters is checked below.
    auto comment = string_field(*obj, "comment", 4 * kMaxCommentChars);
    if (!comment) return comment.error();
    if (intents::count_code_points(*comment) > kMaxCommentChars)
      return Refusal{
          400, "'comment' is longer than " + std::to_string(kMaxCommentChars) + " characters"};
    std::erase(*comment, '\0');
    out.comment = std::move(*comment);
    return out;
  }
  auto intent = string_field(*obj, "intent", 128);
  if (!intent) return intent.error();
  if (config.find_intent(*intent) == nullptr) return Refusal{400, "'intent' is not a known intent"};
  auto lang = string_field(*obj, "lang", 16);
  if (!lang) return lang.error();
  if (!config.has_language(*lang))
    return Refusal{400, "'lang' is not one of this municipality's languages"};
  const json::value* helpful = obj->if_contains("helpful");
  if (helpful == nullptr || !helpful->is_bool())
    return Refusal{400, "'helpful' must be true or false"};
  out.intent = std::move(*intent);
  out.lang = std::move(*lang);
  out.helpful = helpful->get_bool();
  return out;
}

}  // namespace

asio::awaitable<Response> handle_chat_feedback(const Request& request, RequestContext& context,
                                               ChatState& state) {
  if (auto early = before_chat_side_call(request, context, state)) co_return std::move(*early);
  const auto chat = state.content.current();
  auto feedback = read_feedback(request.body(), chat->config(), state.sessions);
  if (!feedback)
    co_return chat_json_reply(request, static_cast<http::status>(feedback.error().status),
                              write_error(feedback.error().message));
  if (!state.notifications.ready())
    co_return chat_json_reply(request, http::status::service_unavailable,
                              write_error("feedback cannot be stored right now; try again later"));
  if (feedback->id != 0) {
    // Redaction (regexes) runs on the database thread, not on the chat path.
    const auto job = [f = *feedback](pqxx::connection_base& c) {
      return db::comment_answer_feedback(c, f.id, f.session,
                                         intents::redact_personal_data(f.comment));
    };
    const auto commented = co_await db_call(*state.notifications.database, job);
    if (!commented) {
      log::warn("feedback comment not stored", {{"error", describe(commented.error())}});
      co_return chat_json_reply(
          request, http::status::service_unavailable,
          write_error("feedback cannot be stored right now; try again later"));
    }
    if (!*commented)
      co_return chat_json_reply(request, http::status::not_found,
                                write_error("no thumb with this id to comment on in this session"));
    co_return chat_json_reply(request, http::status::ok, R"({"ok":true})");
  }
  const auto job = [f = *feedback](pqxx::connection_base& c) {
    return db::record_answer_feedback(c, {f.session, f.intent, f.lang, f.helpful});
  };
  const auto recorded = co_await db_call(*state.notifications.database, job);
  if (!recorded) {
    log::warn("feedback not stored", {{"error", describe(recorded.error())}});
    co_return chat_json_reply(request, http::status::service_unavailable,
                              write_error("feedback cannot be stored right now; try again later"));
  }
  if (recorded->added) state.metrics.observe_feedback(feedback->intent, feedback->helpful);
  co_return chat_json_reply(request, http::status::created,
                            json::serialize(json::object{{"id", recorded->id}}));
}

}  // namespace loket::server

#include "server/chat/chat_json.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "server/common/json_text.h"

namespace loket::server {
namespace {

namespace json = boost::json;

Refusal bad_request(std::string message) {
  return Refusal{400, std::move(message)};
}

// The member `key` when it is a string; "" when absent or null; a refusal when another type.
Refusable<std::string> string_member(const json::object& object, const char* key) {
  const json::value* v = object.if_contains(key);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string())
    return bad_request(std::string("'").append(key).append("' must be a string"));
  return std::string(v->get_string());
}

void append_key(std::string& out, std::string_view key) {
  out += ',';
  append_json_string(out, key);
  out += ':';
}

// 0.716 as "0.716": Boost.JSON 1.81 writes doubles as 7.16E-1, which people read badly.
void append_confidence(std::string& out, double confidence) {
  const long per_mille = std::lround(std::clamp(confidence, 0.0, 1.0) * 1000);
  out += per_mille >= 1000 ? "1." : "0.";
  const long fraction = per_mille % 1000;
  out += static_cast<char>('0' + fraction / 100);
  out += static_cast<char>('0' + fraction / 10 % 10);
  out += static_cast<char>('0' + fraction % 10);
}

void append_messages(std::string& out, const std::vector<dialogue::Said>& messages) {
  out += '[';
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"text\":";
    append_json_string(out, messages[i].text);
    if (!messages[i].links.empty()) {
      out += ",\"links\":[";
      for (std::size_t l = 0; l < messages[i].links.size(); ++l) {
        out += l > 0 ? ",{\"title\":" : "{\"title\":";
        append_json_string(out, messages[i].links[l].title);
        out += ",\"url\":";
        append_json_string(out, messages[i].links[l].url);
        out += '}';
      }
      out += ']';
    }
    out += '}';
  }
  out += ']';
}

void append_suggestions(std::string& out, const std::vector<dialogue::Suggestion>& suggestions) {
  out += '[';
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    out += i > 0 ? ",{" : "{";
    // Without an intent, the button's title is the resident's answer: sent back as text.
    if (!suggestions[i].intent.empty()) {
      out += "\"intent\":";
      append_json_string(out, suggestions[i].intent);
      out += ',';
    }
    out += "\"title\":";
    append_json_string(out, suggestions[i].title);
    out += '}';
  }
  out += ']';
}

}  // namespace

Refusable<dialogue::Message> read_chat_request(std::string_view body,
                                               const dialogue::Dialogue& chat,
                                               const SessionIssuer& sessions) {
  // The parsed request lives only while it is read: on the stack for any usual body, on the
  // heap only past that.
  unsigned char scratch[4096];
  json::monotonic_resource memory(scratch, sizeof scratch);
  boost::system::error_code ec;
  json::value request = json::parse(body, ec, &memory);
  if (ec) return bad_request(json_body_problem(body, ec.message()));
  const json::object* obj = request.if_object();
  if (obj == nullptr) return bad_request("body must be a JSON object");
  dialogue::Message message;
  for (auto [key, field] :
       {std::pair{"session", &message.session}, std::pair{"lang", &message.lang},
        std::pair{"intent", &message.chosen_intent}, std::pair{"text", &message.text}}) {
    auto value = string_member(*obj, key);
    if (!value) return value.error();
    *field = std::move(*value);
  }
  // A language tag is case-insensitive (RFC 5646): "EN" and "De" are "en" and "de".
  for (auto& c : message.lang)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (const json::value* restart = obj->if_contains("restart"); restart && !restart->is_null()) {
    if (!restart->is_bool()) return bad_request("'restart' must be true or false");
    if (restart->get_bool()) {
      // Starting over: the welcome again, and nothing of the conversation so far (its
      // subscriptions stay: they belong to the session, not to the conversation).
      if (!message.text.empty() || !message.chosen_intent.empty())
        return bad_request("'restart' goes without 'text' and 'intent'");
      message.kind = dialogue::Message::Kind::start;
      message.lang_hint = message.lang;
      message.new_session = true;
    }
  }
  // A malformed id is still refused (by the dialogue); a well-formed one loket did not issue
  // (made up, from another deployment, or from before the secret changed) starts afresh.
  if (message.session.empty() ||
      (dialogue::valid_session_id(message.session) && !sessions.issued(message.session))) {
    message.session = sessions.issue();
    message.new_session = true;
  }
  if (auto why = chat.refusal(message)) return bad_request(std::move(*why));
  return message;
}

std::string write_chat_reply(std::string_view session, const dialogue::Reply& reply) {
  std::string out;
  out.reserve(512);
  out += "{\"session\":";
  append_json_string(out, session);
  append_key(out, "lang");
  append_json_string(out, reply.lang);
  append_key(out, "intent");
  if (reply.intent.empty())
    out += "null";
  else
    append_json_string(out, reply.intent);
  append_key(out, "confidence");
  append_confidence(out, reply.confidence);
  append_key(out, "messages");
  append_messages(out, reply.messages);
  append_key(out, "suggestions");
  append_suggestions(out, reply.suggestions);
  if (!reply.expecting.empty()) {
    append_key(out, "expecting");
    append_json_string(out, reply.expecting);
  }
  if (reply.handoff) {
    append_key(out, "handoff");
    out += "{\"status\":";
    append_json_string(out, dialogue::handoff_phase_name(reply.handoff->phase));
    if (reply.handoff->phase == dialogue::HandoffStatus::Phase::waiting) {
      out += ",\"position\":" + std::to_string(reply.handoff->position);
      out += ",\"expected_wait_s\":" + std::to_string(reply.handoff->expected_wait_s);
    }
    out += '}';
  }
  out += '}';
  return out;
}

}  // namespace loket::server

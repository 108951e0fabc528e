#include "connectors/chatwoot_client.h"

#include <boost/json.hpp>

namespace loket::connectors {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxTextBytes = 10000;  // more than a resident's or a transcript's text

std::string account_path(const config::ContactCentre& chatwoot) {
  return "/api/v1/accounts/" + std::to_string(chatwoot.account_id);
}

// Chatwoot's ids are numbers; some payloads carry them as strings.
std::string id_text(const json::value* v) {
  if (v == nullptr) return {};
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  if (v->is_string() && !v->get_string().empty() && v->get_string().size() <= 40)
    return std::string(v->get_string());
  return {};
}

std::string string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string contact_body(const config::ContactCentre& chatwoot, std::string name,
                         std::string identifier) {
  return json::serialize(json::object{{"inbox_id", chatwoot.inbox_id},
                                      {"name", std::move(name)},
                                      {"identifier", std::move(identifier)}});
}

std::string conversation_body(const config::ContactCentre& chatwoot, std::string source_id,
                              const std::string& contact_id) {
  json::value contact(contact_id);  // Chatwoot's API documents a number
  if (contact_id.find_first_not_of("0123456789") == std::string::npos && contact_id.size() < 19)
    contact = std::stoll(contact_id);
  return json::serialize(json::object{{"source_id", std::move(source_id)},
                                      {"inbox_id", chatwoot.inbox_id},
                                      {"contact_id", std::move(contact)},
                                      {"status", "open"}});
}

std::string message_body(std::string text, ChatwootClient::Author author) {
  if (text.size() > kMaxTextBytes) text.resize(kMaxTextBytes);  // cut whole: a note is long
  const bool note = author == ChatwootClient::Author::note;
  return json::serialize(json::object{{"content", std::move(text)},
                                      {"message_type", note ? "outgoing" : "incoming"},
                                      {"private", note}});
}

}  // namespace

boost::asio::awaitable<ChatwootCall> ChatwootClient::call(const config::ContactCentre& chatwoot,
                                                          std::string path, std::string body) {
  HttpRequest request;
  request.url = chatwoot.url + path;
  request.body = std::move(body);
  request.headers.emplace_back("api_access_token", chatwoot.api_access_token);
  auto answer = co_await client_.send(std::move(request));
  ChatwootCall out;
  if (!answer) {
    out.error = "chatwoot unreachable: " + answer.error().message();
    co_return out;
  }
  if (answer->status < 200 || answer->status >= 300) {
    out.error = "chatwoot answered " + std::to_string(answer->status) + " to " + path;
    co_return out;
  }
  out.value = std::move(answer->body);
  co_return out;
}

boost::asio::awaitable<ChatwootCall> ChatwootClient::open_conversation(
    const config::ContactCentre& chatwoot, std::string contact_name, std::string identifier) {
  auto contact_call = call(chatwoot, account_path(chatwoot) + "/contacts",
                           contact_body(chatwoot, std::move(contact_name), std::move(identifier)));
  ChatwootCall contact = co_await std::move(contact_call);
  if (!contact.error.empty()) co_return contact;
  // {"payload": {"contact": {"id": ...}, "contact_inbox": {"source_id": ...}}}
  std::string contact_id, source_id;
  boost::system::error_code ec;
  const json::value parsed = json::parse(contact.value, ec);
  if (!ec && parsed.is_object())
    if (const auto* payload = parsed.get_object().if_contains("payload");
        payload != nullptr && payload->is_object()) {
      const auto& p = payload->get_object();
      if (const auto* c = p.if_contains("contact"); c != nullptr && c->is_object())
        contact_id = id_text(c->get_object().if_contains("id"));
      if (const auto* ci = p.if_contains("contact_inbox"); ci != nullptr && ci->is_object())
        source_id = string_at(ci->get_object(), "source_id");
    }
  if (contact_id.empty() || source_id.empty()) {
    contact.error = "chatwoot's answer to creating a contact has no contact id or source_id";
    co_return contact;
  }
  auto conversation_call = call(chatwoot, account_path(chatwoot) + "/conversations",
                                conversation_body(chatwoot, std::move(source_id), contact_id));
  ChatwootCall conversation = co_await std::move(conversation_call);
  if (!conversation.error.empty()) co_return conversation;
  const json::value made = json::parse(conversation.value, ec);
  ChatwootCall out;
  if (!ec && made.is_object()) out.value = id_text(made.get_object().if_contains("id"));
  if (out.value.empty()) out.error = "chatwoot's answer to creating a conversation has no id";
  co_return out;
}

boost::asio::awaitable<ChatwootCall> ChatwootClient::post_message(
    const config::ContactCentre& chatwoot, std::string conversation_id, std::string text,
    Author author) {
  auto posting =
      call(chatwoot, account_path(chatwoot) + "/conversations/" + conversation_id + "/messages",
           message_body(std::move(text), author));
  ChatwootCall out = co_await std::move(posting);
  if (out.error.empty()) out.value.clear();
  co_return out;
}

boost::asio::awaitable<ChatwootCall> ChatwootClient::resolve(const config::ContactCentre& chatwoot,
                                                             std::string conversation_id) {
  auto resolving = call(
      chatwoot, account_path(chatwoot) + "/conversations/" + conversation_id + "/toggle_status",
      json::serialize(json::object{{"status", "resolved"}}));
  ChatwootCall out = co_await std::move(resolving);
  if (out.error.empty()) out.value.clear();
  co_return out;
}

ChatwootEvent parse_chatwoot_event(std::string_view body) {
  ChatwootEvent out;
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    out.kind = ChatwootEvent::Kind::invalid;
    return out;
  }
  const json::object& o = v.get_object();
  const std::string event = string_at(o, "event");
  if (event == "message_created") {
    const auto* conversation = o.if_contains("conversation");
    const auto* is_private = o.if_contains("private");
    const auto* type = o.if_contains("message_type");
    const bool outgoing =
        type != nullptr && ((type->is_string() && type->get_string() == "outgoing") ||
                            (type->is_int64() && type->get_int64() == 1));
    if (!outgoing || (is_private != nullptr && is_private->is_bool() && is_private->get_bool()) ||
        conversation == nullptr || !conversation->is_object())
      return out;
    out.text = string_at(o, "content");
    std::erase(out.text, '\0');  // PostgreSQL cannot store it
    if (out.text.find_first_not_of(" \t\r\n") == std::string::npos) return out;
    out.conversation_id = id_text(conversation->get_object().if_contains("id"));
    out.message_id = id_text(o.if_contains("id"));
    if (const auto* sender = o.if_contains("sender"); sender != nullptr && sender->is_object()) {
      const auto& s = sender->get_object();
      out.agent = string_at(s, "available_name");
      if (out.agent.empty()) out.agent = string_at(s, "name");
    }
    if (!out.conversation_id.empty() && !out.message_id.empty())
      out.kind = ChatwootEvent::Kind::agent_message;
    return out;
  }
  if (event == "conversation_status_changed" || event == "conversation_resolved") {
    if (string_at(o, "status") != "resolved") return out;
    out.conversation_id = id_text(o.if_contains("id"));
    if (!out.conversation_id.empty()) out.kind = ChatwootEvent::Kind::resolved;
  }
  return out;
}

}  // namespace loket::connectors

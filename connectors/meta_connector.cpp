#include "connectors/meta_connector.h"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/json.hpp>

#include <ctime>

#include "connectors/platform_answer.h"

namespace loket::connectors {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr double kPerNumberPerSecond = 80;           // WhatsApp's default throughput
constexpr double kPerResidentPerSecond = 1.0 / 6.0;  // a notification to one resident per 6 s
constexpr auto kSlowDownForResident = std::chrono::seconds(6);
constexpr std::size_t kMaxTextBytes = 4000;  // WhatsApp 4096 characters, Messenger 2000
constexpr std::size_t kMaxMessengerTextBytes = 1900;
constexpr std::size_t kMaxButtonTitle = 20;  // both products
// Further behind than this (a flood), a send is handed back to be retried instead of held.
constexpr auto kMaxPaceWait = std::chrono::seconds(10);

// The Graph error's code, subcode and message, when the body is one.
struct GraphError {
  std::int64_t code = 0, subcode = 0;
  std::string message;
};
GraphError graph_error(const std::string& body) {
  GraphError e;
  json::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec) return e;
  const json::value* code = v.find_pointer("/error/code", ec);
  const json::value* sub = v.find_pointer("/error/error_subcode", ec);
  if (code != nullptr && code->is_int64()) e.code = code->as_int64();
  if (sub != nullptr && sub->is_int64()) e.subcode = sub->as_int64();
  e.message = string_at(v, "/error/message").substr(0, 200);
  return e;
}

}  // namespace

MetaConnector::MetaConnector(Product product, config::MetaChannel settings,
                             std::chrono::milliseconds timeout, TopicLookup topics)
    : product_(product),
      settings_(std::move(settings)),
      client_(timeout),
      topics_(std::move(topics)) {
  pace_.set_default_limit(kPerResidentPerSecond, 1);
}

std::string MetaConnector::text_body(const std::string& to, const std::string& text,
                                     const std::vector<std::string>& quick_replies,
                                     bool proactive) const {
  if (product_ == Product::messenger) {
    json::object message{{"text", truncate_utf8(text, kMaxMessengerTextBytes)}};
    if (!quick_replies.empty()) {
      json::array list;
      for (const auto& label : quick_replies)  // the payload carries the whole label back
        list.push_back(json::object{{"content_type", "text"},
                                    {"title", truncate_utf8(label, kMaxButtonTitle)},
                                    {"payload", label}});
      message["quick_replies"] = std::move(list);
    }
    return json::serialize(json::object{{"recipient", json::object{{"id", to}}},
                                        {"messaging_type", proactive ? "UPDATE" : "RESPONSE"},
                                        {"message", std::move(message)}});
  }
  json::object body{
      {"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", to}};
  if (quick_replies.empty() || quick_replies.size() > 3) {
    body["type"] = "text";
    body["text"] = json::object{{"body", truncate_utf8(text, kMaxTextBytes)}};
    return json::serialize(body);
  }
  json::array buttons;
  for (const auto& label : quick_replies)  // the id carries the whole label back
    buttons.push_back(json::object{
        {"type", "reply"},
        {"reply", json::object{{"id", label}, {"title", truncate_utf8(label, kMaxButtonTitle)}}}});
  body["type"] = "interactive";
  body["interactive"] = json::object{{"type", "button"},
                                     {"body", json::object{{"text", truncate_utf8(text, 1000)}}},
                                     {"action", json::object{{"buttons", std::move(buttons)}}}};
  return json::serialize(body);
}

asio::awaitable<SendResult> MetaConnector::post(const std::string& sender_id, std::string body) {
  if (!is_numeric_id(sender_id) && sender_id != "me") {
    SendResult r;
    r.kind = SendResult::Kind::permanent;
    r.error = "a page or phone number id is digits only";
    co_return r;
  }
  auto turn = overall_.wait_turn("meta:" + sender_id, kPerNumberPerSecond, kMaxPaceWait);
  if (const auto wait = co_await std::move(turn); wait > RateLimiter::Clock::duration::zero())
    co_return held_back(wait, "meta pace: more messages than the number's throughput");
  HttpRequest request;
  request.url = settings_.api_base + "/" + sender_id + "/messages";
  request.body = std::move(body);
  request.headers.emplace_back("Authorization", "Bearer " + settings_.access_token);
  auto answer = co_await client_.send(std::move(request));
  if (!answer) co_return transport_failure(answer.error());
  SendResult r = classify_http_answer(answer->status, answer->header("retry-after"));
  if (r.kind == SendResult::Kind::delivered) {
    json::error_code ec;
    const json::value v = json::parse(answer->body, ec);
    if (!ec) {
      r.platform_message_id = string_at(v, "/messages/0/id");
      if (r.platform_message_id.empty()) r.platform_message_id = string_at(v, "/message_id");
    }
    co_return r;
  }
  const GraphError e = graph_error(answer->body);
  r.contact_gone = false;
  r.error = "graph " + std::to_string(answer->status) + " code " + std::to_string(e.code) + ": " +
            e.message;
  switch (e.code) {
    case 130429:  // throughput limit of the number
    case 4:
    case 80007:
    case 613:
      r.kind = SendResult::Kind::retry;
      break;
    case 131056:  // too many messages to this resident: slow down for them
      r.kind = SendResult::Kind::retry;
      r.retry_after = kSlowDownForResident;
      break;
    case 190:  // the access token expired: the operator's to fix, the message waits
      r.kind = SendResult::Kind::retry;
      break;
    case 551:  // Messenger: this person is not available
      r.kind = SendResult::Kind::permanent;
      r.contact_gone = true;
      break;
    default:
      if (e.subcode == 2018001) {  // Messenger: no matching user
        r.kind = SendResult::Kind::permanent;
        r.contact_gone = true;
      }
      break;
  }
  co_return r;
}

asio::awaitable<SendResult> MetaConnector::reply(Reply& reply) {
  // Messenger replies come from the page the resident wrote to, WhatsApp's from the number.
  const std::string sender = !reply.to->context.empty()       ? reply.to->context
                             : product_ == Product::messenger ? settings_.messenger_page_id
                                                              : settings_.whatsapp_phone_number_id;
  SendResult last;
  const std::vector<std::string> no_buttons;
  const std::size_t end = reply.texts.size() - reply.delivered > reply.max_texts
                              ? reply.delivered + reply.max_texts
                              : reply.texts.size();
  for (std::size_t i = reply.delivered; i < end; ++i) {
    const bool final = i + 1 == reply.texts.size();
    // Named, not a temporary in the co_await: GCC 12 destroys those twice.
    std::string body = text_body(reply.to->address, reply.texts[i],
                                 final ? reply.quick_replies : no_buttons, false);
    last = co_await post(sender, std::move(body));
    if (last.kind != SendResult::Kind::delivered) co_return last;
    ++reply.delivered;
  }
  co_return last;
}

asio::awaitable<SendResult> MetaConnector::send(const OutgoingMessage& message) {
  const bool in_window = message.last_inbound && std::time(nullptr) - *message.last_inbound <
                                                     std::chrono::seconds(kWindow).count();
  SendResult refused;
  refused.kind = SendResult::Kind::permanent;
  if (product_ == Product::messenger) {
    if (!in_window) {
      refused.error = "outside Messenger's 24-hour window: Messenger takes no alerts then";
      co_return refused;
    }
    std::string body = text_body(message.address, message.text, {}, true);
    co_return co_await post(settings_.messenger_page_id, std::move(body));
  }
  if (settings_.whatsapp_phone_number_id.empty()) {
    refused.error = "no WhatsApp phone number id is configured for notifications";
    co_return refused;
  }
  if (auto wait = pace_.reserve(message.address, RateLimiter::Clock::now(), false);
      wait > RateLimiter::Clock::duration::zero()) {
    // The resident's own pace; the dispatcher's other sends carry on meanwhile.
    SendResult later;
    later.kind = SendResult::Kind::wait;
    later.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(wait);
    later.error = "one notification per resident per 6 s on WhatsApp";
    co_return later;
  }
  const TopicInfo topic = topics_ ? topics_(message.topic, message.lang) : TopicInfo{};
  if (!topic.whatsapp_template) {
    if (in_window) {
      std::string body = text_body(message.address, message.text, {}, true);
      co_return co_await post(settings_.whatsapp_phone_number_id, std::move(body));
    }
    refused.error = "topic '" + message.topic +
                    "' has no WhatsApp template, and the resident has not written in 24 hours";
    co_return refused;
  }
  const auto& t = *topic.whatsapp_template;
  std::string code = message.lang;
  if (auto it = t.languages.find(message.lang); it != t.languages.end())
    code = it->second;
  else if (auto d = t.languages.find(topic.default_lang); d != t.languages.end())
    code = d->second;
  json::array parameters;
  for (const auto& p : t.parameters)
    parameters.push_back(json::object{
        {"type", "text"},
        {"text", truncate_utf8(
                     config::fill_placeholders(p, {{"text", message.text}, {"topic", topic.name}}),
                     1024)}});
  json::object body{
      {"messaging_product", "whatsapp"},
      {"to", message.address},
      {"type", "template"},
      {"template", json::object{{"name", t.name},
                                {"language", json::object{{"code", code}}},
                                {"components",
                                 json::array{json::object{
                                     {"type", "body"}, {"parameters", std::move(parameters)}}}}}}};
  std::string serialized = json::serialize(body);
  co_return co_await post(settings_.whatsapp_phone_number_id, std::move(serialized));
}

boost::system::result<std::vector<InboundMessage>> parse_meta_webhook(std::string_view body) {
  json::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return boost::system::error_code(asio::error::invalid_argument);
  std::vector<InboundMessage> out;
  const std::string object = string_at(v, "/object");
  const json::value* entries = v.get_object().if_contains("entry");
  if (entries == nullptr || !entries->is_array()) return out;
  for (const auto& entry : entries->get_array()) {
    if (!entry.is_object()) continue;
    if (object == "page") {
      const json::value* messaging = entry.get_object().if_contains("messaging");
      if (messaging == nullptr || !messaging->is_array()) continue;
      for (const auto& event : messaging->get_array()) {
        json::error_code e2;
        const json::value* echo = event.find_pointer("/message/is_echo", e2);
        if (echo != nullptr && echo->is_bool() && echo->get_bool()) continue;
        InboundMessage m;
        m.channel = MetaConnector::kMessenger;
        m.message_id = string_at(event, "/message/mid");
        m.address = string_at(event, "/sender/id");
        m.context = string_at(event, "/recipient/id");
        m.text = string_at(event, "/message/quick_reply/payload");
        if (m.text.empty()) m.text = string_at(event, "/message/text");
        if (m.message_id.empty() || !is_numeric_id(m.address) || !is_numeric_id(m.context) ||
            m.text.empty())
          continue;
        out.push_back(std::move(m));
      }
    } else if (object == "whatsapp_business_account") {
      const json::value* changes = entry.get_object().if_contains("changes");
      if (changes == nullptr || !changes->is_array()) continue;
      for (const auto& change : changes->get_array()) {
        if (string_at(change, "/field") != "messages") continue;
        json::error_code e2;
        const json::value* messages = change.find_pointer("/value/messages", e2);
        if (messages == nullptr || !messages->is_array()) continue;
        const std::string phone_number_id = string_at(change, "/value/metadata/phone_number_id");
        for (const auto& message : messages->get_array()) {
          InboundMessage m;
          m.channel = MetaConnector::kWhatsApp;
          m.message_id = string_at(message, "/id");
          m.address = string_at(message, "/from");
          m.context = phone_number_id;
          const std::string type = string_at(message, "/type");
          if (type == "text") m.text = string_at(message, "/text/body");
          if (type == "interactive") m.text = string_at(message, "/interactive/button_reply/id");
          if (type == "button") m.text = string_at(message, "/button/text");
          if (m.message_id.empty() || !is_numeric_id(m.address) || !is_numeric_id(m.context) ||
              m.text.empty())
            continue;
          out.push_back(std::move(m));
        }
      }
    }
  }
  return out;
}

}  // namespace loket::connectors

#include "connectors/telegram_connector.h"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "connectors/platform_answer.h"

namespace loket::connectors {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {
// Telegram's limit is about 30 a second as it receives them; a little under it, since the
// network bunches sends that left evenly spaced.
constexpr double kOverallPerSecond = 28;
constexpr double kPerChatPerSecond = 1;
constexpr std::size_t kMaxTextBytes = 4000;  // Telegram takes 4096 characters
constexpr auto kMaxPaceWait = std::chrono::seconds(10);
}  // namespace

TelegramConnector::TelegramConnector(config::TelegramChannel settings,
                                     std::chrono::milliseconds timeout)
    : settings_(std::move(settings)), client_(timeout) {
  pace_.set_default_limit(kPerChatPerSecond, 1);
}

asio::awaitable<SendResult> TelegramConnector::send_message(std::string chat_id, std::string text,
                                                            json::value reply_markup) {
  const auto chat_wait = pace_.reserve_within({chat_id}, kMaxPaceWait);
  auto overall_wait = RateLimiter::Clock::duration::zero();
  if (chat_wait <= kMaxPaceWait) {
    if (chat_wait > RateLimiter::Clock::duration::zero()) {
      asio::steady_timer timer(co_await asio::this_coro::executor, chat_wait);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    auto turn = overall_.wait_turn("telegram", kOverallPerSecond, kMaxPaceWait);
    overall_wait = co_await std::move(turn);
    if (overall_wait > RateLimiter::Clock::duration::zero()) pace_.refund(chat_id);  // not sent
  }
  if (chat_wait > kMaxPaceWait || overall_wait > RateLimiter::Clock::duration::zero())
    co_return held_back(std::max(chat_wait, overall_wait),
                        "telegram pace: more messages than 30/s overall or 1/s to this chat");
  json::object body{{"chat_id", chat_id}, {"text", truncate_utf8(text, kMaxTextBytes)}};
  if (!reply_markup.is_null()) body["reply_markup"] = std::move(reply_markup);
  HttpRequest request;
  request.url = settings_.api_base + "/bot" + settings_.bot_token + "/sendMessage";
  request.body = json::serialize(body);
  auto answer = co_await client_.send(std::move(request));
  if (!answer) co_return transport_failure(answer.error());

  SendResult r = classify_http_answer(answer->status, answer->header("retry-after"));
  json::error_code ec;
  const json::value reply = json::parse(answer->body, ec);
  const json::object* o = ec ? nullptr : reply.if_object();
  if (r.kind == SendResult::Kind::delivered) {
    const json::value* id = o ? reply.find_pointer("/result/message_id", ec) : nullptr;
    if (id != nullptr && id->is_int64()) r.platform_message_id = std::to_string(id->as_int64());
    co_return r;
  }
  if (o != nullptr) {
    if (auto* d = o->if_contains("description"); d && d->is_string())
      r.error = "telegram " + std::to_string(answer->status) + ": " +
                std::string(d->as_string()).substr(0, 200);
    const json::value* after = reply.find_pointer("/parameters/retry_after", ec);
    if (after != nullptr && after->is_int64() && after->as_int64() > 0)
      r.retry_after = std::chrono::seconds(std::min<std::int64_t>(after->as_int64(), 86400));
  }
  if (answer->status == 403) {
    r.kind = SendResult::Kind::permanent;  // blocked by the user, or the user is deactivated
    r.contact_gone = true;
  } else if (answer->status == 400 && r.error.find("chat not found") != std::string::npos) {
    r.contact_gone = true;
  } else if (answer->status == 401 || answer->status == 404) {
    // The bot token is wrong: the operator's to fix, and the message must wait for that.
    r.kind = SendResult::Kind::retry;
    r.contact_gone = false;
  }
  co_return r;
}

asio::awaitable<SendResult> TelegramConnector::send(const OutgoingMessage& message) {
  std::string chat = message.address, text = message.text;
  json::value no_markup;
  co_return co_await send_message(std::move(chat), std::move(text), std::move(no_markup));
}

asio::awaitable<SendResult> TelegramConnector::reply(Reply& reply) {
  SendResult last;
  const std::size_t end = reply.texts.size() - reply.delivered > reply.max_texts
                              ? reply.delivered + reply.max_texts
                              : reply.texts.size();
  for (std::size_t i = reply.delivered; i < end; ++i) {
    json::value markup;  // on the last text only: the buttons, or none left showing
    if (i + 1 == reply.texts.size()) {
      if (reply.quick_replies.empty()) {
        markup = json::object{{"remove_keyboard", true}};
      } else {
        json::array rows;
        for (const auto& label : reply.quick_replies)
          rows.push_back(json::array{json::object{{"text", label}}});
        markup = json::object{
            {"keyboard", std::move(rows)}, {"resize_keyboard", true}, {"one_time_keyboard", true}};
      }
    }
    std::string chat = reply.to->address, text = reply.texts[i];
    last = co_await send_message(std::move(chat), std::move(text), std::move(markup));
    if (last.kind != SendResult::Kind::delivered) co_return last;
    ++reply.delivered;
  }
  co_return last;
}

boost::system::result<std::optional<InboundMessage>> parse_telegram_update(std::string_view body) {
  json::error_code ec;
  const json::value update = json::parse(body, ec);
  if (ec || !update.is_object()) return boost::system::error_code(asio::error::invalid_argument);
  const json::object& u = update.get_object();
  const json::value* update_id = u.if_contains("update_id");
  if (update_id == nullptr || !update_id->is_int64())
    return boost::system::error_code(asio::error::invalid_argument);
  const json::value* message = u.if_contains("message");
  if (message == nullptr || !message->is_object()) return std::optional<InboundMessage>();
  const json::value* chat_id = message->find_pointer("/chat/id", ec);
  const json::value* chat_type = message->find_pointer("/chat/type", ec);
  const json::value* text = message->get_object().if_contains("text");
  if (chat_id == nullptr || !chat_id->is_int64() || text == nullptr || !text->is_string() ||
      chat_type == nullptr || !chat_type->is_string() || chat_type->as_string() != "private")
    return std::optional<InboundMessage>();
  InboundMessage m;
  m.channel = TelegramConnector::kChannel;
  m.message_id = std::to_string(update_id->as_int64());
  m.address = std::to_string(chat_id->as_int64());
  m.text = std::string(text->as_string());
  if (const json::value* lang = message->find_pointer("/from/language_code", ec);
      lang != nullptr && lang->is_string())
    m.lang_hint = std::string(lang->as_string()).substr(0, 2);
  // "/start", "/start@loket_bot", "/start campaign-code"
  const std::string command = m.text.substr(0, m.text.find_first_of(" @"));
  if (command == "/start") m.kind = InboundMessage::Kind::start;
  if (command == "/stop") m.kind = InboundMessage::Kind::stop;
  return std::optional<InboundMessage>(std::move(m));
}

}  // namespace loket::connectors

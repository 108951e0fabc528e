#include "connectors/mastodon_connector.h"

#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <charconv>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "connectors/platform_answer.h"

namespace loket::connectors {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxStatusBytes = 490;  // Mastodon's default: 500 characters
constexpr int kMentionsPerPoll = 40;          // Mastodon's largest page
constexpr int kMaxPagesPerPoll = 10;

// "2026-11-27T08:20:00.000Z" (Mastodon's X-RateLimit-Reset); nullopt if not that.
std::optional<std::chrono::system_clock::time_point> parse_iso_time(const std::string& text) {
  std::tm tm{};
  std::istringstream in(text);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  if (in.fail()) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// Mastodon status ids are decimal numbers of growing size: compare as numbers.
bool id_less(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

}  // namespace

std::string mention_text(std::string_view html) {
  std::string text;
  bool in_tag = false;
  std::string tag;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (in_tag) {
      if (c == '>') {
        in_tag = false;
        // Line and paragraph breaks become spaces, so words on either side stay apart.
        if (tag.rfind("br", 0) == 0 || tag.rfind("/p", 0) == 0) text.push_back(' ');
        tag.clear();
      } else {
        tag.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
      continue;
    }
    if (c == '<') {
      in_tag = true;
      continue;
    }
    if (c == '&') {
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'},  {"&lt;", '<'},    {"&gt;", '>'},  {"&quot;", '"'},
          {"&#39;", '\''}, {"&apos;", '\''}, {"&nbsp;", ' '}};
      bool decoded = false;
      for (const auto& [entity, ch] : kEntities)
        if (html.substr(i, entity.size()) == entity) {
          text.push_back(ch);
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      if (decoded) continue;
    }
    text.push_back(c);
  }
  // Drop the @mentions (of the account, and of anyone else addressed) and surplus space.
  std::istringstream words(text);
  std::string word, out;
  while (words >> word) {
    if (word.size() > 1 && word[0] == '@') continue;
    out.append(out.empty() ? "" : " ").append(word);
  }
  return out;
}

MastodonConnector::MastodonConnector(config::MastodonChannel settings,
                                     std::chrono::milliseconds timeout)
    : settings_(std::move(settings)), client_(timeout) {}

std::chrono::milliseconds MastodonConnector::held_for() const {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::system_clock::now();
  if (held_until_ <= now) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(held_until_ - now);
}

void MastodonConnector::note_rate_limit(const HttpResponse& answer) {
  const std::string remaining = answer.header("x-ratelimit-remaining");
  long left = 1;
  if (std::from_chars(remaining.data(), remaining.data() + remaining.size(), left).ec !=
      std::errc{})
    return;
  if (left > 0 && answer.status != 429) return;
  auto reset = parse_iso_time(answer.header("x-ratelimit-reset"));
  const auto until = reset.value_or(std::chrono::system_clock::now() + std::chrono::minutes(5));
  std::lock_guard lock(mutex_);
  held_until_ = std::max(
      held_until_, std::min(until, std::chrono::system_clock::now() + std::chrono::minutes(5)));
}

asio::awaitable<SendResult> MastodonConnector::post_status(std::string status,
                                                           std::string visibility, std::string lang,
                                                           std::string in_reply_to,
                                                           std::string idempotency_key) {
  if (auto held = held_for(); held.count() > 0) {
    SendResult later;
    later.kind = SendResult::Kind::retry;
    later.retry_after = held;
    later.error = "mastodon rate limit reached; waiting for its reset";
    co_return later;
  }
  json::object body{{"status", truncate_utf8(status, kMaxStatusBytes)}, {"visibility", visibility}};
  if (!lang.empty()) body["language"] = lang;
  if (!in_reply_to.empty()) body["in_reply_to_id"] = in_reply_to;
  HttpRequest request;
  request.url = settings_.base + "/api/v1/statuses";
  request.body = json::serialize(body);
  request.headers.emplace_back("Authorization", "Bearer " + settings_.token);
  if (!idempotency_key.empty()) request.headers.emplace_back("Idempotency-Key", idempotency_key);
  request.idempotent = !idempotency_key.empty();  // Mastodon keeps the key an hour
  auto answer = co_await client_.send(std::move(request));
  if (!answer) co_return transport_failure(answer.error());
  note_rate_limit(*answer);
  SendResult r = classify_http_answer(answer->status, answer->header("retry-after"));
  if (r.kind == SendResult::Kind::delivered) {
    json::error_code ec;
    const json::value v = json::parse(answer->body, ec);
    if (!ec) r.platform_message_id = string_at(v, "/id");
    co_return r;
  }
  json::error_code ec;
  const json::value v = json::parse(answer->body, ec);
  r.error = "mastodon " + std::to_string(answer->status) + ": " +
            (ec ? std::string() : string_at(v, "/error").substr(0, 200));
  r.contact_gone = false;  // 404 or 403 here is about the request, not the resident
  if (answer->status == 429) r.retry_after = held_for();
  if (answer->status == 401) r.kind = SendResult::Kind::retry;  // the token: the operator's to fix
  co_return r;
}

asio::awaitable<SendResult> MastodonConnector::send(const OutgoingMessage& message) {
  const bool public_post = message.address == kPublicAddress;
  std::string status = public_post ? message.text : "@" + message.address + " " + message.text;
  std::string visibility = public_post ? "public" : "direct";
  std::string lang = message.lang, no_reply, key = std::to_string(message.delivery_id);
  co_return co_await post_status(std::move(status), std::move(visibility), std::move(lang),
                                 std::move(no_reply), std::move(key));
}

asio::awaitable<SendResult> MastodonConnector::reply(Reply& reply) {
  std::string status = "@" + reply.to->address;
  for (const auto& t : reply.texts) status.append(" ").append(t);
  for (const auto& label : reply.quick_replies) status.append("\n- ").append(label);
  std::string visibility = "direct", lang = reply.lang, in_reply_to = reply.to->context;
  std::string key = "reply-" + reply.to->message_id;
  SendResult sent = co_await post_status(std::move(status), std::move(visibility), std::move(lang),
                                         std::move(in_reply_to), std::move(key));
  if (sent.kind == SendResult::Kind::delivered) reply.delivered = reply.texts.size();
  co_return sent;
}

boost::system::result<MentionsPage> parse_mastodon_mentions(
    std::string_view body, std::string& since_id,
    std::chrono::system_clock::time_point not_before) {
  json::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_array()) return boost::system::error_code(asio::error::invalid_argument);
  MentionsPage page;
  page.listed = v.get_array().size();
  for (const auto& n : v.get_array()) {
    const std::string id = string_at(n, "/id");
    if (!id.empty() && id_less(since_id, id)) since_id = id;
    if (string_at(n, "/type") != "mention") continue;
    if (auto at = parse_iso_time(string_at(n, "/status/created_at")); at && *at < not_before)
      continue;
    InboundMessage m;
    m.channel = MastodonConnector::kChannel;
    m.message_id = string_at(n, "/status/id");
    m.context = m.message_id;
    m.address = string_at(n, "/account/acct");
    m.text = mention_text(string_at(n, "/status/content"));
    m.lang_hint = string_at(n, "/status/language");
    if (m.message_id.empty() || m.address.empty() || m.text.empty()) continue;
    page.messages.push_back(std::move(m));
  }
  return page;
}

asio::awaitable<boost::system::result<std::vector<InboundMessage>>>
MastodonConnector::fetch_mentions(std::string& since_id,
                                  std::chrono::system_clock::time_point not_before) {
  std::vector<InboundMessage> out;
  // min_id pages forward from since_id, oldest page first: more mentions than one page between
  // two polls are all read. Without a since_id, the newest page tells where the timeline stands.
  for (int page = 0; page < kMaxPagesPerPoll; ++page) {
    HttpRequest request;
    request.method = "GET";
    request.url = settings_.base + "/api/v1/notifications?types%5B%5D=mention&limit=" +
                  std::to_string(kMentionsPerPoll);
    if (!since_id.empty())
      request.url += "&min_id=" + boost::urls::encode(since_id, boost::urls::unreserved_chars);
    request.headers.emplace_back("Authorization", "Bearer " + settings_.token);
    auto answer = co_await client_.send(std::move(request));
    if (!answer) co_return answer.error();
    note_rate_limit(*answer);
    if (answer->status != 200) co_return boost::system::error_code(asio::error::invalid_argument);
    const bool first_look = since_id.empty();
    auto parsed = parse_mastodon_mentions(answer->body, since_id, not_before);
    if (!parsed) co_return parsed.error();
    std::vector<InboundMessage> found = std::move(parsed->messages);
    std::reverse(found.begin(), found.end());  // each page lists newest first
    for (auto& m : found) out.push_back(std::move(m));
    if (first_look || parsed->listed < static_cast<std::size_t>(kMentionsPerPoll)) break;
  }
  co_return out;
}

}  // namespace loket::connectors

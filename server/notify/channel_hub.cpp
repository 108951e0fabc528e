#include "server/notify/channel_hub.h"

#include "connectors/mastodon_connector.h"
#include "connectors/telegram_connector.h"
#include "connectors/web_push_connector.h"
#include "connectors/x_connector.h"
#include "server/common/log.h"

namespace loket::server {

namespace {
// Platforms redeliver within minutes; the database remembers longer, across instances.
constexpr std::size_t kMaxSeen = 100000;
constexpr std::size_t kMaxWaitingPerConversation = 20;

}  // namespace

ChannelHub::ChannelHub(const config::Channels& settings, std::chrono::milliseconds timeout,
                       TopicLookup topics, std::string title)
    : settings_(settings) {
  using connectors::MetaConnector;
  for (const auto& why : settings_.off) log::info("channel off", {{"why", why}});
  if (settings_.telegram)
    list_.push_back(std::make_shared<connectors::TelegramConnector>(*settings_.telegram, timeout));
  if (settings_.meta) {
    list_.push_back(std::make_shared<MetaConnector>(MetaConnector::Product::messenger,
                                                    *settings_.meta, timeout, topics));
    list_.push_back(std::make_shared<MetaConnector>(MetaConnector::Product::whatsapp,
                                                    *settings_.meta, timeout, topics));
  }
  if (settings_.mastodon)
    list_.push_back(std::make_shared<connectors::MastodonConnector>(*settings_.mastodon, timeout));
  if (settings_.x) list_.push_back(std::make_shared<connectors::XConnector>(*settings_.x, timeout));
  if (settings_.webpush) {
    auto key = connectors::VapidKey::from_pem(settings_.webpush->vapid_private_key);
    if (!key) {
      log::error("channel off", {{"why", kBadVapidKey}});
      settings_.webpush.reset();
    } else {
      vapid_ = std::move(*key);
      list_.push_back(std::make_shared<connectors::WebPushConnector>(*vapid_, *settings_.webpush,
                                                                     title, timeout));
    }
  }
  for (const auto& c : list_) log::info("channel on", {{"channel", c->channel()}});
}

connectors::Connector* ChannelHub::find(std::string_view channel) const {
  for (const auto& c : list_)
    if (c->channel() == channel) return c.get();
  return nullptr;
}

ChannelHub::Seen ChannelHub::begin(const std::string& channel, const std::string& message_id) {
  std::string key = channel;
  key.append(1, '\n').append(message_id);
  std::lock_guard lock(mutex_);
  auto [it, fresh] = seen_.try_emplace(key, true);
  if (!fresh) return it->second ? Seen::storing : Seen::taken;
  seen_order_.push_back(std::move(key));
  if (seen_order_.size() > kMaxSeen) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
  return Seen::fresh;
}

void ChannelHub::stored(const std::string& channel, const std::string& message_id) {
  std::string key = channel;
  key.append(1, '\n').append(message_id);
  std::lock_guard lock(mutex_);
  if (auto it = seen_.find(key); it != seen_.end()) it->second = false;
}

void ChannelHub::hold(const std::string& channel, const std::string& message_id) {
  std::lock_guard lock(mutex_);
  held_.emplace(channel, message_id);
}

void ChannelHub::release(const std::string& channel, const std::string& message_id) {
  std::lock_guard lock(mutex_);
  held_.erase({channel, message_id});
}

bool ChannelHub::holds(const std::string& channel, const std::string& message_id) const {
  std::lock_guard lock(mutex_);
  return held_.count({channel, message_id}) > 0;
}

std::vector<std::pair<std::string, std::string>> ChannelHub::held() const {
  std::lock_guard lock(mutex_);
  return {held_.begin(), held_.end()};
}

void ChannelHub::forget(const std::string& channel, const std::string& message_id) {
  std::string key = channel;
  key.append(1, '\n').append(message_id);
  std::lock_guard lock(mutex_);
  seen_.erase(key);  // its place in seen_order_ goes when it comes round
}

ChannelHub::Turn ChannelHub::take_turn(const std::string& session, Pending& pending) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = turns_.try_emplace(session);
  if (fresh) return Turn::now;
  if (it->second.size() >= kMaxWaitingPerConversation) return Turn::refused;
  it->second.push_back(std::move(pending));
  return Turn::queued;
}

std::optional<ChannelHub::Pending> ChannelHub::next_in_turn(const std::string& session) {
  std::lock_guard lock(mutex_);
  auto it = turns_.find(session);
  if (it == turns_.end()) return std::nullopt;
  if (it->second.empty()) {
    turns_.erase(it);
    return std::nullopt;
  }
  Pending next = std::move(it->second.front());
  it->second.pop_front();
  return next;
}

connectors::MetaConnector::TopicInfo topic_info(const config::Config& config,
                                                const std::string& topic, const std::string& lang) {
  connectors::MetaConnector::TopicInfo info;
  info.default_lang = config.default_language;
  if (const auto* t = config.find_topic(topic)) {
    info.whatsapp_template = t->whatsapp_template;
    info.name = config::pick_language(t->name, lang, config.default_language);
  }
  return info;
}

std::string channel_session(std::string_view channel, std::string_view address) {
  std::string out(channel);
  out.push_back(':');
  for (char c : address) {
    const bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
    out.push_back(ok ? c : '_');
  }
  if (out.size() > 128) out.resize(128);
  return out;
}

}  // namespace loket::server

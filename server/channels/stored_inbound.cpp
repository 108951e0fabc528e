#include "server/channels/stored_inbound.h"

#include <boost/json.hpp>

#include <algorithm>

namespace loket::server {

namespace json = boost::json;
using connectors::InboundMessage;

std::string write_stored_inbound(const InboundMessage& m, const connectors::Reply* reply,
                                 const Offer* offer) {
  json::object o{{"kind", static_cast<int>(m.kind)},
                 {"channel", m.channel},
                 {"id", m.message_id},
                 {"address", m.address},
                 {"context", m.context},
                 {"text", m.text},
                 {"lang", m.lang_hint}};
  if (reply != nullptr) {
    json::array texts, buttons, intents;
    for (const auto& t : reply->texts) texts.emplace_back(t);
    for (std::size_t i = 0; i < reply->quick_replies.size(); ++i) {
      buttons.emplace_back(reply->quick_replies[i]);
      intents.emplace_back(offer != nullptr && i < offer->size() ? (*offer)[i] : std::string());
    }
    o["reply"] = json::object{{"texts", std::move(texts)},
                              {"buttons", std::move(buttons)},
                              {"intents", std::move(intents)},
                              {"lang", reply->lang},
                              {"delivered", reply->delivered}};
  }
  return json::serialize(o);
}

std::optional<ChannelHub::Pending> read_stored_inbound(const std::string& text) {
  json::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  auto str = [](const json::object& from, std::string_view key) {
    const json::value* f = from.if_contains(key);
    return f != nullptr && f->is_string() ? std::string(f->get_string()) : std::string();
  };
  ChannelHub::Pending p;
  p.recorded = true;
  InboundMessage& m = p.message;
  const json::value* kind = o.if_contains("kind");
  if (kind == nullptr || !kind->is_int64() || kind->get_int64() < 0 || kind->get_int64() > 2)
    return std::nullopt;
  m.kind = static_cast<InboundMessage::Kind>(kind->get_int64());
  m.channel = str(o, "channel");
  m.message_id = str(o, "id");
  m.address = str(o, "address");
  m.context = str(o, "context");
  m.text = str(o, "text");
  m.lang_hint = str(o, "lang");
  if (const json::value* r = o.if_contains("reply"); r != nullptr && r->is_object()) {
    connectors::Reply reply;
    const auto& ro = r->get_object();
    for (const char* key : {"texts", "buttons"})
      if (const json::value* list = ro.if_contains(key); list != nullptr && list->is_array())
        for (const auto& t : list->get_array())
          if (t.is_string())
            (key[0] == 't' ? reply.texts : reply.quick_replies).emplace_back(t.get_string());
    reply.lang = str(ro, "lang");
    // Which intent each button offered, so that a tap on the re-sent answer still chooses it.
    const json::value* intents = ro.if_contains("intents");
    const json::array* listed = intents != nullptr ? intents->if_array() : nullptr;
    for (std::size_t i = 0; i < reply.quick_replies.size(); ++i) {
      const json::value* v = listed != nullptr && i < listed->size() ? &(*listed)[i] : nullptr;
      p.offer.emplace_back(v != nullptr && v->is_string() ? std::string(v->get_string())
                                                          : std::string());
    }
    if (const json::value* d = ro.if_contains("delivered"); d != nullptr && d->is_uint64())
      reply.delivered = std::min<std::size_t>(d->get_uint64(), reply.texts.size());
    else if (d != nullptr && d->is_int64() && d->get_int64() >= 0)
      reply.delivered =
          std::min<std::size_t>(static_cast<std::size_t>(d->get_int64()), reply.texts.size());
    p.reply = std::move(reply);
  }
  return p;
}

}  // namespace loket::server

#include "server/common/session_state_json.h"

#include <boost/json.hpp>

#include <cstring>

namespace loket::server {
namespace {

namespace json = boost::json;

json::object write_map(const std::map<std::string, std::string>& map) {
  json::object out;
  for (const auto& [key, value] : map) out.emplace(key, value);
  return out;
}

std::map<std::string, std::string> read_map(const json::object& obj, std::string_view key) {
  std::map<std::string, std::string> out;
  if (const auto* map = obj.if_contains(key); map != nullptr && map->is_object())
    for (const auto& [k, v] : map->get_object())
      if (v.is_string()) out.emplace(k, std::string(v.get_string()));
  return out;
}

std::string read_string(const json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::string write_session_state(const dialogue::SessionState& state) {
  json::object out;
  // Short keys: written on every turn. Empty parts are left out.
  if (!state.lang.empty()) out.emplace("l", state.lang);
  if (!state.pending_intent.empty()) out.emplace("p", state.pending_intent);
  if (state.asked != 0) out.emplace("a", state.asked);
  if (state.awaiting_confirmation) out.emplace("c", true);
  if (!state.known.empty()) out.emplace("k", write_map(state.known));
  if (!state.parked_intent.empty()) out.emplace("w", state.parked_intent);
  if (state.last_question) out.emplace("q", state.last_question.get());
  if (!state.offered.empty()) out.emplace("o", write_map(state.offered));
  return json::serialize(out);
}

dialogue::SessionState read_session_state(std::string_view text) {
  dialogue::SessionState state;
  boost::system::error_code ec;
  const json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return state;
  const json::object& obj = value.get_object();
  state.lang = read_string(obj, "l");
  state.pending_intent = read_string(obj, "p");
  if (const auto* a = obj.if_contains("a"); a != nullptr && a->is_int64())
    state.asked = static_cast<int>(a->get_int64());
  if (const auto* c = obj.if_contains("c"); c != nullptr && c->is_bool())
    state.awaiting_confirmation = c->get_bool();
  state.known = read_map(obj, "k");
  state.parked_intent = read_string(obj, "w");
  if (const auto* q = obj.if_contains("q"); q != nullptr && q->is_string()) {
    const auto& s = q->get_string();
    auto copy = std::make_shared<char[]>(s.size() + 1);
    std::memcpy(copy.get(), s.data(), s.size());
    copy[s.size()] = '\0';
    state.last_question = std::move(copy);
  }
  state.offered = read_map(obj, "o");
  return state;
}

}  // namespace loket::server

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

constexpr long long kLastHandoff =
    static_cast<long long>(dialogue::SessionState::Handoff::with_person);

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
  if (!state.offered.empty()) {
    json::array buttons;
    json::object by_label;
    for (const auto& b : state.offered) {
      buttons.emplace_back(json::array{json::string(b.label), json::string(b.intent)});
      by_label.emplace(b.label, b.intent);
    }
    out.emplace("ob", std::move(buttons));
    // Also as the release before wrote them, which instances of it (during a rolling upgrade)
    // read for a tap that comes back as its label.
    out.emplace("o", std::move(by_label));
  }
  if (state.fallbacks != 0) out.emplace("f", state.fallbacks);
  if (state.handoff_offered) out.emplace("ho", true);
  if (state.handoff != dialogue::SessionState::Handoff::none)
    out.emplace("h", static_cast<int>(state.handoff));
  if (!state.callback_question.empty()) out.emplace("cq", state.callback_question);
  if (state.handoff_id != 0) out.emplace("hi", state.handoff_id);
  if (!state.transcript.empty()) {
    json::array lines;
    for (const auto& line : state.transcript)
      lines.emplace_back(json::array{line.resident ? 1 : 0, json::string(line.text)});
    out.emplace("t", std::move(lines));
  }
  if (!state.scheme_intent.empty()) out.emplace("si", state.scheme_intent);
  if (!state.scheme_field.empty()) out.emplace("sf", state.scheme_field);
  if (!state.scheme_answers.empty()) out.emplace("sa", write_map(state.scheme_answers));
  if (!state.crisis_intent.empty()) out.emplace("u", state.crisis_intent);
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
  if (const auto* ob = obj.if_contains("ob"); ob != nullptr && ob->is_array()) {
    for (const auto& button : ob->get_array())
      if (const auto* pair = button.if_array();
          pair != nullptr && pair->size() == 2 && (*pair)[0].is_string() && (*pair)[1].is_string())
        state.offered.push_back(
            {std::string((*pair)[0].get_string()), std::string((*pair)[1].get_string())});
  } else if (obj.contains("o")) {
    // Stored by an instance of the release before: labels, in no order.
    for (auto& [label, intent] : read_map(obj, "o"))
      state.offered.push_back({label, std::move(intent)});
    state.offered_in_order = false;
  }
  if (const auto* f = obj.if_contains("f"); f != nullptr && f->is_int64())
    state.fallbacks = static_cast<int>(f->get_int64());
  if (const auto* ho = obj.if_contains("ho"); ho != nullptr && ho->is_bool())
    state.handoff_offered = ho->get_bool();
  if (const auto* h = obj.if_contains("h");
      h != nullptr && h->is_int64() && h->get_int64() >= 0 && h->get_int64() <= kLastHandoff)
    state.handoff = static_cast<dialogue::SessionState::Handoff>(h->get_int64());
  state.callback_question = read_string(obj, "cq");
  if (const auto* id = obj.if_contains("hi"); id != nullptr && id->is_int64())
    state.handoff_id = id->get_int64();
  if (const auto* t = obj.if_contains("t"); t != nullptr && t->is_array())
    for (const auto& line : t->get_array())
      if (const auto* pair = line.if_array();
          pair != nullptr && pair->size() == 2 && (*pair)[1].is_string())
        state.transcript.push_back({(*pair)[0] == 1, std::string((*pair)[1].get_string())});
  state.scheme_intent = read_string(obj, "si");
  state.scheme_field = read_string(obj, "sf");
  state.scheme_answers = read_map(obj, "sa");
  state.crisis_intent = read_string(obj, "u");
  return state;
}

}  // namespace loket::server

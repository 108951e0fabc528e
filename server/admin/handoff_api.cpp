// The staff side of handing residents to a person (docs/handoff.md): the queue and its
// conversations, taking one (exactly one staff member gets it), replying on the resident's own
// channel, transferring to a colleague, handing back to the bot, closing. Role agent (admin has
// every role); every call is audited with the staff member's name.
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <charconv>

#include "db/handoff_store.h"
#include "db/staff_store.h"
#include "intents/text_normalizer.h"
#include "server/admin/admin.h"
#include "server/admin/staff_call.h"
#include "server/common/db_call.h"
#include "server/common/json_text.h"
#include "server/common/log.h"
#include "server/http/refusal.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxStaffText = 2000;  // characters in one reply
constexpr std::size_t kMaxAgents = 200;      // colleagues offered for a transfer
constexpr std::size_t kMaxReason = 200;
constexpr std::size_t kMaxListed = 500;
constexpr std::size_t kMaxMessages = 1000;

json::object handoff_json(const db::Handoff& h) {
  json::object o{
      {"id", h.id},         {"session", h.session},       {"channel", h.channel},  {"lang", h.lang},
      {"status", h.status}, {"created_at", h.created_at}, {"waited_s", h.waited_s}};
  if (h.status == "waiting") o["position"] = h.position;
  if (h.urgent) o["urgent"] = true;
  if (!h.agent.empty()) o["agent"] = h.agent;
  o["desk"] = h.desk;
  if (!h.external_ref.empty()) o["external_ref"] = h.external_ref;
  if (!h.taken_at.empty()) o["taken_at"] = h.taken_at;
  if (!h.closed_at.empty()) {
    o["closed_at"] = h.closed_at;
    o["closed_by"] = h.closed_by;
    o["close_reason"] = h.close_reason;
  }
  if (!h.question.empty()) o["question"] = h.question;
  if (!h.contact.empty()) o["contact"] = h.contact;
  if (!h.preview.empty()) o["preview"] = h.preview;
  return o;
}

json::object handoff_list(const std::vector<db::Handoff>& handoffs) {
  json::array out;
  for (const auto& h : handoffs) out.push_back(handoff_json(h));
  return json::object{{"handoffs", std::move(out)}};
}

json::object handoff_with_messages(const db::Handoff& h,
                                   const std::vector<db::HandoffMessage>& messages) {
  json::array lines;
  for (const auto& m : messages) {
    json::object line{{"id", m.id}, {"from", m.line.sender}, {"text", m.line.text}, {"at", m.at}};
    if (!m.line.staff_name.empty()) line["name"] = m.line.staff_name;
    lines.push_back(std::move(line));
  }
  json::object out = handoff_json(h);
  out["messages"] = std::move(lines);
  return out;
}

class HandoffApi final : public StaffCall {
 public:
  using StaffCall::StaffCall;

 private:
  asio::awaitable<Response> answer() override {
    auto target = boost::urls::parse_origin_form(req_.target());
    if (!target) throw Refusal{400, "request target is not a valid path"};
    path_ = target->path();
    if (!staff_.may("agent"))
      throw Refusal{403, "this needs the 'agent' role; the token '" + staff_.name + "' has '" +
                             staff_.role + "'"};
    if (state_.notifications.database == nullptr)
      throw Refusal{503, "handoffs need the database (LOKET_DATABASE_URL)"};
    if (!state_.notifications.ready())
      throw Refusal{503, "the database is not ready yet; try again shortly"};
    std::string_view rest = std::string_view(path_).substr(context_.route.path.size());
    if (rest.empty() || rest == "/") {
      require(http::verb::get);
      co_return co_await list(*target);
    }
    if (rest.starts_with('/')) rest.remove_prefix(1);
    if (rest == "agents") {
      require(http::verb::get);
      co_return co_await agents();
    }
    const auto colon = rest.find(':');
    const auto slash = rest.find('/');
    const std::string_view id_text = rest.substr(0, std::min(colon, slash));
    const std::int64_t id = parse_id(id_text);
    if (colon == std::string_view::npos && slash == std::string_view::npos) {
      require(http::verb::get);
      co_return co_await show(id, *target);
    }
    if (slash != std::string_view::npos && rest.substr(slash) == "/messages") {
      require(http::verb::post);
      co_return co_await send(id);
    }
    const std::string_view verb = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
    require(http::verb::post);
    if (verb == "take") co_return co_await take(id);
    if (verb == "transfer") co_return co_await transfer(id);
    if (verb == "release") co_return co_await close(id, true);
    if (verb == "close") co_return co_await close(id, false);
    throw Refusal{404, "no such handoff action: " + std::string(rest.substr(0, 60))};
  }

  void require(http::verb method) const {
    if (req_.method() != method)
      throw Refusal{405, "use " + std::string(http::to_string(method)) + " here"};
  }

  static std::int64_t parse_id(std::string_view text) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0)
      throw Refusal{404, "no such handoff: " + std::string(text.substr(0, 40))};
    return id;
  }

  json::object body_object() const {
    if (req_.body().empty()) return {};
    boost::system::error_code ec;
    auto v = json::parse(req_.body(), ec);
    if (ec) throw Refusal{400, json_body_problem(req_.body(), ec.message())};
    if (!v.is_object()) throw Refusal{400, "body must be a JSON object"};
    return std::move(v.get_object());
  }

  // The member `key` as text of 1 to `max` characters, or nothing when absent and optional.
  static std::optional<std::string> text_member(const json::object& o, const char* key,
                                                std::size_t max, bool required) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
      if (required) throw Refusal{400, std::string("'") + key + "' is missing"};
      return std::nullopt;
    }
    if (!v->is_string()) throw Refusal{400, std::string("'") + key + "' must be a string"};
    std::string s(v->get_string());
    if (s.find_first_not_of(" \t\r\n") == std::string::npos)
      throw Refusal{400, std::string("'") + key + "' is empty"};
    if (s.find('\0') != std::string::npos)
      throw Refusal{400, std::string("'") + key + "' contains a NUL character"};
    if (intents::count_code_points(s) > max)
      throw Refusal{
          400, std::string("'") + key + "' is longer than " + std::to_string(max) + " characters"};
    return s;
  }

  asio::awaitable<Response> list(const boost::urls::url_view& target) {
    std::string status;
    if (auto it = target.params().find("status"); it != target.params().end()) status = (*it).value;
    if (status == "open") status.clear();
    if (!status.empty() && status != "waiting" && status != "active" && status != "callback" &&
        status != "closed")
      throw Refusal{400, "status must be waiting, active, callback, closed or open"};
    const auto job = [status](pqxx::connection_base& c) {
      return db::list_handoffs(c, status, kMaxListed);
    };
    const auto handoffs = co_await in_database(job);
    co_return reply(http::status::ok, handoff_list(handoffs));
  }

  asio::awaitable<Response> show(std::int64_t id, const boost::urls::url_view& target) {
    std::int64_t after = 0;
    if (auto it = target.params().find("after"); it != target.params().end()) {
      const std::string v = (*it).value;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), after);
      if (ec != std::errc{} || end != v.data() + v.size() || after < 0)
        throw Refusal{400, "'after' must be a whole number, 0 or more"};
    }
    const auto job = [id, after, reader = staff_.name](pqxx::connection_base& c) {
      return std::make_pair(db::find_handoff(c, id),
                            db::handoff_messages(c, id, after, kMaxMessages, reader));
    };
    const auto [handoff, messages] = co_await in_database(job);
    if (!handoff) throw Refusal{404, "no such handoff: " + std::to_string(id)};
    co_return reply(http::status::ok, handoff_with_messages(*handoff, messages));
  }

  // How staff are shown to the resident: the configured name, else their own.
  std::string display_name() const {
    const auto chat = state_.content.content.current();
    const auto& handoff = chat->config().handoff;
    return handoff && !handoff->display_name.empty() ? handoff->display_name : staff_.name;
  }

  asio::awaitable<void> tell(const db::Handoff& handoff, HandoffDesk::Said said) {
    // Named before it is awaited: GCC 12 destroys temporaries in a co_await expression twice.
    auto telling = state_.handoffs.tell_resident(handoff, std::move(said));
    const bool told = co_await std::move(telling);
    if (!told) log::warn("the resident was not told", {{"handoff", handoff.id}});
  }

  // A handoff the contact centre's own system carries is answered there, not here.
  static void refuse_external(const db::Handoff& h) {
    if (h.desk != "inbox" && !h.desk.empty())
      throw Refusal{409, "this conversation is handled in " + h.desk + ", not in this inbox"};
  }

  asio::awaitable<Response> take(std::int64_t id) {
    const auto find = [id](pqxx::connection_base& c) { return db::find_handoff(c, id); };
    const auto found = co_await in_database(find);
    if (found) refuse_external(*found);
    const auto job = [id, agent = staff_.name](pqxx::connection_base& c) {
      return db::take_handoff(c, id, agent);
    };
    const auto taken = co_await in_database(job);
    if (taken.outcome == db::HandoffChange::not_found)
      throw Refusal{404, "no such handoff: " + std::to_string(id)};
    if (taken.outcome == db::HandoffChange::conflict)
      throw Refusal{409, taken.handoff->status == "closed"
                             ? "this conversation is closed"
                             : "this conversation is taken by " + taken.handoff->agent};
    const db::Handoff& h = *taken.handoff;
    state_.metrics.observe_handoff(h.channel, "taken");
    state_.metrics.observe_handoff_taken(staff_.name, std::chrono::seconds(h.waited_s));
    if (h.question.empty()) {  // a callback request is answered by phone or e-mail
      HandoffDesk::Said said = staff_joined(h, display_name());
      co_await tell(h, std::move(said));
    }
    co_return reply(http::status::ok, handoff_json(h));
  }

  // A conversation closed here that the contact centre's system carries is resolved there too.
  asio::awaitable<void> end_in_contact_centre(const db::Handoff& h, const std::string& reason) {
    const auto chat = state_.content.content.current();
    const auto& settings = chat->config().handoff;
    if (!settings || !settings->contact_centre ||
        config::contact_centre_name(settings->contact_centre->kind) != h.desk)
      co_return;
    auto ending = state_.handoffs.contact_centre().end(*settings->contact_centre, h, reason);
    const std::string error = co_await std::move(ending);
    if (!error.empty())
      log::warn("the contact centre was not told", {{"handoff", h.id}, {"error", error}});
  }

  // The handoff, when this staff member may act on it now (it is theirs, or they are admin).
  asio::awaitable<db::Handoff> held(std::int64_t id) {
    const auto job = [id](pqxx::connection_base& c) { return db::find_handoff(c, id); };
    auto found = co_await in_database(job);
    if (!found) throw Refusal{404, "no such handoff: " + std::to_string(id)};
    if (found->status == "closed") throw Refusal{409, "this conversation is closed"};
    refuse_external(*found);
    if (found->status != "active") throw Refusal{409, "take this conversation first"};
    if (found->agent != staff_.name && !staff_.may("admin"))
      throw Refusal{403, "this conversation is " + found->agent + "'s"};
    co_return std::move(*found);
  }

  // A callback request's resident left a question outside office hours and is not in the chat:
  // a reply there would say "delivered" and reach nobody.
  static void refuse_callback(const db::Handoff& h, std::string_view what) {
    if (h.question.empty()) return;
    throw Refusal{409, "this is a callback request: the resident is not in the chat, so " +
                           std::string(what) + "; answer them at " +
                           (h.contact.empty() ? std::string("the contact they left") : h.contact) +
                           ", then close it"};
  }

  // The colleagues a conversation can be transferred to: the inbox offers their names.
  asio::awaitable<Response> agents() {
    const auto job = [](pqxx::connection_base& c) { return db::handoff_agents(c, kMaxAgents); };
    json::array names;
    for (auto& name : co_await in_database(job)) names.emplace_back(std::move(name));
    co_return reply(http::status::ok, json::object{{"agents", std::move(names)}});
  }

  asio::awaitable<Response> send(std::int64_t id) {
    const auto body = body_object();
    const std::string text = *text_member(body, "text", kMaxStaffText, true);
    const db::Handoff h = co_await held(id);
    refuse_callback(h, "a reply in the chat reaches nobody");
    const auto job = [id, text, name = staff_.name](pqxx::connection_base& c) {
      return db::add_handoff_message(c, id, {"staff", text, name});
    };
    const auto message_id = co_await in_database(job);
    if (message_id == 0) throw Refusal{409, "this conversation is closed"};
    auto telling = state_.handoffs.tell_resident(h, staff_said(h, display_name(), text));
    const bool delivered = co_await std::move(telling);
    co_return reply(http::status::ok, json::object{{"id", message_id}, {"delivered", delivered}});
  }

  asio::awaitable<Response> transfer(std::int64_t id) {
    const auto body = body_object();
    const std::string to = *text_member(body, "to", 100, true);
    co_await held(id);
    // A name nobody signs in with would leave the conversation with no one to answer it.
    const auto lookup = [to](pqxx::connection_base& c) { return db::is_handoff_agent(c, to); };
    const bool colleague = co_await in_database(lookup);
    if (!colleague) {
      const auto job = [](pqxx::connection_base& c) { return db::handoff_agents(c, kMaxAgents); };
      std::string names;
      for (const auto& name : co_await in_database(job))
        names += (names.empty() ? "" : ", ") + name;
      throw Refusal{400, "'" + to + "' is not a staff member with the agent role" +
                             (names.empty() ? std::string() : " (those who are: " + names + ")")};
    }
    const auto job = [id, to](pqxx::connection_base& c) { return db::transfer_handoff(c, id, to); };
    const auto moved = co_await in_database(job);
    if (moved.outcome != db::HandoffChange::done)
      throw Refusal{409, "this conversation is no longer active"};
    co_return reply(http::status::ok, handoff_json(*moved.handoff));
  }

  // Closes the conversation (with a reason), or hands it back to the bot.
  asio::awaitable<Response> close(std::int64_t id, bool to_bot) {
    const auto body = body_object();
    const std::string reason = to_bot ? std::string("handed back to the bot")
                                      : text_member(body, "reason", kMaxReason, false)
                                            .value_or(std::string("closed by staff"));
    const auto job0 = [id](pqxx::connection_base& c) { return db::find_handoff(c, id); };
    const auto found = co_await in_database(job0);
    if (!found) throw Refusal{404, "no such handoff: " + std::to_string(id)};
    if (found->status == "active" && found->agent != staff_.name && !staff_.may("admin"))
      throw Refusal{403, "this conversation is " + found->agent + "'s"};
    if (to_bot) refuse_callback(*found, "there is no chat to hand back to the chatbot");
    const auto job = [id, reason, name = staff_.name](pqxx::connection_base& c) {
      return db::close_handoff(c, id, name, reason);
    };
    const auto closed = co_await in_database(job);
    if (closed.outcome == db::HandoffChange::not_found)
      throw Refusal{404, "no such handoff: " + std::to_string(id)};
    if (closed.outcome == db::HandoffChange::conflict)
      throw Refusal{409, "this conversation is closed already"};
    const db::Handoff& h = *closed.handoff;
    state_.metrics.observe_handoff(h.channel, found->status == "waiting" ? "abandoned" : "closed");
    if (found->status != "callback") {
      HandoffDesk::Said said = staff_ended(h, display_name(), to_bot);
      co_await tell(h, std::move(said));
    }
    co_await end_in_contact_centre(*found, reason);
    co_return reply(http::status::ok, handoff_json(h));
  }
};

}  // namespace

asio::awaitable<Response> run_handoff_api(const Request& request, RequestContext& context,
                                          AdminState& state) {
  HandoffApi api(request, context, state);
  Response response = co_await api.run();
  // The inbox refreshes its list and the open conversation; each conversation is its own path.
  auto auditing = audit_staff_call(state, context.staff->name, request, api.path(), "",
                                   response.result_int(), /*polled=*/true);
  co_await std::move(auditing);
  co_return response;
}

}  // namespace loket::server

#include "server/admin/staff_call.h"

#include "db/staff_store.h"
#include "server/admin/staff_session.h"
#include "server/common/json_text.h"

namespace loket::server {
namespace {

// How often a page's refresh of the same list is written to the audit log, at most.
constexpr std::chrono::seconds kRefreshAuditedEvery{15 * 60};

}  // namespace

Response json_reply(const Request& request, http::status status, const boost::json::value& body) {
  return make_response(status, request, "application/json", write_json(body));
}

asio::awaitable<Response> StaffCall::run() {
  std::optional<Refusal> refusal;
  try {
    co_return co_await answer();
  } catch (const Refusal& r) {
    refusal = r;
  }
  co_return reply(static_cast<http::status>(refusal->status),
                  boost::json::object{{"error", refusal->message}});
}

asio::awaitable<void> audit_staff_call(AdminState& state, const std::string& actor,
                                       const Request& request, const std::string& path,
                                       std::string target, unsigned status, bool polled) {
  if (!state.notifications.ready()) co_return;
  // A page refreshing a list it shows (every 5 s while it is open) is written down once in a
  // while, not each time: the trail shows who read what without burying the changes.
  const bool refresh = polled && request.method() == http::verb::get &&
                       request[kBackgroundHeader] == "1" && status < 400;
  const auto job = [actor,
                    action = std::string(request.method_string()) + " " + path.substr(0, 300),
                    target = std::move(target), status,
                    unless_within = refresh ? kRefreshAuditedEvery
                                            : std::chrono::seconds{0}](pqxx::connection_base& c) {
    db::audit(c, actor, action, target, static_cast<int>(status), unless_within);
    return true;
  };
  const auto done = co_await db_call(*state.notifications.database, job);
  if (!done)
    log::error("audit record failed", {{"actor", actor}, {"error", describe(done.error())}});
}

}  // namespace loket::server

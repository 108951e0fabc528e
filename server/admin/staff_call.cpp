#include "server/admin/staff_call.h"

#include "db/staff_store.h"
#include "server/common/json_text.h"

namespace loket::server {

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
                                       std::string target, unsigned status) {
  if (!state.notifications.ready()) co_return;
  const auto job = [actor,
                    action = std::string(request.method_string()) + " " + path.substr(0, 300),
                    target = std::move(target), status](pqxx::connection_base& c) {
    db::audit(c, actor, action, target, static_cast<int>(status));
    return true;
  };
  const auto done = co_await db_call(*state.notifications.database, job);
  if (!done)
    log::error("audit record failed", {{"actor", actor}, {"error", describe(done.error())}});
}

}  // namespace loket::server

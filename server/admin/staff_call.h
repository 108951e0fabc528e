// Internal to server/admin: what the staff APIs written as one class per call share — a refusal
// as the JSON error it answers, the database off the I/O thread with its failure as a refusal,
// and the audit record each call leaves. Call from any I/O thread.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <type_traits>

#include "server/admin/admin.h"
#include "server/common/db_call.h"
#include "server/common/log.h"
#include "server/http/refusal.h"

namespace loket::server {

Response json_reply(const Request& request, http::status status, const boost::json::value& body);

// `job` on a database thread; a failure is logged (with `path`) and returned as the refusal it
// means: 503 when the database is away, else 500.
template <typename F>
asio::awaitable<Refusable<std::invoke_result_t<F, pqxx::connection_base&>>> staff_database_result(
    AdminState& state, const F& job, const std::string& path) {
  auto result = co_await db_call(*state.notifications.database, job);
  if (!result) {
    const bool away = lost_connection(result.error());
    log::warn("staff request failed", {{"path", path}, {"error", describe(result.error())}});
    co_return Refusal{away ? 503u : 500u, away ? "the database is not reachable; try again shortly"
                                               : "internal error; it has been logged"};
  }
  co_return std::move(*result);
}

// The same, the refusal thrown: for StaffCall::answer(), which answers what it throws.
template <typename F>
asio::awaitable<std::invoke_result_t<F, pqxx::connection_base&>> staff_database_call(
    AdminState& state, const F& job, const std::string& path) {
  auto calling = staff_database_result(state, job, path);
  auto result = co_await std::move(calling);
  if (!result) throw result.error();
  co_return std::move(*result);
}

// One staff call answered by a class: derive, implement answer() (throwing Refusal for what
// the caller gets wrong), and run() answers it. Lives for the one request.
class StaffCall {
 public:
  StaffCall(const Request& request, RequestContext& context, AdminState& state)
      : req_(request), context_(context), state_(state), staff_(*context.staff) {}
  virtual ~StaffCall() = default;

  // answer(), or the refusal it threw as {"error": ...} with its status.
  asio::awaitable<Response> run();
  // The request's path (set by answer()), for the audit record.
  const std::string& path() const { return path_; }

 protected:
  virtual asio::awaitable<Response> answer() = 0;

  Response reply(http::status status, const boost::json::value& body) const {
    return json_reply(req_, status, body);
  }
  template <typename F>
  auto in_database(const F& job)
      -> asio::awaitable<std::invoke_result_t<F, pqxx::connection_base&>> {
    return staff_database_call(state_, job, path_);
  }

  const Request& req_;
  RequestContext& context_;
  AdminState& state_;
  const Staff& staff_;
  std::string path_;
};

// The audit record of one call: who, "METHOD PATH" (never the query, which may name a
// resident), `target`, and the status answered. `polled`: a list the pages refresh every few
// seconds (the alerts, the inbox); a refresh of it (a GET the page marks X-Loket-Background: 1)
// is written at most once a quarter of an hour. Anything else, a resident's data above all, is
// written each time, whatever the caller says.
asio::awaitable<void> audit_staff_call(AdminState& state, const std::string& actor,
                                       const Request& request, const std::string& path,
                                       std::string target, unsigned status, bool polled = false);

}  // namespace loket::server

// The staff inbox's live updates over a WebSocket: once the staff member is known (the signed-in
// page's session cookie, the upgrade's Authorization header, or a first frame {"token"}), a frame
// {"type": "handoff", "id", "event"} for every change in any instance's handoffs; the inbox then
// fetches what changed through the staff API. Role agent (admin has every role).
#include <boost/json.hpp>

#include "server/admin/admin.h"
#include "server/admin/staff_session.h"
#include "server/common/log.h"
#include "server/http/outbox_socket.h"

namespace loket::server {
namespace {

namespace json = boost::json;

constexpr auto kSignInTime = std::chrono::seconds(10);
constexpr std::size_t kMaxSignInFrame = 4096;

// The token in {"token": "..."}, as an Authorization header's value; empty when there is none.
std::string authorization_in(std::string_view frame) {
  boost::system::error_code ec;
  const json::value v = json::parse(frame, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  const json::value* token = o == nullptr ? nullptr : o->if_contains("token");
  if (token == nullptr || !token->is_string() || token->get_string().empty()) return {};
  return "Bearer " + std::string(token->get_string());
}

std::string change_frame(std::int64_t id, const std::string& event) {
  return json::serialize(json::object{{"type", "handoff"}, {"id", id}, {"event", event}});
}

std::string hello_frame(const Staff& staff) {
  return json::serialize(
      json::object{{"type", "hello"}, {"name", staff.name}, {"role", staff.role}});
}

}  // namespace

asio::awaitable<Response> handle_staff_socket_path(const Request& request, RequestContext&) {
  co_return make_response(
      http::status::upgrade_required, request, "application/json",
      R"({"error":"this is the staff inbox's WebSocket: connect with Upgrade"})");
}

asio::awaitable<void> run_staff_socket(beast::tcp_stream stream, Request upgrade, AdminState& state,
                                       const config::Limits& limits, ConnectionTracker& tracker) {
  auto socket = std::make_shared<OutboxSocket>(std::move(stream));
  auto closer = closer_for(socket);
  ConnectionTracker::Handle connection = tracker.add(closer);
  if (!connection) co_return;
  auto& ws = socket->ws;
  configure_websocket(ws, limits);
  ws.read_message_max(kMaxSignInFrame);
  auto [ec] = co_await ws.async_accept(upgrade, use_nothrow);
  if (ec) co_return;

  // Who it is: nobody holds the socket open without saying.
  std::string authorization(upgrade[http::field::authorization]);
  std::optional<Staff> staff;
  std::string refusal = R"({"error":"send {\"token\": ...} with a valid staff token first"})";
  auto close_code = websocket::close_code::policy_error;
  // Refused with 503 (the database away): the credentials may well be good, so the inbox tries
  // again later instead of signing out.
  bool unavailable = false;
  const auto take = [&](Refusable<Staff> checked) {
    if (checked) {
      staff = std::move(*checked);
    } else if (checked.error().status == 503) {
      refusal = json::serialize(json::object{{"error", checked.error().message}});
      close_code = websocket::close_code::try_again_later;
      unavailable = true;
    }
  };
  // A signed-in page's socket: its session cookie, sent only with the page's own origin (another
  // site's page cannot open the inbox's socket with a staff member's cookie).
  if (authorization.empty() && from_own_origin(upgrade) && !staff_cookie_of(upgrade).empty()) {
    auto checking = check_staff(upgrade, state);
    take(co_await std::move(checking));
  }
  beast::flat_buffer buffer;
  if (!staff && !unavailable && authorization.empty()) {
    asio::steady_timer deadline(ws.get_executor());
    deadline.expires_after(kSignInTime);
    deadline.async_wait([closer](const beast::error_code& e) {
      if (!e) closer();
    });
    auto [read_ec, n] = co_await ws.async_read(buffer, use_nothrow);
    deadline.cancel();
    if (read_ec) co_return;
    authorization = authorization_in(beast::buffers_to_string(buffer.data()));
    buffer.consume(buffer.size());
  }
  if (!staff && !unavailable && !authorization.empty()) {
    auto checking = authenticate_staff(authorization, state.admin_token, state.staff_cache,
                                       state.notifications);
    take(co_await std::move(checking));
  }
  if (staff && !staff->may("agent")) refusal = R"({"error":"this needs the 'agent' role"})";
  if (!staff || !staff->may("agent")) {
    // Written directly: nothing else writes to this socket yet, and the close must follow it.
    ws.text(true);
    auto [write_ec, written] = co_await ws.async_write(asio::buffer(refusal), use_nothrow);
    if (!write_ec && !socket->closing) {
      socket->closing = true;
      co_await ws.async_close(close_code, use_nothrow);
    }
    co_return;
  }
  socket->reply(hello_frame(*staff));
  const auto key = state.handoffs.watch(
      [weak = std::weak_ptr<OutboxSocket>(socket)](std::int64_t id, const std::string& event) {
        if (auto s = weak.lock()) s->send(change_frame(id, event));
      });
  log::info("staff socket", {{"outcome", "open"}, {"staff", staff->name}});
  for (;;) {
    if (!connection.enter_idle()) {
      start_closing(socket, websocket::close_code::going_away);
      break;
    }
    auto [read_ec, n] = co_await ws.async_read(buffer, use_nothrow);
    connection.leave_idle();
    if (read_ec) break;
    buffer.consume(buffer.size());  // the inbox acts through the staff API, not the socket
  }
  state.handoffs.unwatch(key);
  socket->closed = true;
  log::info("staff socket", {{"outcome", "closed"}, {"staff", staff->name}});
}

}  // namespace loket::server

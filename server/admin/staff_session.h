// Internal to server/admin: the staff sign-in's cookie — reading it from a request, the
// Set-Cookie that gives or clears it — and a session's lookup by it. Plain functions over
// their arguments, and a lookup on a database thread; call from any I/O thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "db/staff_sessions.h"
#include "server/admin/admin.h"

namespace loket::server {

inline constexpr std::string_view kStaffCookie = "loket_staff";

// The value of cookie `name` in the request's Cookie headers that `plausible` accepts (the first
// such); empty when there is none.
std::string cookie_of(const Request& request, std::string_view name,
                      const std::function<bool(std::string_view)>& plausible);

// The staff session cookie's value in the request's Cookie header; empty when there is none or
// it is not one loket could have made.
std::string staff_cookie_of(const Request& request);

// The Set-Cookie value that gives `value` for `max_age` (0 with an empty value: clears it).
// Secure when the request came over TLS (a proxy in front says so in X-Forwarded-Proto or
// Forwarded: a client that lies makes only its own cookie stricter). `base`: a hosted
// municipality's path prefix ("/m/{id}"), so that its cookie is sent to its pages alone.
std::string staff_cookie_header(const Request& request, std::string_view base,
                                std::string_view value, std::chrono::seconds max_age);

// Whether a browser's request comes from a page of this site: its Origin names the Host (or the
// proxy's X-Forwarded-Host); a request without Origin is not a browser's cross-site one.
bool from_own_origin(const Request& request);

// Sent (as "1") by a page refreshing what it shows, not by the staff member's own action.
inline constexpr std::string_view kBackgroundHeader = "X-Loket-Background";

// The live session of cookie value `id`; a refusal (503) when the database cannot say.
// `active`: the staff member's own call (it keeps the session from going idle); a page's
// polling says X-Loket-Background: 1 and does not.
asio::awaitable<Refusable<std::optional<db::StaffSession>>> find_session(AdminState& state,
                                                                         std::string id,
                                                                         bool active = true);

// The roles a role stands for: admin has every one.
std::vector<std::string> roles_of(std::string_view role);

}  // namespace loket::server

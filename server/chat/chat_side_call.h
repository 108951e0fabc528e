// Internal to server/chat: what the chat's small side endpoints (a thumb on an answer, stopping a
// topic) share: JSON replies any page may read, and the preflight and per-address pace that come
// before their body is read. Stateless; safe from any thread.
#pragma once

#include <optional>
#include <string>

#include "server/chat/chat.h"
#include "server/common/json_text.h"

namespace loket::server {

inline Response chat_json_reply(const Request& request, http::status status, std::string body) {
  Response res = make_response(status, request, "application/json", std::move(body));
  allow_any_origin(res);
  return res;
}

// The preflight's answer, or 429 for an address over its pace (the chat's); none: go on.
inline std::optional<Response> before_chat_side_call(const Request& request,
                                                     const RequestContext& context,
                                                     ChatState& state) {
  if (request.method() == http::verb::options)
    return cors_preflight(request, context.route.methods);
  if (state.client_pace.reserve(address_block(context.client),
                                connectors::RateLimiter::Clock::now(),
                                false) > connectors::RateLimiter::Clock::duration::zero())
    return chat_json_reply(request, http::status::too_many_requests,
                           write_error("too many requests from this address; try again later"));
  return std::nullopt;
}

}  // namespace loket::server

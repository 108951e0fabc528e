// Internal to server/: the Beast and Asio names the HTTP layer and the features' handlers share,
// and the responses every handler builds from. Heavy headers live here (and in the precompiled
// header), never in a module's public header. Free functions; safe from any thread.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace loket::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

inline constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
inline constexpr std::string_view kServerName = "loket";

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A response to `request` (its HTTP version and keep-alive) with this body.
Response make_response(http::status status, const Request& request, std::string_view type,
                       std::string body);

// The residents' APIs may be called from the municipality's own site (the embedded widget):
// any origin may read the answer.
void allow_any_origin(Response& res);
// The answer to a browser's CORS preflight (OPTIONS) for an API that allows `methods`.
Response cors_preflight(const Request& request, std::string_view methods);

// A JSON error response: {"error": message}.
Response json_error(http::status status, unsigned version, bool keep_alive,
                    std::string_view message);

// 405 naming the method, with the methods the path takes.
Response method_not_allowed(const Request& request, std::string_view allow);

// The block of addresses one client counts as for per-address limits: the address itself, or
// its /64 for IPv6.
std::string address_block(const std::string& client);

}  // namespace loket::server
